/*
 * fuzz-backup.c - a file given to civicd --restore (store-backup.c and
 * SQLite's reading of it). Properties: a backup is either refused with a
 * sentence, and then the database is not there (it was not before), or
 * taken, and then the database is whole by SQLite's integrity check, and
 * opening it as civicd does either works or is refused with a sentence;
 * never a crash.
 *
 * The files live in a directory of this process's own, removed at exit.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz.h"
#include "store-backup.h"
#include "store.h"

static char fuzz_dir[64];

/* Empties and removes fuzz_dir. */
static void
fuzz_cleanup(void)
{
	char path[512];
	struct dirent *e;
	DIR *d;

	if (fuzz_dir[0] == '\0' || (d = opendir(fuzz_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(fuzz_dir);
}

/* The database of the last input, and SQLite's files beside it. */
static void
fuzz_remove_db(const char *db)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char side[160];
	size_t i;

	for (i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		snprintf(side, sizeof side, "%s%s", db, sides[i]);
		unlink(side);
	}
}

static bool
fuzz_whole(const char *path)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *db = NULL;
	bool ok = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
		SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") ==
		    0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char backup[128], db[128], err[8192] = "";
	struct restore_report r;
	struct store *s;
	FILE *f;

	if (fuzz_dir[0] == '\0') {
		snprintf(fuzz_dir, sizeof fuzz_dir,
		    "%s/civic-fuzz-backup.XXXXXX",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(fuzz_dir) == NULL) {
			perror(fuzz_dir);
			abort();
		}
		atexit(fuzz_cleanup);
	}
	snprintf(backup, sizeof backup, "%s/backup.db", fuzz_dir);
	snprintf(db, sizeof db, "%s/civic.db", fuzz_dir);
	fuzz_remove_db(db);
	if ((f = fopen(backup, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);

	if (store_restore(db, backup, &r, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0', "a refusal says why");
		FUZZ_CHECK(access(db, F_OK) != 0,
		    "a refused backup left a database behind: %s", err);
		return 0;
	}
	FUZZ_CHECK(r.schema > 0, "a backup taken has a schema: %d", r.schema);
	FUZZ_CHECK(fuzz_whole(db), "a backup taken is not whole");
	err[0] = '\0';
	if ((s = store_open(db, err, sizeof err)) != NULL)
		store_close(s);
	else
		FUZZ_CHECK(err[0] != '\0', "civicd's refusal says why");
	return 0;
}
