/*
 * iface-meetings.c - dk.civic.meetings: planning, scheduling, cancelling
 * and closing meetings, and listing them (see iface-meetings.h).
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "iface-meetings.h"
#include "iface.h"
#include "timefmt.h"
#include "utf8.h"

#define MEETING_TEXT_MAX  5000
#define MEETING_TITLE_MAX 200

static void
meetings_put_time(json_t *o, const char *key, time_t t)
{
	if (t == 0)
		jfield_put_str(o, key, NULL);
	else
		jfield_put_time(o, key, t);
}

static json_t *
meetings_languages_json(const struct meeting *m)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < m->nlanguages; i++)
		json_array_append_new(a, json_string(m->languages[i]));
	return a;
}

static int64_t
meetings_free_seats(const struct meeting *m)
{
	int64_t f = m->capacity - m->held_back - m->confirmed_seats;

	return f > 0 ? f : 0;
}

/* A calendar's UID for meeting m: the same for the meeting's life, and
 * the same from whatever host the calendar is made. */
static void
meetings_put_uid(json_t *o, const struct meeting *m)
{
	char uid[96];

	snprintf(uid, sizeof uid, "civic-meeting-%lld-%lld@civic",
	    (long long)m->id, (long long)m->created);
	jfield_put_str(o, "uid", uid);
	jfield_put_int(o, "sequence", m->sequence);
}

json_t *
meetings_meeting_json(const struct meeting *m, const struct meeting_times *t)
{
	json_t *o = json_object();
	time_t opens, closes;

	jfield_put_int(o, "id", m->id);
	jfield_put_str(o, "status", meeting_status_names[m->status]);
	jfield_put_str(o, "title", m->title);
	jfield_put_str(o, "description", m->description);
	jfield_put_str(o, "venue", m->venue);
	meetings_put_time(o, "starts", m->starts_at);
	meetings_put_time(o, "ends", m->ends_at);
	jfield_put_int(o, "capacity", m->capacity);
	jfield_put_int(o, "held_back", m->held_back);
	jfield_put_int(o, "party_max", m->party_max);
	meetings_put_time(o, "registration_opens", m->reg_opens);
	meetings_put_time(o, "registration_closes", m->reg_closes);
	json_object_set_new(o, "waiting_list", json_boolean(m->waiting_list));
	json_object_set_new(o, "languages", meetings_languages_json(m));
	if (m->head_count >= 0)
		jfield_put_int(o, "head_count", m->head_count);
	else
		jfield_put_str(o, "head_count", NULL);
	jfield_put_str(o, "close_note", m->close_note);
	jfield_put_str(o, "cancel_reason", m->cancel_reason);
	meeting_checkin_window(m, t, &opens, &closes);
	meetings_put_time(o, "checkin_opens", opens);
	meetings_put_time(o, "checkin_closes", closes);
	meetings_put_uid(o, m);
	return o;
}

/* What anyone may see: nothing personal, no counts but free seats. */
static json_t *
meetings_listing_json(const struct meeting *m)
{
	json_t *o = json_object();

	jfield_put_int(o, "id", m->id);
	jfield_put_str(o, "status", meeting_status_names[m->status]);
	jfield_put_str(o, "title", m->title);
	jfield_put_str(o, "venue", m->venue);
	meetings_put_time(o, "starts", m->starts_at);
	meetings_put_time(o, "ends", m->ends_at);
	jfield_put_int(o, "free_seats", meetings_free_seats(m));
	json_object_set_new(o, "waiting_list", json_boolean(m->waiting_list));
	json_object_set_new(o, "languages", meetings_languages_json(m));
	jfield_put_str(o, "description", m->description);
	meetings_put_uid(o, m);
	return o;
}

static json_t *
meetings_count_list(const struct meeting_count *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a,
		    json_pack("{s:s, s:I, s:I}", "name", v[i].name,
			"registrations", (json_int_t)v[i].registrations,
			"seats", (json_int_t)v[i].seats));
	return a;
}

