/*
 * reason.c - the one table of refusals, and their wire form (see reason.h).
 */
#include <string.h>

#include "money.h"
#include "reason.h"
#include "timefmt.h"

const struct reason_def reason_table[] = {
#define REASON_ROW(id, err, code, figs, text) { id, err, code, figs, text },
	REASON_LIST(REASON_ROW)
#undef REASON_ROW
};

/* Bit i of a role mask is reason_role_names[i] (daemon/identity.h). */
const char *const reason_role_names[] = { "admin", "coordinator", "applicant",
	NULL };

void
refusal_set(struct refusal *r, enum reason id, const struct fig *f, size_t n)
{
	memset(r, 0, sizeof *r);
	r->reason = id;
	if (n > REASON_MAXFIG)
		n = REASON_MAXFIG;
	if (n > 0)
		memcpy(r->fig, f, n * sizeof f[0]);
	r->nfig = n;
}

enum civic_err
reason_err(enum reason id)
{
	return (unsigned)id < R__COUNT ? reason_table[id].err
				       : CIVIC_E_INTERNAL;
}

char
reason_next_figure(const char **p, char *name, size_t len)
{
	const char *s = *p, *colon;
	size_t n;

	s += strspn(s, " ");
	if (*s == '\0' || (colon = strchr(s, ':')) == NULL)
		return 0;
	n = (size_t)(colon - s);
	if (n >= len)
		n = len - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	*p = colon + 2;
	return colon[1];
}

static json_t *
reason_words(const char *const *l)
{
	json_t *a = json_array();

	for (; l != NULL && *l != NULL; l++)
		json_array_append_new(a, json_string(*l));
	return a;
}

static json_t *
reason_roles(int64_t bits)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; reason_role_names[i] != NULL; i++) {
		if (bits & (1 << i))
			json_array_append_new(a,
			    json_string(reason_role_names[i]));
	}
	return a;
}

static json_t *
reason_value(char kind, const struct fig *f)
{
	char buf[MONEY_BUFSZ > TIMEFMT_BUFSZ ? MONEY_BUFSZ : TIMEFMT_BUFSZ];

	switch (kind) {
	case 'm':
		return json_string(money_format_iso(f->n, buf));
	case 't':
		return json_string(timefmt_rfc3339((time_t)f->n, buf));
	case 'd':
		return json_string(date_format((int32_t)f->n, buf));
	case 'n':
		return json_integer((json_int_t)f->n);
	case 'p':
	case 's':
		return json_string(f->s != NULL ? f->s : "");
	case 'l':
		return reason_words(f->l);
	case 'r':
		return reason_roles(f->n);
	default:
		return json_null();
	}
}

json_t *
refusal_params(const struct refusal *r)
{
	const struct reason_def *def = &reason_table[r->reason];
	const char *p = def->figures;
	json_t *o = json_object();
	char name[48], kind;
	size_t i = 0;

	if (o == NULL)
		return NULL;
	if (def->code[0] != '\0')
		json_object_set_new(o, "reason", json_string(def->code));
	while ((kind = reason_next_figure(&p, name, sizeof name)) != 0) {
		static const struct fig none;

		if (json_object_set_new(o, name,
			reason_value(kind, i < r->nfig ? &r->fig[i] : &none)) !=
		    0) {
			json_decref(o);
			return NULL;
		}
		i++;
	}
	return o;
}

const struct reason_def *
reason_find(const char *error, const json_t *params)
{
	const json_t *v = json_object_get(params, "reason");
	const char *code = json_is_string(v) ? json_string_value(v) : "";
	size_t i;

	for (i = 0; i < R__COUNT; i++) {
		if (strcmp(civic_err_name(reason_table[i].err), error) == 0 &&
		    strcmp(reason_table[i].code, code) == 0)
			return &reason_table[i];
	}
	return NULL;
}
