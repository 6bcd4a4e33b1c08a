/*
 * method.c - the one method table and the dispatcher (see method.h).
 *
 * A call flows one way: peer.c hands over a frame, method_dispatch parses
 * it into a call, finds the table entry, checks the caller's roles against
 * it, runs the handler, and sends the handler's result through the sink.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "iface.h"
#include "log.h"
#include "method.h"
#include "schema.h"
#include "store-audit.h"
#include "store.h"

#define R_ADMIN  ROLE_ADMIN
#define R_COORD  ROLE_COORD
#define R_APPL   ROLE_APPLICANT
#define R_ANYONE ROLE_ANYONE

/* Sorted by name: method_find searches it with bsearch. */
static const struct method method_table[] = {
	{ "dk.civic.Admin.Backup", R_ADMIN, admin_backup },
	{ "dk.civic.Applicants.Add", R_ADMIN, applicants_add },
	{ "dk.civic.Applicants.Disable", R_ADMIN, applicants_disable },
	{ "dk.civic.Applicants.Edit", R_ADMIN, applicants_edit },
	{ "dk.civic.Applicants.EditMe", R_APPL, applicants_edit_me },
	{ "dk.civic.Applicants.Enable", R_ADMIN, applicants_enable },
	{ "dk.civic.Applicants.List", R_ADMIN, applicants_list },
	{ "dk.civic.Applicants.Me", R_APPL, applicants_me },
	{ "dk.civic.Applicants.Revoke", R_ADMIN, applicants_revoke },
	{ "dk.civic.Applicants.Rotate", R_ADMIN, applicants_rotate },
	{ "dk.civic.Applicants.Show", R_ADMIN, applicants_show },
	{ "dk.civic.Audit.Checkpoint", R_ADMIN, audit_checkpoint },
	{ "dk.civic.Audit.List", R_ADMIN, audit_list },
	{ "dk.civic.Audit.Verify", R_ADMIN, audit_verify },
	{ "dk.civic.Core.Authenticate", R_ANYONE, core_authenticate },
	{ "dk.civic.Core.Status", R_ADMIN | R_COORD | R_APPL, core_status },
	{ "dk.civic.Core.Whoami", R_ANYONE, core_whoami },
	{ "dk.civic.Fund.AcceptAccounts", R_ADMIN, grant_accept_accounts },
	{ "dk.civic.Fund.Approve", R_ADMIN, grant_approve },
	{ "dk.civic.Fund.CreateApplication", R_APPL, fund_create_application },
	{ "dk.civic.Fund.DeclareConflict", R_ADMIN, grant_declare_conflict },
	{ "dk.civic.Fund.DeleteApplication", R_APPL, fund_delete_application },
	{ "dk.civic.Fund.EditApplication", R_APPL, fund_edit_application },
	{ "dk.civic.Fund.ListApplications", R_ADMIN | R_APPL,
	    fund_list_applications },
	{ "dk.civic.Fund.RecordPayment", R_ADMIN, grant_record_payment },
	{ "dk.civic.Fund.Reject", R_ADMIN, grant_reject },
	{ "dk.civic.Fund.RequestInformation", R_ADMIN,
	    grant_request_information },
	{ "dk.civic.Fund.ReturnAccounts", R_ADMIN, grant_return_accounts },
	{ "dk.civic.Fund.Revoke", R_ADMIN, grant_revoke },
	{ "dk.civic.Fund.SetYear", R_ADMIN, fund_set_year },
	{ "dk.civic.Fund.ShowApplication", R_ADMIN | R_APPL,
	    fund_show_application },
	{ "dk.civic.Fund.ShowYear", R_ADMIN | R_COORD | R_APPL,
	    fund_show_year },
	{ "dk.civic.Fund.SubmitAccounts", R_APPL, fund_submit_accounts },
	{ "dk.civic.Fund.SubmitApplication", R_APPL, fund_submit_application },
	{ "dk.civic.Fund.WithdrawApplication", R_APPL,
	    fund_withdraw_application },
	{ "dk.civic.Meetings.Cancel", R_ADMIN | R_COORD, meetings_cancel },
	{ "dk.civic.Meetings.CancelRegistration", R_ADMIN | R_COORD,
	    meetings_cancel_registration },
	{ "dk.civic.Meetings.CheckIn", R_ADMIN | R_COORD, meetings_check_in },
	{ "dk.civic.Meetings.Close", R_ADMIN | R_COORD, meetings_close },
	{ "dk.civic.Meetings.Create", R_ADMIN | R_COORD, meetings_create },
	{ "dk.civic.Meetings.DoorList", R_ADMIN | R_COORD, meetings_door_list },
	{ "dk.civic.Meetings.Edit", R_ADMIN | R_COORD, meetings_edit },
	{ "dk.civic.Meetings.List", R_ANYONE, meetings_list },
	{ "dk.civic.Meetings.PublicKey", R_ANYONE, meetings_public_key },
	{ "dk.civic.Meetings.Register", R_ADMIN | R_COORD, meetings_register },
	{ "dk.civic.Meetings.Revoked", R_ADMIN | R_COORD, meetings_revoked },
	{ "dk.civic.Meetings.Schedule", R_ADMIN | R_COORD, meetings_schedule },
	{ "dk.civic.Meetings.Show", R_ADMIN | R_COORD, meetings_show },
	{ "dk.civic.Meetings.ShowRegistration", R_ADMIN | R_COORD,
	    meetings_show_registration },
	{ "dk.civic.Privacy.Erase", R_ADMIN, privacy_erase },
	{ "dk.civic.Privacy.Export", R_ADMIN, privacy_export },
	{ "dk.civic.Privacy.Purge", R_ADMIN, privacy_purge },
	{ "org.varlink.service.GetInfo", R_ANYONE, service_get_info },
	{ "org.varlink.service.GetInterfaceDescription", R_ANYONE,
	    service_get_interface_description },
};

