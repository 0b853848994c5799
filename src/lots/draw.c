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
#include "lots/draw_int.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

/* Largest draw (reviews x reviewers) given to the exact solver. */
#define LOTS_EXACT_MAX_PAIRS 40000L


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

/* Does reviewer y review State s? */
int lots_eng_reviews(const struct eng *e, int y, int s)
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
	e->viol -= eng_contrib(e, x);
	if (e->load[x] < e->load_min) {
		e->deficit--;
		if (e->load[x] + 1 == e->load_min) {
			/* swap-remove x from the list of States below the minimum */
			int last = e->zlist[--e->nzero];
			e->zlist[e->zpos[x]] = last;
			e->zpos[last] = e->zpos[x];
			e->zpos[x] = -1;
		}
	}
	e->load[x]++;
	e->viol += eng_contrib(e, x);
	if (lots_eng_reviews(e, s, x))
		e->viol++;
}

static void eng_unlink(struct eng *e, int ri, int x)
{
	int s = e->rv[ri].reviewed;
	if (lots_eng_reviews(e, s, x))
		e->viol--;
	e->viol -= eng_contrib(e, x);
	e->load[x]--;
	if (e->load[x] < e->load_min) {
		e->deficit++;
		if (e->load[x] + 1 == e->load_min) {
			e->zpos[x] = e->nzero;
			e->zlist[e->nzero++] = x;
		}
	}
	e->viol += eng_contrib(e, x);
}

/* Replaces the whole content of review ri, keeping the counters exact. */
void lots_eng_review_set(struct eng *e, int ri, const struct lots_review *nv)
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
int lots_eng_count_except(const struct eng *e, unsigned m, const int *ex, int nex)
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
int lots_eng_plans(const struct eng *e, int s, int a, int b, unsigned plans[][2], int *none)
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
		/* Within the cap of reviewers per review (para 28 c; R38: two
		 * bases and at most max_reviewers - 2 additional ones). */
		if (2 + 1 + (m1 != 0) > e->max_reviewers)
			continue;
		int c0 = lots_eng_count_except(e, m0, ex, 3);
		if (c0 < 1)
			continue;
		if (m1) {
			int c1 = lots_eng_count_except(e, m1, ex, 3);
			int cu = lots_eng_count_except(e, m0 | m1, ex, 3);
			if (c1 < 1 || c0 + c1 - cu < 2)
				continue;
		}
		plans[np][0] = m0;
		plans[np++][1] = m1;
	}
	return np;
}

/* The preferred plan (first of lots_eng_plans): number of masks 0..2, or -1 if
 * none can be staffed. */
static int eng_plan(const struct eng *e, int s, int a, int b, unsigned masks[2])
{
	unsigned plans[LOTS_MAXPLANS][2];
	int none, np = lots_eng_plans(e, s, a, b, plans, &none);
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
	return lots_eng_plan_is_literal(e, s, a, b, m[0], np == 2 ? m[1] : 0);
}

int lots_eng_plan_is_literal(const struct eng *e, int s, int a, int b, unsigned m0, unsigned m1)
{
	unsigned ms = instr_of(e, s);
	unsigned ma = ms & ~instr_of(e, a), mb = ms & ~instr_of(e, b);
	if (!m0)
		return 1;
	if (!m1)
		return m0 == (ma | mb);
	return (m0 == ma && m1 == mb) || (m0 == mb && m1 == ma);
}

/* OK_DYN: the workload cap and reciprocity; OK_LIT: for an other_region
 * candidate, that the plan reads para 28 (b) literally (issue 12). */
enum { OK_DYN = 1, OK_LIT = 2 };

/* May x fill slot k of the review v (being built)?  Static rules always;
 * with OK_DYN also the workload cap and reciprocity. */
int lots_eng_ok(const struct eng *e, const struct lots_review *v, int k, unsigned mask,
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
		if (lots_eng_reviews(e, s, x))
			return 0;
	}
	return 1;
}

