#!/bin/bash
# civic admin backup and civicd --restore: a backup is a consistent copy
# taken while civicd serves (writers keep writing, a slow reader of the
# backup holds up nobody), kept only when whole; a restore checks the
# backup before it touches anything, keeps the database it replaces, and
# refuses while civicd runs.
. "$(dirname "$0")/lib.sh"

# Some bulk, so that a backup is larger than the buffers between us.
sqlite_bulk() {
	sqlite3 "$1" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
	    INSERT INTO access_log (at, uid, user, roles, method, subject_kind, subject_id, outcome)
	    SELECT strftime('%s','now'), 0, 'root', 'admin', 'dk.civic.applicants.List' || printf('%0200d', i), 'applicants', NULL, 'read' FROM n"
}
start_daemon --demo || exit 1
stop_daemon
sqlite_bulk "$DB"
start_daemon || exit 1
admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }
fsum() { sha256sum "$1" | cut -d' ' -f1; }
# Where the admin (not root) may write its backups.
BK=$T/backups
mkdir "$BK"
chmod 0777 "$BK"

# --- a backup ---
expect_status "an admin takes a backup" 0 admin admin backup "$BK/b1.db"
expect_match "and is told where it went, and its checksum" "$(out)" \
    "^Backed up the database \(schema $SCHEMA_LATEST, [0-9]+ bytes, sha256 [0-9a-f]{64}\) to $BK/b1.db\.$"
expect_eq "the checksum is the file's" "$(out | grep -oE '[0-9a-f]{64}')" "$(fsum "$BK/b1.db")"
expect_eq "it is private: it holds personal data" "$(stat -c %a "$BK/b1.db")" 600
expect_eq "it is a sound SQLite database" "$(sqlite3 "$BK/b1.db" 'PRAGMA integrity_check')" ok
expect_eq "standing alone, without a write-ahead log" \
    "$(sqlite3 "$BK/b1.db" 'PRAGMA journal_mode')" delete
expect_eq "it holds what the database holds" \
    "$(sqlite3 "$BK/b1.db" .dump | sha256sum)" "$(sqlite3 "$DB" .dump | sha256sum)"
expect_eq "the backup is in the access log, as a read of everything" \
    "$(sqlite3 "$DB" "SELECT uid, subject_kind, outcome FROM access_log WHERE method = 'dk.civic.admin.Backup'")" \
    "$U_ADMIN|database|read"
expect_eq "no temporary file is left beside the database" \
    "$(ls -a "$T" | grep -c '^\.civic-backup')" 0

expect_status "an existing file is not replaced" 2 admin admin backup "$BK/b1.db"
expect_match "without --force" "$(err)" "b1.db exists; give --force to replace it"
expect_status "with --force it is" 0 admin admin backup --force "$BK/b1.db"
expect_status "to standard output" 0 sh -c "'$CIVIC' admin backup - >'$T/b2.db'"
expect_eq "the same database" "$(sqlite3 "$T/b2.db" 'SELECT count(*) FROM applicant')" \
    "$(sqlite3 "$DB" 'SELECT count(*) FROM applicant')"
expect_eq "never to a terminal" \
    "$(script -qec "env NO_COLOR=1 $CIVIC admin backup -" /dev/null </dev/null | tr -d '\r')" \
    "civic: will not write a database to a terminal: give a FILE, or send standard output elsewhere"
expect_status "a coordinator may not take one" 1 \
    as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" admin backup "$BK/b3.db"
expect_eq "and no file is left" "$(ls "$BK" | grep -c '^b3\.db')" 0
expect_eq "without \"more\" the method says so" \
    "$(raw '{"method":"dk.civic.admin.Backup"}' | jq -r .error)" \
    "org.varlink.service.ExpectedMore"

# --- while civicd serves ---
# A reader that takes the first piece and then waits holds up no one.
python3 - "$SOCK" >"$T/slow" 2>&1 <<'PY' &
import base64, hashlib, json, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"method":"dk.civic.admin.Backup","more":true}\0')
buf, got, h, last = b'', 0, hashlib.sha256(), None
def replies():
    global buf
    while True:
        while b'\0' in buf:
            msg, buf = buf.split(b'\0', 1)
            yield json.loads(msg)
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
first = True
for r in replies():
    p = r['parameters']
    data = base64.b64decode(p['data'])
    h.update(data)
    got += len(data)
    if first:
        time.sleep(2)  # the slow part
        first = False
    if not r.get('continues'):
        last = p
        break
print(json.dumps({'got': got, 'sha256': h.hexdigest(), 'last': last}))
PY
slow=$!
sleep 0.5
start=$(date +%s%N)
expect_status "while a slow reader holds a backup, others are served" 0 \
    "$CIVIC" applicant add "Ny Forening"
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "at once, not after it (took $took ms)" "$([ "$took" -lt 1500 ] && echo yes)" yes
wait "$slow"
expect_eq "the slow reader gets it whole in the end" \
    "$(jq -r '(.got == .last.size) and (.sha256 == .last.sha256)' "$T/slow")" true

