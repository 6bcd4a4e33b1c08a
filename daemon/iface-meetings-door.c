/*
 * iface-meetings-door.c - dk.civic.meetings at the door: registering people,
 * their codes and signed tickets, cancelling, checking in, the door list, and
 * the public key that lets a door check tickets offline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iface-meetings.h"
#include "iface.h"
#include "log.h"
#include "ticket.h"
#include "timefmt.h"
#include "validate.h"

json_t *
meetings_registration_json(const struct civicd *d, const struct registration *g)
{
	char tbuf[TICKET_BUFSZ];
	struct ticket t;
	json_t *o = json_object(), *needs = json_array();
	size_t i;

	jfield_put_int(o, "id", g->id);
	jfield_put_int(o, "meeting", g->meeting_id);
	jfield_put_str(o, "status", reg_status_names[g->status]);
	jfield_put_int(o, "seats", g->seats);
	jfield_put_str(o, "code", g->code[0] != '\0' ? g->code : NULL);
	/* A ticket only for a live confirmation; a cancelled one is revoked. */
	t.meeting = (uint32_t)g->meeting_id;
	t.registration = (uint32_t)g->id;
	t.seats = (uint8_t)(g->seats < 255 ? g->seats : 255);
	snprintf(t.code, sizeof t.code, "%s", g->code);
	if (g->status == REG_CONFIRMED &&
	    ticket_sign(&t, d->ticket_key.sk, tbuf) == 0)
		jfield_put_str(o, "ticket", tbuf);
	else
		jfield_put_str(o, "ticket", NULL);
	if (g->position > 0)
		jfield_put_int(o, "position", g->position);
	else
		jfield_put_str(o, "position", NULL);
	jfield_put_str(o, "name", g->name);
	jfield_put_str(o, "email", g->email);
	jfield_put_str(o, "phone", g->phone);
	jfield_put_str(o, "language", g->language);
	for (i = 0; i < g->nneeds; i++)
		json_array_append_new(needs, json_string(g->needs[i]));
	json_object_set_new(o, "needs", needs);
	jfield_put_str(o, "accessibility", g->accessibility);
	jfield_put_int(o, "childcare", g->childcare);
	jfield_put_str(o, "note", g->note);
	json_object_set_new(o, "consent", json_boolean(g->consent));
	json_object_set_new(o, "walk_in", json_boolean(g->walk_in));
	json_object_set_new(o, "forced", json_boolean(g->forced));
	jfield_put_time(o, "created", g->created);
	if (g->checked_in != 0)
		jfield_put_time(o, "checked_in", g->checked_in);
	else
		jfield_put_str(o, "checked_in", NULL);
	json_object_set_new(o, "erased", json_boolean(g->erased));
	return o;
}

json_t *
meetings_promoted_json(const struct civicd *d, const struct promoted *p)
{
	json_t *o = json_pack("{s:i, s:[]}", "promoted", p->n, "moved_up");
	struct registration *g;
	int i;

	for (i = 0; i < p->n && i < PROMOTED_MAX; i++) {
		if (store_registration_get(d->store, p->ids[i], &g) != CIVIC_OK)
			continue;
		json_array_append_new(json_object_get(o, "moved_up"),
		    meetings_registration_json(d, g));
		registration_free(g);
	}
	return o;
}

enum civic_err
meetings_reply_registration(struct call *c, int64_t id, json_t *extra)
{
	struct registration *g;
	enum civic_err err;
	json_t *r;

	if ((err = store_registration_get(c->d->store, id, &g)) != CIVIC_OK) {
		json_decref(extra);
		return err == CIVIC_E_NOT_FOUND
		    ? call_not_found(c, "registration", id)
		    : err;
	}
	r = json_pack("{s:o}", "registration",
	    meetings_registration_json(c->d, g));
	registration_free(g);
	if (extra != NULL)
		json_object_update(r, extra);
	json_decref(extra);
	return call_reply(c, r);
}

/* An optional single-line string copied into a struct field. */
static int
door_opt(const json_t *p, const char *key, unsigned flags, size_t max,
    const char **out, struct jerr *e)
{
	*out = NULL;
	return jfield_string(p, key, JF_OPTIONAL | flags, 1, max, out, e);
}