static const size_t method_count = sizeof method_table / sizeof method_table[0];

static int
method_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct method *)elem)->name);
}

const struct method *
method_find(const char *name)
{
	return bsearch(name, method_table, method_count, sizeof method_table[0],
	    method_cmp);
}

/* True if some method's name starts with iface followed by a dot. */
static bool
method_iface_exists(const char *iface, size_t len)
{
	size_t i;

	for (i = 0; i < method_count; i++) {
		if (strncmp(method_table[i].name, iface, len) == 0 &&
		    method_table[i].name[len] == '.')
			return true;
	}
	return false;
}

#define METHOD_IDL_MAX 256

/*
 * Collects the full names of the methods an IDL text declares ("method
 * Name(" lines, after its "interface" line). Returns -1 if there is no
 * interface line or more than METHOD_IDL_MAX methods in all.
 */
static int
method_idl_collect(const char *idl, char names[][128], size_t *n)
{
	const char *p = idl, *eol, *iface = NULL;
	size_t ilen = 0, mlen;

	while (*p != '\0') {
		eol = p + strcspn(p, "\n");
		p += strspn(p, " \t");
		if (strncmp(p, "interface ", 10) == 0) {
			iface = p + 10;
			ilen = strcspn(iface, " \t\r\n");
		} else if (strncmp(p, "method ", 7) == 0) {
			if (iface == NULL || *n >= METHOD_IDL_MAX)
				return -1;
			mlen = strcspn(p + 7, " (");
			snprintf(names[(*n)++], sizeof names[0], "%.*s.%.*s",
			    (int)ilen, iface, (int)mlen, p + 7);
		}
		p = *eol != '\0' ? eol + 1 : eol;
	}
	return iface != NULL ? 0 : -1;
}

int
method_check_table(char *err, size_t errlen)
{
	static char names[METHOD_IDL_MAX][128];
	size_t i, j, n = 0;

	for (i = 1; i < method_count; i++) {
		if (strcmp(method_table[i - 1].name, method_table[i].name) >=
		    0) {
			snprintf(err, errlen,
			    "the method table is not sorted at %s",
			    method_table[i].name);
			return -1;
		}
	}
	for (i = 0; i < schema_interfaces_count; i++) {
		if (method_idl_collect(schema_interfaces[i].text, names, &n)) {
			snprintf(err, errlen,
			    "%s: no interface line, or too many methods",
			    schema_interfaces[i].name);
			return -1;
		}
	}
	for (j = 0; j < n; j++) {
		if (method_find(names[j]) == NULL) {
			snprintf(err, errlen,
			    "the IDL declares %s, but the method table has "
			    "no entry for it",
			    names[j]);
			return -1;
		}
	}
	for (i = 0; i < method_count; i++) {
		for (j = 0; j < n && strcmp(names[j], method_table[i].name);
		     j++)
			;
		if (j == n) {
			snprintf(err, errlen,
			    "the method table has %s, but no IDL in schema/ "
			    "declares it",
			    method_table[i].name);
			return -1;
		}
	}
	return 0;
}

