/* api.c - see api.h. */
#include "web/api.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/util.h"
#include "web/reviews.h"

static json_t *user_json(const struct web_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:b, s:b}", "id", (json_int_t)u->id,
			 "email", u->email, "role", u->role_name, "state",
			 u->state[0] ? u->state : NULL, "lang", u->lang, "totp_enabled",
			 u->totp_enabled, "totp_required", u->totp_required);
}

static void api_me(struct web_req *rq, struct web_resp *rs)
{
	web_resp_json(rs, 200, user_json(&rq->user));
}

static void api_reviews(struct web_req *rq, struct web_resp *rs)
{
	if (rq->user.role == ROLE_STAKEHOLDER) {
		web_req_audit(rq, "access.denied", rq->path, "stakeholders see no reviews");
		web_resp_json_error(rs, 403, "forbidden", "your role gives no access to reviews");
		return;
	}
	buf_reset(&rs->body);
	if (reviews_api_json(rq->rcache, rq->db, &rq->user, &rs->body) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the reviews could not be read");
		return;
	}
	rs->status = 200;
	rs->ctype = "application/json";
}

static void api_tokens_list(struct web_req *rq, struct web_resp *rs)
{
	json_t *list = json_array();
	struct store_stmt *st = store_prepare_cached(rq->db,
		"SELECT id, name, created, last_used FROM api_tokens "
		"WHERE user_id = ? AND revoked IS NULL ORDER BY id");
	if (st) {
		store_bind_int(st, 1, rq->user.id);
		while (store_step(st) == STORE_ROW)
			json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id",
				(json_int_t)store_col_int(st, 0), "name", store_col_text(st, 1),
				"created", store_col_text(st, 2)));
		store_finalize(st);
	}
	web_resp_json(rs, 200, json_pack("{s:o}", "tokens", list));
}

static void api_tokens_create(struct web_req *rq, struct web_resp *rs)
{
	json_error_t jerr;
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, &jerr);
	const char *name = json_string_value(json_object_get(in, "name"));
	char token[WEB_HEX_LEN];
	if (!name || !*name || web_utf8_len(name) < 1 || web_utf8_len(name) > 64) {
		json_decref(in);
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"name\": \"1 to 64 characters\"}");
		return;
	}
	int64_t id = web_apitoken_create(rq->db, rq->user.id, name, token);
	if (id < 0) {
		json_decref(in);
		web_resp_json_error(rs, 503, "unavailable", "the token could not be stored");
		return;
	}
	char obj[32];
	snprintf(obj, sizeof obj, "token %lld", (long long)id);
	web_req_audit(rq, "token.create", obj, name);
	web_resp_json(rs, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name,
					 "token", token));
	json_decref(in);
}

static void api_tokens_delete(struct web_req *rq, struct web_resp *rs, const char *arg)
{
	long id;
	if (util_parse_long(arg, 1, 1L << 62, &id) < 0 ||
	    web_apitoken_revoke(rq->db, rq->user.id, id) != 1) {
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

int api_dispatch(struct web_req *rq, struct web_resp *rs)
{
	const char *p = rq->path;
	int known = strcmp(p, "/api/v1/me") == 0 || strcmp(p, "/api/v1/reviews") == 0 ||
		    strcmp(p, "/api/v1/tokens") == 0 || strncmp(p, "/api/v1/tokens/", 15) == 0;
	if (!known)
		return -1;
	if (!rq->authed) {
		web_resp_json_error(rs, 401, "unauthenticated",
				    "log in, or send Authorization: Bearer <personal API token>");
		web_resp_header(rs, "WWW-Authenticate", "Bearer realm=\"revmech\"");
		return 0;
	}
	if (rq->enrol_only) {
		/* No API (and so no token) before mandatory TOTP is set up. */
		web_req_audit(rq, "access.denied", rq->path, "TOTP set-up due");
		web_resp_json_error(rs, 403, "totp_required",
				    "two-step verification is mandatory for this account: set it up first");
		return 0;
	}
	int get = strcmp(rq->method, "GET") == 0;
	if (!get && rq->via_token && strncmp(p, "/api/v1/tokens", 14) == 0) {
		/* Tokens are made and revoked by a person logged in with a
		 * session (password, TOTP, CSRF), never by another token: a
		 * leaked token must not outlive its own revocation. */
		web_req_audit(rq, "access.denied", rq->path, "token management needs a session");
		web_resp_json_error(rs, 403, "session_required",
				    "API tokens are created and revoked from a logged-in session");
		return 0;
	}
	if (strcmp(p, "/api/v1/me") == 0 && get)
		api_me(rq, rs);
	else if (strcmp(p, "/api/v1/reviews") == 0 && get)
		api_reviews(rq, rs);
	else if (strcmp(p, "/api/v1/tokens") == 0 && get)
		api_tokens_list(rq, rs);
	else if (strcmp(p, "/api/v1/tokens") == 0 && strcmp(rq->method, "POST") == 0)
		api_tokens_create(rq, rs);
	else if (strncmp(p, "/api/v1/tokens/", 15) == 0 && strcmp(rq->method, "DELETE") == 0)
		api_tokens_delete(rq, rs, p + 15);
	else
		web_resp_json_error(rs, 405, "method_not_allowed", "method not allowed here");
	return 0;
}
