/* pages_respq9.c - see respq9.h; and the forms behind it: the
 * Secretariat's UNCAC override (POST /reviews/{state}/phases/{n}/uncac,
 * C27) and a reference to another review mechanism added to an answer
 * (POST .../responses/{question}/references, R73).  Post/redirect/get.
 * The rules are access/'s, the work response/'s; this file renders. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "response/uncac.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/pages_country.h"
#include "web/respq9.h"

static const char *str0(const char *s)
{
	return s ? s : "";
}

int respq9_percent(int answered, int due)
{
	return due > 0 ? (int)((long long)answered * 100 / due) : 0;
}

void respq9_done(struct web_req *rq, struct buf *b, const char *cls, const char *id,
		 int answered, int due)
{
	if (id)
		web_html(b, "<p class=\"%s\" id=\"%s\">", cls, id);
	else
		web_html(b, "<p class=\"%s\">", cls);
	web_html(b, "%s: <data class=\"answered\" value=\"%d\">", T("Answered"), answered);
	i18n_put_number(b, rq->lang, answered);
	web_html(b, "</data> / <data class=\"due\" value=\"%d\">", due);
	i18n_put_number(b, rq->lang, due);
	int p = respq9_percent(answered, due);
	web_html(b, "</data> (<data class=\"percent\" value=\"%d\">", p);
	i18n_put_number(b, rq->lang, p);
	web_html(b, "</data>&nbsp;%%)%r</p>", answered == due && due > 0
		 ? " <span class=\"status-on\">&#10003;</span>" : "");
}

void respq9_section_done(struct web_req *rq, struct buf *b,
			 const struct response_completion *comp, const char *section)
{
	for (size_t k = 0; comp && section && k < comp->nsections; k++)
		if (!strcmp(comp->sections[k].section, section)) {
			char id[96];
			snprintf(id, sizeof id, "done-%s", section);
			respq9_done(rq, b, "completion section-completion", id,
				    comp->sections[k].answered, comp->sections[k].due);
			return;
		}
}

/* A text of the definition in the page's language, else English. */
static const char *qtext(const struct web_req *rq, json_t *t)
{
	const char *s = json_string_value(json_object_get(t, rq->lang));
	if (!s)
		s = json_string_value(json_object_get(t, "en"));
	return s ? s : "";
}

void respq9_mutatis(struct web_req *rq, struct buf *b, const struct response_qn *qn)
{
	json_t *secs = json_object_get(qn->def->json, "sections");
	size_t k, n = 0;
	json_t *sec;
	if (!strcmp(qn->instrument, "untoc"))
		return;
	json_array_foreach(secs, k, sec)
		n += json_array_size(json_object_get(sec, "mutatis_mutandis")) > 0;
	if (!n)
		return;
	web_html(b, "<div class=\"hint mutatis\" id=\"mutatis-%s\"><p>%s</p><table><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 qn->instrument,
		 T("The provisions of the Convention that apply mutatis mutandis to this Protocol are examined under the Convention only: the Protocol's questions do not ask about them, and the reviewers read the Convention's answers with these provisions (R40)."),
		 T("Provision of the Protocol"), T("Articles of the Convention examined under the Convention only"));
	json_array_foreach(secs, k, sec) {
		json_t *mm = json_object_get(sec, "mutatis_mutandis");
		if (!json_array_size(mm))
			continue;
		web_html(b, "<tr data-section=\"%s\"><td>%s</td><td>",
			 str0(json_string_value(json_object_get(sec, "id"))),
			 qtext(rq, json_object_get(sec, "title")));
		size_t i;
		json_t *a;
		json_array_foreach(mm, i, a)
			web_html(b, "%r%s <span class=\"article\">%s</span>", i ? ", " : "",
				 T("article"), str0(json_string_value(a)));
		web_html(b, "</td></tr>");
	}
	web_html(b, "</tbody></table></div>");
}

/* ---- UNCAC status (C27) ---- */

static const char *party_text(struct web_req *rq, int uncac)
{
	return uncac ? T("party to the United Nations Convention against Corruption")
		     : T("not party to the United Nations Convention against Corruption");
}

