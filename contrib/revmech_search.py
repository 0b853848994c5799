"""revmech_search.py - the bounded search of contrib/revmech_draw.py (the
second implementation of `revmech draw lots`, issue 12), written from
docs/draw.md "How the method samples" step 4 and "The bounded search and
the exact solver, exactly".  Standard library only; used by
revmech_draw.Engine.draw when every attempt of the construction and repair
fails.

search(eng, seed) -> 1 (eng holds a valid draw), 0 (this run proved that
none exists), -1 (the run's node budget is spent)."""
import sys

from revmech_common import Rng, DOMAIN_REVIEWERS, NMASK, GROUPS, INSTR


class _Budget(Exception):
    pass


# Causes of a dead end (draw_search.c): per review, then global.
DE_SAME, DE_OTHER, DE_TWO = 0, 1, 2
DE_NOPLAN, DE_NOFIT, DE_PER_REVIEW = 6, 7, 8
DE_IDLE, DE_GROUP, DE_INSTR, DE_ROOM, DE_IDLE_MANY = 0, 1, 2, 3, 4


class Search:
    """One run of the depth-first search over whole review
    configurations (lots_eng_search)."""

    def __init__(self, eng, seed, run, budget):
        self.e = eng
        self.budget = budget
        self.nodes = 0
        self.deads, self.ndead, self.why = {}, 0, None
        g = Rng(seed, DOMAIN_REVIEWERS, 0xffffffff - run)
        eng.reset()
        # Shuffled candidate lists: the pool, each group's pool (groups
        # in code order), each mask's pool (m = 0 .. 15), then the
        # reviews' tie-break order.
        self.pool = eng.pool[:]
        g.shuffle(self.pool)
        self.gp = []
        for gr in range(len(GROUPS)):
            lst = eng.gpool[gr][:]
            g.shuffle(lst)
            self.gp.append(lst)
        self.mp = []
        for m in range(NMASK):
            lst = eng.mpool[m][:]
            g.shuffle(lst)
            self.mp.append(lst)
        self.order = list(range(len(eng.rv)))
        g.shuffle(self.order)

    def can(self, s, x):
        e = self.e
        return x != s and e.load[x] < e.cap[x] and not e.reviews(s, x)

    def feasible(self, left):
        """Necessary conditions for completing the draw (dfs_feasible):
        None, or the index of the dead end's cause."""
        e = self.e
        room = sum(e.cap[x] - e.load[x] for x in e.pool)
        if room < 2 * left:
            return self.at(-1, DE_ROOM, 0)
        if e.deficit > min(e.max_reviewers, 4) * left:
            return self.at(-1, DE_IDLE_MANY, 0)
        ngr, only = 0, -1
        for gr in range(len(GROUPS)):
            if e.gpool[gr]:
                ngr += 1
                only = gr
        empty = [v for v in e.rv if not v.st]
        for gr in range(len(GROUPS)):
            if not e.gpool[gr]:
                continue
            need = 0
            for v in empty:
                gs = e.grp(v.reviewed)
                others = ngr - (1 if e.gpool[gs] else 0)
                if gs == gr:
                    need += 1
                elif others == 1 and (e.gpool[gs] or only == gr):
                    need += 1
            have = sum(e.cap[x] - e.load[x] for x in e.gpool[gr])
            if have < need:
                return self.at(-1, DE_GROUP, gr)
        for i in range(len(INSTR)):
            m = 1 << i
            need = sum(2 for v in empty if e.ins(v.reviewed) & m)
            have = 0
            for x in e.mpool[m]:
                if have >= need:
                    break
                have += e.cap[x] - e.load[x]
            if have < need:
                return self.at(-1, DE_INSTR, i)
        for y in e.zlist:
            if not any(s != y and not e.reviews(s, y) for s in (v.reviewed for v in empty)):
                return self.at(-1, DE_IDLE, y)
        return None

    def choose(self):
        """The empty review with the fewest candidates for its scarcest
        need (dfs_choose): its index, -1 none empty, -2 one unstaffable."""
        e = self.e
        g_of, i_of, load, cap, rvs = e.g_of, e.i_of, e.load, e.cap, e.rv
        best, bestkey = -1, 0
        for ri in self.order:
            v = e.rv[ri]
            if v.st:
                continue
            s = v.reviewed
            gs, ms = g_of[s], i_of[s]
            cs = co = 0
            ci = [0, 0, 0, 0]
            ri_s = e.rev_of
            for x in e.pool:
                # can(s, x), inlined
                if x == s or load[x] >= cap[x]:
                    continue
                rx = ri_s[x]
                if rx >= 0 and s in rvs[rx].st:
                    continue
                if g_of[x] == gs:
                    cs += 1
                else:
                    co += 1
                mx = i_of[x] & ms
                if mx:
                    for i in range(4):
                        if mx >> i & 1:
                            ci[i] += 1
            if cs < 1 or co < 1:
                self.why = self.at(ri, DE_SAME if cs < 1 else DE_OTHER, 0)
                return -2
            key = min(cs, co)
            for i in range(4):
                if not ms >> i & 1:
                    continue
                if ci[i] < 2:
                    self.why = self.at(ri, DE_TWO + i, 0)
                    return -2
                key = min(key, ci[i] - 1)
            if best < 0 or key < bestkey:
                best, bestkey = ri, key
        return best

    def rec(self, depth):
        e = self.e
        if depth == len(e.rv):
            if e.viol == 0:
                return 1
            self.dead(self.at(-1, DE_IDLE, e.zlist[0]) if len(e.zlist) == 1 else
                      self.at(-1, DE_IDLE_MANY, 0))
            return 0
        self.nodes += 1
        if self.nodes > self.budget:
            raise _Budget()
        why = self.feasible(len(e.rv) - depth)
        if why is not None:
            self.dead(why)
            return 0
        ri = self.choose()
        if ri < 0:
            if ri == -2:
                self.dead(self.why)
            return 0
        tried = planned = False
        old = e.rv[ri]
        s = old.reviewed
        gs, ms = e.grp(s), e.ins(s)
        lit_search = e.params.get("literal_28b_search", 0)
        for pas in range(1 if lit_search else 0, -1, -1):
            for pa in range(2):
                for a in self.gp[gs]:
                    if ((e.ins(a) & ms) == ms) != (pa == 0) or not self.can(s, a):
                        continue
                    for pb in range(2):
                        for b in self.pool:
                            if ((e.ins(b) & ms) == ms) != (pb == 0):
                                continue
                            if e.grp(b) == gs or not self.can(s, b):
                                continue
                            none, plans = e.plans(s, a, b)
                            planned = planned or none or bool(plans)
                            if none:
                                plans = [(0, 0)]
                            for m0, m1 in plans:
                                if lit_search and int(e.plan_is_literal(s, a, b, m0, m1)) != pas:
                                    continue
                                l0 = self.mp[m0] if m0 else [-1]
                                l1 = self.mp[m1] if m1 else [-1]
                                for c0 in l0:
                                    if m0 and (c0 == a or c0 == b or not self.can(s, c0)):
                                        continue
                                    for c1 in l1:
                                        if m1 and (c1 == a or c1 == b or c1 == c0 or
                                                   not self.can(s, c1)):
                                            continue
                                        nv = old.copy()
                                        nv.st = [a, b]
                                        nv.role = [0, 1]
                                        nv.instr = [ms & e.ins(a), ms & e.ins(b)]
                                        if m0:
                                            nv.st.append(c0)
                                            nv.role.append(2)
                                            nv.instr.append(m0)
                                        if m1:
                                            nv.st.append(c1)
                                            nv.role.append(2)
                                            nv.instr.append(m1)
                                        e.review_set(ri, nv)
                                        tried = True
                                        rc = self.rec(depth + 1)
                                        if rc != 0:
                                            return rc
                                        e.review_set(ri, old)
        if not tried:
            self.dead(self.at(ri, DE_NOFIT if planned else DE_NOPLAN, 0))
        return 0

    # --- the dead ends, counted for the message of a proof (dfs_explain) ---

    def at(self, review, kind, sub):
        """Index of a cause: per review (kind DE_SAME .. DE_NOFIT), else a
        global kind (DE_IDLE State, DE_GROUP group, DE_INSTR instrument,
        DE_ROOM, DE_IDLE_MANY)."""
        e = self.e
        base = len(e.rv) * DE_PER_REVIEW
        if review >= 0:
            return review * DE_PER_REVIEW + kind
        n = len(e.p)
        return base + {DE_IDLE: sub, DE_GROUP: n + sub, DE_INSTR: n + len(GROUPS) + sub,
                       DE_ROOM: n + len(GROUPS) + 4}.get(kind, n + len(GROUPS) + 5)

    def dead(self, at):
        self.deads[at] = self.deads.get(at, 0) + 1
        self.ndead += 1

    def explain(self):
        """The most frequent cause of the dead ends (the lowest index among
        equals), as revmech words it; "" when there is none."""
        e = self.e
        if not self.ndead:
            return ""
        best = min(self.deads, key=lambda i: (-self.deads[i], i))
        per = len(e.rv) * DE_PER_REVIEW
        most = _most(e)
        if best < per:
            c = e.p[e.rv[best // DE_PER_REVIEW].reviewed].code
            k = best % DE_PER_REVIEW
            if k == DE_SAME:
                what = "rule 'one same_region reviewer' for %s (no candidate left)" % c
            elif k == DE_OTHER:
                what = "rule 'one other_region reviewer' for %s (no candidate left)" % c
            elif k < DE_NOPLAN:
                what = ("rule 'two reviewers party to each instrument' for %s (fewer than two "
                        "candidates party to %s left)" % (c, INSTR[k - DE_TWO]))
            elif k == DE_NOPLAN:
                what = ("rule 'two reviewers party to each instrument' for %s (no pair of base "
                        "reviewers left leaves a staffable plan of additional reviewers within "
                        "%d)" % (c, e.max_reviewers))
            else:
                what = ("the review of %s (candidates left for each slot, but no combination "
                        "of them keeps every rule)" % c)
        else:
            i = best - per
            n = len(e.p)
            if i < n:
                what = "rule 'every State reviews at least once' for %s" % e.p[i].code
            elif i - n < len(GROUPS):
                what = ("rule 'at most %s reviews each' for group %s (too little workload left "
                        "for the slots only its members can fill)" % (most, GROUPS[i - n]))
            elif i - n - len(GROUPS) < 4:
                what = ("rule 'at most %s reviews each' for the parties to %s (too little "
                        "workload left for two reviewers per review)" %
                        (most, INSTR[i - n - len(GROUPS)]))
            elif i - n - len(GROUPS) == 4:
                what = ("rule 'at most %s reviews each' (too little workload left overall)" %
                        most)
            else:
                what = ("rule 'every State reviews at least once' (too many States left "
                        "without a review)")
        if self.ndead == 1:
            return "the search's only dead end was at %s" % what
        if self.deads[best] == self.ndead:
            return "all %d dead ends of the search were at %s" % (self.ndead, what)
        return "the search most often ended at %s: %d of its %d dead ends" % (
            what, self.deads[best], self.ndead)


def search(eng, seed, run, budget):
    """Run number run of the bounded search with budget nodes: 1 found (eng
    holds the draw), 0 proved that none exists, -1 budget spent; the
    nodes counted; and, for a proof, what its dead ends met most."""
    d = Search(eng, seed, run, budget)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * len(eng.rv) + 100))
    try:
        rc = d.rec(0)
    except _Budget:
        rc = -1
    finally:
        sys.setrecursionlimit(limit)
    return rc, min(d.nodes, budget), d.explain() if rc == 0 else ""


