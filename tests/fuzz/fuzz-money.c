/*
 * fuzz-money.c - amounts as people and programs type them.
 * Properties: a parsed amount is within range; the Danish and the wire
 * forms of it parse back to it; whatever the strict wire parser accepts,
 * the lenient one accepts with the same value.
 */
#include <string.h>

#include "fuzz.h"
#include "money.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], buf[MONEY_BUFSZ];
	int64_t human = -1, iso = -1, back = -1;
	enum money_result rh, ri;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rh = money_parse_human(s, &human);
	ri = money_parse_iso(s, &iso);
	if (rh == MONEY_OK) {
		FUZZ_CHECK(human >= 0 && human <= MONEY_MAX, "\"%s\"", s);
		FUZZ_CHECK(money_parse_human(money_format_dk(human, buf),
			       &back) == MONEY_OK &&
			back == human,
		    "\"%s\" -> %s", s, buf);
		FUZZ_CHECK(money_parse_iso(money_format_iso(human, buf),
			       &back) == MONEY_OK &&
			back == human,
		    "\"%s\" -> %s", s, buf);
	}
	if (ri == MONEY_OK)
		FUZZ_CHECK(rh == MONEY_OK && human == iso, "\"%s\"", s);
	return 0;
}
