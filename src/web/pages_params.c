/* pages_params.c - the parameters of the drawing of lots and the workplan,
 * versioned with the Conference decisions that set them, on the web (issue
 * 12 "Parameters, not constants" and "From the web"; R38, R33):
 *   GET  /lots/parameters          every version of the parameters (values,
 *                                  decision, who recorded it and when, the
 *                                  drawings that used it) and of the
 *                                  workplan; anyone (public decisions); the
 *                                  form to record a version for whoever
 *                                  ACCESS_PARAMS_RECORD allows
 *   POST /lots/parameters          a confirmation page first, then the
 *                                  version recorded (audited draw.params by
 *                                  lots/), post/redirect/get
 *   GET|POST /api/v1/lots/parameters   the same as JSON (no confirmation)
 * and the version in force on the public programme page.  Every field comes
 * from lots_param_fields (lots/params_ver.c): a new parameter is one line
 * there.  The checks and their messages are lots/'s; this file translates. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "i18n/i18n.h"
#include "lots/lots.h"
#include "review/workplan.h"
#include "util/util.h"
#include "web/handlers.h"

static const char *fv(struct web_req *rq, const char *k)
{
	const char *v = web_req_field(rq, k);
	return v ? v : "";
}

/* The form's value of a field: the submitted one after a refusal, else
 * the version in force. */
static const char *form_value(struct web_req *rq, const char *key, const char *dflt)
{
	const char *v = web_req_field(rq, key);
	return v ? v : dflt;
}

static void put_use(struct web_req *rq, struct buf *b, const struct lots_params_use *u)
{
	if (u->event_id)
		web_html(b, "<a href=\"/draws/%l\" data-draw=\"%l\">", (long long)u->event_id,
			 (long long)u->draw_id);
	else
		web_html(b, "<span data-draw=\"%l\">", (long long)u->draw_id);
	web_html(b, "%s ", T("Drawing of lots"));
	i18n_put_number(b, rq->lang, (long long)u->draw_id);
	web_html(b, " · <time datetime=\"%s\">", u->created_at);
	i18n_put_date(b, rq->lang, u->created_at);
	web_html(b, "</time> · %s%r", strcmp(u->status, "current") == 0 ? T("Current programme")
		 : T("Superseded"), u->event_id ? "</a>" : "</span>");
}

static void versions_section(struct web_req *rq, struct buf *b,
			     const struct lots_params_version *v, size_t n)
{
	web_html(b, "<section class=\"card\" id=\"versions\"><h2>%s</h2>\n"
		 "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
		 "<table class=\"params\"><thead><tr><th scope=\"col\">%s</th>",
		 T("Versions of the parameters"), T("Versions of the parameters"), T("Version"));
	for (size_t k = 0; k < lots_param_nfields; k++)
		web_html(b, "<th scope=\"col\" data-key=\"%s\">%s <span class=\"hint\">(%s %s)</span>"
			 "</th>", lots_param_fields[k].key, T(lots_param_fields[k].label), T("para."),
			 lots_param_fields[k].para);
	web_html(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		 T("Decision of the Conference"), T("Date of the decision"), T("Recorded by"),
		 T("Recorded on"), T("Drawings of lots that used it"));
	for (size_t i = n; i-- > 0;) {
		const struct lots_params_version *x = &v[i];
		web_html(b, "<tr data-version=\"%l\"%r><td>", (long long)x->p.version,
			 i + 1 == n ? " class=\"in-force\"" : "");
		i18n_put_number(b, rq->lang, x->p.version);
		if (i + 1 == n)
			web_html(b, " <strong>%s</strong>", T("in force"));
		web_html(b, "</td>");
		for (size_t k = 0; k < lots_param_nfields; k++) {
			web_html(b, "<td data-key=\"%s\">", lots_param_fields[k].key);
			i18n_put_number(b, rq->lang, lots_param_get(&x->p, &lots_param_fields[k]));
			web_html(b, "</td>");
		}
		web_html(b, "<td class=\"decision\">%s</td><td><time datetime=\"%s\">", x->p.decision,
			 x->p.decided_on);
		i18n_put_date(b, rq->lang, x->p.decided_on);
		web_html(b, "</time></td><td>%s</td><td><time datetime=\"%s\">", x->recorded_by,
			 x->recorded_at);
		i18n_put_date(b, rq->lang, x->recorded_at);
		web_html(b, "</time></td><td class=\"uses\">");
		if (!x->nuses)
			web_html(b, "%s", T("None yet."));
		for (size_t u = 0; u < x->nuses; u++) {
			web_html(b, "%r", u ? "<br>" : "");
			put_use(rq, b, &x->uses[u]);
		}
		web_html(b, "</td></tr>\n");
	}
	web_html(b, "</tbody></table></div></section>\n");
}

