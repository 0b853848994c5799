"""revmech_exact.py - the exact solver of contrib/revmech_draw.py (the
second implementation of `revmech draw lots`, issue 12): the rules as a
propositional formula and the small CDCL solver that decides it, written
from docs/draw.md step 5 and "The bounded search and the exact solver,
exactly".  Every choice of the solver depends only on the clauses, their
order and the priorities drawn from the seed, so this file finds the same
model as revmech.  Standard library only.

solve(eng, seed, climit) -> (1 (eng holds the draw), 0 (no draw exists) or
-1 (the conflict budget is spent), the conflicts used)."""
from revmech_common import Rng, DOMAIN_EXACT


class Sat:
    """CDCL: two watched literals (with a blocker), first-UIP learning
    with local minimisation, VSIDS (ties: lower variable) with phase
    saving, Luby restarts (64 conflicts a unit), learnt clauses halved by
    LBD at a restart when there are more than 2000 + vars/4."""

    def __init__(self):
        self.nvars = 0
        self.val = [0]
        self.phase = [0]
        self.level = [0]
        self.reason = [-1]
        self.act = [0.0]
        self.seen = [0]
        self.heap, self.hpos = [], [-1]
        self.trail, self.qhead = [], 0
        self.lim = []
        self.watches = [[], []]    # per literal index: [cref, blocker]
        self.mem = []              # clauses: size, learnt flag, lbd, literals
        self.learnts = []
        self.unsat = False
        self.var_inc = 1.0
        self.conflicts = 0
        self.lvlseen = [0]
        self.stamp = 0

    @staticmethod
    def lidx(lit):
        return 2 * lit if lit > 0 else -2 * lit + 1

    def lval(self, lit):
        v = self.val[lit if lit > 0 else -lit]
        return v if lit > 0 else -v

    def lt(self, a, b):
        x, y = self.act[a], self.act[b]
        if x != y:
            return x > y
        return a < b

    def heap_up(self, i):
        h, pos = self.heap, self.hpos
        v = h[i]
        while i > 0:
            p = (i - 1) // 2
            if not self.lt(v, h[p]):
                break
            h[i] = h[p]
            pos[h[i]] = i
            i = p
        h[i] = v
        pos[v] = i

    def heap_down(self, i):
        h, pos = self.heap, self.hpos
        v = h[i]
        n = len(h)
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and self.lt(h[c + 1], h[c]):
                c += 1
            if not self.lt(h[c], v):
                break
            h[i] = h[c]
            pos[h[i]] = i
            i = c
        h[i] = v
        pos[v] = i

    def heap_insert(self, v):
        if self.hpos[v] >= 0:
            return
        self.heap.append(v)
        self.hpos[v] = len(self.heap) - 1
        self.heap_up(len(self.heap) - 1)

    def heap_pop(self):
        h = self.heap
        v = h[0]
        self.hpos[v] = -1
        last = h.pop()
        if h:
            h[0] = last
            self.hpos[last] = 0
            self.heap_down(0)
        return v

    def var(self):
        self.nvars += 1
        v = self.nvars
        for a, x in ((self.val, 0), (self.phase, 0), (self.level, 0), (self.reason, -1),
                     (self.act, 0.0), (self.seen, 0), (self.hpos, -1), (self.lvlseen, 0)):
            a.append(x)
        self.watches.append([])
        self.watches.append([])
        self.heap_insert(v)
        return v

    def prefer(self, v, priority, phase):
        self.act[v] = priority
        self.phase[v] = 1 if phase else 0
        if self.hpos[v] >= 0:
            self.heap_up(self.hpos[v])
            self.heap_down(self.hpos[v])

    def store(self, lits, learnt, lbd):
        c = len(self.mem)
        self.mem.extend([len(lits), learnt, lbd])
        self.mem.extend(lits)
        self.watches[self.lidx(lits[0])].append([c, lits[1]])
        self.watches[self.lidx(lits[1])].append([c, lits[0]])
        if learnt:
            self.learnts.append(c)
        return c

    def enqueue(self, lit, reason):
        v = lit if lit > 0 else -lit
        self.val[v] = 1 if lit > 0 else -1
        self.level[v] = len(self.lim)
        self.reason[v] = reason
        self.trail.append(lit)

    def propagate(self):
        mem, val = self.mem, self.val
        while self.qhead < len(self.trail):
            f = -self.trail[self.qhead]
            self.qhead += 1
            ws = self.watches[self.lidx(f)]
            i = j = 0
            n_ws = len(ws)
            while i < n_ws:
                w = ws[i]
                i += 1
                cref, blocker = w
                bv = val[blocker if blocker > 0 else -blocker]
                if (bv if blocker > 0 else -bv) == 1:
                    ws[j] = w
                    j += 1
                    continue
                base = cref + 3
                n = mem[cref]
                if mem[base] == f:
                    mem[base] = mem[base + 1]
                    mem[base + 1] = f
                first = mem[base]
                if first != blocker and self.lval(first) == 1:
                    ws[j] = [cref, first]
                    j += 1
                    continue
                found = False
                for k in range(2, n):
                    lk = mem[base + k]
                    if self.lval(lk) != -1:
                        mem[base + 1] = lk
                        mem[base + k] = f
                        self.watches[self.lidx(lk)].append([cref, first])
                        found = True
                        break
                if found:
                    continue
                ws[j] = [cref, first]
                j += 1
                if self.lval(first) == -1:
                    while i < n_ws:
                        ws[j] = ws[i]
                        j += 1
                        i += 1
                    del ws[j:]
                    self.qhead = len(self.trail)
                    return cref
                self.enqueue(first, cref)
            del ws[j:]
        return -1

    def clause(self, lits):
        if self.unsat:
            return -1
        tmp = []
        for lit in lits:
            lv = self.lval(lit)
            if lv == 1:
                return 0
            if lv == -1:
                continue
            if -lit in tmp:
                return 0
            if lit not in tmp:
                tmp.append(lit)
        if not tmp:
            self.unsat = True
            return -1
        if len(tmp) == 1:
            self.enqueue(tmp[0], -1)
            if self.propagate() >= 0:
                self.unsat = True
                return -1
            return 0
        self.store(tmp, 0, 0)
        return 0

    def bump(self, v):
        self.act[v] += self.var_inc
        if self.act[v] > 1e100:
            for i in range(1, self.nvars + 1):
                self.act[i] *= 1e-100
            self.var_inc *= 1e-100
        if self.hpos[v] >= 0:
            self.heap_up(self.hpos[v])

    def cancel_until(self, lvl):
        if len(self.lim) <= lvl:
            return
        for i in range(len(self.trail) - 1, self.lim[lvl] - 1, -1):
            lit = self.trail[i]
            v = lit if lit > 0 else -lit
            self.phase[v] = 1 if lit > 0 else 0
            self.val[v] = 0
            self.reason[v] = -1
            self.heap_insert(v)
        del self.trail[self.lim[lvl]:]
        self.qhead = len(self.trail)
        del self.lim[lvl:]

    def analyze(self, confl):
        mem, seen, level = self.mem, self.seen, self.level
        path, p, idx = 0, 0, len(self.trail) - 1
        tmp = [0]
        nlim = len(self.lim)
        while True:
            cn = mem[confl]
            for k in range(1 if p else 0, cn):
                q = mem[confl + 3 + k]
                v = abs(q)
                if seen[v] or level[v] == 0:
                    continue
                seen[v] = 1
                self.bump(v)
                if level[v] >= nlim:
                    path += 1
                else:
                    tmp.append(q)
            while not seen[abs(self.trail[idx])]:
                idx -= 1
            p = self.trail[idx]
            idx -= 1
            confl = self.reason[abs(p)]
            seen[abs(p)] = 0
            path -= 1
            if path <= 0:
                break
        tmp[0] = -p
        m = 1
        n = len(tmp)
        for i in range(1, n):
            v = abs(tmp[i])
            r = self.reason[v]
            keep = True
            if r >= 0:
                keep = False
                for k in range(1, mem[r]):
                    u = abs(mem[r + 3 + k])
                    if not seen[u] and level[u] > 0:
                        keep = True
                        break
            if keep:
                tmp[m], tmp[i] = tmp[i], tmp[m]
                m += 1
        for i in range(1, n):
            seen[abs(tmp[i])] = 0
        del tmp[m:]
        bt = 0
        if m > 1:
            best = 1
            for i in range(2, m):
                if level[abs(tmp[i])] > level[abs(tmp[best])]:
                    best = i
            tmp[1], tmp[best] = tmp[best], tmp[1]
            bt = level[abs(tmp[1])]
        self.stamp += 1
        lbd = 0
        for lit in tmp:
            lv = level[abs(lit)]
            if self.lvlseen[lv] != self.stamp:
                self.lvlseen[lv] = self.stamp
                lbd += 1
        return tmp, bt, lbd

    def reduce(self):
        mem = self.mem
        order = sorted(self.learnts, key=lambda c: (mem[c + 2], c), reverse=True)
        for c in order[:len(order) // 2]:
            if mem[c + 2] > 2:
                mem[c + 1] = 2
        new = []
        self.learnts = []
        for w in self.watches:
            del w[:]
        c = 0
        while c < len(mem):
            n = mem[c]
            if mem[c + 1] != 2:
                nm = len(new)
                new.extend(mem[c:c + n + 3])
                if new[nm + 1]:
                    self.learnts.append(nm)
                self.watches[self.lidx(new[nm + 3])].append([nm, new[nm + 4]])
                self.watches[self.lidx(new[nm + 4])].append([nm, new[nm + 3]])
            c += n + 3
        self.mem = new
        for lit in self.trail:
            self.reason[abs(lit)] = -1

    @staticmethod
    def luby(i):
        size, seq = 1, 0
        while size < i + 1:
            seq += 1
            size = 2 * size + 1
        while size - 1 != i:
            size = (size - 1) // 2
            seq -= 1
            i %= size
        return 1 << seq

    def solve(self, max_conflicts):
        self.conflicts = 0
        if self.unsat:
            return 0
        if self.propagate() >= 0:
            self.unsat = True
            return 0
        restarts, since, limit = 0, 0, 64 * self.luby(0)
        max_learnts = 2000 + self.nvars // 4
        while True:
            confl = self.propagate()
            if confl >= 0:
                self.conflicts += 1
                since += 1
                if not self.lim:
                    self.unsat = True
                    return 0
                tmp, bt, lbd = self.analyze(confl)
                self.cancel_until(bt)
                if len(tmp) == 1:
                    self.enqueue(tmp[0], -1)
                else:
                    self.enqueue(tmp[0], self.store(tmp, 1, lbd))
                self.var_inc /= 0.95
                if self.conflicts >= max_conflicts:
                    self.cancel_until(0)
                    return -1
                if since >= limit:
                    self.cancel_until(0)
                    since = 0
                    restarts += 1
                    limit = 64 * self.luby(restarts)
                    if len(self.learnts) > max_learnts:
                        self.reduce()
                        max_learnts += max_learnts // 10
                continue
            v = 0
            while self.heap:
                v = self.heap_pop()
                if self.val[v] == 0:
                    break
                v = 0
            if v == 0:
                return 1
            self.lim.append(len(self.trail))
            self.enqueue(v if self.phase[v] else -v, -1)

    def value(self, v):
        return 1 <= v <= self.nvars and self.val[v] == 1


class _Enc:
    def __init__(self):
        self.s = Sat()
        self.true_var = self.s.var()
        self.cl(self.true_var)

    def cl(self, a, b=0, c=0):
        self.s.clause([x for x in (a, b, c) if x])

    def card(self, x, lo, hi):
        """lo <= (true literals of x) <= hi, a sequential counter whose
        variable cur[l] at step j is "at least l of x[0..j]"."""
        s, n = self.s, len(x)
        if lo > n:
            s.clause([])
            return
        if lo <= 0 and hi >= n:
            return
        if hi <= 0:
            for xj in x:
                self.cl(-xj)
            return
        if lo == 1 and hi >= n:
            s.clause(list(x))
            return
        K = hi + 1 if hi + 1 < n else n
        K = max(K, lo)
        prev, cur = [0] * (K + 1), [0] * (K + 1)
        for j in range(n):
            for lv in range(1, K + 1):
                if lv > j + 1:
                    cur[lv] = 0
                    continue
                v = s.var()
                pl = prev[lv]
                pl1 = self.true_var if lv == 1 else prev[lv - 1]
                cur[lv] = v
                if pl:
                    self.cl(-pl, v)
                if pl1 == self.true_var:
                    self.cl(-x[j], v)
                elif pl1:
                    self.cl(-x[j], -pl1, v)
                self.cl(-v, pl, x[j])
                if pl1 != self.true_var:
                    if not pl and not pl1:
                        self.cl(-v)
                    else:
                        self.cl(-v, pl, pl1)
            prev = cur[:]
        if hi < n and hi + 1 <= K and prev[hi + 1]:
            self.cl(-prev[hi + 1])
        if lo >= 1:
            if prev[lo]:
                self.cl(prev[lo])
            else:
                s.clause([])


# The proof stage's conflicts, in multiples of the budget (exact.c
# LOTS_EXACT_PROOF; docs/draw.md step 5).
PROOF = 2


def _solve(eng, seed, max_conflicts, literal, maxrev, more=0):
    """One solve (exact_solve); returns (rc, conflicts, reviews).  more: the
    proof stage, the same solver going on with what it learnt when the
    first max_conflicts settled nothing."""
    enc = _Enc()
    s = enc.s
    g = Rng(seed, DOMAIN_EXACT, 0)
    unit = lambda: g.u32() / 4294967296.0
    pool, nrv, np_ = eng.pool, len(eng.rv), len(eng.pool)
    pidx = {x: j for j, x in enumerate(pool)}
    B, A, R = [0] * (nrv * np_), [0] * (nrv * np_), [0] * (nrv * np_)
    T = [0] * (nrv * np_ * 4)
    for ri, v in enumerate(eng.rv):
        st = v.reviewed
        gs, ms = eng.grp(st), eng.ins(st)
        for j, x in enumerate(pool):
            at = ri * np_ + j
            if x == st:
                continue
            mx = eng.ins(x) & ms
            B[at] = s.var()
            s.prefer(B[at], 2.0 + unit(), 1)
            R[at] = s.var()
            if mx:
                A[at] = s.var()
                s.prefer(A[at], 1.0 + unit(), 0)
                enc.cl(-A[at], R[at])
                enc.cl(-A[at], -B[at])
                lits = [-A[at]]
                for i in range(4):
                    if mx >> i & 1:
                        t = s.var()
                        T[at * 4 + i] = t
                        enc.cl(-t, A[at])
                        lits.append(t)
                s.clause(lits)
            enc.cl(-B[at], R[at])
            enc.cl(-R[at], B[at], A[at])
        for same in (1, 0):
            lits = [B[ri * np_ + j] for j, x in enumerate(pool)
                    if B[ri * np_ + j] and (eng.grp(x) == gs) == same]
            enc.card(lits, 1, 1)
        lits = [A[ri * np_ + j] for j in range(np_) if A[ri * np_ + j]]
        if literal and maxrev - 2 >= 1:
            both = s.var()
            for same in (1, 0):
                lb = [-both] + [B[ri * np_ + j] for j, x in enumerate(pool)
                                if B[ri * np_ + j] and (eng.grp(x) == gs) == same and
                                (eng.ins(x) & ms) != ms]
                s.clause(lb)
            lits.append(-both)
        enc.card(lits, 0, maxrev - 2)
        for i in range(4):
            if not ms >> i & 1:
                continue
            lits = []
            for j, x in enumerate(pool):
                at = ri * np_ + j
                if not B[at] or not eng.ins(x) >> i & 1:
                    continue
                lits.append(B[at])
                lits.append(T[at * 4 + i])
            enc.card(lits, 2, 2)
    for ri in range(nrv):
        st = eng.rv[ri].reviewed
        if st not in pidx:
            continue
        for rj in range(ri + 1, nrv):
            x = eng.rv[rj].reviewed
            if x not in pidx:
                continue
            a, b = R[ri * np_ + pidx[x]], R[rj * np_ + pidx[st]]
            if a and b:
                enc.cl(-a, -b)
    for j, x in enumerate(pool):
        lits = [R[ri * np_ + j] for ri in range(nrv) if R[ri * np_ + j]]
        enc.card(lits, eng.load_min, eng.cap[x])
    rc = s.solve(max_conflicts)
    conflicts = s.conflicts
    if rc < 0 and more > 0:
        rc = s.solve(more)
        conflicts += s.conflicts
    out = None
    if rc == 1:
        out = []
        for ri, v in enumerate(eng.rv):
            st = v.reviewed
            ms = eng.ins(st)
            nv = v.copy()
            nv.st, nv.role, nv.instr = [-1, -1], [0, 1], [0, 0]
            for j, x in enumerate(pool):
                at = ri * np_ + j
                if B[at] and s.value(B[at]):
                    k = 0 if eng.grp(x) == eng.grp(st) else 1
                    nv.st[k], nv.role[k], nv.instr[k] = x, k, ms & eng.ins(x)
            for j, x in enumerate(pool):
                at = ri * np_ + j
                if not A[at] or not s.value(A[at]) or len(nv.st) >= 6:
                    continue
                m = 0
                for i in range(4):
                    if T[at * 4 + i] and s.value(T[at * 4 + i]):
                        m |= 1 << i
                nv.st.append(x)
                nv.role.append(2)
                nv.instr.append(m)
            out.append(nv)
    return rc, conflicts, out


def solve(eng, seed, max_conflicts):
    """Literal para 28 (b) first within a quarter of the conflicts, then the
    rules alone with the rest (lots_exact_solve); on a model eng holds it."""
    maxrev = min(eng.max_reviewers, 4)
    rc, c1, out = _solve(eng, seed, max_conflicts // 4, True, maxrev)
    c2 = 0
    if rc != 1:
        rc, c2, out = _solve(eng, seed, max_conflicts - c1, False, maxrev, PROOF * max_conflicts)
    if rc == 1:
        eng.reset()
        for ri, nv in enumerate(out):
            eng.review_set(ri, nv)
        if eng.viol != 0:
            raise AssertionError("the exact solver's model breaks a rule")
    return rc, c1 + c2