/* --- replies --- */

static void
method_send(struct reply_sink *sink, json_t *msg)
{
	if (msg != NULL)
		sink->send(sink->ctx, msg);
}

void
method_send_error(struct reply_sink *sink, enum civic_err err, json_t *params)
{
	method_send(sink,
	    json_pack("{s:s, s:o}", "error", civic_err_name(err), "parameters",
		params != NULL ? params : json_object()));
}

static json_t *
method_reason(const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof buf, fmt, ap);
	return json_string(buf);
}

static void method_protocol_error(struct reply_sink *sink, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
method_protocol_error(struct reply_sink *sink, const char *fmt, ...)
{
	va_list ap;
	json_t *p = json_object();

	va_start(ap, fmt);
	json_object_set_new(p, "reason", method_reason(fmt, ap));
	va_end(ap);
	method_send_error(sink, CIVIC_E_PROTOCOL, p);
}

/* --- the call's helpers, for handlers --- */

enum civic_err
call_fields(struct call *c, const char *const *allowed)
{
	struct jerr e = { 0 };

	if (jfield_object(c->params, "parameters", allowed, &e) != 0)
		return call_invalid(c, &e);
	return CIVIC_OK;
}

enum civic_err
call_reply(struct call *c, json_t *p)
{
	const char *key;
	json_t *v;

	if (p == NULL)
		return CIVIC_OK;
	if (c->reply == NULL)
		c->reply = p;
	else {
		json_object_foreach(p, key, v)
		    json_object_set(c->reply, key, v);
		json_decref(p);
	}
	return CIVIC_OK;
}

void
call_list_add(struct call *c, const char *key, json_t *item)
{
	json_t *list;

	if (c->reply == NULL)
		c->reply = json_object();
	if ((list = json_object_get(c->reply, key)) == NULL) {
		list = json_array();
		json_object_set_new(c->reply, key, list);
	}
	json_array_append_new(list, item);
	if (c->more && json_array_size(list) >= CALL_LIST_CHUNK) {
		/* The sink owns what it is given: the next chunk starts in
		 * a new object, never in the one just sent. */
		json_t *next = json_copy(c->reply);

		json_object_set_new(next, key, json_array());
		if (!c->oneway)
			method_send(c->sink,
			    json_pack("{s:o, s:b}", "parameters", c->reply,
				"continues", 1));
		else
			json_decref(c->reply);
		c->reply = next;
		c->streamed++;
	}
}

void
call_stream(struct call *c, int (*next)(void *, struct reply_sink *),
    void (*free_state)(void *), void *state)
{
	c->stream.next = next;
	c->stream.free = free_state;
	c->stream.state = state;
}

void
call_stream_send(struct reply_sink *sink, json_t *params, bool continues)
{
	method_send(sink,
	    continues
		? json_pack("{s:o, s:b}", "parameters", params, "continues", 1)
		: json_pack("{s:o}", "parameters", params));
}

void
call_stream_fail(struct reply_sink *sink, enum civic_err err, json_t *params)
{
	method_send_error(sink, err, params);
}

void
call_stream_end(struct reply_sink *sink)
{
	struct call_stream *st = sink->stream;

	if (st == NULL)
		return;
	sink->stream = NULL;
	if (st->free != NULL)
		st->free(st->state);
	free(st);
}

enum civic_err
call_fail(struct call *c, enum civic_err err, json_t *p)
{
	json_decref(c->error);
	c->error = p != NULL ? p : json_object();
	return err;
}

enum civic_err
call_invalid(struct call *c, const struct jerr *e)
{
	return call_fail(c, CIVIC_E_INVALID_PARAMETER,
	    json_pack("{s:s, s:s}", "parameter", e->parameter, "reason",
		e->reason));
}

enum civic_err
call_invalid_param(struct call *c, const char *parameter, const char *fmt, ...)
{
	va_list ap;
	json_t *p;

	va_start(ap, fmt);
	p = json_pack("{s:s, s:o}", "parameter", parameter, "reason",
	    method_reason(fmt, ap));
	va_end(ap);
	return call_fail(c, CIVIC_E_INVALID_PARAMETER, p);
}

enum civic_err
call_log_read(struct call *c, const char *kind, int64_t id)
{
	if (store_access_log(c->d->store, c->who, c->method, kind, id, false) ==
	    CIVIC_OK)
		return CIVIC_OK;
	return call_fail(c, CIVIC_E_INTERNAL,
	    json_pack("{s:s}", "reason",
		"the read could not be recorded in the access log, so nothing "
		"is shown"));
}

enum civic_err
call_not_found(struct call *c, const char *what, int64_t id)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return call_fail(c, CIVIC_E_NOT_FOUND,
	    json_pack("{s:s, s:s}", "what", what, "id", buf));
}

