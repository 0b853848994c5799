/* support.h - the responses page's section on the Secretariat's support
 * (internal to src/web; probe s8 F23, B18 "on request (support)"): the
 * request in force, its record, and the form to ask or end one.  The
 * handlers of its routes are in handlers.h (pages_support.c). */
#ifndef RM_WEB_SUPPORT_H
#define RM_WEB_SUPPORT_H

#include "util/buf.h"
#include "web/http.h"
#include "web/respctx.h"

/* Appends the section to b for who may see it (the reviewed State's
 * people and the Secretariat); nothing for others. */
void support_section(struct web_req *rq, struct buf *b, const struct respctx *c);

#endif
