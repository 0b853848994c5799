/* respctx.c - see respctx.h. */
#include "web/respctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "questionnaire/qdef.h"
#include "response/attachment.h"
#include "response/submit.h"
#include "response/support.h"
#include "review/people.h"
#include "review/phase.h"
#include "util/util.h"
#include "web/personal.h"
#include "web/respcache.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/respq9.h"

int respctx_load(struct store *s, const char *state, const char *phase, struct respctx *c)
{
	long n;
	memset(c, 0, sizeof *c);
	if (!state || strlen(state) != 3 || strspn(state, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3 ||
	    !phase || util_parse_long(phase, 1, PHASE_COUNT, &n) < 0)
		return 0;
	int r = country_review_load(s, state, &c->cr);
	if (r <= 0)
		return r;
	r = response_review_load(s, state, (int)n, &c->rv);
	if (r <= 0)
		return r;
	/* The country review's snapshot of the phase's instruments (C5) and
	 * its agreed working languages (R84) take precedence. */
	if (c->cr.instruments[n - 1][0])
		util_strlcpy(c->rv.instruments, c->cr.instruments[n - 1], sizeof c->rv.instruments);
	for (size_t i = 0; i < c->cr.nlanguages && i < 3; i++)
		util_strlcpy(c->rv.languages[i], c->cr.languages[i], sizeof c->rv.languages[i]);
	c->rv.nlanguages = c->cr.nlanguages;
	country_review_access(&c->cr, &c->ar, c->ptrs, sizeof c->ptrs / sizeof c->ptrs[0]);
	/* Para 18: the one focal point named for the reviewed State submits. */
	int64_t fp = people_focal_point_id(s, state);
	if (fp < 0)
		return -1;
	c->focal_point_id = fp;
	if (response_qns_load(s, &c->rv, &c->qs) < 0) {
		response_qns_free(&c->qs);
		return -1;
	}
	struct response_status st;
	if (response_status_get(s, &c->rv, NULL, &st) < 0) {
		response_status_free(&st);
		response_qns_free(&c->qs);
		return -1;
	}
	c->submitted = st.submitted;
	util_strlcpy(c->submitted_at, st.submitted_at, sizeof c->submitted_at);
	response_status_free(&st);
	/* F23 (B18): whether the Secretariat reads the drafts now. */
	int so = response_support_open(s, c->rv.reviewed, c->rv.phase);
	if (so < 0) {
		response_qns_free(&c->qs);
		return -1;
	}
	c->support_open = so;
	return 1;
}

void respctx_free(struct respctx *c)
{
	response_qns_free(&c->qs);
}

void respctx_set_actor(struct store *s, struct respctx *c, const struct account *u)
{
	c->actor_signatory = 0;
	if (u && u->state[0])
		c->actor_signatory = response_state_signatory(s, u->state) != 0;
}

struct access_object respctx_object(const struct respctx *c, const char *instrument)
{
	struct access_object o = { .review = &c->ar, .phase = c->rv.phase,
				   .instrument = instrument, .submitted = c->submitted,
				   .focal_point_id = c->focal_point_id,
				   .actor_signatory = c->actor_signatory,
				   .support_open = c->support_open };
	/* disc3 (F15): a choice made before the submission opens nothing. */
	o.since = c->submitted && c->submitted_at[0] ? c->submitted_at : NULL;
	return o;
}

struct access_object respctx_item_object(const struct respctx *c, const char *instrument,
					 const char *item)
{
	struct access_object o = respctx_object(c, instrument);
	o.item = item;
	return o;
}

int respctx_item_readable(const struct respctx *c, const struct access_actor *a,
			  enum access_action act, const char *instrument, const char *item)
{
	struct access_object o = respctx_item_object(c, instrument, item);
	return access_allowed(a, act, &o);
}

int respctx_drafts_readable(const struct respctx *c, const struct access_actor *a,
			    const char *instrument)
{
	struct access_object o = respctx_object(c, instrument);
	o.submitted = 0;
	return access_allowed(a, ACCESS_RESPONSE_READ, &o);
}

int respctx_consultations_readable(const struct respctx *c, const struct access_actor *a)
{
	struct access_object o = respctx_object(c, NULL);
	if (!access_allowed(a, ACCESS_RESPONSE_READ, &o))
		return 0;
	for (size_t i = 0; i < c->qs.n; i++) {
		o = respctx_object(c, c->qs.q[i].instrument);
		if (!access_allowed(a, ACCESS_RESPONSE_READ, &o))
			return 0;
	}
	return 1;
}

void respctx_read_detail(const struct respctx *c, const struct access_actor *a,
			 enum access_action act, const char *instrument, char *out, size_t n)
{
	size_t len;
	snprintf(out, n, "%s phase %d %s,", c->rv.reviewed, c->rv.phase,
		 c->submitted ? "submitted" : "draft");
	for (size_t i = 0; i < c->qs.n; i++) {
		const char *inst = c->qs.q[i].instrument;
		if (instrument && strcmp(instrument, inst) != 0)
			continue;
		struct access_object o = respctx_object(c, inst);
		const char *part = access_read_part(a, act, &o);
		len = strlen(out);
		if (part && len < n)
			snprintf(out + len, n - len, " %s:%s", part, inst);
	}
	/* An instrument outside the opened questionnaires (a document's). */
	len = strlen(out);
	if (instrument && out[len - 1] == ',') {
		struct access_object o = respctx_object(c, instrument);
		const char *part = access_read_part(a, act, &o);
		snprintf(out + len, n - len, " %s:%s", part ? part : "refused", instrument);
	}
}

json_t *respctx_questionnaire_json(const struct respctx *c)
{
	json_t *list = json_array();
	for (size_t i = 0; i < c->qs.n; i++) {
		const struct response_qn *qn = &c->qs.q[i];
		json_t *secs = json_deep_copy(json_object_get(qn->def->json, "sections"));
		size_t k;
		json_t *sec;
		json_array_foreach(secs, k, sec)
			json_object_set_new(sec, "applies",
					    json_boolean(!(qn->def->sections[k].uncac_only &&
							   c->rv.uncac_party)));
		/* q9 (R40): the Protocol provisions whose Convention articles
		 * apply mutatis mutandis, examined under the Convention only. */
		json_t *mm = json_array();
		json_array_foreach(secs, k, sec) {
			json_t *arts = json_object_get(sec, "mutatis_mutandis");
			if (json_array_size(arts))
				json_array_append_new(mm, json_pack("{s:O,s:O,s:O,s:O}", "section",
					json_object_get(sec, "id"), "article",
					json_object_get(sec, "article"), "title",
					json_object_get(sec, "title"), "convention_articles", arts));
		}
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:O,s:o,s:o}", "instrument",
						      qn->instrument, "id", qn->qid, "version",
						      qn->qversion, "deadline", qn->deadline, "title",
						      json_object_get(qn->def->json, "title"),
						      "sections", secs, "examined_under_convention", mm));
	}
	json_t *langs = json_array();
	for (size_t i = 0; i < c->rv.nlanguages; i++)
		json_array_append_new(langs, json_string(c->rv.languages[i]));
	return json_pack("{s:s,s:i,s:s,s:b,s:o,s:o}", "reviewed", c->rv.reviewed, "phase",
			 c->rv.phase, "cluster", c->rv.cluster, "uncac_party", c->rv.uncac_party,
			 "working_languages", langs, "questionnaires", list);
}