static int
door_parse(const json_t *p, struct reg_fields *f, char email[256],
    char phone[VALIDATE_PHONE_BUFSZ], struct jerr *e)
{
	const json_t *needs, *n;
	const char *raw;
	size_t i, j;
	int got, kind;

	memset(f, 0, sizeof *f);
	f->seats = 1;
	if (jfield_string(p, "name", 0, 1, 200, &f->name, e) < 0 ||
	    door_opt(p, "email", 0, VALIDATE_EMAIL_MAX, &raw, e) < 0)
		return -1;
	if (raw != NULL) {
		if (!validate_email(raw))
			return JFAIL0(e, "email", R_NOT_EMAIL);
		for (i = 0; raw[i] != '\0' && i < 255; i++)
			email[i] = (char)((raw[i] >= 'A' && raw[i] <= 'Z')
				? raw[i] - 'A' + 'a'
				: raw[i]);
		email[i] = '\0';
		f->email = email;
	}
	if (door_opt(p, "phone", 0, 40, &raw, e) < 0)
		return -1;
	if (raw != NULL) {
		if (!validate_phone(raw, phone))
			return JFAIL0(e, "phone", R_NOT_PHONE);
		f->phone = phone;
	}
	if (jfield_int(p, "seats", JF_OPTIONAL, 1, 50, &f->seats, e) < 0 ||
	    door_opt(p, "language", 0, 40, &f->language, e) < 0 ||
	    door_opt(p, "accessibility", JF_MULTILINE, 500, &f->accessibility,
		e) < 0 ||
	    jfield_int(p, "childcare", JF_OPTIONAL, 0, 20, &f->childcare, e) <
		0 ||
	    door_opt(p, "note", JF_MULTILINE, 1000, &f->note, e) < 0 ||
	    jfield_bool(p, "consent", JF_OPTIONAL, &f->consent, e) < 0 ||
	    jfield_bool(p, "walk_in", JF_OPTIONAL, &f->walk_in, e) < 0 ||
	    jfield_bool(p, "force", JF_OPTIONAL, &f->force, e) < 0 ||
	    (got = jfield_array(p, "needs", JF_OPTIONAL, 0, REG_MAX_NEEDS,
		 &needs, e)) < 0)
		return -1;
	if (got == 1) {
		json_array_foreach(needs, i, n)
		{
			char key[40];
			json_t *holder = json_pack("{s:O}", "need", n);

			snprintf(key, sizeof key, "needs[%zu]", i);
			if (jfield_enum(holder, "need", 0, need_kind_names,
				&kind, e) < 0) {
				json_decref(holder);
				snprintf(e->parameter, sizeof e->parameter,
				    "%s", key);
				return -1;
			}
			json_decref(holder);
			for (j = 0; j < f->nneeds; j++) {
				if (strcmp(f->needs[j],
					need_kind_names[kind]) == 0)
					return JFAIL0(e, key, R_TWICE);
			}
			f->needs[f->nneeds++] = need_kind_names[kind];
		}
	}
	if (!f->walk_in && f->email == NULL && f->phone == NULL)
		return JFAIL0(e, "email", R_REGISTRANT_CONTACT);
	return 0;
}

