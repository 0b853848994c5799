/* pages_wg.c - what the working groups and the Conference have received
 * (issue 10; annex paras 38, 43; R109, R110; gap10 item 5): per working
 * group of table 2, the final lists of observations released to it as
 * conference room papers (findings/crp.c), each with its review's summary
 * when there is one.  A row is shown only when access/ lets the actor
 * read that CRP (ACCESS_LIST_CRP_READ: every State party and the
 * Secretariat, never a stakeholder) and the summary link only when it
 * lets it read the summary (ACCESS_SUMMARY_READ).  Pages /working-groups
 * and /working-groups/{wg}, API GET /api/v1/working-groups/{wg}/documents. */
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

#include "findings/crp.h"
#include "i18n/i18n.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/sumctx.h"

/* The entries of wg the actor may read, each with "summary" (the drafting
 * language of a summary it may read, or null): a new array, or NULL with
 * *rc as crp_wg_documents(). */
static json_t *readable(struct web_req *rq, const char *wg, int *rc)
{
	json_t *all = crp_wg_documents(rq->db, wg, rc), *out;
	if (!all)
		return NULL;
	out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(all, i, v) {
		const char *st = json_string_value(json_object_get(v, "reviewed"));
		char ph[4];
		snprintf(ph, sizeof ph, "%d", (int)json_integer_value(json_object_get(v, "phase")));
		struct listctx x;
		if (listctx_load(rq->db, st, ph, &x) <= 0)
			continue;
		int ok = listctx_allowed(rq, &x, ACCESS_LIST_CRP_READ, NULL);
		listctx_free(&x);
		if (!ok)
			continue;
		struct sumctx c;
		json_t *sum = json_null();
		if (sumctx_load(rq->db, st, ph, &c) == 1 && c.exists) {
			/* outline: sumctx_read, so that the issued version a
			 * corrigendum keeps public stays listed. */
			struct access_decision d;
			if (sumctx_read(rq, &c, c.si.drafting, 0, &d))
				sum = json_string(c.si.drafting);
		}
		json_t *e = json_deep_copy(v);
		json_object_set_new(e, "summary", sum);
		json_array_append_new(out, e);
	}
	json_decref(all);
	return out;
}

void page_wg_index(struct web_req *rq, struct web_resp *rs)
{
	json_t *wgs = crp_wgs_json(rq->db);
	if (!wgs) {
		pages_error(rq, rs, 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Working groups"));
	web_html(b, "<p>%s</p><ul id=\"working-groups\">",
		 T("What each working group has received: the conference room papers of the final "
		   "lists of observations (para 38) and the summaries."));
	size_t i;
	json_t *v;
	json_array_foreach(wgs, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		const char *name = json_string_value(json_object_get(
			v, !strcmp(rq->lang, "fr") ? "name_fr" : "name_en"));
		web_html(b, "<li><a href=\"/working-groups/%u\">%s</a></li>", code, name);
	}
	web_html(b, "</ul>");
	pages_end(rq, b);
	json_decref(wgs);
}

void page_wg(struct web_req *rq, struct web_resp *rs)
{
	char name[128];
	int rc, r = crp_wg_get(rq->db, rq->param[0], name);
	if (r <= 0) {
		pages_error(rq, rs, r < 0 ? 503 : 404);
		return;
	}
	json_t *docs = readable(rq, rq->param[0], &rc);
	if (!docs) {
		pages_error(rq, rs, rc == -3 ? 404 : 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, name);
	if (!json_array_size(docs)) {
		web_html(b, "<p id=\"wg-none\">%s</p>",
			 T("Nothing has been released to this working group that you may read."));
	} else {
		web_html(b, "<table id=\"wg-documents\"><thead><tr><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>", T("State"), T("Phase"),
			 T("Agreed"), T("Conference room paper"), T("Summary"));
		size_t i;
		json_t *v;
		json_array_foreach(docs, i, v) {
			const char *st = json_string_value(json_object_get(v, "reviewed"));
			int ph = (int)json_integer_value(json_object_get(v, "phase"));
			const char *sum = json_string_value(json_object_get(v, "summary"));
			const char *at = json_string_value(json_object_get(v, "agreed_at"));
			web_html(b, "<tr data-state=\"%s\" data-phase=\"%d\"><td>", st, ph);
			pages_put_state_name(rq, b, st);
			web_html(b, "</td><td>");
			i18n_put_number(b, rq->lang, ph);
			web_html(b, "</td><td><time datetime=\"%s\">", at);
			i18n_put_date(b, rq->lang, at);
			web_html(b, "</time></td><td><a class=\"crp\" href=\"/reviews/%u/phases/%d/list/"
				 "crp/%u\">%s</a></td><td>", st, ph, rq->param[0],
				 T("Conference room paper"));
			if (sum)
				web_html(b, "<a class=\"summary\" href=\"/reviews/%u/phases/%d/summary/"
					 "%u\">%s</a>", st, ph, sum, T("Summary"));
			web_html(b, "</td></tr>");
		}
		web_html(b, "</tbody></table>");
	}
	pages_end(rq, b);
	json_decref(docs);
}

void api_wg_documents(struct web_req *rq, struct web_resp *rs)
{
	int rc;
	json_t *docs = readable(rq, rq->param[0], &rc);
	if (!docs) {
		if (rc == -3)
			web_resp_json_error(rs, 404, "not_found", "no such working group");
		else
			web_resp_json_error(rs, 503, "unavailable", "the documents could not be read");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:s,s:o}", "working_group", rq->param[0], "documents",
					 docs));
}
