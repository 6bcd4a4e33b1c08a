#!/bin/bash
# civicd under systemd's protocols, without systemd itself: a socket passed
# by socket activation (systemd-socket-activate plays systemd's part), the
# READY/STOPPING/STATUS/RELOADING notifications on NOTIFY_SOCKET, the
# watchdog pinged from the event loop; and the units themselves, checked
# by systemd-analyze: they verify, and the service's exposure is 1.5 or
# less.
. "$(dirname "$0")/lib.sh"

# Socket activation: civicd takes the listening socket it is given and
# neither creates nor removes a socket file of its own.
ASOCK=$T/activated.sock
NOTIFY=$T/notify.sock
socat -u "UNIX-RECV:$NOTIFY" - >"$T/notified" &
notifier=$!
for i in $(seq 1 50); do [ -S "$NOTIFY" ] && break; sleep 0.05; done
# (systemd-socket-activate passes only the variables named with -E.)
systemd-socket-activate -l "$ASOCK" -E NOTIFY_SOCKET="$NOTIFY" \
    "$CIVICD" --database "$DB" --demo 2>>"$LOG" &
DAEMON_PID=$!
for i in $(seq 1 100); do [ -S "$ASOCK" ] && break; sleep 0.05; done
# systemd-socket-activate starts civicd on the first connection.
expect_status "the first call through the activated socket is answered" 0 \
    "$CIVIC" -s "$ASOCK" status
expect_match "civicd says it serves the socket from systemd" "$(cat "$LOG")" \
    'serving the socket from systemd'
expect_eq "it bound no socket of its own" "$(ls "$T" | grep -c '^civicd.sock$')" 0
for i in $(seq 1 50); do grep -q READY=1 "$T/notified" && break; sleep 0.05; done
expect_match "it told systemd it is ready" "$(cat "$T/notified")" 'READY=1'

stop_daemon
for i in $(seq 1 50); do grep -q STOPPING=1 "$T/notified" && break; sleep 0.05; done
expect_match "and that it is stopping" "$(cat "$T/notified")" 'STOPPING=1'
expect_eq "civicd leaves the activated socket to systemd" \
    "$(test -S "$ASOCK" && echo kept || echo removed)" kept
kill "$notifier" 2>/dev/null

# --- the watchdog, status lines and reloading ---
: >"$T/notified"
NOTIFY2=$T/notify2.sock
socat -u "UNIX-RECV:$NOTIFY2" - >"$T/notified2" &
notifier=$!
for i in $(seq 1 50); do [ -S "$NOTIFY2" ] && break; sleep 0.05; done
NOTIFY_SOCKET=$NOTIFY2 WATCHDOG_USEC=200000 start_daemon || exit 1
sleep 1
expect_eq "with WatchdogSec=, civicd pings the watchdog from its loop, twice a period" \
    "$([ "$(grep -o 'WATCHDOG=1' "$T/notified2" | wc -l)" -ge 5 ] && echo yes)" yes
expect_match "and says what it is doing" "$(cat "$T/notified2")" 'STATUS=Serving: [0-9]+ connection'
# The unit's ExecReload: civicd --reload $MAINPID (no kill(1) needed,
# which a minimal Debian lacks without procps).
expect_status "civicd --reload PID, as ExecReload runs it" 0 "$CIVICD" --reload "$DAEMON_PID"
for i in $(seq 1 50); do grep -q 'RELOADING=1' "$T/notified2" && break; sleep 0.05; done
sleep 0.2
expect_match "it makes civicd reload, saying so, then ready again" \
    "$(tr -d '\n' <"$T/notified2")" 'RELOADING=1.*READY=1'
expect_status "it signals nothing but a civicd" 1 "$CIVICD" --reload "$$"
expect_match "and says so" "$(err)" "process $$ is not civicd"
expect_status "a process id that is not one is a usage error" 2 "$CIVICD" --reload 12ab
stop_daemon
kill "$notifier" 2>/dev/null

# --- the units ---
: "${MAN_DIR:?set by meson: the source root}"
mkdir "$T/units"
# As installed, but running the civicd just built.
sed -e "s|@sbindir@|$(dirname "$CIVICD")|" -e "s|@sysconfdir@|/etc|" \
    "$MAN_DIR/systemd/civicd.service.in" >"$T/units/civicd.service"
cp "$MAN_DIR/systemd/civicd.socket" "$T/units/"
cd "$T/units"
expect_status "systemd-analyze verify accepts the units" 0 \
    systemd-analyze verify --man=no ./civicd.socket ./civicd.service
expect_eq "without a word of complaint" "$(cat "$T/out" "$T/err")" ""
expect_status "systemd-analyze security rates the service" 0 \
    systemd-analyze security --offline=true --no-pager ./civicd.service
exposure=$(out | sed -n 's/.*Overall exposure level for civicd.service: \([0-9.]*\).*/\1/p')
expect_eq "at 1.5 or lower (it is $exposure)" \
    "$(awk -v e="$exposure" 'BEGIN { print (e != "" && e <= 1.5) ? "yes" : "no" }')" yes
expect_match "the service notifies" "$(cat civicd.service)" '^Type=notify$'
expect_match "with a watchdog" "$(cat civicd.service)" '^WatchdogSec=[0-9]+s$'
expect_match "and keeps its state in /var/lib/civic" "$(cat civicd.service)" '^StateDirectory=civic$'
expect_match "the socket is the group civic's, mode 0660" "$(cat civicd.socket)" \
    '^SocketGroup=civic$'
expect_match "at /run/civic/civicd.sock" "$(cat civicd.socket)" \
    '^ListenStream=/run/civic/civicd.sock$'

# The check can fail: a unit with a mistake is caught.
sed 's/^ExecStart=/ExecStrat=/' civicd.service >broken.service
expect_status "a broken unit is caught by the same check" 1 \
    systemd-analyze verify --man=no ./broken.service
expect_match "which names the mistake" "$(cat "$T/err")" "ExecStrat"
cd - >/dev/null
done_testing
