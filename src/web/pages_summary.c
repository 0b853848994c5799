/* pages_summary.c - the pages of a phase's summary and of a review's
 * disclosure choices (issue 10; paras 37-41; R98-R103, R110, R111, R145):
 * one page per language version with its text, the word count of the
 * drafting language (counted by the server with ICU, and live in the
 * browser by static/summary.js as a hint), the translation status of the
 * six versions, who agreed to which version, the forms that write, agree
 * and move translations, and the downloads (signed PDF, HTML).  The
 * disclosure choices are pages_disclosures.c's.
 * Post/redirect/get; an error renders the page again with the reason and
 * the text sent (never lost).  Rules are access/'s (ACCESS_SUMMARY_*,
 * ACCESS_DISCLOSURE_*); work is output/'s and review/disclosure's. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/outline.h"
#include "i18n/i18n.h"
#include "output/words.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"
#include "web/routes.h"
#include "web/sumctx.h"

static int load(struct web_req *rq, struct web_resp *rs, const char *phase, struct sumctx *c)
{
	int r = sumctx_load(rq->db, rq->param[0], phase, c);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	return r;
}

static int may(struct web_req *rq, const struct sumctx *c, enum access_action act,
	       const char *lang, const char *state)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, c, lang, state);
	return access_allowed(&a, act, &o);
}

static void refuse(struct web_req *rq, struct web_resp *rs, const char *what)
{
	web_req_audit(rq, "access.denied", rq->log_path, what);
	/* public (F20): what the public may not read (a draft) sends a
	 * visitor not signed in (a reviewer whose session ended) to the login,
	 * back here after it, as every secure page does (server.c); the
	 * signed-in are refused. */
	if (!rq->authed && !rq->mfa_pending && !rq->via_token) {
		if (routes_is_return_page(rq->path)) {
			struct buf v = { 0 };
			web_put_url(&v, rq->path);
			web_resp_cookie(rq, rs, "rm_next", buf_str(&v), 600);
			buf_free(&v);
		}
		if (rq->session_expired)
			web_resp_cookie(rq, rs, "rm_expired", "1", 600);
		web_resp_redirect(rs, "/login");
		return;
	}
	pages_error(rq, rs, 403);
}

static const char *status_label(struct web_req *rq, int st)
{
	switch (st) {
	case SUMMARY_ORIGINAL: return T("Drafting language");
	case SUMMARY_REQUESTED: return T("Translation requested");
	case SUMMARY_IN_TRANSLATION: return T("In translation");
	case SUMMARY_REVISED: return T("Revised");
	case SUMMARY_FINAL: return T("Final");
	default: return T("Not requested");
	}
}

static void base_url(struct buf *b, const struct sumctx *c)
{
	web_html(b, "/reviews/%u/phases/%d/summary/", c->cr.reviewed, c->phase);
}

/* A corrigendum (docs/summaries.md): which version this page shows, and
 * where the other one is. */
static void corrigendum_notes(struct web_req *rq, struct buf *b, const struct sumctx *c,
			      const char *lang)
{
	int li = summary_lang_index(lang);
	const struct summary_lang *l = li >= 0 ? &c->si.langs[li] : NULL;
	if (c->si.corrigendum) {
		web_html(b, "<p id=\"summary-corrigendum\" data-number=\"%d\" "
			 "data-issued=\"%d\">%s ", c->si.corrigendum, c->si.issued_version,
			 T("A corrigendum is open; the version issued before it stays the "
			   "official document, public, until every party has agreed to the "
			   "correction and its translations are final. Reason:"));
		web_html(b, "%s</p>\n", c->si.corr_reason);
	}
	if (!l)
		return;
	if (c->serve_version > 0)
		web_html(b, "<p id=\"issued-version\" data-version=\"%d\">%s</p>\n",
			 c->serve_version, T("This is the issued version, the official document. "
					    "A correction is in preparation."));
	else if (l->corr == SUMMARY_CORR_PENDING) {
		web_html(b, "<p id=\"corrigendum-draft\">%s <a id=\"issued-link\" href=\"",
			 T("This is the correction, not public until it is agreed and final."));
		base_url(b, c);
		web_html(b, "%u?issued=1\">%s</a></p>\n", lang, T("The issued version"));
	} else if (l->corr == SUMMARY_CORR_CORRECTED)
		web_html(b, "<p id=\"corrected\">%s</p>\n",
			 T("This version, corrected by a corrigendum, replaces the one issued "
			   "before it; both remain in the archive."));
}

