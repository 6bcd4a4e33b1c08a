/*
 * store-meeting.c - meetings: planning, scheduling, closing, their seats
 * and the waiting list's promotion (see store-meeting.h; registrations
 * and check-in are in store-registration.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "store-audit.h"
#include "store-internal.h"
#include "store-meeting.h"
#include "ticket.h"
#include "utf8.h"

const char *const meeting_status_names[] = { "planned", "scheduled", "held",
	"cancelled", NULL };
const char *const reg_status_names[] = { "confirmed", "waiting", "cancelled",
	NULL };
const char *const need_kind_names[] = { "wheelchair", "hearing", "sight",
	"mobility", "other", NULL };

/* Promotions are the daemon's doing, whoever freed the seats. */
static const struct identity meeting_system = { .known = false,
	.user = "civicd" };

/* Audits a meeting's fields that matter for seats, never its texts. */
static enum civic_err
meeting_audit(struct store *s, const struct identity *who, const char *action,
    int64_t id, const struct meeting_fields *f, bool forced)
{
	json_t *details = json_pack("{s:I, s:I, s:I, s:b, s:b}", "capacity",
	    (json_int_t)f->capacity, "held_back", (json_int_t)f->held_back,
	    "party_max", (json_int_t)f->party_max, "waiting_list",
	    f->waiting_list, "dated", f->starts_at != 0);
	enum civic_err err;

	/* A start in the past, on a coordinator's word. */
	if (forced)
		json_object_set_new(details, "forced", json_true());

	err = store_audit(s, who, action, "meeting", id, details);
	json_decref(details);
	return err;
}

#define MEETING_SELECT \
	"SELECT id, status, title, description, venue, starts_at, ends_at, " \
	"registration_opens, registration_closes, capacity, held_back, " \
	"party_max, waiting_list, head_count, close_note, cancel_reason, " \
	"sequence, created_at FROM meeting "

int
store_meeting_enum(const unsigned char *text, const char *const *names)
{
	int i;

	for (i = 0; text != NULL && names[i] != NULL; i++) {
		if (strcmp((const char *)text, names[i]) == 0)
			return i;
	}
	return 0;
}

void
meeting_free(struct meeting *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->title);
	free(m->description);
	free(m->venue);
	free(m->close_note);
	free(m->cancel_reason);
	for (i = 0; i < m->nlanguages; i++)
		free(m->languages[i]);
	free(m->languages);
	for (i = 0; i < m->nlang_counts; i++)
		free(m->lang_counts[i].name);
	free(m->lang_counts);
	for (i = 0; i < m->nneed_counts; i++)
		free(m->need_counts[i].name);
	free(m->need_counts);
	free(m);
}

/* Reads the strings of a one-column query into a new array. */
enum civic_err
store_meeting_strings(struct store *s, const char *sql, int64_t id, char ***out,
    size_t *n)
{
	sqlite3_stmt *st;
	bool oom = false;
	char **v;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((v = realloc(*out, (*n + 1) * sizeof *v)) == NULL) {
			oom = true;
			break;
		}
		*out = v;
		v[*n] = store_col_dup(st, 0, &oom);
		(*n)++;
	}
	store_done(st);
	if (oom)
		return CIVIC_E_INTERNAL;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? CIVIC_OK
						     : store_fail(s, rc, sql);
}

/* Reads (name, registrations, seats) rows into a new array. */
static enum civic_err
meeting_counts(struct store *s, const char *sql, int64_t id,
    struct meeting_count **out, size_t *n)
{
	struct meeting_count *v;
	sqlite3_stmt *st;
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((v = realloc(*out, (*n + 1) * sizeof *v)) == NULL) {
			oom = true;
			break;
		}
		*out = v;
		v[*n].name = store_col_dup(st, 0, &oom);
		v[*n].registrations = sqlite3_column_int64(st, 1);
		v[*n].seats = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	store_done(st);
	if (oom)
		return CIVIC_E_INTERNAL;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? CIVIC_OK
						     : store_fail(s, rc, sql);
}

