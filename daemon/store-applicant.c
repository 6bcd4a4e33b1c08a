/*
 * store-applicant.c - applicants, their contact details and their tokens.
 */
#include <string.h>

#include "clock.h"
#include "log.h"
#include "store-audit.h"
#include "store-internal.h"

const char *const applicant_kind_names[] = { "association", "citizen", NULL };

/* The columns applicant_from_row reads, in its order. */
#define APPLICANT_SELECT \
	"SELECT a.id, a.kind, a.name, a.cvr, c.contact_person, c.email, " \
	"c.phone, c.address, a.created_at, a.disabled_at, " \
	"(SELECT count(*) FROM applicant_token t WHERE t.applicant_id = a.id " \
	"AND t.revoked_at IS NULL) " \
	"FROM applicant a LEFT JOIN applicant_contact c " \
	"ON c.applicant_id = a.id "

static void
applicant_from_row(sqlite3_stmt *st, struct applicant *a)
{
	const unsigned char *kind;

	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	kind = sqlite3_column_text(st, 1);
	a->kind = kind != NULL && strcmp((const char *)kind, "citizen") == 0
	    ? APPLICANT_CITIZEN
	    : APPLICANT_ASSOCIATION;
	store_col_text(st, 2, a->name, sizeof a->name);
	store_col_text(st, 3, a->cvr, sizeof a->cvr);
	store_col_text(st, 4, a->contact_person, sizeof a->contact_person);
	store_col_text(st, 5, a->email, sizeof a->email);
	store_col_text(st, 6, a->phone, sizeof a->phone);
	store_col_text(st, 7, a->address, sizeof a->address);
	a->created = (time_t)sqlite3_column_int64(st, 8);
	a->disabled = (time_t)sqlite3_column_int64(st, 9);
	a->active_tokens = sqlite3_column_int(st, 10);
}

/* Inserts a token row inside the caller's transaction. */
static enum civic_err
applicant_token_insert(struct store *s, int64_t id, const uint8_t *hash)
{
	static const char sql[] =
	    "INSERT INTO applicant_token (applicant_id, hash, created_at) "
	    "VALUES (?, ?, ?)";
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	store_bind_blob(st, 2, hash, TOKEN_HASHLEN, SQLITE_TRANSIENT);
	store_bind_int64(st, 3, clock_now());
	return store_run(s, st);
}

/* Revokes the applicant's active tokens inside the caller's transaction. */
static enum civic_err
applicant_tokens_revoke(struct store *s, int64_t id, int *revoked)
{
	static const char sql[] =
	    "UPDATE applicant_token SET revoked_at = ?2 WHERE applicant_id "
	    "= ?1 AND revoked_at IS NULL";
	sqlite3_stmt *st;
	enum civic_err err;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, clock_now());
	err = store_run(s, st);
	*revoked = err == CIVIC_OK ? sqlite3_changes(s->db) : 0;
	return err;
}

static enum civic_err
applicant_cvr_owner(struct store *s, const char *cvr, int64_t *other)
{
	static const char sql[] = "SELECT id FROM applicant WHERE cvr = ?";
	sqlite3_stmt *st;
	int rc;

	*other = 0;
	if (*cvr == '\0')
		return CIVIC_OK;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text(st, 1, cvr, -1, SQLITE_STATIC);
	rc = store_step(st);
	if (rc == SQLITE_ROW)
		*other = sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "looking up a CVR number");
	return *other != 0 ? CIVIC_E_CONFLICT : CIVIC_OK;
}

enum civic_err
store_applicant_add(struct store *s, const struct identity *who,
    const struct applicant *a, const uint8_t *hash, int64_t *id, int64_t *other)
{
	static const char ins[] =
	    "INSERT INTO applicant (kind, name, cvr, created_at) VALUES (?, "
	    "?, ?, ?)";
	static const char ins_contact[] =
	    "INSERT INTO applicant_contact (applicant_id, contact_person, "
	    "email, phone, address) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;
	json_t *details;

	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = applicant_cvr_owner(s, a->cvr, other)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, ins)) == NULL)
		goto out;
	store_bind_text(st, 1, applicant_kind_names[a->kind], -1,
	    SQLITE_STATIC);
	store_bind_text(st, 2, a->name, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 3, a->cvr);
	store_bind_int64(st, 4, clock_now());
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, ins_contact)) == NULL)
		goto out;
	store_bind_int64(st, 1, *id);
	store_bind_text_or_null(st, 2, a->contact_person);
	store_bind_text_or_null(st, 3, a->email);
	store_bind_text_or_null(st, 4, a->phone);
	store_bind_text_or_null(st, 5, a->address);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	if (hash != NULL &&
	    (err = applicant_token_insert(s, *id, hash)) != CIVIC_OK)
		goto out;
	details = json_pack("{s:s, s:b, s:b}", "kind",
	    applicant_kind_names[a->kind], "cvr", a->cvr[0] != '\0', "token",
	    hash != NULL);
	err = store_audit(s, who, "applicant.add", "applicant", *id, details);
	json_decref(details);
