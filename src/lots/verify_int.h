/* verify_int.h - parts of the independent verifier kept in their own
 * files (verify.c stays the rules; lots.h is the API).  Like verify.c,
 * they share nothing with the drawer. */
#ifndef RM_LOTS_VERIFY_INT_H
#define RM_LOTS_VERIFY_INT_H

#include <jansson.h>

#include "util/buf.h"

#include <stdarg.h>

#include "core/roster.h"
#include "lots/lots_int.h"

/* What the verifier knows of each roster entry. */
struct vstate {
	int reviewed;       /* should be reviewed */
	int reviews;        /* may review */
	int cap;
	int year;           /* cohort from "groups", 0 if none */
	int seen_review;    /* reviews[] entries for it */
	int load;           /* reviews it makes */
	int exception;      /* left with no review by a recorded deviation (para 29) */
	int consent;        /* consented to more than four reviewers (para 28 c, C11) */
	int rv_index;       /* its entry in reviews[], -1 */
};

/* One verification: the roster, its entries, the report being written
 * (not owned) and the violations counted. */
struct vctx {
	const struct roster *r;
	struct vstate *st;
	struct buf *rep;
	struct lots_codeidx *ix;
	int nviol;
	/* The parameters the document says it used (R38), once checked. */
	int max_reviewers, redraw_limit, load_min, load_max, cohorts;
	int literal_28b_search;   /* written only when 1 (0: absent) */
};

/* A string member of o, or dflt. */
static inline const char *vstr_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : dflt;
}

/* verify.c.  Appends one violation line (printf format) to c->rep and
 * counts it. */
void lots_verify_viol(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A State code (JSON string) -> roster index, or -1 with a violation
 * saying where. */
long lots_verify_find(struct vctx *c, json_t *v, const char *where);

/* verify_history.c.  The redraw records (reasons, notes, the four
 * counted requests of para 28 d; marks recorded exceptions in c->st). */
void lots_verify_redraws(struct vctx *c, json_t *redraws);
/* Reciprocity at any time in the process (para 28 a, R54). */
void lots_verify_history(struct vctx *c, json_t *reviews, json_t *redraws);
/* The hash chain of the redraw records from the document root. */
void lots_verify_chain(struct vctx *c, json_t *root);

/* verify_params.c.  The parameters the document says it used (R38), into
 * c (the annex's where missing). */
void lots_verify_parameters(struct vctx *c, json_t *p);
/* The document is the draw (and redraws) the roster and seed give. */
void lots_verify_derivation(struct vctx *c, const char *roster_sha256,
			    const unsigned char *seed, const char *json);

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
