/* pages_response.c - the pages of self-assessment responses (issue 9): the
 * questionnaire of a review's phase section by section with a form per
 * question (the version it is based on travels with it), the conflict page
 * that shows both texts, the history of an answer, submission and the
 * note of para 42.  Post/redirect/get.  The rules are access/'s; the work
 * is response/'s; this file only renders. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"
#include "questionnaire/qdef.h"
#include "response/attachment.h"
#include "response/response.h"
#include "response/submit.h"
#include "util/util.h"
#include "web/confirm.h"
#include "web/handlers.h"
#include "web/multipart.h"
#include "web/phasenav.h"
#include "web/respctx.h"
#include "web/respmore.h"
#include "web/respq9.h"
#include "web/support.h"

/* A text of the definition in the page's language, else English. */
static const char *qtext(const struct web_req *rq, json_t *t)
{
	const char *s = json_string_value(json_object_get(t, rq->lang));
	if (!s)
		s = json_string_value(json_object_get(t, "en"));
	return s ? s : "";
}

static const char *str0(const char *s)
{
	return s ? s : "";
}

/* The answer's value as the text of its form field: one line per item
 * for lists ("citation | link", "description | priority"). */
static void value_text(struct buf *b, enum qdef_type t, json_t *v)
{
	size_t i;
	json_t *x;
	if (json_is_string(v)) {
		buf_puts(b, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, x) {
		if (t == QDEF_LEGISLATION_REFS)
			buf_printf(b, "%s | %s\n", str0(json_string_value(json_object_get(x, "citation"))),
				   str0(json_string_value(json_object_get(x, "link"))));
		else if (t == QDEF_TA_NEEDS)
			buf_printf(b, "%s | %s\n",
				   str0(json_string_value(json_object_get(x, "description"))),
				   str0(json_string_value(json_object_get(x, "priority"))));
		else if (json_is_string(x))
			buf_printf(b, "%s\n", json_string_value(x));
	}
}

/* The value as the page shows it: a yes/no/partly answer in the page's
 * language (b18x), any other as value_text(). */
static void value_shown(struct web_req *rq, struct buf *b, enum qdef_type t, json_t *v)
{
	const char *code = json_string_value(v);
	if (t == QDEF_YES_NO_PARTLY && code) {
		buf_puts(b, !strcmp(code, "yes") ? T("Yes") : !strcmp(code, "no") ? T("No")
			 : !strcmp(code, "partly") ? T("Partly") : code);
		return;
	}
	value_text(b, t, v);
}

/* The value a form sent, as the API takes it. */
static json_t *value_of_form(enum qdef_type t, const char *text)
{
	if (!text)
		return NULL;
	if (t == QDEF_YES_NO_PARTLY || t == QDEF_FREE_TEXT)
		return json_string(text);
	json_t *a = json_array();
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char line[4200];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		p += n + (p[n] == '\n');
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\r' || line[l - 1] == ' '))
			line[--l] = '\0';
		if (!l)
			continue;
		char *bar = strstr(line, " | ");
		const char *second = bar ? bar + 3 : "";
		if (bar)
			*bar = '\0';
		if (t == QDEF_LEGISLATION_REFS)
			json_array_append_new(a, *second ? json_pack("{s:s,s:s}", "citation", line,
								     "link", second)
							 : json_pack("{s:s}", "citation", line));
		else if (t == QDEF_TA_NEEDS)
			json_array_append_new(a, json_pack("{s:s,s:s}", "description", line,
							   "priority", *second ? second : "medium"));
		else
			json_array_append_new(a, json_string(line));
	}
	return a;
}

static void base_url(struct buf *b, const struct respctx *c)
{
	buf_printf(b, "/reviews/%s/phases/%d/responses", c->rv.reviewed, c->rv.phase);
}

/* The documents of question q (links through the access check of
 * /api/v1/attachments/{id}), and for a writer the upload form. */
