/* redraw.c - replacing one reviewer (paras 28 d-f, 29, 30; R54, R58, R59,
 * R62, R64; C9, C10; issue 12).
 *
 * The requester is the reviewed State (any slot) or a reviewer (its own
 * slot only, C9).  Reasons language, legal_system and other count against
 * the requester's limit of four per review; exceptional and unable do not
 * and need a note (exceptional also the reference of a recorded decision).
 *
 * The randomness is derived from the draw's seed and the request
 * (lots_redraw_seed), never given by the operator.  The replacement is the
 * first State of a random permutation that keeps every rule; if none does
 * by itself, the smallest chain of reassignments in other reviews that
 * keeps every rule is taken (a full replacement gives up one of its other
 * slots; a State left with no review takes a slot from a State that keeps
 * another), searched in the same random orders, shortest chains first.
 * Reciprocity is checked against every pair ever drawn in the programme
 * (R54).  Only when no chain exists and the only rule broken is a State
 * left with no review is the redraw made with that deviation recorded
 * (para 29), which verify reports as a recorded exception.
 *
 * This file makes the redraw; the review a candidate makes, the rules it
 * is judged by with the chains, and the request's limits with the refusal
 * are in redraw_build.c, redraw_chain.c and redraw_request.c
 * (redraw_int.h). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/redraw_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

static uint64_t pkey(int a, int b)
{
	return ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1;
}

static size_t phash(uint64_t k, size_t mask)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & mask;
}

void rd_pairset_add(struct pairset *p, int a, int b)
{
	uint64_t k = pkey(a, b);
	size_t i = phash(k, p->mask);
	while (p->k[i] && p->k[i] != k)
		i = (i + 1) & p->mask;
	p->k[i] = k;
}

int rd_pairset_has(const struct pairset *p, int a, int b)
{
	uint64_t k = pkey(a, b);
	size_t i = phash(k, p->mask);
	while (p->k[i]) {
		if (p->k[i] == k)
			return 1;
		i = (i + 1) & p->mask;
	}
	return 0;
}

static void record_moves(const struct rctx *c, const struct lots_review *nv,
			 const struct subst *sub, int nsub, struct lots_redraw *w)
{
	const struct lots_review *old = &c->d->reviews[c->vi];
	w->nmoves = 0;
	w->moves[w->nmoves++] = (struct lots_move){ c->s, old->r[c->k].role, c->x_old,
						    nv->r[c->k].state };
	for (int q = 2; q < old->n; q++)
		if (q != c->k && !rd_in_review(nv, old->r[q].state))
			w->moves[w->nmoves++] = (struct lots_move){ c->s, LOTS_ADDITIONAL,
								    old->r[q].state, -1 };
	for (int q = 2; q < nv->n; q++)
		if (q != c->k && !rd_in_review(old, nv->r[q].state))
			w->moves[w->nmoves++] = (struct lots_move){ c->s, LOTS_ADDITIONAL, -1,
								    nv->r[q].state };
	for (int i = 0; i < nsub; i++) {
		const struct lots_review *t = &c->d->reviews[sub[i].t];
		w->moves[w->nmoves++] = (struct lots_move){ t->reviewed, t->r[sub[i].j].role,
							    t->r[sub[i].j].state, sub[i].y };
	}
	assert(w->nmoves <= LOTS_MAX_MOVES);
}

/* Sets up loads, the history of pairs and the random orders. */
static void ctx_init(struct rctx *c, const unsigned char key[32])
{
	const struct roster *r = c->r;
	const struct lots_draw *d = c->d;
	size_t npairs = 0;
	for (size_t i = 0; i < d->nreviews; i++)
		npairs += (size_t)d->reviews[i].n;
	for (size_t i = 0; i < d->nredraws; i++)
		npairs += (size_t)d->redraws[i].nmoves;
	size_t sz = 16;
	while (sz < 4 * npairs + 16)
		sz *= 2;
	c->ever.k = xcalloc(sz, sizeof *c->ever.k);
	c->ever.mask = sz - 1;
	for (size_t i = 0; i < d->nreviews; i++)
		for (int k = 0; k < d->reviews[i].n; k++)
			rd_pairset_add(&c->ever, d->reviews[i].r[k].state, d->reviews[i].reviewed);
	for (size_t i = 0; i < d->nredraws; i++)
		for (int m = 0; m < d->redraws[i].nmoves; m++) {
			const struct lots_move *mv = &d->redraws[i].moves[m];
			if (mv->old_state >= 0)
				rd_pairset_add(&c->ever, mv->old_state, mv->reviewed);
		}
	struct lots_rng g;
	lots_rng_init(&g, key, LOTS_DOMAIN_REDRAW, 0);
	c->order = xmalloc((r->n + 1) * sizeof *c->order);
	c->order2 = xmalloc((r->n + 1) * sizeof *c->order2);
	for (size_t i = 0; i < r->n; i++)
		c->order[i] = (int)i;
	/* Permute from code order so the roster's row order does not matter. */
	lots_sort_by_code(r, c->order, r->n);
	lots_rng_shuffle(&g, c->order, r->n);
	memcpy(c->order2, c->order, r->n * sizeof *c->order2);
	lots_rng_shuffle(&g, c->order2, r->n);
	/* Every slot of the other reviews (reviews are in code order), then
	 * shuffled through an index permutation. */
	c->nslots = 0;
	c->slots = xmalloc((npairs + 1) * sizeof *c->slots);
	for (size_t i = 0; i < d->nreviews; i++)
		for (int k = 0; i != (size_t)c->vi && k < d->reviews[i].n; k++)
			c->slots[c->nslots++] = (struct subst){ (int)i, k, -1 };
	for (size_t i = c->nslots; i > 1; i--) {
		size_t j = lots_rng_below(&g, (uint32_t)i);
		struct subst t = c->slots[i - 1];
		c->slots[i - 1] = c->slots[j];
		c->slots[j] = t;
	}
}

