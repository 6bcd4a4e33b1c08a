/*
 * store-registration.c - registrations, cancellations and check-in at the
 * door (see store-meeting.h; the meetings themselves and the promotion
 * from the waiting list are in store-meeting.c).
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

static const char *const checkin_method_names[] = { "code", "ticket",
	"registration" };

/* A registration's columns, with POS: its place on the waiting list, and
 * NEEDS: its kinds of need, joined by REG_NEED_SEP, or NULL to read them
 * apart (reg_load_needs). */
#define REG_SELECT_POS(POS, NEEDS) \
	"SELECT r.id, r.meeting_id, r.status, r.seats, r.code, r.language, " \
	"r.childcare, r.walk_in, r.forced, r.created_at, r.confirmed_at, " \
	"r.cancelled_at, r.checked_in_at, p.registration_id IS NULL, " \
	"p.name, p.email, p.phone, p.accessibility, p.note, p.consent, " \
	"CASE WHEN r.status = 'waiting' THEN " POS " ELSE 0 END, " NEEDS \
	" FROM registration r LEFT JOIN registrant p " \
	"ON p.registration_id = r.id "
#define REG_NEED_SEP '\x1f'
/* A list's rows carry their needs: one statement, not one a row. */
#define REG_NEEDS \
	"(SELECT group_concat(kind, char(31)) FROM (SELECT kind FROM " \
	"registration_need WHERE registration_id = r.id ORDER BY kind))"
/*
 * One registration: its place is the meeting's waiting count (kept in
 * meeting_tally) less the waiting ones after it. Counting those before it
 * cost as much as the list was long for the newest, which is the one a
 * registration's reply shows; this costs nothing for it.
 */
#define REG_SELECT \
	REG_SELECT_POS( \
	    "(SELECT waiting FROM meeting_tally t WHERE " \
	    "t.meeting_id = r.meeting_id) - (SELECT count(*) " \
	    "FROM registration w WHERE w.meeting_id = r.meeting_id " \
	    "AND w.status = 'waiting' AND w.id > r.id)", \
	    "NULL")
void
registration_free(struct registration *g)
{
	size_t i;

	if (g == NULL)
		return;
	free(g->language);
	free(g->name);
	free(g->email);
	free(g->phone);
	free(g->accessibility);
	free(g->note);
	for (i = 0; i < g->nneeds; i++)
		free(g->needs[i]);
	free(g->needs);
	free(g);
}

/*
 * Whether an active registration of the meeting has this e-mail/phone.
 * Each test repeats the partial unique index's condition, so that it is a
 * lookup in that index: summing over the meeting's registrants scanned
 * every registrant of every meeting (27 registrations a second into a
 * meeting of 22,000, against 177 into a fresh one).
 */
static enum civic_err
meeting_duplicate(struct store *s, int64_t meeting, const struct reg_fields *f,
    int64_t self, const char **which)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM registrant WHERE meeting_id = ?1 "
	    "AND email = ?2 AND email IS NOT NULL AND active = 1 "
	    "AND registration_id != ?4), "
	    "EXISTS (SELECT 1 FROM registrant WHERE meeting_id = ?1 "
	    "AND phone = ?3 AND phone IS NOT NULL AND active = 1 "
	    "AND registration_id != ?4)";
	sqlite3_stmt *st;
	int rc;

	*which = NULL;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, meeting);
	store_bind_text_or_null(st, 2, f->email);
	store_bind_text_or_null(st, 3, f->phone);
	store_bind_int64(st, 4, self);
	if ((rc = store_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) > 0)
			*which = "email";
		else if (sqlite3_column_int64(st, 1) > 0)
			*which = "phone";
	}
	store_done(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, "looking for a duplicate");
	return *which != NULL ? CIVIC_E_CONFLICT : CIVIC_OK;
}

