# lib.sh - what the integration tests share. Each test is a bash script
# that sources this, starts a private civicd on a socket and database in
# its own temporary directory, drives it with the real civic and with raw
# frames over socat, and reports in TAP.
#
# Users and groups are made up, not created: setpriv runs a command with
# any uid and groups. The daemon gives its socket to group $G_SOCKET and
# takes $G_ADMIN and $G_COORD as the role groups.

set -u

: "${CIVICD:?set by meson: the civicd binary}"
: "${CIVIC:?set by meson: the civic binary}"
: "${SCHEMA_DIR:?set by meson: the schema/ directory}"

G_SOCKET=4000
G_ADMIN=4001
G_COORD=4002
U_PLAIN=1234   # in the socket group only
U_COORD=1235
U_ADMIN=1236
U_OTHER=1237   # not even in the socket group

# The schema version this build migrates to: one per migration file.
SCHEMA_LATEST=$(ls "$SCHEMA_DIR"/[0-9][0-9][0-9]-*.sql | wc -l)

T=$(mktemp -d "${TMPDIR:-/tmp}/civic-it.XXXXXX")
chmod 0711 "$T"
SOCK=$T/civicd.sock
DB=$T/civic.db
LOG=$T/civicd.log
DAEMON_PID=
export CIVIC_SOCKET=$SOCK
# No test reads the machine's /etc/civic/civicd.conf.
export CIVICD_CONFIG=/dev/null
export XDG_CONFIG_HOME=$T/config-root
unset CIVIC_TOKEN

tap_n=0
tap_failed=0

# dbsum: a digest of everything a request could change, to prove that a
# refused one changed nothing. The logs a refusal is meant to leave are
# left out: access_log (who was refused what) and checkin_failure (what
# the door's rate limit counts).
dbsum() {
	sqlite3 "$DB" .dump |
		grep -Ev '^INSERT INTO (access_log|checkin_failure) ' |
		sha256sum | cut -d' ' -f1
}

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# expect_eq DESC ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; diag "expected: $3" "actual:   $2"; fi
}

# expect_match DESC TEXT ERE
expect_match() {
	if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else
		not_ok "$1"; diag "expected to match: $3" "actual:"; diag "$2"; fi
}

# expect_no_match DESC TEXT ERE
expect_no_match() {
	if printf '%s' "$2" | grep -Eq -- "$3"; then
		not_ok "$1"; diag "expected not to match: $3" "actual:"; diag "$2"
	else ok "$1"; fi
}

# expect_status DESC EXPECTED COMMAND... (runs COMMAND, compares status)
expect_status() {
	local desc=$1 want=$2 got
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then ok "$desc"; else
		not_ok "$desc"; diag "exit status $got, expected $want" \
		    "stdout:" "$(cat "$T/out")" "stderr:" "$(cat "$T/err")"; fi
}

# The output of the last expect_status.
out() { cat "$T/out"; }
err() { cat "$T/err"; }

# start_daemon [OPTIONS...]: starts civicd and waits until it answers.
start_daemon() {
	"$CIVICD" --socket "$SOCK" --database "$DB" \
	    --socket-group "$G_SOCKET" --admin-group "$G_ADMIN" \
	    --coord-group "$G_COORD" "$@" 2>>"$LOG" &
	DAEMON_PID=$!
	local i
	# START_POLL: seconds between tries (make bench's start-up figure
	# polls every 5 ms).
	for i in $(seq 1 "$(awk -v p="${START_POLL:-0.05}" 'BEGIN { print int(5 / p) }')"); do
		if [ -S "$SOCK" ] && "$CIVIC" call org.varlink.service.GetInfo \
		    >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			diag "civicd exited during start-up:"; diag "$(cat "$LOG")"
			DAEMON_PID=
			return 1
		fi
		sleep "${START_POLL:-0.05}"
	done
	diag "civicd did not answer within 5 s:"; diag "$(cat "$LOG")"
	return 1
}

# await_log ERE: waits (up to 3 s) until civicd's log has a line that
# matches: a long call has begun, say. False if none came.
await_log() {
	local i
	for i in $(seq 1 300); do
		grep -Eq -- "$1" "$LOG" && return 0
		sleep 0.01
	done
	return 1
}

# expect_between DESC FIRST MIDDLE LAST: the last log lines matching the
# three EREs come in that order (a call answered while another ran). The
# order is civicd's own, never a clock's.
expect_between() {
	local a b c
	a=$(grep -En -- "$2" "$LOG" | tail -1 | cut -d: -f1)
	b=$(grep -En -- "$3" "$LOG" | tail -1 | cut -d: -f1)
	c=$(grep -En -- "$4" "$LOG" | tail -1 | cut -d: -f1)
	expect_eq "$1" \
	    "$([ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] && echo between)" between
}

# expect_tally DESC: every meeting's running figures add up to its
# registrations (tally.sql prints each that does not).
expect_tally() {
	expect_eq "$1" "$(sqlite3 "$DB" <"$(dirname "${BASH_SOURCE[0]}")/tally.sql")" ""
}

# expect_fund_tally DESC: the same for each fund year's (fund-tally.sql).
expect_fund_tally() {
	expect_eq "$1" "$(sqlite3 "$DB" <"$(dirname "${BASH_SOURCE[0]}")/fund-tally.sql")" ""
}

# max_fds N INTERVAL: the most descriptors civicd held in N samples
# INTERVAL seconds apart.
max_fds() {
	local i n max=0
	for i in $(seq 1 "$1"); do
		n=$(ls "/proc/$DAEMON_PID/fd" | wc -l)
		[ "$n" -gt "$max" ] && max=$n
		sleep "$2"
	done
	echo "$max"
}

# stop_daemon: SIGTERM, and a check that civicd exited 0 (under the
# sanitizers that also means no leak and no undefined behaviour).
stop_daemon() {
	local rc=0
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID"
		rc=$?
		DAEMON_PID=
		expect_eq "civicd stops cleanly on SIGTERM (exit 0)" "$rc" 0
	fi
	return $rc
}

# as USER [GROUP,...] COMMAND...: runs COMMAND as uid USER with those
# supplementary groups (gid = uid).
as() {
	local uid=$1 groups=$2
	shift 2
	setpriv --reuid="$uid" --regid="$uid" --groups="$groups" "$@"
}

# raw FRAME...: sends each FRAME (NUL-terminated) on one connection and
# prints the replies one per line.
raw() {
	printf '%s\0' "$@" | socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n'
}

# raw_as USER GROUPS FRAME...: raw, as another user.
raw_as() {
	local uid=$1 groups=$2
	shift 2
	printf '%s\0' "$@" | as "$uid" "$groups" socat -t 5 - \
	    "UNIX-CONNECT:$SOCK" | tr '\0' '\n'
}

cleanup() {
	local pids
	if [ -n "$DAEMON_PID" ]; then
		kill -KILL "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
	fi
	pids=$(jobs -p)
	[ -n "$pids" ] && kill $pids 2>/dev/null
	if [ "$tap_failed" -gt 0 ] && [ -f "$LOG" ]; then
		diag "civicd's log:"; diag "$(cat "$LOG")"
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# done_testing: the plan, and the status meson reads.
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}
