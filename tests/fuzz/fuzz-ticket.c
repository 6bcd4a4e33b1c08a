/*
 * fuzz-ticket.c - tickets and codes as they arrive at the door.
 * The input's first 14 bytes make a ticket, which is signed with a fixed
 * key; the rest are (position, byte) edits to its text. Properties: a
 * ticket that still verifies holds exactly what was signed (no edit can
 * forge other contents); an unedited one always verifies; a normalised
 * code is made of the alphabet and normalises to itself.
 */
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "ticket.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pk[TICKET_PKLEN], sk[TICKET_SKLEN];
	static int ready;
	char text[TICKET_BUFSZ], code[TICKET_CODE_LEN + 1], again[9];
	const size_t n = strlen(ticket_code_alphabet);
	struct ticket t, back;
	enum ticket_result r;
	size_t i, len, edits = 0;

	if (!ready) {
		uint8_t seed[crypto_sign_SEEDBYTES] = { 42 };

		if (sodium_init() < 0)
			abort();
		crypto_sign_seed_keypair(pk, sk, seed);
		ready = 1;
	}
	if (size < 14)
		return 0;
	t.meeting = (uint32_t)data[0] << 8 | data[1];
	t.registration = (uint32_t)data[2] << 16 | (uint32_t)data[3] << 8 |
	    data[4];
	t.seats = data[5] != 0 ? data[5] : 1;
	for (i = 0; i < TICKET_CODE_LEN; i++)
		t.code[i] = ticket_code_alphabet[data[6 + i] % n];
	t.code[TICKET_CODE_LEN] = '\0';
	FUZZ_CHECK(ticket_sign(&t, sk, text) == 0, "signing failed");
	len = strlen(text);
	FUZZ_CHECK(ticket_verify(text, pk, &back) == TICKET_OK,
	    "an unedited ticket does not verify");
	for (i = 14; i + 1 < size; i += 2) {
		size_t pos = data[i] % (len + 1);

		if (data[i + 1] == 0) {
			text[pos] = '\0'; /* truncate */
			len = pos;
		} else if (pos < len)
			text[pos] = (char)data[i + 1];
		edits++;
	}
	r = ticket_verify(text, pk, &back);
	if (r == TICKET_OK)
		FUZZ_CHECK(back.meeting == t.meeting &&
			back.registration == t.registration &&
			back.seats == t.seats && strcmp(back.code, t.code) == 0,
		    "an edited ticket verified with other contents (%zu edits)",
		    edits);
	/* The same bytes as a code typed at the door. */
	memcpy(text, data, size < sizeof text ? size : sizeof text - 1);
	text[size < sizeof text ? size : sizeof text - 1] = '\0';
	if (ticket_code_normalize(text, code)) {
		for (i = 0; i < TICKET_CODE_LEN; i++)
			FUZZ_CHECK(strchr(ticket_code_alphabet, code[i]) !=
				    NULL &&
				code[i] != '\0',
			    "'%s' outside the alphabet", code);
		FUZZ_CHECK(ticket_code_normalize(code, again) &&
			strcmp(again, code) == 0,
		    "normalising twice differs");
	}
	return 0;
}
