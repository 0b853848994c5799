/* api_response.c - the JSON API of self-assessment responses (issue 9;
 * docs/openapi.yaml): the questionnaire of a review's phase, answers
 * (read, saved with the version they are based on), documents, the
 * submission and the note of para 42.  Handlers translate: the review
 * comes from review/country, the rules from access/ (ACCESS_QUESTIONNAIRE_READ,
 * ACCESS_RESPONSE_*, ACCESS_ATTACHMENT_READ), the work from response/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "questionnaire/qdef.h"
#include "response/attachment.h"
#include "response/response.h"
#include "response/submit.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/respcache.h"
#include "web/personal.h"
#include "web/respctx.h"

void api_questionnaire(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	if (!respctx_api_open(rq, rs, &c, ACCESS_QUESTIONNAIRE_READ))
		return;
	if (c.qs.n == 0) {
		web_resp_json_error(rs, 409, "not_open", "the questionnaire of this review's phase is "
				    "not open yet");
		goto out;
	}
	/* Rendered once per process (respcache.c); a client holding the same
	 * text gets 304 Not Modified. */
	char etag[RESPCACHE_ETAG_LEN];
	buf_reset(&rs->body);
	respcache_questionnaire(&c, &rs->body, etag);
	web_resp_header(rs, "ETag", etag);
	rs->cacheable = WEB_RESP_REVALIDATE;
	rs->ctype = "application/json";
	rs->status = 200;
	if (respcache_etag_matches(web_req_header(rq, "If-None-Match"), etag)) {
		rs->status = 304;
		buf_reset(&rs->body);
	}
out:
	respctx_free(&c);
}

/* The answers the actor may read: all, or a reviewer's instruments. */
void api_responses(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	if (!respctx_api_open(rq, rs, &c, ACCESS_RESPONSE_READ))
		return;
	struct access_actor a = web_req_actor(rq);
	buf_reset(&rs->body);
	if (respctx_responses_text(rq->db, &c, &a, &rs->body) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the responses could not be read");
		goto out;
	}
	char detail[200];
	respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, NULL, detail, sizeof detail);
	web_req_audit(rq, "read.responses", c.rv.reviewed, detail);
	rs->status = 200;
	rs->ctype = "application/json";
out:
	respctx_free(&c);
}

/* Finds the question of rq->param[2]; answers 404 when unknown. */
static int question(struct web_req *rq, struct web_resp *rs, const struct respctx *c,
		    struct response_question *qq)
{
	if (response_question_find(&c->qs, rq->param[2], qq))
		return 1;
	web_resp_json_error(rs, 404, "unknown_question", "no such question in the questionnaires "
			    "of this review's phase");
	return 0;
}

static json_t *answer_json(const struct response_answer *a)
{
	json_t *doc = json_loads(a->answer, 0, NULL);
	json_t *j = json_pack("{s:s,s:i,s:s,s:s,s:s}", "question", a->question, "version",
			      a->version, "lang", a->lang, "saved_at", a->saved_at, "saved_by",
			      a->saved_by);
	json_object_set(j, "value", json_object_get(doc, "value"));
	json_object_set(j, "references", json_object_get(doc, "references"));
	json_decref(doc);
	return j;
}