def _most(eng):
    words = ["zero", "one", "two", "three", "four", "five"]
    lm = eng.params["load_max"]
    return words[lm] if 0 <= lm <= 5 else str(lm)


def precheck(eng):
    """The exact checks of docs/draw.md ("rules that no draw can meet"),
    with revmech's messages (lots_eng_precheck): the message, or None."""
    p = eng.p
    capsum = sum(eng.cap[x] for x in eng.pool)
    for v in eng.rv:
        s = v.reviewed
        gs = eng.grp(s)
        same = len(eng.gpool[gs]) - (1 if eng.in_pool[s] else 0)
        if same < 1:
            return ("rule 'one same_region reviewer' cannot be met for %s: no other State of "
                    "group %s can review" % (p[s].code, GROUPS[gs]))
        if len(eng.pool) - len(eng.gpool[gs]) < 1:
            return ("rule 'one other_region reviewer' cannot be met for %s: no State of "
                    "another regional group can review" % p[s].code)
        for i in range(4):
            if not eng.ins(s) >> i & 1:
                continue
            c = eng.count_mask_except(1 << i, [s])
            if c < 2:
                return ("rule 'two reviewers party to each instrument' cannot be met for %s: "
                        "only %d other reviewing State%s party to %s" %
                        (p[s].code, c, " is" if c == 1 else "s are", INSTR[i]))
        if same == 1 and eng.in_pool[s]:
            o = [x for x in eng.gpool[gs] if x != s][-1]
            if eng.rev_of[o] >= 0 and len(eng.gpool[gs]) == 2:
                return ("rule 'no reciprocal reviews' cannot be met for %s: its only "
                        "same_region reviewer %s has %s as its only same_region reviewer" %
                        (p[s].code, p[o].code, p[s].code))
    for i in range(4):
        mp = eng.mpool[1 << i]
        k = len(mp)
        if k in (3, 4):
            return ("rule 'no reciprocal reviews' cannot be met for %s: only %d reviewing "
                    "States are party to %s (%s), each needs two of the others as reviewers "
                    "for it, and %d States can make at most %d non-reciprocal reviews among "
                    "themselves" % (p[mp[0]].code, k, INSTR[i],
                                    ", ".join(p[x].code for x in mp), k, k * (k - 1) // 2))
    if capsum < 2 * len(eng.rv):
        return ("rule 'at most %s reviews each' cannot be met: %d reviewed States need at "
                "least %d reviews but the %d reviewing States can make at most %d" %
                (_most(eng), len(eng.rv), 2 * len(eng.rv), len(eng.pool), capsum))
    for gr in range(len(GROUPS)):
        gc = sum(eng.cap[x] for x in eng.gpool[gr])
        nr = sum(1 for v in eng.rv if eng.grp(v.reviewed) == gr)
        if nr > gc:
            return ("rule 'at most %s reviews each' cannot be met for group %s: %d reviewed "
                    "States need a same_region reviewer but its %d reviewing States can make "
                    "at most %d reviews" % (_most(eng), GROUPS[gr], nr, len(eng.gpool[gr]), gc))
    return None
