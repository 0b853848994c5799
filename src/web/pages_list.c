/* pages_list.c - the pages of the lists of observations and their
 * follow-up (issue 10; paras 38-39, 43-46; R102, R107-R118, R136, C46,
 * C47): the list of a review's phase by instrument, with the forms the
 * actor may use (the reviewing States and the Secretariat draft items, the
 * reviewed State's focal point keeps items confidential, each State's
 * focal point agrees), the CRP of each working group, the follow-up of the
 * technical-assistance needs (the providers' section and the aggregate for
 * the working group on technical assistance are in pages_taprov.c).
 * Post/redirect/get.  The rules are
 * access/'s, the work findings/'s; this file only renders. */
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/crp.h"
#include "findings/followup.h"
#include "findings/list.h"
#include "i18n/i18n.h"
#include "review/country.h"
#include "util/util.h"
#include "web/confirm.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/personal.h"
#include "web/phasenav.h"
#include "web/taprov.h"

static int load(struct web_req *rq, struct web_resp *rs, struct listctx *x)
{
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], x);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	return r;
}

static void refuse(struct web_req *rq, struct web_resp *rs)
{
	web_req_audit(rq, "access.denied", rq->log_path, "list page");
	pages_error(rq, rs, 403);
}

static void redirect(struct web_resp *rs, const struct listctx *x, const char *what)
{
	char u[128];
	snprintf(u, sizeof u, "/reviews/%s/phases/%d/%s", x->lr.reviewed, x->lr.phase, what);
	web_resp_redirect(rs, u);
}

/* A refused change: the reason, nothing lost (the text sent is shown). */
static void not_changed(struct web_req *rq, struct web_resp *rs, const struct listctx *x,
			int status, const char *err, const char *text)
{
	struct buf *b = &rs->body;
	rs->status = status;
	buf_reset(b);
	pages_begin(rq, b, T("The list was not changed"));
	pages_notice(b, "error", pages_derr(rq, err));
	if (text && *text)
		web_html(b, "<pre id=\"yours\">%s</pre>", text);
	web_html(b, "<p><a href=\"/reviews/%s/phases/%d/list\">%s</a></p>", x->lr.reviewed,
		 x->lr.phase, T("Back to the list of observations"));
	pages_end(rq, b);
}

/* Why a change was refused, in the page's language (the domain's reason
 * follows for bad input, translated: it names the item and the field). */
static const char *refusal(const struct web_req *rq, int rc, int agreeing, const char *err,
			   char *out, size_t outlen)
{
	if (rc == LIST_CONFLICT)
		return agreeing ? T("The list changed since you read it: nothing was recorded. Read "
				    "the current version before agreeing.")
				: T("Someone saved the list since you opened it: nothing was changed. "
				    "Read it again and add your item once more; your text is below.");
	if (rc == LIST_ALREADY)
		return T("Your State has already agreed to this version of the list.");
	if (rc == LIST_OUT_OF_CHARGE)
		return T("Your State does not review this instrument in this review: nothing was "
			 "changed.");
	if (rc == LIST_INVALID || rc == LIST_NOT_FOUND) {
		snprintf(out, outlen, "%s (%s)", T("Nothing was changed: the form was incomplete or "
						   "wrong."), pages_derr(rq, err));
		return out;
	}
	return pages_derr(rq, err);
}

/* The answers and messages an item rests on (R108), as links. */
static void sources_html(const struct web_req *rq, struct buf *b, const struct listctx *x,
			 json_t *item)
{
	json_t *ans = json_object_get(item, "answers"), *msg = json_object_get(item, "messages");
	if (!json_array_size(ans) && !json_array_size(msg))
		return;
	web_html(b, "<p class=\"sources\">%s:", T("Rests on"));
	size_t i;
	json_t *v;
	json_array_foreach(ans, i, v)
		web_html(b, " <a dir=\"ltr\" href=\"/reviews/%u/phases/%d/responses#%u\">%s</a>",
			 x->lr.reviewed, x->lr.phase, json_string_value(v), json_string_value(v));
	json_array_foreach(msg, i, v)
		web_html(b, " <a href=\"/reviews/%u/phases/%d/dialogue#item-%l\">#%l</a>",
			 x->lr.reviewed, x->lr.phase, (long long)json_integer_value(v),
			 (long long)json_integer_value(v));
	web_html(b, "</p>");
}

