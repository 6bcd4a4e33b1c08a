/*
 * iface-applicants.c - dk.civic.applicants: associations and citizens who
 * apply to the fund, and their tokens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "log.h"
#include "store.h"
#include "validate.h"

#define APPLICANT_NAME_MAX    200
#define APPLICANT_ADDRESS_MAX 500

static json_t *
applicant_json(const struct applicant *a)
{
	json_t *o = json_object();

	jfield_put_int(o, "id", a->id);
	jfield_put_str(o, "kind", applicant_kind_names[a->kind]);
	jfield_put_str(o, "name", a->name);
	jfield_put_str(o, "cvr", a->cvr[0] ? a->cvr : NULL);
	jfield_put_str(o, "contact_person",
	    a->contact_person[0] ? a->contact_person : NULL);
	jfield_put_str(o, "email", a->email[0] ? a->email : NULL);
	jfield_put_str(o, "phone", a->phone[0] ? a->phone : NULL);
	jfield_put_str(o, "address", a->address[0] ? a->address : NULL);
	jfield_put_time(o, "created", a->created);
	if (a->disabled != 0)
		jfield_put_time(o, "disabled", a->disabled);
	else
		jfield_put_str(o, "disabled", NULL);
	jfield_put_int(o, "active_tokens", a->active_tokens);
	return o;
}

/* Copies an optional string field into buf ("" when absent). */
static int
applicant_opt(const json_t *p, const char *key, unsigned flags, size_t max,
    char *buf, size_t len, struct jerr *e)
{
	const char *s;
	int r;

	if ((r = jfield_string(p, key, JF_OPTIONAL | flags, 1, max, &s, e)) < 0)
		return -1;
	snprintf(buf, len, "%s", r == 1 ? s : "");
	return 0;
}

/*
 * Validates the fields of a new applicant into a. Every rule about an
 * applicant's details is here, so that Add and (later) Edit agree.
 */
static int
applicant_parse(const json_t *p, struct applicant *a, struct jerr *e)
{
	char phone[VALIDATE_PHONE_BUFSZ];
	const char *name;
	int kind;

	memset(a, 0, sizeof *a);
	if (jfield_enum(p, "kind", 0, applicant_kind_names, &kind, e) < 0 ||
	    jfield_string(p, "name", 0, 1, APPLICANT_NAME_MAX, &name, e) < 0)
		return -1;
	a->kind = (enum applicant_kind)kind;
	snprintf(a->name, sizeof a->name, "%s", name);
	if (applicant_opt(p, "cvr", 0, 8, a->cvr, sizeof a->cvr, e) < 0 ||
	    applicant_opt(p, "contact_person", 0, APPLICANT_NAME_MAX,
		a->contact_person, sizeof a->contact_person, e) < 0 ||
	    applicant_opt(p, "email", 0, VALIDATE_EMAIL_MAX, a->email,
		sizeof a->email, e) < 0 ||
	    applicant_opt(p, "phone", 0, 40, phone, sizeof phone, e) < 0 ||
	    applicant_opt(p, "address", JF_MULTILINE, APPLICANT_ADDRESS_MAX,
		a->address, sizeof a->address, e) < 0)
		return -1;
	if (a->cvr[0] != '\0' && a->kind != APPLICANT_ASSOCIATION)
		return JFAIL0(e, "cvr", R_CVR_CITIZEN);
	if (a->cvr[0] != '\0' && !validate_cvr(a->cvr))
		return JFAIL0(e, "cvr", R_NOT_CVR);
	if (a->email[0] != '\0' && !validate_email(a->email))
		return JFAIL0(e, "email", R_NOT_EMAIL);
	if (phone[0] != '\0' && !validate_phone(phone, a->phone))
		return JFAIL0(e, "phone", R_NOT_PHONE);
	if (a->kind == APPLICANT_CITIZEN && a->email[0] == '\0' &&
	    a->phone[0] == '\0')
		return JFAIL0(e, "email", R_CITIZEN_CONTACT);
	return 0;
}

/* Reads the "id" parameter, the only one of Show, Revoke and Rotate. */
static enum civic_err
applicant_id_param(struct call *c, int64_t *id)
{
	struct jerr e = { 0 };

	if (jfield_int(c->params, "id", 0, 1, INT64_MAX, id, &e) < 0)
		return call_invalid(c, &e);
	return CIVIC_OK;
}

