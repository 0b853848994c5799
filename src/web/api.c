/* api.c - the JSON API under /api/v1/ (issue 4; docs/openapi.yaml): the
 * same authentication (session cookie or personal API token) and the same
 * access rules as the pages, through the route table; anonymous calls get
 * 401 with a JSON error body there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/apitoken.h"
#include "accounts/throttle.h"
#include "review/reviews.h"
#include "util/util.h"
#include "web/handlers.h"

static json_t *user_json(const struct account *u)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:b, s:b}", "id", (json_int_t)u->id,
			 "email", u->email, "role", u->role_name, "state",
			 u->state[0] ? u->state : NULL, "lang", u->lang, "totp_enabled",
			 u->totp_enabled, "totp_required", u->totp_required);
}

void api_me(struct web_req *rq, struct web_resp *rs)
{
	web_resp_json(rs, 200, user_json(&rq->user));
}

/* The route's rule (ACCESS_REVIEWS_LIST) has refused the roles that see no
 * review; reviews_api_json() keeps those the access module lets the user
 * read. */
void api_reviews(struct web_req *rq, struct web_resp *rs)
{
	buf_reset(&rs->body);
	if (reviews_api_json(rq->rcache, rq->db, &rq->user, &rs->body) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the reviews could not be read");
		return;
	}
	rs->status = 200;
	rs->ctype = "application/json";
}

void api_tokens_list(struct web_req *rq, struct web_resp *rs)
{
	json_t *list = json_array();
	struct apitoken_info *t = NULL;
	size_t n = 0;
	if (apitoken_list(rq->db, rq->user.id, &t, &n) < 0) {
		json_decref(list);
		web_resp_json_error(rs, 503, "unavailable", "the tokens could not be read");
		return;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t[i].id,
						      "name", t[i].name, "created", t[i].created,
						      "expires", t[i].expires));
	free(t);
	web_resp_json(rs, 200, json_pack("{s:o}", "tokens", list));
}

void api_tokens_create(struct web_req *rq, struct web_resp *rs)
{
	json_error_t jerr;
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, &jerr);
	const char *name = json_string_value(json_object_get(in, "name"));
	char token[TOKEN_HEX_LEN];
	json_t *jd = json_object_get(in, "expires_days");
	json_int_t days = jd ? (json_is_integer(jd) ? json_integer_value(jd) : 0)
			     : APITOKEN_DAYS_DEFAULT;
	if (!name || !*name || util_utf8_len(name) < 1 || util_utf8_len(name) > 64) {
		json_decref(in);
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"name\": \"1 to 64 characters\"}");
		return;
	}
	if (days < 1 || days > APITOKEN_DAYS_MAX) {
		json_decref(in);
		web_resp_json_error(rs, 400, "bad_request", "expires_days must be an integer from 1 to 365");
		return;
	}
	/* The password again: a stolen session cookie must not mint a
	 * long-lived token (issue 8, outside probe). */
	int wait = throttle_reauth(rq->db, &rq->user, rq->ip,
				json_string_value(json_object_get(in, "password")));
	if (wait != 0) {
		json_decref(in);
		web_req_audit(rq, wait == THROTTLE_WRONG ? "user.password_fail" : "login.throttled",
			      rq->user.email, "token create");
		if (wait == THROTTLE_WRONG) {
			web_resp_json_error(rs, 403, "password_required",
					    "give your current password as \"password\"");
			return;
		}
		char secs[24];
		snprintf(secs, sizeof secs, "%d", wait > 0 ? wait : 1);
		web_resp_json_error(rs, 429, "throttled", "too many failed attempts; retry later");
		web_resp_header(rs, "Retry-After", secs);
		return;
	}
	int64_t id = apitoken_create(rq->db, rq->user.id, name, (int)days, token);
	if (id < 0) {
		json_decref(in);
		web_resp_json_error(rs, 503, "unavailable", "the token could not be stored");
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %lld", (long long)id);
	web_req_audit(rq, "token.create", obj, name);
	struct apitoken_info *t = NULL;
	size_t n = 0;
	char expires[32] = "";
	if (apitoken_list(rq->db, rq->user.id, &t, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (t[i].id == id)
				util_strlcpy(expires, t[i].expires, sizeof expires);
	free(t);
	web_resp_json(rs, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name", name,
					 "token", token, "expires", expires));
	json_decref(in);
}

void api_tokens_delete(struct web_req *rq, struct web_resp *rs)
{
	long id;
	if (util_parse_long(rq->param[0], 1, 1L << 62, &id) < 0 ||
	    apitoken_revoke(rq->db, rq->user.id, id) != 1) {
		web_resp_json_error(rs, 404, "not_found", "no such token of yours");
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %ld", id);
	web_req_audit(rq, "token.revoke", obj, "");
	rs->status = 204;
	rs->ctype = "application/json";
	buf_reset(&rs->body);
}