void respq9_uncac(struct web_req *rq, struct buf *b, const struct respctx *c, int submitted)
{
	json_t *u = response_uncac_json(rq->db, &c->rv);
	if (!u || !json_is_true(json_object_get(u, "applies"))) {
		json_decref(u);
		return;
	}
	web_html(b, "<section class=\"card\" id=\"uncac\"><h2>%s</h2>",
		 T("UNCAC status (table 1, note a)"));
	if (!json_is_true(json_object_get(u, "started"))) {
		web_html(b, "<p>%s</p></section>", T("The UNCAC status is taken when the phase starts."));
		json_decref(u);
		return;
	}
	int at_start = json_is_true(json_object_get(u, "at_start"));
	int in_force = json_is_true(json_object_get(u, "in_force"));
	web_html(b, "<p id=\"uncac-at-start\" data-uncac=\"%d\">%s: %s</p>", at_start,
		 T("At the start of the phase"), party_text(rq, at_start));
	web_html(b, "<p id=\"uncac-in-force\" data-uncac=\"%d\">%s: %s</p>", in_force,
		 T("In force for this questionnaire"), party_text(rq, in_force));
	web_html(b, "<p class=\"hint\" id=\"uncac-effect\">%s</p>", in_force
		 ? T("Articles 8 and 9 of the Convention are not examined in this questionnaire.")
		 : T("Articles 8 and 9 of the Convention are examined in this questionnaire."));
	json_t *list = json_object_get(u, "decisions");
	if (json_array_size(list)) {
		web_html(b, "<h3>%s</h3><ol class=\"uncac-decisions\">",
			 T("Decisions of the Secretariat"));
		size_t i;
		json_t *d;
		json_array_foreach(list, i, d) {
			web_html(b, "<li data-id=\"%l\">", (long long)json_integer_value(json_object_get(d, "id")));
			country_put_when_who(rq, b, json_string_value(json_object_get(d, "decided_at")),
					     json_string_value(json_object_get(d, "decided_by")));
			web_html(b, ": %s &middot; <span class=\"reference\">%s</span> &middot; "
				 "<span class=\"reason\">%s</span></li>",
				 party_text(rq, json_is_true(json_object_get(d, "uncac"))),
				 str0(json_string_value(json_object_get(d, "reference"))),
				 str0(json_string_value(json_object_get(d, "reason"))));
		}
		web_html(b, "</ol>");
	}
	json_decref(u);
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(c, NULL);
	if (submitted || !access_allowed(&a, ACCESS_UNCAC_OVERRIDE, &o)) {
		web_html(b, "</section>");
		return;
	}
	web_html(b, "<form method=\"post\" action=\"/reviews/%u/phases/%d/uncac\" id=\"uncac-form\">",
		 c->rv.reviewed, c->rv.phase);
	pages_csrf(rq, b);
	web_html(b, "<p class=\"hint\">%s</p>",
		 T("The Secretariat may set the UNCAC status this questionnaire uses. Answers already given are kept: a section hidden by a decision shows them again when a later decision brings it back."));
	web_html(b, "<label>%s <select name=\"uncac\"><option value=\"yes\"%r>%s</option>"
		 "<option value=\"no\"%r>%s</option></select></label> ", T("UNCAC status"),
		 in_force ? " selected" : "", T("Party to UNCAC"), in_force ? "" : " selected",
		 T("Not party to UNCAC"));
	web_html(b, "<label>%s <input name=\"reference\" required maxlength=\"120\"></label> "
		 "<label>%s <textarea name=\"reason\" rows=\"2\" required></textarea></label> "
		 "<button type=\"submit\">%s</button></form></section>", T("Reference of the decision"),
		 T("Reason"), T("Record the decision"));
}

/* ---- References to other review mechanisms (R73) ---- */

void respq9_references(struct web_req *rq, struct buf *b, const struct respctx *c,
		       const char *question, json_t *doc, int base_version, int add, int refill)
{
	json_t *refs = json_object_get(doc, "references");
	size_t i;
	json_t *r;
	if (json_array_size(refs)) {
		web_html(b, "<div class=\"references\"><p>%s</p><ul>",
			 T("Information given to other review mechanisms"));
		json_array_foreach(refs, i, r) {
			const char *date = json_string_value(json_object_get(r, "date"));
			web_html(b, "<li class=\"reference\"><span class=\"mechanism\">%s</span> &middot; "
				 "<span class=\"document\">%s</span> &middot; <time datetime=\"%s\">",
				 str0(json_string_value(json_object_get(r, "mechanism"))),
				 str0(json_string_value(json_object_get(r, "document"))), str0(date));
			if (date)
				i18n_put_date(b, rq->lang, date);
			web_html(b, "</time></li>");
		}
		web_html(b, "</ul></div>");
	}
	if (!add)
		return;
	web_html(b, "<details class=\"reference-form\"%r><summary>%s</summary>"
		 "<form method=\"post\" action=\"/reviews/%u/phases/%d/responses/%u/references\">",
		 refill ? " open" : "", T("Refer to information given to another review mechanism"),
		 c->rv.reviewed, c->rv.phase, question);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"base_version\" value=\"%d\">", base_version);
	web_html(b, "<p class=\"hint\">%s</p>",
		 T("For obligations identical or similar to those of the United Nations Convention against Corruption, you may refer to your responses and supplementary documents of its review mechanism. Keep the reference up to date when that information changes."));
	web_html(b, "<label>%s <input name=\"mechanism\" list=\"mechanisms\" maxlength=\"200\" "
		 "value=\"%s\"></label> ", T("Mechanism"),
		 refill ? str0(web_req_field(rq, "mechanism")) : "");
	web_html(b, "<datalist id=\"mechanisms\"><option value=\"UNCAC Implementation Review "
		 "Mechanism\"></option></datalist>");
	web_html(b, "<label>%s <input name=\"document\" maxlength=\"500\" value=\"%s\"></label> ",
		 T("Document"), refill ? str0(web_req_field(rq, "document")) : "");
	web_html(b, "<label>%s <input type=\"date\" name=\"date\" value=\"%s\"></label> ",
		 T("Date"), refill ? str0(web_req_field(rq, "date")) : "");
	web_html(b, "<button type=\"submit\">%s</button></form></details>", T("Add the reference"));
}

