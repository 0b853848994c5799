/* server.c - libmicrohttpd front end: limits, per-thread store connections,
 * authentication and language (reqauth.c), dispatch through the route table (routes.c)
 * with its access rule and CSRF check, security headers, clean shutdown. */
#include "web/http.h"

#include <arpa/inet.h>
#include <assert.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "accounts/apitoken.h"
#include "accounts/session.h"
#include "i18n/i18n.h"
#include "review/reviews.h"
#include "web/pages.h"
#include "web/reqauth.h"
#include "web/multipart.h"
#include "web/routes.h"

/* Every connection a worker thread opened, with that thread's memo of
 * reviews, closed after the daemon stops (libmicrohttpd offers no
 * thread-exit hook). */
struct worker {
	struct store *db;
	struct reviews_cache *rcache;
};
static pthread_mutex_t stores_mu = PTHREAD_MUTEX_INITIALIZER;
static struct worker workers[256];
static size_t nworkers;
static _Thread_local struct worker *tl_worker;
static atomic_int inflight;
static const struct web_config *g_cfg;

static struct worker *thread_worker(void)
{
	if (tl_worker)
		return tl_worker;
	char err[256];
	struct store *s = store_open(g_cfg->db_path, 0, err, sizeof err);
	if (!s) {
		fprintf(stderr, "revmech serve: %s\n", err);
		return NULL;
	}
	pthread_mutex_lock(&stores_mu);
	if (nworkers < sizeof workers / sizeof workers[0]) {
		tl_worker = &workers[nworkers++];
		tl_worker->db = s;
		tl_worker->rcache = reviews_cache_new();
	}
	pthread_mutex_unlock(&stores_mu);
	if (!tl_worker) {
		store_close(s);
		return NULL;
	}
	return tl_worker;
}

void web_config_default(struct web_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	util_strlcpy(cfg->listen_host, "127.0.0.1", sizeof cfg->listen_host);
	cfg->port = 8080;
	cfg->base_url = "http://127.0.0.1:8080";
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cfg->threads = ncpu > 0 && ncpu < 32 ? (unsigned)ncpu * 2 : 4;
	cfg->max_connections = 1024;
	cfg->conn_timeout = 30;
	cfg->max_per_ip = 32;
	cfg->request_deadline = 20;
	cfg->session_idle = 30 * 60;
	cfg->session_absolute = 12 * 3600;
}

/* ---- total deadline for receiving a request ----
 * libmicrohttpd's timeout counts idleness, so a client that trickles a
 * byte now and then holds a connection for ever.  Every connection is
 * tracked from its start (or the end of its previous request) until its
 * request is complete; the main thread shuts down those past the deadline
 * once a second.  Entries leave the list in the close notification, which
 * runs before the socket is closed, so a listed fd is always still ours. */
struct conn_track {
	struct conn_track *prev, *next;
	int fd;
	atomic_long since; /* monotonic seconds; 0 while the request is handled */
};
static pthread_mutex_t track_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn_track *track_head;

static long mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec + 1; /* never 0: 0 means "handled" */
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	struct conn_track *t = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		t = xcalloc(1, sizeof *t);
		t->fd = ci ? (int)ci->connect_fd : -1;
		atomic_store(&t->since, mono_now());
		pthread_mutex_lock(&track_mu);
		t->next = track_head;
		if (track_head)
			track_head->prev = t;
		track_head = t;
		pthread_mutex_unlock(&track_mu);
		*socket_context = t;
		return;
	}
	if (!t)
		return;
	pthread_mutex_lock(&track_mu);
	if (t->prev)
		t->prev->next = t->next;
	else
		track_head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&track_mu);
	free(t);
	*socket_context = NULL;
}

static void track_mark(struct MHD_Connection *conn, long since)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_track *t = ci ? ci->socket_context : NULL;
	if (t)
		atomic_store(&t->since, since);
}

