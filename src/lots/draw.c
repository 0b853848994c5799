/* draw.c - the drawer: cohorts (para 17) and reviewers (paras 28-29, 52).
 *
 * Method (docs/draw.md has the long form):
 *  1. Cohorts: controlled rounding.  Each regional group of n States gives
 *     floor(n/3) States to every year, and its n mod 3 remaining States go
 *     to distinct years laid out cyclically over a random year order, so
 *     the year totals also differ by at most one.  Within a group the
 *     States are shuffled and cut by those quotas.
 *  2. Reviewers: the reviewed States are taken in a random order; for each,
 *     the same_region, the other_region and then the additional reviewers
 *     are drawn uniformly among the candidates that keep every rule
 *     (rejection sampling, then an exact scan when rejections pile up).
 *     When the States still without a review are as many as the base slots
 *     left, the draw is restricted to them (R62).
 *  3. If a slot has no valid candidate, the best invalid one is placed and
 *     a min-conflicts local search repairs the draw; if that fails the
 *     whole draw is restarted from a fresh stream of the same seed.
 * Every step reads the ChaCha20 stream of the seed, so the result depends
 * on the roster and the seed only. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

#define NMASK (1u << INSTR_COUNT)
/* Largest draw (reviews x reviewers) given to the exact solver. */
#define LOTS_EXACT_MAX_PAIRS 40000L

struct eng {
	const struct roster *r;
	int n;                  /* roster size */
	int *rev_of;            /* roster index -> review index, -1 if not reviewed */
	char *in_pool;          /* 1 if the party may review */
	int *cap, *load;
	int nrv;
	struct lots_review *rv; /* r[0] same_region, r[1] other_region, r[2..] additional */
	int *pool, npool;
	int *gpool[GROUP_COUNT], ngpool[GROUP_COUNT];
	int *mpool[NMASK], nmpool[NMASK];   /* pool members party to every instrument of m */
	int nzero;              /* pool members with load 0 ... */
	int *zlist, *zpos;      /* ... listed in zlist[0..nzero), zpos[x] = index or -1 */
	long viol;              /* overloads + unreviewed + reciprocal pairs */
	struct lots_rng rng;
	/* Where the construction of the current attempt got stuck (review
	 * index and slot), -1 if it did not: a partly built draw has idle
	 * States that say nothing about why it failed. */
	int stuck_ri, stuck_k;
};

int lots_int_reviewed(const struct roster_entry *e)
{
	if (e->group < 0 || e->group >= GROUP_COUNT || e->not_reviewed)
		return 0;
	if (e->volunteer_reviewed)
		return (e->instruments & INSTR_ALL) != 0;
	return (e->instruments & INSTR_BIT(INSTR_UNTOC)) != 0;
}

/* A party to the Convention in a regional group that has not opted out of
 * reviewing (C34: whether it is itself reviewed is another choice). */
int lots_int_may_review(const struct roster_entry *e)
{
	return e->group >= 0 && e->group < GROUP_COUNT && !e->not_reviewer &&
	       !e->volunteer_reviewed && (e->instruments & INSTR_BIT(INSTR_UNTOC)) != 0;
}

void lots_exclusions(const struct roster *r, struct buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *e = &r->v[i];
		const char *why = NULL;
		if (e->not_reviewed && e->not_reviewer)
			why = "opted out of the review";
		else if (e->group < 0)
			why = "in no regional group";
		else if (!e->volunteer_reviewed && !(e->instruments & INSTR_BIT(INSTR_UNTOC)))
			why = "not a party to the Convention (and not volunteering, para 52)";
		else if (e->volunteer_reviewed && !(e->instruments & INSTR_ALL))
			why = "volunteers for no instrument";
		else if (e->volunteer_reviewed)
			why = "signatory: reviewed only, never reviews (para 52)";
		else if (e->not_reviewed)
			why = "opted out of being reviewed; still reviews (footnote 2 of res. 9/1)";
		else if (e->not_reviewer)
			why = "opted out of reviewing; still reviewed (footnote 2 of res. 9/1)";
		if (why)
			buf_printf(out, "%s: %s\n", e->code, why);
	}
}

static unsigned instr_of(const struct eng *e, int x)
{
	return e->r->v[x].instruments & INSTR_ALL;
}

static int group_of(const struct eng *e, int x)
{
	return e->r->v[x].group;
}

static int contrib(const struct eng *e, int x)
{
	int c = e->load[x] > e->cap[x] ? e->load[x] - e->cap[x] : 0;
	return c + (e->load[x] == 0);
}

/* Does reviewer y review State s? */
static int eng_reviews(const struct eng *e, int y, int s)
{
	int ri = e->rev_of[s];
	if (ri < 0)
		return 0;
	const struct lots_review *v = &e->rv[ri];
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state == y)
			return 1;
	return 0;
}

static void eng_link(struct eng *e, int ri, int x)
{
	int s = e->rv[ri].reviewed;
	e->viol -= contrib(e, x);
	if (e->load[x] == 0) {
		/* swap-remove x from the list of States without a review */
		int last = e->zlist[--e->nzero];
		e->zlist[e->zpos[x]] = last;
		e->zpos[last] = e->zpos[x];
		e->zpos[x] = -1;
	}
	e->load[x]++;
	e->viol += contrib(e, x);
	if (eng_reviews(e, s, x))
		e->viol++;
}

static void eng_unlink(struct eng *e, int ri, int x)
{
	int s = e->rv[ri].reviewed;
	if (eng_reviews(e, s, x))
		e->viol--;
	e->viol -= contrib(e, x);
	e->load[x]--;
	if (e->load[x] == 0) {
		e->zpos[x] = e->nzero;
		e->zlist[e->nzero++] = x;
	}
	e->viol += contrib(e, x);
}

/* Replaces the whole content of review ri, keeping the counters exact. */
static void eng_review_set(struct eng *e, int ri, const struct lots_review *nv)
{
	struct lots_review *v = &e->rv[ri];
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state >= 0)
			eng_unlink(e, ri, v->r[k].state);
	*v = *nv;
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state >= 0)
			eng_link(e, ri, v->r[k].state);
}

/* Pool members other than the listed ones that are party to all of m. */
static int count_mask_except(const struct eng *e, unsigned m, const int *ex, int nex)
{
	int c = e->nmpool[m];
	for (int i = 0; i < nex; i++) {
		int z = ex[i];
		int dup = 0;
		for (int j = 0; j < i; j++)
			dup |= ex[j] == z;
		if (z >= 0 && !dup && e->in_pool[z] && (instr_of(e, z) & m) == m)
			c--;
	}
	return c;
}

/* The ways to staff the additional slots that bases a and b leave for s,
 * in order of preference: one additional reviewer when one can do (fewest
 * reviewers, least workload), then para 28(b) read literally (one per
 * base, for the instruments that base lacks), then the other splits that
 * give every instrument exactly two reviewers within the cap of four.
 * Only plans the pool can staff are listed.  Returns their number (up to
 * LOTS_MAXPLANS); plans[i][1] is 0 for a one-reviewer plan.  *none is set
 * when no additional reviewer is needed at all. */