/* The answers (question ids) and messages (archive record numbers, "#"
 * optional) of the form's fields, separated by commas or spaces, as JSON
 * arrays (*ans and *msg, the caller's to json_decref).  -1 if a message is
 * not a number (*ans and *msg NULL). */
static int sources_parse(const char *answers, const char *messages, json_t **ans, json_t **msg)
{
	static const char sep[] = ", \t\r\n";
	*ans = json_array();
	*msg = json_array();
	for (const char *p = answers ? answers : ""; *p;) {
		p += strspn(p, sep);
		size_t n = strcspn(p, sep);
		if (n)
			json_array_append_new(*ans, json_stringn(p, n));
		p += n;
	}
	for (const char *p = messages ? messages : ""; *p;) {
		p += strspn(p, sep);
		size_t n = strcspn(p, sep);
		if (!n)
			break;
		char tok[32];
		long id;
		const char *t = *p == '#' ? p + 1 : p;
		size_t tn = *p == '#' ? n - 1 : n;
		if (tn == 0 || tn >= sizeof tok)
			goto bad;
		memcpy(tok, t, tn);
		tok[tn] = '\0';
		if (util_parse_long(tok, 0, 1L << 53, &id) < 0)
			goto bad;
		json_array_append_new(*msg, json_integer(id));
		p += n;
	}
	return 0;
bad:
	json_decref(*ans);
	json_decref(*msg);
	*ans = *msg = NULL;
	return -1;
}

static void item_form(struct web_req *rq, struct buf *b, const struct listctx *x,
		      const char *inst)
{
	int arts[64];
	size_t n = 0;
	if (country_phase_articles(rq->db, x->lr.reviewed, x->lr.phase, inst, arts, 64, &n) != 0)
		return;
	web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/list/items\" "
		 "class=\"list-item\">", x->lr.reviewed, x->lr.phase);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"base_version\" value=\"%d\">"
		 "<input type=\"hidden\" name=\"instrument\" value=\"%s\">"
		 "<label>%s <select name=\"article\">", x->st.version, inst, T("Article"));
	for (size_t i = 0; i < n; i++)
		web_html(b, "<option value=\"%d\">%d</option>", arts[i], arts[i]);
	static const char *const types[] = { "gap", "good_practice", "suggestion", "ta_need" };
	web_html(b, "</select></label> <label>%s <select name=\"type\">", T("Type"));
	for (int i = 0; i < 4; i++)
		web_html(b, "<option value=\"%s\">%s</option>", types[i], listctx_type_label(rq, types[i]));
	web_html(b, "</select></label> <label>%s <select name=\"priority\"><option value=\"\">"
		 "&mdash;</option><option value=\"high\">%s</option><option value=\"medium\">%s"
		 "</option><option value=\"low\">%s</option></select></label>"
		 "<label>%s <textarea name=\"text\" rows=\"3\" required></textarea></label>",
		 T("Priority"), T("High priority"), T("Medium priority"), T("Low priority"),
		 T("Observation"));
	/* What the item rests on (R108): answers and dialogue messages. */
	web_html(b, "<div class=\"field\"><label for=\"ans-%s\">%s</label><input id=\"ans-%s\" "
		 "name=\"answers\" dir=\"ltr\" aria-describedby=\"src-%s\"></div><div class=\"field\">"
		 "<label for=\"msg-%s\">%s</label><input id=\"msg-%s\" name=\"messages\" dir=\"ltr\" "
		 "aria-describedby=\"src-%s\"><p class=\"hint\" id=\"src-%s\">%s</p></div>"
		 "<button type=\"submit\">%s</button></form>", inst, T("Answers it rests on"), inst,
		 inst, inst, T("Messages it rests on"), inst, inst, inst,
		 T("Question numbers as in the questionnaire, message numbers as in the dialogue "
		   "(#), separated by commas."), T("Add the item"));
}

/* The blueprint version the shown version of the list j follows
 * (versions[].blueprint of list_json()), 0 none. */