static void reap_slow_requests(unsigned deadline)
{
	long now = mono_now();
	pthread_mutex_lock(&track_mu);
	for (struct conn_track *t = track_head; t; t = t->next) {
		long since = atomic_load(&t->since);
		if (since && t->fd >= 0 && now - since > (long)deadline) {
			/* libmicrohttpd sees the end of the stream and closes. */
			shutdown(t->fd, SHUT_RDWR);
			atomic_store(&t->since, 0);
		}
	}
	pthread_mutex_unlock(&track_mu);
}

/* ---- request set-up ---- */

struct conn_ctx {
	struct web_req rq;
	char path_copy[WEB_MAX_URL + 1]; /* the route's {parameters} point here */
	int early_status; /* refused before the body was read */
	struct timespec t0;
	size_t max_body;  /* WEB_MAX_BODY, or WEB_MAX_UPLOAD for an upload route */
};

/* The body a request may send: more only to a route marked ROUTE_UPLOAD. */
static size_t body_cap(const char *method, const char *url)
{
	char copy[WEB_MAX_URL + 1], allow[64];
	const char *params[4];
	const struct route *r;
	if (strlen(url) > WEB_MAX_URL)
		return WEB_MAX_BODY;
	if (routes_find(method, url, copy, &r, params, allow, sizeof allow) == ROUTE_FOUND &&
	    (r->flags & ROUTE_UPLOAD))
		return WEB_MAX_UPLOAD;
	return WEB_MAX_BODY;
}

struct header_count {
	int all, content_length, transfer_encoding;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	(void)value;
	struct header_count *hc = cls;
	hc->all++;
	if (key && strcasecmp(key, "Content-Length") == 0)
		hc->content_length++;
	if (key && strcasecmp(key, "Transfer-Encoding") == 0)
		hc->transfer_encoding++;
	return MHD_YES;
}

/* The query string's length as sent, near enough: each argument's key and
 * value (decoded, so never longer than sent) and its separators. */
static enum MHD_Result query_length(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	size_t *n = cls;
	*n += 2 + (key ? strlen(key) : 0) + (value ? strlen(value) : 0);
	return MHD_YES;
}

