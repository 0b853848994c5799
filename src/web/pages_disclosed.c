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
#include "accounts/account.h"
#include "questionnaire/qdef.h"
#include "response/attachment.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/pages_country.h"
#include "web/personal.h"
#include "web/respctx.h"
#include "web/sumctx.h"

/* public (F22): who may read an item, as access/ answers for an anonymous
 * visitor and for a State party outside the review. */
enum audience { AUD_PUBLIC, AUD_STATES, AUD_PART };

/* The actors the audience of an item is asked for: anyone, and a focal
 * point of a State party taking no part in the review ("ZZZ" is no
 * State: it is none of the review's parties, and not a signatory). */
struct audiences {
	struct access_actor anyone, states;
	struct account probe;
};

static void audiences_init(struct audiences *au)
{
	memset(au, 0, sizeof *au);
	au->probe.id = -1;
	au->probe.role = ROLE_FOCAL_POINT;
	util_strlcpy(au->probe.role_name, "focal_point", sizeof au->probe.role_name);
	util_strlcpy(au->probe.state, "ZZZ", sizeof au->probe.state);
	au->anyone.auth = ACCESS_ANONYMOUS;
	au->states.auth = ACCESS_SIGNED_IN;
	au->states.user = &au->probe;
}

/* The mark of an item's audience, so that the reviewed State sees what
 * the public sees (paras 37, 41). */
static void put_audience(struct web_req *rq, struct buf *b, enum audience w)
{
	static const char *const code[] = { "public", "states", "participants" };
	const char *label = w == AUD_PUBLIC ? T("Public")
		: w == AUD_STATES ? T("All States parties")
		: T("The participants in the review");
	web_html(b, "<span class=\"audience audience-%s\" data-audience=\"%s\">%s</span>",
		 code[w], code[w], label);
}

/* The text of a definition's translations in the page language, else
 * English, else "". */
static const char *def_text(const struct web_req *rq, json_t *t)
{
	const char *s = json_string_value(json_object_get(t, rq->lang));
	if (!s)
		s = json_string_value(json_object_get(t, "en"));
	return s ? s : "";
}

/* The question's text from its questionnaire definition (F7). */
static const char *question_text(const struct web_req *rq, const struct response_question *qq)
{
	const struct qdef *d = qq->qn->def;
	const struct qdef_section *sec = &d->sections[qq->section];
	json_t *js = json_array_get(json_object_get(d->json, "sections"), qq->section);
	json_t *jq = json_array_get(json_object_get(js, "questions"),
				    qq->index - sec->first_question);
	return def_text(rq, json_object_get(jq, "text"));
}

static const char *priority_label(struct web_req *rq, const char *p)
{
	if (!p)
		return "";
	if (!strcmp(p, "high"))
		return T("High priority");
	if (!strcmp(p, "medium"))
		return T("Medium priority");
	if (!strcmp(p, "low"))
		return T("Low priority");
	return p;
}

static const char *str0(const char *s)
{
	return s ? s : "";
}

/* The document of id among the readable ones (docs), or NULL. */
static json_t *doc_of(json_t *docs, const char *id)
{
	size_t i;
	json_t *x;
	json_array_foreach(docs, i, x)
		if (id && !strcmp(id, str0(json_string_value(json_object_get(x, "id")))))
			return x;
	return NULL;
}

/* An answer's value as the questionnaire page shows it (F7): a choice by
 * its label in the page language, lists one item a line, documents by
 * their names (a link when the reader may read them). */
