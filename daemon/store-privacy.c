/*
 * store-privacy.c - retention, export and erasure (see store-privacy.h).
 *
 * Lists of ids are passed to SQL as one JSON array bound as text and read
 * with json_each, so no statement is ever built from strings.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "jfield.h"
#include "log.h"
#include "store-audit.h"
#include "store-internal.h"
#include "store-privacy.h"
#include "timefmt.h"

/*
 * What retention erases, kind by kind: a statement that counts what is
 * due and one that deletes it, both taking ?1 the kind's days, ?2 the
 * days for registrants who consented, and ?3 now. The registrants' count
 * also says how many of them had consented.
 */
#define DUE_REGISTRANTS \
	"registration_id IN (SELECT p.registration_id FROM registrant p " \
	"JOIN meeting m ON m.id = p.meeting_id WHERE m.closed_at IS NOT " \
	"NULL AND m.closed_at + 86400 * CASE WHEN p.consent THEN ?2 ELSE ?1 " \
	"END <= ?3)"
#define DUE_APPLICANTS \
	"applicant_id IN (SELECT id FROM applicant WHERE disabled_at IS NOT " \
	"NULL AND disabled_at + 86400 * ?1 <= ?3)"
#define DUE_ACCESS_LOG "at + 86400 * ?1 <= ?3"

static const struct retention_kind {
	const char *count, *erase;
} retention_kinds[] = {
	{ "SELECT count(*), coalesce(sum(consent), 0) FROM registrant "
	  "WHERE " DUE_REGISTRANTS,
	    "DELETE FROM registrant WHERE " DUE_REGISTRANTS },
	{ "SELECT count(*), 0 FROM applicant_contact WHERE " DUE_APPLICANTS,
	    "DELETE FROM applicant_contact WHERE " DUE_APPLICANTS },
	{ "SELECT count(*), 0 FROM access_log WHERE " DUE_ACCESS_LOG,
	    "DELETE FROM access_log WHERE " DUE_ACCESS_LOG },
};

/* Runs sql with a kind's parameters; a count's two columns into n. */
static enum civic_err
retention_sql(struct store *s, const char *sql, int days,
    const struct retention_policy *p, time_t now, int64_t n[2])
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int(st, 1, days);
	store_bind_int(st, 2, p->consent_days);
	store_bind_int64(st, 3, now);
	if (n == NULL)
		return store_run(s, st);
	if ((rc = store_step(st)) == SQLITE_ROW) {
		n[0] = sqlite3_column_int64(st, 0);
		n[1] = sqlite3_column_int64(st, 1);
	}
	store_done(st);
	return rc == SQLITE_ROW ? CIVIC_OK
				: store_fail(s, rc, "counting what is due");
}

enum civic_err
store_retention_run(struct store *s, const struct identity *who, time_t now,
    const struct retention_policy *p, bool dry_run, struct retention_report *r)
{
	const int days[] = { p->registrant_days, p->applicant_days,
		p->access_log_days };
	int64_t counts[3][2] = { { 0 } };
	enum civic_err err = CIVIC_OK;
	json_t *details;
	size_t k;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	for (k = 0; err == CIVIC_OK && k < 3; k++)
		err = retention_sql(s, retention_kinds[k].count, days[k], p,
		    now, counts[k]);
	r->registrants = counts[0][0];
	r->consented = counts[0][1];
	r->applicant_contacts = counts[1][0];
	r->access_log = counts[2][0];
	/* A dry run, or nothing due: nothing changes, and no entry. */
	if (err != CIVIC_OK || dry_run ||
	    r->registrants + r->applicant_contacts + r->access_log == 0) {
		store_tx_rollback(s);
		return err;
	}
	for (k = 0; err == CIVIC_OK && k < 3; k++)
		err = retention_sql(s, retention_kinds[k].erase, days[k], p,
		    now, NULL);
	if (err != CIVIC_OK)
		return store_tx_end(s, err);
	details = json_pack("{s:I, s:I, s:I, s:I}", "registrants",
	    (json_int_t)r->registrants, "consented", (json_int_t)r->consented,
	    "applicant_contacts", (json_int_t)r->applicant_contacts,
	    "access_log", (json_int_t)r->access_log);
	err = store_audit(s, who, "retention.run", "retention", 0, details);
	json_decref(details);
	if (err == CIVIC_OK)
		log_notice(
		    "retention: erased the contact details of %lld "
		    "registrants and %lld applicants, and %lld access-log "
		    "entries",
		    (long long)r->registrants, (long long)r->applicant_contacts,
		    (long long)r->access_log);
	return store_tx_end(s, err);
}

/* --- finding a person --- */