/* Draws uniformly among the candidates in list that pass lots_eng_ok at the
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
			if (lots_eng_ok(e, v, k, mask, x, OK_DYN | OK_LIT))
				return x;
		}
		/* Literal para 28 (b) where it can be had, else relaxed
		 * (recorded in the document). */
		static const int zmodes[2] = { OK_DYN | OK_LIT, OK_DYN };
		for (int mi = 0; mi < 2; mi++) {
			int cnt = 0;
			for (int i = 0; i < e->nzero; i++)
				cnt += lots_eng_ok(e, v, k, mask, e->zlist[i], zmodes[mi]);
			if (cnt) {
				int want = (int)lots_rng_below(&e->rng, (uint32_t)cnt);
				for (int i = 0; i < e->nzero; i++)
					if (lots_eng_ok(e, v, k, mask, e->zlist[i], zmodes[mi]) &&
					    want-- == 0)
						return e->zlist[i];
			}
		}
	}
	/* Rejection sampling: uniform among the valid ones. */
	for (int t = 0; t < 48; t++) {
		int x = list[lots_rng_below(&e->rng, (uint32_t)nlist)];
		if (lots_eng_ok(e, v, k, mask, x, OK_DYN | OK_LIT))
			return x;
	}
	/* Many rejections: count the valid ones and take one of them. */
	static const int modes[3] = { OK_DYN | OK_LIT, OK_DYN, 0 };
	for (int mi = 0; mi < 3; mi++) {
		int cnt = 0;
		for (int i = 0; i < nlist; i++)
			cnt += lots_eng_ok(e, v, k, mask, list[i], modes[mi]);
		if (!cnt)
			continue;
		int want = (int)lots_rng_below(&e->rng, (uint32_t)cnt);
		for (int i = 0; i < nlist; i++)
			if (lots_eng_ok(e, v, k, mask, list[i], modes[mi]) && want-- == 0)
				return list[i];
	}
	return -1;
}

/* Candidate list for slot k of a review of s. */
const int *lots_eng_slot_list(const struct eng *e, int s, int k, unsigned mask, int *n)
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
int lots_eng_fill_additional(struct eng *e, struct lots_review *nv,
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
				if (lots_eng_ok(e, nv, 2 + j, masks[j], old->r[q].state, 0))
					slot->state = old->r[q].state;
		if (slot->state < 0) {
			int nl;
			const int *l = lots_eng_slot_list(e, nv->reviewed, 2 + j, masks[j], &nl);
			slot->state = eng_pick(e, nv, 2 + j, masks[j], l, nl, forced);
		}
		if (slot->state < 0)
			return -1;
	}
	return 0;
}

void lots_eng_set_base_instr(const struct eng *e, struct lots_review *v)
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
	lots_eng_set_base_instr(e, &nv);

	for (int k = 0; k < 2; k++) {
		int forced = e->deficit > 0 && e->deficit >= base_left - k;
		l = lots_eng_slot_list(e, s, k, 0, &nl);
		nv.r[k].state = eng_pick(e, &nv, k, 0, l, nl, forced);
		if (nv.r[k].state < 0 && k == 1) {
			/* No other_region reviewer fits this same_region one
			 * (its instruments leave no staffable plan): try
			 * the same_region candidates in a random order. */
			int ng;
			const int *g = lots_eng_slot_list(e, s, 0, 0, &ng);
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
	lots_eng_set_base_instr(e, &nv);
	if (lots_eng_fill_additional(e, &nv, NULL, e->deficit > 0 && e->deficit >= base_left - 2) < 0) {
		e->stuck_ri = ri;
		e->stuck_k = 2;
		return -1;
	}
	lots_eng_review_set(e, ri, &nv);
	return 0;
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

static void eng_init(struct eng *e, const struct roster *r, const struct lots_params *p)
{
	memset(e, 0, sizeof *e);
	e->r = r;
	e->load_min = p->load_min;
	e->load_max = p->load_max;
	e->max_reviewers = p->max_reviewers;
	e->cohorts = p->cohorts;
	e->literal_search = p->literal_28b_search ? 1 : 0;
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
			e->cap[i] = p->load_max + (x->extra_reviews > 0 ? x->extra_reviews : 0);
			e->pool[e->npool++] = i;
			e->gpool[x->group][e->ngpool[x->group]++] = i;
			for (unsigned m = 0; m < NMASK; m++)
				if ((x->instruments & m) == m)
					e->mpool[m][e->nmpool[m]++] = i;
		}
	}
	free(ord);
}

void lots_eng_reset(struct eng *e)
{
	for (int i = 0; i < e->n; i++) {
		e->load[i] = 0;
		e->zpos[i] = -1;
	}
	for (int i = 0; i < e->npool; i++) {
		e->zlist[i] = e->pool[i];
		e->zpos[e->pool[i]] = i;
	}
	/* Every pool member starts with no review: below the minimum by
	 * load_min (none is with a minimum of zero). */
	e->nzero = e->load_min > 0 ? e->npool : 0;
	e->deficit = (long)e->npool * e->load_min;
	e->viol = e->deficit;
	for (int ri = 0; ri < e->nrv; ri++)
		e->rv[ri].n = 0;
}

