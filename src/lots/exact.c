/* exact.c - the exact formulation of the reviewer rules, solved by the
 * CDCL solver of sat.c: the last step of the drawer's complete fallback
 * (issue 12 "completeness"; docs/draw.md "How the method samples", step 5).
 *
 * The rules are those of the drawer and of bench/draw/draw.lp (paras 26,
 * 28, 29): per review one same_region and one other_region base reviewer,
 * additional reviewers (at most max_reviewers - 2) each reviewing a
 * non-empty set of the instruments it is party to, exactly two reviewers
 * party to each instrument of the reviewed State (a base reviews every
 * instrument it is party to), no reciprocal pair, and every reviewer
 * between load_min and its cap.  Cardinalities are sequential counters
 * (each counter variable equivalent to "at least l of the first j"), so
 * the solver propagates workload and reciprocity limits as it assigns.
 * Unlike the bounded depth-first search before it, it learns from every
 * dead end, so it settles in practice the small rosters with tiny groups
 * and Protocols of few parties that the search could not.  When the rules
 * pass spends its budget, a proof stage lets the same solver go on for
 * LOTS_EXACT_PROOF times that budget (docs/draw.md step 5, audit gap 5):
 * the infeasible rosters that ran out of budget are then proved so.
 *
 * Priorities and first values are drawn from the seed (domain
 * LOTS_DOMAIN_EXACT): bases first, in a random order, each tried as
 * "reviewer" first, so the first model found resembles a random greedy
 * draw.  It is not uniform; it only serves rosters where the uniform draw
 * and the search found nothing. */
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "lots/sat.h"
#include "util/xmalloc.h"

#define FALSE_LIT 0     /* a constant false input of a counter */
#ifndef LOTS_EXACT_PROOF
/* The proof stage's conflicts, in multiples of the solver's budget. */
#define LOTS_EXACT_PROOF 2
#endif

struct enc {
	struct sat *s;
	int true_var;   /* a variable fixed true (for constant literals) */
};

static void cl(struct enc *e, int a, int b, int c)
{
	int v[3], n = 0;
	if (a)
		v[n++] = a;
	if (b)
		v[n++] = b;
	if (c)
		v[n++] = c;
	sat_clause(e->s, v, n);
}

/* lo <= (number of true literals among x[0..n)) <= hi, through a
 * sequential counter with equivalences; hi >= n means no upper bound. */
static void card(struct enc *e, const int *x, int n, int lo, int hi)
{
	if (lo > n) {
		sat_clause(e->s, NULL, 0);
		return;
	}
	if (lo <= 0 && hi >= n)
		return;
	if (hi <= 0) {
		for (int j = 0; j < n; j++)
			cl(e, -x[j], 0, 0);
		return;
	}
	if (lo == 1 && hi >= n) {
		sat_clause(e->s, x, n);
		return;
	}
	int K = hi + 1 < n ? hi + 1 : n;
	if (lo > K)
		K = lo;
	int *prev = xcalloc((size_t)K + 1, sizeof *prev), *cur = xcalloc((size_t)K + 1, sizeof *cur);
	/* prev[l]: "at least l of x[0..j)" (FALSE_LIT when l > j), prev[0] true */
	for (int j = 0; j < n; j++) {
		for (int l = 1; l <= K; l++) {
			if (l > j + 1) {
				cur[l] = FALSE_LIT;
				continue;
			}
			int v = sat_var(e->s), pl = prev[l];
			int pl1 = l == 1 ? e->true_var : prev[l - 1];
			cur[l] = v;
			if (pl)
				cl(e, -pl, v, 0);                  /* v <- prev l */
			if (pl1 == e->true_var)
				cl(e, -x[j], v, 0);                /* v <- x */
			else if (pl1)
				cl(e, -x[j], -pl1, v);             /* v <- x and prev l-1 */
			cl(e, -v, pl, x[j]);                       /* v -> prev l or x */
			if (pl1 != e->true_var) {
				if (!pl && !pl1)
					cl(e, -v, 0, 0);
				else
					cl(e, -v, pl, pl1);        /* v -> prev l or prev l-1 */
			}
		}
		memcpy(prev, cur, ((size_t)K + 1) * sizeof *prev);
	}
	if (hi < n && hi + 1 <= K && prev[hi + 1])
		cl(e, -prev[hi + 1], 0, 0);
	if (lo >= 1) {
		if (prev[lo])
			cl(e, prev[lo], 0, 0);
		else
			sat_clause(e->s, NULL, 0);
	}
	free(prev);
	free(cur);
}

