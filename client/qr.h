/*
 * qr.h - a QR code drawn in a terminal.
 */
#ifndef CIVIC_QR_H
#define CIVIC_QR_H

#include <stdio.h>

/* Draws text as a QR code on f (UTF-8 half blocks, light modules as
 * blocks, with a quiet zone); -1 if it cannot be encoded. */
int qr_print(FILE *f, const char *text);

#endif
