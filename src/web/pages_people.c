/* pages_people.c - the people and consultations of a country review
 * (issue 9; paras 18, 20, 27, 31; R18, R20, R83-R84): their sections of
 * the country page (the focal point or the Permanent Representative, the
 * experts and their shares of the work, the deadlines; the agreed calendar
 * and working languages) and the forms that change them: focal point,
 * representative, experts, tasks, consultations.
 *
 * Handlers translate: the domain is review/people and review/consult; who
 * may change what is asked of the access module (country_allowed()).
 * Forms post, then redirect (post/redirect/get); an error renders the
 * country page again with the reason in the page's language and status
 * 400, and nothing changed.  The page itself is web/pages_country.c. */
#include "web/pages_country.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "i18n/i18n.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/publicity.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/pages.h"

static void hidden_action(struct web_req *rq, struct buf *b, const char *path, const char *code,
			  const char *action)
{
	web_html(b, "<form method=\"post\" action=\"/country/%u/%r\" class=\"inline\">", code, path);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">", action);
}

/* c44 (C44): whether the actor may change state's directory setting with
 * the reference ref (access/: ACCESS_DIRECTORY_PUBLICITY_SET). */
static struct access_decision publicity_decision(struct web_req *rq, const char *state,
						 const char *ref)
{
	struct access_actor a = web_req_actor(rq);
	int64_t fp = people_focal_point_id(rq->db, state);
	struct access_object o = { .state = state, .focal_point_id = fp > 0 ? fp : 0,
				   .reference = ref };
	return access_check(&a, ACCESS_DIRECTORY_PUBLICITY_SET, &o);
}

/* c44: the State's directory setting, and its form for whoever may change
 * it (given the reference of a written request, when one is asked). */
static void publicity_block(struct web_req *rq, struct buf *b, const char *code, const char *page)
{
	struct publicity_entry p;
	if (publicity_get(rq->db, code, &p) < 0)
		return;
	web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd class=\"publicity\" data-publicity=\"%s\">%s",
		 T("Directory"), publicity_name(p.publicity),
		 country_publicity_label(rq, p.publicity));
	if (p.id) {
		web_html(b, " — ");
		country_put_when_who(rq, b, p.at, p.by);
		if (p.reference[0])
			web_html(b, ", %s %s", T("on the written request"), p.reference);
	}
	web_html(b, "</dd></dl>");
	if (publicity_decision(rq, code, "-").result != ACCESS_ALLOW)
		return;
	int need_ref = publicity_decision(rq, code, "").result != ACCESS_ALLOW;
	web_html(b, "<form method=\"post\" action=\"/country/%u/publicity\" class=\"grid publicity\">",
		 page);
	pages_csrf(rq, b);
	web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><div class=\"field\"><label "
		 "for=\"pub-%s\">%s</label><select id=\"pub-%s\" name=\"publicity\">", code, code,
		 T("Who sees this State's focal point and experts in the directory"), code);
	for (int v = ACCESS_PUBLICITY_STATES; v <= ACCESS_PUBLICITY_PUBLIC; v++)
		web_html(b, "<option value=\"%s\"%r>%s</option>", publicity_name(v),
			 v == p.publicity ? " selected" : "", country_publicity_label(rq, v));
	web_html(b, "</select></div><div class=\"field\"><label for=\"pubr-%s\">%s</label><input "
		 "id=\"pubr-%s\" name=\"reference\" maxlength=\"200\"%r></div><button type=\"submit\">"
		 "%s</button></form>", code, T("Reference of the State's written request"), code,
		 need_ref ? " required" : "", T("Save the directory setting"));
}

/* One State's people: focal point or temporary representative, deadlines,
 * experts, observers, and the forms the reader may use. */
