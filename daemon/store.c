/*
 * store.c - opening the database, migrations, the statement cache and
 * transactions (see store.h and store-internal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "schema.h"
#include "store-internal.h"

/* "CIVC": marks the file as civic's (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x43495643

#define STORE_BUSY_TIMEOUT_MS 5000

int
store_schema_latest(void)
{
	return (int)schema_migrations_count;
}

int
store_schema_version(const struct store *s)
{
	return s->version;
}

/* Runs a pragma or query that returns one integer. */
static int
store_int_query(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = store_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/* Refuses paths SQLite would fail on with a vaguer message. */
static int
store_check_path(const char *path, char *err, size_t errlen)
{
	struct stat sb;
	char *copy, *dir;
	int ret = -1;

	if ((copy = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	dir = dirname(copy);
	if (stat(dir, &sb) != 0) {
		snprintf(err, errlen, "%s: cannot use directory %s: %s", path,
		    dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: %s is not a directory", path, dir);
		goto out;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		snprintf(err, errlen,
		    "%s: directory %s is not writable (the database and its "
		    "write-ahead log are created there): %s",
		    path, dir, strerror(errno));
		goto out;
	}
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file", path);
			goto out;
		}
		if (access(path, R_OK | W_OK) != 0) {
			snprintf(err, errlen,
			    "%s: cannot read and write the database: %s", path,
			    strerror(errno));
			goto out;
		}
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

/*
 * Decides, before anything is written, whether the file is a database we
 * may use. Only reads: a refused file is left as it was.
 */
int
store_check_identity(struct store *s, char *err, size_t errlen)
{
	int64_t version = 0, app = 0, tables = 0;
	int rc;

	rc = store_int_query(s->db, "SELECT count(*) FROM sqlite_master",
	    &tables);
	if (rc == SQLITE_NOTADB) {
		snprintf(err, errlen,
		    "%s: not an SQLite database (is the path right?)", s->path);
		return -1;
	}
	if (rc == SQLITE_OK)
		rc = store_int_query(s->db, "PRAGMA user_version", &version);
	if (rc == SQLITE_OK)
		rc = store_int_query(s->db, "PRAGMA application_id", &app);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot read the database: %s",
		    s->path, sqlite3_errstr(rc));
		return -1;
	}
	if (app != 0 && app != STORE_APPLICATION_ID) {
		snprintf(err, errlen,
		    "%s: an SQLite database of another program "
		    "(application_id %#llx), not civic's",
		    s->path, (unsigned long long)app);
		return -1;
	}
	if (app == 0 && (version != 0 || tables != 0)) {
		snprintf(err, errlen,
		    "%s: an SQLite database, but not civic's (it has %lld "
		    "tables and no civic application id)",
		    s->path, (long long)tables);
		return -1;
	}
	if (version > store_schema_latest()) {
		snprintf(err, errlen,
		    "%s: schema version %lld is newer than this civicd "
		    "knows (%d); run a newer civicd or restore a backup "
		    "made by this version",
		    s->path, (long long)version, store_schema_latest());
		return -1;
	}
	if (version < 0) {
		snprintf(err, errlen, "%s: impossible schema version %lld",
		    s->path, (long long)version);
		return -1;
	}
	s->version = (int)version;
	return 0;
}

/*
 * The columns that hold a person's data. A statement that reads one is
 * marked when it is prepared, so that the suite can prove which methods
 * read personal data (struct store_call_note).
 */
static const struct {
	const char *table, *column;
} store_personal[] = {
	{ "applicant", "name" },
	{ "applicant_contact", "contact_person" },
	{ "applicant_contact", "email" },
	{ "applicant_contact", "phone" },
	{ "applicant_contact", "address" },
	{ "registrant", "name" },
	{ "registrant", "email" },
	{ "registrant", "phone" },
	{ "registrant", "accessibility" },
	{ "registrant", "note" },
};

static int
store_authorize(void *arg, int action, const char *table, const char *column,
    const char *db, const char *trigger)
{
	struct store *s = arg;
	size_t i;

	(void)db;
	(void)trigger;
	if (action != SQLITE_READ || table == NULL || column == NULL)
		return SQLITE_OK;
	for (i = 0; i < sizeof store_personal / sizeof store_personal[0]; i++)
		if (strcmp(store_personal[i].table, table) == 0 &&
		    strcmp(store_personal[i].column, column) == 0)
			s->preparing_personal = true;
	return SQLITE_OK;
}

static int
store_pragmas(struct store *s, char *err, size_t errlen)
{
	static const char *const pragmas[] = {
		"PRAGMA synchronous = FULL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA trusted_schema = OFF",
		"PRAGMA secure_delete = ON",
	};
	sqlite3_stmt *st;
	const char *mode;
	char *msg = NULL;
	size_t i;
	int rc;

	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_set_authorizer(s->db, store_authorize, s);
	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc == SQLITE_OK && store_step(st) == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(st, 0);
		if (mode == NULL || strcmp(mode, "wal") != 0)
			rc = SQLITE_ERROR;
	} else
		rc = rc == SQLITE_OK ? sqlite3_errcode(s->db) : rc;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen,
		    "%s: cannot switch to write-ahead logging: %s", s->path,
		    sqlite3_errmsg(s->db));
		return -1;
	}
	for (i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
		if (sqlite3_exec(s->db, pragmas[i], NULL, NULL, &msg) !=
		    SQLITE_OK) {
			snprintf(err, errlen, "%s: %s: %s", s->path, pragmas[i],
			    msg != NULL ? msg : "failed");
			sqlite3_free(msg);
			return -1;
		}
	}
	return 0;
}

