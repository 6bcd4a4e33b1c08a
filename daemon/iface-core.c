/*
 * iface-core.c - dk.civic.core: the daemon's state, who is calling, and
 * applicant authentication on a connection.
 */
#include <string.h>

#include "clock.h"
#include "config.h"
#include "iface.h"
#include "log.h"
#include "server.h"
#include "store.h"

enum civic_err
core_status(struct call *c)
{
	json_t *r;

	r = json_object();
	jfield_put_str(r, "version", CIVIC_VERSION);
	jfield_put_int(r, "schema", store_schema_version(c->d->store));
	jfield_put_time(r, "started", c->d->started);
	jfield_put_int(r, "uptime", clock_mono() - c->d->started_mono);
	jfield_put_int(r, "connections", server_connections(c->d->server));
	return call_reply(c, r);
}

enum civic_err
core_whoami(struct call *c)
{
	const struct identity *who = c->who;
	struct applicant a;
	json_t *r, *groups;
	enum civic_err err;
	size_t i;

	r = json_object();
	groups = json_array();
	for (i = 0; i < who->ngroups; i++)
		json_array_append_new(groups, json_integer(who->groups[i]));
	if (who->known) {
		jfield_put_int(r, "uid", who->uid);
		jfield_put_int(r, "gid", who->gid);
	} else {
		jfield_put_int(r, "uid", -1);
		jfield_put_int(r, "gid", -1);
	}
	jfield_put_str(r, "user", who->user[0] != '\0' ? who->user : NULL);
	json_object_set_new(r, "groups", groups);
	json_object_set_new(r, "roles", auth_roles_json(who->roles));
	/* The applicant's name as it is now: a connection holds its id
	 * only (a name may be 800 bytes, and a connection should cost
	 * little). */
	if (who->roles & ROLE_APPLICANT) {
		if ((err = store_applicant_get(c->d->store, who->applicant_id,
			 &a)) != CIVIC_OK) {
			json_decref(r);
			json_decref(groups);
			return err;
		}
		json_object_set_new(r, "applicant",
		    json_pack("{s:I, s:s}", "id", (json_int_t)who->applicant_id,
			"name", a.name));
	} else
		json_object_set_new(r, "applicant", json_null());
	return call_reply(c, r);
}

enum civic_err
core_authenticate(struct call *c)
{
	uint8_t raw[TOKEN_RAWLEN], hash[TOKEN_HASHLEN];
	struct applicant a;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *token;

	if (jfield_string(c->params, "token", JF_RAW, 1, 128, &token, &e) < 0)
		return call_invalid(c, &e);
	if (!token_parse(token, raw)) {
		if (call_refused_often(c))
			return CIVIC_E_TOO_MANY_REFUSALS;
		log_notice("uid %u: malformed token refused",
		    (unsigned)c->who->uid);
		return CALL_REFUSE0(c, R_TOKEN_MALFORMED);
	}
	token_hash(raw, hash);
	explicit_bzero(raw, sizeof raw);
	err = store_token_lookup(c->d->store, hash, &a);
	if (err == CIVIC_E_AUTHENTICATION_FAILED) {
		if (call_refused_often(c))
			return CIVIC_E_TOO_MANY_REFUSALS;
		log_notice("uid %u: unknown, revoked or disabled token refused",
		    (unsigned)c->who->uid);
		return CALL_REFUSE0(c, R_TOKEN_UNKNOWN);
	}
	if (err != CIVIC_OK)
		return err;
	c->who->roles |= ROLE_APPLICANT;
	c->who->applicant_id = a.id;
	memcpy(c->who->token_hash, hash, sizeof c->who->token_hash);
	log_info("uid %u authenticated as applicant %lld",
	    (unsigned)c->who->uid, (long long)a.id);
	return call_reply(c,
	    json_pack("{s:I, s:s}", "applicant", (json_int_t)a.id, "name",
		a.name));
}