static void documents(struct web_req *rq, struct buf *b, const struct respctx *c,
		      const struct qdef_question *q, int upload, const char *lang)
{
	json_t *docs = attachment_list_json(rq->db, &c->rv, q->id);
	size_t i;
	json_t *d;
	if (json_array_size(docs)) {
		web_html(b, "<ul class=\"documents\">");
		json_array_foreach(docs, i, d) {
			web_html(b, "<li><a href=\"/api/v1/attachments/%s\">%s</a> ",
				 json_string_value(json_object_get(d, "id")),
				 json_string_value(json_object_get(d, "filename")));
			i18n_put_number(b, rq->lang, (json_integer_value(json_object_get(d, "size")) +
						      1023) / 1024);
			char sha[17];
			snprintf(sha, sizeof sha, "%s",
				 str0(json_string_value(json_object_get(d, "sha256"))));
			web_html(b, " KiB <code title=\"SHA-256\">%s&hellip;</code></li>", sha);
		}
		web_html(b, "</ul>");
	}
	json_decref(docs);
	if (!upload)
		return;
	struct buf act = { 0 };
	base_url(&act, c);
	buf_printf(&act, "/%s/attachments", q->id);
	web_html(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" "
		 "class=\"upload\">", buf_str(&act));
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", lang);
	web_html(b, "<label>%s <input type=\"file\" name=\"file\" required></label> "
		 "<small>%s</small> <button type=\"submit\">%s</button></form>",
		 T("Add a document"),
		 T("PDF, DOCX, ODT, PNG, JPEG or plain text, at most 4 MiB; the type is judged by the content."),
		 T("Upload"));
	buf_free(&act);
}

/* One question's form: the version it is based on, language, value. */
static void question_form(struct web_req *rq, struct buf *b, const struct respctx *c,
			  const struct qdef_question *q, int base_version, const char *lang,
			  json_t *value)
{
	struct buf act = { 0 }, val = { 0 };
	base_url(&act, c);
	buf_printf(&act, "/%s", q->id);
	value_text(&val, q->type, value);
	web_html(b, "<form method=\"post\" action=\"%s\" class=\"answer\">", buf_str(&act));
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"base_version\" value=\"%d\">", base_version);
	web_html(b, "<label>%s <select name=\"lang\">", T("Language of the answer"));
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	for (size_t i = 0; i < nl; i++)
		if (response_lang_ok(&c->rv, ls[i].code))
			web_html(b, "<option value=\"%s\"%r>%s</option>", ls[i].code,
				 !strcmp(ls[i].code, lang) ? " selected" : "", ls[i].native);
	web_html(b, "</select></label> ");
	if (q->type == QDEF_YES_NO_PARTLY) {
		static const char *const v[] = { "yes", "no", "partly" };
		const char *labels[] = { T("Yes"), T("No"), T("Partly") };
		const char *cur = json_string_value(value);
		for (int i = 0; i < 3; i++)
			web_html(b, "<label><input type=\"radio\" name=\"value\" value=\"%s\"%r> %s</label> ",
				 v[i], cur && !strcmp(cur, v[i]) ? " checked" : "", labels[i]);
	} else if (q->type == QDEF_ATTACHMENTS) {
		web_html(b, "<textarea name=\"value\" rows=\"2\">%s</textarea><small>%s</small>",
			 buf_str(&val), T("The documents of this answer, one id per line: upload a document with the form below and it is added here."));
	} else {
		web_html(b, "<textarea name=\"value\" rows=\"4\">%s</textarea>", buf_str(&val));
		if (q->type == QDEF_LEGISLATION_REFS)
			web_html(b, "<small>%s</small>", T("One reference per line: citation | link"));
		if (q->type == QDEF_TA_NEEDS)
			web_html(b, "<small>%s</small>", T("One need per line: description | high, medium or low"));
	}
	web_html(b, " <button type=\"submit\">%s</button></form>", T("Save"));
	buf_free(&act);
	buf_free(&val);
}

