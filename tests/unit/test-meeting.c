/*
 * test-meeting.c - meetings in the store, on a real SQLite file: the
 * waiting list's promotion order with parties of mixed sizes, capacity
 * (and the schema's own refusal), duplicates, walk-ins, the registration
 * window, status transitions, and check-in refusals being recorded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "clock.h"
#include "store-meeting.h"
#include "testutil.h"

static struct store *s;
static const char *dbpath;
static struct identity coord = {
	.known = true, .uid = 1235, .roles = ROLE_COORD, .user = "kirsten"
};

static int64_t
sql_int(const char *sql)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const struct meeting_times times = MEETING_TIMES_DEFAULT;

/* A scheduled meeting with capacity (none held back). */
static int64_t
meeting(int64_t capacity, bool waiting_list)
{
	struct meeting_fields f = { .title = "Møde",
		.capacity = capacity,
		.party_max = 4,
		.waiting_list = waiting_list,
		.starts_at = 2000000000,
		.ends_at = 2000007200 };
	struct meeting_refusal r;
	int64_t id;

	assert_int_equal(store_meeting_create(s, &coord, &f, false, &id, &r),
	    CIVIC_OK);
	assert_int_equal(store_meeting_schedule(s, &coord, id, false, &r),
	    CIVIC_OK);
	return id;
}

static enum civic_err
reg(int64_t m, const char *name, int64_t seats, int64_t *id,
    struct meeting_refusal *r)
{
	struct reg_fields f = { .name = name, .email = name, .seats = seats };

	return store_register(s, &coord, m, &f, &times, id, r);
}

static enum reg_status
status_of(int64_t id, int64_t *position)
{
	struct registration *g;
	enum reg_status st;

	assert_int_equal(store_registration_get(s, id, &g), CIVIC_OK);
	st = g->status;
	if (position != NULL)
		*position = g->position;
	if (st == REG_CONFIRMED)
		assert_int_equal(strlen(g->code), 8);
	registration_free(g);
	return st;
}

