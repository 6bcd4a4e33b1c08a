/*
 * test-audit.c - the audit trail's chain and checkpoints without storage:
 * an honest chain verifies, and each way a chain can be wrong (a changed
 * byte, a missing entry, swapped entries, a rewritten entry, columns that
 * disagree with the body) is found at the right entry; checkpoints verify
 * with their key only, and only for what they signed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "audit.h"

#define N 6

struct chain {
	char *body[N + 1]; /* by seq, 1..N */
	uint8_t hash[N + 1][AUDIT_HASHLEN];
	char action[N + 1][32];
};

static const struct identity admin = {
	.known = true, .uid = 1236, .user = "jens", .roles = ROLE_ADMIN
};

static void
chain_make(struct chain *c)
{
	uint8_t prev[AUDIT_HASHLEN] = { 0 };
	int64_t seq;

	for (seq = 1; seq <= N; seq++) {
		json_t *details = json_pack("{s:I}", "n", (json_int_t)seq);

		snprintf(c->action[seq], sizeof c->action[seq], "test.step%d",
		    (int)seq);
		c->body[seq] = audit_body(seq, 1493739000 + seq, &admin,
		    c->action[seq], "thing", seq, details, prev);
		assert_non_null(c->body[seq]);
		audit_hash(c->body[seq], c->hash[seq]);
		memcpy(prev, c->hash[seq], AUDIT_HASHLEN);
		json_decref(details);
	}
}

static void
chain_free(struct chain *c)
{
	int i;

	for (i = 1; i <= N; i++)
		free(c->body[i]);
}

static struct audit_row
row(const struct chain *c, int64_t seq)
{
	struct audit_row r = { .seq = seq,
		.at = 1493739000 + seq,
		.action = c->action[seq],
		.kind = "thing",
		.object_id = seq,
		.body = c->body[seq],
		.hash = c->hash[seq],
		.hashlen = AUDIT_HASHLEN };

	return r;
}

/* Runs rows through a fresh verifier; returns the first bad seq or 0. */
static int64_t
verify(const struct audit_row *rows, size_t n, char *reason, size_t len)
{
	struct audit_verifier v;
	size_t i;

	audit_verifier_init(&v);
	for (i = 0; i < n; i++) {
		if (audit_verify_row(&v, &rows[i]) != 0)
			break;
	}
	if (v.failed)
		audit_failure_text(&v, reason, len);
	else
		snprintf(reason, len, "%s", "");
	return v.failed ? v.bad : 0;
}

static void
test_honest_chain(void **state)
{
	struct audit_row rows[N];
	struct chain c;
	char reason[256];
	int i;

	(void)state;
	chain_make(&c);
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	assert_int_equal(verify(rows, N, reason, sizeof reason), 0);
	/* The body is canonical: ASCII, sorted keys, no personal data. */
	assert_non_null(strstr(c.body[1], "\"action\":\"test.step1\""));
	assert_non_null(strstr(c.body[1], "\"user\":\"jens\""));
	assert_true(strstr(c.body[1], "\"action\"") <
	    strstr(c.body[1], "\"actor\""));
	chain_free(&c);
}

static void
test_changed_byte(void **state)
{
	struct audit_row rows[N];
	struct chain c;
	char reason[256], *p;
	int i;

	(void)state;
	chain_make(&c);
	p = strstr(c.body[4], "\"n\":4");
	assert_non_null(p);
	p[4] = '5';
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	assert_int_equal(verify(rows, N, reason, sizeof reason), 4);
	assert_non_null(strstr(reason, "entry 4 was changed"));
	chain_free(&c);
}

static void
test_missing_entry(void **state)
{
	struct audit_row rows[N - 1];
	struct chain c;
	char reason[256];
	int i, n = 0;

	(void)state;
	chain_make(&c);
	for (i = 1; i <= N; i++) {
		if (i != 3)
			rows[n++] = row(&c, i);
	}
	assert_int_equal(verify(rows, (size_t)n, reason, sizeof reason), 3);
	assert_non_null(strstr(reason, "entry 3 is missing"));
	chain_free(&c);
}

