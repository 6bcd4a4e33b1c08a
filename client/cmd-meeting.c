/*
 * cmd-meeting.c - meeting create, edit, list, show, schedule, cancel,
 * close, door-list, export and pubkey.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "ics.h"
#include "output.h"
#include "qr.h"
#include "timefmt.h"
#include "utf8.h"

/* Lines left blank at the end of a door list, for walk-ins. */
#define DOOR_WALK_IN_LINES 10

/* --start and --end: a local time; --end may be just "HH:MM". */
int
meeting_time(const struct cmd *self, const char *opt, const char *value,
    json_t *p, const char *key)
{
	char full[64], buf[TIMEFMT_BUFSZ];
	const char *start;
	time_t t;

	if (strlen(value) <= 5 && strchr(value, ':') != NULL &&
	    (start = json_string_value(json_object_get(p, "starts"))) != NULL) {
		struct tm tm;
		time_t s;

		if (!timefmt_parse_rfc3339(start, &s))
			return cmd_usage_error(self,
			    _("%s: give --start first"), opt);
		localtime_r(&s, &tm);
		snprintf(full, sizeof full, "%04d-%02d-%02d %s",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, value);
		value = full;
	}
	if (!timefmt_parse_local(value, &t))
		return cmd_usage_error(self,
		    _("%s: '%s' is not a time (write "
		      "\"2.5.2017 17:30\")"),
		    opt, value);
	json_object_set_new(p, key, json_string(timefmt_rfc3339(t, buf)));
	return EXIT_OK;
}

/* The options create and edit share (the table's spec), into p. */
static int
meeting_options(const struct cmd *self, int argc, char **argv, json_t *p)
{
	bool no;
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) != EXIT_OK)
		return rc;
	no = json_is_true(json_object_get(p, "no_waiting_list"));
	if (no && json_object_get(p, "waiting_list") != NULL)
		return cmd_usage_error(self,
		    _("give --waiting-list or --no-waiting-list, not both"));
	json_object_del(p, "no_waiting_list");
	if (no)
		json_object_set_new(p, "waiting_list", json_false());
	return EXIT_OK;
}

/* "02.05.2017 17:30-19:30", or "no date yet". */
static const char *
meeting_when(const json_t *m, char *buf, size_t len)
{
	char a[32], b[32];
	time_t s, e;
	struct tm ts, te;

	if (!timefmt_parse_rfc3339(out_str(m, "starts"), &s) ||
	    !timefmt_parse_rfc3339(out_str(m, "ends"), &e))
		return _("no date yet");
	localtime_r(&s, &ts);
	localtime_r(&e, &te);
	strftime(a, sizeof a, "%d.%m.%Y %H:%M", &ts);
	if (ts.tm_yday == te.tm_yday && ts.tm_year == te.tm_year)
		strftime(b, sizeof b, "%H:%M", &te);
	else
		strftime(b, sizeof b, "%d.%m.%Y %H:%M", &te);
	snprintf(buf, len, "%s-%s", a, b);
	return buf;
}

