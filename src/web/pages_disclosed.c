/* pages_disclosed.c - the public part of a country review (issue 10;
 * paras 37, 41; R98, R101, R211; docs/disclosure.md): what the reviewed
 * State disclosed or asked to publish, readable by whoever the access
 * module allows, without login when it is public — the submitted answers
 * of each phase and instrument (ACCESS_RESPONSE_READ), the documents of
 * its answers (ACCESS_ATTACHMENT_READ) and the summaries that are official
 * documents (ACCESS_SUMMARY_READ).  Nothing here decides: every item is
 * asked of access/ with the review (and its disclosure choices) as loaded
 * by review/country.  Every read is audited. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "response/attachment.h"
#include "web/handlers.h"
#include "web/respctx.h"
#include "web/sumctx.h"

/* An answer's value as text: strings as they are, lists one item a line. */
static void put_value(struct buf *b, json_t *v)
{
	if (json_is_string(v)) {
		web_html(b, "%s", json_string_value(v));
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	web_html(b, "<code>%s</code>", s ? s : "");
	free(s);
}

/* One phase: its submitted answers and documents the actor may read.
 * Returns how many items were shown, -1 on a store error. */
static int phase_section(struct web_req *rq, struct buf *b, const char *state, int phase)
{
	struct respctx c;
	char ph[4];
	snprintf(ph, sizeof ph, "%d", phase);
	int r = respctx_load(rq->db, state, ph, &c);
	if (r <= 0)
		return r < 0 ? -1 : 0;
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(&c, NULL);
	int shown = 0;
	if (!c.submitted || !access_allowed(&a, ACCESS_RESPONSE_READ, &o)) {
		respctx_free(&c);
		return 0;
	}
	json_t *j = respctx_responses_json(rq->db, &c, &a);
	if (!j) {
		respctx_free(&c);
		return -1;
	}
	json_t *ans = json_object_get(j, "answers"), *docs = json_object_get(j, "attachments");
	if (json_array_size(ans) || json_array_size(docs)) {
		web_html(b, "<section class=\"card\" id=\"disclosed-phase-%d\"><h2>%s ", phase,
			 T("Phase"));
		i18n_put_number(b, rq->lang, phase);
		web_html(b, "</h2><table class=\"disclosed-answers\"><thead><tr><th scope=\"col\">%s"
			 "</th><th scope=\"col\">%s</th></tr></thead><tbody>", T("Question"),
			 T("Answer"));
		size_t i;
		json_t *x;
		json_array_foreach(ans, i, x) {
			web_html(b, "<tr data-question=\"%s\"><td>%s</td><td>",
				 json_string_value(json_object_get(x, "question")),
				 json_string_value(json_object_get(x, "question")));
			put_value(b, json_object_get(x, "value"));
			web_html(b, "</td></tr>");
			shown++;
		}
		web_html(b, "</tbody></table><ul class=\"disclosed-documents\">");
		json_array_foreach(docs, i, x) {
			struct response_question qq;
			const char *q = json_string_value(json_object_get(x, "question"));
			if (!response_question_find(&c.qs, q, &qq))
				continue;
			struct access_object od = respctx_object(&c, qq.qn->instrument);
			if (!access_allowed(&a, ACCESS_ATTACHMENT_READ, &od))
				continue;
			const char *id = json_string_value(json_object_get(x, "id"));
			web_html(b, "<li><a class=\"disclosed-doc\" href=\"/reviews/%u/disclosed/"
				 "documents/%u\">%s</a></li>", state, id,
				 json_string_value(json_object_get(x, "filename")));
			shown++;
		}
		web_html(b, "</ul></section>\n");
	}
	json_decref(j);
	respctx_free(&c);
	return shown;
}

void page_disclosed(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx sc;
	int r = sumctx_load(rq->db, rq->param[0], NULL, &sc);
	if (r <= 0) {
		pages_error(rq, rs, r < 0 ? 503 : 404);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Disclosed by the reviewed State"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, sc.cr.reviewed);
	web_html(b, "</p>\n<p>%s</p>\n",
		 T("What the reviewed State chose to disclose or to have published (paragraphs 37 "
		   "and 41), and its summaries issued as official documents."));
	int shown = 0;
	for (int p = 1; p <= 4; p++) {
		int n = phase_section(rq, b, sc.cr.reviewed, p);
		if (n < 0) {
			pages_error(rq, rs, 503);
			return;
		}
		shown += n;
	}
	/* The official summaries (the readers of ACCESS_SUMMARY_READ). */
	web_html(b, "<ul id=\"disclosed-summaries\">");
	char ph[4];
	for (int p = 1; p <= 4; p++) {
		struct sumctx c;
		snprintf(ph, sizeof ph, "%d", p);
		if (sumctx_load(rq->db, sc.cr.reviewed, ph, &c) <= 0 || !c.exists)
			continue;
		size_t nl;
		const struct i18n_lang *ls = i18n_languages(&nl);
		for (size_t k = 0; k < nl; k++) {
			if (!sumctx_final(&c, ls[k].code))
				continue;
			web_html(b, "<li><a href=\"/reviews/%u/phases/%d/summary/%u\" lang=\"%s\">%s ",
				 sc.cr.reviewed, p, ls[k].code, ls[k].code, T("Summary of the review"));
			i18n_put_number(b, rq->lang, p);
			web_html(b, " &middot; %s</a></li>", ls[k].native);
			shown++;
		}
	}
	web_html(b, "</ul>\n");
	if (!shown)
		web_html(b, "<p id=\"nothing-disclosed\">%s</p>", T("Nothing is disclosed."));
	web_req_audit(rq, "read.disclosed", sc.cr.reviewed, NULL);
	pages_end(rq, b);
}

void page_disclosed_document(struct web_req *rq, struct web_resp *rs)
{
	struct attachment_meta m;
	struct respctx c;
	char phase[4];
	int r = attachment_get(rq->db, rq->param[1], &m);
	if (r <= 0 || strcmp(m.reviewed, rq->param[0]) != 0) {
		pages_error(rq, rs, r < 0 ? 503 : 404);
		return;
	}
	snprintf(phase, sizeof phase, "%d", m.phase);
	if (respctx_load(rq->db, m.reviewed, phase, &c) <= 0) {
		pages_error(rq, rs, 404);
		return;
	}
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(&c, m.instrument);
	int ok = access_allowed(&a, ACCESS_ATTACHMENT_READ, &o);
	respctx_free(&c);
	if (!ok) {
		web_req_audit(rq, "access.denied", rq->log_path, "disclosed document");
		pages_error(rq, rs, 403);
		return;
	}
	unsigned char *data;
	size_t len;
	if (attachment_content(rq->db, m.id, &data, &len) <= 0) {
		pages_error(rq, rs, 503);
		return;
	}
	web_req_audit(rq, "read.attachment", m.id, m.reviewed);
	const char *ct = attachment_sniff(data, len);
	buf_reset(&rs->body);
	buf_append(&rs->body, data, len);
	free(data);
	rs->status = 200;
	rs->ctype = ct ? ct : "application/octet-stream";
	char disp[400];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", m.filename);
	web_resp_header(rs, "Content-Disposition", disp);
	web_resp_header(rs, "X-Content-SHA256", m.sha256);
}
