/* pages_taprov.c - the pages of the technical-assistance providers and of
 * the dissemination of the needs to them (issue 10; R116, R117, R122, R136;
 * annex paras 44-45; docs/followup.md): the register the Secretariat keeps
 * (/technical-assistance/providers, each provider with every change), the
 * follow-up page's section (the reviewed State's choice to share its needs,
 * to whom they were sent, the Secretariat's dissemination form), one need
 * with whom it was sent to and the requests linked (R122), and the working
 * group's aggregate (moved here from pages_list.c, unchanged: no State
 * named, none ranked).  Post/redirect/get.  The rules are access/'s
 * (ACCESS_TA_*, ACCESS_FOLLOWUP_READ), the work findings/'s. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/followup.h"
#include "findings/providers.h"
#include "review/people.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/personal.h"
#include "web/phasenav.h"
#include "web/taprov.h"

static const char *kind_label(const struct web_req *rq, const char *k)
{
	if (!strcmp(k, "government"))
		return T("Government");
	if (!strcmp(k, "igo"))
		return T("Intergovernmental organization");
	if (!strcmp(k, "bank"))
		return T("Multilateral development bank");
	if (!strcmp(k, "ngo"))
		return T("Non-governmental organization");
	return T("UNODC field office");
}

static int allowed(struct web_req *rq, enum access_action act, const struct access_object *o)
{
	struct access_actor a = web_req_actor(rq);
	return access_allowed(&a, act, o);
}

static void refuse(struct web_req *rq, struct web_resp *rs, const char *what)
{
	web_req_audit(rq, "access.denied", rq->log_path, what);
	pages_error(rq, rs, 403);
}

/* A refused change: the reason, and the way back. */
static void not_done(struct web_req *rq, struct web_resp *rs, int status, const char *err,
		     const char *back)
{
	struct buf *b = &rs->body;
	rs->status = status;
	buf_reset(b);
	pages_begin(rq, b, T("Nothing was changed"));
	pages_notice(b, "error", pages_derr(rq, err));
	web_html(b, "<p><a href=\"%s\">%s</a></p>", back, T("Back"));
	pages_end(rq, b);
}

/* A JSON array of strings as "a, b" ("" for none: any). */
static void put_list(const struct web_req *rq, struct buf *b, json_t *a)
{
	size_t i;
	json_t *v;
	if (json_array_size(a) == 0)
		web_html(b, "%s", T("any"));
	json_array_foreach(a, i, v)
		web_html(b, "%r%s", i ? ", " : "", json_string_value(v));
}

/* The same as a comma list into out, for a form's field. */
static void join(json_t *a, char *out, size_t outlen)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(a, i, v) {
		int n = snprintf(out + used, outlen - used, "%s%s", i ? "," : "", json_string_value(v));
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
}

