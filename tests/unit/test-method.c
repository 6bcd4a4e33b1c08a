/*
 * test-method.c - the dispatcher and the method table: the envelope of a
 * call, the standard errors, roles, oneway, more, and that the table and
 * the IDL in schema/ name the same methods. Runs on a real store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "clock.h"
#include "method.h"
#include "store.h"
#include "testutil.h"

static struct civicd d;
static json_t *sent; /* every message the dispatcher sent, in order */

static void
collect(void *ctx, json_t *msg)
{
	(void)ctx;
	json_array_append_new(sent, msg);
}

static struct reply_sink sink = { .send = collect };

/* Dispatches text as who; returns the dispatcher's verdict. */
static int
call(struct identity *who, const char *text)
{
	json_decref(sent);
	sent = json_array();
	return method_dispatch(&d, who, text, strlen(text), &sink);
}

static const char *
error_of(size_t i)
{
	const char *e = json_string_value(json_object_get(json_array_get(sent,
							      i),
	    "error"));

	return e != NULL ? e : "(none)";
}

static const json_t *
params_of(size_t i)
{
	return json_object_get(json_array_get(sent, i), "parameters");
}

static const char *
param_str(size_t i, const char *key)
{
	return json_string_value(json_object_get(params_of(i), key));
}

static struct identity admin = { .known = true, .uid = 0, .roles = ROLE_ADMIN };
static struct identity nobody = { .known = true, .uid = 1234 };