enum civic_err
meetings_register(struct call *c)
{
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	struct meeting_refusal r;
	struct reg_fields f;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t meeting, id;

	if (jfield_int(c->params, "meeting", 0, 1, INT64_MAX, &meeting, &e) <
		0 ||
	    door_parse(c->params, &f, email, phone, &e) != 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	err = store_register(c->d->store, c->who, meeting, &f, &c->d->meetings,
	    &id, &r);
	if (err == CIVIC_E_MEETING_FULL && !r.has_why)
		return CALL_REFUSE(c, R_MEETING_FULL,
		    FN(r.free_seats > 0 ? r.free_seats : 0), FN(f.seats));
	if (err != CIVIC_OK)
		return meetings_refused(c, err, meeting, &r,
		    R_MEETING_REGISTER);
	return meetings_reply_registration(c, id, NULL);
}

enum civic_err
meetings_import_registrations(struct call *c)
{
	static const char *const fields[] = { "name", "email", "phone", "seats",
		"language", "needs", "accessibility", "childcare", "note",
		"consent", NULL };
	char email[256], phone[VALIDATE_PHONE_BUFSZ], scope[32];
	const json_t *records, *o;
	struct meeting_refusal r;
	struct registration *g;
	struct reg_fields f;
	struct jerr e = { 0 };
	enum civic_err err;
	int64_t meeting, id;
	json_t *list;
	size_t i;

	if (jfield_int(c->params, "meeting", 0, 1, INT64_MAX, &meeting, &e) <
		0 ||
	    jfield_array(c->params, "records", 0, 1, 5000, &records, &e) < 0 ||
	    call_dry_run(c, &e) < 0)
		return call_invalid(c, &e);
	/* Every field of every record before anything is stored. */
	json_array_foreach(records, i, o)
	{
		snprintf(scope, sizeof scope, "records[%zu].", i);
		e.scope = scope;
		if (jfield_object(o, "", fields, &e) != 0 ||
		    door_parse(o, &f, email, phone, &e) != 0)
			return call_invalid(c, &e);
	}
	/* In the call's one transaction: the first refused undoes them all. */
	if ((list = json_array()) == NULL)
		return CIVIC_E_INTERNAL;
	json_array_foreach(records, i, o)
	{
		(void)door_parse(o, &f, email, phone, &e); /* read above */
		err = store_register(c->d->store, c->who, meeting, &f,
		    &c->d->meetings, &id, &r);
		if (err == CIVIC_OK)
			err = store_registration_get(c->d->store, id, &g);
		if (err != CIVIC_OK) {
			json_decref(list);
			if (err == CIVIC_E_MEETING_FULL && !r.has_why)
				return CALL_REFUSE(c, R_MEETING_FULL,
				    FN(r.free_seats > 0 ? r.free_seats : 0),
				    FN(f.seats));
			return meetings_refused(c, err, meeting, &r,
			    R_MEETING_REGISTER);
		}
		json_array_append_new(list,
		    meetings_registration_json(c->d, g));
		registration_free(g);
	}
	if (!c->dry_run)
		log_notice(
		    "uid %u imported %zu registrations into meeting %lld",
		    (unsigned)c->who->uid, json_array_size(list),
		    (long long)meeting);
	call_subject(c, NULL, meeting);
	return call_reply(c, json_pack("{s:o}", "registrations", list));
}

/* Reads the "id" of a registration, with fields allowed. */
static enum civic_err
door_reg_id(struct call *c, int64_t *id)
{
	struct jerr e = { 0 };

	if (jfield_int(c->params, "id", 0, 1, INT64_MAX, id, &e) < 0)
		return call_invalid(c, &e);
	return CIVIC_OK;
}

enum civic_err
meetings_show_registration(struct call *c)
{
	enum civic_err err;
	int64_t id;

	if ((err = door_reg_id(c, &id)) != CIVIC_OK)
		return err;
	call_subject(c, NULL, id);
	return meetings_reply_registration(c, id, NULL);
}

enum civic_err
meetings_cancel_registration(struct call *c)
{
	struct meeting_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reason = NULL;
	int64_t id;
	struct promoted promoted;

	if ((err = door_reg_id(c, &id)) != CIVIC_OK)
		return err;
	if (jfield_string(c->params, "reason", JF_OPTIONAL | JF_MULTILINE, 1,
		1000, &reason, &e) < 0)
		return call_invalid(c, &e);
	err = store_registration_cancel(c->d->store, c->who, id, reason,
	    &promoted, &r);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "registration", id);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_EDIT);
	call_subject(c, NULL, id);
	return meetings_reply_registration(c, id,
	    meetings_promoted_json(c->d, &promoted));
}

