/* draw_bound.c - a counting proof that no draw exists (issue 12
 * "completeness"; docs/draw.md "How the method samples", step 6).
 *
 * Small rosters whose Protocols have few parties can be infeasible for a
 * reason neither the bounded search nor the CDCL solver sees in its
 * budget: a count.  The parties to the Protocols (for a set P of them)
 * must give every reviewed party two reviewers party to each of its
 * Protocols in P; one review serves two instruments only where both
 * States are party to both, and such a pair can be used in one direction
 * only (no reciprocal reviews); base slots that no other State can fill
 * cost them a review more.  When what they must make exceeds what their
 * workload limits allow, no draw exists.  The bound relaxes the rules
 * (every step is a necessary condition), so it never refuses a roster
 * that has a draw: lots_draw_make calls it only where the bounded search
 * and the exact solver both ran out of budget (and only with the fallback
 * on), so every draw and every other message made before it existed is
 * unchanged; it replaces the "no valid draw found within the search
 * budget" message where it proves more.
 * Also the static checks that run before any draw (lots_eng_precheck,
 * moved here from draw_search.c): counts that no draw can meet.
 * Their messages go through the message catalogue (util/msg.h, po/): the
 * English text is the one `revmech draw` and contrib/ print, byte for
 * byte; the pages show it in their language.  The rule 'at most three
 * reviews each' is one msgid; another workload is named by its English
 * word as an argument.
 * Nothing here allocates for the caller. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/draw_int.h"
#include "lots/lots.h"
#include "lots/lots_int.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/xmalloc.h"

#define PROTOCOLS (INSTR_ALL & ~INSTR_BIT(INSTR_UNTOC))

static int popcount(unsigned m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* Fewest reviewers, of the masks cnt[] counts (cnt[t]: candidates whose
 * instruments within need are t), that give each instrument of need two
 * reviewers; an additional reviewer may review part of what it is party
 * to, so covering at least twice is enough.  A third candidate of one
 * mask never helps (two already cover all of it twice).  -1 if none. */
static int bound_cover(unsigned need, const int cnt[NMASK])
{
	int best = -1, use[NMASK] = { 0 };
	for (;;) {
		int n = 0, cov[INSTR_COUNT] = { 0 }, ok = 1;
		for (unsigned t = 1; t < NMASK; t++)
			for (int i = 0; i < INSTR_COUNT; i++)
				cov[i] += (t & INSTR_BIT(i)) ? use[t] : 0;
		for (unsigned t = 1; t < NMASK; t++)
			n += use[t];
		for (int i = 0; i < INSTR_COUNT; i++)
			ok &= !(need & INSTR_BIT(i)) || cov[i] >= 2;
		if (ok && (best < 0 || n < best))
			best = n;
		/* next combination, each use[t] in 0..min(cnt[t], 2) */
		unsigned t = 1;
		for (; t < NMASK; t++) {
			int top = cnt[t] < 2 ? cnt[t] : 2;
			if (use[t] < top) {
				use[t]++;
				break;
			}
			use[t] = 0;
		}
		if (t == NMASK)
			return best;
	}
}

/* At most how many of nslots base slots of the States marked in z (nz of
 * them) the reviewers outside U (not u[x]) can fill: one slot of a State
 * each (its two base slots are of two sides), within their caps, and no
 * reciprocal pair among those that are marked themselves. */
static long bound_fill(const struct eng *e, const char *u, const char *z, int nz, long nslots)
{
	long inner = 0, outer = 0, lone = 0;
	int k = 0;
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (u[x])
			continue;
		if (z[x]) {
			k++;
			inner += e->cap[x] < nz - 1 ? e->cap[x] : nz - 1;
		} else {
			outer += e->cap[x] < nz ? e->cap[x] : nz;
		}
	}
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (!u[x] && z[x])
			lone += e->cap[x] < nz - k ? e->cap[x] : nz - k;
	}
	long pairs = (long)k * (k - 1) / 2 + lone;
	long f = (inner < pairs ? inner : pairs) + outer;
	return f < nslots ? f : nslots;
}

/* Groups whose same_region assignments are enumerated (term 3) have at
 * most this many (the product of their candidates' counts); larger ones
 * are counted slot by slot. */
#define BOUND_ENUM 20000L

struct genum {
	const struct eng *e;
	const char *u;
	unsigned P;
	const int *rs, *gs;     /* the group's reviewed States and reviewers */
	int nr, ng, best;
	int *asg, *load;        /* scratch: assignment so far, loads */
};

