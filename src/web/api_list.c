/* api_list.c - the JSON API of the lists of observations and their
 * follow-up (issue 10; docs/openapi.yaml; paras 38-39, 43-46; R102,
 * R107-R118, R136, C46, C47).  Handlers translate: the review comes from
 * web/listctx (review/country), the rules from access/ (ACCESS_LIST_*,
 * ACCESS_FOLLOWUP_*, ACCESS_TA_*), the work from findings/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/crp.h"
#include "findings/followup.h"
#include "findings/list.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/personal.h"

static void api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
}

static int load(struct web_req *rq, struct web_resp *rs, struct listctx *x)
{
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], x);
	if (r == 0)
		web_resp_json_error(rs, 404, "not_found", "no such review or phase: the State must be "
				    "an ISO 3166 alpha-3 code reviewed in the current draw, the phase "
				    "1 to 4");
	else if (r < 0)
		web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
	return r;
}

/* Asks act; on a refusal answers it and returns 0. */
static int ask(struct web_req *rq, struct web_resp *rs, const struct listctx *x,
	       enum access_action act, const char *instrument)
{
	struct access_decision d = listctx_ask(rq, x, act, instrument);
	if (d.result == ACCESS_ALLOW)
		return 1;
	api_refuse(rq, rs, d);
	return 0;
}

static json_t *body_object(struct web_req *rq)
{
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES,
				NULL);
	if (!json_is_object(in)) {
		json_decref(in);
		return NULL;
	}
	return in;
}

/* Answers a findings/ result code other than LIST_OK. */
static void list_error(struct web_resp *rs, int rc, const char *err)
{
	switch (rc) {
	case LIST_INVALID:
		web_resp_json_error(rs, 400, "bad_request", err);
		break;
	case LIST_NOT_FOUND:
		web_resp_json_error(rs, 404, "not_found", err);
		break;
	case LIST_CONFLICT:
		web_resp_json_error(rs, 409, "conflict", err);
		break;
	case LIST_ALREADY:
		web_resp_json_error(rs, 409, "already_agreed", err);
		break;
	case LIST_OUT_OF_CHARGE:
		web_resp_json_error(rs, 403, "forbidden", err);
		break;
	default:
		web_resp_json_error(rs, 503, "unavailable", "the list could not be saved: try again");
		break;
	}
}

void api_list_get(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	long version = 0;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_LIST_READ, NULL))
		goto out;
	const char *v = web_req_query(rq, "version");
	if (v && util_parse_long(v, 1, 1000000, &version) < 0) {
		web_resp_json_error(rs, 400, "bad_request", "version must be a positive number");
		goto out;
	}
	struct listctx_vis vis = { rq, &x };
	int rc;
	json_t *j = list_json(rq->db, &x.lr, (int)version, listctx_visible, &vis, rq->user.email,
			      rq->ip, &rc);
	if (!j) {
		if (rc == LIST_NOT_FOUND)
			web_resp_json_error(rs, 404, "not_found", "no such version of the list");
		else
			web_resp_json_error(rs, 503, "unavailable", "the list could not be read");
		goto out;
	}
	json_t *wgs = crp_wgs_json(rq->db);
	json_object_set_new(j, "working_groups", wgs ? wgs : json_array());
	web_resp_json(rs, 200, j);
out:
	listctx_free(&x);
}

void api_list_put(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600], may[96];
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	in = body_object(rq);
	const char *scope = json_string_value(json_object_get(in, "instrument"));
	if (!ask(rq, rs, &x, ACCESS_LIST_EDIT, scope))
		goto out;
	json_t *bv = json_object_get(in, "base_version");
	if (!in || !json_is_integer(bv) || !json_is_array(json_object_get(in, "items")) ||
	    (json_object_get(in, "instrument") && !scope)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"base_version\": N, "
				    "\"instrument\": \"untoc\" (optional), \"items\": [...]}");
		goto out;
	}
	listctx_may_change(rq, &x, may, sizeof may);
	int v = 0;
	int rc = list_put(rq->db, &x.lr, (int)json_integer_value(bv), scope,
			  json_object_get(in, "items"), may, rq->user.email, &v, err, sizeof err);
	if (rc != LIST_OK) {
		list_error(rs, rc, err);
		goto out;
	}
	web_req_audit(rq, "list.save", x.lr.reviewed, scope ? scope : "all");
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:i}", "reviewed", x.lr.reviewed, "phase",
					 x.lr.phase, "version", v));
out:
	json_decref(in);
	listctx_free(&x);
}

