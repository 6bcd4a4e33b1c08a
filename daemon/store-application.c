/*
 * store-application.c - applications from draft to closed (see
 * store-fund.h). Each write loads the application inside its transaction,
 * checks owner, conflict of interest and status there, and records a step
 * in the case history; the schema's triggers back the status machine, the
 * cap, the payments and the budget.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "money.h"
#include "store-audit.h"
#include "store-fund.h"
#include "store-internal.h"
#include "timefmt.h"

/* The columns app_from_row reads, in its order. */
#define APP_SELECT \
	"SELECT a.id, a.applicant_id, p.name, p.kind, a.status, a.year, " \
	"a.seq, a.title, a.description, a.integration, a.target_group, " \
	"a.participants, a.start_date, a.end_date, a.requested, a.granted, " \
	"a.released, a.decision_date, a.committee_ref, a.created_at, " \
	"a.updated_at, a.submitted_at, " \
	"coalesce((SELECT sum(amount) FROM payment " \
	"WHERE application_id = a.id), 0), y.accounts_weeks, c.status, " \
	"c.participants, c.spent, c.report, c.submitted_at, a.due_back, " \
	"a.due_on, coalesce((SELECT sum(amount) FROM repayment " \
	"WHERE application_id = a.id), 0) " \
	"FROM application a JOIN applicant p ON p.id = a.applicant_id " \
	"LEFT JOIN fund_year y ON y.year = a.year " \
	"LEFT JOIN accounts c ON c.application_id = a.id "

static int
app_enum(const unsigned char *text, const char *const *names)
{
	int i;

	for (i = 0; text != NULL && names[i] != NULL; i++) {
		if (strcmp((const char *)text, names[i]) == 0)
			return i;
	}
	return 0;
}

static int32_t
app_date(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	int32_t d;

	return t != NULL && date_parse((const char *)t, &d) ? d : -1;
}

static struct application *
app_from_row(sqlite3_stmt *st)
{
	struct application *a;
	bool oom = false;

	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->id = sqlite3_column_int64(st, 0);
	a->applicant_id = sqlite3_column_int64(st, 1);
	a->applicant_name = store_col_dup(st, 2, &oom);
	a->applicant_kind = (enum applicant_kind)
	    app_enum(sqlite3_column_text(st, 3), applicant_kind_names);
	a->status = (enum app_status)app_enum(sqlite3_column_text(st, 4),
	    app_status_names);
	a->year = sqlite3_column_int(st, 5);
	a->seq = sqlite3_column_int(st, 6);
	a->title = store_col_dup(st, 7, &oom);
	a->description = store_col_dup(st, 8, &oom);
	a->integration = store_col_dup(st, 9, &oom);
	a->target_group = store_col_dup(st, 10, &oom);
	a->participants = sqlite3_column_int64(st, 11);
	a->start_date = app_date(st, 12);
	a->end_date = app_date(st, 13);
	a->requested = sqlite3_column_int64(st, 14);
	a->granted = sqlite3_column_type(st, 15) == SQLITE_NULL
	    ? -1
	    : sqlite3_column_int64(st, 15);
	a->released = sqlite3_column_int64(st, 16);
	a->decision_date = app_date(st, 17);
	a->committee_ref = store_col_dup(st, 18, &oom);
	a->created = (time_t)sqlite3_column_int64(st, 19);
	a->updated = (time_t)sqlite3_column_int64(st, 20);
	a->submitted = (time_t)sqlite3_column_int64(st, 21);
	a->paid = sqlite3_column_int64(st, 22);
	a->accounts_due = a->year != 0 && a->end_date >= 0
	    ? a->end_date + 7 * sqlite3_column_int(st, 23)
	    : -1;
	a->accounts = sqlite3_column_type(st, 24) == SQLITE_NULL
	    ? ACCOUNTS_NONE
	    : (enum accounts_status)app_enum(sqlite3_column_text(st, 24),
		  accounts_status_names);
	a->acc_participants = sqlite3_column_int64(st, 25);
	a->acc_spent = sqlite3_column_int64(st, 26);
	a->acc_report = store_col_dup(st, 27, &oom);
	a->acc_submitted = (time_t)sqlite3_column_int64(st, 28);
	a->due_back = sqlite3_column_int64(st, 29);
	a->due_on = app_date(st, 30);
	a->repaid = sqlite3_column_int64(st, 31);
	if (oom) {
		application_free(a);
		return NULL;
	}
	return a;
}

