/* pages_country.c - the country review of a State for its participants
 * (issue 9): reviewers with roles and instruments, the instruments under
 * review per phase with the footnote of table 1, the phase states with
 * their transitions; the page that holds them and the people and
 * consultations sections (web/pages_people.c, with their forms), the
 * directory of focal points and experts, and GET /api/v1/reviews/{state}.
 *
 * Handlers translate: the domain is review/country, review/people and
 * review/consult; who may see what is asked of the access module with the
 * review (or the State) as the artefact (country_allowed(), shared with
 * web/pages_people.c through web/pages_country.h). */
#include "web/pages_country.h"

#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "core/refdata.h"
#include "i18n/i18n.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/phase.h"
#include "review/programme.h"
#include "response/uncac.h"
#include "review/publicity.h"
#include "store/store.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/pages.h"
#include "web/phasenav.h"
#include "web/respq9.h"

const char *country_instr_label(struct web_req *rq, const char *i)
{
	if (strcmp(i, "untoc") == 0) return T("Organized Crime Convention");
	if (strcmp(i, "tip") == 0) return T("Trafficking in Persons Protocol");
	if (strcmp(i, "som") == 0) return T("Smuggling of Migrants Protocol");
	if (strcmp(i, "firearms") == 0) return T("Firearms Protocol");
	return i;
}

static const char *role_label(struct web_req *rq, const char *r)
{
	if (strcmp(r, "same_region") == 0) return T("Same regional group");
	if (strcmp(r, "other_region") == 0) return T("Other regional group");
	if (strcmp(r, "additional") == 0) return T("Additional reviewer");
	return r;
}

const char *country_cluster_label(struct web_req *rq, const char *c)
{
	if (strcmp(c, "C1") == 0) return T("Criminalization and jurisdiction");
	if (strcmp(c, "C2") == 0) return T("Prevention, technical assistance, protection and other measures");
	if (strcmp(c, "C3") == 0) return T("Law enforcement and judicial system");
	if (strcmp(c, "C4") == 0) return T("International cooperation, mutual legal assistance and confiscation");
	return c;
}

static const char *state_label(struct web_req *rq, int st)
{
	switch (st) {
	case PHASE_NOT_STARTED: return T("Not started");
	case PHASE_QUESTIONNAIRE: return T("Questionnaire in progress");
	case PHASE_RESPONSES: return T("Responses submitted");
	case PHASE_OBSERVATIONS: return T("Observations submitted");
	case PHASE_DIALOGUE: return T("Dialogue");
	case PHASE_DRAFT_LIST: return T("Draft list of observations");
	case PHASE_LIST_AGREED: return T("List of observations agreed");
	case PHASE_SUMMARY_AGREED: return T("Summary agreed");
	case PHASE_SUSPENDED: return T("Suspended");
	default: return T("Phase not open yet");
	}
}

/* A comma list of instruments in the page language ("" = all). */
void country_put_instruments(struct web_req *rq, struct buf *b, const char *list)
{
	char tmp[64];
	int first = 1;
	if (!list || !*list) {
		web_html(b, "%s", T("All instruments of its State"));
		return;
	}
	util_strlcpy(tmp, list, sizeof tmp);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		web_html(b, "%r%s", first ? "" : ", ", country_instr_label(rq, t));
		first = 0;
	}
}

static int valid_code(const char *c)
{
	return c && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' &&
	       c[2] >= 'A' && c[2] <= 'Z';
}

/* Loads the review of the URL's {state}: 0, or the HTTP status to answer
 * (404 no such review, 503 store). */
int country_load(struct web_req *rq, struct country_loaded *l)
{
	const char *code = rq->param[0];
	if (!valid_code(code))
		return 404;
	int f = country_review_load(rq->db, code, &l->cr);
	if (f < 0)
		return 503;
	if (f == 0)
		return 404;
	country_review_access(&l->cr, &l->ar, l->ptrs, sizeof l->ptrs / sizeof l->ptrs[0]);
	return 0;
}

