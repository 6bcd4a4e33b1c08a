#!/bin/bash
# The configuration file: the shipped one is valid and names every
# setting, as civicd.conf(5) does; values come from the defaults, the file
# and the command line, in that order, and --check-config says which; every
# mistake names the file, the line and what is wrong, and stops civicd
# from starting; SIGHUP applies what can change at run time, says what it
# changed, and keeps everything if the file is broken.
. "$(dirname "$0")/lib.sh"

: "${MAN_DIR:?set by meson: the source root}"
SHIPPED=$MAN_DIR/daemon/civicd.conf
MAN5=$MAN_DIR/daemon/civicd.conf.5.scd
CONF=$T/civicd.conf
check() { "$CIVICD" --check-config --config "$@"; }

# --- the shipped file and the documentation ---
expect_status "the shipped civicd.conf is valid" 0 check "$SHIPPED"
keys=$(out | grep -E '^#?[a-z-]+ = ' | sed -E 's/^#?([a-z-]+) = .*/\1/')
n=$(printf '%s\n' "$keys" | wc -l)
expect_eq "--check-config shows every setting ($n)" "$([ "$n" -ge 24 ] && echo yes)" yes
sections=$(out | sed -n 's/^\[\(.*\)\]$/\1/p' | tr '\n' ' ')
expect_eq "in its sections" "$sections" "civicd groups limits retention audit fund meetings "
missing=""
while IFS= read -r k; do
	grep -qE "^#$k =( |$)" "$SHIPPED" || missing="$missing $k (civicd.conf)"
	grep -qF "*$k* = " "$MAN5" || missing="$missing $k (civicd.conf(5))"
done <<<"$keys"
expect_eq "the shipped file and civicd.conf(5) name every one" "$missing" ""
# Each setting is an option too, and civicd --help names it.
"$CIVICD" --help >"$T/help"
opts=$(grep -oE '^\s+(-., )?--[a-z-]+' "$T/help" | grep -oE -- '--[a-z-]+' |
    grep -vE -- '--(config|check-config|restore|reload|version|help)$' | sort)
missing=""
for o in $opts; do
	grep -qF -- "*$o*" "$MAN5" || missing="$missing $o"
done
expect_eq "civicd.conf(5) names the option of every setting" "$missing" ""

# --- where values come from ---
cat >"$CONF" <<'EOF'
# a comment
[limits]
max-per-uid = 8
max-connections = 100

[fund]
budget = 120.000,00
carry-over = yes
EOF
expect_status "a file with some settings" 0 check "$CONF" --max-connections 50
expect_match "says which line a value came from" "$(out)" "# from $CONF, line 3
max-per-uid = 8"
expect_match "the command line wins over the file" "$(out)" "# from the command line \(--max-connections\)
max-connections = 50"
expect_match "an amount the Danish way" "$(out)" "budget = 120.000,00"
expect_match "the rest are defaults" "$(out)" "^idle-timeout = 300$"
# The output is itself a configuration file that gives the same.
out >"$T/again.conf"
expect_status "--check-config's output reads back" 0 check "$T/again.conf"
expect_eq "to the same settings" \
    "$(out | grep -v '^#')" "$(grep -v '^#' "$T/again.conf")"
expect_eq "under systemd the database is in STATE_DIRECTORY" \
    "$(STATE_DIRECTORY=/var/lib/civic check /dev/null | grep '^database')" \
    "database = /var/lib/civic/civic.db"
expect_eq "CIVICD_CONFIG names the file when --config does not" \
    "$(CIVICD_CONFIG="$CONF" "$CIVICD" --check-config | grep '^max-per-uid')" \
    "max-per-uid = 8"

# --- mistakes: FILE:LINE: what is wrong, and exit 1 ---
# mistake DESC TEXT WANT: a file holding TEXT is refused saying WANT.
mistake() {
	printf '%b' "$2" >"$T/bad.conf"
	expect_status "$1 is refused" 1 check "$T/bad.conf"
	expect_eq "$1: the message" "$(err)" "civicd: $T/bad.conf:$3"
}
mistake "an unknown key" '[limits]\nmax-mesage = 100000\n' \
    "2: [limits] has no setting 'max-mesage' (see civicd.conf(5))"
mistake "a key in the wrong section" '[civicd]\n\n[limits]\nregistrants = 3\n' \
    "4: registrants belongs in [retention], not in [limits]"
mistake "an unknown section" '[limts]\nmax-message = 100000\n' \
    "2: [limts] is not a section civicd knows (see civicd.conf(5))"
mistake "a number out of range" '[limits]\nmax-message = 7\n' \
    "2: [limits] max-message: '7' is not a whole number from 1024 to 16777216"
