/*
 * crypto.h - the daemon's signing keys: Ed25519 keys kept in files in
 * the state directory, made on first start.
 */
#ifndef CIVICD_CRYPTO_H
#define CIVICD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SKLEN 64
#define CRYPTO_PKLEN 32

struct signing_key {
	uint8_t sk[CRYPTO_SKLEN];
	uint8_t pk[CRYPTO_PKLEN];
};

/*
 * Loads the key in dir/name, or makes it (mode 0600) if there is none.
 * Refuses a key file that is not a regular file, that belongs to another
 * user, or that anyone but its owner may read or write. Returns 0, or -1
 * with a sentence naming the file in err.
 */
int crypto_key_load(const char *dir, const char *name, struct signing_key *k,
    char *err, size_t errlen);

/* Forgets the secret. */
void crypto_key_wipe(struct signing_key *k);

#endif