int country_allowed(struct web_req *rq, enum access_action act, const struct access_review *r,
		   const char *state)
{
	struct access_actor a = web_req_actor(rq);
	/* The focal point named for the State concerned (para 18). */
	const char *of = state ? state : r ? r->reviewed : NULL;
	int64_t fp = of ? people_focal_point_id(rq->db, of) : 0;
	struct access_object o = { .review = r, .state = state, .focal_point_id = fp > 0 ? fp : 0 };
	struct access_decision d = access_check(&a, act, &o);
	return d.result == ACCESS_ALLOW;
}

/* Refuses with 403 and audits the artefact-level refusal. */
void country_refuse(struct web_req *rq, struct web_resp *rs, const char *what)
{
	web_req_audit(rq, "access.denied", rq->log_path, what);
	pages_error(rq, rs, 403);
}

void country_put_when_who(struct web_req *rq, struct buf *b, const char *at, const char *who)
{
	i18n_put_date(b, rq->lang, at);
	if (who && *who)
		web_html(b, " (%s)", who);
}

static void section_reviewers(struct web_req *rq, struct buf *b, const struct country_loaded *l)
{
	web_html(b, "<section class=\"card\" id=\"reviewers\"><h2>%s</h2>", T("Reviewing States"));
	if (!l->cr.nreviewers) {
		web_html(b, "<p>%s</p></section>\n", T("No reviewers drawn yet."));
		return;
	}
	web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">%s"
		 "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 T("State"), T("Role"), T("Instruments in its charge"));
	for (size_t i = 0; i < l->cr.nreviewers; i++) {
		const struct country_reviewer *w = &l->cr.reviewers[i];
		web_html(b, "<tr><td data-state=\"%s\">", w->state);
		pages_put_state_name(rq, b, w->state);
		web_html(b, "</td><td>%s</td><td>", role_label(rq, w->role));
		country_put_instruments(rq, b, w->instruments);
		web_html(b, "</td></tr>\n");
	}
	web_html(b, "</tbody></table></div>");
	struct country_redraw *rd = NULL;
	size_t n = 0;
	if (country_redraws(rq->db, l->cr.reviewed, &rd, &n) == 0 && n) {
		web_html(b, "<h3>%s</h3><ul>", T("Reviewers replaced by a new drawing of lots"));
		for (size_t i = 0; i < n; i++) {
			web_html(b, "<li>");
			i18n_put_date(b, rq->lang, rd[i].at);
			web_html(b, ": ");
			pages_put_state_name(rq, b, rd[i].old_reviewer);
			web_html(b, " → ");
			pages_put_state_name(rq, b, rd[i].new_reviewer);
			web_html(b, " (%s)</li>", role_label(rq, rd[i].role));
		}
		web_html(b, "</ul>");
	}
	free(rd);
	web_html(b, "</section>\n");
}

