/*
 * token.c - applicant tokens with libsodium (see token.h).
 */
#include <string.h>

#include <sodium.h>

#include "token.h"

/* Separates token hashes from every other BLAKE2b use in civic. */
static const unsigned char token_key[] = "civic applicant token v1";

int
token_generate(char out[TOKEN_BUFSZ], uint8_t raw[TOKEN_RAWLEN])
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(raw, TOKEN_RAWLEN);
	memcpy(out, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
	sodium_bin2base64(out + sizeof TOKEN_PREFIX - 1,
	    TOKEN_BUFSZ - (sizeof TOKEN_PREFIX - 1), raw, TOKEN_RAWLEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

bool
token_parse(const char *s, uint8_t raw[TOKEN_RAWLEN])
{
	const char *b64 = s + sizeof TOKEN_PREFIX - 1;
	size_t len;

	if (strlen(s) != TOKEN_STRLEN ||
	    strncmp(s, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1) != 0)
		return false;
	if (sodium_base642bin(raw, TOKEN_RAWLEN, b64, strlen(b64), NULL, &len,
		NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	return len == TOKEN_RAWLEN;
}

void
token_hash(const uint8_t raw[TOKEN_RAWLEN], uint8_t hash[TOKEN_HASHLEN])
{
	crypto_generichash(hash, TOKEN_HASHLEN, raw, TOKEN_RAWLEN, token_key,
	    sizeof token_key - 1);
}

bool
token_hash_equal(const uint8_t a[TOKEN_HASHLEN], const uint8_t b[TOKEN_HASHLEN])
{
	return sodium_memcmp(a, b, TOKEN_HASHLEN) == 0;
}
