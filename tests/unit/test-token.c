/*
 * test-token.c - applicant tokens: their form, their hashes, and how the
 * store finds, revokes and rotates them (on a real SQLite file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "store.h"
#include "testutil.h"
#include "token.h"

static void
test_form(void **state)
{
	uint8_t raw[TOKEN_RAWLEN], back[TOKEN_RAWLEN];
	char tok[TOKEN_BUFSZ], bad[2 * TOKEN_BUFSZ];

	(void)state;
	assert_int_equal(token_generate(tok, raw), 0);
	assert_int_equal(strlen(tok), TOKEN_STRLEN);
	assert_memory_equal(tok, TOKEN_PREFIX, strlen(TOKEN_PREFIX));
	assert_true(token_parse(tok, back));
	assert_memory_equal(raw, back, TOKEN_RAWLEN);

	/* Wrong prefix, one character short or long, bad alphabet. */
	snprintf(bad, sizeof bad, "civix_%s", tok + 6);
	assert_false(token_parse(bad, back));
	snprintf(bad, sizeof bad, "%.*s", TOKEN_STRLEN - 1, tok);
	assert_false(token_parse(bad, back));
	snprintf(bad, sizeof bad, "%sA", tok);
	assert_false(token_parse(bad, back));
	snprintf(bad, sizeof bad, "%s", tok);
	bad[10] = '+'; /* base64, not base64url */
	assert_false(token_parse(bad, back));
	assert_false(token_parse("", back));
	assert_false(token_parse(TOKEN_PREFIX, back));
}

static void
test_random_and_hash(void **state)
{
	uint8_t r1[TOKEN_RAWLEN], r2[TOKEN_RAWLEN];
	uint8_t h1[TOKEN_HASHLEN], h1b[TOKEN_HASHLEN], h2[TOKEN_HASHLEN];
	char t1[TOKEN_BUFSZ], t2[TOKEN_BUFSZ];

	(void)state;
	assert_int_equal(token_generate(t1, r1), 0);
	assert_int_equal(token_generate(t2, r2), 0);
	assert_string_not_equal(t1, t2);
	token_hash(r1, h1);
	token_hash(r1, h1b);
	token_hash(r2, h2);
	assert_true(token_hash_equal(h1, h1b));
	assert_false(token_hash_equal(h1, h2));
	/* The hash is not the token. */
	assert_memory_not_equal(h1, r1, TOKEN_HASHLEN);
	/* One bit off anywhere is a different hash. */
	h1b[TOKEN_HASHLEN - 1] ^= 1;
	assert_false(token_hash_equal(h1, h1b));
}

static struct store *
open_store(const char *name)
{
	char err[512];
	struct store *s = store_open(tu_path(name), err, sizeof err);

	if (s == NULL)
		fail_msg("store_open: %s", err);
	return s;
}

static void
new_token(uint8_t hash[TOKEN_HASHLEN])
{
	uint8_t raw[TOKEN_RAWLEN];
	char tok[TOKEN_BUFSZ];

	assert_int_equal(token_generate(tok, raw), 0);
	token_hash(raw, hash);
}

static void
test_store_lifecycle(void **state)
{
	uint8_t h1[TOKEN_HASHLEN], h2[TOKEN_HASHLEN], h3[TOKEN_HASHLEN];
	struct identity who = { .known = true, .roles = ROLE_ADMIN };
	struct applicant a = { .kind = APPLICANT_CITIZEN }, got;
	struct store *s = open_store("tokens.db");
	int64_t id, other;
	int revoked;

	(void)state;
	snprintf(a.name, sizeof a.name, "Amira Haddad");
	snprintf(a.email, sizeof a.email, "amira@example.org");
	new_token(h1);
	assert_int_equal(store_applicant_add(s, &who, &a, h1, &id, &other),
	    CIVIC_OK);
	assert_int_equal(store_token_lookup(s, h1, &got), CIVIC_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.name, "Amira Haddad");
	assert_int_equal(got.active_tokens, 1);

	/* An unknown token is refused the same way as a revoked one. */
	new_token(h3);
	assert_int_equal(store_token_lookup(s, h3, &got),
	    CIVIC_E_AUTHENTICATION_FAILED);

	/* Rotate: the old token stops working, the new one works. */
	new_token(h2);
	assert_int_equal(store_token_rotate(s, &who, id, h2, &revoked),
	    CIVIC_OK);
	assert_int_equal(revoked, 1);
	assert_int_equal(store_token_lookup(s, h1, &got),
	    CIVIC_E_AUTHENTICATION_FAILED);
	assert_int_equal(store_token_lookup(s, h2, &got), CIVIC_OK);

	/* Revoke: nothing works, and a second revoke revokes nothing. */
	assert_int_equal(store_token_revoke(s, &who, id, &revoked), CIVIC_OK);
	assert_int_equal(revoked, 1);
	assert_int_equal(store_token_lookup(s, h2, &got),
	    CIVIC_E_AUTHENTICATION_FAILED);
	assert_int_equal(store_token_revoke(s, &who, id, &revoked), CIVIC_OK);
	assert_int_equal(revoked, 0);
	assert_int_equal(store_applicant_get(s, id, &got), CIVIC_OK);
	assert_int_equal(got.active_tokens, 0);

	/* No such applicant. */
	assert_int_equal(store_token_revoke(s, &who, id + 1, &revoked),
	    CIVIC_E_NOT_FOUND);
	assert_int_equal(store_token_rotate(s, &who, id + 1, h3, &revoked),
	    CIVIC_E_NOT_FOUND);
	/* The failed rotate left no token behind. */
	assert_int_equal(store_token_lookup(s, h3, &got),
	    CIVIC_E_AUTHENTICATION_FAILED);
	store_close(s);
}

static void
test_store_cvr_unique(void **state)
{
	struct identity who = { .known = true, .roles = ROLE_ADMIN };
	struct applicant a = { .kind = APPLICANT_ASSOCIATION };
	struct store *s = open_store("cvr.db");
	int64_t id, id2 = 0, other;

	(void)state;
	snprintf(a.name, sizeof a.name, "Røde Kors Ballerup");
	snprintf(a.cvr, sizeof a.cvr, "12345674");
	assert_int_equal(store_applicant_add(s, &who, &a, NULL, &id, &other),
	    CIVIC_OK);
	snprintf(a.name, sizeof a.name, "Someone else");
	assert_int_equal(store_applicant_add(s, &who, &a, NULL, &id2, &other),
	    CIVIC_E_CONFLICT);
	assert_int_equal(other, id);
	/* The refused add changed nothing. */
	assert_int_equal(store_applicant_get(s, id + 1, &a), CIVIC_E_NOT_FOUND);
	store_close(s);
}

static int
teardown(void **state)
{
	(void)state;
	tu_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_random_and_hash),
		cmocka_unit_test(test_store_lifecycle),
		cmocka_unit_test(test_store_cvr_unique),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
