/* qrsvg.h - a QR code (libqrencode) drawn as inline SVG markup, for the
 * TOTP enrolment page: the CSP allows no inline script and no remote
 * image, but SVG elements inside the page are plain markup (issue 8). */
#ifndef RM_WEB_QRSVG_H
#define RM_WEB_QRSVG_H

#include "util/buf.h"

/* Appends to b an <svg> of text as a QR code (8-bit mode, error correction
 * level M, a quiet zone of 4 modules), labelled with label (escaped).
 * Returns 0, or -1 (nothing appended) when text cannot be encoded. */
int qrsvg_put(struct buf *b, const char *text, const char *label);

#endif
