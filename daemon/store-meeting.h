/*
 * store-meeting.h - the open citizen meetings in storage: meetings,
 * registrations with capacity and a waiting list, codes, check-in.
 *
 * Capacity is checked in the transaction that confirms a registration
 * and backed by a trigger; the waiting list is promoted in arrival order
 * within the same transaction that frees seats.
 */
#ifndef CIVICD_STORE_MEETING_H
#define CIVICD_STORE_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "reason.h"
#include "store.h"

#define MEETING_MAX_LANGUAGES 16
#define REG_MAX_NEEDS         8

enum meeting_status {
	MEETING_PLANNED,
	MEETING_SCHEDULED,
	MEETING_HELD,
	MEETING_CANCELLED
};
extern const char *const meeting_status_names[];

enum reg_status { REG_CONFIRMED, REG_WAITING, REG_CANCELLED };
extern const char *const reg_status_names[];

/* The kinds of accessibility need, NULL terminated. */
extern const char *const need_kind_names[];

/* The meetings' clock (civicd.conf's [meetings]). */
struct meeting_times {
	unsigned checkin_before; /* minutes before the start check-in opens */
	unsigned checkin_grace;  /* minutes after the end it stays open */
	unsigned unclosed_after; /* hours after its end a meeting not closed
				    is listed for the coordinator */
};

#define MEETING_TIMES_DEFAULT \
	{ \
		120, 60, 24 \
	}

/* Who moved up from the waiting list in one change: n in all, the
 * first PROMOTED_MAX of them (ids, in the order they moved). */
#define PROMOTED_MAX 32
struct promoted {
	int n;
	int64_t ids[PROMOTED_MAX];
};

/* What a coordinator sets on a meeting. Times are 0 when not set. */
struct meeting_fields {
	const char *title, *description, *venue;
	time_t starts_at, ends_at, reg_opens, reg_closes;
	int64_t capacity, held_back, party_max;
	bool waiting_list;
	size_t nlanguages;
	const char *languages[MEETING_MAX_LANGUAGES];
};

struct meeting_count {
	char *name; /* a language or a kind of need */
	int64_t registrations, seats;
};

struct meeting {
	int64_t id;
	enum meeting_status status;
	char *title, *description, *venue;
	time_t starts_at, ends_at, reg_opens, reg_closes;
	int64_t capacity, held_back, party_max;
	bool waiting_list;
	size_t nlanguages;
	char **languages;
	int64_t head_count; /* -1 until held */
	char *close_note, *cancel_reason;
	int64_t sequence; /* raised by every change a calendar shows */
	time_t created;
	/* Counts, over registrations that are not cancelled. */
	int64_t confirmed, confirmed_seats, waiting, waiting_seats;
	int64_t checked_in, checked_in_seats, walk_ins, walk_in_seats, forced,
	    cancelled, childcare;
	size_t nlang_counts, nneed_counts;
	struct meeting_count *lang_counts, *need_counts;
};

void meeting_free(struct meeting *m);

/* When check-in opens and closes (0, 0 without times). */
void meeting_checkin_window(const struct meeting *m,
    const struct meeting_times *t, time_t *opens, time_t *closes);

/* When registration closes: its own time, else the start. */
time_t meeting_reg_closes(const struct meeting *m);

/* Why a write was refused. */
struct meeting_refusal {
	enum meeting_status status;
	int64_t free_seats;
	bool has_why; /* why is set: the rule that refused */
	struct refusal why;
	const char *failure; /* check-in: the schema's checkin_failure word */
	char word[64];       /* a figure's text that must outlive the call */
};

/* A start in the past is CIVIC_E_INVALID_PARAMETER unless force, which
 * the audit trail records. */
enum civic_err store_meeting_create(struct store *s, const struct identity *who,
    const struct meeting_fields *f, bool force, int64_t *id,
    struct meeting_refusal *r);

/* Replaces a planned or scheduled meeting's fields. A capacity below the
 * confirmed seats is CIVIC_E_INVALID_STATE; more capacity promotes from
 * the waiting list (*promoted gets how many). */
enum civic_err store_meeting_update(struct store *s, const struct identity *who,
    int64_t id, const struct meeting_fields *f, bool force,
    struct promoted *promoted, struct meeting_refusal *r);

enum civic_err store_meeting_get(struct store *s, int64_t id,
    struct meeting **out);

enum meeting_filter {
	MEETINGS_ALL,
	MEETINGS_UPCOMING, /* scheduled, not ended by now */
	MEETINGS_UNCLOSED, /* scheduled, ended before now */
};

/* Each meeting f takes, soonest first. */
enum civic_err store_meeting_each(struct store *s, enum meeting_filter f,
    time_t now, int (*fn)(const struct meeting *, void *), void *arg);

/* planned -> scheduled; a start in the past only with force (recorded). */
enum civic_err store_meeting_schedule(struct store *s,
    const struct identity *who, int64_t id, bool force,
    struct meeting_refusal *r);
enum civic_err store_meeting_cancel(struct store *s, const struct identity *who,
    int64_t id, const char *reason, struct meeting_refusal *r);
enum civic_err store_meeting_close(struct store *s, const struct identity *who,
    int64_t id, int64_t head_count, const char *note,
    struct meeting_refusal *r);