static void
test_promotion_order(void **state)
{
	struct meeting_refusal r;
	struct meeting_fields f;
	struct meeting *mt;
	int64_t m, a, b, c, d, e, g, pos;
	struct promoted promoted;

	(void)state;
	m = meeting(5, true);
	assert_int_equal(reg(m, "a", 2, &a, &r), CIVIC_OK);
	assert_int_equal(reg(m, "b", 2, &b, &r), CIVIC_OK);
	assert_int_equal(reg(m, "c", 3, &c, &r), CIVIC_OK); /* 1 free: waits */
	assert_int_equal(reg(m, "d", 1, &d, &r), CIVIC_OK); /* fits */
	assert_int_equal(reg(m, "e", 2, &e, &r), CIVIC_OK);
	assert_int_equal(reg(m, "g", 1, &g, &r), CIVIC_OK);
	assert_int_equal(status_of(a, NULL), REG_CONFIRMED);
	assert_int_equal(status_of(d, NULL), REG_CONFIRMED);
	assert_int_equal(status_of(c, &pos), REG_WAITING);
	assert_int_equal(pos, 1);
	assert_int_equal(status_of(e, &pos), REG_WAITING);
	assert_int_equal(pos, 2);
	assert_int_equal(status_of(g, &pos), REG_WAITING);
	assert_int_equal(pos, 3);

	/* Two seats free: c (3) is too large and keeps its place; e (2),
	 * the earliest that fits, goes in; g (1) does not fit any more. */
	assert_int_equal(store_registration_cancel(s, &coord, a, NULL,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(promoted.n, 1);
	assert_int_equal(status_of(e, NULL), REG_CONFIRMED);
	assert_int_equal(status_of(c, &pos), REG_WAITING);
	assert_int_equal(pos, 1);
	assert_int_equal(status_of(g, &pos), REG_WAITING);
	assert_int_equal(pos, 2);
	/* One seat: g. */
	assert_int_equal(store_registration_cancel(s, &coord, d, NULL,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(promoted.n, 1);
	assert_int_equal(status_of(g, NULL), REG_CONFIRMED);
	/* Capacity up by 2: c still does not fit; by 3 it does. */
	assert_int_equal(store_meeting_get(s, m, &mt), CIVIC_OK);
	memset(&f, 0, sizeof f);
	f.title = mt->title;
	f.starts_at = mt->starts_at;
	f.ends_at = mt->ends_at;
	f.party_max = 4;
	f.waiting_list = true;
	f.capacity = 7;
	assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(promoted.n, 0);
	f.capacity = 8;
	assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(promoted.n, 1);
	assert_int_equal(status_of(c, NULL), REG_CONFIRMED);
	meeting_free(mt);
	/* Every promotion is recorded with its reason. */
	{
		char sql[320];

		snprintf(sql, sizeof sql,
		    "SELECT count(*) FROM promotion p JOIN "
		    "registration r ON r.id = p.registration_id WHERE "
		    "r.meeting_id = %lld AND (p.reason LIKE '%%cancelling%%' OR "
		    "p.reason LIKE 'capacity raised%%')",
		    (long long)m);
		assert_int_equal(sql_int(sql), 3);
	}
}

static void
test_capacity(void **state)
{
	struct meeting_refusal r;
	struct meeting_fields f = { .title = "Lille",
		.capacity = 3,
		.party_max = 4,
		.starts_at = 2000000000,
		.ends_at = 2000007200 };
	int64_t m, a, b, fm;
	struct promoted promoted;
	char *err = NULL;
	sqlite3 *db;

	(void)state;
	m = meeting(3, false);
	assert_int_equal(reg(m, "x1", 2, &a, &r), CIVIC_OK);
	/* No waiting list: refused with the free seats. */
	assert_int_equal(reg(m, "x2", 2, &b, &r), CIVIC_E_MEETING_FULL);
	assert_int_equal(r.free_seats, 1);
	assert_int_equal(reg(m, "x3", 1, &b, &r), CIVIC_OK);
	assert_int_equal(reg(m, "x4", 1, &b, &r), CIVIC_E_MEETING_FULL);
	assert_int_equal(r.free_seats, 0);
	/* Capacity cannot go below what is confirmed. */
	assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
			     &promoted, &r),
	    CIVIC_OK);
	f.capacity = 2;
	assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
			     &promoted, &r),
	    CIVIC_E_INVALID_STATE);
	f.capacity = 4;
	f.held_back = 2;
	assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
			     &promoted, &r),
	    CIVIC_E_INVALID_STATE);
	/* Party limit. */
	fm = meeting(10, true);
	assert_int_equal(reg(fm, "big", 5, &a, &r), CIVIC_E_INVALID_PARAMETER);
	assert_int_equal(r.why.reason, R_ABOVE_PARTY);
	assert_int_equal(r.why.fig[1].n, 4);
	/* The schema refuses an overbooking on its own. */
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	{
		char sql[256];

		snprintf(sql, sizeof sql,
		    "INSERT INTO registration (meeting_id, "
		    "status, seats, code, created_at, confirmed_at) VALUES "
		    "(%lld, 'confirmed', 1, 'ZZZZZZZZ', 0, 0)",
		    (long long)m);
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &err),
		    SQLITE_OK);
		assert_non_null(strstr(err, "civic:full"));
		sqlite3_free(err);
		snprintf(sql, sizeof sql,
		    "UPDATE meeting SET capacity = 1 "
		    "WHERE id = %lld",
		    (long long)m);
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &err),
		    SQLITE_OK);
		assert_non_null(strstr(err, "civic:state"));
		sqlite3_free(err);
	}
	sqlite3_close(db);
}