# Writers write while a backup is taken: the copy is one moment's.
writers=()
for k in 1 2 3; do
	( for i in $(seq 1 30); do "$CIVIC" applicant add "Skriver $k-$i" >/dev/null; done ) &
	writers+=($!)
done
sleep 0.2
expect_status "a backup taken while three writers write" 0 admin admin backup "$BK/b4.db"
wait "${writers[@]}"
expect_eq "is consistent: each applicant is there with its audit entry" \
    "$(sqlite3 "$BK/b4.db" "SELECT (SELECT count(*) FROM applicant) = (SELECT count(*) FROM audit_entry WHERE action = 'applicant.add')")" 1
expect_eq "and passes the integrity check" "$(sqlite3 "$BK/b4.db" 'PRAGMA integrity_check')" ok

# --- restore ---
before=$(sqlite3 "$BK/b1.db" 'SELECT count(*) FROM applicant')
expect_status "a restore while civicd runs" 1 \
    "$CIVICD" --database "$DB" --restore "$BK/b1.db"
expect_match "is refused" "$(err)" "civicd is using it; stop civicd first"
stop_daemon
live=$(fsum "$DB")
now=$(sqlite3 "$DB" 'SELECT count(*) FROM applicant')
# refused_restore DESC FILE WANT: the restore fails saying WANT, and the
# database is byte for byte as it was.
refused_restore() {
	expect_status "$1 is refused" 1 "$CIVICD" --database "$DB" --restore "$2"
	expect_match "$1: says why" "$(err)" "$3"
	expect_eq "$1: the database is untouched" "$(fsum "$DB")" "$live"
}
refused_restore "a file that is not there" "$T/nope.db" "No such file or directory"
echo "not a database" >"$T/text.db"
refused_restore "a file that is not SQLite" "$T/text.db" "not an SQLite database"
sqlite3 "$T/other.db" "CREATE TABLE t(x); PRAGMA application_id = 42"
refused_restore "another program's database" "$T/other.db" "another program"
cp "$BK/b1.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
refused_restore "a backup from a newer civicd" "$T/newer.db" "schema version 99 is newer"
# Damaged: garbage over the second page, the first table's root, which
# every layout of the schema uses.
cp "$BK/b1.db" "$T/damaged.db"
page=$(sqlite3 "$T/damaged.db" "PRAGMA page_size")
yes garbage | head -c "$page" |
    dd of="$T/damaged.db" bs="$page" seek=1 conv=notrunc 2>/dev/null
refused_restore "a damaged backup" "$T/damaged.db" "fails SQLite's integrity check"
refused_restore "the database itself" "$DB" "is the database itself"

expect_status "a sound backup is restored" 0 "$CIVICD" --database "$DB" --restore "$BK/b1.db"
expect_match "saying where the replaced database is kept" "$(err)" \
    "the database it replaces is kept in $DB\.before-restore-[0-9T]+"
kept=$(err | sed -n 's/.*is kept in \([^ ]*\)$/\1/p')
expect_eq "which holds what was there" "$(sqlite3 "$kept" 'SELECT count(*) FROM applicant')" "$now"
expect_eq "the database is the backup's" "$(sqlite3 "$DB" 'SELECT count(*) FROM applicant')" "$before"
start_daemon || exit 1
expect_status "civicd serves the restored database" 0 "$CIVIC" applicant show 1
expect_status "whose audit trail verifies" 0 "$CIVIC" audit verify
stop_daemon

# A large database is copied a few pages at a time, and a call that
# comes meanwhile is answered between the steps (the order is read from
# civicd's debug log, never from a clock); what is written meanwhile is
# in the copy.
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
    INSERT INTO access_log (at, uid, user, roles, method, subject_kind, subject_id, outcome)
    SELECT 0, 0, 'root', 'admin', printf('%0200d', i), 'test', NULL, 'read' FROM n"
: >"$LOG"
start_daemon --log-level debug || exit 1
"$CIVIC" admin backup "$T/big.db" >"$T/big.out" 2>&1 &
bpid=$!
await_log "dk.civic.admin.Backup: ok"
"$CIVIC" applicant add "Under kopieringen" >/dev/null
wait "$bpid"
expect_eq "a backup of $(($(stat -c %s "$DB") / 1048576)) MB succeeds" "$?" 0
expect_match "it was copied in several steps" "$(grep "backup: copied in" "$LOG" | tail -1)" \
    "in ([2-9]|[1-9][0-9]+) steps"
expect_between "the call that came meanwhile was answered between them" \
    "dk.civic.admin.Backup: ok" "dk.civic.applicants.Add: ok" "backup: copied in"
expect_eq "and what it wrote is in the copy" \
    "$(sqlite3 "$T/big.db" "SELECT count(*) FROM applicant WHERE name = 'Under kopieringen'")" 1
expect_eq "the copy is whole" "$(sqlite3 "$T/big.db" 'PRAGMA integrity_check')" ok
stop_daemon
done_testing
