/*
 * demo.c - demo data for a first look: the associations and citizens of
 * Ballerup, the fund year 2017 and its applications in every state, the
 * citizen meetings of 2017 and one coming up, as the README's tour shows
 * them. Everything goes through the same store functions,
 * and so the same checks, as real calls; the clock is pinned to the day
 * each step happened.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "demo.h"
#include "log.h"
#include "store-fund.h"
#include "store-meeting.h"
#include "store.h"
#include "timefmt.h"

static const struct {
	enum applicant_kind kind;
	const char *name, *cvr, *contact, *email, *phone, *address;
} demo_applicants[] = {
	{ APPLICANT_ASSOCIATION, "Røde Kors Ballerup", "12345674",
	    "Hanne Nielsen", "ballerup@example.org", "+4544770001",
	    "Hold-An Vej 7\n2750 Ballerup" },
	{ APPLICANT_ASSOCIATION, "Venligboerne Ballerup", "", "Jamal Farah",
	    "venligboerne@example.org", "+4544770002", "" },
	{ APPLICANT_CITIZEN, "Amira Haddad", "", "", "amira@example.org", "",
	    "" },
};

/* Noon in Copenhagen on an ISO date: when a demo step happened. */
static time_t
demo_day(const char *iso)
{
	int32_t d = 0;

	date_parse(iso, &d);
	return (time_t)d * 86400 + 11 * 3600;
}

static int32_t
demo_date(const char *iso)
{
	int32_t d = 0;

	date_parse(iso, &d);
	return d;
}

static struct identity
demo_applicant(int64_t id)
{
	struct identity who;

	/* Each applicant at a computer of its own: a uid that is nobody's
	 * admin, or the demo's admin would be party to every case. */
	memset(&who, 0, sizeof who);
	who.known = true;
	who.uid = (uid_t)(2000 + id);
	who.roles = ROLE_APPLICANT;
	who.applicant_id = id;
	return who;
}

struct demo_line {
	const char *item;
	int64_t amount;
};

/* A draft by applicant owner, written on day. Returns its id, or 0. */
static int64_t
demo_draft(struct store *s, int64_t owner, const char *day, const char *title,
    const char *what, const char *how, const char *who_for, int people,
    const char *start, const char *end, const struct demo_line *lines)
{
	struct identity appl = demo_applicant(owner);
	struct app_draft d;
	int64_t id = 0;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.description = what;
	d.integration = how;
	d.target_group = who_for;
	d.participants = people;
	d.start_date = demo_date(start);
	d.end_date = demo_date(end);
	for (d.nlines = 0; lines[d.nlines].item != NULL; d.nlines++) {
		d.lines[d.nlines].item = lines[d.nlines].item;
		d.lines[d.nlines].amount = lines[d.nlines].amount;
		d.requested += lines[d.nlines].amount;
	}
	clock_pin(demo_day(day));
	if (store_application_create(s, &appl, &d, &id) != CIVIC_OK)
		return 0;
	return id;
}

static int
demo_submit(struct store *s, int64_t owner, int64_t id, const char *day)
{
	struct identity appl = demo_applicant(owner);
	struct fund_refusal r;

	clock_pin(demo_day(day));
	return store_application_submit(s, NULL, &appl, id, NULL, &r) ==
		CIVIC_OK
	    ? 0
	    : -1;
}

static int
demo_decide(struct store *s, const struct identity *admin,
    enum decision_kind kind, int64_t id, const char *day, int64_t amount,
    const char *ref, const char *text)
{
	struct decision d = { .kind = kind,
		.id = id,
		.amount = amount,
		.date = demo_date(day),
		.committee_ref = ref,
		.text = text };
	struct fund_refusal r;

	clock_pin(demo_day(day));
	return store_decide(s, admin, &d, &r) == CIVIC_OK ? 0 : -1;
}

static int
demo_pay(struct store *s, const struct identity *admin, int64_t id,
    const char *day, int64_t amount, const char *ref)
{
	struct fund_refusal r;

	clock_pin(demo_day(day));
	return store_payment_add(s, admin, id, demo_date(day), amount, ref,
		   &r) == CIVIC_OK
	    ? 0
	    : -1;
}

