/* qrsvg.c - see qrsvg.h. */
#include "web/qrsvg.h"

#include <string.h>

#include <qrencode.h>

#include "web/webutil.h"

#define QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

int qrsvg_put(struct buf *b, const char *text, const char *label)
{
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!qr)
		return -1;
	int w = qr->width, side = w + 2 * QUIET;
	/* One path of unit squares, one per dark module (bit 0 of each byte):
	 * crisp at any zoom, and a few kilobytes for an otpauth URI. */
	web_html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" id=\"totp-qr\" "
		 "role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		 "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		 "<path fill=\"#000\" d=\"", label, side, side, side * 4, side * 4, side, side);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				buf_printf(b, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	buf_puts(b, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}
