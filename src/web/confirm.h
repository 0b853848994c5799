/* confirm.h - the confirmation steps of irreversible actions on the
 * responses and the follow-up (internal to src/web; probe s8 F2, F9):
 * each page says what the action does and writes nothing; its form sends
 * the same fields again with confirm=1, which the POST handler then
 * carries out.  As /lots/redraw (pages_draws.c) and the end of a
 * publication (pages_portal.c). */
#ifndef RM_WEB_CONFIRM_H
#define RM_WEB_CONFIRM_H

#include <jansson.h>

#include "web/http.h"
#include "web/listctx.h"
#include "web/respctx.h"

/* Whether the request carries confirm=1 (the second step). */
int confirm_given(const struct web_req *rq);

/* The confirmation page of submitting c's responses (para 34): what
 * submission does and the questions still unanswered (when some are due,
 * no button: the submission would be refused).  Writes nothing. */
void confirm_submit_page(struct web_req *rq, struct web_resp *rs, const struct respctx *c);

/* The confirmation page of uploading a progress report to the public part
 * (B18, R104): report (borrowed) is the filed report being uploaded, or
 * NULL when the report is filed and uploaded in one step (its fields are
 * the request's: body, communicated).  Writes nothing. */
void confirm_report_public_page(struct web_req *rq, struct web_resp *rs,
				const struct listctx *x, json_t *report);

#endif
