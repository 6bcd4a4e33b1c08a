/*
 * store-privacy.h - personal data on schedule and on request: retention
 * runs, and a person's data exported or erased.
 */
#ifndef CIVICD_STORE_PRIVACY_H
#define CIVICD_STORE_PRIVACY_H

#include "store.h"

/* How long each kind of personal data is kept, in days. */
struct retention_policy {
	int registrant_days; /* after the meeting is held or cancelled */
	int consent_days;    /* the same, for those who consented to more */
	int applicant_days;  /* contact details, after disabling */
	int access_log_days; /* entries of the access log */
};

#define RETENTION_DEFAULT_REGISTRANT 30
#define RETENTION_DEFAULT_CONSENT    730
#define RETENTION_DEFAULT_APPLICANT  365
#define RETENTION_DEFAULT_ACCESS_LOG 183

struct retention_report {
	int64_t registrants, consented, applicant_contacts, access_log;
};

/* Rows of each kind one slice of retention erases: a few milliseconds. */
#define RETENTION_SLICE 2000

void retention_report_add(struct retention_report *to,
    const struct retention_report *r);

/* Logs what a run of slices erased, if anything. */
void retention_log(const struct retention_report *r, unsigned slices);

/*
 * Erases what is due at now, at most max rows of each kind (0: all), or
 * with dry_run only counts all of it; *more says a kind had max due, so
 * another slice may find more. A slice that erased anything is an audit
 * entry with what it erased, in its own transaction (a savepoint inside
 * a call's). Anonymous counts (seats, attendance, needs per language)
 * stay.
 */
enum civic_err store_retention_run(struct store *s, const struct identity *who,
    time_t now, const struct retention_policy *p, bool dry_run, int64_t max,
    struct retention_report *r, bool *more);

/* One value of a record held about a person, as the database has it. */
struct privacy_value {
	const char *key; /* static: "name" */
	enum { PV_NULL, PV_INT, PV_TEXT, PV_TIME, PV_BOOL } type;
	int64_t i;  /* PV_INT, PV_TIME (an instant), PV_BOOL */
	char *text; /* PV_TEXT, owned */
};

#define PRIVACY_MAX_VALUES 20

enum privacy_section {
	PRIVACY_REGISTRATION, /* v[0] its id, v[1] its meeting */
	PRIVACY_APPLICANT,    /* v[0] its id */
	PRIVACY_APPLICATION,  /* an applicant's case; "applicant" names it */
	PRIVACY_READ,         /* an access-log entry about the records */
};

struct privacy_record {
	enum privacy_section section;
	struct privacy_value v[PRIVACY_MAX_VALUES];
	size_t n;
};

/* Everything held about a person, and the ids it is about. */
struct privacy_export {
	struct privacy_record *records; /* registrations, applicants and
					 * their applications, reads */
	size_t n;
	int64_t *regs, *upcoming; /* registrations; each one's meeting if it
				   * is still to come, else 0 */
	size_t nregs, nupcoming;
	int64_t *apps, *open; /* applicants; each one's open applications */
	size_t napps;
};

/* Frees what an export holds; accepts NULL. */
void privacy_export_free(struct privacy_export *x);

/*
 * Everything held about the person with this e-mail address or phone
 * (canonical; either may be NULL): registrations, applicant records with
 * their applications, and the access-log entries about them, in *out
 * (freed with privacy_export_free). Reads only: the dispatcher logs the
 * export as a read of each record it shows.
 */
enum civic_err store_privacy_export(struct store *s, const char *email,
    const char *phone, struct privacy_export *out);

/* What an erasure erased, or kept and why; which fields count, by kind. */
enum privacy_item_kind {
	ERASED_REGISTRANT,          /* id: the registration */
	ERASED_APPLICANT_CONTACT,   /* id: the applicant */
	KEPT_UPCOMING_REGISTRATION, /* id, meeting: its seats stay */
	KEPT_GRANT_CASES,           /* id: the applicant's cases */
	KEPT_OPEN_APPLICATIONS,     /* id, count: contact details they need */
	KEPT_ACCESS_LOG,            /* count: days the log is kept */
	KEPT_AUDIT_TRAIL,           /* the trail names people by number */
};

struct privacy_item {
	enum privacy_item_kind kind;
	int64_t id, meeting, count;
};

struct privacy_erasure {
	struct privacy_item *items; /* erased ones first, then kept */
	size_t n;
};

/* Frees what an erasure holds; accepts NULL. */
void privacy_erasure_free(struct privacy_erasure *e);

/*
 * Erases what the law allows of that person's data and says in *out
 * (freed with privacy_erasure_free) what was erased, and what was kept
 * and why: typed, for the caller to render.
 */
enum civic_err store_privacy_erase(struct store *s, const struct identity *who,
    const char *email, const char *phone, int access_log_days,
    struct privacy_erasure *out);

#endif