/* The form that adds a provider (cur NULL) or records a change to cur. */
static void provider_form(struct web_req *rq, struct buf *b, json_t *cur)
{
	static const char *const kinds[] = { "government", "igo", "bank", "ngo", "field_office" };
	static const char *const langs[] = { "ar", "zh", "en", "fr", "ru", "es" };
	char regions[420], insts[420];
	const char *kind = cur ? json_string_value(json_object_get(cur, "kind")) : "";
	const char *lang = cur ? json_string_value(json_object_get(cur, "lang")) : "en";
	join(json_object_get(cur, "regions"), regions, sizeof regions);
	join(json_object_get(cur, "instruments"), insts, sizeof insts);
	if (cur)
		web_html(b, "<form id=\"provider-form\" method=\"post\" action=\"/technical-assistance/"
			 "providers/%l\">", (long long)json_integer_value(json_object_get(cur, "id")));
	else
		web_html(b, "<form id=\"provider-form\" method=\"post\" action=\"/technical-assistance/"
			 "providers\">");
	pages_csrf(rq, b);
	web_html(b, "<p><label>%s <input name=\"name\" maxlength=\"200\" required value=\"%s\"></label>"
		 "</p><p><label>%s <select name=\"kind\">", T("Name"),
		 cur ? json_string_value(json_object_get(cur, "name")) : "", T("Kind"));
	for (int i = 0; i < 5; i++)
		web_html(b, "<option value=\"%s\"%r>%s</option>", kinds[i],
			 !strcmp(kind, kinds[i]) ? " selected" : "", kind_label(rq, kinds[i]));
	web_html(b, "</select></label></p><p><label>%s <input name=\"contact\" type=\"email\" "
		 "required value=\"%s\"></label> <label>%s <select name=\"lang\">", T("E-mail address"),
		 cur ? json_string_value(json_object_get(cur, "contact")) : "", T("Language"));
	for (int i = 0; i < 6; i++)
		web_html(b, "<option value=\"%s\"%r>%s</option>", langs[i],
			 !strcmp(lang, langs[i]) ? " selected" : "", langs[i]);
	web_html(b, "</select></label></p><p><label>%s <input name=\"regions\" value=\"%s\"></label> "
		 "<label>%s <input name=\"instruments\" value=\"%s\"></label></p><p><small>%s</small>"
		 "</p><p><label><input type=\"checkbox\" name=\"active\" value=\"1\"%r> %s</label></p>"
		 "<button type=\"submit\">%s</button></form>", T("Regional groups"), regions,
		 T("Instruments"), insts,
		 T("Codes separated by commas, for example AFRICAN or untoc,tip; empty: any."),
		 !cur || json_is_true(json_object_get(cur, "active")) ? " checked" : "", T("Active"),
		 cur ? T("Record the change") : T("Add the provider"));
}

static void form_in(struct web_req *rq, struct provider_in *in)
{
	const char *a = web_req_field(rq, "active");
	in->name = web_req_field(rq, "name");
	in->kind = web_req_field(rq, "kind");
	in->contact = web_req_field(rq, "contact");
	in->lang = web_req_field(rq, "lang");
	in->regions = web_req_field(rq, "regions");
	in->instruments = web_req_field(rq, "instruments");
	in->active = a && !strcmp(a, "1");
}

