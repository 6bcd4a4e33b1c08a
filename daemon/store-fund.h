/*
 * store-fund.h - the integration fund in storage: fund years and their
 * figures, applications and their budget lines, decisions, payments,
 * final accounts and declared conflicts of interest.
 *
 * Every write runs in one transaction that checks the rule it serves
 * (status, owner, conflict, cap, budget) and is backed by the schema's
 * triggers (schema/002-fund.sql). A refused write changes nothing and
 * says why in struct fund_refusal.
 */
#ifndef CIVICD_STORE_FUND_H
#define CIVICD_STORE_FUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "reason.h"
#include "store.h"

#define FUND_DEFAULT_BUDGET INT64_C(14000000) /* 140.000,00 kr. */
#define FUND_DEFAULT_CAP    INT64_C(5000000)  /* 50.000,00 kr. */
#define FUND_DEFAULT_WEEKS  6                 /* accounts due after the end */
#define APP_MAX_LINES       50
#define REPAY_DAYS          30 /* money due back: by default, so many days */

/* What a fund year is opened with (civicd.conf's [fund]). */
struct fund_defaults {
	int64_t budget, cap;
	int accounts_weeks;
	bool carry_over;
};

/* The built-in defaults, for a store function given none. */
#define FUND_DEFAULTS \
	((struct fund_defaults){ FUND_DEFAULT_BUDGET, FUND_DEFAULT_CAP, \
	    FUND_DEFAULT_WEEKS, false })

enum app_status {
	APP_DRAFT,
	APP_SUBMITTED,
	APP_AWAITING_INFORMATION,
	APP_APPROVED,
	APP_REJECTED,
	APP_WITHDRAWN,
	APP_PAID,
	APP_CLOSED,
	APP_REVOKED,
};

/* Names of enum app_status as stored and sent, NULL terminated. */
extern const char *const app_status_names[];

enum accounts_status {
	ACCOUNTS_NONE,
	ACCOUNTS_SUBMITTED,
	ACCOUNTS_RETURNED,
	ACCOUNTS_ACCEPTED
};

extern const char *const accounts_status_names[];

/* The most references a refusal lists; more end in "…". */
#define REFUSAL_LIST_MAX 10

/* Why a write was refused, for the error's parameters. */
struct fund_refusal {
	enum app_status status; /* the application's status */
	int year;
	int64_t remaining; /* what the year can still grant */
	int64_t limit;     /* the cap, the requested amount, ... */
	bool has_why;      /* why is set: the rule that refused */
	struct refusal why;
	/* A list figure of why (references), and the text it points to. */
	const char *list[REFUSAL_LIST_MAX + 2];
	char list_text[REFUSAL_LIST_MAX][32];
};

/* --- fund years (store-fund.c) --- */

struct fund_kind_figures {
	int applications; /* submitted, in any later status */
	int granted;      /* with a live or closed grant */
	int64_t committed, paid;
	int64_t released; /* granted, never paid, given back on closing */
	int64_t repaid;   /* paid back, received */
	int64_t due;      /* to be paid back, in all */
};

struct fund_figures {
	int year;
	bool exists; /* false: not opened yet; the defaults are shown */
	int64_t budget, cap;
	bool carry_over;
	int accounts_weeks;
	int64_t carried_in, committed, paid, released, repaid;
	int64_t outstanding; /* due back to this year's grants, not received */
	int64_t late;        /* money come back to closed years, booked here */
	/* budget + carried_in - committed + released + repaid + late; a
	 * closed year's is what it closed with. */
	int64_t avail;
	int64_t remaining; /* what can still be granted without overspending
			      this year or a later one it carries into; 0
			      once closed */
	time_t closed;     /* 0 while open */
	struct fund_kind_figures kind[2]; /* by enum applicant_kind */
};

/*
 * The figures of year; a year not opened yet shows what def (NULL: the
 * built-in FUND_DEFAULTS) would open it with. Every store function that
 * may open a year takes the defaults so: they are civicd's settings,
 * not the store's.
 */
enum civic_err store_fund_figures(struct store *s,
    const struct fund_defaults *def, int year, struct fund_figures *f);

struct fund_year_change {
	int year;
	bool set_budget, set_cap, set_carry_over, set_weeks;
	int64_t budget, cap;
	bool carry_over;
	int weeks;
};

/*
 * Opens the year if need be and applies the changes. A change that would
 * leave any year overspent (a budget below what is committed, or carry-
 * over withdrawn from under a later year) is CIVIC_E_BUDGET_EXCEEDED.
 */
enum civic_err store_fund_set(struct store *s, const struct fund_defaults *def,
    const struct identity *who, const struct fund_year_change *c,
    struct fund_refusal *r);