static int shown_blueprint(const json_t *j)
{
	json_int_t shown = json_integer_value(json_object_get(j, "version"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "versions"), i, v)
		if (json_integer_value(json_object_get(v, "version")) == shown)
			return (int)json_integer_value(json_object_get(v, "blueprint"));
	return 0;
}

void page_list(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_LIST_READ, NULL)) {
		refuse(rq, rs);
		goto out;
	}
	struct listctx_vis vis = { rq, &x };
	int rc;
	json_t *j = list_json(rq->db, &x.lr, 0, listctx_visible, &vis, rq->user.email, rq->ip, &rc);
	if (!j) {
		pages_error(rq, rs, 503);
		goto out;
	}
	int may_conf = listctx_allowed(rq, &x, ACCESS_LIST_CONFIDENTIAL, NULL);
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("List of observations"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, x.lr.reviewed);
	web_html(b, " &middot; %s %d &middot; %s %d</p>", T("Phase"), x.lr.phase, T("Version"),
		 x.st.version);
	phasenav_put(rq, b, x.lr.reviewed, x.lr.phase, PHASENAV_LIST);
	/* R108, para 38: the blueprint whose sections order the items. */
	int bp = shown_blueprint(j);
	if (bp > 0) {
		web_html(b, "<p id=\"list-blueprint\" data-blueprint=\"%d\">%s <a href=\"/blueprint\">",
			 bp, T("Its items follow the blueprint, version"));
		i18n_put_number(b, rq->lang, bp);
		web_html(b, "</a></p>");
	}
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The list was saved."));
	if (web_req_query(rq, "agreed"))
		pages_notice(b, "ok", T("Your State's agreement was recorded."));
	web_html(b, "<p id=\"list-status\" class=\"%s\">%s</p>", x.st.final ? "status-on" : "",
		 x.st.final ? T("Final: agreed by the reviewed State and every reviewing State.")
			    : T("Draft: not yet agreed by every party."));
	web_html(b, "<table id=\"parties\"><tbody>");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "parties"), i, v) {
		web_html(b, "<tr><td>");
		pages_put_state_name(rq, b, json_string_value(json_object_get(v, "state")));
		web_html(b, "</td><td>%s</td></tr>", json_is_true(json_object_get(v, "agreed"))
			 ? T("Agreed") : T("Not yet agreed"));
	}
	web_html(b, "</tbody></table>");
	for (const char *q = x.lr.instruments; *q;) {
		char inst[16];
		size_t len = strcspn(q, ",");
		snprintf(inst, sizeof inst, "%.*s", (int)(len < 15 ? len : 15), q);
		q += len + (q[len] == ',');
		if (!listctx_allowed(rq, &x, ACCESS_LIST_READ, inst))
			continue;
		int may_edit = listctx_allowed(rq, &x, ACCESS_LIST_EDIT, inst);
		web_html(b, "<section class=\"instrument\" id=\"%s\"><h2>%s <small dir=\"ltr\">(%s)"
			 "</small></h2><ul>", inst, listctx_instrument_name(rq, inst), inst);
		json_array_foreach(json_object_get(j, "items"), i, v) {
			if (strcmp(json_string_value(json_object_get(v, "instrument")), inst))
				continue;
			const char *key = json_string_value(json_object_get(v, "key"));
			int conf = json_is_true(json_object_get(v, "confidential"));
			web_html(b, "<li id=\"item-%s\" class=\"item%r\"><strong>%s</strong> &middot; %s "
				 "%l %r%s<p>%s</p>", key, conf ? " confidential" : "",
				 listctx_type_label(rq, json_string_value(json_object_get(v, "type"))),
				 T("Article"), (long long)json_integer_value(json_object_get(v, "article")),
				 *json_string_value(json_object_get(v, "priority")) ? "&middot; " : "",
				 listctx_priority_label(rq, json_string_value(json_object_get(v, "priority"))),
				 json_string_value(json_object_get(v, "text")));
			sources_html(rq, b, &x, v);
			if (conf)
				web_html(b, "<p class=\"badge\">%s</p>", T("Kept confidential by the reviewed State"));
			if (may_conf) {
				web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/list/"
					 "confidential\">", x.lr.reviewed, x.lr.phase);
				pages_csrf(rq, b);
				web_html(b, "<input type=\"hidden\" name=\"key\" value=\"%s\">"
					 "<input type=\"hidden\" name=\"confidential\" value=\"%s\">"
					 "<button type=\"submit\">%s</button></form>", key, conf ? "0" : "1",
					 conf ? T("Release it in the CRP") : T("Keep it confidential"));
			}
			if (may_edit) {
				web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/list/"
					 "items\">", x.lr.reviewed, x.lr.phase);
				pages_csrf(rq, b);
				web_html(b, "<input type=\"hidden\" name=\"action\" value=\"remove\">"
					 "<input type=\"hidden\" name=\"key\" value=\"%s\">"
					 "<input type=\"hidden\" name=\"instrument\" value=\"%s\">"
					 "<input type=\"hidden\" name=\"base_version\" value=\"%d\">"
					 "<button type=\"submit\">%s</button></form>", key, inst,
					 x.st.version, T("Remove the item"));
			}
			web_html(b, "</li>");
		}
		web_html(b, "</ul>");
		if (may_edit)
			item_form(rq, b, &x, inst);
		web_html(b, "</section>");
	}
	if (x.st.version > 0 && listctx_allowed(rq, &x, ACCESS_LIST_AGREE, NULL)) {
		web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/list/agree\">",
			 x.lr.reviewed, x.lr.phase);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"version\" value=\"%d\"><button "
			 "type=\"submit\" id=\"agree\">%s</button></form>", x.st.version,
			 T("Agree to this version"));
	}
	if (listctx_allowed(rq, &x, ACCESS_LIST_CRP_READ, NULL)) {
		web_html(b, "<h2>%s</h2><ul id=\"crp\">", T("Conference room papers"));
		json_t *wgs = crp_wgs_json(rq->db);
		json_array_foreach(wgs, i, v)
			web_html(b, "<li><a href=\"/reviews/%s/phases/%d/list/crp/%s\">%s</a></li>",
				 x.lr.reviewed, x.lr.phase,
				 json_string_value(json_object_get(v, "code")),
				 json_string_value(json_object_get(v, !strcmp(rq->lang, "fr")
								   ? "name_fr" : "name_en")));
		json_decref(wgs);
		web_html(b, "</ul>");
	}
	web_html(b, "<p><a href=\"/reviews/%s/phases/%d/followup\">%s</a></p>", x.lr.reviewed,
		 x.lr.phase, T("Follow-up"));
	pages_end(rq, b);
	json_decref(j);
