#!/bin/bash
# A meeting's running figures (schema/005-tally.sql): made from the
# registrations of a database of schema 4 when it is migrated, kept by
# every change after, and what Meetings.Show and the capacity rule read.
# meetings.sh, meetings-rush.sh, group.sh and crash.sh check them too.
. "$(dirname "$0")/lib.sh"

# civic's application_id, from a database civicd made.
start_daemon || exit 1
stop_daemon
app_id=$(sqlite3 "$DB" "PRAGMA application_id")
rm -f "$DB" "$DB"-wal "$DB"-shm
# A database of schema 4, with registrations of every kind in it, made
# from the migrations as they were.
for f in "$SCHEMA_DIR"/00[1-4]-*.sql; do cat "$f"; done >"$T/v4.sql"
sqlite3 "$DB" <"$T/v4.sql"
sqlite3 "$DB" "PRAGMA user_version = 4; PRAGMA application_id = $app_id;
INSERT INTO meeting (id, title, status, capacity, held_back, party_max, starts_at, ends_at, created_at, updated_at)
VALUES (1, 'Gammel', 'scheduled', 10, 1, 4, 2000000000, 2000007200, 0, 0);
INSERT INTO meeting_language VALUES (1, 'arabisk');
INSERT INTO registration (id, meeting_id, status, seats, code, language, childcare, walk_in, forced, created_at, confirmed_at, checked_in_at)
VALUES (1, 1, 'confirmed', 2, 'AAAA1111', 'arabisk', 1, 0, 0, 0, 0, NULL),
       (2, 1, 'confirmed', 3, 'AAAA2222', NULL, 0, 0, 0, 0, 0, 5),
       (3, 1, 'confirmed', 1, 'AAAA3333', 'arabisk', 0, 1, 1, 0, 0, 5),
       (4, 1, 'waiting', 4, NULL, NULL, 0, 0, 0, 0, NULL, NULL),
       (5, 1, 'cancelled', 2, NULL, NULL, 0, 0, 0, 0, NULL, NULL);
INSERT INTO registration_need VALUES (1, 'wheelchair'), (2, 'wheelchair'), (4, 'hearing');" ||
    not_ok "a schema 4 database with registrations"
start_daemon || exit 1
expect_eq "civicd migrates it to the latest schema" "$(sqlite3 "$DB" 'PRAGMA user_version')" "$SCHEMA_LATEST"
expect_tally "the migration made the figures from the registrations"
expect_status "the meeting shows" 0 "$CIVIC" --json meeting show 1
expect_eq "with the counts the registrations make" \
    "$(out | jq -c '.counts | [.confirmed, .confirmed_seats, .waiting, .waiting_seats, .checked_in, .walk_ins, .forced, .cancelled, .childcare]')" \
    "[3,6,1,4,2,1,1,1,1]"
expect_eq "by language and need, confirmed only" \
    "$(out | jq -c '[.counts.languages[] | [.name, .registrations, .seats]], [.counts.needs[] | [.name, .registrations, .seats]]' | paste -sd' ')" \
    '[["arabisk",2,3]] [["wheelchair",2,5]]'

# Every kind of change keeps them.
expect_status "cancel a confirmed one: the waiting one moves up" 0 "$CIVIC" registration cancel --reason X 1
expect_eq "the waiting one is confirmed" "$(sqlite3 "$DB" 'SELECT status FROM registration WHERE id = 4')" confirmed
expect_tally "after a cancellation and a promotion"
expect_status "register with a need and a language" 0 \
    "$CIVIC" register --name "Ny" --email ny@example.org --seats 1 --language arabisk --need hearing 1
expect_tally "after a registration"
expect_status "the seats left are what the tally says" 0 "$CIVIC" --json meeting show 1
free=$(out | jq '.meeting.capacity - .meeting.held_back - .counts.confirmed_seats')
expect_status "a party larger than the seats left waits" 0 "$CIVIC" --json register \
    --name "Stor" --email stor@example.org --seats "$((free + 1))" 1
expect_eq "on the waiting list" "$(out | jq -r .registration.status)" waiting
expect_tally "after a registration put on the waiting list"

# The check itself can fail: a figure off by one is found.
sqlite3 "$DB" "UPDATE meeting_tally SET waiting = waiting + 1 WHERE meeting_id = 1"
expect_eq "tally.sql finds a figure that does not add up" \
    "$(sqlite3 "$DB" <"$(dirname "$0")/tally.sql")" "meeting 1: tally differs"
stop_daemon
done_testing