static void people_block(struct web_req *rq, struct buf *b, const char *code, const char *page,
			 int full)
{
	struct people_state ps;
	char now[32];
	util_now_iso(now, sizeof now);
	if (people_load(rq->db, code, now, &ps) != 0)
		return;
	int edit = country_allowed(rq, ACCESS_PEOPLE_EDIT, NULL, code);
	int name_fp = country_allowed(rq, ACCESS_FOCAL_POINT_NAME, NULL, code);
	web_html(b, "<div class=\"people\" data-state=\"%s\"><h3>", code);
	pages_put_state_name(rq, b, code);
	web_html(b, "</h3><dl class=\"facts\"><dt>%s</dt><dd class=\"focal-point\">", T("Focal point"));
	if (ps.has_focal) {
		web_html(b, "%s", ps.focal.email);
		if (name_fp) {
			hidden_action(rq, b, "focal-point", page, "end");
			web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><button type=\"submit\" "
				 "class=\"link\">%s</button></form>", code, T("End"));
		}
	} else if (ps.has_rep) {
		web_html(b, "%s, %s <span class=\"badge temporary\">%s</span>", ps.rep_name, ps.rep_email,
			 T("Permanent Representative, temporary focal point"));
	} else {
		web_html(b, "%s", T("Not named yet"));
	}
	web_html(b, "</dd>");
	if (ps.launched[0]) {
		web_html(b, "<dt>%s</dt><dd>", T("Focal point due"));
		i18n_put_date(b, rq->lang, ps.focal_due);
		if (ps.focal_overdue)
			web_html(b, " <span class=\"badge overdue\">%s</span>", T("Overdue"));
		web_html(b, "</dd><dt>%s</dt><dd>", T("Experts due"));
		i18n_put_date(b, rq->lang, ps.experts_due);
		if (ps.experts_overdue)
			web_html(b, " <span class=\"badge overdue\">%s</span>", T("Overdue"));
		web_html(b, "</dd>");
	}
	web_html(b, "</dl>");
	publicity_block(rq, b, code, page);
	web_html(b, "<h4>%s</h4>", T("Governmental experts"));
	if (ps.nexperts) {
		web_html(b, "<ul class=\"experts\">");
		for (size_t i = 0; i < ps.nexperts; i++) {
			web_html(b, "<li>%s — ", ps.experts[i].email);
			country_put_instruments(rq, b, ps.experts[i].instruments);
			if (edit) {
				hidden_action(rq, b, "experts", page, "remove");
				web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><input "
					 "type=\"hidden\" name=\"email\" value=\"%s\"><button type=\"submit\" "
					 "class=\"link\">%s</button></form>", code, ps.experts[i].email,
					 T("Remove"));
			}
			web_html(b, "</li>");
		}
		web_html(b, "</ul>");
	} else {
		web_html(b, "<p>%s</p>", T("Not named yet"));
	}
	if (full && ps.nobservers) {
		web_html(b, "<h4>%s</h4><ul class=\"observers\">", T("Observers"));
		for (size_t i = 0; i < ps.nobservers; i++)
			web_html(b, "<li>%s</li>", ps.observers[i].email);
		web_html(b, "</ul>");
	}
	if (edit) {
		web_html(b, "<form method=\"post\" action=\"/country/%u/experts\" class=\"grid\">", page);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"action\" value=\"name\"><input type=\"hidden\" "
			 "name=\"state\" value=\"%s\"><div class=\"field\"><label for=\"ex-%s\">%s</label>"
			 "<input id=\"ex-%s\" name=\"email\" type=\"email\" required></div><div class=\"field\">"
			 "<label for=\"exi-%s\">%s</label><input id=\"exi-%s\" name=\"instruments\" "
			 "placeholder=\"untoc,tip\" aria-describedby=\"exi-%s-hint\"><p class=\"hint\" "
			 "id=\"exi-%s-hint\">%s</p></div><button type=\"submit\">%s</button></form>",
			 code, code, T("E-mail address of the expert's account"), code, code,
			 T("Instruments"), code, code, code,
			 T("Codes untoc, tip, som, firearms separated by commas; empty for all of the State's."),
			 T("Name an expert"));
	}
	if (name_fp) {
		if (!ps.has_focal) {
			web_html(b, "<form method=\"post\" action=\"/country/%u/focal-point\" class=\"grid\">",
				 page);
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"action\" value=\"name\"><input "
				 "type=\"hidden\" name=\"state\" value=\"%s\"><div class=\"field\"><label "
				 "for=\"fp-%s\">%s</label><input id=\"fp-%s\" name=\"email\" type=\"email\" "
				 "required></div><button type=\"submit\">%s</button></form>", code, code,
				 T("E-mail address of the focal point's account"), code,
				 T("Name the focal point"));
		}
		web_html(b, "<form method=\"post\" action=\"/country/%u/representative\" class=\"grid\">",
			 page);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><div class=\"field\">"
			 "<label for=\"pr-%s\">%s</label><input id=\"pr-%s\" name=\"name\" maxlength=\"200\" "
			 "value=\"%s\" required></div><div class=\"field\"><label for=\"pre-%s\">%s</label>"
			 "<input id=\"pre-%s\" name=\"email\" type=\"email\" value=\"%s\" required></div>"
			 "<div class=\"field\"><label for=\"prl-%s\">%s</label><select id=\"prl-%s\" "
			 "name=\"lang\">", code, code, T("Permanent Representative"), code, ps.rep_name,
			 code, T("E-mail address"), code, ps.rep_email, code, T("Language"), code);
		size_t nl;
		const struct i18n_lang *langs = i18n_languages(&nl);
		for (size_t i = 0; i < nl; i++)
			web_html(b, "<option value=\"%s\"%r>%s</option>", langs[i].code,
				 strcmp(langs[i].code, ps.rep_lang) == 0 ? " selected" : "",
				 langs[i].native);
		web_html(b, "</select></div><button type=\"submit\">%s</button></form>", T("Save"));
	}
	web_html(b, "</div>\n");
	people_state_free(&ps);
}