void page_responses(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_status st;
	struct response_completion *comp = NULL;
	size_t nc = 0;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	memset(&st, 0, sizeof st);
	if (!respctx_allowed(rq, &c, ACCESS_QUESTIONNAIRE_READ, NULL)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	int may_read = respctx_allowed(rq, &c, ACCESS_RESPONSE_READ, NULL);
	if (response_status_get(rq->db, &c.rv, NULL, &st) < 0 ||
	    response_completion(rq->db, &c.rv, &c.qs, &comp, &nc) < 0) {
		pages_error(rq, rs, 503);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Self-assessment questionnaire"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, c.rv.reviewed);
	web_html(b, " &middot; %s %d</p>", T("Phase"), c.rv.phase);
	phasenav_put(rq, b, c.rv.reviewed, c.rv.phase, PHASENAV_RESPONSES);
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("Your answer was saved."));
	if (web_req_query(rq, "uploaded"))
		pages_notice(b, "ok", T("The document was stored and added to the answer."));
	if (web_req_query(rq, "submitted"))
		pages_notice(b, "ok", T("The responses were submitted to the reviewing States."));
	if (web_req_query(rq, "consulted"))
		pages_notice(b, "ok", T("The consultation was recorded."));
	if (web_req_query(rq, "uncac")) /* q9 */
		pages_notice(b, "ok", T("The decision on the UNCAC status was recorded."));
	if (!st.opened) {
		web_html(b, "<p>%s</p>", T("The questionnaire of this phase is not open yet."));
		pages_end(rq, b);
		goto out;
	}
	web_html(b, "<p id=\"deadline\">%s: <time datetime=\"%s\">", T("Deadline"), st.deadline);
	i18n_put_date(b, rq->lang, st.deadline);
	web_html(b, "</time></p>");
	if (st.overdue)
		pages_notice(b, "error", T("The deadline has passed: the responses are overdue."));
	if (st.submitted)
		web_html(b, "<p id=\"submitted\" class=\"status-on\">%s</p>", T("Submitted"));
	/* q9 (C27): the UNCAC status of the phase, the Secretariat's form. */
	respq9_uncac(rq, b, &c, st.submitted);
	if (may_read) {
		char detail[200];
		struct access_actor a = web_req_actor(rq);
		respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, NULL, detail, sizeof detail);
		web_req_audit(rq, "read.responses", c.rv.reviewed, detail);
	}
	for (size_t i = 0; i < c.qs.n; i++) {
		const struct response_qn *qn = &c.qs.q[i];
		int read = respctx_allowed(rq, &c, ACCESS_RESPONSE_READ, qn->instrument);
		int edit = respctx_allowed(rq, &c, ACCESS_RESPONSE_EDIT, qn->instrument);
		web_html(b, "<section class=\"instrument\" id=\"%s\"><h2>%s</h2>", qn->instrument,
			 qtext(rq, json_object_get(qn->def->json, "title")));
		/* q9 (R76): answered of due, and the percentage. */
		char did[40];
		snprintf(did, sizeof did, "done-%s", qn->instrument);
		if (read && i < nc)
			respq9_done(rq, b, "completion", did, comp[i].answered, comp[i].due);
		respq9_mutatis(rq, b, qn); /* q9 (R40) */
		json_t *secs = json_object_get(qn->def->json, "sections");
		for (size_t k = 0; k < qn->def->nsections; k++) {
			const struct qdef_section *sec = &qn->def->sections[k];
			if (sec->uncac_only && c.rv.uncac_party)
				continue;
			json_t *js = json_array_get(secs, k);
			web_html(b, "<h3>%s</h3>", qtext(rq, json_object_get(js, "title")));
			if (read && i < nc)
				respq9_section_done(rq, b, &comp[i], sec->id);
			for (size_t j = 0; j < sec->nquestions; j++) {
				const struct qdef_question *q = &qn->def->questions[sec->first_question + j];
				json_t *jq = json_array_get(json_object_get(js, "questions"), j);
				web_html(b, "<div class=\"question\" id=\"%s\"><p>%s</p>", q->id,
					 qtext(rq, json_object_get(jq, "text")));
				struct response_answer a = { 0 };
				/* disc (R101): an answer disclosed alone. */
				struct access_actor aa = web_req_actor(rq);
				int have = read || respctx_item_readable(&c, &aa, ACCESS_RESPONSE_READ,
									 qn->instrument, q->id)
					? response_answer_get(rq->db, &c.rv, q->id, &a) : 0;
				json_t *doc = have > 0 ? json_loads(a.answer, 0, NULL) : NULL;
				if (have > 0) {
					struct buf v = { 0 };
					value_shown(rq, &v, q->type, json_object_get(doc, "value"));
					web_html(b, "<p class=\"current\">%s <a href=\"", buf_str(&v));
					base_url(b, &c);
					web_html(b, "/%s/history\">%s %d</a></p>", q->id, T("Version"), a.version);
					buf_free(&v);
				}
				/* q9 (R73): its references, and their form once answered. */
				if (have > 0)
					respq9_references(rq, b, &c, q->id, doc, a.version,
							  edit && !st.submitted, 0);
				if (edit && !st.submitted)
					question_form(rq, b, &c, q, have > 0 ? a.version : 0,
						      have > 0 ? a.lang : rq->lang,
						      doc ? json_object_get(doc, "value") : NULL);
				if (q->type == QDEF_ATTACHMENTS && read)
					documents(rq, b, &c, q, edit && !st.submitted,
						  have > 0 ? a.lang : rq->lang);
				json_decref(doc);
				response_answer_free(&a);
				web_html(b, "</div>");
			}
		}
		web_html(b, "</section>");
	}
	/* R75 (api9): the national consultations and their form. */
	respmore_consultations(rq, b, &c, st.submitted, 0);
	if (!st.submitted && respctx_allowed(rq, &c, ACCESS_RESPONSE_SUBMIT, NULL)) {
		web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/submit\">",
			 c.rv.reviewed, c.rv.phase);
		pages_csrf(rq, b);
		web_html(b, "<button type=\"submit\" id=\"submit\">%s</button></form>",
			 T("Submit the responses"));
	}
	support_section(rq, b, &c); /* F23 (B18): the Secretariat's support */
	if (st.submitted && respctx_allowed(rq, &c, ACCESS_RESPONSE_SUBMIT, NULL)) {
		web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/note\"><label>%s"
			 "<textarea name=\"note\" rows=\"4\">%s</textarea></label>", c.rv.reviewed,
			 c.rv.phase, T("Your State's experience of answering (optional)"), st.note);
		pages_csrf(rq, b);
		web_html(b, "<button type=\"submit\">%s</button></form>", T("Save"));
	}
	pages_end(rq, b);
