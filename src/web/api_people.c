/* api_people.c - the JSON API of what the country review page's people
 * and consultations forms do (issue 9; paras 18, 27, 31-32, 50; R14,
 * R17-R20, R83-R84, C44; docs/openapi.yaml): a review's people with the
 * shares of its reviewing experts, naming and ending a State's focal point,
 * its Permanent Representative's contact, naming, updating and removing
 * its experts with their instruments, the shares (R20), the consultations
 * (calendar and working languages) and the directory of focal points and
 * experts, so that a State may do from its own systems what it does on
 * /country/{state}.
 *
 * Handlers translate, as pages_country.c does: the review comes from
 * review/country, the data checks and changes from review/people and
 * review/consult, who may do what from access/ with the same actions and
 * objects as the pages (ACCESS_REVIEW_READ, ACCESS_FOCAL_POINT_NAME,
 * ACCESS_PEOPLE_EDIT, ACCESS_CONSULTATIONS_READ / _EDIT; the directory's
 * route asks ACCESS_DIRECTORY_READ).  Every change is audited under the
 * pages' audit actions.  Errors are {"error": code, "message": ...}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "review/consult.h"
#include "review/country.h"
#include "review/people.h"
#include "review/publicity.h"
#include "util/util.h"
#include "web/handlers.h"

/* A loaded review and the access module's view of it. */
struct loaded {
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
};

static int valid_code(const char *c)
{
	return c && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' &&
	       c[2] >= 'A' && c[2] <= 'Z';
}

/* The access decision of act, with the review r and/or the State state
 * as in pages_country.c's allowed(): the focal point named for the State
 * concerned goes with it (para 18). */
static struct access_decision decide(struct web_req *rq, enum access_action act,
				     const struct access_review *r, const char *state)
{
	struct access_actor a = web_req_actor(rq);
	const char *of = state ? state : r ? r->reviewed : NULL;
	int64_t fp = of ? people_focal_point_id(rq->db, of) : 0;
	struct access_object o = { .review = r, .state = state, .focal_point_id = fp > 0 ? fp : 0 };
	return access_check(&a, act, &o);
}

/* Answers a refusal (audited) and returns 0; 1 when allowed. */
static int ask(struct web_req *rq, struct web_resp *rs, enum access_action act,
	       const struct access_review *r, const char *state)
{
	struct access_decision d = decide(rq, act, r, state);
	if (d.result == ACCESS_ALLOW)
		return 1;
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
	return 0;
}

/* The review of the URL's {state}, readable by the actor: 1, or 0 with rs
 * answered (404, 503, 403). */
static int load(struct web_req *rq, struct web_resp *rs, struct loaded *l)
{
	const char *code = rq->param[0];
	int f = valid_code(code) ? country_review_load(rq->db, code, &l->cr) : 0;
	if (f <= 0) {
		web_resp_json_error(rs, f < 0 ? 503 : 404, f < 0 ? "unavailable" : "not_found",
				    f < 0 ? "the review could not be read"
				    : "no country review of this State (ISO 3166 alpha-3, upper case)");
		return 0;
	}
	country_review_access(&l->cr, &l->ar, l->ptrs, sizeof l->ptrs / sizeof l->ptrs[0]);
	return ask(rq, rs, ACCESS_REVIEW_READ, &l->ar, NULL);
}

/* The URL's {of}, a State taking part in the review (reviewed or
 * reviewing), or NULL with 400 answered. */
static const char *party(struct web_resp *rs, const struct loaded *l, const char *of)
{
	if (valid_code(of) && (strcmp(of, l->cr.reviewed) == 0 || country_reviewer_of(&l->cr, of)))
		return of;
	web_resp_json_error(rs, 400, "not_in_review", "that State takes no part in this review");
	return NULL;
}

/* The JSON object of the body, or NULL with 400 answered. */
static json_t *body(struct web_req *rq, struct web_resp *rs, const char *shape)
{
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES,
				NULL);
	if (json_is_object(in))
		return in;
	json_decref(in);
	char msg[300];
	snprintf(msg, sizeof msg, "body must be a JSON object %s", shape);
	web_resp_json_error(rs, 400, "bad_request", msg);
	return NULL;
}

/* A string member, "" when absent; NULL (400 answered) when of another type. */
static const char *str_of(struct web_resp *rs, json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	char msg[120];
	snprintf(msg, sizeof msg, "%s: a string", key);
	web_resp_json_error(rs, 400, "bad_request", msg);
	return NULL;
}

