/*
 * iface-fund-application.c - dk.civic.fund, the applicant's side: drafts,
 * submission, withdrawal, final accounts, and reading applications.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "iface-fund.h"
#include "iface.h"
#include "log.h"
#include "money.h"
#include "timefmt.h"

/* Reads the budget lines: 1..APP_MAX_LINES of {item, amount}. */
static int
fund_parse_lines(const json_t *list, struct app_draft *d, struct jerr *e)
{
	static const char *const fields[] = { "item", "amount", NULL };
	char scope[32];
	const json_t *l;
	size_t i;

	json_array_foreach(list, i, l)
	{
		snprintf(scope, sizeof scope, "lines[%zu].", i);
		e->scope = scope;
		if (jfield_object(l, "", fields, e) != 0 ||
		    jfield_string(l, "item", 0, 1, FUND_TITLE_MAX,
			&d->lines[i].item, e) < 0 ||
		    jfield_money(l, "amount", 0, 1, MONEY_MAX,
			&d->lines[i].amount, e) < 0)
			return -1;
	}
	e->scope = NULL;
	d->nlines = json_array_size(list);
	return 0;
}

/*
 * Reads a draft. With partial, fields not given keep what d holds (the
 * application as it is). Either way the result must hold together: the
 * end not before the start, the lines adding up to the amount.
 */
static int
fund_parse_draft(const json_t *p, bool partial, struct app_draft *d,
    struct jerr *e)
{
	const unsigned opt = partial ? JF_OPTIONAL : 0;
	const json_t *lines;
	int64_t sum = 0;
	size_t i;
	int got, asked;

	if (jfield_string(p, "title", opt, 1, FUND_TITLE_MAX, &d->title, e) <
		0 ||
	    jfield_string(p, "description", opt | JF_MULTILINE, 1,
		FUND_TEXT_MAX, &d->description, e) < 0 ||
	    jfield_string(p, "integration", opt | JF_MULTILINE, 1,
		FUND_TEXT_MAX, &d->integration, e) < 0 ||
	    jfield_string(p, "target_group", opt, 1, 500, &d->target_group, e) <
		0 ||
	    jfield_int(p, "participants", opt, 1, 1000000, &d->participants,
		e) < 0 ||
	    jfield_date(p, "start_date", opt, &d->start_date, e) < 0 ||
	    jfield_date(p, "end_date", opt, &d->end_date, e) < 0 ||
	    (asked = jfield_money(p, "requested", JF_OPTIONAL, 1, MONEY_MAX,
		 &d->requested, e)) < 0 ||
	    (got = jfield_array(p, "lines", opt, 1, APP_MAX_LINES, &lines, e)) <
		0)
		return -1;
	if (got == 1 && fund_parse_lines(lines, d, e) != 0)
		return -1;
	if (d->end_date < d->start_date)
		return JFAIL(e, "end_date", R_BEFORE, FS("start_date"));
	for (i = 0; i < d->nlines; i++)
		sum += d->lines[i].amount;
	/* New lines without an amount: the amount is what they add up to,
	 * as when a draft is written. */
	if (asked == 0 && (got == 1 || !partial))
		d->requested = sum;
	if (sum != d->requested)
		return JFAIL(e, "lines", R_LINES_SUM, FN(sum),
		    FN(d->requested));
	return 0;
}

/* The draft as the application holds it now (strings borrowed). */
static void
fund_draft_of(const struct application *a, struct app_draft *d)
{
	size_t i;

	memset(d, 0, sizeof *d);
	d->title = a->title;
	d->description = a->description;
	d->integration = a->integration;
	d->target_group = a->target_group;
	d->participants = a->participants;
	d->start_date = a->start_date;
	d->end_date = a->end_date;
	d->requested = a->requested;
	d->nlines = a->nlines < APP_MAX_LINES ? a->nlines : APP_MAX_LINES;
	for (i = 0; i < d->nlines; i++) {
		d->lines[i].item = a->lines[i].item;
		d->lines[i].amount = a->lines[i].amount;
	}
}

enum civic_err
fund_create_application(struct call *c)
{
	struct app_draft d;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t id;

	memset(&d, 0, sizeof d);
	if (fund_parse_draft(c->params, false, &d, &e) != 0)
		return call_invalid(c, &e);
	if ((err = store_application_create(c->d->store, c->who, &d, &id)) !=
	    CIVIC_OK)
		return err;
	return fund_reply_application(c, id, c->who->applicant_id, NULL);
}