static void
test_duplicates_and_walk_ins(void **state)
{
	struct reg_fields w = { .name = "Walk", .seats = 2, .walk_in = true };
	struct meeting_refusal r;
	struct registration *g;
	int64_t m, a, b;
	struct promoted promoted;

	(void)state;
	m = meeting(3, true);
	assert_int_equal(reg(m, "same@x.dk", 1, &a, &r), CIVIC_OK);
	assert_int_equal(reg(m, "same@x.dk", 1, &b, &r), CIVIC_E_CONFLICT);
	assert_int_equal(r.why.reason, R_EMAIL_REGISTERED);
	{
		struct reg_fields p1 = { .name = "P",
			.phone = "+4544775566",
			.seats = 1 };

		assert_int_equal(store_register(s, &coord, m, &p1, &times, &b,
				     &r),
		    CIVIC_OK);
		assert_int_equal(store_register(s, &coord, m, &p1, &times, &b,
				     &r),
		    CIVIC_E_CONFLICT);
		assert_int_equal(r.why.reason, R_PHONE_REGISTERED);
	}
	/* Cancelled, the same address may register again. */
	assert_int_equal(store_registration_cancel(s, &coord, a, NULL,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(reg(m, "same@x.dk", 1, &a, &r), CIVIC_OK);
	/* Full (3 of 3 with 1 free? 1+1+1 = 3): a walk-in needs force, at
	 * the door ten minutes before the start. */
	clock_pin(2000000000 - 600);
	assert_int_equal(store_register(s, &coord, m, &w, &times, &b, &r),
	    CIVIC_E_MEETING_FULL);
	w.force = true;
	assert_int_equal(store_register(s, &coord, m, &w, &times, &b, &r),
	    CIVIC_OK);
	assert_int_equal(store_registration_get(s, b, &g), CIVIC_OK);
	assert_true(g->forced);
	assert_true(g->walk_in);
	assert_int_not_equal(g->checked_in, 0); /* checked in at once */
	registration_free(g);
	/* Over capacity now: the next one waits. */
	assert_int_equal(reg(m, "later@x.dk", 1, &b, &r), CIVIC_OK);
	assert_int_equal(status_of(b, NULL), REG_WAITING);
	clock_pin(0);
}

static void
test_window_and_status(void **state)
{
	struct meeting_fields f = { .title = "Senere",
		.capacity = 10,
		.party_max = 2,
		.waiting_list = true };
	struct meeting_refusal r;
	int64_t m, a;

	(void)state;
	assert_int_equal(store_meeting_create(s, &coord, &f, false, &m, &r),
	    CIVIC_OK);
	/* Planned, no date: not open, and cannot be scheduled yet. */
	assert_int_equal(reg(m, "p@x.dk", 1, &a, &r), CIVIC_E_INVALID_STATE);
	assert_int_equal(r.status, MEETING_PLANNED);
	assert_int_equal(store_meeting_schedule(s, &coord, m, false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(store_meeting_close(s, &coord, m, 5, NULL, &r),
	    CIVIC_E_INVALID_STATE);
	/* With a date and a window that opens tomorrow. */
	f.starts_at = clock_now() + 10 * 86400;
	f.ends_at = f.starts_at + 7200;
	f.reg_opens = clock_now() + 86400;
	{
		struct promoted promoted;

		assert_int_equal(store_meeting_update(s, &coord, m, &f, false,
				     &promoted, &r),
		    CIVIC_OK);
	}
	assert_int_equal(store_meeting_schedule(s, &coord, m, false, &r),
	    CIVIC_OK);
	assert_int_equal(reg(m, "p@x.dk", 1, &a, &r), CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_NOT_OPENED);
	assert_int_equal(r.why.fig[1].n, f.reg_opens);
	clock_pin(f.reg_opens + 1);
	assert_int_equal(reg(m, "p@x.dk", 1, &a, &r), CIVIC_OK);
	/* It closes at the start; a coordinator may still register. */
	clock_pin(f.starts_at + 1);
	assert_int_equal(reg(m, "late@x.dk", 1, &a, &r), CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_CLOSED);
	assert_int_equal(r.why.fig[1].n, f.starts_at);
	{
		struct reg_fields late = { .name = "L",
			.email = "late@x.dk",
			.seats = 1,
			.force = true };

		assert_int_equal(store_register(s, &coord, m, &late, &times, &a,
				     &r),
		    CIVIC_OK);
	}
	/* Closed only once it has begun. */
	clock_pin(f.starts_at - 1);
	assert_int_equal(store_meeting_close(s, &coord, m, 40, "godt", &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_NOT_STARTED);
	clock_pin(f.starts_at);
	assert_int_equal(store_meeting_close(s, &coord, m, 40, "godt", &r),
	    CIVIC_OK);
	clock_pin(0);
	/* Held is final. */
	assert_int_equal(store_meeting_cancel(s, &coord, m, "nej", &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.status, MEETING_HELD);
	assert_int_equal(reg(m, "q@x.dk", 1, &a, &r), CIVIC_E_INVALID_STATE);
}

/* Check-in opens two hours before the start and closes an hour after
 * the end (the defaults); outside that only with force. */
static void
test_checkin_hours(void **state)
{
	struct meeting_refusal r;
	int64_t m, a;

	(void)state;
	m = meeting(5, true);
	assert_int_equal(reg(m, "h@x.dk", 1, &a, &r), CIVIC_OK);
	clock_pin(2000000000 - 7200 - 1);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_CHECKIN_TOO_EARLY);
	assert_string_equal(r.failure, "too early");
	assert_int_equal(r.why.fig[0].n, 2000000000 - 7200);
	clock_pin(2000007200 + 3600 + 1);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_int_equal(r.why.reason, R_CHECKIN_OVER);
	assert_string_equal(r.failure, "too late");
	assert_int_equal(sql_int("SELECT count(*) FROM checkin_failure WHERE "
				 "reason IN ('too early', 'too late')"),
	    2);
	/* Entered afterwards from the paper list: forced, and recorded. */
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, true, &r),
	    CIVIC_OK);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_entry WHERE "
				 "action = 'registration.checkin' AND body "
				 "LIKE '%\"outside_hours\":true%'"),
	    1);
	clock_pin(2000000000 - 7200);
	assert_int_equal(reg(m, "i@x.dk", 1, &a, &r), CIVIC_OK);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, false, &r),
	    CIVIC_OK);
	clock_pin(0);
}

