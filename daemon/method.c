/*
 * method.c - the one method table and the dispatcher (see method.h).
 *
 * A call flows one way: peer.c hands over a frame, method_dispatch parses
 * it into a call, finds the table entry, checks the caller's roles against
 * it, runs the handler, and sends the handler's result through the sink.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
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

/*
 * In test builds, notes each reason sent in $CIVIC_REASONS_SEEN, so that
 * the suite can prove every reason of the table is produced by a test.
 */
static void
method_seen(const struct refusal *r)
{
#if CIVIC_TEST_CLOCK
	const char *path = getenv("CIVIC_REASONS_SEEN");
	const struct reason_def *def = &reason_table[r->reason];
	int fd;

	if (path == NULL || path[0] == '\0' ||
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) <
		0)
		return;
	dprintf(fd, "%s %s\n", civic_err_name(def->err),
	    def->code[0] != '\0' ? def->code : "-");
	close(fd);
#else
	(void)r;
#endif
}

static void
method_send_error(struct reply_sink *sink, enum civic_err err, json_t *params)
{
	method_send(sink,
	    json_pack("{s:s, s:o}", "error", civic_err_name(err), "parameters",
		params != NULL ? params : json_object()));
}

void
method_send_refusal(struct reply_sink *sink, const struct refusal *r)
{
	method_seen(r);
	method_send_error(sink, reason_err(r->reason), refusal_params(r));
}

static void
method_protocol_error(struct reply_sink *sink, enum reason id, int64_t n)
{
	struct refusal r;

	REFUSE(&r, id, FN(n));
	method_send_refusal(sink, &r);
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
call_stream_fail(struct reply_sink *sink, enum reason id)
{
	struct refusal r;

	REFUSE0(&r, id);
	method_send_refusal(sink, &r);
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
call_refuse(struct call *c, const struct refusal *r)
{
	method_seen(r);
	return call_fail(c, reason_err(r->reason), refusal_params(r));
}

enum civic_err
call_refusef(struct call *c, enum reason id, const struct fig *f, size_t n)
{
	struct refusal r;

	refusal_set(&r, id, f, n);
	return call_refuse(c, &r);
}

enum civic_err
call_invalid(struct call *c, const struct jerr *e)
{
	return call_refuse(c, &e->r);
}

enum civic_err
call_log_read(struct call *c, const char *kind, int64_t id)
{
	if (store_access_log(c->d->store, c->who, c->method, kind, id, false) ==
	    CIVIC_OK)
		return CIVIC_OK;
	return CALL_REFUSE0(c, R_ACCESS_LOG);
}

enum civic_err
call_not_found(struct call *c, const char *what, int64_t id)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return CALL_REFUSE(c, R_NOT_FOUND, FS(what), FS(buf));
}

/* --- dispatch --- */

/* Checks the envelope of a call; fills c or says what is wrong. */
static int
method_parse_call(const json_t *msg, struct call *c, enum reason *why)
{
	static const char *const keys[] = { "method", "parameters", "oneway",
		"more", "upgrade", NULL };
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(msg)) {
		*why = R_PROTO_NOT_OBJECT;
		return -1;
	}
	json_object_foreach((json_t *)msg, key, v)
	{
		for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL) {
			*why = R_PROTO_FIELD;
			return -1;
		}
		if (strcmp(key, "method") != 0 &&
		    strcmp(key, "parameters") != 0 && !json_is_boolean(v)) {
			*why = R_PROTO_FLAG;
			return -1;
		}
	}
	v = json_object_get(msg, "method");
	if (!json_is_string(v)) {
		*why = R_PROTO_METHOD;
		return -1;
	}
	c->method = json_string_value(v);
	v = json_object_get(msg, "parameters");
	if (v != NULL && !json_is_object(v)) {
		*why = R_PROTO_PARAMS;
		return -1;
	}
	c->params = v;
	c->oneway = json_is_true(json_object_get(msg, "oneway"));
	c->more = json_is_true(json_object_get(msg, "more"));
	if (c->oneway && c->more) {
		*why = R_PROTO_ONEWAY_MORE;
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
		*err = CALL_REFUSE(c, R_INTERFACE_NOT_FOUND,
		    FS(json_string_value(json_object_get(p, "interface"))));
		json_decref(p);
	} else
		*err = CALL_REFUSE(c, R_METHOD_NOT_FOUND, FS(c->method));
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
	return CALL_REFUSE0(c, R_TOKEN_REVOKED);
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
	return CALL_REFUSE(c, R_PERMISSION_DENIED, FS(m->name), FN(m->roles),
	    FN(c->who->roles));
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
	enum reason why;

	root = json_loadb(msg, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		method_protocol_error(sink, R_PROTO_JSON, jerr.position);
		return -1;
	}
	if (method_parse_call(root, &c, &why) != 0) {
		method_protocol_error(sink, why, 0);
		json_decref(root);
		return -1;
	}
	params = c.params != NULL ? NULL : json_object();
	if (params != NULL)
		c.params = params;

	if (json_is_true(json_object_get(root, "upgrade")))
		err = CALL_REFUSE(&c, R_UPGRADE, FS("upgrade"));
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
			if (c.error == NULL) {
				/* A handler that failed without a refusal of
				 * its own: the store, out of memory. */
				struct refusal r;

				REFUSE0(&r, R_INTERNAL);
				method_seen(&r);
				c.error = refusal_params(&r);
				err = CIVIC_E_INTERNAL;
			}
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
