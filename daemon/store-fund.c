/*
 * store-fund.c - fund years and their figures (see store-fund.h).
 */
#include <string.h>

#include "clock.h"
#include "store-audit.h"
#include "store-fund.h"
#include "store-internal.h"
#include "money.h"

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
	    "committed, paid, returned, avail FROM fund_year_figures "
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
		int64_t avail = sqlite3_column_int64(st, 9);

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
			f->returned = sqlite3_column_int64(st, 8);
			f->avail = f->remaining = avail;
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
	    "SELECT kind, applications, granted, committed, returned, paid "
	    "FROM fund_kind_tally WHERE year = ? AND applications > 0";
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
		k->returned = sqlite3_column_int64(st, 4);
		k->paid = sqlite3_column_int64(st, 5);
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
	if ((err = store_fund_open(s, def, c->year)) != CIVIC_OK ||
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