/* Applies migrations version+1 .. latest, each in its own transaction. */
static int
store_migrate(struct store *s, char *err, size_t errlen)
{
	const struct schema_file *m;
	char *msg = NULL, sql[96];
	int v;

	for (v = s->version; v < store_schema_latest(); v++) {
		m = &schema_migrations[v];
		snprintf(sql, sizeof sql,
		    "PRAGMA user_version = %d; PRAGMA application_id = %d",
		    v + 1, STORE_APPLICATION_ID);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
			SQLITE_OK ||
		    sqlite3_exec(s->db, m->text, NULL, NULL, &msg) !=
			SQLITE_OK ||
		    sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) !=
			SQLITE_OK) {
			snprintf(err, errlen, "%s: migration %s failed: %s",
			    s->path, m->name, msg != NULL ? msg : "?");
			sqlite3_free(msg);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		log_info("%s: applied migration %s", s->path, m->name);
		s->version = v + 1;
	}
	return 0;
}

struct store *
store_open(const char *path, char *err, size_t errlen)
{
	struct store *s;
	int rc;

	if (store_check_path(path, err, errlen) != 0)
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	s->lock_fd = -1;
	rc = sqlite3_open_v2(path, &s->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
		SQLITE_OPEN_EXRESCODE,
	    NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	/* One civicd per database, and none while a backup is restored into
	 * it: a lock of our own (flock, which SQLite's fcntl locks do not
	 * meet), held as long as the store is open. */
	if ((s->lock_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen,
		    errno == EWOULDBLOCK
			? "%s: another civicd, or civicd --restore, is using "
			  "this database"
			: "%s: cannot lock: %s",
		    path, strerror(errno));
		goto fail;
	}
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(err, errlen, "%s: the database is read-only", path);
		goto fail;
	}
	if (store_check_identity(s, err, errlen) != 0 ||
	    store_pragmas(s, err, errlen) != 0 ||
	    store_migrate(s, err, errlen) != 0)
		goto fail;
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nslots; i++)
		sqlite3_finalize(s->slots[i].stmt);
	free(s->slots);
	if (s->db != NULL && sqlite3_close(s->db) != SQLITE_OK)
		log_warn("%s: closing: %s", s->path, sqlite3_errmsg(s->db));
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->path);
	free(s);
}

static size_t
store_slot_index(const struct store *s, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(h >> 7) & (s->nslots - 1);
}