static void workplan_section(struct web_req *rq, struct buf *b)
{
	int cur = workplan_current(rq->db);
	web_html(b, "<section class=\"card\" id=\"workplan\"><h2>%s</h2>\n<p>%s</p>\n",
		 T("Versions of the workplan"),
		 T("The phases of table 2 in process years of the first cohort, and the years "
		   "added for each cohort (appendix B2.1). The latest version is in force; a phase "
		   "keeps the version in force when it started."));
	if (cur <= 0) {
		web_html(b, "<p>%s</p></section>\n", T("None yet."));
		return;
	}
	for (int v = cur; v >= 1; v--) {
		struct workplan w;
		if (workplan_get(rq->db, v, &w) != 0)
			continue;
		web_html(b, "<article class=\"workplan\" data-version=\"%l\"><h3>%s ", (long long)v,
			 T("Version"));
		i18n_put_number(b, rq->lang, v);
		if (v == cur)
			web_html(b, " <strong>%s</strong>", T("in force"));
		web_html(b, "</h3><dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
			 T("Decision of the Conference"), w.decision, T("Date of the decision"));
		i18n_put_date(b, rq->lang, w.decided_on);
		web_html(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T("Recorded by"),
			 w.recorded_by, T("Recorded on"));
		i18n_put_date(b, rq->lang, w.recorded_at);
		web_html(b, "</dd><dt>%s</dt><dd>", T("Years added for cohorts 1, 2 and 3"));
		for (int c = 0; c < WORKPLAN_COHORTS; c++) {
			web_html(b, "%r", c ? " · " : "");
			i18n_put_number(b, rq->lang, w.offset[c]);
		}
		web_html(b, "</dd></dl><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">"
			 "%s</th><th scope=\"col\">%s</th></tr></thead><tbody>", T("Phase"),
			 T("Cluster"), T("Process years of the first cohort"));
		for (int s = 0; s < WORKPLAN_STAGES; s++) {
			web_html(b, "<tr><td>");
			if (s == 0)
				web_html(b, "%s", T("Preparatory phase"));
			else
				i18n_put_number(b, rq->lang, s);
			web_html(b, "</td><td>%s</td><td>", w.stage[s].cluster);
			i18n_put_number(b, rq->lang, w.stage[s].first_year);
			web_html(b, "–");
			i18n_put_number(b, rq->lang, w.stage[s].last_year);
			web_html(b, "</td></tr>");
		}
		web_html(b, "</tbody></table></article>\n");
	}
	web_html(b, "<p class=\"hint\">%s <code>revmech programme workplan</code></p></section>\n",
		 T("A new version of the workplan is recorded with"));
}

static void record_form(struct web_req *rq, struct buf *b, const struct lots_params *cur)
{
	web_html(b, "<section class=\"card\" id=\"record\"><h2>%s</h2>\n<p>%s</p>\n"
		 "<form method=\"post\" action=\"/lots/parameters\">",
		 T("Record a new version"),
		 T("Enter the values the Conference decided, with the reference and date of its "
		   "decision. The new version is in force for every drawing of lots held after it; "
		   "drawings already held keep the version they used."));
	pages_csrf(rq, b);
	for (size_t k = 0; k < lots_param_nfields; k++) {
		const struct lots_param_field *f = &lots_param_fields[k];
		char now[16];
		snprintf(now, sizeof now, "%d", lots_param_get(cur, f));
		web_html(b, "<div class=\"field\"><label for=\"p-%s\">%s <code>%s</code></label>"
			 "<input id=\"p-%s\" name=\"%s\" inputmode=\"numeric\" value=\"%s\">"
			 "<p class=\"hint\">%s %s · ", f->key, T(f->label), f->key, f->key, f->key,
			 form_value(rq, f->key, now), T("para."), f->para);
		i18n_put_number(b, rq->lang, f->min);
		web_html(b, "–");
		i18n_put_number(b, rq->lang, f->max);
		web_html(b, "</p></div>\n");
	}
	web_html(b, "<div class=\"field\"><label for=\"p-decision\">%s <code>decision</code></label>"
		 "<input id=\"p-decision\" name=\"decision\" maxlength=\"127\" value=\"%s\"></div>\n"
		 "<div class=\"field\"><label for=\"p-decided_on\">%s <code>decided_on</code></label>"
		 "<input id=\"p-decided_on\" name=\"decided_on\" placeholder=\"YYYY-MM-DD\" "
		 "value=\"%s\"></div>\n<button type=\"submit\">%s</button></form></section>\n",
		 T("Reference of the decision of the Conference"), fv(rq, "decision"),
		 T("Date of the decision (YYYY-MM-DD)"), fv(rq, "decided_on"), T("Record"));
}