static enum civic_err
meeting_insert_registration(struct store *s, const struct identity *who,
    int64_t meeting, const struct reg_fields *f, enum reg_status status,
    bool forced, int64_t *id)
{
	static const char reg[] =
	    "INSERT INTO registration (meeting_id, status, seats, code, "
	    "language, childcare, walk_in, forced, created_at, confirmed_at, "
	    "checked_in_at, checked_in_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "CASE WHEN ?4 IS NULL THEN NULL ELSE ?9 END, "
	    "CASE WHEN ?7 THEN ?9 END, CASE WHEN ?7 THEN ?10 END)";
	static const char person[] =
	    "INSERT INTO registrant (registration_id, meeting_id, name, email, "
	    "phone, accessibility, note, consent) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	static const char need[] = "INSERT OR IGNORE INTO registration_need "
				   "(registration_id, kind) VALUES (?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;
	char code[9];
	size_t i;

	if (status == REG_CONFIRMED && f->code != NULL)
		snprintf(code, sizeof code, "%s", f->code);
	else if (status == REG_CONFIRMED &&
	    (err = store_meeting_new_code(s, meeting, code)) != CIVIC_OK)
		return err;
	if ((st = store_stmt(s, reg)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, meeting);
	store_bind_text(st, 2, reg_status_names[status], -1, SQLITE_STATIC);
	store_bind_int64(st, 3, f->seats);
	if (status == REG_CONFIRMED)
		store_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 5, f->language);
	store_bind_int64(st, 6, f->childcare);
	store_bind_int(st, 7, f->walk_in);
	store_bind_int(st, 8, forced);
	store_bind_int64(st, 9, clock_now());
	store_bind_int64(st, 10, who->uid);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	*id = sqlite3_last_insert_rowid(s->db);
	if ((st = store_stmt(s, person)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, *id);
	store_bind_int64(st, 2, meeting);
	store_bind_text(st, 3, f->name, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 4, f->email);
	store_bind_text_or_null(st, 5, f->phone);
	store_bind_text_or_null(st, 6, f->accessibility);
	store_bind_text_or_null(st, 7, f->note);
	store_bind_int(st, 8, f->consent);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	for (i = 0; i < f->nneeds; i++) {
		if ((st = store_stmt(s, need)) == NULL)
			return CIVIC_E_INTERNAL;
		store_bind_int64(st, 1, *id);
		store_bind_text(st, 2, f->needs[i], -1, SQLITE_TRANSIENT);
		if ((err = store_run(s, st)) != CIVIC_OK)
			return err;
	}
	return CIVIC_OK;
}

enum civic_err
store_register(struct store *s, const struct identity *who, int64_t meeting,
    const struct reg_fields *f, const struct meeting_times *t, int64_t *id,
    struct meeting_refusal *r)
{
	struct meeting *m = NULL;
	enum reg_status status;
	enum civic_err err;
	const char *dup;
	int64_t confirmed, free_seats;
	time_t now = clock_now(), opens, closes;
	bool forced = false, late = false;
	const char *lang = NULL;
	struct reg_fields as_offered;
	size_t i;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_meeting_lock(s, meeting, MS(MEETING_SCHEDULED), false,
		 &m, r)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INVALID_STATE;
	if (!f->walk_in && m->reg_opens != 0 && now < m->reg_opens) {
		REFUSE_WHY(r, R_NOT_OPENED, FS(meeting_status_names[m->status]),
		    FN(m->reg_opens));
		goto out;
	}
	/* Registration closes when the meeting starts; a walk-in comes
	 * while the door is open. A coordinator may override either. */
	meeting_checkin_window(m, t, &opens, &closes);
	if (!f->walk_in && f->force && now <= meeting_reg_closes(m)) {
		REFUSE_WHY(r, R_WALK_IN_ONLY, FS("force"));
		err = CIVIC_E_INVALID_PARAMETER;
		goto out;
	}
	if (!f->walk_in && now > meeting_reg_closes(m)) {
		if (!f->force) {
			REFUSE_WHY(r, R_CLOSED,
			    FS(meeting_status_names[m->status]),
			    FN(meeting_reg_closes(m)));
			goto out;
		}
		late = true;
	}
	if (f->walk_in && (now < opens || now > closes)) {
		if (!f->force) {
			if (now < opens)
				REFUSE_WHY(r, R_CHECKIN_TOO_EARLY, FN(opens));
			else
				REFUSE_WHY(r, R_CHECKIN_OVER, FN(closes));
			goto out;
		}
		late = true;
	}
	err = CIVIC_E_INVALID_PARAMETER;
	if (f->seats > m->party_max) {
		REFUSE_WHY(r, R_ABOVE_PARTY, FS("seats"), FN(m->party_max));
		goto out;
	}
	/* "Arabisk" is the meeting's "arabisk": the count is by its word. */
	if (f->language != NULL) {
		for (i = 0; i < m->nlanguages; i++) {
			if (utf8_same_word(m->languages[i], f->language))
				break;
		}
		if (i == m->nlanguages) {
			REFUSE_WHY(r, R_LANGUAGE_NOT_OFFERED, FS("language"));
			goto out;
		}
		lang = m->languages[i];
	}
	if ((err = meeting_duplicate(s, meeting, f, 0, &dup)) != CIVIC_OK) {
		if (err == CIVIC_E_CONFLICT)
			REFUSE_WHY(r,
			    dup != NULL && strcmp(dup, "email") == 0
				? R_EMAIL_REGISTERED
				: R_PHONE_REGISTERED,
			    FN(meeting));
		goto out;
	}
	if ((err = store_meeting_free_seats(s, meeting, &confirmed,
		 &free_seats)) != CIVIC_OK)
		goto out;
	r->free_seats = free_seats;
	if (f->seats <= free_seats)
		status = REG_CONFIRMED;
	else if (f->walk_in && f->force) {
		status = REG_CONFIRMED;
		forced = true;
	} else if (!f->walk_in && m->waiting_list)
		status = REG_WAITING;
	else {
		err = CIVIC_E_MEETING_FULL;
		goto out;
	}
	as_offered = *f;
	as_offered.language = lang;
	err = meeting_insert_registration(s, who, meeting, &as_offered, status,
	    forced, id);
	if (err == CIVIC_OK) {
		json_t *details = json_pack("{s:I, s:s, s:I, s:b, s:b}",
		    "meeting", (json_int_t)meeting, "status",
		    reg_status_names[status], "seats", (json_int_t)f->seats,
		    "walk_in", f->walk_in, "forced", forced);

		if (late)
			json_object_set_new(details, "outside_hours",
			    json_true());

		err = store_audit(s, who, "registration.create", "registration",
		    *id, details);
		json_decref(details);
	}
	if (err == CIVIC_OK && forced)
		log_notice("uid %u forced walk-in registration %lld into full "
			   "meeting %lld",
		    (unsigned)who->uid, (long long)*id, (long long)meeting);
out:
	meeting_free(m);
	return store_tx_end(s, err);
}

/* The kinds of need a list's row carries (NULL: none, or not asked). */
static int
reg_needs_from(struct registration *g, const unsigned char *joined)
{
	const char *p = (const char *)joined, *end;
	size_t n = 1;

	if (p == NULL || *p == '\0')
		return 0;
	for (end = p; *end != '\0'; end++)
		n += *end == REG_NEED_SEP;
	if ((g->needs = calloc(n, sizeof *g->needs)) == NULL)
		return -1;
	while (g->nneeds < n) {
		end = strchr(p, REG_NEED_SEP);
		if (end == NULL)
			end = p + strlen(p);
		if ((g->needs[g->nneeds] = strndup(p, (size_t)(end - p))) ==
		    NULL)
			return -1;
		g->nneeds++;
		p = *end != '\0' ? end + 1 : end;
	}
	return 0;
}

static struct registration *
reg_from_row(sqlite3_stmt *st)
{
	struct registration *g;
	bool oom = false;

	if ((g = calloc(1, sizeof *g)) == NULL)
		return NULL;
	g->id = sqlite3_column_int64(st, 0);
	g->meeting_id = sqlite3_column_int64(st, 1);
	g->status = (enum reg_status)store_meeting_enum(sqlite3_column_text(st,
							    2),
	    reg_status_names);
	g->seats = sqlite3_column_int64(st, 3);
	store_col_text(st, 4, g->code, sizeof g->code);
	g->language = store_col_dup(st, 5, &oom);
	g->childcare = sqlite3_column_int64(st, 6);
	g->walk_in = sqlite3_column_int(st, 7) != 0;
	g->forced = sqlite3_column_int(st, 8) != 0;
	g->created = (time_t)sqlite3_column_int64(st, 9);
	g->confirmed = (time_t)sqlite3_column_int64(st, 10);
	g->cancelled = (time_t)sqlite3_column_int64(st, 11);
	g->checked_in = (time_t)sqlite3_column_int64(st, 12);
	g->erased = sqlite3_column_int(st, 13) != 0;
	g->name = store_col_dup(st, 14, &oom);
	g->email = store_col_dup(st, 15, &oom);
	g->phone = store_col_dup(st, 16, &oom);
	g->accessibility = store_col_dup(st, 17, &oom);
	g->note = store_col_dup(st, 18, &oom);
	g->consent = sqlite3_column_int(st, 19) != 0;
	g->position = sqlite3_column_int64(st, 20);
	if (!oom && reg_needs_from(g, sqlite3_column_text(st, 21)) != 0)
		oom = true;
	if (oom) {
		registration_free(g);
		return NULL;
	}
	return g;
}

static enum civic_err
reg_load_needs(struct store *s, struct registration *g)
{
	static const char sql[] = "SELECT kind FROM registration_need "
				  "WHERE registration_id = ? ORDER BY kind";

	return store_meeting_strings(s, sql, g->id, &g->needs, &g->nneeds);
}

static void *
reg_make(sqlite3_stmt *st)
{
	return reg_from_row(st);
}

enum civic_err
store_registration_get(struct store *s, int64_t id, struct registration **out)
{
	static const char sql[] = REG_SELECT "WHERE r.id = ?";
	enum civic_err err;
	void *g;

	*out = NULL;
	if ((err = store_row_by_id(s, sql, id, reg_make, &g,
		 "reading a registration")) != CIVIC_OK)
		return err;
	if ((err = reg_load_needs(s, g)) != CIVIC_OK) {
		registration_free(g);
		return err;
	}
	*out = g;
	return CIVIC_OK;
}

void
reg_cursor_free(struct reg_cursor *cur)
{
	free(cur->name);
	cur->name = NULL;
}

/* Reads up to max rows of st into fn, moving cur; *n gets how many. */
static enum civic_err
reg_page_rows(struct store *s, sqlite3_stmt *st, struct reg_cursor *cur,
    int (*fn)(const struct registration *, void *), void *arg, size_t *n)
{
	struct registration *g;
	enum civic_err err = CIVIC_OK;
	int rc;

	*n = 0;
	while ((rc = store_step(st)) == SQLITE_ROW) {
		if ((g = reg_from_row(st)) == NULL) {
			err = CIVIC_E_INTERNAL;
			break;
		}
		if (cur->phase == 1)
			g->position = ++cur->place;
		else if (cur->phase == 0) {
			free(cur->name);
			if ((cur->name = strdup(g->name != NULL ? g->name
								: "")) ==
			    NULL) {
				registration_free(g);
				err = CIVIC_E_INTERNAL;
				break;
			}
		}
		cur->after = g->id;
		(*n)++;
		if (fn(g, arg) != 0)
			err = CIVIC_E_INTERNAL;
		registration_free(g);
		if (err != CIVIC_OK)
			break;
	}
	if (err == CIVIC_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = store_fail(s, rc, "listing registrations");
	return err;
}

enum civic_err
store_registration_page(struct store *s, struct reg_cursor *cur, size_t max,
    int (*fn)(const struct registration *, void *), void *arg)
{
	/* By name, then id: the key a page goes on from (registrant_name
	 * keeps it in order). An erased registrant has no name: first. */
	static const char confirmed[] = REG_SELECT_POS("0",
	    REG_NEEDS) "WHERE r.meeting_id = ?1 AND r.status = 'confirmed' "
		       "AND (?3 = 0 OR (coalesce(p.name, '') COLLATE NOCASE, r.id) "
		       "> (?2, ?3)) "
		       "ORDER BY coalesce(p.name, '') COLLATE NOCASE, r.id LIMIT ?4";
	static const char waiting[] = REG_SELECT_POS("0",
	    REG_NEEDS) "WHERE r.meeting_id = ?1 AND r.status = 'waiting' AND r.id > ?3 "
		       "ORDER BY r.id LIMIT ?4";
	static const char cancelled[] = REG_SELECT_POS("0",
	    REG_NEEDS) "WHERE r.meeting_id = ?1 AND r.status = 'cancelled' AND r.id > ?3 "
		       "ORDER BY r.id LIMIT ?4";
	static const char checked_in[] = REG_SELECT_POS("0",
	    REG_NEEDS) "WHERE r.meeting_id = ?1 AND r.status = 'confirmed' "
		       "AND r.checked_in_at IS NOT NULL "
		       "AND (?3 = 0 OR (coalesce(p.name, '') COLLATE NOCASE, r.id) "
		       "> (?2, ?3)) "
		       "ORDER BY coalesce(p.name, '') COLLATE NOCASE, r.id LIMIT ?4";
	static const unsigned phase_bit[] = { REG_CONFIRMED_ROWS,
		REG_WAITING_ROWS, REG_CANCELLED_ROWS };
	const char *sql;
	unsigned want = cur->want != 0 ? cur->want
				       : REG_CONFIRMED_ROWS | REG_WAITING_ROWS;
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	size_t n;

	if (want & REG_CHECKED_IN)
		want |= REG_CONFIRMED_ROWS;
	while (max > 0 && err == CIVIC_OK && cur->phase < 3) {
		if (!(want & phase_bit[cur->phase])) {
			cur->phase++;
			cur->after = 0;
			continue;
		}
		sql = cur->phase == 0
		    ? (want & REG_CHECKED_IN ? checked_in : confirmed)
		    : cur->phase == 1 ? waiting
				      : cancelled;
		if ((st = store_stmt(s, sql)) == NULL)
			return CIVIC_E_INTERNAL;
		if (store_bind_int64(st, 1, cur->meeting) != SQLITE_OK ||
		    store_bind_text(st, 2, cur->name != NULL ? cur->name : "",
			-1, SQLITE_STATIC) != SQLITE_OK ||
		    store_bind_int64(st, 3, cur->after) != SQLITE_OK ||
		    store_bind_int64(st, 4,
			max > INT64_MAX ? INT64_MAX : (int64_t)max) !=
			SQLITE_OK) {
			store_done(st);
			return store_fail(s, SQLITE_NOMEM, "binding");
		}
		err = reg_page_rows(s, st, cur, fn, arg, &n);
		store_done(st);
		if (err != CIVIC_OK || n == max)
			break;
		/* This part is done: the next follows. */
		max -= n;
		cur->phase++;
		cur->after = 0;
	}
	return err;
}

enum civic_err
store_registration_revoked(struct store *s, int64_t meeting,
    int (*fn)(int64_t id, void *), void *arg)
{
	static const char sql[] =
	    "SELECT id FROM registration "
	    "WHERE meeting_id = ? AND status = 'cancelled' "
	    "ORDER BY id";
	enum civic_err err = CIVIC_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	if (store_bind_int64(st, 1, meeting) != SQLITE_OK) {
		store_done(st);
		return store_fail(s, SQLITE_NOMEM, "binding");
	}
	while ((rc = store_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), arg) != 0) {
			err = CIVIC_E_INTERNAL;
			break;
		}
	if (err == CIVIC_OK && rc != SQLITE_DONE)
		err = store_fail(s, rc, "listing revoked tickets");
	store_done(st);
	return err;
}

enum civic_err
store_registration_by_code(struct store *s, int64_t meeting, const char *code,
    int64_t *id)
{
	static const char sql[] = "SELECT id FROM registration "
				  "WHERE meeting_id = ? AND code = ?";
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, meeting);
	store_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	store_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, rc, "looking up a code");
	return *id != 0 ? CIVIC_OK : CIVIC_E_NOT_FOUND;
}

