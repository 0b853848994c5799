/* http.c - see http.h. */
#include "web/http.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "audit/audit.h"
#include "store/store.h"
#include "util/xmalloc.h"

void web_resp_header(struct web_resp *rs, const char *name, const char *value)
{
	assert(rs->nheaders < WEB_RESP_HEADERS);
	if (rs->nheaders >= WEB_RESP_HEADERS)
		return;
	rs->hname[rs->nheaders] = xstrdup(name);
	rs->hvalue[rs->nheaders] = xstrdup(value);
	rs->nheaders++;
}

void web_resp_cookie(const struct web_req *rq, struct web_resp *rs, const char *name,
		     const char *value, long max_age)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", max_age);
	if (rq->secure || rq->cfg->secure_cookies)
		buf_puts(&b, "; Secure");
	web_resp_header(rs, "Set-Cookie", buf_str(&b));
	buf_free(&b);
}

void web_resp_redirect(struct web_resp *rs, const char *location)
{
	rs->status = 303;
	web_resp_header(rs, "Location", location);
	buf_reset(&rs->body);
	rs->ctype = "text/plain; charset=utf-8";
}

void web_resp_json(struct web_resp *rs, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	rs->status = status;
	rs->ctype = "application/json";
	buf_reset(&rs->body);
	buf_puts(&rs->body, s ? s : "{}");
	buf_putc(&rs->body, '\n');
	free(s);
}

void web_resp_json_error(struct web_resp *rs, int status, const char *code, const char *msg)
{
	web_resp_json(rs, status, json_pack("{s:s, s:s}", "error", code, "message", msg));
}

const char *web_req_query(const struct web_req *rq, const char *key)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *web_req_header(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *web_req_cookie(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

const char *web_req_field(const struct web_req *rq, const char *key)
{
	return web_form_get(&rq->form, key);
}

void web_req_audit(const struct web_req *rq, const char *action, const char *object,
		   const char *detail)
{
	int anon = !(rq->authed || rq->mfa_pending);
	if (!rq->db)
		return;
	if (audit_record(rq->db, anon ? NULL : rq->user.email, rq->ip, action, object, detail) < 0)
		fprintf(stderr, "revmech serve: audit log write failed: %s\n",
			store_errmsg(rq->db));
}

struct access_actor web_req_actor(const struct web_req *rq)
{
	struct access_actor a;
	a.auth = rq->authed ? ACCESS_SIGNED_IN : rq->mfa_pending ? ACCESS_MFA_PENDING
								  : ACCESS_ANONYMOUS;
	a.user = a.auth == ACCESS_ANONYMOUS ? NULL : &rq->user;
	a.via_token = rq->via_token;
	return a;
}
