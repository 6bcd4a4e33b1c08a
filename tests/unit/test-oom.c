/*
 * test-oom.c - out of memory, one allocation at a time, as SQLite's own
 * tests do it: for each of a handful of calls, fail its first allocation,
 * then its second, and so on, until the call runs without reaching the
 * failure. Every time, the caller must get a whole answer (a final reply
 * or an error, never silence or a listing cut off), and civicd must go on
 * serving: no transaction left open, the next calls answered.
 *
 * malloc, calloc, realloc and free are replaced in this program (glibc
 * lets a program do that, and uses the replacement for strdup and for
 * SQLite, jansson and libsodium too). Sanitizer builds own malloc: there
 * the test says so and is skipped (TAP's 1..0 # SKIP). Plain TAP, not cmocka:
 * cmocka allocates too.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "method.h"
#include "store.h"
#include "testutil.h"

#if !CIVIC_OOM_SANITIZED
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long oom_at;   /* fail the allocation with this number; 0: none */
static long oom_seen; /* allocations since armed */
static bool oom_hit;  /* the failure was reached */

static bool
oom_now(void)
{
	if (oom_at == 0 || ++oom_seen != oom_at)
		return false;
	oom_hit = true;
	errno = ENOMEM;
	return true;
}

void *
malloc(size_t n)
{
	return oom_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return oom_now() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return oom_now() ? NULL : __libc_realloc(p, n);
}

void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

void
free(void *p)
{
	__libc_free(p);
}

static struct civicd d;
static json_t *sent; /* what the dispatcher sent, in order */

static void
collect(void *ctx, json_t *msg)
{
	(void)ctx;
	/* NULL: a reply lost to memory, which peer.c turns into an
	 * InternalError frame written without allocating. */
	json_array_append_new(sent, msg != NULL ? msg : json_string("lost"));
}

static struct reply_sink sink = { .send = collect };
static struct identity admin = { .known = true, .uid = 0, .roles = ROLE_ADMIN };

/* Dispatches text, failing allocation number fail (0: none) of those it
 * makes; returns the dispatcher's verdict. */
static int
dispatch(const char *text, long fail)
{
	int rc;

	json_decref(sent);
	sent = json_array();
	/* The collector's own room, before anything may fail. */
	json_array_append_new(sent, json_null());
	json_array_clear(sent);
	oom_hit = false;
	oom_seen = 0;
	oom_at = fail;
	rc = method_dispatch(&d, &admin, text, strlen(text), &sink);
	oom_at = 0;
	return rc;
}

/* True if the conversation ended: its last message is an error (or a
 * lost reply), or a reply that does not continue. */
static bool
answered(void)
{
	const json_t *last = json_array_get(sent, json_array_size(sent) - 1);

	if (last == NULL)
		return false;
	if (json_is_string(last) || json_object_get(last, "error") != NULL)
		return true;
	return json_object_get(last, "parameters") != NULL &&
	    !json_is_true(json_object_get(last, "continues"));
}

static bool
succeeds(const char *text)
{
	return dispatch(text, 0) == 0 && json_array_size(sent) >= 1 &&
	    json_object_get(json_array_get(sent, json_array_size(sent) - 1),
		"error") == NULL;
}

#define OOM_MAX_TRIES 200000

int
main(void)
{
	static const char *const calls[] = {
		"{\"method\":\"dk.civic.core.Whoami\"}",
		"{\"method\":\"dk.civic.applicants.Add\",\"parameters\":"
		"{\"kind\":\"association\",\"name\":\"Røde Kors Ballerup\"}}",
		"{\"method\":\"dk.civic.applicants.List\",\"more\":true}",
		"{\"method\":\"dk.civic.meetings.Create\",\"parameters\":"
		"{\"title\":\"Mange ældre – mange kulturer\",\"capacity\":30}}",
		"{\"method\":\"dk.civic.admin.Backup\",\"more\":true}",
	};
	const size_t n = sizeof calls / sizeof calls[0];
	char err[512], text[160];
	int failed = 0, rc;
	size_t i;
	long k;

	if (sodium_init() < 0)
		return 1;
	log_set_level(LOG_LEVEL_ERR);
	if ((d.store = store_open(tu_path("oom.db"), err, sizeof err)) ==
	    NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* Enough applicants for a listing "more" sends in two chunks. */
	for (k = 0; k < CALL_LIST_CHUNK + 20; k++) {
		snprintf(text, sizeof text,
		    "{\"method\":\"dk.civic.applicants.Add\",\"parameters\":"
		    "{\"kind\":\"association\",\"name\":\"Forening %ld\"}}",
		    k);
		if (!succeeds(text))
			return 1;
	}
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		bool ok = true, hit;

		for (k = 1; k <= OOM_MAX_TRIES; k++) {
			rc = dispatch(calls[i], k);
			hit = oom_hit;
			/* rc -1: the connection is closed after its error (out
			 * of memory reading the message). */
			if (!answered() || (rc != 0 && !hit)) {
				printf("# the caller was left without a whole "
				       "answer when allocation %ld failed\n",
				    k);
				ok = false;
				break;
			}
			/* civicd goes on: nothing left half done. */
			if (!succeeds("{\"method\":\"dk.civic.meetings.List\","
				      "\"parameters\":{\"all\":true}}") ||
			    !succeeds(
				"{\"method\":\"dk.civic.audit.Verify\"}")) {
				printf("# civicd did not go on serving after "
				       "allocation %ld failed\n",
				    k);
				ok = false;
				break;
			}
			if (!hit)
				break; /* every allocation of the call tried */
		}
		if (k > OOM_MAX_TRIES)
			ok = false;
		printf("%s %zu - %s: answered whichever of its %ld "
		       "allocations failed\n",
		    ok ? "ok" : "not ok", i + 1, calls[i], k - 1);
		failed += !ok;
	}
	store_close(d.store);
	json_decref(sent);
	tu_cleanup();
	return failed ? 1 : 0;
}
#else
int
main(void)
{
	printf("1..0 # SKIP a sanitizer owns malloc in this build; "
	       "the plain build (build-test) runs the allocation-failure "
	       "test\n");
	return 0; /* TAP's "1..0 # SKIP" is meson's skip */
}
#endif
