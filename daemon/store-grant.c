/*
 * store-grant.c - what the municipality does with an application:
 * decisions, payments, conflicts of interest and the final accounts (see
 * store-fund.h). Drafts, submission and reading applications are in
 * store-application.c, which loads and locks the case for each write here.
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

/*
 * An admin may not act on a case they are party to: one whose
 * applicant's token this connection holds, one they submitted as its
 * applicant (under a token, from their own uid), or one a conflict of
 * interest is on record for (declared by them or by a colleague). r->why
 * says which.
 */
static enum civic_err
app_conflict_check(struct store *s, const struct identity *who,
    const struct application *a, struct fund_refusal *r)
{
	static const char declared[] = "SELECT count(*) FROM conflict "
				       "WHERE application_id = ? AND uid = ?";
	/* The application's history names the applicant only; the audit
	 * trail has the uid that acted for it. */
	static const char submitted[] =
	    "SELECT count(*) FROM audit_entry WHERE object_kind = "
	    "'application' AND object_id = ? AND actor_uid = ? AND action IN "
	    "('application.submitted', 'application.resubmitted') AND "
	    "json_extract(body, '$.actor.applicant') IS NOT NULL";
	enum civic_err err;
	int64_t n;

	if (who->applicant_id != 0 && who->applicant_id == a->applicant_id) {
		REFUSE_WHY(r, R_CONFLICT_OWN_TOKEN, FN(a->id),
		    FN(a->applicant_id));
		return CIVIC_E_CONFLICT_OF_INTEREST;
	}
	if ((err = store_int(s, submitted, a->id, who->uid, INT64_MIN, &n)) !=
	    CIVIC_OK)
		return err;
	if (n > 0) {
		REFUSE_WHY(r, R_CONFLICT_SUBMITTED, FN(a->id));
		return CIVIC_E_CONFLICT_OF_INTEREST;
	}
	if ((err = store_int(s, declared, a->id, who->uid, INT64_MIN, &n)) !=
	    CIVIC_OK)
		return err;
	if (n > 0) {
		REFUSE_WHY(r, R_CONFLICT_OF_INTEREST, FN(a->id));
		return CIVIC_E_CONFLICT_OF_INTEREST;
	}
	return CIVIC_OK;
}

/* Loads the application an admin acts on, in its allowed statuses,
 * unless the admin is party to it (app_conflict_check). */
static enum civic_err
app_lock_for_admin(struct store *s, const struct identity *who, int64_t id,
    unsigned allowed, struct application **a, struct fund_refusal *r)
{
	enum civic_err err;

	if ((err = store_application_lock(s, id, 0, allowed, a, r)) != CIVIC_OK)
		return err;
	return app_conflict_check(s, who, *a, r);
}

/* Approve: the amount against what was asked, the cap and the budget. */
static enum civic_err
app_approve(struct store *s, const struct identity *who,
    const struct decision *d, const struct application *a,
    struct fund_refusal *r)
{
	static const char sql[] =
	    "UPDATE application SET status = 'approved', granted = ?1, "
	    "decision_date = ?2, committee_ref = ?3, updated_at = ?4 "
	    "WHERE id = ?5";
	char date[TIMEFMT_BUFSZ];
	struct fund_figures f;
	sqlite3_stmt *st;
	enum civic_err err;

	if ((err = store_fund_figures(s, NULL, a->year, &f)) != CIVIC_OK)
		return err;
	r->remaining = f.remaining;
	if (d->amount > a->requested) {
		REFUSE_WHY(r, R_ABOVE_REQUEST, FS("amount"), FN(a->requested));
		return CIVIC_E_INVALID_PARAMETER;
	}
	if (d->amount > f.cap) {
		r->limit = f.cap;
		return CIVIC_E_CAP_EXCEEDED;
	}
	if (d->amount > f.remaining)
		return CIVIC_E_BUDGET_EXCEEDED;
	if (d->date < date_today(a->submitted)) {
		REFUSE_WHY(r, R_BEFORE_SUBMISSION, FS("decision_date"),
		    FN(date_today(a->submitted)));
		return CIVIC_E_INVALID_PARAMETER;
	}
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, d->amount);
	store_bind_text(st, 2, date_format(d->date, date), -1,
	    SQLITE_TRANSIENT);
	store_bind_text(st, 3, d->committee_ref, -1, SQLITE_TRANSIENT);
	store_bind_int64(st, 4, clock_now());
	store_bind_int64(st, 5, a->id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	return store_application_event(s, who, false, a->id, "approved",
	    APP_APPROVED, d->amount, d->committee_ref);
}