/* Cohorts (para 17): e->cohorts years (three in the annex; R38). */
static void draw_cohorts(struct eng *e, const unsigned char seed[32])
{
	struct lots_rng g;
	lots_rng_init(&g, seed, LOTS_DOMAIN_COHORTS, 0);
	int nc = e->cohorts, gorder[GROUP_COUNT], years[LOTS_MAX_COHORTS], pos = 0;
	for (int i = 0; i < GROUP_COUNT; i++)
		gorder[i] = i;
	for (int y = 0; y < nc; y++)
		years[y] = y;
	lots_rng_shuffle(&g, gorder, GROUP_COUNT);
	lots_rng_shuffle(&g, years, (size_t)nc);
	int *mem = xmalloc((size_t)(e->nrv ? e->nrv : 1) * sizeof *mem);
	for (int gi = 0; gi < GROUP_COUNT; gi++) {
		int grp = gorder[gi], nm = 0;
		for (int ri = 0; ri < e->nrv; ri++)
			if (group_of(e, e->rv[ri].reviewed) == grp)
				mem[nm++] = ri;
		int quota[LOTS_MAX_COHORTS];
		for (int y = 0; y < nc; y++)
			quota[y] = nm / nc;
		/* The remainder goes to consecutive positions of the cycle, so
		 * one group never gets two extras in a year and the extras of
		 * all groups spread evenly over the years. */
		for (int k = 0; k < nm % nc; k++)
			quota[years[pos++ % nc]]++;
		lots_rng_shuffle(&g, mem, (size_t)nm);
		int at = 0;
		for (int y = 0; y < nc; y++)
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
	return lots_draw_make_params(r, roster_sha256, seed, NULL, NULL, out, err, errlen);
}

int lots_draw_make_effort(const struct roster *r, const char *roster_sha256,
			  const unsigned char seed[32], const struct lots_effort *eff,
			  struct lots_draw *out, char *err, size_t errlen)
{
	return lots_draw_make_params(r, roster_sha256, seed, NULL, eff, out, err, errlen);
}

int lots_draw_make_params(const struct roster *r, const char *roster_sha256,
			  const unsigned char seed[32], const struct lots_params *params,
			  const struct lots_effort *eff, struct lots_draw *out, char *err,
			  size_t errlen)
{
	struct eng e;
	struct lots_params annex;
	int rc = LOTS_EINFEASIBLE;
	memset(out, 0, sizeof *out);
	if (!params) {
		lots_params_default(&annex);
		params = &annex;
	}
	if (!lots_params_supported(params, err, errlen))
		return LOTS_EINPUT;
	eng_init(&e, r, params);
	if (e.nrv == 0) {
		snprintf(err, errlen, "no State can be reviewed: the roster has no party to the "
			 "Convention in a regional group");
		goto out;
	}
	if (lots_eng_precheck(&e, err, errlen) < 0)
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
		lots_eng_reset(&e);
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
			lots_eng_repair_step(&e);
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
		lots_eng_describe(&e, stuck, sizeof stuck);
		long budget = eff && eff->exact_nodes ? eff->exact_nodes : 300000, nodes = 0, before = 0;
		int x = -1;
		uint32_t run = 0;
		if (budget > 0) {
			/* Ten randomised runs with a tenth of the budget each:
			 * a search that went wrong early is abandoned sooner. */
			for (; run < 10 && x < 0; run++) {
				before = nodes;
				x = lots_eng_search(&e, seed, run, budget / 10, &nodes, why, sizeof why);
			}
		}
		long conflicts = 0, climit = eff && eff->exact_conflicts ? eff->exact_conflicts
								      : LOTS_EXACT_CONFLICTS;
		int sx = -1;
		if (x < 0 && budget >= 0 && climit > 0 &&
		    (long)e.nrv * e.npool <= LOTS_EXACT_MAX_PAIRS) {
			sx = lots_eng_solve(&e, seed, climit, &conflicts);
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
		} else if (budget >= 0 && lots_eng_bound(&e, err, errlen)) {
			/* Step 6 (issue 12): both ran out of budget, but a
			 * count proves that no draw exists (draw_bound.c). */
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
	out->params = *params;
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
	if (d->ceremony) {
		free(d->ceremony->meeting);
		free(d->ceremony->published_commitment);
		free(d->ceremony->revealed_seed);
		free(d->ceremony->entropy_name);
		free(d->ceremony->entropy_value);
		free(d->ceremony);
	}
	memset(d, 0, sizeof *d);
}
