#!/bin/bash
# civic as a Unix tool: exit statuses, usage and help, --json, errors on
# stderr, and the socket it tries named when it cannot reach one.
. "$(dirname "$0")/lib.sh"

expect_status "no daemon: exit 3" 3 "$CIVIC" status
expect_match "naming the socket tried" "$(err)" "cannot reach civicd at $SOCK: No such file or directory"
expect_status "-s overrides CIVIC_SOCKET" 3 "$CIVIC" -s "$T/elsewhere.sock" status
expect_match "and is the one named" "$(err)" "at $T/elsewhere.sock"
expect_status "CIVIC_SOCKET unset falls back to the default socket" 3 \
    env -u CIVIC_SOCKET "$CIVIC" status
expect_match "which is named" "$(err)" "at /run/civic/civicd.sock|at .*civicd.sock"

start_daemon --demo || exit 1

expect_status "no command: usage, exit 2" 2 "$CIVIC"
expect_match "the usage lists commands" "$(err)" "usage: civic \[-s SOCKET\] \[--json\] \[--full\] \[-o FORMAT\] COMMAND"
expect_status "an unknown command: exit 2" 2 "$CIVIC" frobnicate
expect_match "and says so" "$(err)" "no command 'frobnicate'"
expect_status "a group without its subcommand: exit 2" 2 "$CIVIC" applicant
expect_match "lists the subcommands" "$(err)" "^  applicant rotate +revoke an applicant's tokens"
expect_status "a missing argument: exit 2" 2 "$CIVIC" applicant show
expect_match "prints that command's usage" "$(err)" "usage: civic applicant show ID"
expect_status "a bad ID: exit 2" 2 "$CIVIC" applicant show 1x
expect_status "an unknown option: exit 2" 2 "$CIVIC" applicant list --bogus
expect_match "names it" "$(err)" "unknown option --bogus"
expect_status "an option without its value: exit 2" 2 "$CIVIC" applicant add --email
expect_status "help: exit 0" 0 "$CIVIC" help
expect_status "--help: exit 0" 0 "$CIVIC" --help
expect_status "help for one command" 0 "$CIVIC" help applicant add
expect_match "shows its usage" "$(out)" "^usage: civic applicant add"
expect_status "COMMAND --help works too" 0 "$CIVIC" applicant rotate --help
expect_eq "the same usage line as help COMMAND" "$(out | head -1)" \
    "$("$CIVIC" help applicant rotate | head -1)"

expect_status "--json anywhere on the line" 0 "$CIVIC" applicant show 1 --json
expect_eq "gives the reply as JSON" "$(out | jq -r .applicant.name)" "Røde Kors Ballerup"
expect_status "human output by default" 0 "$CIVIC" applicant show 1
expect_match "labelled" "$(out)" "^Applicant: +1"
expect_status "a refusal: exit 1" 1 "$CIVIC" applicant show 42
expect_eq "nothing on stdout" "$(out)" ""
expect_match "a sentence on stderr" "$(err)" "^civic: there is no applicant 42$"
expect_match "and the error's name" "$(err)" "^ +\(dk\.civic\.core\.NotFound\)$"
expect_status "a refusal with --json" 1 "$CIVIC" --json applicant show 42
expect_eq "also prints the error as JSON" "$(out | jq -r .error)" "dk.civic.core.NotFound"
expect_status "invalid parameters are explained by field" 1 \
    "$CIVIC" applicant add --cvr 12345678 "Forening"
expect_match "field and reason" "$(err)" "^civic: --cvr is not a valid CVR number"
expect_status "invalid UTF-8 never leaves the client" 2 \
    "$CIVIC" applicant add "$(printf 'Bad\xff')"

expect_status "status" 0 "$CIVIC" status
expect_match "shows the version" "$(out)" "^Daemon: +civicd [0-9]+\.[0-9]+\.[0-9]+$"
expect_match "the schema" "$(out)" "^Schema version: +$SCHEMA_LATEST$"
expect_match "and the uptime" "$(out)" "^Up: +[0-9]+ s \(since [0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}\)$"
expect_status "call --more streams replies" 0 \
    "$CIVIC" call --more dk.civic.applicants.List
expect_eq "one JSON object per reply" "$(out | jq -s 'length')" 1
expect_status "call --oneway" 0 "$CIVIC" call --oneway dk.civic.applicants.Add \
    '{"kind":"citizen","name":"Via Oneway","email":"v@example.org"}'
expect_status "the oneway call was done" 0 "$CIVIC" applicant show 4
expect_status "call with bad JSON: exit 2" 2 "$CIVIC" call dk.civic.core.Whoami '{'
stop_daemon
done_testing
