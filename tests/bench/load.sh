#!/bin/bash
# Benchmarks, for `make bench`: civicd under load, against references
# driven by the same client in the same run (tests/bench/load.c), so that
# the figures are ratios a noisy, shared machine can still compare. Each
# figure is the median of BENCH_RUNS runs (3) of BENCH_SECONDS (3) with
# the spread (min-max) beside it. Reports; asserts nothing about speed.
#
#   echo            an AF_UNIX echo server answering the same frame: the
#                   transport's ceiling
#   redis GET       redis-server on a Unix socket, if installed
#   Meetings.Show   50 connections
#   Fund.ShowYear   50 connections
#   Register, N     durable registrations from N connections at once; with
#                   100, group commit lets them share fsyncs
#   SQLite, R/txn   SQLite's own commit loop (WAL, synchronous FULL) on the
#                   same disk, R rows a transaction
#   memory          civicd's RSS idle, and per idle connection with 1,000
. "$(dirname "$0")/../integration/lib.sh"
: "${BENCH_LOAD:?set by meson}" "${BENCH_ECHO:?set by meson}"

RUNS=${BENCH_RUNS:-3}
SECS=${BENCH_SECONDS:-3}
CONNS=50

# cpu_ticks PID: user + system clock ticks the process has used.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# measure NAME PID SOCKET CONNS MODE REQUEST: RUNS runs; prints the line
# and sets RATE (median calls per second) and CPU (µs per call).
measure() {
	local name=$1 pid=$2 sock=$3 conns=$4 mode=$5 req=$6 i c0 line
	: >"$T/runs"
	for i in $(seq 1 "$RUNS"); do
		c0=$(cpu_ticks "$pid")
		line=$("$BENCH_LOAD" "$sock" "$conns" "$SECS" "$mode" "$req") || {
			not_ok "$name: the load client failed"; return 1; }
		echo "$line $(( $(cpu_ticks "$pid") - c0 ))" >>"$T/runs"
	done
	# calls N seconds S rate R p50_us P p99_us Q failed F ticks
	sort -n -k6 "$T/runs" | awk -v name="$name" -v runs="$RUNS" -v hz="$(getconf CLK_TCK)" '
	    { rate[NR] = $6; line[NR] = $0; fail += $12 }
	    END {
		m = int((runs + 1) / 2); split(line[m], f, " ")
		cpu = f[13] * 1e6 / hz / f[2]
		printf "# %-20s %9.0f/s (%.0f-%.0f)  p50 %6.2f ms  p99 %6.2f ms  %6.1f us CPU/call  %d failed\n",
		    name, rate[m], rate[1], rate[runs], f[8] / 1000, f[10] / 1000, cpu, fail
		printf "%s %.1f %d\n", rate[m], cpu, fail > "/dev/stderr"
	    }' 2>"$T/median"
	read -r RATE CPU FAILED <"$T/median"
	expect_eq "$name: no call failed" "$FAILED" 0
}

ratio() { # WHAT A B: prints A/B
	awk -v w="$1" -v a="$2" -v b="$3" 'BEGIN { printf "# %-20s %.2fx\n", w, (b > 0 ? a / b : 0) }'
}

# The transport's ceiling.
"$BENCH_ECHO" "$T/echo.sock" &
echo_pid=$!
for i in $(seq 1 50); do [ -S "$T/echo.sock" ] && break; sleep 0.05; done
measure "echo" "$echo_pid" "$T/echo.sock" "$CONNS" nul '{"method":"dk.civic.meetings.Show","parameters":{"id":1}}'
echo_rate=$RATE
kill "$echo_pid"

redis_rate=
if command -v redis-server >/dev/null; then
	redis-server --unixsocket "$T/redis.sock" --port 0 --save '' --appendonly no \
	    --daemonize no >"$T/redis.log" 2>&1 &
	redis_pid=$!
	for i in $(seq 1 50); do [ -S "$T/redis.sock" ] && break; sleep 0.05; done
	printf 'SET meeting:1 "Mange ældre – mange kulturer"\r\n' |
	    socat -t 1 - "UNIX-CONNECT:$T/redis.sock" >/dev/null
	measure "redis GET" "$redis_pid" "$T/redis.sock" "$CONNS" resp $'GET meeting:1\r\n'
	redis_rate=$RATE redis_cpu=$CPU
	kill "$redis_pid"