static long long
meeting_int(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* "3 registrations, 5 seats", each with its plural, into buf. */
static const char *
meeting_regs(long long regs, long long seats, char *buf, size_t len)
{
	char r[64];

	snprintf(r, sizeof r,
	    P_("%lld registration", "%lld registrations", regs), regs);
	snprintf(buf, len, P_("%s, %lld seat", "%s, %lld seats", seats), r,
	    seats);
	return buf;
}

/* Spaces after a name to fill 20 columns, as many as its letters take. */
static int
meeting_pad(const char *name)
{
	size_t w = utf8_width(name);

	return w < 20 ? (int)(20 - w) : 0;
}

static void
meeting_print(const json_t *r)
{
	const json_t *m = json_object_get(r, "meeting");
	const json_t *c = json_object_get(r, "counts"), *v;
	char when[64], b[64];
	size_t i;
	bool held;

	printf(_("Meeting %lld: %s\n"), meeting_int(m, "id"),
	    out_str(m, "title"));
	out_kv(_("Status"), "%s", out_word_in("meeting", out_str(m, "status")));
	out_kv(_("When"), "%s", meeting_when(m, when, sizeof when));
	out_kv(_("Where"), "%s", out_str(m, "venue"));
	if (json_is_string(json_object_get(m, "registration_opens")))
		out_kv(_("Registration opens"), "%s",
		    out_time(m, "registration_opens", b, sizeof b));
	if (json_is_string(json_object_get(m, "registration_closes")))
		out_kv(_("Registration closes"), "%s",
		    out_time(m, "registration_closes", b, sizeof b));
	else if (json_is_string(json_object_get(m, "starts")))
		out_kv(_("Registration closes"), "%s",
		    out_time(m, "starts", b, sizeof b));
	if (json_is_string(json_object_get(m, "checkin_opens"))) {
		char b2[64];

		out_kv(_("Check-in"), _("from %s to %s"),
		    out_time(m, "checkin_opens", b, sizeof b),
		    out_time(m, "checkin_closes", b2, sizeof b2));
	}
	{
		char langs[512] = "";

		json_array_foreach(json_object_get(m, "languages"), i, v)
		    snprintf(langs + strlen(langs),
			sizeof langs - strlen(langs), "%s%s", i > 0 ? ", " : "",
			json_string_value(v));
		out_kv(_("Interpretation"), "%s",
		    langs[0] ? langs : _("none offered"));
	}
	if (strcmp(out_str(m, "status"), "cancelled") == 0)
		out_kv(_("Cancelled"), "%s", out_str(m, "cancel_reason"));
	held = strcmp(out_str(m, "status"), "held") == 0;
	if (held)
		out_kv(_("Head count"), "%lld%s%s",
		    meeting_int(m, "head_count"),
		    json_is_string(json_object_get(m, "close_note")) ? "; "
								     : "",
		    json_is_string(json_object_get(m, "close_note"))
			? out_str(m, "close_note")
			: "");
	if (c == NULL)
		return;
	putchar('\n');
	out_kv(_("Capacity"),
	    _("%lld seats, %lld held back for guests, at most "
	      "%lld per registration"),
	    meeting_int(c, "capacity"), meeting_int(c, "held_back"),
	    meeting_int(m, "party_max"));
	out_kv(_("Confirmed"), "%s",
	    meeting_regs(meeting_int(c, "confirmed"),
		meeting_int(c, "confirmed_seats"), b, sizeof b));
	out_kv(_("Free seats"), "%lld", meeting_int(c, "free_seats"));
	out_kv(_("Waiting"), "%s%s",
	    meeting_regs(meeting_int(c, "waiting"),
		meeting_int(c, "waiting_seats"), b, sizeof b),
	    json_is_true(json_object_get(m, "waiting_list"))
		? ""
		: _(" (no waiting list)"));
	out_kv(_("Checked in"), "%s",
	    meeting_regs(meeting_int(c, "checked_in"),
		meeting_int(c, "checked_in_seats"), b, sizeof b));
	out_kv(held ? _("No-shows") : _("Not yet arrived"), "%lld",
	    meeting_int(c, "no_shows"));
	out_kv(_("Walk-ins"), "%s%s",
	    meeting_regs(meeting_int(c, "walk_ins"),
		meeting_int(c, "walk_in_seats"), b, sizeof b),
	    meeting_int(c, "forced") > 0 ? _(" (some let in over capacity)")
					 : "");
	out_kv(C_(NC_("registrations", "Cancelled")), "%lld",
	    meeting_int(c, "cancelled"));
	out_kv(_("Childcare"),
	    P_("%lld child", "%lld children", meeting_int(c, "childcare")),
	    meeting_int(c, "childcare"));
	printf(_("\nInterpreters needed (confirmed registrations):\n"));
	if (json_array_size(json_object_get(c, "languages")) == 0)
		printf(_("  none\n"));
	json_array_foreach(json_object_get(c, "languages"), i, v)
	    printf("  %s%*s %s\n", out_str(v, "name"),
		meeting_pad(out_str(v, "name")), "",
		meeting_regs(meeting_int(v, "registrations"),
		    meeting_int(v, "seats"), b, sizeof b));
	printf(_("\nAccessibility needs (confirmed registrations):\n"));
	if (json_array_size(json_object_get(c, "needs")) == 0)
		printf(_("  none\n"));
	json_array_foreach(json_object_get(c, "needs"), i, v)
	{
		const char *need = out_word_in("need", out_str(v, "name"));

		printf("  %s%*s %s\n", need, meeting_pad(need), "",
		    meeting_regs(meeting_int(v, "registrations"),
			meeting_int(v, "seats"), b, sizeof b));
	}
}

int
cmd_meeting_create(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = meeting_options(self, argc, argv, p)) == EXIT_OK &&
	    optind != argc)
		rc = cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind]);
	if (rc == EXIT_OK && json_object_get(p, "title") == NULL)
		rc = cmd_usage_error(self, _("--title is required"));
	if (rc == EXIT_OK && json_object_get(p, "capacity") == NULL)
		rc = cmd_usage_error(self, _("--capacity is required"));
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, NULL, meeting_print);
}

