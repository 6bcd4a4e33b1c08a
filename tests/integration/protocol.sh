#!/bin/bash
# The wire: framing, pipelining in order, oneway and more, and every way
# a peer can break the protocol: each gets an error where possible and is
# disconnected, and the daemon goes on serving everyone else.
. "$(dirname "$0")/lib.sh"

start_daemon --message-timeout 1 --demo || exit 1

still_serving() {
	expect_status "$1: the daemon still serves others" 0 "$CIVIC" status
}

# closes_within SECS TEXT: sends TEXT (printf %b escapes, so \0 ends a
# message) and keeps the sending side open; true if the daemon closed the
# connection within SECS. Its replies go to $T/closed.
closes_within() {
	# Not socat: when civicd closes a connection it is still writing to,
	# socat dies of EPIPE before it has read civicd's last reply, and the
	# test would depend on which came first.
	/usr/bin/python3 - "$SOCK" "$1" "$2" >"$T/closed" <<'PY'
import socket, sys, time
path, secs, text = sys.argv[1], float(sys.argv[2]), sys.argv[3]
data = text.encode().replace(b"\\0", b"\0")
s = socket.socket(socket.AF_UNIX)
s.connect(path)
try:
    s.sendall(data)
except (BrokenPipeError, ConnectionResetError):
    pass
got, closed, end = b"", False, time.monotonic() + secs
while time.monotonic() < end:
    s.settimeout(max(0.01, end - time.monotonic()))
    try:
        chunk = s.recv(65536)
    except socket.timeout:
        break
    except ConnectionResetError:
        closed = True
        break
    if not chunk:
        closed = True
        break
    got += chunk
sys.stdout.write(got.replace(b"\0", b"\n").decode("utf-8", "replace"))
sys.exit(0 if closed else 1)
PY
}

# The helper's control: a good call leaves the connection open.
if closes_within 1 '{"method":"dk.civic.core.Whoami"}\0'; then
	not_ok "a valid call keeps the connection open"
else ok "a valid call keeps the connection open"; fi

# Invalid JSON
if closes_within 3 '{"method":"dk.civic.core.Whoami",}\0'; then
	ok "invalid JSON: disconnected"; else not_ok "invalid JSON: disconnected"; fi
expect_eq "invalid JSON: a ProtocolError first" \
    "$(jq -r .error "$T/closed")" "dk.civic.core.ProtocolError"
expect_match "invalid JSON: the reason says where, as data" \
    "$(jq -c .parameters "$T/closed")" '^\{"reason":"json","byte":[0-9]+\}$'
still_serving "invalid JSON"

# Not a call
r=$(raw '["dk.civic.core.Whoami"]' '{"method":"dk.civic.core.Whoami"}')
expect_eq "a JSON array is not a call; nothing after it is answered" \
    "$(printf '%s\n' "$r" | jq -r .error | paste -sd,)" "dk.civic.core.ProtocolError"
r=$(raw '{"method":"dk.civic.core.Whoami","parameters":{},"sneaky":1}' \
    '{"method":"dk.civic.core.Whoami"}')
expect_eq "an envelope key civicd does not know is ignored, as varlink lets a newer peer add one" \
    "$(printf '%s\n' "$r" | jq -r '.parameters.uid' | paste -sd,)" "0,0"
r=$(raw '{"method":"org.varlink.service.GetInfo","parameters":null}')
expect_eq "parameters null, as other varlink clients send it, is no parameters" \
    "$(printf '%s' "$r" | jq -r .parameters.vendor)" "civic"
r=$(raw '{"method":"dk.civic.core.Whoami","more":"yes"}')
expect_match "a flag that is not true or false is still refused" "$r" '"reason":"flag_type"'
r=$(raw '{"method":"dk.civic.core.Whoami","more":true,"oneway":true}')
expect_match "oneway and more together are refused" "$r" '"reason":"oneway_and_more"'

# Too large
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
if closes_within 3 "{\"method\":\"dk.civic.core.Whoami\",\"parameters\":{\"pad\":\"$big\"}}"; then
	ok "70000-byte message: disconnected before it ends"
else not_ok "70000-byte message: disconnected before it ends"; fi
expect_eq "70000-byte message: says the limit" \
    "$(jq -c .parameters "$T/closed")" '{"reason":"too_large","limit":65536}'
