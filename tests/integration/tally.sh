#!/bin/bash
# The running figures of meetings (schema/005-tally.sql) and of fund
# years (006-fund-tally.sql): made from the registrations, applications
# and payments of a database of schema 4 when it is migrated, kept by
# every change after, and what Show, ShowYear, the capacity rule and the
# budget rule read. meetings.sh, meetings-rush.sh, group.sh, fund.sh,
# fund-race.sh and crash.sh check them too.
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
INSERT INTO registration_need VALUES (1, 'wheelchair'), (2, 'wheelchair'), (4, 'hearing');
INSERT INTO applicant (id, kind, name, created_at) VALUES (1, 'association', 'Gammel Forening', 0);
INSERT INTO fund_year (year, budget, cap, carry_over, created_at, updated_at)
VALUES (2016, 10000000, 5000000, 0, 0, 0), (2017, 2400000, 5000000, 0, 0, 0);
INSERT INTO application (id, applicant_id, status, year, seq, title, description, integration,
    target_group, participants, start_date, end_date, requested, granted, returned,
    created_at, updated_at)
VALUES (1, 1, 'paid', 2016, 1, 'a', 'a', 'a', 'a', 1, '2016-01-01', '2016-02-01', 3000000, 2500000, 0, 0, 0),
       (2, 1, 'paid', 2017, 1, 'b', 'b', 'b', 'b', 1, '2017-01-01', '2017-02-01', 2000000, 2000000, 0, 0, 0),
       (3, 1, 'submitted', 2017, 2, 'c', 'c', 'c', 'c', 1, '2017-01-01', '2017-02-01', 1000000, NULL, 0, 0, 0),
       (4, 1, 'submitted', 2017, 3, 'd', 'd', 'd', 'd', 1, '2017-01-01', '2017-02-01', 1000000, NULL, 0, 0, 0),
       (5, 1, 'paid', 2016, 2, 'e', 'e', 'e', 'e', 1, '2016-01-01', '2016-02-01', 1000000, 1000000, 0, 0, 0);
INSERT INTO payment (application_id, paid_on, amount, reference, recorded_at, recorded_by)
VALUES (1, '2016-01-05', 2000000, 'B1', 0, 0), (2, '2017-01-05', 1500000, 'B2', 0, 0),
       (5, '2016-01-05', 1000000, 'B5', 0, 0);
UPDATE application SET status = 'closed', returned = 500000 WHERE id = 1;
-- Paid 10.000, spent 8.000: the old returned held 2.000 to pay back.
INSERT INTO accounts (application_id, status, participants, report, spent, submitted_at, decided_at)
VALUES (5, 'accepted', 1, 'r', 800000, 1456000000, 1456790400);
UPDATE application SET status = 'closed', returned = 200000 WHERE id = 5;
INSERT INTO application_event (application_id, at, actor_uid, kind, status, amount, text)
VALUES (3, 0, 0, 'information requested', 'awaiting_information', NULL, 'Hvem deltager?'),
       (1, 0, 0, 'accounts submitted', 'paid', 1500000, NULL),
       (1, 0, 0, 'accounts accepted', 'closed', 500000,
        'the project spent less than it was paid; the difference is to be paid back'),
       (4, 0, 0, 'conflict of interest declared', 'submitted', NULL, 'bestyrelsesmedlem');" ||
    not_ok "a schema 4 database with registrations"
start_daemon || exit 1
expect_eq "civicd migrates it to the latest schema" "$(sqlite3 "$DB" 'PRAGMA user_version')" "$SCHEMA_LATEST"
expect_tally "the migration made the figures from the registrations"
expect_eq "migration 007 makes the history's kinds machine words, and drops civicd's English sentence" \
    "$(sqlite3 "$DB" "SELECT group_concat(kind || '=' || coalesce(text, '-'), ' ') FROM (SELECT kind, text FROM application_event ORDER BY id)")" \
    "information_requested=Hvem deltager? accounts_submitted=- accounts_accepted=- conflict_declared=bestyrelsesmedlem"
expect_fund_tally "and each fund year's from its applications and payments"
expect_status "the fund years show them" 0 "$CIVIC" --json fund show 2017
expect_eq "2017: 20.000 committed, 15.000 paid, 4.000 left" \
    "$(out | jq -c '[.year.committed, .year.paid, .year.remaining]')" '["20000.00","15000.00","4000.00"]'
expect_status "2016 too" 0 "$CIVIC" --json fund show 2016
expect_eq "2016: 35.000 committed, 5.000 released, 30.000 paid, 2.000 to pay back, 70.000 left" \
    "$(out | jq -c '[.year.committed, .year.released, .year.paid, .year.outstanding, .year.left]')" \
    '["35000.00","5000.00","30000.00","2000.00","70000.00"]'
expect_eq "migration 010 splits what was returned: never paid is released, paid and not spent is due back" \
    "$(sqlite3 "$DB" "SELECT group_concat(id || ':' || released || '/' || due_back || '/' || coalesce(due_on, '-'), ' ') FROM application WHERE year = 2016")" \
    "1:500000/0/- 5:0/200000/2016-03-31"
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

# A fund year's figures follow a decision and a payment.
expect_status "approve a submitted one" 0 "$CIVIC" grant approve --amount 3.000 --committee "KFU 1" 2017-0002
expect_status "and pay it" 0 "$CIVIC" grant pay --amount 2.500 --reference "Bilag 9" 2017-0002
expect_fund_tally "after a decision and a payment"
expect_status "a grant the year cannot afford is refused" 1 "$CIVIC" grant approve --amount 5.000 --committee "KFU 2" 2017-0003
expect_match "by the budget rule" "$(err)" "BudgetExceeded"
expect_fund_tally "and after a refusal"
expect_status "an applicant corrected from association to citizen" 0 "$CIVIC" applicant edit --citizen --email gammel@example.org 1
expect_fund_tally "takes its applications' figures to the other kind"
expect_status "which ShowYear shows" 0 "$CIVIC" --json fund show 2017
expect_eq "2017's three applications are a citizen's now, with their money" \
    "$(out | jq -c '[.year.associations.applications, .year.citizens.applications, .year.citizens.committed, .year.citizens.paid]')" \
    '[0,3,"23000.00","17500.00"]'

# The check itself can fail: a figure off by one is found.
sqlite3 "$DB" "UPDATE meeting_tally SET waiting = waiting + 1 WHERE meeting_id = 1"
expect_eq "tally.sql finds a figure that does not add up" \
    "$(sqlite3 "$DB" <"$(dirname "$0")/tally.sql")" "meeting 1: tally differs"
sqlite3 "$DB" "UPDATE fund_year_tally SET paid = paid + 1 WHERE year = 2017"
expect_eq "fund-tally.sql finds one too" \
    "$(sqlite3 "$DB" <"$(dirname "$0")/fund-tally.sql")" "year 2017: tally differs"
stop_daemon
done_testing