#define FIND_REGISTRATIONS \
	"SELECT p.registration_id, p.meeting_id, r.created_at, r.status, " \
	"m.status, m.title, m.starts_at, r.seats, p.name, p.email, p.phone, " \
	"r.language, p.accessibility, r.childcare, p.note, p.consent, " \
	"r.checked_in_at FROM registrant p " \
	"JOIN registration r ON r.id = p.registration_id " \
	"JOIN meeting m ON m.id = p.meeting_id " \
	"WHERE (?1 IS NOT NULL AND p.email = ?1) OR " \
	"(?2 IS NOT NULL AND p.phone = ?2) ORDER BY p.registration_id"

#define FIND_APPLICANTS \
	"SELECT a.id, a.kind, a.name, a.cvr, c.contact_person, c.email, " \
	"c.phone, c.address, a.created_at, a.disabled_at FROM " \
	"applicant_contact c JOIN applicant a ON a.id = c.applicant_id " \
	"WHERE (?1 IS NOT NULL AND lower(c.email) = ?1) OR " \
	"(?2 IS NOT NULL AND c.phone = ?2) ORDER BY a.id"

static void
privacy_put_col(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		json_object_set_new(o, key, json_null());
		break;
	case SQLITE_INTEGER:
		json_object_set_new(o, key,
		    json_integer(sqlite3_column_int64(st, col)));
		break;
	default:
		json_object_set_new(o, key,
		    json_string((const char *)sqlite3_column_text(st, col)));
	}
}

static void
privacy_put_time(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		json_object_set_new(o, key, json_null());
	else
		jfield_put_time(o, key, (time_t)sqlite3_column_int64(st, col));
}

/*
 * A row as a new JSON object, one key per column in order: "@key" is a
 * time, "?key" a yes/no, and any other key the column as it is.
 */
static json_t *
privacy_row(sqlite3_stmt *st, const char *const *cols)
{
	json_t *o = json_object();
	int i;

	for (i = 0; cols[i] != NULL; i++) {
		if (cols[i][0] == '@')
			privacy_put_time(o, cols[i] + 1, st, i);
		else if (cols[i][0] == '?')
			json_object_set_new(o, cols[i] + 1,
			    json_boolean(sqlite3_column_int(st, i)));
		else
			privacy_put_col(o, cols[i], st, i);
	}
	return o;
}

/* The person's registrations, with their meeting. */
static enum civic_err
privacy_registrations(struct store *s, const char *email, const char *phone,
    json_t *list)
{
	static const char sql[] = FIND_REGISTRATIONS;
	static const char *const cols[] = { "registration", "meeting",
		"@created", "status", "meeting_status", "meeting_title",
		"@meeting_starts", "seats", "name", "email", "phone",
		"language", "accessibility", "childcare", "note", "?consent",
		"@checked_in", NULL };
	sqlite3_stmt *st;
	json_t *o;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text_or_null(st, 1, email);
	store_bind_text_or_null(st, 2, phone);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		o = privacy_row(st, cols);
		json_array_append_new(list, o);
	}
	store_done(st);
	return rc == SQLITE_DONE ? CIVIC_OK
				 : store_fail(s, rc, "finding registrations");
}

/* The applications of an applicant, as case numbers and states. */
static enum civic_err
privacy_applications(struct store *s, int64_t applicant, json_t *o, int *open)
{
	static const char sql[] =
	    "SELECT id, year, seq, status, title FROM application "
	    "WHERE applicant_id = ? ORDER BY id";
	json_t *list = json_array(), *a;
	sqlite3_stmt *st;
	char ref[32];
	int rc;

	*open = 0;
	json_object_set_new(o, "applications", list);
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, applicant);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 3);

		a = json_object();
		privacy_put_col(a, "id", st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			snprintf(ref, sizeof ref, "%d-%04d",
			    sqlite3_column_int(st, 1),
			    sqlite3_column_int(st, 2));
			jfield_put_str(a, "reference", ref);
		} else
			jfield_put_str(a, "reference", NULL);
		privacy_put_col(a, "status", st, 3);
		privacy_put_col(a, "title", st, 4);
		json_array_append_new(list, a);
		if (status != NULL && strcmp(status, "closed") != 0 &&
		    strcmp(status, "rejected") != 0 &&
		    strcmp(status, "withdrawn") != 0 &&
		    strcmp(status, "revoked") != 0)
			(*open)++;
	}
	store_done(st);
	return rc == SQLITE_DONE ? CIVIC_OK
				 : store_fail(s, rc, "finding applications");
}

