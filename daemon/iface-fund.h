/*
 * iface-fund.h - what the dk.civic.fund handlers share: rendering fund
 * years and applications as JSON, and turning a store refusal into the
 * error a person can act on.
 */
#ifndef CIVICD_IFACE_FUND_H
#define CIVICD_IFACE_FUND_H

#include "method.h"
#include "store-fund.h"

#define FUND_TEXT_MAX   5000 /* description, integration, report */
#define FUND_TITLE_MAX  200
#define FUND_REASON_MAX 2000
#define FUND_REF_MAX    100
#define FUND_CARRY_MAX  1000 /* grants carried past one closing */

json_t *fund_year_json(const struct fund_figures *f);
/* An application's status as sent: partly_paid until paid in full. */
const char *fund_status_name(const struct application *a);

json_t *fund_summary_json(const struct application *a);
json_t *fund_application_json(const struct application *a);

/*
 * Replies with application id as its owner (owner non-zero) or an admin
 * sees it, plus the fields of extra (stolen, may be NULL).
 */
enum civic_err fund_reply_application(struct call *c, int64_t id, int64_t owner,
    json_t *extra);

/*
 * Fails the call for a store refusal. action says what was tried
 * ("approved"), allowed which statuses allow it ("submitted"), param the
 * parameter a CIVIC_E_INVALID_PARAMETER refers to, amount the amount
 * asked for. Other errors pass through.
 */
enum civic_err fund_refused(struct call *c, enum civic_err err, int64_t id,
    const struct fund_refusal *r, enum reason state, int64_t amount);

/* The caller's view: 0 for an admin (all), else its applicant id. */
int64_t fund_owner(const struct call *c);

/* Reads the "id" parameter (always required). */
int fund_id(struct call *c, int64_t *id, struct jerr *e);

/*
 * Checks that the parameters are "id" and key (if not NULL) only, and
 * reads them: the id, and a free text (a message or reason) of up to
 * FUND_REASON_MAX characters, which *text gets (NULL if absent).
 */
enum civic_err fund_id_and_text(struct call *c, const char *key, bool required,
    int64_t *id, const char **text);

/* Reads an optional date that defaults to today and may not be later. */
int fund_past_date(struct call *c, const char *key, int32_t *day,
    struct jerr *e);

#endif
