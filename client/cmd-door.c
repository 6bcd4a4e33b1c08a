/*
 * cmd-door.c - register, registration show and cancel, checkin, and
 * ticket verify (which needs no daemon).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "cmd.h"
#include "output.h"
#include "qr.h"
#include "ticket.h"
#include "utf8.h"

static long long
door_int(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void
registration_print(const json_t *g)
{
	const json_t *v;
	char b[64];
	size_t i;

	printf(_("Registration %lld for meeting %lld: %s\n"), door_int(g, "id"),
	    door_int(g, "meeting"),
	    out_word_in("registration", out_str(g, "status")));
	if (json_is_true(json_object_get(g, "erased")))
		out_kv(_("Name"), _("(personal data erased)"));
	else {
		out_kv(_("Name"), "%s", out_str(g, "name"));
		out_kv(_("E-mail"), "%s", out_str(g, "email"));
		out_kv(_("Phone"), "%s", out_str(g, "phone"));
	}
	out_kv(_("Seats"), "%lld", door_int(g, "seats"));
	if (json_is_integer(json_object_get(g, "position")))
		out_kv(_("Waiting list"), _("number %lld"),
		    door_int(g, "position"));
	if (json_is_string(json_object_get(g, "code")))
		out_kv(_("Code"), "%.4s %.4s", out_str(g, "code"),
		    out_str(g, "code") + 4);
	if (json_is_string(json_object_get(g, "language")))
		out_kv(_("Interpretation"), "%s", out_str(g, "language"));
	json_array_foreach(json_object_get(g, "needs"), i, v)
	    out_kv(i == 0 ? _("Needs") : "", "%s",
		out_word_in("need", json_string_value(v)));
	if (json_is_string(json_object_get(g, "accessibility")))
		out_kv(_("In their words"), "%s", out_str(g, "accessibility"));
	if (door_int(g, "childcare") > 0)
		out_kv(_("Childcare"),
		    P_("%lld child", "%lld children", door_int(g, "childcare")),
		    door_int(g, "childcare"));
	if (json_is_string(json_object_get(g, "note")))
		out_kv(_("Note"), "%s", out_str(g, "note"));
	out_kv(_("Consent to keep"), "%s",
	    json_is_true(json_object_get(g, "consent")) ? _("yes") : _("no"));
	if (json_is_true(json_object_get(g, "walk_in")))
		out_kv(_("Walk-in"), "%s",
		    json_is_true(json_object_get(g, "forced"))
			? _("yes, let in over capacity")
			: _("yes"));
	out_kv(_("Registered"), "%s", out_time(g, "created", b, sizeof b));
	if (json_is_string(json_object_get(g, "checked_in")))
		out_kv(_("Checked in"), "%s",
		    out_time(g, "checked_in", b, sizeof b));
	if (json_is_string(json_object_get(g, "ticket"))) {
		printf(_("\nTicket:\n  %s\n\n"), out_str(g, "ticket"));
		/* For the door's scanner, from a phone or a printout. */
		qr_print(stdout, out_str(g, "ticket"));
	}
}

static void
registration_print_reply(const json_t *r)
{
	out_promoted(r);
	registration_print(json_object_get(r, "registration"));
}

int
cmd_register(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	long long meeting;
	int rc;

	rc = cmd_options(self, argc, argv, p);
	if (rc != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("MEETING"))) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((meeting = cmd_id(argv[optind])) < 0) {
		json_decref(p);
		return cmd_usage_error(self, _("'%s' is not a meeting"),
		    argv[optind]);
	}
	json_object_set_new(p, "meeting", json_integer(meeting));
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	if (!c->json) {
		const json_t *g = json_object_get(r, "registration");

		if (strcmp(out_str(g, "status"), "waiting") == 0)
			printf(_("The meeting is full: on the waiting list as "
				 "number %lld.\n\n"),
			    door_int(g, "position"));
		else if (json_is_true(json_object_get(g, "walk_in")))
			printf(_("Registered and checked in.\n\n"));
	}
	return civic_print(c, r, "registration", registration_print);
}

