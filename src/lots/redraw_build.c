/* redraw_build.c - the review a redraw's candidate makes (paras 26,
 * 28 b-c; literal para 28 b, issue 12): the composition kept when x takes
 * slot k, additional slots trimmed or extended, and the literal reading
 * preferred under literal_28b_search.  Split from redraw.c (see
 * redraw_int.h); no behaviour of its own. */
#include <assert.h>
#include <string.h>

#include "lots/redraw_int.h"

int rd_in_review(const struct lots_review *v, int x)
{
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state == x)
			return 1;
	return 0;
}

static unsigned ms_of(const struct rctx *c, int reviewed)
{
	return c->r->v[reviewed].instruments & INSTR_ALL;
}

/* May x newly review reviewed at all, given the whole history: eligible,
 * not itself, never in that review before (C9: never drawn back; and not
 * there now), never reviewed by it (para 28 a, R54). */
int rd_may_pair(const struct rctx *c, int x, int reviewed)
{
	return x >= 0 && x != reviewed && lots_int_may_review(&c->r->v[x]) &&
	       !rd_pairset_has(&c->ever, x, reviewed) && !rd_pairset_has(&c->ever, reviewed, x);
}

/* Does x fit slot j of review v by region and instruments, so that the
 * review keeps its composition without changing any other slot? */
int rd_fits_slot(const struct rctx *c, const struct lots_review *v, int j, int x)
{
	const struct roster *r = c->r;
	int same = r->v[x].group == r->v[v->reviewed].group;
	unsigned m = v->r[j].instr;
	if (v->r[j].role == LOTS_SAME_REGION)
		return same && (ms_of(c, v->reviewed) & r->v[x].instruments) == m;
	if (v->r[j].role == LOTS_OTHER_REGION)
		return !same && (ms_of(c, v->reviewed) & r->v[x].instruments) == m;
	return (r->v[x].instruments & m) == m;
}

/* Builds the review that results from putting x in slot k of old into *nv.
 * Additional slots are kept, trimmed or extended as needed; a new
 * additional is the first fitting State of order2 with room (else the first
 * full one, for a chain to relieve).  Returns 0 if
 * the review is well formed (para 26, 28 b-c); loads and the pairs are
 * checked by rd_evaluate(). */
int rd_build(const struct rctx *c, const struct lots_review *old, int k, int x,
		    struct lots_review *nv)
{
	const struct roster *r = c->r;
	unsigned ms = ms_of(c, old->reviewed);
	assert(k >= 0 && k < old->n && old->n <= LOTS_MAX_SLOTS);
	*nv = *old;
	if (k >= 2) {
		/* k < old->n <= LOTS_MAX_SLOTS (asserted above) */
		// cppcheck-suppress arrayIndexOutOfBoundsCond
		unsigned m = old->r[k].instr;
		// cppcheck-suppress arrayIndexOutOfBoundsCond
		nv->r[k].state = x;
		return (r->v[x].instruments & m) == m ? 0 : -1;
	}
	nv->r[k].state = x;
	nv->r[k].instr = ms & r->v[x].instruments;
	int need[INSTR_COUNT];
	for (int i = 0; i < INSTR_COUNT; i++)
		need[i] = (ms & INSTR_BIT(i)) ? 2 - !!(nv->r[0].instr & INSTR_BIT(i)) -
					       !!(nv->r[1].instr & INSTR_BIT(i)) : 0;
	/* Keep the additional reviewers, trimmed to what is still needed. */
	int n = 2;
	for (int q = 2; q < old->n; q++) {
		struct lots_reviewer a = old->r[q];
		unsigned keep = 0;
		for (int i = 0; i < INSTR_COUNT; i++)
			if ((a.instr & INSTR_BIT(i)) && need[i] > 0) {
				keep |= INSTR_BIT(i);
				need[i]--;
			}
		if (!keep)
			continue;   /* dropped: rd_evaluate() checks it keeps a review */
		a.instr = keep;
		nv->r[n++] = a;
	}
	nv->n = n;
	/* Extend the kept ones that are party to what is missing. */
	for (int q = 2; q < n; q++)
		for (int i = 0; i < INSTR_COUNT; i++)
			if (need[i] > 0 && (r->v[nv->r[q].state].instruments & INSTR_BIT(i)) &&
			    !(nv->r[q].instr & INSTR_BIT(i))) {
				nv->r[q].instr |= INSTR_BIT(i);
				need[i]--;
			}
	/* Draw new additional reviewers for the rest (para 28 b). */
	for (int round = 0; round < 2; round++) {
		unsigned m = 0;
		for (int i = 0; i < INSTR_COUNT; i++)
			if (need[i] > 0)
				m |= INSTR_BIT(i);
		if (!m)
			break;
		if (n >= c->max_reviewers)
			return -1;
		/* First a State with room; else a full one, which a chain of
		 * reassignments may relieve (rd_evaluate() reports it). */
		int got = -1;
		for (int pass = 0; pass < 2 && got < 0; pass++)
			for (size_t j = 0; j < r->n && got < 0; j++) {
				int y = c->order2[j];
				if (y != x && y != c->x_old && (r->v[y].instruments & m) == m &&
				    !rd_in_review(nv, y) && rd_may_pair(c, y, old->reviewed) &&
				    (pass || c->load[y] < c->cap[y]))
					got = y;
			}
		if (got < 0)
			return -1;
		nv->r[n].state = got;
		nv->r[n].role = LOTS_ADDITIONAL;
		nv->r[n].instr = m;
		nv->n = ++n;
		for (int i = 0; i < INSTR_COUNT; i++)
			if (m & INSTR_BIT(i))
				need[i]--;
	}
	return 0;
}