out:
	return store_tx_end(s, err);
}

enum civic_err
store_applicant_update(struct store *s, const struct identity *who,
    const struct applicant *a, int64_t *other)
{
	static const char upd[] = "UPDATE applicant SET kind = ?, name = ?, "
				  "cvr = ? WHERE id = ?";
	static const char upd_contact[] =
	    "INSERT OR REPLACE INTO applicant_contact (applicant_id, "
	    "contact_person, email, phone, address) VALUES (?, ?, ?, ?, ?)";
	struct applicant old;
	json_t *changed, *details;
	sqlite3_stmt *st;
	enum civic_err err;

	*other = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_applicant_get(s, a->id, &old)) != CIVIC_OK)
		goto out;
	if ((err = applicant_cvr_owner(s, a->cvr, other)) == CIVIC_E_CONFLICT &&
	    *other == a->id)
		err = CIVIC_OK; /* its own number */
	if (err != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, upd)) == NULL)
		goto out;
	store_bind_text(st, 1, applicant_kind_names[a->kind], -1,
	    SQLITE_STATIC);
	store_bind_text(st, 2, a->name, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 3, a->cvr);
	store_bind_int64(st, 4, a->id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, upd_contact)) == NULL)
		goto out;
	store_bind_int64(st, 1, a->id);
	store_bind_text_or_null(st, 2, a->contact_person);
	store_bind_text_or_null(st, 3, a->email);
	store_bind_text_or_null(st, 4, a->phone);
	store_bind_text_or_null(st, 5, a->address);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	/* Which details changed, never what they are. */
	changed = json_array();
	if (old.kind != a->kind)
		json_array_append_new(changed, json_string("kind"));
	if (strcmp(old.name, a->name) != 0)
		json_array_append_new(changed, json_string("name"));
	if (strcmp(old.cvr, a->cvr) != 0)
		json_array_append_new(changed, json_string("cvr"));
	if (strcmp(old.contact_person, a->contact_person) != 0)
		json_array_append_new(changed, json_string("contact_person"));
	if (strcmp(old.email, a->email) != 0)
		json_array_append_new(changed, json_string("email"));
	if (strcmp(old.phone, a->phone) != 0)
		json_array_append_new(changed, json_string("phone"));
	if (strcmp(old.address, a->address) != 0)
		json_array_append_new(changed, json_string("address"));
	details = json_pack("{s:o}", "changed", changed);
	err = store_audit(s, who, "applicant.edit", "applicant", a->id,
	    details);
	json_decref(details);
out:
	return store_tx_end(s, err);
}

enum civic_err
store_applicant_disable(struct store *s, const struct identity *who, int64_t id,
    bool disabled)
{
	static const char sql[] =
	    "UPDATE applicant SET disabled_at = CASE WHEN ?1 THEN "
	    "coalesce(disabled_at, ?2) ELSE NULL END WHERE id = ?3";
	sqlite3_stmt *st;
	enum civic_err err;

	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((st = store_stmt(s, sql)) == NULL)
		return store_tx_end(s, CIVIC_E_INTERNAL);
	store_bind_int(st, 1, disabled);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, id);
	if ((err = store_run(s, st)) == CIVIC_OK && sqlite3_changes(s->db) == 0)
		err = CIVIC_E_NOT_FOUND;
	if (err == CIVIC_OK)
		err = store_audit(s, who,
		    disabled ? "applicant.disable" : "applicant.enable",
		    "applicant", id, NULL);
	return store_tx_end(s, err);
}

