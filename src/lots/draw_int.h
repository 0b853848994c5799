/* draw_int.h - the drawer's engine, shared by its two halves: draw.c (the
 * uniform sampling: cohorts, candidates, construction, lots_draw_make) and
 * draw_search.c (what runs when sampling alone does not give a valid
 * draw: the min-conflicts repair, the complete depth-first search, the
 * exact solver, and the messages that say why no draw was made).  Neither
 * the redraw nor the verifier sees it.  See docs/draw.md. */
#ifndef RM_LOTS_DRAW_INT_H
#define RM_LOTS_DRAW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/roster.h"
#include "lots/lots.h"
#include "lots/lots_int.h"

#define NMASK (1u << INSTR_COUNT)

/* The state of one draw: the pools of candidates, the reviews being built
 * and the counters of what is still violated.  The rule parameters (R38)
 * are copied in at eng_init from the version the draw is made under. */
struct eng {
	const struct roster *r;
	int n;                  /* roster size */
	int *rev_of;            /* roster index -> review index, -1 if not reviewed */
	char *in_pool;          /* 1 if the party may review */
	int *cap, *load;        /* cap: load_max + extra_reviews */
	int nrv;
	struct lots_review *rv; /* r[0] same_region, r[1] other_region, r[2..] additional */
	int *pool, npool;
	int *gpool[GROUP_COUNT], ngpool[GROUP_COUNT];
	int *mpool[NMASK], nmpool[NMASK];   /* pool members party to every instrument of m */
	int nzero;              /* pool members below load_min (with the annex's 1: idle) ... */
	int *zlist, *zpos;      /* ... listed in zlist[0..nzero), zpos[x] = index or -1 */
	long deficit;           /* sum over the pool of load_min - load where positive */
	long viol;              /* overloads + missing reviews below load_min + reciprocal pairs */
	struct lots_rng rng;
	/* The parameters (R38): reviews per reviewer at least load_min (its
	 * cap is load_max plus its extra), at most max_reviewers per review,
	 * cohorts years. */
	int load_min, load_max, max_reviewers, cohorts;
	/* literal_28b_search (1 or 0): the bounded search tries the
	 * configurations reading para 28 (b) literally first (issue 12). */
	int literal_search;
	/* Where the construction of the current attempt got stuck (review
	 * index and slot), -1 if it did not: a partly built draw has idle
	 * States that say nothing about why it failed. */
	int stuck_ri, stuck_k;
};

static inline unsigned instr_of(const struct eng *e, int x)
{
	return e->r->v[x].instruments & INSTR_ALL;
}

static inline int group_of(const struct eng *e, int x)
{
	return e->r->v[x].group;
}

/* What x adds to e->viol: its overload, or the reviews it lacks below
 * load_min. */
static inline int eng_contrib(const struct eng *e, int x)
{
	int c = e->load[x] > e->cap[x] ? e->load[x] - e->cap[x] : 0;
	return c + (e->load[x] < e->load_min ? e->load_min - e->load[x] : 0);
}

/* draw.c.  Nothing here allocates for the caller. */
int lots_eng_reviews(const struct eng *e, int y, int s);       /* does y review s? */
/* Replaces the whole content of review ri, keeping the counters exact. */
void lots_eng_review_set(struct eng *e, int ri, const struct lots_review *nv);
/* Pool members other than ex[0..nex) party to all of m. */
int lots_eng_count_except(const struct eng *e, unsigned m, const int *ex, int nex);
/* The staffable plans of additional reviewers for bases a and b of s, in
 * order of preference, within max_reviewers (see draw.c). */
#define LOTS_MAXPLANS (2 + 2 * NMASK)
int lots_eng_plans(const struct eng *e, int s, int a, int b, unsigned plans[][2], int *none);
/* Whether the plan (m0, m1) for bases a and b of s reads para 28 (b)
 * literally. */
int lots_eng_plan_is_literal(const struct eng *e, int s, int a, int b, unsigned m0,
			     unsigned m1);
/* May x fill slot k of review v: static rules, and with mode's bits the
 * workload and reciprocity (1) and literal para 28 (b) (2). */
int lots_eng_ok(const struct eng *e, const struct lots_review *v, int k, unsigned mask,
		int x, int mode);
const int *lots_eng_slot_list(const struct eng *e, int s, int k, unsigned mask, int *n);
int lots_eng_fill_additional(struct eng *e, struct lots_review *nv,
			     const struct lots_review *old, int forced);
void lots_eng_set_base_instr(const struct eng *e, struct lots_review *v);
void lots_eng_reset(struct eng *e);

/* draw_search.c. */
/* One step of min-conflicts repair: a violated rule at random, mended. */
void lots_eng_repair_step(struct eng *e);
/* The complete search, run number run within budget nodes: 1 with e
 * holding a valid draw, 0 none exists (why says what the proof met most),
 * -1 budget spent.  Adds the nodes explored to *nodes. */
int lots_eng_search(struct eng *e, const unsigned char seed[32], uint32_t run, long budget,
		    long *nodes, char *why, size_t whylen);
/* The exact solver over the whole draw: as lots_eng_search; *conflicts
 * gets the conflicts used. */
int lots_eng_solve(struct eng *e, const unsigned char seed[32], long climit, long *conflicts);
/* draw_bound.c.  A counting proof that no draw exists (the workload of
 * the parties to some Protocols against the reviews only they can make):
 * 1 with err set to "no draw satisfies every rule: proved by counting
 * (...)", 0 if the count proves nothing. */
int lots_eng_bound(const struct eng *e, char *err, size_t errlen);
/* Rules no draw can meet, with a precise message: -1 (err set) or 0. */
int lots_eng_precheck(const struct eng *e, char *err, size_t errlen);
/* Where the last attempt was stuck, as "rule '...' for XXX". */
void lots_eng_describe(const struct eng *e, char *err, size_t errlen);

#endif