#define LOTS_MAXPLANS (2 + 2 * NMASK)
static int eng_plans(const struct eng *e, int s, int a, int b, unsigned plans[][2], int *none)
{
	unsigned ms = instr_of(e, s);
	unsigned ma = ms & ~instr_of(e, a), mb = ms & ~instr_of(e, b);
	int ex[3] = { s, a, b };
	unsigned d2 = ma & mb, d1 = ma ^ mb;
	unsigned cand[LOTS_MAXPLANS][2];
	int ncand = 0, np = 0;

	*none = !ma && !mb;
	if (*none)
		return 0;
	if (!d2) {
		cand[ncand][0] = ma | mb;
		cand[ncand++][1] = 0;
	}
	if (ma && mb) {
		cand[ncand][0] = ma;
		cand[ncand++][1] = mb;
	}
	for (unsigned x = 0; x < NMASK && ncand < (int)LOTS_MAXPLANS; x++) {
		unsigned m0 = d2 | x, m1 = d2 | (d1 & ~x);
		if ((x & d1) != x || !m0 || !m1 || (m0 == ma && m1 == mb))
			continue;
		cand[ncand][0] = m0;
		cand[ncand++][1] = m1;
	}
	for (int c = 0; c < ncand; c++) {
		unsigned m0 = cand[c][0], m1 = cand[c][1];
		int c0 = count_mask_except(e, m0, ex, 3);
		if (c0 < 1)
			continue;
		if (m1) {
			int c1 = count_mask_except(e, m1, ex, 3);
			int cu = count_mask_except(e, m0 | m1, ex, 3);
			if (c1 < 1 || c0 + c1 - cu < 2)
				continue;
		}
		plans[np][0] = m0;
		plans[np++][1] = m1;
	}
	return np;
}

/* The preferred plan (first of eng_plans): number of masks 0..2, or -1 if
 * none can be staffed. */
static int eng_plan(const struct eng *e, int s, int a, int b, unsigned masks[2])
{
	unsigned plans[LOTS_MAXPLANS][2];
	int none, np = eng_plans(e, s, a, b, plans, &none);
	if (none)
		return 0;
	if (np == 0)
		return -1;
	masks[0] = plans[0][0];
	masks[1] = plans[0][1];
	return masks[1] ? 2 : 1;
}

/* Whether the preferred plan for bases a and b reads para 28 (b)
 * literally: no additional reviewer, or one additional reviewer per base
 * for exactly the instruments that base lacks, or (bases lacking disjoint
 * sets) one for both sets; not a split of one base's missing instruments
 * between two additional reviewers.  -1 if no plan can be staffed. */
static int eng_plan_literal(const struct eng *e, int s, int a, int b)
{
	unsigned m[2];
	int np = eng_plan(e, s, a, b, m);
	if (np <= 0)
		return np < 0 ? -1 : 1;
	unsigned ms = instr_of(e, s);
	unsigned ma = ms & ~instr_of(e, a), mb = ms & ~instr_of(e, b);
	if (np == 1)
		return m[0] == (ma | mb);
	return (m[0] == ma && m[1] == mb) || (m[0] == mb && m[1] == ma);
}

/* OK_DYN: the workload cap and reciprocity; OK_LIT: for an other_region
 * candidate, that the plan reads para 28 (b) literally (issue 12). */
enum { OK_DYN = 1, OK_LIT = 2 };

/* May x fill slot k of the review v (being built)?  Static rules always;
 * with OK_DYN also the workload cap and reciprocity. */
static int eng_ok(const struct eng *e, const struct lots_review *v, int k, unsigned mask,
		  int x, int mode)
{
	int s = v->reviewed;
	if (x == s || !e->in_pool[x])
		return 0;
	for (int j = 0; j < v->n; j++)
		if (j != k && v->r[j].state == x)
			return 0;
	if (k == 0 && group_of(e, x) != group_of(e, s))
		return 0;
	if (k == 1) {
		if (group_of(e, x) == group_of(e, s))
			return 0;
		if (v->r[0].state >= 0) {
			int lit = eng_plan_literal(e, s, v->r[0].state, x);
			if (lit < 0 || ((mode & OK_LIT) && !lit))
				return 0;
		}
	}
	if (k >= 2 && (instr_of(e, x) & mask) != mask)
		return 0;
	if (mode & OK_DYN) {
		if (e->load[x] >= e->cap[x])
			return 0;
		if (eng_reviews(e, s, x))
			return 0;
	}
	return 1;
}

/* Draws uniformly among the candidates in list that pass eng_ok at the
 * strictest mode that has any (first, when forced, among the States
 * without a review); -1 if none passes even the static rules. */
static int eng_pick(struct eng *e, const struct lots_review *v, int k, unsigned mask,
		    const int *list, int nlist, int forced)
{
	if (nlist <= 0)
		return -1;
	if (forced && e->nzero > 0) {
		/* Only States without a review (R62): draw among those of the
		 * list, sampling the (short) list of such States. */
		for (int t = 0; t < 48; t++) {
			int x = e->zlist[lots_rng_below(&e->rng, (uint32_t)e->nzero)];
			if (eng_ok(e, v, k, mask, x, OK_DYN | OK_LIT))
				return x;
		}
		/* Literal para 28 (b) where it can be had, else relaxed
		 * (recorded in the document). */
		static const int zmodes[2] = { OK_DYN | OK_LIT, OK_DYN };
		for (int mi = 0; mi < 2; mi++) {
			int cnt = 0;
			for (int i = 0; i < e->nzero; i++)
				cnt += eng_ok(e, v, k, mask, e->zlist[i], zmodes[mi]);
			if (cnt) {
				int want = (int)lots_rng_below(&e->rng, (uint32_t)cnt);
				for (int i = 0; i < e->nzero; i++)
					if (eng_ok(e, v, k, mask, e->zlist[i], zmodes[mi]) &&
					    want-- == 0)
						return e->zlist[i];
			}
		}
	}
	/* Rejection sampling: uniform among the valid ones. */
	for (int t = 0; t < 48; t++) {
		int x = list[lots_rng_below(&e->rng, (uint32_t)nlist)];
		if (eng_ok(e, v, k, mask, x, OK_DYN | OK_LIT))
			return x;
	}
	/* Many rejections: count the valid ones and take one of them. */
	static const int modes[3] = { OK_DYN | OK_LIT, OK_DYN, 0 };
	for (int mi = 0; mi < 3; mi++) {
		int cnt = 0;
		for (int i = 0; i < nlist; i++)
			cnt += eng_ok(e, v, k, mask, list[i], modes[mi]);
		if (!cnt)
			continue;
		int want = (int)lots_rng_below(&e->rng, (uint32_t)cnt);
		for (int i = 0; i < nlist; i++)
			if (eng_ok(e, v, k, mask, list[i], modes[mi]) && want-- == 0)
				return list[i];
	}
	return -1;
}

/* Candidate list for slot k of a review of s. */
static const int *slot_list(const struct eng *e, int s, int k, unsigned mask, int *n)
{
	if (k == 0) {
		*n = e->ngpool[group_of(e, s)];
		return e->gpool[group_of(e, s)];
	}
	if (k == 1) {
		*n = e->npool;
		return e->pool;
	}
	*n = e->nmpool[mask];
	return e->mpool[mask];
}

/* Fills the additional slots of nv (whose bases are set) for the plan,
 * keeping the additional reviewers of old that still fit.  Returns -1 if
 * a slot cannot be staffed. */
