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
		t->head[t->ncols] = head[t->ncols];
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
			fprintf(stderr, "civic: out of memory\n");
			exit(1);
		}
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = strdup(cells[i] != NULL
			? cells[i]
			: "-");
	t->nrows++;
}

/* A cell stays on its row: newlines and tabs print as spaces. */
static void
table_cell(FILE *f, const char *s, size_t pad, bool last)
{
	for (; *s != '\0'; s++)
		fputc(*s == '\n' || *s == '\t' ? ' ' : *s, f);
	if (!last)
		fprintf(f, "%*s", (int)pad, "");
}

void
table_print(struct table *t, FILE *f)
{
	size_t width[OUT_MAXCOLS], i, r, w;
	bool color;

	for (i = 0; i < t->ncols; i++)
		width[i] = utf8_width(t->head[i]);
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			w = utf8_width(t->cells[r * t->ncols + i]);
			if (w > width[i])
				width[i] = w;
		}
	}
	/* Long listings go through the pager, on a terminal. */
	if (f == stdout) {
		color = out_color(stdout);
		f = out_page_begin(t->nrows + 1);
	} else
		color = out_color(f);
	if (color)
		fputs("\033[1m", f);
	for (i = 0; i < t->ncols; i++)
		table_cell(f, t->head[i], width[i] - utf8_width(t->head[i]) + 2,
		    i + 1 == t->ncols);
	if (color)
		fputs("\033[0m", f);
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			const char *s = t->cells[r * t->ncols + i];

			table_cell(f, s, width[i] - utf8_width(s) + 2,
			    i + 1 == t->ncols);
		}
		fputc('\n', f);
	}
	out_page_end(f);
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
	if (secs < 60)
		snprintf(buf, len, "%lld s", secs);
	else if (secs < 3600)
		snprintf(buf, len, "%lld min", secs / 60);
	else if (secs < 86400)
		snprintf(buf, len, "%lld h %lld min", secs / 3600,
		    secs / 60 % 60);
	else
		snprintf(buf, len, "%lld d %lld h", secs / 86400,
		    secs / 3600 % 24);
	return buf;
}

void
out_vfail(const char *fmt, va_list ap)
{
	fputs(out_color(stderr) ? "\033[1;31mcivic:\033[0m " : "civic: ",
	    stderr);
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

/* Joins the strings of a JSON array with ", " into buf. */
static const char *
out_join(const json_t *a, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < json_array_size(a) && o < len; i++) {
		const char *s = json_string_value(json_array_get(a, i));

		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " or " : "",
		    s != NULL ? s : "?");
	}
	if (o == 0)
		snprintf(buf, len, "none");
	return buf;
}

void
out_error(const char *error, const json_t *params)
{
	const char *short_name = strrchr(error, '.');
	char a[256], b[256];

	short_name = short_name != NULL ? short_name + 1 : error;
	if (strcmp(short_name, "InvalidParameter") == 0)
		out_fail("%s: %s", out_str(params, "parameter"),
		    strcmp(out_str(params, "reason"), "-") != 0
			? out_str(params, "reason")
			: "is not valid");
	else if (strcmp(short_name, "PermissionDenied") == 0)
		out_fail("permission denied: %s needs the role %s; you have %s",
		    out_str(params, "method"),
		    out_join(json_object_get(params, "required"), a, sizeof a),
		    out_join(json_object_get(params, "roles"), b, sizeof b));
	else if (strcmp(short_name, "NotFound") == 0)
		out_fail("there is no %s %s", out_str(params, "what"),
		    out_str(params, "id"));
	else if (strcmp(short_name, "InterfaceNotFound") == 0)
		out_fail("civicd has no interface %s",
		    out_str(params, "interface"));
	else if (strcmp(short_name, "MethodNotFound") == 0)
		out_fail("civicd has no method %s", out_str(params, "method"));
	else if (strcmp(short_name, "TooManyConnections") == 0)
		out_fail("civicd serves no more connections%s (limit %lld)",
		    strcmp(out_str(params, "scope"), "uid") == 0
			? " for your user"
			: "",
		    (long long)json_integer_value(json_object_get(params,
			"limit")));
	else if (strcmp(short_name, "BudgetExceeded") == 0)
		out_fail("the fund year %lld can grant only %s more; %s is too "
			 "much",
		    (long long)json_integer_value(json_object_get(params,
			"year")),
		    out_money(params, "remaining", a, sizeof a),
		    out_money(params, "amount", b, sizeof b));
	else if (strcmp(short_name, "CapExceeded") == 0)
		out_fail("%s is above the cap of %s per application in %lld",
		    out_money(params, "amount", a, sizeof a),
		    out_money(params, "cap", b, sizeof b),
		    (long long)json_integer_value(json_object_get(params,
			"year")));
	else if (strcmp(short_name, "ConflictOfInterest") == 0)
		out_fail("you have declared a conflict of interest in "
			 "application %lld; another administrator must act on "
			 "it",
		    (long long)json_integer_value(json_object_get(params,
			"id")));
	else if (strcmp(short_name, "Full") == 0)
		out_fail("the meeting is full: %lld seats free, %lld asked for",
		    (long long)json_integer_value(json_object_get(params,
			"free_seats")),
		    (long long)json_integer_value(json_object_get(params,
			"seats")));
	else if (strcmp(short_name, "AlreadyCheckedIn") == 0)
		out_fail("registration %lld was already checked in at %s",
		    (long long)json_integer_value(json_object_get(params,
			"registration")),
		    out_time(params, "at", a, sizeof a));
	else if (strcmp(short_name, "ShuttingDown") == 0)
		out_fail("civicd is stopping; try again in a moment");
	else if (strcmp(short_name, "ExpectedMore") == 0)
		out_fail("civicd answers this method in several replies: call "
			 "it with more (civic call --more)");
	else if (json_is_string(json_object_get(params, "reason")))
		out_fail("%s", out_str(params, "reason"));
	else {
		char *p = json_dumps(params, JSON_COMPACT);

		out_fail("civicd refused: %s", p != NULL ? p : "");
		free(p);
		fprintf(stderr, "       (%s)\n", error);
		return;
	}
	fprintf(stderr, "       (%s)\n", error);
}