/* Refuses (R_YEAR_CLOSED) a change to year when it is closed, or to a
 * year before one that is. */
enum civic_err store_fund_year_writable(struct store *s, int year,
    struct fund_refusal *r);

/* What closing a year did. */
struct fund_close {
	struct fund_figures year; /* as it closed */
	int opened;               /* the year after, opened by the close; 0 */
	size_t ncarried;          /* grants carried on open */
};

/*
 * Closes fund year year (admin who): over, the years before it closed,
 * every application of it decided, and every grant settled (closed,
 * revoked) or in carry[0..ncarry), whose later money then goes to the
 * next open year. Fixes what the year has left, and so what it carries
 * over; opens the next year with def if need be, so late money has a
 * year to go to.
 */
enum civic_err store_fund_close(struct store *s,
    const struct fund_defaults *def, const struct identity *who, int year,
    const int64_t *carry, size_t ncarry, struct fund_close *out,
    struct fund_refusal *r);

/* --- applications (store-application.c) --- */

struct app_line {
	char *item;
	int64_t amount;
	int64_t actual; /* -1 until the final accounts */
};

/* What an applicant writes: a draft, or its replacement. */
struct app_draft {
	const char *title, *description, *integration, *target_group;
	int64_t participants;
	int32_t start_date, end_date;
	int64_t requested;
	size_t nlines;
	struct {
		const char *item;
		int64_t amount;
	} lines[APP_MAX_LINES];
};

struct app_event {
	time_t at;
	int64_t actor_uid; /* -1 if the applicant acted */
	char *actor_user;
	int64_t actor_applicant; /* 0 if an admin acted */
	char *kind;
	enum app_status status;
	int64_t amount; /* -1 if none */
	char *text;
};

struct app_payment {
	int64_t id;
	int32_t paid_on;
	int64_t amount; /* negative for a reversal */
	char *reference;
	time_t recorded;
	int64_t recorded_by;
	int64_t reverses; /* the payment a reversal cancels; else 0 */
	char *reason;     /* why it was reversed; a reversal's only */
};

struct app_repayment {
	int64_t id;
	int32_t received_on;
	int64_t amount;
	char *reference;
	int year; /* the fund year it is booked to */
	time_t recorded;
	int64_t recorded_by;
};

struct app_conflict {
	int64_t uid;
	char *user;
	char *reason;
	time_t at;
};

struct application {
	int64_t id, applicant_id;
	char *applicant_name;
	enum applicant_kind applicant_kind;
	enum app_status status;
	int year, seq; /* 0 while a draft */
	char *title, *description, *integration, *target_group;
	int64_t participants;
	int32_t start_date, end_date;
	int64_t requested;
	int64_t granted;  /* -1 if none */
	int64_t released; /* the grant never paid, given back on closing */
	int64_t paid;
	int64_t due_back;      /* to be paid back (accounts accepted) */
	int32_t due_on;        /* by when; -1 if nothing is due */
	int64_t repaid;        /* paid back so far */
	int32_t decision_date; /* -1 if none */
	char *committee_ref;
	time_t created, updated, submitted;
	int32_t accounts_due; /* -1 until there is a year */
	size_t nlines;
	struct app_line *lines;
	enum accounts_status accounts;
	int64_t acc_participants, acc_spent;
	char *acc_report;
	time_t acc_submitted;
	/* With APP_GET_HISTORY only: */
	size_t nevents, npayments, nrepayments, nconflicts;
	struct app_event *events;
	struct app_payment *payments;
	struct app_repayment *repayments;
	struct app_conflict *conflicts;
};

#define APP_GET_HISTORY 0x1 /* also events, payments and conflicts */

/*
 * Reads application id. With owner non-zero, an application of another
 * applicant is CIVIC_E_NOT_FOUND like one that does not exist. The caller
 * frees *out with application_free.
 */
enum civic_err store_application_get(struct store *s, int64_t id, int64_t owner,
    unsigned flags, struct application **out);

void application_free(struct application *a);

struct app_filter {
	int year;          /* 0: any */
	int draft_year;    /* drafts count in this year (the current one) */
	int status;        /* -1: any */
	int64_t applicant; /* 0: any */
	bool overdue;      /* only accounts past their deadline, as of today */
	int32_t today;
	int64_t limit;    /* at most this many; 0: all */
	int64_t offset;   /* after skipping this many */
	int64_t after_id; /* only those with a greater id (a next page) */
	int paid_in_full; /* of status paid: 0 any, 1 in full, 2 in part */
};

/* Calls fn for each matching application (without lines), oldest first. */
enum civic_err store_application_each(struct store *s,
    const struct app_filter *f, int (*fn)(const struct application *, void *),
    void *arg);