/* An edit's --email "" (and the like) clears the field: null on the
 * wire; --no-needs, the kinds of need. */
static void
door_clear_empty(json_t *p)
{
	static const char *const keys[] = { "email", "phone", "language",
		"accessibility", "note", NULL };
	const json_t *v;
	size_t i;

	for (i = 0; keys[i] != NULL; i++) {
		v = json_object_get(p, keys[i]);
		if (json_is_string(v) && json_string_length(v) == 0)
			json_object_set_new(p, keys[i], json_null());
	}
	if (json_is_true(json_object_get(p, "no_needs"))) {
		json_object_del(p, "no_needs");
		json_object_set_new(p, "needs", json_array());
	}
}

/* registration show, cancel and edit: one registration number. */
static int
door_registration(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	rc = cmd_options(self, argc, argv, p);
	if (rc == EXIT_OK)
		rc = arg_one(self, argc, argv, _("REGISTRATION"));
	if (rc == EXIT_OK && (id = cmd_id(argv[optind])) < 0)
		rc = cmd_usage_error(self,
		    _("'%s' is not a registration number"), argv[optind]);
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	door_clear_empty(p);
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, NULL, registration_print_reply);
}

int
cmd_registration_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return door_registration(c, self, argc, argv);
}

int
cmd_registration_show(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return door_registration(c, self, argc, argv);
}

int
cmd_registration_cancel(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return door_registration(c, self, argc, argv);
}

/* "Welcome, Hassan Yusuf: 1 seat. Interpretation: somali" for g. */
static void
door_welcome(const json_t *g, char *buf, size_t len)
{
	snprintf(buf, len,
	    P_("Welcome, %s: %lld seat.%s%s", "Welcome, %s: %lld seats.%s%s",
		door_int(g, "seats")),
	    json_is_true(json_object_get(g, "erased")) ? _("guest")
						       : out_str(g, "name"),
	    door_int(g, "seats"),
	    json_is_string(json_object_get(g, "language"))
		? _(" Interpretation: ")
		: "",
	    json_is_string(json_object_get(g, "language"))
		? out_str(g, "language")
		: "");
}

int
cmd_checkin(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	long long meeting;
	char buf[512];
	int rc, want;

	rc = cmd_options(self, argc, argv, p);
	want = json_object_get(p, "registration") != NULL ? 1 : 2;
	if (rc == EXIT_OK && argc - optind != want)
		rc = cmd_usage_error(self,
		    want == 1 ? _("give the MEETING")
			      : _("give the MEETING and a CODE or TICKET"));
	if (rc == EXIT_OK && (meeting = cmd_id(argv[optind])) < 0)
		rc = cmd_usage_error(self, _("'%s' is not a meeting"),
		    argv[optind]);
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "meeting", json_integer(meeting));
	if (want == 2)
		json_object_set_new(p,
		    strncmp(argv[optind + 1], "CT1.", 4) == 0 ? "ticket"
							      : "code",
		    json_string(argv[optind + 1]));
	if ((rc = civic_call(c, "dk.civic.meetings.CheckIn", p, &r)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else {
		door_welcome(json_object_get(r, "registration"), buf,
		    sizeof buf);
		printf("%s\n", buf);
	}
	json_decref(r);
	return EXIT_OK;
}

/* The key: the key itself, or a file that holds it. */
static int
door_key(const struct cmd *self, const char *arg, uint8_t pk[TICKET_PKLEN])
{
	char line[256];
	FILE *f;

	if (ticket_key_parse(arg, pk))
		return EXIT_OK;
	if ((f = fopen(arg, "r")) == NULL)
		return cmd_usage_error(self,
		    _("--key: '%s' is neither a key "
		      "(from civic meeting pubkey) nor a file"),
		    arg);
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	if (!ticket_key_parse(line, pk))
		return cmd_usage_error(self, _("--key: %s holds no ticket key"),
		    arg);
	return EXIT_OK;
}

/* The registration numbers in a file, one a line (meeting export
 * --revoked). */
static int
door_revoked(const struct cmd *self, const char *path, uint32_t **out,
    size_t *n)
{
	char line[64];
	uint32_t *v;
	FILE *f;

	*out = NULL;
	*n = 0;
	if ((f = fopen(path, "r")) == NULL)
		return cmd_usage_error(self, _("--revoked: cannot read %s"),
		    path);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, " \r\n")] = '\0';
		if (cmd_id(line) < 0)
			continue; /* blank lines and comments */
		if ((v = realloc(*out, (*n + 1) * sizeof *v)) == NULL)
			break;
		*out = v;
		v[(*n)++] = (uint32_t)cmd_id(line);
	}
	fclose(f);
	return EXIT_OK;
}