/* What a coordinator writes when registering a person. */
struct reg_fields {
	const char *name, *email, *phone, *language, *accessibility, *note;
	int64_t seats, childcare;
	bool consent, walk_in, force;
	size_t nneeds;
	const char *needs[REG_MAX_NEEDS];
	/* Demo data only (demo.c): this code, normalised, instead of a
	 * random one, so that the README's tour checks in the same person
	 * in every demo database. */
	const char *code;
};

struct registration {
	int64_t id, meeting_id;
	enum reg_status status;
	int64_t seats;
	char code[9]; /* "" until confirmed */
	char *language;
	int64_t childcare;
	bool walk_in, forced;
	time_t created, confirmed, cancelled, checked_in;
	int64_t position; /* on the waiting list, 1 first; else 0 */
	bool erased;      /* the personal data is gone */
	char *name, *email, *phone, *accessibility, *note;
	bool consent;
	size_t nneeds;
	char **needs;
};

void registration_free(struct registration *g);

/*
 * Registers a person: confirmed if the seats are free, else on the
 * waiting list if the meeting keeps one, else CIVIC_E_MEETING_FULL
 * (r->free_seats). Registration closes when the meeting starts (or at its
 * own time). A walk-in is confirmed and checked in at once, while
 * check-in is open (t); when full only with force. Force also registers
 * after registration closed, or a walk-in outside check-in; the audit
 * trail records it. Duplicate e-mail or phone: CIVIC_E_CONFLICT.
 */
enum civic_err store_register(struct store *s, const struct identity *who,
    int64_t meeting, const struct reg_fields *f, const struct meeting_times *t,
    int64_t *id, struct meeting_refusal *r);

enum civic_err store_registration_get(struct store *s, int64_t id,
    struct registration **out);

/* Cancels a registration, promoting from the waiting list the parties
 * its seats now fit (*promoted gets how many). */
enum civic_err store_registration_cancel(struct store *s,
    const struct identity *who, int64_t id, const char *reason,
    struct promoted *promoted, struct meeting_refusal *r);

/*
 * Where a door list has got to: the confirmed registrations come first,
 * by name, then the waiting list in its order. Zeroed but for meeting
 * before the first page; the store keeps it (reg_cursor_free).
 */
/* What a list of registrations holds: the confirmed (by name), the
 * waiting (in their order), the cancelled (by id); with REG_CHECKED_IN,
 * of the confirmed only those checked in. */
#define REG_CONFIRMED_ROWS 0x1
#define REG_WAITING_ROWS   0x2
#define REG_CANCELLED_ROWS 0x4
#define REG_CHECKED_IN     0x8

struct reg_cursor {
	int64_t meeting;
	unsigned want; /* REG_*: 0 is the door's, confirmed and waiting */
	int phase;     /* 0 confirmed, 1 waiting, 2 cancelled, 3 done */
	char *name;    /* the last confirmed row's name */
	int64_t after; /* the last row's id; 0 before the first */
	int64_t place; /* the last waiting row's place */
};

void reg_cursor_free(struct reg_cursor *cur);

/*
 * Up to max of a meeting's registrations that cur->want holds (0: those
 * not cancelled), from where cur stands, which moves past each. A page costs
 * the rows it reads, however long the list: the waiting places are counted as
 * they pass.
 */
enum civic_err store_registration_page(struct store *s, struct reg_cursor *cur,
    size_t max, int (*fn)(const struct registration *, void *), void *arg);

/* The ids of a meeting's cancelled registrations, whose tickets are
 * revoked, in id order; nothing about the people. */
enum civic_err store_registration_revoked(struct store *s, int64_t meeting,
    int (*fn)(int64_t id, void *), void *arg);

/* The registration with code in meeting; CIVIC_E_NOT_FOUND if none. */
enum civic_err store_registration_by_code(struct store *s, int64_t meeting,
    const char *code, int64_t *id);

enum checkin_method { CHECKIN_CODE, CHECKIN_TICKET, CHECKIN_REGISTRATION };

/*
 * Checks registration id in at meeting. Refusals are recorded with their
 * reason (r->failure, one of the schema's checkin_failure reasons) and are
 * CIVIC_E_NOT_FOUND, CIVIC_E_INVALID_STATE or CIVIC_E_ALREADY_CHECKED_IN
 * (r->when: the first check-in). Outside the check-in window of t only
 * with force, which the audit trail records.
 */
enum civic_err store_checkin(struct store *s, const struct identity *who,
    int64_t meeting, enum checkin_method how, int64_t id,
    const struct meeting_times *t, bool force, struct meeting_refusal *r);

/*
 * Replaces what registration id says (f: its person, seats, language,
 * needs, childcare, consent), in a scheduled meeting. A confirmed party
 * may grow only into free seats (CIVIC_E_MEETING_FULL); changed seats
 * run the waiting list's rule again (*promoted says who moved up).
 */
enum civic_err store_registration_edit(struct store *s,
    const struct identity *who, int64_t id, const struct reg_fields *f,
    struct promoted *promoted, struct meeting_refusal *r);

/* Records a check-in refused before it reached the store (a bad ticket). */
enum civic_err store_checkin_failure(struct store *s,
    const struct identity *who, int64_t meeting, enum checkin_method how,
    const char *reason, int64_t registration);

#endif
