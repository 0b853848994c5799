/* verify_int.h - parts of the independent verifier kept in their own
 * files (verify.c stays the rules; lots.h is the API).  Like verify.c,
 * they share nothing with the drawer. */
#ifndef RM_LOTS_VERIFY_INT_H
#define RM_LOTS_VERIFY_INT_H

#include <jansson.h>

#include "util/buf.h"

/* Where the seed of the format-3 document root came from (verify_seed.c;
 * docs/draw.md "Where the seed came from"): "ceremony" null (a note
 * saying it is not from a ceremony, unless manual), or a ceremony whose
 * commitment -> seed -> mix steps are checked, each named when it fails;
 * for a draw held by hand (manual) without redraws, that its seed is that
 * of the canonical form of its reviews.  Appends one line per violation
 * (and the notes) to rep; returns the violations. */
int lots_verify_seed_origin(json_t *root, int manual, struct buf *rep);

/* The canonical form of the record of a draw held by hand, worked out
 * from a document's "reviews" (docs/draw.md; as lots_manual_canonical
 * writes it from a parsed draw), appended to out. */
void lots_verify_manual_canonical(json_t *reviews, struct buf *out);

#endif
