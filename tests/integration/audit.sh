#!/bin/bash
# The audit trail through the real client: every kind of change is an
# entry with its actor, no entry names a person, refusals add none; the
# filters; the signing key's file; checkpoints on a timer and at
# shutdown; and tampering with the database file by sqlite3 (a changed
# byte, a deleted entry, two swapped entries, a truncated tail, another
# key) and rolling the whole database back, each found by audit verify,
# which names the entry.
. "$(dirname "$0")/lib.sh"

if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP civicd was built without -Dtest-clock=true (a meeting closes once it has begun)"
	exit 0
fi
# The real clock, but for a moment when the meeting below has begun.
export CIVIC_TEST_CLOCK=$T/clock
start_daemon || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }
plain() { as "$U_PLAIN" "$G_SOCKET" "$CIVIC" "$@"; }
count() { sqlite3 "$DB" "SELECT count(*) FROM audit_entry"; }
YEAR=$(TZ=Europe/Copenhagen date +%Y)

expect_status "the key file is made on first start" 0 stat -c %a "$T/audit.key"
expect_eq "readable by civicd's user only" "$(out)" 600
expect_status "an empty trail verifies" 0 admin audit verify
expect_eq "and says so" "$(out)" "The audit trail verifies: 0 entries, 0 signed checkpoints."

# --- a change of every kind, each an entry ---
TOKEN=$(admin --json applicant add --cvr 12345674 --email bo@example.org \
    --phone "44 77 00 01" "Røde Kors Ballerup" | jq -r .token)