/* The text as paragraphs (blank lines separate them), escaped. */
static void put_text(struct buf *b, const char *lang, const char *text)
{
	const struct i18n_lang *l = i18n_find(lang);
	web_html(b, "<div class=\"summary-text\" id=\"summary-text\" lang=\"%s\" dir=\"%s\">", lang,
		 l ? l->dir : "ltr");
	const char *p = text;
	while (*p) {
		const char *e = strstr(p, "\n\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *para = xstrndup(p, n);
		if (*para)
			web_html(b, "<p>%s</p>", para);
		free(para);
		p += n;
		while (*p == '\n')
			p++;
	}
	web_html(b, "</div>\n");
}

/* The whole page of lang; draft (may be NULL) is a text sent back to its
 * writer (a count, or a refused save) instead of the stored one; note an
 * alert for the top (NULL none). */
static void render(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
		   const char *lang, const char *draft, long draft_words, const char *note)
{
	struct buf *b = &rs->body;
	struct summary_text t = { 0 };
	int have = c->exists && summary_text_get(rq->db, c->cr.reviewed, c->phase, lang,
						 c->serve_version, &t) > 0;
	int drafting = !c->exists || strcmp(lang, c->si.drafting) == 0;
	int li = summary_lang_index(lang);
	buf_reset(b);
	pages_begin(rq, b, T("Summary of the review"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c->cr.reviewed);
	web_html(b, " &middot; %s ", T("Phase"));
	i18n_put_number(b, rq->lang, c->phase);
	web_html(b, "</p>\n");
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The summary was saved."));
	if (web_req_query(rq, "agreed"))
		pages_notice(b, "ok", T("Your State's agreement was recorded."));
	if (web_req_query(rq, "corrigendum"))
		pages_notice(b, "ok", T("The corrigendum was opened."));
	if (note) /* a domain error in the page's language (util/msg.h) */
		pages_notice(b, "error", pages_derr(rq, note));

	/* The six versions and their status (R145). */
	web_html(b, "<nav aria-label=\"%s\"><ul class=\"langs\" id=\"summary-langs\">",
		 T("Language versions"));
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	for (size_t k = 0; k < nl; k++) {
		int st = c->exists ? c->si.langs[k].status : SUMMARY_NONE;
		web_html(b, "<li data-lang=\"%s\" data-status=\"%s\"><a href=\"", ls[k].code,
			 summary_status_name(st));
		base_url(b, c);
		web_html(b, "%u\"%r lang=\"%s\">%s</a> &middot; %s%r</li>", ls[k].code,
			 strcmp(ls[k].code, lang) == 0 ? " aria-current=\"page\"" : "", ls[k].code,
			 ls[k].native, status_label(rq, st),
			 c->exists && c->si.langs[k].stale ? " &#9888;" : "");
	}
	web_html(b, "</ul></nav>\n");

	if (!c->exists)
		web_html(b, "<p id=\"no-summary\">%s</p>", T("This phase has no summary yet."));
	else {
		web_html(b, "<p id=\"summary-state\" data-agreed=\"%d\" data-version=\"%d\" "
			 "data-words=\"%l\">%s: ", c->si.agreed, c->si.version,
			 (long long)c->si.words, T("Drafting language"));
		const struct i18n_lang *dl = i18n_find(c->si.drafting);
		web_html(b, "%s &middot; %s ", dl ? dl->native : c->si.drafting, T("Version"));
		i18n_put_number(b, rq->lang, c->si.version);
		web_html(b, " &middot; %s ", T("Words"));
		i18n_put_number(b, rq->lang, c->si.words);
		web_html(b, " / ");
		i18n_put_number(b, rq->lang, WORDS_SUMMARY_MAX);
		web_html(b, " &middot; %s</p>\n", c->si.agreed ? T("Agreed") : T("Not agreed yet"));
		if (sumctx_final(c, lang))
			web_html(b, "<p id=\"official\">%s</p>",
				 T("This version is an official document, public."));
		corrigendum_notes(rq, b, c, lang);
		/* F18, R111 (docs/summaries.md): why an edit or an agreement
		 * will be refused, before it is tried. */
		if (c->si.issued && !c->si.corrigendum)
			web_html(b, "<p id=\"summary-locked\">%s</p>",
				 T("The summary is issued: its text and its final translations can "
				   "no longer be changed (paragraph 39)."));
		else if (c->si.stale > 0)
			web_html(b, "<p id=\"summary-stale\">%s</p>",
				 T("The list of observations changed after this version was agreed: "
				   "those agreements no longer count. Save the summary again and "
				   "agree to the new version."));
		web_html(b, "<table id=\"summary-parties\"><caption>%s</caption><thead><tr>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			 T("Agreement (paragraph 39)"), T("State"), T("Agreement"));
		for (size_t i = 0; i < c->si.nparties; i++) {
			const struct summary_party *p = &c->si.parties[i];
			web_html(b, "<tr data-party=\"%s\" data-agreed=\"%d\"><td>", p->state, p->agreed);
			pages_put_state_name(rq, b, p->state);
			web_html(b, "%r</td><td>", p->is_reviewed ? " *" : "");
			if (p->agreed) {
				web_html(b, "%s, ", T("Agreed"));
				i18n_put_date(b, rq->lang, p->agreed_at);
			} else
				web_html(b, "%s", T("Not agreed yet"));
			web_html(b, "</td></tr>");
		}
		web_html(b, "</tbody></table><p class=\"hint\">* %s</p>\n", T("The reviewed State"));
	}

	if (have) {
		web_html(b, "<h2>%s</h2><p>%s ", T("Text"), T("Version"));
		i18n_put_number(b, rq->lang, t.version);
		web_html(b, " &middot; %s ", T("Words"));
		i18n_put_number(b, rq->lang, t.words);
		web_html(b, " &middot; ");
		i18n_put_date(b, rq->lang, t.at);
		web_html(b, "</p>\n");
		if (t.blueprint > 0) {
			web_html(b, "<p id=\"text-blueprint\" data-blueprint=\"%d\">%s ", t.blueprint,
				 T("Written on the blueprint, version"));
			i18n_put_number(b, rq->lang, t.blueprint);
			web_html(b, "</p>\n");
		}
		put_text(b, lang, t.body);
		const char *q = c->serve_version > 0 ? "?issued=1" : "";
		web_html(b, "<p id=\"downloads\"><a id=\"download-pdf\" href=\"");
		base_url(b, c);
		web_html(b, "%u/pdf%r\">%s</a> &middot; <a id=\"download-html\" href=\"", lang, q,
			 T("Download as PDF"));
		base_url(b, c);
		web_html(b, "%u/html%r\">%s</a></p>\n", lang, q, T("Download as HTML"));
		/* A signature proves nothing without the key to expect (R111). */
		const struct sign_key *sk = sumctx_key();
		if (sk) {
			char fp[SIGN_FP_LEN];
			sign_fingerprint(sk->pk, fp);
			web_html(b, "<p id=\"signing-key-note\">%s <code>%s</code> &middot; "
				 "<a href=\"/signing-key\">%s</a></p>\n",
				 T("An agreed text is signed with the Secretariat's key, fingerprint"),
				 fp, T("The published key and how to check a PDF"));
		}
	} else if (c->exists)
		web_html(b, "<p id=\"no-text\">%s</p>", T("There is no text in this language yet."));

	/* Writing: the drafting text, or a translation (the Secretariat). */
	int writable = c->serve_version == 0 &&
		       may(rq, c, sumctx_write_action(c, lang), lang,
			    sumctx_write_state(rq, c, lang)) &&
		       (drafting || (li >= 0 && c->si.langs[li].status != SUMMARY_NONE));
	/* R108, R110: a first text starts from the blueprint in force. */
	char *skeleton = NULL;
	if (writable && !have && !draft) {
		struct outline bp;
		if (outline_get(rq->db, 0, &bp) > 0)
			skeleton = outline_skeleton(&bp, lang);
		if (skeleton) {
			web_html(b, "<p id=\"blueprint-skeleton\" data-blueprint=\"%d\">%s ",
				 bp.version, T("The text starts from the headings of the blueprint "
					       "in force, version"));
			i18n_put_number(b, rq->lang, bp.version);
			web_html(b, " &middot; <a href=\"/blueprint\">%s</a></p>\n",
				 T("The blueprint"));
		} else
			web_html(b, "<p id=\"no-blueprint\">%s <a href=\"/blueprint\">%s</a></p>\n",
				 bp.version ? T("The blueprint in force has no headings in this "
						"language: the text starts empty.")
					    : T("No blueprint has been adopted yet: the text starts "
						"empty."), T("The blueprint"));
		outline_free(&bp);
	}
	if (writable) {
		const struct i18n_lang *l = i18n_find(lang);
		web_html(b, "<h2>%s</h2><form method=\"post\" id=\"summary-form\" action=\"",
			 drafting ? T("Write the summary") : T("Write the translation"));
		base_url(b, c);
		web_html(b, "%u\">", lang);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"base\" value=\"%d\">"
			 "<textarea name=\"text\" id=\"summary-input\" rows=\"20\" lang=\"%s\" "
			 "dir=\"%s\" data-lang=\"%s\" data-limit=\"%d\">%s</textarea>",
			 have ? t.version : 0, lang, l ? l->dir : "ltr", lang,
			 drafting ? WORDS_SUMMARY_MAX : 0,
			 draft ? draft : have ? t.body : skeleton ? skeleton : "");
		if (drafting) {
			web_html(b, "<p>%s: <output id=\"word-count\" for=\"summary-input\" "
				 "data-server=\"%l\">", T("Words"), (long long)(draft ? draft_words
								: have ? t.words : 0));
			i18n_put_number(b, rq->lang, draft ? draft_words : have ? t.words : 0);
			web_html(b, "</output> / ");
			i18n_put_number(b, rq->lang, WORDS_SUMMARY_MAX);
			web_html(b, "</p><p class=\"hint\">%s</p>",
				 T("At most 1,500 words, counted in the drafting language with ICU "
				   "word segmentation. The count while you type is a hint; the "
				   "server counts again when you save."));
		}
		web_html(b, "<p><button type=\"submit\" name=\"action\" value=\"save\">%s</button> "
			 "<button type=\"submit\" name=\"action\" value=\"count\">%s</button></p>"
			 "</form>\n<script src=\"/static/summary.js\"></script>\n", T("Save"),
			 T("Count the words"));
	} else if (draft) {
		/* A refused save where no form is offered: the text sent, given
		 * back so that nothing typed is lost. */
		web_html(b, "<pre id=\"yours\" lang=\"%s\">%s</pre>", lang, draft);
	}
	free(skeleton);
	/* Para 39: an issued summary is corrected by a corrigendum, opened by
	 * one who writes the drafting text. */
	if (c->exists && c->si.issued && !c->si.corrigendum && c->serve_version == 0 &&
	    may(rq, c, ACCESS_SUMMARY_EDIT, c->si.drafting,
		sumctx_write_state(rq, c, c->si.drafting))) {
		web_html(b, "<h2>%s</h2><form method=\"post\" id=\"corrigendum-form\" action=\"",
			 T("Correct the issued summary"));
		base_url(b, c);
		web_html(b, "corrigendum\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"%s\"><p class=\"hint\">"
			 "%s</p><label>%s <input name=\"reason\" maxlength=\"255\" required>"
			 "</label> <button type=\"submit\">%s</button></form>\n", lang,
			 T("A corrigendum is a new version of the text. The issued version stays "
			   "the official document, public, until every party has agreed to the "
			   "correction and its translations are final."),
			 T("Reason"), T("Open a corrigendum"));
	}
	/* Translation status (R145): the Secretariat. */
	if (c->exists && !drafting && may(rq, c, ACCESS_SUMMARY_TRANSLATE, lang, NULL)) {
		web_html(b, "<form method=\"post\" id=\"status-form\" action=\"");
		base_url(b, c);
		web_html(b, "%u\">", lang);
		pages_csrf(rq, b);
		web_html(b, "<label>%s <select name=\"status\">", T("Translation status"));
		static const int steps[] = { SUMMARY_REQUESTED, SUMMARY_IN_TRANSLATION, SUMMARY_REVISED,
					     SUMMARY_FINAL };
		/* The form offers the next step (from final: back to revised). */
		int cur = li >= 0 ? c->si.langs[li].status : SUMMARY_NONE;
		int next = cur == SUMMARY_FINAL ? SUMMARY_REVISED
			   : cur < SUMMARY_REQUESTED ? SUMMARY_REQUESTED : cur + 1;
		for (size_t k = 0; k < 4; k++)
			web_html(b, "<option value=\"%s\"%r>%s</option>", summary_status_name(steps[k]),
				 next == steps[k] ? " selected" : "", status_label(rq, steps[k]));
		web_html(b, "</select></label> <button type=\"submit\" name=\"action\" "
			 "value=\"status\">%s</button></form>\n", T("Change the status"));
	}
	/* Agreement for the actor's State (para 39). */
	if (c->exists && c->si.version > 0 && rq->authed && rq->user.state[0] &&
	    may(rq, c, ACCESS_SUMMARY_AGREE, NULL, rq->user.state)) {
		int done = 0;
		for (size_t i = 0; i < c->si.nparties; i++)
			if (strcmp(c->si.parties[i].state, rq->user.state) == 0)
				done = c->si.parties[i].agreed;
		if (!done) {
			web_html(b, "<form method=\"post\" id=\"agree-form\" action=\"");
			base_url(b, c);
			web_html(b, "agree\">");
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"version\" value=\"%d\">"
				 "<input type=\"hidden\" name=\"lang\" value=\"%s\">"
				 "<button type=\"submit\">%s ", c->si.version, lang,
				 T("Agree for your State to version"));
			i18n_put_number(b, rq->lang, c->si.version);
			web_html(b, "</button></form>\n");
		}
	}
	pages_end(rq, b);
	if (have)
		summary_text_free(&t);
}

void page_summary(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	const char *lang = rq->param[2];
	if (summary_lang_index(lang) < 0) {
		pages_error(rq, rs, 404);
		return;
	}
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d;
	if (!sumctx_read(rq, &c, lang, web_req_query(rq, "issued") != NULL, &d)) {
		refuse(rq, rs, "summary page");
		return;
	}
	web_req_audit(rq, "read.summary", c.cr.reviewed, lang);
	render(rq, rs, &c, lang, NULL, 0, NULL);
}

static void redirect_to(struct web_resp *rs, const struct sumctx *c, const char *lang,
			const char *query)
{
	struct buf u = { 0 };
	base_url(&u, c);
	web_html(&u, "%u%r", lang, query);
	web_resp_redirect(rs, buf_str(&u));
	buf_free(&u);
}

void page_summary_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	const char *lang = rq->param[2];
	if (summary_lang_index(lang) < 0) {
		pages_error(rq, rs, 404);
		return;
	}
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	const char *action = web_req_field(rq, "action");
	if (action && strcmp(action, "status") == 0) {
		if (!may(rq, &c, ACCESS_SUMMARY_TRANSLATE, lang, NULL)) {
			refuse(rq, rs, "summary status");
			return;
		}
		const char *st = web_req_field(rq, "status");
		int to = st ? summary_status_parse(st) : -2, r;
		if (to < SUMMARY_REQUESTED)
			r = SUMMARY_INVALID, snprintf(err, sizeof err, "%s", T("Unknown status."));
		else if (to == SUMMARY_REQUESTED)
			r = summary_request(rq->db, c.cr.reviewed, c.phase, lang, rq->user.email, err,
					    sizeof err);
		else
			r = summary_set_status(rq->db, c.cr.reviewed, c.phase, lang, to,
					       rq->user.email, err, sizeof err);
		if (r == SUMMARY_OK) {
			web_req_audit(rq, "summary.status", c.cr.reviewed, st);
			redirect_to(rs, &c, lang, "?saved=1");
			return;
		}
		/* Why, in the page's language, and the domain's reason for this
		 * translation, translated too (util/msg.h). */
		struct buf why = { 0 };
		if (r == SUMMARY_ERR || r == SUMMARY_OFFICIAL || to < SUMMARY_REQUESTED) {
			buf_puts(&why, pages_derr(rq, err));
		} else {
			buf_puts(&why, T("The status was not changed: a translation moves one step at "
					 "a time (requested, in translation, revised, final; from final "
					 "back to revised) and becomes final only with a text made from "
					 "the agreed version."));
			buf_puts(&why, " (");
			buf_puts(&why, pages_derr(rq, err));
			buf_puts(&why, ")");
		}
		render(rq, rs, &c, lang, NULL, 0, buf_str(&why));
		buf_free(&why);
		rs->status = r == SUMMARY_ERR ? 503 : 409;
		return;
	}
	if (!may(rq, &c, sumctx_write_action(&c, lang), lang,
		 sumctx_write_state(rq, &c, lang))) {
		refuse(rq, rs, "summary write");
		return;
	}
	const char *text = web_req_field(rq, "text");
	long base = 0;
	if (!text || (web_req_field(rq, "base") &&
		      util_parse_long(web_req_field(rq, "base"), 0, 1000000, &base) < 0)) {
		render(rq, rs, &c, lang, text, 0, T("The form was incomplete: nothing was saved."));
		rs->status = 400;
		return;
	}
	if (action && strcmp(action, "count") == 0) {
		long w = words_count(lang, text, strlen(text), err, sizeof err);
		render(rq, rs, &c, lang, text, w < 0 ? 0 : w, w < 0 ? err : NULL);
		if (w < 0)
			rs->status = 400;
		return;
	}
	int v = 0;
	long words = -1;
	int r = sumctx_save(rq, &c, lang, text, strlen(text), (int)base, &v, &words, err,
			    sizeof err);
	if (r == SUMMARY_OK) {
		redirect_to(rs, &c, lang, "?saved=1");
		return;
	}
	/* Refused: the page again, with the text sent, and why. */
	struct buf why = { 0 };
	if (r == SUMMARY_TOO_LONG) {
		buf_puts(&why, T("The summary was not saved: it has more than 1,500 words."));
		buf_puts(&why, " ");
		buf_puts(&why, T("Words"));
		buf_puts(&why, ": ");
		i18n_put_number(&why, rq->lang, words);
	} else if (r == SUMMARY_CONFLICT)
		buf_puts(&why, T("The summary was not saved: someone saved another version since "
				 "you opened it. Your text is below; the saved one is above."));
	else
		buf_puts(&why, pages_derr(rq, err));
	int reload = sumctx_load(rq->db, rq->param[0], rq->param[1], &c);
	if (reload <= 0) {
		buf_free(&why);
		pages_error(rq, rs, 503);
		return;
	}
	render(rq, rs, &c, lang, text, words < 0 ? 0 : words, buf_str(&why));
	rs->status = r == SUMMARY_TOO_LONG ? 422
		     : r == SUMMARY_CONFLICT || r == SUMMARY_OFFICIAL ? 409
		     : r == SUMMARY_ERR ? 503 : 400;
	buf_free(&why);
}

