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

#endif