out:
	listctx_free(&x);
}

void page_list_item_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600], may[96];
	json_t *items = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	const char *inst = web_req_field(rq, "instrument");
	if (!inst || !listctx_allowed(rq, &x, ACCESS_LIST_EDIT, inst)) {
		refuse(rq, rs);
		goto out;
	}
	long base = -1, art = -1;
	const char *bv = web_req_field(rq, "base_version"), *av = web_req_field(rq, "article");
	if (bv)
		util_parse_long(bv, 0, 1000000, &base);
	if (av)
		util_parse_long(av, 1, 1000, &art);
	/* The instrument's current items and the new one (a list_put scoped
	 * to the instrument). */
	int rc;
	json_t *cur = list_json(rq->db, &x.lr, 0, NULL, NULL, rq->user.email, rq->ip, &rc);
	if (!cur) {
		pages_error(rq, rs, 503);
		goto out;
	}
	items = json_array();
	size_t i;
	json_t *v;
	/* Removal: the instrument's items but the one named. */
	const char *action = web_req_field(rq, "action"), *key = web_req_field(rq, "key");
	int remove = action && !strcmp(action, "remove");
	int found = 0;
	json_array_foreach(json_object_get(cur, "items"), i, v) {
		if (strcmp(json_string_value(json_object_get(v, "instrument")), inst))
			continue;
		if (remove && key && !strcmp(json_string_value(json_object_get(v, "key")), key))
			found = 1;
		else
			json_array_append(items, v);
	}
	json_decref(cur);
	if (remove && !found) {
		not_changed(rq, rs, &x, 404, T("No such item in this instrument's part of the list."),
			    NULL);
		goto out;
	}
	const char *prio = web_req_field(rq, "priority");
	json_t *ans = NULL, *msg = NULL;
	if (!remove && sources_parse(web_req_field(rq, "answers"), web_req_field(rq, "messages"),
				     &ans, &msg) < 0) {
		not_changed(rq, rs, &x, 400, T("Messages are given by their numbers, as shown in "
					       "the dialogue (#12)."), web_req_field(rq, "text"));
		goto out;
	}
	if (!remove)
		json_array_append_new(items, json_pack("{s:s,s:I,s:s,s:s,s:s,s:o,s:o}", "instrument",
					       inst, "article", (json_int_t)art, "type",
					       web_req_field(rq, "type") ? web_req_field(rq, "type") : "",
					       "text", web_req_field(rq, "text") ? web_req_field(rq, "text") : "",
					       "priority", prio ? prio : "", "answers", ans, "messages",
					       msg));
	listctx_may_change(rq, &x, may, sizeof may);
	int nv;
	rc = list_put(rq->db, &x.lr, (int)base, inst, items, may, rq->user.email, &nv, err,
		      sizeof err);
	if (rc == LIST_OK) {
		web_req_audit(rq, "list.save", x.lr.reviewed, inst);
		redirect(rs, &x, "list?saved=1");
	} else {
		char why[800];
		not_changed(rq, rs, &x, rc == LIST_CONFLICT ? 409 : rc == LIST_ERR ? 503
				: rc == LIST_OUT_OF_CHARGE ? 403 : 400,
			    refusal(rq, rc, 0, err, why, sizeof why), web_req_field(rq, "text"));
	}