/* A list member given as an array of strings or as a comma list, into
 * out as a comma list; -1 (400 answered) otherwise or when too long. */
static int list_of(struct web_resp *rs, json_t *in, const char *key, char *out, size_t n)
{
	json_t *v = json_object_get(in, key);
	size_t len = 0, i;
	json_t *e;
	out[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if (util_strlcpy(out, json_string_value(v), n) >= 0)
			return 0;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				break;
			int k = snprintf(out + len, n - len, "%s%s", len ? "," : "", json_string_value(e));
			if (k < 0 || (size_t)k >= n - len)
				break;
			len += (size_t)k;
		}
		if (i == json_array_size(v))
			return 0;
	}
	char msg[160];
	snprintf(msg, sizeof msg, "%s: an array of codes (or a comma list), at most %zu bytes", key,
		 n - 1);
	web_resp_json_error(rs, 400, "bad_request", msg);
	return -1;
}

static json_t *list_json(const char *list)
{
	json_t *a = json_array();
	char tmp[64];
	util_strlcpy(tmp, list, sizeof tmp);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

static json_t *person_json(const struct people_person *p, int expert)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p->user_id, "email",
			      p->email, "named_at", p->named_at, "named_by", p->named_by);
	if (expert)
		json_object_set_new(o, "instruments", list_json(p->instruments));
	return o;
}

/* One State's people as the page shows them, with what the actor may do
 * for it; the representative's full contact only to who may change it. */
static json_t *state_json(struct web_req *rq, const char *code, int full)
{
	struct people_state ps;
	char now[32];
	util_now_iso(now, sizeof now);
	if (people_load(rq->db, code, now, &ps) != 0)
		return NULL;
	int edit = decide(rq, ACCESS_PEOPLE_EDIT, NULL, code).result == ACCESS_ALLOW;
	int name_fp = decide(rq, ACCESS_FOCAL_POINT_NAME, NULL, code).result == ACCESS_ALLOW;
	json_t *ex = json_array(), *ob = json_array();
	for (size_t i = 0; i < ps.nexperts; i++)
		json_array_append_new(ex, person_json(&ps.experts[i], 1));
	for (size_t i = 0; i < ps.nobservers && full; i++)
		json_array_append_new(ob, json_string(ps.observers[i].email));
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:b}", "state", code, "focal_point",
			      ps.has_focal ? person_json(&ps.focal, 0) : json_null(),
			      "temporary_focal_point", !ps.has_focal && ps.has_rep
			      ? json_pack("{s:s, s:s}", "name", ps.rep_name, "email", ps.rep_email)
			      : json_null(), "experts", ex, "observers", ob,
			      "may_edit_experts", edit, "may_name_focal_point", name_fp);
	if (name_fp)
		json_object_set_new(o, "representative", ps.has_rep
				    ? json_pack("{s:s, s:s, s:s, s:s}", "name", ps.rep_name, "email",
						ps.rep_email, "lang", ps.rep_lang, "entered_at",
						ps.rep_entered_at) : json_null());
	if (ps.launched[0])
		json_object_set_new(o, "deadlines", json_pack("{s:s, s:b, s:s, s:b}", "focal_point",
			ps.focal_due, "focal_point_overdue", ps.focal_overdue, "experts",
			ps.experts_due, "experts_overdue", ps.experts_overdue));
	/* c44 (C44): its directory setting, as the page's people section. */
	struct publicity_entry pe;
	if (publicity_get(rq->db, code, &pe) >= 0)
		json_object_set_new(o, "directory_publicity", json_string(publicity_name(pe.publicity)));
	people_state_free(&ps);
	return o;
}

/* GET /api/v1/reviews/{state}/people: every taking part State's people
 * and the shares of the reviewing experts (R20). */
void api_people_get(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	if (!load(rq, rs, &l))
		return;
	json_t *states = json_array(), *tasks = json_array(), *o;
	if ((o = state_json(rq, l.cr.reviewed, 1)))
		json_array_append_new(states, o);
	for (size_t i = 0; i < l.cr.nreviewers; i++)
		if ((o = state_json(rq, l.cr.reviewers[i].state, 0)))
			json_array_append_new(states, o);
	struct people_task *t = NULL;
	size_t n = 0;
	if (people_tasks(rq->db, l.cr.reviewed, &t, &n) < 0) {
		json_decref(states);
		json_decref(tasks);
		web_resp_json_error(rs, 503, "unavailable", "the shares could not be read");
		return;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(tasks, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:o, s:s, s:s}",
			"id", (json_int_t)t[i].id, "state", t[i].state, "email", t[i].email,
			"instrument", t[i].instrument, "cluster", t[i].cluster[0] ? t[i].cluster : NULL,
			"article", t[i].article ? json_integer(t[i].article) : json_null(), "assigned_at", t[i].assigned_at,
			"assigned_by", t[i].assigned_by));
	free(t);
	web_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "reviewed", l.cr.reviewed, "people",
					 states, "tasks", tasks));
}