/* The route asked ACCESS_TA_PROVIDERS_READ. */
void page_ta_providers(struct web_req *rq, struct web_resp *rs)
{
	json_t *list = providers_list(rq->db, 0);
	if (!list) {
		pages_error(rq, rs, 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Technical assistance providers"));
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The register was saved."));
	web_html(b, "<p>%s</p><table id=\"providers\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		 T("The register the Secretariat keeps of potential providers of technical assistance, to whom it sends the needs identified in the reviews (paragraph 45). Every change is kept."),
		 T("Name"), T("Kind"), T("E-mail address"), T("Language"), T("Regional groups"),
		 T("Instruments"), T("Active"), T("Changed"));
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		int on = json_is_true(json_object_get(v, "active"));
		web_html(b, "<tr data-provider=\"%l\" data-active=\"%d\"><td><a href=\"/technical-"
			 "assistance/providers/%l\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>",
			 (long long)json_integer_value(json_object_get(v, "id")), on,
			 (long long)json_integer_value(json_object_get(v, "id")),
			 json_string_value(json_object_get(v, "name")),
			 kind_label(rq, json_string_value(json_object_get(v, "kind"))),
			 json_string_value(json_object_get(v, "contact")),
			 json_string_value(json_object_get(v, "lang")));
		put_list(rq, b, json_object_get(v, "regions"));
		web_html(b, "</td><td>");
		put_list(rq, b, json_object_get(v, "instruments"));
		web_html(b, "</td><td>%s</td><td>%s %s</td></tr>", on ? T("Yes") : T("No"),
			 json_string_value(json_object_get(v, "at")),
			 json_string_value(json_object_get(v, "by")));
	}
	web_html(b, "</tbody></table>");
	if (allowed(rq, ACCESS_TA_PROVIDERS_EDIT, NULL)) {
		web_html(b, "<h2>%s</h2>", T("Add the provider"));
		provider_form(rq, b, NULL);
	}
	pages_end(rq, b);
	json_decref(list);
}

/* The route asked ACCESS_TA_PROVIDERS_EDIT. */
void page_ta_providers_post(struct web_req *rq, struct web_resp *rs)
{
	struct provider_in in;
	char err[600] = "", u[96];
	int64_t id = 0;
	form_in(rq, &in);
	int rc = providers_add(rq->db, &in, rq->user.email, &id, err, sizeof err);
	if (rc < 0) {
		not_done(rq, rs, rc == -2 ? 400 : 503, err, "/technical-assistance/providers");
		return;
	}
	snprintf(u, sizeof u, "%lld", (long long)id);
	web_req_audit(rq, "ta.provider_add", u, in.name);
	snprintf(u, sizeof u, "/technical-assistance/providers/%lld?saved=1", (long long)id);
	web_resp_redirect(rs, u);
}

static int provider_id(struct web_req *rq, struct web_resp *rs, long *id)
{
	if (util_parse_long(rq->param[0], 1, 999999999999L, id) == 0)
		return 1;
	pages_error(rq, rs, 404);
	return 0;
}

/* The route asked ACCESS_TA_PROVIDERS_READ. */
void page_ta_provider(struct web_req *rq, struct web_resp *rs)
{
	long id;
	int rc;
	if (!provider_id(rq, rs, &id))
		return;
	json_t *p = providers_get(rq->db, id, &rc);
	if (!p) {
		pages_error(rq, rs, rc == -3 ? 404 : 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, json_string_value(json_object_get(p, "name")));
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The register was saved."));
	web_html(b, "<p><a href=\"/technical-assistance/providers\">%s</a></p>",
		 T("Technical assistance providers"));
	if (allowed(rq, ACCESS_TA_PROVIDERS_EDIT, NULL))
		provider_form(rq, b, p);
	web_html(b, "<h2>%s</h2><table id=\"history\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		 T("Every change"), T("Changed"), T("Name"), T("Kind"), T("E-mail address"),
		 T("Language"), T("Regional groups"), T("Instruments"), T("Active"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(p, "history"), i, v) {
		web_html(b, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
			 json_string_value(json_object_get(v, "at")),
			 json_string_value(json_object_get(v, "by")),
			 json_string_value(json_object_get(v, "name")),
			 kind_label(rq, json_string_value(json_object_get(v, "kind"))),
			 json_string_value(json_object_get(v, "contact")),
			 json_string_value(json_object_get(v, "lang")));
		put_list(rq, b, json_object_get(v, "regions"));
		web_html(b, "</td><td>");
		put_list(rq, b, json_object_get(v, "instruments"));
		web_html(b, "</td><td>%s</td></tr>",
			 json_is_true(json_object_get(v, "active")) ? T("Yes") : T("No"));
	}
	web_html(b, "</tbody></table>");
	pages_end(rq, b);
	json_decref(p);
}

/* The route asked ACCESS_TA_PROVIDERS_EDIT. */
void page_ta_provider_post(struct web_req *rq, struct web_resp *rs)
{
	struct provider_in in;
	char err[600] = "", u[96];
	long id;
	if (!provider_id(rq, rs, &id))
		return;
	form_in(rq, &in);
	int rc = providers_change(rq->db, id, &in, rq->user.email, err, sizeof err);
	snprintf(u, sizeof u, "/technical-assistance/providers/%ld", id);
	if (rc < 0) {
		not_done(rq, rs, rc == -2 ? 400 : rc == -3 ? 404 : rc == -4 ? 409 : 503, err, u);
		return;
	}
	web_req_audit(rq, "ta.provider_change", rq->param[0], in.name);
	snprintf(u, sizeof u, "/technical-assistance/providers/%ld?saved=1", id);
	web_resp_redirect(rs, u);
}

void taprov_provider_select(struct web_req *rq, struct buf *b)
{
	json_t *list = providers_list(rq->db, 1);
	size_t i;
	json_t *v;
	web_html(b, "<label>%s <select name=\"provider_id\"><option value=\"\">%s</option>",
		 T("Registered provider"), T("(none: the name typed)"));
	json_array_foreach(list, i, v)
		web_html(b, "<option value=\"%l\">%s</option>",
			 (long long)json_integer_value(json_object_get(v, "id")),
			 json_string_value(json_object_get(v, "name")));
	web_html(b, "</select></label> ");
	json_decref(list);
}

/* The object of ACCESS_TA_SHARING_SET for x's reviewed State. */
static struct access_object sharing_object(struct web_req *rq, const struct listctx *x,
					   const char *reference)
{
	int64_t fp = people_focal_point_id(rq->db, x->lr.reviewed);
	struct access_object o = { .state = x->lr.reviewed, .focal_point_id = fp > 0 ? fp : 0,
				   .reference = reference };
	return o;
}

void taprov_followup_section(struct web_req *rq, struct buf *b, const struct listctx *x)
{
	json_t *sh = followup_sharing_json(rq->db, x->lr.reviewed);
	if (!sh)
		return;
	int share = json_is_true(json_object_get(sh, "share"));
	web_html(b, "<h2>%s</h2><p id=\"sharing\" data-share=\"%d\">%s", T("Technical assistance providers"),
		 share, !share ? T("The reviewed State chose not to share its needs with providers.")
		 : json_is_true(json_object_get(sh, "chosen"))
		 ? T("The needs not kept confidential are shared with potential providers.")
		 : T("The needs not kept confidential are shared with potential providers (the default: paragraph 45)."));
	json_t *last = json_array_get(json_object_get(sh, "history"),
				      json_array_size(json_object_get(sh, "history")) - 1);
	if (last) {
		/* probe s9 F2: who chose, by State, not address, outside the review. */
		const char *by = json_string_value(json_object_get(last, "by"));
		char label[64];
		struct access_actor a = web_req_actor(rq);
		if (!personal_visible(&a, &x->c.ar)) {
			personal_author_label(rq->db, by, label, sizeof label);
			by = label;
		}
		web_html(b, " <small>%s %s %s</small>", json_string_value(json_object_get(last, "at")),
			 by ? by : "", json_string_value(json_object_get(last, "reference")));
	}
	web_html(b, "</p>");
	struct access_object fo = sharing_object(rq, x, NULL), so = sharing_object(rq, x, "-");
	int fp = allowed(rq, ACCESS_TA_SHARING_SET, &fo), sec = !fp && allowed(rq, ACCESS_TA_SHARING_SET, &so);
	if (fp || sec) {
		web_html(b, "<form id=\"sharing-form\" method=\"post\" action=\"/reviews/%s/phases/%d/"
			 "followup/sharing\">", x->lr.reviewed, x->lr.phase);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"share\" value=\"%d\">", !share);
		if (sec)
			web_html(b, "<label>%s <input name=\"reference\" required maxlength=\"200\">"
				 "</label> ", T("Reference of the State's written request"));
		web_html(b, "<button type=\"submit\">%s</button></form>",
			 share ? T("Stop sharing the needs with providers")
			 : T("Share the needs with providers"));
	}
	json_decref(sh);
	struct access_object so2 = { .state = x->lr.reviewed };
	if (allowed(rq, ACCESS_TA_DISSEMINATION_READ, &so2)) {
		json_t *d = followup_disseminations(rq->db, x->lr.reviewed, x->lr.phase, NULL);
		size_t i, k;
		json_t *v, *c;
		web_html(b, "<table id=\"disseminations\"><caption>%s</caption><thead><tr><th>%s</th>"
			 "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
			 T("Sent to providers"), T("When"), T("Provider"), T("Needs"), T("By"));
		json_array_foreach(d, i, v) {
			web_html(b, "<tr data-batch=\"%l\"><td>%s</td><td>%s (%s)</td><td>",
				 (long long)json_integer_value(json_object_get(v, "batch")),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "provider")),
				 kind_label(rq, json_string_value(json_object_get(v, "kind"))));
			json_array_foreach(json_object_get(v, "needs"), k, c)
				web_html(b, "%r<a href=\"/reviews/%s/phases/%d/followup/needs/%s\">%s</a>",
					 k ? ", " : "", x->lr.reviewed, x->lr.phase,
					 json_string_value(c), json_string_value(c));
			web_html(b, "</td><td>%s</td></tr>", json_string_value(json_object_get(v, "by")));
		}
		web_html(b, "</tbody></table>");
		json_decref(d);
	}
	if (!listctx_allowed(rq, x, ACCESS_TA_DISSEMINATE, NULL))
		return;
	json_t *list = providers_list(rq->db, 1);
	size_t i;
	json_t *v;
	web_html(b, "<form id=\"disseminate\" method=\"post\" action=\"/reviews/%s/phases/%d/followup/"
		 "disseminate\">", x->lr.reviewed, x->lr.phase);
	pages_csrf(rq, b);
	web_html(b, "<fieldset><legend>%s</legend>", T("Send the needs to providers"));
	json_array_foreach(list, i, v)
		web_html(b, "<label><input type=\"checkbox\" name=\"p%l\" value=\"1\"> %s (%s)</label><br>",
			 (long long)json_integer_value(json_object_get(v, "id")),
			 json_string_value(json_object_get(v, "name")),
			 kind_label(rq, json_string_value(json_object_get(v, "kind"))));
	web_html(b, "<button type=\"submit\">%s</button> <button type=\"submit\" name=\"all\" "
		 "value=\"1\">%s</button></fieldset></form>", T("Send to the chosen providers"),
		 T("Send to every provider of the State's region"));
	json_decref(list);
}