out:
	json_decref(items);
	listctx_free(&x);
}

void page_list_confidential_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_LIST_CONFIDENTIAL, NULL)) {
		refuse(rq, rs);
		goto out;
	}
	const char *key = web_req_field(rq, "key"), *c = web_req_field(rq, "confidential");
	int rc = list_set_confidential(rq->db, &x.lr, key, c && !strcmp(c, "1"), rq->user.email,
				       err, sizeof err);
	if (rc == LIST_OK) {
		web_req_audit(rq, "list.confidential", x.lr.reviewed, key);
		redirect(rs, &x, "list?saved=1");
	} else {
		char why[800];
		not_changed(rq, rs, &x, rc == LIST_NOT_FOUND ? 404 : rc == LIST_ERR ? 503 : 400,
			    refusal(rq, rc, 0, err, why, sizeof why), NULL);
	}
out:
	listctx_free(&x);
}

void page_list_agree_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	long version = -1;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_LIST_AGREE, NULL)) {
		refuse(rq, rs);
		goto out;
	}
	const char *v = web_req_field(rq, "version");
	if (v)
		util_parse_long(v, 0, 1000000, &version);
	int rc = list_agree(rq->db, &x.lr, rq->user.state, (int)version, rq->user.email, NULL, err,
			    sizeof err);
	if (rc == LIST_OK) {
		web_req_audit(rq, "list.agree", x.lr.reviewed, rq->user.state);
		redirect(rs, &x, "list?agreed=1");
	} else {
		char why[800];
		not_changed(rq, rs, &x, rc == LIST_ERR ? 503 : rc == LIST_INVALID ? 400 : 409,
			    refusal(rq, rc, 1, err, why, sizeof why), NULL);
	}
out:
	listctx_free(&x);
}

void page_list_crp(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_LIST_CRP_READ, NULL)) {
		refuse(rq, rs);
		goto out;
	}
	int rc;
	json_t *j = crp_json(rq->db, x.lr.reviewed, x.lr.phase, rq->param[2], rq->user.email,
			     rq->ip, &rc);
	if (!j) {
		pages_error(rq, rs, rc == -3 ? 404 : rc == -4 ? 409 : 503);
		goto out;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Conference room paper"));
	web_html(b, "<p>%s</p><p>",
		 json_string_value(json_object_get(j, "working_group_name")));
	pages_put_state_name(rq, b, x.lr.reviewed);
	web_html(b, " &middot; %s %d &middot; %s %d</p><table id=\"crp-items\"><thead><tr><th>%s"
		 "</th><th>%s</th><th>%s</th></tr></thead><tbody>", T("Phase"), x.lr.phase,
		 T("Version"), (int)json_integer_value(json_object_get(j, "version")), T("Article"),
		 T("Type"), T("Observation"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "items"), i, v)
		web_html(b, "<tr><td>%s %l</td><td>%s %s</td><td>%s</td></tr>",
			 json_string_value(json_object_get(v, "instrument")),
			 (long long)json_integer_value(json_object_get(v, "article")),
			 listctx_type_label(rq, json_string_value(json_object_get(v, "type"))),
			 listctx_priority_label(rq, json_string_value(json_object_get(v, "priority"))),
			 json_string_value(json_object_get(v, "text")));
	web_html(b, "</tbody></table>");
	pages_end(rq, b);
	json_decref(j);
out:
	listctx_free(&x);
}

