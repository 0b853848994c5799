/* pages.h - what the page handlers share (layout, error pages, notices,
 * labels, login steps).  The handlers themselves are declared in
 * web/handlers.h and reached through the route table. */
#ifndef RM_WEB_PAGES_H
#define RM_WEB_PAGES_H

#include "accounts/account.h"
#include "util/buf.h"
#include "web/http.h"

/* Translation of msgid in the request's language (owned by the
 * catalogue). */
const char *pages_t(const struct web_req *rq, const char *msgid);
#define T(s) pages_t(rq, s)
/* Marks a msgid for po/extract.py where it is translated later, with T(). */
#define N_(s) s
/* A domain error err (util/msg.h) in the request's language: the
 * translation of its msgid formatted with its arguments (numbers in the
 * language's digits) when err is this thread's last domain message, else
 * the translation of err itself (a constant msgid), else err.  The text is
 * not escaped; it is owned by the thread and valid until its next call. */
const char *pages_derr(const struct web_req *rq, const char *err);
/* Opens the HTML document: <html lang dir>, header, navigation, <main>. */
void pages_begin(const struct web_req *rq, struct buf *b, const char *title);
/* Closes <main>, footer and the document. */
void pages_end(const struct web_req *rq, struct buf *b);
/* Hidden CSRF field for a form. */
void pages_csrf(const struct web_req *rq, struct buf *b);
/* A status ("ok") or alert ("error") paragraph. */
void pages_notice(struct buf *b, const char *cls, const char *msg);
/* The role's name in the request's language (a label, not a decision). */
const char *pages_role_label(const struct web_req *rq, enum account_role r);
/* The name of the State `code` in the request's language, escaped. */
void pages_put_state_name(const struct web_req *rq, struct buf *b, const char *code);
/* Renders an error page (400, 403, 404, 405, 410, 413, 414, 429, 431,
 * 503) in the request's language. */
void pages_error(struct web_req *rq, struct web_resp *rs, int status);

/* Starts a fresh session for u (a new token at every login: no session
 * fixation), setting its cookie; on a store failure rs is a 503 page. */
void pages_start_session(struct web_req *rq, struct web_resp *rs, const struct account *u,
			 int mfa_pending);
/* 429 with Retry-After: the throttle refused the attempt (wait > 0) or
 * could not record it (wait < 0). */
void pages_refuse_attempt(struct web_req *rq, struct web_resp *rs, int wait,
			  const char *email, const char *what);
/* Counts a wrong secret given in this session; after 5 the session ends
 * and rs is a 429.  Returns 1 when it ended. */
int pages_session_failed(struct web_req *rq, struct web_resp *rs);

#endif
