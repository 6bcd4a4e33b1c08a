/*
 * utf8.c - UTF-8 validation and width (see utf8.h). Pure functions.
 */
#include <locale.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

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

/* True for the invisible characters that change how text shows. */
static int
utf8_is_format(uint32_t cp)
{
	return cp == 0x061c ||                /* Arabic letter mark */
	    cp == 0x180e ||                   /* Mongolian vowel separator */
	    cp == 0x200b ||                   /* zero-width space */
	    cp == 0x200e || cp == 0x200f ||   /* LRM, RLM */
	    (cp >= 0x202a && cp <= 0x202e) || /* embeddings, overrides */
	    (cp >= 0x2060 && cp <= 0x2064) || /* word joiner, invisibles */
	    (cp >= 0x2066 && cp <= 0x206f) || /* isolates, deprecated */
	    cp == 0xfeff ||                   /* byte-order mark */
	    (cp >= 0xfff9 && cp <= 0xfffb);   /* annotation anchors */
}

/* True for the characters that show as blank space: Unicode's spaces
 * and line and paragraph separators, and tab, newline and return. */
static int
utf8_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

void
utf8_trim(const char *s, size_t len, size_t *from, size_t *to)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, n;
	uint32_t cp;

	*from = *to = len;
	while (off < len && (n = utf8_decode(p + off, len - off, &cp)) != 0) {
		if (!utf8_is_space(cp)) {
			if (*from == len)
				*from = off;
			*to = off + n;
		}
		off += n;
	}
	if (*from == len)
		*from = *to = 0;
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
		if (utf8_is_format(cp))
			return UTF8_FORMAT;
		off += n;
		count++;
	}
	if (chars != NULL)
		*chars = count;
	return UTF8_OK;
}

/*
 * The columns one code point takes, by the C library's wcwidth in a UTF-8
 * locale whatever the caller's own: 0 for combining marks (the shadda
 * of محمّد), 2 for East Asian wide ones (王), else 1. Without a UTF-8
 * locale, marks in the main combining blocks are 0 and the rest 1.
 */
static size_t
utf8_cp_width(uint32_t cp)
{
	static locale_t utf8;
	static int tried;
	locale_t old;
	int w;

	if (cp < 0x80)
		return cp >= 0x20 && cp != 0x7f ? 1 : 0;
	if (!tried) {
		tried = 1;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (utf8 != (locale_t)0) {
		old = uselocale(utf8);
		w = wcwidth((wchar_t)cp);
		uselocale(old);
		return w < 0 ? 1 : (size_t)w;
	}
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x64b && cp <= 0x65f) ||
		cp == 0x670 || cp == 0x200b
	    ? 0
	    : 1;
}

size_t
utf8_width(const char *s)
{
	return utf8_width_fit(s, (size_t)-1, NULL);
}

size_t
utf8_width_fit(const char *s, size_t max, size_t *bytes)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0, n, len, w;
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
		w = utf8_cp_width(cp);
		if (width + w > max)
			break;
		width += w;
		p += n;
		len -= n;
	}
	if (bytes != NULL)
		*bytes = (size_t)(p - (const unsigned char *)s);
	return width;
}

/* What a Latin-1 letter (lower case) folds to: its base letter, or
 * itself where it is a letter of its own (æ, ø, å, ð, þ). */
static uint32_t
utf8_fold_latin1(uint32_t c)
{
	static const char base[] = "aaaaa"    /* à á â ã ä */
				   "\xe5\xe6" /* å æ */
				   "c"        /* ç */
				   "eeee"     /* è é ê ë */
				   "iiii"     /* ì í î ï */
				   "\xf0n"    /* ð ñ */
				   "ooooo"    /* ò ó ô õ ö */
				   "\xf7\xf8" /* ÷ ø */
				   "uuuu"     /* ù ú û ü */
				   "y\xfey";  /* ý þ ÿ */

	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		c += 0x20; /* upper to lower case */
	if (c >= 0xe0 && c <= 0xff)
		return (unsigned char)base[c - 0xe0];
	return c;
}

static size_t
utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

size_t
utf8_fold(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), off = 0, n, w = 0;
	char enc[4];
	uint32_t cp;

	while (off < len && (n = utf8_decode(p + off, len - off, &cp)) != 0) {
		off += n;
		if (cp >= 0x300 && cp <= 0x36f)
			continue; /* a combining accent */
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		cp = utf8_fold_latin1(cp);
		n = utf8_encode(cp, enc);
		if (w + n < size)
			memcpy(out + w, enc, n);
		w += n;
	}
	if (size > 0)
		out[w < size ? w : size - 1] = '\0';
	return w;
}

bool
utf8_same_word(const char *a, const char *b)
{
	char fa[256], fb[256];

	if (utf8_fold(a, fa, sizeof fa) >= sizeof fa ||
	    utf8_fold(b, fb, sizeof fb) >= sizeof fb)
		return strcmp(a, b) == 0;
	return strcmp(fa, fb) == 0;
}
