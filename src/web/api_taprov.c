/* api_taprov.c - the JSON API of the technical-assistance providers and
 * of the dissemination of the needs to them (issue 10; R116, R117, R122;
 * annex para 45; docs/openapi.yaml, docs/followup.md):
 *   GET  /api/v1/technical-assistance/providers        (ACCESS_TA_PROVIDERS_READ)
 *   POST /api/v1/technical-assistance/providers        (ACCESS_TA_PROVIDERS_EDIT)
 *   GET  /api/v1/technical-assistance/providers/{id}   (..._READ, with every change)
 *   PUT  /api/v1/technical-assistance/providers/{id}   (..._EDIT)
 *   GET  /api/v1/reviews/{state}/phases/{n}/followup/sharing  (ACCESS_TA_DISSEMINATION_READ)
 *   PUT  /api/v1/reviews/{state}/phases/{n}/followup/sharing  (ACCESS_TA_SHARING_SET)
 *   GET  /api/v1/reviews/{state}/phases/{n}/followup/disseminations (..._DISSEMINATION_READ)
 *   POST /api/v1/reviews/{state}/phases/{n}/followup/disseminations (ACCESS_TA_DISSEMINATE)
 *   GET  /api/v1/reviews/{state}/phases/{n}/followup/needs/{key}    (ACCESS_FOLLOWUP_READ)
 * Handlers translate: the rules are access/'s, the work findings/'s.
 * Errors are {"error": code, "message": ...}. */
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

static void api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401
			    : d.code && !strcmp(d.code, "reference_required") ? 400 : 403,
			    d.code, d.reason);
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

/* A JSON array of strings as a comma list into out; 0, or -1 when it is
 * not such an array (absent: ""). */
static int comma_list(json_t *a, char *out, size_t outlen)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = '\0';
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || strchr(json_string_value(v), ','))
			return -1;
		int n = snprintf(out + used, outlen - used, "%s%s", i ? "," : "", json_string_value(v));
		if (n < 0 || (size_t)n >= outlen - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

/* The provider of a request body; 0, or -1 with 400 answered. */
static int provider_body(struct web_req *rq, struct web_resp *rs, json_t *in,
			 struct provider_in *p, char *regions, char *insts, size_t len)
{
	json_t *act = json_object_get(in, "active");
	if (!in || comma_list(json_object_get(in, "regions"), regions, len) < 0 ||
	    comma_list(json_object_get(in, "instruments"), insts, len) < 0 ||
	    (act && !json_is_boolean(act))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be a JSON object {\"name\", "
				    "\"kind\", \"contact\", \"lang\", \"regions\": [...], "
				    "\"instruments\": [...], \"active\": true or false}");
		return -1;
	}
	p->name = json_string_value(json_object_get(in, "name"));
	p->kind = json_string_value(json_object_get(in, "kind"));
	p->contact = json_string_value(json_object_get(in, "contact"));
	p->lang = json_string_value(json_object_get(in, "lang"));
	p->regions = regions;
	p->instruments = insts;
	p->active = !act || json_is_true(act);
	(void)rq;
	return 0;
}

static void domain_error(struct web_resp *rs, int rc, const char *err)
{
	if (rc == -2)
		web_resp_json_error(rs, 400, "bad_request", err);
	else if (rc == -3)
		web_resp_json_error(rs, 404, "not_found", err);
	else if (rc == -4)
		web_resp_json_error(rs, 409, "conflict", err);
	else if (rc == -5)
		web_resp_json_error(rs, 409, "nothing_to_send", err);
	else
		web_resp_json_error(rs, 503, "unavailable", "the request could not be completed");
}

/* The route asked ACCESS_TA_PROVIDERS_READ. */
void api_ta_providers(struct web_req *rq, struct web_resp *rs)
{
	json_t *l = providers_list(rq->db, 0);
	if (!l) {
		web_resp_json_error(rs, 503, "unavailable", "the register could not be read");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:o}", "providers", l));
}

/* The route asked ACCESS_TA_PROVIDERS_EDIT. */
void api_ta_provider_add(struct web_req *rq, struct web_resp *rs)
{
	struct provider_in p;
	char regions[512], insts[512], err[600] = "", obj[32];
	int64_t id = 0;
	int rc;
	json_t *in = body_object(rq);
	if (provider_body(rq, rs, in, &p, regions, insts, sizeof regions) < 0)
		goto out;
	rc = providers_add(rq->db, &p, rq->user.email, &id, err, sizeof err);
	if (rc < 0) {
		domain_error(rs, rc, err);
		goto out;
	}
	snprintf(obj, sizeof obj, "%lld", (long long)id);
	web_req_audit(rq, "ta.provider_add", obj, p.name);
	json_t *j = providers_get(rq->db, id, &rc);
	if (j)
		web_resp_json(rs, 201, j);
	else
		domain_error(rs, rc, "");
out:
	json_decref(in);
}

static int provider_param(struct web_req *rq, struct web_resp *rs, long *id)
{
	if (util_parse_long(rq->param[0], 1, 999999999999L, id) == 0)
		return 1;
	web_resp_json_error(rs, 404, "not_found", "no such provider");
	return 0;
}

/* The route asked ACCESS_TA_PROVIDERS_READ. */
void api_ta_provider_get(struct web_req *rq, struct web_resp *rs)
{
	long id;
	int rc;
	if (!provider_param(rq, rs, &id))
		return;
	json_t *j = providers_get(rq->db, id, &rc);
	if (j)
		web_resp_json(rs, 200, j);
	else
		domain_error(rs, rc, "no such provider");
}

/* The route asked ACCESS_TA_PROVIDERS_EDIT. */
void api_ta_provider_put(struct web_req *rq, struct web_resp *rs)
{
	struct provider_in p;
	char regions[512], insts[512], err[600] = "";
	long id;
	int rc;
	if (!provider_param(rq, rs, &id))
		return;
	json_t *in = body_object(rq);
	if (provider_body(rq, rs, in, &p, regions, insts, sizeof regions) < 0)
		goto out;
	rc = providers_change(rq->db, id, &p, rq->user.email, err, sizeof err);
	if (rc < 0) {
		domain_error(rs, rc, err);
		goto out;
	}
	web_req_audit(rq, "ta.provider_change", rq->param[0], p.name);
	json_t *j = providers_get(rq->db, id, &rc);
	if (j)
		web_resp_json(rs, 200, j);
	else
		domain_error(rs, rc, "");
out:
	json_decref(in);
}

static int load(struct web_req *rq, struct web_resp *rs, struct listctx *x)
{
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], x);
	if (r == 0)
		web_resp_json_error(rs, 404, "not_found", "no such review or phase");
	else if (r < 0)
		web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
	return r;
}

