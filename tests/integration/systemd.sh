#!/bin/bash
# civicd under systemd's protocols, without systemd itself: a socket passed
# by socket activation (systemd-socket-activate plays systemd's part), and
# the READY/STOPPING notifications on NOTIFY_SOCKET.
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
done_testing
