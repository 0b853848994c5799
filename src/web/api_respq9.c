/* api_respq9.c - the JSON API of q9's parts of the responses (issue 9;
 * docs/openapi.yaml): the UNCAC status of a review's phase and the
 * Secretariat's override (C27), a reference to another review mechanism
 * added to an answer (R73), the completion per section and instrument
 * with the start of the country-review phase per instrument (R43, R76).
 * The rules are access/'s (ACCESS_UNCAC_OVERRIDE, ACCESS_QUESTIONNAIRE_READ,
 * ACCESS_RESPONSE_*), the work response/'s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response/response.h"
#include "response/uncac.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/respctx.h"
#include "web/respq9.h"

static json_t *body_json(struct web_req *rq)
{
	json_error_t je;
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES,
				&je);
	if (!json_is_object(in)) {
		json_decref(in);
		return NULL;
	}
	return in;
}

void api_uncac_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	if (!respctx_api_open(rq, rs, &c, ACCESS_QUESTIONNAIRE_READ))
		return;
	json_t *j = response_uncac_json(rq->db, &c.rv);
	if (!j)
		web_resp_json_error(rs, 503, "unavailable", "the UNCAC status could not be read");
	else
		web_resp_json(rs, 200, j);
	respctx_free(&c);
}

void api_uncac_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	json_t *in = NULL;
	if (!respctx_api_open(rq, rs, &c, ACCESS_UNCAC_OVERRIDE))
		return;
	in = body_json(rq);
	json_t *u = json_object_get(in, "uncac_party");
	if (!in || !json_is_boolean(u)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"uncac_party\": true|false, "
				    "\"reference\": \"...\", \"reason\": \"...\"}");
		goto out;
	}
	int64_t id = response_uncac_override(rq->db, &c.rv, json_is_true(u),
					     json_string_value(json_object_get(in, "reference")),
					     json_string_value(json_object_get(in, "reason")),
					     rq->user.email, rq->ip, err, sizeof err);
	if (id == UNCAC_BAD) {
		web_resp_json_error(rs, 400, "bad_request", err);
	} else if (id == UNCAC_REFUSED) {
		web_resp_json_error(rs, 409, strstr(err, "submitted") ? "submitted" : "refused", err);
	} else if (id < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the decision could not be recorded: try "
				    "again");
	} else {
		json_t *j = response_uncac_json(rq->db, &c.rv);
		if (!j)
			j = json_object();
		json_object_set_new(j, "id", json_integer((json_int_t)id));
		web_resp_json(rs, 201, j);
	}
out:
	json_decref(in);
	respctx_free(&c);
}

void api_reference_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	char err[600];
	json_t *in = NULL;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!response_question_find(&c.qs, rq->param[2], &qq)) {
		web_resp_json_error(rs, 404, "unknown_question", "no such question in the "
				    "questionnaires of this review's phase");
		goto out;
	}
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_EDIT, qq.qn->instrument);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	in = body_json(rq);
	json_t *bv = json_object_get(in, "base_version");
	if (!in || !json_is_integer(bv)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"base_version\": N, "
				    "\"mechanism\": \"...\", \"document\": \"...\", \"date\": "
				    "\"YYYY-MM-DD\"}");
		goto out;
	}
	int v = 0;
	enum response_rc r = response_reference_add(rq->db, &c.rv, &c.qs, rq->param[2],
						    (int)json_integer_value(bv),
						    json_string_value(json_object_get(in, "mechanism")),
						    json_string_value(json_object_get(in, "document")),
						    json_string_value(json_object_get(in, "date")),
						    rq->user.email, &v, err, sizeof err);
	switch (r) {
	case RESPONSE_OK: {
		web_req_audit(rq, "response.reference", rq->param[2], c.rv.reviewed);
		struct response_answer a = { 0 };
		json_t *refs = NULL;
		if (response_answer_get(rq->db, &c.rv, rq->param[2], &a) > 0) {
			json_t *doc = json_loads(a.answer, 0, NULL);
			refs = json_incref(json_object_get(doc, "references"));
			json_decref(doc);
		}
		response_answer_free(&a);
		web_resp_json(rs, 200, json_pack("{s:s,s:i,s:o}", "question", rq->param[2], "version",
						 v, "references", refs ? refs : json_array()));
		break;
	}
	case RESPONSE_CONFLICT:
		web_resp_json_error(rs, 409, "conflict", err);
		break;
	case RESPONSE_BAD:
		web_resp_json_error(rs, 400, "bad_request", err);
		break;
	case RESPONSE_CLOSED:
		web_resp_json_error(rs, 409, "closed", err);
		break;
	case RESPONSE_ERROR:
		web_resp_json_error(rs, 503, "unavailable", "the reference could not be saved: try "
				    "again");
		break;
	}
out:
	json_decref(in);
	respctx_free(&c);
}

void api_completion_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_completion *comp = NULL;
	size_t nc = 0;
	json_t *starts = NULL;
	if (!respctx_api_open(rq, rs, &c, ACCESS_RESPONSE_READ))
		return;
	starts = response_review_starts_json(rq->db, c.rv.reviewed, c.rv.phase);
	if (!starts || response_completion(rq->db, &c.rv, &c.qs, &comp, &nc) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the completion could not be read");
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < nc; i++) {
		/* A reviewer sees its instruments only (C47). */
		if (respctx_ask(rq, &c, ACCESS_RESPONSE_READ, comp[i].instrument).result != ACCESS_ALLOW)
			continue;
		json_t *secs = json_array();
		for (size_t k = 0; k < comp[i].nsections; k++)
			json_array_append_new(secs, json_pack("{s:s,s:i,s:i,s:i,s:b}", "section",
				comp[i].sections[k].section, "due", comp[i].sections[k].due,
				"answered", comp[i].sections[k].answered, "percent",
				respq9_percent(comp[i].sections[k].answered, comp[i].sections[k].due),
				"complete", comp[i].sections[k].due > 0 &&
				comp[i].sections[k].answered == comp[i].sections[k].due));
		json_t *inst = json_pack("{s:s,s:i,s:i,s:i,s:b,s:o,s:n,s:n}", "instrument",
					 comp[i].instrument, "due", comp[i].due, "answered",
					 comp[i].answered, "percent",
					 respq9_percent(comp[i].answered, comp[i].due), "complete",
					 comp[i].complete, "sections", secs, "completed_at",
					 "review_started_at");
		size_t k;
		json_t *x;
		json_array_foreach(starts, k, x)
			if (!strcmp(json_string_value(json_object_get(x, "instrument")),
				    comp[i].instrument)) {
				json_object_set(inst, "completed_at", json_object_get(x, "completed_at"));
				json_object_set(inst, "review_started_at",
						json_object_get(x, "started_at"));
			}
		json_array_append_new(list, inst);
	}
	char detail[200];
	struct access_actor a = web_req_actor(rq);
	respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, NULL, detail, sizeof detail);
	web_req_audit(rq, "read.completion", c.rv.reviewed, detail);
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:b,s:o}", "reviewed", c.rv.reviewed, "phase",
					 c.rv.phase, "uncac_party", c.rv.uncac_party,
					 "instruments", list));
out:
	json_decref(starts);
	response_completion_free(comp, nc);
	respctx_free(&c);
}
