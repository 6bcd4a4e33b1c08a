#!/bin/bash
# Personal data through the real client: the access log (who read whose
# data, and refusals), a person's export with the reads about them, erasure
# on request with what was kept and why, and retention on a clock the test
# moves: nothing goes early, a dry run changes nothing, contact details go
# when due and the meeting's counts stay, consent keeps them longer,
# disabled applicants' details and old access-log entries go, on demand and
# on the daemon's own timer.
. "$(dirname "$0")/lib.sh"

if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP civicd was built without -Dtest-clock=true"
	exit 0
fi

DAY=86400
# The meeting below ends at NOW; retention counts from there.
NOW=$(date -d 2030-05-02T17:30:00Z +%s)
export CIVIC_TEST_CLOCK=$T/clock
set_clock() { echo "$1" >"$CIVIC_TEST_CLOCK"; }
set_clock "$(date +%s)"

start_daemon || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }
registrants() { sqlite3 "$DB" "SELECT group_concat(name, ', ') FROM (SELECT name FROM registrant ORDER BY registration_id)"; }

# A meeting, held, with three people; a second one still to come.
coord --json meeting create --title "Borgermøde" --start "2.5.2030 17:30" \
    --end 19:30 --capacity 10 --language arabisk >"$T/m"
M=$(jq .meeting.id "$T/m")
coord meeting schedule "$M" >/dev/null
coord register --name "Aisha Khan" --email aisha@example.org --phone "20 30 40 50" \
    --seats 2 --language arabisk --need wheelchair --note "Kommer med sin mor" "$M" >/dev/null
coord register --name "Jonas Lund" --email jonas@example.org --consent "$M" >/dev/null
coord register --name "Karin Holm" --phone "44 77 00 02" --accessibility "Høreslynge" "$M" >/dev/null
coord --json meeting create --title "Efterår" --start "2.10.2033 17:30" \
    --end 19:30 --capacity 10 >"$T/m2"
M2=$(jq .meeting.id "$T/m2")
coord meeting schedule "$M2" >/dev/null
coord register --name "Aisha Khan" --email aisha@example.org "$M2" >/dev/null
# At the door, half an hour before the start.
set_clock $((NOW - 9000))
coord checkin --registration 1 "$M" >/dev/null
set_clock "$NOW"

# Applicants: one disabled, one with an open application.
admin applicant add --citizen --email old@example.org --phone "44 00 00 01" \
    "Ole Olsen" >/dev/null
admin applicant disable 1 >/dev/null
T2=$(admin --json applicant add --email kf@example.org "Kulturforeningen" | jq -r .token)
admin fund set "$(TZ=Europe/Copenhagen date -d "@$NOW" +%Y)" --budget 100.000 >/dev/null
env CIVIC_TOKEN="$T2" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET \
    "$CIVIC" apply --title T --description D --integration I --target-group G \
    --participants 3 --start 1.2.2031 --end 1.3.2031 --line A=500 --submit >/dev/null

# --- the access log ---
before=$(sqlite3 "$DB" "SELECT count(*) FROM access_log")
expect_status "a coordinator reads a registration" 0 coord registration show 1
expect_status "and the door list" 0 coord meeting door-list "$M"
expect_status "an admin reads an applicant" 0 admin applicant show 1
expect_status "and the list of applicants" 0 admin applicant list --all
expect_status "a plain user is refused a registration" 1 \
    as "$U_PLAIN" "$G_SOCKET" "$CIVIC" registration show 1
expect_eq "each is in the access log: who, what, how" \
    "$(sqlite3 "$DB" "SELECT uid, method, subject_kind, coalesce(subject_id, '-'), outcome FROM access_log WHERE id > $before ORDER BY id")" \
    "$U_COORD|dk.civic.meetings.ShowRegistration|registration|1|read
$U_COORD|dk.civic.meetings.DoorList|meeting|$M|read
$U_ADMIN|dk.civic.applicants.Show|applicant|1|read
$U_ADMIN|dk.civic.applicants.List|applicants|-|read
$U_PLAIN|dk.civic.meetings.ShowRegistration|registration|1|refused"
expect_eq "reading the meeting list of the public is not logged" \
    "$(as "$U_PLAIN" "$G_SOCKET" "$CIVIC" meeting list >/dev/null; sqlite3 "$DB" "SELECT count(*) FROM access_log WHERE id > $before")" 5

