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
#include "clock.h"
#include "config.h"
#include "group.h"
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
#define R_STAFF  (ROLE_ADMIN | ROLE_COORD)
#define R_USERS  (ROLE_ADMIN | ROLE_COORD | ROLE_APPLICANT)

#define W M_WRITE
#define P M_PERSONAL
#define S M_STREAM
#define O M_OWN

/*
 * Sorted by name: method_find searches it with bsearch. A method is a
 * read unless it says W; P names what the access log calls the data it
 * shows; O shows it only to its owner. The suite proves the flags
 * against what each method does (tests/integration/methods.py).
 */
static const struct method method_table[] = {
	{ "dk.civic.admin.Backup", R_ADMIN, P | S, "database", admin_backup },
	{ "dk.civic.applicants.Add", R_ADMIN, W, NULL, applicants_add },
	{ "dk.civic.applicants.Disable", R_ADMIN, W, NULL, applicants_disable },
	{ "dk.civic.applicants.Edit", R_ADMIN, W, NULL, applicants_edit },
	{ "dk.civic.applicants.EditMe", R_APPL, W, NULL, applicants_edit_me },
	{ "dk.civic.applicants.Enable", R_ADMIN, W, NULL, applicants_enable },
	{ "dk.civic.applicants.List", R_ADMIN, P, "applicants",
	    applicants_list },
	{ "dk.civic.applicants.Me", R_APPL, O, NULL, applicants_me },
	{ "dk.civic.applicants.Revoke", R_ADMIN, W, NULL, applicants_revoke },
	{ "dk.civic.applicants.Rotate", R_ADMIN, W, NULL, applicants_rotate },
	{ "dk.civic.applicants.Show", R_ADMIN, P, "applicant",
	    applicants_show },
	{ "dk.civic.audit.Checkpoint", R_ADMIN, W, NULL, audit_checkpoint },
	{ "dk.civic.audit.List", R_ADMIN, 0, NULL, audit_list },
	{ "dk.civic.audit.Verify", R_ADMIN, 0, NULL, audit_verify },
	{ "dk.civic.core.Authenticate", R_ANYONE, O, NULL, core_authenticate },
	{ "dk.civic.core.Status", R_USERS, 0, NULL, core_status },
	{ "dk.civic.core.Whoami", R_ANYONE, O, NULL, core_whoami },
	{ "dk.civic.fund.AcceptAccounts", R_ADMIN, W, NULL,
	    fund_accept_accounts },
	{ "dk.civic.fund.Approve", R_ADMIN, W, NULL, fund_approve },
	{ "dk.civic.fund.CloseYear", R_ADMIN, W, NULL, fund_close_year },
	{ "dk.civic.fund.CreateApplication", R_APPL, W, NULL,
	    fund_create_application },
	{ "dk.civic.fund.DeclareConflict", R_ADMIN, W, NULL,
	    fund_declare_conflict },
	{ "dk.civic.fund.DeleteApplication", R_APPL, W, NULL,
	    fund_delete_application },
	{ "dk.civic.fund.EditApplication", R_APPL, W, NULL,
	    fund_edit_application },
	{ "dk.civic.fund.ImportApplications", R_ADMIN, W, NULL,
	    fund_import_applications },
	{ "dk.civic.fund.ListApplications", R_ADMIN | R_APPL, P, "applications",
	    fund_list_applications },
	{ "dk.civic.fund.RecordApplication", R_ADMIN, W, NULL,
	    fund_record_application },
	{ "dk.civic.fund.RecordPayment", R_ADMIN, W, NULL,
	    fund_record_payment },
	{ "dk.civic.fund.RecordRepayment", R_ADMIN, W, NULL,
	    fund_record_repayment },
	{ "dk.civic.fund.Reject", R_ADMIN, W, NULL, fund_reject },
	{ "dk.civic.fund.RequestInformation", R_ADMIN, W, NULL,
	    fund_request_information },
	{ "dk.civic.fund.ReturnAccounts", R_ADMIN, W, NULL,
	    fund_return_accounts },
	{ "dk.civic.fund.ReversePayment", R_ADMIN, W, NULL,
	    fund_reverse_payment },
	{ "dk.civic.fund.Revoke", R_ADMIN, W, NULL, fund_revoke },
	{ "dk.civic.fund.SetYear", R_ADMIN, W, NULL, fund_set_year },
	{ "dk.civic.fund.ShowApplication", R_ADMIN | R_APPL, P, "application",
	    fund_show_application },
	{ "dk.civic.fund.ShowYear", R_USERS, 0, NULL, fund_show_year },
	{ "dk.civic.fund.SubmitAccounts", R_APPL, W, NULL,
	    fund_submit_accounts },
	{ "dk.civic.fund.SubmitApplication", R_APPL, W, NULL,
	    fund_submit_application },
	{ "dk.civic.fund.WithdrawApplication", R_APPL, W, NULL,
	    fund_withdraw_application },
	{ "dk.civic.meetings.Cancel", R_STAFF, W, NULL, meetings_cancel },
	{ "dk.civic.meetings.CancelRegistration", R_STAFF, W | P,
	    "registration", meetings_cancel_registration },
	{ "dk.civic.meetings.CheckIn", R_STAFF, W | P, "registration",
	    meetings_check_in },
	{ "dk.civic.meetings.Close", R_STAFF, W, NULL, meetings_close },
	{ "dk.civic.meetings.Create", R_STAFF, W, NULL, meetings_create },
	{ "dk.civic.meetings.DoorList", R_STAFF, P, "meeting",
	    meetings_door_list },
	{ "dk.civic.meetings.Edit", R_STAFF, W | P, "meeting", meetings_edit },
	{ "dk.civic.meetings.EditRegistration", R_STAFF, W | P, "registration",
	    meetings_edit_registration },
	{ "dk.civic.meetings.ImportRegistrations", R_STAFF, W | P, "meeting",
	    meetings_import_registrations },
	{ "dk.civic.meetings.List", R_ANYONE, 0, NULL, meetings_list },
	{ "dk.civic.meetings.ListRegistrations", R_STAFF, P, "meeting",
	    meetings_list_registrations },
	{ "dk.civic.meetings.PublicKey", R_ANYONE, 0, NULL,
	    meetings_public_key },
	{ "dk.civic.meetings.Register", R_STAFF, W, NULL, meetings_register },
	{ "dk.civic.meetings.Revoked", R_STAFF, 0, NULL, meetings_revoked },
	{ "dk.civic.meetings.Schedule", R_STAFF, W, NULL, meetings_schedule },
	{ "dk.civic.meetings.Show", R_STAFF, 0, NULL, meetings_show },
	{ "dk.civic.meetings.ShowRegistration", R_STAFF, P, "registration",
	    meetings_show_registration },
	{ "dk.civic.privacy.Erase", R_ADMIN, W, NULL, privacy_erase },
	{ "dk.civic.privacy.Export", R_ADMIN, P, "person", privacy_export },
	{ "dk.civic.privacy.Purge", R_ADMIN, W | S, NULL, privacy_purge },
	{ "org.varlink.service.GetInfo", R_ANYONE, 0, NULL, service_get_info },
	{ "org.varlink.service.GetInterfaceDescription", R_ANYONE, 0, NULL,
	    service_get_interface_description },
};