int
cmd_ticket_verify(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	uint8_t pk[TICKET_PKLEN];
	const char *key = NULL, *revoked = NULL;
	enum ticket_result tr;
	uint32_t *rev = NULL;
	long long meeting = 0;
	struct ticket t;
	size_t nrev = 0;
	json_t *o = json_object();
	int rc;

	(void)c;
	if ((rc = cmd_options(self, argc, argv, o)) != EXIT_OK) {
		json_decref(o);
		return rc;
	}
	key = json_string_value(json_object_get(o, "key"));
	revoked = json_string_value(json_object_get(o, "revoked"));
	meeting = json_integer_value(json_object_get(o, "meeting"));
	if ((rc = arg_one(self, argc, argv, _("TICKET"))) != EXIT_OK ||
	    (rc = door_key(self, key, pk)) != EXIT_OK ||
	    (revoked != NULL &&
		(rc = door_revoked(self, revoked, &rev, &nrev)) != EXIT_OK)) {
		json_decref(o);
		return rc;
	}
	json_decref(o);
	tr = ticket_verify(argv[optind], pk, &t);
	if (tr == TICKET_OK && (meeting > 0 || nrev > 0))
		tr = ticket_check(&t,
		    meeting > 0 ? (uint32_t)meeting : t.meeting, rev, nrev);
	free(rev);
	if (tr != TICKET_OK) {
		out_fail(_("ticket not valid: %s"), ticket_result_str(tr));
		return EXIT_REFUSED;
	}
	printf(P_("Valid ticket: meeting %u, registration %u, %u seat, code "
		  "%.4s %.4s.\n",
		   "Valid ticket: meeting %u, registration %u, %u seats, code "
		   "%.4s %.4s.\n",
		   t.seats),
	    t.meeting, t.registration, t.seats, t.code, t.code + 4);
	return EXIT_OK;
}

/* A phone number's digits, without Denmark's 45 before eight: what two
 * ways of writing one number share. */
static void
door_phone_key(const char *phone, char *key, size_t size)
{
	size_t n = 0;

	for (; *phone != '\0' && n + 1 < size; phone++)
		if (*phone >= '0' && *phone <= '9')
			key[n++] = *phone;
	key[n] = '\0';
	if (n == 10 && strncmp(key, "45", 2) == 0)
		memmove(key, key + 2, 9);
}

/*
 * One line of a sign-up sheet as Register's parameters: the columns are
 * named as the options (name, email, phone, seats, language, needs as
 * "wheelchair, hearing", accessibility, childcare, note, consent as
 * yes or no). Says what is wrong, and returns NULL, if a value is not
 * what its column takes.
 */