/* An application received on paper or by e-mail: RecordApplication's
 * parameters, or one record of ImportApplications. */
struct received {
	int64_t applicant, year;
	int32_t received;
	int via;
	struct app_draft d;
};

static const char *const fund_vias[] = { "paper", "email", NULL };

static int
fund_parse_received(const json_t *o, struct received *x, struct jerr *e)
{
	memset(x, 0, sizeof *x);
	if (jfield_int(o, "applicant", 0, 1, INT64_MAX, &x->applicant, e) < 0 ||
	    jfield_date(o, "received", 0, &x->received, e) < 0 ||
	    jfield_int(o, "year", JF_OPTIONAL, 2000, 9999, &x->year, e) < 0 ||
	    jfield_enum(o, "via", JF_OPTIONAL, fund_vias, &x->via, e) < 0 ||
	    fund_parse_draft(o, false, &x->d, e) != 0)
		return -1;
	if (x->received > date_today(clock_now()))
		return JFAIL0(e, "received", R_IN_FUTURE);
	if (x->year == 0)
		x->year = date_year(x->received);
	return 0;
}

/* Enters x; refuses the call as the store says. */
static enum civic_err
fund_receive(struct call *c, const struct received *x, int64_t *id)
{
	struct fund_refusal r;
	enum civic_err err;

	err = store_application_receive(c->d->store, &c->d->fund, c->who,
	    x->applicant, &x->d, x->received, (int)x->year, fund_vias[x->via],
	    id, &r);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", x->applicant);
	if (err != CIVIC_OK)
		return fund_refused(c, err, 0, &r, R_APP_SUBMIT,
		    x->d.requested);
	return CIVIC_OK;
}

enum civic_err
fund_record_application(struct call *c)
{
	struct received x;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t id;

	if (fund_parse_received(c->params, &x, &e) != 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	if ((err = fund_receive(c, &x, &id)) != CIVIC_OK)
		return err;
	if (!c->dry_run)
		log_notice("uid %u recorded application %lld, received by %s",
		    (unsigned)c->who->uid, (long long)id, fund_vias[x.via]);
	return fund_reply_application(c, id, 0, NULL);
}

/*
 * Earlier years' cases, all or nothing: every record entered as
 * RecordApplication enters one, in the call's one transaction, so the
 * first that is refused leaves the database as it was.
 */
enum civic_err
fund_import_applications(struct call *c)
{
	static const char *const fields[] = { "applicant", "received", "year",
		"via", "title", "description", "integration", "target_group",
		"participants", "start_date", "end_date", "requested", "lines",
		NULL };
	const json_t *records, *o;
	struct application *a;
	struct received x;
	struct jerr e = { 0 };
	enum civic_err err;
	char scope[32];
	json_t *list;
	int64_t id;
	size_t i;

	if (jfield_array(c->params, "records", 0, 1, 10000, &records, &e) < 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	/* Every field of every record before anything is stored. */
	json_array_foreach(records, i, o)
	{
		snprintf(scope, sizeof scope, "records[%zu].", i);
		e.scope = scope;
		if (jfield_object(o, "", fields, &e) != 0 ||
		    fund_parse_received(o, &x, &e) != 0)
			return call_invalid(c, &e);
	}
	if ((list = json_array()) == NULL)
		return CIVIC_E_INTERNAL;
	json_array_foreach(records, i, o)
	{
		(void)fund_parse_received(o, &x, &e); /* valid: read above */
		if ((err = fund_receive(c, &x, &id)) != CIVIC_OK ||
		    (err = store_application_get(c->d->store, id, 0, 0, &a)) !=
			CIVIC_OK) {
			json_decref(list);
			return err;
		}
		json_array_append_new(list, fund_summary_json(a));
		application_free(a);
	}
	if (!c->dry_run)
		log_notice("uid %u imported %zu applications",
		    (unsigned)c->who->uid, json_array_size(list));
	return call_reply(c, json_pack("{s:o}", "applications", list));
}

enum civic_err
fund_edit_application(struct call *c)
{
	struct application *a;
	struct fund_refusal r;
	struct app_draft d;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t id;

	if (fund_id(c, &id, &e) < 0)
		return call_invalid(c, &e);
	err = store_application_get(c->d->store, id, c->who->applicant_id, 0,
	    &a);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "application", id);
	if (err != CIVIC_OK)
		return err;
	fund_draft_of(a, &d);
	if (fund_parse_draft(c->params, true, &d, &e) != 0) {
		application_free(a);
		return call_invalid(c, &e);
	}
	err = store_application_update(c->d->store, c->who, id, &d, &r);
	application_free(a);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_EDIT, 0);
	return fund_reply_application(c, id, c->who->applicant_id, NULL);
}

