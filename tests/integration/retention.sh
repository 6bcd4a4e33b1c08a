#!/bin/bash
# Retention in slices: what is due is erased at most 2,000 rows of each
# kind a transaction (daemon/store-privacy.h, RETENTION_SLICE), each with
# its audit entry, the next slice after the loop has served the others,
# at start, by the timer, and by `civic privacy purge`, whose reply waits
# for the last slice and counts them all. privacy.sh proves what is due.
. "$(dirname "$0")/lib.sh"

admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }

# MEETING N: a meeting held in 2017 with N registrants, due long ago.
meeting_sql() {
	echo "BEGIN;
INSERT INTO meeting (id, title, status, capacity, starts_at, ends_at, created_at, updated_at)
VALUES ($1, 'Gammel $1', 'scheduled', 100000, 1493737200, 1493744400, 0, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO registration (id, meeting_id, status, seats, code, created_at, confirmed_at)
SELECT $1 * 100000 + i, $1, 'confirmed', 1, printf('M%07d', $1 * 100000 + i), 0, 0 FROM n;
INSERT INTO registrant (registration_id, meeting_id, name, email, consent)
SELECT id, $1, 'Person ' || id, 'p' || id || '@example.org', id % 100 = 0
FROM registration WHERE meeting_id = $1;
UPDATE meeting SET status = 'held', head_count = 0, closed_at = 1493744400 WHERE id = $1;
COMMIT;"
}
registrants() { sqlite3 "$DB" "SELECT count(*) FROM registrant WHERE meeting_id = $1"; }
runs() { sqlite3 "$DB" "SELECT count(*) FROM audit_entry WHERE action = 'retention.run'"; }

start_daemon || exit 1
stop_daemon
sqlite3 "$DB" "$(meeting_sql 1 4500)" || not_ok "a meeting of 4,500 held in 2017"
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100)
    INSERT INTO access_log (at, uid, user, roles, method, subject_kind, subject_id, outcome)
    SELECT 0, 0, 'root', 'admin', 'dk.civic.meetings.DoorList', 'meeting', 1, 'read' FROM n" ||
    not_ok "2,100 old access-log rows"
expect_eq "4,500 registrants due" "$(registrants 1)" 4500

# At start: in three slices, each its own transaction and audit entry.
start_daemon || exit 1
await_log "retention: erased" || not_ok "the start-up run ended"
expect_match "civicd says what the run erased, in how many transactions" "$(cat "$LOG")" \
    "retention: erased the contact details of 4500 registrants and 0 applicants, and 2100 access-log entries \(3 transactions\)"
expect_eq "none left" "$(registrants 1)" 0
expect_eq "three audit entries, by civicd, each at most 2,000 of a kind" \
    "$(admin --json audit list --action retention.run | jq -c '[.entries[] | [.actor.user, .details.registrants, .details.consented, .details.access_log]]')" \
    '[["civicd",2000,20,2000],["civicd",2000,20,100],["civicd",500,5,0]]'

# A purge on demand over more than a slice: the reply waits for the last.
sqlite3 "$DB" "$(meeting_sql 2 2500)" || not_ok "a meeting of 2,500 held in 2017"
before=$(dbsum)
expect_status "a dry run" 0 admin --json privacy purge --dry-run
expect_eq "counts all 2,500 at once" "$(out | jq -c '[.dry_run, .registrants, .consented]')" "[true,2500,25]"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "the purge" 0 admin --json privacy purge
expect_eq "says it erased all 2,500" "$(out | jq -c '[.dry_run, .registrants, .consented, .access_log]')" "[false,2500,25,0]"
expect_eq "which are gone when it answers" "$(registrants 2)" 0
expect_eq "in two transactions, audited as the admin" \
    "$(admin --json audit list --action retention.run | jq -c '[.entries[3:][] | [.actor.uid, .details.registrants]]')" \
    "[[$U_ADMIN,2000],[$U_ADMIN,500]]"
expect_eq "the trail still verifies" "$(admin --json audit verify | jq .ok)" true

stop_daemon
expect_tally "the registrations' counts stay"
done_testing
