/*
 * store-backup.c - online backups and offline restores (see
 * store-backup.h). Both go through SQLite's backup API, which copies
 * page by page inside a transaction and knows about the write-ahead log,
 * so neither ever copies a database file by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "store-backup.h"
#include "store-internal.h"

struct store_backup {
	struct store *s;
	sqlite3 *dest;       /* the copy, while it is made */
	sqlite3_backup *bk;  /* NULL once it is made */
	char path[PATH_MAX]; /* unlinked once it is made */
	int fd;
};

/*
 * Copies the whole of src into the database at path (made if missing),
 * leaving it in rollback-journal mode unless keep_wal. SQLITE_OK or an
 * SQLite error code; the reason goes to why.
 */
static int
backup_copy(sqlite3 *src, const char *path, bool keep_wal, char *why,
    size_t len)
{
	sqlite3_backup *bk;
	sqlite3 *dest = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &dest,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(dest, 5000);
		if ((bk = sqlite3_backup_init(dest, "main", src, "main")) ==
		    NULL)
			rc = sqlite3_errcode(dest);
		else {
			rc = sqlite3_backup_step(bk, -1);
			sqlite3_backup_finish(bk);
			rc = rc == SQLITE_DONE ? sqlite3_errcode(dest) : rc;
		}
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dest,
		    keep_wal ? "PRAGMA wal_checkpoint(TRUNCATE)"
			     : "PRAGMA journal_mode = DELETE",
		    NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		snprintf(why, len, "%s",
		    dest != NULL ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
	if (sqlite3_close(dest) != SQLITE_OK && rc == SQLITE_OK) {
		snprintf(why, len, "cannot close the copy");
		rc = SQLITE_ERROR;
	}
	return rc;
}

enum civic_err
store_backup_begin(struct store *s, struct store_backup **out)
{
	char *copy = strdup(s->path);
	struct store_backup *b;
	int rc;

	*out = NULL;
	if (copy == NULL || (b = calloc(1, sizeof *b)) == NULL) {
		free(copy);
		return CIVIC_E_INTERNAL;
	}
	b->s = s;
	/* Beside the database: a directory civicd may write, on the same
	 * file system, and as private as the database itself. */
	snprintf(b->path, sizeof b->path, "%s/.civic-backup-XXXXXX",
	    dirname(copy));
	free(copy);
	if ((b->fd = mkostemp(b->path, O_CLOEXEC)) < 0) {
		log_err("%s: cannot make a file for the backup: %s", b->path,
		    strerror(errno));
		free(b);
		return CIVIC_E_INTERNAL;
	}
	rc = sqlite3_open_v2(b->path, &b->dest,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_OK &&
	    (b->bk = sqlite3_backup_init(b->dest, "main", s->db, "main")) ==
		NULL)
		rc = sqlite3_errcode(b->dest);
	if (rc != SQLITE_OK) {
		log_err("%s: the backup failed: %s", s->path,
		    b->dest != NULL ? sqlite3_errmsg(b->dest)
				    : sqlite3_errstr(rc));
		store_backup_free(b);
		return CIVIC_E_INTERNAL;
	}
	/* The copy reads every table, outside any statement the store
	 * prepares: personal data, for the suite's proof of the flags. */
	store_note_personal(s);
	*out = b;
	return CIVIC_OK;
}

enum civic_err
store_backup_step(struct store_backup *b, int pages, int64_t *size)
{
	struct stat st;
	int rc;

	if (b->bk == NULL)
		return CIVIC_OK;
	rc = sqlite3_backup_step(b->bk, pages);
	if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		*size = -1; /* more to copy */
		return CIVIC_OK;
	}
	sqlite3_backup_finish(b->bk);
	b->bk = NULL;
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(b->dest, "PRAGMA journal_mode = DELETE", NULL,
		    NULL, NULL);
	if (rc != SQLITE_OK)
		log_err("%s: the backup failed: %s", b->s->path,
		    sqlite3_errmsg(b->dest));
	if (sqlite3_close(b->dest) != SQLITE_OK && rc == SQLITE_OK) {
		log_err("%s: the backup failed: cannot close the copy",
		    b->s->path);
		rc = SQLITE_ERROR;
	}
	b->dest = NULL;
	unlink(b->path);
	b->path[0] = '\0';
	if (rc != SQLITE_OK || fstat(b->fd, &st) != 0)
		return CIVIC_E_INTERNAL;
	*size = st.st_size;
	return CIVIC_OK;
}