void
application_free(struct application *a)
{
	size_t i;

	if (a == NULL)
		return;
	free(a->applicant_name);
	free(a->title);
	free(a->description);
	free(a->integration);
	free(a->target_group);
	free(a->committee_ref);
	free(a->acc_report);
	for (i = 0; i < a->nlines; i++)
		free(a->lines[i].item);
	free(a->lines);
	for (i = 0; i < a->nevents; i++) {
		free(a->events[i].actor_user);
		free(a->events[i].kind);
		free(a->events[i].text);
	}
	free(a->events);
	for (i = 0; i < a->npayments; i++) {
		free(a->payments[i].reference);
		free(a->payments[i].reason);
	}
	free(a->payments);
	for (i = 0; i < a->nrepayments; i++)
		free(a->repayments[i].reference);
	free(a->repayments);
	for (i = 0; i < a->nconflicts; i++) {
		free(a->conflicts[i].user);
		free(a->conflicts[i].reason);
	}
	free(a->conflicts);
	free(a);
}

/* Grows *v (of *n elements of size) by one zeroed element; NULL on OOM. */
static void *
app_grow(void **v, size_t *n, size_t size)
{
	char *nv = realloc(*v, (*n + 1) * size);

	if (nv == NULL)
		return NULL;
	memset(nv + *n * size, 0, size);
	*v = nv;
	return nv + (*n)++ * size;
}

static enum civic_err
app_load_lines(struct store *s, struct application *a)
{
	static const char sql[] =
	    "SELECT item, amount, actual FROM "
	    "application_line WHERE application_id = ? ORDER BY line";
	struct app_line *l;
	sqlite3_stmt *st;
	bool oom = false;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, a->id);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((l = app_grow((void **)&a->lines, &a->nlines, sizeof *l)) ==
		    NULL) {
			oom = true;
			break;
		}
		l->item = store_col_dup(st, 0, &oom);
		l->amount = sqlite3_column_int64(st, 1);
		l->actual = sqlite3_column_type(st, 2) == SQLITE_NULL
		    ? -1
		    : sqlite3_column_int64(st, 2);
	}
	store_done(st);
	if (oom)
		return CIVIC_E_INTERNAL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "reading budget lines");
	return CIVIC_OK;
}