/* Whether review nv reads para 28 (b) literally (docs/draw.md "Literal
 * para 28 (b)"): no additional reviewer, one for exactly what one base
 * lacks, one per base for exactly what each lacks, or (bases lacking
 * disjoint sets) one for both sets. */
int rd_literal(const struct rctx *c, const struct lots_review *nv)
{
	unsigned ms = ms_of(c, nv->reviewed);
	unsigned ma = ms & ~nv->r[0].instr, mb = ms & ~nv->r[1].instr;
	if (nv->n == 2)
		return 1;
	if (nv->n == 3)
		return !(ma & mb) && nv->r[2].instr == (ma | mb);
	return nv->n == 4 && ma && mb &&
	       ((nv->r[2].instr == ma && nv->r[3].instr == mb) ||
		(nv->r[2].instr == mb && nv->r[3].instr == ma));
}

/* Recomposes the review that results from putting base x in slot k < 2 of
 * old along the literal reading of para 28 (b) (issue 12; only under the
 * parameter literal_28b_search, docs/draw.md "Redraws"): one additional
 * reviewer for both bases' missing instruments when disjoint, else one
 * per base; each the first of old's additional reviewers party to its
 * instruments, else the first fitting State of order2 with room.  Returns
 * 0 with *nv well formed within the cap, -1 if no literal plan can be
 * staffed so. */
int rd_build_literal(const struct rctx *c, const struct lots_review *old, int k, int x,
			    struct lots_review *nv)
{
	const struct roster *r = c->r;
	unsigned ms = ms_of(c, old->reviewed);
	*nv = *old;
	nv->r[k].state = x;
	nv->r[k].instr = ms & r->v[x].instruments;
	unsigned ma = ms & ~nv->r[0].instr, mb = ms & ~nv->r[1].instr;
	unsigned plans[2][2] = { { ma | mb, 0 }, { ma, mb } };
	int ok[2] = { !(ma & mb) && (ma | mb), ma && mb };
	for (int p = 0; p < 2; p++) {
		int np = plans[p][1] ? 2 : 1;
		if (!ok[p] || 2 + np > c->max_reviewers)
			continue;
		nv->n = 2;
		int staffed = 1;
		for (int j = 0; j < np && staffed; j++) {
			unsigned m = plans[p][j];
			int got = -1;
			for (int q = 2; q < old->n && got < 0; q++) {
				int y = old->r[q].state;
				if (y != x && (r->v[y].instruments & m) == m && !rd_in_review(nv, y))
					got = y;
			}
			for (size_t i = 0; i < r->n && got < 0; i++) {
				int y = c->order2[i];
				if (y != x && y != c->x_old && (r->v[y].instruments & m) == m &&
				    !rd_in_review(nv, y) && !rd_in_review(old, y) &&
				    rd_may_pair(c, y, old->reviewed) && c->load[y] < c->cap[y])
					got = y;
			}
			if (got < 0) {
				staffed = 0;
				break;
			}
			nv->r[nv->n].state = got;
			nv->r[nv->n].role = LOTS_ADDITIONAL;
			nv->r[nv->n++].instr = m;
		}
		if (staffed)
			return 0;
	}
	return -1;
}