static enum civic_err
app_reject(struct store *s, const struct identity *who,
    const struct decision *d, const struct application *a,
    struct fund_refusal *r)
{
	static const char sql[] =
	    "UPDATE application SET status = 'rejected', decision_date = ?1, "
	    "updated_at = ?2 WHERE id = ?3";
	char date[TIMEFMT_BUFSZ];
	sqlite3_stmt *st;
	enum civic_err err;

	if (d->date < date_today(a->submitted)) {
		REFUSE_WHY(r, R_BEFORE_SUBMISSION, FS("decision_date"),
		    FN(date_today(a->submitted)));
		return CIVIC_E_INVALID_PARAMETER;
	}
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_text(st, 1, date_format(d->date, date), -1,
	    SQLITE_TRANSIENT);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, a->id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	return store_application_event(s, who, false, a->id, "rejected",
	    APP_REJECTED, -1, d->text);
}

enum civic_err
store_decide(struct store *s, const struct identity *who,
    const struct decision *d, struct fund_refusal *r)
{
	static const unsigned allowed[] = {
		[DECIDE_APPROVE] = ST(APP_SUBMITTED),
		/* An applicant who never answers does not hold up the
		 * year: the question is answered by a rejection. */
		[DECIDE_REJECT] = ST(APP_SUBMITTED) |
		    ST(APP_AWAITING_INFORMATION),
		[DECIDE_REQUEST_INFO] = ST(APP_SUBMITTED),
		[DECIDE_REVOKE] = ST(APP_APPROVED),
	};
	struct application *a = NULL;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = app_lock_for_admin(s, who, d->id, allowed[d->kind], &a,
		 r)) != CIVIC_OK)
		goto out;
	switch (d->kind) {
	case DECIDE_APPROVE:
		err = app_approve(s, who, d, a, r);
		break;
	case DECIDE_REJECT:
		err = app_reject(s, who, d, a, r);
		break;
	case DECIDE_REQUEST_INFO:
		if ((err = store_application_set_status(s, d->id,
			 APP_AWAITING_INFORMATION)) == CIVIC_OK)
			err = store_application_event(s, who, false, d->id,
			    "information_requested", APP_AWAITING_INFORMATION,
			    -1, d->text);
		break;
	case DECIDE_REVOKE:
		if ((err = store_application_set_status(s, d->id,
			 APP_REVOKED)) == CIVIC_OK)
			err = store_application_event(s, who, false, d->id,
			    "revoked", APP_REVOKED, a->granted, d->text);
		break;
	}
	if (err == CIVIC_OK)
		log_info("uid %u: application %lld %s", (unsigned)who->uid,
		    (long long)d->id,
		    d->kind == DECIDE_APPROVE      ? "approved"
			: d->kind == DECIDE_REJECT ? "rejected"
			: d->kind == DECIDE_REVOKE ? "revoked"
						   : "awaits information");
out:
	application_free(a);
	return store_tx_end(s, err);
}

/* The application of application id's fund year that voucher pays, and
 * that is not reversed, into *app; 0 if none. */
static enum civic_err
payment_voucher_user(struct store *s, int64_t id, const char *voucher,
    int64_t *app)
{
	static const char sql[] =
	    "SELECT p.application_id FROM payment p "
	    "JOIN application a ON a.id = p.application_id "
	    "WHERE p.reference = ?2 AND p.reverses IS NULL "
	    "AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id) "
	    "AND a.year = (SELECT year FROM application WHERE id = ?1) "
	    "LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*app = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if (store_bind_int64(st, 1, id) != SQLITE_OK ||
	    store_bind_text(st, 2, voucher, -1, SQLITE_STATIC) != SQLITE_OK) {
		store_done(st);
		return store_fail(s, SQLITE_NOMEM, "binding");
	}
	if ((rc = store_step(st)) == SQLITE_ROW)
		*app = sqlite3_column_int64(st, 0);
	store_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	    ? CIVIC_OK
	    : store_fail(s, rc, "finding a voucher");
}

