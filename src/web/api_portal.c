/* api_portal.c - undoing a publication, over the API (issue 10, gap
 * "undoing"; paras 37, 41; R98, R99, R103, R104, R118; docs/openapi.yaml,
 * docs/disclosure.md):
 *   POST /api/v1/reviews/{state}/disclosures/publications/{id}/end
 *        the Secretariat ends one publication, {"note": reason}
 *        (ACCESS_PORTAL_PUBLISH)
 *   POST /api/v1/reviews/{state}/phases/{n}/followup/reports/{id}/withdraw
 *        the focal point withdraws a progress report from the public part,
 *        {"note": reason} (ACCESS_FOLLOWUP_EDIT)
 * No confirmation step here (the pages have it, pages_portal.c).  Handlers
 * translate: rules from access/, the work from review/disclosure and
 * findings/followup; each write audited. */
#include <stdio.h>
#include <string.h>

#include "findings/followup.h"
#include "review/disclosure.h"
#include "util/util.h"
#include "web/handlers.h"
#include "web/listctx.h"
#include "web/sumctx.h"

static void api_refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 403, d.code, d.reason);
}

static int64_t url_id(const char *text)
{
	long v = 0;
	return util_parse_long(text, 1, 999999999999L, &v) == 0 ? v : 0;
}

/* The reason of the body {"note": "..."}: *note NULL when the body is not
 * that (the caller answers 400). */
static json_t *body_note(struct web_req *rq, const char **note)
{
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len,
				JSON_REJECT_DUPLICATES, NULL);
	json_t *v = json_object_get(in, "note");
	*note = json_is_object(in) && json_is_string(v) ? json_string_value(v) : NULL;
	return in;
}

void api_publication_end(struct web_req *rq, struct web_resp *rs)
{
	struct sumctx c;
	char err[600];
	int r = sumctx_load(rq->db, rq->param[0], NULL, &c);
	if (r <= 0) {
		if (r == 0)
			web_resp_json_error(rs, 404, "not_found", "no such review: the State must be "
					    "an ISO 3166 alpha-3 code reviewed in the current draw");
		else
			web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
		return;
	}
	struct access_actor a = web_req_actor(rq);
	struct access_object o = sumctx_object(rq, &c, NULL, NULL);
	struct access_decision d = access_check(&a, ACCESS_PORTAL_PUBLISH, &o);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		return;
	}
	const char *note;
	json_t *in = body_note(rq, &note);
	int64_t id = url_id(rq->param[1]), end = 0;
	if (!note) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"note\": \"the reason "
				    "for ending the publication\"}");
		goto out;
	}
	r = disclosure_unpublish(rq->db, c.cr.reviewed, id, note, rq->user.id, rq->user.email,
				 &end, err, sizeof err);
	switch (r) {
	case DISCLOSURE_OK: {
		char detail[64];
		snprintf(detail, sizeof detail, "publication %lld", (long long)id);
		web_req_audit(rq, "disclosure.unpublish", c.cr.reviewed, detail);
		web_resp_json(rs, 200, json_pack("{s:I,s:I,s:s,s:b}", "id", (json_int_t)id, "end",
						 (json_int_t)end, "reviewed", c.cr.reviewed,
						 "in_force", 0));
		break;
	}
	case DISCLOSURE_INVALID: web_resp_json_error(rs, 400, "bad_request", err); break;
	case DISCLOSURE_NO_PUBLICATION:
		web_resp_json_error(rs, 404, "no_such_publication", err);
		break;
	case DISCLOSURE_ENDED: web_resp_json_error(rs, 409, "already_ended", err); break;
	default: web_resp_json_error(rs, 503, "unavailable", err); break;
	}
out:
	json_decref(in);
}

void api_report_withdraw(struct web_req *rq, struct web_resp *rs)
{
	struct listctx x;
	char err[600];
	json_t *in = NULL;
	int r = listctx_load(rq->db, rq->param[0], rq->param[1], &x);
	if (r <= 0) {
		if (r == 0)
			web_resp_json_error(rs, 404, "not_found", "no such review or phase: the State "
					    "must be an ISO 3166 alpha-3 code reviewed in the current "
					    "draw, the phase 1 to 4");
		else
			web_resp_json_error(rs, 503, "unavailable", "the review could not be read");
		return;
	}
	struct access_decision d = listctx_ask(rq, &x, ACCESS_FOLLOWUP_EDIT, NULL);
	if (d.result != ACCESS_ALLOW) {
		api_refuse(rq, rs, d);
		goto out;
	}
	const char *note;
	in = body_note(rq, &note);
	int64_t id = url_id(rq->param[2]);
	if (!note) {
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"note\": \"the reason "
				    "for withdrawing the report from the public part\"}");
		goto out;
	}
	r = followup_report_withdraw(rq->db, x.lr.reviewed, x.lr.phase, id, note, rq->user.id,
				     rq->user.email, err, sizeof err);
	if (r == 0) {
		char detail[64];
		snprintf(detail, sizeof detail, "report %lld", (long long)id);
		web_req_audit(rq, "followup.withdraw_public", x.lr.reviewed, detail);
		web_resp_json(rs, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "public", 0));
	} else if (r == -2) {
		web_resp_json_error(rs, 400, "bad_request", err);
	} else if (r == -3) {
		web_resp_json_error(rs, 404, "not_found", err);
	} else if (r == -4) {
		web_resp_json_error(rs, 409, "not_public", err);
	} else {
		web_resp_json_error(rs, 503, "unavailable", "the follow-up could not be saved");
	}
out:
	json_decref(in);
	listctx_free(&x);
}
