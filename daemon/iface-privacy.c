/*
 * iface-privacy.c - dk.civic.Privacy: everything held about a person,
 * exported or erased on request, and retention run on demand.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
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

/* Names every record an export shows, for the access log. */
static void
privacy_subjects(struct call *c, const json_t *list, const char *kind)
{
	const json_t *o;
	size_t i;

	json_array_foreach(list, i, o)
	    call_subject(c, kind, json_integer_value(json_object_get(o, kind)));
}

enum civic_err
privacy_export(struct call *c)
{
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	const char *pe, *pp;
	enum civic_err err;
	json_t *out;

	if ((err = privacy_person(c, email, phone, &pe, &pp)) != CIVIC_OK ||
	    (err = store_privacy_export(c->d->store, pe, pp, &out)) != CIVIC_OK)
		return err;
	privacy_subjects(c, json_object_get(out, "registrations"),
	    "registration");
	privacy_subjects(c, json_object_get(out, "applicants"), "applicant");
	return call_reply(c, json_pack("{s:o}", "export", out));
}

enum civic_err
privacy_erase(struct call *c)
{
	char email[256], phone[VALIDATE_PHONE_BUFSZ];
	const char *pe, *pp;
	enum civic_err err;
	json_t *out;

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
	return call_reply(c, out);
}

enum civic_err
privacy_purge(struct call *c)
{
	struct retention_report r;
	struct jerr e = { 0 };
	enum civic_err err;
	bool dry = false;

	if (jfield_bool(c->params, "dry_run", JF_OPTIONAL, &dry, &e) < 0)
		return call_invalid(c, &e);
	if ((err = store_retention_run(c->d->store, c->who, clock_now(),
		 &c->d->retention, dry, &r)) != CIVIC_OK)
		return err;
	return call_reply(c,
	    json_pack("{s:b, s:I, s:I, s:I, s:I}", "dry_run", dry,
		"registrants", (json_int_t)r.registrants, "consented",
		(json_int_t)r.consented, "applicant_contacts",
		(json_int_t)r.applicant_contacts, "access_log",
		(json_int_t)r.access_log));
}
