/*
 * jfield.h - strict, typed extraction of fields from JSON objects.
 *
 * Every value that enters civic from JSON goes through one of these
 * getters: each checks the type, the range or length, the encoding and the
 * format of one field and says exactly what is wrong if it is not right.
 * (The file is not called json.c: jansson owns the json_ prefix.)
 *
 * Getters return 1 when the field was present and valid (the value is
 * stored), 0 when it is absent and JF_OPTIONAL was given (nothing is
 * stored), and -1 when it is wrong (struct jerr says why). A JSON null
 * counts as absent. Strings returned point into the json_t and live as
 * long as it does.
 *
 * Strings are trimmed of the blank space around them (Unicode's spaces,
 * tabs, newlines: utf8_trim), in the json_t itself, before their length
 * is checked: a required text of spaces only is empty. They are refused
 * if they hold something shaped like a CPR number: civic must not store
 * one, and free text is where one would slip in. JF_RAW turns that off
 * for machine values (tokens, references).
 */
#ifndef CIVIC_JFIELD_H
#define CIVIC_JFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "reason.h"

#define JF_OPTIONAL  0x1 /* absent (or null) is fine */
#define JF_MULTILINE 0x2 /* strings: newline and tab are allowed */
#define JF_RAW       0x4 /* strings: no CPR-number check (tokens, ids) */

struct jerr {
	const char
	    *scope; /* prefix for parameter, e.g. "lines[2]."; may be NULL */
	char parameter[96]; /* the field at fault, e.g. "lines[2].amount" */
	struct refusal r;   /* why: an InvalidParameter reason whose first
			       figure is parameter */
};

/*
 * Fills e for a field the caller found wrong: reason id, whose first
 * figure is the parameter (scope and key), then more[0..n). Returns -1.
 */
int jfield_fail(struct jerr *e, const char *key, enum reason id,
    const struct fig *more, size_t n);

#define JFAIL0(e, key, id) jfield_fail((e), (key), (id), NULL, 0)
#define JFAIL(e, key, id, ...) \
	jfield_fail((e), (key), (id), (const struct fig[]){ __VA_ARGS__ }, \
	    sizeof((const struct fig[]){ __VA_ARGS__ }) / sizeof(struct fig))

/*
 * Checks that v is an object whose keys are all in allowed (a NULL
 * terminated list). what names v in the error ("parameters").
 */
int jfield_object(const json_t *v, const char *what, const char *const *allowed,
    struct jerr *e);

int jfield_string(const json_t *obj, const char *key, unsigned flags,
    size_t minchars, size_t maxchars, const char **out, struct jerr *e);
int jfield_int(const json_t *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out, struct jerr *e);
int jfield_bool(const json_t *obj, const char *key, unsigned flags, bool *out,
    struct jerr *e);
/* A decimal string in øre, min <= value <= max. */
int jfield_money(const json_t *obj, const char *key, unsigned flags,
    int64_t min, int64_t max, int64_t *out, struct jerr *e);
/* A "YYYY-MM-DD" date as a day number. */
int jfield_date(const json_t *obj, const char *key, unsigned flags,
    int32_t *out, struct jerr *e);
/* An RFC 3339 instant. */
int jfield_time(const json_t *obj, const char *key, unsigned flags, time_t *out,
    struct jerr *e);
/* One of names (NULL terminated); stores its index. */
int jfield_enum(const json_t *obj, const char *key, unsigned flags,
    const char *const *names, int *out, struct jerr *e);
/* An array of min..max elements; *out is borrowed from obj. */
int jfield_array(const json_t *obj, const char *key, unsigned flags, size_t min,
    size_t max, const json_t **out, struct jerr *e);

/* Setters for replies; each returns 0, or -1 if out of memory. */
int jfield_put_money(json_t *obj, const char *key, int64_t ore);
int jfield_put_time(json_t *obj, const char *key, time_t t);
int jfield_put_date(json_t *obj, const char *key, int32_t days);
int jfield_put_str(json_t *obj, const char *key, const char *s);
int jfield_put_int(json_t *obj, const char *key, int64_t v);

#endif