enum civic_err
store_payment_reverse(struct store *s, const struct identity *who, int64_t id,
    int64_t payment, const char *reason, struct fund_refusal *r)
{
	static const char find[] =
	    "SELECT amount, reference, coalesce(reverses, 0), "
	    "(SELECT count(*) FROM payment x WHERE x.reverses = p.id) "
	    "FROM payment p WHERE id = ?1 AND application_id = ?2";
	static const char sql[] =
	    "INSERT INTO payment (application_id, paid_on, amount, reference, "
	    "recorded_at, recorded_by, reverses, reason) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	char date[TIMEFMT_BUFSZ], *ref = NULL;
	struct application *a = NULL;
	int64_t amount = 0, reverses = 0, reversed = 0;
	sqlite3_stmt *st;
	enum civic_err err;
	bool oom = false;
	int rc;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = app_lock_for_admin(s, who, id, ST(APP_PAID), &a, r)) !=
	    CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, find)) == NULL)
		goto out;
	store_bind_int64(st, 1, payment);
	store_bind_int64(st, 2, id);
	if ((rc = store_step(st)) == SQLITE_ROW) {
		amount = sqlite3_column_int64(st, 0);
		ref = store_col_dup(st, 1, &oom);
		reverses = sqlite3_column_int64(st, 2);
		reversed = sqlite3_column_int64(st, 3);
	}
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err = store_fail(s, rc, "finding a payment");
		goto out;
	}
	if (oom)
		goto out;
	if (rc == SQLITE_DONE) {
		err = CIVIC_E_NOT_FOUND;
		goto out;
	}
	if (reverses != 0 || reversed != 0) {
		REFUSE_WHY(r,
		    reverses != 0 ? R_PAYMENT_IS_REVERSAL : R_PAYMENT_REVERSED,
		    FN(payment));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, date_format(date_today(clock_now()), date), -1,
	    SQLITE_TRANSIENT);
	store_bind_int64(st, 3, -amount);
	store_bind_text(st, 4, ref, -1, SQLITE_TRANSIENT);
	store_bind_int64(st, 5, clock_now());
	store_bind_int64(st, 6, who->uid);
	store_bind_int64(st, 7, payment);
	store_bind_text_or_null(st, 8, reason);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	/* Nothing left paid: the grant is approved, as before its first. */
	if (a->paid - amount == 0 &&
	    (err = store_application_set_status(s, id, APP_APPROVED)) !=
		CIVIC_OK)
		goto out;
	err = store_application_event(s, who, false, id, "payment_reversed",
	    a->paid - amount == 0 ? APP_APPROVED : APP_PAID, amount, reason);