out:
	response_status_free(&st);
	response_completion_free(comp, nc);
	respctx_free(&c);
}

/* The references of the current answer to question (R73), so that a save
 * of its value from the page keeps them (new reference, or NULL). */
static json_t *kept_references(struct web_req *rq, const struct respctx *c, const char *question)
{
	struct response_answer a = { 0 };
	json_t *refs = NULL;
	if (response_answer_get(rq->db, &c->rv, question, &a) > 0) {
		json_t *doc = json_loads(a.answer, 0, NULL);
		refs = json_incref(json_object_get(doc, "references"));
		json_decref(doc);
	}
	response_answer_free(&a);
	return refs;
}

static void redirect_to(struct web_resp *rs, const struct respctx *c, const char *query,
			const char *anchor)
{
	struct buf u = { 0 };
	base_url(&u, c);
	buf_printf(&u, "%s%s%s", query, anchor ? "#" : "", anchor ? anchor : "");
	web_resp_redirect(rs, buf_str(&u));
	buf_free(&u);
}

/* A refused save: the message, and for a conflict both texts side by side
 * with a form to save again on the current version. */
void page_response_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct response_answer cur = { 0 };
	char err[600];
	json_t *value = NULL;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!response_question_find(&c.qs, rq->param[2], &qq)) {
		pages_error(rq, rs, 404);
		goto out;
	}
	if (!respctx_allowed(rq, &c, ACCESS_RESPONSE_EDIT, qq.qn->instrument)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	const struct qdef_question *q = &qq.qn->def->questions[qq.index];
	long bv = -1;
	const char *bvs = web_req_field(rq, "base_version");
	if (bvs)
		util_parse_long(bvs, 0, 1000000, &bv);
	value = value_of_form(q->type, web_req_field(rq, "value"));
	/* q9 (R73): the answer's references are kept by a save of its value. */
	json_t *refs = kept_references(rq, &c, q->id);
	int v;
	enum response_rc r = response_save(rq->db, &c.rv, &c.qs, q->id, (int)bv,
					   web_req_field(rq, "lang"), value, refs, rq->user.email,
					   &v, &cur, err, sizeof err);
	json_decref(refs);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.save", q->id, c.rv.reviewed);
		redirect_to(rs, &c, "?saved=1", q->id);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Your answer was not saved"));
	if (r == RESPONSE_CONFLICT) {
		rs->status = 409;
		pages_notice(b, "error", T("Someone else saved this answer after you began: compare both texts, then save again."));
		json_t *doc = cur.answer ? json_loads(cur.answer, 0, NULL) : NULL;
		struct buf theirs = { 0 }, mine = { 0 };
		value_text(&theirs, q->type, json_object_get(doc, "value"));
		value_text(&mine, q->type, value);
		web_html(b, "<div class=\"conflict\"><div><h2>%s</h2><p>%s &middot; %s %d</p>"
			 "<pre id=\"theirs\">%s</pre></div><div><h2>%s</h2><pre id=\"yours\">%s</pre>"
			 "</div></div>", T("The saved answer"), cur.saved_by, T("Version"),
			 cur.version, buf_str(&theirs), T("Your answer"), buf_str(&mine));
		question_form(rq, b, &c, q, cur.version, web_req_field(rq, "lang") ?
			      web_req_field(rq, "lang") : rq->lang, value);
		json_decref(doc);
		buf_free(&theirs);
		buf_free(&mine);
	} else {
		rs->status = r == RESPONSE_BAD ? 400 : r == RESPONSE_CLOSED ? 409 : 503;
		pages_notice(b, "error", pages_derr(rq, err));
		struct buf mine = { 0 };
		value_text(&mine, q->type, value);
		web_html(b, "<pre id=\"yours\">%s</pre>", buf_str(&mine));
		buf_free(&mine);
	}
	web_html(b, "<p><a href=\"");
	base_url(b, &c);
	web_html(b, "#%s\">%s</a></p>", q->id, T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	json_decref(value);
	response_answer_free(&cur);
	respctx_free(&c);
}

void page_response_history(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct response_answer *h = NULL;
	size_t n = 0;
	if (!respctx_page_versions(rq, rs, &c, &qq, &h, &n))
		return;
	char detail[200];
	struct access_actor a = web_req_actor(rq);
	respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, qq.qn->instrument, detail, sizeof detail);
	web_req_audit(rq, "read.response", rq->param[2], detail);
	const struct qdef_question *q = &qq.qn->def->questions[qq.index];
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("History of the answer"));
	web_html(b, "<p>%s</p><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		 "<th>%s</th></tr></thead><tbody>", q->id, T("Version"),
		 T("Saved"), T("By"), T("Answer"));
	/* After submission, the earlier drafts only for who reads drafts
	 * (B18): the others see the submitted version, the last one. */
	size_t from = n && c.submitted && !respctx_drafts_readable(&c, &a, qq.qn->instrument)
		? n - 1 : 0;
	for (size_t i = n; i-- > from;) {
		json_t *doc = json_loads(h[i].answer, 0, NULL);
		struct buf v = { 0 };
		value_shown(rq, &v, q->type, json_object_get(doc, "value"));
		/* id="vN": the written observations link to the version they
		 * were made on. */
		web_html(b, "<tr id=\"v%d\"><td>%d</td><td><time datetime=\"%s\">%s</time></td>"
			 "<td>%s</td><td lang=\"%s\"><pre>%s</pre></td></tr>", h[i].version,
			 h[i].version, h[i].saved_at,
			 h[i].saved_at, h[i].saved_by, h[i].lang, buf_str(&v));
		buf_free(&v);
		json_decref(doc);
	}
	web_html(b, "</tbody></table>");
	respmore_compare_form(rq, b, &c, q->id, h, from, n); /* api9 */
	web_html(b, "<p><a href=\"");
	base_url(b, &c);
	web_html(b, "#%s\">%s</a></p>", q->id, T("Back to the questionnaire"));
	pages_end(rq, b);
	response_answers_free(h, n);
	respctx_free(&c);
}

