/* redraw.c - replacing one reviewer (paras 28 d-f, 30; R58, R59, R64; C9,
 * C10).
 *
 * The requester is the reviewed State (any slot) or a reviewer (its own
 * slot only, C9).  Reasons language, legal_system and other count against
 * the requester's limit of four per review; exceptional and unable do not
 * and need a note.  The new reviewer is drawn uniformly, from the redraw's
 * own seed, among the States that keep every rule; States already replaced
 * in this review are not drawn again.  Every other assignment is kept; if a
 * new base reviewer is party to more or fewer of the reviewed State's
 * instruments than the one it replaces, the additional reviewers' sets are
 * trimmed or extended (or one is added) so that each instrument still has
 * exactly two reviewers. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/xmalloc.h"

struct rctx {
	const struct roster *r;
	struct lots_draw *d;
	int *load, *cap, *rvi;   /* per roster index; rvi = review index or -1 */
};

static int rd_reviews(const struct rctx *c, int y, int s)
{
	if (c->rvi[s] < 0)
		return 0;
	const struct lots_review *v = &c->d->reviews[c->rvi[s]];
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state == y)
			return 1;
	return 0;
}

static int in_review(const struct lots_review *v, int x)
{
	for (int k = 0; k < v->n; k++)
		if (v->r[k].state == x)
			return 1;
	return 0;
}

/* May x join review v as a new reviewer at all (load, reciprocity,
 * exclusions)? */
static int rd_may_join(const struct rctx *c, const struct lots_review *v, int x,
		       const char *excluded)
{
	const struct roster_entry *e = &c->r->v[x];
	return x != v->reviewed && lots_int_may_review(e) && !excluded[x] && !in_review(v, x) &&
	       c->load[x] < c->cap[x] && !rd_reviews(c, v->reviewed, x);
}

/* Builds the review that results from putting x in slot k of old into *nv.
 * additional slots are kept, trimmed or extended as needed; a new additional
 * is drawn from order[] (a random permutation of the roster).  Returns 0
 * if the result keeps every rule. */
