/* pages_blueprint.c - the blueprint ("esquisse") of the lists of
 * observations and of the summaries (issue 10; annex paras 15, 38; spec
 * R108, R110, R112): its page and its API.
 *   GET  /blueprint, /api/v1/blueprint   the version in force and every
 *                                        version (public: a Conference
 *                                        document, ACCESS_PROGRAMME_READ)
 *   POST /blueprint, PUT /api/v1/blueprint  a new version with the
 *                                        decision that adopted it
 *                                        (ACCESS_BLUEPRINT_EDIT)
 * Its content is the Conference's (R112): revmech ships none, the
 * Secretariat enters it.  The work is findings/outline's. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/outline.h"
#include "i18n/i18n.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"
#include "web/listctx.h"

static const char *const types[] = { "gap", "good_practice", "suggestion", "ta_need" };

/* The answer of GET /api/v1/blueprint: the version in force (or null) and
 * every version; new reference, NULL on a store error. */
static json_t *blueprint_json(struct store *s)
{
	struct outline o;
	int r = outline_get(s, 0, &o);
	json_t *vers = r < 0 ? NULL : outline_versions_json(s);
	if (!vers) {
		outline_free(&o);
		return NULL;
	}
	json_t *cur = r > 0 ? json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:O}", "version", o.version,
					"decision", o.decision, "decided_on", o.decided_on,
					"recorded_by", o.recorded_by, "recorded_at",
					o.recorded_at, "sha256", o.sha256, "blueprint", o.doc)
			    : json_null();
	outline_free(&o);
	return json_pack("{s:o,s:o}", "in_force", cur, "versions", vers);
}

void api_blueprint_get(struct web_req *rq, struct web_resp *rs)
{
	json_t *j = blueprint_json(rq->db);
	if (!j) {
		web_resp_json_error(rs, 503, "unavailable", "the blueprint could not be read");
		return;
	}
	web_resp_json(rs, 200, j);
}

static int error_status(int r)
{
	return r == OUTLINE_CONFLICT ? 409 : r == OUTLINE_INVALID ? 400 : 503;
}

void api_blueprint_put(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len,
				JSON_REJECT_DUPLICATES, NULL);
	json_t *bp = json_object_get(in, "blueprint"), *base = json_object_get(in, "base");
	const char *dec = json_string_value(json_object_get(in, "decision"));
	if (!json_is_object(in) || !json_is_object(bp) || !dec || !json_is_integer(base)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"blueprint\": {\"summary\": "
				    "{\"headings\": {\"en\": [...], ...}}, \"list\": {\"instruments\": "
				    "[...], \"types\": [...]}}, \"decision\": \"the reference of a "
				    "recorded decision\", \"base\": the version in force (0 none)}");
		json_decref(in);
		return;
	}
	char *body = json_dumps(bp, JSON_COMPACT | JSON_SORT_KEYS);
	int v = 0;
	int r = outline_adopt(rq->db, body, body ? strlen(body) : 0, dec,
			      (int)json_integer_value(base), rq->user.email, rq->ip, &v, err,
			      sizeof err);
	free(body);
	json_decref(in);
	if (r != OUTLINE_OK) {
		web_resp_json_error(rs, error_status(r), r == OUTLINE_CONFLICT ? "conflict"
					: r == OUTLINE_INVALID ? "bad_request" : "unavailable", err);
		return;
	}
	web_resp_json(rs, 201, json_pack("{s:i}", "version", v));
}