static void params_page(struct web_req *rq, struct web_resp *rs, const char *error)
{
	struct buf *b = &rs->body;
	struct lots_params_version *v = NULL;
	size_t n = 0;
	if (lots_db_params_versions(rq->db, &v, &n) < 0 || !n) {
		lots_params_versions_free(v, n);
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("Parameters of the drawing of lots"));
	if (error) {
		rs->status = 400;
		web_html(b, "<div class=\"notice error\" role=\"alert\" id=\"error\"><p>%s</p>"
			 "<p>%s</p></div>\n", T("Refused; nothing was changed."),
			 pages_derr(rq, error));
	} else if (web_req_query(rq, "done") && *web_req_query(rq, "done")) {
		pages_notice(b, "ok", T("Recorded. The new version is in force for the next drawing "
					 "of lots."));
	}
	web_html(b, "<p class=\"lead\">%s</p>\n", T("The rules the drawing of lots applies, each "
		 "version with the decision of the Conference that set it (R38). The latest version "
		 "is in force; every drawing document records the version it used, and anyone can "
		 "check it."));
	struct access_actor actor = web_req_actor(rq);
	int may_record = access_allowed(&actor, ACCESS_PARAMS_RECORD, NULL);
	if (access_allowed(&actor, ACCESS_DRAW_MANAGE, NULL))
		web_html(b, "<p><a href=\"/lots/programme\">%s</a> · <a href=\"/lots\">%s</a></p>\n",
			 T("The programme over time"), T("Drawing of lots: Secretariat"));
	else
		web_html(b, "<p><a href=\"/programme\">%s</a> · <a href=\"/api/v1/lots/parameters\">"
			 "JSON</a></p>\n", T("Programme of country reviews"));
	versions_section(rq, b, v, n);
	if (may_record)
		record_form(rq, b, &v[n - 1].p);
	workplan_section(rq, b);
	lots_params_versions_free(v, n);
	pages_end(rq, b);
}

void page_lots_params(struct web_req *rq, struct web_resp *rs)
{
	params_page(rq, rs, NULL);
}

/* ---- POST /lots/parameters ---- */

static const char *form_get(void *ctx, const char *key)
{
	struct web_req *rq = ctx;
	return web_req_field(rq, key);
}

static void confirm_page(struct web_req *rq, struct web_resp *rs, const struct lots_params *p,
			 const struct lots_params *cur)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	rs->status = 200;
	pages_begin(rq, b, T("Confirm"));
	web_html(b, "<p class=\"lead\">%s</p>\n<dl class=\"facts\" id=\"confirm\">",
		 T("Record this version of the parameters? It is in force for every drawing of lots "
		   "held after it, and cannot be withdrawn (a later decision is recorded as a new "
		   "version)."));
	for (size_t k = 0; k < lots_param_nfields; k++) {
		const struct lots_param_field *f = &lots_param_fields[k];
		int nv = lots_param_get(p, f), ov = lots_param_get(cur, f);
		web_html(b, "<dt>%s</dt><dd data-key=\"%s\"%r>", T(f->label), f->key,
			 nv != ov ? " class=\"changed\"" : "");
		i18n_put_number(b, rq->lang, nv);
		if (nv != ov) {
			web_html(b, " <span class=\"hint\">(%s ", T("in force:"));
			i18n_put_number(b, rq->lang, ov);
			web_html(b, ")</span>");
		}
		web_html(b, "</dd>");
	}
	web_html(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T("Decision of the Conference"),
		 p->decision, T("Date of the decision"));
	i18n_put_date(b, rq->lang, p->decided_on);
	web_html(b, "</dd></dl>\n<form method=\"post\" action=\"/lots/parameters\">");
	pages_csrf(rq, b);
	for (size_t k = 0; k < lots_param_nfields; k++)
		web_html(b, "<input type=\"hidden\" name=\"%s\" value=\"%l\">", lots_param_fields[k].key,
			 (long long)lots_param_get(p, &lots_param_fields[k]));
	web_html(b, "<input type=\"hidden\" name=\"decision\" value=\"%s\">"
		 "<input type=\"hidden\" name=\"decided_on\" value=\"%s\">"
		 "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
		 "<button type=\"submit\">%s</button> <a href=\"/lots/parameters\">%s</a></form>\n",
		 p->decision, p->decided_on, T("Confirm"), T("Cancel"));
	pages_end(rq, b);
}

