/*
 * store-internal.h - what the store-*.c files share: the connection, the
 * statement cache and the transaction helpers. Nothing outside store*.c
 * includes this (or sqlite3.h).
 */
#ifndef CIVICD_STORE_INTERNAL_H
#define CIVICD_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store-fund.h"
#include "store.h"

struct store_slot {
	const char *sql; /* the statement's text; its address is the key */
	sqlite3_stmt *stmt;
	bool personal; /* it reads a column of personal data */
};

struct store {
	sqlite3 *db;
	char *path;
	int version;
	struct store_slot *slots; /* open-addressed, power-of-two sized */
	size_t nslots;
	size_t nused;
	int tx_depth; /* 0: none; 1: a transaction; more: savepoints in it */
	bool tx_read; /* the open transaction is a read method's */
	bool group;   /* tx_depth 1 is a group of write calls (store_group_*) */
	struct store_call_note note; /* what the current call did */
	bool preparing_personal;     /* set by the authorizer (store.c) */
	int lock_fd;                 /* flock'd while the store is open */
};

/*
 * Decides, reading only, whether s->db is civic's database, of a schema
 * this civicd knows; sets s->version. 0, or -1 with a sentence naming
 * s->path in err.
 */
int store_check_identity(struct store *s, char *err, size_t errlen);

/*
 * The prepared statement for sql, prepared on first use and kept for the
 * life of the store. sql must be a string with static storage: its
 * address is the cache key. Returns NULL (logged) if it cannot be
 * prepared. Callers bind, step and then call store_done.
 */
sqlite3_stmt *store_stmt(struct store *s, const char *sql);

/* Resets st and clears its bindings so it is ready for the next use. */
void store_done(sqlite3_stmt *st);

/*
 * sqlite3_bind_* that remember a failure (out of memory, a text longer
 * than SQLite takes): the next store_step of any statement then fails
 * instead of running with a NULL where the value should be. Every bind
 * in the store goes through these, and every step through store_step.
 */
int store_bind_int(sqlite3_stmt *st, int col, int v);
int store_bind_int64(sqlite3_stmt *st, int col, sqlite3_int64 v);
int store_bind_null(sqlite3_stmt *st, int col);
int store_bind_text(sqlite3_stmt *st, int col, const char *v, int n,
    void (*destructor)(void *));
int store_bind_blob(sqlite3_stmt *st, int col, const void *v, int n,
    void (*destructor)(void *));

/* sqlite3_step, unless a bind failed since the last step: then that
 * failure's code (logged), and st is not run. */
int store_step(sqlite3_stmt *st);

/* Steps st to completion (a statement without rows) and resets it. */
enum civic_err store_run(struct store *s, sqlite3_stmt *st);

/*
 * Maps a failed SQLite call to an error: a refusal by one of the schema's
 * triggers ("civic:budget: ...") to its code, anything else (logged) to
 * CIVIC_E_INTERNAL.
 */
enum civic_err store_fail(struct store *s, int rc, const char *what);

/*
 * Opens a write transaction (BEGIN IMMEDIATE), or, inside the one the
 * dispatcher opened for a call, a savepoint: a store function's changes
 * are all or nothing either way, and a failed call undoes them all.
 */
enum civic_err store_tx_begin(struct store *s);

/* Commits it (or releases the savepoint); on failure it is rolled back
 * and CIVIC_E_INTERNAL returned. */
enum civic_err store_tx_commit(struct store *s);

/* Rolls it (or the savepoint) back; harmless if none is open. */
void store_tx_rollback(struct store *s);

/* Ends the transaction: commits if err is CIVIC_OK, else rolls back.
 * Returns err, or the commit's failure. */
enum civic_err store_tx_end(struct store *s, enum civic_err err);

/* Copies column col of st into buf (size len) as text; "" for NULL. */
void store_col_text(sqlite3_stmt *st, int col, char *buf, size_t len);

