#!/bin/bash
# Meetings that know what day it is (schema 011), on a clock the test
# moves: a meeting's life from planning to retention, with every time
# rule hit on both sides of its boundary - no planning or scheduling in
# the past without --force, registration closing at the start, the door
# open from two hours before the start to an hour after the end, closing
# only once begun, the unclosed list a day after the end, retention from
# the end whether closed or not - and the calendar: a UID that does not
# depend on the host and a SEQUENCE each change raises.
. "$(dirname "$0")/lib.sh"

if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP civicd was built without -Dtest-clock=true"
	exit 0
fi
export CIVIC_TEST_CLOCK=$T/clock
at() { date -d "$1" +%s >"$CIVIC_TEST_CLOCK"; }
at 2030-04-01T08:00:00Z
start_daemon || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }
plain() { as "$U_PLAIN" "$G_SOCKET" "$CIVIC" "$@"; }
forced() { admin --json audit list --action "$1" | jq -c '[.entries[] | .details.forced // .details.outside_hours // false]'; }

# --- planning and scheduling ---
before=$(dbsum)
expect_status "a meeting planned in the past" 1 coord meeting create --title Før \
    --start "1.3.2030 17:00" --end 19:00 --capacity 10
expect_match "is refused, saying how to enter one that was held" "$(err)" \
    "^civic: --start is in the past; --force records a meeting that was held$"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "with --force it is entered" 0 coord --json meeting create --title Før \
    --start "1.3.2030 17:00" --end 19:00 --capacity 10 --force
OLD=$(out | jq .meeting.id)
expect_status "scheduling it" 1 coord meeting schedule "$OLD"
expect_match "is refused too" "$(err)" "^civic: the meeting starts 01\.03\.2030 17:00, in the past; --force schedules it"
expect_status "with --force" 0 coord meeting schedule --force "$OLD"
expect_eq "both are recorded as forced" "$(forced meeting.create) $(forced meeting.schedule)" "[true] [true]"

expect_status "a meeting on 2 May" 0 coord --json meeting create --title "Mange ældre – mange kulturer" \
    --venue "Ballerup Rådhus" --start "2.5.2030 17:30" --end 19:30 --capacity 4 --party-max 2
M=$(out | jq .meeting.id)
expect_eq "its UID names no host, its sequence starts at 0" \
    "$(out | jq -r '[.meeting.uid, .meeting.sequence] | join(" ")')" \
    "civic-meeting-$M-$(date -d 2030-04-01T08:00:00Z +%s)@civic 0"
expect_status "scheduled" 0 coord meeting schedule "$M"
expect_eq "when the door opens and closes, and registration" \
    "$(coord --json meeting show "$M" | jq -c '.meeting | [.checkin_opens, .checkin_closes, .registration_closes]')" \
    '["2030-05-02T13:30:00Z","2030-05-02T18:30:00Z",null]'
coord meeting show "$M" >"$T/show"
expect_match "civic shows when registration closes" "$(cat "$T/show")" "^Registration closes: +02\.05\.2030 17:30$"
expect_match "and when the door is open" "$(cat "$T/show")" "^Check-in: +from 02\.05\.2030 15:30 to 02\.05\.2030 20:30$"

# --- the calendar ---
expect_status "the public calendar, for anyone" 0 plain meeting export --ics
ics=$(out | tr -d '\r')
expect_match "holds the upcoming meeting" "$ics" "SUMMARY:Mange ældre – mange kulturer"
expect_match "with its UID" "$ics" "UID:civic-meeting-$M-[0-9]+@civic"
expect_match "scheduling raised its SEQUENCE" "$ics" "SEQUENCE:1"
expect_no_match "the past one is not upcoming" "$ics" "SUMMARY:Før"
expect_eq "one event" "$(printf '%s\n' "$ics" | grep -c '^BEGIN:VEVENT')" 1
coord meeting edit --venue "Ballerup Bibliotek" "$M" >/dev/null
expect_status "after a change" 0 coord meeting export --ics "$M"
expect_eq "the same UID, the next SEQUENCE" \
    "$(out | tr -d '\r' | grep -E '^(UID|SEQUENCE|LOCATION):' | paste -sd' ')" \
    "$(printf '%s\n' "$ics" | grep '^UID:') SEQUENCE:2 LOCATION:Ballerup Bibliotek"
coord meeting edit --capacity 5 "$M" >/dev/null
expect_eq "a change no calendar shows raises nothing" \
    "$(coord --json meeting show "$M" | jq .meeting.sequence)" 2

