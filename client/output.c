/*
 * output.c - tables, amounts, times and error sentences (see output.h).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "civic.h"
#include "money.h"
#include "output.h"
#include "timefmt.h"
#include "utf8.h"

bool
out_color(FILE *f)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	/* https://no-color.org: any value but the empty one turns it off. */
	return isatty(fileno(f)) && (no == NULL || no[0] == '\0') &&
	    term != NULL && strcmp(term, "dumb") != 0;
}

/* The terminal's height: the kernel's idea, else $LINES, else 24. */
static size_t
out_rows(void)
{
	struct winsize ws;
	const char *lines = getenv("LINES");

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	if (lines != NULL && atoi(lines) > 0)
		return (size_t)atoi(lines);
	return 24;
}

FILE *
out_page_begin(size_t lines)
{
	const char *pager = getenv("CIVIC_PAGER");
	FILE *p;

	if (!isatty(STDOUT_FILENO) || lines < out_rows())
		return stdout;
	if (pager == NULL)
		pager = getenv("PAGER");
	if (pager == NULL)
		pager = "less";
	if (pager[0] == '\0' || strcmp(pager, "cat") == 0)
		return stdout;
	/* less: leave at the end of a short text, keep colours, keep the
	 * screen. Unless the user says otherwise. */
	setenv("LESS", "FRX", 0);
	fflush(stdout);
	/* A pager quit early must not kill civic. */
	signal(SIGPIPE, SIG_IGN);
	if ((p = popen(pager, "w")) == NULL)
		return stdout;
	return p;
}

void
out_page_end(FILE *f)
{
	if (f != stdout)
		pclose(f);
}

void
table_init(struct table *t, const char *const *head)
{
	memset(t, 0, sizeof *t);
	while (head[t->ncols] != NULL && t->ncols < OUT_MAXCOLS) {
		/* Marked N_; gettext("") would be the catalogue's header. */
		t->head[t->ncols] = head[t->ncols][0] != '\0'
		    ? _(head[t->ncols])
		    : "";
		t->ncols++;
	}
}

void
table_row(struct table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->cells = realloc(t->cells,
		    t->cap * t->ncols * sizeof *t->cells);
		if (t->cells == NULL) {
			fprintf(stderr, _("civic: out of memory\n"));
			exit(1);
		}
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = strdup(cells[i] != NULL
			? cells[i]
			: "-");
	t->nrows++;
}

static bool out_full;

void
out_set_full(bool full)
{
	out_full = full;
}

/*
 * The width of the terminal stdout is, or 0 when it is none or its width
 * is unknown: $COLUMNS first (as ls(1) takes it), then the kernel's.
 */
