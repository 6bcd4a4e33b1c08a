#!/bin/bash
# A long audit trail holds no one up: civicd verifies at start only what
# came after the last signed checkpoint, and the whole trail after, in
# slices between calls; `civic audit verify` works in slices too, so a
# call that comes meanwhile is answered before it ends. The order is read
# from civicd's debug log, never from a clock.
. "$(dirname "$0")/lib.sh"

start_daemon --log-level debug || exit 1
# A trail of 3,000 entries (one per applicant added), pipelined.
for i in $(seq 1 3000); do
	printf '{"method":"dk.civic.applicants.Add","parameters":{"kind":"association","name":"Forening %d"}}\0' "$i"
done >"$T/adds"
socat -t 30 - "UNIX-CONNECT:$SOCK" <"$T/adds" | tr -cd '\0' | wc -c >"$T/n"
expect_eq "3,000 entries written" "$(sqlite3 "$DB" 'SELECT max(seq) FROM audit_entry')" 3000

# Verify, and while it runs, another call.
"$CIVIC" audit verify >"$T/verify" 2>&1 &
vpid=$!
await_log "dk.civic.audit.Verify: ok"
"$CIVIC" whoami >/dev/null
wait "$vpid"
expect_eq "the verification succeeds" "$(cat "$T/verify")" \
    "The audit trail verifies: 3000 entries, 0 signed checkpoints."
expect_match "it took several slices" "$(grep "audit verify: 3000 entries in" "$LOG" | tail -1)" \
    "in ([2-9]|[1-9][0-9]+) slices"
expect_between "the call that came meanwhile was answered between them" \
    "dk.civic.audit.Verify: ok" "dk.civic.core.Whoami: ok" "audit verify: 3000 entries in"

# Listing it with "more": pages of 100, each read when the caller has
# read the last, over the trail as it was when the call came.
n=$(sqlite3 "$DB" 'SELECT max(seq) FROM audit_entry')
raw '{"method":"dk.civic.audit.List","more":true}' >"$T/pages"
expect_eq "the whole trail comes in pages of 100" \
    "$(jq '.parameters.entries | length' "$T/pages" | sort -n | uniq -c | awk '{ print $2 "x" $1 }' | paste -sd' ')" \
    "$([ $((n % 100)) -gt 0 ] && printf '%dx1 ' $((n % 100)))100x$((n / 100))"
expect_eq "each but the last says more follow" \
    "$(jq -r '.continues // false' "$T/pages" | uniq -c | awk '{ print $2 "x" $1 }' | paste -sd' ')" \
    "truex$((($(wc -l <"$T/pages")) - 1)) falsex1"
expect_eq "in order, every entry once" \
    "$(jq '.parameters.entries[].seq' "$T/pages" | awk 'NR != $1 { bad = 1 } END { print (bad ? "no" : NR) }')" "$n"
raw '{"method":"dk.civic.audit.List","parameters":{"limit":150},"more":true}' >"$T/pages"
expect_eq "--limit: the newest 150, in two pages" \
    "$(jq -c '[.parameters.entries[0].seq, (.parameters.entries | length)]' "$T/pages" | paste -sd' ')" \
    "[$((n - 149)),100] [$((n - 49)),50]"
expect_status "civic audit list --limit reads them so" 0 "$CIVIC" --json audit list --limit 150
expect_eq "all 150" "$(out | jq '.entries | length')" 150
stop_daemon

# At start: the entries after the last checkpoint, then the whole trail.
: >"$LOG"
start_daemon --log-level debug || exit 1
"$CIVIC" applicant add "Efter checkpointet" >/dev/null
await_log "verified in the background"
expect_match "at start civicd verifies from the last checkpoint on" "$(cat "$LOG")" \
    "<6>the audit trail verifies from its last checkpoint on: 0 entries, 1 checkpoints"
expect_match "and the whole trail after, between calls" "$(cat "$LOG")" \
    "<6>the audit trail verifies \(the whole trail, verified in the background\): 3000 entries, 1 checkpoints"
expect_match "in slices, each a turn of the event loop of its own" "$(cat "$LOG")" \
    "verified the whole audit trail in ([2-9]|[1-9][0-9]+) slices"
stop_daemon
done_testing
