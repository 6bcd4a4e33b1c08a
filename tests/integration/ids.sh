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

# A database of schema 7 whose newest draft was deleted before 008:
# its applicants and its audit trail, made by civicd, moved into a
# database made from the migrations up to 007 as they are.
rm -f "$DB" "$DB"-wal "$DB"-shm
start_daemon || exit 1
app_id=$(sqlite3 "$DB" "PRAGMA application_id")
A=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq -r .token)
one=$(draft "Første")
two=$(draft "Anden")
ra application delete "$two" >/dev/null || not_ok "the newest draft deleted"
stop_daemon
mv "$DB" "$T/latest.db"
rm -f "$DB"-wal "$DB"-shm
for f in "$SCHEMA_DIR"/00[1-7]-*.sql; do cat "$f"; done | sqlite3 "$DB"
sqlite3 "$DB" "PRAGMA user_version = 7; PRAGMA application_id = $app_id;
    ATTACH '$T/latest.db' AS latest;
    INSERT INTO applicant SELECT * FROM latest.applicant;
    INSERT INTO applicant_contact SELECT * FROM latest.applicant_contact;
    INSERT INTO applicant_token SELECT * FROM latest.applicant_token;
    INSERT INTO audit_entry SELECT * FROM latest.audit_entry;
    INSERT INTO audit_checkpoint SELECT * FROM latest.audit_checkpoint;" ||
    not_ok "a schema 7 database with the audit trail"
start_daemon || exit 1
expect_eq "the migration seeds the highest id from the audit trail" \
    "$(sqlite3 "$DB" "SELECT last FROM id_high_water WHERE name = 'application'")" "$two"
expect_eq "so the next draft does not take the deleted one's id" "$(draft "Tredje")" "$((two + 1))"
stop_daemon
done_testing
