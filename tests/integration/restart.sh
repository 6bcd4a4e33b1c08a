#!/bin/bash
# Restarting civicd under socket activation loses no call: while clients
# keep calling, the daemon is restarted twice (as systemctl restart would:
# activate.py holds the socket, like civicd.socket). Every call is
# answered, every change is committed exactly once, and each civicd stops
# cleanly.
. "$(dirname "$0")/lib.sh"

python3 "$(dirname "$0")/activate.py" "$SOCK" "$CIVICD" --database "$DB" \
    --admin-group "$G_ADMIN" --coord-group "$G_COORD" >"$T/activate.out" \
    2>>"$LOG" &
HARNESS=$!
for i in $(seq 1 100); do
	"$CIVIC" status >/dev/null 2>&1 && break
	sleep 0.05
done
expect_status "civicd answers on the socket it was given" 0 "$CIVIC" status

# servers N: waits until N civicds have said they serve.
servers() {
	local i
	for i in $(seq 1 200); do
		[ "$(grep -c 'serving the socket from systemd' "$LOG")" -ge "$1" ] &&
			return 0
		sleep 0.05
	done
	return 1
}

# Four clients, each adding applicants one call at a time until told to
# stop; each call's outcome is written down.
CLIENTS=4
pids=()
for k in $(seq 1 $CLIENTS); do
	(
		i=0
		while [ ! -e "$T/stop" ]; do
			i=$((i + 1))
			if "$CIVIC" applicant add "Forening $k-$i" >/dev/null 			    2>>"$T/errors"; then
				echo "$k-$i" >>"$T/done"
			else
				echo "$k-$i" >>"$T/lost"
			fi
		done
	) &
	pids+=($!)
done
# called N: waits (up to 30 s, never a pass on time) until at least N
# calls are done, so that every civicd is called, however slow the build.
called() {
	local i
	for i in $(seq 1 600); do
		[ "$(cat "$T/done" 2>/dev/null | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
phases=""
called 5 && phases="${phases}before "
kill -USR1 "$HARNESS"
servers 2 || diag "the second civicd did not start"
called $(($(wc -l <"$T/done") + 5)) && phases="${phases}between "
kill -USR1 "$HARNESS"
servers 3 || diag "the third civicd did not start"
called $(($(wc -l <"$T/done") + 5)) && phases="${phases}after"
touch "$T/stop"
wait "${pids[@]}"
calls=$(wc -l <"$T/done")

expect_eq "every stopped civicd exited 0" "$(cat "$T/activate.out")" "exit 0
exit 0"
expect_eq "three civicds served, one after the other" \
    "$(grep -c 'serving the socket from systemd' "$LOG")" 3
expect_eq "the clients called before, between and after the restarts" \
    "$phases" "before between after"
expect_eq "no call failed" "$(cat "$T/lost" 2>/dev/null; cat "$T/errors" 2>/dev/null)" ""
expect_eq "every change was committed" \
    "$(sqlite3 "$DB" "SELECT count(*), count(DISTINCT name) FROM applicant")" \
    "$calls|$calls"
expect_eq "and is in the audit trail once" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM audit_entry WHERE action = 'applicant.add'")" \
    "$calls"
expect_status "the trail verifies across the restarts" 0 "$CIVIC" audit verify

kill -TERM "$HARNESS"
wait "$HARNESS"
expect_eq "the last civicd stops cleanly too" "$?" 0
done_testing