else
	echo "# redis GET            not measured: no redis-server here (make bench installs it)"
fi

start_daemon --demo --max-per-uid 2000 --max-connections 2000 || exit 1
rss_idle=$(rss_kb "$DAEMON_PID")
measure "Meetings.Show" "$DAEMON_PID" "$SOCK" "$CONNS" nul '{"method":"dk.civic.meetings.Show","parameters":{"id":1}}'
show_rate=$RATE show_cpu=$CPU
measure "Fund.ShowYear" "$DAEMON_PID" "$SOCK" "$CONNS" nul '{"method":"dk.civic.fund.ShowYear","parameters":{"year":2026}}'
year_rate=$RATE

M=$("$CIVIC" --json meeting create --title Belastning --start "1.6.2040 17:00" \
    --end 19:00 --capacity 100000 --party-max 1 | jq .meeting.id)
"$CIVIC" meeting schedule "$M" >/dev/null
reg='{"method":"dk.civic.meetings.Register","parameters":{"meeting":'$M',"name":"Deltager %d","email":"d%d@example.org"}}'
measure "Register, 1 conn" "$DAEMON_PID" "$SOCK" 1 nul "${reg//%d/a%d}"
reg1_rate=$RATE
measure "Register, 100 conns" "$DAEMON_PID" "$SOCK" 100 nul "${reg//%d/b%d}"
reg100_rate=$RATE reg100_cpu=$CPU

# Memory: 1,000 connections that have each made one call, then wait.
/usr/bin/python3 - "$SOCK" 1000 "$T/held" <<'PY' &
import os, socket, sys, time
conns = []
for i in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(b'{"method":"dk.civic.core.Whoami"}\0')
    conns.append(s)
for s in conns:
    while not s.recv(4096).endswith(b"\0"):
        pass
open(sys.argv[3], "w").close()
time.sleep(30)
PY
held_pid=$!
for i in $(seq 1 300); do [ -e "$T/held" ] && break; sleep 0.1; done
sleep 0.5
rss_conns=$(rss_kb "$DAEMON_PID")
kill "$held_pid"; wait "$held_pid" 2>/dev/null
stop_daemon

# SQLite's own commit loop on the same disk.
sqlite_loop() { # TXNS ROWS: prints rows per second
	local db=$T/ref.db t
	rm -f "$db"*
	sqlite3 "$db" "PRAGMA journal_mode = WAL; CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT, email TEXT)" >/dev/null
	awk -v n="$1" -v r="$2" 'BEGIN {
	    print "PRAGMA synchronous = FULL;"
	    for (i = 0; i < n; i++) { print "BEGIN;"
		for (j = 0; j < r; j++) printf "INSERT INTO r (name, email) VALUES (%cDeltager %d%c, %cd%d@example.org%c);\n", 39, i * r + j, 39, 39, i * r + j, 39
		print "COMMIT;" } }' >"$T/ref.sql"
	t=$(date +%s%N)
	sqlite3 "$db" <"$T/ref.sql"
	awk -v rows="$(($1 * $2))" -v ns="$(($(date +%s%N) - t))" 'BEGIN { printf "%.0f", rows * 1e9 / ns }'
}
sq1=$(sqlite_loop 1000 1)
sq64=$(sqlite_loop 200 64)
echo "# SQLite, 1 row/txn    $sq1 rows/s"
echo "# SQLite, 64 rows/txn  $sq64 rows/s"

echo "# ratios"
ratio "Show / echo" "$show_rate" "$echo_rate"
if [ -n "$redis_rate" ]; then
	ratio "Show / redis GET" "$show_rate" "$redis_rate"
	ratio "Show CPU / redis" "$show_cpu" "$redis_cpu"
fi
ratio "ShowYear / Show" "$year_rate" "$show_rate"
ratio "Register 100 / 1" "$reg100_rate" "$reg1_rate"
ratio "Register 100 / SQLite 1 row/txn" "$reg100_rate" "$sq1"
echo "# memory               idle ${rss_idle} kB; with 1,000 connections ${rss_conns} kB:" \
    "$(( (rss_conns - rss_idle) * 1024 / 1000 )) bytes per connection"
ok "load measured"
done_testing
