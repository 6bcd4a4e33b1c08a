/*
 * store-audit.c - audit entries, checkpoints, verification and the access
 * log (see store-audit.h).
 */
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "log.h"
#include "store-audit.h"
#include "store-internal.h"

/* The last entry's seq and hash; 0 and zeros for an empty trail. */
static enum civic_err
audit_head(struct store *s, int64_t *seq, uint8_t hash[AUDIT_HASHLEN])
{
	static const char sql[] = "SELECT seq, hash FROM audit_entry "
				  "ORDER BY seq DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*seq = 0;
	memset(hash, 0, AUDIT_HASHLEN);
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if ((rc = store_step(st)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASHLEN)
			memcpy(hash, sqlite3_column_blob(st, 1), AUDIT_HASHLEN);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "reading the audit trail's head");
	return CIVIC_OK;
}

enum civic_err
store_audit(struct store *s, const struct identity *who, const char *action,
    const char *kind, int64_t id, const json_t *details)
{
	static const char sql[] =
	    "INSERT INTO audit_entry (seq, at, action, object_kind, "
	    "object_id, actor_uid, body, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	uint8_t prev[AUDIT_HASHLEN], hash[AUDIT_HASHLEN];
	time_t at = clock_now();
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t seq;
	char *body;

	if (s->tx_depth == 0)
		fatal("store_audit outside a transaction (%s)", action);
	if ((err = audit_head(s, &seq, prev)) != CIVIC_OK)
		return err;
	if ((body = audit_body(seq + 1, at, who, action, kind, id, details,
		 prev)) == NULL)
		return CIVIC_E_INTERNAL;
	audit_hash(body, hash);
	if ((st = store_stmt(s, sql)) == NULL) {
		free(body);
		return CIVIC_E_INTERNAL;
	}
	store_bind_int64(st, 1, seq + 1);
	store_bind_int64(st, 2, at);
	store_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
	if (id > 0)
		store_bind_int64(st, 5, id);
	if (who->known)
		store_bind_int64(st, 6, who->uid);
	store_bind_text(st, 7, body, -1, SQLITE_TRANSIENT);
	store_bind_blob(st, 8, hash, AUDIT_HASHLEN, SQLITE_TRANSIENT);
	free(body);
	return store_run(s, st);
}

static void
audit_cp_from_row(sqlite3_stmt *st, struct audit_checkpoint *cp)
{
	memset(cp, 0, sizeof *cp);
	cp->id = sqlite3_column_int64(st, 0);
	cp->at = (time_t)sqlite3_column_int64(st, 1);
	cp->count = sqlite3_column_int64(st, 2);
	if (sqlite3_column_bytes(st, 3) == AUDIT_HASHLEN)
		memcpy(cp->head, sqlite3_column_blob(st, 3), AUDIT_HASHLEN);
	if (sqlite3_column_bytes(st, 4) == CRYPTO_PKLEN)
		memcpy(cp->pubkey, sqlite3_column_blob(st, 4), CRYPTO_PKLEN);
	if (sqlite3_column_bytes(st, 5) == AUDIT_SIGLEN)
		memcpy(cp->signature, sqlite3_column_blob(st, 5), AUDIT_SIGLEN);
}

enum civic_err
store_audit_latest_checkpoint(struct store *s, struct audit_checkpoint *cp)
{
	static const char sql[] =
	    "SELECT id, at, count, head, pubkey, "
	    "signature FROM audit_checkpoint ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if ((rc = store_step(st)) == SQLITE_ROW)
		audit_cp_from_row(st, cp);
	store_done(st);
	if (rc == SQLITE_DONE)
		return CIVIC_E_NOT_FOUND;
	return rc == SQLITE_ROW ? CIVIC_OK
				: store_fail(s, rc, "reading a checkpoint");
}

enum civic_err
store_audit_checkpoint(struct store *s, const struct signing_key *k,
    bool *written)
{
	static const char sql[] =
	    "INSERT INTO audit_checkpoint (at, count, head, pubkey, signature) "
	    "VALUES (?, ?, ?, ?, ?)";
	uint8_t head[AUDIT_HASHLEN], sig[AUDIT_SIGLEN];
	struct audit_checkpoint last;
	time_t at = clock_now();
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t count;

	*written = false;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = audit_head(s, &count, head)) != CIVIC_OK)
		goto out;
	if (count == 0)
		goto out; /* nothing to sign yet */
	err = store_audit_latest_checkpoint(s, &last);
	if (err == CIVIC_OK && last.count == count)
		goto out; /* nothing new since */
	if (err != CIVIC_OK && err != CIVIC_E_NOT_FOUND)
		goto out;
	audit_checkpoint_sign(count, head, at, k, sig);
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, at);
	store_bind_int64(st, 2, count);
	store_bind_blob(st, 3, head, AUDIT_HASHLEN, SQLITE_TRANSIENT);
	store_bind_blob(st, 4, k->pk, CRYPTO_PKLEN, SQLITE_TRANSIENT);
	store_bind_blob(st, 5, sig, AUDIT_SIGLEN, SQLITE_TRANSIENT);
	if ((err = store_run(s, st)) == CIVIC_OK)
		*written = true;