void country_section_people(struct web_req *rq, struct buf *b, const struct country_loaded *l)
{
	const char *code = l->cr.reviewed;
	web_html(b, "<section class=\"card\" id=\"people\"><h2>%s</h2>", T("People"));
	people_block(rq, b, code, code, 1);
	for (size_t i = 0; i < l->cr.nreviewers; i++)
		people_block(rq, b, l->cr.reviewers[i].state, code, 0);
	/* R20: how the reviewing States' experts share out the review. */
	struct people_task *t = NULL;
	size_t n = 0;
	web_html(b, "<h3>%s</h3>", T("Shares of the review among the reviewing experts"));
	if (people_tasks(rq->db, code, &t, &n) == 0 && n) {
		web_html(b, "<ul class=\"tasks\">");
		for (size_t i = 0; i < n; i++) {
			web_html(b, "<li>%s: %s", t[i].email, country_instr_label(rq, t[i].instrument));
			if (t[i].cluster[0])
				web_html(b, ", %s", country_cluster_label(rq, t[i].cluster));
			if (t[i].article) {
				web_html(b, ", %s ", T("article"));
				i18n_put_number(b, rq->lang, t[i].article);
			}
			if (country_allowed(rq, ACCESS_PEOPLE_EDIT, NULL, t[i].state)) {
				hidden_action(rq, b, "tasks", code, "remove");
				web_html(b, "<input type=\"hidden\" name=\"state\" value=\"%s\"><input "
					 "type=\"hidden\" name=\"id\" value=\"%l\"><button type=\"submit\" "
					 "class=\"link\">%s</button></form>", t[i].state, (long long)t[i].id,
					 T("Remove"));
			}
			web_html(b, "</li>");
		}
		web_html(b, "</ul>");
	} else {
		web_html(b, "<p>%s</p>", T("None"));
	}
	free(t);
	for (size_t i = 0; i < l->cr.nreviewers; i++) {
		const char *st = l->cr.reviewers[i].state;
		if (!country_allowed(rq, ACCESS_PEOPLE_EDIT, NULL, st))
			continue;
		web_html(b, "<form method=\"post\" action=\"/country/%u/tasks\" class=\"grid\" "
			 "data-state=\"%s\">", code, st);
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"action\" value=\"add\"><input type=\"hidden\" "
			 "name=\"state\" value=\"%s\"><div class=\"field\"><label for=\"te-%s\">%s</label>"
			 "<input id=\"te-%s\" name=\"email\" type=\"email\" required></div>"
			 "<div class=\"field\"><label for=\"ti-%s\">%s</label><input id=\"ti-%s\" "
			 "name=\"instrument\" required></div><div class=\"field\"><label for=\"tc-%s\">%s"
			 "</label><input id=\"tc-%s\" name=\"cluster\" maxlength=\"2\"></div><div "
			 "class=\"field\"><label for=\"ta-%s\">%s</label><input id=\"ta-%s\" name=\"article\" "
			 "inputmode=\"numeric\"></div><button type=\"submit\">%s</button></form>",
			 st, st, T("E-mail address"), st, st, T("Instruments"), st, st, T("Thematic cluster"),
			 st, st, T("article"), st, T("Give a share"));
	}
	web_html(b, "</section>\n");
}