enum civic_err
store_registration_cancel(struct store *s, const struct identity *who,
    int64_t id, const char *reason, struct promoted *promoted,
    struct meeting_refusal *r)
{
	static const char cancel[] =
	    "UPDATE registration SET status = 'cancelled', cancelled_at = ? "
	    "WHERE id = ?";
	static const char inactive[] = "UPDATE registrant SET active = 0 "
				       "WHERE registration_id = ?";
	struct registration *g = NULL;
	struct meeting *m = NULL;
	char why[160];
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	promoted->n = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_registration_get(s, id, &g)) != CIVIC_OK ||
	    (err = store_meeting_lock(s, g->meeting_id, MS(MEETING_SCHEDULED),
		 false, &m, r)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INVALID_STATE;
	if (g->status == REG_CANCELLED) {
		REFUSE_WHY0(r, R_REG_CANCELLED);
		goto out;
	}
	if (g->checked_in != 0) {
		REFUSE_WHY(r, R_REG_CHECKED_IN, FN(g->checked_in));
		goto out;
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, cancel)) == NULL)
		goto out;
	store_bind_int64(st, 1, clock_now());
	store_bind_int64(st, 2, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, inactive)) == NULL)
		goto out;
	store_bind_int64(st, 1, id);
	if ((err = store_run(s, st)) != CIVIC_OK)
		goto out;
	{
		json_t *details = json_pack("{s:I, s:s}", "meeting",
		    (json_int_t)g->meeting_id, "was",
		    reg_status_names[g->status]);

		err = store_audit(s, who, "registration.cancel", "registration",
		    id, details);
		json_decref(details);
		if (err != CIVIC_OK)
			goto out;
	}
	if (g->status == REG_CONFIRMED) {
		snprintf(why, sizeof why,
		    "%lld seat%s freed by cancelling registration %lld",
		    (long long)g->seats, g->seats == 1 ? "" : "s",
		    (long long)id);
		err = store_meeting_promote(s, g->meeting_id, why, promoted);
	}
	if (err == CIVIC_OK)
		log_info("uid %u cancelled registration %lld%s%s",
		    (unsigned)who->uid, (long long)id, reason ? ": " : "",
		    reason ? reason : "");
