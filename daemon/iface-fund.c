/*
 * iface-fund.c - dk.civic.fund: fund years, and what the fund's handlers
 * share (see iface-fund.h).
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "iface-fund.h"
#include "iface.h"
#include "log.h"
#include "money.h"
#include "timefmt.h"

static json_t *
fund_kind_json(const struct fund_kind_figures *k)
{
	json_t *o = json_object();

	jfield_put_int(o, "applications", k->applications);
	jfield_put_int(o, "granted", k->granted);
	jfield_put_money(o, "committed", k->committed);
	jfield_put_money(o, "paid", k->paid);
	jfield_put_money(o, "released", k->released);
	jfield_put_money(o, "repaid", k->repaid);
	jfield_put_money(o, "outstanding", k->due - k->repaid);
	return o;
}

json_t *
fund_year_json(const struct fund_figures *f)
{
	json_t *o = json_object();

	jfield_put_int(o, "year", f->year);
	json_object_set_new(o, "open", json_boolean(f->exists));
	jfield_put_money(o, "budget", f->budget);
	jfield_put_money(o, "cap", f->cap);
	json_object_set_new(o, "carry_over", json_boolean(f->carry_over));
	jfield_put_int(o, "accounts_weeks", f->accounts_weeks);
	jfield_put_money(o, "carried_in", f->carried_in);
	jfield_put_money(o, "committed", f->committed);
	jfield_put_money(o, "paid", f->paid);
	jfield_put_money(o, "released", f->released);
	jfield_put_money(o, "repaid", f->repaid);
	jfield_put_money(o, "outstanding", f->outstanding);
	jfield_put_money(o, "from_closed", f->late);
	jfield_put_money(o, "left", f->avail);
	jfield_put_money(o, "remaining", f->remaining);
	if (f->closed != 0)
		jfield_put_time(o, "closed", f->closed);
	else
		jfield_put_str(o, "closed", NULL);
	json_object_set_new(o, "associations",
	    fund_kind_json(&f->kind[APPLICANT_ASSOCIATION]));
	json_object_set_new(o, "citizens",
	    fund_kind_json(&f->kind[APPLICANT_CITIZEN]));
	return o;
}

static void
fund_put_reference(json_t *o, const struct application *a)
{
	char ref[32];

	if (a->year == 0) {
		jfield_put_str(o, "reference", NULL);
		return;
	}
	snprintf(ref, sizeof ref, "%d-%04d", a->year, a->seq);
	jfield_put_str(o, "reference", ref);
}

static void
fund_put_opt_money(json_t *o, const char *key, int64_t v)
{
	if (v < 0)
		jfield_put_str(o, key, NULL);
	else
		jfield_put_money(o, key, v);
}

static void
fund_put_opt_date(json_t *o, const char *key, int32_t d)
{
	if (d < 0)
		jfield_put_str(o, key, NULL);
	else
		jfield_put_date(o, key, d);
}

/* The fields a summary and a full application share. */
static json_t *
fund_common_json(const struct application *a)
{
	json_t *o = json_object();

	jfield_put_int(o, "id", a->id);
	fund_put_reference(o, a);
	jfield_put_int(o, "applicant", a->applicant_id);
	jfield_put_str(o, "applicant_name", a->applicant_name);
	jfield_put_str(o, "applicant_kind",
	    applicant_kind_names[a->applicant_kind]);
	jfield_put_str(o, "status", fund_status_name(a));
	jfield_put_str(o, "title", a->title);
	jfield_put_money(o, "requested", a->requested);
	fund_put_opt_money(o, "granted", a->granted);
	jfield_put_money(o, "paid", a->paid);
	jfield_put_date(o, "start_date", a->start_date);
	jfield_put_date(o, "end_date", a->end_date);
	fund_put_opt_date(o, "accounts_due", a->accounts_due);
	fund_put_opt_money(o, "to_repay",
	    a->due_back > a->repaid ? a->due_back - a->repaid : -1);
	return o;
}

/* An application's status as it is sent: paid only once paid in full
 * (stored as paid from the first payment). */
const char *
fund_status_name(const struct application *a)
{
	if (a->status == APP_PAID && a->granted >= 0 && a->paid < a->granted)
		return "partly_paid";
	return app_status_names[a->status];
}