enum civic_err
meetings_edit_registration(struct call *c)
{
	static const char *const keep[] = { "name", "email", "phone", "seats",
		"language", "needs", "accessibility", "childcare", "note",
		"consent", "walk_in", NULL };
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	struct registration *g;
	struct meeting_refusal r;
	struct promoted promoted;
	struct reg_fields f;
	struct jerr e = { 0 };
	enum civic_err err;
	json_t *cur, *was, *given, *v;
	const char *key;
	void *tmp;
	size_t i;
	int64_t id;

	if ((err = door_reg_id(c, &id)) != CIVIC_OK)
		return err;
	if ((err = store_registration_get(c->d->store, id, &g)) != CIVIC_OK)
		return err == CIVIC_E_NOT_FOUND
		    ? call_not_found(c, "registration", id)
		    : err;
	/* Its person is gone: correcting it would write a person again. */
	if (g->erased) {
		registration_free(g);
		return CALL_REFUSE0(c, R_REG_ERASED);
	}
	/* What it says now, with what the call changes (null: clear), read
	 * by the rules Register reads by. */
	was = meetings_registration_json(c->d, g);
	registration_free(g);
	cur = json_object();
	for (i = 0; keep[i] != NULL; i++)
		if ((v = json_object_get(was, keep[i])) != NULL)
			json_object_set(cur, keep[i], v);
	json_decref(was);
	given = json_deep_copy(c->params);
	json_object_del(given, "id");
	json_object_update(cur, given);
	json_decref(given);
	json_object_foreach_safe(cur, tmp, key, v) if (json_is_null(v))
	    json_object_del(cur, key);
	if (door_parse(cur, &f, email, phone, &e) != 0) {
		json_decref(cur);
		return call_invalid(c, &e);
	}
	err = store_registration_edit(c->d->store, c->who, id, &f, &promoted,
	    &r);
	json_decref(cur);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "registration", id);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_REGISTER);
	call_subject(c, NULL, id);
	return meetings_reply_registration(c, id,
	    meetings_promoted_json(c->d, &promoted));
}

/* Fails a check-in the way the person at the door needs to hear it. */
static enum civic_err
door_checkin_refused(struct call *c, enum civic_err err, int64_t meeting,
    int64_t id, const struct meeting_refusal *r)
{
	/* store_checkin recorded the refusal, and undid the rest. */
	if (r->failure != NULL)
		call_keep_refusal(c);
	if (err == CIVIC_E_NOT_FOUND && r->failure == NULL)
		return call_not_found(c, "meeting", meeting);
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "registration", id);
	if (r->has_why)
		return call_refuse(c, &r->why);
	return err;
}

enum civic_err
meetings_check_in(struct call *c)
{
	char code[TICKET_CODE_LEN + 1];
	enum checkin_method how;
	struct meeting_refusal r = { 0 };
	enum ticket_result tr;
	struct ticket t;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *scode = NULL, *sticket = NULL;
	int64_t meeting, id = 0;
	bool force = false;
	int given;

	if (jfield_int(c->params, "meeting", 0, 1, INT64_MAX, &meeting, &e) <
		0 ||
	    jfield_string(c->params, "code", JF_OPTIONAL | JF_RAW, 1, 32,
		&scode, &e) < 0 ||
	    jfield_string(c->params, "ticket", JF_OPTIONAL | JF_RAW, 1,
		TICKET_BUFSZ, &sticket, &e) < 0 ||
	    jfield_int(c->params, "registration", JF_OPTIONAL, 1, INT64_MAX,
		&id, &e) < 0 ||
	    jfield_bool(c->params, "force", JF_OPTIONAL, &force, &e) < 0)
		return call_invalid(c, &e);
	given = (scode != NULL) + (sticket != NULL) + (id != 0);
	if (given != 1)
		return CALL_REFUSE(c, R_EXACTLY_ONE, FS("code"));
	if (scode != NULL) {
		how = CHECKIN_CODE;
		if (!ticket_code_normalize(scode, code) ||
		    store_registration_by_code(c->d->store, meeting, code,
			&id) != CIVIC_OK) {
			store_checkin_failure(c->d->store, c->who, meeting, how,
			    "unknown code", 0);
			call_keep_refusal(c);
			return CALL_REFUSE(c, R_NOT_FOUND, FS("code"),
			    FS(scode));
		}
	} else if (sticket != NULL) {
		how = CHECKIN_TICKET;
		tr = ticket_verify(sticket, c->d->ticket_key.pk, &t);
		if (tr == TICKET_OK)
			tr = ticket_check(&t, (uint32_t)meeting, NULL, 0);
		if (tr != TICKET_OK) {
			store_checkin_failure(c->d->store, c->who, meeting, how,
			    tr == TICKET_MALFORMED ? "malformed ticket"
				: tr == TICKET_BAD_SIGNATURE ? "bad signature"
							     : "wrong meeting",
			    tr == TICKET_WRONG_MEETING ? (int64_t)t.registration
						       : 0);
			call_keep_refusal(c);
			return CALL_REFUSE0(c,
			    tr == TICKET_MALFORMED ? R_TICKET_MALFORMED
				: tr == TICKET_BAD_SIGNATURE
				? R_TICKET_SIGNATURE
				: R_TICKET_WRONG_MEETING);
		}
		id = t.registration;
	} else
		how = CHECKIN_REGISTRATION;
	err = store_checkin(c->d->store, c->who, meeting, how, id,
	    &c->d->meetings, force, &r);
	if (err != CIVIC_OK)
		return door_checkin_refused(c, err, meeting, id, &r);
	call_subject(c, NULL, id);
	return meetings_reply_registration(c, id, NULL);
}