ssize_t
store_backup_read(struct store_backup *b, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(b->fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

void
store_backup_free(struct store_backup *b)
{
	if (b == NULL)
		return;
	if (b->bk != NULL)
		sqlite3_backup_finish(b->bk);
	if (b->dest != NULL)
		sqlite3_close(b->dest);
	if (b->path[0] != '\0')
		unlink(b->path);
	if (b->fd >= 0)
		close(b->fd);
	free(b);
}

/* --- restoring, with civicd stopped --- */

/* Checks that the file at path is a whole, sound civic database. */
static int
restore_check(const char *path, struct restore_report *r, char *err,
    size_t errlen)
{
	struct store probe = { .path = (char *)path, .lock_fd = -1 };
	sqlite3_stmt *st = NULL;
	const char *text;
	struct stat sb;
	int rc, ret = -1;

	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a file", path);
		return -1;
	}
	rc = sqlite3_open_v2(path, &probe.db,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    probe.db != NULL ? sqlite3_errmsg(probe.db)
				     : sqlite3_errstr(rc));
		goto out;
	}
	if (store_check_identity(&probe, err, errlen) != 0)
		goto out;
	if (probe.version == 0) {
		snprintf(err, errlen,
		    "%s: an empty database, not a backup of civic's", path);
		goto out;
	}
	r->schema = probe.version;
	/* Every page and index, then every reference between rows. */
	if (sqlite3_prepare_v2(probe.db, "PRAGMA integrity_check", -1, &st,
		NULL) != SQLITE_OK ||
	    store_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "%s: cannot check its integrity: %s",
		    path, sqlite3_errmsg(probe.db));
		goto out;
	}
	text = (const char *)sqlite3_column_text(st, 0);
	if (text == NULL || strcmp(text, "ok") != 0) {
		snprintf(err, errlen, "%s: fails SQLite's integrity check: %s",
		    path, text != NULL ? text : "?");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(probe.db, "PRAGMA foreign_key_check", -1, &st,
		NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot check its references: %s",
		    path, sqlite3_errmsg(probe.db));
		goto out;
	}
	if ((rc = store_step(st)) == SQLITE_ROW) {
		snprintf(err, errlen,
		    "%s: fails the foreign-key check: a row of %s refers to "
		    "one that is not there",
		    path, (const char *)sqlite3_column_text(st, 0));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(probe.db,
		"SELECT count(*) FROM sqlite_master WHERE name = 'audit_entry'",
		-1, &st, NULL) == SQLITE_OK &&
	    store_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
		sqlite3_finalize(st);
		st = NULL;
		if (sqlite3_prepare_v2(probe.db,
			"SELECT count(*) FROM audit_entry", -1, &st,
			NULL) == SQLITE_OK &&
		    store_step(st) == SQLITE_ROW)
			r->audit_entries = sqlite3_column_int64(st, 0);
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(probe.db);
	return ret;
}

static void
restore_chown_like_dir(const char *db)
{
	char *copy = strdup(db);
	struct stat dir;

	if (copy != NULL && stat(dirname(copy), &dir) == 0 &&
	    chown(db, dir.st_uid, dir.st_gid) != 0)
		log_warn("%s: cannot give it to uid %u: %s", db,
		    (unsigned)dir.st_uid, strerror(errno));
	free(copy);
}

/* Removes a database this restore made, and SQLite's files beside it. */
static void
restore_remove(const char *db)
{
	static const char *const sides[] = { "", "-journal", "-wal", "-shm" };
	char path[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, sides[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			log_warn("%s: cannot remove it: %s", path,
			    strerror(errno));
	}
}

int
store_restore(const char *db, const char *backup, struct restore_report *r,
    char *err, size_t errlen)
{
	char real_db[PATH_MAX], real_backup[PATH_MAX], why[256], stamp[32];
	sqlite3 *src = NULL, *old = NULL;
	int lock = -1, ret = -1, rc;
	struct tm tm;
	time_t now;

	memset(r, 0, sizeof *r);
	if (realpath(db, real_db) != NULL &&
	    realpath(backup, real_backup) != NULL &&
	    strcmp(real_db, real_backup) == 0) {
		snprintf(err, errlen, "%s: is the database itself", backup);
		return -1;
	}
	if (restore_check(backup, r, err, errlen) != 0)
		return -1;
	/* The lock a running civicd holds (store_open). */
	if ((lock = open(db, O_RDONLY | O_CLOEXEC)) < 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", db, strerror(errno));
		return -1;
	}
	if (lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen,
		    "%s: civicd is using it; stop civicd first (systemctl "
		    "stop civicd.socket civicd.service)",
		    db);
		goto out;
	}
	if (lock >= 0) {
		/* Keep what is replaced: nothing is lost by a restore. */
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
		snprintf(r->kept, sizeof r->kept, "%s.before-restore-%s", db,
		    stamp);
		rc = sqlite3_open_v2(db, &old,
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
		if (rc == SQLITE_OK)
			rc = backup_copy(old, r->kept, false, why, sizeof why);
		else
			snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
		sqlite3_close(old);
		if (rc != SQLITE_OK) {
			snprintf(err, errlen,
			    "%s: cannot keep a copy of it in %s (%s); nothing "
			    "was restored",
			    db, r->kept, why);
			unlink(r->kept);
			goto out;
		}
	}
	rc = sqlite3_open_v2(backup, &src,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = backup_copy(src, db, true, why, sizeof why);
	/* Run as root onto a new file: the database is its directory's
	 * owner's (the service's user), as civicd would have made it. */
	if (rc == SQLITE_OK && lock < 0 && geteuid() == 0)
		restore_chown_like_dir(db);
	else
		snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
	sqlite3_close(src);
	if (rc != SQLITE_OK) {
		/* A backup SQLite's checks passed can still fail to copy
		 * (fuzz-backup found one). Where there was no database, a
		 * half-made one must not stay for civicd to start on; one
		 * that was there is as it was (the copy is one transaction). */
		if (lock < 0)
			restore_remove(db);
		snprintf(err, errlen, "%s: the restore failed: %s%s%s", db, why,
		    r->kept[0] ? "; the database as it was is in " : "",
		    r->kept);
		goto out;
	}
	ret = 0;
out:
	if (lock >= 0)
		close(lock);
	return ret;
}