/* Makes a token; its hash goes to the store, the text to the caller. */
static enum civic_err
applicant_new_token(struct call *c, char token[TOKEN_BUFSZ],
    uint8_t hash[TOKEN_HASHLEN])
{
	uint8_t raw[TOKEN_RAWLEN];

	if (token_generate(token, raw) != 0) {
		log_err("cannot generate a token: no randomness");
		return CALL_REFUSE0(c, R_INTERNAL);
	}
	token_hash(raw, hash);
	explicit_bzero(raw, sizeof raw);
	return CIVIC_OK;
}

enum civic_err
applicants_add(struct call *c)
{
	uint8_t hash[TOKEN_HASHLEN];
	char token[TOKEN_BUFSZ];
	struct applicant a;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t id, other;
	json_t *r;

	if (applicant_parse(c->params, &a, &e) != 0)
		return call_invalid(c, &e);
	if ((err = applicant_new_token(c, token, hash)) != CIVIC_OK)
		return err;
	err = store_applicant_add(c->d->store, c->who, &a, hash, &id, &other);
	if (err == CIVIC_E_CONFLICT)
		return CALL_REFUSE(c, R_CVR_TAKEN, FS(a.cvr), FN(other));
	if (err != CIVIC_OK)
		return err;
	if ((err = store_applicant_get(c->d->store, id, &a)) != CIVIC_OK)
		return err;
	log_info("uid %u added applicant %lld", (unsigned)c->who->uid,
	    (long long)id);
	r = json_pack("{s:o, s:s}", "applicant", applicant_json(&a), "token",
	    token);
	explicit_bzero(token, sizeof token);
	return call_reply(c, r);
}

/* The applicants, a page at a time (call_pages), from the last id on. */
struct applicant_listing {
	bool all;
	int64_t after;
	json_t *page;
};

static int
applicants_list_one(const struct applicant *a, void *arg)
{
	struct applicant_listing *al = arg;

	al->after = a->id;
	return json_array_append_new(al->page, applicant_json(a));
}

static enum civic_err
applicants_list_page(struct store *s, void *arg, json_t *list, size_t max)
{
	struct applicant_listing *al = arg;

	al->page = list;
	return store_applicant_each(s, al->all, al->after, max,
	    applicants_list_one, al);
}

enum civic_err
applicants_list(struct call *c)
{
	struct applicant_listing *al;
	struct jerr e = { 0 };
	bool all = false;

	if (jfield_bool(c->params, "include_disabled", JF_OPTIONAL, &all, &e) <
	    0)
		return call_invalid(c, &e);
	if ((al = calloc(1, sizeof *al)) == NULL)
		return CIVIC_E_INTERNAL;
	al->all = all;
	return call_pages(c, json_object(), "applicants", applicants_list_page,
	    free, al);
}

enum civic_err
applicants_show(struct call *c)
{
	struct applicant a;
	enum civic_err err;
	int64_t id;

	if ((err = applicant_id_param(c, &id)) != CIVIC_OK)
		return err;
	err = store_applicant_get(c->d->store, id, &a);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", id);
	if (err != CIVIC_OK)
		return err;
	call_subject(c, NULL, id);
	return call_reply(c,
	    json_pack("{s:o}", "applicant", applicant_json(&a)));
}

enum civic_err
applicants_revoke(struct call *c)
{
	enum civic_err err;
	int64_t id;
	int revoked;

	if ((err = applicant_id_param(c, &id)) != CIVIC_OK)
		return err;
	err = store_token_revoke(c->d->store, c->who, id, &revoked);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", id);
	if (err != CIVIC_OK)
		return err;
	log_info("uid %u revoked %d token(s) of applicant %lld",
	    (unsigned)c->who->uid, revoked, (long long)id);
	return call_reply(c, json_pack("{s:i}", "revoked", revoked));
}

enum civic_err
applicants_rotate(struct call *c)
{
	uint8_t hash[TOKEN_HASHLEN];
	char token[TOKEN_BUFSZ];
	enum civic_err err;
	int64_t id;
	int revoked;
	json_t *r;

	if ((err = applicant_id_param(c, &id)) != CIVIC_OK)
		return err;
	if ((err = applicant_new_token(c, token, hash)) != CIVIC_OK)
		return err;
	err = store_token_rotate(c->d->store, c->who, id, hash, &revoked);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", id);
	if (err == CIVIC_E_INVALID_STATE)
		return CALL_REFUSE0(c, R_APPLICANT_DISABLED);
	if (err != CIVIC_OK)
		return err;
	log_info("uid %u rotated the token of applicant %lld",
	    (unsigned)c->who->uid, (long long)id);
	r = json_pack("{s:s, s:i}", "token", token, "revoked", revoked);
	explicit_bzero(token, sizeof token);
	return call_reply(c, r);
}