#undef W
#undef P
#undef S
#undef O

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

/* --- the parameters of each method, from the IDL --- */

#define METHOD_FIELDS_MAX 31

static const char *method_field_list[sizeof method_table /
    sizeof method_table[0]][METHOD_FIELDS_MAX + 1];
static char method_field_pool[16384];
static size_t method_field_used;
static bool method_fields_taken;

/* Skips blanks, new lines and "#" comments. */
static const char *
method_idl_skip(const char *p)
{
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (*p != '#')
			return p;
		p += strcspn(p, "\n");
	}
}

/*
 * Reads the names of the parameters between the "(" at p and its ")"
 * into list (NULL ended), copying them to the pool. Returns 0, or -1 if
 * the text is not what it should be or there are too many.
 */
static int
method_idl_params(const char *p, const char **list)
{
	size_t n = 0, len;
	int depth = 1;
	bool name = true;

	for (p++; depth > 0; p++) {
		p = method_idl_skip(p);
		if (*p == '\0')
			return -1;
		if (depth == 1 && name && *p != ')') {
			len = strcspn(p, ": \t\r\n),");
			if (len == 0 || p[len] != ':' ||
			    n == METHOD_FIELDS_MAX ||
			    method_field_used + len + 1 >
				sizeof method_field_pool)
				return -1;
			list[n++] = memcpy(method_field_pool +
				method_field_used,
			    p, len);
			method_field_pool[method_field_used + len] = '\0';
			method_field_used += len + 1;
			p += len;
			name = false;
		} else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == ',' && depth == 1)
			name = true;
	}
	list[n] = NULL;
	return 0;
}