/* ---- The country page (R43) ---- */

void respq9_country_starts(struct web_req *rq, struct buf *b, const char *reviewed, int phase)
{
	json_t *a = response_review_starts_json(rq->db, reviewed, phase);
	size_t i;
	json_t *x;
	if (json_array_size(a)) {
		web_html(b, "<ul class=\"review-starts\" id=\"starts-%d\">", phase);
		json_array_foreach(a, i, x) {
			const char *inst = json_string_value(json_object_get(x, "instrument"));
			const char *at = json_string_value(json_object_get(x, "started_at"));
			web_html(b, "<li data-instrument=\"%s\">%s: ", str0(inst),
				 country_instr_label(rq, str0(inst)));
			if (at) {
				web_html(b, "%s <time datetime=\"%s\">", T("country-review phase started"), at);
				i18n_put_date(b, rq->lang, at);
				web_html(b, "</time> (%s)", T("every relevant section of the questionnaire complete"));
			} else {
				web_html(b, "%s", T("questionnaire not complete yet"));
			}
			web_html(b, "</li>");
		}
		web_html(b, "</ul>");
	}
	json_decref(a);
}

/* ---- The forms ---- */

static void back_link(struct web_req *rq, struct buf *b, const struct respctx *c,
		      const char *anchor)
{
	web_html(b, "<p><a href=\"/reviews/%u/phases/%d/responses#%s\">%s</a></p>", c->rv.reviewed,
		 c->rv.phase, anchor, T("Back to the questionnaire"));
}

void page_uncac_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!respctx_allowed(rq, &c, ACCESS_UNCAC_OVERRIDE, NULL)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	const char *u = web_req_field(rq, "uncac");
	int uncac = u && !strcmp(u, "yes") ? 1 : u && !strcmp(u, "no") ? 0 : -1;
	int64_t id = response_uncac_override(rq->db, &c.rv, uncac, web_req_field(rq, "reference"),
					     web_req_field(rq, "reason"), rq->user.email, rq->ip,
					     err, sizeof err);
	if (id > 0) {
		struct buf loc = { 0 };
		buf_printf(&loc, "/reviews/%s/phases/%d/responses?uncac=1#uncac", c.rv.reviewed,
			   c.rv.phase);
		web_resp_redirect(rs, buf_str(&loc));
		buf_free(&loc);
		goto out;
	}
	/* The domain's reason in the page's language (util/msg.h). */
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = id == UNCAC_REFUSED ? 409 : id == UNCAC_ERROR ? 503 : 400;
	pages_begin(rq, b, T("The decision was not recorded"));
	pages_notice(b, "error", id == UNCAC_ERROR ? T("The service is temporarily unavailable.")
		     : pages_derr(rq, err));
	web_html(b, "<p id=\"yours\">%s &middot; %s</p>", str0(web_req_field(rq, "reference")),
		 str0(web_req_field(rq, "reason")));
	back_link(rq, b, &c, "uncac");
	pages_end(rq, b);
out:
	respctx_free(&c);
}

void page_reference_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	char err[600];
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
	long bv = -1;
	const char *bvs = web_req_field(rq, "base_version");
	if (bvs)
		util_parse_long(bvs, 0, 1000000, &bv);
	int v = 0;
	enum response_rc r = response_reference_add(rq->db, &c.rv, &c.qs, rq->param[2], (int)bv,
						    web_req_field(rq, "mechanism"),
						    web_req_field(rq, "document"),
						    web_req_field(rq, "date"), rq->user.email, &v,
						    err, sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.reference", rq->param[2], c.rv.reviewed);
		struct buf loc = { 0 };
		buf_printf(&loc, "/reviews/%s/phases/%d/responses?saved=1#%s", c.rv.reviewed,
			   c.rv.phase, rq->param[2]);
		web_resp_redirect(rs, buf_str(&loc));
		buf_free(&loc);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = r == RESPONSE_BAD ? 400 : r == RESPONSE_ERROR ? 503 : 409;
	pages_begin(rq, b, T("The reference was not added"));
	pages_notice(b, "error", r == RESPONSE_CONFLICT
		     ? T("Someone else saved this answer after you began: look at the current answer, then add the reference again.")
		     : r == RESPONSE_ERROR ? T("The service is temporarily unavailable.")
		     : pages_derr(rq, err));
	/* What was sent is given back in the form, nothing lost. */
	struct response_answer a = { 0 };
	int have = r == RESPONSE_CONFLICT || r == RESPONSE_BAD
		? response_answer_get(rq->db, &c.rv, rq->param[2], &a) : 0;
	if (!c.submitted && (r == RESPONSE_CONFLICT || r == RESPONSE_BAD) && have > 0)
		respq9_references(rq, b, &c, rq->param[2], NULL, a.version, 1, 1);
	response_answer_free(&a);
	back_link(rq, b, &c, rq->param[2]);
	pages_end(rq, b);
out:
	respctx_free(&c);
}
