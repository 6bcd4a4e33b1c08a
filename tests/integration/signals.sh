#!/bin/bash
# SIGTERM and SIGINT: stop accepting, answer every call already sent,
# close the database cleanly, exit 0. Logs are in the form journald reads.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1

python3 "$(dirname "$0")/vl.py" "$SOCK" 300 dk.civic.applicants.Show '{"id":1}' \
    --signal "$DAEMON_PID:SIGTERM" >"$T/replies" 2>"$T/vl.err"
wait "$DAEMON_PID"
rc=$?
DAEMON_PID=
expect_eq "after SIGTERM civicd exits 0" "$rc" 0
expect_eq "every call sent before the signal was answered" \
    "$(jq -r .parameters.applicant.name "$T/replies" | grep -c 'Røde Kors Ballerup')" 300
expect_match "the log says it stopped" "$(cat "$LOG")" '<5>stopped'
expect_eq "the socket file is removed" "$(test -e "$SOCK" || echo gone)" gone
expect_eq "the write-ahead log was checkpointed away" "$(test -e "$DB-wal" || echo gone)" gone
expect_eq "the database is intact" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok

: >"$LOG"
start_daemon || exit 1
# A client that connected just before the signal, and sends its call just
# after, is still answered: a restart loses no call.
python3 - "$SOCK" "$DAEMON_PID" >"$T/late" <<'PY'
import os, signal, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(0.2)
os.kill(int(sys.argv[2]), signal.SIGTERM)
time.sleep(0.2)
s.sendall(b'{"method":"dk.civic.core.Whoami"}\0')
data = b''
while not data.endswith(b'\0'):
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.rstrip(b'\0').decode())
PY
wait "$DAEMON_PID"
rc=$?
DAEMON_PID=
expect_eq "a call sent just after SIGTERM is answered" \
    "$(jq -r .parameters.roles[0] "$T/late")" admin
expect_eq "and civicd still exits 0" "$rc" 0

: >"$LOG"
start_daemon || exit 1
# A peer in the middle of a message when the daemon stops is told so.
( printf '{"method":"dk.civic.core.Wh'; sleep 3 ) | socat -t 4 - "UNIX-CONNECT:$SOCK" |
    tr '\0' '\n' >"$T/partial" &
reader=$!
sleep 0.3
kill -INT "$DAEMON_PID"
wait "$DAEMON_PID"
rc=$?
DAEMON_PID=
expect_eq "after SIGINT civicd exits 0" "$rc" 0
wait "$reader"
expect_eq "a half-sent message gets ShuttingDown" "$(jq -r .error "$T/partial")" \
    "dk.civic.core.ShuttingDown"
expect_match "log lines carry journald priorities" "$(head -1 "$LOG")" '^<[0-7]>'
expect_no_match "and never a bare line" "$(cat "$LOG")" '^[^<]'
done_testing