static int rd_build(const struct rctx *c, const struct lots_review *old, int k, int x,
		    const int *order, const char *excluded, struct lots_review *nv)
{
	const struct roster *r = c->r;
	unsigned ms = r->v[old->reviewed].instruments & INSTR_ALL;
	assert(k >= 0 && k < old->n && old->n <= LOTS_MAX_REVIEWERS);
	*nv = *old;
	if (k >= 2) {
		/* k < old->n <= 4 (asserted above) */
		// cppcheck-suppress arrayIndexOutOfBoundsCond
		unsigned m = old->r[k].instr;
		// cppcheck-suppress arrayIndexOutOfBoundsCond
		nv->r[k].state = x;
		return (r->v[x].instruments & m) == m ? 0 : -1;
	}
	/* k is 0 or 1: a base slot */
	nv->r[k ? 1 : 0].state = x;
	nv->r[k ? 1 : 0].instr = ms & r->v[x].instruments;
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
		if (!keep) {
			/* Dropping it must not leave it without any review. */
			if (c->load[a.state] <= 1)
				return -1;
			continue;
		}
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
		if (n >= LOTS_MAX_REVIEWERS)
			return -1;
		int got = -1;
		for (size_t j = 0; j < r->n && got < 0; j++) {
			int y = order[j];
			if (y != x && (r->v[y].instruments & m) == m && rd_may_join(c, nv, y, excluded))
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

int lots_redraw(const struct roster *r, struct lots_draw *d,
		const struct lots_redraw_req *req, char *err, size_t errlen)
{
	struct rctx c = { .r = r, .d = d };
	int rc = LOTS_EINPUT;
	char *excluded = NULL;
	int *order = NULL;
	long s = roster_find(r, req->reviewed ? req->reviewed : "");
	long x_old = roster_find(r, req->replace ? req->replace : "");
	long q = roster_find(r, req->requested_by ? req->requested_by : "");

	c.load = xcalloc(r->n + 1, sizeof *c.load);
	c.cap = xcalloc(r->n + 1, sizeof *c.cap);
	c.rvi = xmalloc((r->n + 1) * sizeof *c.rvi);
	for (size_t i = 0; i < r->n; i++) {
		c.rvi[i] = -1;
		c.cap[i] = 3 + (r->v[i].extra_reviews > 0 ? r->v[i].extra_reviews : 0);
	}
	for (size_t i = 0; i < d->nreviews; i++) {
		c.rvi[d->reviews[i].reviewed] = (int)i;
		for (int k = 0; k < d->reviews[i].n; k++)
			c.load[d->reviews[i].r[k].state]++;
	}
	if (s < 0 || c.rvi[s] < 0) {
		snprintf(err, errlen, "--reviewed: %s is not reviewed in this draw",
			 req->reviewed ? req->reviewed : "(none)");
		goto out;
	}
	struct lots_review *v = &d->reviews[c.rvi[s]];
	int k = -1;
	for (int j = 0; x_old >= 0 && j < v->n; j++)
		if (v->r[j].state == x_old)
			k = j;
	if (k < 0) {
		snprintf(err, errlen, "--replace: %s does not review %s",
			 req->replace ? req->replace : "(none)", r->v[s].code);
		goto out;
	}
	if (q < 0 || (q != s && !in_review(v, (int)q))) {
		snprintf(err, errlen, "--requested-by: %s is neither %s nor one of its reviewers",
			 req->requested_by ? req->requested_by : "(none)", r->v[s].code);
		goto out;
	}
	if (q != s && q != x_old) {
		snprintf(err, errlen, "--requested-by: a reviewer may only ask to redraw its own "
			 "slot (%s cannot ask to replace %s)", r->v[q].code, r->v[x_old].code);
		goto out;
	}
	if (req->reason < 0 || req->reason >= LOTS_REASON_COUNT) {
		snprintf(err, errlen, "--reason: unknown reason");
		goto out;
	}
	if (req->reason >= LOTS_REASON_EXCEPTIONAL && (!req->note || !*req->note)) {
		snprintf(err, errlen, "--note: reason %s needs a note (paras 28 e, 30)",
			 lots_reason_code(req->reason));
		goto out;
	}
	excluded = xcalloc(r->n + 1, 1);
	excluded[x_old] = 1;
	int counted = 0;
	for (size_t i = 0; i < d->nredraws; i++) {
		const struct lots_redraw *w = &d->redraws[i];
		if (w->reviewed != s)
			continue;
		excluded[w->old_state] = 1;       /* C9: never drawn back */
		counted += w->requested_by == q && w->reason < LOTS_REASON_EXCEPTIONAL;
	}
	rc = LOTS_EINFEASIBLE;
	if (req->reason < LOTS_REASON_EXCEPTIONAL && counted >= LOTS_REDRAW_LIMIT) {
		snprintf(err, errlen, "rule 'at most four redraw requests' (para 28 d) cannot be met "
			 "for %s: it has already asked for %d redraws in the review of %s; use reason "
			 "exceptional (para 28 e) or unable (para 30)", r->v[q].code, counted,
			 r->v[s].code);
		goto out;
	}

	/* Uniform choice: the first valid candidate of a random permutation. */
	struct lots_rng g;
	lots_rng_init(&g, req->seed, LOTS_DOMAIN_REDRAW, 0);
	order = xmalloc((r->n + 1) * sizeof *order);
	for (size_t i = 0; i < r->n; i++)
		order[i] = (int)i;
	/* Permute from code order so the roster's row order does not matter. */
	lots_sort_by_code(r, order, r->n);
	lots_rng_shuffle(&g, order, r->n);
	int *order2 = xmalloc((r->n + 1) * sizeof *order2);
	memcpy(order2, order, r->n * sizeof *order2);
	lots_rng_shuffle(&g, order2, r->n);

	struct lots_review nv;
	int found = -1;
	c.load[x_old]--;           /* the replaced State leaves this review */
	for (size_t i = 0; i < r->n && found < 0; i++) {
		int x = order[i];
		if (!rd_may_join(&c, v, x, excluded))
			continue;
		int same = r->v[x].group == r->v[s].group;
		if ((k == 0 && !same) || (k == 1 && same))
			continue;
		if (rd_build(&c, v, k, x, order2, excluded, &nv) == 0)
			found = x;
	}
	free(order2);
	if (found < 0) {
		c.load[x_old]++;
		snprintf(err, errlen, "rule '%s reviewer' cannot be met for %s: no other State can "
			 "replace %s without breaking a rule (workload, reciprocity, instruments)",
			 lots_role_code(v->r[k].role), r->v[s].code, r->v[x_old].code);
		goto out;
	}
	*v = nv;
	d->redraws = xreallocarray(d->redraws, d->nredraws + 1, sizeof *d->redraws);
	struct lots_redraw *w = &d->redraws[d->nredraws++];
	memset(w, 0, sizeof *w);
	w->reviewed = (int)s;
	w->role = nv.r[k].role;
	w->old_state = (int)x_old;
	w->new_state = found;
	w->requested_by = (int)q;
	w->reason = req->reason;
	w->note = req->note && *req->note ? xstrdup(req->note) : NULL;
	memcpy(w->seed, req->seed, 32);
	rc = LOTS_OK;
out:
	free(order);
	free(excluded);
	free(c.load);
	free(c.cap);
	free(c.rvi);
	return rc;
}