enum civic_err
call_conflict(struct call *c, const char *fmt, ...)
{
	va_list ap;
	json_t *p;

	va_start(ap, fmt);
	p = json_pack("{s:o}", "reason", method_reason(fmt, ap));
	va_end(ap);
	return call_fail(c, CIVIC_E_CONFLICT, p);
}

enum civic_err
call_invalid_state(struct call *c, const char *what, const char *status,
    const char *fmt, ...)
{
	va_list ap;
	json_t *p;

	va_start(ap, fmt);
	p = json_pack("{s:s, s:s, s:o}", "what", what, "status", status,
	    "reason", method_reason(fmt, ap));
	va_end(ap);
	return call_fail(c, CIVIC_E_INVALID_STATE, p);
}

/* --- dispatch --- */

/* Checks the envelope of a call; fills c or says what is wrong. */
static int
method_parse_call(const json_t *msg, struct call *c, const char **why)
{
	static const char *const keys[] = { "method", "parameters", "oneway",
		"more", "upgrade", NULL };
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(msg)) {
		*why = "a message must be a JSON object";
		return -1;
	}
	json_object_foreach((json_t *)msg, key, v)
	{
		for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL) {
			*why = "a call has only the fields method, parameters, "
			       "oneway, more and upgrade";
			return -1;
		}
		if (strcmp(key, "method") != 0 &&
		    strcmp(key, "parameters") != 0 && !json_is_boolean(v)) {
			*why = "oneway, more and upgrade must be true or false";
			return -1;
		}
	}
	v = json_object_get(msg, "method");
	if (!json_is_string(v)) {
		*why = "a call needs a method, as a string";
		return -1;
	}
	c->method = json_string_value(v);
	v = json_object_get(msg, "parameters");
	if (v != NULL && !json_is_object(v)) {
		*why = "parameters must be a JSON object";
		return -1;
	}
	c->params = v;
	c->oneway = json_is_true(json_object_get(msg, "oneway"));
	c->more = json_is_true(json_object_get(msg, "more"));
	if (c->oneway && c->more) {
		*why = "a call cannot be both oneway and more";
		return -1;
	}
	return 0;
}

/* Finds the entry, or fails the call with the standard errors. */
static const struct method *
method_resolve(struct call *c, enum civic_err *err)
{
	const struct method *m;
	const char *dot;

	if ((m = method_find(c->method)) != NULL)
		return m;
	dot = strrchr(c->method, '.');
	if (dot != NULL &&
	    !method_iface_exists(c->method, (size_t)(dot - c->method))) {
		json_t *p = json_object();

		json_object_set_new(p, "interface",
		    json_stringn(c->method, (size_t)(dot - c->method)));
		*err = call_fail(c, CIVIC_E_INTERFACE_NOT_FOUND, p);
	} else
		*err = call_fail(c, CIVIC_E_METHOD_NOT_FOUND,
		    json_pack("{s:s}", "method", c->method));
	return NULL;
}

/*
 * A token is checked again whenever it is what lets a call through, so
 * that revoking it, or disabling its applicant, takes effect at once on
 * connections already open.
 */