/* The end of a change: 400 with the domain's reason (nothing changed), or
 * audited and answered with ok (which this takes). */
static void done(struct web_req *rq, struct web_resp *rs, int rc, const char *err,
		 const char *audit_action, const char *object, const char *detail, int status,
		 json_t *ok)
{
	if (rc < 0) {
		json_decref(ok);
		web_resp_json_error(rs, 400, "bad_request", err);
		return;
	}
	web_req_audit(rq, audit_action, object, detail);
	web_resp_json(rs, status, ok);
}

/* PUT .../people/{of}/focal-point {email}: names it (para 18). */
void api_focal_point_put(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512];
	const char *of;
	if (!load(rq, rs, &l) || !(of = party(rs, &l, rq->param[1])) ||
	    !ask(rq, rs, ACCESS_FOCAL_POINT_NAME, NULL, of))
		return;
	json_t *in = body(rq, rs, "{\"email\": \"...\"}");
	const char *email = in ? str_of(rs, in, "email") : NULL;
	if (email) {
		int rc = people_focal_name(rq->db, of, email, rq->user.email, err, sizeof err);
		done(rq, rs, rc, err, "people.focal_point.name", l.cr.reviewed, email, 200,
		     json_pack("{s:s, s:s}", "state", of, "focal_point", email));
	}
	json_decref(in);
}

/* DELETE .../people/{of}/focal-point: ends it (R18: the Permanent
 * Representative acts again). */
void api_focal_point_delete(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512];
	const char *of;
	if (!load(rq, rs, &l) || !(of = party(rs, &l, rq->param[1])) ||
	    !ask(rq, rs, ACCESS_FOCAL_POINT_NAME, NULL, of))
		return;
	int rc = people_focal_end(rq->db, of, rq->user.email, err, sizeof err);
	done(rq, rs, rc, err, "people.focal_point.end", l.cr.reviewed, of, 200,
	     json_pack("{s:s, s:n}", "state", of, "focal_point"));
}

/* PUT .../people/{of}/representative {name, email, lang} (R14). */
void api_representative_put(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512];
	const char *of, *name, *email, *lang;
	if (!load(rq, rs, &l) || !(of = party(rs, &l, rq->param[1])) ||
	    !ask(rq, rs, ACCESS_FOCAL_POINT_NAME, NULL, of))
		return;
	json_t *in = body(rq, rs, "{\"name\": \"...\", \"email\": \"...\", \"lang\": \"fr\"}");
	if (in && (name = str_of(rs, in, "name")) && (email = str_of(rs, in, "email")) &&
	    (lang = str_of(rs, in, "lang"))) {
		int rc = people_representative_set(rq->db, of, name, email, lang, rq->user.email, err,
						   sizeof err);
		done(rq, rs, rc, err, "people.representative", l.cr.reviewed, of, 200,
		     json_pack("{s:s, s:s, s:s, s:s}", "state", of, "name", name, "email", email,
			       "lang", lang));
	}
	json_decref(in);
}

/* PUT .../people/{of}/experts/{email} {instruments}: names the expert,
 * or updates its instruments (para 27, R19). */
void api_expert_put(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512], instr[64];
	const char *of;
	if (!load(rq, rs, &l) || !(of = party(rs, &l, rq->param[1])) ||
	    !ask(rq, rs, ACCESS_PEOPLE_EDIT, NULL, of))
		return;
	json_t *in = body(rq, rs, "{\"instruments\": [\"untoc\", \"tip\"]} ([] for all of the "
			  "State's)");
	if (in && list_of(rs, in, "instruments", instr, sizeof instr) == 0) {
		int rc = people_expert_name(rq->db, of, rq->param[2], instr, rq->user.email, err,
					    sizeof err);
		done(rq, rs, rc, err, "people.expert.name", l.cr.reviewed, rq->param[2], 200,
		     json_pack("{s:s, s:s, s:o}", "state", of, "email", rq->param[2], "instruments",
			       list_json(instr)));
	}
	json_decref(in);
}