void page_lots_params_post(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	struct lots_params p, cur;
	/* A field left out of the form is a missing value, not "keep" (1). */
	if (lots_params_from_text(rq->db, &p, 1, form_get, rq, err, sizeof err) != LOTS_OK ||
	    lots_db_params_current(rq->db, &cur, err, sizeof err) != LOTS_OK) {
		params_page(rq, rs, err);
		return;
	}
	if (strcmp(fv(rq, "confirm"), "1") != 0) {
		confirm_page(rq, rs, &p, &cur);
		return;
	}
	if (lots_db_params_add(rq->db, &p, rq->user.email, rq->ip, err, sizeof err) != LOTS_OK) {
		params_page(rq, rs, err);
		return;
	}
	web_resp_redirect(rs, "/lots/parameters?done=recorded#versions");
}

/* ---- the version in force on the public programme page ---- */

void pages_params_in_force(struct web_req *rq, struct buf *b)
{
	struct lots_params p;
	char err[256];
	if (lots_db_params_current(rq->db, &p, err, sizeof err) != LOTS_OK)
		return;
	web_html(b, "<section class=\"card\" id=\"parameters\"><h2>%s</h2>\n<p>%s ",
		 T("Rules of the drawing of lots in force"), T("Version"));
	i18n_put_number(b, rq->lang, p.version);
	web_html(b, " · %s · <time datetime=\"%s\">", p.decision, p.decided_on);
	i18n_put_date(b, rq->lang, p.decided_on);
	web_html(b, "</time></p>\n<dl class=\"facts\">");
	for (size_t k = 0; k < lots_param_nfields; k++) {
		web_html(b, "<dt>%s</dt><dd data-key=\"%s\">", T(lots_param_fields[k].label),
			 lots_param_fields[k].key);
		i18n_put_number(b, rq->lang, lots_param_get(&p, &lots_param_fields[k]));
		web_html(b, "</dd>");
	}
	web_html(b, "</dl>\n<p><a href=\"/lots/parameters\">%s</a></p></section>\n",
		 T("Every version of the parameters and of the workplan"));
}

/* ---- GET and POST /api/v1/lots/parameters ---- */

static json_t *version_json(const struct lots_params_version *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(x->p.version));
	for (size_t k = 0; k < lots_param_nfields; k++)
		json_object_set_new(o, lots_param_fields[k].key,
				    json_integer(lots_param_get(&x->p, &lots_param_fields[k])));
	json_object_set_new(o, "decision", json_string(x->p.decision));
	json_object_set_new(o, "decided_on", json_string(x->p.decided_on));
	json_object_set_new(o, "recorded_by", json_string(x->recorded_by));
	json_object_set_new(o, "recorded_at", json_string(x->recorded_at));
	json_t *d = json_array();
	for (size_t u = 0; u < x->nuses; u++)
		json_array_append_new(d, json_pack("{s:I,s:I,s:s,s:s}", "draw_id",
						   (json_int_t)x->uses[u].draw_id, "event_id",
						   (json_int_t)x->uses[u].event_id, "created_at",
						   x->uses[u].created_at, "status", x->uses[u].status));
	json_object_set_new(o, "draws", d);
	return o;
}