static enum civic_err
method_recheck_token(struct call *c)
{
	struct applicant a;
	enum civic_err err;

	err = store_token_lookup(c->d->store, c->who->token_hash, &a);
	if (err == CIVIC_OK)
		return CIVIC_OK;
	if (err != CIVIC_E_AUTHENTICATION_FAILED)
		return err;
	c->who->roles &= ~ROLE_APPLICANT;
	c->who->applicant_id = 0;
	log_notice("uid %u: token of this connection no longer valid",
	    (unsigned)c->who->uid);
	return call_fail(c, err,
	    json_pack("{s:s}", "reason",
		"the token this "
		"connection presented has been revoked, or its applicant "
		"disabled"));
}

static enum civic_err
method_permission(struct call *c, const struct method *m)
{
	char have[64], need[64];

	if (m->roles & ROLE_ANYONE)
		return CIVIC_OK;
	if ((m->roles & c->who->roles) == ROLE_APPLICANT)
		return method_recheck_token(c);
	if (m->roles & c->who->roles)
		return CIVIC_OK;
	log_notice("uid %u (%s) refused %s: needs %s, has %s",
	    (unsigned)c->who->uid, c->who->user[0] ? c->who->user : "?",
	    m->name, auth_roles_str(m->roles, need, sizeof need),
	    auth_roles_str(c->who->roles, have, sizeof have));
	/* Refused permission checks are kept in the access log. */
	store_access_log(c->d->store, c->who, m->name, "method", 0, true);
	return call_fail(c, CIVIC_E_PERMISSION_DENIED,
	    json_pack("{s:s, s:o, s:o}", "method", m->name, "required",
		auth_roles_json(m->roles), "roles",
		auth_roles_json(c->who->roles)));
}

int
method_dispatch(struct civicd *d, struct identity *who, const char *msg,
    size_t len, struct reply_sink *sink)
{
	struct call c = { .d = d, .who = who, .sink = sink };
	const struct method *m;
	json_error_t jerr;
	enum civic_err err;
	json_t *root, *params;
	const char *why;

	root = json_loadb(msg, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		method_protocol_error(sink, "invalid JSON at byte %d: %s",
		    jerr.position, jerr.text);
		return -1;
	}
	if (method_parse_call(root, &c, &why) != 0) {
		method_protocol_error(sink, "%s", why);
		json_decref(root);
		return -1;
	}
	params = c.params != NULL ? NULL : json_object();
	if (params != NULL)
		c.params = params;

	if (json_is_true(json_object_get(root, "upgrade")))
		err = call_invalid_param(&c, "upgrade",
		    "no civic method supports connection upgrades");
	else if ((m = method_resolve(&c, &err)) != NULL &&
	    (err = method_permission(&c, m)) == CIVIC_OK) {
		err = m->fn(&c);
		log_debug("uid %u: %s: %s", (unsigned)who->uid, c.method,
		    err == CIVIC_OK ? "ok" : civic_err_name(err));
	}

	if (err == CIVIC_OK && c.stream.next != NULL) {
		/* The handler's answer comes in pieces. */
		struct call_stream *st = malloc(sizeof *st);

		if (c.oneway || st == NULL) {
			if (c.stream.free != NULL)
				c.stream.free(c.stream.state);
			free(st);
		} else {
			*st = c.stream;
			sink->stream = st;
			if (!sink->async) {
				while (st->next(st->state, sink) == 1)
					;
				call_stream_end(sink);
			}
		}
		c.oneway = true; /* nothing more to send here */
	}
	if (!c.oneway) {
		if (err == CIVIC_OK)
			method_send(sink,
			    json_pack("{s:o}", "parameters",
				c.reply != NULL ? c.reply : json_object()));
		else {
			if (err == CIVIC_E_INTERNAL && c.error == NULL)
				c.error = json_pack("{s:s}", "reason",
				    "the daemon failed; nothing was "
				    "changed; its log says why");
			method_send_error(sink, err, c.error);
		}
		c.reply = c.error = NULL;
	}
	json_decref(c.reply);
	json_decref(c.error);
	json_decref(params);
	json_decref(root);
	return 0;
}
