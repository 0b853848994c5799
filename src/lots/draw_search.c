/* draw_search.c - the drawer when uniform sampling alone does not give a
 * valid draw (docs/draw.md "How the method samples", steps 3-5): the
 * min-conflicts repair, the complete depth-first search over whole review
 * configurations, the exact solver (exact.c) over the whole draw, and the
 * messages that say why no draw was made (the exact checks, where the last
 * attempt was stuck).  The sampling itself is draw.c; both share
 * draw_int.h. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/draw_int.h"
#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

/* Candidate move: slot k of review ri to x.  Builds the new review into
 * *nv; returns -1 if the move breaks a static rule. */
static int eng_move(struct eng *e, int ri, int k, int x, struct lots_review *nv)
{
	const struct lots_review *old = &e->rv[ri];
	*nv = *old;
	unsigned mask = k >= 2 && k < LOTS_MAX_SLOTS ? old->r[k].instr : 0;
	if (!lots_eng_ok(e, nv, k, mask, x, 0))
		return -1;
	nv->r[k].state = x;
	if (k >= 2)
		return 0;
	lots_eng_set_base_instr(e, nv);
	return lots_eng_fill_additional(e, nv, old, 0);
}

/* Violation count if review ri became nv. */
static long eng_eval(struct eng *e, int ri, const struct lots_review *nv)
{
	struct lots_review save = e->rv[ri];
	lots_eng_review_set(e, ri, nv);
	long v = e->viol;
	lots_eng_review_set(e, ri, &save);
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
		const int *l = lots_eng_slot_list(e, s, k, mask, &nl);
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
		lots_eng_review_set(e, ri, &bestv);
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
		lots_eng_review_set(e, bestri, &bestv);
}

/* One violated rule chosen at random, and a move to mend it. */
void lots_eng_repair_step(struct eng *e)
{
	/* Count violations: each overloaded/idle State and reciprocal pair. */
	long nv = 0;
	for (int ri = 0; ri < e->nrv; ri++)
		for (int k = 0; k < e->rv[ri].n; k++)
			nv += lots_eng_reviews(e, e->rv[ri].reviewed, e->rv[ri].r[k].state);
	long nrec = nv;
	for (int i = 0; i < e->npool; i++)
		nv += eng_contrib(e, e->pool[i]) > 0;
	if (nv == 0)
		return;
	long pick = (long)lots_rng_below(&e->rng, (uint32_t)nv);
	if (pick < nrec) {
		for (int ri = 0; ri < e->nrv; ri++)
			for (int k = 0; k < e->rv[ri].n; k++)
				if (lots_eng_reviews(e, e->rv[ri].reviewed, e->rv[ri].r[k].state) &&
				    pick-- == 0) {
					eng_repair_review(e, ri, e->rv[ri].r[k].state);
					return;
				}
		return;
	}
	pick -= nrec;
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (eng_contrib(e, x) == 0 || pick-- != 0)
			continue;
		if (e->load[x] < e->load_min) {
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
	return x != s && e->load[x] < e->cap[x] && !lots_eng_reviews(e, s, x);
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
	/* The reviews missing below load_min, against the slots left (the
	 * drawer's plans give a review at most four reviewers). */
	if (e->deficit > (long)(e->max_reviewers < 4 ? e->max_reviewers : 4) * left) {
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
			ok = e->rv[ri].n == 0 && s != y && !lots_eng_reviews(e, s, y);
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
	 * is then needed, which spares the scarce parties' workload.  Under
	 * literal_28b_search (issue 12, R38) the configurations reading para
	 * 28 (b) literally come first (pass 1), then the others (pass 0): the
	 * same children, reordered, so the search stays complete.  Without
	 * it one pass takes every configuration, as the earlier versions
	 * did. */
	for (int pass = e->literal_search; pass >= 0; pass--)
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
			int none, np = lots_eng_plans(e, s, a, b, plans, &none);
			planned |= none || np > 0;
			nv.r[0].state = a;
			nv.r[1].state = b;
			lots_eng_set_base_instr(e, &nv);
			for (int p = 0; p < (none ? 1 : np); p++) {
				unsigned m0 = none ? 0 : plans[p][0], m1 = none ? 0 : plans[p][1];
				if (e->literal_search &&
				    lots_eng_plan_is_literal(e, s, a, b, m0, m1) != pass)
					continue;
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
						lots_eng_review_set(e, ri, &nv);
						tried = 1;
						int rc = dfs_rec(d, depth + 1);
						if (rc != 0)
							return rc;
						lots_eng_review_set(e, ri, &empty);
					}
				}
			}
		}
	}
	if (!tried)
		dfs_dead(d, dead_at(e, ri, planned ? DE_NOFIT : DE_NOPLAN, 0));
	return 0;
}