void country_section_consultations(struct web_req *rq, struct buf *b,
				   const struct country_loaded *l)
{
	if (!country_allowed(rq, ACCESS_CONSULTATIONS_READ, &l->ar, NULL))
		return;
	const char *code = l->cr.reviewed;
	web_html(b, "<section class=\"card\" id=\"consultations\"><h2>%s</h2><dl class=\"facts\">"
		 "<dt>%s</dt><dd class=\"languages\">", T("Consultations"), T("Working languages"));
	if (!l->cr.nlanguages)
		web_html(b, "%s", T("Not agreed yet"));
	for (size_t i = 0; i < l->cr.nlanguages; i++) {
		const struct i18n_lang *lg = i18n_find(l->cr.languages[i]);
		web_html(b, "%r%s", i ? ", " : "", lg ? lg->native : l->cr.languages[i]);
	}
	if (l->cr.languages_exceptional)
		web_html(b, " <span class=\"badge\">%s</span>", T("Exceptionally three languages"));
	web_html(b, "</dd></dl>");
	struct consult_record *h = NULL;
	size_t n = 0;
	if (consult_history(rq->db, code, &h, &n) == 0 && n) {
		web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"consultations\">"
			 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
			 "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			 T("Phase"), T("Working languages"), T("Responses due"), T("Observations due"),
			 T("Dialogue"), T("List of observations due"), T("Note"), T("Recorded"));
		for (size_t i = 0; i < n; i++) {
			const char *d[4] = { h[i].responses_due, h[i].observations_due, h[i].dialogue_on,
					     h[i].list_due };
			web_html(b, "<tr%r><td>", i == 0 ? " class=\"current\"" : "");
			i18n_put_number(b, rq->lang, h[i].phase);
			web_html(b, "</td><td>%s</td>", h[i].languages);
			for (int k = 0; k < 4; k++) {
				web_html(b, "<td>");
				if (d[k][0])
					i18n_put_date(b, rq->lang, d[k]);
				web_html(b, "</td>");
			}
			web_html(b, "<td>%s</td><td>", h[i].note);
			country_put_when_who(rq, b, h[i].recorded_at, h[i].recorded_by);
			web_html(b, "</td></tr>\n");
		}
		web_html(b, "</tbody></table></div>");
	}
	free(h);
	if (country_allowed(rq, ACCESS_CONSULTATIONS_EDIT, &l->ar, NULL)) {
		web_html(b, "<form method=\"post\" action=\"/country/%u/consultations\" class=\"grid\">",
			 code);
		pages_csrf(rq, b);
		web_html(b, "<div class=\"field\"><label for=\"cph\">%s</label><input id=\"cph\" "
			 "name=\"phase\" inputmode=\"numeric\" value=\"1\" required></div>"
			 "<div class=\"field\"><label for=\"clang\">%s</label><input id=\"clang\" "
			 "name=\"languages\" placeholder=\"en,fr\" required aria-describedby=\"clang-hint\">"
			 "<p class=\"hint\" id=\"clang-hint\">%s</p></div>"
			 "<div class=\"field check\"><input type=\"checkbox\" id=\"cexc\" name=\"exceptional\" "
			 "value=\"1\"><label for=\"cexc\">%s</label></div>",
			 T("Phase"), T("Working languages"),
			 T("One or two of ar, zh, en, fr, ru, es, separated by commas; three only exceptionally."),
			 T("Exceptionally three languages"));
		static const char *const fields[4] = { "responses_due", "observations_due", "dialogue_on",
						       "list_due" };
		const char *labels[4] = { T("Responses due"), T("Observations due"), T("Dialogue"),
					  T("List of observations due") };
		for (int k = 0; k < 4; k++)
			web_html(b, "<div class=\"field\"><label for=\"c-%s\">%s</label><input id=\"c-%s\" "
				 "name=\"%s\" type=\"date\"></div>", fields[k], labels[k], fields[k], fields[k]);
		web_html(b, "<div class=\"field\"><label for=\"cnote\">%s</label><input id=\"cnote\" "
			 "name=\"note\" maxlength=\"1000\"></div><button type=\"submit\">%s</button></form>",
			 T("Note"), T("Record the consultations"));
	}
	web_html(b, "</section>\n");
}


