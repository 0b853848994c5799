/* sat.c - a small CDCL SAT solver (two watched literals, first-UIP
 * learning with local minimisation, VSIDS with phase saving, Luby
 * restarts, learnt clauses kept by LBD), for the complete fallback of the
 * drawer (exact.c).  Written for determinism rather than speed: every
 * choice depends only on the clauses, their order and the initial
 * priorities.  See sat.h. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lots/sat.h"
#include "util/xmalloc.h"

struct watch {
	int cref, blocker;
};

struct wlist {
	struct watch *v;
	int n, cap;
};

struct sat {
	int nvars, capvars;
	signed char *val;        /* per var: 1 true, -1 false, 0 unassigned */
	signed char *phase;      /* saved polarity: 1 true, else false */
	int *level, *reason;     /* reason: clause offset, -1 decision/none */
	double *act;
	char *seen;
	int *heap, *hpos, nheap; /* max-heap of vars by activity */
	int *trail, ntrail, qhead;
	int *lim, nlim;          /* trail size at each decision level */
	struct wlist *watches;   /* per literal index (2v + negative) */
	int *mem;                /* clauses: size, learnt flag, lbd, literals */
	size_t nmem, capmem;
	int *learnts, nlearnts, caplearnts;
	int unsat;
	double var_inc;
	long conflicts, decisions;
	int *tmp, captmp;        /* the learnt clause being built */
	int *lvlseen;            /* per level: stamp for LBD */
	int stamp;
};

static int lidx(int lit)
{
	return lit > 0 ? 2 * lit : -2 * lit + 1;
}

static int lval(const struct sat *s, int lit)
{
	int v = s->val[lit > 0 ? lit : -lit];
	return lit > 0 ? v : -v;
}

struct sat *sat_new(void)
{
	struct sat *s = xcalloc(1, sizeof *s);
	s->var_inc = 1.0;
	return s;
}

void sat_free(struct sat *s)
{
	if (!s)
		return;
	for (int i = 0; i < 2 * s->capvars + 2; i++)
		free(s->watches ? s->watches[i].v : NULL);
	free(s->watches);
	free(s->val);
	free(s->phase);
	free(s->level);
	free(s->reason);
	free(s->act);
	free(s->seen);
	free(s->heap);
	free(s->hpos);
	free(s->trail);
	free(s->lim);
	free(s->mem);
	free(s->learnts);
	free(s->tmp);
	free(s->lvlseen);
	free(s);
}

/* --- the heap of variables by activity (ties: lower variable first) --- */

static int heap_lt(const struct sat *s, int a, int b)
{
	double x = s->act[a], y = s->act[b];
	if (x != y)
		return x > y;
	return a < b;
}

static void heap_up(struct sat *s, int i)
{
	int v = s->heap[i];
	while (i > 0) {
		int p = (i - 1) / 2;
		if (!heap_lt(s, v, s->heap[p]))
			break;
		s->heap[i] = s->heap[p];
		s->hpos[s->heap[i]] = i;
		i = p;
	}
	s->heap[i] = v;
	s->hpos[v] = i;
}

static void heap_down(struct sat *s, int i)
{
	int v = s->heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && heap_lt(s, s->heap[c + 1], s->heap[c]))
			c++;
		if (!heap_lt(s, s->heap[c], v))
			break;
		s->heap[i] = s->heap[c];
		s->hpos[s->heap[i]] = i;
		i = c;
	}
	s->heap[i] = v;
	s->hpos[v] = i;
}

static void heap_insert(struct sat *s, int v)
{
	if (s->hpos[v] >= 0)
		return;
	s->heap[s->nheap] = v;
	s->hpos[v] = s->nheap++;
	heap_up(s, s->nheap - 1);
}

static int heap_pop(struct sat *s)
{
	int v = s->heap[0];
	s->hpos[v] = -1;
	if (--s->nheap > 0) {
		s->heap[0] = s->heap[s->nheap];
		s->hpos[s->heap[0]] = 0;
		heap_down(s, 0);
	}
	return v;
}