# --- export ---
expect_status "an admin exports what is held about Aisha" 0 admin privacy export --email AISHA@example.org
cp "$T/out" "$T/export1.json"
expect_eq "both her registrations, with her details" \
    "$(jq -c '[.registrations[] | [.registration, .name, .phone, .note]]' "$T/export1.json")" \
    '[[1,"Aisha Khan","+4520304050","Kommer med sin mor"],[4,"Aisha Khan",null,null]]'
expect_eq "and who read them: her check-in, her registration, her meeting's door list, and who tried and was refused" \
    "$(jq -c '[.access_log[] | [.uid, .method, .subject_kind, .subject_id, .outcome]]' "$T/export1.json")" \
    "[[$U_COORD,\"dk.civic.meetings.CheckIn\",\"registration\",1,\"read\"],[$U_COORD,\"dk.civic.meetings.ShowRegistration\",\"registration\",1,\"read\"],[$U_COORD,\"dk.civic.meetings.DoorList\",\"meeting\",$M,\"read\"],[$U_PLAIN,\"dk.civic.meetings.ShowRegistration\",\"registration\",1,\"refused\"]]"
expect_status "the export is itself a read" 0 admin privacy export --email aisha@example.org
expect_eq "so the next one shows it" \
    "$(out | jq -c '[.access_log[] | select(.method == "dk.civic.privacy.Export") | [.uid, .subject_id]]')" \
    "[[$U_ADMIN,1],[$U_ADMIN,4]]"
expect_eq "an applicant is found by its e-mail" \
    "$(admin privacy export --email kf@example.org | jq -c '[.applicants[] | [.name, .email, (.applications | length)]]')" \
    '[["Kulturforeningen","kf@example.org",1]]'
expect_eq "someone unknown has nothing held" \
    "$(admin privacy export --email nobody@example.org | jq -c '[.registrations, .applicants, .access_log]')" '[[],[],[]]'
expect_status "a coordinator may not export" 1 coord privacy export --email aisha@example.org
expect_status "an export needs a person" 2 admin privacy export
expect_match "and says how to name one" "$(err)" "say who: --email ADDR or --phone NUM"
expect_status "an address that is not one" 1 admin privacy export --email "aisha"
expect_match "is named" "$(err)" "--email is not an e-mail address"

# --- retention, on a clock the test moves ---
coord --json meeting close --head-count 3 "$M" >/dev/null
counts=$(coord --json meeting show "$M" | jq -c .counts)
expect_eq "the held meeting's counts" "$(printf '%s' "$counts" | jq -c '[.confirmed_seats, .checked_in, (.languages | length), (.needs | length)]')" '[4,1,1,1]'
set_clock $((NOW + 29 * DAY))
expect_status "29 days on, nothing is due" 0 admin --json privacy purge --dry-run
expect_eq "registrants, consented, applicants, access log" \
    "$(out | jq -c '[.registrants, .consented, .applicant_contacts, .access_log]')" '[0,0,0,0]'
set_clock $((NOW + 31 * DAY))
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_entry")
before=$(dbsum)
expect_status "31 days on, a dry run" 0 admin privacy purge --dry-run
expect_match "says two registrants would go" "$(out)" "Retention would erase now:.*
  the contact details of 2 registrants, 0 of whom had consented"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_eq "nor adds an audit entry" "$(sqlite3 "$DB" "SELECT count(*) FROM audit_entry")" "$n"
expect_status "the purge itself" 0 admin --json privacy purge
expect_eq "erases the two" "$(out | jq -c '[.dry_run, .registrants, .consented]')" '[false,2,0]'
expect_eq "Jonas consented: he stays, as does Aisha for the coming meeting" \
    "$(registrants)" "Jonas Lund, Aisha Khan"