static int eng_fill_additional(struct eng *e, struct lots_review *nv,
			       const struct lots_review *old, int forced)
{
	unsigned masks[2];
	int np = eng_plan(e, nv->reviewed, nv->r[0].state, nv->r[1].state, masks);
	if (np < 0)
		return -1;
	nv->n = 2 + np;
	for (int j = 0; j < np; j++) {
		nv->r[2 + j].state = -1;
		nv->r[2 + j].role = LOTS_ADDITIONAL;
		nv->r[2 + j].instr = masks[j];
	}
	for (int j = 0; j < np; j++) {
		struct lots_reviewer *slot = &nv->r[2 + j];
		if (old)
			for (int q = 2; q < old->n && slot->state < 0; q++)
				if (eng_ok(e, nv, 2 + j, masks[j], old->r[q].state, 0))
					slot->state = old->r[q].state;
		if (slot->state < 0) {
			int nl;
			const int *l = slot_list(e, nv->reviewed, 2 + j, masks[j], &nl);
			slot->state = eng_pick(e, nv, 2 + j, masks[j], l, nl, forced);
		}
		if (slot->state < 0)
			return -1;
	}
	return 0;
}

static void set_base_instr(const struct eng *e, struct lots_review *v)
{
	unsigned ms = instr_of(e, v->reviewed);
	for (int k = 0; k < 2; k++) {
		v->r[k].role = k;
		v->r[k].instr = v->r[k].state >= 0 ? ms & instr_of(e, v->r[k].state) : 0;
	}
}

/* Builds review ri from scratch (construction phase). */
static int eng_build_review(struct eng *e, int ri, int base_left)
{
	struct lots_review nv = e->rv[ri];
	int s = nv.reviewed, nl;
	const int *l;
	nv.n = 2;
	nv.r[0].state = nv.r[1].state = -1;
	set_base_instr(e, &nv);

	for (int k = 0; k < 2; k++) {
		int forced = e->nzero > 0 && e->nzero >= base_left - k;
		l = slot_list(e, s, k, 0, &nl);
		nv.r[k].state = eng_pick(e, &nv, k, 0, l, nl, forced);
		if (nv.r[k].state < 0 && k == 1) {
			/* No other_region reviewer fits this same_region one
			 * (its instruments leave no staffable plan): try
			 * the same_region candidates in a random order. */
			int ng;
			const int *g = slot_list(e, s, 0, 0, &ng);
			int *ord = xmalloc((size_t)ng * sizeof *ord);
			memcpy(ord, g, (size_t)ng * sizeof *ord);
			lots_rng_shuffle(&e->rng, ord, (size_t)ng);
			for (int i = 0; i < ng && nv.r[1].state < 0; i++) {
				if (ord[i] == s)
					continue;
				nv.r[0].state = ord[i];
				nv.r[1].state = eng_pick(e, &nv, 1, 0, l, nl, 0);
			}
			free(ord);
		}
		if (nv.r[k].state < 0) {
			e->stuck_ri = ri;
			e->stuck_k = k;
			return -1;
		}
	}
	set_base_instr(e, &nv);
	if (eng_fill_additional(e, &nv, NULL, e->nzero > 0 && e->nzero >= base_left - 2) < 0) {
		e->stuck_ri = ri;
		e->stuck_k = 2;
		return -1;
	}
	eng_review_set(e, ri, &nv);
	return 0;
}

/* Candidate move: slot k of review ri to x.  Builds the new review into
 * *nv; returns -1 if the move breaks a static rule. */
static int eng_move(struct eng *e, int ri, int k, int x, struct lots_review *nv)
{
	const struct lots_review *old = &e->rv[ri];
	*nv = *old;
	unsigned mask = k >= 2 && k < LOTS_MAX_SLOTS ? old->r[k].instr : 0;
	if (!eng_ok(e, nv, k, mask, x, 0))
		return -1;
	nv->r[k].state = x;
	if (k >= 2)
		return 0;
	set_base_instr(e, nv);
	return eng_fill_additional(e, nv, old, 0);
}

/* Violation count if review ri became nv. */
static long eng_eval(struct eng *e, int ri, const struct lots_review *nv)
{
	struct lots_review save = e->rv[ri];
	eng_review_set(e, ri, nv);
	long v = e->viol;
	eng_review_set(e, ri, &save);
	return v;
}

/* Moves one slot of review ri to the best of (a sample of) its
 * candidates, over every slot of the review (moving a base reviewer can
 * make an additional one unnecessary), or, with probability noise, to a
 * random valid one (against cycling).  If avoid >= 0 the move must take
 * that State out of the review. */
static void eng_repair_review(struct eng *e, int ri, int avoid)
{
	/* 3%: measured on tight rosters, more noise broke more than it mended */
	int noise = lots_rng_below(&e->rng, 100) < 3;
	long best = -1;
	int nbest = 0;
	struct lots_review bestv, nv;
	memset(&bestv, 0, sizeof bestv);
	int s = e->rv[ri].reviewed, nslots = e->rv[ri].n;
	for (int k = 0; k < nslots; k++) {
		int nl;
		unsigned mask = k >= 2 ? e->rv[ri].r[k].instr : 0;
		const int *l = slot_list(e, s, k, mask, &nl);
		int tries = nl < 200 ? nl : 200;
		for (int t = 0; t < tries; t++) {
			int x = nl < 200 ? l[t] : l[lots_rng_below(&e->rng, (uint32_t)nl)];
			if (x == e->rv[ri].r[k].state || eng_move(e, ri, k, x, &nv) < 0)
				continue;
			if (avoid >= 0) {
				int still = 0;
				for (int j = 0; j < nv.n; j++)
					still |= nv.r[j].state == avoid;
				if (still)
					continue;
			}
			long v = noise ? 0 : eng_eval(e, ri, &nv);
			if (best < 0 || v < best) {
				best = v;
				nbest = 1;
				bestv = nv;
			} else if (v == best && lots_rng_below(&e->rng, (uint32_t)++nbest) == 0) {
				bestv = nv;
			}
		}
	}
	if (best >= 0)
		eng_review_set(e, ri, &bestv);
}

/* A State y without any review takes a slot somewhere. */
static void eng_repair_zero(struct eng *e, int y)
{
	long best = -1;
	int nbest = 0, tries = e->nrv < 300 ? e->nrv : 300;
	struct lots_review bestv, nv;
	int bestri = -1;
	memset(&bestv, 0, sizeof bestv);
	for (int t = 0; t < tries; t++) {
		int ri = e->nrv < 300 ? t : (int)lots_rng_below(&e->rng, (uint32_t)e->nrv);
		for (int k = 0; k < e->rv[ri].n; k++) {
			if (eng_move(e, ri, k, y, &nv) < 0)
				continue;
			long v = eng_eval(e, ri, &nv);
			if (best < 0 || v < best) {
				best = v;
				nbest = 1;
				bestv = nv;
				bestri = ri;
			} else if (v == best && lots_rng_below(&e->rng, (uint32_t)++nbest) == 0) {
				bestv = nv;
				bestri = ri;
			}
		}
	}
	if (bestri >= 0)
		eng_review_set(e, bestri, &bestv);
}