int sat_var(struct sat *s)
{
	int v = ++s->nvars;
	if (v >= s->capvars) {
		int old = s->capvars, cap = old ? 2 * old : 256;
		while (cap <= v)
			cap *= 2;
		size_t n = (size_t)cap + 1;
		s->val = xreallocarray(s->val, n, 1);
		s->phase = xreallocarray(s->phase, n, 1);
		s->level = xreallocarray(s->level, n, sizeof *s->level);
		s->reason = xreallocarray(s->reason, n, sizeof *s->reason);
		s->act = xreallocarray(s->act, n, sizeof *s->act);
		s->seen = xreallocarray(s->seen, n, 1);
		s->heap = xreallocarray(s->heap, n, sizeof *s->heap);
		s->hpos = xreallocarray(s->hpos, n, sizeof *s->hpos);
		s->trail = xreallocarray(s->trail, n, sizeof *s->trail);
		s->lim = xreallocarray(s->lim, n, sizeof *s->lim);
		s->lvlseen = xreallocarray(s->lvlseen, n, sizeof *s->lvlseen);
		s->watches = xreallocarray(s->watches, 2 * n + 2, sizeof *s->watches);
		memset(s->watches + 2 * (old ? (size_t)old + 1 : 0), 0,
		       (2 * n + 2 - 2 * (old ? (size_t)old + 1 : 0)) * sizeof *s->watches);
		for (size_t i = old ? (size_t)old + 1 : 0; i < n; i++)
			s->lvlseen[i] = 0;
		s->capvars = cap;
	}
	s->val[v] = 0;
	s->phase[v] = 0;
	s->level[v] = 0;
	s->reason[v] = -1;
	s->act[v] = 0;
	s->seen[v] = 0;
	s->hpos[v] = -1;
	heap_insert(s, v);
	return v;
}

void sat_prefer(struct sat *s, int v, double priority, int phase)
{
	assert(v >= 1 && v <= s->nvars);
	s->act[v] = priority;
	s->phase[v] = phase != 0;
	if (s->hpos[v] >= 0) {
		heap_up(s, s->hpos[v]);
		heap_down(s, s->hpos[v]);
	}
}

static void watch_add(struct sat *s, int lit, int cref, int blocker)
{
	struct wlist *w = &s->watches[lidx(lit)];
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 4;
		w->v = xreallocarray(w->v, (size_t)w->cap, sizeof *w->v);
	}
	w->v[w->n].cref = cref;
	w->v[w->n++].blocker = blocker;
}

/* Stores a clause of n >= 2 literals and watches its first two. */
static int clause_store(struct sat *s, const int *lits, int n, int learnt, int lbd)
{
	if (s->nmem + (size_t)n + 3 > s->capmem) {
		size_t cap = s->capmem ? 2 * s->capmem : 4096;
		while (cap < s->nmem + (size_t)n + 3)
			cap *= 2;
		s->mem = xreallocarray(s->mem, cap, sizeof *s->mem);
		s->capmem = cap;
	}
	int c = (int)s->nmem;
	s->mem[c] = n;
	s->mem[c + 1] = learnt;
	s->mem[c + 2] = lbd;
	memcpy(s->mem + c + 3, lits, (size_t)n * sizeof *lits);
	s->nmem += (size_t)n + 3;
	watch_add(s, lits[0], c, lits[1]);
	watch_add(s, lits[1], c, lits[0]);
	if (learnt) {
		if (s->nlearnts == s->caplearnts) {
			s->caplearnts = s->caplearnts ? 2 * s->caplearnts : 1024;
			s->learnts = xreallocarray(s->learnts, (size_t)s->caplearnts,
						   sizeof *s->learnts);
		}
		s->learnts[s->nlearnts++] = c;
	}
	return c;
}

static void enqueue(struct sat *s, int lit, int reason)
{
	int v = lit > 0 ? lit : -lit;
	assert(s->val[v] == 0);
	s->val[v] = lit > 0 ? 1 : -1;
	s->level[v] = s->nlim;
	s->reason[v] = reason;
	s->trail[s->ntrail++] = lit;
}

/* Unit propagation; returns the offset of a conflicting clause or -1. */
static int propagate(struct sat *s)
{
	while (s->qhead < s->ntrail) {
		int f = -s->trail[s->qhead++];
		struct wlist *ws = &s->watches[lidx(f)];
		int i = 0, j = 0;
		while (i < ws->n) {
			struct watch w = ws->v[i++];
			if (lval(s, w.blocker) == 1) {
				ws->v[j++] = w;
				continue;
			}
			int *lits = s->mem + w.cref + 3, n = s->mem[w.cref];
			if (lits[0] == f) {
				lits[0] = lits[1];
				lits[1] = f;
			}
			int first = lits[0];
			if (first != w.blocker && lval(s, first) == 1) {
				ws->v[j].cref = w.cref;
				ws->v[j++].blocker = first;
				continue;
			}
			int found = 0;
			for (int k = 2; k < n; k++)
				if (lval(s, lits[k]) != -1) {
					lits[1] = lits[k];
					lits[k] = f;
					watch_add(s, lits[1], w.cref, first);
					found = 1;
					break;
				}
			if (found)
				continue;
			ws->v[j].cref = w.cref;
			ws->v[j++].blocker = first;
			if (lval(s, first) == -1) {
				while (i < ws->n)
					ws->v[j++] = ws->v[i++];
				ws->n = j;
				s->qhead = s->ntrail;
				return w.cref;
			}
			enqueue(s, first, w.cref);
		}
		ws->n = j;
	}
	return -1;
}