expect_eq "the meeting's counts stay" "$(coord --json meeting show "$M" | jq -c .counts)" "$counts"
expect_eq "the registrations stay, without a name" \
    "$(coord --json registration show 1 | jq -c '.registration | [.status, .seats, .name, .email, .phone, .note]')" \
    '["confirmed",2,null,null,null,null]'
expect_eq "the run is an audit entry with its counts" \
    "$(admin --json audit list --action retention | jq -c '.entries[-1].details')" \
    '{"access_log":0,"applicant_contacts":0,"consented":0,"registrants":2}'
expect_eq "Aisha's export no longer holds the erased registration" \
    "$(admin privacy export --email aisha@example.org | jq -c '[.registrations[].registration]')" '[4]'
expect_status "a second purge finds nothing" 0 admin --json privacy purge
expect_eq "all zero" "$(out | jq -c '[.registrants, .applicant_contacts, .access_log]')" '[0,0,0]'
expect_status "a coordinator may not purge" 1 coord privacy purge

# The daemon's own timer: what becomes due is erased without a call.
stop_daemon
start_daemon --retention-interval 1 || exit 1
set_clock $((NOW + 731 * DAY))
for i in $(seq 1 60); do
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM access_log")" = 0 ] && break
	sleep 0.1
done
expect_eq "two years on, the timer erased the consented one too" "$(registrants)" "Aisha Khan"
expect_eq "and the disabled applicant's contact details" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM applicant_contact WHERE applicant_id = 1")" 0
expect_eq "but not its name: grant case data is kept" \
    "$(sqlite3 "$DB" "SELECT name FROM applicant WHERE id = 1")" "Ole Olsen"
expect_eq "an active applicant keeps its details" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM applicant_contact WHERE applicant_id = 2")" 1
expect_eq "and the access log's old entries" "$(sqlite3 "$DB" "SELECT count(*) FROM access_log")" 0
expect_eq "the timer's run is audited, as civicd" \
    "$(admin --json audit list --action retention.run --limit 1 | jq -c '.entries[0] | [.actor.user, .details.consented, .details.applicant_contacts]')" \
    '["civicd",1,1]'
expect_eq "the counts still stay" \
    "$(coord --json meeting show "$M" | jq -c '.counts | [.confirmed_seats, .checked_in, (.languages | length), (.needs | length)]')" '[4,1,1,1]'

# --- erasure on request ---
set_clock "$NOW"
before=$(dbsum)
expect_status "erasing someone unknown" 1 admin privacy erase --email nobody@example.org
expect_match "says nothing is held" "$(err)" "civic holds no personal data about nobody@example.org"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "a coordinator may not erase" 1 coord privacy erase --email aisha@example.org
expect_status "Aisha asks to be erased" 0 admin privacy erase --email aisha@example.org
expect_match "what was erased" "$(out)" "Erased:
  - name, contact details, needs and note of registration 4"
expect_match "what was kept, and why" "$(out)" "registration 4 for the upcoming meeting $M2: it stays as anonymous seats"
expect_eq "nothing about her is left" "$(registrants)" ""
expect_eq "the erasure is audited by number only" \
    "$(admin --json audit list --action privacy | jq -c '.entries[-1] | [.object.kind, .details]')" \
    '["person",{"applicants":[],"registrations":[4]}]'
expect_status "an applicant with an open application" 0 admin --json privacy erase --email kf@example.org
expect_eq "keeps its contact details, saying why, in numbers" \
    "$(out | jq -c '.kept[] | select(.kind == "open_applications")')" \
    '{"kind":"open_applications","applicant":2,"open_applications":1}'
expect_eq "and nothing on the wire is a sentence" \
    "$(out | jq -c '[.erased[], .kept[] | .kind]')" \
    '["grant_cases","open_applications","access_log","audit_trail"]'
expect_status "which civic says" 0 admin privacy erase --email kf@example.org
expect_match "for people" "$(out)" \
    "the contact details of applicant 2: its 1 open application needs them; ask again once it is decided and closed"
expect_eq "and they are still there" \
    "$(sqlite3 "$DB" "SELECT email FROM applicant_contact WHERE applicant_id = 2")" "kf@example.org"
expect_status "and the whole trail verifies" 0 admin audit verify

stop_daemon
done_testing