static int load(struct web_req *rq, struct web_resp *rs, struct listctx *x)
{
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], x);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	return r;
}

static void back_to_followup(struct web_resp *rs, const struct listctx *x, const char *q)
{
	char u[128];
	snprintf(u, sizeof u, "/reviews/%s/phases/%d/followup?%s", x->lr.reviewed, x->lr.phase, q);
	web_resp_redirect(rs, u);
}

/* POST /reviews/{state}/phases/{n}/followup/sharing (share=0|1,
 * reference): ACCESS_TA_SHARING_SET. */
void page_ta_sharing_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "", back[96];
	if (load(rq, rs, &x) <= 0)
		return;
	const char *ref = web_req_field(rq, "reference"), *sh = web_req_field(rq, "share");
	struct access_object o = sharing_object(rq, &x, ref);
	struct access_actor a = web_req_actor(rq);
	struct access_decision d = access_check(&a, ACCESS_TA_SHARING_SET, &o);
	snprintf(back, sizeof back, "/reviews/%s/phases/%d/followup", x.lr.reviewed, x.lr.phase);
	if (d.result != ACCESS_ALLOW) {
		if (d.code && !strcmp(d.code, "reference_required"))
			not_done(rq, rs, 400, T("Give the reference of the State's written request."), back);
		else
			refuse(rq, rs, "ta sharing");
		goto out;
	}
	int share = sh && !strcmp(sh, "1") ? 1 : sh && !strcmp(sh, "0") ? 0 : -1;
	int rc = followup_sharing_set(rq->db, x.lr.reviewed, share, ref, rq->user.id, rq->user.email,
				      err, sizeof err);
	if (rc < 0) {
		not_done(rq, rs, rc == -2 ? 400 : rc == -4 ? 409 : 503, err, back);
		goto out;
	}
	web_req_audit(rq, "followup.sharing", x.lr.reviewed, share ? "share" : "withhold");
	back_to_followup(rs, &x, "saved=1");