int sat_clause(struct sat *s, const int *lits, int n)
{
	if (s->unsat)
		return -1;
	assert(s->nlim == 0);
	if (n + 1 > s->captmp) {
		s->captmp = 2 * (n + 1);
		s->tmp = xreallocarray(s->tmp, (size_t)s->captmp, sizeof *s->tmp);
	}
	int m = 0;
	for (int i = 0; i < n; i++) {
		int l = lits[i], dup = 0;
		assert(l != 0 && (l > 0 ? l : -l) <= s->nvars);
		if (lval(s, l) == 1)
			return 0;                 /* satisfied at level 0 */
		if (lval(s, l) == -1)
			continue;
		for (int k = 0; k < m; k++) {
			if (s->tmp[k] == -l)
				return 0;         /* tautology */
			dup |= s->tmp[k] == l;
		}
		if (!dup)
			s->tmp[m++] = l;
	}
	if (m == 0) {
		s->unsat = 1;
		return -1;
	}
	if (m == 1) {
		enqueue(s, s->tmp[0], -1);
		if (propagate(s) >= 0) {
			s->unsat = 1;
			return -1;
		}
		return 0;
	}
	clause_store(s, s->tmp, m, 0, 0);
	return 0;
}

static void bump(struct sat *s, int v)
{
	if ((s->act[v] += s->var_inc) > 1e100) {
		for (int i = 1; i <= s->nvars; i++)
			s->act[i] *= 1e-100;
		s->var_inc *= 1e-100;
	}
	if (s->hpos[v] >= 0)
		heap_up(s, s->hpos[v]);
}

static void cancel_until(struct sat *s, int lvl)
{
	if (s->nlim <= lvl)
		return;
	for (int i = s->ntrail - 1; i >= s->lim[lvl]; i--) {
		int l = s->trail[i], v = l > 0 ? l : -l;
		s->phase[v] = l > 0;
		s->val[v] = 0;
		s->reason[v] = -1;
		heap_insert(s, v);
	}
	s->ntrail = s->qhead = s->lim[lvl];
	s->nlim = lvl;
}

static void tmp_push(struct sat *s, int *n, int lit)
{
	if (*n == s->captmp) {
		s->captmp = s->captmp ? 2 * s->captmp : 64;
		s->tmp = xreallocarray(s->tmp, (size_t)s->captmp, sizeof *s->tmp);
	}
	s->tmp[(*n)++] = lit;
}

/* First-UIP analysis of conflict confl: the learnt clause in tmp[0..*n)
 * (asserting literal first, a literal of the backtrack level second);
 * returns the backtrack level and sets *lbd. */
static int analyze(struct sat *s, int confl, int *nout, int *lbd)
{
	int path = 0, p = 0, idx = s->ntrail - 1, n = 0;
	tmp_push(s, &n, 0);
	do {
		assert(confl >= 0);
		int *lits = s->mem + confl + 3, cn = s->mem[confl];
		for (int k = p ? 1 : 0; k < cn; k++) {
			int q = lits[k], v = q > 0 ? q : -q;
			if (s->seen[v] || s->level[v] == 0)
				continue;
			s->seen[v] = 1;
			bump(s, v);
			if (s->level[v] >= s->nlim)
				path++;
			else
				tmp_push(s, &n, q);
		}
		while (!s->seen[abs(s->trail[idx])])
			idx--;
		p = s->trail[idx--];
		confl = s->reason[abs(p)];
		s->seen[abs(p)] = 0;
		path--;
	} while (path > 0);
	s->tmp[0] = -p;
	/* Local minimisation: drop a literal implied by others of the clause. */
	int m = 1;
	for (int i = 1; i < n; i++) {
		int v = abs(s->tmp[i]), r = s->reason[v], keep = 1;
		if (r >= 0) {
			keep = 0;
			int *lits = s->mem + r + 3, cn = s->mem[r];
			for (int k = 1; k < cn && !keep; k++) {
				int u = abs(lits[k]);
				keep = !s->seen[u] && s->level[u] > 0;
			}
		}
		if (keep) {
			/* a swap, not a copy: tmp[1..n) stays a permutation of
			 * the literals marked seen, which are all cleared below */
			int t = s->tmp[m];
			s->tmp[m++] = s->tmp[i];
			s->tmp[i] = t;
		}
	}
	for (int i = 1; i < n; i++)
		s->seen[abs(s->tmp[i])] = 0;
	n = m;
	int bt = 0;
	if (n > 1) {
		int best = 1;
		for (int i = 2; i < n; i++)
			if (s->level[abs(s->tmp[i])] > s->level[abs(s->tmp[best])])
				best = i;
		int t = s->tmp[1];
		s->tmp[1] = s->tmp[best];
		s->tmp[best] = t;
		bt = s->level[abs(s->tmp[1])];
	}
	s->stamp++;
	*lbd = 0;
	for (int i = 0; i < n; i++) {
		int l = s->level[abs(s->tmp[i])];
		if (s->lvlseen[l] != s->stamp) {
			s->lvlseen[l] = s->stamp;
			(*lbd)++;
		}
	}
	*nout = n;
	return bt;
}