/* Appends the compact JSON text of j (any value) to out; takes j. */
static void put_json(struct buf *out, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	buf_puts(out, t ? t : "null");
	free(t);
}

int respctx_responses_text(struct store *s, const struct respctx *c,
			   const struct access_actor *a, struct buf *out)
{
	struct response_status st;
	struct response_answer *ans = NULL;
	struct response_completion *comp = NULL;
	struct buf answers = { 0 };
	size_t n = 0, nc = 0;
	int rc = -1;
	json_t *given = json_object();   /* question -> parsed answer, read once */
	if (response_status_get(s, &c->rv, NULL, &st) < 0 ||
	    response_answers(s, &c->rv, &ans, &n) < 0)
		goto out;
	int personal = personal_visible(a, &c->ar);
	/* What the actor may read, instrument by instrument. */
	int may[8] = { 0 };
	for (size_t i = 0; i < c->qs.n && i < 8; i++) {
		struct access_object o = respctx_object(c, c->qs.q[i].instrument);
		may[i] = access_allowed(a, ACCESS_RESPONSE_READ, &o);
	}
	/* The answers, each printed and parsed once per process (respcache.c);
	 * completion counts every answer, as before, whoever reads. */
	for (size_t i = 0; i < n; i++) {
		struct response_question qq;
		if (!response_question_find(&c->qs, ans[i].question, &qq)) {
			json_t *doc = json_loads(ans[i].answer, 0, NULL);
			if (doc)
				json_object_set_new(given, ans[i].question, doc);
			continue;
		}
		struct buf one = { 0 };
		/* public (F17): who is outside the review reads the State that
		 * saved the answer, not its author's address (a copy: the
		 * cache keys on it, so each form is kept apart). */
		struct response_answer shown = ans[i];
		if (!personal)
			util_strlcpy(shown.saved_by, c->rv.reviewed, sizeof shown.saved_by);
		json_t *doc = respcache_answer(&c->rv, qq.qn->instrument, &shown, &one);
		/* disc (R101): an answer disclosed alone, its instrument not. */
		if (doc && (may[qq.qn - c->qs.q] ||
			    respctx_item_readable(c, a, ACCESS_RESPONSE_READ, qq.qn->instrument,
						  ans[i].question))) {
			if (answers.len)
				buf_putc(&answers, ',');
			buf_append(&answers, buf_str(&one), one.len);
		}
		buf_free(&one);
		if (!doc)
			continue;
		json_object_set_new(given, ans[i].question, doc);
	}
	response_completion_of(&c->rv, &c->qs, given, &comp, &nc);
	json_t *completion = json_array(), *docs = json_array();
	for (size_t i = 0; i < nc; i++) {
		if (!may[i])
			continue;
		json_t *secs = json_array();
		for (size_t k = 0; k < comp[i].nsections; k++)
			json_array_append_new(secs, json_pack("{s:s,s:i,s:i,s:i}", "section",
							      comp[i].sections[k].section, "due",
							      comp[i].sections[k].due, "answered",
							      comp[i].sections[k].answered, "percent",
							      respq9_percent(comp[i].sections[k].answered,
									     comp[i].sections[k].due)));
		json_array_append_new(completion, json_pack("{s:s,s:i,s:i,s:i,s:b,s:o}", "instrument",
							    comp[i].instrument, "due", comp[i].due,
							    "answered", comp[i].answered, "percent",
							    respq9_percent(comp[i].answered, comp[i].due),
							    "complete", comp[i].complete, "sections",
							    secs));
	}
	json_t *all = attachment_list_json(s, &c->rv, NULL);
	size_t k;
	json_t *d;
	json_array_foreach(all, k, d) {
		struct response_question qq;
		const char *q = json_string_value(json_object_get(d, "question"));
		/* Each document as ACCESS_ATTACHMENT_READ decides, with its id
		 * (disc, R101: a document disclosed alone). */
		if (response_question_find(&c->qs, q, &qq) &&
		    respctx_item_readable(c, a, ACCESS_ATTACHMENT_READ, qq.qn->instrument,
					  json_string_value(json_object_get(d, "id")))) {
			if (!personal) /* public (F17) */
				personal_strip(d, c->rv.reviewed);
			json_array_append(docs, d);
		}
	}
	json_decref(all);
	/* {"reviewed", "phase", "status", "completion", "answers",
	 * "attachments"}: the head printed by jansson without its closing
	 * brace, then the rest. */
	/* The note of para 42 and who submitted go with the responses as a
	 * whole: not to who reads one instrument's answers only (a public
	 * disclosure of one Protocol's, para 41; probe). */
	int whole = respctx_consultations_readable(c, a);
	json_t *head = json_pack("{s:s,s:i,s:{s:b,s:s,s:I,s:b,s:b,s:s?,s:s?,s:s}}",
				 "reviewed", c->rv.reviewed, "phase", c->rv.phase, "status",
				 "opened", st.opened, "deadline", st.deadline, "days_left",
				 (json_int_t)st.days_left, "overdue", st.overdue, "submitted",
				 st.submitted, "submitted_at", st.submitted ? st.submitted_at : NULL,
				 "submitted_by", st.submitted && whole ? (personal ? st.submitted_by
							 : c->rv.reviewed) : NULL, "note",
				 whole ? st.note : "");
	size_t base = out->len;
	put_json(out, head);
	if (out->len == base || out->p[out->len - 1] != '}') {
		json_decref(completion);
		json_decref(docs);
		goto out;
	}
	out->len--;
	buf_puts(out, ",\"completion\":");
	put_json(out, completion);
	buf_puts(out, ",\"answers\":[");
	buf_append(out, buf_str(&answers), answers.len);
	buf_puts(out, "],\"attachments\":");
	put_json(out, docs);
	buf_puts(out, "}\n");
	rc = 0;
out:
	json_decref(given);
	buf_free(&answers);
	response_status_free(&st);
	response_answers_free(ans, n);
	response_completion_free(comp, nc);
	return rc;
}

