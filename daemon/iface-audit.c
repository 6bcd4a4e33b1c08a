/*
 * iface-audit.c - dk.civic.audit: the trail, its verification and its
 * signed checkpoints (dk.civic.privacy is in iface-privacy.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "group.h"
#include "iface.h"
#include "log.h"
#include "store-audit.h"
#include "store-privacy.h"
#include "timefmt.h"
#include "validate.h"

static json_t *
audit_checkpoint_json(const struct audit_checkpoint *cp)
{
	char head[2 * AUDIT_HASHLEN + 1], key[2 * CRYPTO_PKLEN + 1];
	char sig[2 * AUDIT_SIGLEN + 1], at[TIMEFMT_BUFSZ];

	audit_hex(cp->head, head);
	audit_tohex(cp->pubkey, CRYPTO_PKLEN, key);
	audit_tohex(cp->signature, AUDIT_SIGLEN, sig);
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "count",
	    (json_int_t)cp->count, "head", head, "at",
	    timefmt_rfc3339(cp->at, at), "key", key, "signature", sig);
}

/* Reads an exported checkpoint back; -1 with e set if it is not one. */
static int
audit_checkpoint_parse(const json_t *o, struct audit_checkpoint *cp,
    struct jerr *e)
{
	static const char *const fields[] = { "count", "head", "at", "key",
		"signature", NULL };
	const char *head, *key, *sig;

	memset(cp, 0, sizeof *cp);
	e->scope = "checkpoint.";
	if (jfield_object(o, "", fields, e) != 0 ||
	    jfield_int(o, "count", 0, 0, INT64_MAX, &cp->count, e) < 0 ||
	    jfield_string(o, "head", JF_RAW, 64, 64, &head, e) < 0 ||
	    jfield_time(o, "at", 0, &cp->at, e) < 0 ||
	    jfield_string(o, "key", JF_RAW, 64, 64, &key, e) < 0 ||
	    jfield_string(o, "signature", JF_RAW, 128, 128, &sig, e) < 0)
		return -1;
	if (!audit_unhex(head, cp->head))
		return JFAIL(e, "head", R_NOT_HEX, FN(64));
	if (!audit_fromhex(key, cp->pubkey, CRYPTO_PKLEN))
		return JFAIL(e, "key", R_NOT_HEX, FN(64));
	if (!audit_fromhex(sig, cp->signature, AUDIT_SIGLEN))
		return JFAIL(e, "signature", R_NOT_HEX, FN(128));
	e->scope = NULL;
	return 0;
}

/* An entry as the API shows it: its body, the time in RFC 3339, and its
 * hash. */
static json_t *
audit_entry_json(int64_t seq, const uint8_t *hash, const char *body)
{
	char hex[2 * AUDIT_HASHLEN + 1];
	char at[TIMEFMT_BUFSZ];
	json_t *entry = json_loads(body, 0, NULL);

	if (entry == NULL)
		entry = json_pack("{s:I}", "seq", (json_int_t)seq);
	if (entry == NULL)
		return NULL;
	/* The body keeps the time as seconds; the API speaks RFC 3339. */
	if (json_is_integer(json_object_get(entry, "at")))
		json_object_set_new(entry, "at",
		    json_string(timefmt_rfc3339(
			(time_t)json_integer_value(json_object_get(entry,
			    "at")),
			at)));
	audit_hex(hash, hex);
	json_object_set_new(entry, "hash", json_string(hex));
	return entry;
}

static int
audit_list_one(int64_t seq, const uint8_t *hash, const char *body, void *arg)
{
	call_list_add(arg, "entries", audit_entry_json(seq, hash, body));
	return 0;
}

/*
 * A listing streamed with "more": one page at a time, each read in a
 * transaction of its own when the caller has read the last, so that the
 * whole trail can be listed in bounded memory.
 */
struct audit_listing {
	struct civicd *d;
	struct audit_filter f;
	char action[65], kind[33];
	int64_t after, upto;
	json_t *page; /* the page being read */
	bool more;    /* another follows it */
};

static int
audit_page_one(int64_t seq, const uint8_t *hash, const char *body, void *arg)
{
	json_t *entry = audit_entry_json(seq, hash, body);

	return entry == NULL || json_array_append_new(arg, entry) != 0 ? -1 : 0;
}

static enum civic_err
audit_page_read(struct store *s, void *arg)
{
	struct audit_listing *al = arg;

	return store_audit_page(s, &al->f, &al->after, al->upto,
	    CALL_LIST_CHUNK, audit_page_one, al->page, &al->more);
}

static int
audit_list_next(void *state, struct reply_sink *sink)
{
	struct audit_listing *al = state;

	if ((al->page = json_array()) == NULL ||
	    group_read(al->d, audit_page_read, al) != CIVIC_OK) {
		json_decref(al->page);
		call_stream_fail(sink, R_INTERNAL);
		return 0;
	}
	call_stream_send(sink, json_pack("{s:o}", "entries", al->page),
	    al->more);
	return al->more;
}