static int cmp_learnt(const void *a, const void *b, void *ctx)
{
	const int *mem = ctx, x = *(const int *)a, y = *(const int *)b;
	if (mem[x + 2] != mem[y + 2])
		return mem[x + 2] > mem[y + 2] ? -1 : 1;   /* worst (highest LBD) first */
	return x < y ? 1 : -1;                          /* then the oldest */
}

/* At level 0: drops half of the learnt clauses (the highest LBD; those of
 * LBD 2 or less stay), compacts the clause memory and rebuilds the
 * watches. */
static void reduce(struct sat *s)
{
	assert(s->nlim == 0);
	qsort_r(s->learnts, (size_t)s->nlearnts, sizeof *s->learnts, cmp_learnt, s->mem);
	for (int i = 0; i < s->nlearnts / 2; i++)
		if (s->mem[s->learnts[i] + 2] > 2)
			s->mem[s->learnts[i] + 1] = 2;          /* deleted */
	int *mem = xmalloc(s->capmem * sizeof *mem);
	size_t nm = 0;
	s->nlearnts = 0;
	for (int i = 0; i < 2 * s->nvars + 2; i++)
		s->watches[i].n = 0;
	for (size_t c = 0; c < s->nmem; c += (size_t)s->mem[c] + 3) {
		int n = s->mem[c];
		if (s->mem[c + 1] == 2)
			continue;
		memcpy(mem + nm, s->mem + c, ((size_t)n + 3) * sizeof *mem);
		if (mem[nm + 1])
			s->learnts[s->nlearnts++] = (int)nm;
		watch_add(s, mem[nm + 3], (int)nm, mem[nm + 4]);
		watch_add(s, mem[nm + 4], (int)nm, mem[nm + 3]);
		nm += (size_t)n + 3;
	}
	free(s->mem);
	s->mem = mem;
	s->nmem = nm;
	for (int i = 0; i < s->ntrail; i++)
		s->reason[abs(s->trail[i])] = -1;       /* level 0: reasons not needed */
}

static long luby(long i)
{
	/* i-th term (from 0) of 1 1 2 1 1 2 4 ... */
	long size = 1, seq = 0;
	while (size < i + 1) {
		seq++;
		size = 2 * size + 1;
	}
	while (size - 1 != i) {
		size = (size - 1) / 2;
		seq--;
		i %= size;
	}
	return 1L << seq;
}

int sat_solve(struct sat *s, long max_conflicts)
{
	s->conflicts = s->decisions = 0;
	if (s->unsat)
		return 0;
	if (propagate(s) >= 0) {
		s->unsat = 1;
		return 0;
	}
	long restarts = 0, since = 0, limit = 64 * luby(0);
	int max_learnts = 2000 + s->nvars / 4;
	for (;;) {
		int confl = propagate(s);
		if (confl >= 0) {
			s->conflicts++;
			since++;
			if (s->nlim == 0) {
				s->unsat = 1;
				return 0;
			}
			int n, lbd, bt = analyze(s, confl, &n, &lbd);
			cancel_until(s, bt);
			if (n == 1)
				enqueue(s, s->tmp[0], -1);
			else
				enqueue(s, s->tmp[0], clause_store(s, s->tmp, n, 1, lbd));
			s->var_inc /= 0.95;
			if (s->conflicts >= max_conflicts) {
				cancel_until(s, 0);
				return -1;
			}
			if (since >= limit) {
				cancel_until(s, 0);
				since = 0;
				limit = 64 * luby(++restarts);
				if (s->nlearnts > max_learnts) {
					reduce(s);
					max_learnts += max_learnts / 10;
				}
			}
			continue;
		}
		int v = 0;
		while (s->nheap > 0) {
			v = heap_pop(s);
			if (s->val[v] == 0)
				break;
			v = 0;
		}
		if (v == 0)
			return 1;                  /* every variable assigned: a model */
		s->decisions++;
		s->lim[s->nlim++] = s->ntrail;
		enqueue(s, s->phase[v] ? v : -v, -1);
	}
}

int sat_value(const struct sat *s, int v)
{
	return v >= 1 && v <= s->nvars && s->val[v] == 1;
}

long sat_conflicts(const struct sat *s)
{
	return s->conflicts;
}

long sat_decisions(const struct sat *s)
{
	return s->decisions;
}