/* The end of a form: an error shows the page again (nothing changed); a
 * change is audited and redirects back. */
static void done(struct web_req *rq, struct web_resp *rs, struct country_loaded *l, int rc,
		 const char *err, const char *audit_action, const char *detail)
{
	if (rc < 0) {
		country_page_render(rq, rs, l, err, 400);
		return;
	}
	web_req_audit(rq, audit_action, l->cr.reviewed, detail);
	char loc[64];
	snprintf(loc, sizeof loc, "/country/%s?saved=1", l->cr.reviewed);
	web_resp_redirect(rs, loc);
}

/* Common to the people forms: the review of the URL, read access, and the
 * State the form acts on (field "state", by default the reviewed one),
 * which must take part in the review.  Returns the State or NULL (rs
 * answered). */
static const char *people_form(struct web_req *rq, struct web_resp *rs, struct country_loaded *l)
{
	int st = country_load(rq, l);
	if (st) {
		pages_error(rq, rs, st);
		return NULL;
	}
	if (!country_allowed(rq, ACCESS_REVIEW_READ, &l->ar, NULL)) {
		country_refuse(rq, rs, "review");
		return NULL;
	}
	const char *state = web_req_field(rq, "state");
	if (!state || !*state)
		state = l->cr.reviewed;
	if (strcmp(state, l->cr.reviewed) != 0 && !country_reviewer_of(&l->cr, state)) {
		country_page_render(rq, rs, l, T("That State takes no part in this review."), 400);
		return NULL;
	}
	return state;
}

/* people_form(), then act on its State asked of the access module; what
 * names the refused part in the audit log.  The State or NULL (rs
 * answered). */
static const char *people_form_allowed(struct web_req *rq, struct web_resp *rs,
				       struct country_loaded *l, enum access_action act,
				       const char *what)
{
	const char *state = people_form(rq, rs, l);
	if (state && !country_allowed(rq, act, NULL, state)) {
		country_refuse(rq, rs, what);
		return NULL;
	}
	return state;
}

void page_country_focal(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512];
	const char *state = people_form_allowed(rq, rs, &l, ACCESS_FOCAL_POINT_NAME, "focal point");
	if (!state)
		return;
	const char *action = web_req_field(rq, "action");
	const char *email = web_req_field(rq, "email");
	int rc;
	if (action && strcmp(action, "end") == 0)
		rc = people_focal_end(rq->db, state, rq->user.email, err, sizeof err);
	else if (action && strcmp(action, "name") == 0)
		rc = people_focal_name(rq->db, state, email, rq->user.email, err, sizeof err);
	else
		rc = (snprintf(err, sizeof err, "unknown action"), -1);
	done(rq, rs, &l, rc, err, action && strcmp(action, "end") == 0 ? "people.focal_point.end"
	     : "people.focal_point.name", email ? email : state);
}

void page_country_representative(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512];
	const char *state = people_form_allowed(rq, rs, &l, ACCESS_FOCAL_POINT_NAME, "representative");
	if (!state)
		return;
	int rc = people_representative_set(rq->db, state, web_req_field(rq, "name"),
					   web_req_field(rq, "email"), web_req_field(rq, "lang"),
					   rq->user.email, err, sizeof err);
	done(rq, rs, &l, rc, err, "people.representative", state);
}

void page_country_experts(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512];
	const char *state = people_form_allowed(rq, rs, &l, ACCESS_PEOPLE_EDIT, "experts");
	if (!state)
		return;
	const char *action = web_req_field(rq, "action");
	const char *email = web_req_field(rq, "email");
	int rc, rm = action && strcmp(action, "remove") == 0;
	if (rm)
		rc = people_expert_remove(rq->db, state, email, rq->user.email, err, sizeof err);
	else if (action && strcmp(action, "name") == 0)
		rc = people_expert_name(rq->db, state, email, web_req_field(rq, "instruments"),
					rq->user.email, err, sizeof err);
	else
		rc = (snprintf(err, sizeof err, "unknown action"), -1);
	done(rq, rs, &l, rc, err, rm ? "people.expert.remove" : "people.expert.name",
	     email ? email : "");
}