static json_t *workplan_json(struct store *s)
{
	json_t *a = json_array();
	int cur = workplan_current(s);
	for (int v = 1; v <= cur; v++) {
		struct workplan w;
		if (workplan_get(s, v, &w) != 0)
			continue;
		json_t *st = json_array(), *off = json_array();
		for (int k = 0; k < WORKPLAN_STAGES; k++)
			json_array_append_new(st, json_pack("{s:i,s:s,s:i,s:i}", "stage", k, "cluster",
							    w.stage[k].cluster, "first_year",
							    w.stage[k].first_year, "last_year",
							    w.stage[k].last_year));
		for (int c = 0; c < WORKPLAN_COHORTS; c++)
			json_array_append_new(off, json_integer(w.offset[c]));
		json_array_append_new(a, json_pack("{s:i,s:s,s:s,s:s,s:s,s:o,s:o}", "version", v,
						   "decision", w.decision, "decided_on", w.decided_on,
						   "recorded_by", w.recorded_by, "recorded_at",
						   w.recorded_at, "stages", st, "cohort_offsets", off));
	}
	return a;
}

static json_t *params_json(struct store *s, int *in_force)
{
	struct lots_params_version *v = NULL;
	size_t n = 0;
	if (lots_db_params_versions(s, &v, &n) < 0 || !n) {
		lots_params_versions_free(v, n);
		return NULL;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, version_json(&v[i]));
	*in_force = v[n - 1].p.version;
	lots_params_versions_free(v, n);
	return json_pack("{s:i,s:o,s:o}", "in_force", *in_force, "versions", a, "workplan",
			 workplan_json(s));
}

void api_lots_params(struct web_req *rq, struct web_resp *rs)
{
	int in_force = 0;
	json_t *j = params_json(rq->db, &in_force);
	if (!j) {
		web_resp_json_error(rs, 503, "unavailable", "the parameters could not be read");
		return;
	}
	web_resp_json(rs, 200, j);
}

struct json_ctx {
	json_t *in;
	char num[32];
};

/* A value for lots_params_from_text: a parameter as the digits of its
 * integer (api_lots_params_post has checked the types), decision and
 * decided_on as strings. */
static const char *json_get(void *ctx, const char *key)
{
	struct json_ctx *c = ctx;
	json_t *x = json_object_get(c->in, key);
	if (!x)
		return NULL;
	if (json_is_string(x))
		return json_string_value(x);
	snprintf(c->num, sizeof c->num, "%lld", (long long)json_integer_value(x));
	return c->num;
}

void api_lots_params_post(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	struct json_ctx c = { 0 };
	c.in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(c.in)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be a JSON object: {\"decision\": "
				    "\"...\", \"decided_on\": \"YYYY-MM-DD\", and the parameters that "
				    "change, e.g. \"max_reviewers\": 4}");
		json_decref(c.in);
		return;
	}
	const char *key;
	json_t *val;
	json_object_foreach(c.in, key, val) {
		int known = strcmp(key, "decision") == 0 || strcmp(key, "decided_on") == 0;
		for (size_t k = 0; !known && k < lots_param_nfields; k++)
			known = strcmp(key, lots_param_fields[k].key) == 0;
		int text = strcmp(key, "decision") == 0 || strcmp(key, "decided_on") == 0;
		const char *bad = !known ? "not a parameter of the drawing of lots"
			: text && !json_is_string(val) ? "must be a JSON string"
			: !text && !json_is_integer(val) ? "must be a JSON integer" : NULL;
		if (bad) {
			snprintf(err, sizeof err, "%.100s: %s", key, bad);
			web_resp_json_error(rs, 400, "bad_request", err);
			json_decref(c.in);
			return;
		}
	}
	struct lots_params p;
	int rc = lots_params_from_text(rq->db, &p, 0, json_get, &c, err, sizeof err);
	json_decref(c.in);
	if (rc == LOTS_OK)
		rc = lots_db_params_add(rq->db, &p, rq->user.email, rq->ip, err, sizeof err);
	if (rc != LOTS_OK) {
		int internal = strncmp(err, "database", 8) == 0;
		web_resp_json_error(rs, internal ? 503 : 400, internal ? "unavailable" : "bad_request",
				    err);
		return;
	}
	int in_force = 0;
	json_t *all = params_json(rq->db, &in_force);
	json_t *vs = json_object_get(all, "versions");
	json_t *mine = json_array_get(vs, json_array_size(vs) - 1);
	json_t *out = mine ? json_incref(mine) : json_pack("{s:i}", "version", p.version);
	json_decref(all);
	web_resp_json(rs, 201, out);
}