/* One violated rule chosen at random, and a move to mend it. */
static void eng_repair_step(struct eng *e)
{
	/* Count violations: each overloaded/idle State and reciprocal pair. */
	long nv = 0;
	for (int ri = 0; ri < e->nrv; ri++)
		for (int k = 0; k < e->rv[ri].n; k++)
			nv += eng_reviews(e, e->rv[ri].reviewed, e->rv[ri].r[k].state);
	long nrec = nv;
	for (int i = 0; i < e->npool; i++)
		nv += contrib(e, e->pool[i]) > 0;
	if (nv == 0)
		return;
	long pick = (long)lots_rng_below(&e->rng, (uint32_t)nv);
	if (pick < nrec) {
		for (int ri = 0; ri < e->nrv; ri++)
			for (int k = 0; k < e->rv[ri].n; k++)
				if (eng_reviews(e, e->rv[ri].reviewed, e->rv[ri].r[k].state) &&
				    pick-- == 0) {
					eng_repair_review(e, ri, e->rv[ri].r[k].state);
					return;
				}
		return;
	}
	pick -= nrec;
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (contrib(e, x) == 0 || pick-- != 0)
			continue;
		if (e->load[x] == 0) {
			eng_repair_zero(e, x);
			return;
		}
		/* Overloaded: move one of its slots, chosen at random. */
		int cnt = 0;
		for (int ri = 0; ri < e->nrv; ri++)
			for (int k = 0; k < e->rv[ri].n; k++)
				cnt += e->rv[ri].r[k].state == x;
		int want = (int)lots_rng_below(&e->rng, (uint32_t)cnt);
		for (int ri = 0; ri < e->nrv; ri++)
			for (int k = 0; k < e->rv[ri].n; k++)
				if (e->rv[ri].r[k].state == x && want-- == 0) {
					eng_repair_review(e, ri, x);
					return;
				}
		return;
	}
}

/* --- Complete fallback ------------------------------------------------
 * When the local search gives up (at any roster size), a depth-first
 * search over whole review configurations (both bases, every staffable
 * plan, every additional reviewer) either finds a draw or proves that none
 * exists, within a node budget.  It branches on the review with the
 * fewest candidates left for its scarcest need (dfs_choose: a Protocol
 * with five to eight parties must be settled first, its parties' reviews
 * among themselves are nearly a tournament) and prunes on workload per
 * group and per instrument (dfs_feasible).  Its candidate orders are
 * shuffled from the seed, but it is not uniform: it only serves rosters
 * where the uniform draw found nothing. */

static void eng_reset(struct eng *e);

struct dfs {
	struct eng *e;
	long nodes, budget;
	int *order;          /* reviews, shuffled: dfs_choose's tie-break */
	int *gp[GROUP_COUNT], *pool, *mp[NMASK];   /* shuffled candidate lists */
	/* Dead ends of this run by cause (dead_at()), and their total: when
	 * the run proves that no draw exists, the most frequent cause is the
	 * most informative thing the proof can say about why.  Counting
	 * changes no decision of the search. */
	long *dead, ndead;
};

/* Causes of a dead end.  Per review: no same_region or other_region
 * candidate left, fewer than two candidates left for one of its
 * instruments, no pair of bases left that leaves a staffable plan of
 * additional reviewers, or candidates for each need but no combination of
 * them that keeps every rule.  Otherwise a workload or idle-State bound
 * of dfs_feasible. */
enum { DE_SAME, DE_OTHER, DE_TWO, DE_NOPLAN = DE_TWO + INSTR_COUNT, DE_NOFIT, DE_PER_REVIEW };
enum { DE_IDLE, DE_GROUP, DE_INSTR, DE_ROOM, DE_IDLE_MANY };

/* Index into dfs.dead: per review kind (DE_SAME..DE_NOFIT, sub = review)
 * or, with review < 0, a global kind (DE_IDLE.., sub = State, group or
 * instrument). */
static size_t dead_at(const struct eng *e, int review, int kind, int sub)
{
	size_t base = (size_t)e->nrv * DE_PER_REVIEW;
	if (review >= 0)
		return (size_t)review * DE_PER_REVIEW + (size_t)kind;
	switch (kind) {
	case DE_IDLE:
		return base + (size_t)sub;
	case DE_GROUP:
		return base + (size_t)e->n + (size_t)sub;
	case DE_INSTR:
		return base + (size_t)e->n + GROUP_COUNT + (size_t)sub;
	case DE_ROOM:
		return base + (size_t)e->n + GROUP_COUNT + INSTR_COUNT;
	default:
		return base + (size_t)e->n + GROUP_COUNT + INSTR_COUNT + 1;
	}
}

static size_t dead_count(const struct eng *e)
{
	return (size_t)e->nrv * DE_PER_REVIEW + (size_t)e->n + GROUP_COUNT + INSTR_COUNT + 2;
}

static void dfs_dead(struct dfs *d, size_t at)
{
	d->dead[at]++;
	d->ndead++;
}

static int dfs_can(const struct eng *e, int s, int x)
{
	return x != s && e->load[x] < e->cap[x] && !eng_reviews(e, s, x);
}

/* Cheap necessary conditions for completing the draw, over the reviews
 * still empty (n == 0); left is their number. */
static int dfs_feasible(const struct dfs *d, int left, size_t *why)
{
	const struct eng *e = d->e;
	long room = 0;
	for (int i = 0; i < e->npool; i++)
		room += e->cap[e->pool[i]] - e->load[e->pool[i]];
	if (room < 2L * left) {
		*why = dead_at(e, -1, DE_ROOM, 0);
		return 0;
	}
	if (e->nzero > 4 * left) {
		*why = dead_at(e, -1, DE_IDLE_MANY, 0);
		return 0;
	}
	/* Each group: the same_region slots of its remaining reviews, and
	 * the other_region slots only it can fill (a review whose other
	 * groups have no reviewer but this one), from the workload its
	 * members have left.  With two groups this is what makes the draw
	 * tight: the smaller group's members are all base reviewers. */
	int ngr = 0, only = -1;
	for (int g = 0; g < GROUP_COUNT; g++)
		if (e->ngpool[g] > 0) {
			ngr++;
			only = g;
		}
	for (int g = 0; g < GROUP_COUNT; g++) {
		if (e->ngpool[g] == 0)
			continue;
		long need = 0, have = 0;
		for (int ri = 0; ri < e->nrv; ri++) {
			if (e->rv[ri].n != 0)
				continue;
			int gs = group_of(e, e->rv[ri].reviewed);
			int others = ngr - (e->ngpool[gs] > 0);
			need += gs == g;
			need += gs != g && others == 1 && (e->ngpool[gs] > 0 || only == g);
		}
		for (int j = 0; j < e->ngpool[g]; j++)
			have += e->cap[e->gpool[g][j]] - e->load[e->gpool[g][j]];
		if (have < need) {
			*why = dead_at(e, -1, DE_GROUP, g);
			return 0;
		}
	}
	/* Each instrument: two reviewers party to it per remaining review
	 * of a party to it, from the workload its parties have left. */
	for (int i = 0; i < INSTR_COUNT; i++) {
		unsigned m = INSTR_BIT(i);
		long need = 0, have = 0;
		for (int ri = 0; ri < e->nrv; ri++)
			need += e->rv[ri].n == 0 && (instr_of(e, e->rv[ri].reviewed) & m) ? 2 : 0;
		for (int j = 0; j < e->nmpool[m] && have < need; j++)
			have += e->cap[e->mpool[m][j]] - e->load[e->mpool[m][j]];
		if (have < need) {
			*why = dead_at(e, -1, DE_INSTR, i);
			return 0;
		}
	}
	/* Every State still without a review needs a review left that it
	 * may join (it is not reviewed by that State). */
	for (int z = 0; z < e->nzero; z++) {
		int y = e->zlist[z], ok = 0;
		for (int ri = 0; ri < e->nrv && !ok; ri++) {
			int s = e->rv[ri].reviewed;
			ok = e->rv[ri].n == 0 && s != y && !eng_reviews(e, s, y);
		}
		if (!ok) {
			*why = dead_at(e, -1, DE_IDLE, y);
			return 0;
		}
	}
	return 1;
}