static int ask(struct web_req *rq, struct web_resp *rs, const struct listctx *x,
	       enum access_action act)
{
	struct access_decision d = listctx_ask(rq, x, act, NULL);
	if (d.result == ACCESS_ALLOW)
		return 1;
	api_refuse(rq, rs, d);
	return 0;
}

/* GET .../followup/sharing: the choice in force and its record. */
void api_ta_sharing_get(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (ask(rq, rs, &x, ACCESS_TA_DISSEMINATION_READ)) {
		json_t *j = followup_sharing_json(rq->db, x.lr.reviewed);
		if (j)
			web_resp_json(rs, 200, j);
		else
			domain_error(rs, -1, "");
	}
	listctx_free(&x);
}

/* PUT .../followup/sharing {"share": bool, "reference": "..."}. */
void api_ta_sharing_put(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "";
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	in = body_object(rq);
	json_t *sv = json_object_get(in, "share"), *rv = json_object_get(in, "reference");
	if (!in || !json_is_boolean(sv) || (rv && !json_is_null(rv) && !json_is_string(rv))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be a JSON object {\"share\": "
				    "true or false, \"reference\": \"...\"}");
		goto out;
	}
	const char *ref = json_is_string(rv) ? json_string_value(rv) : "";
	int64_t fp = people_focal_point_id(rq->db, x.lr.reviewed);
	struct access_object o = { .state = x.lr.reviewed, .focal_point_id = fp > 0 ? fp : 0,
				   .reference = ref };
	struct access_actor a = web_req_actor(rq);
	struct access_decision d = access_check(&a, ACCESS_TA_SHARING_SET, &o);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		goto out;
	}
	int share = json_is_true(sv);
	int rc = followup_sharing_set(rq->db, x.lr.reviewed, share, ref, rq->user.id,
				      rq->user.email, err, sizeof err);
	if (rc < 0) {
		domain_error(rs, rc, err);
		goto out;
	}
	web_req_audit(rq, "followup.sharing", x.lr.reviewed, share ? "share" : "withhold");
	json_t *j = followup_sharing_json(rq->db, x.lr.reviewed);
	if (j)
		web_resp_json(rs, 200, j);
	else
		domain_error(rs, -1, "");
