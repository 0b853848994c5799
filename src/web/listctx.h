/* listctx.h - what the pages and API of the lists of observations and
 * their follow-up share (internal to src/web; issue 10): one review's
 * phase loaded through web/respctx (review/country), seen as
 * findings/list's struct list_review, and the access objects of each
 * action, filled with what the rule needs (named focal points, final,
 * communicated). */
#ifndef RM_WEB_LISTCTX_H
#define RM_WEB_LISTCTX_H

#include "access/access.h"
#include "findings/list.h"
#include "web/http.h"
#include "web/respctx.h"

struct listctx {
	struct respctx c;
	struct list_review lr;
	struct list_status st;      /* version, agreed version, final */
	int communicated;           /* a progress report was communicated */
};

/* Loads the review of state in phase (text).  Returns 1, 0 no such review
 * or phase, -1 store error.  Free with listctx_free() after 1. */
int listctx_load(struct store *s, const char *state, const char *phase, struct listctx *x);
void listctx_free(struct listctx *x);

/* The decision of act for the actor of rq about x, for instrument (NULL:
 * the list as a whole). */
struct access_decision listctx_ask(struct web_req *rq, const struct listctx *x,
				   enum access_action act, const char *instrument);
int listctx_allowed(struct web_req *rq, const struct listctx *x, enum access_action act,
		    const char *instrument);

/* The instruments of the phase whose items the actor may change, as a comma
 * list into out (outlen bytes); "" none. */
void listctx_may_change(struct web_req *rq, const struct listctx *x, char *out, size_t outlen);

/* For list_json(): whether the actor (ctx: struct listctx_vis) reads the
 * items of instrument (ACCESS_LIST_READ per instrument, C47). */
struct listctx_vis {
	struct web_req *rq;
	const struct listctx *x;
};
int listctx_visible(const char *instrument, void *ctx);

/* Labels in rq's language (static strings of the catalogue; nothing to
 * free): an item's type (gap, good_practice, suggestion, ta_need), an
 * instrument's name (its code if unknown), a need's priority (high,
 * medium, low) and status (open, in_progress, met). */
const char *listctx_type_label(const struct web_req *rq, const char *type);
const char *listctx_instrument_name(const struct web_req *rq, const char *inst);
const char *listctx_priority_label(const struct web_req *rq, const char *p);
const char *listctx_status_label(const struct web_req *rq, const char *s);

#endif