enum civic_err
store_applicant_get(struct store *s, int64_t id, struct applicant *a)
{
	static const char sql[] = APPLICANT_SELECT "WHERE a.id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	rc = store_step(st);
	if (rc == SQLITE_ROW)
		applicant_from_row(st, a);
	store_done(st);
	if (rc == SQLITE_DONE)
		return CIVIC_E_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, "reading an applicant");
	return CIVIC_OK;
}

enum civic_err
store_applicant_each(struct store *s, bool include_disabled, int64_t after,
    size_t max, int (*fn)(const struct applicant *, void *), void *arg)
{
	static const char sql[] = APPLICANT_SELECT
	    "WHERE (?1 OR a.disabled_at IS NULL) AND a.id > ?2 "
	    "ORDER BY a.id LIMIT ?3";
	struct applicant a;
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if (store_bind_int(st, 1, include_disabled) != SQLITE_OK ||
	    store_bind_int64(st, 2, after) != SQLITE_OK ||
	    store_bind_int64(st, 3,
		max > INT64_MAX ? INT64_MAX : (int64_t)max) != SQLITE_OK) {
		store_done(st);
		return store_fail(s, SQLITE_NOMEM, "binding");
	}
	while ((rc = store_step(st)) == SQLITE_ROW) {
		applicant_from_row(st, &a);
		if (fn(&a, arg) != 0) {
			err = CIVIC_E_INTERNAL;
			break;
		}
	}
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "listing applicants");
	store_done(st);
	return err;
}

/* CIVIC_OK if applicant id exists (and, if active, is not disabled). */
static enum civic_err
applicant_check(struct store *s, int64_t id, bool active)
{
	struct applicant a;
	enum civic_err err;

	if ((err = store_applicant_get(s, id, &a)) != CIVIC_OK)
		return err;
	if (active && a.disabled != 0)
		return CIVIC_E_INVALID_STATE;
	return CIVIC_OK;
}

/* Audits a change of tokens: how many were revoked, never the tokens. */
static enum civic_err
applicant_audit_tokens(struct store *s, const struct identity *who,
    const char *action, int64_t id, int revoked)
{
	json_t *details = json_pack("{s:i}", "revoked", revoked);
	enum civic_err err;

	err = store_audit(s, who, action, "applicant", id, details);
	json_decref(details);
	return err;
}

enum civic_err
store_token_revoke(struct store *s, const struct identity *who, int64_t id,
    int *revoked)
{
	enum civic_err err;

	*revoked = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = applicant_check(s, id, false)) == CIVIC_OK &&
	    (err = applicant_tokens_revoke(s, id, revoked)) == CIVIC_OK)
		err = applicant_audit_tokens(s, who, "token.revoke", id,
		    *revoked);
	return store_tx_end(s, err);
}

enum civic_err
store_token_rotate(struct store *s, const struct identity *who, int64_t id,
    const uint8_t hash[TOKEN_HASHLEN], int *revoked)
{
	enum civic_err err;

	*revoked = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = applicant_check(s, id, true)) == CIVIC_OK &&
	    (err = applicant_tokens_revoke(s, id, revoked)) == CIVIC_OK &&
	    (err = applicant_token_insert(s, id, hash)) == CIVIC_OK)
		err = applicant_audit_tokens(s, who, "token.rotate", id,
		    *revoked);
	return store_tx_end(s, err);
}

enum civic_err
store_token_lookup(struct store *s, const uint8_t hash[TOKEN_HASHLEN],
    struct applicant *a)
{
	static const char sql[] =
	    "SELECT applicant_id, hash FROM applicant_token WHERE hash = ? "
	    "AND revoked_at IS NULL";
	enum civic_err err = CIVIC_E_AUTHENTICATION_FAILED;
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_blob(st, 1, hash, TOKEN_HASHLEN, SQLITE_STATIC);
	rc = store_step(st);
	/* The index found the row; the constant-time compare decides. */
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == TOKEN_HASHLEN &&
	    token_hash_equal(hash, sqlite3_column_blob(st, 1))) {
		id = sqlite3_column_int64(st, 0);
		err = CIVIC_OK;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "looking up a token");
	if (err != CIVIC_OK)
		return err;
	if ((err = store_applicant_get(s, id, a)) != CIVIC_OK)
		return err == CIVIC_E_NOT_FOUND ? CIVIC_E_INTERNAL : err;
	if (a->disabled != 0)
		return CIVIC_E_AUTHENTICATION_FAILED;
	return CIVIC_OK;
}