out:
	registration_free(g);
	meeting_free(m);
	return store_tx_end(s, err);
}

enum civic_err
store_checkin_failure(struct store *s, const struct identity *who,
    int64_t meeting, enum checkin_method how, const char *reason,
    int64_t registration)
{
	static const char sql[] =
	    "INSERT INTO checkin_failure (meeting_id, at, by_uid, method, "
	    "reason, registration_id) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;

	log_notice("meeting %lld: check-in by %s refused: %s",
	    (long long)meeting, checkin_method_names[how], reason);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((st = store_stmt(s, sql)) == NULL)
		return store_tx_end(s, CIVIC_E_INTERNAL);
	store_bind_int64(st, 1, meeting);
	store_bind_int64(st, 2, clock_now());
	store_bind_int64(st, 3, who->uid);
	store_bind_text(st, 4, checkin_method_names[how], -1, SQLITE_STATIC);
	store_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	if (registration > 0)
		store_bind_int64(st, 6, registration);
	return store_tx_end(s, store_run(s, st));
}

enum civic_err
store_checkin(struct store *s, const struct identity *who, int64_t meeting,
    enum checkin_method how, int64_t id, const struct meeting_times *t,
    bool force, struct meeting_refusal *r)
{
	static const char sql[] = "UPDATE registration SET checked_in_at = ?, "
				  "checked_in_by = ? WHERE id = ?";
	struct registration *g = NULL;
	struct meeting *m = NULL;
	time_t now = clock_now(), opens, closes;
	bool known, found, outside = false;
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_meeting_lock(s, meeting, MS(MEETING_SCHEDULED), false,
		 &m, r)) == CIVIC_E_INVALID_STATE) {
		r->failure = "meeting not open";
		REFUSE_WHY(r, R_CHECKIN_NOT_OPEN,
		    FS(meeting_status_names[r->status]));
	}
	if (err != CIVIC_OK)
		goto out;
	err = store_registration_get(s, id, &g);
	if (err == CIVIC_E_NOT_FOUND)
		r->failure = how == CHECKIN_CODE ? "unknown code"
						 : "unknown registration";
	if (err != CIVIC_OK)
		goto out;
	err = CIVIC_E_INVALID_STATE;
	if (g->meeting_id != meeting) {
		r->failure = "wrong meeting";
		REFUSE_WHY0(r, R_CHECKIN_WRONG_MEETING);
	} else if (g->status == REG_CANCELLED) {
		r->failure = "cancelled";
		REFUSE_WHY0(r, R_CHECKIN_CANCELLED);
	} else if (g->status == REG_WAITING) {
		r->failure = "waiting";
		REFUSE_WHY0(r, R_CHECKIN_WAITING);
	} else if (g->checked_in != 0) {
		r->failure = "already checked in";
		REFUSE_WHY(r, R_ALREADY_CHECKED_IN, FN(id), FN(g->checked_in));
		err = CIVIC_E_ALREADY_CHECKED_IN;
	} else
		err = CIVIC_OK;
	if (err != CIVIC_OK)
		goto out;
	/* The ticket is good; is the door open? */
	meeting_checkin_window(m, t, &opens, &closes);
	if ((now < opens || now > closes) && !force) {
		r->failure = now < opens ? "too early" : "too late";
		if (now < opens)
			REFUSE_WHY(r, R_CHECKIN_TOO_EARLY, FN(opens));
		else
			REFUSE_WHY(r, R_CHECKIN_OVER, FN(closes));
		err = CIVIC_E_INVALID_STATE;
		goto out;
	}
	outside = now < opens || now > closes;
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, now);
	store_bind_int64(st, 2, who->uid);
	store_bind_int64(st, 3, id);
	if ((err = store_run(s, st)) == CIVIC_OK) {
		json_t *details = json_pack("{s:I, s:s}", "meeting",
		    (json_int_t)meeting, "by", checkin_method_names[how]);

		if (outside)
			json_object_set_new(details, "outside_hours",
			    json_true());

		err = store_audit(s, who, "registration.checkin",
		    "registration", id, details);
		json_decref(details);
	}