/* One heading per line of text (blank lines skipped) as a JSON array. */
static json_t *lines(const char *text)
{
	json_t *a = json_array();
	for (const char *p = text ? text : ""; *p;) {
		size_t n = strcspn(p, "\r\n");
		char *l = xstrndup(p, n);
		char *e = l + strlen(l);
		while (e > l && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		char *q = l;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q)
			json_array_append_new(a, json_string(q));
		free(l);
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return a;
}

/* Codes separated by commas or spaces as a JSON array. */
static json_t *words(const char *text)
{
	json_t *a = json_array();
	for (const char *p = text ? text : ""; *p;) {
		p += strspn(p, ", \t\r\n");
		size_t n = strcspn(p, ", \t\r\n");
		if (n) {
			char *w = xstrndup(p, n);
			json_array_append_new(a, json_string(w));
			free(w);
		}
		p += n;
	}
	return a;
}

/* The form's fields as a blueprint document (new reference). */
static json_t *from_form(struct web_req *rq)
{
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	json_t *h = json_object(), *lst = json_object(), *doc = json_object();
	for (size_t k = 0; k < nl; k++) {
		char name[8];
		snprintf(name, sizeof name, "h_%s", ls[k].code);
		json_t *a = lines(web_req_field(rq, name));
		if (json_array_size(a))
			json_object_set_new(h, ls[k].code, a);
		else
			json_decref(a);
	}
	json_t *in = words(web_req_field(rq, "instruments")), *ty = words(web_req_field(rq, "types"));
	if (json_array_size(in))
		json_object_set_new(lst, "instruments", in);
	else
		json_decref(in);
	if (json_array_size(ty))
		json_object_set_new(lst, "types", ty);
	else
		json_decref(ty);
	if (json_object_size(h))
		json_object_set_new(doc, "summary", json_pack("{s:o}", "headings", h));
	else
		json_decref(h);
	if (json_object_size(lst))
		json_object_set_new(doc, "list", lst);
	else
		json_decref(lst);
	return doc;
}

static void put_names(struct web_req *rq, struct buf *b, json_t *a, int instruments)
{
	size_t i;
	json_t *v;
	web_html(b, "<ol>");
	json_array_foreach(a, i, v) {
		const char *n = json_string_value(v);
		web_html(b, "<li data-code=\"%s\">%s</li>", n,
			 instruments ? listctx_instrument_name(rq, n) : listctx_type_label(rq, n));
	}
	web_html(b, "</ol>");
}

static void render(struct web_req *rq, struct web_resp *rs, const char *note)
{
	struct buf *b = &rs->body;
	struct outline o;
	size_t nl;
	const struct i18n_lang *ls = i18n_languages(&nl);
	int r = outline_get(rq->db, 0, &o);
	if (r < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	buf_reset(b);
	pages_begin(rq, b, T("Blueprint of the lists of observations and summaries"));
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The new version of the blueprint was recorded."));
	if (note)
		pages_notice(b, "error", pages_derr(rq, note));
	web_html(b, "<p class=\"hint\">%s</p>\n",
		 T("The blueprint (paragraphs 15 and 38 of the annex) is prepared by the expert "
		   "group and adopted by the Conference; the Secretariat records each version "
		   "with the decision that adopted it."));
	if (r == 0) {
		web_html(b, "<p id=\"no-blueprint\">%s</p>\n",
			 T("No blueprint has been adopted yet: summaries start from an empty text "
			   "and lists keep their items in the order of the instruments in table 1 "
			   "and of entry."));
	} else {
		web_html(b, "<section id=\"blueprint\" data-version=\"%d\"><h2>%s ", o.version,
			 T("Version in force"));
		i18n_put_number(b, rq->lang, o.version);
		web_html(b, "</h2><p id=\"blueprint-decision\">%s: %s &middot; ", T("Decision"),
			 o.decision);
		i18n_put_date(b, rq->lang, o.decided_on);
		web_html(b, "</p>");
		json_t *h = json_object_get(json_object_get(o.doc, "summary"), "headings");
		web_html(b, "<h3>%s</h3>", T("Headings of a summary"));
		for (size_t k = 0; k < nl; k++) {
			json_t *a = json_object_get(h, ls[k].code);
			if (!json_array_size(a))
				continue;
			web_html(b, "<div id=\"headings-%s\" lang=\"%s\" dir=\"%s\"><h4>%s</h4><ol>",
				 ls[k].code, ls[k].code, ls[k].dir, ls[k].native);
			size_t i;
			json_t *v;
			json_array_foreach(a, i, v)
				web_html(b, "<li>%s</li>", json_string_value(v));
			web_html(b, "</ol></div>");
		}
		json_t *lst = json_object_get(o.doc, "list");
		web_html(b, "<h3>%s</h3><div id=\"list-order\">", T("Order of the sections of a list"));
		if (json_object_get(lst, "instruments")) {
			web_html(b, "<h4>%s</h4>", T("Instruments"));
			put_names(rq, b, json_object_get(lst, "instruments"), 1);
		}
		if (json_object_get(lst, "types")) {
			web_html(b, "<h4>%s</h4>", T("Types of items"));
			put_names(rq, b, json_object_get(lst, "types"), 0);
		}
		web_html(b, "</div></section>\n");
	}
	json_t *vers = outline_versions_json(rq->db);
	if (json_array_size(vers)) {
		web_html(b, "<table id=\"blueprint-versions\"><caption>%s</caption><thead><tr>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
			 "</th></tr></thead><tbody>", T("Versions"), T("Version"), T("Decision"),
			 T("Recorded"));
		size_t i;
		json_t *v;
		json_array_foreach(vers, i, v) {
			web_html(b, "<tr><td>%l</td><td>%s</td><td>",
				 (long long)json_integer_value(json_object_get(v, "version")),
				 json_string_value(json_object_get(v, "decision")));
			i18n_put_date(b, rq->lang, json_string_value(json_object_get(v, "recorded_at")));
			web_html(b, "</td></tr>");
		}
		web_html(b, "</tbody></table>\n");
	}
	json_decref(vers);
	struct access_actor a = web_req_actor(rq);
	if (access_allowed(&a, ACCESS_BLUEPRINT_EDIT, NULL)) {
		json_t *h = json_object_get(json_object_get(o.doc, "summary"), "headings");
		json_t *lst = json_object_get(o.doc, "list");
		web_html(b, "<h2>%s</h2><form method=\"post\" action=\"/blueprint\" "
			 "id=\"blueprint-form\">", T("Record a version adopted by the Conference"));
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"base\" value=\"%d\">", o.version);
		for (size_t k = 0; k < nl; k++) {
			struct buf cur = { 0 };
			size_t i;
			json_t *v;
			json_array_foreach(json_object_get(h, ls[k].code), i, v)
				buf_printf(&cur, "%s\n", json_string_value(v));
			web_html(b, "<label>%s (%s)<textarea name=\"h_%s\" rows=\"6\" lang=\"%s\" "
				 "dir=\"%s\">%s</textarea></label>", T("Headings of a summary, one "
				 "per line"), ls[k].native, ls[k].code, ls[k].code, ls[k].dir,
				 buf_str(&cur));
			buf_free(&cur);
		}
		struct buf ins = { 0 }, tys = { 0 };
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(lst, "instruments"), i, v)
			buf_printf(&ins, "%s%s", i ? " " : "", json_string_value(v));
		json_array_foreach(json_object_get(lst, "types"), i, v)
			buf_printf(&tys, "%s%s", i ? " " : "", json_string_value(v));
		web_html(b, "<label>%s <input name=\"instruments\" value=\"%s\"></label>"
			 "<p class=\"hint\">untoc tip som firearms</p>"
			 "<label>%s <input name=\"types\" value=\"%s\"></label><p class=\"hint\">",
			 T("Order of the instruments"), buf_str(&ins), T("Order of the types of items"),
			 buf_str(&tys));
		for (size_t k = 0; k < 4; k++)
			web_html(b, "%r%s = %s", k ? " &middot; " : "", types[k], listctx_type_label(rq, types[k]));
		web_html(b, "</p><label>%s <input name=\"decision\" required></label>"
			 "<p class=\"hint\">%s <a href=\"/lots\">%s</a></p>"
			 "<p><button type=\"submit\">%s</button></p></form>\n",
			 T("Reference of the decision that adopted it"),
			 T("The decision must be recorded first, with its date and title."),
			 T("Decisions"), T("Record this version"));
		buf_free(&ins);
		buf_free(&tys);
	}
	outline_free(&o);
	pages_end(rq, b);
}

void page_blueprint(struct web_req *rq, struct web_resp *rs)
{
	render(rq, rs, NULL);
}

void page_blueprint_post(struct web_req *rq, struct web_resp *rs)
{
	char err[600];
	long base = -1;
	json_t *doc = from_form(rq);
	char *body = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(doc);
	int r = OUTLINE_INVALID;
	if (!web_req_field(rq, "base") || util_parse_long(web_req_field(rq, "base"), 0, 1000000,
							 &base) < 0)
		snprintf(err, sizeof err, "%s", T("The form was incomplete: nothing was saved."));
	else
		r = outline_adopt(rq->db, body, body ? strlen(body) : 0, web_req_field(rq, "decision"),
				  (int)base, rq->user.email, rq->ip, NULL, err, sizeof err);
	free(body);
	if (r == OUTLINE_OK) {
		web_resp_redirect(rs, "/blueprint?saved=1");
		return;
	}
	render(rq, rs, err);
	rs->status = error_status(r);
}
