/* reviews.h - the country reviews of the current draw that a user may see
 * (spec R26, B18; issue 4), shared by the dashboard and GET /api/v1/reviews.
 *
 * Authorization: the Secretariat sees every review; a focal point, expert
 * or observer sees the reviews in which its State is the reviewed State or
 * a reviewer; stakeholders and anonymous callers see none. */
#ifndef RM_WEB_REVIEWS_H
#define RM_WEB_REVIEWS_H

#include <jansson.h>

struct store;
struct web_user;

/* Returns a new JSON array of review objects
 *   {"reviewed": "FRA", "reviewed_name": "...", "year": 1,
 *    "reviewers": [{"state": "DEU", "name": "...", "role": "same_region",
 *                   "instruments": "untoc tip"}],
 *    "my_part": "reviewed" | "reviewer" | "secretariat"}
 * (caller decrefs).  *available is 0 when no draw is stored yet (or the
 * drawing-of-lots tables are absent).  Returns NULL on a store error. */
json_t *reviews_for_user(struct store *s, const struct web_user *u, int *available);

/* A per-thread memo of reviews_for_user() results (the web server keeps one
 * per worker thread, next to that thread's store connection).  Entries are
 * keyed by what decides the answer (Secretariat or the user's State) and
 * all dropped as soon as store_data_version() reports any change to the
 * database, by any connection or process (a new draw, a redraw, a changed
 * assignment, but also any other write): a cached answer is never older
 * than the last committed change.  Not thread-safe: one thread per cache. */
struct reviews_cache;
struct reviews_cache *reviews_cache_new(void);
void reviews_cache_free(struct reviews_cache *c);
/* As reviews_for_user(), answered from c when the database is unchanged.
 * The array returned (a new reference: caller decrefs) is shared with the
 * cache: callers must not modify it.  c may be NULL (no caching). */
json_t *reviews_for_user_cached(struct reviews_cache *c, struct store *s,
				const struct web_user *u, int *available);

#endif