void page_summary_agree_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	const char *party = rq->user.state[0] ? rq->user.state : NULL;
	if (!may(rq, &c, ACCESS_SUMMARY_AGREE, NULL, party)) {
		refuse(rq, rs, "summary agreement");
		return;
	}
	const char *lang = web_req_field(rq, "lang");
	if (summary_lang_index(lang) < 0)
		lang = c.exists ? c.si.drafting : "en";
	long v = 0;
	int r = SUMMARY_INVALID;
	if (!c.exists)
		snprintf(err, sizeof err, "%s", T("This phase has no summary yet."));
	else if (!web_req_field(rq, "version") ||
		 util_parse_long(web_req_field(rq, "version"), 1, 1000000, &v) < 0)
		snprintf(err, sizeof err, "%s", T("The form was incomplete: nothing was saved."));
	else if ((r = sumctx_sync_parties(rq, &c, err, sizeof err)) == SUMMARY_OK)
		r = summary_agree(rq->db, c.cr.reviewed, c.phase, party, (int)v, rq->user.email, err,
				  sizeof err);
	if (r == SUMMARY_OK) {
		web_req_audit(rq, "summary.agree", c.cr.reviewed, party);
		redirect_to(rs, &c, lang, "?agreed=1");
		return;
	}
	if (r == SUMMARY_CONFLICT)
		snprintf(err, sizeof err, "%s", T("The summary changed since you read it: read the "
						  "current version before agreeing."));
	render(rq, rs, &c, lang, NULL, 0, err);
	rs->status = r == SUMMARY_ERR ? 503 : 409;
}