out:
	known = m != NULL;
	found = g != NULL;
	registration_free(g);
	meeting_free(m);
	err = store_tx_end(s, err);
	/* A refusal is not a change, but it is recorded all the same. */
	if (err != CIVIC_OK && r->failure != NULL && known)
		store_checkin_failure(s, who, meeting, how, r->failure,
		    found ? id : 0);
	return err;
}

/* The meeting's own spelling of language (NULL: none asked); false if
 * the meeting does not offer it. */
static bool
reg_language(const struct meeting *m, const char *language, const char **out)
{
	size_t i;

	*out = NULL;
	if (language == NULL)
		return true;
	for (i = 0; i < m->nlanguages; i++) {
		if (utf8_same_word(m->languages[i], language)) {
			*out = m->languages[i];
			return true;
		}
	}
	return false;
}

/* Replaces registration id's person (name, contact, words, consent) and
 * kinds of need with f's. */
static enum civic_err
reg_write_person(struct store *s, int64_t id, int64_t meeting,
    const struct reg_fields *f)
{
	static const char person[] =
	    "INSERT INTO registrant (registration_id, meeting_id, name, email, "
	    "phone, accessibility, note, consent) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8) ON CONFLICT (registration_id) DO UPDATE SET "
	    "name = ?3, email = ?4, phone = ?5, accessibility = ?6, "
	    "note = ?7, consent = ?8";
	static const char drop[] = "DELETE FROM registration_need "
				   "WHERE registration_id = ?";
	static const char need[] = "INSERT INTO registration_need "
				   "(registration_id, kind) VALUES (?, ?)";
	sqlite3_stmt *st;
	enum civic_err err;

	if ((st = store_stmt(s, person)) == NULL)
		return CIVIC_E_INTERNAL;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, meeting);
	store_bind_text(st, 3, f->name, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 4, f->email);
	store_bind_text_or_null(st, 5, f->phone);
	store_bind_text_or_null(st, 6, f->accessibility);
	store_bind_text_or_null(st, 7, f->note);
	store_bind_int(st, 8, f->consent);
	if ((err = store_run(s, st)) != CIVIC_OK)
		return err;
	return store_replace_set(s, drop, need, id, f->needs, f->nneeds);
}

