/*
 * store-fund.c - fund years and their figures (see store-fund.h).
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "store-audit.h"
#include "store-fund.h"
#include "store-internal.h"
#include "money.h"
#include "timefmt.h"

const char *const app_status_names[] = { "draft", "submitted",
	"awaiting_information", "approved", "rejected", "withdrawn", "paid",
	"closed", "revoked", NULL };

const char *const accounts_status_names[] = { "none", "submitted", "returned",
	"accepted", NULL };

static void
fund_defaults(const struct fund_defaults *def, struct fund_figures *f, int year)
{
	const struct fund_defaults builtin = FUND_DEFAULTS;

	if (def == NULL)
		def = &builtin;
	memset(f, 0, sizeof *f);
	f->year = year;
	f->budget = def->budget;
	f->cap = def->cap;
	f->carry_over = def->carry_over;
	f->accounts_weeks = def->accounts_weeks;
}

/*
 * Reads the figures of year and of the years after it, and works out what
 * year can still grant: its own avail, but no more than any later year in
 * its carry-over chain has, since a grant now is money that year will not
 * receive.
 */
static enum civic_err
fund_year_figures(struct store *s, const struct fund_defaults *def, int year,
    struct fund_figures *f)
{
	static const char sql[] =
	    "SELECT year, budget, cap, carry_over, accounts_weeks, carried_in, "
	    "committed, paid, released, repaid, due, late, avail, "
	    "coalesce(closed_at, 0) FROM fund_year_figures "
	    "WHERE year >= ? ORDER BY year";
	static const char prev[] =
	    "SELECT avail FROM fund_year_figures WHERE year = ? AND "
	    "carry_over = 1";
	sqlite3_stmt *st;
	bool chain = true;
	int rc, last = year - 1;
	int64_t carried;

	fund_defaults(def, f, year);
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int(st, 1, year);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		int y = sqlite3_column_int(st, 0);
		int64_t avail = sqlite3_column_int64(st, 12);

		if (y != last + 1 || !chain)
			break;
		if (y == year) {
			f->exists = true;
			f->budget = sqlite3_column_int64(st, 1);
			f->cap = sqlite3_column_int64(st, 2);
			f->carry_over = sqlite3_column_int(st, 3) != 0;
			f->accounts_weeks = sqlite3_column_int(st, 4);
			f->carried_in = sqlite3_column_int64(st, 5);
			f->committed = sqlite3_column_int64(st, 6);
			f->paid = sqlite3_column_int64(st, 7);
			f->released = sqlite3_column_int64(st, 8);
			f->repaid = sqlite3_column_int64(st, 9);
			f->outstanding = sqlite3_column_int64(st, 10) -
			    f->repaid;
			f->late = sqlite3_column_int64(st, 11);
			f->closed = (time_t)sqlite3_column_int64(st, 13);
			f->avail = avail;
			f->remaining = f->closed != 0 ? 0 : avail;
		} else if (avail < f->remaining)
			f->remaining = avail;
		chain = sqlite3_column_int(st, 3) != 0;
		last = y;
		if (!f->exists)
			break;
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "reading the fund's figures");
	if (!f->exists) {
		/* Not opened yet: it would start with what the year before
		 * carries over to it. */
		if (store_int(s, prev, year - 1, INT64_MIN, INT64_MIN,
			&carried) != CIVIC_OK)
			return CIVIC_E_INTERNAL;
		f->carried_in = carried > 0 ? carried : 0;
		f->avail = f->remaining = f->budget + f->carried_in;
	}
	return CIVIC_OK;
}