out:
	listctx_free(&x);
}

/* POST /reviews/{state}/phases/{n}/followup/disseminate (p<id>=1 for each
 * provider chosen, or all=1): ACCESS_TA_DISSEMINATE. */
void page_ta_disseminate_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "", back[96], detail[64];
	int64_t ids[256], batch = 0;
	size_t n = 0, sent = 0;
	if (load(rq, rs, &x) <= 0)
		return;
	snprintf(back, sizeof back, "/reviews/%s/phases/%d/followup", x.lr.reviewed, x.lr.phase);
	if (!listctx_allowed(rq, &x, ACCESS_TA_DISSEMINATE, NULL)) {
		refuse(rq, rs, "ta disseminate");
		goto out;
	}
	const char *all = web_req_field(rq, "all");
	if (!all || strcmp(all, "1")) {
		json_t *list = providers_list(rq->db, 0);
		size_t i;
		json_t *v;
		json_array_foreach(list, i, v) {
			char f[32];
			json_int_t id = json_integer_value(json_object_get(v, "id"));
			snprintf(f, sizeof f, "p%lld", (long long)id);
			const char *on = web_req_field(rq, f);
			if (on && !strcmp(on, "1") && n < sizeof ids / sizeof ids[0])
				ids[n++] = id;
		}
		json_decref(list);
		if (n == 0) {
			not_done(rq, rs, 400, T("Choose at least one provider, or send to every provider of the State's region."), back);
			goto out;
		}
	}
	int rc = followup_disseminate(rq->db, x.lr.reviewed, x.lr.phase, ids, n, rq->user.email,
				      &batch, &sent, err, sizeof err);
	if (rc < 0) {
		not_done(rq, rs, rc == -2 ? 400 : rc == -3 ? 404 : rc == -1 ? 503 : 409, err, back);
		goto out;
	}
	snprintf(detail, sizeof detail, "batch %lld, %zu providers", (long long)batch, sent);
	web_req_audit(rq, "followup.disseminate", x.lr.reviewed, detail);
	back_to_followup(rs, &x, "sent=1");