static enum civic_err
privacy_applicants(struct store *s, const char *email, const char *phone,
    json_t *list)
{
	static const char sql[] = FIND_APPLICANTS;
	static const char *const cols[] = { "applicant", "kind", "name", "cvr",
		"contact_person", "email", "phone", "address", "@created",
		"@disabled", NULL };
	sqlite3_stmt *st;
	enum civic_err err = CIVIC_OK;
	json_t *o;
	int64_t *ids = NULL, *nids;
	size_t n = 0, i;
	int rc, open;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text_or_null(st, 1, email);
	store_bind_text_or_null(st, 2, phone);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		o = privacy_row(st, cols);
		json_array_append_new(list, o);
		if ((nids = realloc(ids, (n + 1) * sizeof *ids)) == NULL) {
			err = CIVIC_E_INTERNAL;
			break;
		}
		ids = nids;
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	store_done(st);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "finding applicants");
	/* The applications, once the statement above is done. */
	for (i = 0; err == CIVIC_OK && i < n; i++) {
		o = json_array_get(list, i);
		if ((err = privacy_applications(s, ids[i], o, &open)) ==
		    CIVIC_OK)
			json_object_set_new(o, "open_applications",
			    json_integer(open));
	}
	free(ids);
	return err;
}

/* A JSON array (as text) of one integer field of every object in list. */
static char *
privacy_ids(const json_t *list, const char *key)
{
	json_t *ids = json_array(), *o;
	size_t i;
	char *text;

	json_array_foreach(list, i, o)
	    json_array_append(ids, json_object_get(o, key));
	text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	return text;
}

/* The access-log entries about the person's records: reads of each of
 * them, and of the lists they were on at the time. */
static enum civic_err
privacy_access_log(struct store *s, const json_t *regs, const json_t *apps,
    json_t *list)
{
	static const char sql[] =
	    "SELECT l.at, l.uid, l.user, l.roles, l.method, l.subject_kind, "
	    "l.subject_id, l.outcome FROM access_log l WHERE "
	    "(l.subject_kind = 'registration' AND l.subject_id IN "
	    "(SELECT value FROM json_each(?1))) OR "
	    "(l.subject_kind = 'meeting' AND EXISTS (SELECT 1 FROM "
	    "registration r WHERE r.id IN (SELECT value FROM json_each(?1)) "
	    "AND r.meeting_id = l.subject_id AND r.created_at <= l.at)) OR "
	    "(l.subject_kind = 'applicant' AND l.subject_id IN "
	    "(SELECT value FROM json_each(?2))) OR "
	    "(l.subject_kind = 'application' AND l.subject_id IN "
	    "(SELECT id FROM application WHERE applicant_id IN "
	    "(SELECT value FROM json_each(?2)))) OR "
	    "(l.subject_kind IN ('applicants', 'applications') AND EXISTS "
	    "(SELECT 1 FROM applicant a WHERE a.id IN (SELECT value FROM "
	    "json_each(?2)) AND a.created_at <= l.at)) ORDER BY l.id";
	static const char *const cols[] = { "@at", "uid", "user", "roles",
		"method", "subject_kind", "subject_id", "outcome", NULL };
	char *rids = privacy_ids(regs, "registration");
	char *aids = privacy_ids(apps, "applicant");
	sqlite3_stmt *st;
	json_t *o;
	int rc = SQLITE_ERROR;

	if (rids != NULL && aids != NULL && (st = store_stmt(s, sql)) != NULL) {
		store_bind_text(st, 1, rids, -1, SQLITE_TRANSIENT);
		store_bind_text(st, 2, aids, -1, SQLITE_TRANSIENT);
		while ((rc = store_step(st)) == SQLITE_ROW) {
			o = privacy_row(st, cols);
			json_array_append_new(list, o);
		}
		store_done(st);
	}
	free(rids);
	free(aids);
	return rc == SQLITE_DONE ? CIVIC_OK
				 : store_fail(s, rc, "reading the access log");
}

/* The person's records, found by e-mail or phone. */
static enum civic_err
privacy_find(struct store *s, const char *email, const char *phone,
    json_t **regs, json_t **apps)
{
	enum civic_err err;

	*regs = json_array();
	*apps = json_array();
	if ((err = privacy_registrations(s, email, phone, *regs)) != CIVIC_OK ||
	    (err = privacy_applicants(s, email, phone, *apps)) != CIVIC_OK) {
		json_decref(*regs);
		json_decref(*apps);
	}
	return err;
}