/* How many applications f matches, its limit and offset aside. */
enum civic_err store_application_count(struct store *s,
    const struct app_filter *f, int64_t *total);

enum civic_err store_application_create(struct store *s,
    const struct identity *who, const struct app_draft *d, int64_t *id);

/* Replaces a draft's (or an application awaiting information's) text. */
enum civic_err store_application_update(struct store *s,
    const struct identity *who, int64_t id, const struct app_draft *d,
    struct fund_refusal *r);

enum civic_err store_application_delete(struct store *s,
    const struct identity *who, int64_t id, struct fund_refusal *r);

/* Draft or awaiting information -> submitted. A first submission opens
 * the current fund year if need be and gives the reference YEAR-SEQ. */
enum civic_err store_application_submit(struct store *s,
    const struct fund_defaults *def, const struct identity *who, int64_t id,
    const char *message, struct fund_refusal *r);

/* An application received on paper or by e-mail, entered by an admin
 * (who) for applicant: submitted into fund year year on the day
 * received, via saying how ("paper", "email"). Unknown applicant:
 * CIVIC_E_NOT_FOUND; above the year's cap: CIVIC_E_CAP_EXCEEDED. */
enum civic_err store_application_receive(struct store *s,
    const struct fund_defaults *def, const struct identity *who,
    int64_t applicant, const struct app_draft *d, int32_t received, int year,
    const char *via, int64_t *id, struct fund_refusal *r);

/* The same, into fund year want (0: today's): a later year an admin has
 * opened, for a draft only. */
enum civic_err store_application_submit_to(struct store *s,
    const struct fund_defaults *def, const struct identity *who, int64_t id,
    int want, const char *message, struct fund_refusal *r);

enum civic_err store_application_withdraw(struct store *s,
    const struct identity *who, int64_t id, const char *reason,
    struct fund_refusal *r);

enum decision_kind {
	DECIDE_APPROVE,
	DECIDE_REJECT,
	DECIDE_REQUEST_INFO,
	DECIDE_REVOKE
};

struct decision {
	enum decision_kind kind;
	int64_t id;
	int64_t amount;            /* approve */
	int32_t date;              /* approve, reject */
	const char *committee_ref; /* approve */
	const char *text;          /* reason or message */
};

/* An admin's decision. CIVIC_E_CONFLICT_OF_INTEREST if who declared one;
 * CIVIC_E_INVALID_STATE, CIVIC_E_CAP_EXCEEDED, CIVIC_E_BUDGET_EXCEEDED,
 * CIVIC_E_INVALID_PARAMETER (with r->why) otherwise as the rules say. */
enum civic_err store_decide(struct store *s, const struct identity *who,
    const struct decision *d, struct fund_refusal *r);

enum civic_err store_payment_add(struct store *s, const struct identity *who,
    int64_t id, int32_t paid_on, int64_t amount, const char *reference,
    struct fund_refusal *r);

/* Reverses payment (of application id) with reason: a payment row of
 * the same amount, negative; the grant is approved again if nothing is
 * left paid. Not found: CIVIC_E_NOT_FOUND; a reversal, or reversed
 * already: CIVIC_E_INVALID_STATE with r->why. */
enum civic_err store_payment_reverse(struct store *s,
    const struct identity *who, int64_t id, int64_t payment, const char *reason,
    struct fund_refusal *r);

/* who records that admin uid (user: its name, or NULL) has a conflict
 * of interest in application id; uid is who's own in the usual case. */
enum civic_err store_conflict_declare(struct store *s,
    const struct identity *who, int64_t id, uid_t uid, const char *user,
    const char *reason);

/* The applicant's final accounts: actual[i] for budget line i + 1. */
enum civic_err store_accounts_submit(struct store *s,
    const struct identity *who, int64_t id, const int64_t *actual,
    size_t nactual, int64_t participants, const char *report,
    struct fund_refusal *r);

/*
 * Accepts or sends back the accounts. Accepting closes the case: the
 * grant never paid is released to the fund, and what was paid beyond
 * what was spent is due back (r->limit) by due_on (-1: REPAY_DAYS from
 * today).
 */
enum civic_err store_accounts_decide(struct store *s,
    const struct identity *who, int64_t id, bool accept, const char *reason,
    int32_t due_on, struct fund_refusal *r);

/* Money paid back on a closed case, received_on, booked (*booked) to
 * the application's fund year, or the first open one after it if that
 * is closed. */
enum civic_err store_repayment_add(struct store *s, const struct identity *who,
    int64_t id, int32_t received_on, int64_t amount, const char *reference,
    int *booked, struct fund_refusal *r);

#endif