static size_t
out_columns(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	long n;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (env != NULL && (n = strtol(env, NULL, 10)) > 0)
		return (size_t)n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* True if every cell of column i that is not "-" is an amount. */
static bool
table_money(const struct table *t, size_t i)
{
	const char *s;
	size_t r, n;
	bool any = false;

	for (r = 0; r < t->nrows; r++) {
		s = t->cells[r * t->ncols + i];
		if (strcmp(s, "-") == 0)
			continue;
		n = strlen(s);
		if (n < 5 || strcmp(s + n - 4, " kr.") != 0)
			return false;
		any = true;
	}
	return any;
}

/*
 * Narrows the widest text columns, one column at a time, until the table
 * fits in cols; amounts and headings are never cut.
 */
static void
table_fit(const struct table *t, size_t *width, const bool *money, size_t cols)
{
	size_t total = 0, i, widest, floor;

	for (i = 0; i < t->ncols; i++)
		total += width[i] + (i + 1 < t->ncols ? 2 : 0);
	while (total > cols) {
		widest = t->ncols;
		for (i = 0; i < t->ncols; i++) {
			floor = utf8_width(t->head[i]);
			if (floor < 6)
				floor = 6;
			if (!money[i] && width[i] > floor &&
			    (widest == t->ncols || width[i] > width[widest]))
				widest = i;
		}
		if (widest == t->ncols)
			return; /* as narrow as it goes */
		width[widest]--;
		total--;
	}
}

/*
 * One cell in width columns: newlines and tabs print as spaces, a text
 * too wide ends in "…", an amount is right-aligned, and the last column
 * is not padded.
 */
static void
table_cell(FILE *f, const char *s, size_t width, bool right, bool last)
{
	size_t w = utf8_width(s), bytes = strlen(s), i;
	bool cut = w > width;

	if (cut) {
		w = utf8_width_fit(s, width - 1, &bytes);
		w++;
	}
	if (right)
		fprintf(f, "%*s", (int)(width - w), "");
	for (i = 0; i < bytes; i++)
		fputc(s[i] == '\n' || s[i] == '\t' ? ' ' : s[i], f);
	if (cut)
		fputs("\u2026", f);
	if (!last)
		fprintf(f, "%*s", (int)(right ? 2 : width - w + 2), "");
}

static bool out_csv;

void
out_set_csv(bool csv)
{
	out_csv = csv;
}

bool
out_is_csv(void)
{
	return out_csv;
}

void
table_print_or(struct table *t, FILE *f, const char *none)
{
	if (t->nrows == 0 && !out_csv) {
		fputs(none, f);
		table_print(t, NULL); /* frees it */
		return;
	}
	table_print(t, f);
}

/* One CSV field: quoted when it holds ; " or a line break; an amount
 * ("25.000,00 kr.") as a number Danish Excel reads ("25000,00"). */
static void
csv_field(FILE *f, const char *s, bool money, bool last)
{
	const char *p;

	if (money && strcmp(s, "-") != 0) {
		for (p = s; *p != '\0' && *p != ' '; p++)
			if (*p != '.')
				fputc(*p, f);
	} else if (strcmp(s, "-") == 0)
		; /* nothing, for an empty cell */
	else if (strpbrk(s, ";\"\r\n") != NULL) {
		fputc('"', f);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputs(last ? "\r\n" : ";", f);
}

/*
 * The table as CSV for a spreadsheet in Danish: UTF-8 with a byte-order
 * mark (once, at the start of the output), fields separated by ";",
 * lines ended by CRLF, amounts with a decimal comma and no thousands.
 */
static void
table_print_csv(const struct table *t, FILE *f)
{
	static bool started;
	bool money[OUT_MAXCOLS];
	size_t i, r;

	if (!started)
		fputs("\xef\xbb\xbf", f);
	started = true;
	for (i = 0; i < t->ncols; i++) {
		money[i] = table_money(t, i);
		csv_field(f, t->head[i][0] != '\0' ? t->head[i] : "-", false,
		    i + 1 == t->ncols);
	}
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++)
			csv_field(f, t->cells[r * t->ncols + i], money[i],
			    i + 1 == t->ncols);
}

void
table_print(struct table *t, FILE *f)
{
	size_t width[OUT_MAXCOLS], i, r, w, cols;
	bool color, money[OUT_MAXCOLS];

	if (f == NULL)
		goto done;
	if (out_csv) {
		table_print_csv(t, f);
		goto done;
	}

	for (i = 0; i < t->ncols; i++) {
		width[i] = utf8_width(t->head[i]);
		money[i] = table_money(t, i);
	}
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			w = utf8_width(t->cells[r * t->ncols + i]);
			if (w > width[i])
				width[i] = w;
		}
	}
	/* On a terminal, the table fits it (--full shows every column
	 * whole); long listings go through the pager. */
	if (f == stdout) {
		if (!out_full && (cols = out_columns()) > 0)
			table_fit(t, width, money, cols);
		color = out_color(stdout);
		f = out_page_begin(t->nrows + 1);
	} else
		color = out_color(f);
	if (color)
		fputs("\033[1m", f);
	for (i = 0; i < t->ncols; i++)
		table_cell(f, t->head[i], width[i], money[i],
		    i + 1 == t->ncols);
	if (color)
		fputs("\033[0m", f);
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++)
			table_cell(f, t->cells[r * t->ncols + i], width[i],
			    money[i], i + 1 == t->ncols);
		fputc('\n', f);
	}
	out_page_end(f);
