/*
 * token.h - applicants' bearer tokens.
 *
 * A token is "civic_" followed by 32 random bytes in unpadded base64url
 * (49 characters in all), so that it is recognisable in a config file or
 * a leaked log. The daemon keeps only the BLAKE2b hash of the 32 bytes and
 * compares hashes in constant time.
 */
#ifndef CIVIC_TOKEN_H
#define CIVIC_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#define TOKEN_PREFIX  "civic_"
#define TOKEN_RAWLEN  32
#define TOKEN_HASHLEN 32
#define TOKEN_STRLEN  49 /* prefix + 43 base64url characters */
#define TOKEN_BUFSZ   64

/* Makes a new random token; out holds it as a string. 0, or -1 if the
 * system's random source failed. */
int token_generate(char out[TOKEN_BUFSZ], uint8_t raw[TOKEN_RAWLEN]);

/* Checks a token's form and decodes its bytes; false if it is not one. */
bool token_parse(const char *s, uint8_t raw[TOKEN_RAWLEN]);

/* The hash the daemon stores for the token bytes raw. */
void token_hash(const uint8_t raw[TOKEN_RAWLEN], uint8_t hash[TOKEN_HASHLEN]);

/* Compares two hashes in constant time. */
bool token_hash_equal(const uint8_t a[TOKEN_HASHLEN],
    const uint8_t b[TOKEN_HASHLEN]);

#endif