static void
test_swapped_entries(void **state)
{
	struct audit_row rows[N];
	struct chain c;
	char reason[256];
	int i;

	(void)state;
	chain_make(&c);
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	/* Rows 2 and 5 trade their content, hashes and all. */
	rows[1] = row(&c, 5);
	rows[1].seq = 2;
	rows[4] = row(&c, 2);
	rows[4].seq = 5;
	assert_int_equal(verify(rows, N, reason, sizeof reason), 2);
	assert_non_null(strstr(reason, "entries were moved or swapped"));
	chain_free(&c);
}

static void
test_rewritten_entry(void **state)
{
	uint8_t prev[AUDIT_HASHLEN];
	struct audit_row rows[N];
	struct chain c;
	char reason[256];
	int i;

	(void)state;
	chain_make(&c);
	/* Entry 3 is rewritten and rehashed, as one who knows the hash
	 * would: it verifies itself, but entry 4 no longer follows it. */
	memcpy(prev, c.hash[2], AUDIT_HASHLEN);
	free(c.body[3]);
	c.body[3] = audit_body(3, 1493739003, &admin, c.action[3], "thing", 3,
	    NULL, prev);
	audit_hash(c.body[3], c.hash[3]);
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	assert_int_equal(verify(rows, N, reason, sizeof reason), 4);
	assert_non_null(strstr(reason, "entry 4 does not follow entry 3"));
	chain_free(&c);
}

static void
test_columns_disagree(void **state)
{
	struct audit_row rows[N];
	struct chain c;
	char reason[256];
	int i;

	(void)state;
	chain_make(&c);
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	rows[5].action = "test.other";
	assert_int_equal(verify(rows, N, reason, sizeof reason), 6);
	assert_non_null(strstr(reason, "columns no longer match"));
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	rows[2].at++;
	assert_int_equal(verify(rows, N, reason, sizeof reason), 3);
	for (i = 0; i < N; i++)
		rows[i] = row(&c, i + 1);
	rows[0].hashlen = 16;
	assert_int_equal(verify(rows, N, reason, sizeof reason), 1);
	chain_free(&c);
}

static void
test_checkpoint(void **state)
{
	struct signing_key k, other;
	uint8_t head[AUDIT_HASHLEN], sig[AUDIT_SIGLEN];

	(void)state;
	crypto_sign_keypair(k.pk, k.sk);
	crypto_sign_keypair(other.pk, other.sk);
	randombytes_buf(head, sizeof head);
	audit_checkpoint_sign(42, head, 1700000000, &k, sig);
	assert_true(audit_checkpoint_check(42, head, 1700000000, k.pk, sig));
	assert_false(audit_checkpoint_check(42, head, 1700000000, other.pk,
	    sig));
	assert_false(audit_checkpoint_check(41, head, 1700000000, k.pk, sig));
	assert_false(audit_checkpoint_check(42, head, 1700000001, k.pk, sig));
	head[0] ^= 1;
	assert_false(audit_checkpoint_check(42, head, 1700000000, k.pk, sig));
}

static void
test_hex(void **state)
{
	uint8_t h[AUDIT_HASHLEN], back[AUDIT_HASHLEN];
	char hex[2 * AUDIT_HASHLEN + 1];

	(void)state;
	randombytes_buf(h, sizeof h);
	audit_hex(h, hex);
	assert_int_equal(strlen(hex), 64);
	assert_true(audit_unhex(hex, back));
	assert_memory_equal(h, back, sizeof h);
	assert_false(audit_unhex("00", back));
	hex[10] = 'g';
	assert_false(audit_unhex(hex, back));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_honest_chain),
		cmocka_unit_test(test_changed_byte),
		cmocka_unit_test(test_missing_entry),
		cmocka_unit_test(test_swapped_entries),
		cmocka_unit_test(test_rewritten_entry),
		cmocka_unit_test(test_columns_disagree),
		cmocka_unit_test(test_checkpoint),
		cmocka_unit_test(test_hex),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