out:
	return store_tx_end(s, err);
}

/* Checks one checkpoint against the key and the verified entries. */
static void
audit_check_cp(struct store *s, const struct audit_checkpoint *cp,
    const uint8_t pk[CRYPTO_PKLEN], int64_t entries, int64_t which,
    struct audit_report *r)
{
	static const char sql[] = "SELECT hash FROM audit_entry WHERE seq = ?";
	sqlite3_stmt *st;
	bool same = false;
	int rc;

	if (memcmp(cp->pubkey, pk, CRYPTO_PKLEN) != 0 ||
	    !audit_checkpoint_check(cp->count, cp->head, cp->at, pk,
		cp->signature)) {
		audit_verifier_fail(&r->v, cp->count, AUDIT_SIGNATURE, 0, 0,
		    which);
		return;
	}
	if (cp->count > entries) {
		audit_verifier_fail(&r->v, entries + 1, AUDIT_TRUNCATED,
		    entries, cp->count, which);
		return;
	}
	if (cp->count == 0)
		return;
	if ((st = store_stmt(s, sql)) == NULL)
		return;
	store_bind_int64(st, 1, cp->count);
	if ((rc = store_step(st)) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == AUDIT_HASHLEN)
		same = memcmp(sqlite3_column_blob(st, 0), cp->head,
			   AUDIT_HASHLEN) == 0;
	store_done(st);
	if (!same)
		audit_verifier_fail(&r->v, cp->count, AUDIT_REWRITTEN,
		    cp->count, 0, which);
}

enum civic_err
store_audit_job_begin(struct store *s, struct audit_job *j,
    const uint8_t pk[CRYPTO_PKLEN], const struct audit_checkpoint *exported,
    bool tail)
{
	static const char ends[] =
	    "SELECT (SELECT coalesce(max(seq), 0) FROM audit_entry), "
	    "(SELECT coalesce(max(id), 0) FROM audit_checkpoint)";
	struct audit_checkpoint cp;
	enum civic_err err;
	sqlite3_stmt *st;
	int rc;

	memset(j, 0, sizeof *j);
	audit_verifier_init(&j->r.v);
	memcpy(j->pk, pk, CRYPTO_PKLEN);
	if (exported != NULL) {
		j->exported = *exported;
		j->has_exported = true;
	}
	if ((st = store_stmt(s, ends)) == NULL)
		return CIVIC_E_INTERNAL;
	if ((rc = store_step(st)) == SQLITE_ROW) {
		j->last_entry = sqlite3_column_int64(st, 0);
		j->last_cp = sqlite3_column_int64(st, 1);
	}
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, "reading the audit trail");
	if (!tail)
		return CIVIC_OK;
	/* From the last checkpoint on: its signature and head, then the
	 * entries after it, chained from its head. */
	err = store_audit_latest_checkpoint(s, &cp);
	if (err == CIVIC_E_NOT_FOUND)
		return CIVIC_OK;
	if (err != CIVIC_OK)
		return err;
	audit_check_cp(s, &cp, pk, j->last_entry, cp.id, &j->r);
	j->r.checkpoints = 1;
	j->at_cp = j->last_cp;
	j->at_entry = cp.count;
	j->from_entry = cp.count;
	j->r.v.next = cp.count + 1;
	memcpy(j->r.v.prev, cp.head, AUDIT_HASHLEN);
	return CIVIC_OK;
}

