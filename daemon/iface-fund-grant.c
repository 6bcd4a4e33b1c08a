/*
 * iface-fund-grant.c - dk.civic.fund, the admin's side: decisions, payments,
 * conflicts of interest, and the final accounts.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "iface-fund.h"
#include "iface.h"
#include "log.h"
#include "money.h"
#include "timefmt.h"

/* Runs one decision and replies with the application as it now is. */
static enum civic_err
grant_decide(struct call *c, const struct decision *d, enum reason state)
{
	struct fund_refusal r;
	enum civic_err err;

	err = store_decide(c->d->store, c->who, d, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, d->id, &r, state, d->amount);
	return fund_reply_application(c, d->id, 0, NULL);
}

enum civic_err
fund_approve(struct call *c)
{
	struct decision d = { .kind = DECIDE_APPROVE };
	struct jerr e = { 0 };

	if (fund_id(c, &d.id, &e) < 0 ||
	    jfield_money(c->params, "amount", 0, 1, MONEY_MAX, &d.amount, &e) <
		0 ||
	    jfield_string(c->params, "committee_ref", 0, 1, FUND_REF_MAX,
		&d.committee_ref, &e) < 0 ||
	    fund_past_date(c, "decision_date", &d.date, &e) < 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	return grant_decide(c, &d, R_APP_DECIDE);
}

enum civic_err
fund_reject(struct call *c)
{
	struct decision d = { .kind = DECIDE_REJECT };
	struct jerr e = { 0 };

	if (fund_id(c, &d.id, &e) < 0 ||
	    jfield_string(c->params, "reason", JF_MULTILINE, 1, FUND_REASON_MAX,
		&d.text, &e) < 0 ||
	    fund_past_date(c, "decision_date", &d.date, &e) < 0)
		return call_invalid(c, &e);
	return grant_decide(c, &d, R_APP_REJECT);
}

/* RequestInformation and Revoke: an id and a required text. */
static enum civic_err
grant_with_text(struct call *c, enum decision_kind kind, const char *key,
    enum reason state)
{
	struct decision d = { .kind = kind };
	enum civic_err err;

	if ((err = fund_id_and_text(c, key, true, &d.id, &d.text)) != CIVIC_OK)
		return err;
	return grant_decide(c, &d, state);
}

enum civic_err
fund_request_information(struct call *c)
{
	return grant_with_text(c, DECIDE_REQUEST_INFO, "message", R_APP_DECIDE);
}

enum civic_err
fund_revoke(struct call *c)
{
	struct jerr e = { 0 };

	if (call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	return grant_with_text(c, DECIDE_REVOKE, "reason", R_APP_REVOKE);
}

enum civic_err
fund_record_payment(struct call *c)
{
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reference;
	int64_t id, amount;
	int32_t paid_on;

	if (fund_id(c, &id, &e) < 0 ||
	    jfield_money(c->params, "amount", 0, 1, MONEY_MAX, &amount, &e) <
		0 ||
	    jfield_string(c->params, "reference", JF_RAW, 1, FUND_REF_MAX,
		&reference, &e) < 0 ||
	    fund_past_date(c, "paid_on", &paid_on, &e) < 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	err = store_payment_add(c->d->store, c->who, id, paid_on, amount,
	    reference, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_PAY, amount);
	return fund_reply_application(c, id, 0, NULL);
}

enum civic_err
fund_reverse_payment(struct call *c)
{
	struct application *a;
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reason;
	int64_t id, payment;

	if ((err = fund_id_and_text(c, "reason", true, &id, &reason)) !=
	    CIVIC_OK)
		return err;
	if (jfield_int(c->params, "payment", 0, 1, INT64_MAX, &payment, &e) <
		0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	err = store_payment_reverse(c->d->store, c->who, id, payment, reason,
	    &r);
	/* No such payment of an application that is there. */
	if (err == CIVIC_E_NOT_FOUND &&
	    store_application_get(c->d->store, id, 0, 0, &a) == CIVIC_OK) {
		application_free(a);
		return call_not_found(c, "payment", payment);
	}
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_REVERSE, 0);
	if (!c->dry_run)
		log_notice("uid %u reversed payment %lld of application %lld",
		    (unsigned)c->who->uid, (long long)payment, (long long)id);
	return fund_reply_application(c, id, 0, NULL);
}

enum civic_err
fund_declare_conflict(struct call *c)
{
	char user[sizeof c->who->user];
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reason;
	int64_t id, uid = c->who->uid;

	if ((err = fund_id_and_text(c, "reason", false, &id, &reason)) !=
	    CIVIC_OK)
		return err;
	/* A colleague's conflict, recorded by another admin. */
	if (jfield_int(c->params, "uid", JF_OPTIONAL, 0, UINT32_MAX - 1, &uid,
		&e) < 0)
		return call_invalid(c, &e);
	if (uid == c->who->uid)
		snprintf(user, sizeof user, "%s", c->who->user);
	else
		auth_user_name((uid_t)uid, user, sizeof user);
	err = store_conflict_declare(c->d->store, c->who, id, (uid_t)uid,
	    user[0] != '\0' ? user : NULL, reason);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "application", id);
	if (err != CIVIC_OK)
		return err;
	log_notice("uid %u recorded a conflict of interest of uid %lld in "
		   "application %lld",
	    (unsigned)c->who->uid, (long long)uid, (long long)id);
	return fund_reply_application(c, id, 0, NULL);
}

enum civic_err
fund_accept_accounts(struct call *c)
{
	int32_t today = date_today(clock_now()), repay_by = -1;
	char repay[MONEY_BUFSZ];
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *none;
	int64_t id;

	if ((err = fund_id_and_text(c, NULL, false, &id, &none)) != CIVIC_OK)
		return err;
	if (jfield_date(c->params, "repay_by", JF_OPTIONAL, &repay_by, &e) <
		0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	if (repay_by >= 0 && repay_by < today) {
		JFAIL0(&e, "repay_by", R_IN_PAST);
		return call_invalid(c, &e);
	}
	err = store_accounts_decide(c->d->store, c->who, id, true, NULL,
	    repay_by, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_ACCOUNTS, 0);
	return fund_reply_application(c, id, 0,
	    json_pack("{s:s}", "to_repay", money_format_iso(r.limit, repay)));
}

enum civic_err
fund_record_repayment(struct call *c)
{
	struct fund_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reference;
	int64_t id, amount;
	int32_t received_on;
	int booked;

	if (fund_id(c, &id, &e) < 0 ||
	    jfield_money(c->params, "amount", 0, 1, MONEY_MAX, &amount, &e) <
		0 ||
	    jfield_string(c->params, "reference", JF_RAW, 1, FUND_REF_MAX,
		&reference, &e) < 0 ||
	    fund_past_date(c, "received_on", &received_on, &e) < 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	err = store_repayment_add(c->d->store, c->who, id, received_on, amount,
	    reference, &booked, &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_REPAY, amount);
	return fund_reply_application(c, id, 0,
	    json_pack("{s:i}", "year", booked));
}

enum civic_err
fund_return_accounts(struct call *c)
{
	struct fund_refusal r;
	enum civic_err err;
	const char *reason;
	int64_t id;

	if ((err = fund_id_and_text(c, "reason", true, &id, &reason)) !=
	    CIVIC_OK)
		return err;
	err = store_accounts_decide(c->d->store, c->who, id, false, reason, -1,
	    &r);
	if (err != CIVIC_OK)
		return fund_refused(c, err, id, &r, R_APP_ACCOUNTS, 0);
	return fund_reply_application(c, id, 0, NULL);
}
