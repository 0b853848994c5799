/* pages_disclosed.c - the public part of a country review (issue 10;
 * paras 37, 41; R98, R101, R211; docs/disclosure.md): what the reviewed
 * State disclosed or asked to publish, readable by whoever the access
 * module allows, without login when it is public — the submitted answers
 * of each phase and instrument (ACCESS_RESPONSE_READ), the documents of
 * its answers (ACCESS_ATTACHMENT_READ), the messages of its dialogue
 * (ACCESS_DIALOGUE_READ through dialogue/: the threads disclosed publicly,
 * para 41, without their authors' addresses) and the summaries that are official documents
 * (ACCESS_SUMMARY_READ).  Nothing here decides: every item is
 * asked of access/ with the review (and its disclosure choices) as loaded
 * by review/country.  Every read is audited. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "dialogue/dialogue.h"
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
	/* Answers or documents of the phase (disc: documents may be disclosed
	 * without the answers; each is filtered below and in respctx). */
	if (!c.submitted || (!access_allowed(&a, ACCESS_RESPONSE_READ, &o) &&
			     !access_allowed(&a, ACCESS_ATTACHMENT_READ, &o))) {
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
			const char *id = json_string_value(json_object_get(x, "id"));
			struct access_object od = respctx_item_object(&c, qq.qn->instrument, id);
			if (!access_allowed(&a, ACCESS_ATTACHMENT_READ, &od))
				continue;
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

/* The threads of the phase's dialogue disclosed publicly (dialogue/ asks
 * access/), each message and record of a call
 * with its text; documents by their name only.  Returns how many items it
 * showed, or -1 on a store error. */
static int dialogue_section(struct web_req *rq, struct buf *b, const char *state, int phase)
{
	/* The threads disclosed publicly: those an anonymous visitor may read
	 * (a participant's own reading of the dialogue is not a disclosure);
	 * each item is then read as the visitor, so the audit names them. */
	struct access_actor a = web_req_actor(rq), anyone = { .auth = ACCESS_ANONYMOUS };
	struct archive_thread *th = NULL;
	size_t nt = 0;
	int shown = 0;
	if (dialogue_threads(rq->db, &anyone, state, phase, &th, &nt) != DIALOGUE_OK)
		return -1;
	for (size_t k = 0; k < nt; k++) {
		int64_t *ids = NULL;
		size_t n = 0;
		char err[200];
		if (dialogue_items(rq->db, &a, th[k].id, &ids, &n, err, sizeof err) != DIALOGUE_OK ||
		    n == 0) {
			free(ids);
			continue;
		}
		web_html(b, "<section class=\"card\" id=\"disclosed-dialogue-%d-%s\"><h2>%s ", phase,
			 th[k].instrument, T("Dialogue"));
		i18n_put_number(b, rq->lang, phase);
		web_html(b, " &middot; %s</h2>", th[k].instrument);
		for (size_t j = 0; j < n; j++) {
			struct archive_record r;
			if (dialogue_read(rq->db, &a, rq->ip, ids[j], &r, err, sizeof err) !=
			    DIALOGUE_OK) {
				archive_record_free(&r);
				continue;
			}
			web_html(b, "<article class=\"item\"><p><time datetime=\"%s\">%s</time></p>"
				 "<h3>%s</h3>", r.at, r.at, r.title ? r.title : "");
			if (!strcmp(r.media_type, "text/plain") &&
			    strcmp(r.kind, ARCHIVE_KIND_ATTACHMENT)) {
				struct buf tx = { 0 };
				buf_append(&tx, r.body, r.body_len);
				web_html(b, "<pre class=\"text\">%s</pre>", buf_str(&tx));
				buf_free(&tx);
			}
			web_html(b, "</article>");
			archive_record_free(&r);
			shown++;
		}
		web_html(b, "</section>\n");
		free(ids);
	}
	free(th);
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
		int nd = n < 0 ? -1 : dialogue_section(rq, b, sc.cr.reviewed, p);
		n = nd < 0 ? -1 : n + nd;
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
	/* disc (B18 "Follow-up progress info", R104): the progress reports
	 * the State uploaded to the public part. */
	json_t *reports = sumctx_public_reports(rq, &sc);
	if (!reports) {
		pages_error(rq, rs, 503);
		return;
	}
	if (json_array_size(reports)) {
		web_html(b, "<section class=\"card\" id=\"progress-reports\"><h2>%s</h2>",
			 T("Progress reports"));
		size_t i;
		json_t *v;
		json_array_foreach(reports, i, v) {
			web_html(b, "<article class=\"item\" data-report=\"%l\"><p>%s ",
				 (long long)json_integer_value(json_object_get(v, "id")), T("Phase"));
			i18n_put_number(b, rq->lang, (int)json_integer_value(json_object_get(v,
												 "phase")));
			web_html(b, " &middot; <time datetime=\"%s\">%s</time></p><pre class=\"text\">"
				 "%s</pre></article>", json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "body")));
			shown++;
		}
		web_html(b, "</section>\n");
	}
	json_decref(reports);
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
	struct access_object o = respctx_item_object(&c, m.instrument, m.id);
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
