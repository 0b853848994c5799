/* redraw_chain.c - the rules a redraw's candidate is judged by (loads
 * within the workload, para 29, R62; no pair reversed or drawn back at any
 * time, para 28 a, C9, R54) and the chains of reassignments in other
 * reviews that make a candidate keep them (para 28 d, issue 12).  Split
 * from redraw.c (see redraw_int.h). */
#include <string.h>

#include "lots/redraw_int.h"

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
int rd_evaluate(const struct rctx *c, const struct lots_review *nv, const struct subst *sub,
		int nsub, int allow_zero, int *who, int *over, int *nover, int *under,
		int *nunder)
{
	const struct lots_review *old = &c->d->reviews[c->vi];
	struct cand e = { .n = 0 };
	for (int q = 0; q < old->n; q++)
		if (!rd_in_review(nv, old->r[q].state))
			touch(&e, old->r[q].state, -1);
	for (int q = 0; q < nv->n; q++)
		if (!rd_in_review(old, nv->r[q].state)) {
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
		if (!rd_may_pair(c, e.pa[i], e.pb[i])) {
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
	return y != t->r[sl->j].state && rd_fits_slot(c, t, sl->j, y);
}

/* Searches the chains that fix the overloaded o (-1: none) and the emptied
 * u (-1: none) left by nv, with at most maxsub reassignments.  Returns the
 * number of substs written to out, or -1. */
int rd_find_chain(const struct rctx *c, const struct lots_review *nv, int o, int u,
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
				if (rd_evaluate(c, nv, out, 1, -1, &who, NULL, NULL, NULL, NULL) == EV_OK)
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
				int ev = rd_evaluate(c, nv, out, 1, u, &who, NULL, NULL, NULL, NULL);
				if (ev != EV_OK)
					continue;
				if (u < 0)
					return 1;
				for (size_t i2 = 0; i2 < c->nslots; i2++) {
					const struct subst *s2 = &c->slots[i2];
					if ((s2->t == sl->t && s2->j == sl->j) || !sub_ok(c, s2, u))
						continue;
					out[1] = (struct subst){ s2->t, s2->j, u };
					if (rd_evaluate(c, nv, out, 2, -1, &who, NULL, NULL, NULL,
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
			if (rd_evaluate(c, nv, out, 1, -1, &who, NULL, NULL, NULL, NULL) == EV_OK)
				return 1;
		}
	}
	return -1;
}
