/*
 * store-privacy.c - retention, export and erasure (see store-privacy.h).
 *
 * Lists of ids are passed to SQL as one JSON array bound as text and read
 * with json_each, so no statement is ever built from strings. What is
 * found is returned as typed records; the handlers render them.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "log.h"
#include "store-audit.h"
#include "store-internal.h"
#include "store-privacy.h"
#include "timefmt.h"

/*
 * What retention erases, kind by kind: a query of what is due, its key k
 * and whether the person consented c, taking ?1 the kind's days, ?2 the
 * days for registrants who consented, and ?3 now; and the statement that
 * deletes rows by key. A slice counts and deletes the same first ?4 of
 * them (-1: all), in one transaction.
 */
/* From the meetings that are over to their registrants (CROSS JOIN
 * keeps that order, and registrant_meeting makes it a search): never a
 * scan of every registrant. A meeting is over at its end, closed or not
 * (a coordinator who forgets to close one must not keep its people's
 * data for ever, nor close one early to lose it); a cancelled one when
 * it was cancelled. */
#define DUE_REGISTRANTS \
	"SELECT p.registration_id AS k, p.consent AS c FROM meeting m " \
	"CROSS JOIN registrant p ON p.meeting_id = m.id WHERE " \
	"iif(m.status = 'cancelled', m.closed_at, m.ends_at) " \
	"+ 86400 * CASE WHEN p.consent THEN ?2 ELSE ?1 END <= ?3"
#define DUE_APPLICANTS \
	"SELECT applicant_id AS k, 0 AS c FROM applicant_contact WHERE " \
	"applicant_id IN (SELECT id FROM applicant WHERE disabled_at IS NOT " \
	"NULL AND disabled_at + 86400 * ?1 <= ?3)"
#define DUE_ACCESS_LOG /* access_log_at */ \
	"SELECT rowid AS k, 0 AS c FROM access_log WHERE at <= ?3 - 86400 * ?1"
#define DUE_COUNT(DUE) \
	"SELECT count(*), coalesce(sum(c), 0) FROM (" DUE " LIMIT ?4)"
#define DUE_ERASE(TABLE, KEY, DUE) \
	"DELETE FROM " TABLE " WHERE " KEY " IN (SELECT k FROM (" DUE \
	" LIMIT ?4))"

static const struct retention_kind {
	const char *count, *erase;
} retention_kinds[] = {
	{ DUE_COUNT(DUE_REGISTRANTS),
	    DUE_ERASE("registrant", "registration_id", DUE_REGISTRANTS) },
	{ DUE_COUNT(DUE_APPLICANTS),
	    DUE_ERASE("applicant_contact", "applicant_id", DUE_APPLICANTS) },
	{ DUE_COUNT(DUE_ACCESS_LOG),
	    DUE_ERASE("access_log", "rowid", DUE_ACCESS_LOG) },
};

/* Runs sql with a kind's parameters; a count's two columns into n. */
static enum civic_err
retention_sql(struct store *s, const char *sql, int days,
    const struct retention_policy *p, time_t now, int64_t max, int64_t n[2])
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if (store_bind_int(st, 1, days) != SQLITE_OK ||
	    store_bind_int(st, 2, p->consent_days) != SQLITE_OK ||
	    store_bind_int64(st, 3, now) != SQLITE_OK ||
	    store_bind_int64(st, 4, max) != SQLITE_OK) {
		store_done(st);
		return store_fail(s, SQLITE_NOMEM, "binding");
	}
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

void
retention_report_add(struct retention_report *to,
    const struct retention_report *r)
{
	to->registrants += r->registrants;
	to->consented += r->consented;
	to->applicant_contacts += r->applicant_contacts;
	to->access_log += r->access_log;
}

void
retention_log(const struct retention_report *r, unsigned slices)
{
	if (r->registrants + r->applicant_contacts + r->access_log == 0)
		return;
	log_notice("retention: erased the contact details of %lld "
		   "registrants and %lld applicants, and %lld access-log "
		   "entries (%u %s)",
	    (long long)r->registrants, (long long)r->applicant_contacts,
	    (long long)r->access_log, slices,
	    slices == 1 ? "transaction" : "transactions");
}

enum civic_err
store_retention_run(struct store *s, const struct identity *who, time_t now,
    const struct retention_policy *p, bool dry_run, int64_t max,
    struct retention_report *r, bool *more)
{
	const int days[] = { p->registrant_days, p->applicant_days,
		p->access_log_days };
	int64_t counts[3][2] = { { 0 } };
	enum civic_err err = CIVIC_OK;
	json_t *details;
	size_t k;