/*
 * Walks one IDL text: every "method Name(" must have an entry in the
 * table, whose parameters it sets; marks the entries it found in seen.
 */
static int
method_idl_walk(const char *idl, bool *seen, char *err, size_t errlen)
{
	static const char *const kinds[] = { "type ", "error ", "method ",
		NULL };
	const char *p = idl, *iface = NULL, *names[256];
	const struct method *m;
	size_t ilen = 0, mlen, lens[256], n = 0, i, k;
	char full[160];

	while (*(p = method_idl_skip(p)) != '\0') {
		/* Types, errors and methods share one namespace (the varlink
		 * spec): a name declared twice fails other clients' parsers. */
		for (k = 0; kinds[k] != NULL; k++) {
			if (strncmp(p, kinds[k], strlen(kinds[k])) != 0)
				continue;
			names[n] = p + strlen(kinds[k]);
			lens[n] = strcspn(names[n], " (");
			for (i = 0; i < n; i++) {
				if (lens[i] == lens[n] &&
				    strncmp(names[i], names[n], lens[n]) == 0) {
					snprintf(err, errlen,
					    "an IDL in schema/ declares %.*s "
					    "twice",
					    (int)lens[n], names[n]);
					return -1;
				}
			}
			if (n + 1 < sizeof names / sizeof names[0])
				n++;
		}
		if (strncmp(p, "interface ", 10) == 0) {
			iface = p + 10;
			ilen = strcspn(iface, " \t\r\n");
		} else if (strncmp(p, "method ", 7) == 0 && iface != NULL) {
			mlen = strcspn(p + 7, " (");
			snprintf(full, sizeof full, "%.*s.%.*s", (int)ilen,
			    iface, (int)mlen, p + 7);
			if ((m = method_find(full)) == NULL) {
				snprintf(err, errlen,
				    "the IDL declares %s, but the method table "
				    "has no entry for it",
				    full);
				return -1;
			}
			seen[m - method_table] = true;
			if (method_idl_params(p + 7 + mlen,
				method_field_list[m - method_table]) != 0) {
				snprintf(err, errlen,
				    "%s: cannot read its parameters from the IDL",
				    full);
				return -1;
			}
		}
		p += strcspn(p, "\n");
	}
	if (iface == NULL) {
		snprintf(err, errlen,
		    "an IDL in schema/ has no interface line");
		return -1;
	}
	return 0;
}