static void put_value(struct web_req *rq, struct buf *b, enum qdef_type t, json_t *v,
		      json_t *docs, const char *state)
{
	const char *s = json_string_value(v);
	size_t i;
	json_t *x;
	if (t == QDEF_YES_NO_PARTLY && s) {
		web_html(b, "%s", !strcmp(s, "yes") ? T("Yes") : !strcmp(s, "no") ? T("No")
			 : !strcmp(s, "partly") ? T("Partly") : s);
		return;
	}
	if (s) {
		web_html(b, "<span class=\"text\">%s</span>", s);
		return;
	}
	if (!json_is_array(v)) {
		char *j = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		web_html(b, "<code>%s</code>", j ? j : "");
		free(j);
		return;
	}
	web_html(b, "<ul class=\"value-list\">");
	json_array_foreach(v, i, x) {
		web_html(b, "<li>");
		if (t == QDEF_LEGISLATION_REFS) {
			const char *cit = json_string_value(json_object_get(x, "citation"));
			const char *link = json_string_value(json_object_get(x, "link"));
			web_html(b, "%s", cit ? cit : "");
			/* Only a web address becomes a link (no javascript: in the
			 * public part). */
			if (link && (!strncmp(link, "https://", 8) || !strncmp(link, "http://", 7)))
				web_html(b, " &middot; <a href=\"%s\" rel=\"nofollow noopener\">%s</a>",
					 link, link);
			else if (link)
				web_html(b, " &middot; %s", link);
		} else if (t == QDEF_TA_NEEDS) {
			web_html(b, "%s (%s)",
				 str0(json_string_value(json_object_get(x, "description"))),
				 priority_label(rq, json_string_value(json_object_get(x,
										      "priority"))));
		} else if (t == QDEF_ATTACHMENTS) {
			json_t *d = doc_of(docs, json_string_value(x));
			if (d)
				web_html(b, "<a class=\"disclosed-doc\" href=\"/reviews/%u/disclosed/"
					 "documents/%u\">%s</a>", state,
					 json_string_value(json_object_get(d, "id")),
					 json_string_value(json_object_get(d, "filename")));
			else
				web_html(b, "<span class=\"undisclosed\">%s</span>",
					 T("A document that is not disclosed"));
		} else if (json_is_string(x)) {
			web_html(b, "%s", json_string_value(x));
		}
		web_html(b, "</li>");
	}
	web_html(b, "</ul>");
}

/* One phase: its submitted answers and documents the actor may read, each
 * marked with its audience.  Returns how many items were shown, -1 on a
 * store error. */
static int phase_section(struct web_req *rq, struct buf *b, const struct access_actor *ap,
			 const char *state, int phase)
{
	struct respctx c;
	char ph[4];
	snprintf(ph, sizeof ph, "%d", phase);
	int r = respctx_load(rq->db, state, ph, &c);
	if (r <= 0)
		return r < 0 ? -1 : 0;
	struct access_actor a = *ap;
	struct audiences au;
	audiences_init(&au);
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
			 "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			 T("Question"), T("Answer"), T("Who may read it"));
		size_t i;
		json_t *x;
		json_array_foreach(ans, i, x) {
			struct response_question qq;
			const char *q = json_string_value(json_object_get(x, "question"));
			if (!q || !response_question_find(&c.qs, q, &qq))
				continue;
			const char *in = qq.qn->instrument;
			const struct qdef_question *dq = &qq.qn->def->questions[qq.index];
			web_html(b, "<tr data-question=\"%s\"><td><span class=\"instrument\">%s"
				 "</span> &middot; %s</td><td>", q, country_instr_label(rq, in),
				 question_text(rq, &qq));
			put_value(rq, b, dq->type, json_object_get(x, "value"), docs, state);
			web_html(b, "</td><td>");
			put_audience(rq, b, respctx_item_readable(&c, &au.anyone, ACCESS_RESPONSE_READ,
								  in, q) ? AUD_PUBLIC
				     : respctx_item_readable(&c, &au.states, ACCESS_RESPONSE_READ,
							     in, q) ? AUD_STATES : AUD_PART);
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
			const char *in = qq.qn->instrument;
			if (!respctx_item_readable(&c, &a, ACCESS_ATTACHMENT_READ, in, id))
				continue;
			web_html(b, "<li data-document=\"%s\"><a class=\"disclosed-doc\" href=\"/reviews/"
				 "%u/disclosed/documents/%u\">%s</a> ", id, state, id,
				 json_string_value(json_object_get(x, "filename")));
			put_audience(rq, b, respctx_item_readable(&c, &au.anyone,
								  ACCESS_ATTACHMENT_READ, in, id)
				     ? AUD_PUBLIC
				     : respctx_item_readable(&c, &au.states, ACCESS_ATTACHMENT_READ,
							     in, id) ? AUD_STATES : AUD_PART);
			web_html(b, "</li>");
			shown++;
		}
		web_html(b, "</ul></section>\n");
	}
	json_decref(j);
	respctx_free(&c);
	return shown;
}

/* Whether id is among ids[0..n). */
static int has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t k = 0; k < n; k++)
		if (ids[k] == id)
			return 1;
	return 0;
}

/* The threads of the phase's dialogue disclosed publicly (dialogue/ asks
 * access/), each message and record of a call with its text, each
 * document with its download link (F3).  Returns how many items it
 * showed, or -1 on a store error. */