	memset(r, 0, sizeof *r);
	*more = false;
	if (dry_run || max <= 0)
		max = -1;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	for (k = 0; err == CIVIC_OK && k < 3; k++) {
		err = retention_sql(s, retention_kinds[k].count, days[k], p,
		    now, max, counts[k]);
		if (counts[k][0] == max)
			*more = true;
	}
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
		    now, max, NULL);
	if (err != CIVIC_OK)
		return store_tx_end(s, err);
	details = json_pack("{s:I, s:I, s:I, s:I}", "registrants",
	    (json_int_t)r->registrants, "consented", (json_int_t)r->consented,
	    "applicant_contacts", (json_int_t)r->applicant_contacts,
	    "access_log", (json_int_t)r->access_log);
	err = store_audit(s, who, "retention.run", "retention", 0, details);
	json_decref(details);
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

/* --- the records held about a person, as typed values --- */

void
privacy_export_free(struct privacy_export *x)
{
	size_t i, j;

	if (x == NULL)
		return;
	for (i = 0; i < x->n; i++)
		for (j = 0; j < x->records[i].n; j++)
			free(x->records[i].v[j].text);
	free(x->records);
	free(x->regs);
	free(x->upcoming);
	free(x->apps);
	free(x->open);
	memset(x, 0, sizeof *x);
}

/*
 * A row as a new record of section, one value per column in order: a
 * name "@key" is a time, "?key" a yes or no, any other the column as it
 * is. NULL when out of memory.
 */
static struct privacy_record *
privacy_row(struct privacy_export *x, enum privacy_section section,
    sqlite3_stmt *st, const char *const *cols)
{
	struct privacy_record *more, *r;
	struct privacy_value *v;
	int i;

	if ((more = reallocarray(x->records, x->n + 1, sizeof *more)) == NULL)
		return NULL;
	x->records = more;
	r = &x->records[x->n++];
	memset(r, 0, sizeof *r);
	r->section = section;
	for (i = 0; cols[i] != NULL && r->n < PRIVACY_MAX_VALUES; i++) {
		v = &r->v[r->n++];
		v->key = cols[i][0] == '@' || cols[i][0] == '?' ? cols[i] + 1
								: cols[i];
		if (sqlite3_column_type(st, i) == SQLITE_NULL)
			v->type = PV_NULL;
		else if (cols[i][0] == '@') {
			v->type = PV_TIME;
			v->i = sqlite3_column_int64(st, i);
		} else if (cols[i][0] == '?') {
			v->type = PV_BOOL;
			v->i = sqlite3_column_int64(st, i) != 0;
		} else if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
			v->type = PV_INT;
			v->i = sqlite3_column_int64(st, i);
		} else {
			v->type = PV_TEXT;
			v->text = strdup((const char *)sqlite3_column_text(st,
			    i));
			if (v->text == NULL)
				return NULL;
		}
	}
	return r;
}

/* Adds a value to record r: the text t (copied), or without one the
 * integer i. */
static bool
privacy_put(struct privacy_record *r, const char *key, int64_t i, const char *t)
{
	struct privacy_value *v;

	if (r->n == PRIVACY_MAX_VALUES)
		return false;
	v = &r->v[r->n++];
	v->key = key;
	v->type = t != NULL ? PV_TEXT : PV_INT;
	v->i = i;
	return t == NULL || (v->text = strdup(t)) != NULL;
}

/* Appends id to a list of ids; false when out of memory. */
static bool
privacy_id(int64_t **ids, size_t *n, int64_t id)
{
	int64_t *more;

	if ((more = reallocarray(*ids, *n + 1, sizeof *more)) == NULL)
		return false;
	*ids = more;
	(*ids)[(*n)++] = id;
	return true;
}