static double unit_of(struct lots_rng *g)
{
	return (double)lots_rng_u32(g) / 4294967296.0;
}

/* literal: also require para 28 (b) literally where only one base lacks
 * instruments (then at most one additional reviewer): with BOTH a
 * variable that may be true only when both bases lack some instrument,
 * the additional reviewers and not-BOTH count at most two together. */
static int exact_solve(const struct lots_exact_in *in, const unsigned char seed[32],
		       long max_conflicts, long more, int literal, struct lots_review *out,
		       long *conflicts)
{
	const struct roster *r = in->r;
	int nrv = in->nrv, np = in->npool, rc;
	size_t pairs = (size_t)nrv * (size_t)(np ? np : 1);
	struct enc e = { .s = sat_new() };
	struct lots_rng g;
	lots_rng_init(&g, seed, LOTS_DOMAIN_EXACT, 0);
	e.true_var = sat_var(e.s);
	cl(&e, e.true_var, 0, 0);
	/* Per (review, pool member): base B, additional A, reviews R (0 when
	 * impossible), and per instrument T (additional reviewing it). */
	int *B = xcalloc(pairs, sizeof *B), *A = xcalloc(pairs, sizeof *A);
	int *R = xcalloc(pairs, sizeof *R), *T = xcalloc(pairs * INSTR_COUNT, sizeof *T);
	int *pidx = xmalloc((size_t)(r->n ? r->n : 1) * sizeof *pidx);
	int *lits = xmalloc((2 * pairs + 3 * (size_t)np + 16) * sizeof *lits);
	for (size_t i = 0; i < r->n; i++)
		pidx[i] = -1;
	for (int j = 0; j < np; j++)
		pidx[in->pool[j]] = j;

	for (int ri = 0; ri < nrv; ri++) {
		int s = in->reviewed[ri], gs = r->v[s].group;
		unsigned ms = r->v[s].instruments & INSTR_ALL;
		for (int j = 0; j < np; j++) {
			int x = in->pool[j];
			size_t at = (size_t)ri * (size_t)np + (size_t)j;
			if (x == s)
				continue;
			unsigned mx = r->v[x].instruments & INSTR_ALL & ms;
			B[at] = sat_var(e.s);
			sat_prefer(e.s, B[at], 2.0 + unit_of(&g), 1);
			R[at] = sat_var(e.s);
			if (mx) {
				A[at] = sat_var(e.s);
				sat_prefer(e.s, A[at], 1.0 + unit_of(&g), 0);
				cl(&e, -A[at], R[at], 0);
				cl(&e, -A[at], -B[at], 0);
				int n = 0;
				lits[n++] = -A[at];
				for (int i = 0; i < INSTR_COUNT; i++)
					if (mx & INSTR_BIT(i)) {
						int t = sat_var(e.s);
						T[at * INSTR_COUNT + (size_t)i] = t;
						cl(&e, -t, A[at], 0);
						lits[n++] = t;
					}
				sat_clause(e.s, lits, n);            /* A -> some T */
			}
			cl(&e, -B[at], R[at], 0);
			cl(&e, -R[at], B[at], A[at]);
			(void)gs;
		}
		/* One same_region and one other_region base; additional ones
		 * within the cap; two reviewers party to each instrument. */
		for (int same = 1; same >= 0; same--) {
			int n = 0;
			for (int j = 0; j < np; j++) {
				size_t at = (size_t)ri * (size_t)np + (size_t)j;
				if (B[at] && (r->v[in->pool[j]].group == gs) == same)
					lits[n++] = B[at];
			}
			card(&e, lits, n, 1, 1);
		}
		int n = 0;
		for (int j = 0; j < np; j++)
			if (A[(size_t)ri * (size_t)np + (size_t)j])
				lits[n++] = A[(size_t)ri * (size_t)np + (size_t)j];
		if (literal && in->max_reviewers - 2 >= 1) {
			int both = sat_var(e.s);
			for (int same = 1; same >= 0; same--) {
				/* both -> some base of this side lacks an instrument */
				int *l = lits + n + 1, m = 0;
				l[m++] = -both;
				for (int j = 0; j < np; j++) {
					size_t at = (size_t)ri * (size_t)np + (size_t)j;
					int x = in->pool[j];
					if (B[at] && (r->v[x].group == gs) == same &&
					    ((r->v[x].instruments & INSTR_ALL & ms) != ms))
						l[m++] = B[at];
				}
				sat_clause(e.s, l, m);
			}
			lits[n++] = -both;
		}
		card(&e, lits, n, 0, in->max_reviewers - 2);
		for (int i = 0; i < INSTR_COUNT; i++) {
			if (!(ms & INSTR_BIT(i)))
				continue;
			n = 0;
			for (int j = 0; j < np; j++) {
				size_t at = (size_t)ri * (size_t)np + (size_t)j;
				if (!B[at] || !(r->v[in->pool[j]].instruments & INSTR_BIT(i)))
					continue;
				lits[n++] = B[at];
				lits[n++] = T[at * INSTR_COUNT + (size_t)i];
			}
			card(&e, lits, n, 2, 2);
		}
	}
	/* No reciprocal pair (para 28 a). */
	for (int ri = 0; ri < nrv; ri++) {
		int s = in->reviewed[ri];
		if (pidx[s] < 0)
			continue;
		for (int rj = ri + 1; rj < nrv; rj++) {
			int x = in->reviewed[rj];
			if (pidx[x] < 0)
				continue;
			int a = R[(size_t)ri * (size_t)np + (size_t)pidx[x]];
			int b = R[(size_t)rj * (size_t)np + (size_t)pidx[s]];
			if (a && b)
				cl(&e, -a, -b, 0);
		}
	}
	/* Workload (para 29). */
	for (int j = 0; j < np; j++) {
		int n = 0;
		for (int ri = 0; ri < nrv; ri++)
			if (R[(size_t)ri * (size_t)np + (size_t)j])
				lits[n++] = R[(size_t)ri * (size_t)np + (size_t)j];
		card(&e, lits, n, in->load_min, in->cap[in->pool[j]]);
	}

	rc = sat_solve(e.s, max_conflicts);
	*conflicts = sat_conflicts(e.s);
	if (rc < 0 && more > 0) {
		/* The proof stage: the same solver goes on, with what it has
		 * learnt, for `more` conflicts.  Only a formula whose first
		 * max_conflicts settled nothing gets here, so every draw made
		 * before this stage existed is unchanged. */
		rc = sat_solve(e.s, more);
		*conflicts += sat_conflicts(e.s);
	}
	if (rc == 1) {
		for (int ri = 0; ri < nrv; ri++) {
			struct lots_review *v = &out[ri];
			int s = in->reviewed[ri];
			unsigned ms = r->v[s].instruments & INSTR_ALL;
			v->reviewed = s;
			v->n = 2;
			for (int j = 0; j < np; j++) {
				size_t at = (size_t)ri * (size_t)np + (size_t)j;
				int x = in->pool[j];
				if (B[at] && sat_value(e.s, B[at])) {
					int k = r->v[x].group == r->v[s].group ? 0 : 1;
					v->r[k].state = x;
					v->r[k].role = k;
					v->r[k].instr = ms & r->v[x].instruments;
				}
			}
			for (int j = 0; j < np; j++) {
				size_t at = (size_t)ri * (size_t)np + (size_t)j;
				if (!A[at] || !sat_value(e.s, A[at]) || v->n >= LOTS_MAX_SLOTS)
					continue;
				unsigned m = 0;
				for (int i = 0; i < INSTR_COUNT; i++)
					if (T[at * INSTR_COUNT + (size_t)i] &&
					    sat_value(e.s, T[at * INSTR_COUNT + (size_t)i]))
						m |= INSTR_BIT(i);
				v->r[v->n].state = in->pool[j];
				v->r[v->n].role = LOTS_ADDITIONAL;
				v->r[v->n++].instr = m;
			}
		}
	}
	free(B);
	free(A);
	free(R);
	free(T);
	free(pidx);
	free(lits);
	sat_free(e.s);
	return rc;
}

int lots_exact_solve(const struct lots_exact_in *in, const unsigned char seed[32],
		     long max_conflicts, struct lots_review *out, long *conflicts)
{
	/* Literal para 28 (b) first, within a quarter of the budget; a
	 * failure there proves nothing about the rules, so the rules alone
	 * are then solved with the rest. */
	long c1 = 0, c2 = 0;
	int rc = exact_solve(in, seed, max_conflicts / 4, 0, 1, out, &c1);
	if (rc != 1)
		rc = exact_solve(in, seed, max_conflicts - c1, LOTS_EXACT_PROOF * max_conflicts, 0,
				 out, &c2);
	*conflicts = c1 + c2;
	return rc;
}
