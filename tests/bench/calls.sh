#!/bin/bash
# Benchmarks, for `make bench`: how fast civicd answers, on this machine.
# They report; they assert nothing about speed (tests never do). Each
# line: what was measured, how many, how long, the rate.
#
#   pipelined reads   N Whoami calls on one connection (socat sends and
#                     reads at once)
#   writes            N `civic applicant add`, one process and one
#                     committed transaction (fsync) each
#   registrations     N registrations from 8 clients at once
#   flood             10 s of one uid connecting and being refused, and
#                     another uid's Whoami latency meanwhile
#   backup            `civic admin backup` of the database grown to ~20 MB
. "$(dirname "$0")/../integration/lib.sh"

now_ns() { date +%s%N; }
report() { # WHAT N START_NS
	local ms=$((($(now_ns) - $3) / 1000000))
	[ "$ms" -gt 0 ] || ms=1
	awk -v w="$1" -v n="$2" -v ms="$ms" 'BEGIN {
	    printf "# %-18s %6d in %6d ms: %8.1f per second\n", w, n, ms, n * 1000 / ms }'
}

start_daemon --demo --max-message 1048576 || exit 1

N=50000
python3 -c "import sys; sys.stdout.buffer.write(b'{\"method\":\"dk.civic.core.Whoami\"}\\0' * $N)" >"$T/frames"
t=$(now_ns)
got=$(socat -t 60 - "UNIX-CONNECT:$SOCK" <"$T/frames" | tr -cd '\0' | wc -c)
report "pipelined reads" "$got" "$t"
expect_eq "pipelined reads: every call answered" "$got" "$N"

N=300
t=$(now_ns)
for i in $(seq 1 "$N"); do "$CIVIC" applicant add "Forening $i" >/dev/null; done
report "writes" "$N" "$t"
ok "writes"

M=$("$CIVIC" --json meeting create --title Bench --start "1.6.2040 17:00" \
    --end 19:00 --capacity 100000 --party-max 1 | jq .meeting.id)
"$CIVIC" meeting schedule "$M" >/dev/null
N=400
pids=()
t=$(now_ns)
for k in $(seq 1 8); do
	(
		for i in $(seq 1 $((N / 8))); do
			"$CIVIC" register --name "P $k $i" --email "p$k.$i@example.org" "$M" >/dev/null
		done
	) &
	pids+=($!)
done
wait "${pids[@]}"
report "registrations" "$N" "$t"
ok "registrations"

# A flood from one uid (connections it never uses, and calls its role may
# not make) for 10 s, while another uid's Whoami calls are timed.
stop_daemon
start_daemon || exit 1
flood="$(dirname "$0")/flood.py"
fds0=$(ls "/proc/$DAEMON_PID/fd" | wc -l)
rows0=$(sqlite3 "$DB" "SELECT count(*) FROM access_log")
log0=$(wc -l <"$LOG")
as "$U_PLAIN" "$G_SOCKET" /usr/bin/python3 "$flood" connect "$SOCK" 10 &
f1=$!
as "$U_PLAIN" "$G_SOCKET" /usr/bin/python3 "$flood" refused "$SOCK" 10 &
f2=$!
as "$U_COORD" "$G_SOCKET,$G_COORD" /usr/bin/python3 "$flood" probe "$SOCK" 10 >"$T/probe" &
f3=$!
fds=$(max_fds 90 0.1)
wait "$f1" "$f2" "$f3"
read -r n p50 p99 max failed <"$T/probe"
echo "# flood, another uid  $n calls: p50 $p50 ms, p99 $p99 ms, max $max ms, $failed failed"
echo "# flood's cost        $((fds - fds0)) descriptors at most," \
    "$(($(sqlite3 "$DB" "SELECT count(*) FROM access_log") - rows0)) access-log rows," \
    "$(($(wc -l <"$LOG") - log0)) log lines"
expect_eq "flood: the other uid's calls all succeeded" "$failed" 0
stop_daemon
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80000)
    INSERT INTO access_log (at, uid, user, roles, method, subject_kind, subject_id, outcome)
    SELECT 0, 0, 'root', 'admin', printf('%0200d', i), 'bench', NULL, 'read' FROM n"
start_daemon || exit 1
size=$(($(stat -c %s "$DB") / 1024 / 1024))
t=$(now_ns)
"$CIVIC" admin backup "$T/backup.db" >/dev/null
report "backup (${size} MB)" 1 "$t"
ok "backup"
stop_daemon
done_testing