/* The empty review to branch on: the one with the fewest candidates for
 * its scarcest need (same_region, other_region, or two reviewers party to
 * one of its instruments), so that a Protocol few States are party to is
 * settled first and a review nobody can staff any more is seen at once.
 * Ties go to the first in d->order (shuffled from the seed).  Returns the
 * review index, -1 if none is empty, -2 if one can no longer be staffed
 * (*why then says which review and which need). */
static int dfs_choose(const struct dfs *d, size_t *why)
{
	const struct eng *e = d->e;
	int best = -1, bestkey = 0;
	for (int t = 0; t < e->nrv; t++) {
		int ri = d->order[t];
		if (e->rv[ri].n != 0)
			continue;
		int s = e->rv[ri].reviewed, g = group_of(e, s);
		unsigned ms = instr_of(e, s);
		int cs = 0, co = 0, ci[INSTR_COUNT] = { 0 };
		for (int j = 0; j < e->npool; j++) {
			int x = e->pool[j];
			if (!dfs_can(e, s, x))
				continue;
			if (group_of(e, x) == g)
				cs++;
			else
				co++;
			for (int i = 0; i < INSTR_COUNT; i++)
				ci[i] += (instr_of(e, x) & ms & INSTR_BIT(i)) != 0;
		}
		if (cs < 1 || co < 1) {
			*why = dead_at(e, ri, cs < 1 ? DE_SAME : DE_OTHER, 0);
			return -2;
		}
		/* Two reviewers per instrument: the key counts the spare ones. */
		int key = cs < co ? cs : co;
		for (int i = 0; i < INSTR_COUNT; i++) {
			if (!(ms & INSTR_BIT(i)))
				continue;
			if (ci[i] < 2) {
				*why = dead_at(e, ri, DE_TWO + i, 0);
				return -2;
			}
			if (ci[i] - 1 < key)
				key = ci[i] - 1;
		}
		if (best < 0 || key < bestkey) {
			best = ri;
			bestkey = key;
		}
	}
	return best;
}

/* 1 found, 0 no draw in this subtree, -1 budget spent. */
static int dfs_rec(struct dfs *d, int depth)
{
	struct eng *e = d->e;
	size_t why = 0;
	if (depth == e->nrv) {
		if (e->viol == 0)
			return 1;
		/* Only States left without a review can remain (dfs_can
		 * keeps workload and reciprocity). */
		dfs_dead(d, e->nzero == 1 ? dead_at(e, -1, DE_IDLE, e->zlist[0])
				       : dead_at(e, -1, DE_IDLE_MANY, 0));
		return 0;
	}
	if (++d->nodes > d->budget)
		return -1;
	if (!dfs_feasible(d, e->nrv - depth, &why)) {
		dfs_dead(d, why);
		return 0;
	}
	int ri = dfs_choose(d, &why);
	if (ri < 0) {
		if (ri == -2)
			dfs_dead(d, why);
		return 0;
	}
	int tried = 0, planned = 0;
	int s = e->rv[ri].reviewed, g = group_of(e, s);
	struct lots_review nv = e->rv[ri], empty = e->rv[ri];
	empty.n = 0;
	unsigned ms = instr_of(e, s);
	/* Bases party to all of s's instruments first: no additional reviewer
	 * is then needed, which spares the scarce parties' workload. */
	for (int pa = 0; pa < 2; pa++)
	for (int ia = 0; ia < e->ngpool[g]; ia++) {
		int a = d->gp[g][ia];
		if (((instr_of(e, a) & ms) == ms) != (pa == 0) || !dfs_can(e, s, a))
			continue;
		for (int pb = 0; pb < 2; pb++)
		for (int ib = 0; ib < e->npool; ib++) {
			int b = d->pool[ib];
			if (((instr_of(e, b) & ms) == ms) != (pb == 0))
				continue;
			if (group_of(e, b) == g || !dfs_can(e, s, b))
				continue;
			unsigned plans[LOTS_MAXPLANS][2];
			int none, np = eng_plans(e, s, a, b, plans, &none);
			planned |= none || np > 0;
			nv.r[0].state = a;
			nv.r[1].state = b;
			set_base_instr(e, &nv);
			for (int p = 0; p < (none ? 1 : np); p++) {
				unsigned m0 = none ? 0 : plans[p][0], m1 = none ? 0 : plans[p][1];
				int n0 = m0 ? e->nmpool[m0] : 1, n1 = m1 ? e->nmpool[m1] : 1;
				for (int i0 = 0; i0 < n0; i0++) {
					int c0 = m0 ? d->mp[m0][i0] : -1;
					if (m0 && (c0 == a || c0 == b || !dfs_can(e, s, c0)))
						continue;
					for (int i1 = 0; i1 < n1; i1++) {
						int c1 = m1 ? d->mp[m1][i1] : -1;
						if (m1 && (c1 == a || c1 == b || c1 == c0 || !dfs_can(e, s, c1)))
							continue;
						nv.n = 2 + (m0 != 0) + (m1 != 0);
						for (int k = 2; k < nv.n; k++) {
							nv.r[k].role = LOTS_ADDITIONAL;
							nv.r[k].state = k == 2 ? c0 : c1;
							nv.r[k].instr = k == 2 ? m0 : m1;
						}
						eng_review_set(e, ri, &nv);
						tried = 1;
						int rc = dfs_rec(d, depth + 1);
						if (rc != 0)
							return rc;
						eng_review_set(e, ri, &empty);
					}
				}
			}
		}
	}
	if (!tried)
		dfs_dead(d, dead_at(e, ri, planned ? DE_NOFIT : DE_NOPLAN, 0));
	return 0;
}

/* The most frequent cause of the dead ends of a run that proved that no
 * draw exists, as "rule '...' for XXX (...)", with its share. */
static void dfs_explain(const struct dfs *d, char *out, size_t outlen)
{
	const struct eng *e = d->e;
	const struct roster *r = e->r;
	size_t n = dead_count(e), best = 0;
	for (size_t i = 1; i < n; i++)
		if (d->dead[i] > d->dead[best])
			best = i;
	out[0] = '\0';
	if (d->ndead == 0 || d->dead[best] == 0)
		return;
	char what[256];
	size_t per = (size_t)e->nrv * DE_PER_REVIEW;
	if (best < per) {
		const char *c = r->v[e->rv[best / DE_PER_REVIEW].reviewed].code;
		int k = (int)(best % DE_PER_REVIEW);
		if (k == DE_SAME)
			snprintf(what, sizeof what, "rule 'one same_region reviewer' for %s "
				 "(no candidate left)", c);
		else if (k == DE_OTHER)
			snprintf(what, sizeof what, "rule 'one other_region reviewer' for %s "
				 "(no candidate left)", c);
		else if (k < DE_NOPLAN)
			snprintf(what, sizeof what, "rule 'two reviewers party to each instrument' "
				 "for %s (fewer than two candidates party to %s left)", c,
				 roster_instrument_code(k - DE_TWO));
		else if (k == DE_NOPLAN)
			snprintf(what, sizeof what, "rule 'two reviewers party to each instrument' "
				 "for %s (no pair of base reviewers left leaves a staffable plan of "
				 "additional reviewers within four)", c);
		else
			snprintf(what, sizeof what, "the review of %s (candidates left for each "
				 "slot, but no combination of them keeps every rule)", c);
	} else {
		size_t i = best - per;
		if (i < (size_t)e->n)
			snprintf(what, sizeof what, "rule 'every State reviews at least once' for %s",
				 r->v[i].code);
		else if ((i -= (size_t)e->n) < GROUP_COUNT)
			snprintf(what, sizeof what, "rule 'at most three reviews each' for group %s "
				 "(too little workload left for the slots only its members can fill)",
				 roster_group_code((int)i));
		else if ((i -= GROUP_COUNT) < INSTR_COUNT)
			snprintf(what, sizeof what, "rule 'at most three reviews each' for the parties "
				 "to %s (too little workload left for two reviewers per review)",
				 roster_instrument_code((int)i));
		else if (i == INSTR_COUNT)
			snprintf(what, sizeof what, "rule 'at most three reviews each' (too little "
				 "workload left overall)");
		else
			snprintf(what, sizeof what, "rule 'every State reviews at least once' (too "
				 "many States left without a review)");
	}
	if (d->ndead == 1)
		snprintf(out, outlen, "the search's only dead end was at %s", what);
	else if (d->dead[best] == d->ndead)
		snprintf(out, outlen, "all %ld dead ends of the search were at %s", d->ndead, what);
	else
		snprintf(out, outlen, "the search most often ended at %s: %ld of its %ld dead ends",
			 what, d->dead[best], d->ndead);
}