static const struct meeting_times demo_times = MEETING_TIMES_DEFAULT;

static int
demo_applications(struct store *s, const struct identity *admin)
{
	static const struct demo_line homework[] = {
		{ "Lokaleleje, Hold-An Vej", 800000 },
		{ "Koordinering af frivillige", 1200000 },
		{ "Materialer og forplejning", 1000000 },
		{ NULL, 0 },
	}, dinner[] = {
		{ "Mad til fællesspisning, 10 aftener", 1200000 },
		{ "Leje af Hedegårdens fælleshus", 300000 },
		{ "Børnepasning under spisningen", 300000 },
		{ NULL, 0 },
	}, bikes[] = {
		{ "Leje af cykler og hjelme", 700000 },
		{ "Instruktører", 500000 },
		{ NULL, 0 },
	}, trip[] = {
		{ "Bus til Sydsjælland", 600000 },
		{ "Madpakker og entré", 200000 },
		{ NULL, 0 },
	}, stories[] = {
		{ "Kaffe og kage, 8 aftener", 200000 },
		{ "Honorar til fortællere", 300000 },
		{ NULL, 0 },
	}, language[] = {
		{ "Lokaleleje", 400000 },
		{ "Undervisningsmaterialer", 200000 },
		{ NULL, 0 },
	};
	struct identity rk = demo_applicant(1);
	struct fund_refusal r;
	const int64_t actual[] = { 750000, 1100000, 500000 };
	int64_t a, b, c, d, e;
	int booked;

	/* 2017-0001: granted less than asked, paid, accounted for, closed. */
	if ((a = demo_draft(s, 1, "2017-01-16", "Lektiecafé for nye danskere",
		 "To eftermiddage om ugen hjælper frivillige børn og unge med "
		 "lektierne.",
		 "Børn og frivillige fra hele Ballerup mødes om skolen, og "
		 "forældrene inviteres med til en fælles afslutning hver måned.",
		 "Børn og unge 8-16 år og deres forældre", 40, "2017-02-01",
		 "2017-06-30", homework)) == 0 ||
	    demo_submit(s, 1, a, "2017-01-16") != 0 ||
	    demo_decide(s, admin, DECIDE_APPROVE, a, "2017-02-07", 2500000,
		"KFU 7.2.2017, pkt. 4", NULL) != 0 ||
	    demo_pay(s, admin, a, "2017-02-20", 2500000, "Bilag 2017-118") != 0)
		return -1;
	clock_pin(demo_day("2017-08-01"));
	if (store_accounts_submit(s, &rk, a, actual, 3, 36,
		"36 børn kom fast; 12 forældre deltog i afslutningerne.",
		&r) != CIVIC_OK)
		return -1;
	clock_pin(demo_day("2017-08-10"));
	if (store_accounts_decide(s, admin, a, true, NULL, -1, &r) != CIVIC_OK)
		return -1;
	/* It spent 1.500,00 kr. less than it was paid; 1.000 came back. */
	clock_pin(demo_day("2017-09-04"));
	if (store_repayment_add(s, admin, a, demo_date("2017-09-04"), 100000,
		"Bilag 2017-512", &booked, &r) != CIVIC_OK)
		return -1;

	/* 2017-0002: granted in full, half paid so far. */
	if ((b = demo_draft(s, 2, "2017-02-01", "Fællesspisning i Hedegården",
		 "Ti aftener med mad fra hele verden, lavet af beboerne selv.",
		 "Nye og gamle beboere laver mad sammen og spiser sammen; "
		 "børnepasning gør det muligt for alle at være med.",
		 "Beboere i Hedegården", 120, "2017-03-01", "2017-12-15",
		 dinner)) == 0 ||
	    demo_submit(s, 2, b, "2017-02-01") != 0 ||
	    demo_decide(s, admin, DECIDE_APPROVE, b, "2017-03-07", 1800000,
		"KFU 7.3.2017, pkt. 2", NULL) != 0 ||
	    demo_pay(s, admin, b, "2017-03-15", 900000, "Bilag 2017-301") != 0)
		return -1;

	/* 2017-0003: submitted, waiting for the committee. */
	if ((c = demo_draft(s, 1, "2017-04-03", "Cykelskole for kvinder",
		 "Et forløb på otte lørdage, hvor kvinder lærer at cykle.",
		 "Deltagerne får frihed til at færdes selv og møder frivillige "
		 "fra lokalsamfundet.",
		 "Kvinder, der ikke har lært at cykle", 15, "2017-05-06",
		 "2017-06-24", bikes)) == 0 ||
	    demo_submit(s, 1, c, "2017-04-03") != 0)
		return -1;

	/* 2017-0004: rejected, with the reason. */
	if ((d = demo_draft(s, 2, "2017-03-10", "Sommerudflugt til Sydsjælland",
		 "En dagstur med bus for familier.",
		 "Familierne får en fælles oplevelse.", "Familier", 50,
		 "2017-07-08", "2017-07-08", trip)) == 0 ||
	    demo_submit(s, 2, d, "2017-03-10") != 0 ||
	    demo_decide(s, admin, DECIDE_REJECT, d, "2017-04-04", 0, NULL,
		"En enkelt udflugt skaber ikke de varige netværk, puljen "
		"støtter.") != 0)
		return -1;

	/* 2017-0005: the committee asked for more information. */
	if ((e = demo_draft(s, 3, "2017-05-02", "Fortællecafé på biblioteket",
		 "Otte aftener, hvor ældre fortæller om deres liv i Danmark og i "
		 "andre lande.",
		 "Fortællingerne bygger bro mellem generationer og kulturer.",
		 "Ældre borgere", 25, "2017-09-01", "2017-11-30", stories)) ==
		0 ||
	    demo_submit(s, 3, e, "2017-05-02") != 0 ||
	    demo_decide(s, admin, DECIDE_REQUEST_INFO, e, "2017-05-20", 0, NULL,
		"Hvordan når I deltagere uden for jeres eget netværk?") != 0)
		return -1;

	/* A draft, not yet submitted. */
	if (demo_draft(s, 2, "2017-09-12", "Sprogcafé om lørdagen",
		"Uformel samtale på dansk over en kop kaffe.",
		"Nye danskere øver sproget med frivillige.", "Nye danskere", 20,
		"2018-01-06", "2018-06-30", language) == 0)
		return -1;
	return 0;
}