/* Up to n more rows of the job, in the caller's transaction. */
static enum civic_err
audit_job_run(struct store *s, struct audit_job *j, int64_t n)
{
	static const char entries[] =
	    "SELECT seq, at, action, object_kind, object_id, body, hash "
	    "FROM audit_entry WHERE seq > ?1 AND seq <= ?2 ORDER BY seq "
	    "LIMIT ?3";
	static const char cps[] =
	    "SELECT id, at, count, head, pubkey, signature "
	    "FROM audit_checkpoint WHERE id > ?1 AND id <= ?2 ORDER BY id "
	    "LIMIT ?3";
	struct audit_report *r = &j->r;
	struct audit_checkpoint cp;
	struct audit_row row;
	sqlite3_stmt *st;
	int64_t got = 0;
	int rc;

	if (j->done)
		return CIVIC_OK;
	if (!j->entries_done && !r->v.failed) {
		if ((st = store_stmt(s, entries)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, j->at_entry);
		store_bind_int64(st, 2, j->last_entry);
		store_bind_int64(st, 3, n);
		while ((rc = store_step(st)) == SQLITE_ROW) {
			got++;
			row.seq = sqlite3_column_int64(st, 0);
			row.at = (time_t)sqlite3_column_int64(st, 1);
			row.action = (const char *)sqlite3_column_text(st, 2);
			row.kind = (const char *)sqlite3_column_text(st, 3);
			row.object_id = sqlite3_column_int64(st, 4);
			row.body = (const char *)sqlite3_column_text(st, 5);
			row.hash = sqlite3_column_blob(st, 6);
			row.hashlen = (size_t)sqlite3_column_bytes(st, 6);
			/* Out of memory in a column: its text may be cut
			 * short or not end in NUL. Not the trail's fault. */
			if (sqlite3_errcode(s->db) == SQLITE_NOMEM) {
				rc = SQLITE_NOMEM;
				break;
			}
			j->at_entry = row.seq;
			if (row.action == NULL || row.kind == NULL ||
			    row.body == NULL) {
				audit_verifier_fail(&r->v, row.seq,
				    AUDIT_INCOMPLETE, row.seq, 0, 0);
				break;
			}
			if (audit_verify_row(&r->v, &row) != 0)
				break;
			r->entries++;
		}
		store_done(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(s, rc, "reading the audit trail");
		if (got < n)
			j->entries_done = true;
		if (got > 0 && !r->v.failed)
			return CIVIC_OK;
	}
	if ((st = store_stmt(s, cps)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, j->at_cp);
	store_bind_int64(st, 2, j->last_cp);
	store_bind_int64(st, 3, n);
	got = 0;
	while (!r->v.failed && (rc = store_step(st)) == SQLITE_ROW) {
		got++;
		audit_cp_from_row(st, &cp);
		j->at_cp = cp.id;
		audit_check_cp(s, &cp, j->pk, j->from_entry + r->entries, cp.id,
		    r);
		r->checkpoints++;
	}
	store_done(st);
	if (got < n || r->v.failed) {
		if (!r->v.failed && j->has_exported)
			audit_check_cp(s, &j->exported, j->pk,
			    j->from_entry + r->entries, 0, r);
		j->done = true;
	}
	return CIVIC_OK;
}

enum civic_err
store_audit_job_step(struct store *s, struct audit_job *j, int64_t n)
{
	enum civic_err err;

	if ((err = store_call_begin(s, false)) != CIVIC_OK)
		return err;
	err = audit_job_run(s, j, n);
	return store_call_end(s, err, NULL);
}

enum civic_err
store_audit_verify(struct store *s, const uint8_t pk[CRYPTO_PKLEN],
    const struct audit_checkpoint *exported, struct audit_report *r)
{
	struct audit_job j;
	enum civic_err err;

	err = store_audit_job_begin(s, &j, pk, exported, false);
	while (err == CIVIC_OK && !j.done)
		err = audit_job_run(s, &j, INT64_MAX);
	*r = j.r;
	return err;
}

/* The filter of an audit listing; ?1-?6 are bound by audit_filter_bind. */
#define AUDIT_FILTER \
	"(?1 = 0 OR at >= ?1) AND (?2 = 0 OR at < ?2) " \
	"AND (?3 IS NULL OR action = ?3 OR action LIKE ?3 || '.%') " \
	"AND (?4 IS NULL OR object_kind = ?4) " \
	"AND (?5 = 0 OR object_id = ?5) AND (?6 < 0 OR actor_uid = ?6) "

static void
audit_filter_bind(sqlite3_stmt *st, const struct audit_filter *f)
{
	store_bind_int64(st, 1, f->since);
	store_bind_int64(st, 2, f->until);
	store_bind_text_or_null(st, 3, f->action);
	store_bind_text_or_null(st, 4, f->kind);
	store_bind_int64(st, 5, f->object_id);
	store_bind_int64(st, 6, f->uid);
}

enum civic_err
store_audit_range(struct store *s, const struct audit_filter *f, int64_t *after,
    int64_t *upto)
{
	static const char last[] =
	    "SELECT coalesce(max(seq), 0) FROM audit_entry";
	static const char first[] =
	    "SELECT seq FROM audit_entry WHERE " AUDIT_FILTER
	    "ORDER BY seq DESC LIMIT 1 OFFSET ?7 - 1";
	sqlite3_stmt *st;
	int rc;

	*after = 0;
	if (store_int(s, last, INT64_MIN, INT64_MIN, INT64_MIN, upto) !=
	    CIVIC_OK)
		return CIVIC_E_INTERNAL;
	if (f->limit <= 0)
		return CIVIC_OK;
	/* The newest f->limit: from the one before the limit-th newest. */
	if ((st = store_stmt(s, first)) == NULL)
		return CIVIC_E_INTERNAL;
	audit_filter_bind(st, f);
	store_bind_int64(st, 7, f->limit);
	if ((rc = store_step(st)) == SQLITE_ROW)
		*after = sqlite3_column_int64(st, 0) - 1;
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	    ? CIVIC_OK
	    : store_fail(s, rc, "listing the audit trail");
}

enum civic_err
store_audit_page(struct store *s, const struct audit_filter *f, int64_t *after,
    int64_t upto, int64_t max,
    int (*fn)(int64_t, const uint8_t *, const char *, void *), void *arg,
    bool *more)
{
	/* One more than asked: whether another page follows. */
	static const char sql[] = "SELECT seq, hash, body FROM audit_entry "
				  "WHERE " AUDIT_FILTER
				  "AND seq > ?7 AND seq <= ?8 ORDER BY seq "
				  "LIMIT ?9 + 1";
	int64_t got = 0;
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc;

	*more = false;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	audit_filter_bind(st, f);
	store_bind_int64(st, 7, *after);
	store_bind_int64(st, 8, upto);
	store_bind_int64(st, 9, max);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		const uint8_t *hash;
		const char *body;

		if (got++ == max) {
			*more = true;
			rc = SQLITE_DONE;
			break;
		}
		hash = sqlite3_column_blob(st, 1);
		body = (const char *)sqlite3_column_text(st, 2);

		/* Out of memory in a column (see audit_job_run). */
		if (sqlite3_errcode(s->db) == SQLITE_NOMEM) {
			rc = SQLITE_NOMEM;
			break;
		}
		*after = sqlite3_column_int64(st, 0);
		if (fn(*after, hash, body, arg) != 0) {
			err = CIVIC_E_INTERNAL;
			break;
		}
	}
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "listing the audit trail");
	store_done(st);
	return err;
}

enum civic_err
store_audit_each(struct store *s, const struct audit_filter *f,
    int (*fn)(int64_t, const uint8_t *, const char *, void *), void *arg)
{
	int64_t after, upto;
	enum civic_err err;
	bool more;

	if ((err = store_audit_range(s, f, &after, &upto)) != CIVIC_OK)
		return err;
	return store_audit_page(s, f, &after, upto, INT64_MAX - 1, fn, arg,
	    &more);
}

enum civic_err
store_access_log(struct store *s, const struct identity *who,
    const char *method, const char *kind, int64_t id, bool refused)
{
	static const char sql[] =
	    "INSERT INTO access_log (at, uid, user, roles, method, "
	    "subject_kind, subject_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	char roles[64];
	sqlite3_stmt *st;
	enum civic_err err;
	bool read = s->tx_read;

	/* A read call's transaction refuses writes; this one is the read's
	 * own record, and the only write a read makes. */
	s->tx_read = false;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		goto out;
	if ((st = store_stmt(s, sql)) == NULL) {
		err = store_tx_end(s, CIVIC_E_INTERNAL);
		goto out;
	}
	if (store_bind_int64(st, 1, clock_now()) != SQLITE_OK ||
	    (who->known && store_bind_int64(st, 2, who->uid) != SQLITE_OK) ||
	    store_bind_text_or_null(st, 3, who->user) != SQLITE_OK ||
	    store_bind_text(st, 4,
		auth_roles_str(who->roles, roles, sizeof roles), -1,
		SQLITE_TRANSIENT) != SQLITE_OK ||
	    store_bind_text(st, 5, method, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    store_bind_text(st, 6, kind, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    (id > 0 && store_bind_int64(st, 7, id) != SQLITE_OK) ||
	    store_bind_text(st, 8, refused ? "refused" : "read", -1,
		SQLITE_STATIC) != SQLITE_OK) {
		store_done(st);
		err = store_tx_end(s, store_fail(s, SQLITE_NOMEM, "binding"));
		goto out;
	}
	if ((err = store_tx_end(s, store_run(s, st))) == CIVIC_OK)
		s->note.log_rows++;
out:
	s->tx_read = read && s->tx_depth > 0;
	return err;
}