/* The one MEETING argument, as a number. */
static int
meeting_arg(const struct cmd *self, int argc, char **argv, long long *id)
{
	int rc;

	if ((rc = arg_one(self, argc, argv, _("MEETING"))) != EXIT_OK)
		return rc;
	if ((*id = cmd_id(argv[optind])) < 0)
		return cmd_usage_error(self,
		    _("'%s' is not a meeting (a number "
		      "from civic meeting list)"),
		    argv[optind]);
	return EXIT_OK;
}

int
cmd_meeting_edit(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	if ((rc = meeting_options(self, argc, argv, p)) != EXIT_OK ||
	    (rc = meeting_arg(self, argc, argv, &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	if (!c->json)
		out_promoted(r);
	return civic_print(c, r, NULL, meeting_print);
}

int
cmd_meeting_list(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	static const char *const head[] = { N_("ID"), N_("STATUS"), N_("WHEN"),
		N_("TITLE"), N_("VENUE"), N_("FREE"), NULL };
	json_t *p = json_object(), *r, *m;
	char id[24], free_seats[24], when[64];
	struct table t;
	size_t i;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call_list(c, self->method, p, "meetings", &r)) !=
	    EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	table_init(&t, head);
	json_array_foreach(json_object_get(r, "meetings"), i, m)
	{
		const char *row[6];

		snprintf(id, sizeof id, "%lld", meeting_int(m, "id"));
		snprintf(free_seats, sizeof free_seats, "%lld%s",
		    meeting_int(m, "free_seats"),
		    meeting_int(m, "free_seats") == 0 &&
			    json_is_true(json_object_get(m, "waiting_list"))
			? _(" (waiting list)")
			: "");
		row[0] = id;
		row[1] = out_word_in("meeting", out_str(m, "status"));
		row[2] = meeting_when(m, when, sizeof when);
		row[3] = out_str(m, "title");
		row[4] = out_str(m, "venue");
		row[5] = free_seats;
		table_row(&t, row);
	}
	table_print_or(&t, stdout, _("No upcoming meetings.\n"));
	json_decref(r);
	return EXIT_OK;
}

/* show, schedule, pubkey and friends: a meeting, one call. */
static int
meeting_simple(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	rc = cmd_options(self, argc, argv, p);
	if (rc != EXIT_OK ||
	    (rc = meeting_arg(self, argc, argv, &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, NULL, meeting_print);
}

int
cmd_meeting_show(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return meeting_simple(c, self, argc, argv);
}

int
cmd_meeting_schedule(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return meeting_simple(c, self, argc, argv);
}

int
cmd_meeting_cancel(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return meeting_simple(c, self, argc, argv);
}

int
cmd_meeting_close(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return meeting_simple(c, self, argc, argv);
}

/* In CSV the door list is a table, the first row its headings. */
static struct table door_table;

/* One line of the door list, cells padded to the widths given. */
static void
door_row(const char *name, const char *seats, const char *code,
    const char *lang, const char *needs, const char *in)
{
	const char *row[] = { name, seats, code, lang, needs, in, NULL };

	if (out_is_csv() && door_table.ncols == 0)
		table_init(&door_table, row);
	else if (out_is_csv())
		table_row(&door_table, row);
	else
		printf("%s%*s  %-5s  %-9s  %-10s  %-20s  %s\n", name,
		    (int)(28 - utf8_width(name)), "", seats, code, lang, needs,
		    in);
}

int
cmd_meeting_door_list(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	const json_t *m, *g, *v;
	char when[64], seats[16], code[16], needs[96], in[48], name[128];
	long long id, total = 0, waiting = 0;
	json_t *r, *o = json_object();
	size_t i, j;
	bool qr;
	int rc;

	if (cmd_options(self, argc, argv, o) != EXIT_OK ||
	    (rc = meeting_arg(self, argc, argv, &id)) != EXIT_OK) {
		json_decref(o);
		return EXIT_USAGE;
	}
	qr = json_is_true(json_object_get(o, "qr"));
	json_decref(o);
	if ((rc = civic_call_list(c, "dk.civic.meetings.DoorList",
		 json_pack("{s:I}", "meeting", (json_int_t)id), "registrations",
		 &r)) != EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	m = json_object_get(r, "meeting");
	if (!out_is_csv())
		printf("%s\n%s, %s\n\n", out_str(m, "title"),
		    meeting_when(m, when, sizeof when), out_str(m, "venue"));
	door_row(_("NAME"), _("SEATS"), _("CODE"), _("LANGUAGE"), _("NEEDS"),
	    _("IN"));
	json_array_foreach(json_object_get(r, "registrations"), i, g)
	{
		if (strcmp(out_str(g, "status"), "confirmed") != 0) {
			waiting++;
			continue;
		}
		total += meeting_int(g, "seats");
		snprintf(name, sizeof name, "%s%s",
		    json_is_true(json_object_get(g, "erased"))
			? _("(erased)")
			: out_str(g, "name"),
		    json_is_true(json_object_get(g, "walk_in"))
			? _(" (walk-in)")
			: "");
		snprintf(seats, sizeof seats, "%lld", meeting_int(g, "seats"));
		snprintf(code, sizeof code, "%.4s %.4s", out_str(g, "code"),
		    out_str(g, "code") + 4);
		needs[0] = '\0';
		json_array_foreach(json_object_get(g, "needs"), j, v)
		    snprintf(needs + strlen(needs),
			sizeof needs - strlen(needs), "%s%s", j ? "," : "",
			json_string_value(v));
		if (json_is_string(json_object_get(g, "checked_in"))) {
			char t[32];
			time_t at;
			struct tm tm;

			timefmt_parse_rfc3339(out_str(g, "checked_in"), &at);
			localtime_r(&at, &tm);
			strftime(t, sizeof t, "%H:%M", &tm);
			snprintf(in, sizeof in, out_is_csv() ? "%s" : "[x] %s",
			    t);
		} else
			snprintf(in, sizeof in, out_is_csv() ? "-" : "[ ]");
		door_row(name, seats, code,
		    json_is_string(json_object_get(g, "language"))
			? out_str(g, "language")
			: "",
		    needs[0] ? needs : "", in);
	}
	if (out_is_csv()) {
		table_print(&door_table, stdout);
		json_decref(r);
		return EXIT_OK;
	}
	printf(P_("\n%lld seat confirmed", "\n%lld seats confirmed", total),
	    total);
	if (waiting > 0)
		printf(P_("; %lld on the waiting list (not admitted)",
			   "; %lld on the waiting list (not admitted)",
			   waiting),
		    waiting);
	printf(_(".\n\nWalk-ins:\n"));
	for (i = 0; i < DOOR_WALK_IN_LINES; i++)
		door_row("____________________________", "___", "", "", "",
		    "[ ]");
	/* With --qr, each confirmed person's ticket to cut out and hand
	 * over: the door's scanner reads it from the paper. */
	json_array_foreach(json_object_get(r, "registrations"), i, g)
	{
		if (!qr || !json_is_string(json_object_get(g, "ticket")))
			continue;
		printf("\f%s, %s\n", out_str(m, "title"),
		    meeting_when(m, when, sizeof when));
		printf(P_("%s: %lld seat, code %.4s %.4s\n\n",
			   "%s: %lld seats, code %.4s %.4s\n\n",
			   meeting_int(g, "seats")),
		    json_is_true(json_object_get(g, "erased"))
			? _("(erased)")
			: out_str(g, "name"),
		    meeting_int(g, "seats"), out_str(g, "code"),
		    out_str(g, "code") + 4);
		qr_print(stdout, out_str(g, "ticket"));
	}
	json_decref(r);
	return EXIT_OK;
}

/* Fills ev from meeting (or listing) m: false if m has no date yet. The
 * strings are borrowed from m. */
static bool
meeting_ics_event(const json_t *m, struct ics_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (!timefmt_parse_rfc3339(out_str(m, "starts"), &ev->start) ||
	    !timefmt_parse_rfc3339(out_str(m, "ends"), &ev->end))
		return false;
	/* civicd gives the UID, the same from every host for the meeting's
	 * life, and the SEQUENCE each change raises. */
	ev->uid = out_str(m, "uid");
	ev->sequence = json_integer_value(json_object_get(m, "sequence"));
	ev->stamp = time(NULL);
	ev->summary = out_str(m, "title");
	ev->location = out_str(m, "venue");
	ev->description = out_str(m, "description");
	ev->status = strcmp(out_str(m, "status"), "cancelled") == 0
	    ? "CANCELLED"
	    : strcmp(out_str(m, "status"), "planned") == 0 ? "TENTATIVE"
							   : "CONFIRMED";
	return true;
}

/* Writes a calendar made from reply r (NULL: out of memory); frees
 * both. */
static int
meeting_put_ics(char *ics, json_t *r)
{
	json_decref(r);
	if (ics == NULL) {
		out_fail(_("out of memory"));
		return EXIT_REFUSED;
	}
	fputs(ics, stdout);
	free(ics);
	return EXIT_OK;
}

/* The calendar of every upcoming meeting: what anyone may list. */
static int
meeting_export_calendar(struct civic *c)
{
	struct ics_event *ev;
	const json_t *m;
	json_t *r;
	size_t i, n = 0;
	char *ics;
	int rc;

	if ((rc = civic_call_list(c, "dk.civic.meetings.List", NULL, "meetings",
		 &r)) != EXIT_OK)
		return rc;
	ev = calloc(json_array_size(json_object_get(r, "meetings")) + 1,
	    sizeof *ev);
	json_array_foreach(json_object_get(r, "meetings"), i, m)
	{
		if (ev != NULL && meeting_ics_event(m, &ev[n]))
			n++;
	}
	ics = ev != NULL ? ics_calendar(ev, n) : NULL;
	free(ev);
	return meeting_put_ics(ics, r);
}

int
cmd_meeting_export(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	struct ics_event ev;
	const json_t *v;
	long long id;
	json_t *r, *o = json_object();
	size_t i;
	int what = 0, rc;

	rc = cmd_options(self, argc, argv, o);
	if (json_is_true(json_object_get(o, "ics")))
		what = 'i';
	if (json_is_true(json_object_get(o, "revoked")))
		what = what == 0 ? 'r' : 'b';
	json_decref(o);
	if (rc != EXIT_OK)
		return rc;
	if (what == 'b')
		return cmd_usage_error(self,
		    _("give --ics or --revoked, not both"));
	if (what == 0)
		return cmd_usage_error(self,
		    _("say what to export: --ics or "
		      "--revoked"));
	if (what == 'i' && optind == argc)
		return meeting_export_calendar(c);
	if ((rc = meeting_arg(self, argc, argv, &id)) != EXIT_OK)
		return rc;
	if (what == 'r') {
		if ((rc = civic_call_list(c, "dk.civic.meetings.Revoked",
			 json_pack("{s:I}", "meeting", (json_int_t)id),
			 "registrations", &r)) != EXIT_OK)
			return rc;
		if (c->json)
			out_json(r);
		else
			json_array_foreach(json_object_get(r, "registrations"),
			    i, v)
			    printf("%lld\n", (long long)json_integer_value(v));
		json_decref(r);
		return EXIT_OK;
	}
	if ((rc = civic_call(c, "dk.civic.meetings.Show",
		 json_pack("{s:I}", "id", (json_int_t)id), &r)) != EXIT_OK)
		return rc;
	if (!meeting_ics_event(json_object_get(r, "meeting"), &ev)) {
		json_decref(r);
		out_fail(_("meeting %lld has no date yet: nothing to put in a "
			   "calendar"),
		    id);
		return EXIT_REFUSED;
	}
	return meeting_put_ics(ics_event(&ev), r);
}

int
cmd_meeting_pubkey(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *r;
	int rc;

	if (cmd_options(self, argc, argv, NULL) != EXIT_OK || optind != argc)
		return cmd_usage_error(self,
		    _("meeting pubkey takes no "
		      "arguments"));
	if ((rc = civic_call(c, "dk.civic.meetings.PublicKey", NULL, &r)) !=
	    EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else
		printf("%s\n", out_str(r, "key"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_registration_list(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const head[] = { N_("ID"), N_("NAME"), N_("STATUS"),
		N_("SEATS"), N_("PLACE"), N_("CHECKED IN"), N_("LANGUAGE"),
		N_("NEEDS"), N_("PHONE"), N_("E-MAIL"), NULL };
	static const char *const only[] = { "waiting", "cancelled",
		"checked-in" };
	static const char *const wire[] = { "waiting", "cancelled",
		"checked_in" };
	char id_s[24], seats[16], place[16], in[32], needs[96];
	const json_t *g, *v;
	json_t *o = json_object(), *p, *r;
	struct table t;
	long long id;
	size_t i, j;
	int rc, which = -1;

	rc = cmd_options(self, argc, argv, o);
	for (i = 0; i < 3; i++) {
		if (!json_is_true(json_object_get(o, only[i])))
			continue;
		if (which >= 0) {
			json_decref(o);
			return cmd_usage_error(self,
			    _("give one of --waiting, --cancelled and "
			      "--checked-in"));
		}
		which = (int)i;
	}
	json_decref(o);
	if (rc != EXIT_OK ||
	    (rc = meeting_arg(self, argc, argv, &id)) != EXIT_OK)
		return rc;
	p = json_pack("{s:I}", "meeting", (json_int_t)id);
	if (which >= 0)
		json_object_set_new(p, "only", json_string(wire[which]));
	if ((rc = civic_call_list(c, self->method, p, "registrations", &r)) !=
	    EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	table_init(&t, head);
	json_array_foreach(json_object_get(r, "registrations"), i, g)
	{
		const char *row[10];

		snprintf(id_s, sizeof id_s, "%lld", meeting_int(g, "id"));
		snprintf(seats, sizeof seats, "%lld", meeting_int(g, "seats"));
		if (json_is_integer(json_object_get(g, "position")))
			snprintf(place, sizeof place, "%lld",
			    meeting_int(g, "position"));
		else
			snprintf(place, sizeof place, "-");
		needs[0] = '\0';
		json_array_foreach(json_object_get(g, "needs"), j, v)
		    snprintf(needs + strlen(needs),
			sizeof needs - strlen(needs), "%s%s", j ? ", " : "",
			out_word_in("need", json_string_value(v)));
		row[0] = id_s;
		row[1] = json_is_true(json_object_get(g, "erased"))
		    ? _("(erased)")
		    : out_str(g, "name");
		row[2] = out_word_in("registration", out_str(g, "status"));
		row[3] = seats;
		row[4] = place;
		row[5] = out_time(g, "checked_in", in, sizeof in);
		row[6] = out_str(g, "language");
		row[7] = needs[0] != '\0' ? needs : "-";
		row[8] = out_str(g, "phone");
		row[9] = out_str(g, "email");
		table_row(&t, row);
	}
	table_print_or(&t, stdout, _("No registrations.\n"));
	json_decref(r);
	return EXIT_OK;
}
