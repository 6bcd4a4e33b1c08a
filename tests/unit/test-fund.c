/*
 * test-fund.c - the fund's rules in the store, on a real SQLite file:
 * every status transition and every refusal (owner, status, conflict,
 * cap, budget with carry-over, payments, accounts), each refusal leaving
 * the database exactly as it was, and the schema refusing on its own
 * what the C code checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "clock.h"
#include "store-fund.h"
#include "testutil.h"
#include "timefmt.h"

static struct store *s;
static const char *dbpath;
static struct identity admin = {
	.known = true, .uid = 0, .roles = ROLE_ADMIN, .user = "root"
};
static struct identity admin2 = {
	.known = true, .uid = 1236, .roles = ROLE_ADMIN, .user = "kirsten"
};
static struct identity appl1, appl2;

/* Every row of every table, as text: equal dumps, equal databases. */
static char *
dump(void)
{
	static const char *const tables[] = { "applicant", "applicant_contact",
		"applicant_token", "fund_year", "application",
		"application_line", "application_event", "payment", "accounts",
		"conflict" };
	size_t len = 0, cap = 4096, i;
	char *out = malloc(cap), sql[128];
	sqlite3_stmt *st;
	sqlite3 *db;
	int c;

	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY,
			     NULL),
	    SQLITE_OK);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2",
		    tables[i]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(st); c++) {
				const char *t = (const char *)
				    sqlite3_column_text(st, c);
				size_t n = strlen(t != NULL ? t : "NULL") + 2;

				if (len + n >= cap)
					out = realloc(out, cap *= 2);
				len += (size_t)snprintf(out + len, cap - len,
				    "%s|", t != NULL ? t : "NULL");
			}
			out[len++] = '\n';
		}
		sqlite3_finalize(st);
	}
	out[len] = '\0';
	sqlite3_close(db);
	return out;
}

/* Asserts that a refused write (err) changed nothing since before. */
#define REFUSED(expr, want) \
	do { \
		char *before_ = dump(), *after_; \
		assert_int_equal((expr), (want)); \
		after_ = dump(); \
		assert_string_equal(before_, after_); \
		free(before_); \
		free(after_); \
	} while (0)

static time_t
day(const char *iso)
{
	int32_t d;

	assert_true(date_parse(iso, &d));
	return (time_t)d * 86400 + 11 * 3600;
}

static int32_t
date(const char *iso)
{
	int32_t d;

	assert_true(date_parse(iso, &d));
	return d;
}

/* A submitted application of owner asking for amount (one line). */
static int64_t
submitted(struct identity *owner, int64_t amount, const char *when)
{
	struct app_draft d = { .title = "Projekt",
		.description = "Noget",
		.integration = "Møder",
		.target_group = "Alle",
		.participants = 10,
		.nlines = 1 };
	struct fund_refusal r;
	int64_t id;

	clock_pin(day(when));
	d.start_date = date("2017-06-01");
	d.end_date = date("2017-08-31");
	d.requested = amount;
	d.lines[0].item = "Alt";
	d.lines[0].amount = amount;
	assert_int_equal(store_application_create(s, owner, &d, &id), CIVIC_OK);
	assert_int_equal(store_application_submit(s, NULL, owner, id, NULL, &r),
	    CIVIC_OK);
	return id;
}

static enum civic_err
decide(struct identity *who, enum decision_kind k, int64_t id, int64_t amount,
    struct fund_refusal *r)
{
	struct decision d = { .kind = k,
		.id = id,
		.amount = amount,
		.date = date_today(clock_now()),
		.committee_ref = "KFU",
		.text = "fordi" };

	return store_decide(s, who, &d, r);
}

static enum app_status
status_of(int64_t id)
{
	struct application *a;
	enum app_status st;

	assert_int_equal(store_application_get(s, id, 0, 0, &a), CIVIC_OK);
	st = a->status;
	application_free(a);
	return st;
}

static int64_t
remaining(int year)
{
	struct fund_figures f;

	assert_int_equal(store_fund_figures(s, NULL, year, &f), CIVIC_OK);
	return f.remaining;
}

static void
set_year(int year, int64_t budget, bool carry)
{
	struct fund_year_change c = { .year = year,
		.set_budget = true,
		.budget = budget,
		.set_carry_over = true,
		.carry_over = carry };
	struct fund_refusal r;

	assert_int_equal(store_fund_set(s, NULL, &admin, &c, &r), CIVIC_OK);
}