/* Binds text, or NULL when s is NULL or empty. */
int store_bind_text_or_null(sqlite3_stmt *st, int col, const char *s);

/* A malloc'd copy of column col as text (NULL for NULL); sets *oom on
 * allocation failure. */
char *store_col_dup(sqlite3_stmt *st, int col, bool *oom);

/*
 * Replaces the set of strings an object owns: runs del (binding id as
 * ?1), then ins for each of v[0..n) (id as ?1, the string as ?2).
 */
enum civic_err store_replace_set(struct store *s, const char *del,
    const char *ins, int64_t id, const char *const *v, size_t n);

/* Runs a query that yields one integer (bound with ints, up to 3; pass
 * INT64_MIN for none), storing it in *out (0 if no row). */
enum civic_err store_int(struct store *s, const char *sql, int64_t a, int64_t b,
    int64_t c, int64_t *out);

/*
 * Runs sql with id bound to its one parameter and builds its first row
 * with make (NULL when out of memory) into *out. CIVIC_E_NOT_FOUND if
 * there is no row; what names the thing in the log if SQLite fails.
 */
enum civic_err store_row_by_id(struct store *s, const char *sql, int64_t id,
    void *(*make)(sqlite3_stmt *), void **out, const char *what);

/* --- meetings (store-meeting.c), for store-registration.c --- */

struct meeting;
struct meeting_refusal;

/* A status bit for store_meeting_lock's allowed set. */
#define MS(x) (1u << (x))

/* The index of text in names (NULL ended); -1 if it is not there. */
int store_meeting_enum(const unsigned char *text, const char *const *names);
/* The strings of a one-column query with id bound, as a new array. */
enum civic_err store_meeting_strings(struct store *s, const char *sql,
    int64_t id, char ***out, size_t *n);
/* Confirmed seats, and what is free of capacity less held-back seats. */
enum civic_err store_meeting_free_seats(struct store *s, int64_t id,
    int64_t *confirmed, int64_t *free_seats);
/* A code no registration of the meeting has yet. */
enum civic_err store_meeting_new_code(struct store *s, int64_t meeting,
    char code[9]);
/* Promotes from the waiting list, in arrival order, every party that
 * fits the free seats, recording reason; says who in *promoted. */
struct promoted;
enum civic_err store_meeting_promote(struct store *s, int64_t meeting,
    const char *reason, struct promoted *promoted);
/* Loads the meeting a write is about (with its counts if counts, which
 * cost a pass over its registrations) and checks that its status is in
 * allowed (MS bits); else a refusal in r. */
enum civic_err store_meeting_lock(struct store *s, int64_t id, unsigned allowed,
    bool counts, struct meeting **m, struct meeting_refusal *r);

/* --- applications (store-application.c), for store-grant.c --- */

struct application;
struct fund_refusal;

/* A status bit for store_application_lock's allowed set. */
#define ST(x) (1u << (x))

/* Records a step in the case history (and the audit trail), inside the
 * caller's transaction. */
enum civic_err store_application_event(struct store *s,
    const struct identity *who, bool as_applicant, int64_t id, const char *kind,
    enum app_status status, int64_t amount, const char *text);
/* Sets the application's status (the schema checks the transition). */
enum civic_err store_application_set_status(struct store *s, int64_t id,
    enum app_status status);
/* Loads the application a write is about, inside its transaction (only
 * owner's if owner is not 0), and checks that its status is in allowed
 * (ST bits); else CIVIC_E_INVALID_STATE with r->status set. */
enum civic_err store_application_lock(struct store *s, int64_t id,
    int64_t owner, unsigned allowed, struct application **a,
    struct fund_refusal *r);

/* Opens fund year with the defaults if it is not open yet. Only inside a
 * transaction (store-fund.c). */
enum civic_err store_fund_open(struct store *s, const struct fund_defaults *def,
    int year);

#endif
