#!/bin/bash
# The database and the socket at start-up: files civicd must refuse are
# left untouched with a message that names them; a stale socket is
# cleaned up but a live one is never taken over; and what a reply calls
# done survives the daemon being killed.
. "$(dirname "$0")/lib.sh"

try_start() { # runs civicd that should refuse to start; output in $T/err
	timeout 10 "$CIVICD" --socket "$SOCK" --database "$1" "${@:2}" \
	    >"$T/out" 2>"$T/err"
}

start_daemon --demo || exit 1
expect_eq "the socket is mode 0660" "$(stat -c '%a' "$SOCK")" 660
expect_eq "and belongs to the socket group" "$(stat -c '%g' "$SOCK")" "$G_SOCKET"

try_start "$T/other.db"
expect_eq "a second civicd on a live socket exits 1" "$?" 1
expect_match "saying another process answers" "$(err)" "another process answers on this socket"
expect_status "the first one is untouched" 0 "$CIVIC" status

# What the daemon acknowledged survives kill -9.
expect_status "add an applicant" 0 "$CIVIC" --json applicant add --cvr 29403473 "Kill Nine Forening"
signed() { sqlite3 "$DB" "SELECT coalesce(max(count), 0) FROM audit_checkpoint"; }
entries() { sqlite3 "$DB" "SELECT max(seq) FROM audit_entry"; }
kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
expect_eq "killed, civicd left its last entry unsigned" \
    "$(test "$(signed)" -lt "$(entries)" && echo unsigned)" unsigned
expect_eq "after kill -9 the socket file is stale" "$(test -S "$SOCK" && echo yes)" yes
start_daemon --demo || exit 1
expect_match "a stale socket is removed and civicd starts" "$(cat "$LOG")" "removed a stale socket"
expect_eq "and it signed the unsigned tail at start" "$(signed)" "$(entries)"
expect_status "the acknowledged applicant is there" 0 "$CIVIC" --json applicant list
expect_eq "and the demo data was not added twice" \
    "$(out | jq -c '[.applicants[].name]')" \
    '["Røde Kors Ballerup","Venligboerne Ballerup","Amira Haddad","Kill Nine Forening"]'
stop_daemon
expect_eq "after SIGTERM the socket file is gone" "$(test -e "$SOCK" || echo gone)" gone
expect_eq "the database passes an integrity check" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok

# A newer schema: refused, and the file not changed by a byte.
sqlite3 "$DB" "PRAGMA user_version = 99"
before=$(sha256sum "$DB" | cut -d' ' -f1)
try_start "$DB"
expect_eq "a newer schema: exit 1" "$?" 1
expect_match "the message names the file and the versions" "$(err)" \
    "$DB: schema version 99 is newer than this civicd knows \($SCHEMA_LATEST\)"
expect_eq "the file is byte for byte the same" "$(sha256sum "$DB" | cut -d' ' -f1)" "$before"
expect_eq "and no socket was left behind" "$(test -e "$SOCK" || echo none)" none

printf 'Referat fra borgermødet\n%.0s' $(seq 1 100) >"$T/notes.txt"
before=$(sha256sum "$T/notes.txt" | cut -d' ' -f1)
try_start "$T/notes.txt"
expect_eq "a file that is not SQLite: exit 1" "$?" 1
expect_match "says so and names it" "$(err)" "$T/notes.txt: not an SQLite database"
expect_eq "and leaves it alone" "$(sha256sum "$T/notes.txt" | cut -d' ' -f1)" "$before"

sqlite3 "$T/firefox.db" "CREATE TABLE moz_places (id INTEGER)"
try_start "$T/firefox.db"
expect_match "another program's SQLite file is refused" "$(err)" "not civic's"

# Unwritable paths, as a user that cannot write them.
mkdir -m 0755 "$T/ro"
as "$U_PLAIN" "$G_SOCKET" timeout 10 "$CIVICD" --socket "$T/ro/s.sock" \
    --database "$T/ro/civic.db" >"$T/out" 2>"$T/err"
expect_eq "a database directory the user cannot write: exit 1" "$?" 1
expect_match "named, with the reason" "$(err)" "$T/ro/civic.db: directory $T/ro is not writable"
mkdir -m 0777 "$T/rw" && cp "$T/firefox.db" "$T/rw/x.db" && chmod 0644 "$T/rw/x.db"
as "$U_PLAIN" "$G_SOCKET" timeout 10 "$CIVICD" --socket "$T/rw/s.sock" \
    --database "$T/rw/x.db" >"$T/out" 2>"$T/err"
expect_match "a database file the user cannot write" "$(err)" "$T/rw/x.db: cannot read and write"
try_start "$T/nowhere/civic.db"
expect_match "a directory that does not exist" "$(err)" "$T/nowhere/civic.db: cannot use directory $T/nowhere: No such file"

# Socket places.
mkdir -m 1777 "$T/tmp"
timeout 10 "$CIVICD" --socket "$T/tmp/s.sock" --database "$T/d2.db" >"$T/out" 2>"$T/err"
expect_eq "a world-writable socket directory: exit 1" "$?" 1
expect_match "explains the danger" "$(err)" "socket directory $T/tmp is writable by everyone \(mode 1777\)"
touch "$T/plainfile"
timeout 10 "$CIVICD" --socket "$T/plainfile" --database "$T/d2.db" >"$T/out" 2>"$T/err"
expect_match "a non-socket file at the socket path is not touched" "$(err)" \
    "$T/plainfile exists and is not a socket; not touching it"
expect_eq "it is still there" "$(test -f "$T/plainfile" && echo there)" there

done_testing
