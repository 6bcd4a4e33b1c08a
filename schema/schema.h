/*
 * schema.h - the contracts, embedded at build time by embed.py: the
 * numbered SQL migrations and the varlink interface descriptions.
 */
#ifndef CIVIC_SCHEMA_H
#define CIVIC_SCHEMA_H

#include <stddef.h>

struct schema_file {
	const char *name; /* "001-foundation.sql", "dk.civic.core.varlink" */
	const char *text;
};

/* Migration i (0-based) brings the database to user_version i + 1. */
extern const struct schema_file schema_migrations[];
extern const size_t schema_migrations_count;

/* One entry per interface, org.varlink.service first. */
extern const struct schema_file schema_interfaces[];
extern const size_t schema_interfaces_count;

#endif