/* Branch and bound over the same_region reviewers of gn->rs[i..]: the
 * fewest that are in U and serve none of P. */
static void genum_rec(struct genum *gn, int i, int ns)
{
	const struct eng *e = gn->e;
	if (gn->best >= 0 && ns >= gn->best)
		return;
	if (i == gn->nr) {
		gn->best = ns;
		return;
	}
	int s = gn->rs[i];
	for (int j = 0; j < gn->ng; j++) {
		int x = gn->gs[j], recip = 0;
		if (x == s || gn->load[x] >= e->cap[x])
			continue;
		for (int k = 0; k < i && !recip; k++)
			recip = gn->rs[k] == x && gn->asg[k] == s;
		if (recip)
			continue;
		gn->asg[i] = x;
		gn->load[x]++;
		genum_rec(gn, i + 1, ns + (gn->u[x] && !(instr_of(e, x) & instr_of(e, s) & gn->P)));
		gn->load[x]--;
	}
}

/* Term 3: base reviews that members of U make without serving P, counted
 * exactly per group for the same_region slots (every assignment of a
 * small group's same_region reviewers: no self, no reciprocal pair,
 * within caps), slot by slot otherwise and for the other_region slots
 * (every candidate in U, none serving). */
static long bound_groups(const struct eng *e, const char *u, unsigned P)
{
	long t = 0;
	int *rs = xmalloc((size_t)(e->nrv ? e->nrv : 1) * sizeof *rs);
	int *asg = xmalloc((size_t)(e->nrv ? e->nrv : 1) * sizeof *asg);
	int *load = xcalloc((size_t)(e->n ? e->n : 1), sizeof *load);
	for (int g = 0; g < GROUP_COUNT; g++) {
		int nr = 0;
		long size = 1;
		for (int ri = 0; ri < e->nrv; ri++) {
			int s = e->rv[ri].reviewed;
			if (group_of(e, s) != g)
				continue;
			rs[nr++] = s;
			long c = e->ngpool[g] - (e->in_pool[s] ? 1 : 0);
			size = size > BOUND_ENUM ? size : size * (c > 1 ? c : 1);
		}
		if (nr == 0)
			continue;
		if (size <= BOUND_ENUM) {
			struct genum gn = { .e = e, .u = u, .P = P, .rs = rs, .gs = e->gpool[g],
					    .nr = nr, .ng = e->ngpool[g], .best = -1, .asg = asg,
					    .load = load };
			genum_rec(&gn, 0, 0);
			t += gn.best > 0 ? gn.best : 0;
			continue;
		}
		for (int k = 0; k < nr; k++) {
			int s = rs[k], any = 0, bad = 1;
			unsigned need = instr_of(e, s) & P;
			for (int j = 0; j < e->ngpool[g]; j++) {
				int x = e->gpool[g][j];
				if (x == s)
					continue;
				any = 1;
				bad &= u[x] && !(instr_of(e, x) & need);
			}
			t += any && bad;
		}
	}
	for (int ri = 0; ri < e->nrv; ri++) {
		int s = e->rv[ri].reviewed, any = 0, bad = 1;
		unsigned need = instr_of(e, s) & P;
		for (int i = 0; i < e->npool; i++) {
			int x = e->pool[i];
			if (group_of(e, x) == group_of(e, s))
				continue;
			any = 1;
			bad &= u[x] && !(instr_of(e, x) & need);
		}
		t += any && bad;
	}
	free(rs);
	free(asg);
	free(load);
	return t;
}

/* The workload limit as its English word ("three"), as the rules name it. */
static const char *bound_most(const struct eng *e, char buf[16])
{
	static const char *const words[] = { "zero", "one", "two", "three", "four", "five" };
	if (e->load_max >= 0 && e->load_max <= 5)
		return words[e->load_max];
	snprintf(buf, 16, "%d", e->load_max);
	return buf;
}

/* The instruments of P as "tip, som or firearms". */
static void bound_names(unsigned P, char *out, size_t len)
{
	int n = popcount(P), k = 0;
	size_t at = 0;
	out[0] = '\0';
	for (int i = 0; i < INSTR_COUNT && at < len; i++) {
		if (!(P & INSTR_BIT(i)))
			continue;
		int w = snprintf(out + at, len - at, "%s%s", k == 0 ? "" : k == n - 1 ? " or " : ", ",
				 roster_instrument_code(i));
		at += w > 0 ? (size_t)w : 0;
		k++;
	}
}

/* The bound for the Protocols of P: 1 with err set when it proves that no
 * draw exists, 0 otherwise.  u, z, z1: caller's scratch of e->n bytes. */