/* A local Copenhagen time "YYYY-MM-DD HH:MM" (DST as it was then). */
static time_t
demo_local(const char *when)
{
	time_t t = 0;

	timefmt_parse_local(when, &t);
	return t;
}

static const struct {
	const char *name, *email, *phone, *language, *need;
	int seats, childcare;
} demo_people[] = {
	{ "Fatima Ali", "fatima.ali@example.org", NULL, "arabisk", NULL, 2, 0 },
	{ "Hassan Yusuf", NULL, "+4520304050", "somali", "wheelchair", 1, 0 },
	{ "Ingrid Sørensen", "ingrid@example.org", NULL, NULL, NULL, 2, 0 },
	{ "Mehmet Demir", "mehmet@example.org", NULL, "tyrkisk", "hearing", 3,
	    0 },
	{ "Karen Hansen", NULL, "+4521223344", NULL, NULL, 1, 0 },
	{ "Abdi Warsame", "abdi@example.org", NULL, "somali", NULL, 2, 2 },
	{ "Ole Petersen", NULL, "+4522334455", NULL, "sight", 1, 0 },
	{ "Aylin Kaya", "aylin@example.org", NULL, "tyrkisk", NULL, 2, 0 },
	{ "Birthe Madsen", NULL, "+4523445566", NULL, "mobility", 1, 0 },
	{ "Nadia Rahman", "nadia@example.org", NULL, "urdu", NULL, 4, 1 },
	{ "Jens Kristensen", "jens@example.org", NULL, NULL, NULL, 2, 0 },
	{ "Leila Haddad", "leila@example.org", NULL, "arabisk", NULL, 3, 0 },
	{ "Grethe Nielsen", "grethe@example.org", NULL, NULL, NULL, 2, 0 },
	{ "Samir Khalil", "samir@example.org", NULL, "arabisk", NULL, 3, 0 },
	{ "Yasmin Omar", NULL, "+4524556677", "somali", NULL, 1, 0 },
};

