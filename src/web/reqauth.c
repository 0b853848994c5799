/* reqauth.c - who is asking, and in which language: the client's address
 * (behind a trusted proxy on this machine), the session cookie or API
 * token, the page language, and the CSRF check of a state-changing
 * request.  Split out of server.c, its only caller, which runs these in
 * this order for every request before dispatch. */
#include "web/reqauth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "accounts/apitoken.h"
#include "accounts/session.h"
#include "i18n/i18n.h"
#include "util/token.h"
#include "util/util.h"

static int is_loopback_addr(const struct sockaddr *sa)
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return 0;
}

void reqauth_client_address(struct web_req *rq)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	util_strlcpy(rq->ip, "unknown", sizeof rq->ip);
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  rq->ip, sizeof rq->ip);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  rq->ip, sizeof rq->ip);
	/* Behind a reverse proxy on this machine (TLS termination), the
	 * client is the last address the proxy appended. */
	if (rq->cfg->trust_proxy && is_loopback_addr(sa)) {
		const char *xff = web_req_header(rq, "X-Forwarded-For");
		if (xff && *xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			unsigned char tmp[16];
			char cand[64];
			if (util_strlcpy(cand, last, sizeof cand) == 0 &&
			    (inet_pton(AF_INET, cand, tmp) == 1 || inet_pton(AF_INET6, cand, tmp) == 1))
				util_strlcpy(rq->ip, cand, sizeof rq->ip);
		}
		const char *proto = web_req_header(rq, "X-Forwarded-Proto");
		rq->secure = proto && strcmp(proto, "https") == 0;
	}
}

static int is_hex64(const char *s)
{
	return s && strlen(s) == TOKEN_HEX_LEN - 1 && strspn(s, "0123456789abcdef") == TOKEN_HEX_LEN - 1;
}

void reqauth_resolve_lang(struct web_req *rq)
{
	const char *q = web_req_query(rq, "lang");
	if (q && i18n_find(q)) {
		rq->lang = i18n_find(q)->code;
		rq->lang_from_query = 1;
		return;
	}
	const char *c = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "rm_lang");
	if (c && i18n_find(c)) {
		rq->lang = i18n_find(c)->code;
		return;
	}
	if ((rq->authed || rq->mfa_pending) && i18n_find(rq->user.lang)) {
		rq->lang = i18n_find(rq->user.lang)->code;
		return;
	}
	/* First listed language of Accept-Language that is one of the six
	 * (quality values are not weighed: browsers list by preference). */
	const char *al = web_req_header(rq, "Accept-Language");
	for (const char *p = al; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		char code[3] = { 0 };
		if (p[0] && p[1]) {
			code[0] = (char)(p[0] | 0x20);
			code[1] = (char)(p[1] | 0x20);
			if (i18n_find(code)) {
				rq->lang = i18n_find(code)->code;
				return;
			}
		}
		p = strchr(p, ',');
	}
	rq->lang = "en";
}

void reqauth_authenticate(struct web_req *rq, struct web_resp *rs)
{
	const char *tok = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "rm_session");
	if (tok) {
		int r = session_lookup(rq->db, tok, rq->cfg->session_idle, &rq->ses, &rq->user);
		if (r == 1) {
			if (rq->ses.mfa_pending)
				rq->mfa_pending = 1;
			else
				rq->authed = 1;
			util_strlcpy(rq->csrf, rq->ses.csrf, sizeof rq->csrf);
		} else {
			/* Expired or unknown: clear the stale cookie, and say so
			 * on the login page. */
			web_resp_cookie(rq, rs, "rm_session", "", 0);
			rq->session_expired = r == 0;
		}
	}
	if (!rq->authed && !rq->mfa_pending && strncmp(rq->path, "/api/", 5) == 0) {
		const char *auth = web_req_header(rq, "Authorization");
		if (auth && strncasecmp(auth, "Bearer ", 7) == 0 &&
		    apitoken_lookup(rq->db, auth + 7, &rq->user) == 1) {
			rq->authed = 1;
			rq->via_token = 1;
		}
	}
	if (!rq->authed && !rq->mfa_pending) {
		const char *c = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, "rm_csrf");
		if (is_hex64(c)) {
			util_strlcpy(rq->csrf, c, sizeof rq->csrf);
		} else {
			token_new(rq->csrf);
			rq->csrf_new = 1;
		}
	}
}

int reqauth_is_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* Every state-changing request carries the CSRF token of its session (or
 * of the anonymous double-submit cookie), in the form field "csrf" or the
 * X-CSRF-Token header.  API token calls carry no ambient credential and
 * need none. */
int reqauth_csrf_ok(struct web_req *rq)
{
	if (reqauth_is_safe_method(rq->method) || rq->via_token)
		return 1;
	if (rq->csrf_new)
		return 0; /* no cookie came with the request */
	const char *got = web_req_field(rq, "csrf");
	if (!got)
		got = web_req_header(rq, "X-CSRF-Token");
	return got && rq->csrf[0] && token_equal(got, rq->csrf);
}