int
method_check_table(char *err, size_t errlen)
{
	bool seen[sizeof method_table / sizeof method_table[0]] = { false };
	const struct method *m;
	size_t i;

	for (i = 1; i < method_count; i++) {
		if (strcmp(method_table[i - 1].name, method_table[i].name) >=
		    0) {
			snprintf(err, errlen,
			    "the method table is not sorted at %s",
			    method_table[i].name);
			return -1;
		}
	}
	for (i = 0; i < method_count; i++) {
		m = &method_table[i];
		if (((m->flags & M_PERSONAL) != 0) != (m->subject != NULL)) {
			snprintf(err, errlen,
			    "%s: a method that shows personal data names its "
			    "subject, and only such a method",
			    m->name);
			return -1;
		}
	}
	method_field_used = 0;
	for (i = 0; i < schema_interfaces_count; i++)
		if (method_idl_walk(schema_interfaces[i].text, seen, err,
			errlen) != 0)
			return -1;
	for (i = 0; i < method_count; i++) {
		if (!seen[i]) {
			snprintf(err, errlen,
			    "the method table has %s, but no IDL in schema/ "
			    "declares it",
			    method_table[i].name);
			return -1;
		}
	}
	method_fields_taken = true;
	return 0;
}

const char *const *
method_fields(const struct method *m)
{
	char err[256];

	if (!method_fields_taken && method_check_table(err, sizeof err) != 0)
		fatal("%s", err);
	return method_field_list[m - method_table];
}

/* --- replies --- */

/* Sends msg; NULL (a reply that could not be built for want of memory)
 * too: the sink then tells the caller civicd failed. */
