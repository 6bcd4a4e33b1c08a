#!/bin/bash
# The check-in screen at the door, driven as a person would: civic door
# runs in a real terminal (tmux), and the test types codes and tickets
# into it (send-keys, as a barcode scanner types) and reads the screen
# (capture-pane): a welcome, a second check-in, a revoked ticket, the
# running count, colour on a terminal and none under NO_COLOR.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed (make test installs it)"
	exit 0
fi
if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP civicd was built without -Dtest-clock=true (the door opens on its clock)"
	exit 0
fi
export CIVIC_TEST_CLOCK=$T/clock
start_daemon || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
M=$(coord --json meeting create --title "Ny i Ballerup" --venue "Ballerup Bibliotek" \
    --start "2.6.2030 17:00" --end 19:00 --capacity 5 --language somali | jq .meeting.id)
coord meeting schedule "$M" >/dev/null
HASSAN=$(coord --json register --name "Hassan Yusuf" --email hassan@example.org --language somali "$M")
CODE=$(printf '%s' "$HASSAN" | jq -r .registration.code | tr A-Z a-z | sed 's/\(....\)/\1 /')
SARA=$(coord --json register --name "Sara Berg" --email sara@example.org --seats 2 "$M")
TICKET=$(printf '%s' "$SARA" | jq -r .registration.ticket)
KIM=$(coord --json register --name "Kim Holm" --email kim@example.org "$M")
REVOKED=$(printf '%s' "$KIM" | jq -r .registration.ticket)
coord registration cancel "$(printf '%s' "$KIM" | jq .registration.id)" >/dev/null
# The door, twenty minutes before the start.
date -d 2030-06-02T14:40:00Z +%s >"$CIVIC_TEST_CLOCK"

SESSION=civic-door-$$
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; tmux kill-session -t "$SESSION-nc" 2>/dev/null' EXIT
# door NAME [VAR=VALUE...]: civic door in a terminal of its own.
door() {
	local name=$1
	shift
	tmux new-session -d -s "$name" -x 110 -y 40 \
	    "env LANG=C.UTF-8 TERM=xterm-256color CIVIC_SOCKET='$SOCK' XDG_CONFIG_HOME='$T/config-root' $* setpriv --reuid=$U_COORD --regid=$U_COORD --groups=$G_SOCKET,$G_COORD '$CIVIC' door $M; echo '[door ended]'; sleep 30"
}
# screen NAME [-e]: what the terminal shows now.
screen() { tmux capture-pane -p -t "$1" ${2:-}; }
# wait_for NAME ERE: until the screen shows it (up to 5 s).
wait_for() {
	local i
	for i in $(seq 1 100); do
		screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.05
	done
	return 1
}
# scan NAME TEXT: types TEXT and Enter, as a scanner does.
scan() { tmux send-keys -t "$1" -l "$2"; tmux send-keys -t "$1" Enter; }

door "$SESSION"
expect_status "the door screen starts, with the meeting and the count" 0 \
    wait_for "$SESSION" "Expected 3 seats · checked in 0 · free 2"
expect_match "and asks for a code" "$(screen "$SESSION")" "Code or ticket:$"
scan "$SESSION" "$CODE"
expect_status "a code read aloud lets Hassan in" 0 wait_for "$SESSION" "OK  Welcome, Hassan Yusuf: 1 seat\. Interpretation: somali"
expect_status "and the count follows" 0 wait_for "$SESSION" "Expected 3 seats · checked in 1 · free 2"
scan "$SESSION" "$TICKET"
expect_status "a scanned ticket lets Sara in with her two seats" 0 wait_for "$SESSION" "OK  Welcome, Sara Berg: 2 seats\."
expect_status "counted" 0 wait_for "$SESSION" "checked in 3"
scan "$SESSION" "$CODE"
expect_status "the same code again is not let in" 0 wait_for "$SESSION" "!!  NOT LET IN"
expect_match "saying when he came" "$(screen "$SESSION")" "was already checked in at [0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}"
scan "$SESSION" "$REVOKED"
expect_status "a cancelled registration's ticket is refused" 0 wait_for "$SESSION" "the registration was cancelled; its ticket is no longer valid"
expect_eq "every refusal is recorded, as at the checkin command" \
    "$(sqlite3 "$DB" "SELECT group_concat(reason, ', ') FROM (SELECT reason FROM checkin_failure ORDER BY id)")" \
    "already checked in, cancelled"
expect_match "on a terminal, a welcome is green" "$(screen "$SESSION" -e)" $'\e\\[42m  OK  Welcome'
expect_match "and a refusal red" "$(screen "$SESSION" -e)" $'\e\\[41m  !!  NOT LET IN'
scan "$SESSION" "q"
expect_status "q ends it" 0 wait_for "$SESSION" "\[door ended\]"

door "$SESSION-nc" NO_COLOR=1
wait_for "$SESSION-nc" "Code or ticket:$" || not_ok "the second door starts"
scan "$SESSION-nc" "ZZZZ 9999"
expect_status "under NO_COLOR an unknown code is refused the same way" 0 wait_for "$SESSION-nc" "!!  NOT LET IN"
expect_match "in words" "$(screen "$SESSION-nc")" "there is no code ZZZZ 9999"
expect_no_match "without colour" "$(screen "$SESSION-nc" -e)" $'\e\\['
# --- the ticket's QR code, scanned ---
# qr2pbm: the half-block drawing on stdin as a PBM image, 4 pixels a
# module, for a real barcode reader.
qr2pbm() {
	python3 -c '
import sys
rows = [l.rstrip("\n") for l in sys.stdin if set(l.rstrip("\n")) <= set("\u2588\u2580\u2584 ") and l.strip("\n")]
grid = []
for l in rows:
    top = [c in "\u2588\u2580" for c in l]
    bottom = [c in "\u2588\u2584" for c in l]
    grid += [top, bottom]
w, s = max(len(r) for r in grid), 4
print("P1\n%d %d" % (w * s, len(grid) * s))
for r in grid:
    line = " ".join(("0" if light else "1") for light in r for _ in range(s))
    for _ in range(s):
        print(line)
'
}
coord registration show "$(printf '%s' "$SARA" | jq .registration.id)" >"$T/show"
expect_match "registration show draws the ticket as a QR code" "$(cat "$T/show")" $'^[\u2588\u2580\u2584 ]{20,}$'
if command -v zbarimg >/dev/null; then
	qr2pbm <"$T/show" >"$T/qr.pbm"
	expect_eq "which a barcode reader reads as the ticket" \
	    "$(zbarimg --raw -q "$T/qr.pbm" 2>/dev/null)" "$TICKET"
	coord meeting door-list --qr "$M" >"$T/list"
	expect_eq "the door list with --qr has a page for each confirmed person" \
	    "$(grep -c $'^\f' "$T/list")" 2
	csplit -s -z -f "$T/page" "$T/list" $'/^\f/' '{*}'
	expect_eq "and the code on Sara's page reads as her ticket" \
	    "$(for p in "$T"/page*; do grep -q 'Sara Berg' "$p" && qr2pbm <"$p"; done >"$T/qr2.pbm"
	       zbarimg --raw -q "$T/qr2.pbm" 2>/dev/null)" "$TICKET"
else
	echo "ok $((tap_n += 1)) # SKIP zbarimg is not installed (make test installs zbar-tools)"
fi

stop_daemon
done_testing
