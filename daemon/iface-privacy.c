/*
 * iface-privacy.c - dk.civic.privacy: everything held about a person,
 * exported or erased on request, and retention run on demand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "group.h"
#include "iface.h"
#include "log.h"
#include "store-privacy.h"
#include "validate.h"

/* The person a privacy call is about: an e-mail address or a phone. */
static enum civic_err
privacy_person(struct call *c, char email[256],
    char phone[VALIDATE_PHONE_BUFSZ], const char **pe, const char **pp)
{
	struct jerr e = { 0 };
	const char *raw = NULL;
	size_t i;

	*pe = *pp = NULL;
	if (jfield_string(c->params, "email", JF_OPTIONAL, 3,
		VALIDATE_EMAIL_MAX, &raw, &e) < 0)
		return call_invalid(c, &e);
	if (raw != NULL) {
		if (!validate_email(raw))
			return CALL_REFUSE(c, R_NOT_EMAIL, FS("email"));
		for (i = 0; raw[i] != '\0' && i < 255; i++)
			email[i] = (char)(raw[i] >= 'A' && raw[i] <= 'Z'
				? raw[i] - 'A' + 'a'
				: raw[i]);
		email[i] = '\0';
		*pe = email;
	}
	raw = NULL;
	if (jfield_string(c->params, "phone", JF_OPTIONAL, 1, 40, &raw, &e) < 0)
		return call_invalid(c, &e);
	if (raw != NULL) {
		if (!validate_phone(raw, phone))
			return CALL_REFUSE(c, R_NOT_PHONE, FS("phone"));
		*pp = phone;
	}
	if (*pe == NULL && *pp == NULL)
		return CALL_REFUSE(c, R_PERSON_CONTACT, FS("email"));
	return CIVIC_OK;
}

/* A record's values as a JSON object, times as RFC 3339. */
static json_t *
privacy_record_json(const struct privacy_record *r)
{
	const struct privacy_value *v;
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < r->n; i++) {
		v = &r->v[i];
		switch (v->type) {
		case PV_NULL:
			json_object_set_new(o, v->key, json_null());
			break;
		case PV_INT:
			json_object_set_new(o, v->key, json_integer(v->i));
			break;
		case PV_BOOL:
			json_object_set_new(o, v->key, json_boolean(v->i));
			break;
		case PV_TIME:
			jfield_put_time(o, v->key, (time_t)v->i);
			break;
		case PV_TEXT:
			json_object_set_new(o, v->key, json_string(v->text));
			break;
		}
	}
	return o;
}

/*
 * The export as the person receives it: the query, registrations,
 * applicants each with its applications and how many are open, and the
 * reads of them. Names every record it shows, for the access log.
 */
static json_t *
privacy_export_json(struct call *c, const struct privacy_export *x,
    const char *email, const char *phone)
{
	json_t *out, *regs = json_array(), *apps = json_array(), *reads;
	const struct privacy_record *r;
	json_t *o, *a;
	size_t i, k;

	reads = json_array();
	for (i = 0; i < x->n; i++) {
		r = &x->records[i];
		if (r->section == PRIVACY_REGISTRATION) {
			json_array_append_new(regs, privacy_record_json(r));
			call_subject(c, "registration", r->v[0].i);
		} else if (r->section == PRIVACY_READ)
			json_array_append_new(reads, privacy_record_json(r));
	}
	for (k = 0; k < x->napps; k++) {
		for (i = 0; i < x->n; i++)
			if (x->records[i].section == PRIVACY_APPLICANT &&
			    x->records[i].v[0].i == x->apps[k])
				break;
		if (i == x->n)
			continue;
		o = privacy_record_json(&x->records[i]);
		a = json_array();
		for (i = 0; i < x->n; i++) {
			r = &x->records[i];
			/* v[1] is the applicant an application is of. */
			if (r->section != PRIVACY_APPLICATION ||
			    r->v[1].i != x->apps[k])
				continue;
			json_array_append_new(a, privacy_record_json(r));
			json_object_del(json_array_get(a,
					    json_array_size(a) - 1),
			    "applicant");
		}
		json_object_set_new(o, "applications", a);
		json_object_set_new(o, "open_applications",
		    json_integer(x->open[k]));
		json_array_append_new(apps, o);
		call_subject(c, "applicant", x->apps[k]);
	}
	out = json_pack("{s:{s:o, s:o}, s:o, s:o, s:o}", "query", "email",
	    email != NULL ? json_string(email) : json_null(), "phone",
	    phone != NULL ? json_string(phone) : json_null(), "registrations",
	    regs, "applicants", apps, "access_log", reads);
	return out;
}

enum civic_err
privacy_export(struct call *c)
{
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	struct privacy_export x;
	const char *pe, *pp;
	enum civic_err err;

	if ((err = privacy_person(c, email, phone, &pe, &pp)) != CIVIC_OK ||
	    (err = store_privacy_export(c->d->store, pe, pp, &x)) != CIVIC_OK)
		return err;
	err = call_reply(c,
	    json_pack("{s:o}", "export", privacy_export_json(c, &x, pe, pp)));
	privacy_export_free(&x);
	return err;
}

/*
 * An erasure as the IDL has it: what was erased and what was kept, each
 * a kind and the numbers it is about; the client says why.
 */