static struct meeting *
meeting_from_row(sqlite3_stmt *st)
{
	struct meeting *m;
	bool oom = false;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->id = sqlite3_column_int64(st, 0);
	m->status = (enum meeting_status)
	    store_meeting_enum(sqlite3_column_text(st, 1),
		meeting_status_names);
	m->title = store_col_dup(st, 2, &oom);
	m->description = store_col_dup(st, 3, &oom);
	m->venue = store_col_dup(st, 4, &oom);
	m->starts_at = (time_t)sqlite3_column_int64(st, 5);
	m->ends_at = (time_t)sqlite3_column_int64(st, 6);
	m->reg_opens = (time_t)sqlite3_column_int64(st, 7);
	m->reg_closes = (time_t)sqlite3_column_int64(st, 8);
	m->capacity = sqlite3_column_int64(st, 9);
	m->held_back = sqlite3_column_int64(st, 10);
	m->party_max = sqlite3_column_int64(st, 11);
	m->waiting_list = sqlite3_column_int(st, 12) != 0;
	m->head_count = sqlite3_column_type(st, 13) == SQLITE_NULL
	    ? -1
	    : sqlite3_column_int64(st, 13);
	m->close_note = store_col_dup(st, 14, &oom);
	m->cancel_reason = store_col_dup(st, 15, &oom);
	m->sequence = sqlite3_column_int64(st, 16);
	m->created = (time_t)sqlite3_column_int64(st, 17);
	if (oom) {
		meeting_free(m);
		return NULL;
	}
	return m;
}

/*
 * Fills in the languages offered and, if counts, the counts of m: a pass
 * over every registration of the meeting, which a registration does not
 * need (in a meeting of 20,000 it halved the rate).
 */
static enum civic_err
meeting_load_counts(struct store *s, struct meeting *m, bool counts)
{
	static const char langs[] = "SELECT language FROM meeting_language "
				    "WHERE meeting_id = ? ORDER BY language";
	/* Running figures, kept by the triggers of 005-tally.sql. */
	static const char sums[] =
	    "SELECT confirmed, confirmed_seats, waiting, waiting_seats, "
	    "checked_in, checked_in_seats, walk_in, walk_in_seats, forced, "
	    "cancelled, childcare FROM meeting_tally WHERE meeting_id = ?";
	static const char by_lang[] =
	    "SELECT language, registrations, seats FROM meeting_tally_language "
	    "WHERE meeting_id = ? AND registrations > 0 ORDER BY language";
	static const char by_need[] =
	    "SELECT kind, registrations, seats FROM meeting_tally_need "
	    "WHERE meeting_id = ? AND registrations > 0 ORDER BY kind";
	sqlite3_stmt *st;
	enum civic_err err;
	int rc;

	if ((err = store_meeting_strings(s, langs, m->id, &m->languages,
		 &m->nlanguages)) != CIVIC_OK ||
	    !counts)
		return err;
	if ((st = store_stmt(s, sums)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, m->id);
	if ((rc = store_step(st)) == SQLITE_ROW) {
		m->confirmed = sqlite3_column_int64(st, 0);
		m->confirmed_seats = sqlite3_column_int64(st, 1);
		m->waiting = sqlite3_column_int64(st, 2);
		m->waiting_seats = sqlite3_column_int64(st, 3);
		m->checked_in = sqlite3_column_int64(st, 4);
		m->checked_in_seats = sqlite3_column_int64(st, 5);
		m->walk_ins = sqlite3_column_int64(st, 6);
		m->walk_in_seats = sqlite3_column_int64(st, 7);
		m->forced = sqlite3_column_int64(st, 8);
		m->cancelled = sqlite3_column_int64(st, 9);
		m->childcare = sqlite3_column_int64(st, 10);
	}
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, "counting registrations");
	if ((err = meeting_counts(s, by_lang, m->id, &m->lang_counts,
		 &m->nlang_counts)) != CIVIC_OK)
		return err;
	return meeting_counts(s, by_need, m->id, &m->need_counts,
	    &m->nneed_counts);
}

static void *
meeting_make(sqlite3_stmt *st)
{
	return meeting_from_row(st);
}

static enum civic_err
meeting_get(struct store *s, int64_t id, bool counts, struct meeting **out)
{
	static const char sql[] = MEETING_SELECT "WHERE id = ?";
	enum civic_err err;
	void *m;

	*out = NULL;
	if ((err = store_row_by_id(s, sql, id, meeting_make, &m,
		 "reading a meeting")) != CIVIC_OK)
		return err;
	if ((err = meeting_load_counts(s, m, counts)) != CIVIC_OK) {
		meeting_free(m);
		return err;
	}
	*out = m;
	return CIVIC_OK;
}

enum civic_err
store_meeting_get(struct store *s, int64_t id, struct meeting **out)
{
	return meeting_get(s, id, true, out);
}