/* The person's registrations, with their meeting. */
static enum civic_err
privacy_registrations(struct store *s, const char *email, const char *phone,
    struct privacy_export *x)
{
	static const char sql[] = FIND_REGISTRATIONS;
	static const char *const cols[] = { "registration", "meeting",
		"@created", "status", "meeting_status", "meeting_title",
		"@meeting_starts", "seats", "name", "email", "phone",
		"language", "accessibility", "childcare", "note", "?consent",
		"@checked_in", NULL };
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	const char *ms, *rs;
	bool upcoming;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text_or_null(st, 1, email);
	store_bind_text_or_null(st, 2, phone);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		rs = (const char *)sqlite3_column_text(st, 3);
		ms = (const char *)sqlite3_column_text(st, 4);
		upcoming = ms != NULL && strcmp(ms, "scheduled") == 0 &&
		    rs != NULL && strcmp(rs, "cancelled") != 0;
		if (privacy_row(x, PRIVACY_REGISTRATION, st, cols) == NULL ||
		    !privacy_id(&x->regs, &x->nregs,
			sqlite3_column_int64(st, 0)) ||
		    (upcoming &&
			!privacy_id(&x->upcoming, &x->nupcoming,
			    sqlite3_column_int64(st, 1)))) {
			err = CIVIC_E_INTERNAL;
			break;
		}
		if (!upcoming && !privacy_id(&x->upcoming, &x->nupcoming, 0)) {
			err = CIVIC_E_INTERNAL;
			break;
		}
	}
	store_done(st);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "finding registrations");
	return err;
}

/* The applications of applicant x->apps[k], as case numbers and states;
 * counts the open ones into x->open[k]. */
static enum civic_err
privacy_applications(struct store *s, struct privacy_export *x, size_t k)
{
	static const char sql[] =
	    "SELECT id, year, seq, status, title FROM application "
	    "WHERE applicant_id = ? ORDER BY id";
	static const char *const cols[] = { "id", NULL };
	static const char *const closed[] = { "closed", "rejected", "withdrawn",
		"revoked", NULL };
	enum civic_err err = CIVIC_OK;
	struct privacy_record *r;
	sqlite3_stmt *st;
	const char *status;
	char ref[32] = "";
	size_t i;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, x->apps[k]);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 3);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			snprintf(ref, sizeof ref, "%d-%04d",
			    sqlite3_column_int(st, 1),
			    sqlite3_column_int(st, 2));
		if ((r = privacy_row(x, PRIVACY_APPLICATION, st, cols)) ==
			NULL ||
		    !privacy_put(r, "applicant", x->apps[k], NULL) ||
		    !privacy_put(r, "status", 0,
			status != NULL ? status : "") ||
		    !privacy_put(r, "title", 0,
			(const char *)sqlite3_column_text(st, 4)) ||
		    !privacy_put(r, "reference", 0, ref)) {
			err = CIVIC_E_INTERNAL;
			break;
		}
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			r->v[r->n - 1].type = PV_NULL; /* a draft has none */
		for (i = 0; closed[i] != NULL &&
		     (status == NULL || strcmp(status, closed[i]) != 0);
		     i++)
			;
		if (closed[i] == NULL)
			x->open[k]++;
	}
	store_done(st);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "finding applications");
	return err;
}

static enum civic_err
privacy_applicants(struct store *s, const char *email, const char *phone,
    struct privacy_export *x)
{
	static const char sql[] = FIND_APPLICANTS;
	static const char *const cols[] = { "applicant", "kind", "name", "cvr",
		"contact_person", "email", "phone", "address", "@created",
		"@disabled", NULL };
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	size_t k;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text_or_null(st, 1, email);
	store_bind_text_or_null(st, 2, phone);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if (privacy_row(x, PRIVACY_APPLICANT, st, cols) == NULL ||
		    !privacy_id(&x->apps, &x->napps,
			sqlite3_column_int64(st, 0))) {
			err = CIVIC_E_INTERNAL;
			break;
		}
	}
	store_done(st);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "finding applicants");
	/* The applications, once the statement above is done. */
	if (err == CIVIC_OK && x->napps > 0 &&
	    (x->open = calloc(x->napps, sizeof *x->open)) == NULL)
		err = CIVIC_E_INTERNAL;
	for (k = 0; err == CIVIC_OK && k < x->napps; k++)
		err = privacy_applications(s, x, k);
	return err;
}

/* ids as a JSON array of numbers, for json_each in SQL; NULL when out of
 * memory. The caller frees it. */
static char *
privacy_ids(const int64_t *ids, size_t n)
{
	char *text = malloc(3 + n * 21), *p = text;
	size_t i;

	if (text == NULL)
		return NULL;
	*p++ = '[';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	*p++ = ']';
	*p = '\0';
	return text;
}

/* The access-log entries about the person's records: reads of each of
 * them, and of the lists they were on at the time. */