static int
store_slots_grow(struct store *s)
{
	struct store_slot *old = s->slots;
	size_t oldn = s->nslots, i, j;

	s->nslots = oldn == 0 ? 64 : oldn * 2;
	if ((s->slots = calloc(s->nslots, sizeof *s->slots)) == NULL) {
		s->slots = old;
		s->nslots = oldn;
		return -1;
	}
	for (i = 0; i < oldn; i++) {
		if (old[i].sql == NULL)
			continue;
		j = store_slot_index(s, old[i].sql);
		while (s->slots[j].sql != NULL)
			j = (j + 1) & (s->nslots - 1);
		s->slots[j] = old[i];
	}
	free(old);
	return 0;
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql)
{
	struct store_slot *slot;
	size_t i;
	int rc;

	if ((s->nused + 1) * 2 > s->nslots && store_slots_grow(s) != 0)
		return NULL;
	i = store_slot_index(s, sql);
	while (s->slots[i].sql != NULL && s->slots[i].sql != sql)
		i = (i + 1) & (s->nslots - 1);
	slot = &s->slots[i];
	if (slot->sql == NULL) {
		s->preparing_personal = false;
		rc = sqlite3_prepare_v3(s->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL);
		if (rc != SQLITE_OK) {
			log_err("preparing \"%s\": %s", sql,
			    sqlite3_errmsg(s->db));
			slot->stmt = NULL;
			return NULL;
		}
		slot->sql = sql;
		slot->personal = s->preparing_personal;
		s->nused++;
	}
	if (slot->personal)
		s->note.personal = true;
	/* A read call cannot change anything (store_call_begin). PRAGMA
	 * query_only would do the same, but setting it expires every
	 * prepared statement, running ones too. */
	if (s->tx_read && !sqlite3_stmt_readonly(slot->stmt)) {
		log_err("a read call tried to write: %s", sql);
		return NULL;
	}
	return slot->stmt;
}

/* The first bind that failed since the last step, or SQLITE_OK. civicd
 * is one thread; so is each test. */
static int store_bind_rc = SQLITE_OK;

static int
store_bound(int rc)
{
	if (rc != SQLITE_OK && store_bind_rc == SQLITE_OK)
		store_bind_rc = rc;
	return rc;
}

int
store_bind_int(sqlite3_stmt *st, int col, int v)
{
	return store_bound(sqlite3_bind_int(st, col, v));
}

int
store_bind_int64(sqlite3_stmt *st, int col, sqlite3_int64 v)
{
	return store_bound(sqlite3_bind_int64(st, col, v));
}

int
store_bind_null(sqlite3_stmt *st, int col)
{
	return store_bound(sqlite3_bind_null(st, col));
}

int
store_bind_text(sqlite3_stmt *st, int col, const char *v, int n,
    void (*destructor)(void *))
{
	return store_bound(sqlite3_bind_text(st, col, v, n, destructor));
}

int
store_bind_blob(sqlite3_stmt *st, int col, const void *v, int n,
    void (*destructor)(void *))
{
	return store_bound(sqlite3_bind_blob(st, col, v, n, destructor));
}

int
store_step(sqlite3_stmt *st)
{
	int rc = store_bind_rc;

	if (rc == SQLITE_OK)
		return sqlite3_step(st);
	store_bind_rc = SQLITE_OK;
	log_err("a parameter of \"%s\" could not be bound: %s", sqlite3_sql(st),
	    sqlite3_errstr(rc));
	return rc;
}

