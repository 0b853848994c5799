/* export.c - a stored summary rendered, signed when agreed, and checked
 * offline (issue 10; paras 38-39, R110, R111).  See export.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/refdata.h"
#include "output/export.h"
#include "output/pdf.h"
#include "output/summary.h"
#include "store/store.h"
#include "util/util.h"

/* The agreed text, if lang's latest version is one: 1 yes, 0 no. */
static int agreed_text(const struct summary_info *si, const struct summary_lang *l)
{
	if (!si->agreed || l->version == 0)
		return 0;
	if (!strcmp(l->lang, si->drafting))
		return 1;
	return l->status == SUMMARY_FINAL && l->based_on == si->version;
}

int export_summary(struct store *s, const char *reviewed, int phase, const char *lang,
		   int format, const struct export_opts *o, struct buf *out, int *is_signed,
		   char *err, size_t errlen)
{
	struct summary_info si;
	struct summary_text t = { 0 };
	struct buf doc = { 0 }, packed = { 0 };
	char name[256], fp[2 * crypto_hash_sha256_BYTES + 1];
	int rc = SUMMARY_ERR, li = summary_lang_index(lang);
	if (is_signed)
		*is_signed = 0;
	if (li < 0) {
		snprintf(err, errlen, "language must be one of ar zh en fr ru es");
		return SUMMARY_INVALID;
	}
	int f = summary_load(s, reviewed, phase, &si);
	if (f <= 0) {
		snprintf(err, errlen, f < 0 ? "reading the summary: %s" : "no summary for %s",
			 f < 0 ? store_errmsg(s) : reviewed);
		return f < 0 ? SUMMARY_ERR : SUMMARY_NOT_FOUND;
	}
	const struct summary_lang *l = &si.langs[li];
	/* A corrigendum keeps the issued version public until the correction
	 * replaces it: that version, with the agreements it was issued on. */
	int issued = o && o->version > 0;
	if (issued && !(l->corr == SUMMARY_CORR_PENDING && o->version == l->pub_version)) {
		snprintf(err, errlen, "version %d of the %s text is not the issued one", o->version,
			 lang);
		return SUMMARY_NOT_FOUND;
	}
	if (issued) {
		struct summary_party ip[SUMMARY_MAX_PARTIES];
		int n = summary_agreements_of(s, reviewed, phase, si.issued_version, ip,
					      SUMMARY_MAX_PARTIES);
		if (n < 0) {
			snprintf(err, errlen, "reading the agreements: %s", store_errmsg(s));
			return SUMMARY_ERR;
		}
		memcpy(si.parties, ip, sizeof ip);
		si.nparties = (size_t)n;
		si.agreed_at[0] = '\0';
		for (int i = 0; i < n; i++)
			if (strcmp(ip[i].agreed_at, si.agreed_at) > 0)
				util_strlcpy(si.agreed_at, ip[i].agreed_at, sizeof si.agreed_at);
		si.agreed = n > 0;
		si.version = si.issued_version;
	}
	f = summary_text_get(s, reviewed, phase, lang, issued ? o->version : 0, &t);
	if (f <= 0) {
		if (f < 0)
			snprintf(err, errlen, "reading the text: %s", store_errmsg(s));
		else
			snprintf(err, errlen, "the summary of %s phase %d has no %s text", reviewed,
				 phase, lang);
		rc = f < 0 ? SUMMARY_ERR : SUMMARY_NOT_FOUND;
		goto out;
	}
	if (refdata_state_name(s, reviewed, lang, name, sizeof name) < 0)
		util_strlcpy(name, reviewed, sizeof name);
	int agreed = issued ? si.agreed : agreed_text(&si, l);
	int sign = o && o->key && agreed;
	struct pdf_summary ps = {
		.lang = lang, .state_name = name, .phase = phase, .text = t.body, .len = t.len,
		.agreed_at = agreed ? si.agreed_at : NULL,
	};
	if (sign) {
		struct sign_doc d = { .phase = phase, .version = t.version,
				      .source_version = si.version, .text = t.body, .len = t.len };
		util_strlcpy(d.state, reviewed, sizeof d.state);
		util_strlcpy(d.lang, lang, sizeof d.lang);
		util_strlcpy(d.drafting, si.drafting, sizeof d.drafting);
		for (size_t i = 0; i < si.nparties; i++) {
			size_t k = strlen(d.agreed);
			snprintf(d.agreed + k, sizeof d.agreed - k, "%s%s %s", i ? "; " : "",
				 si.parties[i].state, si.parties[i].agreed_at);
		}
		if (o->narchive > SIGN_MAX_ARCHIVE) {
			snprintf(err, errlen, "at most %d archive hashes", SIGN_MAX_ARCHIVE);
			rc = SUMMARY_INVALID;
			goto out;
		}
		for (size_t i = 0; i < o->narchive; i++)
			d.archive[i] = (char *)o->archive[i]; /* read only here */
		d.narchive = o->narchive;
		if (sign_canonical(&d, &doc, err, errlen) < 0) {
			rc = SUMMARY_INVALID;
			goto out;
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)doc.p, doc.len);
		sodium_bin2hex(fp, sizeof fp, h, sizeof h);
		sign_pack(o->key, doc.p, doc.len, &packed);
		ps.signature = buf_str(&packed);
		ps.fingerprint = fp;
	}
	int r = format == EXPORT_HTML ? pdf_render_html(&ps, out, err, errlen)
				      : pdf_render(&ps, out, NULL, err, errlen);
	if (r < 0)
		goto out;
	if (is_signed)
		*is_signed = sign;
	rc = SUMMARY_OK;
out:
	summary_text_free(&t);
	buf_free(&doc);
	buf_free(&packed);
	return rc;
}

int export_verify_pdf(const char *pdf, size_t n, const unsigned char *expect_pk,
		      struct export_check *c)
{
	struct buf kw = { 0 };
	char err[200];
	memset(c, 0, sizeof *c);
	int f = pdf_keywords(pdf, n, &kw, err, sizeof err);
	if (f <= 0) {
		snprintf(c->sig.failed, sizeof c->sig.failed, "%s",
			 f < 0 ? err : "not signed: the PDF has no signature block");
		buf_free(&kw);
		return 0;
	}
	sign_unpack_verify(kw.p, kw.len, expect_pk, &c->sig);
	buf_free(&kw);
	if (!c->sig.valid)
		return 0;
	if (sign_parse(c->sig.doc, c->sig.ndoc, &c->doc, err, sizeof err) < 0) {
		c->sig.valid = 0;
		snprintf(c->sig.failed, sizeof c->sig.failed, "signed document malformed: %s", err);
		return 0;
	}
	c->parsed = 1;
	return 1;
}

void export_check_free(struct export_check *c)
{
	if (c->parsed)
		sign_doc_free(&c->doc);
	free(c->sig.doc);
	c->sig.doc = NULL;
	c->parsed = 0;
}