/* DELETE .../people/{of}/experts/{email}: no longer one of its experts. */
void api_expert_delete(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512];
	const char *of;
	if (!load(rq, rs, &l) || !(of = party(rs, &l, rq->param[1])) ||
	    !ask(rq, rs, ACCESS_PEOPLE_EDIT, NULL, of))
		return;
	int rc = people_expert_remove(rq->db, of, rq->param[2], rq->user.email, err, sizeof err);
	done(rq, rs, rc, err, "people.expert.remove", l.cr.reviewed, rq->param[2], 200,
	     json_pack("{s:s, s:s, s:b}", "state", of, "email", rq->param[2], "removed", 1));
}

/* POST .../tasks {state, email, instrument, cluster, article}: a share of
 * the review for one of a reviewing State's experts (para 32, R20). */
void api_task_post(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512];
	const char *of, *email, *instrument, *cluster;
	if (!load(rq, rs, &l))
		return;
	json_t *in = body(rq, rs, "{\"state\": \"DEU\", \"email\": \"...\", \"instrument\": "
			  "\"untoc\", \"cluster\": \"C1\", \"article\": 5}");
	if (!in || !(of = str_of(rs, in, "state")) || !(email = str_of(rs, in, "email")) ||
	    !(instrument = str_of(rs, in, "instrument")) || !(cluster = str_of(rs, in, "cluster")))
		goto out;
	json_t *art = json_object_get(in, "article");
	if (art && !json_is_null(art) &&
	    (!json_is_integer(art) || json_integer_value(art) < 0 || json_integer_value(art) > 999)) {
		web_resp_json_error(rs, 400, "bad_request", "article: a number of table 1");
		goto out;
	}
	if (!(of = party(rs, &l, of)) || !ask(rq, rs, ACCESS_PEOPLE_EDIT, NULL, of))
		goto out;
	int article = art ? (int)json_integer_value(art) : 0;
	int rc = people_task_add(rq->db, l.cr.reviewed, of, email, instrument, cluster, article,
				 rq->user.email, err, sizeof err);
	json_t *ok = NULL;
	if (rc == 0) {
		/* The new share's id, for a later DELETE. */
		struct people_task *t = NULL;
		size_t n = 0;
		int64_t id = 0;
		if (people_tasks(rq->db, l.cr.reviewed, &t, &n) == 0)
			for (size_t i = 0; i < n; i++)
				if (t[i].id > id && strcmp(t[i].state, of) == 0)
					id = t[i].id;
		free(t);
		ok = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "state", of, "email",
			       email, "instrument", instrument);
	}
	done(rq, rs, rc, err, "people.task.add", l.cr.reviewed, of, 201, ok);
out:
	json_decref(in);
}

/* DELETE .../tasks/{id}: the share's State is found from the review's
 * shares, and the actor must be allowed to edit that State's people. */
