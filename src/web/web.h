/* web.h - the web platform's entry point (issue 4): `revmech serve`.
 *
 * For account creation outside the server (`revmech user add`, `revmech
 * init --demo`) see account_create() in accounts/account.h. */
#ifndef RM_WEB_WEB_H
#define RM_WEB_WEB_H

#include <stddef.h>

struct web_config {
	const char *db_path;
	char listen_host[64];     /* numeric IPv4 or IPv6 address */
	unsigned short port;
	const char *po_dir;       /* directory of ar.po ... es.po */
	const char *static_dir;   /* directory of style.css */
	unsigned threads;         /* worker threads (thread pool size) */
	unsigned max_connections;
	unsigned conn_timeout;    /* seconds a connection may stay idle */
	unsigned max_per_ip;      /* connections per client address (0 = no limit) */
	unsigned request_deadline; /* seconds to receive a request's headers and body */
	long session_idle;        /* seconds without a request before logout */
	long session_absolute;    /* seconds after login before logout */
	int trust_proxy;          /* honour X-Forwarded-For/-Proto from loopback */
	int secure_cookies;       /* always mark cookies Secure (TLS in front) */
	int quiet;                /* no request log on stderr */
	const char *base_url;     /* public address for links in e-mail, no trailing '/' */
};

/* Limits on what a client may send (also documented in docs/web.md). */
#define WEB_MAX_BODY (64 * 1024)       /* form or JSON body, bytes */
#define WEB_MAX_UPLOAD (4 * 1024 * 1024 + 1024) /* a document (routes marked ROUTE_UPLOAD):
					 * response/attachment.h's cap and room to say so */
#define WEB_MAX_HEADERS 64             /* header lines per request */
#define WEB_MAX_URL 2048               /* bytes of path and query */
#define WEB_CONN_MEMORY (16 * 1024)    /* per-connection buffer (headers) */

/* Fills cfg with the defaults (127.0.0.1:8080, 30 min idle, 12 h absolute,
 * threads = 2 x CPUs). */
void web_config_default(struct web_config *cfg);

/* Runs the server until SIGTERM or SIGINT, then stops accepting, lets the
 * requests in flight finish (at most 10 s) and returns 0; returns -1 with a
 * message in err if it cannot start. */
int web_serve(const struct web_config *cfg, char *err, size_t errlen);

/* summ (issue 10): loads the Ed25519 key that signs agreed summaries
 * (output/sign.h, created 0600 when missing) for the pages and the API,
 * once, before web_serve().  Returns 0, or -1 with err set.
 * web_summary_key_free() wipes it. */
int web_summary_key_load(const char *path, char *err, size_t errlen);
void web_summary_key_free(void);

/* Loads the assets served under /static/ (style.css) from dir once, before
 * web_serve(); returns how many loaded.  static_free() releases them. */
int static_load(const char *dir);
void static_free(void);

#endif