void page_followup(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!listctx_allowed(rq, &x, ACCESS_FOLLOWUP_READ, NULL)) {
		refuse(rq, rs);
		goto out;
	}
	struct listctx y = x;
	y.communicated = 0;
	int full = listctx_allowed(rq, &y, ACCESS_FOLLOWUP_READ, NULL);
	int edit = listctx_allowed(rq, &x, ACCESS_FOLLOWUP_EDIT, NULL);
	int manage = listctx_allowed(rq, &x, ACCESS_TA_MANAGE, NULL);
	int rc;
	json_t *j = followup_json(rq->db, x.lr.reviewed, x.lr.phase, full, rq->user.email, rq->ip,
				  &rc);
	if (!j && rc != -3) {
		pages_error(rq, rs, 503);
		goto out;
	}
	/* probe s9 F2: no address to those outside the review (as the API). */
	struct access_actor a = web_req_actor(rq);
	if (j && !personal_visible(&a, &x.c.ar))
		personal_strip_accounts(rq->db, j);
	struct buf *b = &rs->body;
	buf_reset(b);
	pages_begin(rq, b, T("Follow-up"));
	web_html(b, "<p>");
	pages_put_state_name(rq, b, x.lr.reviewed);
	web_html(b, " &middot; %s %d</p>", T("Phase"), x.lr.phase);
	phasenav_put(rq, b, x.lr.reviewed, x.lr.phase, PHASENAV_FOLLOWUP);
	if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("The follow-up was saved."));
	if (!j) {
		web_html(b, "<p>%s</p>", T("The list of observations is not agreed yet."));
		pages_end(rq, b);
		goto out;
	}
	web_html(b, "<table id=\"needs\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		 "</tr></thead><tbody>", T("Article"), T("Technical assistance need"), T("Priority"),
		 T("Status"));
	size_t i, k;
	json_t *v, *r;
	json_array_foreach(json_object_get(j, "needs"), i, v) {
		const char *key = json_string_value(json_object_get(v, "key"));
		web_html(b, "<tr id=\"need-%s\"><td>%s %l</td><td><a href=\"/reviews/%s/phases/%d/"
			 "followup/needs/%s\">%s</a>", key,
			 json_string_value(json_object_get(v, "instrument")),
			 (long long)json_integer_value(json_object_get(v, "article")), x.lr.reviewed,
			 x.lr.phase, key, json_string_value(json_object_get(v, "text")));
		json_array_foreach(json_object_get(v, "requests"), k, r)
			web_html(b, "<br><small>%s: %s</small>",
				 json_string_value(json_object_get(r, "provider")),
				 json_string_value(json_object_get(r, "funding")));
		web_html(b, "</td><td>%s</td><td>%s", listctx_priority_label(rq, json_string_value(
				 json_object_get(v, "priority"))),
			 listctx_status_label(rq, json_string_value(json_object_get(v, "status"))));
		if (edit) {
			web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/followup\">",
				 x.lr.reviewed, x.lr.phase);
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"what\" value=\"status\"><input "
				 "type=\"hidden\" name=\"key\" value=\"%s\"><select name=\"status\">"
				 "<option value=\"open\">%s</option><option value=\"in_progress\">%s"
				 "</option><option value=\"met\">%s</option></select> <button "
				 "type=\"submit\">%s</button></form>", key, T("Open"), T("In progress"),
				 T("Met"), T("Save"));
		}
		if (manage) {
			web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/followup\">",
				 x.lr.reviewed, x.lr.phase);
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"what\" value=\"request\"><input "
				 "type=\"hidden\" name=\"key\" value=\"%s\">", key);
			taprov_provider_select(rq, b); /* ta (R116) */
			web_html(b, "<label>%s <input "
				 "name=\"provider\"></label> <select name=\"funding\"><option "
				 "value=\"sought\">%s</option><option value=\"pledged\">%s</option>"
				 "<option value=\"funded\">%s</option><option value=\"declined\">%s"
				 "</option></select> <button type=\"submit\">%s</button></form>",
				 T("Provider"), T("Funding sought"), T("Funding pledged"), T("Funded"),
				 T("Declined"), T("Save"));
		}
		web_html(b, "</td></tr>");
	}
	web_html(b, "</tbody></table><h2>%s</h2><ul id=\"reports\">", T("Progress reports"));
	json_array_foreach(json_object_get(j, "reports"), i, v) {
		/* disc (B18, R104): whether it is in the public part, and the
		 * focal point's button to upload it there. */
		int pub = json_is_true(json_object_get(v, "public"));
		web_html(b, "<li data-report=\"%l\" data-public=\"%d\"><time datetime=\"%s\">%s"
			 "</time> %s %s<p>%s</p>",
			 (long long)json_integer_value(json_object_get(v, "id")), pub,
			 json_string_value(json_object_get(v, "at")),
			 json_string_value(json_object_get(v, "at")),
			 json_is_true(json_object_get(v, "communicated")) ? "" : T("(not communicated)"),
			 pub ? T("(in the public part)") : "",
			 json_string_value(json_object_get(v, "body")));
		if (edit && !pub) {
			web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/followup\">",
				 x.lr.reviewed, x.lr.phase);
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"what\" value=\"public\"><input "
				 "type=\"hidden\" name=\"report\" value=\"%l\"><button type=\"submit\">"
				 "%s</button></form>",
				 (long long)json_integer_value(json_object_get(v, "id")),
				 T("Upload to the public part"));
		}
		/* undo (R103): who uploaded and withdrew it, when, why; the
		 * focal point's link to withdraw it (pages_portal.c). */
		size_t hk;
		json_t *h;
		json_array_foreach(json_object_get(v, "public_history"), hk, h)
			web_html(b, "<p class=\"public-history\" data-kind=\"%s\">%s %s %s %s</p>",
				 json_string_value(json_object_get(h, "kind")),
				 !strcmp(json_string_value(json_object_get(h, "kind")), "withdraw")
				 ? T("Withdrawn from the public part") : T("Uploaded to the public part"),
				 json_string_value(json_object_get(h, "at")),
				 json_string_value(json_object_get(h, "by")),
				 json_string_value(json_object_get(h, "note")));
		if (edit && pub)
			web_html(b, "<a class=\"withdraw\" href=\"/reviews/%s/phases/%d/followup/reports/"
				 "%l/withdraw\">%s</a>", x.lr.reviewed, x.lr.phase,
				 (long long)json_integer_value(json_object_get(v, "id")),
				 T("Withdraw from the public part"));
		web_html(b, "</li>");
	}
	web_html(b, "</ul>");
	if (edit) {
		web_html(b, "<form method=\"post\" action=\"/reviews/%s/phases/%d/followup\">",
			 x.lr.reviewed, x.lr.phase);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"what\" value=\"report\"><textarea "
			 "name=\"body\" rows=\"4\" required></textarea><label><input type=\"checkbox\" "
			 "name=\"communicated\" value=\"1\"> %s</label> <label><input type=\"checkbox\" "
			 "name=\"public\" value=\"1\"> %s</label> <button type=\"submit\">%s"
			 "</button></form>", T("Communicate it to the States parties and the working groups"),
			 T("Upload it to the public part"), T("File the report"));
	}
	taprov_followup_section(rq, b, &x); /* ta (R117, R122) */
	pages_end(rq, b);
	json_decref(j);
