/* server.h - the request and response of one HTTP exchange, shared by the
 * page and API handlers (internal to src/web). */
#ifndef RM_WEB_SERVER_H
#define RM_WEB_SERVER_H

#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"
#include "web/auth.h"
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
	int via_token;             /* authenticated by an API token */
	int enrol_only;            /* TOTP mandatory but not set up: account pages only */
	struct web_user user;
	struct web_session ses;
	char csrf[WEB_HEX_LEN];    /* token forms must send back */
	int csrf_new;              /* anonymous CSRF cookie to be set */
};

#define WEB_RESP_HEADERS 12

struct web_resp {
	int status;
	const char *ctype;
	struct buf body;
	size_t nheaders;
	char *hname[WEB_RESP_HEADERS];  /* owned */
	char *hvalue[WEB_RESP_HEADERS]; /* owned */
	int cacheable;                  /* static file: allow caching */
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
/* Form field of a POST body, or NULL. */
const char *web_req_field(const struct web_req *rq, const char *key);
/* Audit entry for this request's actor and address. */
void web_req_audit(const struct web_req *rq, const char *action, const char *object,
		   const char *detail);

/* Handlers: each fills rs.  pages_dispatch / api_dispatch return 0 when
 * they handled the path, -1 when no route matched. */
int pages_dispatch(struct web_req *rq, struct web_resp *rs);
int api_dispatch(struct web_req *rq, struct web_resp *rs);
/* Renders an error page (403, 404, 405, 413, 429...) in the request's
 * language. */
void pages_error(struct web_req *rq, struct web_resp *rs, int status);
/* Serves style.css loaded at start-up (static_load); 404 if missing. */
int static_load(const char *dir);
void static_free(void);
int static_dispatch(struct web_req *rq, struct web_resp *rs);

#endif
