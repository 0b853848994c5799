/* api_publicity.c - a State's directory setting over the API (issue 9;
 * paras 18, 27; C44; docs/openapi.yaml): GET and PUT
 * /api/v1/directory/{state}/publicity, what the form of the country
 * page's people section (web/pages_people.c) does.
 *
 * Handlers translate: review/publicity records and reads; who may read
 * the setting's record and who may change it are access/'s
 * (ACCESS_DIRECTORY_READ, ACCESS_DIRECTORY_PUBLICITY_SET with the focal
 * point named for the State and the reference of its written request).
 * A change is audited as directory.publicity.  Errors are {"error": code,
 * "message": ...}; a Secretariat change without a reference is 400
 * reference_required, and nothing changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "core/refdata.h"
#include "review/people.h"
#include "review/publicity.h"
#include "web/handlers.h"

static int valid_code(const char *c)
{
	return c && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' &&
	       c[2] >= 'A' && c[2] <= 'Z';
}

/* The setting of state as JSON: to everyone the setting; to those who see
 * the whole directory also who changed it, when, on what request, and
 * every earlier change. */
static json_t *setting_json(struct web_req *rq, const char *state, const struct publicity_entry *p)
{
	json_t *o = json_pack("{s:s, s:s, s:b}", "state", state, "publicity",
			      publicity_name(p->publicity), "default", p->id == 0);
	struct access_actor a = web_req_actor(rq);
	if (!access_allowed(&a, ACCESS_DIRECTORY_READ, NULL))
		return o;
	struct publicity_entry *h = NULL;
	size_t n = 0;
	json_t *hist = json_array();
	if (publicity_history(rq->db, state, &h, &n) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:s}", "publicity",
				publicity_name(h[i].publicity), "changed_at", h[i].at, "changed_by",
				h[i].by, "reference", h[i].reference));
	free(h);
	if (p->id)
		json_object_set_new(o, "changed", json_pack("{s:s, s:s, s:s}", "at", p->at, "by",
							    p->by, "reference", p->reference));
	json_object_set_new(o, "history", hist);
	return o;
}

/* The URL's {state} when it is a State party's code: 1, or 0 with 404 or
 * 503 answered; *p gets its setting. */
static int load(struct web_req *rq, struct web_resp *rs, struct publicity_entry *p)
{
	const char *code = rq->param[0];
	char name[256];
	int f = valid_code(code) ? publicity_get(rq->db, code, p) : 0;
	if (f >= 0 && valid_code(code) &&
	    refdata_state_name(rq->db, code, "en", name, sizeof name) >= 0)
		return 1;
	web_resp_json_error(rs, f < 0 ? 503 : 404, f < 0 ? "unavailable" : "not_found",
			    f < 0 ? "the setting could not be read"
			    : "no such State party (ISO 3166 alpha-3, upper case)");
	return 0;
}

/* GET /api/v1/directory/{state}/publicity (public route). */
void api_directory_publicity_get(struct web_req *rq, struct web_resp *rs)
{
	struct publicity_entry p;
	if (!load(rq, rs, &p))
		return;
	web_resp_json(rs, 200, setting_json(rq, rq->param[0], &p));
}

/* PUT /api/v1/directory/{state}/publicity {"publicity": "public" |
 * "states_parties", "reference": "..."}. */
void api_directory_publicity_put(struct web_req *rq, struct web_resp *rs)
{
	struct publicity_entry p;
	char err[512], detail[320];
	json_t *in = NULL;
	if (!load(rq, rs, &p))
		return;
	const char *state = rq->param[0];
	in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, JSON_REJECT_DUPLICATES, NULL);
	json_t *pv = json_object_get(in, "publicity"), *rv = json_object_get(in, "reference");
	if (!json_is_object(in) || !json_is_string(pv) || (rv && !json_is_null(rv) &&
							    !json_is_string(rv))) {
		web_resp_json_error(rs, 400, "bad_request", "body must be a JSON object {\"publicity\": "
				    "\"states_parties\" or \"public\", \"reference\": \"...\"}");
		goto out;
	}
	const char *setting = json_string_value(pv);
	const char *ref = json_is_string(rv) ? json_string_value(rv) : "";
	struct access_actor a = web_req_actor(rq);
	int64_t fp = people_focal_point_id(rq->db, state);
	struct access_object o = { .state = state, .focal_point_id = fp > 0 ? fp : 0,
				   .reference = ref };
	struct access_decision d = access_check(&a, ACCESS_DIRECTORY_PUBLICITY_SET, &o);
	if (d.result != ACCESS_ALLOW) {
		web_req_audit(rq, "access.denied", rq->log_path, d.reason);
		web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401
				    : strcmp(d.code, "reference_required") == 0 ? 400 : 403,
				    d.code, d.reason);
		goto out;
	}
	if (publicity_set(rq->db, state, setting, ref, rq->user.id, rq->user.email, err,
			  sizeof err) < 0) {
		web_resp_json_error(rs, 400, "bad_request", err);
		goto out;
	}
	snprintf(detail, sizeof detail, "%s%s%s", setting, *ref ? " on request " : "", ref);
	web_req_audit(rq, "directory.publicity", state, detail);
	if (publicity_get(rq->db, state, &p) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the setting could not be read");
		goto out;
	}
	web_resp_json(rs, 200, setting_json(rq, state, &p));
out:
	json_decref(in);
}
