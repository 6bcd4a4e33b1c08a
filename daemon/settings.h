/*
 * settings.h - every setting of civicd in one table: its long option, its
 * [section] and key in the configuration file, its type and range, where
 * it lives, whether SIGHUP may change it, and what it is for. The command
 * line, --help, --check-config, the configuration file and SIGHUP all go
 * through this table.
 *
 * The order of precedence: the defaults, then the file, then the command
 * line.
 */
#ifndef CIVICD_SETTINGS_H
#define CIVICD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "civicd.h"
#include "store-fund.h"
#include "store-privacy.h"

#define SETTINGS_DEFAULT_RETENTION_INTERVAL  3600
#define SETTINGS_DEFAULT_CHECKPOINT_INTERVAL 900

/* The most settings a configuration holds (the table's length, and then
 * some, for the arrays below). */
#define SETTINGS_MAX 40

struct config {
	const char *socket;
	const char *database;
	const char *state_dir;
	const char *admin_group;
	const char *coord_group;
	const char *socket_group;
	bool demo;
	int log_level;
	struct limits limits;
	struct retention_policy retention;
	unsigned retention_interval;
	unsigned checkpoint_interval;
	struct fund_defaults fund;
	struct meeting_times meetings;

	/* Where each setting came from: 0 the default, > 0 the file's line,
	 * -1 the command line; by the setting's place in the table. */
	int from[SETTINGS_MAX];
	char *owned[SETTINGS_MAX]; /* strings read from the file */
};

/* What the command line says besides the settings themselves. */
struct cmdline {
	const char *config;  /* --config FILE, or NULL for the default */
	bool check;          /* --check-config */
	const char *restore; /* --restore FILE */
	const char *reload;  /* --reload PID */
	/* The settings given, applied over the file's. */
	size_t n;
	struct {
		size_t setting;
		const char *value;
	} set[SETTINGS_MAX];
};

/* The defaults, as a config. */
void settings_defaults(struct config *c);

/* Frees the strings c owns (not c itself). */
void settings_free(struct config *c);

/* Parses the command line; exits 0 for --help and --version, 2 for a
 * mistake (saying what it is). */
void settings_parse_args(int argc, char **argv, struct cmdline *cl);

/*
 * Reads the configuration file path into c. A missing file is not an
 * error unless required. Returns 0, or -1 with "FILE:LINE: what is
 * wrong" in err; c is then half-read and only fit for settings_free.
 */
int settings_load_file(struct config *c, const char *path, bool required,
    char *err, size_t errlen);

/* Applies the command line's settings over c. 0, or -1 with err. */
int settings_apply_args(struct config *c, const struct cmdline *cl, char *err,
    size_t errlen);

/*
 * The configuration for this command line: the defaults, the file (the
 * default file, or --config), then the command line. Returns 0, or -1
 * with err.
 */
int settings_read(struct config *c, const struct cmdline *cl, char *err,
    size_t errlen);

/* The configuration file civicd reads for this command line. */
const char *settings_config_path(const struct cmdline *cl);

/* Prints c as a configuration file, saying where each value came from. */
void settings_print(FILE *f, const struct config *c, const char *path);

/*
 * Compares old and new setting by setting. For each that differs, calls
 * fn with its name, the old and new values as text, and whether it can
 * change while civicd runs. Returns how many differ.
 */
int settings_diff(const struct config *old, const struct config *new,
    void (*fn)(const char *name, const char *was, const char *now,
	bool at_run_time, void *arg),
    void *arg);

/* Copies into dst the settings of src that may change at run time. */
void settings_take_runtime(struct config *dst, const struct config *src);

/* Prints the options and their defaults. */
void settings_usage(FILE *f);

#endif
