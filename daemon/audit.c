/*
 * audit.c - the audit trail's hashing and signing (see audit.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"

/* Keys that keep these hashes and signatures from meaning anything else. */
static const unsigned char audit_entry_key[] = "civic audit entry v1";
static const char audit_checkpoint_domain[] = "civic audit checkpoint v1";

void
audit_hex(const uint8_t h[AUDIT_HASHLEN], char out[2 * AUDIT_HASHLEN + 1])
{
	sodium_bin2hex(out, 2 * AUDIT_HASHLEN + 1, h, AUDIT_HASHLEN);
}

bool
audit_unhex(const char *s, uint8_t h[AUDIT_HASHLEN])
{
	return audit_fromhex(s, h, AUDIT_HASHLEN);
}

void
audit_tohex(const uint8_t *in, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

bool
audit_fromhex(const char *s, uint8_t *out, size_t n)
{
	size_t len;

	return s != NULL && strlen(s) == 2 * n &&
	    sodium_hex2bin(out, n, s, 2 * n, NULL, &len, NULL) == 0 && len == n;
}

char *
audit_body(int64_t seq, time_t at, const struct identity *who,
    const char *action, const char *kind, int64_t id, const json_t *details,
    const uint8_t prev[AUDIT_HASHLEN])
{
	char hex[2 * AUDIT_HASHLEN + 1], *body;
	json_t *o, *actor;

	audit_hex(prev, hex);
	actor = json_pack("{s:o, s:o, s:o, s:o}", "uid",
	    who->known ? json_integer(who->uid) : json_null(), "user",
	    who->user[0] != '\0' ? json_string(who->user) : json_null(),
	    "roles", auth_roles_json(who->roles), "applicant",
	    (who->roles & ROLE_APPLICANT) ? json_integer(who->applicant_id)
					  : json_null());
	o = json_pack("{s:I, s:I, s:o, s:s, s:{s:s, s:o}, s:o, s:s}", "seq",
	    (json_int_t)seq, "at", (json_int_t)at, "actor", actor, "action",
	    action, "object", "kind", kind, "id",
	    id > 0 ? json_integer(id) : json_null(), "details",
	    details != NULL ? json_incref((json_t *)details) : json_object(),
	    "prev", hex);
	if (o == NULL)
		return NULL;
	body = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(o);
	return body;
}

void
audit_hash(const char *body, uint8_t out[AUDIT_HASHLEN])
{
	crypto_generichash(out, AUDIT_HASHLEN, (const unsigned char *)body,
	    strlen(body), audit_entry_key, sizeof audit_entry_key - 1);
}

/* The bytes a checkpoint's signature covers. */
static size_t
audit_checkpoint_message(int64_t count, const uint8_t head[AUDIT_HASHLEN],
    time_t at, char *buf, size_t len)
{
	char hex[2 * AUDIT_HASHLEN + 1];

	audit_hex(head, hex);
	return (size_t)snprintf(buf, len, "%s\n%lld\n%s\n%lld",
	    audit_checkpoint_domain, (long long)count, hex, (long long)at);
}

void
audit_checkpoint_sign(int64_t count, const uint8_t head[AUDIT_HASHLEN],
    time_t at, const struct signing_key *k, uint8_t sig[AUDIT_SIGLEN])
{
	char msg[256];
	size_t n = audit_checkpoint_message(count, head, at, msg, sizeof msg);

	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, n, k->sk);
}

bool
audit_checkpoint_check(int64_t count, const uint8_t head[AUDIT_HASHLEN],
    time_t at, const uint8_t pk[CRYPTO_PKLEN], const uint8_t sig[AUDIT_SIGLEN])
{
	char msg[256];
	size_t n = audit_checkpoint_message(count, head, at, msg, sizeof msg);

	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, n,
		   pk) == 0;
}

void
audit_verifier_init(struct audit_verifier *v)
{
	memset(v, 0, sizeof *v);
	v->next = 1;
}

void
audit_verifier_fail(struct audit_verifier *v, int64_t bad,
    enum audit_failure failure, int64_t a, int64_t b, int64_t cp)
{
	if (v->failed)
		return;
	v->failed = true;
	v->bad = bad;
	v->failure = failure;
	v->a = a;
	v->b = b;
	v->cp = cp;
}

void
audit_failure_text(const struct audit_verifier *v, char *buf, size_t len)
{
	audit_failure_say(audit_failure_names[v->failure], v->a, v->b, v->cp,
	    buf, len);
}

int
audit_verify_row(struct audit_verifier *v, const struct audit_row *r)
{
	char prevhex[2 * AUDIT_HASHLEN + 1];
	uint8_t h[AUDIT_HASHLEN];
	const char *kind, *action, *prev;
	json_int_t seq, at, id;
	json_t *body, *object;

	if (v->failed)
		return -1;
	if (r->seq != v->next) {
		audit_verifier_fail(v, v->next,
		    r->seq > v->next ? AUDIT_MISSING : AUDIT_TWICE, v->next,
		    r->seq, 0);
		return -1;
	}
	audit_hash(r->body, h);
	if (r->hashlen != AUDIT_HASHLEN ||
	    sodium_memcmp(h, r->hash, AUDIT_HASHLEN) != 0) {
		audit_verifier_fail(v, r->seq, AUDIT_CHANGED, r->seq, 0, 0);
		return -1;
	}
	body = json_loads(r->body, JSON_REJECT_DUPLICATES, NULL);
	object = json_object_get(body, "object");
	seq = json_integer_value(json_object_get(body, "seq"));
	at = json_integer_value(json_object_get(body, "at"));
	action = json_string_value(json_object_get(body, "action"));
	kind = json_string_value(json_object_get(object, "kind"));
	id = json_integer_value(json_object_get(object, "id"));
	prev = json_string_value(json_object_get(body, "prev"));
	audit_hex(v->prev, prevhex);
	if (body == NULL || seq != r->seq) {
		audit_verifier_fail(v, r->seq, AUDIT_MOVED, r->seq, seq, 0);
	} else if (prev == NULL || strcmp(prev, prevhex) != 0) {
		audit_verifier_fail(v, r->seq, AUDIT_BROKEN, r->seq, r->seq - 1,
		    0);
	} else if (at != r->at || action == NULL || kind == NULL ||
	    strcmp(action, r->action) != 0 || strcmp(kind, r->kind) != 0 ||
	    id != r->object_id) {
		audit_verifier_fail(v, r->seq, AUDIT_COLUMNS, r->seq, 0, 0);
	}
	json_decref(body);
	if (v->failed)
		return -1;
	memcpy(v->prev, h, AUDIT_HASHLEN);
	v->next++;
	return 0;
}
