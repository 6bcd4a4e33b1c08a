#!/bin/bash
# Long lists in pages: with "more", a door list or an application list
# is read a page at a time, each page in a transaction of its own once
# the caller has taken the one before, from where the last page ended
# (daemon/method.c, call_pages). The pages must add up to the list read
# whole: no row twice, none missed, where names repeat across a page's
# edge, where a name is erased, and where the waiting list begins.
. "$(dirname "$0")/lib.sh"

coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }

start_daemon || exit 1
coord --json meeting create --title "Mange" --start "3.5.2030 17:00" --end 19:00 \
    --capacity 5000 >"$T/out" || not_ok "a meeting"
M=$(out | jq .meeting.id)
coord meeting schedule "$M" >/dev/null || not_ok "scheduled"
stop_daemon

# 95 names before "Ens", 12 called "Ens" in three spellings (the first
# page ends among them), 3,000 after (more than the socket holds, so the
# pages wait for their reader), one erased (no name: first), three
# cancelled, and 130 on the waiting list (a page ends in it).
{
	echo "BEGIN;"
	id=0
	reg() { # STATUS NAME (empty: erased)
		id=$((id + 1))
		local code=NULL confirmed=NULL
		if [ "$1" = confirmed ]; then
			printf -v code "'C%07d'" "$id"; confirmed=0
		fi
		echo "INSERT INTO registration (id, meeting_id, status, seats, code, created_at, confirmed_at)
		      VALUES ($id, $M, '$1', 1, $code, 0, $confirmed);"
		[ -n "$2" ] && echo "INSERT INTO registrant (registration_id, meeting_id, name, active)
		      VALUES ($id, $M, '$2', $([ "$1" = cancelled ] && echo 0 || echo 1));"
	}
	for i in $(seq 1 3000); do printf -v n 'Æble %04d' "$i"; reg confirmed "$n"; done
	for i in $(seq 1 4); do reg confirmed Ens; reg confirmed ens; reg confirmed ENS; done
	for i in $(seq 1 95); do reg confirmed "$(printf 'Bo %03d' "$((96 - i))")"; done
	reg confirmed ""
	for i in 1 2 3; do reg cancelled "Væk $i"; done
	for i in $(seq 1 130); do reg waiting "$(printf 'Venter %03d' "$((131 - i))")"; done
	echo "COMMIT;"
} >"$T/rows.sql"
sqlite3 "$DB" <"$T/rows.sql" || not_ok "the registrations"
start_daemon || exit 1

# What the list must be: the confirmed by name (as SQLite's NOCASE
# compares), then the waiting list in its order, numbered.
sqlite3 "$DB" "SELECT r.id FROM registration r LEFT JOIN registrant p ON p.registration_id = r.id
    WHERE r.meeting_id = $M AND r.status = 'confirmed'
    ORDER BY coalesce(p.name, '') COLLATE NOCASE, r.id" >"$T/want"
sqlite3 "$DB" "SELECT id FROM registration WHERE meeting_id = $M AND status = 'waiting' ORDER BY id" >>"$T/want"
expect_eq "the meeting has 3,108 confirmed and 130 waiting" "$(wc -l <"$T/want")" 3238

door='{"method":"dk.civic.meetings.DoorList","parameters":{"meeting":'$M'}'
as "$U_COORD" "$G_SOCKET,$G_COORD" bash -c \
    "printf '%s\0' '$door,\"more\":true}' | socat -t 5 - UNIX-CONNECT:$SOCK | tr '\0' '\n'" >"$T/pages"
expect_eq "with more: 33 pages of 100, but the last, which says it is the last" \
    "$(jq -c '[(.parameters.registrations | length), (.continues // false)]' "$T/pages" | uniq -c | awk '{ $1 = $1 } 1' | paste -sd' ')" \
    "32 [100,true] 1 [38,false]"
expect_eq "each carries the meeting" "$(jq -r .parameters.meeting.title "$T/pages" | sort -u)" "Mange"
jq '.parameters.registrations[].id' "$T/pages" >"$T/got"
expect_eq "the pages add up to the list: each once, in order" "$(diff "$T/want" "$T/got" && echo same)" same
expect_eq "the waiting list numbered 1 to 130 in its order" \
    "$(jq -s -c '[.[].parameters.registrations[] | select(.status == "waiting") | .position] == [range(1; 131)]' "$T/pages")" true
