/*
 * ticket.h - meeting tickets: the short code read aloud at the door, and
 * the Ed25519-signed ticket that can be checked without the daemon.
 *
 * A code is 8 characters from an alphabet without look-alikes (no 0/O,
 * 1/I/L), unique per meeting. A ticket is "CT1." followed by the unpadded
 * base64url of a 20-byte payload (meeting, registration, seats, code) and
 * its 64-byte signature. The public key travels as "ctk1_" and base64url.
 */
#ifndef CIVIC_TICKET_H
#define CIVIC_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TICKET_CODE_LEN  8
#define TICKET_BUFSZ     128
#define TICKET_KEY_BUFSZ 64
#define TICKET_PKLEN     32
#define TICKET_SKLEN     64

struct ticket {
	uint32_t meeting;
	uint32_t registration;
	uint8_t seats;
	char code[TICKET_CODE_LEN + 1];
};

enum ticket_result {
	TICKET_OK,
	TICKET_MALFORMED,     /* not a ticket, or cut short */
	TICKET_BAD_SIGNATURE, /* altered, or signed with another key */
	TICKET_WRONG_MEETING, /* a good ticket, for another meeting */
	TICKET_REVOKED,       /* a good ticket, for a cancelled registration */
};

/* The characters a code may hold. */
extern const char ticket_code_alphabet[];

/* A sentence fragment for r ("the signature does not match"). */
const char *ticket_result_str(enum ticket_result r);

/* A new random code. 0, or -1 if libsodium cannot initialise. */
int ticket_code_generate(char out[TICKET_CODE_LEN + 1]);

/*
 * Normalises a code as a person types it: case, spaces and hyphens do
 * not matter ("k7m2-pq9x"). False unless it is 8 characters of the
 * alphabet.
 */
bool ticket_code_normalize(const char *in, char out[TICKET_CODE_LEN + 1]);

/* Signs t with the secret key sk into out. 0, or -1 if t is not valid. */
int ticket_sign(const struct ticket *t, const uint8_t sk[TICKET_SKLEN],
    char out[TICKET_BUFSZ]);

/* Checks a ticket's form and signature against pk; fills t if TICKET_OK. */
enum ticket_result ticket_verify(const char *s, const uint8_t pk[TICKET_PKLEN],
    struct ticket *t);

/* Checks a verified ticket against the meeting it is shown at and the
 * registrations cancelled since (revoked, n of them). */
enum ticket_result ticket_check(const struct ticket *t, uint32_t meeting,
    const uint32_t *revoked, size_t n);

/* The public key as text, and back. */
void ticket_key_format(const uint8_t pk[TICKET_PKLEN],
    char out[TICKET_KEY_BUFSZ]);
bool ticket_key_parse(const char *s, uint8_t pk[TICKET_PKLEN]);

#endif
