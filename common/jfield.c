/*
 * jfield.c - strict typed field extraction over jansson (see jfield.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jfield.h"
#include "money.h"
#include "timefmt.h"
#include "utf8.h"
#include "validate.h"

int
jfield_fail(struct jerr *e, const char *key, enum reason id,
    const struct fig *more, size_t n)
{
	struct fig f[REASON_MAXFIG];
	size_t i;

	snprintf(e->parameter, sizeof e->parameter, "%s%s",
	    e->scope != NULL ? e->scope : "", key);
	f[0] = FS(e->parameter);
	for (i = 0; i < n && i + 1 < REASON_MAXFIG; i++)
		f[i + 1] = more[i];
	refusal_set(&e->r, id, f, i + 1);
	return -1;
}

int
jfield_object(const json_t *v, const char *what, const char *const *allowed,
    struct jerr *e)
{
	const char *key;
	json_t *value;
	size_t i;

	if (!json_is_object(v))
		return JFAIL0(e, what, R_NOT_OBJECT);
	json_object_foreach((json_t *)v, key, value)
	{
		(void)value;
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], key) == 0)
				break;
		}
		if (allowed[i] == NULL)
			return JFAIL0(e, key, R_UNKNOWN_FIELD);
	}
	return 0;
}

/* Looks key up; 0 absent-and-fine, -1 absent-and-required, 1 found. */
static int
jfield_lookup(const json_t *obj, const char *key, unsigned flags, json_t **v,
    struct jerr *e)
{
	*v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	if (*v == NULL || json_is_null(*v)) {
		if (flags & JF_OPTIONAL)
			return 0;
		return JFAIL0(e, key, R_REQUIRED);
	}
	return 1;
}

int
jfield_string(const json_t *obj, const char *key, unsigned flags,
    size_t minchars, size_t maxchars, const char **out, struct jerr *e)
{
	enum utf8_result u;
	size_t chars, from, to;
	const char *s;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v))
		return JFAIL0(e, key, R_NOT_STRING);
	s = json_string_value(v);
	/* A text is what it says, without the blank space around it (a
	 * pasted voucher number's trailing newline included): one that is
	 * only spaces is empty, whatever else it passes. jansson holds
	 * valid UTF-8 only; utf8_check still proves it below. */
	utf8_trim(s, json_string_length(v), &from, &to);
	if ((from != 0 || to != json_string_length(v)) &&
	    json_string_setn(v, s + from, to - from) == 0)
		s = json_string_value(v);
	u = utf8_check(s, json_string_length(v),
	    flags & JF_MULTILINE ? UTF8_MULTILINE : 0, &chars);
	if (u == UTF8_BAD_ENCODING)
		return JFAIL0(e, key, R_NOT_UTF8);
	if (u == UTF8_CONTROL)
		return JFAIL0(e, key,
		    flags & JF_MULTILINE ? R_CONTROL_MULTILINE : R_CONTROL);
	if (u == UTF8_FORMAT)
		return JFAIL0(e, key, R_FORMAT);
	if (from == to) /* blank, even if it could not be trimmed */
		chars = 0;
	if (chars < minchars)
		return minchars == 1 ? JFAIL0(e, key, R_EMPTY)
				     : JFAIL(e, key, R_TOO_SHORT, FN(minchars));
	if (chars > maxchars)
		return JFAIL(e, key, R_TOO_LONG, FN(maxchars));
	if (!(flags & JF_RAW) && validate_has_cpr(s))
		return JFAIL0(e, key, R_CPR);
	*out = s;
	return 1;
}

int
jfield_int(const json_t *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out, struct jerr *e)
{
	json_int_t i;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_integer(v))
		return JFAIL0(e, key, R_NOT_INTEGER);
	i = json_integer_value(v);
	if (i < min || i > max)
		return JFAIL(e, key, R_OUT_OF_RANGE, FN(min), FN(max));
	*out = i;
	return 1;
}

int
jfield_bool(const json_t *obj, const char *key, unsigned flags, bool *out,
    struct jerr *e)
{
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_boolean(v))
		return JFAIL0(e, key, R_NOT_BOOL);
	*out = json_is_true(v);
	return 1;
}

int
jfield_money(const json_t *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out, struct jerr *e)
{
	enum money_result m;
	int64_t ore;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v))
		return JFAIL0(e, key, R_NOT_AMOUNT);
	m = money_parse_iso(json_string_value(v), &ore);
	if (m != MONEY_OK)
		return JFAIL0(e, key, R_NOT_AMOUNT);
	if (ore < min || ore > max) {
		if (max == MONEY_MAX)
			return JFAIL(e, key, R_AMOUNT_TOO_SMALL, FN(min));
		return JFAIL(e, key, R_AMOUNT_RANGE, FN(min), FN(max));
	}
	*out = ore;
	return 1;
}

int
jfield_date(const json_t *obj, const char *key, unsigned flags, int32_t *out,
    struct jerr *e)
{
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out))
		return JFAIL0(e, key, R_NOT_DATE);
	return 1;
}

int
jfield_time(const json_t *obj, const char *key, unsigned flags, time_t *out,
    struct jerr *e)
{
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v) ||
	    !timefmt_parse_rfc3339(json_string_value(v), out))
		return JFAIL0(e, key, R_NOT_TIME);
	return 1;
}

int
jfield_enum(const json_t *obj, const char *key, unsigned flags,
    const char *const *names, int *out, struct jerr *e)
{
	size_t i;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	for (i = 0; names[i] != NULL; i++) {
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), names[i]) == 0) {
			*out = (int)i;
			return 1;
		}
	}
	return JFAIL(e, key, R_NOT_ONE_OF, FL(names));
}

int
jfield_array(const json_t *obj, const char *key, unsigned flags, size_t min,
    size_t max, const json_t **out, struct jerr *e)
{
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_array(v))
		return JFAIL0(e, key, R_NOT_ARRAY);
	if (json_array_size(v) < min)
		return JFAIL(e, key, R_TOO_FEW, FN(min));
	if (json_array_size(v) > max)
		return JFAIL(e, key, R_TOO_MANY, FN(max));
	*out = v;
	return 1;
}

int
jfield_put_money(json_t *obj, const char *key, int64_t ore)
{
	char buf[MONEY_BUFSZ];

	return json_object_set_new(obj, key,
	    json_string(money_format_iso(ore, buf)));
}

int
jfield_put_time(json_t *obj, const char *key, time_t t)
{
	char buf[TIMEFMT_BUFSZ];

	return json_object_set_new(obj, key,
	    json_string(timefmt_rfc3339(t, buf)));
}

int
jfield_put_date(json_t *obj, const char *key, int32_t days)
{
	char buf[TIMEFMT_BUFSZ];

	return json_object_set_new(obj, key,
	    json_string(date_format(days, buf)));
}

int
jfield_put_str(json_t *obj, const char *key, const char *s)
{
	return json_object_set_new(obj, key,
	    s != NULL ? json_string(s) : json_null());
}

int
jfield_put_int(json_t *obj, const char *key, int64_t v)
{
	return json_object_set_new(obj, key, json_integer(v));
}