int lots_redraw(const struct roster *r, struct lots_draw *d,
		const struct lots_redraw_req *req, char *err, size_t errlen)
{
	struct rctx c = { .r = r, .d = d };
	int q = -1, rc;
	c.load = xcalloc(r->n + 1, sizeof *c.load);
	c.cap = xcalloc(r->n + 1, sizeof *c.cap);
	c.rvi = xmalloc((r->n + 1) * sizeof *c.rvi);
	/* The workload of the parameters the draw used (R38). */
	struct lots_params ptmp;
	const struct lots_params *prm = lots_draw_params(d, &ptmp);
	c.load_min = prm->load_min;
	for (size_t i = 0; i < r->n; i++) {
		c.rvi[i] = -1;
		c.cap[i] = prm->load_max + (r->v[i].extra_reviews > 0 ? r->v[i].extra_reviews : 0);
	}
	for (size_t i = 0; i < d->nreviews; i++) {
		c.rvi[d->reviews[i].reviewed] = (int)i;
		for (int k = 0; k < d->reviews[i].n; k++)
			c.load[d->reviews[i].r[k].state]++;
	}
	rc = rd_check_request(&c, req, &q, err, errlen);
	if (rc != LOTS_OK)
		goto out;

	unsigned char key[32];
	int seq = (int)d->nredraws + 1;
	lots_redraw_seed(d->seed, r->v[c.s].code, c.k, r->v[c.x_old].code, r->v[q].code, seq, key);
	ctx_init(&c, key);

	const struct lots_review *v = &d->reviews[c.vi];
	struct lots_review nv, best = { 0 };
	struct subst sub[2];
	int nsub = -1, exc = -1, who;
	struct why why = { 0 };
	/* Shortest chains first: the replacement alone, then one, then two
	 * reassignments elsewhere; each level in the random order (pass 2).
	 * Under literal_28b_search (issue 12; docs/draw.md "Redraws"), a
	 * base's redraw first seeks, in the same order and without changing
	 * any other review (pass 1), the first candidate whose review reads
	 * para 28 (b) literally and keeps every rule by itself: its
	 * recomposition if that reads literally, else the literal one
	 * (rd_build_literal).  Pass 2 alone is the method of the earlier
	 * versions; its departures are recorded in the relaxations. */
	for (int pass = c.k < 2 && c.literal ? 1 : 2; pass <= 2 && nsub < 0; pass++)
	for (int depth = 0; depth <= (pass == 1 ? 0 : 2) && nsub < 0; depth++) {
		int count = pass == 2 && depth == 0;   /* the refusal's counts */
		for (size_t i = 0; i < r->n && nsub < 0; i++) {
			int x = c.order[i];
			if (x == c.s || x == c.x_old || !lots_int_may_review(&r->v[x]))
				continue;
			if (count)
				why.eligible++;
			/* A base is chosen by region (its instruments follow it);
			 * an additional must be party to the slot's instruments. */
			if (c.k >= 2 ? !rd_fits_slot(&c, v, c.k, x)
				     : (r->v[x].group == r->v[c.s].group) != (c.k == 0)) {
				why.region += count;
				continue;
			}
			if (rd_in_review(v, x)) {
				why.in_review += count;
				continue;
			}
			if (rd_pairset_has(&c.ever, x, c.s)) {
				why.replaced += count;
				continue;
			}
			if (rd_pairset_has(&c.ever, c.s, x)) {
				why.recip += count;
				continue;
			}
			if (rd_build(&c, v, c.k, x, &nv) != 0) {
				why.compose += count;
				continue;
			}
			int over[4], under[4], nover, nunder;
			int ev = rd_evaluate(&c, &nv, NULL, 0, -1, &who, over, &nover, under, &nunder);
			if (ev == EV_PAIR) {
				why.compose += count;
				continue;
			}
			if (pass == 1) {
				struct lots_review lv;
				if (!rd_literal(&c, &nv)) {
					if (rd_build_literal(&c, v, c.k, x, &lv) != 0)
						continue;
					nv = lv;
					ev = rd_evaluate(&c, &nv, NULL, 0, -1, &who, over, &nover, under,
							 &nunder);
				}
				if (ev == EV_OK) {
					best = nv;
					nsub = 0;
				}
				continue;
			}
			if (depth == 0) {
				if (ev == EV_OK) {
					best = nv;
					nsub = 0;
				} else if (nover) {
					why.full++;
				} else {
					why.zero++;
					if (exc < 0 && nunder == 1) {
						/* The fallback if no chain exists. */
						exc = under[0];
						best = nv;
					}
				}
				continue;
			}
			/* Depth 2 only adds the chains of two reassignments,
			 * which need both an overloaded and an emptied State. */
			if (ev == EV_OK || nover > 1 || nunder > 1 || (depth == 2 && nover + nunder < 2))
				continue;
			int n = rd_find_chain(&c, &nv, nover ? over[0] : -1, nunder ? under[0] : -1,
					      depth, sub);
			if (n > 0) {
				best = nv;
				nsub = n;
			}
		}
	}
	if (nsub < 0 && exc < 0) {
		rd_refusal(&c, &why, err, errlen);
		rc = LOTS_EINFEASIBLE;
		goto out;
	}
	if (nsub < 0)
		nsub = 0;
	else
		exc = -1;
	d->redraws = xreallocarray(d->redraws, d->nredraws + 1, sizeof *d->redraws);
	struct lots_redraw *w = &d->redraws[d->nredraws];
	memset(w, 0, sizeof *w);
	w->reviewed = c.s;
	w->role = v->r[c.k].role;
	w->old_state = c.x_old;
	w->new_state = best.r[c.k].state;
	w->requested_by = q;
	w->reason = req->reason;
	w->note = req->note && *req->note ? xstrdup(req->note) : NULL;
	w->decision = req->decision && *req->decision ? xstrdup(req->decision) : NULL;
	if (req->consent_ref && *req->consent_ref) {
		w->consent_by = xstrdup(req->consent_by);
		w->consent_date = xstrdup(req->consent_date);
		w->consent_ref = xstrdup(req->consent_ref);
	}
	w->seq = seq;
	w->exception = exc;
	memcpy(w->seed, key, 32);
	record_moves(&c, &best, sub, nsub, w);
	/* Apply only now: the moves above are read from the old reviews. */
	for (int i = 0; i < nsub; i++)
		d->reviews[sub[i].t].r[sub[i].j].state = sub[i].y;
	d->reviews[c.vi] = best;
	char prev[65];
	if (d->nredraws)
		util_strlcpy(prev, d->redraws[d->nredraws - 1].hash, sizeof prev);
	else
		lots_chain_root(d, prev);
	lots_chain_hash(r, w, prev, w->hash);
	d->nredraws++;
	rc = LOTS_OK;
out:
	free(c.order);
	free(c.order2);
	free(c.slots);
	free(c.ever.k);
	free(c.load);
	free(c.cap);
	free(c.rvi);
	return rc;
}
