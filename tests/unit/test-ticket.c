/*
 * test-ticket.c - codes read aloud at the door and signed tickets: the
 * alphabet, normalising what people type, and verification against
 * every way a ticket can be wrong (tampered, another key, truncated,
 * another meeting's, revoked).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "ticket.h"

static uint8_t pk[TICKET_PKLEN], sk[TICKET_SKLEN];
static uint8_t pk2[TICKET_PKLEN], sk2[TICKET_SKLEN];

static void
test_alphabet(void **state)
{
	char code[TICKET_CODE_LEN + 1];
	const char *p;
	int i;

	(void)state;
	/* Nothing that reads as something else. */
	for (p = "0O1IL"; *p != '\0'; p++)
		assert_null(strchr(ticket_code_alphabet, *p));
	assert_int_equal(strlen(ticket_code_alphabet), 31);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ticket_code_generate(code), 0);
		assert_int_equal(strlen(code), TICKET_CODE_LEN);
		for (p = code; *p != '\0'; p++)
			assert_non_null(strchr(ticket_code_alphabet, *p));
	}
}

static void
test_normalize(void **state)
{
	char out[TICKET_CODE_LEN + 1];

	(void)state;
	assert_true(ticket_code_normalize("K7M2PQ9X", out));
	assert_string_equal(out, "K7M2PQ9X");
	assert_true(ticket_code_normalize("k7m2 pq9x", out));
	assert_string_equal(out, "K7M2PQ9X");
	assert_true(ticket_code_normalize("k7m2-pq9x", out));
	assert_string_equal(out, "K7M2PQ9X");
	assert_false(ticket_code_normalize("K7M2PQ9", out));   /* short */
	assert_false(ticket_code_normalize("K7M2PQ9XA", out)); /* long */
	assert_false(ticket_code_normalize("K7M2PQ0X", out));  /* zero */
	assert_false(ticket_code_normalize("K7M2PQOX", out));  /* letter O */
	assert_false(ticket_code_normalize("K7M2PQ1X", out));
	assert_false(ticket_code_normalize("K7M2PQ9Æ", out));
	assert_false(ticket_code_normalize("", out));
}

static void
sign(const struct ticket *t, const uint8_t *key, char out[TICKET_BUFSZ])
{
	assert_int_equal(ticket_sign(t, key, out), 0);
}

static void
test_round_trip(void **state)
{
	struct ticket t = { .meeting = 7,
		.registration = 123456,
		.seats = 3,
		.code = "K7M2PQ9X" },
		      back;
	char s[TICKET_BUFSZ];

	(void)state;
	sign(&t, sk, s);
	assert_int_equal(strncmp(s, "CT1.", 4), 0);
	assert_int_equal(ticket_verify(s, pk, &back), TICKET_OK);
	assert_int_equal(back.meeting, 7);
	assert_int_equal(back.registration, 123456);
	assert_int_equal(back.seats, 3);
	assert_string_equal(back.code, "K7M2PQ9X");
	assert_int_equal(ticket_check(&back, 7, NULL, 0), TICKET_OK);
	/* Not signed: a bad code or no seats is refused at signing. */
	t.seats = 0;
	assert_int_equal(ticket_sign(&t, sk, s), -1);
	t.seats = 1;
	memcpy(t.code, "K7M2PQ0X", 9);
	assert_int_equal(ticket_sign(&t, sk, s), -1);
}

static void
test_tampered(void **state)
{
	struct ticket t = { .meeting = 1,
		.registration = 2,
		.seats = 1,
		.code = "ABCDEFGH" },
		      back;
	char s[TICKET_BUFSZ], bad[TICKET_BUFSZ];
	size_t i, len;
	enum ticket_result r;

	(void)state;
	sign(&t, sk, s);
	len = strlen(s);
	/* Change any one character after the prefix: never valid. */
	for (i = 4; i < len; i++) {
		memcpy(bad, s, len + 1);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		r = ticket_verify(bad, pk, &back);
		if (r != TICKET_BAD_SIGNATURE && r != TICKET_MALFORMED)
			fail_msg("changing character %zu gave %d", i, r);
	}
	/* A forged payload with a copied signature: seats 1 -> 4. */
	t.seats = 4;
	sign(&t, sk2, bad); /* the forger's own key */
	assert_int_equal(ticket_verify(bad, pk, &back), TICKET_BAD_SIGNATURE);
}

static void
test_wrong_key_truncated_other_meeting_revoked(void **state)
{
	struct ticket t = { .meeting = 1,
		.registration = 9,
		.seats = 2,
		.code = "QRSTUVWX" },
		      back;
	const uint32_t revoked[] = { 3, 9, 11 };
	char s[TICKET_BUFSZ], cut[TICKET_BUFSZ];

	(void)state;
	sign(&t, sk, s);
	assert_int_equal(ticket_verify(s, pk2, &back), TICKET_BAD_SIGNATURE);
	snprintf(cut, sizeof cut, "%.*s", (int)strlen(s) - 1, s);
	assert_int_equal(ticket_verify(cut, pk, &back), TICKET_MALFORMED);
	snprintf(cut, sizeof cut, "%.40s", s);
	assert_int_equal(ticket_verify(cut, pk, &back), TICKET_MALFORMED);
	assert_int_equal(ticket_verify("CT1.", pk, &back), TICKET_MALFORMED);
	assert_int_equal(ticket_verify("K7M2PQ9X", pk, &back),
	    TICKET_MALFORMED);
	assert_int_equal(ticket_verify(s, pk, &back), TICKET_OK);
	assert_int_equal(ticket_check(&back, 2, NULL, 0), TICKET_WRONG_MEETING);
	assert_int_equal(ticket_check(&back, 1, revoked, 3), TICKET_REVOKED);
	assert_int_equal(ticket_check(&back, 1, revoked, 1), TICKET_OK);
}

static void
test_key_text(void **state)
{
	char text[TICKET_KEY_BUFSZ];
	uint8_t back[TICKET_PKLEN];

	(void)state;
	ticket_key_format(pk, text);
	assert_int_equal(strncmp(text, "ctk1_", 5), 0);
	assert_true(ticket_key_parse(text, back));
	assert_memory_equal(back, pk, TICKET_PKLEN);
	text[10] ^= 1;
	assert_true(!ticket_key_parse(text, back) ||
	    memcmp(back, pk, TICKET_PKLEN) != 0);
	assert_false(ticket_key_parse("ctk1_short", back));
	assert_false(ticket_key_parse("", back));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alphabet),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(
		    test_wrong_key_truncated_other_meeting_revoked),
		cmocka_unit_test(test_key_text),
	};

	if (sodium_init() < 0)
		return 1;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