out:
	listctx_free(&x);
}

/* R122: GET /reviews/{state}/phases/{n}/followup/needs/{key}. */
void page_followup_need(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_FOLLOWUP_READ, NULL)) {
		refuse(rq, rs, "follow-up need");
		goto out;
	}
	struct listctx y = x;
	y.communicated = 0;
	int full = listctx_allowed(rq, &y, ACCESS_FOLLOWUP_READ, NULL);
	int sent = listctx_allowed(rq, &x, ACCESS_TA_DISSEMINATION_READ, NULL);
	int reg = allowed(rq, ACCESS_TA_PROVIDERS_READ, NULL);
	int rc;
	json_t *n = followup_need_json(rq->db, x.lr.reviewed, x.lr.phase, rq->param[2], full, sent,
				       rq->user.email, rq->ip, &rc);
	if (!n) {
		pages_error(rq, rs, rc == -3 ? 404 : 503);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Technical assistance need"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, x.lr.reviewed);
	web_html(b, " &middot; %s %d</p>", T("Phase"), x.lr.phase);
	phasenav_put(rq, b, x.lr.reviewed, x.lr.phase, PHASENAV_FOLLOWUP);
	web_html(b, "<p><a href=\"/reviews/%s/phases/%d/followup\">%s</a></p><dl id=\"need\" "
		 "data-key=\"%s\"><dt>%s</dt><dd>%s %l</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s"
		 "</dd><dt>%s</dt><dd>%s</dd></dl>", x.lr.reviewed, x.lr.phase, T("Follow-up"),
		 rq->param[2], T("Article"), json_string_value(json_object_get(n, "instrument")),
		 (long long)json_integer_value(json_object_get(n, "article")),
		 T("Technical assistance need"), json_string_value(json_object_get(n, "text")),
		 T("Priority"), listctx_priority_label(rq, json_string_value(json_object_get(n, "priority"))),
		 T("Status"), listctx_status_label(rq, json_string_value(json_object_get(n, "status"))));
	size_t i;
	json_t *v;
	/* probe s9 F1: by State, not address, outside the review. */
	struct access_actor a = web_req_actor(rq);
	if (!personal_visible(&a, &x.c.ar))
		personal_strip_accounts(rq->db, n);
	web_html(b, "<ul id=\"status-history\">");
	json_array_foreach(json_object_get(n, "history"), i, v)
		web_html(b, "<li>%s %s: %s %s</li>", json_string_value(json_object_get(v, "at")),
			 json_string_value(json_object_get(v, "by")) ? json_string_value(json_object_get(v, "by")) : "",
			 listctx_status_label(rq, json_string_value(json_object_get(v, "status"))),
			 json_string_value(json_object_get(v, "note")));
	web_html(b, "</ul>");
	if (json_object_get(n, "requests")) {
		web_html(b, "<table id=\"requests\"><caption>%s</caption><thead><tr><th>%s</th><th>%s"
			 "</th><th>%s</th><th>%s</th></tr></thead><tbody>", T("Requests and funding"),
			 T("Provider"), T("Funding"), T("When"), T("By"));
		json_array_foreach(json_object_get(n, "requests"), i, v) {
			json_t *pid = json_object_get(v, "provider_id");
			if (json_is_integer(pid) && reg)
				web_html(b, "<tr><td><a href=\"/technical-assistance/providers/%l\">%s</a>",
					 (long long)json_integer_value(pid),
					 json_string_value(json_object_get(v, "provider")));
			else
				web_html(b, "<tr><td>%s", json_string_value(json_object_get(v, "provider")));
			web_html(b, "</td><td>%s</td><td>%s</td><td>%s</td></tr>",
				 json_string_value(json_object_get(v, "funding")),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "by")));
		}
		web_html(b, "</tbody></table>");
	}
	if (json_object_get(n, "disseminations")) {
		web_html(b, "<table id=\"sent\"><caption>%s</caption><thead><tr><th>%s</th><th>%s"
			 "</th><th>%s</th></tr></thead><tbody>", T("Sent to providers"), T("When"),
			 T("Provider"), T("By"));
		json_array_foreach(json_object_get(n, "disseminations"), i, v)
			web_html(b, "<tr data-provider=\"%l\"><td>%s</td><td>%s (%s)</td><td>%s</td></tr>",
				 (long long)json_integer_value(json_object_get(v, "provider_id")),
				 json_string_value(json_object_get(v, "at")),
				 json_string_value(json_object_get(v, "provider")),
				 kind_label(rq, json_string_value(json_object_get(v, "kind"))),
				 json_string_value(json_object_get(v, "by")));
		web_html(b, "</tbody></table>");
	}
	pages_end(rq, b);
	json_decref(n);