json_t *respctx_responses_json(struct store *s, const struct respctx *c,
			       const struct access_actor *a)
{
	struct buf b = { 0 };
	json_t *j = NULL;
	if (respctx_responses_text(s, c, a, &b) == 0)
		j = json_loadb(buf_str(&b), b.len, 0, NULL);
	buf_free(&b);
	return j;
}

int respctx_page_load(struct web_req *rq, struct web_resp *rs, struct respctx *c)
{
	int r = respctx_load(rq->db, rq->param[0], rq->param[1], c);
	if (r <= 0)
		pages_error(rq, rs, r < 0 ? 503 : 404);
	else
		respctx_set_actor(rq->db, c, rq->authed ? &rq->user : NULL);
	return r;
}

int respctx_api_load(struct web_req *rq, struct web_resp *rs, struct respctx *c)
{
	int r = respctx_load(rq->db, rq->param[0], rq->param[1], c);
	if (r == 0)
		web_resp_json_error(rs, 404, "not_found", "no such review or phase: the State must be "
				    "an ISO 3166 alpha-3 code reviewed in the current draw, the phase "
				    "1 to 4");
	else if (r < 0)
		web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
	if (r > 0)
		respctx_set_actor(rq->db, c, rq->authed ? &rq->user : NULL);
	return r;
}