static void
test_checkin_refusals_recorded(void **state)
{
	struct meeting_refusal r;
	int64_t m, m2, a, b, c, before;
	struct promoted promoted;

	(void)state;
	m = meeting(2, true);
	m2 = meeting(2, true);
	assert_int_equal(reg(m, "a@x.dk", 2, &a, &r), CIVIC_OK);
	assert_int_equal(reg(m, "b@x.dk", 1, &b, &r), CIVIC_OK); /* waits */
	assert_int_equal(reg(m2, "c@x.dk", 1, &c, &r), CIVIC_OK);
	before = sql_int("SELECT count(*) FROM checkin_failure");
	clock_pin(2000000000);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, false, &r),
	    CIVIC_OK);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, a,
			     &times, false, &r),
	    CIVIC_E_ALREADY_CHECKED_IN);
	assert_int_equal(r.why.reason, R_ALREADY_CHECKED_IN);
	assert_int_not_equal(r.why.fig[1].n, 0);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, b,
			     &times, false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_string_equal(r.failure, "waiting");
	assert_int_equal(r.why.reason, R_CHECKIN_WAITING);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_REGISTRATION, c,
			     &times, false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_string_equal(r.failure, "wrong meeting");
	assert_int_equal(r.why.reason, R_CHECKIN_WRONG_MEETING);
	assert_int_equal(store_checkin(s, &coord, m, CHECKIN_CODE, 999999,
			     &times, false, &r),
	    CIVIC_E_NOT_FOUND);
	assert_string_equal(r.failure, "unknown code");
	assert_int_equal(store_registration_cancel(s, &coord, c, NULL,
			     &promoted, &r),
	    CIVIC_OK);
	assert_int_equal(store_checkin(s, &coord, m2, CHECKIN_TICKET, c, &times,
			     false, &r),
	    CIVIC_E_INVALID_STATE);
	assert_string_equal(r.failure, "cancelled");
	assert_int_equal(r.why.reason, R_CHECKIN_CANCELLED);
	/* A checked-in person's registration cannot be cancelled. */
	assert_int_equal(store_registration_cancel(s, &coord, a, NULL,
			     &promoted, &r),
	    CIVIC_E_INVALID_STATE);
	/* Five refusals, each recorded with its reason. */
	assert_int_equal(sql_int("SELECT count(*) FROM checkin_failure") -
		before,
	    5);
	assert_int_equal(sql_int("SELECT count(DISTINCT reason) FROM "
				 "checkin_failure"),
	    5);
	clock_pin(0);
}

static int
setup(void **state)
{
	char err[512];

	(void)state;
	dbpath = tu_path("meetings.db");
	if ((s = store_open(dbpath, err, sizeof err)) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_promotion_order),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_duplicates_and_walk_ins),
		cmocka_unit_test(test_window_and_status),
		cmocka_unit_test(test_checkin_refusals_recorded),
		cmocka_unit_test(test_checkin_hours),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