/* The workload limit (load_max, R38) in words, as the messages say it. */
static const char *eng_most(const struct eng *e, char buf[16])
{
	static const char *const words[] = { "zero", "one", "two", "three", "four", "five" };
	if (e->load_max >= 0 && e->load_max <= 5)
		return words[e->load_max];
	snprintf(buf, 16, "%d", e->load_max);
	return buf;
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
	char what[256], most[16];
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
				 "additional reviewers within %d)", c, e->max_reviewers);
		else
			snprintf(what, sizeof what, "the review of %s (candidates left for each "
				 "slot, but no combination of them keeps every rule)", c);
	} else {
		size_t i = best - per;
		if (i < (size_t)e->n)
			snprintf(what, sizeof what, "rule 'every State reviews at least once' for %s",
				 r->v[i].code);
		else if ((i -= (size_t)e->n) < GROUP_COUNT)
			snprintf(what, sizeof what, "rule 'at most %s reviews each' for group %s "
				 "(too little workload left for the slots only its members can fill)",
				 eng_most(e, most), roster_group_code((int)i));
		else if ((i -= GROUP_COUNT) < INSTR_COUNT)
			snprintf(what, sizeof what, "rule 'at most %s reviews each' for the parties "
				 "to %s (too little workload left for two reviewers per review)",
				 eng_most(e, most), roster_instrument_code((int)i));
		else if (i == INSTR_COUNT)
			snprintf(what, sizeof what, "rule 'at most %s reviews each' (too little "
				 "workload left overall)", eng_most(e, most));
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
int lots_eng_search(struct eng *e, const unsigned char seed[32], uint32_t run, long budget,
		     long *nodes, char *why, size_t whylen)
{
	struct dfs d = { .e = e, .budget = budget };
	d.dead = xcalloc(dead_count(e), sizeof *d.dead);
	lots_rng_init(&e->rng, seed, LOTS_DOMAIN_REVIEWERS, 0xffffffffu - run);
	lots_eng_reset(e);
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
int lots_eng_solve(struct eng *e, const unsigned char seed[32], long climit,
			 long *conflicts)
{
	int *reviewed = xmalloc((size_t)e->nrv * sizeof *reviewed);
	struct lots_review *rv = xcalloc((size_t)e->nrv, sizeof *rv);
	for (int ri = 0; ri < e->nrv; ri++)
		reviewed[ri] = e->rv[ri].reviewed;
	struct lots_exact_in in = {
		.r = e->r, .reviewed = reviewed, .nrv = e->nrv, .pool = e->pool,
		.npool = e->npool, .cap = e->cap, .load_min = e->load_min,
		.max_reviewers = e->max_reviewers < 4 ? e->max_reviewers : 4,
	};
	int rc = lots_exact_solve(&in, seed, climit, rv, conflicts);
	if (getenv("REVMECH_LOTS_TRACE"))
		fprintf(stderr, "lots: exact solver: %s after %ld conflicts\n",
			rc == 1 ? "draw" : rc == 0 ? "no draw" : "budget spent", *conflicts);
	if (rc == 1) {
		lots_eng_reset(e);
		for (int ri = 0; ri < e->nrv; ri++) {
			rv[ri].year = e->rv[ri].year;
			lots_eng_review_set(e, ri, &rv[ri]);
		}
		if (e->viol != 0)
			rc = -1;    /* cannot happen: the formulation is the rules */
		assert(e->viol == 0);
	}
	free(reviewed);
	free(rv);
	return rc;
}

/* Where the last attempt of the uniform draw and repair was stuck: the
 * slot its construction could not fill, or the first violation its repair
 * left, as "rule '...' for XXX".  Only a symptom of that attempt: another
 * attempt may stall elsewhere, and a draw may still exist. */
void lots_eng_describe(const struct eng *e, char *err, size_t errlen)
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
			if (lots_eng_reviews(e, s, x)) {
				snprintf(err, errlen, "rule 'no reciprocal reviews' for %s (reviewing %s)",
					 r->v[s].code, r->v[x].code);
				return;
			}
		}
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (e->load[x] < e->load_min) {
			if (e->load_min == 1)
				snprintf(err, errlen, "rule 'every State reviews at least once' for %s",
					 r->v[x].code);
			else
				snprintf(err, errlen, "rule 'every State reviews at least %d times' for %s",
					 e->load_min, r->v[x].code);
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