static json_t *
door_import_row(char **head, size_t nhead, char **f, size_t n)
{
	json_t *p = json_object(), *needs = json_array();
	char *word, *save = NULL, *end;
	bool ok = true;
	long long v;
	size_t i;

	if (n != nhead) {
		out_fail(_("%zu fields where the header has %zu"), n, nhead);
		ok = false;
	}
	for (i = 0; ok && i < n; i++) {
		const char *h = head[i];

		if (f[i][0] == '\0')
			continue; /* an empty cell is a value not given */
		if (strcmp(h, "seats") == 0 || strcmp(h, "childcare") == 0) {
			v = strtoll(f[i], &end, 10);
			if (*end != '\0') {
				out_fail(_("%s: '%s' is not a whole number"), h,
				    f[i]);
				ok = false;
			} else
				json_object_set_new(p, h, json_integer(v));
		} else if (strcmp(h, "needs") == 0) {
			for (word = strtok_r(f[i], ",; ", &save); word != NULL;
			     word = strtok_r(NULL, ",; ", &save))
				json_array_append_new(needs, json_string(word));
		} else if (strcmp(h, "consent") == 0) {
			if (strcasecmp(f[i], "yes") == 0 ||
			    strcasecmp(f[i], "ja") == 0 ||
			    strcmp(f[i], "1") == 0)
				json_object_set_new(p, h, json_true());
			else if (strcasecmp(f[i], "no") == 0 ||
			    strcasecmp(f[i], "nej") == 0 ||
			    strcmp(f[i], "0") == 0)
				json_object_set_new(p, h, json_false());
			else {
				out_fail(_("consent: say yes or no, not '%s'"),
				    f[i]);
				ok = false;
			}
		} else
			json_object_set_new(p, h, json_string(f[i]));
	}
	if (json_array_size(needs) > 0)
		json_object_set(p, "needs", needs);
	json_decref(needs);
	if (!ok) {
		json_decref(p);
		return NULL;
	}
	return p;
}

/* The same e-mail address or phone number on an earlier line of the
 * sheet (seen: each's line, by key). */
static size_t
door_import_twice(const json_t *p, long line, void *arg)
{
	static const char *const keys[] = { "email", "phone" };
	json_t *seen = arg;
	char key[320];
	const char *v;
	size_t i, j, bad = 0;

	for (i = 0; i < 2; i++) {
		if ((v = json_string_value(json_object_get(p, keys[i]))) ==
		    NULL)
			continue;
		/* "e:" and "p:" keep an address and a number apart. */
		key[0] = keys[i][0];
		key[1] = ':';
		if (i == 0) {
			for (j = 2; v[j - 2] != '\0' && j + 1 < sizeof key; j++)
				key[j] = (char)tolower((unsigned char)v[j - 2]);
			key[j] = '\0';
		} else
			door_phone_key(v, key + 2, sizeof key - 2);
		if (json_object_get(seen, key) != NULL) {
			out_fail(_("%s is on line %lld too"), v,
			    (long long)json_integer_value(json_object_get(seen,
				key)));
			bad++;
		} else
			json_object_set_new(seen, key, json_integer(line));
	}
	return bad;
}

