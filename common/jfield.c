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
jfield_fail(struct jerr *e, const char *key, const char *fmt, ...)
{
	va_list ap;

	snprintf(e->parameter, sizeof e->parameter, "%s%s",
	    e->scope != NULL ? e->scope : "", key);
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof e->reason, fmt, ap);
	va_end(ap);
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
		return jfield_fail(e, what, "must be an object");
	json_object_foreach((json_t *)v, key, value)
	{
		(void)value;
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], key) == 0)
				break;
		}
		if (allowed[i] == NULL)
			return jfield_fail(e, key, "is not a known field");
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
		return jfield_fail(e, key, "is required");
	}
	return 1;
}

int
jfield_string(const json_t *obj, const char *key, unsigned flags,
    size_t minchars, size_t maxchars, const char **out, struct jerr *e)
{
	enum utf8_result u;
	const char *s;
	size_t chars;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v))
		return jfield_fail(e, key, "must be a string");
	s = json_string_value(v);
	u = utf8_check(s, json_string_length(v),
	    flags & JF_MULTILINE ? UTF8_MULTILINE : 0, &chars);
	if (u == UTF8_BAD_ENCODING)
		return jfield_fail(e, key, "is not valid UTF-8");
	if (u == UTF8_CONTROL)
		return jfield_fail(e, key, "must not contain %s",
		    flags & JF_MULTILINE
			? "control characters other than newline and tab"
			: "control characters or newlines");
	if (chars < minchars)
		return jfield_fail(e, key,
		    minchars == 1 ? "must not be empty"
				  : "must be at least %zu characters",
		    minchars);
	if (chars > maxchars)
		return jfield_fail(e, key, "must be at most %zu characters",
		    maxchars);
	if (!(flags & JF_RAW) && validate_has_cpr(s))
		return jfield_fail(e, key,
		    "looks like it holds a CPR number; "
		    "civic must not store CPR numbers, so leave it out");
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
		return jfield_fail(e, key, "must be an integer");
	i = json_integer_value(v);
	if (i < min || i > max)
		return jfield_fail(e, key, "must be between %lld and %lld",
		    (long long)min, (long long)max);
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
		return jfield_fail(e, key, "must be true or false");
	*out = json_is_true(v);
	return 1;
}

int
jfield_money(const json_t *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out, struct jerr *e)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	enum money_result m;
	int64_t ore;
	json_t *v;
	int r;

	if ((r = jfield_lookup(obj, key, flags, &v, e)) != 1)
		return r;
	if (!json_is_string(v))
		return jfield_fail(e, key,
		    "must be a decimal string such as \"25000.00\", not a JSON %s",
		    json_is_number(v) ? "number" : "value of another type");
	m = money_parse_iso(json_string_value(v), &ore);
	if (m != MONEY_OK)
		return jfield_fail(e, key, "%s",
		    m == MONEY_SYNTAX
			? "must be a decimal string such as \"25000.00\""
			: money_result_str(m));
	if (ore < min || ore > max) {
		if (max == MONEY_MAX)
			return jfield_fail(e, key, "must be at least %s",
			    money_format_iso(min, a));
		return jfield_fail(e, key, "must be between %s and %s",
		    money_format_iso(min, a), money_format_iso(max, b));
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
		return jfield_fail(e, key, "must be a date written YYYY-MM-DD");
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
		return jfield_fail(e, key,
		    "must be an RFC 3339 time such as \"2017-05-02T17:30:00+02:00\"");
	return 1;
}

int
jfield_enum(const json_t *obj, const char *key, unsigned flags,
    const char *const *names, int *out, struct jerr *e)
{
	char list[160];
	size_t i, o = 0;
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
	list[0] = '\0';
	for (i = 0; names[i] != NULL && o < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
		    i > 0 ? ", " : "", names[i]);
	return jfield_fail(e, key, "must be one of: %s", list);
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
		return jfield_fail(e, key, "must be an array");
	if (json_array_size(v) < min)
		return jfield_fail(e, key, "must have at least %zu entries",
		    min);
	if (json_array_size(v) > max)
		return jfield_fail(e, key, "must have at most %zu entries",
		    max);
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