void
store_done(sqlite3_stmt *st)
{
	/* A statement given up after a failed bind takes the failure with
	 * it; the next one starts clean. */
	store_bind_rc = SQLITE_OK;
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The schema's own refusals: triggers RAISE "civic:<rule>: ...". */
static const struct {
	const char *prefix;
	enum civic_err err;
} store_rules[] = {
	{ "civic:budget:", CIVIC_E_BUDGET_EXCEEDED },
	{ "civic:cap:", CIVIC_E_CAP_EXCEEDED },
	{ "civic:paid:", CIVIC_E_INVALID_PARAMETER },
	{ "civic:state:", CIVIC_E_INVALID_STATE },
	{ "civic:full:", CIVIC_E_MEETING_FULL },
};

enum civic_err
store_fail(struct store *s, int rc, const char *what)
{
	const char *msg = sqlite3_errmsg(s->db);
	size_t i;

	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		for (i = 0; i < sizeof store_rules / sizeof store_rules[0];
		     i++) {
			if (strncmp(msg, store_rules[i].prefix,
				strlen(store_rules[i].prefix)) == 0) {
				log_info("%s: the schema refused: %s", s->path,
				    msg);
				return store_rules[i].err;
			}
		}
	}
	log_err("%s: %s: %s (%s)", s->path, what, sqlite3_errstr(rc), msg);
	return CIVIC_E_INTERNAL;
}

enum civic_err
store_run(struct store *s, sqlite3_stmt *st)
{
	int rc;

	rc = store_step(st);
	store_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, rc, sqlite3_sql(st));
	return CIVIC_OK;
}

/*
 * Transactions nest: the outermost is BEGIN (IMMEDIATE for writes), the
 * ones inside it savepoints, so that a store function is all or nothing
 * inside the dispatcher's transaction as it is outside one.
 */
static enum civic_err
store_exec(struct store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	rc = store_step(st);
	store_done(st);
	return rc == SQLITE_DONE ? CIVIC_OK : store_fail(s, rc, what);
}

enum civic_err
store_tx_begin(struct store *s)
{
	static const char begin[] = "BEGIN IMMEDIATE";
	static const char savepoint[] = "SAVEPOINT store";
	enum civic_err err;

	err = store_exec(s, s->tx_depth == 0 ? begin : savepoint,
	    "beginning a transaction");
	if (err == CIVIC_OK)
		s->tx_depth++;
	return err;
}

void
store_tx_rollback(struct store *s)
{
	static const char rollback[] = "ROLLBACK";
	static const char rollback_to[] = "ROLLBACK TO store";
	static const char release[] = "RELEASE store";

	if (s->tx_depth == 0)
		return;
	if (sqlite3_get_autocommit(s->db)) {
		/* SQLite already rolled it all back (an I/O error, say). */
		s->tx_depth = 0;
		return;
	}
	if (--s->tx_depth == 0) {
		if (store_exec(s, rollback, "rolling back") != CIVIC_OK)
			log_err("%s: rollback failed", s->path);
		s->tx_read = false;
	} else if (store_exec(s, rollback_to, "rolling back") != CIVIC_OK ||
	    store_exec(s, release, "rolling back") != CIVIC_OK)
		log_err("%s: rollback to a savepoint failed", s->path);
}

enum civic_err
store_tx_commit(struct store *s)
{
	static const char commit[] = "COMMIT";
	static const char release[] = "RELEASE store";

	if (s->tx_depth == 0 || sqlite3_get_autocommit(s->db)) {
		s->tx_depth = 0;
		log_err("%s: committing a transaction that is gone", s->path);
		return CIVIC_E_INTERNAL;
	}
	if (store_exec(s, s->tx_depth == 1 ? commit : release, "committing") !=
	    CIVIC_OK) {
		store_tx_rollback(s);
		return CIVIC_E_INTERNAL;
	}
	if (--s->tx_depth == 0)
		s->tx_read = false;
	return CIVIC_OK;
}

enum civic_err
store_tx_end(struct store *s, enum civic_err err)
{
	if (err != CIVIC_OK) {
		store_tx_rollback(s);
		return err;
	}
	return store_tx_commit(s);
}

enum civic_err
store_call_begin(struct store *s, bool write)
{
	static const char begin[] = "BEGIN";
	enum civic_err err;

	if (s->tx_depth != (s->group && write ? 1 : 0))
		fatal("store: a call began inside a transaction");
	memset(&s->note, 0, sizeof s->note);
	s->note.changes = sqlite3_total_changes64(s->db);
	if (write)
		return store_tx_begin(s);
	if ((err = store_exec(s, begin, "beginning a read")) != CIVIC_OK)
		return err;
	s->tx_depth = 1;
	s->tx_read = true;
	return CIVIC_OK;
}