enum civic_err
store_meeting_each(struct store *s, enum meeting_filter f, time_t now,
    int (*fn)(const struct meeting *, void *), void *arg)
{
	static const char sql[] =
	    "SELECT id FROM meeting WHERE ?1 = 0 OR (status = 'scheduled' "
	    "AND iif(?1 = 1, ends_at >= ?2, ends_at < ?2)) "
	    "ORDER BY starts_at IS NULL, starts_at, id";
	struct meeting *m;
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int64_t *ids = NULL, *v;
	size_t n = 0, i;
	int rc;

	/* Ids first: each meeting's counts need statements of their own. */
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int(st, 1, (int)f);
	store_bind_int64(st, 2, now);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((v = realloc(ids, (n + 1) * sizeof *v)) == NULL) {
			err = CIVIC_E_INTERNAL;
			break;
		}
		ids = v;
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	store_done(st);
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "listing meetings");
	for (i = 0; err == CIVIC_OK && i < n; i++) {
		if ((err = store_meeting_get(s, ids[i], &m)) != CIVIC_OK)
			break;
		if (fn(m, arg) != 0)
			err = CIVIC_E_INTERNAL;
		meeting_free(m);
	}
	free(ids);
	return err;
}

static void
meeting_bind_time(sqlite3_stmt *st, int col, time_t t)
{
	if (t == 0)
		store_bind_null(st, col);
	else
		store_bind_int64(st, col, t);
}

static enum civic_err
meeting_write_languages(struct store *s, int64_t id,
    const struct meeting_fields *f)
{
	static const char del[] = "DELETE FROM meeting_language "
				  "WHERE meeting_id = ?";
	static const char ins[] = "INSERT OR IGNORE INTO meeting_language "
				  "(meeting_id, language) VALUES (?, ?)";

	return store_replace_set(s, del, ins, id, f->languages, f->nlanguages);
}

/* Binds the fields as ?1 .. ?11 and updated_at as ?12. */
static void
meeting_bind_fields(sqlite3_stmt *st, const struct meeting_fields *f)
{
	store_bind_text(st, 1, f->title, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, f->description != NULL ? f->description : "", -1,
	    SQLITE_TRANSIENT);
	store_bind_text(st, 3, f->venue != NULL ? f->venue : "", -1,
	    SQLITE_TRANSIENT);
	meeting_bind_time(st, 4, f->starts_at);
	meeting_bind_time(st, 5, f->ends_at);
	store_bind_int64(st, 6, f->capacity);
	store_bind_int64(st, 7, f->held_back);
	store_bind_int64(st, 8, f->party_max);
	meeting_bind_time(st, 9, f->reg_opens);
	meeting_bind_time(st, 10, f->reg_closes);
	store_bind_int(st, 11, f->waiting_list);
	store_bind_int64(st, 12, clock_now());
}

void
meeting_checkin_window(const struct meeting *m, const struct meeting_times *t,
    time_t *opens, time_t *closes)
{
	*opens = *closes = 0;
	if (m->starts_at == 0 || m->ends_at == 0)
		return;
	*opens = m->starts_at - (time_t)t->checkin_before * 60;
	*closes = m->ends_at + (time_t)t->checkin_grace * 60;
}

time_t
meeting_reg_closes(const struct meeting *m)
{
	return m->reg_closes != 0 ? m->reg_closes : m->starts_at;
}

/* A meeting planned for a time gone by: refused unless force. */
static bool
meeting_in_past(time_t starts, bool force, struct meeting_refusal *r)
{
	if (starts == 0 || starts >= clock_now() || force)
		return false;
	REFUSE_WHY(r, R_STARTS_PAST, FS("starts"));
	return true;
}

enum civic_err
store_meeting_create(struct store *s, const struct identity *who,
    const struct meeting_fields *f, bool force, int64_t *id,
    struct meeting_refusal *r)
{
	static const char sql[] =
	    "INSERT INTO meeting (title, description, venue, starts_at, "
	    "ends_at, capacity, held_back, party_max, registration_opens, "
	    "registration_closes, waiting_list, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if (meeting_in_past(f->starts_at, force, r))
		return CIVIC_E_INVALID_PARAMETER;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	meeting_bind_fields(st, f);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	if ((err = meeting_write_languages(s, *id, f)) == CIVIC_OK)
		err = meeting_audit(s, who, "meeting.create", *id, f,
		    f->starts_at != 0 && f->starts_at < clock_now());
	if (err == CIVIC_OK)
		log_info("uid %u created meeting %lld", (unsigned)who->uid,
		    (long long)*id);
out:
	return store_tx_end(s, err);
}

