/*
 * ticket.c - codes and signed tickets (see ticket.h).
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "intl.h"
#include "ticket.h"

#define TICKET_PREFIX  "CT1."
#define TICKET_KEYPFX  "ctk1_"
#define TICKET_PAYLOAD 20 /* "CT" 1 | meeting | registration | seats | code */
#define TICKET_RAW     (TICKET_PAYLOAD + crypto_sign_BYTES)

/* 23 letters without I, L and O, and the digits 2 to 9. */
const char ticket_code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/* Signatures over tickets never verify as anything else civic signs. */
static const char ticket_domain[] = "civic meeting ticket v1";

const char *
ticket_result_str(enum ticket_result r)
{
	switch (r) {
	case TICKET_OK:
		return "valid";
	case TICKET_MALFORMED:
		return _("not a civic ticket, or not all of one");
	case TICKET_BAD_SIGNATURE:
		return _("the signature does not match: altered, or not issued "
			 "with this key");
	case TICKET_WRONG_MEETING:
		return _("a ticket for another meeting");
	case TICKET_REVOKED:
		return _("the registration was cancelled");
	}
	return _("not valid");
}

int
ticket_code_generate(char out[TICKET_CODE_LEN + 1])
{
	const uint32_t n = (uint32_t)(sizeof ticket_code_alphabet - 1);
	size_t i;

	if (sodium_init() < 0)
		return -1;
	for (i = 0; i < TICKET_CODE_LEN; i++)
		out[i] = ticket_code_alphabet[randombytes_uniform(n)];
	out[TICKET_CODE_LEN] = '\0';
	return 0;
}

bool
ticket_code_normalize(const char *in, char out[TICKET_CODE_LEN + 1])
{
	size_t n = 0;
	int c;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		c = toupper((unsigned char)*in);
		if (n == TICKET_CODE_LEN || c == '\0' ||
		    strchr(ticket_code_alphabet, c) == NULL)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == TICKET_CODE_LEN;
}

static void
ticket_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
ticket_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The bytes a signature covers: the domain, then the payload. */
static void
ticket_message(const uint8_t payload[TICKET_PAYLOAD],
    uint8_t msg[sizeof ticket_domain - 1 + TICKET_PAYLOAD])
{
	memcpy(msg, ticket_domain, sizeof ticket_domain - 1);
	memcpy(msg + sizeof ticket_domain - 1, payload, TICKET_PAYLOAD);
}

int
ticket_sign(const struct ticket *t, const uint8_t sk[TICKET_SKLEN],
    char out[TICKET_BUFSZ])
{
	uint8_t raw[TICKET_RAW], msg[sizeof ticket_domain - 1 + TICKET_PAYLOAD];
	char code[TICKET_CODE_LEN + 1];

	if (sodium_init() < 0 || t->seats == 0 ||
	    !ticket_code_normalize(t->code, code) || strcmp(code, t->code) != 0)
		return -1;
	raw[0] = 'C';
	raw[1] = 'T';
	raw[2] = 1;
	ticket_put32(raw + 3, t->meeting);
	ticket_put32(raw + 7, t->registration);
	raw[11] = t->seats;
	memcpy(raw + 12, t->code, TICKET_CODE_LEN);
	ticket_message(raw, msg);
	crypto_sign_detached(raw + TICKET_PAYLOAD, NULL, msg, sizeof msg, sk);
	memcpy(out, TICKET_PREFIX, sizeof TICKET_PREFIX - 1);
	sodium_bin2base64(out + sizeof TICKET_PREFIX - 1,
	    TICKET_BUFSZ - (sizeof TICKET_PREFIX - 1), raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

enum ticket_result
ticket_verify(const char *s, const uint8_t pk[TICKET_PKLEN], struct ticket *t)
{
	uint8_t raw[TICKET_RAW], msg[sizeof ticket_domain - 1 + TICKET_PAYLOAD];
	const char *b64;
	size_t len;

	if (sodium_init() < 0 ||
	    strncmp(s, TICKET_PREFIX, sizeof TICKET_PREFIX - 1) != 0)
		return TICKET_MALFORMED;
	b64 = s + sizeof TICKET_PREFIX - 1;
	if (sodium_base642bin(raw, sizeof raw, b64, strlen(b64), NULL, &len,
		NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof raw || raw[0] != 'C' || raw[1] != 'T' || raw[2] != 1)
		return TICKET_MALFORMED;
	ticket_message(raw, msg);
	if (crypto_sign_verify_detached(raw + TICKET_PAYLOAD, msg, sizeof msg,
		pk) != 0)
		return TICKET_BAD_SIGNATURE;
	t->meeting = ticket_get32(raw + 3);
	t->registration = ticket_get32(raw + 7);
	t->seats = raw[11];
	memcpy(t->code, raw + 12, TICKET_CODE_LEN);
	t->code[TICKET_CODE_LEN] = '\0';
	/* Signed by us, so well formed; check all the same. */
	if (t->seats == 0 || !ticket_code_normalize(t->code, t->code))
		return TICKET_MALFORMED;
	return TICKET_OK;
}

enum ticket_result
ticket_check(const struct ticket *t, uint32_t meeting, const uint32_t *revoked,
    size_t n)
{
	size_t i;

	if (t->meeting != meeting)
		return TICKET_WRONG_MEETING;
	for (i = 0; i < n; i++) {
		if (revoked[i] == t->registration)
			return TICKET_REVOKED;
	}
	return TICKET_OK;
}

void
ticket_key_format(const uint8_t pk[TICKET_PKLEN], char out[TICKET_KEY_BUFSZ])
{
	memcpy(out, TICKET_KEYPFX, sizeof TICKET_KEYPFX - 1);
	sodium_bin2base64(out + sizeof TICKET_KEYPFX - 1,
	    TICKET_KEY_BUFSZ - (sizeof TICKET_KEYPFX - 1), pk, TICKET_PKLEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool
ticket_key_parse(const char *s, uint8_t pk[TICKET_PKLEN])
{
	const char *b64 = s + sizeof TICKET_KEYPFX - 1;
	size_t len;

	if (strncmp(s, TICKET_KEYPFX, sizeof TICKET_KEYPFX - 1) != 0)
		return false;
	return sodium_base642bin(pk, TICKET_PKLEN, b64, strcspn(b64, "\r\n"),
		   NULL, &len, NULL,
		   sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    len == TICKET_PKLEN;
}
