/*
 * demo.h - the demo data `make run` starts with.
 */
#ifndef CIVICD_DEMO_H
#define CIVICD_DEMO_H

struct store;
struct fund_defaults;

/* Fills an empty database with demo data, opening its fund year with def
 * (NULL: the built-in defaults). Returns 0, or -1 (logged). */
int demo_seed(struct store *s, const struct fund_defaults *def);

#endif