static enum civic_err
app_load_history(struct store *s, struct application *a)
{
	static const char events[] =
	    "SELECT at, actor_uid, actor_user, actor_applicant, kind, status, "
	    "amount, text FROM application_event WHERE application_id = ? "
	    "ORDER BY id";
	static const char payments[] =
	    "SELECT id, paid_on, amount, reference, recorded_at, recorded_by, "
	    "coalesce(reverses, 0), reason "
	    "FROM payment WHERE application_id = ? ORDER BY id";
	static const char repayments[] =
	    "SELECT id, received_on, amount, reference, year, recorded_at, "
	    "recorded_by FROM repayment WHERE application_id = ? ORDER BY id";
	static const char conflicts[] =
	    "SELECT uid, user, reason, declared_at FROM conflict "
	    "WHERE application_id = ? ORDER BY declared_at";
	sqlite3_stmt *st;
	bool oom = false;
	int rc;

	if ((st = store_stmt(s, events)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, a->id);
	while (!oom && (rc = store_step(st)) == SQLITE_ROW) {
		struct app_event *e = app_grow((void **)&a->events, &a->nevents,
		    sizeof *e);

		if (e == NULL) {
			oom = true;
			break;
		}
		e->at = (time_t)sqlite3_column_int64(st, 0);
		e->actor_uid = sqlite3_column_type(st, 1) == SQLITE_NULL
		    ? -1
		    : sqlite3_column_int64(st, 1);
		e->actor_user = store_col_dup(st, 2, &oom);
		e->actor_applicant = sqlite3_column_int64(st, 3);
		e->kind = store_col_dup(st, 4, &oom);
		e->status = (enum app_status)app_enum(sqlite3_column_text(st,
							  5),
		    app_status_names);
		e->amount = sqlite3_column_type(st, 6) == SQLITE_NULL
		    ? -1
		    : sqlite3_column_int64(st, 6);
		e->text = store_col_dup(st, 7, &oom);
	}
	store_done(st);
	if (!oom && (st = store_stmt(s, payments)) != NULL) {
		store_bind_int64(st, 1, a->id);
		while (!oom && (rc = store_step(st)) == SQLITE_ROW) {
			struct app_payment *p = app_grow((void **)&a->payments,
			    &a->npayments, sizeof *p);

			if (p == NULL) {
				oom = true;
				break;
			}
			p->id = sqlite3_column_int64(st, 0);
			p->paid_on = app_date(st, 1);
			p->amount = sqlite3_column_int64(st, 2);
			p->reference = store_col_dup(st, 3, &oom);
			p->recorded = (time_t)sqlite3_column_int64(st, 4);
			p->recorded_by = sqlite3_column_int64(st, 5);
			p->reverses = sqlite3_column_int64(st, 6);
			p->reason = store_col_dup(st, 7, &oom);
		}
		store_done(st);
	}
	if (!oom && (st = store_stmt(s, repayments)) != NULL) {
		store_bind_int64(st, 1, a->id);
		while (!oom && (rc = store_step(st)) == SQLITE_ROW) {
			struct app_repayment *p =
			    app_grow((void **)&a->repayments, &a->nrepayments,
				sizeof *p);

			if (p == NULL) {
				oom = true;
				break;
			}
			p->id = sqlite3_column_int64(st, 0);
			p->received_on = app_date(st, 1);
			p->amount = sqlite3_column_int64(st, 2);
			p->reference = store_col_dup(st, 3, &oom);
			p->year = sqlite3_column_int(st, 4);
			p->recorded = (time_t)sqlite3_column_int64(st, 5);
			p->recorded_by = sqlite3_column_int64(st, 6);
		}
		store_done(st);
	}
	if (!oom && (st = store_stmt(s, conflicts)) != NULL) {
		store_bind_int64(st, 1, a->id);
		while (!oom && (rc = store_step(st)) == SQLITE_ROW) {
			struct app_conflict *c =
			    app_grow((void **)&a->conflicts, &a->nconflicts,
				sizeof *c);

			if (c == NULL) {
				oom = true;
				break;
			}
			c->uid = sqlite3_column_int64(st, 0);
			c->user = store_col_dup(st, 1, &oom);
			c->reason = store_col_dup(st, 2, &oom);
			c->at = (time_t)sqlite3_column_int64(st, 3);
		}
		store_done(st);
	}
	return oom || st == NULL ? CIVIC_E_INTERNAL : CIVIC_OK;
}

static void *
app_make(sqlite3_stmt *st)
{
	return app_from_row(st);
}

enum civic_err
store_application_get(struct store *s, int64_t id, int64_t owner,
    unsigned flags, struct application **out)
{
	static const char sql[] = APP_SELECT "WHERE a.id = ?";
	struct application *a;
	enum civic_err err;
	void *row;

	*out = NULL;
	if ((err = store_row_by_id(s, sql, id, app_make, &row,
		 "reading an application")) != CIVIC_OK)
		return err;
	a = row;
	if (owner != 0 && a->applicant_id != owner) {
		application_free(a);
		return CIVIC_E_NOT_FOUND;
	}
	if ((err = app_load_lines(s, a)) == CIVIC_OK &&
	    (flags & APP_GET_HISTORY))
		err = app_load_history(s, a);
	if (err != CIVIC_OK) {
		application_free(a);
		return err;
	}
	*out = a;
	return CIVIC_OK;
}

/* Which applications a filter matches; the parameters are bound by
 * app_filter_bind. */
#define APP_FILTER \
	"WHERE (?1 = 0 OR a.year = ?1 OR (a.year IS NULL AND ?1 = ?6)) " \
	"AND (?2 = '' OR a.status = ?2) " \
	"AND (?3 = 0 OR a.applicant_id = ?3) " \
	"AND (?4 = 0 OR (a.status = 'paid' " \
	"AND (c.status IS NULL OR c.status = 'returned') " \
	"AND julianday(a.end_date) + 7 * y.accounts_weeks < julianday(?5)) " \
	"OR (a.status = 'closed' AND a.due_on < ?5 AND a.due_back > " \
	"(SELECT coalesce(sum(amount), 0) FROM repayment " \
	"WHERE application_id = a.id))) " \
	"AND (?10 = 0 OR (coalesce((SELECT sum(amount) FROM payment " \
	"WHERE application_id = a.id), 0) < a.granted) = (?10 = 2)) "

static void
app_filter_bind(sqlite3_stmt *st, const struct app_filter *f,
    char today[TIMEFMT_BUFSZ])
{
	store_bind_int(st, 1, f->year);
	store_bind_text(st, 2,
	    f->status >= 0 ? app_status_names[f->status] : "", -1,
	    SQLITE_STATIC);
	store_bind_int64(st, 3, f->applicant);
	store_bind_int(st, 4, f->overdue);
	store_bind_text(st, 5, date_format(f->today, today), -1, SQLITE_STATIC);
	store_bind_int(st, 6, f->draft_year);
	store_bind_int(st, 10, f->paid_in_full);
}

enum civic_err
store_application_count(struct store *s, const struct app_filter *f,
    int64_t *total)
{
	static const char sql[] = "SELECT count(*) FROM application a "
				  "LEFT JOIN fund_year y ON y.year = a.year "
				  "LEFT JOIN accounts c "
				  "ON c.application_id = a.id " APP_FILTER;
	char today[TIMEFMT_BUFSZ];
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	app_filter_bind(st, f, today);
	rc = store_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_done(st);
	return rc == SQLITE_ROW ? CIVIC_OK
				: store_fail(s, rc, "counting applications");
}

enum civic_err
store_application_each(struct store *s, const struct app_filter *f,
    int (*fn)(const struct application *, void *), void *arg)
{
	static const char sql[] = APP_SELECT APP_FILTER
	    "AND a.id > ?9 ORDER BY a.id LIMIT ?7 OFFSET ?8";
	char today[TIMEFMT_BUFSZ];
	struct application *a;
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	app_filter_bind(st, f, today);
	store_bind_int64(st, 7, f->limit > 0 ? f->limit : -1);
	store_bind_int64(st, 8, f->offset);
	store_bind_int64(st, 9, f->after_id);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((a = app_from_row(st)) == NULL || fn(a, arg) != 0) {
			application_free(a);
			err = CIVIC_E_INTERNAL;
			break;
		}
		application_free(a);
	}
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "listing applications");
	store_done(st);
	return err;
}

