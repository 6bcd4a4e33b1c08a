/*
 * settings.h - every setting of civicd in one table: its name (the long
 * option, and the key in the configuration file), its type and range,
 * where it lives, and what it is for. The command line, --help and the
 * configuration file are all read through this table.
 */
#ifndef CIVICD_SETTINGS_H
#define CIVICD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "civicd.h"
#include "store-privacy.h"

#define SETTINGS_DEFAULT_RETENTION_INTERVAL  3600
#define SETTINGS_DEFAULT_CHECKPOINT_INTERVAL 900

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
};

/* The defaults, as a config. */
void settings_defaults(struct config *c);

/*
 * Sets the setting called name (without "--") from text. Returns 0, or -1
 * with a sentence in err ("max-message: '7' is not a whole number from
 * 1024 to 16777216"). Strings are kept as given, not copied.
 */
int settings_set(struct config *c, const char *name, const char *text,
    char *err, size_t errlen);

/* Parses the command line into c; exits 0 for --help and --version, 2 for
 * a mistake. */
void settings_options(int argc, char **argv, struct config *c);

/* Prints the options and their defaults. */
void settings_usage(FILE *f);

#endif
