/* pdf.h - a summary as an official document: PDF (cairo + pango, Debian's
 * Noto fonts) and HTML (issue 10; para 38, R110, R147).
 *
 * Both take what is to be shown, already resolved (no store access), so
 * that the web and the command line render the same document.  The PDF is
 * A4 with a title, the State's name in the language, the phase, whether
 * and when the text was agreed, the text (Arabic shaped right to left,
 * Chinese in Noto Sans CJK), and page numbers "n / N" in the language's
 * digits.  A signed summary carries its signature block (sign.h) in the
 * PDF's Keywords entry. */
#ifndef RM_OUTPUT_PDF_H
#define RM_OUTPUT_PDF_H

#include <stddef.h>

#include "util/buf.h"

struct pdf_summary {
	const char *lang;        /* ar zh en fr ru es: the language of text */
	const char *state_name;  /* the reviewed State's name in lang */
	int phase;               /* 1..4 */
	const char *text;        /* UTF-8, len bytes; paragraphs separated by blank lines */
	size_t len;
	const char *agreed_at;   /* ISO 8601 when agreed, "" or NULL for a draft */
	const char *signature;   /* sign_pack() output, or NULL when not signed */
	const char *fingerprint; /* shown under the text when signed (NULL: none) */
};

/* Renders s as PDF, appended to out.  *pages (may be NULL) gets the page
 * count.  Returns 0, or -1 with err set (language not one of the six,
 * cairo error).  Thread-safe: each call has its own font map. */
int pdf_render(const struct pdf_summary *s, struct buf *out, int *pages, char *err,
	       size_t errlen);

/* Appends s as one HTML5 document (lang and dir="rtl" for Arabic, every
 * text escaped, paragraphs as <p>).  Returns 0, or -1 (unknown language). */
int pdf_render_html(const struct pdf_summary *s, struct buf *out, char *err, size_t errlen);

/* The document's title in lang ("Summary of the list of observations"...),
 * static; NULL when lang is not one of the six. */
const char *pdf_title(const char *lang);

/* Finds the Keywords entry of the document information dictionary of the
 * PDF in pdf (n bytes) - where pdf_render() puts a signature - and
 * appends its text to out (literal and hex strings, UTF-16 ones decoded
 * when ASCII).  The last entry counts (an incremental update appends a new
 * dictionary).  Returns 1 found, 0 none, -1 malformed (err set). */
int pdf_keywords(const char *pdf, size_t n, struct buf *out, char *err, size_t errlen);

#endif