void page_submit_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!respctx_allowed(rq, &c, ACCESS_RESPONSE_SUBMIT, NULL)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	/* F2 (probe s8, para 34): one click no longer submits; the first
	 * POST shows what submission does and what is unanswered, writes
	 * nothing; the API keeps its one call.  Not opened or already
	 * submitted: the domain's refusal at once (nothing to confirm). */
	if (!confirm_given(rq) && !c.submitted && c.qs.n > 0) {
		confirm_submit_page(rq, rs, &c);
		goto out;
	}
	enum response_rc r = response_submit(rq->db, &c.rv, &c.qs, c.ar.reviewers, c.ar.nreviewers,
					     rq->user.email, err, sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.submit", c.rv.reviewed, rq->param[1]);
		redirect_to(rs, &c, "?submitted=1", NULL);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = r == RESPONSE_ERROR ? 503 : 409;
	pages_begin(rq, b, T("The responses were not submitted"));
	/* Why, in the page's language, and the details (counts, who and
	 * when) translated with the domain's figures (util/msg.h). */
	pages_notice(b, "error", r == RESPONSE_BAD
		     ? T("The questionnaire is not complete: every question that applies must be answered before submission.")
		     : r == RESPONSE_CLOSED && strstr(err, "already")
		     ? T("The responses were already submitted: a review's responses are submitted once.")
		     : r == RESPONSE_CLOSED ? T("The questionnaire of this phase is not open yet.")
		     : T("The service is temporarily unavailable."));
	web_html(b, "<p class=\"detail\">%s</p>", pages_derr(rq, err));
	web_html(b, "<p><a href=\"");
	base_url(b, &c);
	web_html(b, "\">%s</a></p>", T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	respctx_free(&c);
}

void page_note_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!respctx_allowed(rq, &c, ACCESS_RESPONSE_SUBMIT, NULL)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	const char *note = web_req_field(rq, "note");
	enum response_rc r = response_note_set(rq->db, &c.rv, note, rq->user.email, err,
					       sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.note", c.rv.reviewed, rq->param[1]);
		redirect_to(rs, &c, "?saved=1", NULL);
		goto out;
	}
	/* The message in the page's language, the text sent given back. */
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = r == RESPONSE_BAD ? 400 : r == RESPONSE_CLOSED ? 409 : 503;
	pages_begin(rq, b, T("Your note was not saved"));
	pages_notice(b, "error", r == RESPONSE_BAD ? T("The note must be a text of 1 to 4000 characters.")
		     : r == RESPONSE_CLOSED ? T("A note on the experience of answering is added after the responses are submitted (paragraph 42).")
		     : T("The service is temporarily unavailable."));
	web_html(b, "<pre id=\"yours\">%s</pre><p><a href=\"", str0(note));
	base_url(b, &c);
	web_html(b, "\">%s</a></p>", T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	respctx_free(&c);
}

/* A refusal of the upload page: the message in the page's language and
 * the way back; nothing was stored. */
static void upload_refused(struct web_req *rq, struct web_resp *rs, const struct respctx *c,
			   const char *question, int status, const char *msg)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = status;
	pages_begin(rq, b, T("The document was not stored"));
	pages_notice(b, "error", msg);
	web_html(b, "<p><a href=\"");
	base_url(b, c);
	web_html(b, "#%s\">%s</a></p>", question, T("Back to the questionnaire"));
	pages_end(rq, b);
}

