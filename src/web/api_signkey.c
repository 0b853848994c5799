/* api_signkey.c - the Secretariat's summary signing key, published (issue
 * 10; paras 38-39, R110, R111, C37; docs/summaries.md "The published key").
 *
 * An agreed summary's PDF carries its signature and the public key that
 * made it; checking the signature against that embedded key alone proves
 * nothing, since anyone can re-sign a text with a key of their own.  The
 * reader needs the Secretariat's key from elsewhere: here, with no login
 * (the route asks ACCESS_PROGRAMME_READ, the access module's public rule),
 * as JSON for `revmech summary verify --key-url` and scripts, and as a page.
 *
 * One key: output/sign.c keeps a single key file (<db>.sign) and no older
 * keys, so "keys" lists that one with the time its file was written and no
 * end.  A rotation would add the old key here with its period. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "i18n/i18n.h"
#include "web/handlers.h"
#include "web/pages.h"
#include "web/sumctx.h"

void api_signing_key(struct web_req *rq, struct web_resp *rs)
{
	const struct sign_key *k = sumctx_key();
	char pk[2 * SIGN_PK_BYTES + 1], fp[SIGN_FP_LEN];
	(void)rq;
	if (!k) {
		web_resp_json_error(rs, 503, "unavailable", "the summary signing key is not loaded");
		return;
	}
	sodium_bin2hex(pk, sizeof pk, k->pk, sizeof k->pk);
	sign_fingerprint(k->pk, fp);
	json_t *one = json_pack("{s:s, s:s, s:s, s:n}", "public_key", pk, "fingerprint", fp,
				"since", k->since, "until");
	web_resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:s, s:[o]}", "algorithm", "Ed25519",
					 "public_key", pk, "fingerprint", fp, "since", k->since,
					 "fingerprint_of", "the first 16 bytes of SHA-256(public key)",
					 "keys", one));
}

void page_signing_key(struct web_req *rq, struct web_resp *rs)
{
	const struct sign_key *k = sumctx_key();
	struct buf *b = &rs->body;
	char pk[2 * SIGN_PK_BYTES + 1], fp[SIGN_FP_LEN];
	pages_begin(rq, b, T("The Secretariat's signing key"));
	web_html(b, "<p class=\"lead\">%s</p>\n",
		 T("The Secretariat signs every agreed summary of a country review (Ed25519). "
		   "A signature proves the text only when it is checked against this key: a "
		   "PDF re-signed with any other key is not the agreed text."));
	if (!k) {
		pages_notice(b, "error", T("The signing key is not available at the moment."));
		rs->status = 503;
		pages_end(rq, b);
		return;
	}
	sodium_bin2hex(pk, sizeof pk, k->pk, sizeof k->pk);
	sign_fingerprint(k->pk, fp);
	web_html(b, "<dl id=\"signing-key\"><dt>%s</dt><dd><code id=\"public-key\">%s</code></dd>"
		 "<dt>%s</dt><dd><code id=\"fingerprint\">%s</code></dd><dt>%s</dt><dd id=\"since\">",
		 T("Public key"), pk, T("Fingerprint"), fp, T("In use since"));
	i18n_put_date(b, rq->lang, k->since);
	web_html(b, "</dd></dl>\n<p>%s</p>\n<p>%s</p>\n<pre id=\"verify-command\" dir=\"ltr\">"
		 "revmech summary verify FILE.pdf --public-key %s</pre>\n<p>%s "
		 "<a href=\"/api/v1/signing-key\">/api/v1/signing-key</a></p>\n",
		 T("There is one signing key: no earlier key has been used."),
		 T("To check a downloaded summary offline:"), pk,
		 T("The same key, for programs:"));
	pages_end(rq, b);
}
