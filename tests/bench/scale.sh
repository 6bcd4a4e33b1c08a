#!/bin/bash
# Benchmarks, for `make bench`: whether civicd's costs stay flat as the
# data grows. tests/bench/gen makes a municipality's tenth year through
# SQL (10 fund years of 10,000 applications, 200 meetings of 5,000
# registrations, 2,000,000 audit entries that verify) and a tenth of it;
# each figure is measured on both, and the last column is full / tenth
# (1.00x is flat). Reports; asserts nothing about speed.
#
#   start-up       civicd started until it answers
#   background     until it has verified the whole trail, between calls;
#   verify         the rest is measured after that
#   Register       durable registrations, one connection, a fresh meeting
#   Meetings.Show  50 connections, a meeting of 5,000
#   Fund.ShowYear  50 connections
#   approve        200 grant decisions, pipelined
#   list (year)    `civic application list`: this fund year's
#   door list      a meeting of 5,000 in pages, again and again, and
#                  another connection's p99 meanwhile
#   audit verify   the whole trail (it grows tenfold; the figure is per
#                  entry), and another connection's p99 while it runs
#   RSS            civicd's, after all that
. "$(dirname "$0")/../integration/lib.sh"
: "${BENCH_LOAD:?set by meson}" "${BENCH_GEN:?set by meson}"
SECS=${BENCH_SECONDS:-3}

now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
rate() { awk '{ for (i = 1; i < NF; i++) if ($i == "rate") print $(i + 1) }'; }
p99_ms() { awk '{ for (i = 1; i < NF; i++) if ($i == "p99_us") printf "%.2f", $(i + 1) / 1000 }'; }

# measure SCALE: every figure on a database of 1/SCALE, into $T/fig.SCALE
measure() {
	local scale=$1 f=$T/fig.$1 t m ids i
	rm -f "$DB" "$DB"-wal "$DB"-shm "$T/audit.key" "$T/ticket.key"
	t=$(now_ns)
	"$BENCH_GEN" "$DB" "$scale" >"$T/gen" 2>/dev/null || { not_ok "gen $scale"; return 1; }
	echo "# 1/$scale: $(cat "$T/gen"), made in $(ms_since "$t") ms, $(($(stat -c %s "$DB") / 1048576)) MB"
	: >"$f"
	t=$(now_ns)
	: >"$LOG"
	START_POLL=0.005 start_daemon --log-level debug || return 1
	echo "start-up $(ms_since "$t") ms" >>"$f"
	# The rest is measured once the whole trail is verified (in the
	# background, in paced slices): steady state, not start-up.
	for i in $(seq 1 6000); do
		grep -q "verified in the background" "$LOG" && break
		sleep 0.1
	done
	echo "background verify $(ms_since "$t") ms" >>"$f"
	m=$("$CIVIC" --json meeting create --title Frisk --start "1.6.2040 17:00" \
	    --end 19:00 --capacity 100000 --party-max 1 | jq .meeting.id)
	"$CIVIC" meeting schedule "$m" >/dev/null
	echo "Register $("$BENCH_LOAD" "$SOCK" 1 "$SECS" nul \
	    '{"method":"dk.civic.meetings.Register","parameters":{"meeting":'"$m"',"name":"D %d","email":"d%d@example.org"}}' | rate) /s" >>"$f"
	echo "Meetings.Show $("$BENCH_LOAD" "$SOCK" 50 "$SECS" nul \
	    '{"method":"dk.civic.meetings.Show","parameters":{"id":1}}' | rate) /s" >>"$f"
	echo "Fund.ShowYear $("$BENCH_LOAD" "$SOCK" 50 "$SECS" nul \
	    '{"method":"dk.civic.fund.ShowYear","parameters":{"year":2026}}' | rate) /s" >>"$f"
	ids=$(sqlite3 "$DB" "SELECT id FROM application WHERE year = 2026 AND status = 'submitted' ORDER BY id LIMIT 200")
	for i in $ids; do
		printf '{"method":"dk.civic.fund.Approve","parameters":{"id":%d,"amount":"1000","committee_ref":"KFU %d"}}\0' "$i" "$i"
	done >"$T/approve"
	t=$(now_ns)
	ok=$(socat -t 60 - "UNIX-CONNECT:$SOCK" <"$T/approve" | tr '\0' '\n' | grep -c '"application"')
	echo "approve $(awk -v n="$ok" -v ms="$(ms_since "$t")" 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }') /s" >>"$f"
	expect_eq "1/$scale: 200 approvals" "$ok" 200
	t=$(now_ns)
	"$CIVIC" application list >/dev/null
	echo "list (year) $(ms_since "$t") ms" >>"$f"
	# The door list of a meeting of 5,000, in pages, again and again
	# while another connection calls.
	printf '{"method":"dk.civic.meetings.DoorList","parameters":{"meeting":1},"more":true}\0' >"$T/door"
	"$BENCH_LOAD" "$SOCK" 1 "$SECS" nul '{"method":"dk.civic.core.Whoami"}' >"$T/during" &
	t=$(now_ns) i=0
	while kill -0 $! 2>/dev/null; do
		socat -t 60 - "UNIX-CONNECT:$SOCK" <"$T/door" >/dev/null
		i=$((i + 1))
	done
	n=$(sqlite3 "$DB" "SELECT count(*) FROM registration WHERE meeting_id = 1 AND status != 'cancelled'")
	echo "door list $(awk -v ms="$(ms_since "$t")" -v n="$((n * i))" 'BEGIN { printf "%.0f", n * 1000 / ms }') rows/s" >>"$f"
	echo "p99 during door list $(p99_ms <"$T/during") ms" >>"$f"
	"$BENCH_LOAD" "$SOCK" 1 "$SECS" nul '{"method":"dk.civic.core.Whoami"}' >"$T/during" &
	t=$(now_ns)
	"$CIVIC" audit verify >/dev/null || not_ok "1/$scale: the trail verifies"
	local vms=$(ms_since "$t") n
	wait $!
	n=$(sqlite3 "$DB" "SELECT max(seq) FROM audit_entry")
	echo "verify/entry $(awk -v ms="$vms" -v n="$n" 'BEGIN { printf "%.2f", ms * 1000 / n }') us" >>"$f"
	echo "p99 during verify $(p99_ms <"$T/during") ms" >>"$f"
	echo "RSS $(awk '/^VmRSS/ { print $2 }' "/proc/$DAEMON_PID/status") kB" >>"$f"
	stop_daemon
}

measure 10 || exit 1
measure 1 || exit 1
echo "# what                 a tenth        full   full/tenth"
paste -d' ' "$T/fig.10" "$T/fig.1" | awk '{
	n = NF / 2; what = ""; for (i = 1; i <= n - 2; i++) what = what (i > 1 ? " " : "") $i
	a = $(n - 1); b = $(NF - 1); unit = $n
	printf "# %-18s %9s %-3s %9s %-3s %6.2fx\n", what, a, unit, b, unit, (a > 0 ? b / a : 0) }'
ok "sizes measured"
done_testing