static json_t *
meetings_counts_json(const struct meeting *m)
{
	json_t *o = json_object();

	jfield_put_int(o, "capacity", m->capacity);
	jfield_put_int(o, "held_back", m->held_back);
	jfield_put_int(o, "confirmed", m->confirmed);
	jfield_put_int(o, "confirmed_seats", m->confirmed_seats);
	jfield_put_int(o, "free_seats", meetings_free_seats(m));
	jfield_put_int(o, "waiting", m->waiting);
	jfield_put_int(o, "waiting_seats", m->waiting_seats);
	jfield_put_int(o, "checked_in", m->checked_in);
	jfield_put_int(o, "checked_in_seats", m->checked_in_seats);
	jfield_put_int(o, "no_shows", m->confirmed - m->checked_in);
	jfield_put_int(o, "walk_ins", m->walk_ins);
	jfield_put_int(o, "walk_in_seats", m->walk_in_seats);
	jfield_put_int(o, "forced", m->forced);
	jfield_put_int(o, "cancelled", m->cancelled);
	jfield_put_int(o, "childcare", m->childcare);
	json_object_set_new(o, "languages",
	    meetings_count_list(m->lang_counts, m->nlang_counts));
	json_object_set_new(o, "needs",
	    meetings_count_list(m->need_counts, m->nneed_counts));
	return o;
}

enum civic_err
meetings_refused(struct call *c, enum civic_err err, int64_t id,
    const struct meeting_refusal *r, enum reason state)
{
	if (err == CIVIC_OK)
		return CIVIC_OK;
	if (err == CIVIC_E_NOT_FOUND)
		return call_not_found(c, "meeting", id);
	if (r->has_why)
		return call_refuse(c, &r->why);
	switch (err) {
	case CIVIC_E_INVALID_STATE:
		return CALL_REFUSE(c, state,
		    FS(meeting_status_names[r->status]));
	case CIVIC_E_MEETING_FULL:
		/* The schema's capacity triggers refused. */
		return CALL_REFUSE0(c, R_MEETING_FULL_RULE);
	default:
		return err;
	}
}

/* Reads an optional time: absent leaves *t, null clears it (0). */
static int
meetings_time(const json_t *p, const char *key, time_t *t, struct jerr *e)
{
	const json_t *v = json_object_get(p, key);

	if (v == NULL)
		return 0;
	if (json_is_null(v)) {
		*t = 0;
		return 1;
	}
	return jfield_time(p, key, 0, t, e);
}

/*
 * Reads meeting fields. With partial, absent fields keep what f holds.
 * Either way the result must hold together.
 */
static int
meetings_parse(const json_t *p, bool partial, struct meeting_fields *f,
    struct jerr *e)
{
	const unsigned opt = partial ? JF_OPTIONAL : 0;
	const json_t *langs, *l;
	size_t i, j;
	int got;

	if (jfield_string(p, "title", opt, 1, MEETING_TITLE_MAX, &f->title, e) <
		0 ||
	    jfield_string(p, "description", JF_OPTIONAL | JF_MULTILINE, 0,
		MEETING_TEXT_MAX, &f->description, e) < 0 ||
	    jfield_string(p, "venue", JF_OPTIONAL, 0, MEETING_TITLE_MAX,
		&f->venue, e) < 0 ||
	    meetings_time(p, "starts", &f->starts_at, e) < 0 ||
	    meetings_time(p, "ends", &f->ends_at, e) < 0 ||
	    jfield_int(p, "capacity", opt, 0, 100000, &f->capacity, e) < 0 ||
	    jfield_int(p, "held_back", JF_OPTIONAL, 0, 100000, &f->held_back,
		e) < 0 ||
	    jfield_int(p, "party_max", JF_OPTIONAL, 1, 50, &f->party_max, e) <
		0 ||
	    meetings_time(p, "registration_opens", &f->reg_opens, e) < 0 ||
	    meetings_time(p, "registration_closes", &f->reg_closes, e) < 0 ||
	    jfield_bool(p, "waiting_list", JF_OPTIONAL, &f->waiting_list, e) <
		0 ||
	    (got = jfield_array(p, "languages", JF_OPTIONAL, 0,
		 MEETING_MAX_LANGUAGES, &langs, e)) < 0)
		return -1;
	if (got == 1) {
		f->nlanguages = 0;
		json_array_foreach(langs, i, l)
		{
			char key[32];

			snprintf(key, sizeof key, "languages[%zu]", i);
			if (!json_is_string(l) || json_string_length(l) == 0 ||
			    json_string_length(l) > 40)
				return JFAIL0(e, key, R_NOT_LANGUAGE);
			for (j = 0; j < f->nlanguages; j++) {
				if (utf8_same_word(f->languages[j],
					json_string_value(l)))
					return JFAIL0(e, key, R_TWICE);
			}
			f->languages[f->nlanguages++] = json_string_value(l);
		}
	}
	if ((f->starts_at == 0) != (f->ends_at == 0))
		return JFAIL0(e, f->starts_at == 0 ? "starts" : "ends",
		    R_START_AND_END);
	if (f->starts_at != 0 && f->ends_at <= f->starts_at)
		return JFAIL(e, "ends", R_NOT_AFTER, FS("starts"));
	if (f->reg_opens != 0 && f->reg_closes != 0 &&
	    f->reg_closes <= f->reg_opens)
		return JFAIL(e, "registration_closes", R_NOT_AFTER,
		    FS("registration_opens"));
	if (f->held_back > f->capacity)
		return JFAIL0(e, "held_back", R_ABOVE_CAPACITY);
	return 0;
}