void api_response_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	/* Who reads none of the answers learns nothing of the questionnaire
	 * (opened or not, its questions) from a 404 (as compare, probe). */
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_READ, NULL);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	if (!question(rq, rs, &c, &qq))
		goto out;
	/* disc (R101): with the question as the item, so that an answer
	 * disclosed alone is read alone. */
	struct access_actor aa = web_req_actor(rq);
	struct access_object oi = respctx_item_object(&c, qq.qn->instrument, rq->param[2]);
	d = access_check(&aa, ACCESS_RESPONSE_READ, &oi);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	struct response_answer a, *h = NULL;
	size_t n = 0;
	int r = response_answer_get(rq->db, &c.rv, rq->param[2], &a);
	if (r < 0 || response_history(rq->db, &c.rv, rq->param[2], &h, &n) < 0) {
		if (r > 0)
			response_answer_free(&a);
		web_resp_json_error(rs, 503, "unavailable", "the answer could not be read");
		goto out;
	}
	/* b18x (B18): the earlier drafts only for who reads drafts; the
	 * others get the submitted version, the last one. */
	struct access_actor ha = web_req_actor(rq);
	size_t from = n && c.submitted && !respctx_drafts_readable(&c, &ha, qq.qn->instrument)
		? n - 1 : 0;
	json_t *hist = json_array();
	for (size_t i = from; i < n; i++)
		json_array_append_new(hist, answer_json(&h[i]));
	response_answers_free(h, n);
	json_t *j = json_pack("{s:s,s:s,s:o,s:o}", "question", rq->param[2], "instrument",
			      qq.qn->instrument, "current", r > 0 ? answer_json(&a) : json_null(),
			      "history", hist);
	if (r > 0)
		response_answer_free(&a);
	json_object_set_new(j, "attachments", attachment_list_json(rq->db, &c.rv, rq->param[2]));
	char detail[200];
	struct access_actor who = web_req_actor(rq);
	respctx_read_detail(&c, &who, ACCESS_RESPONSE_READ, qq.qn->instrument, detail,
			    sizeof detail);
	web_req_audit(rq, "read.response", rq->param[2], detail);
	if (!personal_visible(&who, &c.ar)) /* public (F17): the State, not the address */
		personal_strip(j, c.rv.reviewed);
	web_resp_json(rs, 200, j);
out:
	respctx_free(&c);
}

void api_response_put(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	char err[600];
	json_t *in = NULL;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!question(rq, rs, &c, &qq))
		goto out;
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_EDIT, qq.qn->instrument);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	json_error_t je;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, &je);
	json_t *bv = json_object_get(in, "base_version");
	if (!json_is_object(in) || !json_is_integer(bv) || !json_object_get(in, "value")) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"base_version\": N, "
				    "\"lang\": \"fr\", \"value\": ..., \"references\": [...]}");
		goto out;
	}
	int v = 0;
	struct response_answer cur;
	enum response_rc r = response_save(rq->db, &c.rv, &c.qs, rq->param[2],
					   (int)json_integer_value(bv),
					   json_string_value(json_object_get(in, "lang")),
					   json_object_get(in, "value"),
					   json_object_get(in, "references"), rq->user.email, &v,
					   &cur, err, sizeof err);
	switch (r) {
	case RESPONSE_OK:
		web_req_audit(rq, "response.save", rq->param[2], c.rv.reviewed);
		web_resp_json(rs, 200, json_pack("{s:s,s:i}", "question", rq->param[2], "version", v));
		break;
	case RESPONSE_CONFLICT: {
		/* Both texts: the one stored and the one sent, which is not lost. */
		json_t *j = json_pack("{s:s,s:s,s:o}", "error", "conflict", "message", err, "current",
				      cur.answer ? answer_json(&cur) : json_null());
		json_object_set(j, "yours", in);
		response_answer_free(&cur);
		web_resp_json(rs, 409, j);
		break;
	}
	case RESPONSE_BAD:
		web_resp_json_error(rs, 400, "bad_request", err);
		break;
	case RESPONSE_CLOSED:
		web_resp_json_error(rs, 409, "closed", err);
		break;
	case RESPONSE_ERROR:
		web_resp_json_error(rs, 503, "unavailable", "the answer could not be saved: try again");
		break;
	}
out:
	json_decref(in);
	respctx_free(&c);
}

void api_submit(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (!respctx_api_open(rq, rs, &c, ACCESS_RESPONSE_SUBMIT))
		return;
	enum response_rc r = response_submit(rq->db, &c.rv, &c.qs, c.ar.reviewers, c.ar.nreviewers,
					     rq->user.email, err, sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.submit", c.rv.reviewed, rq->param[1]);
		web_resp_json(rs, 200, json_pack("{s:s,s:i,s:s}", "reviewed", c.rv.reviewed, "phase",
						 c.rv.phase, "state", "responses_submitted"));
	} else if (r == RESPONSE_BAD) {
		web_resp_json_error(rs, 409, "incomplete", err);
	} else if (r == RESPONSE_CLOSED) {
		web_resp_json_error(rs, 409, strstr(err, "already") ? "already_submitted" : "not_open",
				    err);
	} else {
		web_resp_json_error(rs, 503, "unavailable", "the submission could not be recorded");
	}
	respctx_free(&c);
}