/* Returns 1 with e holding a valid draw, 0 if none exists (why then says
 * what the proof ran into most), -1 if the budget ran out.  Adds the nodes
 * explored to *nodes. */
static int eng_exact(struct eng *e, const unsigned char seed[32], uint32_t run, long budget,
		     long *nodes, char *why, size_t whylen)
{
	struct dfs d = { .e = e, .budget = budget };
	d.dead = xcalloc(dead_count(e), sizeof *d.dead);
	lots_rng_init(&e->rng, seed, LOTS_DOMAIN_REVIEWERS, 0xffffffffu - run);
	eng_reset(e);
	size_t n = (size_t)(e->n ? e->n : 1);
	d.order = xmalloc((size_t)(e->nrv ? e->nrv : 1) * sizeof *d.order);
	d.pool = xmalloc(n * sizeof *d.pool);
	memcpy(d.pool, e->pool, (size_t)e->npool * sizeof *d.pool);
	lots_rng_shuffle(&e->rng, d.pool, (size_t)e->npool);
	for (int g = 0; g < GROUP_COUNT; g++) {
		d.gp[g] = xmalloc(n * sizeof(int));
		memcpy(d.gp[g], e->gpool[g], (size_t)e->ngpool[g] * sizeof(int));
		lots_rng_shuffle(&e->rng, d.gp[g], (size_t)e->ngpool[g]);
	}
	for (unsigned m = 0; m < NMASK; m++) {
		d.mp[m] = xmalloc(n * sizeof(int));
		memcpy(d.mp[m], e->mpool[m], (size_t)e->nmpool[m] * sizeof(int));
		lots_rng_shuffle(&e->rng, d.mp[m], (size_t)e->nmpool[m]);
	}
	/* Tie-break order of dfs_choose: a new one on every run. */
	for (int ri = 0; ri < e->nrv; ri++)
		d.order[ri] = ri;
	lots_rng_shuffle(&e->rng, d.order, (size_t)e->nrv);
	int rc = dfs_rec(&d, 0);
	/* The node that finds the budget spent is counted but not explored. */
	*nodes += d.nodes < budget ? d.nodes : budget;
	if (rc == 0)
		dfs_explain(&d, why, whylen);
	free(d.dead);
	free(d.order);
	free(d.pool);
	for (int g = 0; g < GROUP_COUNT; g++)
		free(d.gp[g]);
	for (unsigned m = 0; m < NMASK; m++)
		free(d.mp[m]);
	return rc;
}

/* The exact solver (exact.c) over the whole draw: 1 with e holding a valid
 * draw, 0 proved that none exists, -1 budget spent. */
static int eng_exact_sat(struct eng *e, const unsigned char seed[32], long climit,
			 long *conflicts)
{
	int *reviewed = xmalloc((size_t)e->nrv * sizeof *reviewed);
	struct lots_review *rv = xcalloc((size_t)e->nrv, sizeof *rv);
	for (int ri = 0; ri < e->nrv; ri++)
		reviewed[ri] = e->rv[ri].reviewed;
	struct lots_exact_in in = {
		.r = e->r, .reviewed = reviewed, .nrv = e->nrv, .pool = e->pool,
		.npool = e->npool, .cap = e->cap, .load_min = LOTS_LOAD_MIN,
		.max_reviewers = LOTS_MAX_REVIEWERS,
	};
	int rc = lots_exact_solve(&in, seed, climit, rv, conflicts);
	if (getenv("REVMECH_LOTS_TRACE"))
		fprintf(stderr, "lots: exact solver: %s after %ld conflicts\n",
			rc == 1 ? "draw" : rc == 0 ? "no draw" : "budget spent", *conflicts);
	if (rc == 1) {
		eng_reset(e);
		for (int ri = 0; ri < e->nrv; ri++) {
			rv[ri].year = e->rv[ri].year;
			eng_review_set(e, ri, &rv[ri]);
		}
		if (e->viol != 0)
			rc = -1;    /* cannot happen: the formulation is the rules */
		assert(e->viol == 0);
	}
	free(reviewed);
	free(rv);
	return rc;
}

/* Static checks with a precise message: rules that no draw can meet. */
static int eng_precheck(const struct eng *e, char *err, size_t errlen)
{
	const struct roster *r = e->r;
	long capsum = 0;
	for (int i = 0; i < e->npool; i++)
		capsum += e->cap[e->pool[i]];
	for (int ri = 0; ri < e->nrv; ri++) {
		int s = e->rv[ri].reviewed, g = group_of(e, s);
		int same = e->ngpool[g] - (e->in_pool[s] ? 1 : 0);
		if (same < 1) {
			snprintf(err, errlen, "rule 'one same_region reviewer' cannot be met for %s: "
				 "no other State of group %s can review", r->v[s].code,
				 roster_group_code(g));
			return -1;
		}
		if (e->npool - e->ngpool[g] < 1) {
			snprintf(err, errlen, "rule 'one other_region reviewer' cannot be met for %s: "
				 "no State of another regional group can review", r->v[s].code);
			return -1;
		}
		for (int i = 0; i < INSTR_COUNT; i++) {
			if (!(instr_of(e, s) & INSTR_BIT(i)))
				continue;
			int ex[1] = { s };
			int c = count_mask_except(e, INSTR_BIT(i), ex, 1);
			if (c < 2) {
				snprintf(err, errlen, "rule 'two reviewers party to each instrument' "
					 "cannot be met for %s: only %d other reviewing State%s party to %s",
					 r->v[s].code, c, c == 1 ? " is" : "s are",
					 roster_instrument_code(i));
				return -1;
			}
		}
		/* Two States that can only review each other (a group of two). */
		if (same == 1 && e->in_pool[s]) {
			int o = -1;
			for (int j = 0; j < e->ngpool[g]; j++)
				if (e->gpool[g][j] != s)
					o = e->gpool[g][j];
			assert(o >= 0);
			if (e->rev_of[o] >= 0 && e->ngpool[g] == 2) {
				snprintf(err, errlen, "rule 'no reciprocal reviews' cannot be met for %s: "
					 "its only same_region reviewer %s has %s as its only "
					 "same_region reviewer", r->v[s].code, r->v[o].code, r->v[s].code);
				return -1;
			}
		}
	}
	/* Parties to an instrument review each other for it: k of them need
	 * 2k reviews among themselves, but without reciprocal pairs at most
	 * k(k-1)/2 exist, so 3 or 4 parties (the case of a Protocol few
	 * States are party to) can never be reviewed. */
	for (int i = 0; i < INSTR_COUNT; i++) {
		unsigned m = INSTR_BIT(i);
		int k = e->nmpool[m];
		if (k == 3 || k == 4) {
			struct buf names = { 0 };
			for (int j = 0; j < k; j++)
				buf_printf(&names, "%s%s", j ? ", " : "", r->v[e->mpool[m][j]].code);
			snprintf(err, errlen, "rule 'no reciprocal reviews' cannot be met for %s: only "
				 "%d reviewing States are party to %s (%s), each needs two of the others "
				 "as reviewers for it, and %d States can make at most %d non-reciprocal "
				 "reviews among themselves", r->v[e->mpool[m][0]].code, k,
				 roster_instrument_code(i), buf_str(&names), k, k * (k - 1) / 2);
			buf_free(&names);
			return -1;
		}
	}
	if (capsum < 2L * e->nrv) {
		snprintf(err, errlen, "rule 'at most three reviews each' cannot be met: %d reviewed "
			 "States need at least %d reviews but the %d reviewing States can make at most %ld",
			 e->nrv, 2 * e->nrv, e->npool, capsum);
		return -1;
	}
	for (int g = 0; g < GROUP_COUNT; g++) {
		long gc = 0, nr = 0;
		for (int j = 0; j < e->ngpool[g]; j++)
			gc += e->cap[e->gpool[g][j]];
		for (int ri = 0; ri < e->nrv; ri++)
			nr += group_of(e, e->rv[ri].reviewed) == g;
		if (nr > gc) {
			snprintf(err, errlen, "rule 'at most three reviews each' cannot be met for group %s: "
				 "%ld reviewed States need a same_region reviewer but its %d reviewing "
				 "States can make at most %ld reviews", roster_group_code(g), nr,
				 e->ngpool[g], gc);
			return -1;
		}
	}
	return 0;
}

