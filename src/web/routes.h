/* routes.h - the one route table of the platform: every page and API
 * endpoint with its method, path pattern, the access rule checked before
 * its handler runs, and whether it needs a CSRF token.  404 and 405 (with
 * Allow) are answered from it (issue 7). */
#ifndef RM_WEB_ROUTES_H
#define RM_WEB_ROUTES_H

#include <stddef.h>

#include "access/access.h"
#include "web/http.h"

typedef void (*route_fn)(struct web_req *rq, struct web_resp *rs);

enum route_flags {
	ROUTE_CSRF = 1,     /* state-changing: the session's CSRF token is due */
	ROUTE_NO_STORE = 2, /* served without a store connection or a login */
	ROUTE_UPLOAD = 4,   /* takes a document: body up to WEB_MAX_UPLOAD */
};

struct route {
	const char *method;   /* GET (also answers HEAD), POST, PUT or DELETE */
	const char *pattern;  /* "/a/{name}/b": a {...} segment matches one
			       * non-empty segment, given to the handler in
			       * rq->param[] in order */
	enum access_action need; /* asked of the access module first */
	unsigned flags;
	route_fn fn;
};

enum route_match {
	ROUTE_FOUND = 0,
	ROUTE_NO_PATH,      /* 404 */
	ROUTE_NO_METHOD,    /* 405: *allow lists the path's methods */
};

/* Finds the route of method and path.  On ROUTE_FOUND *out is the route
 * and params[0..3] point into path_copy (a copy of path the function
 * writes, at least strlen(path) + 1 bytes).  On ROUTE_NO_METHOD allow
 * (allowlen bytes) gets the methods the path accepts, e.g. "GET, HEAD".
 * Pure and thread-safe. */
enum route_match routes_find(const char *method, const char *path, char *path_copy,
			     const struct route **out, const char *params[4], char *allow,
			     size_t allowlen);
/* Whether path may be the page a login returns to: a local path (one
 * '/', no scheme, no backslash or control byte, at most 512 bytes) that
 * the table serves as a page on GET (not the API, the login itself or an
 * invitation link).  Guards the `next` of /login against open redirects. */
int routes_is_return_page(const char *path);
/* The table itself, for tests and documentation; *n gets its size. */
const struct route *routes_table(size_t *n);

#endif