mistake "a word for a number" '[retention]\ninterval = hourly\n' \
    "2: [retention] interval: 'hourly' is not a whole number from 1 to 86400"
mistake "a bad amount" '[fund]\nbudget = lots\n' \
    "2: [fund] budget: 'lots' is not an amount of kroner (write 140.000,00)"
mistake "a bad yes or no" '[fund]\ncarry-over = maybe\n' \
    "2: [fund] carry-over: 'maybe' is neither yes nor no"
mistake "a bad log level" '[civicd]\nlog-level = loud\n' \
    "2: [civicd] log-level: 'loud' is not one of error, warning, notice, info, debug"
mistake "a key set twice" '[limits]\nmax-per-uid = 3\n# again\nmax-per-uid = 4\n' \
    "4: [limits] max-per-uid is set twice (first on line 2)"
mistake "a line that is nothing" '[limits]\nmax-per-uid 3\n' \
    "2: not a setting (key = value), a [section] or a comment"
mistake "an empty database" '[civicd]\ndatabase =\n' \
    "2: [civicd] database: must not be empty"
expect_status "a --config that is not there" 1 check "$T/nope.conf"
expect_eq "is named" "$(err)" "civicd: $T/nope.conf: No such file or directory"
expect_status "a bad option value is a usage error" 2 "$CIVICD" --check-config --max-message 7
expect_eq "saying which" "$(err)" "civicd: --max-message: '7' is not a whole number from 1024 to 16777216"
printf '[limits]\nmax-message = 7\n' >"$T/bad.conf"
expect_status "civicd does not start with a broken file" 1 \
    "$CIVICD" --config "$T/bad.conf" --socket "$SOCK" --database "$DB"
expect_match "and says why" "$(err)" "bad.conf:2: \[limits\] max-message"

# --- the file in use, and SIGHUP ---
cat >"$CONF" <<'EOF'
[civicd]
log-level = info
[limits]
max-per-uid = 3
[fund]
budget = 120.000,00
EOF
start_daemon --config "$CONF" || exit 1
expect_status "the fund's defaults come from the file" 0 "$CIVIC" fund show 2031
expect_match "a new year's budget" "$(out)" "^Budget: +120\.000,00 kr\.$"
cat >"$CONF" <<'EOF'
[civicd]
log-level = debug
state-dir = /somewhere/else
[limits]
max-per-uid = 5
[fund]
budget = 90.000,00
EOF
lines=$(wc -l <"$LOG")
kill -HUP "$DAEMON_PID"
for i in $(seq 1 50); do grep -q 'SIGHUP: read' "$LOG" && break; sleep 0.05; done
hup=$(tail -n +"$((lines + 1))" "$LOG")
expect_match "SIGHUP says what it changed" "$hup" "SIGHUP: \[limits\] max-per-uid: 3 -> 5"
expect_match "the log level too" "$hup" "SIGHUP: \[civicd\] log-level: info -> debug"
expect_match "and what waits for a restart" "$hup" \
    "SIGHUP: \[civicd\] state-dir: \\(unset\\) -> /somewhere/else in the file, but that takes effect only when civicd restarts"
expect_match "and sums it up" "$hup" "3 settings changed, 1 wait for a restart"
expect_status "the new fund default is in effect" 0 "$CIVIC" fund show 2031
expect_match "at once" "$(out)" "^Budget: +90\.000,00 kr\.$"
expect_match "the new log level too" "$(tail -n 3 "$LOG")" "<7>"
# The new limit: four connections for one uid are served now.
held=()
for i in 1 2 3 4; do
	sleep 5 | as "$U_PLAIN" "$G_SOCKET" socat - "UNIX-CONNECT:$SOCK" >/dev/null 2>&1 &
	held+=($!)
done
sleep 0.5
expect_status "and the new limit" 0 as "$U_PLAIN" "$G_SOCKET" "$CIVIC" whoami
pkill -f '^sleep 5$'
wait "${held[@]}" 2>/dev/null

printf '[limits]\nmax-per-uid = lots\n' >"$CONF"
lines=$(wc -l <"$LOG")
kill -HUP "$DAEMON_PID"
for i in $(seq 1 50); do grep -q 'nothing changed' "$LOG" && break; sleep 0.05; done
expect_match "a broken file on SIGHUP is named, and nothing changes" \
    "$(tail -n +"$((lines + 1))" "$LOG")" \
    "<3>SIGHUP: $CONF:2: \[limits\] max-per-uid: 'lots' is not a whole number from 1 to 65536; nothing changed"
expect_status "civicd goes on serving" 0 "$CIVIC" fund show 2031
expect_match "with the settings it had" "$(out)" "^Budget: +90\.000,00 kr\.$"
stop_daemon
done_testing
