/*
 * qr.c - a ticket's QR code in the terminal (see qr.h), drawn with
 * half blocks two module rows to a line, as qrencode -t UTF8 draws it:
 * light modules are blocks, so that on a dark terminal the code shows
 * dark on light, with a quiet zone a scanner needs around it.
 */
#include <qrencode.h>
#include <stdio.h>

#include "qr.h"

#define QR_MARGIN 2 /* modules of quiet zone on each side */

/* Whether module (x, y) is dark; outside the code, light. */
static int
qr_dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

int
qr_print(FILE *f, const char *text)
{
	static const char *const cell[2][2] = {
		/* [top dark][bottom dark] */
		{ "\u2588", "\u2580" }, /* both light; top light only */
		{ "\u2584", " " },      /* bottom light only; both dark */
	};
	QRcode *q;
	int x, y;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return -1;
	for (y = -QR_MARGIN; y < q->width + QR_MARGIN; y += 2) {
		for (x = -QR_MARGIN; x < q->width + QR_MARGIN; x++)
			fputs(cell[qr_dark(q, x, y)][qr_dark(q, x, y + 1)], f);
		fputc('\n', f);
	}
	QRcode_free(q);
	return 0;
}
