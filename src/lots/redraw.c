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
 * (para 29), which verify reports as a recorded exception. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Pairs (a reviews b) ever drawn: open addressing over key+1. */
struct pairset {
	uint64_t *k;
	size_t mask;
};

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

static void pairset_add(struct pairset *p, int a, int b)
{
	uint64_t k = pkey(a, b);
	size_t i = phash(k, p->mask);
	while (p->k[i] && p->k[i] != k)
		i = (i + 1) & p->mask;
	p->k[i] = k;
}

static int pairset_has(const struct pairset *p, int a, int b)
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

static int in_review(const struct lots_review *v, int x)
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
static int may_pair(const struct rctx *c, int x, int reviewed)
{
	return x >= 0 && x != reviewed && lots_int_may_review(&c->r->v[x]) &&
	       !pairset_has(&c->ever, x, reviewed) && !pairset_has(&c->ever, reviewed, x);
}

/* Does x fit slot j of review v by region and instruments, so that the
 * review keeps its composition without changing any other slot? */
static int fits_slot(const struct rctx *c, const struct lots_review *v, int j, int x)
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
 * checked by evaluate(). */
static int rd_build(const struct rctx *c, const struct lots_review *old, int k, int x,
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
			continue;   /* dropped: evaluate() checks it keeps a review */
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
		 * reassignments may relieve (evaluate() reports it). */
		int got = -1;
		for (int pass = 0; pass < 2 && got < 0; pass++)
			for (size_t j = 0; j < r->n && got < 0; j++) {
				int y = c->order2[j];
				if (y != x && y != c->x_old && (r->v[y].instruments & m) == m &&
				    !in_review(nv, y) && may_pair(c, y, old->reviewed) &&
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
static int rd_literal(const struct rctx *c, const struct lots_review *nv)
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
static int rd_build_literal(const struct rctx *c, const struct lots_review *old, int k, int x,
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
				if (y != x && (r->v[y].instruments & m) == m && !in_review(nv, y))
					got = y;
			}
			for (size_t i = 0; i < r->n && got < 0; i++) {
				int y = c->order2[i];
				if (y != x && y != c->x_old && (r->v[y].instruments & m) == m &&
				    !in_review(nv, y) && !in_review(old, y) &&
				    may_pair(c, y, old->reviewed) && c->load[y] < c->cap[y])
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

/* Load changes and new pairs of a candidate: review vi becomes *nv and
 * each subst gives a slot of another review to another State. */
struct cand {
	int st[24], dl[24], n;        /* touched States and their load change */
	int pa[16], pb[16], np;       /* new pairs pa reviews pb */
};

static void touch(struct cand *e, int x, int delta)
{
	for (int i = 0; i < e->n; i++)
		if (e->st[i] == x) {
			e->dl[i] += delta;
			return;
		}
	e->st[e->n] = x;
	e->dl[e->n++] = delta;
}

/* Returns EV_OK, or what the first broken rule is (*who the State).  A
 * State whose load falls to zero is tolerated only if it is allow_zero;
 * with over/under not NULL, every overloaded / emptied State is listed
 * there (at most 4 each) instead of stopping at the first. */
static int evaluate(const struct rctx *c, const struct lots_review *nv, const struct subst *sub,
		    int nsub, int allow_zero, int *who, int *over, int *nover, int *under,
		    int *nunder)
{
	const struct lots_review *old = &c->d->reviews[c->vi];
	struct cand e = { .n = 0 };
	for (int q = 0; q < old->n; q++)
		if (!in_review(nv, old->r[q].state))
			touch(&e, old->r[q].state, -1);
	for (int q = 0; q < nv->n; q++)
		if (!in_review(old, nv->r[q].state)) {
			touch(&e, nv->r[q].state, +1);
			e.pa[e.np] = nv->r[q].state;
			e.pb[e.np++] = nv->reviewed;
		}
	for (int i = 0; i < nsub; i++) {
		const struct lots_review *t = &c->d->reviews[sub[i].t];
		touch(&e, t->r[sub[i].j].state, -1);
		touch(&e, sub[i].y, +1);
		e.pa[e.np] = sub[i].y;
		e.pb[e.np++] = t->reviewed;
	}
	for (int i = 0; i < e.np; i++) {
		if (!may_pair(c, e.pa[i], e.pb[i])) {
			*who = e.pa[i];
			return EV_PAIR;
		}
		for (int j = 0; j < e.np; j++)
			if (j != i && ((e.pa[j] == e.pb[i] && e.pb[j] == e.pa[i]) ||
				       (e.pa[j] == e.pa[i] && e.pb[j] == e.pb[i]))) {
				*who = e.pa[i];
				return EV_PAIR;
			}
	}
	int rc = EV_OK;
	if (nover)
		*nover = 0;
	if (nunder)
		*nunder = 0;
	for (int i = 0; i < e.n; i++) {
		int x = e.st[i], f = c->load[x] + e.dl[i];
		if (f > c->cap[x]) {
			if (!over) {
				*who = x;
				return EV_FULL;
			}
			if (*nover < 4)
				over[(*nover)++] = x;
			rc = rc ? rc : EV_FULL;
		} else if (e.dl[i] < 0 && f < c->load_min && x != allow_zero) {
			if (!under) {
				*who = x;
				return EV_ZERO;
			}
			if (*nunder < 4)
				under[(*nunder)++] = x;
			rc = rc ? rc : EV_ZERO;
		}
	}
	return rc;
}

/* Slot (t, j) may go to y in a chain: another review, y fits it. */
static int sub_ok(const struct rctx *c, const struct subst *sl, int y)
{
	const struct lots_review *t = &c->d->reviews[sl->t];
	return y != t->r[sl->j].state && fits_slot(c, t, sl->j, y);
}

/* Searches the chains that fix the overloaded o (-1: none) and the emptied
 * u (-1: none) left by nv, with at most maxsub reassignments.  Returns the
 * number of substs written to out, or -1. */
static int find_chain(const struct rctx *c, const struct lots_review *nv, int o, int u,
		      int maxsub, struct subst *out)
{
	int who;
	if (o >= 0) {
		/* o gives up one of its slots in another review ... */
		for (size_t i = 0; i < c->nslots; i++) {
			const struct subst *sl = &c->slots[i];
			if (c->d->reviews[sl->t].r[sl->j].state != o)
				continue;
			/* ... to the State left with no review, ... */
			if (u >= 0 && sub_ok(c, sl, u)) {
				out[0] = (struct subst){ sl->t, sl->j, u };
				if (evaluate(c, nv, out, 1, -1, &who, NULL, NULL, NULL, NULL) == EV_OK)
					return 1;
			}
			if (u >= 0 && maxsub < 2)
				continue;
			/* ... or to another State with room (then u, if any,
			 * takes a slot of its own below). */
			for (size_t q = 0; q < c->r->n; q++) {
				int y = c->order2[q];
				if (y == u || !sub_ok(c, sl, y))
					continue;
				out[0] = (struct subst){ sl->t, sl->j, y };
				int ev = evaluate(c, nv, out, 1, u, &who, NULL, NULL, NULL, NULL);
				if (ev != EV_OK)
					continue;
				if (u < 0)
					return 1;
				for (size_t i2 = 0; i2 < c->nslots; i2++) {
					const struct subst *s2 = &c->slots[i2];
					if ((s2->t == sl->t && s2->j == sl->j) || !sub_ok(c, s2, u))
						continue;
					out[1] = (struct subst){ s2->t, s2->j, u };
					if (evaluate(c, nv, out, 2, -1, &who, NULL, NULL, NULL,
						     NULL) == EV_OK)
						return 2;
				}
				break;   /* the first y that fits decides; keeps the search small */
			}
		}
		return -1;
	}
	if (u >= 0) {
		/* u takes a slot from a State that keeps another review. */
		for (size_t i = 0; i < c->nslots; i++) {
			if (!sub_ok(c, &c->slots[i], u))
				continue;
			out[0] = (struct subst){ c->slots[i].t, c->slots[i].j, u };
			if (evaluate(c, nv, out, 1, -1, &who, NULL, NULL, NULL, NULL) == EV_OK)
				return 1;
		}
	}
	return -1;
}

/* Why the candidates failed, for a refusal that says exactly why. */
struct why {
	int eligible, region, in_review, replaced, recip, compose, full, zero;
};

/* Each reason is its own clause (msg_append), so that a page can show the
 * refusal in its language; the English is the CLI's and the JSON API's. */
static void refusal(const struct rctx *c, const struct why *w, char *err, size_t errlen)
{
	const struct roster *r = c->r;
	const char *sc = r->v[c->s].code, *xo = r->v[c->x_old].code;
	const struct lots_review *v = &c->d->reviews[c->vi];
	msg_set(err, errlen, N_("rule '%s reviewer' cannot be met for %s: no State can replace %s; "
				"of the %d other States that may review (besides %s)"),
		lots_role_code(v->r[c->k].role), sc, xo, w->eligible, xo);
	if (w->region && c->k == 0)
		msg_append(err, errlen, N_(", %d are of another regional group"), w->region);
	else if (w->region && c->k == 1)
		msg_append(err, errlen, N_(", %d are of the same regional group"), w->region);
	else if (w->region)
		msg_append(err, errlen, N_(", %d are not party to the slot's instruments"), w->region);
	if (w->in_review)
		msg_append(err, errlen, N_(", %d already review %s"), w->in_review, sc);
	if (w->replaced)
		msg_append(err, errlen, N_(", %d were replaced earlier in this review (never drawn "
					   "back, C9)"), w->replaced);
	if (w->recip)
		msg_append(err, errlen, N_(", %d are or were reviewed by %s (no reciprocal pair at any "
					   "time, para 28 a)"), w->recip, sc);
	if (w->compose && c->max_reviewers == 4)
		msg_append(err, errlen, N_(", %d would leave an instrument of %s without two reviewers "
					   "within four (paras 26, 28 b-c)"), w->compose, sc);
	else if (w->compose)
		msg_append(err, errlen, N_(", %d would leave an instrument of %s without two reviewers "
					   "within the cap (paras 26, 28 b-c)"), w->compose, sc);
	if (w->full)
		msg_append(err, errlen, N_(", %d are at their limit of reviews and no chain of "
					   "reassignments frees one (para 29)"), w->full);
	if (w->zero)
		msg_append(err, errlen, N_(", %d would leave a State with no review and no chain of "
					   "reassignments gives it another (para 29)"), w->zero);
}

static void record_moves(const struct rctx *c, const struct lots_review *nv,
			 const struct subst *sub, int nsub, struct lots_redraw *w)
{
	const struct lots_review *old = &c->d->reviews[c->vi];
	w->nmoves = 0;
	w->moves[w->nmoves++] = (struct lots_move){ c->s, old->r[c->k].role, c->x_old,
						    nv->r[c->k].state };
	for (int q = 2; q < old->n; q++)
		if (q != c->k && !in_review(nv, old->r[q].state))
			w->moves[w->nmoves++] = (struct lots_move){ c->s, LOTS_ADDITIONAL,
								    old->r[q].state, -1 };
	for (int q = 2; q < nv->n; q++)
		if (q != c->k && !in_review(old, nv->r[q].state))
			w->moves[w->nmoves++] = (struct lots_move){ c->s, LOTS_ADDITIONAL, -1,
								    nv->r[q].state };
	for (int i = 0; i < nsub; i++) {
		const struct lots_review *t = &c->d->reviews[sub[i].t];
		w->moves[w->nmoves++] = (struct lots_move){ t->reviewed, t->r[sub[i].j].role,
							    t->r[sub[i].j].state, sub[i].y };
	}
	assert(w->nmoves <= LOTS_MAX_MOVES);
}

/* Checks the request; returns LOTS_OK or LOTS_EINPUT / LOTS_EINFEASIBLE
 * with err set.  Sets c->vi, c->s, c->k, c->x_old and *requester. */
static int check_request(struct rctx *c, const struct lots_redraw_req *req, int *requester,
			 char *err, size_t errlen)
{
	const struct roster *r = c->r;
	const struct lots_draw *d = c->d;
	long s = roster_find(r, req->reviewed ? req->reviewed : "");
	long x_old = roster_find(r, req->replace ? req->replace : "");
	long q = roster_find(r, req->requested_by ? req->requested_by : "");
	if (s < 0 || c->rvi[s] < 0) {
		msg_set(err, errlen, N_("--reviewed: %s is not reviewed in this draw"),
			 req->reviewed ? req->reviewed : "(none)");
		return LOTS_EINPUT;
	}
	const struct lots_review *v = &d->reviews[c->rvi[s]];
	int k = -1;
	for (int j = 0; x_old >= 0 && j < v->n; j++)
		if (v->r[j].state == x_old)
			k = j;
	if (k < 0) {
		msg_set(err, errlen, N_("--replace: %s does not review %s"),
			 req->replace ? req->replace : "(none)", r->v[s].code);
		return LOTS_EINPUT;
	}
	if (q < 0 || (q != s && !in_review(v, (int)q))) {
		msg_set(err, errlen, N_("--requested-by: %s is neither %s nor one of its reviewers"),
			 req->requested_by ? req->requested_by : "(none)", r->v[s].code);
		return LOTS_EINPUT;
	}
	if (q != s && q != x_old) {
		msg_set(err, errlen, N_("--requested-by: a reviewer may only ask to redraw its own "
			 "slot (%s cannot ask to replace %s)"), r->v[q].code, r->v[x_old].code);
		return LOTS_EINPUT;
	}
	if (req->reason < 0 || req->reason >= LOTS_REASON_COUNT) {
		msg_const(err, errlen, N_("--reason: unknown reason"));
		return LOTS_EINPUT;
	}
	if (req->reason >= LOTS_REASON_EXCEPTIONAL && (!req->note || !*req->note)) {
		msg_set(err, errlen, N_("--note: reason %s needs a note (paras 28 e, 30)"),
			 lots_reason_code(req->reason));
		return LOTS_EINPUT;
	}
	if (req->reason == LOTS_REASON_EXCEPTIONAL && (!req->decision || !*req->decision)) {
		msg_const(err, errlen, N_("--decision: reason exceptional needs the reference of the "
			 "recorded decision that allows it (para 28 e)"));
		return LOTS_EINPUT;
	}
	int counted = 0;
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		counted += w->reviewed == s && w->requested_by == q &&
			   w->reason < LOTS_REASON_EXCEPTIONAL;
	}
	/* The limit of the parameters the draw used (R38; 4 in the annex). */
	struct lots_params ptmp;
	int limit = lots_draw_params(d, &ptmp)->redraw_limit;
	if (req->reason < LOTS_REASON_EXCEPTIONAL && counted >= limit) {
		if (limit == 4)
			msg_set(err, errlen, N_("rule 'at most four redraw requests' (para 28 d) cannot "
				"be met for %s: it has already asked for %d redraws in the review of %s; "
				"use reason exceptional (para 28 e) or unable (para 30)"), r->v[q].code,
				counted, r->v[s].code);
		else
			msg_set(err, errlen, N_("rule 'at most N (parameters) redraw requests' (para 28 d) "
				"cannot be met for %s: it has already asked for %d redraws in the review "
				"of %s; use reason exceptional (para 28 e) or unable (para 30)"),
				r->v[q].code, counted, r->v[s].code);
		return LOTS_EINFEASIBLE;
	}
	c->vi = c->rvi[s];
	c->s = (int)s;
	c->k = k;
	c->x_old = (int)x_old;
	*requester = (int)q;
	int nc = !!(req->consent_by && *req->consent_by) + !!(req->consent_date && *req->consent_date) +
		 !!(req->consent_ref && *req->consent_ref);
	if (nc != 0 && nc != 3) {
		msg_const(err, errlen, N_("--consent-by, --consent-date, --consent-ref: a consent to "
			 "more than four reviewers names who gave it, when and its reference (para 28 c)"));
		return LOTS_EINPUT;
	}
	if (nc && !util_date_valid(req->consent_date)) {
		msg_set(err, errlen, N_("--consent-date: '%s' is not a date YYYY-MM-DD"),
			 req->consent_date);
		return LOTS_EINPUT;
	}
	/* The cap of the parameters the draw used (R38; four in the annex);
	 * a consent gives room for two more than four, the most one redraw
	 * can add. */
	c->max_reviewers = nc ? LOTS_MAX_SLOTS : lots_draw_params(d, &ptmp)->max_reviewers;
	c->literal = lots_draw_params(d, &ptmp)->literal_28b_search;
	for (size_t i = 0; i < d->nredraws; i++)
		if (d->redraws[i].reviewed == s && d->redraws[i].consent_ref)
			c->max_reviewers = LOTS_MAX_SLOTS;   /* a consent given stays */
	return LOTS_OK;
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
			pairset_add(&c->ever, d->reviews[i].r[k].state, d->reviews[i].reviewed);
	for (size_t i = 0; i < d->nredraws; i++)
		for (int m = 0; m < d->redraws[i].nmoves; m++) {
			const struct lots_move *mv = &d->redraws[i].moves[m];
			if (mv->old_state >= 0)
				pairset_add(&c->ever, mv->old_state, mv->reviewed);
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
	rc = check_request(&c, req, &q, err, errlen);
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
			if (c.k >= 2 ? !fits_slot(&c, v, c.k, x)
				     : (r->v[x].group == r->v[c.s].group) != (c.k == 0)) {
				why.region += count;
				continue;
			}
			if (in_review(v, x)) {
				why.in_review += count;
				continue;
			}
			if (pairset_has(&c.ever, x, c.s)) {
				why.replaced += count;
				continue;
			}
			if (pairset_has(&c.ever, c.s, x)) {
				why.recip += count;
				continue;
			}
			if (rd_build(&c, v, c.k, x, &nv) != 0) {
				why.compose += count;
				continue;
			}
			int over[4], under[4], nover, nunder;
			int ev = evaluate(&c, &nv, NULL, 0, -1, &who, over, &nover, under, &nunder);
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
					ev = evaluate(&c, &nv, NULL, 0, -1, &who, over, &nover, under,
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
			int n = find_chain(&c, &nv, nover ? over[0] : -1, nunder ? under[0] : -1,
					   depth, sub);
			if (n > 0) {
				best = nv;
				nsub = n;
			}
		}
	}
	if (nsub < 0 && exc < 0) {
		refusal(&c, &why, err, errlen);
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