static void
method_send(struct reply_sink *sink, json_t *msg)
{
	if (sink->held > 0)
		group_hold(sink, msg, false); /* in order, behind them */
	else
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

static json_t *
method_error_msg(enum civic_err err, json_t *params)
{
	return json_pack("{s:s, s:o}", "error", civic_err_name(err),
	    "parameters", params != NULL ? params : json_object());
}

void
method_send_refusal(struct reply_sink *sink, const struct refusal *r)
{
	method_seen(r);
	method_send(sink,
	    method_error_msg(reason_err(r->reason), refusal_params(r)));
}

json_t *
method_refusal_msg(enum reason id)
{
	struct refusal r;

	REFUSE0(&r, id);
	method_seen(&r);
	return method_error_msg(reason_err(id), refusal_params(&r));
}

static void
method_protocol_error(struct reply_sink *sink, enum reason id, int64_t n)
{
	struct refusal r;

	REFUSE(&r, id, FN(n));
	method_send_refusal(sink, &r);
}

/* --- the call's helpers, for handlers --- */

static bool call_disclose(struct call *c);

enum civic_err
call_reply(struct call *c, json_t *p)
{
	const char *key;
	json_t *v;

	/* A handler passes what json_pack made: NULL is out of memory. */
	if (p == NULL)
		return CIVIC_E_INTERNAL;
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

	if (c->lost) { /* the call has failed already */
		json_decref(item);
		return;
	}
	if (c->reply == NULL && (c->reply = json_object()) == NULL) {
		c->lost = true;
		json_decref(item);
		return;
	}
	if ((list = json_object_get(c->reply, key)) == NULL &&
	    json_object_set_new(c->reply, key, list = json_array()) != 0)
		list = NULL;
	/* An item lost to memory would make the list a lie: the call
	 * fails instead (method_run). */
	if (item == NULL || list == NULL ||
	    json_array_append_new(list, item) != 0) {
		if (list == NULL)
			json_decref(item);
		c->lost = true;
		return;
	}
	if (c->more && json_array_size(list) >= CALL_LIST_CHUNK) {
		if (!call_disclose(c)) {
			json_array_clear(list); /* shown to no one */
			return;
		}
		/* The sink owns what it is given: the next chunk starts in
		 * a new object, never in the one just sent. */
		json_t *next = json_copy(c->reply), *msg = NULL;

		if (next == NULL ||
		    json_object_set_new(next, key, json_array()) != 0 ||
		    (!c->oneway &&
			(msg = json_pack("{s:O, s:b}", "parameters", c->reply,
			     "continues", 1)) == NULL)) {
			json_decref(next);
			c->lost = true;
			return;
		}
		if (msg != NULL)
			method_send(c->sink, msg);
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

struct call_pages {
	struct civicd *d;
	json_t *head;
	const char *key;
	call_page_fn *read;
	void (*free)(void *);
	void *state;
	json_t *page;
	json_t *carry; /* the item read past the last page */
};

static void
call_pages_free(void *arg)
{
	struct call_pages *pg = arg;

	if (pg->free != NULL)
		pg->free(pg->state);
	json_decref(pg->head);
	json_decref(pg->carry);
	free(pg);
}

static enum civic_err
call_pages_read(struct store *s, void *arg)
{
	struct call_pages *pg = arg;

	/* One past the page, to know whether another follows. */
	return pg->read(s, pg->state, pg->page,
	    CALL_LIST_CHUNK + 1 - json_array_size(pg->page));
}

static int
call_pages_next(void *arg, struct reply_sink *sink)
{
	struct call_pages *pg = arg;
	json_t *reply;

	if ((pg->page = json_array()) == NULL ||
	    (pg->carry != NULL &&
		json_array_append_new(pg->page, pg->carry) != 0)) {
		pg->carry = NULL;
		goto fail;
	}
	pg->carry = NULL;
	if (group_read(pg->d, call_pages_read, pg) != CIVIC_OK)
		goto fail;
	if (json_array_size(pg->page) > CALL_LIST_CHUNK) {
		pg->carry = json_incref(json_array_get(pg->page,
		    CALL_LIST_CHUNK));
		json_array_remove(pg->page, CALL_LIST_CHUNK);
	}
	if ((reply = json_copy(pg->head)) == NULL ||
	    json_object_set_new(reply, pg->key, pg->page) != 0) {
		json_decref(reply);
		pg->page = NULL;
		call_stream_fail(sink, R_INTERNAL);
		return 0;
	}
	pg->page = NULL;
	call_stream_send(sink, reply, pg->carry != NULL);
	return pg->carry != NULL;
fail:
	json_decref(pg->page);
	pg->page = NULL;
	call_stream_fail(sink, R_INTERNAL);
	return 0;
}

enum civic_err
call_pages(struct call *c, json_t *head, const char *key, call_page_fn *read,
    void (*free_state)(void *), void *state)
{
	struct call_pages *pg = calloc(1, sizeof *pg);
	enum civic_err err = CIVIC_E_INTERNAL;
	json_t *list;

	if (pg == NULL || head == NULL) {
		json_decref(head);
		if (free_state != NULL)
			free_state(state);
		free(pg);
		return CIVIC_E_INTERNAL;
	}
	*pg = (struct call_pages){ c->d, head, key, read, free_state, state,
		NULL, NULL };
	if (!c->more) { /* whole, in the call's transaction */
		if ((list = json_array()) != NULL &&
		    json_object_set_new(head, key, list) == 0 &&
		    (err = read(c->d->store, state, list, SIZE_MAX)) ==
			CIVIC_OK)
			err = call_reply(c, json_incref(head));
		call_pages_free(pg);
		return err;
	}
	/* A personal list's access-log row is the dispatcher's, written in
	 * the call's transaction, before the first page is read. */
	if (c->m != NULL && (c->m->flags & M_PERSONAL))
		store_note_personal(c->d->store);
	call_stream(c, call_pages_next, call_pages_free, pg);
	return CIVIC_OK;
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

void
call_keep_refusal(struct call *c)
{
	c->keep_refusal = true;
}

int
call_dry_run(struct call *c, struct jerr *e)
{
	return jfield_bool(c->params, "dry_run", JF_OPTIONAL, &c->dry_run, e);
}

void
call_subject(struct call *c, const char *kind, int64_t id)
{
	struct call_subject *more;

	more = reallocarray(c->subjects, c->nsubjects + 1, sizeof *more);
	if (more == NULL) {
		c->undisclosable = true;
		return;
	}
	c->subjects = more;
	more[c->nsubjects].kind = kind != NULL ? kind : c->m->subject;
	more[c->nsubjects++].id = id;
}

/* True if the caller got in as an applicant alone: it reads its own. */
static bool
call_as_owner(const struct call *c)
{
	return (c->m->roles & c->who->roles) == ROLE_APPLICANT;
}

/*
 * Before the first of an M_PERSONAL call's data leaves: the access log's
 * rows, in the call's transaction. False if they cannot be written; then
 * nothing may be shown.
 */
static bool
call_disclose(struct call *c)
{
	struct store *s = c->d->store;
	size_t i;

	if (c->disclosed)
		return !c->undisclosable;
	c->disclosed = true;
	if (c->m == NULL || !(c->m->flags & M_PERSONAL) || call_as_owner(c) ||
	    c->undisclosable)
		return !c->undisclosable;
	if (c->nsubjects == 0 &&
	    store_access_log(s, c->who, c->method, c->m->subject, 0, false) !=
		CIVIC_OK)
		c->undisclosable = true;
	for (i = 0; i < c->nsubjects && !c->undisclosable; i++)
		if (store_access_log(s, c->who, c->method, c->subjects[i].kind,
			c->subjects[i].id, false) != CIVIC_OK)
			c->undisclosable = true;
	return !c->undisclosable;
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
	static const char *const flags[] = { "oneway", "more", "upgrade",
		NULL };
	json_t *v;
	size_t i;

	if (!json_is_object(msg)) {
		*why = R_PROTO_NOT_OBJECT;
		return -1;
	}
	/* A key the envelope does not know is ignored, as the varlink
	 * spec lets a newer peer add some; the flags must be flags. */
	for (i = 0; flags[i] != NULL; i++) {
		v = json_object_get(msg, flags[i]);
		if (v != NULL && !json_is_boolean(v)) {
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
	/* parameters is ?object: null, as other clients send for a method
	 * without input, is none. */
	v = json_object_get(msg, "parameters");
	if (json_is_null(v))
		v = NULL;
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
	if (call_refused_often(c))
		return CIVIC_E_TOO_MANY_REFUSALS;
	log_notice("uid %u: token of this connection no longer valid",
	    (unsigned)c->who->uid);
	return CALL_REFUSE0(c, R_TOKEN_REVOKED);
}

/*
 * Refusals per uid in the current minute. A uid that goes past the limit
 * is refused without any work (no access-log row, no log line) until the
 * minute is over; the log has one line for the minute, with the count,
 * not one a refusal.
 */
#define METHOD_REFUSALS_PER_MINUTE 120

static struct method_refusals {
	uid_t uid;
	bool used;
	int64_t since_ms;
	unsigned count;
} method_refusals[64];

/* Ends r's minute: one line if it went past the limit. */
static unsigned
method_refusals_end(struct method_refusals *r, int64_t now)
{
	unsigned logged = 0;

	if (r->count > METHOD_REFUSALS_PER_MINUTE) {
		log_notice("uid %u: %u calls refused in the last minute",
		    (unsigned)r->uid, r->count);
		logged = 1;
	}
	r->count = 0;
	r->since_ms = now;
	return logged;
}

unsigned
method_refusals_tick(int64_t now_ms)
{
	unsigned logged = 0;
	size_t i;

	for (i = 0; i < sizeof method_refusals / sizeof method_refusals[0];
	     i++) {
		struct method_refusals *r = &method_refusals[i];

		if (r->used && now_ms - r->since_ms >= 60000) {
			logged += method_refusals_end(r, now_ms);
			r->used = false;
		}
	}
	return logged;
}

static struct method_refusals *
method_refusals_of(uid_t uid)
{
	struct method_refusals *r, *slot = &method_refusals[0];
	int64_t now = clock_mono_ms();
	size_t i;

	for (i = 0; i < sizeof method_refusals / sizeof method_refusals[0];
	     i++) {
		r = &method_refusals[i];
		if (r->used && r->uid == uid)
			break;
		if (!r->used || r->since_ms < slot->since_ms)
			slot = r;
	}
	if (i == sizeof method_refusals / sizeof method_refusals[0]) {
		r = slot;
		r->used = true;
		r->uid = uid;
		r->count = 0;
		r->since_ms = now;
	}
	if (now - r->since_ms >= 60000)
		method_refusals_end(r, now);
	return r;
}

bool
call_refused_often(struct call *c)
{
	struct method_refusals *r = method_refusals_of(c->who->uid);

	if (++r->count <= METHOD_REFUSALS_PER_MINUTE)
		return false;
	if (r->count == METHOD_REFUSALS_PER_MINUTE + 1)
		log_notice("uid %u: more than %d calls refused in a minute; "
			   "refusing it without looking until the minute is "
			   "over",
		    (unsigned)c->who->uid, METHOD_REFUSALS_PER_MINUTE);
	CALL_REFUSE(c, R_TOO_MANY_REFUSALS, FN(METHOD_REFUSALS_PER_MINUTE));
	return true;
}

/* The id a refused call of a personal-data method names, if any. */
static int64_t
method_named_subject(const struct call *c)
{
	json_t *v = json_object_get(c->params, "id");

	if (!json_is_integer(v))
		v = json_object_get(c->params, "meeting");
	return json_is_integer(v) && json_integer_value(v) > 0
	    ? json_integer_value(v)
	    : 0;
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
	if (call_refused_often(c))
		return CIVIC_E_TOO_MANY_REFUSALS;
	log_notice("uid %u (%s) refused %s: needs %s, has %s",
	    (unsigned)c->who->uid, c->who->user[0] ? c->who->user : "?",
	    m->name, auth_roles_str(m->roles, need, sizeof need),
	    auth_roles_str(c->who->roles, have, sizeof have));
	/* A refused read of a person's data is in the access log, with the
	 * record it named. */
	if (m->flags & M_PERSONAL)
		store_access_log(c->d->store, c->who, m->name, m->subject,
		    method_named_subject(c), true);
	return CALL_REFUSE(c, R_PERMISSION_DENIED, FS(m->name), FN(m->roles),
	    FN(c->who->roles));
}

/* Refuses any parameter the method's IDL does not declare. */
static enum civic_err
method_check_fields(struct call *c, const struct method *m)
{
	struct jerr e = { 0 };

	if (jfield_object(c->params, "parameters", method_fields(m), &e) != 0)
		return call_invalid(c, &e);
	return CIVIC_OK;
}

/*
 * In test builds, notes what a call that succeeded did, for the suite to
 * prove the method's flags against (tests/integration/methods.py).
 */
static void
method_note(const struct method *m, const struct store_call_note *n)
{
#if CIVIC_TEST_CLOCK
	const char *path = getenv("CIVIC_REASONS_SEEN");
	int fd;

	if (path == NULL || path[0] == '\0' ||
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) <
		0)
		return;
	dprintf(fd, "call %s flags=%s%s%s wrote=%d personal=%d\n", m->name,
	    m->flags & M_WRITE ? "W" : "-", m->flags & M_PERSONAL ? "P" : "-",
	    m->flags & M_OWN ? "O" : "-", n->changes > 0, n->personal);
	close(fd);
#else
	(void)m;
	(void)n;
#endif
}

/*
 * Runs the handler in the call's one transaction: a write method's is a
 * savepoint in the turn's group commit (group.h; BEGIN IMMEDIATE where
 * there is no event loop), any other's a read SQLite refuses to let
 * write. The access log's rows for what the call shows are written in
 * it, and it is committed before the reply is sent: a reply that says
 * done means committed, and a failed call leaves the database as it was.
 */
static enum civic_err
method_run(struct call *c, const struct method *m)
{
	struct store_call_note note;
	enum civic_err err;

	c->m = m;
	/* A write joins the turn's group commit; anything else must not
	 * see what the group has not committed, nor overtake its replies. */
	if ((m->flags & (M_WRITE | M_STREAM)) == M_WRITE)
		c->grouped = group_join(c->d);
	else
		(void)group_commit(c->d);
	/* A stream's data is made by its handler (a backup's copy, which
	 * SQLite cannot take inside a write transaction), so its record is
	 * committed first, and is in the copy. */
	if ((m->flags & M_STREAM) && !call_disclose(c))
		return CALL_REFUSE0(c, R_ACCESS_LOG);
	if (store_call_begin(c->d->store, m->flags & M_WRITE) != CIVIC_OK)
		return CIVIC_E_INTERNAL;
	err = m->fn(c);
	if (err == CIVIC_OK && c->lost)
		err = CIVIC_E_INTERNAL;
	if (err == CIVIC_OK && !call_disclose(c)) {
		json_decref(c->reply);
		c->reply = NULL;
		err = CALL_REFUSE0(c, R_ACCESS_LOG);
	}
	/* A dry run did all it would and replied: it keeps nothing. */
	if (err == CIVIC_OK && c->dry_run) {
		store_call_end(c->d->store, CIVIC_E_INVALID_STATE, &note);
		if (json_object_set_new(c->reply, "dry_run", json_true()) != 0)
			err = CIVIC_E_INTERNAL;
		return err;
	}
	/* A refusal that is recorded (a refused check-in) keeps its record:
	 * the store undid the rest. */
	if (err != CIVIC_OK && !c->keep_refusal)
		store_call_end(c->d->store, err, &note);
	else if (store_call_end(c->d->store, CIVIC_OK, &note) != CIVIC_OK)
		err = CIVIC_E_INTERNAL;
	if (err == CIVIC_OK)
		method_note(m, &note);
	return err;
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
		if (json_error_code(&jerr) == json_error_out_of_memory)
			method_protocol_error(sink, R_PROTO_MEMORY, 0);
		else
			method_protocol_error(sink, R_PROTO_JSON,
			    jerr.position);
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
	    (err = method_permission(&c, m)) == CIVIC_OK &&
	    (err = method_check_fields(&c, m)) == CIVIC_OK) {
		err = method_run(&c, m);
		log_debug("uid %u: %s: %s", (unsigned)who->uid, c.method,
		    err == CIVIC_OK ? "ok" : civic_err_name(err));
	}

	if (err != CIVIC_OK && c.stream.free != NULL) {
		c.stream.free(c.stream.state);
		c.stream.next = NULL;
	}
	if (err == CIVIC_OK && c.stream.next != NULL) {
		/* The handler's answer comes in pieces. */
		struct call_stream *st = malloc(sizeof *st);

		if (c.oneway || st == NULL) {
			if (c.stream.free != NULL)
				c.stream.free(c.stream.state);
			free(st);
			if (st == NULL && !c.oneway)
				call_stream_fail(sink, R_INTERNAL);
		} else {
			*st = c.stream;
			sink->stream = st;
			if (!sink->async) {
				while (st->next(st->state, sink) != 0)
					;
				call_stream_end(sink);
			}
		}
		c.oneway = true; /* nothing more to send here */
	}
	if (!c.oneway) {
		json_t *out;

		if (err == CIVIC_OK)
			out = json_pack("{s:o}", "parameters",
			    c.reply != NULL ? c.reply : json_object());
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
			out = method_error_msg(err, c.error);
		}
		c.reply = c.error = NULL;
		/* A grouped call's reply waits for the group's commit. */
		if (c.grouped)
			group_hold(sink, out, true);
		else
			method_send(sink, out);
	}
	json_decref(c.reply);
	json_decref(c.error);
	json_decref(params);
	json_decref(root);
	free(c.subjects);
	return 0;
}