/* Confirmed seats, and what is free of capacity less held-back seats. */
enum civic_err
store_meeting_free_seats(struct store *s, int64_t id, int64_t *confirmed,
    int64_t *free_seats)
{
	static const char sql[] =
	    "SELECT m.capacity - m.held_back, t.confirmed_seats "
	    "FROM meeting m JOIN meeting_tally t ON t.meeting_id = m.id "
	    "WHERE m.id = ?";
	sqlite3_stmt *st;
	int rc;

	*confirmed = *free_seats = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	if ((rc = store_step(st)) == SQLITE_ROW) {
		*confirmed = sqlite3_column_int64(st, 1);
		*free_seats = sqlite3_column_int64(st, 0) - *confirmed;
	}
	store_done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? CIVIC_E_NOT_FOUND
					 : store_fail(s, rc, "counting seats");
	return CIVIC_OK;
}

/* A code no registration of the meeting has yet. */
enum civic_err
store_meeting_new_code(struct store *s, int64_t meeting, char code[9])
{
	static const char sql[] = "SELECT count(*) FROM registration "
				  "WHERE meeting_id = ? AND code = ?";
	sqlite3_stmt *st;
	int tries, rc;
	int64_t n;

	for (tries = 0; tries < 32; tries++) {
		if (ticket_code_generate(code) != 0 ||
		    (st = store_stmt(s, sql)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, meeting);
		store_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
		rc = store_step(st);
		n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
		store_done(st);
		if (rc != SQLITE_ROW)
			return store_fail(s, rc, "checking a code");
		if (n == 0)
			return CIVIC_OK;
	}
	log_err("meeting %lld: no free code after 32 tries",
	    (long long)meeting);
	return CIVIC_E_INTERNAL;
}

/*
 * Promotes from the waiting list, in arrival order, every party that
 * fits the free seats; each promotion is recorded with reason.
 */
enum civic_err
store_meeting_promote(struct store *s, int64_t meeting, const char *reason,
    struct promoted *promoted)
{
	static const char waiting[] =
	    "SELECT id, seats FROM registration "
	    "WHERE meeting_id = ? AND status = 'waiting' ORDER BY id";
	static const char confirm[] =
	    "UPDATE registration SET status = 'confirmed', code = ?, "
	    "confirmed_at = ? WHERE id = ?";
	static const char record[] = "INSERT INTO promotion (registration_id, "
				     "at, reason) VALUES (?, ?, ?)";
	struct {
		int64_t id, seats;
	} *w = NULL, *nw;
	int64_t confirmed, free_seats;
	size_t n = 0, i;
	sqlite3_stmt *st;
	enum civic_err err;
	char code[9];
	int rc;

	promoted->n = 0;
	if ((err = store_meeting_free_seats(s, meeting, &confirmed,
		 &free_seats)) != CIVIC_OK)
		return err;
	if (free_seats <= 0)
		return CIVIC_OK;
	if ((st = store_stmt(s, waiting)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, meeting);
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((nw = realloc(w, (n + 1) * sizeof *w)) == NULL)
			break;
		w = nw;
		w[n].id = sqlite3_column_int64(st, 0);
		w[n].seats = sqlite3_column_int64(st, 1);
		n++;
	}
	store_done(st);
	err = rc == SQLITE_DONE ? CIVIC_OK : CIVIC_E_INTERNAL;
	for (i = 0; err == CIVIC_OK && i < n && free_seats > 0; i++) {
		if (w[i].seats > free_seats)
			continue; /* a party too large waits; smaller ones go */
		if ((err = store_meeting_new_code(s, meeting, code)) !=
		    CIVIC_OK)
			break;
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, confirm)) == NULL)
			break;
		store_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		store_bind_int64(st, 2, clock_now());
		store_bind_int64(st, 3, w[i].id);
		if ((err = store_run(s, st)) != CIVIC_OK)
			break;
		err = CIVIC_E_INTERNAL;
		if ((st = store_stmt(s, record)) == NULL)
			break;
		store_bind_int64(st, 1, w[i].id);
		store_bind_int64(st, 2, clock_now());
		store_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
		if ((err = store_run(s, st)) != CIVIC_OK)
			break;
		{
			json_t *details = json_pack("{s:I, s:s}", "meeting",
			    (json_int_t)meeting, "reason", reason);

			err = store_audit(s, &meeting_system,
			    "registration.promote", "registration", w[i].id,
			    details);
			json_decref(details);
			if (err != CIVIC_OK)
				break;
		}
		free_seats -= w[i].seats;
		if (promoted->n < PROMOTED_MAX)
			promoted->ids[promoted->n] = w[i].id;
		promoted->n++;
		log_info("meeting %lld: registration %lld promoted from the "
			 "waiting list (%s)",
		    (long long)meeting, (long long)w[i].id, reason);
	}
	free(w);
	return err;
}

