/*
 * money.h - amounts of Danish kroner as integer øre.
 *
 * Inside civic an amount is an int64_t number of øre, never a float. On the
 * wire (JSON) it is an ISO decimal string, "25000.00"; people may type it
 * the Danish way, "25.000,00 kr.". Amounts are never negative: refunds and
 * returns are their own records, not negative amounts.
 */
#ifndef CIVIC_MONEY_H
#define CIVIC_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The largest amount civic accepts: 10,000,000,000.00 kr. Sums of a
 * million such amounts still fit in an int64_t. */
#define MONEY_MAX INT64_C(1000000000000)

#define MONEY_BUFSZ 40 /* fits every formatted amount, with its NUL */

enum money_result {
	MONEY_OK = 0,
	MONEY_EMPTY,     /* nothing but white space */
	MONEY_SYNTAX,    /* not a number in one of the accepted forms */
	MONEY_NEGATIVE,  /* a minus sign */
	MONEY_DECIMALS,  /* more than two decimals: smaller than one øre */
	MONEY_TOO_LARGE, /* more than MONEY_MAX */
};

/*
 * Parses the wire form: digits, optionally a point and one or two
 * decimals ("25000", "25000.5", "25000.50"); no sign, no leading zeros, no
 * spaces, no grouping. Stores øre in *ore only on MONEY_OK.
 */
enum money_result money_parse_iso(const char *s, int64_t *ore);

/*
 * Parses what a person types: the wire form, or the Danish form with "."
 * (or a space) grouping thousands and "," before the decimals, optionally
 * followed by "kr", "kr." or "DKK" ("25.000,50 kr", "25000,50", "25 000").
 * A lone point followed by three digits groups thousands ("25.000" is
 * 25000 kr.); a point followed by one or two digits is a decimal point.
 */
enum money_result money_parse_human(const char *s, int64_t *ore);

/* A sentence fragment for r, e.g. "has more than two decimals". */
const char *money_result_str(enum money_result r);

/* Writes the wire form of ore ("25000.00") into buf; returns buf. */
char *money_format_iso(int64_t ore, char buf[MONEY_BUFSZ]);

/* Writes the Danish form of ore ("25.000,00 kr.") into buf; returns buf. */
char *money_format_dk(int64_t ore, char buf[MONEY_BUFSZ]);

#endif