void api_note(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	json_t *in = NULL;
	if (!respctx_api_open(rq, rs, &c, ACCESS_RESPONSE_SUBMIT))
		return;
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, NULL);
	enum response_rc r = response_note_set(rq->db, &c.rv,
					       json_string_value(json_object_get(in, "note")),
					       rq->user.email, err, sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "response.note", c.rv.reviewed, rq->param[1]);
		web_resp_json(rs, 200, json_pack("{s:b}", "saved", 1));
	} else {
		web_resp_json_error(rs, r == RESPONSE_BAD ? 400 : r == RESPONSE_CLOSED ? 409 : 503,
				    r == RESPONSE_BAD ? "bad_request" : r == RESPONSE_CLOSED
				    ? "not_submitted" : "unavailable", err);
	}
	json_decref(in);
	respctx_free(&c);
}

/* The Secretariat opens a phase's questionnaire (route: ACCESS_ADMINISTER). */
void api_questionnaire_open(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600];
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (response_open(rq->db, &c.rv, rq->user.email, err, sizeof err) < 0) {
		web_resp_json_error(rs, 409, "not_opened", err);
	} else {
		web_req_audit(rq, "questionnaire.open", c.rv.reviewed, rq->param[1]);
		web_resp_json(rs, 200, json_pack("{s:s,s:i,s:b}", "reviewed", c.rv.reviewed, "phase",
						 c.rv.phase, "opened", 1));
	}
	respctx_free(&c);
}

/* A document: the raw body, its name in ?filename=. */
void api_attachment_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct attachment_meta m;
	char err[600];
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	if (!question(rq, rs, &c, &qq))
		goto out;
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_EDIT, qq.qn->instrument);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	enum response_rc r = attachment_add(rq->db, &c.rv, &c.qs, rq->param[2],
					    web_req_query(rq, "filename"),
					    (const unsigned char *)rq->body.p, rq->body.len,
					    rq->user.email, &m, err, sizeof err);
	if (r == RESPONSE_OK) {
		web_req_audit(rq, "attachment.add", m.id, m.sha256);
		web_resp_json(rs, 201, attachment_json(&m));
	} else {
		web_resp_json_error(rs, r == RESPONSE_BAD ? (strstr(err, "larger") ? 413 : 400)
				    : r == RESPONSE_CLOSED ? 409 : 503,
				    r == RESPONSE_BAD ? "bad_request" : r == RESPONSE_CLOSED
				    ? "closed" : "unavailable", err);
	}
out:
	respctx_free(&c);
}

void api_attachment_get(struct web_req *rq, struct web_resp *rs)
{
	struct attachment_meta m;
	struct respctx c;
	char phase[4];
	int r = attachment_get(rq->db, rq->param[0], &m);
	if (r <= 0) {
		web_resp_json_error(rs, r < 0 ? 503 : 404, r < 0 ? "unavailable" : "not_found",
				    r < 0 ? "the document could not be read" : "no such document");
		return;
	}
	snprintf(phase, sizeof phase, "%d", m.phase);
	if (respctx_load(rq->db, m.reviewed, phase, &c) <= 0) {
		web_resp_json_error(rs, 404, "not_found", "no such document");
		return;
	}
	respctx_set_actor(rq->db, &c, rq->authed ? &rq->user : NULL);
	char detail[200];
	struct access_actor a = web_req_actor(rq);
	/* disc (R101): the document's id, so that one disclosed alone opens. */
	struct access_object oi = respctx_item_object(&c, m.instrument, m.id);
	struct access_decision d = access_check(&a, ACCESS_ATTACHMENT_READ, &oi);
	respctx_read_detail(&c, &a, ACCESS_ATTACHMENT_READ, m.instrument, detail, sizeof detail);
	respctx_free(&c);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		return;
	}
	unsigned char *data;
	size_t len;
	if (attachment_content(rq->db, m.id, &data, &len) <= 0) {
		web_resp_json_error(rs, 503, "unavailable", "the document could not be read");
		return;
	}
	web_req_audit(rq, "read.attachment", m.id, detail);
	const char *ct = attachment_sniff(data, len); /* static, unlike m.ctype */
	buf_reset(&rs->body);
	buf_append(&rs->body, data, len);
	free(data);
	rs->status = 200;
	rs->ctype = ct ? ct : "application/octet-stream";
	/* Never rendered in the platform's origin: always a download. */
	char disp[400];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", m.filename);
	web_resp_header(rs, "Content-Disposition", disp);
	web_resp_header(rs, "X-Content-SHA256", m.sha256);
}