static void section_phases(struct web_req *rq, struct buf *b, const struct country_loaded *l)
{
	struct programme_phase ph[8];
	size_t nph = 0;
	if (l->cr.cohort < 1 || programme_phases(rq->db, l->cr.cohort, ph, 8, &nph) < 0)
		nph = 0;
	web_html(b, "<section class=\"card\" id=\"phases\"><h2>%s</h2><div class=\"table-scroll\" "
		 "tabindex=\"0\"><table class=\"phases\"><thead><tr><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
		 "<tbody>", T("Phases"), T("Phase"), T("Thematic cluster"), T("Instruments under review"),
		 T("State of the review"));
	for (int p = 1; p <= 4; p++) {
		struct country_snapshot snap;
		const char *cluster = "";
		for (size_t i = 0; i < nph; i++)
			if (ph[i].stage == p)
				cluster = ph[i].cluster;
		int have = country_phase_snapshot(rq->db, l->cr.reviewed, p, &snap) == 1;
		if (have)
			cluster = snap.cluster;
		web_html(b, "<tr id=\"phase-%d\"><td>", p);
		i18n_put_number(b, rq->lang, p);
		web_html(b, "</td><td>%s</td><td>", country_cluster_label(rq, cluster));
		if (!have) {
			web_html(b, "%s", T("Fixed when the phase opens"));
		} else {
			if (snap.instruments[0])
				country_put_instruments(rq, b, snap.instruments);
			else
				web_html(b, "%s", T("None"));
			/* Footnote a of table 1 (R41, C27) and its empty cell (R42). */
			if (strcmp(snap.cluster, "C1") == 0 && country_list_has(snap.instruments, "untoc") &&
			    snap.instruments[0] && snap.override_id > 0) {
				/* q9 (C27): the Secretariat's decision in force. */
				web_html(b, "<p class=\"hint footnote\" id=\"uncac-override-%d\">%s "
					 "<span class=\"reference\">%s</span>, <time datetime=\"%s\">", p,
					 snap.uncac ? T("Articles 8 and 9 of the Convention are not reviewed, by the Secretariat's decision (table 1, note a):")
					 : T("Articles 8 and 9 of the Convention are reviewed, by the Secretariat's decision (table 1, note a):"),
					 snap.override_ref, snap.override_at);
				i18n_put_date(b, rq->lang, snap.override_at);
				web_html(b, "</time></p>");
			} else if (strcmp(snap.cluster, "C1") == 0 && country_list_has(snap.instruments, "untoc") &&
			    snap.instruments[0])
				web_html(b, "<p class=\"hint footnote\">%s</p>", snap.uncac
					 ? T("Articles 8 and 9 of the Convention are not reviewed: the State was party to the United Nations Convention against Corruption when the phase opened (table 1, note a).")
					 : T("Articles 8 and 9 of the Convention are reviewed: the State was not party to the United Nations Convention against Corruption when the phase opened (table 1, note a)."));
			if (strcmp(snap.cluster, "C3") == 0)
				web_html(b, "<p class=\"hint footnote\">%s</p>",
					 T("The Firearms Protocol has no articles in this cluster (table 1)."));
			/* q9 (R43, R76): when each instrument's phase started. */
			respq9_country_starts(rq, b, l->cr.reviewed, p);
		}
		web_html(b, "</td><td class=\"phase-state\">%s",
			 state_label(rq, l->cr.phase_state[p - 1]));
		if (l->cr.phase_state[p - 1] >= 0)
			phasenav_put(rq, b, l->cr.reviewed, p, PHASENAV_NONE);
		web_html(b, "</td></tr>\n");
	}
	web_html(b, "</tbody></table></div>");
	/* summ (issue 10): each phase's summary, the disclosure choices. */
	web_html(b, "<p id=\"summary-links\">%s:", T("Summary of the review"));
	for (int p = 1; p <= 4; p++) {
		web_html(b, " <a href=\"/reviews/%u/phases/%d/summary/%u\">%s ", l->cr.reviewed, p,
			 rq->lang, T("Phase"));
		i18n_put_number(b, rq->lang, p);
		web_html(b, "</a>");
	}
	web_html(b, " &middot; <a id=\"disclosures-link\" href=\"/country/%u/disclosures\">%s</a></p>",
		 l->cr.reviewed, T("Disclosure choices"));
	struct country_transition *t = NULL;
	size_t n = 0;
	if (country_transitions(rq->db, l->cr.reviewed, &t, &n) == 0 && n) {
		web_html(b, "<h3>%s</h3><ol class=\"transitions\">", T("Transitions"));
		for (size_t i = 0; i < n; i++) {
			web_html(b, "<li>%s ", T("Phase"));
			i18n_put_number(b, rq->lang, t[i].phase);
			web_html(b, ": %s → %s, ", state_label(rq, phase_state_parse(t[i].from)),
				 state_label(rq, phase_state_parse(t[i].to)));
			country_put_when_who(rq, b, t[i].at, t[i].by);
			if (t[i].note[0])
				web_html(b, " — %s", t[i].note);
			web_html(b, "</li>");
		}
		web_html(b, "</ol>");
	}
	free(t);
	web_html(b, "</section>\n");
}