void page_country_tasks(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512];
	const char *state = people_form_allowed(rq, rs, &l, ACCESS_PEOPLE_EDIT, "tasks");
	if (!state)
		return;
	const char *action = web_req_field(rq, "action");
	int rc, rm = action && strcmp(action, "remove") == 0;
	long v = 0;
	const char *art = web_req_field(rq, "article");
	if (rm) {
		rc = util_parse_long(web_req_field(rq, "id"), 1, 1L << 40, &v) < 0
			? (snprintf(err, sizeof err, "no such share"), -1)
			: people_task_remove_in(rq->db, l.cr.reviewed, v, state, rq->user.email, err,
						sizeof err);
	} else if (art && *art && util_parse_long(art, 0, 999, &v) < 0) {
		rc = (snprintf(err, sizeof err, "article: a number of table 1"), -1);
	} else {
		rc = people_task_add(rq->db, l.cr.reviewed, state, web_req_field(rq, "email"),
				     web_req_field(rq, "instrument"), web_req_field(rq, "cluster"),
				     (int)v, rq->user.email, err, sizeof err);
	}
	done(rq, rs, &l, rc, err, rm ? "people.task.remove" : "people.task.add", state);
}

void page_country_consultations(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512];
	int st = country_load(rq, &l);
	if (st) {
		pages_error(rq, rs, st);
		return;
	}
	if (!country_allowed(rq, ACCESS_CONSULTATIONS_EDIT, &l.ar, NULL)) {
		country_refuse(rq, rs, "consultations");
		return;
	}
	long phase = 0;
	(void)util_parse_long(web_req_field(rq, "phase"), 0, 9, &phase);
	struct consult_input in = {
		.reviewed = l.cr.reviewed, .phase = (int)phase,
		.languages = web_req_field(rq, "languages"),
		.exceptional = web_req_field(rq, "exceptional") != NULL,
		.responses_due = web_req_field(rq, "responses_due"),
		.observations_due = web_req_field(rq, "observations_due"),
		.dialogue_on = web_req_field(rq, "dialogue_on"),
		.list_due = web_req_field(rq, "list_due"),
		.note = web_req_field(rq, "note"),
	};
	int64_t id = consult_record(rq->db, &in, rq->user.email, err, sizeof err);
	if (id > 0)
		(void)country_review_load(rq->db, l.cr.reviewed, &l.cr); /* fresh languages */
	done(rq, rs, &l, id > 0 ? 0 : -1, err, "consultations.record",
	     in.languages ? in.languages : "");
}

/* POST /country/{state}/publicity (c44, C44): the directory setting of
 * the State of field "state" (the reviewed one by default), which takes
 * part in the review; a refusal for want of a reference is a form error
 * (400, nothing changed), any other refusal a 403. */
void page_country_publicity(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	char err[512], detail[320], loc[64];
	const char *state = people_form(rq, rs, &l);
	if (!state)
		return;
	const char *setting = web_req_field(rq, "publicity");
	const char *ref = web_req_field(rq, "reference");
	struct access_decision d = publicity_decision(rq, state, ref);
	if (d.result != ACCESS_ALLOW) {
		if (d.code && strcmp(d.code, "reference_required") == 0) {
			web_req_audit(rq, "access.denied", rq->log_path, d.reason);
			country_page_render(rq, rs, &l,
					    T("Give the reference of the State's written request."), 400);
		} else {
			country_refuse(rq, rs, "directory setting");
		}
		return;
	}
	if (publicity_set(rq->db, state, setting, ref, rq->user.id, rq->user.email, err,
			  sizeof err) < 0) {
		country_page_render(rq, rs, &l, err, 400);
		return;
	}
	snprintf(detail, sizeof detail, "%s%s%s", setting, ref && *ref ? " on request " : "",
		 ref && *ref ? ref : "");
	web_req_audit(rq, "directory.publicity", state, detail);
	snprintf(loc, sizeof loc, "/country/%s?saved=1", l.cr.reviewed);
	web_resp_redirect(rs, loc);
}