static void
test_table_matches_idl(void **state)
{
	char err[512] = "";

	(void)state;
	if (method_check_table(err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_non_null(method_find("org.varlink.service.GetInfo"));
	assert_null(method_find("org.varlink.service.Nope"));
}

static void
test_envelope_errors_close(void **state)
{
	static const char *const bad[] = {
		"{\"method\":",               /* not JSON */
		"[\"dk.civic.core.Whoami\"]", /* not an object */
		"{\"parameters\":{}}",        /* no method */
		"{\"method\":42}",            /* method not a string */
		"{\"method\":\"dk.civic.core.Whoami\",\"parameters\":[]}",
		"{\"method\":\"dk.civic.core.Whoami\",\"more\":\"yes\"}",
		"{\"method\":\"dk.civic.core.Whoami\",\"more\":true,\"oneway\":true}",
		"{\"method\":\"a.B\",\"method\":\"c.D\"}", /* duplicate key */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (call(&admin, bad[i]) != -1)
			fail_msg("%s was not a protocol error", bad[i]);
		assert_int_equal(json_array_size(sent), 1);
		assert_string_equal(error_of(0), "dk.civic.core.ProtocolError");
		assert_non_null(param_str(0, "reason"));
	}
}

/* What other varlink clients send: parameters null for a method without
 * input, and keys a newer peer adds. */
static void
test_other_clients(void **state)
{
	(void)state;
	assert_int_equal(call(&admin,
			     "{\"method\":\"org.varlink.service.GetInfo\","
			     "\"parameters\":null}"),
	    0);
	assert_string_equal(error_of(0), "(none)");
	assert_int_equal(call(&admin,
			     "{\"method\":\"dk.civic.core.Whoami\","
			     "\"extra\":1}"),
	    0);
	assert_string_equal(error_of(0), "(none)");
}

static void
test_standard_errors_keep_connection(void **state)
{
	(void)state;
	assert_int_equal(call(&admin, "{\"method\":\"org.nope.Thing\"}"), 0);
	assert_string_equal(error_of(0),
	    "org.varlink.service.InterfaceNotFound");
	assert_string_equal(param_str(0, "interface"), "org.nope");

	assert_int_equal(call(&admin, "{\"method\":\"dk.civic.core.Nope\"}"),
	    0);
	assert_string_equal(error_of(0), "org.varlink.service.MethodNotFound");
	assert_string_equal(param_str(0, "method"), "dk.civic.core.Nope");

	assert_int_equal(call(&admin,
			     "{\"method\":\"dk.civic.core.Whoami\","
			     "\"parameters\":{\"bogus\":1}}"),
	    0);
	assert_string_equal(error_of(0),
	    "org.varlink.service.InvalidParameter");
	assert_string_equal(param_str(0, "parameter"), "bogus");

	assert_int_equal(
	    call(&admin,
		"{\"method\":\"dk.civic.core.Whoami\",\"upgrade\":true}"),
	    0);
	assert_string_equal(param_str(0, "parameter"), "upgrade");

	assert_int_equal(call(&admin,
			     "{\"method\":\"org.varlink.service."
			     "GetInterfaceDescription\",\"parameters\":"
			     "{\"interface\":\"dk.civic.Nope\"}}"),
	    0);
	assert_string_equal(error_of(0),
	    "org.varlink.service.InterfaceNotFound");
}

static void
test_roles(void **state)
{
	const json_t *req, *roles;

	(void)state;
	assert_int_equal(call(&nobody,
			     "{\"method\":\"dk.civic.applicants.List\"}"),
	    0);
	assert_string_equal(error_of(0), "dk.civic.core.PermissionDenied");
	assert_string_equal(param_str(0, "method"), "dk.civic.applicants.List");
	req = json_object_get(params_of(0), "required");
	roles = json_object_get(params_of(0), "roles");
	assert_int_equal(json_array_size(req), 1);
	assert_string_equal(json_string_value(json_array_get(req, 0)), "admin");
	assert_int_equal(json_array_size(roles), 0);

	/* Anyone may ask who they are and what the service is. */
	assert_int_equal(call(&nobody, "{\"method\":\"dk.civic.core.Whoami\"}"),
	    0);
	assert_string_equal(error_of(0), "(none)");
	assert_int_equal(call(&nobody,
			     "{\"method\":\"org.varlink.service.GetInfo\"}"),
	    0);
	assert_string_equal(error_of(0), "(none)");

	/* A coordinator is not an admin. */
	{
		struct identity coord = { .known = true,
			.uid = 1000,
			.roles = ROLE_COORD };

		call(&coord, "{\"method\":\"dk.civic.applicants.Add\"}");
		assert_string_equal(error_of(0),
		    "dk.civic.core.PermissionDenied");
		call(&coord, "{\"method\":\"dk.civic.core.Status\"}");
		assert_string_equal(error_of(0), "(none)");
	}
}

static void
test_oneway_runs_without_reply(void **state)
{
	struct applicant a;

	(void)state;
	assert_int_equal(
	    call(&admin,
		"{\"method\":\"dk.civic.applicants.Add\",\"oneway\":true,"
		"\"parameters\":{\"kind\":\"citizen\",\"name\":\"Oneway "
		"Olsen\",\"phone\":\"44 77 00 00\"}}"),
	    0);
	assert_int_equal(json_array_size(sent), 0);
	/* It happened all the same. */
	assert_int_equal(store_applicant_get(d.store, 1, &a), CIVIC_OK);
	assert_string_equal(a.name, "Oneway Olsen");
	assert_string_equal(a.phone, "+4544770000");
	/* A failing oneway call is silent too. */
	assert_int_equal(
	    call(&admin, "{\"method\":\"dk.civic.Nope.X\",\"oneway\":true}"),
	    0);
	assert_int_equal(json_array_size(sent), 0);
}

static void
test_more_streams_in_chunks(void **state)
{
	char text[256];
	size_t i, total = 0, n;
	int k;

	(void)state;
	/* 1 from the oneway test; make it 250. */
	for (k = 2; k <= 250; k++) {
		snprintf(text, sizeof text,
		    "{\"method\":\"dk.civic.applicants.Add\","
		    "\"parameters\":{\"kind\":\"association\","
		    "\"name\":\"Forening %d\"}}",
		    k);
		call(&admin, text);
		assert_string_equal(error_of(0), "(none)");
	}
	call(&admin, "{\"method\":\"dk.civic.applicants.List\",\"more\":true}");
	n = json_array_size(sent);
	assert_int_equal(n, 3); /* 100 + 100 + 50 */
	for (i = 0; i < n; i++) {
		const json_t *m = json_array_get(sent, i);

		assert_int_equal(json_is_true(json_object_get(m, "continues")),
		    i + 1 < n);
		total += json_array_size(json_object_get(params_of(i),
		    "applicants"));
	}
	assert_int_equal(total, 250);
	/* Without "more", the same list in one reply. */
	call(&admin, "{\"method\":\"dk.civic.applicants.List\"}");
	assert_int_equal(json_array_size(sent), 1);
	assert_int_equal(json_array_size(json_object_get(params_of(0),
			     "applicants")),
	    250);
}

static void
test_authenticate_adds_role(void **state)
{
	struct identity who = { .known = true, .uid = 1234 };
	char text[256];
	const char *token;
	json_t *tok;

	(void)state;
	call(&admin,
	    "{\"method\":\"dk.civic.applicants.Rotate\","
	    "\"parameters\":{\"id\":2}}");
	tok = json_incref(json_object_get(params_of(0), "token"));
	token = json_string_value(tok);
	assert_non_null(token);
	snprintf(text, sizeof text,
	    "{\"method\":\"dk.civic.core.Authenticate\","
	    "\"parameters\":{\"token\":\"%s\"}}",
	    token);
	call(&who, text);
	assert_string_equal(error_of(0), "(none)");
	assert_true(who.roles & ROLE_APPLICANT);
	assert_int_equal(who.applicant_id, 2);
	assert_false(who.roles & ROLE_ADMIN);

	/* Revoked: the next connection presenting it is refused. */
	call(&admin,
	    "{\"method\":\"dk.civic.applicants.Revoke\","
	    "\"parameters\":{\"id\":2}}");
	{
		struct identity later = { .known = true, .uid = 1234 };

		call(&later, text);
		assert_string_equal(error_of(0),
		    "dk.civic.core.AuthenticationFailed");
		assert_false(later.roles & ROLE_APPLICANT);
	}
	call(&who,
	    "{\"method\":\"dk.civic.core.Authenticate\","
	    "\"parameters\":{\"token\":\"hunter2\"}}");
	assert_string_equal(error_of(0), "dk.civic.core.AuthenticationFailed");
	json_decref(tok);
}

/* Bad tokens in a flood: 120 a minute are looked at, the rest refused
 * unseen, and the minute's count is logged when it ends. */
static void
test_refusal_flood_counted(void **state)
{
	struct identity flood = { .known = true, .uid = 4321 };
	struct identity few = { .known = true, .uid = 4322 };
	const char *bad = "{\"method\":\"dk.civic.core.Authenticate\","
			  "\"parameters\":{\"token\":\"civic_nothing\"}}";
	int i;

	(void)state;
	for (i = 0; i < 120; i++) {
		call(&flood, bad);
		assert_string_equal(error_of(0),
		    "dk.civic.core.AuthenticationFailed");
	}
	for (i = 0; i < 10; i++) {
		call(&flood, bad);
		assert_string_equal(error_of(0),
		    "dk.civic.core.TooManyRefusals");
	}
	for (i = 0; i < 5; i++)
		call(&few, bad);
	assert_string_equal(error_of(0), "dk.civic.core.AuthenticationFailed");

	assert_int_equal(method_refusals_tick(clock_mono_ms()), 0);
	/* A minute on: one line, for the uid past the limit only. */
	assert_int_equal(method_refusals_tick(clock_mono_ms() + 60000), 1);
	assert_int_equal(method_refusals_tick(clock_mono_ms() + 60000), 0);
	call(&flood, bad);
	assert_string_equal(error_of(0), "dk.civic.core.AuthenticationFailed");
}

static int
setup(void **state)
{
	char err[512];

	(void)state;
	d.store = store_open(tu_path("method.db"), err, sizeof err);
	if (d.store == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(d.store);
	json_decref(sent);
	tu_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_idl),
		cmocka_unit_test(test_envelope_errors_close),
		cmocka_unit_test(test_standard_errors_keep_connection),
		cmocka_unit_test(test_other_clients),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_oneway_runs_without_reply),
		cmocka_unit_test(test_more_streams_in_chunks),
		cmocka_unit_test(test_authenticate_adds_role),
		cmocka_unit_test(test_refusal_flood_counted),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