static enum civic_err
fund_kind_figures(struct store *s, struct fund_figures *f)
{
	/* Running figures, kept by the triggers of 006-fund-tally.sql. */
	static const char sql[] =
	    "SELECT kind, applications, granted, committed, released, paid, "
	    "repaid, due FROM fund_kind_tally WHERE year = ? AND applications > 0";
	struct fund_kind_figures *k;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int(st, 1, f->year);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		const unsigned char *kind = sqlite3_column_text(st, 0);

		k = &f->kind[kind != NULL &&
			    strcmp((const char *)kind, "citizen") == 0
			? APPLICANT_CITIZEN
			: APPLICANT_ASSOCIATION];
		k->applications = sqlite3_column_int(st, 1);
		k->granted = sqlite3_column_int(st, 2);
		k->committed = sqlite3_column_int64(st, 3);
		k->released = sqlite3_column_int64(st, 4);
		k->paid = sqlite3_column_int64(st, 5);
		k->repaid = sqlite3_column_int64(st, 6);
		k->due = sqlite3_column_int64(st, 7);
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, "reading the figures per kind");
	return CIVIC_OK;
}

enum civic_err
store_fund_figures(struct store *s, const struct fund_defaults *def, int year,
    struct fund_figures *f)
{
	enum civic_err err;

	if ((err = fund_year_figures(s, def, year, f)) != CIVIC_OK)
		return err;
	return fund_kind_figures(s, f);
}

enum civic_err
store_fund_open(struct store *s, const struct fund_defaults *def, int year)
{
	const struct fund_defaults builtin = FUND_DEFAULTS;
	static const char sql[] =
	    "INSERT OR IGNORE INTO fund_year (year, budget, cap, "
	    "accounts_weeks, carry_over, created_at, updated_at) VALUES (?1, "
	    "?2, ?3, ?4, ?6, ?5, ?5)";
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if (def == NULL)
		def = &builtin;
	store_bind_int(st, 1, year);
	store_bind_int64(st, 2, def->budget);
	store_bind_int64(st, 3, def->cap);
	store_bind_int(st, 4, def->accounts_weeks);
	store_bind_int64(st, 5, clock_now());
	store_bind_int(st, 6, def->carry_over);
	return store_run(s, st);
}

enum civic_err
store_fund_set(struct store *s, const struct fund_defaults *def,
    const struct identity *who, const struct fund_year_change *c,
    struct fund_refusal *r)
{
	static const char sql[] =
	    "UPDATE fund_year SET "
	    "budget = CASE WHEN ?2 THEN ?3 ELSE budget END, "
	    "cap = CASE WHEN ?4 THEN ?5 ELSE cap END, "
	    "carry_over = CASE WHEN ?6 THEN ?7 ELSE carry_over END, "
	    "accounts_weeks = CASE WHEN ?8 THEN ?9 ELSE accounts_weeks END, "
	    "updated_at = ?10 WHERE year = ?1";
	struct fund_figures before;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_fund_year_writable(s, c->year, r)) != CIVIC_OK ||
	    (err = store_fund_open(s, def, c->year)) != CIVIC_OK ||
	    (err = fund_year_figures(s, def, c->year, &before)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int(st, 1, c->year);
	store_bind_int(st, 2, c->set_budget);
	store_bind_int64(st, 3, c->budget);
	store_bind_int(st, 4, c->set_cap);
	store_bind_int64(st, 5, c->cap);
	store_bind_int(st, 6, c->set_carry_over);
	store_bind_int(st, 7, c->carry_over);
	store_bind_int(st, 8, c->set_weeks);
	store_bind_int(st, 9, c->weeks);
	store_bind_int64(st, 10, clock_now());
	err = store_run(s, st);
	if (err == CIVIC_E_BUDGET_EXCEEDED) {
		/* The schema refused: say how far the budget may go down. */
		r->year = c->year;
		r->remaining = before.remaining;
		r->limit = before.budget - before.remaining;
		if (c->set_carry_over && !c->carry_over)
			REFUSE_WHY(r, R_CARRY_OVER_USED, FS("carry_over"),
			    FN(c->year), FN(c->year + 1));
		else
			REFUSE_WHY(r, R_BELOW_GRANTED, FS("budget"),
			    FN(r->limit));
		err = CIVIC_E_INVALID_PARAMETER;
	} else if (err == CIVIC_OK) {
		json_t *details = json_object();
		char buf[MONEY_BUFSZ];

		if (c->set_budget)
			json_object_set_new(details, "budget",
			    json_string(money_format_iso(c->budget, buf)));
		if (c->set_cap)
			json_object_set_new(details, "cap",
			    json_string(money_format_iso(c->cap, buf)));
		if (c->set_carry_over)
			json_object_set_new(details, "carry_over",
			    json_boolean(c->carry_over));
		if (c->set_weeks)
			json_object_set_new(details, "accounts_weeks",
			    json_integer(c->weeks));
		err = store_audit(s, who, "fund.set", "fund_year", c->year,
		    details);
		json_decref(details);
	}
out:
	return store_tx_end(s, err);
}

