/*
 * args.h - turning what people type into what the daemon takes: amounts
 * the Danish way, dates the Danish way, long texts from files, and
 * applications by reference ("2017-0003") as well as by id.
 */
#ifndef CIVIC_ARGS_H
#define CIVIC_ARGS_H

#include <jansson.h>

#include "civic.h"

/*
 * Each helper parses value for option opt of command self and stores the
 * wire form in obj[key]. On failure it prints why (and the usage) and
 * returns EXIT_USAGE; else EXIT_OK.
 */
int arg_money(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key);
int arg_date(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key);
int arg_int(const struct cmd *self, const char *opt, const char *value,
    long long min, long long max, json_t *obj, const char *key);
/* Text, or with "@FILE" the file's contents ("@-" for standard input). */
int arg_text(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key);
/* "yes"/"no" (also ja/nej, true/false, on/off). */
int arg_bool(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key);

/*
 * One of the values of enum type in interface iface ("dk.civic.fund",
 * "Status"), as the embedded IDL declares them; stored in into[key], or
 * appended to into if it is an array.
 */
int arg_enum(const struct cmd *self, const char *opt, const char *value,
    const char *iface, const char *type, json_t *into, const char *key);

/*
 * The application an argument names: an id ("7") or a reference
 * ("2017-0007", looked up with the daemon). Returns EXIT_OK and *id, or
 * an exit status after saying why.
 */
int arg_application(struct civic *c, const struct cmd *self, const char *arg,
    long long *id);

/*
 * Reads the CSV file path (at most 4 MiB) into *text (the caller frees
 * it), without a byte-order mark, and says its separator: ";" when the
 * first line has it and no ",", as Danish Excel writes, else ",".
 */
int arg_csv_file(const struct cmd *self, const char *path, char **text,
    char *sep);

/*
 * One record of a CSV file (RFC 4180: fields separated by sep, in double
 * quotes with "" for a quote and newlines kept), from *p on: its fields
 * into f[0..*n), each a malloc'd string. *line counts the lines read.
 * False at the end of the text.
 */
bool csv_record(const char **p, char sep, char **f, size_t max, size_t *n,
    long *line);

/* How one CSV import reads and checks its lines (csv_import). */
struct csv_import {
	const char *const *known; /* the columns it takes, NULL ended */
	/* A line's fields as the call's parameters; NULL, having said
	 * what is wrong. */
	json_t *(*row)(char **head, size_t nhead, char **f, size_t n);
	/* Says and counts what is wrong with a line given the lines
	 * before it (the same person twice); may be NULL. */
	size_t (*check)(const json_t *p, long line, void *arg);
	void *arg;
	const char *dry_method;  /* civicd's check of one line */
	const json_t *dry_extra; /* added to each dry run's parameters */
	const char *none;        /* "%s holds no ...", for an empty file */
};

/*
 * Reads the CSV file path for an import, all or nothing: every line is
 * parsed (imp->row), checked against the lines before it (imp->check)
 * and by civicd in a dry run (imp->dry_method), and every problem said
 * with its line. EXIT_OK with the lines' parameters in *records (the
 * caller sends them in one call), or EXIT_REFUSED, having said why.
 */
int csv_import(struct civic *c, const struct cmd *self, const char *path,
    const struct csv_import *imp, json_t **records);

/* Says each of the header's columns that is not in known (NULL
 * terminated), with its line; returns how many. */
size_t csv_unknown_columns(char **head, size_t nhead, const char *const *known);

/* Exactly one positional argument after the options, or a usage error. */
int arg_one(const struct cmd *self, int argc, char **argv, const char *what);

#endif
