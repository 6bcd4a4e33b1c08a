/*
 * output.h - how civic shows things to people: tables, key/value blocks,
 * Danish amounts and Copenhagen times, JSON for --json, and a sentence for
 * every error the daemon can send.
 */
#ifndef CIVIC_OUTPUT_H
#define CIVIC_OUTPUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <jansson.h>

#include "i18n.h"
#include "reason.h"

#define OUT_MAXCOLS 12

struct table {
	size_t ncols;
	const char *head[OUT_MAXCOLS];
	size_t nrows;
	size_t cap;
	char **cells; /* nrows * ncols, owned */
};

/*
 * Whether to colour what goes to f: only on a terminal, never with
 * NO_COLOR set (to anything) or TERM=dumb. Without colour, output is
 * plain text.
 */
bool out_color(FILE *f);

/*
 * Where a text of lines lines goes: stdout, or, on a terminal it does not
 * fit, a pager ($CIVIC_PAGER, else $PAGER, else less; "cat" or empty for
 * none). out_page_end closes what out_page_begin opened.
 */
FILE *out_page_begin(size_t lines);
void out_page_end(FILE *f);

/* Starts a table with the given column headings (NULL terminated). */
void table_init(struct table *t, const char *const *head);
/* Adds a row of ncols cells (copied; NULL prints as "-"). */
void table_row(struct table *t, const char *const *cells);
/*
 * Prints the table, columns aligned by display width (wcwidth), amounts
 * right-aligned, and frees it. On a terminal the widest text columns are
 * cut to fit its width ("…"), unless out_set_full said not to.
 */
void table_print(struct table *t, FILE *f);

/* --full: tables show every cell whole, however wide. */
void out_set_full(bool full);

/* Every table printed as CSV for a Danish spreadsheet instead (-o csv). */
void out_set_csv(bool csv);
bool out_is_csv(void);

/* Prints t; an empty one as the sentence none, except in CSV, where a
 * spreadsheet gets the headings alone. */
void table_print_or(struct table *t, FILE *f, const char *none);

#define OUT_KV_WIDTH 20

/* Prints "Label:   value", values aligned after OUT_KV_WIDTH columns. */
void out_kv(const char *label, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints v as indented JSON on stdout. */
void out_json(const json_t *v);

/* Says how many registrations a reply moved up from the waiting list,
 * if any. */
void out_promoted(const json_t *reply);

/* What every error is about until it is set again ("line 3: "), printed
 * after "civic: "; NULL for nothing. */
void out_set_where(const char *where);

/*
 * A machine word civicd sends (a status, a kind, a need, a role) as a
 * person reads it in their language: "awaiting_information" is "afventer
 * oplysninger". what ("meeting", "registration", "application",
 * "accounts", or NULL for the first that knows it) tells apart the words
 * that translate apart. A word civic does not know is shown as it is.
 */
const char *out_word_in(const char *what, const char *word);
#define out_word(word) out_word_in(NULL, (word))

/* Writes a JSON string field, or "-" when it is null or absent. */
const char *out_str(const json_t *obj, const char *key);

/* "140.000,00 kr." from a wire amount field; "-" if absent. */
const char *out_money(const json_t *obj, const char *key, char *buf,
    size_t len);

/* "02.05.2017 17:30" in Europe/Copenhagen from an RFC 3339 field. */
const char *out_time(const json_t *obj, const char *key, char *buf, size_t len);

/* "02.05.2017" from a "YYYY-MM-DD" field; "-" if absent. */
const char *out_date(const json_t *obj, const char *key, char *buf, size_t len);

/* "2 d 3 h", "4 min" for a number of seconds. */
const char *out_duration(long long secs, char *buf, size_t len);

/*
 * Explains a daemon error on stderr in a sentence a person understands:
 * "civic: <sentence> (<error name>)".
 */
void out_error(const char *error, const json_t *params);

/* What the person ran, so that refusals can name it and its options. */
struct cmd_opt;
void out_set_command(const char *name, const char *args, const char *role,
    const struct cmd_opt *opts, bool wire);

/* The sentence of a refusal ({error, parameters}) into buf. */
void out_refusal_sentence(const json_t *refusal, char *buf, size_t len);

/* The sentence of a refusal, rendered from its figures (for tests). */
void out_refusal_text(const struct reason_def *def, const json_t *params,
    char *buf, size_t len);

/* Prints "civic: <message>" on stderr. */
void out_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_vfail(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

#endif