static int bound_one(const struct eng *e, unsigned P, char *u, char *z, char *z1, char *err,
		     size_t errlen)
{
	long capu = 0, services = 0, cover = 0, forced_c = 0, slots_b = 0;
	int nu = 0, nz = 0, nz1 = 0;
	memset(u, 0, (size_t)e->n);
	memset(z, 0, (size_t)e->n);
	memset(z1, 0, (size_t)e->n);
	for (int i = 0; i < e->npool; i++) {
		int x = e->pool[i];
		if (instr_of(e, x) & P) {
			u[x] = 1;
			nu++;
			capu += e->cap[x];
		}
	}
	if (nu == 0)
		return 0;
	for (int ri = 0; ri < e->nrv; ri++) {
		int s = e->rv[ri].reviewed, g = group_of(e, s);
		unsigned need = instr_of(e, s) & P;
		/* Each base slot: filled by a member of U that serves (some
		 * candidate can), or else by one that does not (slot c: every
		 * candidate is in U) or by a State outside U (slot b). */
		for (int same = 1; same >= 0; same--) {
			int any = 0, serve = 0, all_u = 1;
			for (int i = 0; i < e->npool; i++) {
				int x = e->pool[i];
				if (x == s || (group_of(e, x) == g) != same)
					continue;
				any = 1;
				serve |= u[x] && (instr_of(e, x) & need);
				all_u &= u[x];
			}
			if (!any || serve)
				continue;
			if (all_u) {
				forced_c++;
			} else {
				slots_b++;
				nz += !z[s];
				z[s] = 1;
			}
		}
		if (!need) {
			nz1 += !z1[s];
			z1[s] = 1;
			continue;
		}
		services += 2L * popcount(need);
		int cnt[NMASK] = { 0 };
		for (int i = 0; i < e->npool; i++) {
			int x = e->pool[i];
			if (u[x] && x != s && (instr_of(e, x) & need))
				cnt[instr_of(e, x) & need]++;
		}
		int c = bound_cover(need, cnt);
		if (c < 0)
			return 0;   /* the exact checks say this more precisely */
		cover += c;
	}
	/* Reviews serving two instruments or more: one direction a pair. */
	long bonus = 0;
	for (int a = 0; a < e->n; a++) {
		if (!u[a] && e->rev_of[a] < 0)
			continue;
		for (int b = a + 1; b < e->n; b++) {
			int w = popcount(instr_of(e, a) & instr_of(e, b) & P);
			if (w >= 2 && ((u[a] && e->rev_of[b] >= 0) || (u[b] && e->rev_of[a] >= 0)))
				bonus += w - 1;
		}
	}
	long serving = services - bonus > cover ? services - bonus : cover;
	/* Base slots of the States party to none of P: whatever U fills
	 * there serves nothing (term 1); or the slots no member of U can
	 * serve (term 2); or the same_region assignments of small groups
	 * (term 3, bound_groups).  Each is a lower bound; the largest is
	 * taken. */
	long t1 = 2L * nz1 - bound_fill(e, u, z1, nz1, 2L * nz1);
	long t2 = forced_c + slots_b - bound_fill(e, u, z, nz, slots_b);
	long t3 = bound_groups(e, u, P);
	long extra = t1 > t2 ? t1 : t2;
	extra = extra > t3 ? extra : t3;
	if (extra < 0)
		extra = 0;
	if (serving + extra <= capu)
		return 0;
	char names[64], most[16];
	bound_names(P, names, sizeof names);
	if (e->load_max == 3)
		msg_set(err, errlen, N_("no draw satisfies every rule: proved by counting (rule "
					"'at most three reviews each' for the %d reviewing States party "
					"to %s: they can make at most %ld reviews, but at least %ld are "
					"needed to give every party to %s two reviewers party to it, and "
					"at least %ld more as base reviewers where no other State can be "
					"one)"), nu, names, capu, serving, names, extra);
	else
		msg_set(err, errlen, N_("no draw satisfies every rule: proved by counting (rule "
					"'at most %s reviews each' for the %d reviewing States party to "
					"%s: they can make at most %ld reviews, but at least %ld are "
					"needed to give every party to %s two reviewers party to it, and "
					"at least %ld more as base reviewers where no other State can be "
					"one)"), bound_most(e, most), nu, names, capu, serving, names,
			extra);
	return 1;
}

