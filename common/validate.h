/*
 * validate.h - the formats of Danish identifiers and contact details.
 * Shared by the daemon (which decides) and the client (which warns early).
 */
#ifndef CIVIC_VALIDATE_H
#define CIVIC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#define VALIDATE_PHONE_BUFSZ 24
#define VALIDATE_EMAIL_MAX   254

/* A CVR number: exactly 8 digits, the first not 0, weights 2 7 6 5 4 3 2 1
 * summing to a multiple of 11. */
bool validate_cvr(const char *s);

/* A plausible e-mail address: one "@", a non-empty local part, a domain
 * with a dot, no white space or control characters, at most 254 bytes. */
bool validate_email(const char *s);

/*
 * A phone number: an optional "+", then 8 to 15 digits, which may be
 * grouped by single spaces or hyphens. Writes the canonical form into norm
 * ("+4544775566"; eight digits without a country code are Danish), which
 * is what duplicates are compared by.
 */
bool validate_phone(const char *s, char norm[VALIDATE_PHONE_BUFSZ]);

/*
 * True if text holds something shaped like a CPR number: six digits that
 * are a real date (DDMMYY) and four more, with at most a hyphen or a space
 * between, not inside a longer run of digits. civic stores no CPR numbers,
 * so free text that holds one is refused.
 */
bool validate_has_cpr(const char *text);

#endif
