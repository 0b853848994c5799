/* pages.h - server-rendered HTML pages (issue 4).  Entry points are
 * declared in web/server.h (pages_dispatch, pages_error); this header holds
 * the layout helpers that other page modules share. */
#ifndef RM_WEB_PAGES_H
#define RM_WEB_PAGES_H

#include "util/buf.h"
#include "web/server.h"

/* Translation of msgid in the request's language (owned by the
 * catalogue). */
const char *pages_t(const struct web_req *rq, const char *msgid);
/* Opens the HTML document: <html lang dir>, header, navigation, <main>. */
void pages_begin(const struct web_req *rq, struct buf *b, const char *title);
/* Closes <main>, footer and the document. */
void pages_end(const struct web_req *rq, struct buf *b);
/* Hidden CSRF field for a form. */
void pages_csrf(const struct web_req *rq, struct buf *b);

#endif