static int
meetings_list_one(const struct meeting *m, void *arg)
{
	call_list_add(arg, "meetings", meetings_listing_json(m));
	return 0;
}

enum civic_err
meetings_list(struct call *c)
{
	struct jerr e = { 0 };
	bool all = false, unclosed = false;
	enum meeting_filter f = MEETINGS_UPCOMING;
	time_t now = clock_now();

	if (jfield_bool(c->params, "all", JF_OPTIONAL, &all, &e) < 0 ||
	    jfield_bool(c->params, "unclosed", JF_OPTIONAL, &unclosed, &e) < 0)
		return call_invalid(c, &e);
	if ((all || unclosed) && !(c->who->roles & (ROLE_ADMIN | ROLE_COORD)))
		return CALL_REFUSE(c, R_STAFF_ONLY,
		    FS(all ? "all" : "unclosed"));
	if (all)
		f = MEETINGS_ALL;
	/* Ended a while ago and never closed: the coordinator's to do. */
	if (unclosed) {
		f = MEETINGS_UNCLOSED;
		now -= (time_t)c->d->meetings.unclosed_after * 3600;
	}
	call_reply(c, json_pack("{s:[]}", "meetings"));
	return store_meeting_each(c->d->store, f, now, meetings_list_one, c);
}

/* Replies with meeting id, and its counts if asked, plus extra (stolen). */
static enum civic_err
meetings_reply(struct call *c, int64_t id, bool counts, json_t *extra)
{
	struct meeting *m;
	enum civic_err err;
	json_t *r;

	if ((err = store_meeting_get(c->d->store, id, &m)) != CIVIC_OK) {
		json_decref(extra);
		return err == CIVIC_E_NOT_FOUND
		    ? call_not_found(c, "meeting", id)
		    : err;
	}
	r = json_pack("{s:o}", "meeting",
	    meetings_meeting_json(m, &c->d->meetings));
	if (counts)
		json_object_set_new(r, "counts", meetings_counts_json(m));
	meeting_free(m);
	if (extra != NULL)
		json_object_update(r, extra);
	json_decref(extra);
	return call_reply(c, r);
}

/* Reads the "id" parameter of a meeting, and checks the others are in
 * fields. */
static enum civic_err
meetings_id(struct call *c, int64_t *id)
{
	struct jerr e = { 0 };

	if (jfield_int(c->params, "id", 0, 1, INT64_MAX, id, &e) < 0)
		return call_invalid(c, &e);
	return CIVIC_OK;
}

enum civic_err
meetings_show(struct call *c)
{
	enum civic_err err;
	int64_t id;

	if ((err = meetings_id(c, &id)) != CIVIC_OK)
		return err;
	return meetings_reply(c, id, true, NULL);
}