/*
 * Audits a step of a case: its action ("application.approved"), the
 * status after it and the amount, never the texts, which may name people.
 */
static enum civic_err
app_audit(struct store *s, const struct identity *who, const char *kind,
    int64_t id, enum app_status status, int64_t amount)
{
	char action[64], buf[MONEY_BUFSZ];
	enum civic_err err;
	json_t *details;
	size_t i;

	snprintf(action, sizeof action, "application.%s", kind);
	for (i = 0; action[i] != '\0'; i++) {
		if (action[i] == ' ')
			action[i] = '_';
	}
	details = json_pack("{s:s}", "status", app_status_names[status]);
	if (amount >= 0)
		json_object_set_new(details, "amount",
		    json_string(money_format_iso(amount, buf)));
	err = store_audit(s, who, action, "application", id, details);
	json_decref(details);
	return err;
}

/* Records a step in the case history, inside the caller's transaction. */
enum civic_err
store_application_event(struct store *s, const struct identity *who,
    bool as_applicant, int64_t id, const char *kind, enum app_status status,
    int64_t amount, const char *text)
{
	static const char sql[] =
	    "INSERT INTO application_event (application_id, at, actor_uid, "
	    "actor_user, actor_applicant, kind, status, amount, text) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, clock_now());
	if (as_applicant) {
		store_bind_null(st, 3);
		store_bind_null(st, 4);
		store_bind_int64(st, 5, who->applicant_id);
	} else {
		store_bind_int64(st, 3, who->uid);
		store_bind_text_or_null(st, 4, who->user);
		store_bind_null(st, 5);
	}
	store_bind_text(st, 6, kind, -1, SQLITE_STATIC);
	store_bind_text(st, 7, app_status_names[status], -1, SQLITE_STATIC);
	if (amount >= 0)
		store_bind_int64(st, 8, amount);
	store_bind_text_or_null(st, 9, text);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	return app_audit(s, who, kind, id, status, amount);
}