void api_task_delete(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512], of[4] = "";
	long id = 0;
	if (!load(rq, rs, &l))
		return;
	struct people_task *t = NULL;
	size_t n = 0;
	if (util_parse_long(rq->param[1], 1, 1L << 40, &id) == 0 &&
	    people_tasks(rq->db, l.cr.reviewed, &t, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (t[i].id == id)
				util_strlcpy(of, t[i].state, sizeof of);
	free(t);
	if (!of[0]) {
		web_resp_json_error(rs, 404, "not_found", "no such share in this review");
		return;
	}
	if (!ask(rq, rs, ACCESS_PEOPLE_EDIT, NULL, of))
		return;
	int rc = people_task_remove_in(rq->db, l.cr.reviewed, id, of, rq->user.email, err,
				       sizeof err);
	done(rq, rs, rc, err, "people.task.remove", l.cr.reviewed, of, 200,
	     json_pack("{s:I, s:b}", "id", (json_int_t)id, "removed", 1));
}

static json_t *consult_json(const struct consult_record *r)
{
	return json_pack("{s:I, s:i, s:o, s:b, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:s}", "id",
			 (json_int_t)r->id, "phase", r->phase, "languages", list_json(r->languages),
			 "exceptional", r->exceptional,
			 "responses_due", r->responses_due[0] ? r->responses_due : NULL,
			 "observations_due", r->observations_due[0] ? r->observations_due : NULL,
			 "dialogue_on", r->dialogue_on[0] ? r->dialogue_on : NULL,
			 "list_due", r->list_due[0] ? r->list_due : NULL, "note", r->note,
			 "recorded_at", r->recorded_at, "recorded_by", r->recorded_by);
}

/* GET .../consultations: every record, newest first (the first of each
 * phase is in force). */
void api_consultations_get(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	if (!load(rq, rs, &l) || !ask(rq, rs, ACCESS_CONSULTATIONS_READ, &l.ar, NULL))
		return;
	struct consult_record *h = NULL;
	size_t n = 0;
	if (consult_history(rq->db, l.cr.reviewed, &h, &n) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the consultations could not be read");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, consult_json(&h[i]));
	free(h);
	json_t *langs = json_array();
	for (size_t i = 0; i < l.cr.nlanguages; i++)
		json_array_append_new(langs, json_string(l.cr.languages[i]));
	web_resp_json(rs, 200, json_pack("{s:s, s:o, s:b, s:o}", "reviewed", l.cr.reviewed,
					 "languages", langs, "languages_exceptional",
					 l.cr.languages_exceptional, "records", a));
}

/* POST .../consultations: records what was agreed (para 31, R83-R84). */
void api_consultations_post(struct web_req *rq, struct web_resp *rs)
{
	struct loaded l;
	char err[512], langs[64];
	const char *d[5];
	static const char *const keys[5] = { "responses_due", "observations_due", "dialogue_on",
					     "list_due", "note" };
	if (!load(rq, rs, &l) || !ask(rq, rs, ACCESS_CONSULTATIONS_EDIT, &l.ar, NULL))
		return;
	json_t *in = body(rq, rs, "{\"phase\": 1, \"languages\": [\"en\", \"fr\"], \"exceptional\": "
			  "false, \"responses_due\": \"YYYY-MM-DD\", ...}");
	if (!in || list_of(rs, in, "languages", langs, sizeof langs) < 0)
		goto out;
	for (int k = 0; k < 5; k++)
		if (!(d[k] = str_of(rs, in, keys[k])))
			goto out;
	json_t *ph = json_object_get(in, "phase"), *ex = json_object_get(in, "exceptional");
	if (!json_is_integer(ph) || (ex && !json_is_boolean(ex))) {
		web_resp_json_error(rs, 400, "bad_request", "phase: 1 to 4 (a number); exceptional: "
				    "true or false");
		goto out;
	}
	json_int_t p = json_integer_value(ph);
	struct consult_input ci = {
		.reviewed = l.cr.reviewed, .phase = p >= 0 && p <= 9 ? (int)p : 0,
		.languages = langs, .exceptional = json_is_true(ex),
		.responses_due = d[0], .observations_due = d[1], .dialogue_on = d[2],
		.list_due = d[3], .note = d[4],
	};
	int64_t id = consult_record(rq->db, &ci, rq->user.email, err, sizeof err);
	struct consult_record r;
	json_t *ok = id > 0 && consult_latest(rq->db, l.cr.reviewed, ci.phase, &r) == 1
		? consult_json(&r) : json_pack("{s:I}", "id", (json_int_t)id);
	done(rq, rs, id > 0 ? 0 : -1, err, "consultations.record", l.cr.reviewed, langs, 201, ok);
out:
	json_decref(in);
}

/* GET /api/v1/directory (public route; C44): each State's entries as
 * ACCESS_DIRECTORY_STATE_READ lets the actor see them, with the State's
 * setting (c44). */
void api_directory(struct web_req *rq, struct web_resp *rs)
{
	struct people_entry *e = NULL;
	struct publicity_entry *cur = NULL;
	size_t n = 0, ncur = 0;
	if (people_directory(rq->db, &e, &n) < 0 || publicity_current(rq->db, &cur, &ncur) < 0) {
		free(e);
		web_resp_json_error(rs, 503, "unavailable", "the directory could not be read");
		return;
	}
	struct access_actor act = web_req_actor(rq);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		struct access_object ob = { .state = e[i].state,
					    .publicity = publicity_of(cur, ncur, e[i].state) };
		if (!access_allowed(&act, ACCESS_DIRECTORY_STATE_READ, &ob))
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s}", "state", e[i].state, "role",
				      e[i].role, "email", e[i].email, "name",
				      e[i].name[0] ? e[i].name : NULL, "publicity",
				      publicity_name(ob.publicity));
		if (strcmp(e[i].role, "expert") == 0)
			json_object_set_new(o, "instruments", list_json(e[i].instruments));
		if (strcmp(e[i].role, "representative") == 0)
			json_object_set_new(o, "temporary", json_true());
		json_array_append_new(a, o);
	}
	free(e);
	free(cur);
	web_resp_json(rs, 200, json_pack("{s:o, s:s}", "entries", a, "scope",
					 access_allowed(&act, ACCESS_DIRECTORY_READ, NULL)
					 ? "all" : "public"));
}