/* Where the last attempt of the uniform draw and repair was stuck: the
 * slot its construction could not fill, or the first violation its repair
 * left, as "rule '...' for XXX".  Only a symptom of that attempt: another
 * attempt may stall elsewhere, and a draw may still exist. */
static void eng_describe(const struct eng *e, char *err, size_t errlen)
{
	const struct roster *r = e->r;
	if (e->stuck_ri >= 0) {
		const char *c = r->v[e->rv[e->stuck_ri].reviewed].code;
		if (e->stuck_k == 0)
			snprintf(err, errlen, "rule 'one same_region reviewer' for %s (no candidate)", c);
		else if (e->stuck_k == 1)
			snprintf(err, errlen, "rule 'one other_region reviewer' for %s (no candidate "
				 "leaves a staffable plan of additional reviewers)", c);
		else
			snprintf(err, errlen, "rule 'two reviewers party to each instrument' for %s "
				 "(no additional reviewer could be placed)", c);
		return;
	}
	for (int ri = 0; ri < e->nrv; ri++)
		for (int k = 0; k < e->rv[ri].n; k++) {
			int s = e->rv[ri].reviewed, x = e->rv[ri].r[k].state;
			if (eng_reviews(e, s, x)) {
				snprintf(err, errlen, "rule 'no reciprocal reviews' for %s (reviewing %s)",
					 r->v[s].code, r->v[x].code);
				return;
			}
		}
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (e->load[x] == 0) {
			snprintf(err, errlen, "rule 'every State reviews at least once' for %s",
				 r->v[x].code);
			return;
		}
		if (e->load[x] > e->cap[x]) {
			snprintf(err, errlen, "rule 'at most %d reviews' for %s", e->cap[x],
				 r->v[x].code);
			return;
		}
	}
	snprintf(err, errlen, "a violation it could not name");
}

static void eng_free(struct eng *e)
{
	free(e->rev_of);
	free(e->in_pool);
	free(e->cap);
	free(e->load);
	free(e->rv);
	free(e->pool);
	free(e->zlist);
	free(e->zpos);
	for (int g = 0; g < GROUP_COUNT; g++)
		free(e->gpool[g]);
	for (unsigned m = 0; m < NMASK; m++)
		free(e->mpool[m]);
}

static void eng_init(struct eng *e, const struct roster *r)
{
	memset(e, 0, sizeof *e);
	e->r = r;
	e->n = (int)r->n;
	size_t n = r->n ? r->n : 1;
	e->rev_of = xmalloc(n * sizeof *e->rev_of);
	e->in_pool = xcalloc(n, 1);
	e->cap = xcalloc(n, sizeof *e->cap);
	e->load = xcalloc(n, sizeof *e->load);
	e->rv = xcalloc(n, sizeof *e->rv);
	e->pool = xmalloc(n * sizeof *e->pool);
	e->zlist = xmalloc(n * sizeof *e->zlist);
	e->zpos = xmalloc(n * sizeof *e->zpos);
	for (int g = 0; g < GROUP_COUNT; g++)
		e->gpool[g] = xmalloc(n * sizeof(int));
	for (unsigned m = 0; m < NMASK; m++)
		e->mpool[m] = xmalloc(n * sizeof(int));
	/* Reviews are indexed in code order, so the result does not depend
	 * on the order of the roster's rows. */
	int *ord = xmalloc(n * sizeof *ord);
	for (int i = 0; i < e->n; i++)
		ord[i] = i;
	lots_sort_by_code(r, ord, r->n);
	for (int j = 0; j < e->n; j++) {
		int i = ord[j];
		const struct roster_entry *x = &r->v[i];
		e->rev_of[i] = -1;
		if (lots_int_reviewed(x)) {
			e->rev_of[i] = e->nrv;
			e->rv[e->nrv++].reviewed = i;
		}
		if (lots_int_may_review(x)) {
			e->in_pool[i] = 1;
			e->cap[i] = 3 + (x->extra_reviews > 0 ? x->extra_reviews : 0);
			e->pool[e->npool++] = i;
			e->gpool[x->group][e->ngpool[x->group]++] = i;
			for (unsigned m = 0; m < NMASK; m++)
				if ((x->instruments & m) == m)
					e->mpool[m][e->nmpool[m]++] = i;
		}
	}
	free(ord);
}

static void eng_reset(struct eng *e)
{
	for (int i = 0; i < e->n; i++) {
		e->load[i] = 0;
		e->zpos[i] = -1;
	}
	for (int i = 0; i < e->npool; i++) {
		e->zlist[i] = e->pool[i];
		e->zpos[e->pool[i]] = i;
	}
	e->nzero = e->npool;
	e->viol = e->npool;       /* every pool member starts unreviewed */
	for (int ri = 0; ri < e->nrv; ri++)
		e->rv[ri].n = 0;
}

