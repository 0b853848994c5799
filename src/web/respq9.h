/* respq9.h - parts of the questionnaire page kept out of pages_response.c
 * (internal to src/web; q9, issue 9): the UNCAC status of the phase and
 * the Secretariat's override form (C27), the note of the Protocol
 * provisions examined under the Convention only (R40), the completion per
 * section and instrument (R76), the references of an answer to other
 * review mechanisms and their form (R73); on the country page, the start
 * of the country-review phase per instrument (R43).  pages_respq9.c. */
#ifndef RM_WEB_RESPQ9_H
#define RM_WEB_RESPQ9_H

#include <jansson.h>

#include "questionnaire/qdef.h"
#include "response/response.h"
#include "util/buf.h"
#include "web/respctx.h"

struct web_req;

/* The UNCAC status of c's phase (at its start, in force, the decisions)
 * when its cluster has the articles of table 1's note a, and for who may
 * override it (ACCESS_UNCAC_OVERRIDE) before submission, the form. */
void respq9_uncac(struct web_req *rq, struct buf *b, const struct respctx *c, int submitted);
/* For a Protocol's questionnaire: the provisions reviewed under the
 * Convention only, each with its Convention articles (R40). */
void respq9_mutatis(struct web_req *rq, struct buf *b, const struct response_qn *qn);
/* "answered / due (p %)" in the page's language, in an element of class
 * cls with id (may be NULL). */
void respq9_done(struct web_req *rq, struct buf *b, const char *cls, const char *id,
		 int answered, int due);
/* The section's completion in comp (NULL: not shown). */
void respq9_section_done(struct web_req *rq, struct buf *b,
			 const struct response_completion *comp, const char *section);
/* The references of the answer doc (R73) and, when add is set, the form
 * that adds one to version base_version; refill from rq's fields. */
void respq9_references(struct web_req *rq, struct buf *b, const struct respctx *c,
		       const char *question, json_t *doc, int base_version, int add, int refill);
/* On the country page: per instrument of reviewed's phase, the date its
 * country-review phase started (every relevant section complete, R43). */
void respq9_country_starts(struct web_req *rq, struct buf *b, const char *reviewed, int phase);
/* Percent of due answered, rounded down (0 when nothing is due). */
int respq9_percent(int answered, int due);

#endif