enum civic_err
store_privacy_export(struct store *s, const char *email, const char *phone,
    json_t **out)
{
	json_t *regs = NULL, *apps = NULL, *log = json_array();
	enum civic_err err;

	*out = NULL;
	if ((err = store_tx_begin(s)) != CIVIC_OK) {
		json_decref(log);
		return err;
	}
	if ((err = privacy_find(s, email, phone, &regs, &apps)) != CIVIC_OK)
		goto out;
	/* What the person is shown includes earlier reads, not this one:
	 * the dispatcher logs it after (Privacy.Export is M_PERSONAL). */
	if ((err = privacy_access_log(s, regs, apps, log)) != CIVIC_OK)
		goto out;
	*out = json_pack("{s:{s:o, s:o}, s:O, s:O, s:O}", "query", "email",
	    email != NULL ? json_string(email) : json_null(), "phone",
	    phone != NULL ? json_string(phone) : json_null(), "registrations",
	    regs, "applicants", apps, "access_log", log);
out:
	json_decref(regs);
	json_decref(apps);
	json_decref(log);
	err = store_tx_end(s, err);
	if (err != CIVIC_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

void
privacy_erasure_free(struct privacy_erasure *e)
{
	if (e == NULL)
		return;
	free(e->items);
	e->items = NULL;
	e->n = 0;
}

/* Adds an item to e; false when out of memory. */
static bool
privacy_add(struct privacy_erasure *e, enum privacy_item_kind kind, int64_t id,
    int64_t meeting, int64_t count)
{
	struct privacy_item *more;

	if ((more = reallocarray(e->items, e->n + 1, sizeof *more)) == NULL)
		return false;
	e->items = more;
	e->items[e->n++] = (struct privacy_item){ kind, id, meeting, count };
	return true;
}

enum civic_err
store_privacy_erase(struct store *s, const struct identity *who,
    const char *email, const char *phone, int access_log_days,
    struct privacy_erasure *out)
{
	static const char erase_reg[] = "DELETE FROM registrant "
					"WHERE registration_id = ?";
	static const char erase_app[] = "DELETE FROM applicant_contact "
					"WHERE applicant_id = ?";
	struct privacy_erasure kept = { NULL, 0 };
	json_t *regs = NULL, *apps = NULL, *o, *details;
	enum civic_err err;
	sqlite3_stmt *st;
	bool ok = true;
	size_t i;

	memset(out, 0, sizeof *out);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = privacy_find(s, email, phone, &regs, &apps)) != CIVIC_OK)
		goto out;
	/* Nothing held: nothing to erase, and nothing to record. */
	if (json_array_size(regs) == 0 && json_array_size(apps) == 0) {
		err = CIVIC_E_NOT_FOUND;
		goto out;
	}
	json_array_foreach(regs, i, o)
	{
		int64_t id = json_integer_value(json_object_get(o,
		    "registration"));
		const char *ms = json_string_value(json_object_get(o,
		    "meeting_status"));
		const char *rs = json_string_value(json_object_get(o,
		    "status"));

		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, erase_reg)) == NULL)
			goto out;
		store_bind_int64(st, 1, id);
		if ((err = store_run(s, st)) != CIVIC_OK)
			goto out;
		ok = ok && privacy_add(out, ERASED_REGISTRANT, id, 0, 0);
		if (ms != NULL && strcmp(ms, "scheduled") == 0 && rs != NULL &&
		    strcmp(rs, "cancelled") != 0)
			ok = ok &&
			    privacy_add(&kept, KEPT_UPCOMING_REGISTRATION, id,
				json_integer_value(json_object_get(o,
				    "meeting")),
				0);
	}
	json_array_foreach(apps, i, o)
	{
		int64_t id = json_integer_value(json_object_get(o,
		    "applicant"));
		int64_t open = json_integer_value(json_object_get(o,
		    "open_applications"));

		ok = ok && privacy_add(&kept, KEPT_GRANT_CASES, id, 0, 0);
		if (open > 0) {
			ok = ok &&
			    privacy_add(&kept, KEPT_OPEN_APPLICATIONS, id, 0,
				open);
			continue;
		}
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, erase_app)) == NULL)
			goto out;
		store_bind_int64(st, 1, id);
		if ((err = store_run(s, st)) != CIVIC_OK)
			goto out;
		ok = ok && privacy_add(out, ERASED_APPLICANT_CONTACT, id, 0, 0);
	}
	ok = ok && privacy_add(&kept, KEPT_ACCESS_LOG, 0, 0, access_log_days) &&
	    privacy_add(&kept, KEPT_AUDIT_TRAIL, 0, 0, 0);
	for (i = 0; ok && i < kept.n; i++)
		ok = privacy_add(out, kept.items[i].kind, kept.items[i].id,
		    kept.items[i].meeting, kept.items[i].count);
	if (!ok) {
		err = CIVIC_E_INTERNAL;
		goto out;
	}
	{
		char *rids = privacy_ids(regs, "registration");
		char *aids = privacy_ids(apps, "applicant");

		details = json_pack("{s:o, s:o}", "registrations",
		    json_loads(rids != NULL ? rids : "[]", 0, NULL),
		    "applicants",
		    json_loads(aids != NULL ? aids : "[]", 0, NULL));
		free(rids);
		free(aids);
	}
	err = store_audit(s, who, "privacy.erase", "person", 0, details);
	json_decref(details);
out:
	json_decref(regs);
	json_decref(apps);
	privacy_erasure_free(&kept);
	err = store_tx_end(s, err);
	if (err != CIVIC_OK)
		privacy_erasure_free(out);
	return err;
}
