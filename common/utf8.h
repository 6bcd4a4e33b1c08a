/*
 * utf8.h - checks on UTF-8 text that crosses a trust boundary.
 */
#ifndef CIVIC_UTF8_H
#define CIVIC_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#define UTF8_MULTILINE 0x1 /* allow newline and tab */

enum utf8_result {
	UTF8_OK = 0,
	UTF8_BAD_ENCODING, /* not well-formed, overlong, surrogate, > U+10FFFF
			    */
	UTF8_CONTROL,      /* a control character the flags do not allow */
	UTF8_FORMAT,       /* an invisible character that changes how the
			    * text around it shows (a direction override) */
};

/*
 * Checks s[0..len): well-formed UTF-8 with no NUL, no C0/C1 control
 * character and no DEL, except newline and tab with UTF8_MULTILINE; and
 * none of the invisible format characters that can make a printed name
 * show other than it is stored: the bidirectional embeddings, overrides,
 * isolates and marks, zero-width spaces and the byte-order mark. The
 * joiners (U+200C, U+200D) that Persian and Arabic writing need stay.
 * On UTF8_OK stores the number of code points in *chars (may be NULL).
 */
enum utf8_result utf8_check(const char *s, size_t len, unsigned flags,
    size_t *chars);

/*
 * The number of terminal columns s takes, as wcwidth counts them in a
 * UTF-8 locale: none for combining marks, two for East Asian wide
 * characters, one for the rest. s must be valid UTF-8 (utf8_check).
 */
size_t utf8_width(const char *s);

/*
 * The part of s[0..len) between its leading and trailing blank space
 * (Unicode's spaces, tab, newlines): bytes [*from, *to). All blank, or
 * empty: *from == *to == 0. s must be valid UTF-8 (utf8_check).
 */
void utf8_trim(const char *s, size_t len, size_t *from, size_t *to);

/*
 * The columns of the longest start of s that takes at most max columns,
 * never cutting a character; its length in bytes in *bytes if not NULL.
 */
size_t utf8_width_fit(const char *s, size_t max, size_t *bytes);

/*
 * s folded for matching words as people write them: lower case, and
 * Latin letters without their accents ("Arabisk", "ARABISK" and "arabisk"
 * fold alike; "Kurdî" as "kurdi"), the Danish letters æ, ø and å kept.
 * Writes at most size bytes with the NUL into out; returns the length the
 * whole would take. s must be valid UTF-8 (utf8_check).
 */
size_t utf8_fold(const char *s, char *out, size_t size);

/* Whether a and b are the same word, folded (utf8_fold). */
bool utf8_same_word(const char *a, const char *b);

#endif
