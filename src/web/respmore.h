/* respmore.h - parts of the responses pages kept out of pages_response.c
 * (internal to src/web; api9, issue 9): the national consultations of
 * para 23 (R75) on the questionnaire page and the comparison of two
 * versions of an answer.  pages_respmore.c. */
#ifndef RM_WEB_RESPMORE_H
#define RM_WEB_RESPMORE_H

#include <stddef.h>

#include "response/response.h"
#include "util/buf.h"
#include "web/respctx.h"

struct web_req;

/* The national consultations recorded for c's phase (shown to who reads
 * the responses) and, for who writes them (ACCESS_RESPONSE_EDIT) before
 * submission, the form to record one, refilled from rq's fields when
 * refill is set. */
void respmore_consultations(struct web_req *rq, struct buf *b, const struct respctx *c,
			    int submitted, int refill);
/* Under the history of an answer (h[from..n), oldest first): a form that
 * asks for the comparison of two of its versions. */
void respmore_compare_form(struct web_req *rq, struct buf *b, const struct respctx *c,
			   const char *question, const struct response_answer *h, size_t from,
			   size_t n);

#endif