/* Loads the meeting a write is about and checks its status is allowed. */
enum civic_err
store_meeting_lock(struct store *s, int64_t id, unsigned allowed, bool counts,
    struct meeting **m, struct meeting_refusal *r)
{
	enum civic_err err;

	if ((err = meeting_get(s, id, counts, m)) != CIVIC_OK)
		return err;
	r->status = (*m)->status;
	if (!(allowed & (1u << (*m)->status)))
		return CIVIC_E_INVALID_STATE;
	return CIVIC_OK;
}

/*
 * A language the meeting keeps under another case or accent keeps its
 * spelling (registrations name it so); one dropped that a registration
 * not cancelled needs is refused, saying how many need it.
 */
static enum civic_err
meeting_keep_languages(struct store *s, const struct meeting *m,
    struct meeting_fields *f, struct meeting_refusal *r)
{
	static const char sql[] =
	    "SELECT count(*) FROM registration WHERE meeting_id = ? "
	    "AND status IN ('confirmed', 'waiting') AND language = ?";
	sqlite3_stmt *st;
	int64_t n;
	size_t i, j;
	int rc;

	for (i = 0; i < m->nlanguages; i++) {
		for (j = 0; j < f->nlanguages; j++) {
			if (utf8_same_word(m->languages[i], f->languages[j])) {
				f->languages[j] = m->languages[i];
				break;
			}
		}
		if (j < f->nlanguages)
			continue;
		if ((st = store_stmt(s, sql)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, m->id);
		store_bind_text(st, 2, m->languages[i], -1, SQLITE_STATIC);
		n = (rc = store_step(st)) == SQLITE_ROW
		    ? sqlite3_column_int64(st, 0)
		    : 0;
		store_done(st);
		if (rc != SQLITE_ROW)
			return store_fail(s, rc, "counting a language's needs");
		if (n > 0) {
			snprintf(r->word, sizeof r->word, "%s",
			    m->languages[i]);
			REFUSE_WHY(r, R_LANGUAGE_NEEDED, FS(r->word), FN(n));
			return CIVIC_E_INVALID_STATE;
		}
	}
	return CIVIC_OK;
}

enum civic_err
store_meeting_update(struct store *s, const struct identity *who, int64_t id,
    const struct meeting_fields *in, bool force, struct promoted *promoted,
    struct meeting_refusal *r)
{
	struct meeting_fields nf = *in;
	const struct meeting_fields *f = &nf;
	static const char sql[] =
	    "UPDATE meeting SET title = ?1, description = ?2, venue = ?3, "
	    "starts_at = ?4, ends_at = ?5, capacity = ?6, held_back = ?7, "
	    "party_max = ?8, registration_opens = ?9, registration_closes = "
	    "?10, waiting_list = ?11, updated_at = ?12 WHERE id = ?13";
	struct meeting *m = NULL;
	char reason[96];
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	promoted->n = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_meeting_lock(s, id,
		 MS(MEETING_PLANNED) | MS(MEETING_SCHEDULED), true, &m, r)) !=
	    CIVIC_OK)
		goto out;
	if (m->status == MEETING_SCHEDULED &&
	    (f->starts_at == 0 || f->ends_at == 0)) {
		REFUSE_WHY(r, R_KEEPS_TIMES,
		    FS(meeting_status_names[m->status]));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if ((err = meeting_keep_languages(s, m, &nf, r)) != CIVIC_OK)
		goto out;
	if (f->starts_at != m->starts_at &&
	    meeting_in_past(f->starts_at, force, r)) {
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if (f->capacity - f->held_back < m->confirmed_seats - m->forced) {
		REFUSE_WHY(r, R_BELOW_CONFIRMED,
		    FS(meeting_status_names[m->status]),
		    FN(m->confirmed_seats));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	meeting_bind_fields(st, f);
	store_bind_int64(st, 13, id);
	if ((err = store_run(s, st)) != CIVIC_OK ||
	    (err = meeting_write_languages(s, id, f)) != CIVIC_OK ||
	    (err = meeting_audit(s, who, "meeting.edit", id, f,
		 f->starts_at != m->starts_at && f->starts_at != 0 &&
		     f->starts_at < clock_now())) != CIVIC_OK)
		goto out;
	if (f->capacity - f->held_back > m->capacity - m->held_back) {
		snprintf(reason, sizeof reason, "capacity raised to %lld seats",
		    (long long)(f->capacity - f->held_back));
		err = store_meeting_promote(s, id, reason, promoted);
	}
	if (err == CIVIC_OK)
		log_info("uid %u edited meeting %lld", (unsigned)who->uid,
		    (long long)id);
out:
	meeting_free(m);
	return store_tx_end(s, err);
}

/* Moves a meeting along its status machine, setting what goes with it. */
static enum civic_err
meeting_move(struct store *s, const struct identity *who, int64_t id,
    unsigned allowed, enum meeting_status to, int64_t head_count,
    const char *text, bool force, struct meeting_refusal *r)
{
	static const char sql[] =
	    "UPDATE meeting SET status = ?1, head_count = ?2, "
	    "close_note = CASE WHEN ?1 = 'held' THEN ?3 ELSE close_note END, "
	    "cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ?3 ELSE "
	    "cancel_reason END, closed_at = CASE WHEN ?1 IN ('held', "
	    "'cancelled') THEN ?4 END, updated_at = ?4 WHERE id = ?5";
	struct meeting *m = NULL;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_meeting_lock(s, id, allowed, false, &m, r)) !=
	    CIVIC_OK)
		goto out;
	if (to == MEETING_SCHEDULED &&
	    (m->starts_at == 0 || m->ends_at == 0 || m->capacity == 0)) {
		REFUSE_WHY(r, R_INCOMPLETE,
		    FS(meeting_status_names[m->status]));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	/* Scheduled for a time gone by only on a coordinator's word; held
	 * only once it has begun. */
	force = force && m->starts_at < clock_now();
	if (to == MEETING_SCHEDULED && m->starts_at < clock_now() && !force) {
		REFUSE_WHY(r, R_SCHEDULE_PAST,
		    FS(meeting_status_names[m->status]), FN(m->starts_at));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	if (to == MEETING_HELD && clock_now() < m->starts_at) {
		REFUSE_WHY(r, R_NOT_STARTED,
		    FS(meeting_status_names[m->status]), FN(m->starts_at));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_text(st, 1, meeting_status_names[to], -1, SQLITE_STATIC);
	if (to == MEETING_HELD)
		store_bind_int64(st, 2, head_count);
	store_bind_text_or_null(st, 3, text);
	store_bind_int64(st, 4, clock_now());
	store_bind_int64(st, 5, id);
	if ((err = store_run(s, st)) == CIVIC_OK) {
		char action[32];
		json_t *details = to == MEETING_HELD
		    ? json_pack("{s:I}", "head_count", (json_int_t)head_count)
		    : NULL;

		if (to == MEETING_SCHEDULED && force)
			details = json_pack("{s:b}", "forced", 1);

		snprintf(action, sizeof action, "meeting.%s",
		    to == MEETING_SCHEDULED  ? "schedule"
			: to == MEETING_HELD ? "close"
					     : "cancel");
		err = store_audit(s, who, action, "meeting", id, details);
		json_decref(details);
		log_info("uid %u: meeting %lld is %s", (unsigned)who->uid,
		    (long long)id, meeting_status_names[to]);
	}
out:
	meeting_free(m);
	return store_tx_end(s, err);
}

enum civic_err
store_meeting_schedule(struct store *s, const struct identity *who, int64_t id,
    bool force, struct meeting_refusal *r)
{
	return meeting_move(s, who, id, MS(MEETING_PLANNED), MEETING_SCHEDULED,
	    0, NULL, force, r);
}

enum civic_err
store_meeting_cancel(struct store *s, const struct identity *who, int64_t id,
    const char *reason, struct meeting_refusal *r)
{
	return meeting_move(s, who, id,
	    MS(MEETING_PLANNED) | MS(MEETING_SCHEDULED), MEETING_CANCELLED, 0,
	    reason, false, r);
}

enum civic_err
store_meeting_close(struct store *s, const struct identity *who, int64_t id,
    int64_t head_count, const char *note, struct meeting_refusal *r)
{
	return meeting_move(s, who, id, MS(MEETING_SCHEDULED), MEETING_HELD,
	    head_count, note, false, r);
}