enum civic_err
store_application_set_status(struct store *s, int64_t id,
    enum app_status status)
{
	static const char sql[] = "UPDATE application SET status = ?, "
				  "updated_at = ? WHERE id = ?";
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text(st, 1, app_status_names[status], -1, SQLITE_STATIC);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, id);
	return store_run(s, st);
}

/*
 * Loads the application a write is about, inside its transaction. With
 * owner non-zero only that applicant's. Fails with CIVIC_E_INVALID_STATE
 * (r->status set) unless its status is one of the allowed bits.
 */
enum civic_err
store_application_lock(struct store *s, int64_t id, int64_t owner,
    unsigned allowed, struct application **a, struct fund_refusal *r)
{
	enum civic_err err;

	if ((err = store_application_get(s, id, owner, 0, a)) != CIVIC_OK)
		return err;
	r->status = (*a)->status;
	r->year = (*a)->year;
	if (!(allowed & (1u << (*a)->status)))
		return CIVIC_E_INVALID_STATE;
	return CIVIC_OK;
}

static enum civic_err
app_write_lines(struct store *s, int64_t id, const struct app_draft *d)
{
	static const char del[] = "DELETE FROM application_line "
				  "WHERE application_id = ?";
	static const char ins[] =
	    "INSERT INTO application_line "
	    "(application_id, line, item, amount) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;
	size_t i;

	if ((st = store_stmt(s, del)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	for (i = 0; i < d->nlines; i++) {
		if ((st = store_stmt(s, ins)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, id);
		store_bind_int64(st, 2, (int64_t)i + 1);
		store_bind_text(st, 3, d->lines[i].item, -1, SQLITE_TRANSIENT);
		store_bind_int64(st, 4, d->lines[i].amount);
		if ((err = store_run(s, st)) != CIVIC_OK)
			return err;
	}
	return CIVIC_OK;
}

/* The lines must add up to the amount asked for: checked here too, so no
 * path into storage can skip it. */
static bool
app_draft_adds_up(const struct app_draft *d)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < d->nlines; i++)
		sum += d->lines[i].amount;
	return d->nlines > 0 && sum == d->requested;
}

static void
app_bind_draft(sqlite3_stmt *st, const struct app_draft *d)
{
	char a[TIMEFMT_BUFSZ], b[TIMEFMT_BUFSZ];

	store_bind_text(st, 1, d->title, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, d->description, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 3, d->integration, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 4, d->target_group, -1, SQLITE_TRANSIENT);
	store_bind_int64(st, 5, d->participants);
	store_bind_text(st, 6, date_format(d->start_date, a), -1,
	    SQLITE_TRANSIENT);
	store_bind_text(st, 7, date_format(d->end_date, b), -1,
	    SQLITE_TRANSIENT);
	store_bind_int64(st, 8, d->requested);
	store_bind_int64(st, 9, clock_now());
}

/* The INSERT of a new draft: above every id in use and every id ever
 * given (schema 008), so a deleted draft's id is never given again. */
#define APP_INSERT \
	"INSERT INTO application (id, title, description, integration, " \
	"target_group, participants, start_date, end_date, requested, " \
	"created_at, updated_at, applicant_id, status) " \
	"VALUES (max(coalesce((SELECT max(id) FROM application), 0), " \
	"coalesce((SELECT last FROM id_high_water " \
	"WHERE name = 'application'), 0)) + 1, " \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, 'draft')"

/* A draft's first submission: into year, with the year's next number,
 * submitted at ?2 (the day received, for one that came on paper). */