out:
	json_decref(in);
	listctx_free(&x);
}

/* GET .../followup/disseminations. */
void api_ta_disseminations(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	if (load(rq, rs, &x) <= 0)
		return;
	if (ask(rq, rs, &x, ACCESS_TA_DISSEMINATION_READ)) {
		/* To whom a State's needs went is country-specific: audited. */
		web_req_audit(rq, "read.disseminations", x.lr.reviewed, rq->param[1]);
		json_t *j = followup_disseminations(rq->db, x.lr.reviewed, x.lr.phase, NULL);
		if (j)
			web_resp_json(rs, 200, json_pack("{s:s,s:i,s:o}", "reviewed", x.lr.reviewed,
							 "phase", x.lr.phase, "disseminations", j));
		else
			domain_error(rs, -1, "");
	}
	listctx_free(&x);
}

/* POST .../followup/disseminations {"providers": [ids]} or
 * {"all_matching": true}. */
void api_ta_disseminate(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600] = "", detail[64];
	int64_t ids[256], batch = 0;
	size_t n = 0, sent = 0;
	json_t *in = NULL;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_TA_DISSEMINATE))
		goto out;
	in = body_object(rq);
	json_t *pv = json_object_get(in, "providers"), *all = json_object_get(in, "all_matching");
	int ok = in && (!all || json_is_boolean(all)) && (!pv || json_is_array(pv)) &&
		 (json_is_true(all) != (json_array_size(pv) > 0)) &&
		 json_array_size(pv) <= sizeof ids / sizeof ids[0];
	size_t i;
	json_t *v;
	json_array_foreach(pv, i, v) {
		ok &= json_is_integer(v) && json_integer_value(v) > 0;
		if (ok)
			ids[n++] = json_integer_value(v);
	}
	if (!ok) {
		web_resp_json_error(rs, 400, "bad_request", "body must be a JSON object {\"providers\": "
				    "[ids, at most 256]} or {\"all_matching\": true}, not both");
		goto out;
	}
	int rc = followup_disseminate(rq->db, x.lr.reviewed, x.lr.phase, ids, n, rq->user.email,
				      &batch, &sent, err, sizeof err);
	if (rc < 0) {
		domain_error(rs, rc, err);
		goto out;
	}
	snprintf(detail, sizeof detail, "batch %lld, %zu providers", (long long)batch, sent);
	web_req_audit(rq, "followup.disseminate", x.lr.reviewed, detail);
	json_t *d = followup_disseminations(rq->db, x.lr.reviewed, x.lr.phase, NULL), *mine = json_array();
	json_array_foreach(d, i, v)
		if (json_integer_value(json_object_get(v, "batch")) == batch)
			json_array_append(mine, v);
	json_decref(d);
	web_resp_json(rs, 201, json_pack("{s:I,s:o}", "batch", (json_int_t)batch, "sent", mine));
out:
	json_decref(in);
	listctx_free(&x);
}

/* R122: GET .../followup/needs/{key}. */
void api_followup_need(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	int rc;
	if (load(rq, rs, &x) <= 0)
		return;
	if (!ask(rq, rs, &x, ACCESS_FOLLOWUP_READ))
		goto out;
	struct listctx y = x;
	y.communicated = 0;
	int full = listctx_allowed(rq, &y, ACCESS_FOLLOWUP_READ, NULL);
	int sent = listctx_allowed(rq, &x, ACCESS_TA_DISSEMINATION_READ, NULL);
	json_t *j = followup_need_json(rq->db, x.lr.reviewed, x.lr.phase, rq->param[2], full, sent,
				       rq->user.email, rq->ip, &rc);
	struct access_actor a = web_req_actor(rq);
	/* probe s9 F1: those outside the review (every State party once a
	 * report is communicated) see who changed a status by State. */
	if (j && !personal_visible(&a, &x.c.ar))
		personal_strip_accounts(rq->db, j);
	if (j)
		web_resp_json(rs, 200, j);
	else if (rc == -3)
		web_resp_json_error(rs, 404, "not_found", "no such need in the agreed list");
	else
		domain_error(rs, -1, "");
out:
	listctx_free(&x);
}