enum civic_err
meetings_create(struct call *c)
{
	struct meeting_fields f = { .party_max = 4, .waiting_list = true };
	struct meeting_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	bool force = false;
	int64_t id = 0;

	/* Every field but "id". */
	if (meetings_parse(c->params, false, &f, &e) != 0 ||
	    jfield_bool(c->params, "force", JF_OPTIONAL, &force, &e) < 0)
		return call_invalid(c, &e);
	err = store_meeting_create(c->d->store, c->who, &f, force, &id, &r);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_EDIT);
	return meetings_reply(c, id, false, NULL);
}

/* The fields as the meeting holds them now (strings borrowed). */
static void
meetings_fields_of(const struct meeting *m, struct meeting_fields *f)
{
	size_t i;

	memset(f, 0, sizeof *f);
	f->title = m->title;
	f->description = m->description;
	f->venue = m->venue;
	f->starts_at = m->starts_at;
	f->ends_at = m->ends_at;
	f->reg_opens = m->reg_opens;
	f->reg_closes = m->reg_closes;
	f->capacity = m->capacity;
	f->held_back = m->held_back;
	f->party_max = m->party_max;
	f->waiting_list = m->waiting_list;
	for (i = 0; i < m->nlanguages && i < MEETING_MAX_LANGUAGES; i++)
		f->languages[i] = m->languages[i];
	f->nlanguages = i;
}

enum civic_err
meetings_edit(struct call *c)
{
	struct meeting_refusal r;
	struct meeting_fields f;
	struct meeting *m;
	struct jerr e = { 0 };
	enum civic_err err;
	bool force = false;
	int64_t id;
	struct promoted promoted;

	if ((err = meetings_id(c, &id)) != CIVIC_OK)
		return err;
	if (jfield_bool(c->params, "force", JF_OPTIONAL, &force, &e) < 0)
		return call_invalid(c, &e);
	if ((err = store_meeting_get(c->d->store, id, &m)) != CIVIC_OK)
		return err == CIVIC_E_NOT_FOUND
		    ? call_not_found(c, "meeting", id)
		    : err;
	meetings_fields_of(m, &f);
	if (meetings_parse(c->params, true, &f, &e) != 0) {
		meeting_free(m);
		return call_invalid(c, &e);
	}
	err = store_meeting_update(c->d->store, c->who, id, &f, force,
	    &promoted, &r);
	meeting_free(m);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_EDIT);
	return meetings_reply(c, id, false,
	    meetings_promoted_json(c->d, &promoted));
}

enum civic_err
meetings_schedule(struct call *c)
{
	struct meeting_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	bool force = false;
	int64_t id;

	if ((err = meetings_id(c, &id)) != CIVIC_OK)
		return err;
	if (jfield_bool(c->params, "force", JF_OPTIONAL, &force, &e) < 0)
		return call_invalid(c, &e);
	err = store_meeting_schedule(c->d->store, c->who, id, force, &r);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_SCHEDULE);
	return meetings_reply(c, id, false, NULL);
}

enum civic_err
meetings_cancel(struct call *c)
{
	struct meeting_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *reason;
	int64_t id;

	if ((err = meetings_id(c, &id)) != CIVIC_OK)
		return err;
	if (jfield_string(c->params, "reason", JF_MULTILINE, 1, 2000, &reason,
		&e) < 0)
		return call_invalid(c, &e);
	err = store_meeting_cancel(c->d->store, c->who, id, reason, &r);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_CANCEL);
	return meetings_reply(c, id, false, NULL);
}

enum civic_err
meetings_close(struct call *c)
{
	struct meeting_refusal r;
	struct jerr e = { 0 };
	enum civic_err err;
	const char *note = NULL;
	int64_t id, head_count;

	if ((err = meetings_id(c, &id)) != CIVIC_OK)
		return err;
	if (jfield_int(c->params, "head_count", 0, 0, 100000, &head_count, &e) <
		0 ||
	    jfield_string(c->params, "note", JF_OPTIONAL | JF_MULTILINE, 1,
		2000, &note, &e) < 0)
		return call_invalid(c, &e);
	err = store_meeting_close(c->d->store, c->who, id, head_count, note,
	    &r);
	if (err != CIVIC_OK)
		return meetings_refused(c, err, id, &r, R_MEETING_CLOSE);
	return meetings_reply(c, id, true, NULL);
}