enum civic_err
store_registration_edit(struct store *s, const struct identity *who, int64_t id,
    const struct reg_fields *f, struct promoted *promoted,
    struct meeting_refusal *r)
{
	static const char sql[] = "UPDATE registration SET seats = ?, "
				  "language = ?, childcare = ? WHERE id = ?";
	struct registration *g = NULL;
	struct meeting *m = NULL;
	int64_t confirmed, free_seats;
	const char *dup, *lang;
	char reason[96];
	sqlite3_stmt *st;
	enum civic_err err;

	memset(r, 0, sizeof *r);
	promoted->n = 0;
	if ((err = store_tx_begin(s)) != CIVIC_OK)
		return err;
	if ((err = store_registration_get(s, id, &g)) != CIVIC_OK)
		goto out;
	if ((err = store_meeting_lock(s, g->meeting_id, MS(MEETING_SCHEDULED),
		 false, &m, r)) != CIVIC_OK)
		goto out;
	err = CIVIC_E_INVALID_STATE;
	if (g->status == REG_CANCELLED) {
		REFUSE_WHY0(r, R_REG_CANCELLED);
		goto out;
	}
	err = CIVIC_E_INVALID_PARAMETER;
	if (f->seats > m->party_max) {
		REFUSE_WHY(r, R_ABOVE_PARTY, FS("seats"), FN(m->party_max));
		goto out;
	}
	if (!reg_language(m, f->language, &lang)) {
		REFUSE_WHY(r, R_LANGUAGE_NOT_OFFERED, FS("language"));
		goto out;
	}
	if ((err = meeting_duplicate(s, m->id, f, id, &dup)) != CIVIC_OK) {
		if (err == CIVIC_E_CONFLICT)
			REFUSE_WHY(r,
			    dup != NULL && strcmp(dup, "email") == 0
				? R_EMAIL_REGISTERED
				: R_PHONE_REGISTERED,
			    FN(m->id));
		goto out;
	}
	/* A confirmed party that grows needs the seats; it never drops to
	 * the waiting list behind the coordinator's back. */
	if (g->status == REG_CONFIRMED && f->seats > g->seats) {
		if ((err = store_meeting_free_seats(s, m->id, &confirmed,
			 &free_seats)) != CIVIC_OK)
			goto out;
		if (f->seats - g->seats > free_seats) {
			r->free_seats = free_seats;
			REFUSE_WHY(r, R_MEETING_FULL,
			    FN(free_seats > 0 ? free_seats : 0),
			    FN(f->seats - g->seats));
			err = CIVIC_E_MEETING_FULL;
			goto out;
		}
	}
	err = CIVIC_E_INTERNAL;
	if ((st = store_stmt(s, sql)) == NULL)
		goto out;
	store_bind_int64(st, 1, f->seats);
	store_bind_text_or_null(st, 2, lang);
	store_bind_int64(st, 3, f->childcare);
	store_bind_int64(st, 4, id);
	if ((err = store_run(s, st)) != CIVIC_OK ||
	    (err = reg_write_person(s, id, m->id, f)) != CIVIC_OK)
		goto out;
	{
		json_t *details = json_pack("{s:I, s:I, s:I}", "meeting",
		    (json_int_t)m->id, "seats_before", (json_int_t)g->seats,
		    "seats", (json_int_t)f->seats);

		err = store_audit(s, who, "registration.edit", "registration",
		    id, details);
		json_decref(details);
	}
	/* Seats freed, or a waiting party that now fits: the rule again. */
	if (err == CIVIC_OK && f->seats != g->seats) {
		snprintf(reason, sizeof reason,
		    "registration %lld changed from %lld to %lld seats",
		    (long long)id, (long long)g->seats, (long long)f->seats);
		err = store_meeting_promote(s, m->id, reason, promoted);
	}
out:
	registration_free(g);
	meeting_free(m);
	return store_tx_end(s, err);
}