# --- registration closes at the start ---
at 2030-05-02T15:29:59Z
expect_status "a second before the start, a registration" 0 coord --json register --name "Aisha Khan" \
    --email aisha@example.org "$M"
A=$(out | jq .registration.id)
at 2030-05-02T15:30:01Z
before=$(dbsum)
expect_status "a second after" 1 coord register --name "Bo Berg" --email bo@example.org "$M"
expect_match "is refused, saying when it closed" "$(err)" \
    "^civic: registration has closed \(it closed 02\.05\.2030 17:30\); --force registers all the same$"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "a coordinator may still, with --force" 0 coord --json register --name "Bo Berg" \
    --email bo@example.org --force "$M"
B=$(out | jq .registration.id)
expect_eq "which the audit trail records" "$(forced registration.create)" "[false,true]"

# --- the door: two hours before the start to an hour after the end ---
at 2030-05-02T13:29:59Z
before=$(dbsum)
expect_status "a second before the door opens" 1 coord checkin --registration "$A" "$M"
expect_match "check-in is refused" "$(err)" "^civic: check-in has not opened yet \(it opens 02\.05\.2030 15:30\)"
expect_status "so is a walk-in" 1 coord register --walk-in --name Gorm "$M"
expect_match "for the same reason" "$(err)" "^civic: check-in has not opened yet"
at 2030-05-02T13:30:00Z
expect_status "when it opens, check-in" 0 coord checkin --registration "$A" "$M"
expect_status "and a walk-in" 0 coord register --walk-in --name Gorm "$M"
at 2030-05-02T18:30:01Z
expect_status "a second after the door closes" 1 coord checkin --registration "$B" "$M"
expect_match "is refused" "$(err)" "^civic: check-in has closed \(it closed 02\.05\.2030 20:30\); --force checks in all the same$"
expect_eq "both refusals are recorded" \
    "$(sqlite3 "$DB" "SELECT group_concat(reason, ', ') FROM (SELECT reason FROM checkin_failure ORDER BY id)")" \
    "too early, too late"
expect_status "entered from the paper list, with --force" 0 coord checkin --force --registration "$B" "$M"
expect_eq "recorded as outside the hours" "$(forced registration.checkin)" "[false,true]"

# --- closing, and the meeting nobody closed ---
expect_status "a second meeting" 0 coord --json meeting create --title Glemt \
    --start "9.5.2030 17:00" --end 19:00 --capacity 10
G=$(out | jq .meeting.id)
coord meeting schedule "$G" >/dev/null
coord register --name "Karin Holm" --email karin@example.org "$G" >/dev/null
at 2030-05-09T14:59:59Z
expect_status "closing it before it began" 1 coord meeting close --head-count 3 "$G"
expect_match "is refused" "$(err)" "^civic: the meeting starts 09\.05\.2030 17:00; it can be closed once it has begun"
at 2030-05-10T16:59:59Z
expect_eq "a day after its end it is not yet unclosed; the two before are" \
    "$(coord --json meeting list --unclosed | jq -c '[.meetings[].id]')" "[$OLD,$M]"
at 2030-05-10T17:00:01Z
expect_eq "then it is too" \
    "$(coord --json meeting list --unclosed | jq -c '[.meetings[].id]')" "[$OLD,$M,$G]"
expect_status "a plain user may not ask" 1 plain meeting list --unclosed
expect_status "the first meeting is closed" 0 coord meeting close --head-count 3 "$M"
expect_eq "and is no longer unclosed" "$(coord --json meeting list --unclosed | jq -c '[.meetings[].id]')" "[$OLD,$G]"

# --- retention counts from the end, closed or not ---
names() { sqlite3 "$DB" "SELECT group_concat(name, ', ') FROM (SELECT name FROM registrant ORDER BY registration_id)"; }
at 2030-06-01T17:29:00Z
expect_status "a minute short of 30 days after the first ended" 0 admin --json privacy purge
expect_eq "nothing is due" "$(out | jq .registrants)" 0
at 2030-06-01T17:31:00Z
admin privacy purge >/dev/null
expect_eq "30 days after its end its people's details go, though it was closed only later" \
    "$(names)" "Karin Holm"
at 2030-06-08T17:01:00Z
admin privacy purge >/dev/null
expect_eq "and 30 days after the end of the one nobody closed, its too" "$(names)" ""

stop_daemon
expect_tally "the running figures add up"
done_testing
