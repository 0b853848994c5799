/* reqauth.h - who is asking, and in which language (server.c's request
 * set-up).  Each fills fields of rq that it owns; nothing here allocates
 * what the caller must free. */
#ifndef RM_WEB_REQAUTH_H
#define RM_WEB_REQAUTH_H

#include "web/http.h"

/* rq->ip from the connection, or from the last X-Forwarded-For address
 * when cfg->trust_proxy and the peer is loopback (then rq->secure from
 * X-Forwarded-Proto too). */
void reqauth_client_address(struct web_req *rq);

/* The session cookie (rq->authed, or rq->mfa_pending mid-login; a stale
 * cookie is cleared through rs), else an API bearer token on /api/, else
 * the anonymous double-submit CSRF cookie (a new one when absent). */
void reqauth_authenticate(struct web_req *rq, struct web_resp *rs);

/* rq->lang: ?lang=, the rm_lang cookie, the user's language, the first of
 * the six in Accept-Language, else English.  Call after authenticate. */
void reqauth_resolve_lang(struct web_req *rq);

/* GET and HEAD change nothing and need no CSRF token. */
int reqauth_is_safe_method(const char *m);

/* 1 when a state-changing request carries its session's (or the
 * anonymous cookie's) CSRF token in the field "csrf" or X-CSRF-Token, or
 * comes with an API token; 0 otherwise. */
int reqauth_csrf_ok(struct web_req *rq);

#endif