done:
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

void
out_kv(const char *label, const char *fmt, ...)
{
	va_list ap;
	size_t w = utf8_width(label);

	printf("%s:%*s", label, w < OUT_KV_WIDTH ? (int)(OUT_KV_WIDTH - w) : 1,
	    "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

const char *
C_(const char *ctx_and_s)
{
	const char *t = gettext(ctx_and_s);

	return t != ctx_and_s ? t : strchr(ctx_and_s, '\004') + 1;
}

static const struct {
	const char *what, *word, *text;
} out_word_table[] = {
	{ "application", "draft", NC_("application", "draft") },
	{ "application", "submitted", NC_("application", "submitted") },
	{ "application", "awaiting_information",
	    NC_("application", "awaiting information") },
	{ "application", "approved", NC_("application", "approved") },
	{ "application", "rejected", NC_("application", "rejected") },
	{ "application", "withdrawn", NC_("application", "withdrawn") },
	{ "application", "partly_paid", NC_("application", "partly paid") },
	{ "application", "paid", NC_("application", "paid") },
	{ "application", "closed", NC_("application", "closed") },
	{ "application", "revoked", NC_("application", "revoked") },
	{ "meeting", "planned", NC_("meeting", "planned") },
	{ "meeting", "scheduled", NC_("meeting", "scheduled") },
	{ "meeting", "held", NC_("meeting", "held") },
	{ "meeting", "cancelled", NC_("meeting", "cancelled") },
	{ "registration", "confirmed", NC_("registration", "confirmed") },
	{ "registration", "waiting", NC_("registration", "waiting") },
	{ "registration", "cancelled", NC_("registration", "cancelled") },
	{ "accounts", "submitted", NC_("accounts", "submitted") },
	{ "accounts", "returned", NC_("accounts", "sent back") },
	{ "accounts", "accepted", NC_("accounts", "accepted") },
	{ "need", "wheelchair", NC_("need", "wheelchair") },
	{ "need", "hearing", NC_("need", "hearing") },
	{ "need", "sight", NC_("need", "sight") },
	{ "need", "mobility", NC_("need", "mobility") },
	{ "need", "other", NC_("need", "other") },
	{ "kind", "association", NC_("kind", "association") },
	{ "kind", "citizen", NC_("kind", "citizen") },
	{ "role", "admin", NC_("role", "admin") },
	{ "role", "coordinator", NC_("role", "coordinator") },
	{ "role", "applicant", NC_("role", "applicant") },
	/* What a refusal says there is none of. */
	{ "object", "application", NC_("object", "application") },
	{ "object", "meeting", NC_("object", "meeting") },
	{ "object", "registration", NC_("object", "registration") },
	{ "object", "payment", NC_("object", "payment") },
	{ "object", "fund_year", NC_("object", "fund year") },
	/* What happened to an application (its history's kinds). */
	{ "event", "created", NC_("event", "created") },
	{ "event", "edited", NC_("event", "edited") },
	{ "event", "submitted", NC_("event", "submitted") },
	{ "event", "received_on_paper", NC_("event", "received on paper") },
	{ "event", "received_by_email", NC_("event", "received by e-mail") },
	{ "event", "resubmitted", NC_("event", "resubmitted") },
	{ "event", "information_requested",
	    NC_("event", "information requested") },
	{ "event", "approved", NC_("event", "approved") },
	{ "event", "rejected", NC_("event", "rejected") },
	{ "event", "withdrawn", NC_("event", "withdrawn") },
	{ "event", "revoked", NC_("event", "revoked") },
	{ "event", "paid", NC_("event", "paid") },
	{ "event", "payment_reversed", NC_("event", "payment reversed") },
	{ "event", "conflict_declared",
	    NC_("event", "conflict of interest declared") },
	{ "event", "accounts_submitted", NC_("event", "accounts submitted") },
	{ "event", "accounts_returned", NC_("event", "accounts sent back") },
	{ "event", "accounts_accepted", NC_("event", "accounts accepted") },
	{ "event", "repayment_due", NC_("event", "to be paid back") },
	{ "event", "repaid", NC_("event", "paid back") },
	{ "event", "carried", NC_("event", "carried on past the closing") },
};

const char *
out_word_in(const char *what, const char *word)
{
	size_t i;

	for (i = 0; i < sizeof out_word_table / sizeof out_word_table[0]; i++)
		if ((what == NULL ||
			strcmp(out_word_table[i].what, what) == 0) &&
		    strcmp(out_word_table[i].word, word) == 0)
			return C_(out_word_table[i].text);
	return word;
}

void
out_promoted(const json_t *reply)
{
	long long n = json_integer_value(json_object_get(reply, "promoted"));
	const json_t *g;
	size_t i;

	if (n > 0)
		printf(P_("%lld registration moved from the waiting list to "
			  "confirmed:\n",
			   "%lld registrations moved from the waiting list to "
			   "confirmed:\n",
			   n),
		    n);
	/* Who, to be told: by name, with the seats and how to reach them. */
	json_array_foreach(json_object_get(reply, "moved_up"), i, g)
	{
		long long seats = json_integer_value(json_object_get(g,
		    "seats"));
		const json_t *phone = json_object_get(g, "phone"),
			     *email = json_object_get(g, "email");

		printf("  %s, ", out_str(g, "name"));
		printf(P_("%lld seat", "%lld seats", seats), seats);
		if (json_is_string(phone) && json_is_string(email))
			printf(" (%s, %s)", json_string_value(phone),
			    json_string_value(email));
		else if (json_is_string(phone) || json_is_string(email))
			printf(" (%s)",
			    json_string_value(json_is_string(phone) ? phone
								    : email));
		putchar('\n');
	}
	if ((long long)i < n)
		printf(
		    P_("  and %lld more: civic registration list shows them\n",
			"  and %lld more: civic registration list shows them\n",
			n - (long long)i),
		    n - (long long)i);
}

void
out_json(const json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
}

const char *
out_str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : "-";
}

const char *
out_money(const json_t *obj, const char *key, char *buf, size_t len)
{
	char tmp[MONEY_BUFSZ];
	int64_t ore;

	if (money_parse_iso(out_str(obj, key), &ore) != MONEY_OK)
		return "-";
	snprintf(buf, len, "%s", money_format_dk(ore, tmp));
	return buf;
}

const char *
out_time(const json_t *obj, const char *key, char *buf, size_t len)
{
	struct tm tm;
	time_t t;

	if (!timefmt_parse_rfc3339(out_str(obj, key), &t))
		return "-";
	localtime_r(&t, &tm);
	strftime(buf, len, "%d.%m.%Y %H:%M", &tm);
	return buf;
}

const char *
out_date(const json_t *obj, const char *key, char *buf, size_t len)
{
	char tmp[TIMEFMT_BUFSZ];
	int32_t d;

	if (!date_parse(out_str(obj, key), &d))
		return "-";
	snprintf(buf, len, "%s", date_format_dk(d, tmp));
	return buf;
}

const char *
out_duration(long long secs, char *buf, size_t len)
{
	/* TRANSLATORS: s, min, h and d are the units of a duration. */
	if (secs < 60)
		snprintf(buf, len, _("%lld s"), secs);
	else if (secs < 3600)
		snprintf(buf, len, _("%lld min"), secs / 60);
	else if (secs < 86400)
		snprintf(buf, len, _("%lld h %lld min"), secs / 3600,
		    secs / 60 % 60);
	else
		snprintf(buf, len, _("%lld d %lld h"), secs / 86400,
		    secs / 3600 % 24);
	return buf;
}

static char out_where[64];

void
out_set_where(const char *where)
{
	snprintf(out_where, sizeof out_where, "%s", where != NULL ? where : "");
}

void
out_vfail(const char *fmt, va_list ap)
{
	fputs(out_color(stderr) ? "\033[1;31mcivic:\033[0m " : "civic: ",
	    stderr);
	fputs(out_where, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
out_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vfail(fmt, ap);
	va_end(ap);
}

/* What the person ran ("grant approve"): its usage, the role it is for
 * and its options, for refusals. */
static const char *out_cmd_name, *out_cmd_args, *out_cmd_role;
static const struct cmd_opt *out_cmd_opts;
static bool out_cmd_wire;

void
out_set_command(const char *name, const char *args, const char *role,
    const struct cmd_opt *opts, bool wire)
{
	out_cmd_name = name;
	out_cmd_args = args;
	out_cmd_role = role;
	out_cmd_opts = opts;
	out_cmd_wire = wire;
}

/* The last word of the usage in capitals (APPLICATION), or NULL. */
static const char *
out_positional(char *buf, size_t len)
{
	const char *p, *best = NULL;
	size_t n = 0, i;

	for (p = out_cmd_args; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " []|.");
		n = strcspn(p, " []|.");
		/* Capitals, in any language: a byte past ASCII is a letter
		 * of a translated placeholder ("ANSØGNING"). */
		for (i = 0; i < n &&
		     ((p[i] >= 'A' && p[i] <= 'Z') || p[i] == '_' ||
			 (unsigned char)p[i] >= 0x80);
		     i++)
			;
		if (n > 0 && i == n && (p == out_cmd_args || p[-1] == ' '))
			best = p;
		if (n == 0)
			break;
	}
	if (best == NULL)
		return NULL;
	snprintf(buf, len, "%.*s", (int)strcspn(best, " []|."), best);
	return buf;
}

/* The option a person typed for a wire parameter ("--amount", "--line 2",
 * "APPLICATION"): never the JSON path. */
static const char *
out_param(const char *param, char *buf, size_t len)
{
	const struct cmd_opt *o;
	char base[64], pos[32];
	unsigned idx;
	size_t i, n;

	n = strcspn(param, "[");
	/* civic call: the person wrote the JSON, and reads its names. */
	if (out_cmd_wire) {
		snprintf(buf, len, "%s", param);
		return buf;
	}
	snprintf(base, sizeof base, "%.*s", (int)n, param);
	if ((strcmp(base, "id") == 0 || strcmp(base, "meeting") == 0) &&
	    out_positional(pos, sizeof pos) != NULL &&
	    (strcmp(base, "id") == 0 || strcmp(pos, _("MEETING")) == 0)) {
		snprintf(buf, len, "%s", pos);
		return buf;
	}
	/* The option that sets it, from the command's own spec. */
	for (o = out_cmd_opts; o != NULL && o->name != NULL; o++)
		if (strcmp(o->key, base) == 0)
			break;
	if (o != NULL && o->name != NULL)
		snprintf(buf, len, "--%s", o->name);
	else {
		snprintf(buf, len, "--%s", base);
		for (i = 2; buf[i] != '\0'; i++)
			if (buf[i] == '_')
				buf[i] = '-';
	}
	/* lines[1].amount: the second --line. */
	if (param[n] == '[' && sscanf(param + n, "[%u]", &idx) == 1)
		snprintf(buf + strlen(buf), len - strlen(buf),
		    _(" (number %u)"), idx + 1);
	return buf;
}

/* Joins the words of a JSON array into buf with sep, each as a person
 * reads it (out_word); "none" if empty. */
static const char *
out_words(const json_t *a, const char *sep, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < json_array_size(a) && o < len; i++) {
		const char *s = json_string_value(json_array_get(a, i));

		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? sep : "",
		    s != NULL ? out_word(s) : "?");
	}
	if (o == 0)
		snprintf(buf, len, "%s", _("none"));
	return buf;
}

