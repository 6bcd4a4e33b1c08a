/*
 * store.h - civic's storage: one SQLite database behind one boundary.
 *
 * Only store*.c include sqlite3.h. Every write runs in one transaction
 * opened with BEGIN IMMEDIATE, and a store_* function that returns
 * CIVIC_OK for a change has committed it durably (WAL, synchronous=FULL).
 * Invariants (budget, capacity, state) are checked inside that transaction
 * and backed by constraints and triggers in schema/.
 *
 * Group commit (later): store_tx_begin/commit are the only places that
 * start and end transactions, so calls that arrive together can share one
 * by turning them into SAVEPOINT/RELEASE inside a batch, with the replies
 * held by the dispatcher until the batch commits. Handlers never write a
 * reply before their store call has returned.
 */
#ifndef CIVICD_STORE_H
#define CIVICD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "errors.h"
#include "identity.h"
#include "token.h"

struct store;

/*
 * Opens the database at path, creating it if it does not exist, and
 * applies every migration it lacks, each in its own transaction. On
 * failure returns NULL and writes a sentence that names the file and the
 * problem into err; a database it refuses (newer schema, not SQLite, not
 * civic's) is left byte for byte as it was.
 */
struct store *store_open(const char *path, char *err, size_t errlen);

/* Closes the database (checkpointing the WAL). Accepts NULL. */
void store_close(struct store *s);

/* The schema version the database is at. */
int store_schema_version(const struct store *s);

/* The newest schema version this build knows. */
int store_schema_latest(void);

/* True if the database holds no data yet (for --demo). */
bool store_is_empty(struct store *s);

/* --- one call, one transaction (store.c; the dispatcher's) --- */

/*
 * What a call did to the database, for the suite to prove each method's
 * flags against (method.c, in test builds): whether it changed rows other
 * than the access log's, and whether it read a column of personal data.
 */
struct store_call_note {
	int64_t changes;  /* rows changed, access log rows not counted */
	bool personal;    /* a statement that reads personal data ran */
	int64_t log_rows; /* access log rows written */
};

/*
 * Opens the transaction one call runs in. A write call's is BEGIN
 * IMMEDIATE; a read call's is a read transaction in which the store
 * refuses every statement that would write (sqlite3_stmt_readonly), so a
 * method the table calls a read cannot change anything, and sees one
 * snapshot throughout.
 */
enum civic_err store_call_begin(struct store *s, bool write);

/*
 * Ends it: commits if err is CIVIC_OK, else rolls everything back.
 * Returns err, or the commit's failure; fills note if not NULL.
 */
enum civic_err store_call_end(struct store *s, enum civic_err err,
    struct store_call_note *note);

/*
 * Notes, for the call's store_call_note, that it shows personal data it
 * reads later, outside its transaction (the pages of a stream).
 */
void store_note_personal(struct store *s);

/*
 * Group commit: write calls that arrive together share one transaction
 * and so one fsync. store_group_begin opens it (BEGIN IMMEDIATE); each
 * call's store_call_begin is then a savepoint in it, and its
 * store_call_end releases or rolls back only that savepoint. Nothing a
 * call did is durable until store_group_commit, and a failed commit
 * loses every call of the group (their replies must say so). Between a
 * begin and a commit only write calls may run: a read call, a backup, or
 * any other transaction, must commit the group first.
 */
enum civic_err store_group_begin(struct store *s);
enum civic_err store_group_commit(struct store *s);

/* A group is open; alive: and SQLite has not rolled it back (I/O error). */
bool store_group_open(const struct store *s);
bool store_group_alive(const struct store *s);

/* --- applicants (store-applicant.c) --- */

enum applicant_kind { APPLICANT_ASSOCIATION, APPLICANT_CITIZEN };

/* The strings of enum applicant_kind, NULL terminated, for jfield_enum. */
extern const char *const applicant_kind_names[];

struct applicant {
	int64_t id;
	enum applicant_kind kind;
	char name[808];           /* up to 200 characters of UTF-8 */
	char cvr[9];              /* "" if none */
	char contact_person[808]; /* "" if none */
	char email[256];
	char phone[24];
	char address[2004]; /* up to 500 characters */
	time_t created;
	time_t disabled; /* 0 if active */
	int active_tokens;
};

/*
 * Adds an applicant; with hash not NULL also its first token. *id gets
 * the new id. CIVIC_E_CONFLICT if the CVR number is taken (*other gets
 * the applicant that has it).
 */
enum civic_err store_applicant_add(struct store *s, const struct identity *who,
    const struct applicant *a, const uint8_t *hash, int64_t *id,
    int64_t *other);

/* Fills *a; CIVIC_E_NOT_FOUND if there is no applicant id. */
enum civic_err store_applicant_get(struct store *s, int64_t id,
    struct applicant *a);

/*
 * Calls fn for at most max applicants with an id above after, in id
 * order (disabled ones too if asked), stopping early if fn returns
 * non-zero, which is then returned as CIVIC_E_INTERNAL.
 */
enum civic_err store_applicant_each(struct store *s, bool include_disabled,
    int64_t after, size_t max, int (*fn)(const struct applicant *, void *),
    void *arg);

/*
 * Replaces applicant a->id's details (not its tokens or dates).
 * CIVIC_E_NOT_FOUND, or CIVIC_E_CONFLICT if the CVR number belongs to
 * another applicant (*other).
 */
enum civic_err store_applicant_update(struct store *s,
    const struct identity *who, const struct applicant *a, int64_t *other);

/* Disables (or enables) applicant id. CIVIC_E_NOT_FOUND if none. */
enum civic_err store_applicant_disable(struct store *s,
    const struct identity *who, int64_t id, bool disabled);

/* Revokes every active token of applicant id; *revoked gets how many. */
enum civic_err store_token_revoke(struct store *s, const struct identity *who,
    int64_t id, int *revoked);

/*
 * Revokes every active token of applicant id and stores hash as its new
 * one. CIVIC_E_INVALID_STATE if the applicant is disabled.
 */
enum civic_err store_token_rotate(struct store *s, const struct identity *who,
    int64_t id, const uint8_t hash[TOKEN_HASHLEN], int *revoked);

/*
 * Finds the active token with this hash. CIVIC_E_AUTHENTICATION_FAILED if
 * there is none (unknown or revoked) or its applicant is disabled.
 */
enum civic_err store_token_lookup(struct store *s,
    const uint8_t hash[TOKEN_HASHLEN], struct applicant *a);

#endif