/*
 * The two meetings of 2017: "Mange ældre – mange kulturer" on 2 May, with
 * its registrations and waiting list, and the second still being planned.
 */
static int
demo_meetings(struct store *s, const struct identity *coord)
{
	static const char *const langs[] = { "arabisk", "somali", "tyrkisk",
		"urdu" };
	struct meeting_fields f = { .title = "Mange ældre – mange kulturer",
		.description = "Åbent borgermøde om at blive gammel i Danmark "
			       "med rødder i mange lande.",
		.venue = "Ballerup Rådhus, Hold-An Vej 7",
		.capacity = 30,
		.held_back = 4,
		.party_max = 4,
		.waiting_list = true,
		.nlanguages = 4 };
	struct meeting_refusal r;
	struct reg_fields g;
	int64_t id, reg, karen = 0;
	char day[32];
	size_t i;
	struct promoted promoted;

	memcpy(f.languages, langs, sizeof langs);
	f.starts_at = demo_local("2017-05-02 17:30");
	f.ends_at = demo_local("2017-05-02 19:30");
	f.reg_opens = demo_local("2017-03-15 08:00");
	f.reg_closes = demo_local("2017-05-01 23:59");
	clock_pin(demo_day("2017-03-01"));
	if (store_meeting_create(s, coord, &f, false, &id, &r) != CIVIC_OK ||
	    store_meeting_schedule(s, coord, id, false, &r) != CIVIC_OK)
		return -1;
	for (i = 0; i < sizeof demo_people / sizeof demo_people[0]; i++) {
		memset(&g, 0, sizeof g);
		g.name = demo_people[i].name;
		g.email = demo_people[i].email;
		g.phone = demo_people[i].phone;
		g.language = demo_people[i].language;
		g.seats = demo_people[i].seats;
		g.childcare = demo_people[i].childcare;
		g.consent = i % 3 == 0;
		if (demo_people[i].need != NULL)
			g.needs[g.nneeds++] = demo_people[i].need;
		snprintf(day, sizeof day, "2017-04-%02zu", i + 1);
		clock_pin(demo_day(day));
		if (store_register(s, coord, id, &g, &demo_times, &reg, &r) !=
		    CIVIC_OK)
			return -1;
		if (strcmp(g.name, "Karen Hansen") == 0)
			karen = reg;
	}
	/* Karen cannot come: her one seat goes to Yasmin (one seat), not
	 * to Samir ahead of her (three). */
	clock_pin(demo_day("2017-04-20"));
	if (store_registration_cancel(s, coord, karen, "kan ikke komme",
		&promoted, &r) != CIVIC_OK ||
	    promoted.n != 1)
		return -1;

	memset(&f, 0, sizeof f);
	f.title = "Åbent borgermøde om integration, efterår 2017";
	f.description = "Dato og sted følger.";
	f.capacity = 60;
	f.party_max = 4;
	f.waiting_list = true;
	f.nlanguages = 2;
	f.languages[0] = "arabisk";
	f.languages[1] = "somali";
	clock_pin(demo_day("2017-06-01"));
	return store_meeting_create(s, coord, &f, false, &id, &r) == CIVIC_OK
	    ? 0
	    : -1;
}

/*
 * One meeting coming up, four weeks from the day the demo is made, so
 * that the README's tour can register and check in: full, with one party
 * waiting. Its codes are fixed, so "civic checkin 3 'w92n tauw'" lets
 * Hassan in on every demo database.
 */