out:
	listctx_free(&x);
}

/* F9: shows the confirmation of uploading report id when it is filed and
 * not public yet; returns 1 shown, 0 not (the caller goes on). */
static int report_confirm(struct web_req *rq, struct web_resp *rs, const struct listctx *x,
			  long id)
{
	int rc;
	json_t *j = followup_json(rq->db, x->lr.reviewed, x->lr.phase, 1, rq->user.email, rq->ip,
				  &rc);
	size_t i;
	json_t *v, *found = NULL;
	json_array_foreach(json_object_get(j, "reports"), i, v)
		if (json_integer_value(json_object_get(v, "id")) == id &&
		    !json_is_true(json_object_get(v, "public")))
			found = v;
	if (found)
		confirm_report_public_page(rq, rs, x, found);
	json_decref(j);
	return found != NULL;
}

void page_followup_post(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "";
	if (load(rq, rs, &x) <= 0)
		return;
	const char *what = web_req_field(rq, "what");
	int rc;
	if (what && !strcmp(what, "request")) {
		if (!listctx_allowed(rq, &x, ACCESS_TA_MANAGE, NULL)) {
			refuse(rq, rs);
			goto out;
		}
		long pid = 0;
		const char *ps = web_req_field(rq, "provider_id");
		if (ps && *ps && util_parse_long(ps, 1, 999999999999L, &pid) < 0)
			pid = 999999999999L; /* no such provider: the domain says so */
		if (pid) /* ta (R116): a provider of the register */
			rc = followup_request_link(rq->db, x.lr.reviewed, x.lr.phase,
						   web_req_field(rq, "key"), pid,
						   web_req_field(rq, "funding"), web_req_field(rq, "note"),
						   rq->user.email, err, sizeof err);
		else
			rc = followup_request_add(rq->db, x.lr.reviewed, x.lr.phase,
						  web_req_field(rq, "key"), web_req_field(rq, "provider"),
						  web_req_field(rq, "funding"), web_req_field(rq, "note"),
						  rq->user.email, err, sizeof err);
	} else {
		if (!listctx_allowed(rq, &x, ACCESS_FOLLOWUP_EDIT, NULL)) {
			refuse(rq, rs);
			goto out;
		}
		const char *c = web_req_field(rq, "communicated"), *p = web_req_field(rq, "public");
		int64_t id = 0;
		long rid = 0;
		if (what && !strcmp(what, "public")) {
			/* disc (B18, R104): a report filed earlier, uploaded. */
			/* A report number that does not parse is no report (0):
			 * the domain says so in its own words. */
			if (util_parse_long(web_req_field(rq, "report"), 1, 999999999999L, &rid) < 0)
				rid = 0;
			/* F9 (probe s8): a report that is there and not public
			 * yet is confirmed first (nothing written); any other
			 * is refused by the domain below, as before. */
			if (!confirm_given(rq) && report_confirm(rq, rs, &x, rid))
				goto out;
			rc = followup_report_publish(rq->db, x.lr.reviewed, x.lr.phase, rid,
						     rq->user.id, rq->user.email, err, sizeof err);
		} else if (what && !strcmp(what, "report")) {
			const char *body = web_req_field(rq, "body");
			/* F9: filed and uploaded at once: confirmed first. */
			if (p && !strcmp(p, "1") && body && *body && !confirm_given(rq)) {
				confirm_report_public_page(rq, rs, &x, NULL);
				goto out;
			}
			rc = followup_report_file(rq->db, x.lr.reviewed, x.lr.phase,
						  web_req_field(rq, "body"), c && !strcmp(c, "1"),
						  rq->user.email, &id, err, sizeof err);
			if (rc == 0 && p && !strcmp(p, "1")) {
				rc = followup_report_publish(rq->db, x.lr.reviewed, x.lr.phase, id,
							     rq->user.id, rq->user.email, err,
							     sizeof err);
				what = "public";
			}
		} else {
			rc = followup_status_set(rq->db, x.lr.reviewed, x.lr.phase,
						 web_req_field(rq, "key"), web_req_field(rq, "status"),
						 web_req_field(rq, "note"), rq->user.email, err,
						 sizeof err);
		}
	}
	if (rc == 0) {
		web_req_audit(rq, "followup.save", x.lr.reviewed, what ? what : "status");
		redirect(rs, &x, "followup?saved=1");
	} else {
		not_changed(rq, rs, &x, rc == -2 ? 400 : rc == -3 ? 404 : 503, err,
			    web_req_field(rq, "body"));
	}
out:
	listctx_free(&x);
}