json_t *
fund_summary_json(const struct application *a)
{
	json_t *o = fund_common_json(a);

	jfield_put_str(o, "accounts",
	    a->accounts == ACCOUNTS_NONE ? NULL
					 : accounts_status_names[a->accounts]);
	fund_put_opt_date(o, "repay_by",
	    a->due_back > a->repaid ? a->due_on : -1);
	return o;
}

static json_t *
fund_history_json(const struct application *a)
{
	json_t *list = json_array(), *e;
	char by[96];
	size_t i;

	for (i = 0; i < a->nevents; i++) {
		const struct app_event *ev = &a->events[i];

		if (ev->actor_uid < 0)
			snprintf(by, sizeof by, "applicant");
		else if (ev->actor_user != NULL)
			snprintf(by, sizeof by, "%s", ev->actor_user);
		else
			snprintf(by, sizeof by, "uid %lld",
			    (long long)ev->actor_uid);
		e = json_object();
		jfield_put_time(e, "at", ev->at);
		jfield_put_str(e, "kind", ev->kind);
		jfield_put_str(e, "status", app_status_names[ev->status]);
		jfield_put_str(e, "by", by);
		fund_put_opt_money(e, "amount", ev->amount);
		jfield_put_str(e, "text", ev->text);
		json_array_append_new(list, e);
	}
	return list;
}

json_t *
fund_application_json(const struct application *a)
{
	json_t *o = fund_common_json(a), *lines = json_array(), *l, *list;
	size_t i;

	if (a->year != 0)
		jfield_put_int(o, "year", a->year);
	else
		jfield_put_str(o, "year", NULL);
	jfield_put_str(o, "description", a->description);
	jfield_put_str(o, "integration", a->integration);
	jfield_put_str(o, "target_group", a->target_group);
	jfield_put_int(o, "participants", a->participants);
	for (i = 0; i < a->nlines; i++) {
		l = json_object();
		jfield_put_int(l, "line", (int64_t)i + 1);
		jfield_put_str(l, "item", a->lines[i].item);
		jfield_put_money(l, "budgeted", a->lines[i].amount);
		fund_put_opt_money(l, "actual", a->lines[i].actual);
		json_array_append_new(lines, l);
	}
	json_object_set_new(o, "lines", lines);
	jfield_put_money(o, "released", a->released);
	jfield_put_money(o, "due_back", a->due_back);
	jfield_put_money(o, "repaid", a->repaid);
	fund_put_opt_date(o, "repay_by", a->due_back > 0 ? a->due_on : -1);
	fund_put_opt_date(o, "decision_date", a->decision_date);
	jfield_put_str(o, "committee_ref", a->committee_ref);
	jfield_put_time(o, "created", a->created);
	if (a->submitted != 0)
		jfield_put_time(o, "submitted", a->submitted);
	else
		jfield_put_str(o, "submitted", NULL);
	if (a->accounts == ACCOUNTS_NONE)
		jfield_put_str(o, "accounts", NULL);
	else {
		l = json_object();
		jfield_put_str(l, "status", accounts_status_names[a->accounts]);
		jfield_put_int(l, "participants", a->acc_participants);
		jfield_put_str(l, "report", a->acc_report);
		jfield_put_money(l, "spent", a->acc_spent);
		jfield_put_time(l, "submitted", a->acc_submitted);
		json_object_set_new(o, "accounts", l);
	}
	json_object_set_new(o, "history", fund_history_json(a));
	list = json_array();
	for (i = 0; i < a->npayments; i++) {
		const struct app_payment *p = &a->payments[i];

		l = json_object();
		jfield_put_int(l, "id", p->id);
		jfield_put_date(l, "paid_on", p->paid_on);
		/* A reversal's amount is the one it cancels; reverses says
		 * which way the money went. */
		jfield_put_money(l, "amount",
		    p->amount < 0 ? -p->amount : p->amount);
		jfield_put_str(l, "reference", p->reference);
		if (p->reverses != 0) {
			jfield_put_int(l, "reverses", p->reverses);
			jfield_put_str(l, "reason", p->reason);
		}
		json_array_append_new(list, l);
	}
	json_object_set_new(o, "payments", list);
	list = json_array();
	for (i = 0; i < a->nrepayments; i++) {
		const struct app_repayment *p = &a->repayments[i];

		l = json_object();
		jfield_put_int(l, "id", p->id);
		jfield_put_date(l, "received_on", p->received_on);
		jfield_put_money(l, "amount", p->amount);
		jfield_put_str(l, "reference", p->reference);
		jfield_put_int(l, "year", p->year);
		json_array_append_new(list, l);
	}
	json_object_set_new(o, "repayments", list);
	list = json_array();
	for (i = 0; i < a->nconflicts; i++) {
		l = json_object();
		jfield_put_int(l, "uid", a->conflicts[i].uid);
		jfield_put_str(l, "user", a->conflicts[i].user);
		jfield_put_str(l, "reason", a->conflicts[i].reason);
		jfield_put_time(l, "declared", a->conflicts[i].at);
		json_array_append_new(list, l);
	}
	json_object_set_new(o, "conflicts", list);
	return o;
}

