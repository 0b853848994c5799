/* export.h - a stored summary as a signed PDF or as HTML, and the offline
 * check of such a PDF (issue 10; paras 38-39, R110, R111).
 *
 * Glue between summary.h (the store), sign.h (what is signed) and pdf.h
 * (what is drawn).  A language version is signed when it is the agreed
 * text: the drafting text every party agreed to, or a final translation of
 * that very version; anything else is rendered as a draft, unsigned. */
#ifndef RM_OUTPUT_EXPORT_H
#define RM_OUTPUT_EXPORT_H

#include <stddef.h>

#include "output/sign.h"
#include "util/buf.h"

struct store;

enum { EXPORT_PDF = 1, EXPORT_HTML = 2 };

struct export_opts {
	const struct sign_key *key;     /* NULL: never sign */
	const char *const *archive;     /* archive hashes the summary rests on (hex) */
	size_t narchive;
	/* 0: lang's latest text.  Else that version of it, which must be the
	 * issued one a corrigendum keeps public (summary_lang.pub_version
	 * under SUMMARY_CORR_PENDING): signed with the agreements to the
	 * issued drafting version (docs/summaries.md "Corrigendum"). */
	int version;
};

/* Renders the lang version of reviewed's phase summary in format, appended
 * to out; *is_signed (may be NULL) says whether it carries a signature.
 * Returns SUMMARY_OK, SUMMARY_NOT_FOUND (no summary, or no text in lang),
 * SUMMARY_INVALID (bad language or archive hash) or SUMMARY_ERR, with err
 * set. */
int export_summary(struct store *s, const char *reviewed, int phase, const char *lang,
		   int format, const struct export_opts *o, struct buf *out, int *is_signed,
		   char *err, size_t errlen);

/* The result of checking a PDF offline. */
struct export_check {
	struct sign_check sig;  /* valid, failed, pk, doc (free with export_check_free) */
	struct sign_doc doc;    /* parsed from sig.doc when valid */
	int parsed;
};
/* Checks the PDF in pdf (n bytes): its signature block, the signature over
 * the embedded canonical document, the key (expect_pk, or NULL for any),
 * and that the document is well formed.  Returns 1 valid, 0 not (altered,
 * not signed, other key: c->sig.failed says what failed).  The caller
 * frees c with export_check_free(). */
int export_verify_pdf(const char *pdf, size_t n, const unsigned char *expect_pk,
		      struct export_check *c);
void export_check_free(struct export_check *c);

#endif