static void draw_cohorts(struct eng *e, const unsigned char seed[32])
{
	struct lots_rng g;
	lots_rng_init(&g, seed, LOTS_DOMAIN_COHORTS, 0);
	int gorder[GROUP_COUNT], years[3] = { 0, 1, 2 }, pos = 0;
	for (int i = 0; i < GROUP_COUNT; i++)
		gorder[i] = i;
	lots_rng_shuffle(&g, gorder, GROUP_COUNT);
	lots_rng_shuffle(&g, years, 3);
	int *mem = xmalloc((size_t)(e->nrv ? e->nrv : 1) * sizeof *mem);
	for (int gi = 0; gi < GROUP_COUNT; gi++) {
		int grp = gorder[gi], nm = 0;
		for (int ri = 0; ri < e->nrv; ri++)
			if (group_of(e, e->rv[ri].reviewed) == grp)
				mem[nm++] = ri;
		int quota[3] = { nm / 3, nm / 3, nm / 3 };
		/* The remainder goes to consecutive positions of the cycle, so
		 * one group never gets two extras in a year and the extras of
		 * all groups spread evenly over the years. */
		for (int k = 0; k < nm % 3; k++)
			quota[years[pos++ % 3]]++;
		lots_rng_shuffle(&g, mem, (size_t)nm);
		int at = 0;
		for (int y = 0; y < 3; y++)
			for (int q = 0; q < quota[y]; q++)
				e->rv[mem[at++]].year = y + 1;
	}
	free(mem);
}

static int cmp_review_code(const void *a, const void *b, void *ctx)
{
	const struct lots_review *x = a, *y = b;
	return lots_cmp_code(ctx, x->reviewed, y->reviewed);
}

int lots_draw_make(const struct roster *r, const char *roster_sha256,
		   const unsigned char seed[32], struct lots_draw *out,
		   char *err, size_t errlen)
{
	return lots_draw_make_effort(r, roster_sha256, seed, NULL, out, err, errlen);
}

int lots_draw_make_effort(const struct roster *r, const char *roster_sha256,
			  const unsigned char seed[32], const struct lots_effort *eff,
			  struct lots_draw *out, char *err, size_t errlen)
{
	struct eng e;
	int rc = LOTS_EINFEASIBLE;
	memset(out, 0, sizeof *out);
	eng_init(&e, r);
	if (e.nrv == 0) {
		snprintf(err, errlen, "no State can be reviewed: the roster has no party to the "
			 "Convention in a regional group");
		goto out;
	}
	if (eng_precheck(&e, err, errlen) < 0)
		goto out;
	draw_cohorts(&e, seed);

	int attempts = eff && eff->attempts > 0 ? eff->attempts : (e.nrv < 60 ? 10 : 6);
	long lim_base = eff && eff->steps_base > 0 ? eff->steps_base : 2000;
	long lim_per = eff && eff->steps_per_state > 0 ? eff->steps_per_state : 50;
	int *order = xmalloc((size_t)e.nrv * sizeof *order);
	int found = 0, att;
	long it_done = 0;
	for (att = 0; att < attempts && !found; att++) {
		lots_rng_init(&e.rng, seed, LOTS_DOMAIN_REVIEWERS, (uint32_t)att);
		eng_reset(&e);
		e.stuck_ri = e.stuck_k = -1;
		for (int i = 0; i < e.nrv; i++)
			order[i] = i;
		lots_rng_shuffle(&e.rng, order, (size_t)e.nrv);
		int ok = 1;
		for (int i = 0; i < e.nrv && ok; i++)
			ok = eng_build_review(&e, order[i], 2 * (e.nrv - i)) == 0;
		if (!ok) {
			if (getenv("REVMECH_LOTS_TRACE"))
				fprintf(stderr, "lots: attempt %d: construction stuck\n", att);
			continue;
		}
		long limit = lim_base + lim_per * e.nrv;
		for (it_done = 0; it_done < limit && e.viol > 0; it_done++)
			eng_repair_step(&e);
		found = e.viol == 0;
		if (getenv("REVMECH_LOTS_TRACE")) {
			int nz = 0, no = 0;
			for (int i = 0; i < e.npool; i++) {
				nz += e.load[e.pool[i]] == 0;
				no += e.load[e.pool[i]] > e.cap[e.pool[i]];
			}
			fprintf(stderr, "lots: attempt %d: %ld repair steps, %ld violations left "
				"(%d idle, %d overloaded)\n", att, it_done, e.viol, nz, no);
		}
	}
	free(order);
	if (!found) {
		/* Three outcomes, told apart in the message: the complete
		 * search proves that no draw exists (then what the last
		 * attempt was stuck on is beside the point, and may mislead),
		 * or it runs out of budget (then no claim of infeasibility is
		 * made: only where the last attempt stalled). */
		char stuck[256], why[512] = "";
		eng_describe(&e, stuck, sizeof stuck);
		long budget = eff && eff->exact_nodes ? eff->exact_nodes : 300000, nodes = 0, before = 0;
		int x = -1;
		uint32_t run = 0;
		if (budget > 0) {
			/* Ten randomised runs with a tenth of the budget each:
			 * a search that went wrong early is abandoned sooner. */
			for (; run < 10 && x < 0; run++) {
				before = nodes;
				x = eng_exact(&e, seed, run, budget / 10, &nodes, why, sizeof why);
			}
		}
		long conflicts = 0, climit = eff && eff->exact_conflicts ? eff->exact_conflicts
								      : LOTS_EXACT_CONFLICTS;
		int sx = -1;
		if (x < 0 && budget >= 0 && climit > 0 &&
		    (long)e.nrv * e.npool <= LOTS_EXACT_MAX_PAIRS) {
			sx = eng_exact_sat(&e, seed, climit, &conflicts);
			x = sx;
		}
		if (x == 1) {
			found = 1;
		} else if (sx == 0) {
			snprintf(err, errlen, "no draw satisfies every rule: proved by the exact solver "
				 "(%ld conflict%s, after %ld node%s of search that ran out of budget)",
				 conflicts, conflicts == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s");
		} else if (x == 0) {
			/* The dead ends are those of the run that proved it; the
			 * runs before it ran out of budget and prove nothing. */
			char prior[96] = "";
			if (run > 1)
				snprintf(prior, sizeof prior, ", after %u randomised run%s that ran out of "
					 "budget", run - 1, run > 2 ? "s" : "");
			snprintf(err, errlen, "no draw satisfies every rule: proved by exhaustive search "
				 "(%ld node%s%s)%s%s", nodes - before, nodes - before == 1 ? "" : "s",
				 prior, why[0] ? "; " : "", why);
		} else {
			char sat[64] = "";
			if (conflicts)
				snprintf(sat, sizeof sat, ", %ld conflict%s of the exact solver", conflicts,
					 conflicts == 1 ? "" : "s");
			snprintf(err, errlen, "no valid draw found within the search budget (%d attempt%s, "
				 "%ld node%s%s): the roster may still admit one; the last attempt was "
				 "stuck on %s", att, att == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s",
				 sat, stuck);
		}
		if (!found)
			goto out;
	}

	memcpy(out->seed, seed, 32);
	snprintf(out->roster_sha256, sizeof out->roster_sha256, "%s", roster_sha256 ? roster_sha256 : "");
	out->nreviews = (size_t)e.nrv;
	out->reviews = xmalloc((size_t)e.nrv * sizeof *out->reviews);
	memcpy(out->reviews, e.rv, (size_t)e.nrv * sizeof *out->reviews);
	qsort_r(out->reviews, out->nreviews, sizeof *out->reviews, cmp_review_code, (void *)r);
	rc = LOTS_OK;
out:
	eng_free(&e);
	return rc;
}

void lots_draw_free(struct lots_draw *d)
{
	if (!d)
		return;
	free(d->reviews);
	for (size_t i = 0; i < d->nredraws; i++) {
		free(d->redraws[i].note);
		free(d->redraws[i].decision);
		free(d->redraws[i].consent_by);
		free(d->redraws[i].consent_date);
		free(d->redraws[i].consent_ref);
	}
	free(d->redraws);
	memset(d, 0, sizeof *d);
}