int64_t
fund_owner(const struct call *c)
{
	return (c->who->roles & ROLE_ADMIN) ? 0 : c->who->applicant_id;
}

enum civic_err
fund_reply_application(struct call *c, int64_t id, int64_t owner, json_t *extra)
{
	struct application *a;
	enum civic_err err;
	json_t *r;

	err = store_application_get(c->d->store, id, owner, APP_GET_HISTORY,
	    &a);
	if (err == CIVIC_E_NOT_FOUND) {
		json_decref(extra);
		return call_not_found(c, "application", id);
	}
	if (err != CIVIC_OK) {
		json_decref(extra);
		return err;
	}
	r = json_pack("{s:o}", "application", fund_application_json(a));
	application_free(a);
	if (extra != NULL)
		json_object_update(r, extra);
	json_decref(extra);
	return call_reply(c, r);
}

/*
 * An admin tried to act on a case they are party to: refused, and said in
 * the log, where such attempts are looked for. The database is left as it
 * was, as for every refusal: an attempt is not a change of the case.
 */
static enum civic_err
fund_conflict_refused(struct call *c, int64_t id, const struct fund_refusal *r)
{
	log_notice("uid %u may not act on application %lld (%s, %s): refused",
	    (unsigned)c->who->uid, (long long)id,
	    reason_table[r->why.reason].code, c->method);
	return call_refuse(c, &r->why);
}

enum civic_err
fund_refused(struct call *c, enum civic_err err, int64_t id,
    const struct fund_refusal *r, enum reason state, int64_t amount)
{
	if (err == CIVIC_OK)
		return CIVIC_OK;
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "application", id);
	if (err == CIVIC_E_CONFLICT_OF_INTEREST && r->has_why)
		return fund_conflict_refused(c, id, r);
	if (r->has_why)
		return call_refuse(c, &r->why);
	switch (err) {
	case CIVIC_E_INVALID_STATE:
		return CALL_REFUSE(c, state, FS(app_status_names[r->status]));
	case CIVIC_E_BUDGET_EXCEEDED:
		/* Without a year, the schema's triggers refused. */
		if (r->year == 0)
			return CALL_REFUSE0(c, R_BUDGET_RULE);
		return CALL_REFUSE(c, R_BUDGET_EXCEEDED, FN(r->year),
		    FN(amount), FN(r->remaining));
	case CIVIC_E_CAP_EXCEEDED:
		if (r->year == 0)
			return CALL_REFUSE0(c, R_CAP_RULE);
		return CALL_REFUSE(c, R_CAP_EXCEEDED, FN(r->year), FN(amount),
		    FN(r->limit));
	case CIVIC_E_CONFLICT_OF_INTEREST:
		return CALL_REFUSE(c, R_CONFLICT_OF_INTEREST, FN(id));
	case CIVIC_E_INVALID_PARAMETER:
		/* The schema's rule on payments: never more than the grant. */
		return CALL_REFUSE(c, R_PAYMENT_RULE, FS("amount"));
	default:
		return err;
	}
}

int
fund_id(struct call *c, int64_t *id, struct jerr *e)
{
	return jfield_int(c->params, "id", 0, 1, INT64_MAX, id, e);
}

enum civic_err
fund_id_and_text(struct call *c, const char *key, bool required, int64_t *id,
    const char **text)
{
	struct jerr e = { 0 };

	*text = NULL;
	if (fund_id(c, id, &e) < 0 ||
	    (key != NULL &&
		jfield_string(c->params, key,
		    (required ? 0 : JF_OPTIONAL) | JF_MULTILINE, 1,
		    FUND_REASON_MAX, text, &e) < 0))
		return call_invalid(c, &e);
	return CIVIC_OK;
}