/* The language an answer is saved in: the one asked for if the review
 * works in it, else the current answer's, else the first working one. */
static const char *answer_lang(const struct respctx *c, const char *asked, const char *cur,
			       const char *page)
{
	if (asked && response_lang_ok(&c->rv, asked))
		return asked;
	if (cur && response_lang_ok(&c->rv, cur))
		return cur;
	if (response_lang_ok(&c->rv, page))
		return page;
	return c->rv.nlanguages ? c->rv.languages[0] : "en";
}

/* A document from the questionnaire page (multipart/form-data, field
 * "file"; the route's body cap is the document limit, ROUTE_UPLOAD): its
 * size and type are checked on its bytes before anything is written, then
 * it is stored (response/attachment) and its id added to the answer as a
 * new version.  Post/redirect/get. */
void page_attachment_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct response_answer cur = { 0 };
	struct attachment_meta m;
	char err[600], fname[256];
	json_t *value = NULL;
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!response_question_find(&c.qs, rq->param[2], &qq)) {
		pages_error(rq, rs, 404);
		goto out;
	}
	if (!respctx_allowed(rq, &c, ACCESS_RESPONSE_EDIT, qq.qn->instrument)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	const struct qdef_question *q = &qq.qn->def->questions[qq.index];
	if (q->type != QDEF_ATTACHMENTS) {
		upload_refused(rq, rs, &c, q->id, 400, T("This question does not take documents."));
		goto out;
	}
	const char *ct = web_req_header(rq, "Content-Type");
	const char *data = NULL;
	size_t len = 0;
	int found = ct && strncasecmp(ct, "multipart/form-data", 19) == 0
		? web_multipart_file(ct, rq->body.p, rq->body.len, "file", &data, &len, fname,
				     sizeof fname) : 0;
	if (found <= 0 || len == 0) {
		upload_refused(rq, rs, &c, q->id, 400,
			       T("No document came with the form, or it was empty: choose a file and upload it again."));
		goto out;
	}
	if (len > ATTACHMENT_MAX) {
		upload_refused(rq, rs, &c, q->id, 413,
			       T("The document is larger than the 4 MiB accepted. Nothing was stored."));
		goto out;
	}
	if (!attachment_sniff((const unsigned char *)data, len)) {
		upload_refused(rq, rs, &c, q->id, 400,
			       T("This type of document is not accepted: PDF, DOCX, ODT, PNG, JPEG or plain text, judged by its content. Nothing was stored."));
		goto out;
	}
	enum response_rc r = attachment_add(rq->db, &c.rv, &c.qs, q->id, fname,
					    (const unsigned char *)data, len, rq->user.email, &m,
					    err, sizeof err);
	if (r != RESPONSE_OK) {
		/* The domain's reason in the page's language (util/msg.h). */
		upload_refused(rq, rs, &c, q->id, r == RESPONSE_CLOSED ? 409 : r == RESPONSE_BAD ? 400
			       : 503, r == RESPONSE_ERROR ? T("The service is temporarily unavailable.")
			       : pages_derr(rq, err));
		goto out;
	}
	web_req_audit(rq, "attachment.add", m.id, m.sha256);
	/* The answer lists its documents: the new one is added to it. */
	int have = response_answer_get(rq->db, &c.rv, q->id, &cur);
	json_t *doc = have > 0 ? json_loads(cur.answer, 0, NULL) : NULL;
	json_t *old = json_object_get(doc, "value");
	value = json_is_array(old) ? json_deep_copy(old) : json_array();
	json_t *refs = json_incref(json_object_get(doc, "references")); /* q9, R73 */
	json_decref(doc);
	json_array_append_new(value, json_string(m.id));
	int v;
	r = response_save(rq->db, &c.rv, &c.qs, q->id, have > 0 ? cur.version : 0,
			  answer_lang(&c, web_req_field(rq, "lang"), have > 0 ? cur.lang : NULL,
				      rq->lang), value, refs, rq->user.email, &v, NULL, err,
			  sizeof err);
	json_decref(refs);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.save", q->id, c.rv.reviewed);
		redirect_to(rs, &c, "?uploaded=1", q->id);
		goto out;
	}
	/* Stored, but not listed: say so, with its id; nothing is lost. */
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 409;
	pages_begin(rq, b, T("Your answer was not saved"));
	pages_notice(b, "error", T("The document was stored, but the answer could not list it: add its id to the answer."));
	web_html(b, "<p><code id=\"document\">%s</code></p><p>%s</p><p><a href=\"", m.id,
		 pages_derr(rq, err));
	base_url(b, &c);
	web_html(b, "#%s\">%s</a></p>", q->id, T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	json_decref(value);
	response_answer_free(&cur);
	respctx_free(&c);
}