static void
test_whole_life(void **state)
{
	const int64_t actual[1] = { 2000000 };
	struct fund_refusal r;
	struct application *a;
	int64_t id;
	int booked;

	(void)state;
	id = submitted(&appl1, 3000000, "2017-02-01");
	assert_int_equal(status_of(id), APP_SUBMITTED);
	assert_int_equal(store_application_get(s, id, 0, 0, &a), CIVIC_OK);
	assert_int_equal(a->year, 2017);
	assert_int_equal(a->seq, 1);
	application_free(a);

	assert_int_equal(decide(&admin, DECIDE_REQUEST_INFO, id, 0, &r),
	    CIVIC_OK);
	assert_int_equal(status_of(id), APP_AWAITING_INFORMATION);
	assert_int_equal(store_application_submit(s, NULL, &appl1, id, "svar",
			     &r),
	    CIVIC_OK);
	assert_int_equal(status_of(id), APP_SUBMITTED);

	assert_int_equal(decide(&admin, DECIDE_APPROVE, id, 2500000, &r),
	    CIVIC_OK);
	assert_int_equal(status_of(id), APP_APPROVED);
	assert_int_equal(remaining(2017), 14000000 - 2500000);
	assert_int_equal(store_payment_add(s, &admin, id, date("2017-02-01"),
			     1000000, "B1", &r),
	    CIVIC_OK);
	assert_int_equal(status_of(id), APP_PAID);
	assert_int_equal(store_payment_add(s, &admin, id, date("2017-02-01"),
			     1500000, "B2", &r),
	    CIVIC_OK);

	assert_int_equal(store_accounts_submit(s, &appl1, id, actual, 1, 9,
			     "ok", &r),
	    CIVIC_OK);
	assert_int_equal(store_accounts_decide(s, &admin, id, true, NULL, -1,
			     &r),
	    CIVIC_OK);
	assert_int_equal(r.limit, 500000); /* paid 25.000, spent 20.000 */
	assert_int_equal(status_of(id), APP_CLOSED);
	/* Money due back counts once it comes, in instalments. */
	assert_int_equal(remaining(2017), 14000000 - 2500000);
	REFUSED(store_repayment_add(s, &admin, id, date("2017-02-01"), 500001,
		    "R1", &booked, &r),
	    CIVIC_E_INVALID_PARAMETER);
	assert_int_equal(r.why.reason, R_ABOVE_DUE);
	assert_int_equal(store_repayment_add(s, &admin, id, date("2017-02-01"),
			     300000, "R1", &booked, &r),
	    CIVIC_OK);
	assert_int_equal(booked, 2017);
	assert_int_equal(remaining(2017), 14000000 - 2200000);
	assert_int_equal(store_repayment_add(s, &admin, id, date("2017-02-01"),
			     200000, "R2", &booked, &r),
	    CIVIC_OK);
	assert_int_equal(remaining(2017), 14000000 - 2000000);
	REFUSED(store_repayment_add(s, &admin, id, date("2017-02-01"), 1, "R3",
		    &booked, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_NOTHING_DUE);
}

static void
test_every_refused_transition(void **state)
{
	static const enum decision_kind kinds[] = { DECIDE_APPROVE,
		DECIDE_REJECT, DECIDE_REQUEST_INFO, DECIDE_REVOKE };
	struct fund_refusal r;
	int64_t draft, rejected, approved;
	struct app_draft d = { .title = "T",
		.description = "D",
		.integration = "I",
		.target_group = "G",
		.participants = 1,
		.nlines = 1,
		.requested = 100 };
	size_t i;

	(void)state;
	clock_pin(day("2017-03-01"));
	d.start_date = d.end_date = date("2017-04-01");
	d.lines[0].item = "x";
	d.lines[0].amount = 100;
	assert_int_equal(store_application_create(s, &appl1, &d, &draft),
	    CIVIC_OK);
	rejected = submitted(&appl1, 100, "2017-03-01");
	assert_int_equal(decide(&admin, DECIDE_REJECT, rejected, 0, &r),
	    CIVIC_OK);
	approved = submitted(&appl1, 100, "2017-03-01");
	assert_int_equal(decide(&admin, DECIDE_APPROVE, approved, 100, &r),
	    CIVIC_OK);

	/* No decision on a draft or a rejected application. */
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		REFUSED(decide(&admin, kinds[i], draft, 100, &r),
		    CIVIC_E_INVALID_STATE);
		assert_int_equal(r.status, APP_DRAFT);
		REFUSED(decide(&admin, kinds[i], rejected, 100, &r),
		    CIVIC_E_INVALID_STATE);
		assert_int_equal(r.status, APP_REJECTED);
	}
	/* An approved grant: only revoke or pay. */
	REFUSED(decide(&admin, DECIDE_APPROVE, approved, 100, &r),
	    CIVIC_E_INVALID_STATE);
	REFUSED(decide(&admin, DECIDE_REJECT, approved, 0, &r),
	    CIVIC_E_INVALID_STATE);
	REFUSED(store_application_withdraw(s, &appl1, approved, NULL, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.status, APP_APPROVED);
	REFUSED(store_application_update(s, &appl1, approved, &d, &r),
	    CIVIC_E_INVALID_STATE);
	REFUSED(store_application_delete(s, &appl1, approved, &r),
	    CIVIC_E_INVALID_STATE);
	REFUSED(store_application_submit(s, NULL, &appl1, approved, NULL, &r),
	    CIVIC_E_INVALID_STATE);
	/* Payments only on a live grant; not on a draft or rejection. */
	REFUSED(store_payment_add(s, &admin, rejected, date("2017-03-01"), 1,
		    "x", &r),
	    CIVIC_E_INVALID_STATE);
	/* Accounts only once paid. */
	REFUSED(store_accounts_submit(s, &appl1, approved, (int64_t[]){ 1 }, 1,
		    1, "r", &r),
	    CIVIC_E_INVALID_STATE);
	REFUSED(store_accounts_decide(s, &admin, approved, true, NULL, -1, &r),
	    CIVIC_E_INVALID_STATE);
	/* Revoke, then nothing more. */
	assert_int_equal(decide(&admin, DECIDE_REVOKE, approved, 0, &r),
	    CIVIC_OK);
	REFUSED(store_payment_add(s, &admin, approved, date("2017-03-01"), 1,
		    "x", &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.status, APP_REVOKED);
	/* A draft can be deleted; then it is gone. */
	assert_int_equal(store_application_delete(s, &appl1, draft, &r),
	    CIVIC_OK);
	REFUSED(store_application_submit(s, NULL, &appl1, draft, NULL, &r),
	    CIVIC_E_NOT_FOUND);
}

static void
test_owner(void **state)
{
	struct app_draft d = { .title = "T",
		.description = "D",
		.integration = "I",
		.target_group = "G",
		.participants = 1,
		.nlines = 1,
		.requested = 100 };
	struct application *a;
	struct fund_refusal r;
	int64_t id, draft;

	(void)state;
	id = submitted(&appl1, 100, "2017-03-02");
	d.start_date = d.end_date = date("2017-04-01");
	d.lines[0].item = "x";
	d.lines[0].amount = 100;
	assert_int_equal(store_application_create(s, &appl1, &d, &draft),
	    CIVIC_OK);
	/* Another applicant sees nothing and changes nothing. */
	REFUSED(store_application_get(s, id, appl2.applicant_id, 0, &a),
	    CIVIC_E_NOT_FOUND);
	REFUSED(store_application_withdraw(s, &appl2, id, NULL, &r),
	    CIVIC_E_NOT_FOUND);
	REFUSED(store_application_update(s, &appl2, draft, &d, &r),
	    CIVIC_E_NOT_FOUND);
	REFUSED(store_application_delete(s, &appl2, draft, &r),
	    CIVIC_E_NOT_FOUND);
	REFUSED(store_application_submit(s, NULL, &appl2, draft, NULL, &r),
	    CIVIC_E_NOT_FOUND);
	assert_int_equal(store_application_withdraw(s, &appl1, id, "nej", &r),
	    CIVIC_OK);
}

static void
test_cap_and_requested(void **state)
{
	struct app_draft d = { .title = "T",
		.description = "D",
		.integration = "I",
		.target_group = "G",
		.participants = 1,
		.nlines = 1 };
	struct fund_refusal r;
	int64_t id, big;

	(void)state;
	id = submitted(&appl1, 4000000, "2017-03-03");
	REFUSED(decide(&admin, DECIDE_APPROVE, id, 4000001, &r),
	    CIVIC_E_INVALID_PARAMETER); /* more than asked for */
	assert_int_equal(r.why.reason, R_ABOVE_REQUEST);
	assert_int_equal(r.why.fig[1].n, 4000000);
	/* Asking above the cap: the draft is fine, submitting it is not. */
	clock_pin(day("2017-03-03"));
	d.start_date = d.end_date = date("2017-04-01");
	d.requested = d.lines[0].amount = FUND_DEFAULT_CAP + 1;
	d.lines[0].item = "x";
	assert_int_equal(store_application_create(s, &appl1, &d, &big),
	    CIVIC_OK);
	REFUSED(store_application_submit(s, NULL, &appl1, big, NULL, &r),
	    CIVIC_E_CAP_EXCEEDED);
	assert_int_equal(r.limit, FUND_DEFAULT_CAP);
	/* Lines that do not add up never reach the database. */
	d.requested = 100;
	REFUSED(store_application_update(s, &appl1, big, &d, &r),
	    CIVIC_E_INVALID_PARAMETER);
}

static void
test_budget_with_carry_over(void **state)
{
	struct fund_refusal r;
	int64_t a, b, c;

	(void)state;
	/* 2019 has 100 kr. and carries over; 2020 has 50 kr. of its own. */
	clock_pin(day("2019-01-05"));
	set_year(2019, 10000, true);
	set_year(2020, 5000, false);
	assert_int_equal(remaining(2019), 10000);
	a = submitted(&appl1, 8000, "2019-02-01");
	c = submitted(&appl2, 3000, "2019-02-01");
	b = submitted(&appl2, 12000, "2020-02-01");
	/* 2020 may spend its own 50 plus the 100 2019 carries over. */
	assert_int_equal(remaining(2020), 15000);
	clock_pin(day("2020-02-02"));
	assert_int_equal(decide(&admin, DECIDE_APPROVE, b, 12000, &r),
	    CIVIC_OK);
	/* So 2019 can now grant only what 2020 does not need: 30 kr. */
	assert_int_equal(remaining(2019), 3000);
	REFUSED(decide(&admin, DECIDE_APPROVE, a, 8000, &r),
	    CIVIC_E_BUDGET_EXCEEDED);
	assert_int_equal(r.remaining, 3000);
	assert_int_equal(decide(&admin, DECIDE_APPROVE, c, 3000, &r), CIVIC_OK);
	assert_int_equal(remaining(2019), 0);
	/* Nor can 2019 stop carrying over, nor lower its budget. */
	{
		struct fund_year_change off = { .year = 2019,
			.set_carry_over = true,
			.carry_over = false };
		struct fund_year_change lower = { .year = 2019,
			.set_budget = true,
			.budget = 9999 };

		REFUSED(store_fund_set(s, NULL, &admin, &off, &r),
		    CIVIC_E_INVALID_PARAMETER);
		assert_int_equal(r.why.reason, R_CARRY_OVER_USED);
		REFUSED(store_fund_set(s, NULL, &admin, &lower, &r),
		    CIVIC_E_INVALID_PARAMETER);
		assert_int_equal(r.why.reason, R_BELOW_GRANTED);
	}
	/* Revoking frees the money again. */
	assert_int_equal(decide(&admin, DECIDE_REVOKE, c, 0, &r), CIVIC_OK);
	assert_int_equal(remaining(2019), 3000);
}

static void
test_schema_refuses_on_its_own(void **state)
{
	char *err = NULL;
	sqlite3 *db;
	int64_t id;

	(void)state;
	/* A year with 10 kr. left, and an application for 20 kr. */
	clock_pin(day("2021-01-05"));
	set_year(2021, 1000, false);
	id = submitted(&appl1, 2000, "2021-01-06");
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	{
		char sql[256];
		char *before = dump(), *after;

		/* As if a bug in C skipped every check: */
		snprintf(sql, sizeof sql,
		    "UPDATE application SET status = "
		    "'approved', granted = 2000 WHERE id = %lld",
		    (long long)id);
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &err),
		    SQLITE_OK);
		assert_non_null(strstr(err, "civic:budget"));
		sqlite3_free(err);
		snprintf(sql, sizeof sql,
		    "UPDATE application SET status = "
		    "'paid' WHERE id = %lld",
		    (long long)id);
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &err),
		    SQLITE_OK);
		assert_non_null(strstr(err, "civic:state"));
		sqlite3_free(err);
		snprintf(sql, sizeof sql,
		    "INSERT INTO payment (application_id, "
		    "paid_on, amount, reference, recorded_at, recorded_by) "
		    "VALUES (%lld, '2021-01-07', 1, 'x', 0, 0)",
		    (long long)id);
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &err),
		    SQLITE_OK);
		assert_non_null(strstr(err, "civic:paid"));
		sqlite3_free(err);
		after = dump();
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	sqlite3_close(db);
}