void api_list_agree(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_LIST_AGREE, NULL))
		goto out;
	in = body_object(rq);
	json_t *v = json_object_get(in, "version");
	if (!json_is_integer(v)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"version\": N}: the version "
				    "of the list you agree to");
		goto out;
	}
	int fin = 0;
	int rc = list_agree(rq->db, &x.lr, rq->user.state, (int)json_integer_value(v),
			    rq->user.email, &fin, err, sizeof err);
	if (rc != LIST_OK) {
		list_error(rs, rc, err);
		goto out;
	}
	web_req_audit(rq, "list.agree", x.lr.reviewed, rq->user.state);
	web_resp_json(rs, 200, json_pack("{s:s,s:i,s:I,s:b}", "party", rq->user.state, "phase",
					 x.lr.phase, "version", json_integer_value(v), "final", fin));
out:
	json_decref(in);
	listctx_free(&x);
}

void api_list_confidential(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_LIST_CONFIDENTIAL, NULL))
		goto out;
	in = body_object(rq);
	const char *key = json_string_value(json_object_get(in, "key"));
	json_t *c = json_object_get(in, "confidential");
	if (!key || !json_is_boolean(c)) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"key\": \"i1\", "
				    "\"confidential\": true|false}");
		goto out;
	}
	int rc = list_set_confidential(rq->db, &x.lr, key, json_is_true(c), rq->user.email, err,
				       sizeof err);
	if (rc != LIST_OK) {
		list_error(rs, rc, err);
		goto out;
	}
	/* R103: every change of visibility, with the deciding user. */
	web_req_audit(rq, "list.confidential", x.lr.reviewed, key);
	web_resp_json(rs, 200, json_pack("{s:s,s:b}", "key", key, "confidential", json_is_true(c)));
out:
	json_decref(in);
	listctx_free(&x);
}

void api_list_crp(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_LIST_CRP_READ, NULL))
		goto out;
	int rc;
	json_t *j = crp_json(rq->db, x.lr.reviewed, x.lr.phase, rq->param[2], rq->user.email,
			     rq->ip, &rc);
	if (j)
		web_resp_json(rs, 200, j);
	else if (rc == -3)
		web_resp_json_error(rs, 404, "unknown_working_group", "no such working group: wg_ic, "
				    "wg_ta, wg_tip, wg_som or wg_firearms (table 2)");
	else if (rc == -4)
		web_resp_json_error(rs, 409, "not_final", "the list is not agreed yet");
	else
		web_resp_json_error(rs, 503, "unavailable", "the CRP could not be read");
out:
	listctx_free(&x);
}

void api_followup_get(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_FOLLOWUP_READ, NULL))
		goto out;
	/* Who may read it before anything is communicated reads all of it:
	 * the reviewed State and the Secretariat (B18). */
	struct listctx y = x;
	y.communicated = 0;
	int full = listctx_allowed(rq, &y, ACCESS_FOLLOWUP_READ, NULL);
	int rc;
	json_t *j = followup_json(rq->db, x.lr.reviewed, x.lr.phase, full, rq->user.email, rq->ip,
				  &rc);
	struct access_actor a = web_req_actor(rq);
	/* probe s9 F1: no address to those outside the review. */
	if (j && !personal_visible(&a, &x.c.ar))
		personal_strip_accounts(rq->db, j);
	if (j)
		web_resp_json(rs, 200, j);
	else if (rc == -3)
		web_resp_json_error(rs, 409, "not_final", "the list of observations is not agreed yet: "
				    "there is no follow-up");
	else
		web_resp_json_error(rs, 503, "unavailable", "the follow-up could not be read");
out:
	listctx_free(&x);
}

static void followup_result(struct web_req *rq, struct web_resp *rs, int rc, const char *err,
			    const char *action, const char *reviewed)
{
	if (rc == 0) {
		web_req_audit(rq, action, reviewed, NULL);
		web_resp_json(rs, 200, json_pack("{s:b}", "saved", 1));
	} else if (rc == -2) {
		web_resp_json_error(rs, 400, "bad_request", err);
	} else if (rc == -3) {
		web_resp_json_error(rs, 404, "not_found", err);
	} else {
		web_resp_json_error(rs, 503, "unavailable", "the follow-up could not be saved");
	}
}

/* The follow-up's three writes share their frame: the review loaded, the
 * artefact's rule asked, the JSON body read, the domain's answer turned
 * into HTTP and audited.  write() calls the domain with the body. */
typedef int (*followup_write_fn)(struct web_req *rq, const struct listctx *x, json_t *in,
				 char *err, size_t errlen);