int
fund_past_date(struct call *c, const char *key, int32_t *day, struct jerr *e)
{
	int32_t today = date_today(clock_now());
	int r;

	*day = today;
	if ((r = jfield_date(c->params, key, JF_OPTIONAL, day, e)) < 0)
		return -1;
	if (*day > today)
		return JFAIL0(e, key, R_IN_FUTURE);
	return r;
}

enum civic_err
fund_show_year(struct call *c)
{
	struct fund_figures f;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t year = date_year(date_today(clock_now()));

	if (jfield_int(c->params, "year", JF_OPTIONAL, 2000, 9999, &year, &e) <
	    0)
		return call_invalid(c, &e);
	if ((err = store_fund_figures(c->d->store, &c->d->fund, (int)year,
		 &f)) != CIVIC_OK)
		return err;
	return call_reply(c, json_pack("{s:o}", "year", fund_year_json(&f)));
}

enum civic_err
fund_set_year(struct call *c)
{
	struct fund_year_change ch = { 0 };
	struct fund_refusal r;
	struct fund_figures f;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t year, weeks = 0;
	int got;

	if (jfield_int(c->params, "year", 0, 2000, 9999, &year, &e) < 0 ||
	    (got = jfield_money(c->params, "budget", JF_OPTIONAL, 0, MONEY_MAX,
		 &ch.budget, &e)) < 0)
		return call_invalid(c, &e);
	ch.set_budget = got == 1;
	if ((got = jfield_money(c->params, "cap", JF_OPTIONAL, 1, MONEY_MAX,
		 &ch.cap, &e)) < 0)
		return call_invalid(c, &e);
	ch.set_cap = got == 1;
	if ((got = jfield_bool(c->params, "carry_over", JF_OPTIONAL,
		 &ch.carry_over, &e)) < 0)
		return call_invalid(c, &e);
	ch.set_carry_over = got == 1;
	if ((got = jfield_int(c->params, "accounts_weeks", JF_OPTIONAL, 1, 52,
		 &weeks, &e)) < 0)
		return call_invalid(c, &e);
	ch.set_weeks = got == 1;
	if (call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	ch.weeks = (int)weeks;
	ch.year = (int)year;
	err = store_fund_set(c->d->store, &c->d->fund, c->who, &ch, &r);
	if (err != CIVIC_OK && r.has_why)
		return call_refuse(c, &r.why);
	if (err != CIVIC_OK)
		return err;
	if ((err = store_fund_figures(c->d->store, &c->d->fund, ch.year, &f)) !=
	    CIVIC_OK)
		return err;
	if (!c->dry_run)
		log_info("uid %u changed fund year %d", (unsigned)c->who->uid,
		    ch.year);
	return call_reply(c, json_pack("{s:o}", "year", fund_year_json(&f)));
}

enum civic_err
fund_close_year(struct call *c)
{
	int64_t year, carry[FUND_CARRY_MAX];
	const json_t *list = NULL, *v;
	struct fund_refusal r;
	struct fund_close out;
	struct jerr e = { 0 };
	enum civic_err err;
	size_t i, n = 0;
	json_t *reply;
	char key[32];

	if (jfield_int(c->params, "year", 0, 2000, 9999, &year, &e) < 0 ||
	    jfield_array(c->params, "carry", JF_OPTIONAL, 0, FUND_CARRY_MAX,
		&list, &e) < 0)
		return call_invalid(c, &e);
	json_array_foreach(list, i, v)
	{
		snprintf(key, sizeof key, "carry[%zu]", i);
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			if (json_is_integer(v))
				JFAIL(&e, key, R_OUT_OF_RANGE, FN(1),
				    FN(INT64_MAX));
			else
				JFAIL0(&e, key, R_NOT_INTEGER);
			return call_invalid(c, &e);
		}
		carry[n++] = json_integer_value(v);
	}
	if (call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	err = store_fund_close(c->d->store, &c->d->fund, c->who, (int)year,
	    carry, n, &out, &r);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "fund_year", year);
	if (err != CIVIC_OK && r.has_why)
		return call_refuse(c, &r.why);
	if (err != CIVIC_OK)
		return err;
	if (!c->dry_run)
		log_notice("uid %u closed fund year %lld",
		    (unsigned)c->who->uid, (long long)year);
	reply = json_pack("{s:o, s:I}", "year", fund_year_json(&out.year),
	    "carried", (json_int_t)out.ncarried);
	if (out.opened != 0)
		json_object_set_new(reply, "opened", json_integer(out.opened));
	return call_reply(c, reply);
}