void page_summary_file(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	const char *lang = rq->param[2], *format = rq->param[3];
	if (summary_lang_index(lang) < 0 || (strcmp(format, "pdf") != 0 && strcmp(format, "html") != 0)) {
		pages_error(rq, rs, 404);
		return;
	}
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	struct access_decision d;
	if (!sumctx_read(rq, &c, lang, web_req_query(rq, "issued") != NULL, &d)) {
		refuse(rq, rs, "summary download");
		return;
	}
	int r = c.exists ? sumctx_file(rq, rs, &c, lang, format, err, sizeof err) : SUMMARY_NOT_FOUND;
	if (r != SUMMARY_OK)
		pages_error(rq, rs, r == SUMMARY_ERR ? 503 : 404);
}

void page_summary_corrigendum_post(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	if (load(rq, rs, rq->param[1], &c) <= 0)
		return;
	const char *lang = web_req_field(rq, "lang");
	if (summary_lang_index(lang) < 0)
		lang = c.exists ? c.si.drafting : "en";
	if (!c.exists || !may(rq, &c, ACCESS_SUMMARY_EDIT, c.si.drafting,
			      sumctx_write_state(rq, &c, c.si.drafting))) {
		if (!c.exists)
			pages_error(rq, rs, 404);
		else
			refuse(rq, rs, "summary corrigendum");
		return;
	}
	int r = summary_corrigendum_open(rq->db, c.cr.reviewed, c.phase, web_req_field(rq, "reason"),
					 rq->user.email, err, sizeof err);
	if (r == SUMMARY_OK) {
		web_req_audit(rq, "summary.corrigendum", c.cr.reviewed, NULL);
		redirect_to(rs, &c, lang, "?corrigendum=1");
		return;
	}
	render(rq, rs, &c, lang, NULL, 0, err);
	rs->status = r == SUMMARY_ERR ? 503 : 409;
}