out:
	listctx_free(&x);
}

void page_ta_aggregate(struct web_req *rq, struct web_resp *rs)
{
	json_t *j = followup_aggregate(rq->db, NULL);
	if (!j) {
		pages_error(rq, rs, 503);
		return;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Technical assistance needs"));
	web_html(b, "<p>%s</p><p><a href=\"/technical-assistance/needs.csv\">%s</a></p>"
		 "<table id=\"ta-needs\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		 "<th>%s</th><th>%s</th></tr></thead><tbody>",
		 T("The needs of the agreed lists of observations, by region, instrument and article. No State is named or ranked."),
		 T("Download as CSV"), T("Region"), T("Instrument"), T("Article"), T("Priority"),
		 T("Status"), T("Needs"));
	size_t i;
	json_t *v;
	json_array_foreach(j, i, v)
		web_html(b, "<tr><td>%s</td><td>%s</td><td>%l</td><td>%s</td><td>%s</td>"
			 "<td>%l</td></tr>", json_string_value(json_object_get(v, "region")),
			 json_string_value(json_object_get(v, "instrument")),
			 (long long)json_integer_value(json_object_get(v, "article")),
			 listctx_priority_label(rq, json_string_value(json_object_get(v, "priority"))),
			 listctx_status_label(rq, json_string_value(json_object_get(v, "status"))),
			 (long long)json_integer_value(json_object_get(v, "needs")));
	web_html(b, "</tbody></table>");
	pages_end(rq, b);
	json_decref(j);
}

void page_ta_aggregate_csv(struct web_req *rq, struct web_resp *rs)
{
	buf_reset(&rs->body);
	json_t *j = followup_aggregate(rq->db, &rs->body);
	if (!j) {
		pages_error(rq, rs, 503);
		return;
	}
	json_decref(j);
	rs->ctype = "text/csv; charset=utf-8";
	web_resp_header(rs, "Content-Disposition", "attachment; filename=\"ta-needs.csv\"");
}