enum civic_err
store_call_end(struct store *s, enum civic_err err,
    struct store_call_note *note)
{
	err = store_tx_end(s, err);
	s->tx_read = false;
	if (note != NULL) {
		*note = s->note;
		note->changes = sqlite3_total_changes64(s->db) -
		    s->note.changes - s->note.log_rows;
	}
	return err;
}

void
store_note_personal(struct store *s)
{
	s->note.personal = true;
}

enum civic_err
store_group_begin(struct store *s)
{
	enum civic_err err;

	if (s->tx_depth != 0)
		fatal("store: a group began inside a transaction");
	if ((err = store_tx_begin(s)) == CIVIC_OK)
		s->group = true;
	return err;
}

enum civic_err
store_group_commit(struct store *s)
{
#if CIVIC_TEST_CLOCK
	const char *fail;
#endif

	if (!s->group)
		return CIVIC_OK;
	s->group = false;
#if CIVIC_TEST_CLOCK
	/* The suite's one fault: a commit that fails as a full disk's would
	 * (tests/integration/group.sh), named by a file it removes. */
	fail = getenv("CIVIC_TEST_FAIL_COMMIT");
	if (fail != NULL && fail[0] != '\0' && unlink(fail) == 0) {
		log_err("%s: commit failed: database or disk is full (test)",
		    s->path);
		store_tx_rollback(s);
		return CIVIC_E_INTERNAL;
	}
#endif
	return store_tx_commit(s);
}

bool
store_group_open(const struct store *s)
{
	return s->group;
}

bool
store_group_alive(const struct store *s)
{
	return s->group && s->tx_depth == 1 && !sqlite3_get_autocommit(s->db);
}

void
store_col_text(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
}

int
store_bind_text_or_null(sqlite3_stmt *st, int col, const char *s)
{
	if (s == NULL || *s == '\0')
		return store_bind_null(st, col);
	return store_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
}

char *
store_col_dup(sqlite3_stmt *st, int col, bool *oom)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	char *copy;

	if (t == NULL)
		return NULL;
	if ((copy = strdup((const char *)t)) == NULL)
		*oom = true;
	return copy;
}

enum civic_err
store_int(struct store *s, const char *sql, int64_t a, int64_t b, int64_t c,
    int64_t *out)
{
	const int64_t args[3] = { a, b, c };
	sqlite3_stmt *st;
	int i, rc;

	*out = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	for (i = 0; i < 3 && args[i] != INT64_MIN; i++)
		store_bind_int64(st, i + 1, args[i]);
	rc = store_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, sql);
	return CIVIC_OK;
}

enum civic_err
store_row_by_id(struct store *s, const char *sql, int64_t id,
    void *(*make)(sqlite3_stmt *), void **out, const char *what)
{
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	rc = store_step(st);
	if (rc == SQLITE_ROW && (*out = make(st)) == NULL)
		err = CIVIC_E_INTERNAL;
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, what);
	if (err == CIVIC_OK && *out == NULL)
		err = CIVIC_E_NOT_FOUND;
	return err;
}

bool
store_is_empty(struct store *s)
{
	int64_t n = 0;

	if (store_int_query(s->db, "SELECT count(*) FROM applicant", &n) !=
	    SQLITE_OK)
		return false;
	return n == 0;
}

enum civic_err
store_replace_set(struct store *s, const char *del, const char *ins, int64_t id,
    const char *const *v, size_t n)
{
	sqlite3_stmt *st;
	enum civic_err err;
	size_t i;

	if ((st = store_stmt(s, del)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	for (i = 0; i < n; i++) {
		if ((st = store_stmt(s, ins)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, id);
		store_bind_text(st, 2, v[i], -1, SQLITE_TRANSIENT);
		if ((err = store_run(s, st)) != CIVIC_OK)
			return err;
	}
	return CIVIC_OK;
}