struct access_decision respctx_ask(struct web_req *rq, const struct respctx *c,
				   enum access_action act, const char *instrument)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(c, instrument);
	return access_check(&a, act, &o);
}

int respctx_allowed(struct web_req *rq, const struct respctx *c, enum access_action act,
		    const char *instrument)
{
	struct access_actor a = web_req_actor(rq);
	struct access_object o = respctx_object(c, instrument);
	return access_allowed(&a, act, &o);
}

void respctx_page_refuse(struct web_req *rq, struct web_resp *rs)
{
	web_req_audit(rq, "access.denied", rq->log_path, "responses page");
	pages_error(rq, rs, 403);
}

void respctx_api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
}

int respctx_api_open(struct web_req *rq, struct web_resp *rs, struct respctx *c,
		     enum access_action act)
{
	if (respctx_api_load(rq, rs, c) <= 0)
		return 0;
	struct access_decision d = respctx_ask(rq, c, act, NULL);
	if (d.result == ACCESS_ALLOW)
		return 1;
	respctx_api_refuse(rq, rs, d);
	respctx_free(c);
	return 0;
}

int respctx_page_versions(struct web_req *rq, struct web_resp *rs, struct respctx *c,
			  struct response_question *qq, struct response_answer **h, size_t *n)
{
	*h = NULL;
	*n = 0;
	if (respctx_page_load(rq, rs, c) <= 0)
		return 0;
	/* Who reads none of the answers learns nothing of the questionnaire
	 * (opened or not, its questions) from a 404 (probe). */
	if (!respctx_allowed(rq, c, ACCESS_RESPONSE_READ, NULL)) {
		respctx_page_refuse(rq, rs);
		goto fail;
	}
	if (!response_question_find(&c->qs, rq->param[2], qq)) {
		pages_error(rq, rs, 404);
		goto fail;
	}
	/* disc2 (R101): with the question as the item, so that a reader of
	 * one answer disclosed alone reads that answer's versions, as far as
	 * the drafts' rule lets it (the submitted version), and no other's. */
	struct access_actor a = web_req_actor(rq);
	if (!respctx_item_readable(c, &a, ACCESS_RESPONSE_READ, qq->qn->instrument, rq->param[2])) {
		respctx_page_refuse(rq, rs);
		goto fail;
	}
	if (response_history(rq->db, &c->rv, rq->param[2], h, n) < 0) {
		pages_error(rq, rs, 503);
		goto fail;
	}
	return 1;
fail:
	response_answers_free(*h, *n);
	*h = NULL;
	*n = 0;
	respctx_free(c);
	return 0;
}
