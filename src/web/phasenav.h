/* phasenav.h - the navigation between the pages of one phase of a country
 * review (issue 10): the responses, the dialogue, the written
 * observations, the channels between experts, the list of observations
 * and the follow-up, each link shown only when the access module lets the
 * actor follow it (the same question the page itself asks:
 * ACCESS_RESPONSE_READ, ACCESS_DIALOGUE_READ or ACCESS_OBSERVATION_READ
 * for some instrument of the phase, ACCESS_CHANNEL_REQUESTS_READ,
 * ACCESS_LIST_READ, ACCESS_FOLLOWUP_READ); then the pages the phase's
 * work leads to beyond it: the technical-assistance needs
 * (ACCESS_TA_AGGREGATE_READ), the register of providers
 * (ACCESS_TA_PROVIDERS_READ) and the blueprint its list and summary follow
 * (ACCESS_PROGRAMME_READ), shown only beside at least one page of the
 * phase.  Shared by /country/{state} and the pages under
 * /reviews/{state}/phases/{n}/; decides nothing itself.  Internal to
 * src/web. */
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
	PHASENAV_CHANNELS,      /* /reviews/{state}/phases/{n}/channels */
	PHASENAV_PHASE_COUNT,   /* the pages above are the phase's own */
	PHASENAV_TA_NEEDS = PHASENAV_PHASE_COUNT, /* /technical-assistance */
	PHASENAV_TA_PROVIDERS,  /* /technical-assistance/providers */
	PHASENAV_BLUEPRINT,     /* /blueprint */
	PHASENAV_COUNT
};

/* Which pages of state's phase (1..4) the actor of rq may follow: may[i]
 * for each enum phasenav_page.  Returns how many of the phase's own
 * (below PHASENAV_PHASE_COUNT; 0 also when the review or its phase does
 * not exist yet, and then every may[i] is 0), or -1 on a store error. */
int phasenav_links(struct web_req *rq, const char *state, int phase, int may[PHASENAV_COUNT]);

/* Appends to b the navigation of state's phase, current marked
 * aria-current: a <nav class="phase-nav"> with the links the actor may
 * follow, nothing when it may follow none.  Nothing to free. */
void phasenav_put(struct web_req *rq, struct buf *b, const char *state, int phase,
		  enum phasenav_page current);

#endif