#define APP_SUBMIT_FIRST \
	"UPDATE application SET status = 'submitted', year = ?1, " \
	"seq = (SELECT coalesce(max(seq), 0) + 1 FROM application " \
	"WHERE year = ?1), submitted_at = ?2, updated_at = ?3 WHERE id = ?4"

/* Opens fund year year if need be; CIVIC_E_CAP_EXCEEDED (r->year,
 * r->limit) if requested is above its cap per application, and
 * R_YEAR_CLOSED if the year is closed. */
static enum civic_err
app_year_takes(struct store *s, const struct fund_defaults *def, int year,
    int64_t requested, struct fund_refusal *r)
{
	struct fund_figures f;
	enum civic_err err;

	if ((err = store_fund_year_writable(s, year, r)) != CIVIC_OK ||
	    (err = store_fund_open(s, def, year)) != CIVIC_OK ||
	    (err = store_fund_figures(s, def, year, &f)) != CIVIC_OK)
		return err;
	if (requested > f.cap) {
		r->year = year;
		r->limit = f.cap;
		return CIVIC_E_CAP_EXCEEDED;
	}
	return CIVIC_OK;
}

enum civic_err
store_application_receive(struct store *s, const struct fund_defaults *def,
    const struct identity *who, int64_t applicant, const struct app_draft *d,
    int32_t received, int year, const char *via, int64_t *id,
    struct fund_refusal *r)
{
	static const char exists[] = "SELECT count(*) FROM applicant "
				     "WHERE id = ?";
	static const char submit[] = APP_SUBMIT_FIRST;
	static const char sql[] = APP_INSERT;
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t n;

	memset(r, 0, sizeof *r);
	if (!app_draft_adds_up(d))
		return CIVIC_E_INVALID_PARAMETER;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_int(s, exists, applicant, INT64_MIN, INT64_MIN, &n)) !=
	    CIVIC_OK)
		goto out;
	if (n == 0) {
		err = CIVIC_E_NOT_FOUND;
		goto out;
	}
	if ((err = app_year_takes(s, def, year, d->requested, r)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	app_bind_draft(st, d);
	store_bind_int64(st, 10, applicant);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	if ((err = app_write_lines(s, *id, d)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, submit)) == NULL)
		goto out;
	/* Submitted the day it was received (noon), entered now. */
	store_bind_int(st, 1, year);
	store_bind_int64(st, 2, (int64_t)received * 86400 + 12 * 3600);
	store_bind_int64(st, 3, clock_now());
	store_bind_int64(st, 4, *id);
	if ((err = store_run(s, st)) == CIVIC_OK)
		err = store_application_event(s, who, false, *id,
		    strcmp(via, "email") == 0 ? "received_by_email"
					      : "received_on_paper",
		    APP_SUBMITTED, d->requested, NULL);
out:
	return store_tx_end(s, err);
}

enum civic_err
store_application_create(struct store *s, const struct identity *who,
    const struct app_draft *d, int64_t *id)
{
	static const char sql[] = APP_INSERT;
	sqlite3_stmt *st;
	enum civic_err err;

	if (!app_draft_adds_up(d))
		return CIVIC_E_INVALID_PARAMETER;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	app_bind_draft(st, d);
	store_bind_int64(st, 10, who->applicant_id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	if ((err = app_write_lines(s, *id, d)) == CIVIC_OK)
		err = store_application_event(s, who, true, *id, "created",
		    APP_DRAFT, d->requested, NULL);
out:
	return store_tx_end(s, err);
}

enum civic_err
store_application_update(struct store *s, const struct identity *who,
    int64_t id, const struct app_draft *d, struct fund_refusal *r)
{
	static const char sql[] =
	    "UPDATE application SET title = ?1, description = ?2, "
	    "integration = ?3, target_group = ?4, participants = ?5, "
	    "start_date = ?6, end_date = ?7, requested = ?8, updated_at = ?9 "
	    "WHERE id = ?10";
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if (!app_draft_adds_up(d))
		return CIVIC_E_INVALID_PARAMETER;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_lock(s, id, who->applicant_id,
		 ST(APP_DRAFT) | ST(APP_AWAITING_INFORMATION), &a, r)) !=
	    CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	app_bind_draft(st, d);
	store_bind_int64(st, 10, id);
	if ((err = store_run(s, st)) == CIVIC_OK &&
	    (err = app_write_lines(s, id, d)) == CIVIC_OK)
		err = store_application_event(s, who, true, id, "edited",
		    a->status, d->requested, NULL);
out:
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_application_delete(struct store *s, const struct identity *who,
    int64_t id, struct fund_refusal *r)
{
	static const char sql[] = "DELETE FROM application WHERE id = ?";
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_lock(s, id, who->applicant_id,
		 ST(APP_DRAFT), &a, r)) == CIVIC_OK) {
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, sql)) != NULL) {
			store_bind_int64(st, 1, id);
			err = store_run(s, st);
		}
		if (err == CIVIC_OK)
			err = store_audit(s, who, "application.delete",
			    "application", id, NULL);
	}
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_application_submit(struct store *s, const struct fund_defaults *def,
    const struct identity *who, int64_t id, const char *message,
    struct fund_refusal *r)
{
	return store_application_submit_to(s, def, who, id, 0, message, r);
}