/* One figure of a refusal, formatted for a person. */
static const char *
out_figure(const json_t *params, const char *name, char kind, char *buf,
    size_t len)
{
	const json_t *v = json_object_get(params, name);

	switch (kind) {
	case 'p':
		return out_param(json_is_string(v) ? json_string_value(v) : "?",
		    buf, len);
	case 'm':
		return out_money(params, name, buf, len);
	case 't':
		return out_time(params, name, buf, len);
	case 'd':
		return out_date(params, name, buf, len);
	case 'n':
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	case 'l':
		return out_words(v, ", ", buf, len);
	case 'r':
		return out_words(v, _(" or "), buf, len);
	case 's':
		return json_is_string(v) ? out_word(json_string_value(v)) : "-";
	default:
		return json_is_string(v) ? json_string_value(v) : "-";
	}
}

/* Renders a reason's sentence with the figures of params into buf. */
static void
out_render(const struct reason_def *def, const json_t *params, char *buf,
    size_t len)
{
	const char *t = _(def->text), *p, *end;
	char name[48], want[48], val[512], fig[512], kind;
	size_t o = 0;

	buf[0] = '\0';
	while (*t != '\0' && o + 1 < len) {
		if (*t != '{' || (end = strchr(t, '}')) == NULL) {
			buf[o++] = *t++;
			continue;
		}
		snprintf(want, sizeof want, "%.*s", (int)(end - t - 1), t + 1);
		t = end + 1;
		if (strcmp(want, "command") == 0) {
			if (out_cmd_name != NULL &&
			    strcmp(out_cmd_name, "call"))
				snprintf(val, sizeof val, "civic %s",
				    out_cmd_name);
			else
				snprintf(val, sizeof val, "%s",
				    out_str(params, "method"));
		} else if (def->id == R_PERMISSION_DENIED &&
		    strcmp(want, "required") == 0 && out_cmd_role != NULL) {
			snprintf(val, sizeof val, "%s", out_word(out_cmd_role));
		} else {
			p = def->figures;
			while ((kind = reason_next_figure(&p, name,
				    sizeof name)) != 0 &&
			    strcmp(name, want) != 0)
				;
			snprintf(val, sizeof val, "%s",
			    kind != 0 ? out_figure(params, name, kind, fig,
					    sizeof fig)
				      : "?");
		}
		o += (size_t)snprintf(buf + o, len - o, "%s", val);
	}
	buf[o < len ? o : len - 1] = '\0';
}

void
out_refusal_sentence(const json_t *refusal, char *buf, size_t len)
{
	const char *error = json_string_value(json_object_get(refusal,
	    "error"));
	const json_t *params = json_object_get(refusal, "parameters");
	const struct reason_def *def = error != NULL
	    ? reason_find(error, params)
	    : NULL;

	if (def != NULL)
		out_render(def, params, buf, len);
	else
		snprintf(buf, len, "%s", error != NULL ? error : "?");
}

void
out_refusal_text(const struct reason_def *def, const json_t *params, char *buf,
    size_t len)
{
	out_render(def, params, buf, len);
}

void
out_error(const char *error, const json_t *params)
{
	const struct reason_def *def = reason_find(error, params);
	char text[1024];
	char *p;

	if (def != NULL) {
		out_render(def, params, text, sizeof text);
		out_fail("%s", text);
	} else {
		/* Not one of ours (another program, a newer civicd). */
		p = json_dumps(params, JSON_COMPACT);
		out_fail(_("civicd refused: %s"), p != NULL ? p : "");
		free(p);
	}
	fprintf(stderr, "       (%s)\n", error);
}
