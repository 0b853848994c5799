/* pages_respmore.c - the national consultations of para 23 (R75) on the
 * questionnaire page, and the comparison of two versions of an answer
 * (issue 9: "a version history that can be compared"; api9).  Rendering
 * only: the rules are access/'s (ACCESS_RESPONSE_READ, _EDIT, and the
 * drafts rule of respctx_drafts_readable), the work response/'s. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "questionnaire/qdef.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/respmore.h"

static const char *const sector_codes[] = { "private_sector", "ngo", "academia", "individuals",
					    "other" };

static const char *sector_label(struct web_req *rq, const char *c)
{
	if (!strcmp(c, "private_sector")) return T("Private sector");
	if (!strcmp(c, "ngo")) return T("Non-governmental organizations");
	if (!strcmp(c, "academia")) return T("Academia");
	if (!strcmp(c, "individuals")) return T("Individuals and groups outside the public sector");
	if (!strcmp(c, "other")) return T("Other");
	return c;
}

static const char *field0(struct web_req *rq, const char *k, int refill)
{
	const char *v = refill ? web_req_field(rq, k) : NULL;
	return v ? v : "";
}

void respmore_consultations(struct web_req *rq, struct buf *b, const struct respctx *c,
			    int submitted, int refill)
{
	struct access_actor who = web_req_actor(rq);
	/* probe (para 41): shown with the answers of every instrument. */
	int read = respctx_consultations_readable(c, &who);
	int edit = !submitted && respctx_allowed(rq, c, ACCESS_RESPONSE_EDIT, NULL);
	if (!read && !edit)
		return;
	if (read) {
		/* Para 37, R237: every read of the responses is audited. */
		char detail[200];
		respctx_read_detail(c, &who, ACCESS_RESPONSE_READ, NULL, detail, sizeof detail);
		web_req_audit(rq, "read.national_consultations", c->rv.reviewed, detail);
	}
	web_html(b, "<section class=\"card\" id=\"national-consultations\"><h2>%s</h2><p class=\"hint\">"
		 "%s</p>", T("National consultations"),
		 T("Consultations held to answer the questionnaire with the private sector, non-governmental organizations, academia and others outside the public sector (optional)."));
	json_t *a = read ? response_consultations_json(rq->db, &c->rv) : NULL;
	size_t i;
	json_t *e;
	if (json_array_size(a)) {
		web_html(b, "<ul class=\"national-consultations\">");
		json_array_foreach(a, i, e) {
			const char *held = json_string_value(json_object_get(e, "held_on"));
			web_html(b, "<li><time datetime=\"%s\">", held);
			i18n_put_date(b, rq->lang, held);
			web_html(b, "</time>: ");
			char sec[128];
			util_strlcpy(sec, json_string_value(json_object_get(e, "sectors")), sizeof sec);
			int first = 1;
			for (char *sv = NULL, *t = strtok_r(sec, ",", &sv); t; t = strtok_r(NULL, ",", &sv)) {
				web_html(b, "%r%s", first ? "" : ", ", sector_label(rq, t));
				first = 0;
			}
			web_html(b, "<p>%s</p></li>", json_string_value(json_object_get(e, "summary")));
		}
		web_html(b, "</ul>");
	} else if (read) {
		web_html(b, "<p>%s</p>", T("None recorded."));
	}
	json_decref(a);
	if (edit) {
		web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/consultations\" "
			 "class=\"grid\" id=\"national-consultation-form\">", c->rv.reviewed, c->rv.phase);
		pages_csrf(rq, b);
		web_html(b, "<div class=\"field\"><label for=\"nc-held\">%s</label><input id=\"nc-held\" "
			 "name=\"held_on\" type=\"date\" required value=\"%s\"></div><fieldset><legend>%s"
			 "</legend>", T("Held on"), field0(rq, "held_on", refill), T("Sectors consulted"));
		for (size_t k = 0; k < sizeof sector_codes / sizeof *sector_codes; k++) {
			char name[32];
			snprintf(name, sizeof name, "sector_%s", sector_codes[k]);
			web_html(b, "<label><input type=\"checkbox\" name=\"%s\" value=\"1\"%r> %s</label> ",
				 name, refill && web_req_field(rq, name) ? " checked" : "",
				 sector_label(rq, sector_codes[k]));
		}
		web_html(b, "</fieldset><div class=\"field\"><label for=\"nc-summary\">%s</label>"
			 "<textarea id=\"nc-summary\" name=\"summary\" rows=\"3\" maxlength=\"4000\" "
			 "required>%s</textarea></div><button type=\"submit\">%s</button></form>",
			 T("Summary"), field0(rq, "summary", refill), T("Record the consultation"));
	}
	web_html(b, "</section>");
}

void page_national_consultation_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600], sectors[128] = "";
	if (respctx_page_load(rq, rs, &c) <= 0)
		return;
	if (!respctx_allowed(rq, &c, ACCESS_RESPONSE_EDIT, NULL)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	for (size_t k = 0; k < sizeof sector_codes / sizeof *sector_codes; k++) {
		char name[32];
		snprintf(name, sizeof name, "sector_%s", sector_codes[k]);
		if (web_req_field(rq, name)) {
			size_t n = strlen(sectors);
			snprintf(sectors + n, sizeof sectors - n, "%s%s", n ? "," : "", sector_codes[k]);
		}
	}
	int64_t id = c.qs.n == 0
		? (snprintf(err, sizeof err, "%s", T("The questionnaire of this phase is not open yet.")), -1)
		: response_consultation_add(rq->db, &c.rv, web_req_field(rq, "held_on"), sectors,
					    web_req_field(rq, "summary"), rq->user.email, err,
					    sizeof err);
	if (id > 0) {
		web_req_audit(rq, "response.consultation", c.rv.reviewed, rq->param[1]);
		char loc[96];
		snprintf(loc, sizeof loc, "/reviews/%s/phases/%d/responses?consulted=1"
			 "#national-consultations", c.rv.reviewed, c.rv.phase);
		web_resp_redirect(rs, loc);
		goto out;
	}
	/* Refused: the reason, and the form with what was sent (lost nothing). */
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 400;
	pages_begin(rq, b, T("The consultation was not recorded"));
	pages_notice(b, "error", err);
	respmore_consultations(rq, b, &c, c.submitted, 1);
	web_html(b, "<p><a href=\"/reviews/%s/phases/%d/responses\">%s</a></p>", c.rv.reviewed,
		 c.rv.phase, T("Back to the questionnaire"));
	pages_end(rq, b);
out:
	respctx_free(&c);
}