expect_eq "the erased one comes first, without a name" \
    "$(jq -c '.parameters.registrations[0] | [.erased, .name]' "$T/pages" | head -1)" "[true,null]"

as "$U_COORD" "$G_SOCKET,$G_COORD" bash -c \
    "printf '%s\0' '$door}' | socat -t 5 - UNIX-CONNECT:$SOCK | tr '\0' '\n'" >"$T/whole"
expect_eq "without more: one reply with the same list" \
    "$(jq '.parameters.registrations[].id' "$T/whole" | diff "$T/want" - && echo same)" same
expect_eq "and the same rows" \
    "$(jq -c '.parameters.registrations' "$T/whole")" \
    "$(jq -s -c '[.[].parameters.registrations[]]' "$T/pages")"
coord --json meeting door-list "$M" >"$T/out"
expect_eq "civic reads the pages into one list" \
    "$(jq '.registrations[].id' "$T/out" | diff "$T/want" - && echo same)" same

# Rows that change between two pages: the pages go on from the last row
# they sent, so a row is never sent twice, and one that is not yet sent
# when it changes shows as it is when its page is read.
/usr/bin/python3 - "$SOCK" "$M" "$U_COORD" "$G_SOCKET" "$G_COORD" >"$T/moved" <<'EOF'
import json, os, socket, sys
sock, m, uid, g_socket, g_coord = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:])
os.setgroups([g_socket, g_coord]); os.setgid(uid); os.setuid(uid)

def conn():
    s = socket.socket(socket.AF_UNIX); s.connect(sock); return s, b""

def call(c, method, params, more=False):
    s, buf = c
    s.sendall(json.dumps({"method": method, "parameters": params, "more": more}).encode() + b"\0")

def reply(c):
    s, buf = c
    while b"\0" not in buf:
        d = s.recv(65536)
        if not d: raise SystemExit("closed")
        buf += d
    msg, _, rest = buf.partition(b"\0")
    c[1] = rest
    return json.loads(msg)

door = [*conn()]
call(door, "dk.civic.meetings.DoorList", {"meeting": m}, more=True)
first = reply(door)
ids = [r["id"] for r in first["parameters"]["registrations"]]
# Meanwhile: a new registration, whose name comes last of the
# confirmed, and one already sent is cancelled.
other = [*conn()]
call(other, "dk.civic.meetings.Register", {"meeting": m, "name": "Øvrig Sen", "email": "z@example.org"})
new = reply(other)["parameters"]["registration"]
call(other, "dk.civic.meetings.CancelRegistration", {"registration": ids[5], "reason": "syg"})
reply(other)
rows = first["parameters"]["registrations"]
msg = first
while msg.get("continues"):
    msg = reply(door)
    rows += msg["parameters"]["registrations"]
seen = [r["id"] for r in rows]
print(len(seen) == len(set(seen)), new["status"], new["id"] in seen, rows[-1]["position"])
EOF
expect_eq "rows changed between pages: none twice, the new one in its place, the waiting still numbered" \
    "$(cat "$T/moved")" "True confirmed True 130"

# The applicants, in pages by id: 250 more, every fifth disabled.
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
    INSERT INTO applicant (kind, name, created_at, disabled_at)
    SELECT 'association', 'Forening ' || i, 0, CASE WHEN i % 5 = 0 THEN 0 END FROM n" ||
    not_ok "the applicants"
for all in false true; do
	raw '{"method":"dk.civic.applicants.List","parameters":{"include_disabled":'$all'},"more":true}' >"$T/pages"
	expect_eq "applicants (include_disabled $all): the pages add up to the list, by id" \
	    "$(jq '.parameters.applicants[].id' "$T/pages" | paste -sd' ')" \
	    "$(sqlite3 "$DB" "SELECT id FROM applicant WHERE $all OR disabled_at IS NULL ORDER BY id" | paste -sd' ')"
done
expect_eq "in pages of 100" "$(jq -c '[(.parameters.applicants | length), .continues // false]' "$T/pages" | paste -sd' ')" \
    "[100,true] [100,true] [50,false]"

stop_daemon
done_testing