int
cmd_registration_import(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const known[] = { "name", "email", "phone", "seats",
		"language", "needs", "accessibility", "childcare", "note",
		"consent", NULL };
	json_t *seen = json_object(), *meeting_p = NULL, *records = NULL, *r,
	       *g;
	struct csv_import imp = { .known = known,
		.row = door_import_row,
		.check = door_import_twice,
		.arg = seen,
		.dry_method = "dk.civic.meetings.Register",
		.none = _("%s holds no registrations") };
	size_t i, confirmed = 0;
	long long meeting = -1;
	int rc;

	if ((rc = cmd_options(self, argc, argv, NULL)) == EXIT_OK &&
	    argc - optind != 2)
		rc = cmd_usage_error(self, _("give the MEETING and the FILE"));
	if (rc == EXIT_OK && (meeting = cmd_id(argv[optind])) < 0)
		rc = cmd_usage_error(self, _("'%s' is not a meeting"),
		    argv[optind]);
	if (rc == EXIT_OK) {
		meeting_p = json_pack("{s:I}", "meeting", (json_int_t)meeting);
		imp.dry_extra = meeting_p;
		rc = csv_import(c, self, argv[optind + 1], &imp, &records);
	}
	json_decref(seen);
	if (rc != EXIT_OK) {
		json_decref(meeting_p);
		return rc;
	}
	json_object_set_new(meeting_p, "records", records);
	if ((rc = civic_call(c, self->method, meeting_p, &r)) != EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	json_array_foreach(json_object_get(r, "registrations"), i, g)
	    confirmed += strcmp(out_str(g, "status"), "confirmed") == 0;
	printf(P_("Imported %zu registration: ", "Imported %zu registrations: ",
		   i),
	    i);
	printf(_("%zu confirmed, %zu on the waiting list.\n"), confirmed,
	    i - confirmed);
	json_decref(r);
	return EXIT_OK;
}

/*
 * The door's answer, large enough to read at arm's length: a banner as
 * wide as the longest line, green for welcome and red for a refusal
 * where colour is allowed, and the same words and frame without it.
 */
static void
door_banner(bool ok, const char *first, const char *second)
{
	bool color = out_color(stdout);
	size_t w1 = utf8_width(first), w2 = utf8_width(second), w, i;

	w = (w1 > w2 ? w1 : w2) + 8;
	if (!ok)
		putchar('\a');
	for (i = 0; i < w; i++)
		putchar(ok ? '=' : '#');
	putchar('\n');
	if (color)
		fputs(ok ? "\033[1;97;42m" : "\033[1;97;41m", stdout);
	printf("  %s  %s", ok ? "OK" : "!!", first);
	for (i = w1 + 6; i < w; i++)
		putchar(' ');
	if (color)
		fputs("\033[0m", stdout);
	putchar('\n');
	if (second[0] != '\0')
		printf("      %s\n", second);
	for (i = 0; i < w; i++)
		putchar(ok ? '=' : '#');
	putchar('\n');
}

/* The running count at the door: seats expected, checked in, free. */
static void
door_counts(struct civic *c, long long meeting)
{
	const json_t *n;
	json_t *r;

	if (civic_call(c, "dk.civic.meetings.Show",
		json_pack("{s:I}", "id", (json_int_t)meeting), &r) != EXIT_OK)
		return;
	n = json_object_get(r, "counts");
	printf(_("Expected %lld seats · checked in %lld · free %lld\n"),
	    door_int(n, "confirmed_seats"), door_int(n, "checked_in_seats"),
	    door_int(n, "free_seats"));
	json_decref(r);
}

int
cmd_door(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	char line[4096], buf[512], when[64];
	json_t *p, *r, *refusal = NULL;
	const json_t *m;
	long long meeting;
	size_t n;
	int rc;

	if ((rc = cmd_options(self, argc, argv, NULL)) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("MEETING"))) != EXIT_OK)
		return rc;
	if ((meeting = cmd_id(argv[optind])) < 0)
		return cmd_usage_error(self, _("'%s' is not a meeting"),
		    argv[optind]);
	if ((rc = civic_call(c, "dk.civic.meetings.Show",
		 json_pack("{s:I}", "id", (json_int_t)meeting), &r)) != EXIT_OK)
		return rc;
	m = json_object_get(r, "meeting");
	printf("%s\n%s, %s\n", out_str(m, "title"),
	    out_time(m, "starts", when, sizeof when), out_str(m, "venue"));
	json_decref(r);
	printf(_("Type or scan a code or a ticket and press Enter; an empty "
		 "line shows the count, q ends.\n"));
	door_counts(c, meeting);
	for (;;) {
		printf(_("Code or ticket: "));
		fflush(stdout);
		if (fgets(line, sizeof line, stdin) == NULL)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		n = strlen(line);
		while (n > 0 && line[n - 1] == ' ')
			line[--n] = '\0';
		if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0)
			break;
		if (n == 0) {
			door_counts(c, meeting);
			continue;
		}
		p = json_pack("{s:I}", "meeting", (json_int_t)meeting);
		json_object_set_new(p,
		    strncmp(line, "CT1.", 4) == 0 ? "ticket" : "code",
		    json_string(line));
		/* A refusal is the door's to say, in large letters. */
		c->refusal = &refusal;
		rc = civic_call(c, "dk.civic.meetings.CheckIn", p, &r);
		c->refusal = NULL;
		if (rc == EXIT_OK) {
			door_welcome(json_object_get(r, "registration"), buf,
			    sizeof buf);
			door_banner(true, buf, "");
			json_decref(r);
		} else if (refusal != NULL) {
			out_refusal_sentence(refusal, buf, sizeof buf);
			door_banner(false, _("NOT LET IN"), buf);
			json_decref(refusal);
			refusal = NULL;
		} else
			return rc; /* civicd is gone: said on stderr */
		door_counts(c, meeting);
	}
	putchar('\n');
	return EXIT_OK;
}
