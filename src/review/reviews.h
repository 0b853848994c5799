/* reviews.h - the country reviews of the current draw that a user may see
 * (spec R26, B18; issue 4), shared by the dashboard and GET /api/v1/reviews.
 *
 * Who sees which review is decided by the access module (access/access.h:
 * ACCESS_REVIEWS_LIST, ACCESS_REVIEW_READ), review by review: the
 * Secretariat sees every review; a focal point, expert or observer the
 * reviews in which its State is the reviewed State or a reviewer;
 * stakeholders and anonymous callers none. */
#ifndef RM_REVIEW_REVIEWS_H
#define RM_REVIEW_REVIEWS_H

#include <jansson.h>

#include "util/buf.h"

struct store;
struct account;

/* Returns a new JSON array of review objects
 *   {"reviewed": "FRA", "reviewed_name": "...", "year": 1,
 *    "reviewers": [{"state": "DEU", "name": "...", "role": "same_region",
 *                   "instruments": "untoc tip"}],
 *    "my_part": "reviewed" | "reviewer" | "secretariat"}
 * (caller decrefs).  *available is 0 when no draw is stored yet (or the
 * drawing-of-lots tables are absent).  Returns NULL on a store error. */
json_t *reviews_for_user(struct store *s, const struct account *u, int *available);

/* A per-thread memo of reviews_for_user() results (the web server keeps one
 * per worker thread, next to that thread's store connection).  Entries are
 * keyed by everything of the account that the policy reads (role, State) and
 * all dropped as soon as the store's data version moves, i.e. on any
 * change to the database by any connection or process (a new draw, a
 * redraw, a changed assignment, but also any other write).
 * Freshness contract: the version is the one the connection saw at its
 * latest statement (store_data_version_seen, no I/O), so the caller must
 * have read from s earlier in the same request; the server always has,
 * since a user is only known after the session or API token look-up on
 * that connection.  The answer is then never older than that look-up.
 * Not thread-safe: one thread per cache. */
struct reviews_cache;
struct reviews_cache *reviews_cache_new(void);
void reviews_cache_free(struct reviews_cache *c);
/* As reviews_for_user(), answered from c when the database is unchanged.
 * The array returned (a new reference: caller decrefs) is shared with the
 * cache: callers must not modify it.  c may be NULL (no caching). */
json_t *reviews_for_user_cached(struct reviews_cache *c, struct store *s,
				const struct account *u, int *available);
/* As reviews_for_user_cached(), and when the answer is in the memo, *memo
 * points at a slot of that entry (0 <= slot < REVIEWS_MEMO_SLOTS) where
 * the caller may keep a rendering derived only from the list and slot
 * (e.g. the dashboard's table in one language): a malloc'd string, or
 * NULL until set; freed with the entry, so it follows the same
 * invalidation.  *memo is NULL when the answer is not kept. */
#define REVIEWS_MEMO_SLOTS 6
json_t *reviews_for_user_memo(struct reviews_cache *c, struct store *s,
			      const struct account *u, int *available, unsigned slot,
			      char ***memo);
/* Appends the body of GET /api/v1/reviews for u to out: the compact JSON
 * {"draw_available": bool, "reviews": [...]} and a newline, kept in the
 * memo next to the list (same invalidation).  Returns 0, or -1 on a store
 * error (nothing appended). */
int reviews_api_json(struct reviews_cache *c, struct store *s, const struct account *u,
		     struct buf *out);

#endif
