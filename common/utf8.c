/*
 * utf8.c - UTF-8 validation and width (see utf8.h). Pure functions.
 */
#include <stdint.h>

#include "utf8.h"

/* Decodes one code point at s (len bytes left); returns its length or 0. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

enum utf8_result
utf8_check(const char *s, size_t len, unsigned flags, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, count = 0, n;
	uint32_t cp;

	while (off < len) {
		n = utf8_decode(p + off, len - off, &cp);
		if (n == 0)
			return UTF8_BAD_ENCODING;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			if (!(flags & UTF8_MULTILINE) ||
			    (cp != '\n' && cp != '\t'))
				return UTF8_CONTROL;
		}
		off += n;
		count++;
	}
	if (chars != NULL)
		*chars = count;
	return UTF8_OK;
}

size_t
utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0, n, len;
	uint32_t cp;

	for (len = 0; p[len] != '\0'; len++)
		;
	while (*p != '\0') {
		n = utf8_decode(p, len, &cp);
		if (n == 0) {
			/* Not ours to judge here; count the byte. */
			n = 1;
			cp = '?';
		}
		if (!(cp >= 0x300 && cp <= 0x36f) && cp != 0x200b)
			width++;
		p += n;
		len -= n;
	}
	return width;
}