still_serving "oversized message"
fit=$(head -c 65000 /dev/zero | tr '\0' 'x')
r=$(raw "{\"method\":\"dk.civic.core.Whoami\",\"parameters\":{\"pad\":\"$fit\"}}")
expect_eq "a 65 kB message under the cap is read and answered" \
    "$(printf '%s' "$r" | jq -r .parameters.parameter)" "pad"

# Unfinished past the deadline (1 s here)
if closes_within 4 '{"method":"dk.civic.core.Wh'; then
	ok "unfinished message: disconnected"; else not_ok "unfinished message: disconnected"; fi
expect_eq "unfinished message: says the deadline" \
    "$(jq -c .parameters "$T/closed")" '{"reason":"too_slow","seconds":1}'
still_serving "unfinished message"

# A message trickled within the deadline is fine.
r=$( (for c in $(printf '{"method":"dk.civic.core.Whoami"}' | fold -w4); do
	printf '%s' "$c"; sleep 0.02; done; printf '\0') |
    socat -t 3 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n')
expect_eq "a message trickled in pieces is answered" \
    "$(printf '%s' "$r" | jq -r .parameters.roles[0])" "admin"

# Closed half-way
r=$(printf '{"method":"dk.civic.Co' | socat -t 3 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n')
expect_eq "a message cut off by the peer's EOF gets an error" \
    "$(printf '%s' "$r" | jq -r .parameters.reason)" "cut_off"

# Pipelining: many calls, one write, answered in order.
frames=()
for i in 1 2 3 1 2 3 9 1; do
	frames+=("{\"method\":\"dk.civic.applicants.Show\",\"parameters\":{\"id\":$i}}")
done
r=$(raw "${frames[@]}")
expect_eq "pipelined calls are answered in order" \
    "$(printf '%s\n' "$r" | jq -r '.parameters.applicant.id // .parameters.id' | paste -sd' ')" \
    "1 2 3 1 2 3 9 1"
python3 "$(dirname "$0")/vl.py" "$SOCK" 500 dk.civic.applicants.Show '{"id":{n}}' \
    >"$T/p500" 2>/dev/null
expect_eq "500 pipelined calls: 500 replies" "$(wc -l <"$T/p500")" 500
expect_eq "500 pipelined calls: the first three found, the rest not, in order" \
    "$(jq -r '.parameters.applicant.id // .parameters.id' "$T/p500" | head -5 | paste -sd' ')" \
    "1 2 3 4 5"

# oneway: no reply, but done.
r=$(raw '{"method":"dk.civic.applicants.Add","oneway":true,"parameters":{"kind":"citizen","name":"Oneway Olsen","email":"o@example.org"}}' \
    '{"method":"dk.civic.applicants.Show","parameters":{"id":4}}')
expect_eq "oneway: only the second call is answered" "$(printf '%s\n' "$r" | wc -l)" 1
expect_eq "oneway: the first call was done" \
    "$(printf '%s' "$r" | jq -r .parameters.applicant.name)" "Oneway Olsen"

# more: long listings come in chunks.
for i in $(seq 5 130); do
	printf '{"method":"dk.civic.applicants.Add","parameters":{"kind":"association","name":"Forening %s"}}\0' "$i"
done | socat -t 5 - "UNIX-CONNECT:$SOCK" >/dev/null
r=$(raw '{"method":"dk.civic.applicants.List","more":true}')
expect_eq "more: two replies for 130 applicants" "$(printf '%s\n' "$r" | wc -l)" 2
expect_eq "more: the first continues, the last does not" \
    "$(printf '%s\n' "$r" | jq -r '.continues // false' | paste -sd' ')" "true false"
expect_eq "more: together they hold every applicant" \
    "$(printf '%s\n' "$r" | jq -s 'map(.parameters.applicants | length) | add')" 130
r=$(raw '{"method":"dk.civic.applicants.List"}')
expect_eq "without more: one reply with all of them" \
    "$(printf '%s' "$r" | jq '.parameters.applicants | length')" 130

r=$(raw '{"method":"dk.civic.core.Whoami","upgrade":true}')
expect_eq "upgrade is refused as a parameter" \
    "$(printf '%s' "$r" | jq -r .parameters.parameter)" "upgrade"

stop_daemon
done_testing