int lots_eng_bound(const struct eng *e, char *err, size_t errlen)
{
	size_t n = (size_t)(e->n ? e->n : 1);
	char *u = xmalloc(3 * n), *z = u + n, *z1 = z + n;
	int rc = 0;
	for (unsigned P = 1; P < NMASK && !rc; P++)
		if ((P & PROTOCOLS) == P)
			rc = bound_one(e, P, u, z, z1, err, errlen);
	free(u);
	return rc;
}

/* Static checks with a precise message: rules that no draw can meet. */
int lots_eng_precheck(const struct eng *e, char *err, size_t errlen)
{
	const struct roster *r = e->r;
	char most[16];
	long capsum = 0;
	for (int i = 0; i < e->npool; i++)
		capsum += e->cap[e->pool[i]];
	for (int ri = 0; ri < e->nrv; ri++) {
		int s = e->rv[ri].reviewed, g = group_of(e, s);
		int same = e->ngpool[g] - (e->in_pool[s] ? 1 : 0);
		if (same < 1) {
			msg_set(err, errlen, N_("rule 'one same_region reviewer' cannot be met for %s: "
						"no other State of group %s can review"),
				r->v[s].code, roster_group_code(g));
			return -1;
		}
		if (e->npool - e->ngpool[g] < 1) {
			msg_set(err, errlen, N_("rule 'one other_region reviewer' cannot be met for "
						"%s: no State of another regional group can review"),
				r->v[s].code);
			return -1;
		}
		for (int i = 0; i < INSTR_COUNT; i++) {
			if (!(instr_of(e, s) & INSTR_BIT(i)))
				continue;
			int ex[1] = { s };
			int c = lots_eng_count_except(e, INSTR_BIT(i), ex, 1);
			if (c == 1) {
				msg_set(err, errlen, N_("rule 'two reviewers party to each instrument' "
							"cannot be met for %s: only %d other reviewing "
							"State is party to %s"),
					r->v[s].code, c, roster_instrument_code(i));
				return -1;
			}
			if (c < 1) {
				msg_set(err, errlen, N_("rule 'two reviewers party to each instrument' "
							"cannot be met for %s: only %d other reviewing "
							"States are party to %s"),
					r->v[s].code, c, roster_instrument_code(i));
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
				msg_set(err, errlen, N_("rule 'no reciprocal reviews' cannot be met for "
							"%s: its only same_region reviewer %s has %s as "
							"its only same_region reviewer"),
					r->v[s].code, r->v[o].code, r->v[s].code);
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
			msg_set(err, errlen, N_("rule 'no reciprocal reviews' cannot be met for %s: "
						"only %d reviewing States are party to %s (%s), each "
						"needs two of the others as reviewers for it, and %d "
						"States can make at most %d non-reciprocal reviews among "
						"themselves"),
				r->v[e->mpool[m][0]].code, k, roster_instrument_code(i),
				buf_str(&names), k, k * (k - 1) / 2);
			buf_free(&names);
			return -1;
		}
	}
	if (capsum < 2L * e->nrv) {
		if (e->load_max == 3)
			msg_set(err, errlen, N_("rule 'at most three reviews each' cannot be met: %d "
						"reviewed States need at least %d reviews but the %d "
						"reviewing States can make at most %ld"),
				e->nrv, 2 * e->nrv, e->npool, capsum);
		else
			msg_set(err, errlen, N_("rule 'at most %s reviews each' cannot be met: %d "
						"reviewed States need at least %d reviews but the %d "
						"reviewing States can make at most %ld"),
				bound_most(e, most), e->nrv, 2 * e->nrv, e->npool, capsum);
		return -1;
	}
	for (int g = 0; g < GROUP_COUNT; g++) {
		long gc = 0, nr = 0;
		for (int j = 0; j < e->ngpool[g]; j++)
			gc += e->cap[e->gpool[g][j]];
		for (int ri = 0; ri < e->nrv; ri++)
			nr += group_of(e, e->rv[ri].reviewed) == g;
		if (nr <= gc)
			continue;
		if (e->load_max == 3)
			msg_set(err, errlen, N_("rule 'at most three reviews each' cannot be met for "
						"group %s: %ld reviewed States need a same_region "
						"reviewer but its %d reviewing States can make at most "
						"%ld reviews"),
				roster_group_code(g), nr, e->ngpool[g], gc);
		else
			msg_set(err, errlen, N_("rule 'at most %s reviews each' cannot be met for "
						"group %s: %ld reviewed States need a same_region "
						"reviewer but its %d reviewing States can make at most "
						"%ld reviews"),
				bound_most(e, most), roster_group_code(g), nr, e->ngpool[g], gc);
		return -1;
	}
	return 0;
}
