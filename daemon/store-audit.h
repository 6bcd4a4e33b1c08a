/*
 * store-audit.h - the audit trail and the access log in storage.
 *
 * store_audit appends an entry inside the caller's transaction: every
 * store function that changes state calls it before committing, so a
 * change and its entry are committed together or not at all.
 */
#ifndef CIVICD_STORE_AUDIT_H
#define CIVICD_STORE_AUDIT_H

#include <jansson.h>

#include "audit.h"
#include "store.h"

/*
 * Appends an entry: who did action to the object (kind, id; 0 for none),
 * with details (borrowed; may be NULL) that name people only by id. Only
 * inside a write transaction.
 */
enum civic_err store_audit(struct store *s, const struct identity *who,
    const char *action, const char *kind, int64_t id, const json_t *details);

/* Writes a signed checkpoint if entries were added since the last one.
 * *written says whether it did. */
enum civic_err store_audit_checkpoint(struct store *s,
    const struct signing_key *k, bool *written);

struct audit_checkpoint {
	int64_t id;
	time_t at;
	int64_t count;
	uint8_t head[AUDIT_HASHLEN];
	uint8_t pubkey[CRYPTO_PKLEN];
	uint8_t signature[AUDIT_SIGLEN];
};

/* The latest checkpoint; CIVIC_E_NOT_FOUND if none was written yet. */
enum civic_err store_audit_latest_checkpoint(struct store *s,
    struct audit_checkpoint *cp);

struct audit_report {
	int64_t entries;     /* entries checked */
	int64_t checkpoints; /* checkpoints checked */
	struct audit_verifier v;
};

/*
 * Verifies the whole trail: every entry's hash and link, every
 * checkpoint's signature (with pk, this daemon's key) and the entries it
 * pins, and, if exported is not NULL, that the trail still holds what that
 * checkpoint (kept off the machine) pinned. r->v.failed says whether it
 * holds; r->v.bad and r->v.reason say where it first does not.
 */
enum civic_err store_audit_verify(struct store *s,
    const uint8_t pk[CRYPTO_PKLEN], const struct audit_checkpoint *exported,
    struct audit_report *r);

/*
 * The same verification in steps, so that a long trail never holds the
 * event loop: each step reads at most n rows, in a read transaction of its
 * own. It covers the trail as it was when it began; what is written since
 * is left to the next one. With tail, only the last checkpoint (its
 * signature and head) and the entries after it, chained from its head: a
 * civicd that starts checks that much before it signs more.
 */
struct audit_job {
	struct audit_report r;
	uint8_t pk[CRYPTO_PKLEN];
	struct audit_checkpoint exported;
	bool has_exported;
	int64_t last_entry, last_cp; /* the trail's end when it began */
	int64_t at_entry, at_cp;     /* read up to here */
	int64_t from_entry;          /* with tail: the checkpoint's count */
	bool entries_done, done;
};

/* Begins j: in a transaction of the caller's, or none. */
enum civic_err store_audit_job_begin(struct store *s, struct audit_job *j,
    const uint8_t pk[CRYPTO_PKLEN], const struct audit_checkpoint *exported,
    bool tail);

/* Verifies up to n rows more, outside any transaction; j->done once it
 * is whole, j->r then says what it found. */
enum civic_err store_audit_job_step(struct store *s, struct audit_job *j,
    int64_t n);

struct audit_filter {
	time_t since, until; /* 0: open */
	const char *action;  /* prefix, NULL: any */
	const char *kind;    /* NULL: any */
	int64_t object_id;   /* 0: any */
	int64_t uid;         /* -1: any */
	int64_t limit;       /* the newest this many; 0: all */
};

/* Calls fn with each matching entry's seq, hash and body, oldest first. */
enum civic_err store_audit_each(struct store *s, const struct audit_filter *f,
    int (*fn)(int64_t seq, const uint8_t *hash, const char *body, void *),
    void *arg);

/*
 * The same in pages, for a listing streamed in bounded memory: the range
 * gives the entries f selects as (after, upto], upto being the trail's
 * end now; each page calls fn with up to max more of them and moves after
 * past them; *more says whether any are left.
 */
enum civic_err store_audit_range(struct store *s, const struct audit_filter *f,
    int64_t *after, int64_t *upto);
enum civic_err store_audit_page(struct store *s, const struct audit_filter *f,
    int64_t *after, int64_t upto, int64_t max,
    int (*fn)(int64_t seq, const uint8_t *hash, const char *body, void *),
    void *arg, bool *more);

/* Records that who read personal data (subject kind and id; 0 for all of
 * that kind) with method, or was refused it (refused). Its own
 * transaction: a read is logged before its data is returned. */
enum civic_err store_access_log(struct store *s, const struct identity *who,
    const char *method, const char *kind, int64_t id, bool refused);

#endif