enum civic_err
audit_list(struct call *c)
{
	struct audit_filter f = { .uid = -1 };
	struct audit_listing *al;
	struct jerr e = { 0 };
	enum civic_err err;

	if (jfield_time(c->params, "since", JF_OPTIONAL, &f.since, &e) < 0 ||
	    jfield_time(c->params, "until", JF_OPTIONAL, &f.until, &e) < 0 ||
	    jfield_string(c->params, "action", JF_OPTIONAL | JF_RAW, 1, 64,
		&f.action, &e) < 0 ||
	    jfield_string(c->params, "object_kind", JF_OPTIONAL | JF_RAW, 1, 32,
		&f.kind, &e) < 0 ||
	    jfield_int(c->params, "object_id", JF_OPTIONAL, 1, INT64_MAX,
		&f.object_id, &e) < 0 ||
	    jfield_int(c->params, "uid", JF_OPTIONAL, 0, UINT32_MAX, &f.uid,
		&e) < 0 ||
	    jfield_int(c->params, "limit", JF_OPTIONAL, 1, 1000000, &f.limit,
		&e) < 0)
		return call_invalid(c, &e);
	if (!c->more) {
		/* One reply must hold it all. */
		call_reply(c, json_pack("{s:[]}", "entries"));
		return store_audit_each(c->d->store, &f, audit_list_one, c);
	}
	if ((al = calloc(1, sizeof *al)) == NULL)
		return CIVIC_E_INTERNAL;
	al->d = c->d;
	al->f = f;
	if (f.action != NULL) {
		snprintf(al->action, sizeof al->action, "%s", f.action);
		al->f.action = al->action;
	}
	if (f.kind != NULL) {
		snprintf(al->kind, sizeof al->kind, "%s", f.kind);
		al->f.kind = al->kind;
	}
	if ((err = store_audit_range(c->d->store, &al->f, &al->after,
		 &al->upto)) != CIVIC_OK) {
		free(al);
		return err;
	}
	call_stream(c, audit_list_next, free, al);
	return CIVIC_OK;
}

/* Trail entries (or checkpoints) a Verify call reads between two turns
 * of the event loop: a few milliseconds, so that no other call waits on
 * it for longer. */
#define AUDIT_VERIFY_SLICE 500

struct audit_verification {
	struct civicd *d;
	struct audit_job j;
	unsigned slices;
};

/* What a verification found, as a kind and its numbers: the client says
 * it in words. */
static json_t *
audit_report_json(const struct audit_report *r)
{
	json_t *reply;
	char why[256];

	if (!r->v.failed)
		return json_pack("{s:b, s:I, s:I, s:n, s:n}", "ok", 1,
		    "entries", (json_int_t)r->entries, "checkpoints",
		    (json_int_t)r->checkpoints, "bad_entry", "failure");
	audit_failure_text(&r->v, why, sizeof why);
	log_warn("audit trail does not verify: %s", why);
	reply = json_pack("{s:b, s:I, s:I, s:I, s:s, s:I, s:I}", "ok", 0,
	    "entries", (json_int_t)r->entries, "checkpoints",
	    (json_int_t)r->checkpoints, "bad_entry", (json_int_t)r->v.bad,
	    "failure", audit_failure_names[r->v.failure], "entry",
	    (json_int_t)r->v.a, "other", (json_int_t)r->v.b);
	if (reply != NULL &&
	    (r->v.failure == AUDIT_SIGNATURE ||
		r->v.failure == AUDIT_TRUNCATED ||
		r->v.failure == AUDIT_REWRITTEN))
		json_object_set_new(reply, "checkpoint", json_integer(r->v.cp));
	return reply;
}

/* One slice; the reply when the last is done. */
static int
audit_verify_next(void *state, struct reply_sink *sink)
{
	struct audit_verification *av = state;

	(void)group_commit(av->d); /* a slice is a read of its own */
	if (store_audit_job_step(av->d->store, &av->j, AUDIT_VERIFY_SLICE) !=
	    CIVIC_OK) {
		call_stream_fail(sink, R_INTERNAL);
		return 0;
	}
	av->slices++;
	if (!av->j.done)
		return CALL_STREAM_LATER;
	log_debug("audit verify: %lld entries in %u slices",
	    (long long)av->j.r.entries, av->slices);
	call_stream_send(sink, audit_report_json(&av->j.r), false);
	return 0;
}

/*
 * Verifies the trail in slices between other calls (a trail of millions
 * takes seconds), as it was when the call came: what is written meanwhile
 * is for the next verification.
 */
enum civic_err
audit_verify(struct call *c)
{
	struct audit_checkpoint exported;
	struct audit_verification *av;
	struct jerr e = { 0 };
	enum civic_err err;
	const json_t *cp;

	cp = json_object_get(c->params, "checkpoint");
	if (cp != NULL && !json_is_null(cp) &&
	    audit_checkpoint_parse(cp, &exported, &e) != 0)
		return call_invalid(c, &e);
	if ((av = calloc(1, sizeof *av)) == NULL)
		return CIVIC_E_INTERNAL;
	av->d = c->d;
	err = store_audit_job_begin(c->d->store, &av->j, c->d->audit_key.pk,
	    cp != NULL && !json_is_null(cp) ? &exported : NULL, false);
	if (err != CIVIC_OK) {
		free(av);
		return err;
	}
	call_stream(c, audit_verify_next, free, av);
	return CIVIC_OK;
}

enum civic_err
audit_checkpoint(struct call *c)
{
	struct audit_checkpoint cp;
	struct jerr e = { 0 };
	enum civic_err err;
	bool write = false, written;

	if (jfield_bool(c->params, "write", JF_OPTIONAL, &write, &e) < 0)
		return call_invalid(c, &e);
	if (write &&
	    (err = store_audit_checkpoint(c->d->store, &c->d->audit_key,
		 &written)) != CIVIC_OK)
		return err;
	err = store_audit_latest_checkpoint(c->d->store, &cp);
	if (err == CIVIC_E_NOT_FOUND)
		return call_reply(c, json_pack("{s:n}", "checkpoint"));
	if (err != CIVIC_OK)
		return err;
	return call_reply(c,
	    json_pack("{s:o}", "checkpoint", audit_checkpoint_json(&cp)));
}
