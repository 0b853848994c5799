/* phasenav.h - the navigation between the pages of one phase of a country
 * review (issue 10): the responses, the dialogue, the written
 * observations, the list of observations and the follow-up, each link
 * shown only when the access module lets the actor follow it (the same
 * question the page itself asks: ACCESS_RESPONSE_READ, ACCESS_DIALOGUE_READ
 * or ACCESS_OBSERVATION_READ for some instrument of the phase,
 * ACCESS_LIST_READ, ACCESS_FOLLOWUP_READ).  Shared by /country/{state} and
 * the pages under /reviews/{state}/phases/{n}/; decides nothing itself.
 * Internal to src/web. */
#ifndef RM_WEB_PHASENAV_H
#define RM_WEB_PHASENAV_H

#include "util/buf.h"
#include "web/http.h"

enum phasenav_page {
	PHASENAV_NONE = -1, /* on no page of the phase (the country page) */
	PHASENAV_RESPONSES = 0,
	PHASENAV_DIALOGUE,
	PHASENAV_OBSERVATIONS,
	PHASENAV_LIST,
	PHASENAV_FOLLOWUP,
	PHASENAV_COUNT
};

/* Which pages of state's phase (1..4) the actor of rq may follow: may[i]
 * for each enum phasenav_page.  Returns how many (0 also when the review
 * or its phase does not exist yet), or -1 on a store error. */
int phasenav_links(struct web_req *rq, const char *state, int phase, int may[PHASENAV_COUNT]);

/* Appends to b the navigation of state's phase, current marked
 * aria-current: a <nav class="phase-nav"> with the links the actor may
 * follow, nothing when it may follow none.  Nothing to free. */
void phasenav_put(struct web_req *rq, struct buf *b, const char *state, int phase,
		  enum phasenav_page current);

#endif
