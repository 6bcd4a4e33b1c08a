#!/bin/bash
# Group commit: the write calls that arrive together share one commit,
# and still no reply says done before what it did is committed. Calls
# pipelined on one connection arrive in one read, so they are one group:
# the log says how many calls each commit made durable.
. "$(dirname "$0")/lib.sh"

if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP a commit that fails needs a test build (meson setup -Dtest-clock=true)"
	exit 0
fi
# A test build fails one commit, as a full disk would, when this file is
# there (daemon/store.c); it removes the file.
export CIVIC_TEST_FAIL_COMMIT=$T/fail-commit

start_daemon --demo --log-level debug || exit 1

add() { printf '{"method":"dk.civic.applicants.Add","parameters":{"kind":"association","name":"%s"}}' "$1"; }
names() { sqlite3 "$DB" "SELECT group_concat(name, ',') FROM (SELECT name FROM applicant WHERE name LIKE '$1%' ORDER BY id)"; }
commits() { grep -Eo 'committed [0-9]+ calls in one transaction' "$LOG"; }

frames=()
for i in 1 2 3 4 5 6 7 8 9 10; do frames+=("$(add "Gruppe $i")"); done
frames+=("$(add "")" '{"method":"dk.civic.applicants.List"}' "$(add "Gruppe 11")")
raw "${frames[@]}" >"$T/replies"
expect_eq "thirteen calls on one connection get thirteen replies" "$(wc -l <"$T/replies")" 13
expect_eq "in order: ten added, one refused, the list, one added" \
    "$(jq -r 'if .error then "refused" elif .parameters.applicants then "list"
              else .parameters.applicant.name end' "$T/replies" | paste -sd,)" \
    "Gruppe 1,Gruppe 2,Gruppe 3,Gruppe 4,Gruppe 5,Gruppe 6,Gruppe 7,Gruppe 8,Gruppe 9,Gruppe 10,refused,list,Gruppe 11"
expect_eq "the eleven writes before the list shared one commit" \
    "$(commits | tail -2 | head -1)" "committed 11 calls in one transaction"
expect_eq "the write after it committed alone" \
    "$(commits | tail -1)" "committed 1 calls in one transaction"
expect_eq "the list, a read, saw the ten the group had committed" \
    "$(sed -n 12p "$T/replies" | jq '[.parameters.applicants[].name | select(startswith("Gruppe"))] | length')" 10
expect_eq "all eleven are stored; the refused one changed nothing" \
    "$(names Gruppe | tr ',' '\n' | wc -l)" 11

# Calls from many connections at once: every one acknowledged is there.
M=$("$CIVIC" --json meeting create --title "Samlet" --start "1.6.2040 17:00" \
    --end 19:00 --capacity 500 --party-max 1 | jq .meeting.id)
"$CIVIC" meeting schedule "$M" >/dev/null
pids=()
for k in $(seq 1 20); do
	raw_as "$U_COORD" "$G_SOCKET,$G_COORD" \
	    "{\"method\":\"dk.civic.meetings.Register\",\"parameters\":{\"meeting\":$M,\"name\":\"Deltager $k\",\"email\":\"d$k@example.org\"}}" \
	    >"$T/reg.$k" &
	pids+=($!)
done
wait "${pids[@]}"
expect_eq "twenty connections registering at once: twenty acknowledged" \
    "$(cat "$T"/reg.* | jq -r 'select(.parameters.registration) | 1' | wc -l)" 20
expect_eq "and twenty stored" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM registration WHERE meeting_id = $M")" 20

# A commit that fails: every call in it is answered that civicd failed,
# and none of them is kept. A read in the same pipeline still answers.
before=$(dbsum)
touch "$CIVIC_TEST_FAIL_COMMIT"
raw "$(add "Tabt 1")" "$(add "Tabt 2")" "$(add "")" '{"method":"dk.civic.core.Whoami"}' >"$T/replies"
expect_eq "the three calls in the failed commit each hear InternalError" \
    "$(head -3 "$T/replies" | jq -r .error | paste -sd,)" \
    "dk.civic.core.InternalError,dk.civic.core.InternalError,dk.civic.core.InternalError"
expect_eq "the read after them is answered" "$(sed -n 4p "$T/replies" | jq -r .parameters.user)" root
expect_eq "nothing of the failed group is stored" "$(dbsum)" "$before"
expect_match "the log says what was lost" "$(cat "$LOG")" \
    "a commit failed: the 3 calls in it are answered that civicd failed"
expect_status "the next write commits" 0 "$CIVIC" applicant add "Efter fejlen"
expect_eq "and is stored" "$(names Efter)" "Efter fejlen"

# A protocol error after a write: the write's reply comes first, then
# the error; the write is kept.
printf '%s\0%s\0' "$(add "Før fejlen")" 'not json' |
    socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n' >"$T/replies"
expect_eq "a write's reply, then the protocol error, in that order" \
    "$(jq -r '.error // .parameters.applicant.name' "$T/replies" | paste -sd,)" \
    "Før fejlen,dk.civic.core.ProtocolError"
expect_eq "the write is kept" "$(names Før)" "Før fejlen"

# A caller that hangs up before its reply: what it asked is still done,
# and civicd goes on.
printf '%s\0' "$(add "Lagt på")" | socat -u - "UNIX-CONNECT:$SOCK"
for i in $(seq 1 50); do [ -n "$(names Lagt)" ] && break; sleep 0.05; done
expect_eq "a caller gone before the commit: its write is still kept" "$(names Lagt)" "Lagt på"
expect_status "civicd still serves" 0 "$CIVIC" status

# What a reply called done survives kill -9 straight after it.
"$CIVIC" applicant add "Før kill" >/dev/null
kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
expect_eq "acknowledged, then killed: kept" "$(names "Før kill")" "Før kill"
expect_tally "the running figures add up"
done_testing
