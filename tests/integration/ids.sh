#!/bin/bash
# An application's id is never used twice (schema 008): a deleted
# draft's id is not given to the next application, after a restart too,
# and the audit trail's entries for it tell of that draft alone. A
# database that deleted its newest draft before the migration keeps
# that id retired, from its audit trail.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
A=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq -r .token)
ra() { env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" "$@"; }
draft() {
	ra --json apply --title "$1" --description D --integration I --target-group G \
	    --participants 5 --start 1.2.2030 --end 1.3.2030 --line "Leje=1.000" | jq .application.id
}

one=$(draft "Første")
two=$(draft "Anden")
expect_eq "two drafts, one after the other" "$((two - one))" 1
expect_status "the newest is deleted" 0 ra application delete "$two"
three=$(draft "Tredje")
expect_eq "the next draft does not get its id" "$three" "$((two + 1))"
expect_eq "the deleted draft's audit entries are its own: created, delete" \
    "$("$CIVIC" --json audit list --object "application:$two" | jq -c '[.entries[].action]')" \
    '["application.created","application.delete"]'
expect_eq "and the new one's are its own" \
    "$("$CIVIC" --json audit list --object "application:$three" | jq -c '[.entries[] | .action]')" \
    '["application.created"]'
expect_status "the newest is deleted again" 0 ra application delete "$three"
stop_daemon
start_daemon || exit 1
four=$(draft "Fjerde")
expect_eq "after a restart too, no id comes back" "$four" "$((three + 1))"
expect_eq "the schema keeps the highest id given" \
    "$(sqlite3 "$DB" "SELECT last FROM id_high_water WHERE name = 'application'")" "$three"
stop_daemon

# A database of schema 7 whose newest draft was deleted before 008.
rm -f "$DB" "$DB"-wal "$DB"-shm
start_daemon || exit 1
A=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq -r .token)
one=$(draft "Første")
two=$(draft "Anden")
ra application delete "$two" >/dev/null || not_ok "the newest draft deleted"
stop_daemon
# Undo 009 and 008 (DROP COLUMN since SQLite 3.35).
sqlite3 "$DB" "DROP TRIGGER payment_reversal_whole; DROP TRIGGER payment_voucher_once;
    DROP INDEX payment_reversed; ALTER TABLE payment DROP COLUMN reason;
    ALTER TABLE payment DROP COLUMN reverses;
    DELETE FROM application_transition WHERE from_status = 'paid' AND to_status = 'approved';
    DROP TRIGGER application_id_retired; DROP TABLE id_high_water; PRAGMA user_version = 7" ||
    not_ok "the database made schema 7 again"
start_daemon || exit 1
expect_eq "the migration seeds the highest id from the audit trail" \
    "$(sqlite3 "$DB" "SELECT last FROM id_high_water WHERE name = 'application'")" "$two"
expect_eq "so the next draft does not take the deleted one's id" "$(draft "Tredje")" "$((two + 1))"
stop_daemon
done_testing