void respmore_compare_form(struct web_req *rq, struct buf *b, const struct respctx *c,
			   const char *question, const struct response_answer *h, size_t from,
			   size_t n)
{
	if (n < from + 2)
		return;
	web_html(b, "<form method=\"get\" action=\"/reviews/%s/phases/%d/responses/%s/compare\" "
		 "class=\"inline\" id=\"compare-form\">", c->rv.reviewed, c->rv.phase, question);
	const char *names[2] = { "from", "to" }, *labels[2] = { T("Compare version"), T("with version") };
	for (int k = 0; k < 2; k++) {
		web_html(b, "<label>%s <select name=\"%s\">", labels[k], names[k]);
		for (size_t i = from; i < n; i++)
			web_html(b, "<option value=\"%d\"%r>%d</option>", h[i].version,
				 i == (k ? n - 1 : n - 2) ? " selected" : "", h[i].version);
		web_html(b, "</select></label> ");
	}
	web_html(b, "<button type=\"submit\">%s</button></form>", T("Compare"));
}

/* GET .../responses/{question}/compare?from=N&to=M: the two versions
 * word by word, deletions and insertions marked (<del>, <ins>). */
void page_response_compare(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct response_answer *h = NULL;
	size_t n = 0;
	if (!respctx_page_versions(rq, rs, &c, &qq, &h, &n))
		return;
	long to = n ? h[n - 1].version : 0, from = to - 1;
	const char *ts = web_req_query(rq, "to"), *fs = web_req_query(rq, "from");
	const struct response_answer *va = NULL, *vb = NULL;
	if ((!ts || util_parse_long(ts, 1, 1000000, &to) == 0) &&
	    (!fs || util_parse_long(fs, 1, 1000000, &from) == 0))
		for (size_t i = 0; i < n; i++) {
			if (h[i].version == from)
				va = &h[i];
			if (h[i].version == to)
				vb = &h[i];
		}
	if (!va || !vb) {
		pages_error(rq, rs, 404);
		goto out;
	}
	/* After submission the earlier drafts only for who reads drafts (B18). */
	struct access_actor a = web_req_actor(rq);
	if (c.submitted && (va != &h[n - 1] || vb != &h[n - 1]) &&
	    !respctx_drafts_readable(&c, &a, qq.qn->instrument)) {
		respctx_page_refuse(rq, rs);
		goto out;
	}
	char detail[200];
	respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, qq.qn->instrument, detail, sizeof detail);
	web_req_audit(rq, "read.response", rq->param[2], detail);
	json_t *da = json_loads(va->answer, 0, NULL), *db = json_loads(vb->answer, 0, NULL);
	struct buf ta = { 0 }, tb = { 0 };
	response_value_text(json_object_get(da, "value"), &ta);
	response_value_text(json_object_get(db, "value"), &tb);
	json_t *diff = response_compare_text(buf_str(&ta), buf_str(&tb));
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Two versions of the answer compared"));
	web_html(b, "<p>%s</p><dl class=\"facts\">", rq->param[2]);
	const struct response_answer *v2[2] = { va, vb };
	for (int k = 0; k < 2; k++) {
		web_html(b, "<dt>%s %d</dt><dd><time datetime=\"%s\">", T("Version"), v2[k]->version,
			 v2[k]->saved_at);
		i18n_put_date(b, rq->lang, v2[k]->saved_at);
		web_html(b, "</time>, %s (%s)</dd>", v2[k]->saved_by, v2[k]->lang);
	}
	web_html(b, "</dl><p class=\"hint\">%s</p><pre class=\"diff\" id=\"diff\" lang=\"%s\">",
		 T("Text removed is struck through, text added is underlined."), vb->lang);
	size_t i;
	json_t *e;
	json_array_foreach(diff, i, e) {
		const char *op = json_string_value(json_object_get(e, "op"));
		const char *t = json_string_value(json_object_get(e, "text"));
		web_html(b, !strcmp(op, "insert") ? "<ins>%s</ins>" : !strcmp(op, "delete")
			 ? "<del>%s</del>" : "%s", t);
	}
	web_html(b, "</pre>");
	respmore_compare_form(rq, b, &c, rq->param[2], h,
			      n && c.submitted && !respctx_drafts_readable(&c, &a, qq.qn->instrument)
			      ? n - 1 : 0, n);
	web_html(b, "<p><a href=\"/reviews/%s/phases/%d/responses/%s/history\">%s</a></p>",
		 c.rv.reviewed, c.rv.phase, rq->param[2], T("History of the answer"));
	pages_end(rq, b);
	json_decref(diff);
	json_decref(da);
	json_decref(db);
	buf_free(&ta);
	buf_free(&tb);
out:
	response_answers_free(h, n);
	respctx_free(&c);
}
