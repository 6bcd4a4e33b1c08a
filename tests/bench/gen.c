/*
 * gen.c - makes a database of a municipality's tenth year for make bench,
 * through SQL and not through civicd's API, in seconds: 10 fund years of
 * 10,000 applications each (with payments), 200 meetings of 5,000
 * registrations, and an audit trail of 2,000,000 entries that verifies,
 * signed at its end with the key civicd will use. SCALE divides it all:
 * 10 makes the tenth that the size benchmark compares with.
 *
 *   gen DATABASE SCALE
 *
 * DATABASE must not exist; its directory gets audit.key, as civicd's
 * state directory would.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "crypto.h"
#include "store-internal.h"

static void
exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "gen: %s\n%s\n", err, sql);
		exit(1);
	}
}

static void
execf(sqlite3 *db, const char *fmt, long long n)
{
	char sql[4096];

	snprintf(sql, sizeof sql, fmt, n, n, n, n);
	exec(db, sql);
}

int
main(int argc, char **argv)
{
	static const struct identity who = { .known = true,
		.uid = 0,
		.user = "root",
		.roles = ROLE_ADMIN };
	uint8_t prev[AUDIT_HASHLEN] = { 0 }, sig[AUDIT_SIGLEN];
	struct signing_key key;
	struct store *s;
	sqlite3_stmt *st;
	char err[512], *dir, *body;
	long long scale, apps, meetings, entries, i;
	time_t at = 1700000000;

	if (argc != 3 || (scale = atoll(argv[2])) < 1) {
		fprintf(stderr, "usage: gen DATABASE SCALE\n");
		return 2;
	}
	apps = 100000 / scale;
	meetings = 200 / scale;
	entries = 2000000 / scale;
	if (sodium_init() < 0 || (dir = strdup(argv[1])) == NULL)
		return 1;
	if (crypto_key_load(dirname(dir), "audit.key", &key, err, sizeof err) !=
		0 ||
	    (s = store_open(argv[1], err, sizeof err)) == NULL) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	exec(s->db, "BEGIN");
	exec(s->db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 2000) INSERT INTO applicant (id, kind, name, created_at) "
	    "SELECT i, 'association', 'Forening ' || i, 0 FROM n");
	exec(s->db,
	    "WITH RECURSIVE n(y) AS (SELECT 2017 UNION ALL SELECT y + 1 FROM n "
	    "WHERE y < 2026) INSERT INTO fund_year (year, budget, cap, "
	    "carry_over, created_at, updated_at) "
	    "SELECT y, 100000000000, 5000000, 0, 0, 0 FROM n");
	/* Applications, a tenth of each year's still open; the rest
	 * decided, paid and closed in turn. Closed ones are paid first, as
	 * the payment rule wants. */
	execf(s->db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < %lld) INSERT INTO application (id, applicant_id, "
	    "status, year, seq, title, description, integration, target_group, "
	    "participants, start_date, end_date, requested, granted, "
	    "created_at, updated_at, submitted_at) "
	    "SELECT i, 1 + i %% 2000, CASE i %% 5 WHEN 0 THEN 'submitted' "
	    "WHEN 1 THEN 'rejected' WHEN 2 THEN 'approved' ELSE 'paid' END, "
	    "2017 + (i - 1) * 10 / %lld, 1 + (i - 1) %% (%lld / 10), "
	    "'Projekt ' || i, 'Beskrivelse', 'Integration', 'Nye danskere', 20, "
	    "'2026-01-01', '2026-06-30', 2000000, "
	    "CASE WHEN i %% 5 IN (2, 3, 4) THEN 1500000 END, 0, 0, 0 FROM n",
	    apps);
	exec(s->db,
	    "INSERT INTO payment (application_id, paid_on, amount, reference, "
	    "recorded_at, recorded_by) SELECT id, '2026-02-01', granted, "
	    "'Bilag ' || id, 0, 0 FROM application WHERE status = 'paid'");
	exec(s->db,
	    "UPDATE application SET status = 'closed' "
	    "WHERE status = 'paid' AND id % 5 = 4");
	execf(s->db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < %lld) INSERT INTO meeting (id, title, status, capacity, "
	    "party_max, starts_at, ends_at, created_at, updated_at) "
	    "SELECT i, 'Borgermøde ' || i, 'scheduled', 5000, 4, "
	    "2200000000 + i * 86400, 2200007200 + i * 86400, 0, 0 FROM n",
	    meetings);
	execf(s->db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < %lld * 5000) INSERT INTO registration (id, meeting_id, "
	    "status, seats, code, created_at, confirmed_at) "
	    "SELECT i, 1 + (i - 1) / 5000, 'confirmed', 1, printf('%%08d', i), "
	    "0, 0 FROM n",
	    meetings);
	exec(s->db,
	    "INSERT INTO registrant (registration_id, meeting_id, name, email) "
	    "SELECT id, meeting_id, 'Person ' || id, 'p' || id || "
	    "'@example.org' FROM registration");
	/* The audit trail: real entries, chained and hashed as civicd does. */
	if (sqlite3_prepare_v2(s->db,
		"INSERT INTO audit_entry (seq, at, action, object_kind, "
		"object_id, actor_uid, body, hash) VALUES (?, ?, "
		"'application.submitted', 'application', ?, 0, ?, ?)",
		-1, &st, NULL) != SQLITE_OK)
		return 1;
	for (i = 1; i <= entries; i++) {
		body = audit_body(i, at, &who, "application.submitted",
		    "application", 1 + i % apps, NULL, prev);
		if (body == NULL)
			return 1;
		audit_hash(body, prev);
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_int64(st, 2, at);
		sqlite3_bind_int64(st, 3, 1 + i % apps);
		sqlite3_bind_text(st, 4, body, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 5, prev, AUDIT_HASHLEN, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
		free(body);
	}
	sqlite3_finalize(st);
	audit_checkpoint_sign(entries, prev, at, &key, sig);
	if (sqlite3_prepare_v2(s->db,
		"INSERT INTO audit_checkpoint (at, count, head, pubkey, "
		"signature) VALUES (?, ?, ?, ?, ?)",
		-1, &st, NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_int64(st, 2, entries);
	sqlite3_bind_blob(st, 3, prev, AUDIT_HASHLEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, key.pk, CRYPTO_PKLEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, sig, AUDIT_SIGLEN, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return 1;
	sqlite3_finalize(st);
	exec(s->db, "COMMIT");
	store_close(s);
	crypto_key_wipe(&key);
	printf("%lld applications, %lld meetings of 5000, %lld audit entries\n",
	    apps, meetings, entries);
	return 0;
}
