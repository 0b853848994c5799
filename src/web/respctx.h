/* respctx.h - what the responses' pages and API share (internal to
 * src/web): one review's phase loaded for a request, as review/country,
 * access/ and response/ each need it. */
#ifndef RM_WEB_RESPCTX_H
#define RM_WEB_RESPCTX_H

#include <jansson.h>

#include "access/access.h"
#include "response/response.h"
#include "review/country.h"
#include "util/buf.h"

struct store;

struct respctx {
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct response_review rv;
	struct response_qns qs;     /* the opened questionnaires, parsed */
	int submitted;              /* the phase's responses are submitted */
};

/* Loads the review of state (alpha-3) in phase (text "1".."4").  Returns
 * 1, 0 when there is no such review or phase (bad code or number too), -1
 * on a store error.  Free with respctx_free() after 1. */
int respctx_load(struct store *s, const char *state, const char *phase, struct respctx *c);
void respctx_free(struct respctx *c);
/* The access object of the review for instrument (NULL: all). */
struct access_object respctx_object(const struct respctx *c, const char *instrument);
/* The blank questionnaire of the phase (new reference). */
json_t *respctx_questionnaire_json(const struct respctx *c);
/* Status, completion, the answers and documents the actor may read (a
 * reviewer only those of its instruments, C47), as compact JSON text and a
 * newline appended to out (the caller's); 0, or -1 on error (out may hold a
 * part then).  The answers come from respcache_answer(). */
int respctx_responses_text(struct store *s, const struct respctx *c,
			   const struct access_actor *a, struct buf *out);

#endif