/* A door list, read a page at a time (call_pages). */
struct door_list {
	const struct civicd *d;
	struct reg_cursor cur;
	json_t *page;
};

static int
door_list_one(const struct registration *g, void *arg)
{
	struct door_list *dl = arg;

	return json_array_append_new(dl->page,
	    meetings_registration_json(dl->d, g));
}

static enum civic_err
door_list_page(struct store *s, void *arg, json_t *list, size_t max)
{
	struct door_list *dl = arg;

	dl->page = list;
	return store_registration_page(s, &dl->cur, max, door_list_one, dl);
}

static void
door_list_free(void *arg)
{
	struct door_list *dl = arg;

	reg_cursor_free(&dl->cur);
	free(dl);
}

/* The "meeting" a call names, loaded (the caller frees it). */
static enum civic_err
door_meeting(struct call *c, int64_t *meeting, struct meeting **m)
{
	struct jerr e = { 0 };
	enum civic_err err;

	if (jfield_int(c->params, "meeting", 0, 1, INT64_MAX, meeting, &e) < 0)
		return call_invalid(c, &e);
	if ((err = store_meeting_get(c->d->store, *meeting, m)) != CIVIC_OK)
		return err == CIVIC_E_NOT_FOUND
		    ? call_not_found(c, "meeting", *meeting)
		    : err;
	return CIVIC_OK;
}

/* A meeting and its registrations that want holds (REG_*), in pages. */
static enum civic_err
door_list_of(struct call *c, unsigned want)
{
	struct door_list *dl;
	struct meeting *m;
	enum civic_err err;
	int64_t meeting;
	json_t *head;

	if ((err = door_meeting(c, &meeting, &m)) != CIVIC_OK)
		return err;
	call_subject(c, NULL, meeting);
	head = json_pack("{s:o}", "meeting",
	    meetings_meeting_json(m, &c->d->meetings));
	meeting_free(m);
	if ((dl = calloc(1, sizeof *dl)) == NULL) {
		json_decref(head);
		return CIVIC_E_INTERNAL;
	}
	dl->d = c->d;
	dl->cur.meeting = meeting;
	dl->cur.want = want;
	return call_pages(c, head, "registrations", door_list_page,
	    door_list_free, dl);
}

enum civic_err
meetings_door_list(struct call *c)
{
	return door_list_of(c, REG_CONFIRMED_ROWS | REG_WAITING_ROWS);
}

enum civic_err
meetings_list_registrations(struct call *c)
{
	static const char *const only[] = { "waiting", "cancelled",
		"checked_in", NULL };
	static const unsigned want[] = { REG_WAITING_ROWS, REG_CANCELLED_ROWS,
		REG_CHECKED_IN };
	struct jerr e = { 0 };
	int which = -1;

	if (jfield_enum(c->params, "only", JF_OPTIONAL, only, &which, &e) < 0)
		return call_invalid(c, &e);
	return door_list_of(c,
	    which >= 0
		? want[which]
		: REG_CONFIRMED_ROWS | REG_WAITING_ROWS | REG_CANCELLED_ROWS);
}

static int
door_revoked_one(int64_t id, void *arg)
{
	call_list_add(arg, "registrations", json_integer(id));
	return 0;
}

enum civic_err
meetings_revoked(struct call *c)
{
	struct meeting *m;
	enum civic_err err;
	int64_t meeting;

	if ((err = door_meeting(c, &meeting, &m)) != CIVIC_OK)
		return err;
	meeting_free(m);
	call_reply(c, json_pack("{s:[]}", "registrations"));
	return store_registration_revoked(c->d->store, meeting,
	    door_revoked_one, c);
}

enum civic_err
meetings_public_key(struct call *c)
{
	char key[TICKET_KEY_BUFSZ];

	ticket_key_format(c->d->ticket_key.pk, key);
	return call_reply(c, json_pack("{s:s}", "key", key));
}