enum civic_err
store_fund_year_writable(struct store *s, int year, struct fund_refusal *r)
{
	static const char sql[] = "SELECT count(*) FROM fund_year "
				  "WHERE year >= ? AND closed_at IS NOT NULL";
	int64_t closed;

	if (store_int(s, sql, year, INT64_MIN, INT64_MIN, &closed) != CIVIC_OK)
		return CIVIC_E_INTERNAL;
	if (closed == 0)
		return CIVIC_OK;
	r->year = year;
	REFUSE_WHY(r, R_YEAR_CLOSED, FN(year));
	return CIVIC_E_INVALID_STATE;
}

/* Adds reference YEAR-SEQ to r's list; past REFUSAL_LIST_MAX, "…". */
static void
fund_refusal_list_add(struct fund_refusal *r, size_t *n, int year, int seq)
{
	if (*n < REFUSAL_LIST_MAX) {
		snprintf(r->list_text[*n], sizeof r->list_text[*n], "%04d-%04d",
		    year, seq);
		r->list[*n] = r->list_text[*n];
	} else
		r->list[REFUSAL_LIST_MAX] = "\u2026";
	(*n)++;
	r->list[*n < REFUSAL_LIST_MAX ? *n : REFUSAL_LIST_MAX + 1] = NULL;
}

static bool
fund_carried(const int64_t *carry, size_t ncarry, int64_t id)
{
	size_t i;

	for (i = 0; i < ncarry; i++) {
		if (carry[i] == id)
			return true;
	}
	return false;
}

/*
 * Lists in r the references of year's applications in status one or
 * two ("" for one only) that are not in carry; *n says how many.
 */
static enum civic_err
fund_close_list(struct store *s, int year, const char *one, const char *two,
    const int64_t *carry, size_t ncarry, struct fund_refusal *r, size_t *n)
{
	static const char sql[] =
	    "SELECT id, seq FROM application WHERE year = ? "
	    "AND status IN (?, ?) ORDER BY seq";
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, one, -1, SQLITE_STATIC);
	store_bind_text(st, 3, two, -1, SQLITE_STATIC);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if (!fund_carried(carry, ncarry, sqlite3_column_int64(st, 0)))
			fund_refusal_list_add(r, n, year,
			    sqlite3_column_int(st, 1));
	}
	store_done(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, "reading a fund year's applications");
	return CIVIC_OK;
}

/*
 * Refuses to close year while an application of it is undecided, or a
 * grant is neither settled nor in carry, with their references; or if
 * one of carry is not such a grant.
 */
static enum civic_err
fund_close_check(struct store *s, int year, const int64_t *carry, size_t ncarry,
    struct fund_refusal *r)
{
	static const char open[] =
	    "SELECT count(*) FROM application WHERE id = ? AND year = ? "
	    "AND status IN ('approved', 'paid')";
	enum civic_err err;
	int64_t ok;
	size_t i, n;