ra() { env CIVIC_TOKEN="$TOKEN" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" "$@"; }
admin applicant edit --contact "Bo Berg" 1 >/dev/null
admin fund set "$YEAR" --budget 100.000 >/dev/null
ra --json apply --title "Lektiecafé" --description D --integration I \
    --target-group G --participants 3 --start 1.2.2030 --end 1.3.2030 \
    --line "Lokaler=5.000" --submit >"$T/app"
APP=$(jq .application.id "$T/app")
admin grant approve --amount 4.000 --committee "KFU 12/2030" "$APP" >/dev/null
admin grant pay --amount 4.000 --reference "BET-1" "$APP" >/dev/null
admin applicant rotate 1 >/dev/null
# A meeting an hour from now: registration is open, and so is the door.
coord --json meeting create --title "Borgermøde" \
    --start "$(TZ=Europe/Copenhagen date -d '+1 hour' '+%-d.%-m.%Y %H:%M')" \
    --end "$(TZ=Europe/Copenhagen date -d '+3 hours' '+%-d.%-m.%Y %H:%M')" --capacity 5 >"$T/m"
M=$(jq .meeting.id "$T/m")
coord meeting schedule "$M" >/dev/null
coord --json register --name "Aisha Khan" --email aisha@example.org \
    --phone "20 30 40 50" --note "Kommer med sin mor" "$M" >"$T/r"
R=$(jq .registration.id "$T/r")
coord checkin --registration "$R" "$M" >/dev/null
coord register --name "Jonas Lund" --email jonas@example.org "$M" >/dev/null
coord registration cancel 2 >/dev/null

expect_status "an admin lists the trail" 0 admin --json audit list
expect_eq "one entry per change, in order" \
    "$(out | jq -c '[.entries[].action]')" \
    '["applicant.add","applicant.edit","fund.set","application.created","application.submitted","application.approved","application.paid","token.rotate","meeting.create","meeting.schedule","registration.create","registration.checkin","registration.create","registration.cancel"]'
expect_eq "numbered from 1 without gaps" "$(out | jq -c '[.entries[].seq] == [range(1; 15)]')" true
expect_eq "each names its actor: uid, user, roles" \
    "$(out | jq -c '.entries[9].actor | [.uid, .roles]')" "[$U_COORD,[\"coordinator\"]]"
expect_eq "an applicant is named by number" \
    "$(out | jq -c '.entries[3].actor | [.uid, .roles, .applicant]')" "[$U_PLAIN,[\"applicant\"],1]"
expect_eq "and the object it changed" "$(out | jq -c '.entries[5].object | [.kind, .id]')" "[\"application\",$APP]"
expect_eq "and what changed" "$(out | jq -r '.entries[5].details.amount')" "4000.00"
expect_eq "each links to the one before" \
    "$(out | jq '[.entries[1:][].prev] == [.entries[:-1][].hash]')" true
expect_eq "the time in RFC 3339" "$(out | jq -r '.entries[0].at' | grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$')" 1
expect_eq "a token's issue counts revocations, never the token" \
    "$(out | jq -c '.entries[7].details')" '{"revoked":1}'
expect_eq "no entry names a person, an address, a phone or a note" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM audit_entry WHERE body LIKE '%Aisha%' OR body LIKE '%aisha@%' OR body LIKE '%20304050%' OR body LIKE '%Bo Berg%' OR body LIKE '%bo@example%' OR body LIKE '%44770001%' OR body LIKE '%Kommer%' OR body LIKE '%$TOKEN%'")" 0

n=$(count)
before=$(dbsum)
expect_status "a refused call" 1 plain fund set "$YEAR" --budget 1
expect_eq "adds no entry" "$(count)" "$n"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_eq "and, reading no one's data, writes nothing to the access log" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM access_log WHERE method = 'dk.civic.fund.SetYear'")" 0
expect_match "civicd's log says it" "$(cat "$LOG")" "uid $U_PLAIN .* refused dk.civic.fund.SetYear: needs admin"
expect_status "an invalid request" 1 admin grant pay --amount 999.000 --reference X "$APP"
expect_eq "adds no entry either" "$(count)" "$n"

# --- filters ---
expect_eq "--action takes a prefix" \
    "$(admin --json audit list --action registration | jq -c '[.entries[].action] | unique')" \
    '["registration.cancel","registration.checkin","registration.create"]'
expect_eq "--object KIND:ID" \
    "$(admin --json audit list --object "application:$APP" | jq '.entries | length')" 4
expect_eq "--object KIND" \
    "$(admin --json audit list --object meeting | jq '.entries | length')" 2
expect_eq "--uid" "$(admin --json audit list --uid "$U_COORD" | jq '.entries | length')" 6
expect_eq "--limit keeps the newest" \
    "$(admin --json audit list --limit 2 | jq -c '[.entries[].seq]')" '[13,14]'
expect_eq "--since today" "$(admin --json audit list --since "$(date +%-d.%-m.%Y)" | jq '.entries | length')" 14
expect_eq "--until yesterday" \
    "$(admin --json audit list --until "$(date -d yesterday +%-d.%-m.%Y)" | jq '.entries | length')" 0
expect_status "the table for people" 0 admin audit list --action fund
expect_match "has the actor's name and the object" "$(out)" "^3 +[0-9.]+ [0-9:]+ +uid $U_ADMIN +fund\.set +fund_year:$YEAR"
expect_status "a bad --since" 2 admin audit list --since "i går"
expect_match "is explained" "$(err)" "neither a date nor a time"
expect_status "a coordinator may not read the trail" 1 coord audit list
expect_match "and is told why" "$(err)" "needs the role admin"
expect_status "nor verify it" 1 coord audit verify

# --- verification and checkpoints ---
expect_status "the trail verifies" 0 admin audit verify
expect_eq "and says how much" "$(out)" "The audit trail verifies: 14 entries, 0 signed checkpoints."
expect_status "an admin signs a checkpoint and keeps it" 0 admin audit checkpoint export
cp "$T/out" "$T/cp14.json"
expect_eq "it pins the count and the head" \
    "$(jq -c '[.count, .head]' "$T/cp14.json")" \
    "$(admin --json audit list | jq -c '[(.entries | length), .entries[-1].hash]')"
expect_eq "signed with the daemon's key" "$(jq -r .key "$T/cp14.json" | wc -c)" 65
expect_status "nothing new: no second checkpoint" 0 admin audit checkpoint
expect_eq "the table holds one" "$(sqlite3 "$DB" "SELECT count(*) FROM audit_checkpoint")" 1
expect_status "verify against it" 0 admin audit verify --checkpoint "$T/cp14.json"
expect_eq "counts the checkpoint" "$(out)" "The audit trail verifies: 14 entries, 1 signed checkpoint."
expect_status "a file that is not a checkpoint" 2 admin audit verify --checkpoint /etc/passwd
expect_match "is named" "$(err)" "/etc/passwd: not a checkpoint"
jq '.count = 13' "$T/cp14.json" >"$T/forged.json"
expect_status "a forged checkpoint fails" 1 admin audit verify --checkpoint "$T/forged.json"
expect_match "its signature is named" "$(err)" "exported checkpoint does not carry this daemon's signature"

# Keep this state for the tamper tests, and a copy to roll back to.
date -d '+2 hours' +%s >"$CIVIC_TEST_CLOCK"
coord meeting close --head-count 1 "$M" >/dev/null
rm "$CIVIC_TEST_CLOCK"
stop_daemon
cp "$DB" "$T/pristine.db"
cp "$T/audit.key" "$T/audit.key.orig"
expect_eq "shutdown signed a checkpoint of the last change" \
    "$(sqlite3 "$DB" "SELECT count FROM audit_checkpoint ORDER BY id DESC LIMIT 1")" 15

expect_status "a key file others can read" 0 chmod 0640 "$T/audit.key"
expect_status "stops civicd from starting" 1 "$CIVICD" --socket "$SOCK" --database "$DB"
expect_match "naming the file and the fix" "$(err)" "audit.key.*(mode|chmod)"
chmod 0600 "$T/audit.key"

# tamper DESC ENTRY SQL: with the daemon stopped, runs SQL on a fresh
# copy of the pristine database (its append-only triggers dropped first,
# as one with the file could), then expects verify to fail at ENTRY.
tamper() {
	local desc=$1 entry=$2 sql=$3 logged
	cp "$T/pristine.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	sqlite3 "$DB" "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete; $sql" ||
		not_ok "$desc: sqlite3 failed"
	logged=$(wc -l <"$LOG")
	start_daemon || return
	expect_status "$desc: verify fails" 1 admin audit verify
	expect_match "$desc: and names entry $entry" "$(err)" "first entry that does not verify is $entry\$"
	expect_match "$desc: civicd's log said so by itself, verifying the whole trail after start" \
	    "$(tail -n +"$((logged + 1))" "$LOG")" "<3>the audit trail does not verify: "
	diag "$(err)"
	stop_daemon
}

tamper "one changed byte" 7 \
    "UPDATE audit_entry SET body = replace(body, '\"4000.00\"', '\"9000.00\"') WHERE seq = 7"
tamper "a changed column" 3 "UPDATE audit_entry SET action = 'fund.other' WHERE seq = 3"
tamper "a deleted entry" 5 "DELETE FROM audit_entry WHERE seq = 5"
tamper "two swapped entries" 9 \
    "UPDATE audit_entry SET seq = 1000 WHERE seq = 9; UPDATE audit_entry SET seq = 9 WHERE seq = 11; UPDATE audit_entry SET seq = 11 WHERE seq = 1000"
tamper "a truncated tail" 14 "DELETE FROM audit_entry WHERE seq >= 14"

# A tail truncated with the checkpoints that pin it leaves a consistent,
# shorter trail: only a checkpoint kept elsewhere can tell (the rollback
# test below). Here, a key replaced to sign new checkpoints.
cp "$T/pristine.db" "$DB"
rm -f "$DB-wal" "$DB-shm" "$T/audit.key"
start_daemon || exit 1
expect_status "a checkpoint key replaced: verify fails" 1 admin audit verify
expect_match "and says why" "$(err)" "checkpoint 1 does not carry this daemon's signature"
expect_match "naming the checkpoint's last entry" "$(err)" "does not verify is 14\$"
stop_daemon
cp "$T/audit.key.orig" "$T/audit.key"

# --- rollback: the whole database restored from an old copy ---
cp "$T/pristine.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
start_daemon || exit 1
expect_status "the pristine copy verifies" 0 admin audit verify
admin fund set "$YEAR" --budget 120.000 >/dev/null
admin applicant disable 1 >/dev/null
expect_status "an admin exports a checkpoint of 17 entries" 0 admin audit checkpoint export
cp "$T/out" "$T/cp17.json"
expect_eq "17 it is" "$(jq .count "$T/cp17.json")" 17
stop_daemon
cp "$T/pristine.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
start_daemon || exit 1
expect_status "rolled back, the trail still verifies on its own" 0 admin audit verify
expect_status "but not against the exported checkpoint" 1 admin audit verify --checkpoint "$T/cp17.json"
expect_match "which says what happened" "$(err)" "ends at entry 15, but the exported checkpoint covers 17 entries: entries were removed, or the database rolled back"
expect_match "and names the first entry lost" "$(err)" "does not verify is 16\$"
expect_eq "on the wire it is a kind and its numbers, not a sentence" \
    "$(admin --json audit verify --checkpoint "$T/cp17.json" | jq -c '[.ok, .bad_entry, .failure, .entry, .other, .checkpoint]')" \
    '[false,16,"truncated",15,17,0]'
expect_status "the older exported checkpoint still holds" 0 admin audit verify --checkpoint "$T/cp14.json"
stop_daemon

# --- checkpoints on a timer ---
start_daemon --checkpoint-interval 1
admin fund set "$YEAR" --budget 130.000 >/dev/null
n=$(count)
for i in $(seq 1 60); do
	[ "$(sqlite3 "$DB" "SELECT max(count) FROM audit_checkpoint")" = "$n" ] && break
	sleep 0.1
done
expect_eq "a checkpoint is signed on the timer once there is a new entry" \
    "$(sqlite3 "$DB" "SELECT max(count) FROM audit_checkpoint")" "$n"
k=$(sqlite3 "$DB" "SELECT count(*) FROM audit_checkpoint")
sleep 2.2
expect_eq "and none while nothing changes" "$(sqlite3 "$DB" "SELECT count(*) FROM audit_checkpoint")" "$k"
expect_status "and the whole trail verifies" 0 admin audit verify
stop_daemon

done_testing