static void
test_payments_and_accounts(void **state)
{
	int64_t more[2] = { 100, 200 }, one[1] = { 9000 };
	struct fund_refusal r;
	int64_t id;

	(void)state;
	id = submitted(&appl1, 10000, "2017-04-01");
	assert_int_equal(decide(&admin, DECIDE_APPROVE, id, 8000, &r),
	    CIVIC_OK);
	REFUSED(store_payment_add(s, &admin, id, date("2017-04-01"), 8001, "x",
		    &r),
	    CIVIC_E_INVALID_PARAMETER);
	assert_int_equal(r.why.reason, R_ABOVE_UNPAID);
	assert_int_equal(r.why.fig[1].n, 8000);
	REFUSED(store_payment_add(s, &admin, id, date("2017-03-01"), 100, "x",
		    &r),
	    CIVIC_E_INVALID_PARAMETER); /* before the decision */
	assert_int_equal(store_payment_add(s, &admin, id, date("2017-04-01"),
			     5000, "x", &r),
	    CIVIC_OK);
	REFUSED(store_payment_add(s, &admin, id, date("2017-04-01"), 3001, "x",
		    &r),
	    CIVIC_E_INVALID_PARAMETER);
	assert_int_equal(r.why.reason, R_ABOVE_UNPAID);
	assert_int_equal(r.why.fig[1].n, 3000);
	/* Accounts: every line, once; then no second submission pending. */
	REFUSED(store_accounts_submit(s, &appl1, id, more, 2, 1, "r", &r),
	    CIVIC_E_INVALID_PARAMETER);
	REFUSED(store_accounts_submit(s, &appl2, id, one, 1, 1, "r", &r),
	    CIVIC_E_NOT_FOUND);
	assert_int_equal(store_accounts_submit(s, &appl1, id, one, 1, 5, "r",
			     &r),
	    CIVIC_OK);
	REFUSED(store_accounts_submit(s, &appl1, id, one, 1, 5, "r", &r),
	    CIVIC_E_INVALID_STATE);
	/* Spent 90 of 80 granted, paid 50: accepting would strand 30. */
	REFUSED(store_accounts_decide(s, &admin, id, true, NULL, -1, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_UNPAID_REST);
	assert_int_equal(r.why.fig[1].n, 3000);
	/* Sent back, resubmitted with less, accepted: 30 kr. returned. */
	assert_int_equal(store_accounts_decide(s, &admin, id, false, "bilag",
			     -1, &r),
	    CIVIC_OK);
	one[0] = 5000;
	assert_int_equal(store_accounts_submit(s, &appl1, id, one, 1, 5, "r",
			     &r),
	    CIVIC_OK);
	assert_int_equal(store_accounts_decide(s, &admin, id, true, NULL, -1,
			     &r),
	    CIVIC_OK);
	assert_int_equal(r.limit, 0); /* nothing to pay back */
	{
		struct application *a;

		assert_int_equal(store_application_get(s, id, 0, 0, &a),
		    CIVIC_OK);
		assert_int_equal(a->released, 3000); /* never paid */
		assert_int_equal(a->due_back, 0);
		application_free(a);
	}
}

static void
test_conflict_of_interest(void **state)
{
	struct fund_refusal r;
	int64_t id;

	(void)state;
	id = submitted(&appl1, 1000, "2017-05-01");
	assert_int_equal(store_conflict_declare(s, &admin2, id, admin2.uid,
			     admin2.user, "bestyrelse"),
	    CIVIC_OK);
	/* Declaring twice records it once. */
	assert_int_equal(store_conflict_declare(s, &admin2, id, admin2.uid,
			     admin2.user, "igen"),
	    CIVIC_OK);
	REFUSED(decide(&admin2, DECIDE_APPROVE, id, 1000, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	REFUSED(decide(&admin2, DECIDE_REJECT, id, 0, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	REFUSED(decide(&admin2, DECIDE_REQUEST_INFO, id, 0, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	/* Another admin decides; the conflicted one cannot pay either. */
	assert_int_equal(decide(&admin, DECIDE_APPROVE, id, 1000, &r),
	    CIVIC_OK);
	REFUSED(store_payment_add(s, &admin2, id, date("2017-05-01"), 1, "x",
		    &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	{
		struct application *a;

		assert_int_equal(store_application_get(s, id, 0,
				     APP_GET_HISTORY, &a),
		    CIVIC_OK);
		assert_int_equal(a->nconflicts, 1);
		assert_int_equal(a->conflicts[0].uid, 1236);
		assert_string_equal(a->conflicts[0].reason, "bestyrelse");
		application_free(a);
	}
	assert_int_equal(r.why.reason, R_CONFLICT_OF_INTEREST);
}

/* Party to a case by construction: an admin who holds its applicant's
 * token, or who submitted it as its applicant, may not act on it; a
 * colleague may record another admin's conflict. */
static void
test_conflict_by_construction(void **state)
{
	struct identity with_token = admin, submitter = admin;
	struct fund_refusal r;
	int64_t id;

	(void)state;
	with_token.roles |= ROLE_APPLICANT;
	with_token.applicant_id = appl1.applicant_id;
	submitter.uid = appl1.uid; /* the uid that submitted it, as admin */
	id = submitted(&appl1, 1000, "2017-05-01");
	REFUSED(decide(&with_token, DECIDE_APPROVE, id, 1000, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	assert_int_equal(r.why.reason, R_CONFLICT_OWN_TOKEN);
	REFUSED(decide(&submitter, DECIDE_REJECT, id, 0, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	assert_int_equal(r.why.reason, R_CONFLICT_SUBMITTED);
	/* The root admin records Kirsten's conflict; she is refused. */
	assert_int_equal(store_conflict_declare(s, &admin, id, admin2.uid,
			     admin2.user, "søster i bestyrelsen"),
	    CIVIC_OK);
	REFUSED(decide(&admin2, DECIDE_APPROVE, id, 1000, &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	assert_int_equal(r.why.reason, R_CONFLICT_OF_INTEREST);
	assert_int_equal(decide(&admin, DECIDE_APPROVE, id, 1000, &r),
	    CIVIC_OK);
	REFUSED(store_payment_add(s, &with_token, id, date("2017-05-01"), 1,
		    "x", &r),
	    CIVIC_E_CONFLICT_OF_INTEREST);
	assert_int_equal(r.why.reason, R_CONFLICT_OWN_TOKEN);
}

static int
setup(void **state)
{
	struct applicant a = { .kind = APPLICANT_ASSOCIATION };
	char err[512];
	int64_t id, other;

	(void)state;
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	dbpath = tu_path("fund.db");
	if ((s = store_open(dbpath, err, sizeof err)) == NULL)
		return -1;
	snprintf(a.name, sizeof a.name, "Røde Kors");
	if (store_applicant_add(s, &admin, &a, NULL, &id, &other) != CIVIC_OK)
		return -1;
	appl1 = (struct identity){ .known = true,
		.uid = 1000,
		.roles = ROLE_APPLICANT,
		.applicant_id = id };
	snprintf(a.name, sizeof a.name, "Venligboerne");
	if (store_applicant_add(s, &admin, &a, NULL, &id, &other) != CIVIC_OK)
		return -1;
	appl2 = (struct identity){ .known = true,
		.uid = 1001,
		.roles = ROLE_APPLICANT,
		.applicant_id = id };
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clock_pin(0);
	store_close(s);
	tu_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_life),
		cmocka_unit_test(test_every_refused_transition),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_cap_and_requested),
		cmocka_unit_test(test_budget_with_carry_over),
		cmocka_unit_test(test_schema_refuses_on_its_own),
		cmocka_unit_test(test_payments_and_accounts),
		cmocka_unit_test(test_conflict_of_interest),
		cmocka_unit_test(test_conflict_by_construction),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