	for (i = 0; i < ncarry; i++) {
		if (store_int(s, open, carry[i], year, INT64_MIN, &ok) !=
		    CIVIC_OK)
			return CIVIC_E_INTERNAL;
		if (ok == 0) {
			snprintf(r->list_text[0], sizeof r->list_text[0],
			    "carry[%zu]", i);
			REFUSE_WHY(r, R_CARRY_NOT_OPEN, FS(r->list_text[0]));
			return CIVIC_E_INVALID_PARAMETER;
		}
	}
	if ((err = fund_close_list(s, year, "submitted", "awaiting_information",
		 NULL, 0, r, &n)) != CIVIC_OK)
		return err;
	if (n > 0) {
		REFUSE_WHY(r, R_YEAR_UNDECIDED, FN(year), FL(r->list));
		return CIVIC_E_INVALID_STATE;
	}
	if ((err = fund_close_list(s, year, "approved", "paid", carry, ncarry,
		 r, &n)) != CIVIC_OK)
		return err;
	if (n > 0) {
		REFUSE_WHY(r, R_YEAR_UNSETTLED, FN(year), FL(r->list));
		return CIVIC_E_INVALID_STATE;
	}
	return CIVIC_OK;
}

enum civic_err
store_fund_close(struct store *s, const struct fund_defaults *def,
    const struct identity *who, int year, const int64_t *carry, size_t ncarry,
    struct fund_close *out, struct fund_refusal *r)
{
	static const char earlier[] =
	    "SELECT coalesce(max(year), 0) FROM fund_year "
	    "WHERE year < ? AND closed_at IS NULL";
	static const char exists[] = "SELECT count(*) FROM fund_year "
				     "WHERE year = ?";
	static const char sql[] =
	    "UPDATE fund_year SET closed_at = ?2, closed_by = ?3, "
	    "closed_avail = (SELECT avail FROM fund_year_figures "
	    "WHERE year = ?1) WHERE year = ?1";
	struct application *a;
	char buf[MONEY_BUFSZ];
	json_t *details, *ids;
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t v;
	size_t i;

	memset(r, 0, sizeof *r);
	memset(out, 0, sizeof *out);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = fund_year_figures(s, def, year, &out->year)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INVALID_STATE;
	r->year = year;
	if (date_year(date_today(clock_now())) <= year) {
		REFUSE_WHY(r, R_YEAR_NOT_OVER, FN(year));
		goto out;
	}
	if (!out->year.exists) {
		err = CIVIC_E_NOT_FOUND;
		goto out;
	}
	if (out->year.closed != 0) {
		REFUSE_WHY(r, R_YEAR_CLOSED, FN(year));
		goto out;
	}
	if ((err = store_int(s, earlier, year, INT64_MIN, INT64_MIN, &v)) !=
	    CIVIC_OK)
		goto out;
	if (v != 0) {
		REFUSE_WHY(r, R_EARLIER_OPEN, FN(v));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if ((err = fund_close_check(s, year, carry, ncarry, r)) != CIVIC_OK)
		goto out;
	for (i = 0; i < ncarry; i++) {
		if (fund_carried(carry, i, carry[i]))
			continue; /* named twice */
		if ((err = store_application_get(s, carry[i], 0, 0, &a)) !=
		    CIVIC_OK)
			goto out;
		err = store_application_event(s, who, false, carry[i],
		    "carried", a->status, -1, NULL);
		application_free(a);
		if (err != CIVIC_OK)
			goto out;
		out->ncarried++;
	}
	/* Late money needs an open year after this one to go to. */
	if ((err = store_int(s, exists, year + 1, INT64_MIN, INT64_MIN, &v)) !=
		CIVIC_OK ||
	    (v == 0 && (err = store_fund_open(s, def, year + 1)) != CIVIC_OK))
		goto out;
	if (v == 0)
		out->opened = year + 1;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int(st, 1, year);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, who->uid);
	if ((err = store_run(s, st)) != CIVIC_OK ||
	    (err = fund_year_figures(s, def, year, &out->year)) != CIVIC_OK)
		goto out;
	ids = json_array();
	for (i = 0; i < ncarry; i++)
		json_array_append_new(ids, json_integer(carry[i]));
	details = json_pack("{s:s, s:b, s:o}", "left",
	    money_format_iso(out->year.avail, buf), "carry_over",
	    out->year.carry_over, "carried", ids);
	if (out->opened != 0)
		json_object_set_new(details, "opened",
		    json_integer(out->opened));
	err = store_audit(s, who, "fund_year.closed", "fund_year", year,
	    details);
	json_decref(details);
out:
	return store_tx_end(s, err);
}
