#!/bin/bash
# A required text of blank space only is empty, whatever field it is (one
# validator, jfield_string, for all of them; test-jfield.c proves its
# rules): a rejection's reason, a committee reference, a payment voucher,
# a meeting title. Each is refused, saying which, and changes nothing;
# the blank space around a real text is not kept.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1
blank() { # DESC OPTION -- COMMAND...
	local desc=$1 opt=$2 before
	shift 3
	before=$(dbsum)
	expect_status "$desc of spaces only is refused" 1 "$CIVIC" "$@"
	expect_match "saying $opt must not be empty" "$(err)" "^civic: $opt must not be empty$"
	expect_eq "and nothing changed" "$(dbsum)" "$before"
}
nbsp=$'\u00a0\u2003 '
blank "a rejection's reason" --reason -- grant reject --reason "   " 3
blank "a committee reference" --committee -- grant approve --amount 1.000 --committee "$nbsp" 3
blank "a payment voucher" --reference -- grant pay --amount 1.000 --reference $'  \t' 2
blank "a meeting title" --title -- meeting create --title " " --capacity 10

expect_status "a voucher with blank space around it" 0 "$CIVIC" --json grant pay \
    --amount 1.000 --reference "  Bilag 2026-102  " 2
expect_eq "is kept without it" "$(out | jq -r '.application.payments[-1].reference')" "Bilag 2026-102"
expect_status "a meeting title too" 0 "$CIVIC" --json meeting create --title "  Møde om foreninger " --capacity 10
expect_eq "is stored trimmed" "$(out | jq -r .meeting.title)" "Møde om foreninger"
stop_daemon
done_testing
