/*
 * demo.h - the demo data `make run` starts with.
 */
#ifndef CIVICD_DEMO_H
#define CIVICD_DEMO_H

struct store;

/* Fills an empty database with demo data. Returns 0, or -1 (logged). */
int demo_seed(struct store *s);

#endif