/* ---- National consultations (para 23, R75; api9) ---- */

/* GET .../consultations: those recorded for the phase, for who reads the
 * responses. */
void api_national_consultations_get(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_READ, NULL);
	struct access_actor who = web_req_actor(rq);
	/* probe (para 41): the answers of every instrument, not of one. */
	if (d.result == ACCESS_ALLOW && !respctx_consultations_readable(&c, &who))
		d = (struct access_decision){ ACCESS_DENY, "forbidden", "the national consultations "
					      "go with the answers of every instrument of the phase" };
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	json_t *a = response_consultations_json(rq->db, &c.rv);
	if (!a) {
		web_resp_json_error(rs, 503, "unavailable", "the consultations could not be read");
		goto out;
	}
	/* Para 37, R237: a read of the responses, audited as such. */
	char detail[200];
	respctx_read_detail(&c, &who, ACCESS_RESPONSE_READ, NULL, detail, sizeof detail);
	web_req_audit(rq, "read.national_consultations", c.rv.reviewed, detail);
	json_t *j = json_pack("{s:s,s:i,s:o}", "reviewed", c.rv.reviewed, "phase", c.rv.phase,
			      "consultations", a);
	if (!personal_visible(&who, &c.ar)) /* public (F17) */
		personal_strip(j, c.rv.reviewed);
	web_resp_json(rs, 200, j);
out:
	respctx_free(&c);
}

/* POST .../consultations {held_on, sectors, summary}: asked as every
 * other write of the responses (ACCESS_RESPONSE_EDIT: the reviewed
 * State's named focal point and experts, until submission). */
void api_national_consultations_post(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	char err[600], sectors[128] = "";
	json_t *in = NULL;
	if (!respctx_api_open(rq, rs, &c, ACCESS_RESPONSE_EDIT))
		return;
	if (c.qs.n == 0) {
		web_resp_json_error(rs, 409, "not_open", "the questionnaire of this review's phase is "
				    "not open yet");
		goto out;
	}
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	json_t *sv = json_object_get(in, "sectors"), *e;
	size_t i, len = 0;
	int ok = json_is_object(in) && json_is_string(json_object_get(in, "held_on")) &&
		 json_is_string(json_object_get(in, "summary")) &&
		 (json_is_array(sv) || json_is_string(sv));
	if (ok && json_is_string(sv))
		ok = util_strlcpy(sectors, json_string_value(sv), sizeof sectors) >= 0;
	else if (ok)
		json_array_foreach(sv, i, e) {
			int k = json_is_string(e) ? snprintf(sectors + len, sizeof sectors - len, "%s%s",
							     len ? "," : "", json_string_value(e)) : -1;
			if (k < 0 || (size_t)k >= sizeof sectors - len) {
				ok = 0;
				break;
			}
			len += (size_t)k;
		}
	if (!ok) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"held_on\": \"YYYY-MM-DD\", "
				    "\"sectors\": [\"ngo\", \"academia\"], \"summary\": \"...\"}");
		goto out;
	}
	int64_t id = response_consultation_add(rq->db, &c.rv,
					       json_string_value(json_object_get(in, "held_on")),
					       sectors, json_string_value(json_object_get(in, "summary")),
					       rq->user.email, err, sizeof err);
	if (id < 0) {
		web_resp_json_error(rs, 400, "bad_request", err);
		goto out;
	}
	web_req_audit(rq, "response.consultation", c.rv.reviewed, rq->param[1]);
	web_resp_json(rs, 201, json_pack("{s:I,s:s,s:i}", "id", (json_int_t)id, "reviewed",
					 c.rv.reviewed, "phase", c.rv.phase));
out:
	json_decref(in);
	respctx_free(&c);
}