enum civic_err
store_application_submit_to(struct store *s, const struct fund_defaults *def,
    const struct identity *who, int64_t id, int want, const char *message,
    struct fund_refusal *r)
{
	static const char opened[] = "SELECT count(*) FROM fund_year "
				     "WHERE year = ?";
	static const char first[] = APP_SUBMIT_FIRST;
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;
	int year;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_lock(s, id, who->applicant_id,
		 ST(APP_DRAFT) | ST(APP_AWAITING_INFORMATION), &a, r)) !=
	    CIVIC_OK)
		goto out;
	year = a->year != 0 ? a->year : date_year(date_today(clock_now()));
	/* Another fund year than today's: a later one an admin has opened,
	 * and only for a draft (a submitted application keeps its year). */
	if (want != 0 && want != year) {
		int64_t n = 0;

		if (a->year != 0) {
			REFUSE_WHY(r, R_YEAR_FIXED, FN(a->year));
			err = CIVIC_E_INVALID_STATE;
			goto out;
		}
		if (want < year) {
			REFUSE_WHY(r, R_YEAR_PAST, FS("year"), FN(year));
			err = CIVIC_E_INVALID_PARAMETER;
			goto out;
		}
		if ((err = store_int(s, opened, want, INT64_MIN, INT64_MIN,
			 &n)) != CIVIC_OK)
			goto out;
		if (n == 0) {
			REFUSE_WHY(r, R_YEAR_NOT_OPEN, FN(want));
			err = CIVIC_E_INVALID_STATE;
			goto out;
		}
		year = want;
	}
	if ((err = app_year_takes(s, def, year, a->requested, r)) != CIVIC_OK)
		goto out;
	if (a->status == APP_DRAFT) {
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, first)) == NULL)
			goto out;
		store_bind_int(st, 1, year);
		store_bind_int64(st, 2, clock_now());
		store_bind_int64(st, 3, clock_now());
		store_bind_int64(st, 4, id);
		err = store_run(s, st);
	} else
		err = store_application_set_status(s, id, APP_SUBMITTED);
	if (err == CIVIC_OK)
		err = store_application_event(s, who, true, id,
		    a->status == APP_DRAFT ? "submitted" : "resubmitted",
		    APP_SUBMITTED, -1, message);
out:
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_application_withdraw(struct store *s, const struct identity *who,
    int64_t id, const char *reason, struct fund_refusal *r)
{
	struct application *a = NULL;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_lock(s, id, who->applicant_id,
		 ST(APP_SUBMITTED) | ST(APP_AWAITING_INFORMATION), &a, r)) ==
		CIVIC_OK &&
	    (err = store_application_set_status(s, id, APP_WITHDRAWN)) ==
		CIVIC_OK)
		err = store_application_event(s, who, true, id, "withdrawn",
		    APP_WITHDRAWN, -1, reason);
	application_free(a);
	return store_tx_end(s, err);
}