static json_t *
privacy_erasure_json(const struct privacy_erasure *e)
{
	static const char *const kinds[] = {
		[ERASED_REGISTRANT] = "registrant",
		[ERASED_APPLICANT_CONTACT] = "applicant_contact",
		[KEPT_UPCOMING_REGISTRATION] = "upcoming_registration",
		[KEPT_GRANT_CASES] = "grant_cases",
		[KEPT_OPEN_APPLICATIONS] = "open_applications",
		[KEPT_ACCESS_LOG] = "access_log",
		[KEPT_AUDIT_TRAIL] = "audit_trail",
	};
	json_t *r = json_pack("{s:[], s:[]}", "erased", "kept"), *o;
	const struct privacy_item *it;
	size_t i;

	for (i = 0; i < e->n; i++) {
		it = &e->items[i];
		o = json_pack("{s:s}", "kind", kinds[it->kind]);
		switch (it->kind) {
		case ERASED_REGISTRANT:
			json_object_set_new(o, "registration",
			    json_integer(it->id));
			break;
		case KEPT_UPCOMING_REGISTRATION:
			json_object_set_new(o, "registration",
			    json_integer(it->id));
			json_object_set_new(o, "meeting",
			    json_integer(it->meeting));
			break;
		case ERASED_APPLICANT_CONTACT:
		case KEPT_GRANT_CASES:
			json_object_set_new(o, "applicant",
			    json_integer(it->id));
			break;
		case KEPT_OPEN_APPLICATIONS:
			json_object_set_new(o, "applicant",
			    json_integer(it->id));
			json_object_set_new(o, "open_applications",
			    json_integer(it->count));
			break;
		case KEPT_ACCESS_LOG:
			json_object_set_new(o, "days", json_integer(it->count));
			break;
		case KEPT_AUDIT_TRAIL:
			break;
		}
		json_array_append_new(json_object_get(r,
					  it->kind <= ERASED_APPLICANT_CONTACT
					      ? "erased"
					      : "kept"),
		    o);
	}
	return r;
}

enum civic_err
privacy_erase(struct call *c)
{
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	struct privacy_erasure out;
	const char *pe, *pp;
	enum civic_err err;

	if ((err = privacy_person(c, email, phone, &pe, &pp)) != CIVIC_OK)
		return err;
	err = store_privacy_erase(c->d->store, c->who, pe, pp,
	    c->d->retention.access_log_days, &out);
	if (err == CIVIC_E_NOT_FOUND)
		return CALL_REFUSE(c, R_NO_PERSONAL_DATA,
		    FS(pe != NULL ? pe : pp));
	if (err != CIVIC_OK)
		return err;
	log_notice("uid %u erased personal data on request",
	    (unsigned)c->who->uid);
	err = call_reply(c, privacy_erasure_json(&out));
	privacy_erasure_free(&out);
	return err;
}

static json_t *
purge_reply(bool dry, const struct retention_report *r)
{
	return json_pack("{s:b, s:I, s:I, s:I, s:I}", "dry_run", dry,
	    "registrants", (json_int_t)r->registrants, "consented",
	    (json_int_t)r->consented, "applicant_contacts",
	    (json_int_t)r->applicant_contacts, "access_log",
	    (json_int_t)r->access_log);
}

/* A purge with more than a slice to erase goes on between calls. */
struct purge {
	struct civicd *d;
	struct identity who;
	struct retention_report done;
	unsigned slices;
};

static int
purge_next(void *arg, struct reply_sink *sink)
{
	struct purge *pg = arg;
	struct retention_report r;
	bool more;

	(void)group_commit(pg->d); /* a slice is a transaction of its own */
	if (store_retention_run(pg->d->store, &pg->who, clock_now(),
		&pg->d->retention, false, RETENTION_SLICE, &r,
		&more) != CIVIC_OK) {
		call_stream_fail(sink, R_INTERNAL);
		return 0;
	}
	retention_report_add(&pg->done, &r);
	pg->slices++;
	if (more)
		return CALL_STREAM_LATER;
	retention_log(&pg->done, pg->slices);
	call_stream_send(sink, purge_reply(false, &pg->done), false);
	return 0;
}

/*
 * Erases what is due now: the first slice in the call, and the rest, if
 * any, a slice at a time between other calls, each committed with its
 * audit entry; the reply, once the last is committed, counts them all.
 */
enum civic_err
privacy_purge(struct call *c)
{
	struct retention_report r;
	struct jerr e = { 0 };
	enum civic_err err;
	struct purge *pg;
	bool dry = false, more;

	if (jfield_bool(c->params, "dry_run", JF_OPTIONAL, &dry, &e) < 0)
		return call_invalid(c, &e);
	if ((err = store_retention_run(c->d->store, c->who, clock_now(),
		 &c->d->retention, dry, RETENTION_SLICE, &r, &more)) !=
	    CIVIC_OK)
		return err;
	if (dry || !more) {
		if (!dry)
			retention_log(&r, 1);
		return call_reply(c, purge_reply(dry, &r));
	}
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return CIVIC_E_INTERNAL;
	*pg = (struct purge){ c->d, *c->who, r, 1 };
	call_stream(c, purge_next, free, pg);
	return CIVIC_OK;
}