void country_page_render(struct web_req *rq, struct web_resp *rs, struct country_loaded *l,
			 const char *error, int status)
{
	struct buf *b = &rs->body;
	char name[256];
	buf_reset(b);
	rs->status = status;
	if (refdata_state_name(rq->db, l->cr.reviewed, rq->lang, name, sizeof name) < 0)
		util_strlcpy(name, l->cr.reviewed, sizeof name);
	pages_begin(rq, b, name);
	web_html(b, "<p class=\"lead\">%s</p>\n", T("Country review"));
	if (error) /* a domain error in the page's language (util/msg.h) */
		pages_notice(b, "error", pages_derr(rq, error));
	else if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("Saved."));
	enum access_part part = access_review_part(&rq->user, &l->ar);
	web_html(b, "<p class=\"notice\">%s %s</p>\n", T("Your part in this review:"),
		 part == ACCESS_PART_REVIEWED ? T("State under review") :
		 part == ACCESS_PART_REVIEWER ? T("Reviewing State") : T("Secretariat"));
	web_html(b, "<dl class=\"facts\"><dt>%s</dt><dd>", T("Year"));
	i18n_put_number(b, rq->lang, l->cr.cohort);
	web_html(b, "</dd></dl>\n");
	section_reviewers(rq, b, l);
	section_phases(rq, b, l);
	country_section_people(rq, b, l);
	country_section_consultations(rq, b, l);
	web_html(b, "<p><a href=\"/directory\">%s</a></p>\n", T("Directory of focal points and experts"));
	pages_end(rq, b);
}

void page_country(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	int st = country_load(rq, &l);
	if (st) {
		pages_error(rq, rs, st);
		return;
	}
	if (!country_allowed(rq, ACCESS_REVIEW_READ, &l.ar, NULL)) {
		country_refuse(rq, rs, "review");
		return;
	}
	country_page_render(rq, rs, &l, NULL, 200);
}


/* c44 (C44, para 27): whether the actor sees state's entries, given
 * its setting (access/: ACCESS_DIRECTORY_STATE_READ). */
static int directory_shows(struct web_req *rq, const char *state, int publicity)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = { .state = state, .publicity = publicity };
	return access_allowed(&a, ACCESS_DIRECTORY_STATE_READ, &o);
}

const char *country_publicity_label(struct web_req *rq, int publicity)
{
	return publicity == ACCESS_PUBLICITY_PUBLIC ? T("Public, on the portal")
		: T("States parties only");
}

/* The settings in force, with who changed them, when and on what
 * request: for those who see the whole directory. */
static void directory_settings(struct web_req *rq, struct buf *b,
			       const struct publicity_entry *cur, size_t n)
{
	web_html(b, "<section class=\"card\" id=\"directory-settings\"><h2>%s</h2>",
		 T("Directory settings of the States"));
	if (!n) {
		web_html(b, "<p>%s</p></section>\n", T("Every State has the default setting."));
		return;
	}
	web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">"
		 "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>", T("State"), T("Directory"), T("Recorded"),
		 T("Reference of the State's written request"));
	for (size_t i = 0; i < n; i++) {
		web_html(b, "<tr data-state=\"%s\" data-publicity=\"%s\"><td>", cur[i].state,
			 publicity_name(cur[i].publicity));
		pages_put_state_name(rq, b, cur[i].state);
		web_html(b, "</td><td>%s</td><td>", country_publicity_label(rq, cur[i].publicity));
		country_put_when_who(rq, b, cur[i].at, cur[i].by);
		web_html(b, "</td><td>%s</td></tr>\n", cur[i].reference);
	}
	web_html(b, "</tbody></table></div></section>\n");
}

/* GET /directory (public route: what each State's entries show is
 * ACCESS_DIRECTORY_STATE_READ's, C44), with the form of the setting
 * (web/pages_directory.c) and the error of a refused change, if any. */
