/*
 * test-store.c - opening the database: migrations on a new file, nothing
 * re-run on an old one, and every file it must refuse left byte for byte
 * as it was (newer schema, not SQLite, another program's database).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "testutil.h"

static int64_t
pragma(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* store_open must refuse path with a message containing want, and leave
 * the file exactly as it was. */
static void
expect_refused(const char *path, const char *want)
{
	char err[1024] = "";
	size_t before_len = 0, after_len = 0;
	char *before = tu_slurp(path, &before_len), *after;
	struct store *s;

	s = store_open(path, err, sizeof err);
	if (s != NULL) {
		store_close(s);
		fail_msg("%s was opened; expected \"%s\"", path, want);
	}
	if (strstr(err, want) == NULL || strstr(err, path) == NULL)
		fail_msg("message \"%s\" does not name %s and \"%s\"", err,
		    path, want);
	after = tu_slurp(path, &after_len);
	assert_int_equal(before_len, after_len);
	if (before_len > 0)
		assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
}

/*
 * A value SQLite will not bind (here a text longer than it takes) fails
 * the call: it never stores NULL where the value should have been.
 */
static void
test_failed_bind_changes_nothing(void **state)
{
	struct identity admin = { .known = true, .roles = ROLE_ADMIN };
	struct applicant a = { .kind = APPLICANT_ASSOCIATION };
	int64_t id = 0, other = 0;
	char err[512];
	struct store *s;

	(void)state;
	s = store_open(tu_path("bind.db"), err, sizeof err);
	assert_non_null(s);
	snprintf(a.name, sizeof a.name, "Røde Kors Ballerup");
	/* "Hold-An Vej 7, " again and again: longer than the limit. */
	for (size_t i = 0; i + 16 < 1500; i += 15)
		memcpy(a.address + i, "Hold-An Vej 7, ", 15);
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 1000);
	assert_int_not_equal(store_applicant_add(s, &admin, &a, NULL, &id,
				 &other),
	    CIVIC_OK);
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 1000000);
	assert_true(store_is_empty(s));
	/* The failure is not left behind for the next call. */
	a.address[13] = '\0';
	assert_int_equal(store_applicant_add(s, &admin, &a, NULL, &id, &other),
	    CIVIC_OK);
	assert_int_equal(store_applicant_get(s, id, &a), CIVIC_OK);
	assert_string_equal(a.address, "Hold-An Vej 7");
	store_close(s);
}

static void
test_new_database(void **state)
{
	const char *path = tu_path("new.db");
	char err[512];
	struct store *s;

	(void)state;
	s = store_open(path, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	assert_true(store_is_empty(s));
	store_close(s);
	assert_int_equal(pragma(path, "PRAGMA user_version"),
	    store_schema_latest());
	assert_int_equal(pragma(path, "PRAGMA application_id"), 0x43495643);
	assert_int_equal(pragma(path,
			     "SELECT count(*) FROM sqlite_master WHERE name = "
			     "'applicant_token'"),
	    1);

	/* Opening again migrates nothing and keeps the version. */
	s = store_open(path, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	store_close(s);
}

static void
test_wal_and_durability_settings(void **state)
{
	const char *path = tu_path("wal.db");
	char err[512];
	struct store *s;

	(void)state;
	s = store_open(path, err, sizeof err);
	assert_non_null(s);
	store_close(s);
	/* journal_mode is persistent in the file; synchronous is per
	 * connection and is checked through the daemon's behaviour. */
	{
		sqlite3 *db;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode",
				     -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
		    "wal");
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

static void
test_newer_schema_refused(void **state)
{
	const char *path = tu_path("newer.db");
	char err[512], sql[128];
	struct store *s;

	(void)state;
	s = store_open(path, err, sizeof err);
	assert_non_null(s);
	store_close(s);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    store_schema_latest() + 1);
	exec(path, sql);
	expect_refused(path, "is newer than this civicd knows");
}

static void
test_not_sqlite_refused(void **state)
{
	const char *path = tu_path("notes.txt");
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("Mødereferat, 2. maj 2017: kaffe og kage til 80 personer.\nThis "
	      "file is long enough to have an SQLite header, if it were "
	      "one, which it is not.\n",
	    f);
	fclose(f);
	expect_refused(path, "not an SQLite database");
}

static void
test_other_program_refused(void **state)
{
	const char *path = tu_path("other.db");

	(void)state;
	exec(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY)");
	expect_refused(path, "not civic's");
	exec(path, "PRAGMA application_id = 1234");
	expect_refused(path, "another program");
}

static void
test_bad_paths(void **state)
{
	char err[512] = "";

	(void)state;
	assert_null(store_open(tu_path("missing-dir/civic.db"), err,
	    sizeof err));
	assert_non_null(strstr(err, "missing-dir"));
	assert_non_null(strstr(err, "No such file or directory"));
	assert_int_equal(mkdir(tu_path("a-dir"), 0700), 0);
	assert_null(store_open(tu_path("a-dir"), err, sizeof err));
	assert_non_null(strstr(err, "not a regular file"));
}

static int
teardown(void **state)
{
	(void)state;
	tu_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database),
		cmocka_unit_test(test_wal_and_durability_settings),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_not_sqlite_refused),
		cmocka_unit_test(test_other_program_refused),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_failed_bind_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