enum civic_err
fund_delete_application(struct call *c)
{
	struct fund_refusal r;
	enum civic_err err;
	const char *none;
	int64_t id;

	if ((err = fund_id_and_text(c, NULL, false, &id, &none)) != CIVIC_OK)
		return err;
	err = store_application_delete(c->d->store, c->who, id, &r);
	return fund_refused(c, err, id, &r, R_APP_DELETE, 0);
}

enum civic_err
fund_submit_application(struct call *c)
{
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *message;
	int64_t id, year = 0;

	if ((err = fund_id_and_text(c, "message", false, &id, &message)) !=
	    CIVIC_OK)
		return err;
	if (jfield_int(c->params, "year", JF_OPTIONAL, 2000, 9999, &year, &e) <
	    0)
		return call_invalid(c, &e);
	err = store_application_submit_to(c->d->store, &c->d->fund, c->who, id,
	    (int)year, message, &r);
	if (err != CIVIC_OK) {
		struct application *a;
		int64_t asked = 0;

		if (err == CIVIC_E_CAP_EXCEEDED &&
		    store_application_get(c->d->store, id, 0, 0, &a) ==
			CIVIC_OK) {
			asked = a->requested;
			application_free(a);
		}
		return fund_refused(c, err, id, &r, R_APP_SUBMIT, asked);
	}
	return fund_reply_application(c, id, c->who->applicant_id, NULL);
}

enum civic_err
fund_withdraw_application(struct call *c)
{
	struct fund_refusal r;
	enum civic_err err;
	const char *reason;
	int64_t id;

	if ((err = fund_id_and_text(c, "reason", false, &id, &reason)) !=
	    CIVIC_OK)
		return err;
	err = store_application_withdraw(c->d->store, c->who, id, reason, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_WITHDRAW, 0);
	return fund_reply_application(c, id, c->who->applicant_id, NULL);
}

/* A list of applications, read a page at a time (call_pages) from the
 * last id on. */
struct app_listing {
	struct app_filter f;
	int64_t left; /* -1 for no limit */
	json_t *page;
};

static int
app_list_one(const struct application *a, void *arg)
{
	struct app_listing *al = arg;

	al->f.after_id = a->id;
	if (al->left > 0)
		al->left--;
	return json_array_append_new(al->page, fund_summary_json(a));
}

static enum civic_err
app_list_page(struct store *s, void *arg, json_t *list, size_t max)
{
	struct app_listing *al = arg;
	struct app_filter f = al->f;
	enum civic_err err;

	if (al->left == 0)
		return CIVIC_OK;
	f.limit = max > INT64_MAX ? 0 : (int64_t)max; /* 0: all */
	if (al->left > 0 && (f.limit == 0 || al->left < f.limit))
		f.limit = al->left;
	al->page = list;
	err = store_application_each(s, &f, app_list_one, al);
	al->f.offset = 0; /* skipped on the first page only */
	return err;
}

