/* http.h - the request and response of one HTTP exchange, as the server
 * fills them and the page and API handlers read and write them (internal
 * to src/web).  Handlers see nothing of libmicrohttpd but through these. */
#ifndef RM_WEB_HTTP_H
#define RM_WEB_HTTP_H

#include <stddef.h>

#include <jansson.h>

#include "access/access.h"
#include "accounts/account.h"
#include "accounts/session.h"
#include "util/buf.h"
#include "util/token.h"
#include "web/web.h"
#include "web/webutil.h"

struct MHD_Connection;
struct store;
struct reviews_cache;

struct web_req {
	struct MHD_Connection *conn;
	const struct web_config *cfg;
	struct store *db;          /* this worker thread's connection */
	struct reviews_cache *rcache; /* this worker thread's memo, or NULL */
	const char *method;
	const char *path;          /* without the query string */
	const char *param[4];      /* the {segments} of the route's pattern */
	char log_path[WEB_MAX_URL + 64]; /* path as logs may show it (web_path_redact) */
	char ip[64];               /* client address (proxy-aware) */
	int secure;                /* request came over TLS (via a proxy) */
	struct buf body;           /* request body, at most WEB_MAX_BODY */
	int body_too_large;
	struct web_form form;      /* parsed form body (POST) */
	const char *lang;          /* one of the six codes */
	int lang_from_query;       /* ?lang= given: set the cookie */
	/* Authentication. */
	int authed;                /* a user with a complete login */
	int mfa_pending;           /* password given, TOTP code still due */
	int session_expired;       /* a session cookie came, but its session is over */
	int via_token;             /* authenticated by an API token */
	struct account user;
	struct session ses;
	char csrf[TOKEN_HEX_LEN];    /* token forms must send back */
	int csrf_new;              /* anonymous CSRF cookie to be set */
};

/* Who asks, for the access module, as the request now stands (authed,
 * mfa_pending, via_token, user: also after a login within the request).
 * Its user points into rq. */
struct access_actor web_req_actor(const struct web_req *rq);

#define WEB_RESP_HEADERS 12
#define WEB_RESP_REVALIDATE 2

struct web_resp {
	int status;
	const char *ctype;
	struct buf body;
	size_t nheaders;
	char *hname[WEB_RESP_HEADERS];  /* owned */
	char *hvalue[WEB_RESP_HEADERS]; /* owned */
	int cacheable;                  /* static file: allow caching; or
					 * WEB_RESP_REVALIDATE: private, the
					 * client revalidates (ETag) */
};

/* Adds a response header (copies both strings). */
void web_resp_header(struct web_resp *rs, const char *name, const char *value);
/* Sets a cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the request
 * came over TLS or secure_cookies is set.  max_age < 0: session cookie;
 * 0: delete. */
void web_resp_cookie(const struct web_req *rq, struct web_resp *rs, const char *name,
		     const char *value, long max_age);
/* 303 See Other to a local path. */
void web_resp_redirect(struct web_resp *rs, const char *location);
/* JSON body (takes the reference to j). */
void web_resp_json(struct web_resp *rs, int status, json_t *j);
/* {"error": code, "message": msg} with status. */
void web_resp_json_error(struct web_resp *rs, int status, const char *code, const char *msg);

/* Query-string argument, or NULL. */
const char *web_req_query(const struct web_req *rq, const char *key);
/* Request header, or NULL. */
const char *web_req_header(const struct web_req *rq, const char *name);
/* Cookie of the request, or NULL. */
const char *web_req_cookie(const struct web_req *rq, const char *name);
/* Form field of a POST body, or NULL. */
const char *web_req_field(const struct web_req *rq, const char *key);
/* Audit entry for this request's actor and address. */
void web_req_audit(const struct web_req *rq, const char *action, const char *object,
		   const char *detail);

#endif
