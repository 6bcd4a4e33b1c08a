/*
 * audit.h - the audit trail's cryptography: canonical entry bodies, the
 * hash chain, signed checkpoints, and verification that names the first
 * entry that is wrong. No storage here (store-audit.c keeps the rows).
 */
#ifndef CIVICD_AUDIT_H
#define CIVICD_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "audit-failure.h"
#include "crypto.h"
#include "identity.h"

#define AUDIT_HASHLEN 32
#define AUDIT_SIGLEN  64

/*
 * The canonical body of entry seq: JSON with sorted keys, ASCII only, no
 * white space, holding the time, the actor (uid, user, roles, applicant
 * id), the action, the object (kind and id), what changed (details, which
 * must name people only by id) and the hash of the entry before (prev).
 * The caller frees the string. NULL if out of memory.
 */
char *audit_body(int64_t seq, time_t at, const struct identity *who,
    const char *action, const char *kind, int64_t id, const json_t *details,
    const uint8_t prev[AUDIT_HASHLEN]);

/* The hash an entry with this body is stored with. */
void audit_hash(const char *body, uint8_t out[AUDIT_HASHLEN]);

/* Signs, and checks, a checkpoint: count entries, the last with hash
 * head, at time at. */
void audit_checkpoint_sign(int64_t count, const uint8_t head[AUDIT_HASHLEN],
    time_t at, const struct signing_key *k, uint8_t sig[AUDIT_SIGLEN]);
bool audit_checkpoint_check(int64_t count, const uint8_t head[AUDIT_HASHLEN],
    time_t at, const uint8_t pk[CRYPTO_PKLEN], const uint8_t sig[AUDIT_SIGLEN]);

/* A stored entry, as read back for verification. */
struct audit_row {
	int64_t seq;
	time_t at;
	const char *action, *kind;
	int64_t object_id; /* 0 if none */
	const char *body;
	const uint8_t *hash;
	size_t hashlen;
};

/*
 * Why the trail does not verify, with the numbers each kind names: entry
 * (a), another entry (b), the checkpoint (cp; 0 for an exported one). In
 * the order of audit_failure_names (audit-failure.h), their wire names.
 */
enum audit_failure {
	AUDIT_MISSING,    /* entry a is missing; the next one kept is b */
	AUDIT_TWICE,      /* entry a appears twice */
	AUDIT_CHANGED,    /* entry a's content is not what was hashed */
	AUDIT_MOVED,      /* entry a holds entry b's content */
	AUDIT_BROKEN,     /* entry a does not follow entry b */
	AUDIT_COLUMNS,    /* entry a's columns do not match its content */
	AUDIT_INCOMPLETE, /* entry a is incomplete */
	AUDIT_SIGNATURE,  /* checkpoint cp is not this daemon's signature */
	AUDIT_TRUNCATED,  /* the trail ends at entry a; cp covers b entries */
	AUDIT_REWRITTEN,  /* entry a is not the one cp signed */
};

/* Verifies the chain entry by entry; stops at the first bad one. */
struct audit_verifier {
	int64_t next;                /* the seq expected next */
	uint8_t prev[AUDIT_HASHLEN]; /* the hash of the last good entry */
	bool failed;
	int64_t bad; /* the first bad entry's seq */
	enum audit_failure failure;
	int64_t a, b, cp;
};

void audit_verifier_init(struct audit_verifier *v);

/* Checks the next row. 0, or -1 with v->bad and the failure set. */
int audit_verify_row(struct audit_verifier *v, const struct audit_row *r);

/*
 * Fails v, for what the caller found wrong (a checkpoint that does not
 * match, a truncated log): bad is the first bad entry. Keeps the first
 * failure.
 */
void audit_verifier_fail(struct audit_verifier *v, int64_t bad,
    enum audit_failure failure, int64_t a, int64_t b, int64_t cp);

/* A failed verifier's failure in an English sentence, for civicd's log
 * (the client says it in the user's words from the wire's kinds). */
void audit_failure_text(const struct audit_verifier *v, char *buf, size_t len);

/* Hex for a hash (65 bytes with the NUL), and back. */
void audit_hex(const uint8_t h[AUDIT_HASHLEN], char out[2 * AUDIT_HASHLEN + 1]);
bool audit_unhex(const char *s, uint8_t h[AUDIT_HASHLEN]);

/* The same for n bytes: out holds 2n + 1; from needs exactly 2n digits. */
void audit_tohex(const uint8_t *in, size_t n, char *out);
bool audit_fromhex(const char *s, uint8_t *out, size_t n);

#endif