static void followup_write(struct web_req *rq, struct web_resp *rs, enum access_action act,
			   const char *audit, followup_write_fn write)
{
	struct listctx x;
	char err[600] = "";
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, act, NULL))
		goto out;
	in = body_object(rq);
	int rc = write(rq, &x, in, err, sizeof err);
	followup_result(rq, rs, rc, err, audit, x.lr.reviewed);
out:
	json_decref(in);
	listctx_free(&x);
}

static const char *field(json_t *in, const char *name)
{
	return json_string_value(json_object_get(in, name));
}

static int write_status(struct web_req *rq, const struct listctx *x, json_t *in, char *err,
			size_t errlen)
{
	return followup_status_set(rq->db, x->lr.reviewed, x->lr.phase, field(in, "key"),
				   field(in, "status"), field(in, "note"), rq->user.email, err,
				   errlen);
}

static int write_report(struct web_req *rq, const struct listctx *x, json_t *in, char *err,
			size_t errlen)
{
	int64_t id = 0;
	json_t *pub = json_object_get(in, "public");
	if (pub && !json_is_boolean(pub)) {
		util_strlcpy(err, "public must be true or false", errlen);
		return -2;
	}
	int rc = followup_report_file(rq->db, x->lr.reviewed, x->lr.phase, field(in, "body"),
				      json_is_true(json_object_get(in, "communicated")),
				      rq->user.email, &id, err, errlen);
	/* disc (B18, R104): uploaded to the public part at filing. */
	if (rc == 0 && json_is_true(pub)) {
		rc = followup_report_publish(rq->db, x->lr.reviewed, x->lr.phase, id, rq->user.id,
					     rq->user.email, err, errlen);
		if (rc == 0)
			web_req_audit(rq, "followup.public", x->lr.reviewed, NULL);
	}
	return rc;
}

/* disc: POST .../followup/reports/{id}/public: a report filed earlier
 * uploaded to the public part (ACCESS_FOLLOWUP_EDIT: X's named focal
 * point). */
void api_followup_report_public(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "";
	long id = 0;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_FOLLOWUP_EDIT, NULL))
		goto out;
	int rc = -3;
	if (util_parse_long(rq->param[2], 1, 999999999999L, &id) == 0)
		rc = followup_report_publish(rq->db, x.lr.reviewed, x.lr.phase, id, rq->user.id,
					     rq->user.email, err, sizeof err);
	else
		util_strlcpy(err, "no such progress report", sizeof err);
	if (rc == 0) {
		web_req_audit(rq, "followup.public", x.lr.reviewed, rq->param[2]);
		web_resp_json(rs, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "public", 1));
	} else {
		followup_result(rq, rs, rc, err, "followup.public", x.lr.reviewed);
	}
out:
	listctx_free(&x);
}

static int write_request(struct web_req *rq, const struct listctx *x, json_t *in, char *err,
			 size_t errlen)
{
	/* ta (R116): "provider_id" names a provider of the register; the
	 * free-text "provider" stays for a provider outside it. */
	json_t *pid = json_object_get(in, "provider_id");
	if (pid && !json_is_null(pid)) {
		if (!json_is_integer(pid) || json_integer_value(pid) < 1) {
			util_strlcpy(err, "provider_id must be the id of a provider of the register",
				     errlen);
			return -2;
		}
		return followup_request_link(rq->db, x->lr.reviewed, x->lr.phase, field(in, "key"),
					     json_integer_value(pid), field(in, "funding"),
					     field(in, "note"), rq->user.email, err, errlen);
	}
	return followup_request_add(rq->db, x->lr.reviewed, x->lr.phase, field(in, "key"),
				    field(in, "provider"), field(in, "funding"), field(in, "note"),
				    rq->user.email, err, errlen);
}

void api_followup_status(struct web_req *rq, struct web_resp *rs)
{
	followup_write(rq, rs, ACCESS_FOLLOWUP_EDIT, "followup.status", write_status);
}

void api_followup_report(struct web_req *rq, struct web_resp *rs)
{
	followup_write(rq, rs, ACCESS_FOLLOWUP_EDIT, "followup.report", write_report);
}

void api_followup_request(struct web_req *rq, struct web_resp *rs)
{
	followup_write(rq, rs, ACCESS_TA_MANAGE, "followup.request", write_request);
}

/* The route asked ACCESS_TA_AGGREGATE_READ. */
void api_ta_aggregate(struct web_req *rq, struct web_resp *rs)
{
	json_t *j = followup_aggregate(rq->db, NULL);
	if (!j) {
		web_resp_json_error(rs, 503, "unavailable", "the aggregate could not be read");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:s,s:o}", "sorted_by",
					 "region, instrument, article, priority, status", "needs", j));
}
