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
for i in $(seq 1 200); do grep -q "dk.civic.audit.Verify: ok" "$LOG" && break; sleep 0.01; done
"$CIVIC" whoami >/dev/null
wait "$vpid"
expect_eq "the verification succeeds" "$(cat "$T/verify")" \
    "The audit trail verifies: 3000 entries, 0 signed checkpoints."
started=$(grep -n "dk.civic.audit.Verify: ok" "$LOG" | tail -1 | cut -d: -f1)
whoami=$(grep -n "dk.civic.core.Whoami: ok" "$LOG" | tail -1 | cut -d: -f1)
ended=$(grep -n "audit verify: 3000 entries in" "$LOG" | tail -1 | cut -d: -f1)
expect_match "it took several slices" "$(sed -n "${ended}p" "$LOG")" "in ([2-9]|[1-9][0-9]+) slices"
expect_eq "the call that came meanwhile was answered between them" \
    "$([ "$started" -lt "$whoami" ] && [ "$whoami" -lt "$ended" ] && echo between)" between
stop_daemon

# At start: the entries after the last checkpoint, then the whole trail.
: >"$LOG"
start_daemon --log-level debug || exit 1
"$CIVIC" applicant add "Efter checkpointet" >/dev/null
for i in $(seq 1 100); do grep -q "verified in the background" "$LOG" && break; sleep 0.05; done
expect_match "at start civicd verifies from the last checkpoint on" "$(cat "$LOG")" \
    "<6>the audit trail verifies from its last checkpoint on: 0 entries, 1 checkpoints"
expect_match "and the whole trail after, between calls" "$(cat "$LOG")" \
    "<6>the audit trail verifies \(the whole trail, verified in the background\): 3000 entries, 1 checkpoints"
expect_match "in slices, each a turn of the event loop of its own" "$(cat "$LOG")" \
    "verified the whole audit trail in ([2-9]|[1-9][0-9]+) slices"
stop_daemon
done_testing