void country_directory_render(struct web_req *rq, struct web_resp *rs, const char *error,
			      int status)
{
	struct buf *b = &rs->body;
	buf_reset(b);
	struct people_entry *e = NULL;
	struct publicity_entry *cur = NULL;
	size_t n = 0, ncur = 0, shown = 0;
	if (people_directory(rq->db, &e, &n) < 0 || publicity_current(rq->db, &cur, &ncur) < 0) {
		free(e);
		pages_error(rq, rs, 503);
		return;
	}
	struct access_actor a = web_req_actor(rq);
	int all = access_allowed(&a, ACCESS_DIRECTORY_READ, NULL);
	rs->status = status;
	pages_begin(rq, b, T("Directory of focal points and experts"));
	if (error) /* a domain error in the page's language (util/msg.h) */
		pages_notice(b, "error", pages_derr(rq, error));
	else if (web_req_query(rq, "saved"))
		pages_notice(b, "ok", T("Saved."));
	web_html(b, "<p class=\"lead\" id=\"directory-scope\" data-scope=\"%s\">%s</p>\n",
		 all ? "all" : "public", all
		 ? T("You see the focal points and experts of every State. Each State chooses whether they are also published on the portal for everyone (paragraph 27).")
		 : T("Only the States that chose to publish their focal points and experts on the portal (paragraph 27) are shown."));
	for (size_t i = 0; i < n; i++) {
		int pub = publicity_of(cur, ncur, e[i].state);
		if (!directory_shows(rq, e[i].state, pub))
			continue;
		if (!shown++)
			web_html(b, "<div class=\"table-scroll\" tabindex=\"0\"><table id=\"directory\">"
				 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
				 "</th></tr></thead><tbody>", T("State"), T("Role"), T("E-mail address"),
				 T("Instruments"), T("Directory"));
		const char *role = strcmp(e[i].role, "focal_point") == 0 ? T("Focal point")
			: strcmp(e[i].role, "expert") == 0 ? T("Governmental expert")
			: T("Permanent Representative, temporary focal point");
		web_html(b, "<tr data-state=\"%s\" data-publicity=\"%s\"><td>", e[i].state,
			 publicity_name(pub));
		pages_put_state_name(rq, b, e[i].state);
		web_html(b, "</td><td>%s</td><td>%s%r%s</td><td>", role, e[i].name,
			 e[i].name[0] ? ", " : "", e[i].email);
		if (strcmp(e[i].role, "expert") == 0)
			country_put_instruments(rq, b, e[i].instruments);
		web_html(b, "</td><td class=\"publicity\">%s</td></tr>\n",
			 country_publicity_label(rq, pub));
	}
	if (shown)
		web_html(b, "</tbody></table></div>\n");
	else
		web_html(b, "<p>%s</p>", T("None"));
	if (all)
		directory_settings(rq, b, cur, ncur);
	country_directory_form(rq, b);
	free(e);
	free(cur);
	pages_end(rq, b);
}

void page_directory(struct web_req *rq, struct web_resp *rs)
{
	country_directory_render(rq, rs, NULL, 200);
}

/* ---- GET /api/v1/reviews/{state} ---- */

static json_t *list_json(const char *list)
{
	json_t *a = json_array();
	char tmp[64];
	util_strlcpy(tmp, list, sizeof tmp);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

static json_t *people_json(struct web_req *rq, const char *code)
{
	struct people_state ps;
	char now[32];
	util_now_iso(now, sizeof now);
	if (people_load(rq->db, code, now, &ps) != 0)
		return json_null();
	json_t *ex = json_array(), *ob = json_array();
	for (size_t i = 0; i < ps.nexperts; i++)
		json_array_append_new(ex, json_pack("{s:s, s:o}", "email", ps.experts[i].email,
						    "instruments", list_json(ps.experts[i].instruments)));
	for (size_t i = 0; i < ps.nobservers; i++)
		json_array_append_new(ob, json_string(ps.observers[i].email));
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o}", "state", code, "focal_point",
			      ps.has_focal ? json_pack("{s:s, s:s}", "email", ps.focal.email,
						       "named_at", ps.focal.named_at) : json_null(),
			      "temporary_focal_point", !ps.has_focal && ps.has_rep
			      ? json_pack("{s:s, s:s}", "name", ps.rep_name, "email", ps.rep_email)
			      : json_null(), "experts", ex, "observers", ob);
	if (ps.launched[0])
		json_object_set_new(o, "deadlines", json_pack("{s:s, s:b, s:s, s:b}", "focal_point",
			ps.focal_due, "focal_point_overdue", ps.focal_overdue, "experts",
			ps.experts_due, "experts_overdue", ps.experts_overdue));
	people_state_free(&ps);
	return o;
}