static enum civic_err
privacy_access_log(struct store *s, struct privacy_export *x)
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
	char *rids = privacy_ids(x->regs, x->nregs);
	char *aids = privacy_ids(x->apps, x->napps);
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc = SQLITE_NOMEM;

	if (rids != NULL && aids != NULL && (st = store_stmt(s, sql)) != NULL) {
		store_bind_text(st, 1, rids, -1, SQLITE_TRANSIENT);
		store_bind_text(st, 2, aids, -1, SQLITE_TRANSIENT);
		while ((rc = store_step(st)) == SQLITE_ROW)
			if (privacy_row(x, PRIVACY_READ, st, cols) == NULL) {
				err = CIVIC_E_INTERNAL;
				break;
			}
		store_done(st);
	}
	free(rids);
	free(aids);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "reading the access log");
	return err;
}

/* The person's records, found by e-mail or phone; with reads, also who
 * read them. */
static enum civic_err
privacy_find(struct store *s, const char *email, const char *phone, bool reads,
    struct privacy_export *x)
{
	enum civic_err err;

	memset(x, 0, sizeof *x);
	if ((err = privacy_registrations(s, email, phone, x)) != CIVIC_OK ||
	    (err = privacy_applicants(s, email, phone, x)) != CIVIC_OK ||
	    (reads && (err = privacy_access_log(s, x)) != CIVIC_OK))
		privacy_export_free(x);
	return err;
}

enum civic_err
store_privacy_export(struct store *s, const char *email, const char *phone,
    struct privacy_export *out)
{
	enum civic_err err;

	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	/* What the person is shown includes earlier reads, not this one:
	 * the dispatcher logs it after (Privacy.Export is M_PERSONAL). */
	err = store_tx_end(s, privacy_find(s, email, phone, true, out));
	if (err != CIVIC_OK)
		privacy_export_free(out);
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
	struct privacy_export x = { 0 };
	json_t *details;
	enum civic_err err;
	sqlite3_stmt *st;
	bool ok = true;
	size_t i;

	memset(out, 0, sizeof *out);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = privacy_find(s, email, phone, false, &x)) != CIVIC_OK)
		goto out;
	/* Nothing held: nothing to erase, and nothing to record. */
	if (x.nregs == 0 && x.napps == 0) {
		err = CIVIC_E_NOT_FOUND;
		goto out;
	}
	for (i = 0; i < x.nregs; i++) {
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, erase_reg)) == NULL)
			goto out;
		store_bind_int64(st, 1, x.regs[i]);
		if ((err = store_run(s, st)) != CIVIC_OK)
			goto out;
		ok = ok && privacy_add(out, ERASED_REGISTRANT, x.regs[i], 0, 0);
		/* Its seats at a meeting to come stay, without a name. */
		if (x.upcoming[i] != 0)
			ok = ok &&
			    privacy_add(&kept, KEPT_UPCOMING_REGISTRATION,
				x.regs[i], x.upcoming[i], 0);
	}
	for (i = 0; i < x.napps; i++) {
		ok = ok &&
		    privacy_add(&kept, KEPT_GRANT_CASES, x.apps[i], 0, 0);
		if (x.open[i] > 0) {
			ok = ok &&
			    privacy_add(&kept, KEPT_OPEN_APPLICATIONS,
				x.apps[i], 0, x.open[i]);
			continue;
		}
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, erase_app)) == NULL)
			goto out;
		store_bind_int64(st, 1, x.apps[i]);
		if ((err = store_run(s, st)) != CIVIC_OK)
			goto out;
		ok = ok &&
		    privacy_add(out, ERASED_APPLICANT_CONTACT, x.apps[i], 0, 0);
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
	/* The audit entry names the records by number only. */
	details = json_pack("{s:[], s:[]}", "registrations", "applicants");
	for (i = 0; i < x.nregs; i++)
		json_array_append_new(json_object_get(details, "registrations"),
		    json_integer(x.regs[i]));
	for (i = 0; i < x.napps; i++)
		json_array_append_new(json_object_get(details, "applicants"),
		    json_integer(x.apps[i]));
	err = store_audit(s, who, "privacy.erase", "person", 0, details);
	json_decref(details);
out:
	privacy_export_free(&x);
	privacy_erasure_free(&kept);
	err = store_tx_end(s, err);
	if (err != CIVIC_OK)
		privacy_erasure_free(out);
	return err;
}