enum civic_err
fund_list_applications(struct call *c)
{
	/* The statuses sent, as the IDL orders them: the stored ones, and
	 * partly_paid, which is stored as paid, not yet in full. */
	static const char *const wire_status[] = { "draft", "submitted",
		"awaiting_information", "approved", "rejected", "withdrawn",
		"partly_paid", "paid", "closed", "revoked", NULL };
	int status = -1;
	size_t i;
	struct app_filter f = { .status = -1 };
	struct app_listing *al;
	struct jerr e = { 0 };
	int64_t year = 0, applicant = 0, total;
	enum civic_err err;
	bool all = false;

	if (jfield_int(c->params, "year", JF_OPTIONAL, 2000, 9999, &year, &e) <
		0 ||
	    jfield_bool(c->params, "all", JF_OPTIONAL, &all, &e) < 0 ||
	    jfield_enum(c->params, "status", JF_OPTIONAL, wire_status, &status,
		&e) < 0 ||
	    jfield_int(c->params, "applicant", JF_OPTIONAL, 1, INT64_MAX,
		&applicant, &e) < 0 ||
	    jfield_bool(c->params, "overdue", JF_OPTIONAL, &f.overdue, &e) <
		0 ||
	    jfield_int(c->params, "limit", JF_OPTIONAL, 1, INT64_MAX, &f.limit,
		&e) < 0 ||
	    jfield_int(c->params, "offset", JF_OPTIONAL, 0, INT64_MAX,
		&f.offset, &e) < 0)
		return call_invalid(c, &e);
	if (all && year != 0)
		return CALL_REFUSE(c, R_EXCLUSIVE, FS("all"), FS("year"));
	/* partly_paid and paid are both stored as paid. */
	if (status >= 0) {
		for (i = 0; app_status_names[i] != NULL &&
		     strcmp(app_status_names[i], wire_status[status]) != 0;
		     i++)
			;
		f.status = app_status_names[i] != NULL ? (int)i : APP_PAID;
		f.paid_in_full = strcmp(wire_status[status], "paid") == 0 ? 1
		    : strcmp(wire_status[status], "partly_paid") == 0     ? 2
									  : 0;
	}
	f.today = date_today(clock_now());
	f.draft_year = date_year(f.today);
	/* The current fund year unless another is asked for. */
	f.year = year != 0 ? (int)year : all || f.overdue ? 0 : f.draft_year;
	/* An applicant sees its own, whatever it asks for. */
	f.applicant = fund_owner(c) != 0 ? fund_owner(c) : applicant;
	if ((err = store_application_count(c->d->store, &f, &total)) !=
	    CIVIC_OK)
		return err;
	if ((al = calloc(1, sizeof *al)) == NULL)
		return CIVIC_E_INTERNAL;
	al->f = f;
	al->left = f.limit > 0 ? f.limit : -1;
	return call_pages(c, json_pack("{s:I}", "total", (json_int_t)total),
	    "applications", app_list_page, free, al);
}

enum civic_err
fund_show_application(struct call *c)
{
	const char *none;
	enum civic_err err;
	int64_t id;

	if ((err = fund_id_and_text(c, NULL, false, &id, &none)) != CIVIC_OK)
		return err;
	call_subject(c, NULL, id);
	return fund_reply_application(c, id, fund_owner(c), NULL);
}

enum civic_err
fund_submit_accounts(struct call *c)
{
	static const char *const line_fields[] = { "line", "actual", NULL };
	int64_t actual[APP_MAX_LINES], id, participants, n;
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const json_t *lines, *l;
	const char *report;
	char scope[32];
	bool seen[APP_MAX_LINES] = { false };
	size_t i;

	if (fund_id(c, &id, &e) < 0 ||
	    jfield_array(c->params, "lines", 0, 1, APP_MAX_LINES, &lines, &e) <
		0 ||
	    jfield_int(c->params, "participants", 0, 0, 1000000, &participants,
		&e) < 0 ||
	    jfield_string(c->params, "report", JF_MULTILINE, 1, FUND_TEXT_MAX,
		&report, &e) < 0)
		return call_invalid(c, &e);
	/* Each budget line once, by its number. */
	json_array_foreach(lines, i, l)
	{
		snprintf(scope, sizeof scope, "lines[%zu].", i);
		e.scope = scope;
		if (jfield_object(l, "", line_fields, &e) != 0 ||
		    jfield_int(l, "line", 0, 1, (int64_t)json_array_size(lines),
			&n, &e) < 0 ||
		    jfield_money(l, "actual", 0, 0, MONEY_MAX, &actual[n - 1],
			&e) < 0)
			return call_invalid(c, &e);
		if (seen[n - 1])
			return CALL_REFUSE(c, R_ACCOUNT_LINE_TWICE, FS("lines"),
			    FN(n));
		seen[n - 1] = true;
	}
	err = store_accounts_submit(c->d->store, c->who, id, actual,
	    json_array_size(lines), participants, report, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_ACCOUNTS, 0);
	return fund_reply_application(c, id, c->who->applicant_id, NULL);
}
