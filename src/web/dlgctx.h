/* dlgctx.h - what the dialogue's and the observations' pages and API share
 * (internal to src/web; issue 10): one review's phase loaded for a
 * request (review/country, response/ and access/ as respctx.h gives them),
 * with the receipt of its responses and the context dialogue/observation.h
 * takes. */
#ifndef RM_WEB_DLGCTX_H
#define RM_WEB_DLGCTX_H

#include <jansson.h>

#include "archive/archive.h"
#include "dialogue/dialogue.h"
#include "dialogue/observation.h"
#include "web/respctx.h"

struct store;

struct dlgctx {
	struct respctx rc;
	char received[32];           /* submission of the responses, "" none */
	struct observation_ctx oc;   /* points into rc: never copy a dlgctx */
};

/* Loads state (alpha-3) in phase ("1".."4").  Returns 1, 0 no such review
 * or phase, -1 store error.  Free with dlgctx_free() after 1. */
int dlgctx_load(struct store *s, const char *state, const char *phase, struct dlgctx *c);
void dlgctx_free(struct dlgctx *c);
/* Whether instrument is under review in the phase. */
int dlgctx_has_instrument(const struct dlgctx *c, const char *instrument);
/* The instruments under review in the phase into out (at most cap);
 * returns how many. */
size_t dlgctx_instruments(const struct dlgctx *c, char out[][16], size_t cap);
/* The access object of the phase's dialogue on instrument. */
struct access_object dlgctx_object(const struct dlgctx *c, const char *instrument);
/* One archived item as JSON (new reference): its envelope, its title and
 * media type, and its text when it is one typed in. */
json_t *dlgctx_item_json(const struct dlgctx *c, const struct archive_record *r);
/* The threads of the phase the actor may read (instrument NULL: all), each
 * with its items but the observations, each item read through
 * dialogue_read() (audited).  Returns a new JSON array, or NULL on error. */
json_t *dlgctx_threads_json(struct store *s, const struct access_actor *a, const char *ip,
			    const struct dlgctx *c, const char *instrument);
/* The observations the actor may read, with their deadline (new
 * reference), or NULL on error. */
json_t *dlgctx_observations_json(struct store *s, const struct access_actor *a,
				 const char *ip, const struct dlgctx *c, const char *instrument);
/* A file name as a client sent it, made safe to store and show: its last
 * path component, controls removed, 1..200 bytes of UTF-8.  Returns 0, or
 * -1 when nothing usable is left. */
int dlgctx_filename(const char *in, char out[201]);

#endif