static int
demo_upcoming(struct store *s, const struct identity *coord)
{
	static const struct {
		const char *name, *email, *phone, *language, *need, *code;
		int seats;
	} people[] = {
		{ "Fatima Ali", "fatima.ali@example.org", NULL, "arabisk", NULL,
		    "F7MA3K2Q", 2 },
		{ "Hassan Yusuf", NULL, "+4520304050", "somali", "wheelchair",
		    "W92NTAUW", 1 },
		{ "Olena Kovalenko", "olena@example.org", NULL, "ukrainsk",
		    NULL, "K8VR2ZP5", 3 },
		{ "Ingrid Sørensen", "ingrid@example.org", NULL, NULL, NULL,
		    "S4RN6DTX", 2 },
		{ "Abdi Warsame", "abdi@example.org", NULL, "somali", NULL,
		    NULL, 2 },
	};
	struct meeting_fields f = { .title = "Ny i Ballerup – mød foreningerne",
		.description = "Foreningerne fortæller om deres arbejde, og "
			       "nye borgere møder dem over en kop kaffe.",
		.venue = "Ballerup Bibliotek, Banegårdspladsen 1",
		.capacity = 8,
		.party_max = 4,
		.waiting_list = true,
		.nlanguages = 3,
		.languages = { "arabisk", "somali", "ukrainsk" } };
	char day[TIMEFMT_BUFSZ], when[TIMEFMT_BUFSZ + 8];
	struct meeting_refusal r;
	struct reg_fields g;
	int64_t id, reg;
	size_t i;

	clock_pin(0);
	date_format(date_today(clock_now()) + 28, day);
	snprintf(when, sizeof when, "%s 17:00", day);
	f.starts_at = demo_local(when);
	snprintf(when, sizeof when, "%s 19:00", day);
	f.ends_at = demo_local(when);
	if (store_meeting_create(s, coord, &f, false, &id, &r) != CIVIC_OK ||
	    store_meeting_schedule(s, coord, id, false, &r) != CIVIC_OK)
		return -1;
	for (i = 0; i < sizeof people / sizeof people[0]; i++) {
		memset(&g, 0, sizeof g);
		g.name = people[i].name;
		g.email = people[i].email;
		g.phone = people[i].phone;
		g.language = people[i].language;
		g.seats = people[i].seats;
		g.code = people[i].code;
		if (people[i].need != NULL)
			g.needs[g.nneeds++] = people[i].need;
		if (store_register(s, coord, id, &g, &demo_times, &reg, &r) !=
		    CIVIC_OK)
			return -1;
	}
	return 0;
}

int
demo_seed(struct store *s, const struct fund_defaults *def)
{
	struct fund_year_change year = { .year = 2017,
		.set_carry_over = true,
		.carry_over = true };
	struct identity demo;
	struct fund_refusal r;
	struct applicant a;
	int64_t id, other;
	size_t i;
	int rc = -1;

	memset(&demo, 0, sizeof demo);
	demo.known = true;
	demo.roles = ROLE_ADMIN;
	snprintf(demo.user, sizeof demo.user, "demo");
	clock_pin(demo_day("2017-01-02"));
	for (i = 0; i < sizeof demo_applicants / sizeof demo_applicants[0];
	     i++) {
		memset(&a, 0, sizeof a);
		a.kind = demo_applicants[i].kind;
		snprintf(a.name, sizeof a.name, "%s", demo_applicants[i].name);
		snprintf(a.cvr, sizeof a.cvr, "%s", demo_applicants[i].cvr);
		snprintf(a.contact_person, sizeof a.contact_person, "%s",
		    demo_applicants[i].contact);
		snprintf(a.email, sizeof a.email, "%s",
		    demo_applicants[i].email);
		snprintf(a.phone, sizeof a.phone, "%s",
		    demo_applicants[i].phone);
		snprintf(a.address, sizeof a.address, "%s",
		    demo_applicants[i].address);
		if (store_applicant_add(s, &demo, &a, NULL, &id, &other) !=
		    CIVIC_OK) {
			log_err("demo data: cannot add %s", a.name);
			goto out;
		}
	}
	if (store_fund_set(s, def, &demo, &year, &r) != CIVIC_OK ||
	    demo_applications(s, &demo) != 0) {
		log_err("demo data: cannot add the fund year 2017");
		goto out;
	}
	if (demo_meetings(s, &demo) != 0 || demo_upcoming(s, &demo) != 0) {
		log_err("demo data: cannot add the citizen meetings");
		goto out;
	}
	log_notice(
	    "demo data: added %zu applicants, the fund year 2017 "
	    "with 6 applications, the two citizen meetings of 2017 and one "
	    "in four weeks (no tokens yet: issue one with `civic applicant "
	    "rotate ID`)",
	    i);
	rc = 0;
out:
	clock_pin(0);
	return rc;
}