void api_country_review(struct web_req *rq, struct web_resp *rs)
{
	struct country_loaded l;
	int st = country_load(rq, &l);
	if (st) {
		web_resp_json_error(rs, st, st == 404 ? "not_found" : "unavailable",
				    st == 404 ? "no country review of this State (ISO 3166 alpha-3, upper case)"
				    : "the review could not be read");
		return;
	}
	struct access_actor a = web_req_actor(rq);
	struct access_object o = { .review = &l.ar };
	struct access_decision d = access_check(&a, ACCESS_REVIEW_READ, &o);
	if (d.result != ACCESS_ALLOW) {
		web_req_audit(rq, "access.denied", rq->log_path, d.reason);
		web_resp_json_error(rs, 403, d.code, d.reason);
		return;
	}
	enum access_part part = access_review_part(&rq->user, &l.ar);
	json_t *rv = json_array(), *phases = json_array(), *langs = json_array();
	for (size_t i = 0; i < l.cr.nreviewers; i++)
		json_array_append_new(rv, json_pack("{s:s, s:s, s:o}", "state", l.cr.reviewers[i].state,
						    "role", l.cr.reviewers[i].role, "instruments",
						    list_json(l.cr.reviewers[i].instruments)));
	for (int p = 1; p <= 4; p++) {
		struct country_snapshot snap;
		int have = country_phase_snapshot(rq->db, l.cr.reviewed, p, &snap) == 1;
		int s = l.cr.phase_state[p - 1];
		json_t *ph = json_pack("{s:i, s:s?, s:o}", "phase", p, "state",
				       s >= 0 ? phase_state_name((enum phase_state)s) : NULL,
				       "instruments", have ? list_json(snap.instruments) : json_null());
		if (have) {
			json_object_set_new(ph, "cluster", json_string(snap.cluster));
			json_object_set_new(ph, "started", json_string(snap.taken_at));
			json_object_set_new(ph, "uncac_party_at_start", json_boolean(snap.uncac_at_start));
			/* q9 (C27, R43): the status in force, its decision, the
			 * start of each instrument's country-review phase. */
			json_object_set_new(ph, "uncac_party", json_boolean(snap.uncac));
			json_object_set_new(ph, "uncac_override", snap.override_id > 0
					    ? json_pack("{s:I,s:s,s:s}", "id", (json_int_t)snap.override_id,
							"reference", snap.override_ref, "decided_at",
							snap.override_at) : json_null());
			json_t *starts = response_review_starts_json(rq->db, l.cr.reviewed, p);
			json_object_set_new(ph, "review_started", starts ? starts : json_array());
		}
		json_array_append_new(phases, ph);
	}
	for (size_t i = 0; i < l.cr.nlanguages; i++)
		json_array_append_new(langs, json_string(l.cr.languages[i]));
	json_t *j = json_pack("{s:s, s:i, s:o, s:o, s:o, s:b, s:s}", "reviewed", l.cr.reviewed,
			      "cohort", l.cr.cohort, "reviewers", rv, "phases", phases,
			      "languages", langs, "languages_exceptional", l.cr.languages_exceptional,
			      "my_part", part == ACCESS_PART_REVIEWED ? "reviewed"
			      : part == ACCESS_PART_REVIEWER ? "reviewer" : "secretariat");
	if (access_allowed(&a, ACCESS_DIRECTORY_READ, NULL)) {
		json_t *people = json_array();
		json_array_append_new(people, people_json(rq, l.cr.reviewed));
		for (size_t i = 0; i < l.cr.nreviewers; i++)
			json_array_append_new(people, people_json(rq, l.cr.reviewers[i].state));
		json_object_set_new(j, "people", people);
	}
	if (access_allowed(&a, ACCESS_CONSULTATIONS_READ, &o)) {
		json_t *cs = json_array();
		for (int p = 1; p <= 4; p++) {
			struct consult_record r;
			if (consult_latest(rq->db, l.cr.reviewed, p, &r) != 1)
				continue;
			json_array_append_new(cs, json_pack("{s:i, s:o, s:b, s:s?, s:s?, s:s?, s:s?, s:s, "
				"s:s, s:s}", "phase", p, "languages", list_json(r.languages),
				"exceptional", r.exceptional,
				"responses_due", r.responses_due[0] ? r.responses_due : NULL,
				"observations_due", r.observations_due[0] ? r.observations_due : NULL,
				"dialogue_on", r.dialogue_on[0] ? r.dialogue_on : NULL,
				"list_due", r.list_due[0] ? r.list_due : NULL, "note", r.note,
				"recorded_at", r.recorded_at, "recorded_by", r.recorded_by));
		}
		json_object_set_new(j, "consultations", cs);
	}
	web_resp_json(rs, 200, j);
}
