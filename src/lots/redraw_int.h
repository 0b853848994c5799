/* redraw_int.h - what the files of one redraw share (lots_redraw(),
 * lots/lots.h): the request's context and its helpers.  redraw.c makes
 * the redraw (the random orders from the request's seed, the search over
 * candidates and chains, the record); redraw_build.c the review a
 * candidate makes (composition, para 26, 28 b-c, literal para 28 b);
 * redraw_chain.c the rules a candidate is judged by (loads, pairs) and the
 * chains of reassignments; redraw_request.c the request's own limits
 * (para 28 d-e, C9, C11) and the refusal that says why. */
#ifndef RM_LOTS_REDRAW_INT_H
#define RM_LOTS_REDRAW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lots/lots.h"
#include "lots/lots_int.h"

/* Pairs (a reviews b) ever drawn: open addressing over key+1. */
struct pairset {
	uint64_t *k;
	size_t mask;
};

/* A slot of another review given to another State in a chain. */
struct subst {
	int t, j, y;          /* review index, slot, new State */
};

struct rctx {
	const struct roster *r;
	struct lots_draw *d;
	int *load, *cap, *rvi;   /* per roster index; rvi = review index or -1 */
	struct pairset ever;
	int vi, s, k, x_old;     /* the request: review index, reviewed, slot, replaced */
	int max_reviewers;       /* the parameters' cap (4), or more with the reviewed
				  * State's consent (C11) */
	int load_min;            /* the parameters' minimum workload (para 29, R38) */
	int literal;             /* literal_28b_search: literal para 28 (b) first (issue 12) */
	int *order, *order2;     /* random permutations of the roster */
	struct subst *slots;     /* every slot of the other reviews, random order */
	size_t nslots;
};

enum { EV_OK = 0, EV_PAIR, EV_FULL, EV_ZERO };

/* Why the candidates failed, for a refusal that says exactly why. */
struct why {
	int eligible, region, in_review, replaced, recip, compose, full, zero;
};

/* The pair set (redraw.c); p->k sized by the caller, owned by it. */
void rd_pairset_add(struct pairset *p, int a, int b);
int rd_pairset_has(const struct pairset *p, int a, int b);

/* redraw_build.c */
int rd_in_review(const struct lots_review *v, int x);
/* May x newly review reviewed at all, given the whole history (C9, R54). */
int rd_may_pair(const struct rctx *c, int x, int reviewed);
int rd_fits_slot(const struct rctx *c, const struct lots_review *v, int j, int x);
int rd_build(const struct rctx *c, const struct lots_review *old, int k, int x,
	     struct lots_review *nv);
int rd_literal(const struct rctx *c, const struct lots_review *nv);
int rd_build_literal(const struct rctx *c, const struct lots_review *old, int k, int x,
		     struct lots_review *nv);

/* redraw_chain.c */
int rd_evaluate(const struct rctx *c, const struct lots_review *nv, const struct subst *sub,
		int nsub, int allow_zero, int *who, int *over, int *nover, int *under, int *nunder);
int rd_find_chain(const struct rctx *c, const struct lots_review *nv, int o, int u, int maxsub,
		  struct subst *out);

/* redraw_request.c */
int rd_check_request(struct rctx *c, const struct lots_redraw_req *req, int *requester,
		     char *err, size_t errlen);
void rd_refusal(const struct rctx *c, const struct why *w, char *err, size_t errlen);

#endif