/* ---- Two versions of an answer compared (issue 9; api9) ---- */

static json_t *version_json(const struct response_answer *a)
{
	return json_pack("{s:i,s:s,s:s,s:s}", "version", a->version, "lang", a->lang, "saved_at",
			 a->saved_at, "saved_by", a->saved_by);
}

/* GET .../responses/{question}/compare?from=N&to=M (to: the current
 * version by default, from: the one before to). */
void api_response_compare(struct web_req *rq, struct web_resp *rs)
{
	struct respctx c;
	struct response_question qq;
	struct response_answer *h = NULL;
	size_t n = 0;
	if (respctx_api_load(rq, rs, &c) <= 0)
		return;
	/* probe: who reads none of the answers learns nothing of the
	 * questionnaire (opened or not, its questions) from a 404. */
	struct access_decision d = respctx_ask(rq, &c, ACCESS_RESPONSE_READ, NULL);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	if (!question(rq, rs, &c, &qq))
		goto out;
	/* disc2 (R101): the question as the item, as GET .../responses/{q}:
	 * an answer disclosed alone is compared alone (its submitted version
	 * only, by the drafts' rule below). */
	struct access_actor ia = web_req_actor(rq);
	struct access_object oi = respctx_item_object(&c, qq.qn->instrument, rq->param[2]);
	d = access_check(&ia, ACCESS_RESPONSE_READ, &oi);
	if (d.result != ACCESS_ALLOW) {
		respctx_api_refuse(rq, rs, d);
		goto out;
	}
	if (response_history(rq->db, &c.rv, rq->param[2], &h, &n) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the answer could not be read");
		goto out;
	}
	long to = n ? h[n - 1].version : 0, from;
	const char *ts = web_req_query(rq, "to"), *fs = web_req_query(rq, "from");
	if ((ts && util_parse_long(ts, 1, 1000000, &to) < 0) ||
	    (fs && util_parse_long(fs, 0, 1000000, &from) < 0)) {
		web_resp_json_error(rs, 400, "bad_request", "from and to are version numbers");
		goto out;
	}
	if (!fs)
		from = to - 1;
	const struct response_answer *va = NULL, *vb = NULL;
	for (size_t i = 0; i < n; i++) {
		if (h[i].version == from)
			va = &h[i];
		if (h[i].version == to)
			vb = &h[i];
	}
	if (!va || !vb) {
		web_resp_json_error(rs, 404, "no_version", "no such version of this answer: "
				    "versions are 1 to the current one");
		goto out;
	}
	/* b18x (B18): after submission, earlier drafts only for who reads
	 * drafts; the others have the submitted version only. */
	struct access_actor a = web_req_actor(rq);
	if (c.submitted && (va != &h[n - 1] || vb != &h[n - 1]) &&
	    !respctx_drafts_readable(&c, &a, qq.qn->instrument)) {
		respctx_api_refuse(rq, rs, (struct access_decision){ ACCESS_DENY, "forbidden",
			   "the earlier drafts of submitted responses are the reviewed State's" });
		goto out;
	}
	json_t *da = json_loads(va->answer, 0, NULL), *db = json_loads(vb->answer, 0, NULL);
	struct buf ta = { 0 }, tb = { 0 };
	response_value_text(json_object_get(da, "value"), &ta);
	response_value_text(json_object_get(db, "value"), &tb);
	json_t *diff = response_compare_text(buf_str(&ta), buf_str(&tb));
	json_decref(da);
	json_decref(db);
	buf_free(&ta);
	buf_free(&tb);
	char detail[200];
	respctx_read_detail(&c, &a, ACCESS_RESPONSE_READ, qq.qn->instrument, detail, sizeof detail);
	web_req_audit(rq, "read.response", rq->param[2], detail);
	json_t *j = json_pack("{s:s,s:o,s:o,s:o}", "question", rq->param[2], "from",
			      version_json(va), "to", version_json(vb), "diff", diff);
	if (!personal_visible(&a, &c.ar)) /* public (F17) */
		personal_strip(j, c.rv.reviewed);
	web_resp_json(rs, 200, j);
out:
	response_answers_free(h, n);
	respctx_free(&c);
}