out:
	free(ref);
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_payment_add(struct store *s, const struct identity *who, int64_t id,
    int32_t paid_on, int64_t amount, const char *reference,
    struct fund_refusal *r)
{
	static const char sql[] =
	    "INSERT INTO payment (application_id, paid_on, amount, reference, "
	    "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)";
	char date[TIMEFMT_BUFSZ];
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t other;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = app_lock_for_admin(s, who, id,
		 ST(APP_APPROVED) | ST(APP_PAID), &a, r)) != CIVIC_OK)
		goto out;
	if (amount > a->granted - a->paid) {
		REFUSE_WHY(r, R_ABOVE_UNPAID, FS("amount"),
		    FN(a->granted - a->paid));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if (paid_on < a->decision_date) {
		REFUSE_WHY(r, R_BEFORE_DECISION, FS("paid_on"),
		    FN(a->decision_date));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	/* A voucher pays once in a fund year (the schema says so again). */
	if ((err = payment_voucher_user(s, id, reference, &other)) != CIVIC_OK)
		goto out;
	if (other != 0) {
		REFUSE_WHY(r, R_VOUCHER_TAKEN, FS(reference), FN(other));
		err = CIVIC_E_CONFLICT;
		goto out;
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, date_format(paid_on, date), -1,
	    SQLITE_TRANSIENT);
	store_bind_int64(st, 3, amount);
	store_bind_text(st, 4, reference, -1, SQLITE_TRANSIENT);
	store_bind_int64(st, 5, clock_now());
	store_bind_int64(st, 6, who->uid);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	if (a->status == APP_APPROVED &&
	    (err = store_application_set_status(s, id, APP_PAID)) != CIVIC_OK)
		goto out;
	err = store_application_event(s, who, false, id, "paid", APP_PAID,
	    amount, reference);
out:
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_conflict_declare(struct store *s, const struct identity *who, int64_t id,
    uid_t uid, const char *user, const char *reason)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO conflict (application_id, uid, user, "
	    "reason, declared_at) VALUES (?, ?, ?, ?, ?)";
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;

	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_get(s, id, 0, 0, &a)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, uid);
	store_bind_text_or_null(st, 3, user);
	store_bind_text_or_null(st, 4, reason);
	store_bind_int64(st, 5, clock_now());
	if ((err = store_run(s, st)) == CIVIC_OK && sqlite3_changes(s->db) > 0)
		err = store_application_event(s, who, false, id,
		    "conflict_declared", a->status, -1, reason);
out:
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_accounts_submit(struct store *s, const struct identity *who, int64_t id,
    const int64_t *actual, size_t nactual, int64_t participants,
    const char *report, struct fund_refusal *r)
{
	static const char line[] = "UPDATE application_line SET actual = ? "
				   "WHERE application_id = ? AND line = ?";
	static const char acc[] =
	    "INSERT OR REPLACE INTO accounts (application_id, status, "
	    "participants, report, spent, submitted_at) "
	    "VALUES (?, 'submitted', ?, ?, ?, ?)";
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t spent = 0;
	size_t i;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_application_lock(s, id, who->applicant_id,
		 ST(APP_PAID), &a, r)) != CIVIC_OK)
		goto out;
	if (a->accounts == ACCOUNTS_SUBMITTED) {
		REFUSE_WHY(r, R_ACCOUNTS_WAITING,
		    FS(app_status_names[a->status]));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if (nactual != a->nlines) {
		REFUSE_WHY(r, R_ACCOUNT_LINES, FS("lines"), FN(a->nlines));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	for (i = 0; i < nactual; i++) {
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, line)) == NULL)
			goto out;
		store_bind_int64(st, 1, actual[i]);
		store_bind_int64(st, 2, id);
		store_bind_int64(st, 3, (int64_t)i + 1);
		if ((err = store_run(s, st)) != CIVIC_OK)
			goto out;
		spent += actual[i];
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, acc)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, participants);
	store_bind_text(st, 3, report, -1, SQLITE_TRANSIENT);
	store_bind_int64(st, 4, spent);
	store_bind_int64(st, 5, clock_now());
	if ((err = store_run(s, st)) == CIVIC_OK)
		err = store_application_event(s, who, true, id,
		    "accounts_submitted", a->status, spent, NULL);
out:
	application_free(a);
	return store_tx_end(s, err);
}