/*
 * The details of applicant cur with the fields of params laid over them
 * (null clears one), checked by the same rules as a new applicant's.
 */
static enum civic_err
applicant_merge(struct call *c, const struct applicant *cur,
    const json_t *params, struct applicant *out)
{
	static const char *const fixed[] = { "id", "created", "disabled",
		"active_tokens", NULL };
	struct jerr e = { 0 };
	json_t *merged = applicant_json(cur);
	const char *key;
	json_t *v;
	size_t i;
	int rc;

	for (i = 0; fixed[i] != NULL; i++)
		json_object_del(merged, fixed[i]);
	json_object_foreach((json_t *)params, key, v)
	{
		if (strcmp(key, "id") != 0)
			json_object_set(merged, key, v);
	}
	rc = applicant_parse(merged, out, &e);
	json_decref(merged);
	if (rc != 0)
		return call_invalid(c, &e);
	out->id = cur->id;
	return CIVIC_OK;
}

/* Stores the merged details and replies with the applicant as it is. */
static enum civic_err
applicant_save(struct call *c, const struct applicant *a)
{
	struct applicant now;
	enum civic_err err;
	int64_t other;

	err = store_applicant_update(c->d->store, c->who, a, &other);
	if (err == CIVIC_E_CONFLICT)
		return CALL_REFUSE(c, R_CVR_TAKEN, FS(a->cvr), FN(other));
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", a->id);
	if (err != CIVIC_OK ||
	    (err = store_applicant_get(c->d->store, a->id, &now)) != CIVIC_OK)
		return err;
	return call_reply(c,
	    json_pack("{s:o}", "applicant", applicant_json(&now)));
}

enum civic_err
applicants_edit(struct call *c)
{
	struct applicant cur, next;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t id;

	if (jfield_int(c->params, "id", 0, 1, INT64_MAX, &id, &e) < 0)
		return call_invalid(c, &e);
	err = store_applicant_get(c->d->store, id, &cur);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", id);
	if (err != CIVIC_OK ||
	    (err = applicant_merge(c, &cur, c->params, &next)) != CIVIC_OK)
		return err;
	log_info("uid %u edited applicant %lld", (unsigned)c->who->uid,
	    (long long)id);
	return applicant_save(c, &next);
}

static enum civic_err
applicants_set_disabled(struct call *c, bool disabled)
{
	struct applicant a;
	enum civic_err err;
	int64_t id;

	if ((err = applicant_id_param(c, &id)) != CIVIC_OK)
		return err;
	err = store_applicant_disable(c->d->store, c->who, id, disabled);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "applicant", id);
	if (err != CIVIC_OK ||
	    (err = store_applicant_get(c->d->store, id, &a)) != CIVIC_OK)
		return err;
	log_info("uid %u %s applicant %lld", (unsigned)c->who->uid,
	    disabled ? "disabled" : "enabled", (long long)id);
	return call_reply(c,
	    json_pack("{s:o}", "applicant", applicant_json(&a)));
}

enum civic_err
applicants_disable(struct call *c)
{
	return applicants_set_disabled(c, true);
}

enum civic_err
applicants_enable(struct call *c)
{
	return applicants_set_disabled(c, false);
}

enum civic_err
applicants_me(struct call *c)
{
	struct applicant a;
	enum civic_err err;

	if ((err = store_applicant_get(c->d->store, c->who->applicant_id,
		 &a)) != CIVIC_OK)
		return err;
	return call_reply(c,
	    json_pack("{s:o}", "applicant", applicant_json(&a)));
}

enum civic_err
applicants_edit_me(struct call *c)
{
	struct applicant cur, next;
	enum civic_err err;

	if ((err = store_applicant_get(c->d->store, c->who->applicant_id,
		 &cur)) != CIVIC_OK ||
	    (err = applicant_merge(c, &cur, c->params, &next)) != CIVIC_OK)
		return err;
	return applicant_save(c, &next);
}