static void add_security_headers(const struct web_req *rq, struct MHD_Response *r,
				 const struct web_resp *rs)
{
	MHD_add_response_header(r, "Content-Security-Policy",
		"default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
		"base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), payment=()");
	if (rq && (rq->secure || rq->cfg->secure_cookies))
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
	MHD_add_response_header(r, "Cache-Control",
				rs->cacheable == WEB_RESP_REVALIDATE ? "private, no-cache"
				: rs->cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result send_resp(struct web_req *rq, struct web_resp *rs)
{
	size_t len = rs->body.len;
	char *body = buf_detach(&rs->body);
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
				rs->ctype ? rs->ctype : "text/html; charset=utf-8");
	add_security_headers(rq, r, rs);
	if (rq->lang_from_query)
		web_resp_cookie(rq, rs, "rm_lang", rq->lang, 365L * 86400);
	if (rq->csrf_new)
		web_resp_cookie(rq, rs, "rm_csrf", rq->csrf, -1);
	for (size_t i = 0; i < rs->nheaders; i++) {
		MHD_add_response_header(r, rs->hname[i], rs->hvalue[i]);
		free(rs->hname[i]);
		free(rs->hvalue[i]);
	}
	rs->nheaders = 0;
	enum MHD_Result ret = MHD_queue_response(rq->conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void access_log(const struct conn_ctx *cx, int status)
{
	if (g_cfg->quiet)
		return;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - cx->t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - cx->t0.tv_nsec) / 1e6;
	/* Paths carry credentials (invitation links) and whatever a client
	 * typed: redacted (log_path), then escaped for the terminal. */
	struct buf line = { 0 };
	buf_printf(&line, "%s ", cx->rq.ip);
	web_put_log_safe(&line, cx->rq.method);
	buf_putc(&line, ' ');
	web_put_log_safe(&line, cx->rq.log_path);
	buf_printf(&line, " %d %.1fms\n", status, ms);
	fputs(buf_str(&line), stderr);
	buf_free(&line);
}

/* An error answer in the form the path calls for: JSON under /api/, a
 * page in the request's language elsewhere. */
static void error_answer(struct web_req *rq, struct web_resp *rs, int status, const char *code,
			 const char *msg)
{
	if (strncmp(rq->path, "/api/", 5) == 0)
		web_resp_json_error(rs, status, code, msg);
	else
		pages_error(rq, rs, status);
}

/* Turns a refusal of the access module into HTTP: pages redirect to the
 * step the user has to take (or say 403), the API answers 401 or 403 in
 * JSON.  Refusals (other than "log in first") are audited. */
static void refuse(struct web_req *rq, struct web_resp *rs, struct access_decision d)
{
	int api = strncmp(rq->path, "/api/", 5) == 0;
	switch (d.result) {
	case ACCESS_NEED_LOGIN:
	case ACCESS_NEED_TOTP:
		if (api) {
			web_resp_json_error(rs, 401, "unauthenticated",
					    "log in, or send Authorization: Bearer <personal API token>");
			web_resp_header(rs, "WWW-Authenticate", "Bearer realm=\"revmech\"");
		} else {
			/* The page asked for is kept for ten minutes in a cookie,
			 * where the login returns to; the login page says when a
			 * session has ended. */
			if (strcmp(rq->method, "GET") == 0 && routes_is_return_page(rq->path)) {
				struct buf v = { 0 };
				web_put_url(&v, rq->path);
				web_resp_cookie(rq, rs, "rm_next", buf_str(&v), 600);
				buf_free(&v);
			}
			if (rq->session_expired && d.result == ACCESS_NEED_LOGIN)
				web_resp_cookie(rq, rs, "rm_expired", "1", 600);
			web_resp_redirect(rs, d.result == ACCESS_NEED_TOTP ? "/login/totp" : "/login");
		}
		return;
	case ACCESS_NOT_PENDING:
		web_resp_redirect(rs, "/dashboard");
		return;
	case ACCESS_NEED_ENROL:
		if (!api) {
			web_resp_redirect(rs, "/account#totp");
			return;
		}
		web_req_audit(rq, "access.denied", rq->log_path, d.reason);
		web_resp_json_error(rs, 403, d.code,
				    "two-step verification is mandatory for this account: set it up first");
		return;
	case ACCESS_DENY:
	case ACCESS_ALLOW:
		break;
	}
	web_req_audit(rq, "access.denied", rq->log_path, d.reason);
	if (api)
		web_resp_json_error(rs, 403, d.code, d.reason);
	else
		pages_error(rq, rs, 403);
}

static void handle(struct conn_ctx *cx, struct web_resp *rs)
{
	struct web_req *rq = &cx->rq;
	const struct route *route;
	char allow[64];
	/* A Content-Length over an upload route's cap: answered below, once
	 * the sender and its language are known. */
	if (cx->early_status == 413 && cx->max_body == WEB_MAX_UPLOAD) {
		cx->early_status = 0;
		rq->body_too_large = 1;
	}
	if (cx->early_status) {
		rq->lang = "en";
		error_answer(rq, rs, cx->early_status, cx->early_status == 405 ?
			     "method_not_allowed" : "bad_request", "request refused");
		return;
	}
	enum route_match m = routes_find(rq->method, rq->path, cx->path_copy, &route,
					 rq->param, allow, sizeof allow);
	int upload = m == ROUTE_FOUND && (route->flags & ROUTE_UPLOAD);
	if (rq->body_too_large && !upload) {
		rq->lang = "en";
		error_answer(rq, rs, 413, "too_large", "the request body is larger than accepted");
		return;
	}
	if (m == ROUTE_FOUND && (route->flags & ROUTE_NO_STORE)) {
		rq->lang = "en";
		route->fn(rq, rs);
		return;
	}
	struct worker *w = thread_worker();
	rq->db = w ? w->db : NULL;
	rq->rcache = w ? w->rcache : NULL;
	if (!rq->db) {
		rq->lang = "en";
		error_answer(rq, rs, 503, "unavailable", "the service is temporarily unavailable");
		return;
	}
	reqauth_authenticate(rq, rs);
	reqauth_resolve_lang(rq);
	/* A document over the cap of its upload route: said in the page's
	 * language (issue 9), since whoever sent it is known by now. */
	if (rq->body_too_large) {
		if (strncmp(rq->path, "/api/", 5) == 0) {
			web_resp_json_error(rs, 413, "too_large", "the document is larger than the "
					    "4 MiB accepted");
		} else {
			rs->status = 413;
			rs->ctype = "text/html; charset=utf-8";
			buf_reset(&rs->body);
			pages_begin(rq, &rs->body, T("Request too large"));
			web_html(&rs->body, "<h1>%s</h1>", T("Request too large"));
			pages_notice(&rs->body, "error", T("The document is larger than the 4 MiB "
							   "accepted. Nothing was stored."));
			pages_end(rq, &rs->body);
		}
		return;
	}
	const char *ct = web_req_header(rq, "Content-Type");
	if (rq->body.len && ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	    web_form_parse(&rq->form, rq->body.p, rq->body.len) < 0) {
		error_answer(rq, rs, 400, "bad_request", "malformed form body");
		return;
	}
	/* A file upload (the users page's CSV of invitations; issue 8). */
	if (rq->body.len && ct && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	    (upload ? web_form_parse_multipart_upload(&rq->form, ct, rq->body.p, rq->body.len)
		    : web_form_parse_multipart(&rq->form, ct, rq->body.p, rq->body.len)) < 0) {
		error_answer(rq, rs, 400, "bad_request", "malformed multipart body");
		return;
	}
	if (m == ROUTE_NO_METHOD) {
		error_answer(rq, rs, 405, "method_not_allowed", "method not allowed here");
		web_resp_header(rs, "Allow", allow);
		return;
	}
	/* A route says whether it changes state; a request to an address the
	 * table does not know is held to the strict rule, so that a
	 * state-changing method aimed beside the table is refused (and
	 * audited, within the anonymous quota) as before any route existed. */
	int csrf_due = m == ROUTE_FOUND ? (route->flags & ROUTE_CSRF) != 0
					: !reqauth_is_safe_method(rq->method);
	if (csrf_due && !reqauth_csrf_ok(rq)) {
		web_req_audit(rq, "csrf.reject", rq->log_path, rq->method);
		error_answer(rq, rs, 403, "csrf", "missing or invalid CSRF token");
		return;
	}
	if (m == ROUTE_NO_PATH) {
		error_answer(rq, rs, 404, "not_found", "no such endpoint");
		return;
	}
	struct access_actor actor = web_req_actor(rq);
	struct access_decision d = access_check(&actor, route->need, NULL);
	if (d.result != ACCESS_ALLOW) {
		refuse(rq, rs, d);
		return;
	}
	route->fn(rq, rs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_ctx *cx = *con_cls;
	if (!cx) {
		cx = xcalloc(1, sizeof *cx);
		*con_cls = cx;
		atomic_fetch_add(&inflight, 1);
		clock_gettime(CLOCK_MONOTONIC, &cx->t0);
		cx->rq.conn = conn;
		cx->rq.cfg = g_cfg;
		cx->rq.method = strcmp(method, "HEAD") == 0 ? "GET" : method;
		cx->rq.path = url;
		web_path_redact(url, cx->rq.log_path, sizeof cx->rq.log_path);
		reqauth_client_address(&cx->rq);
		struct header_count hc = { 0, 0, 0 };
		MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &hc);
		size_t qlen = 0;
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_length, &qlen);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		long clen = 0;
		cx->max_body = body_cap(method, url);
		if (hc.all > WEB_MAX_HEADERS)
			cx->early_status = 431;
		else if (strlen(url) + qlen > WEB_MAX_URL)
			cx->early_status = 414;
		else if (hc.content_length > 1 || (hc.content_length && hc.transfer_encoding) ||
			 hc.transfer_encoding > 1)
			/* Two lengths, or a length and chunked encoding: a proxy in
			 * front may frame the body otherwise than we do (request
			 * smuggling), so neither reading is safe. */
			cx->early_status = 400;
		else if (cl && (util_parse_long(cl, 0, (long)cx->max_body, &clen) < 0))
			cx->early_status = 413;
		else if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST") &&
			 strcmp(method, "PUT") && strcmp(method, "DELETE"))
			cx->early_status = 405;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Bodies over the cap are read and dropped, then refused. */
		if (!cx->early_status && cx->rq.body.len + *upload_data_size <= cx->max_body)
			buf_append(&cx->rq.body, upload_data, *upload_data_size);
		else
			cx->rq.body_too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct web_resp rs = { .status = 200 };
	track_mark(conn, 0);
	handle(cx, &rs);
	/* Statements are kept prepared across requests (store_prepare_cached):
	 * make sure none still holds a read snapshot or a lock. */
	if (cx->rq.db) {
		int left = store_end_work(cx->rq.db);
		if (left)
			fprintf(stderr, "revmech serve: bug: %s %s left %d statement(s) or a "
				"transaction open\n", cx->rq.method, cx->rq.path, left);
	}
	access_log(cx, rs.status);
	enum MHD_Result ret = send_resp(&cx->rq, &rs);
	buf_free(&rs.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	struct conn_ctx *cx = *con_cls;
	track_mark(conn, mono_now()); /* the next request's clock (keep-alive) */
	if (!cx)
		return;
	buf_free(&cx->rq.body);
	web_form_free(&cx->rq.form);
	sodium_memzero(&cx->rq.ses, sizeof cx->rq.ses);
	free(cx);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static int host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

int web_serve(const struct web_config *cfg, char *err, size_t errlen)
{
	int rc = -1;
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	sigset_t set, old;

	g_cfg = cfg;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	if (account_test_mode() && !host_is_loopback(cfg->listen_host)) {
		snprintf(err, errlen, "REVMECH_TEST_MODE=1 weakens password hashing: "
			 "refusing to listen on non-loopback address %s", cfg->listen_host);
		return -1;
	}
	/* A proxy in front or TLS cookies mean real users reach a loopback
	 * listener: that is a deployment, not a test. */
	if (account_test_mode() && (cfg->trust_proxy || cfg->secure_cookies)) {
		snprintf(err, errlen, "REVMECH_TEST_MODE=1 weakens password hashing: "
			 "refusing --trust-proxy and --secure-cookies (a deployment)");
		return -1;
	}
	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (inet_pton(AF_INET, cfg->listen_host, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons(cfg->port);
		sa = (const struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, cfg->listen_host, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(cfg->port);
		sa = (const struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen address '%s' is not a numeric IP address",
			 cfg->listen_host);
		return -1;
	}

	/* Worker threads inherit this mask: only the main thread takes the
	 * termination signals, in sigwait() below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &old);

	d = MHD_start_daemon(flags, cfg->port, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, sa,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
			     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
			     MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "cannot listen on %s:%u (address in use?)",
			 cfg->listen_host, (unsigned)cfg->port);
		goto out;
	}
	fprintf(stderr, "revmech serve: listening on http://%s%s%s:%u/ (%u threads)\n",
		sa->sa_family == AF_INET6 ? "[" : "", cfg->listen_host,
		sa->sa_family == AF_INET6 ? "]" : "", (unsigned)cfg->port, cfg->threads);
	for (;;) {
		struct timespec one = { 1, 0 };
		int sig = sigtimedwait(&set, NULL, &one);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		reap_slow_requests(cfg->request_deadline);
	}
	fprintf(stderr, "revmech serve: stopping: finishing requests in flight\n");
	/* Stop accepting, then give requests in flight up to 10 s. */
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 1000 && atomic_load(&inflight) > 0; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	d = NULL;
	fprintf(stderr, "revmech serve: stopped\n");
	rc = 0;
out:
	pthread_mutex_lock(&stores_mu);
	for (size_t i = 0; i < nworkers; i++) {
		reviews_cache_free(workers[i].rcache);
		store_close(workers[i].db);
		workers[i].rcache = NULL;
		workers[i].db = NULL;
	}
	nworkers = 0;
	pthread_mutex_unlock(&stores_mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