enum civic_err
store_accounts_decide(struct store *s, const struct identity *who, int64_t id,
    bool accept, const char *reason, int32_t due_on, struct fund_refusal *r)
{
	static const char close[] =
	    "UPDATE application SET status = 'closed', released = ?1, "
	    "due_back = ?2, due_on = ?3, updated_at = ?4 WHERE id = ?5";
	static const char acc[] = "UPDATE accounts SET status = ?, "
				  "decided_at = ? WHERE application_id = ?";
	char date[TIMEFMT_BUFSZ];
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;
	int64_t kept, due;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = app_lock_for_admin(s, who, id, ST(APP_PAID), &a, r)) !=
	    CIVIC_OK)
		goto out;
	if (a->accounts != ACCOUNTS_SUBMITTED) {
		REFUSE_WHY(r,
		    a->accounts == ACCOUNTS_NONE ? R_NO_ACCOUNTS
						 : R_ACCOUNTS_RETURNED,
		    FS(app_status_names[a->status]));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	/* What the project may keep: what it spent, up to the grant. What
	 * was never paid is released to the fund now; what was paid beyond
	 * it is due back, and counts when it comes. */
	kept = a->acc_spent < a->granted ? a->acc_spent : a->granted;
	if (accept && a->paid < kept) {
		REFUSE_WHY(r, R_UNPAID_REST, FS(app_status_names[a->status]),
		    FN(kept - a->paid));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	due = a->paid - kept;
	if (accept && due == 0 && due_on >= 0) {
		REFUSE_WHY(r, R_NOTHING_DUE_BY, FS("repay_by"));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if (due_on < 0)
		due_on = date_today(clock_now()) + REPAY_DAYS;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, acc)) == NULL)
		goto out;
	store_bind_text(st, 1, accept ? "accepted" : "returned", -1,
	    SQLITE_STATIC);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	if (!accept) {
		err = store_application_event(s, who, false, id,
		    "accounts_returned", a->status, -1, reason);
		goto out;
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, close)) == NULL)
		goto out;
	store_bind_int64(st, 1, a->granted - a->paid);
	store_bind_int64(st, 2, due);
	if (due > 0)
		store_bind_text(st, 3, date_format(due_on, date), -1,
		    SQLITE_TRANSIENT);
	store_bind_int64(st, 4, clock_now());
	store_bind_int64(st, 5, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	err = store_application_event(s, who, false, id, "accounts_accepted",
	    APP_CLOSED, a->granted > a->paid ? a->granted - a->paid : -1, NULL);
	if (err == CIVIC_OK && due > 0)
		err = store_application_event(s, who, false, id,
		    "repayment_due", APP_CLOSED, due, NULL);
	r->limit = due;
out:
	application_free(a);
	return store_tx_end(s, err);
}

/* The fund year money coming back to application a is booked to: its
 * own while open, else the first open one after it (closing a year
 * opens the next, so there is one). */
static enum civic_err
app_booking_year(struct store *s, const struct application *a, int *year)
{
	static const char sql[] =
	    "SELECT iif(y.closed_at IS NULL, y.year, "
	    "(SELECT min(o.year) FROM fund_year o "
	    "WHERE o.year > y.year AND o.closed_at IS NULL)) "
	    "FROM fund_year y WHERE y.year = ?";
	int64_t v;

	if (store_int(s, sql, a->year, INT64_MIN, INT64_MIN, &v) != CIVIC_OK)
		return CIVIC_E_INTERNAL;
	*year = (int)v;
	return CIVIC_OK;
}

enum civic_err
store_repayment_add(struct store *s, const struct identity *who, int64_t id,
    int32_t received_on, int64_t amount, const char *reference, int *booked,
    struct fund_refusal *r)
{
	static const char sql[] =
	    "INSERT INTO repayment (application_id, received_on, amount, "
	    "reference, year, recorded_at, recorded_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)";
	char date[TIMEFMT_BUFSZ];
	struct application *a = NULL;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	*booked = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = app_lock_for_admin(s, who, id, ST(APP_CLOSED), &a, r)) !=
	    CIVIC_OK)
		goto out;
	if (a->due_back - a->repaid == 0) {
		REFUSE_WHY(r, R_NOTHING_DUE, FS(app_status_names[a->status]));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if (amount > a->due_back - a->repaid) {
		REFUSE_WHY(r, R_ABOVE_DUE, FS("amount"),
		    FN(a->due_back - a->repaid));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if (received_on < a->decision_date) {
		REFUSE_WHY(r, R_BEFORE_DECISION, FS("received_on"),
		    FN(a->decision_date));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if ((err = app_booking_year(s, a, booked)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, date_format(received_on, date), -1,
	    SQLITE_TRANSIENT);
	store_bind_int64(st, 3, amount);
	store_bind_text(st, 4, reference, -1, SQLITE_TRANSIENT);
	store_bind_int(st, 5, *booked);
	store_bind_int64(st, 6, clock_now());
	store_bind_int64(st, 7, who->uid);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	err = store_application_event(s, who, false, id, "repaid", APP_CLOSED,
	    amount, reference);
out:
	application_free(a);
	return store_tx_end(s, err);
}