static int dialogue_section(struct web_req *rq, struct buf *b, const struct access_actor *ap,
			    const char *state, int phase)
{
	/* The threads disclosed publicly: those an anonymous visitor may read
	 * (a participant's own reading of the dialogue is not a disclosure);
	 * each item is then read as the visitor, so the audit names them. */
	struct access_actor a = *ap, anyone = { .auth = ACCESS_ANONYMOUS };
	struct archive_thread *th = NULL;
	size_t nt = 0;
	int shown = 0;
	if (dialogue_threads(rq->db, &anyone, state, phase, &th, &nt) != DIALOGUE_OK)
		return -1;
	for (size_t k = 0; k < nt; k++) {
		int64_t *ids = NULL, *pub = NULL;
		size_t n = 0, np = 0;
		char err[200];
		if (dialogue_items(rq->db, &a, th[k].id, &ids, &n, err, sizeof err) != DIALOGUE_OK ||
		    n == 0) {
			free(ids);
			continue;
		}
		/* What of it the public reads (a message disclosed alone, disc2). */
		if (dialogue_items(rq->db, &anyone, th[k].id, &pub, &np, err, sizeof err) !=
		    DIALOGUE_OK)
			np = 0;
		web_html(b, "<section class=\"card\" id=\"disclosed-dialogue-%d-%s\"><h2>%s ", phase,
			 th[k].instrument, T("Dialogue"));
		i18n_put_number(b, rq->lang, phase);
		web_html(b, " &middot; %s</h2>", country_instr_label(rq, th[k].instrument));
		for (size_t j = 0; j < n; j++) {
			struct archive_record r;
			/* t-fix item 1: a signed-in reader viewing the page as the
			 * public is still audited as itself (a read of its own),
			 * where it may read the item; else as the visitor. */
			int got = DIALOGUE_FORBIDDEN;
			if (rq->authed && a.auth == ACCESS_ANONYMOUS) {
				struct access_actor me = web_req_actor(rq);
				got = dialogue_read(rq->db, &me, rq->ip, ids[j], &r, err, sizeof err);
				if (got != DIALOGUE_OK)
					archive_record_free(&r);
			}
			if (got != DIALOGUE_OK &&
			    dialogue_read(rq->db, &a, rq->ip, ids[j], &r, err, sizeof err) !=
			    DIALOGUE_OK) {
				archive_record_free(&r);
				continue;
			}
			web_html(b, "<article class=\"item\" data-item=\"%l\"><p><time datetime=\"%s\">"
				 "%s</time> ", (long long)ids[j], r.at, r.at);
			/* Every item shown here is at least in a thread readable by
			 * the public; an item outside it is the reader's own part. */
			put_audience(rq, b, has_id(pub, np, ids[j]) ? AUD_PUBLIC : AUD_PART);
			web_html(b, "</p>");
			if (!strcmp(r.kind, ARCHIVE_KIND_ATTACHMENT))
				web_html(b, "<h3><a class=\"disclosed-dialogue-doc\" href=\"/reviews/%u/"
					 "disclosed/dialogue/%l\">%s</a></h3>", state, (long long)ids[j],
					 r.title ? r.title : "");
			else
				web_html(b, "<h3>%s</h3>", r.title ? r.title : "");
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
		free(pub);
	}
	free(th);
	return shown;
}

/* F13: a State code in lower case answers with the page of its upper-case
 * code (303) rather than "no review"; returns 1 when it redirected. */
static int upper_redirect(struct web_req *rq, struct web_resp *rs, const char *rest)
{
	const char *st = rq->param[0];
	int lower = 0;
	for (const char *p = st; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			lower = 1;
	if (!lower || strlen(st) != 3)
		return 0;
	char up[4];
	for (int k = 0; k < 3; k++)
		up[k] = (char)(st[k] >= 'a' && st[k] <= 'z' ? st[k] - 'a' + 'A' : st[k]);
	up[3] = '\0';
	struct buf u = { 0 };
	web_html(&u, "/reviews/%u/disclosed%r", up, rest);
	web_resp_redirect(rs, buf_str(&u));
	buf_free(&u);
	return 1;
}

void page_disclosed(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx sc;
	const char *as = web_req_query(rq, "as");
	int as_public = as && !strcmp(as, "public");
	if (upper_redirect(rq, rs, as_public ? "?as=public" : ""))
		return;
	int r = sumctx_load(rq->db, rq->param[0], NULL, &sc);
	if (r <= 0) {
		pages_error(rq, rs, r < 0 ? 503 : 404);
		return;
	}
	/* F22: "view as the public" renders the page as for an anonymous
	 * visitor (a narrower reading: nothing more is shown). */
	struct access_actor actor = web_req_actor(rq);
	if (as_public)
		actor = (struct access_actor){ .auth = ACCESS_ANONYMOUS };
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Disclosed by the reviewed State"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, sc.cr.reviewed);
	web_html(b, "</p>\n<p>%s</p>\n",
		 T("What the reviewed State chose to disclose or to have published (paragraphs 37 "
		   "and 41), and its summaries issued as official documents."));
	if (as_public)
		web_html(b, "<p id=\"as-public\" class=\"notice\">%s <a href=\"/reviews/%u/"
			 "disclosed\">%s</a></p>\n", T("You see this page as the public sees it."),
			 sc.cr.reviewed, T("See everything you may read"));
	else if (rq->authed)
		web_html(b, "<p id=\"view-as-public\">%s <a href=\"/reviews/%u/disclosed?as=public\">"
			 "%s</a></p>\n", T("Each item says who may read it; only the items marked "
					   "public are disclosed to the public."),
			 sc.cr.reviewed, T("View as the public"));
	int shown = 0;
	for (int p = 1; p <= 4; p++) {
		int n = phase_section(rq, b, &actor, sc.cr.reviewed, p);
		int nd = n < 0 ? -1 : dialogue_section(rq, b, &actor, sc.cr.reviewed, p);
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
	char rest[200];
	snprintf(rest, sizeof rest, "/documents/%s", rq->param[1]);
	if (strlen(rq->param[1]) < 100 && upper_redirect(rq, rs, rest))
		return;
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

/* F3: a document of the dialogue disclosed with its thread (para 41), for
 * whoever ACCESS_DIALOGUE_READ allows (dialogue_read() asks access/ and
 * audits the read).  Always a download, never rendered in the origin. */
void page_disclosed_dialogue_item(struct web_req *rq, struct web_resp *rs)
{
	struct archive_record r;
	char err[300];
	long id;
	memset(&r, 0, sizeof r);
	if (util_parse_long(rq->param[1], 1, 1L << 53, &id) < 0) {
		pages_error(rq, rs, 404);
		return;
	}
	char rest[64];
	snprintf(rest, sizeof rest, "/dialogue/%ld", id);
	if (upper_redirect(rq, rs, rest))
		return;
	if (archive_record_meta(rq->db, id, &r) != 1 || strcmp(r.reviewed, rq->param[0]) != 0 ||
	    strcmp(r.kind, ARCHIVE_KIND_ATTACHMENT) != 0) {
		archive_record_free(&r);
		pages_error(rq, rs, 404);
		return;
	}
	archive_record_free(&r);
	memset(&r, 0, sizeof r);
	struct access_actor a = web_req_actor(rq);
	int rc = dialogue_read(rq->db, &a, rq->ip, id, &r, err, sizeof err);
	if (rc != DIALOGUE_OK) {
		int status = rc == DIALOGUE_FORBIDDEN ? 403 : rc == DIALOGUE_NOT_FOUND ? 404 : 503;
		if (rc == DIALOGUE_FORBIDDEN) {
			web_req_audit(rq, "access.denied", rq->log_path, "disclosed dialogue document");
			/* F8: as a missing document to who may not read the review. */
			struct respctx c;
			char ph[4];
			snprintf(ph, sizeof ph, "%d", r.phase);
			int lr = respctx_load(rq->db, rq->param[0], ph, &c);
			if (lr == 0 || (lr > 0 && !personal_review_known(&a, &c.ar)))
				status = 404;
			if (lr > 0)
				respctx_free(&c);
		}
		archive_record_free(&r);
		pages_error(rq, rs, status);
		return;
	}
	buf_reset(&rs->body);
	buf_append(&rs->body, r.body, r.body_len);
	rs->status = 200;
	const char *ct = attachment_sniff(r.body, r.body_len); /* static */
	rs->ctype = !strcmp(r.media_type, "text/plain") ? "text/plain; charset=utf-8"
		: ct ? ct : "application/octet-stream";
	char disp[300], ascii[201];
	size_t k = 0;
	for (const char *p = r.title ? r.title : ""; *p && k < 200; p++)
		ascii[k++] = (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_';
	ascii[k] = '\0';
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", k ? ascii : "document");
	web_resp_header(rs, "Content-Disposition", disp);
	archive_record_free(&r);
}
