#!/usr/bin/env python3
"""revmech_draw.py - a second implementation of `revmech draw lots`, in
Python with the standard library only, written from docs/draw.md (issue 12,
"reproducible by anyone").

    python3 contrib/revmech_draw.py draw lots --roster FILE.csv --seed HEX [--out FILE.json]
                                  [--parameters FILE.json] [--effort NODES,CONFLICTS]

prints (or writes) the same document, byte for byte, as
`revmech draw lots --roster FILE.csv --seed HEX`, so that a State can check
a draw without trusting the C binary.  With --parameters (a JSON object of
the parameters, or a drawing document whose "parameters" are used) it draws
under that version (R38: cap of reviewers per review, workload, cohorts),
as `revmech draw lots --db` does under the version in force.

    python3 contrib/revmech_draw.py draw redraw --roster FILE.csv --draw FILE.json
        --reviewed CODE --replace CODE --requested-by CODE --reason REASON
        [--note TEXT] [--decision REF] [--consent-by WHO --consent-date DATE
        --consent-ref REF] [--out FILE.json] [--json]

writes the same redrawn document (and prints the same line) as `revmech
draw redraw --roster ...` with those options (revmech_redraw.py).

Every step of docs/draw.md "How the method samples" is here: the exact
checks (with revmech's messages), the cohorts, the construction and the
repair of every attempt, the bounded search (revmech_search.py) and the
exact solver (revmech_exact.py), so any roster revmech draws is drawn the
same.  When no draw exists or none is found, it exits 2 like revmech; the
messages of the exact checks and of the redraw refusals are revmech's, the
others (proof by the search or the solver, budget spent) give the gist.

Exit status: 0 document written; 1 usage; 2 bad roster or document, a
refused redraw, or no draw made."""
import csv
import hashlib
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from revmech_common import (GROUPS, INSTR, ROLES, DOMAIN_COHORTS, DOMAIN_REVIEWERS,  # noqa: E402
                            NMASK, Rng)

FORMAT = "revmech-draw/3"   # docs/draw.md "The document": "ceremony" after "seed_commitment"
ALGORITHM = ("revmech-lots/1 (ChaCha20-IETF stream, uniform rejection sampling in random "
             "order, min-conflicts repair)")
COLS = ["code", "name", "group", "untoc", "tip", "som", "firearms", "uncac", "opt_out",
        "volunteer_reviewed", "extra_reviews", "not_reviewed", "not_reviewer"]
# The parameters (R38; migration 0029; docs/draw.md "Parameters"), in the
# order of the document, with the version and the decision that set them.
# A draw from a roster file uses version 1, the annex's; --parameters FILE
# gives another (a JSON object of these keys, or a drawing document whose
# "parameters" are taken).
PARAM_KEYS = ["max_reviewers", "redraw_limit", "load_min", "load_max", "cohorts", "version",
              "decision", "decided_on"]
ANNEX = {"max_reviewers": 4, "redraw_limit": 4, "load_min": 1, "load_max": 3, "cohorts": 3,
         "version": 1, "decision": "resolution 9/1 (annex)", "decided_on": "2018-10-19"}
# literal_28b_search (issue 12, migration 0041): 1 makes the bounded search
# and the redraws of a base try the literal reading of para 28 (b) first
# (revmech_search.py, revmech_redraw.py); a draw of the construction and
# repair is the same under 0 and 1.  Absent means 0; the document writes it
# after "cohorts" only when it is 1.
OPTIONAL_KEYS = ["literal_28b_search"]
MAX_SLOTS, MAX_COHORTS = 6, 10


class NoDraw(Exception):
    """No draw is made (revmech exits 2); the message is the gist of
    revmech's, not its exact text."""


# The exact solver's limits (docs/draw.md step 5).
EXACT_MAX_PAIRS, EXACT_CONFLICTS = 40000, 200000


# --- the roster ---------------------------------------------------------

class Party:
    __slots__ = ("code", "name", "group", "instr", "uncac", "opt_out", "volunteer", "extra",
                 "not_reviewed", "not_reviewer")


def _flag(s, line, col):
    if s not in ("0", "1"):
        raise ValueError("line %d, column %s: '%s' is not 0 or 1" % (line, col, s))
    return int(s)


def parse_roster(data):
    """The roster CSV (core/roster.h) as a list of Party, in file order."""
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ValueError("line 1: empty file")
    head = rows[0]
    if len(head) < 9 or head != COLS[:len(head)]:
        raise ValueError("line 1: header is not %s" % ",".join(COLS[:9]))
    out, seen = [], set()
    for n, f in enumerate(rows[1:], start=2):
        if not f:
            continue
        if len(f) != len(head):
            raise ValueError("line %d: %d fields, expected %d" % (n, len(f), len(head)))
        p = Party()
        p.code, p.name = f[0], f[1]
        if len(p.code) != 3 or not p.code.isascii() or not p.code.isupper() or not p.code.isalpha():
            raise ValueError("line %d: bad code '%s'" % (n, p.code))
        if p.code in seen:
            raise ValueError("line %d: duplicate code '%s'" % (n, p.code))
        seen.add(p.code)
        if f[2] and f[2] not in GROUPS:
            raise ValueError("line %d: unknown regional group '%s'" % (n, f[2]))
        p.group = GROUPS.index(f[2]) if f[2] else -1
        p.instr = sum(_flag(f[3 + i], n, INSTR[i]) << i for i in range(4))
        p.uncac = _flag(f[7], n, "uncac")
        p.opt_out = _flag(f[8], n, "opt_out")
        p.volunteer = _flag(f[9], n, "volunteer_reviewed") if len(f) > 9 and f[9] else 0
        p.extra = int(f[10]) if len(f) > 10 and f[10] else 0
        p.not_reviewed = p.not_reviewer = p.opt_out
        if len(f) > 11 and f[11]:
            p.not_reviewed |= _flag(f[11], n, "not_reviewed")
        if len(f) > 12 and f[12]:
            p.not_reviewer |= _flag(f[12], n, "not_reviewer")
        p.opt_out = int(p.not_reviewed and p.not_reviewer)
        out.append(p)
    return out


def _csv_field(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def roster_hash(parties):
    """SHA-256 of the canonical form (docs/draw.md "Roster hash")."""
    lines = [",".join(COLS)]
    for p in sorted(parties, key=lambda p: p.code.encode()):
        lines.append(",".join([p.code, _csv_field(p.name), GROUPS[p.group] if p.group >= 0 else ""]
                              + [str((p.instr >> i) & 1) for i in range(4)]
                              + [str(p.uncac), str(int(p.not_reviewed and p.not_reviewer)),
                                 str(p.volunteer), str(p.extra), str(p.not_reviewed),
                                 str(p.not_reviewer)]))
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def reviewed(p):
    if p.group < 0 or p.not_reviewed:
        return False
    return p.instr != 0 if p.volunteer else bool(p.instr & 1)


def may_review(p):
    return p.group >= 0 and not p.not_reviewer and not p.volunteer and bool(p.instr & 1)


# --- the drawer (docs/draw.md "How the method samples") -------------------

class Review:
    __slots__ = ("reviewed", "year", "st", "role", "instr")

    def __init__(self, s):
        self.reviewed, self.year = s, 0
        self.st, self.role, self.instr = [], [], []

    def copy(self):
        v = Review(self.reviewed)
        v.year, v.st, v.role, v.instr = self.year, self.st[:], self.role[:], self.instr[:]
        return v


def check_params(p):
    """The ranges the drawer accepts (lots_params_supported); raises ValueError."""
    for k in PARAM_KEYS:
        if k not in p:
            raise ValueError("parameters: %s missing" % k)
    for k in PARAM_KEYS[:6]:
        if not isinstance(p[k], int) or isinstance(p[k], bool):
            raise ValueError("parameters: %s is not a number" % k)
    if not (2 <= p["max_reviewers"] <= MAX_SLOTS and 0 <= p["redraw_limit"] <= 100 and
            0 <= p["load_min"] <= p["load_max"] and 1 <= p["load_max"] <= 100 and
            1 <= p["cohorts"] <= MAX_COHORTS):
        raise ValueError("parameters: a value out of range")
    ls = p.get("literal_28b_search", 0)
    if ls not in (0, 1) or isinstance(ls, bool):
        raise ValueError("parameters: literal_28b_search is not 0 or 1")
    return p


class Engine:
    def __init__(self, parties, params=None):
        self.p = parties
        self.params = params or ANNEX
        self.load_min = self.params["load_min"]
        self.max_reviewers = self.params["max_reviewers"]
        self.ncohorts = self.params["cohorts"]
        n = len(parties)
        order = sorted(range(n), key=lambda i: parties[i].code.encode())
        self.rev_of = [-1] * n
        self.in_pool = [False] * n
        self.cap = [0] * n
        self.rv, self.pool = [], []
        self.gpool = [[] for _ in GROUPS]
        self.mpool = [[] for _ in range(NMASK)]
        # Static: each State's group and instruments, and the plans of
        # additional reviewers per (reviewed, base, base), computed once.
        self.g_of = [x.group for x in parties]
        self.i_of = [x.instr & 15 for x in parties]
        self.plan_memo = {}
        for i in order:
            x = parties[i]
            if reviewed(x):
                self.rev_of[i] = len(self.rv)
                self.rv.append(Review(i))
            if may_review(x):
                self.in_pool[i] = True
                self.cap[i] = self.params["load_max"] + max(x.extra, 0)
                self.pool.append(i)
                self.gpool[x.group].append(i)
                for m in range(NMASK):
                    if x.instr & m == m:
                        self.mpool[m].append(i)

    def grp(self, x):
        return self.g_of[x]

    def ins(self, x):
        return self.i_of[x]

    def reset(self):
        n = len(self.p)
        self.load = [0] * n
        self.zpos = [-1] * n
        # Below the minimum workload: every pool member at first (none
        # when the minimum is zero); deficit counts the reviews missing.
        self.zlist = self.pool[:] if self.load_min > 0 else []
        for i, x in enumerate(self.zlist):
            self.zpos[x] = i
        for v in self.rv:
            v.st, v.role, v.instr = [], [], []
        self.deficit = len(self.pool) * self.load_min
        self.viol = self.deficit

    def reviews(self, y, s):
        """Does y review s?"""
        ri = self.rev_of[s]
        return ri >= 0 and y in self.rv[ri].st

    def contrib(self, x):
        return max(self.load[x] - self.cap[x], 0) + max(self.load_min - self.load[x], 0)

    def link(self, s, x):
        self.viol -= self.contrib(x)
        if self.load[x] < self.load_min:
            self.deficit -= 1
            if self.load[x] + 1 == self.load_min:
                last = self.zlist.pop()
                if last != x:
                    self.zlist[self.zpos[x]] = last
                    self.zpos[last] = self.zpos[x]
                self.zpos[x] = -1
        self.load[x] += 1
        self.viol += self.contrib(x)
        if self.reviews(s, x):
            self.viol += 1

    def unlink(self, s, x):
        if self.reviews(s, x):
            self.viol -= 1
        self.viol -= self.contrib(x)
        self.load[x] -= 1
        if self.load[x] < self.load_min:
            self.deficit += 1
            if self.load[x] + 1 == self.load_min:
                self.zpos[x] = len(self.zlist)
                self.zlist.append(x)
        self.viol += self.contrib(x)

    def review_set(self, ri, nv):
        """Review ri becomes nv, keeping the counters exact."""
        v = self.rv[ri]
        for x in v.st:
            if x >= 0:
                self.unlink(v.reviewed, x)
        self.rv[ri] = nv
        for x in nv.st:
            if x >= 0:
                self.link(nv.reviewed, x)

    def count_mask_except(self, m, ex):
        c = len(self.mpool[m])
        done = []
        for z in ex:
            if z >= 0 and z not in done and self.in_pool[z] and self.ins(z) & m == m:
                c -= 1
            done.append(z)
        return c

    def plans(self, s, a, b):
        """The staffable plans of additional reviewers for bases a and b
        of s, in order of preference (lots_eng_plans): (none, plans), none
        True when no additional reviewer is needed; each plan (m0, m1),
        m1 0 for one additional reviewer.  They depend on the roster only."""
        key = (s, a, b)
        r = self.plan_memo.get(key)
        if r is None:
            r = self.plan_memo[key] = self._plans(s, a, b)
        return r

    def _plans(self, s, a, b):
        ms = self.ins(s)
        ma, mb = ms & ~self.ins(a), ms & ~self.ins(b)
        if not ma and not mb:
            return True, []
        d2, d1 = ma & mb, ma ^ mb
        cand = []
        if not d2:
            cand.append((ma | mb, 0))
        if ma and mb:
            cand.append((ma, mb))
        for x in range(NMASK):
            if len(cand) >= 2 + 2 * NMASK:
                break
            m0, m1 = d2 | x, d2 | (d1 & ~x)
            if (x & d1) != x or not m0 or not m1 or (m0 == ma and m1 == mb):
                continue
            cand.append((m0, m1))
        ex = [s, a, b]
        out = []
        for m0, m1 in cand:
            if 3 + (m1 != 0) > self.max_reviewers:   # the cap per review (para 28 c)
                continue
            c0 = self.count_mask_except(m0, ex)
            if c0 < 1:
                continue
            if m1:
                c1 = self.count_mask_except(m1, ex)
                cu = self.count_mask_except(m0 | m1, ex)
                if c1 < 1 or c0 + c1 - cu < 2:
                    continue
            out.append((m0, m1))
        return False, out

    def plan(self, s, a, b):
        """The preferred plan of additional reviewers: [] none needed,
        [m] or [m0, m1], or None if no plan can be staffed."""
        none, ps = self.plans(s, a, b)
        if none:
            return []
        if not ps:
            return None
        m0, m1 = ps[0]
        return [m0, m1] if m1 else [m0]

    def plan_is_literal(self, s, a, b, m0, m1):
        """lots_eng_plan_is_literal: masks (m0, m1) for bases a, b."""
        ms = self.ins(s)
        ma, mb = ms & ~self.ins(a), ms & ~self.ins(b)
        if not m0:
            return True
        if not m1:
            return m0 == ma | mb
        return (m0, m1) in ((ma, mb), (mb, ma))

    def plan_literal(self, s, a, b):
        """Whether the preferred plan reads para 28 (b) literally (one
        additional reviewer per base for exactly what it lacks, or one for
        both disjoint sets; not a split); None if no plan can be staffed."""
        p = self.plan(s, a, b)
        if p is None:
            return None
        if not p:
            return True
        ms = self.ins(s)
        ma, mb = ms & ~self.ins(a), ms & ~self.ins(b)
        if len(p) == 1:
            return p[0] == ma | mb
        return (p[0], p[1]) in ((ma, mb), (mb, ma))

    def ok(self, v, k, mask, x, dyn, lit=False):
        s = v.reviewed
        if x == s or not self.in_pool[x]:
            return False
        for j, y in enumerate(v.st):
            if j != k and y == x:
                return False
        if k == 0 and self.grp(x) != self.grp(s):
            return False
        if k == 1:
            if self.grp(x) == self.grp(s):
                return False
            if v.st[0] >= 0:
                pl = self.plan_literal(s, v.st[0], x)
                if pl is None or (lit and not pl):
                    return False
        if k >= 2 and self.ins(x) & mask != mask:
            return False
        if dyn:
            if self.load[x] >= self.cap[x] or self.reviews(s, x):
                return False
        return True

    def pick(self, v, k, mask, lst, forced):
        g = self.rng
        if not lst:
            return -1
        if forced and self.zlist:
            for _ in range(48):
                x = self.zlist[g.below(len(self.zlist))]
                if self.ok(v, k, mask, x, True, True):
                    return x
            for lit in (True, False):
                good = [x for x in self.zlist if self.ok(v, k, mask, x, True, lit)]
                if good:
                    return good[g.below(len(good))]
        for _ in range(48):
            x = lst[g.below(len(lst))]
            if self.ok(v, k, mask, x, True, True):
                return x
        for dyn, lit in ((True, True), (True, False), (False, False)):
            good = [x for x in lst if self.ok(v, k, mask, x, dyn, lit)]
            if good:
                return good[g.below(len(good))]
        return -1

    def slot_list(self, s, k, mask):
        if k == 0:
            return self.gpool[self.grp(s)]
        if k == 1:
            return self.pool
        return self.mpool[mask]

    def set_base_instr(self, v):
        ms = self.ins(v.reviewed)
        for k in range(2):
            v.role[k] = k
            v.instr[k] = ms & self.ins(v.st[k]) if v.st[k] >= 0 else 0

    def build_review(self, ri, base_left):
        v = self.rv[ri].copy()
        s = v.reviewed
        v.st, v.role, v.instr = [-1, -1], [0, 1], [0, 0]
        self.set_base_instr(v)
        for k in range(2):
            nz = self.deficit
            forced = nz > 0 and nz >= base_left - k
            lst = self.slot_list(s, k, 0)
            v.st[k] = self.pick(v, k, 0, lst, forced)
            if v.st[k] < 0 and k == 1:
                order = self.gpool[self.grp(s)][:]
                self.rng.shuffle(order)
                for y in order:
                    if v.st[1] >= 0:
                        break
                    if y == s:
                        continue
                    v.st[0] = y
                    v.st[1] = self.pick(v, 1, 0, lst, False)
            if v.st[k] < 0:
                self.stuck = (ri, k)
                return False
        self.set_base_instr(v)
        nz = self.deficit
        if not self.fill_additional(v, None, nz > 0 and nz >= base_left - 2):
            self.stuck = (ri, 2)
            return False
        self.review_set(ri, v)
        return True

    def fill_additional(self, v, old, forced):
        """Staffs the plan's additional slots of v (bases set), keeping the
        additional reviewers of old that still fit."""
        s = v.reviewed
        masks = self.plan(s, v.st[0], v.st[1])
        if masks is None:
            return False
        del v.st[2:], v.role[2:], v.instr[2:]
        for m in masks:
            v.st.append(-1)
            v.role.append(2)
            v.instr.append(m)
        for j, m in enumerate(masks):
            if old is not None:
                for y in old.st[2:]:
                    if v.st[2 + j] >= 0:
                        break
                    if self.ok(v, 2 + j, m, y, False):
                        v.st[2 + j] = y
            if v.st[2 + j] < 0:
                v.st[2 + j] = self.pick(v, 2 + j, m, self.slot_list(s, 2 + j, m), forced)
            if v.st[2 + j] < 0:
                return False
        return True

    # --- repair (docs/draw.md step 3: min-conflicts) ---

    def move(self, ri, k, x):
        old = self.rv[ri]
        nv = old.copy()
        mask = old.instr[k] if k >= 2 else 0
        if not self.ok(nv, k, mask, x, False):
            return None
        nv.st[k] = x
        if k >= 2:
            return nv
        self.set_base_instr(nv)
        return nv if self.fill_additional(nv, old, False) else None

    def evaluate(self, ri, nv):
        save = self.rv[ri]
        self.review_set(ri, nv)
        v = self.viol
        self.review_set(ri, save)
        return v

    def repair_review(self, ri, avoid):
        g = self.rng
        noise = g.below(100) < 3
        best, nbest, bestv = -1, 0, None
        s = self.rv[ri].reviewed
        for k in range(len(self.rv[ri].st)):
            mask = self.rv[ri].instr[k] if k >= 2 else 0
            lst = self.slot_list(s, k, mask)
            nl = len(lst)
            for t in range(min(nl, 200)):
                x = lst[t] if nl < 200 else lst[g.below(nl)]
                if x == self.rv[ri].st[k]:
                    continue
                nv = self.move(ri, k, x)
                if nv is None or (avoid >= 0 and avoid in nv.st):
                    continue
                v = 0 if noise else self.evaluate(ri, nv)
                if best < 0 or v < best:
                    best, nbest, bestv = v, 1, nv
                else:
                    if v == best:
                        nbest += 1
                        if g.below(nbest) == 0:
                            bestv = nv
        if best >= 0:
            self.review_set(ri, bestv)

    def repair_zero(self, y):
        g = self.rng
        best, nbest, bestv, bestri = -1, 0, None, -1
        nrv = len(self.rv)
        for t in range(min(nrv, 300)):
            ri = t if nrv < 300 else g.below(nrv)
            for k in range(len(self.rv[ri].st)):
                nv = self.move(ri, k, y)
                if nv is None:
                    continue
                v = self.evaluate(ri, nv)
                if best < 0 or v < best:
                    best, nbest, bestv, bestri = v, 1, nv, ri
                elif v == best:
                    nbest += 1
                    if g.below(nbest) == 0:
                        bestv, bestri = nv, ri
        if bestri >= 0:
            self.review_set(bestri, bestv)

    def repair_step(self):
        recs = [(ri, x) for ri, v in enumerate(self.rv) for x in v.st
                if self.reviews(v.reviewed, x)]
        bad = [x for x in self.pool if self.contrib(x) > 0]
        n = len(recs) + len(bad)
        if n == 0:
            return
        pick = self.rng.below(n)
        if pick < len(recs):
            self.repair_review(recs[pick][0], recs[pick][1])
            return
        x = bad[pick - len(recs)]
        if self.load[x] < self.load_min:
            self.repair_zero(x)
            return
        slots = [ri for ri, v in enumerate(self.rv) for y in v.st if y == x]
        self.repair_review(slots[self.rng.below(len(slots))], x)

    def cohorts(self, seed):
        g = Rng(seed, DOMAIN_COHORTS, 0)
        nc = self.ncohorts
        gorder, years, pos = list(range(len(GROUPS))), list(range(nc)), 0
        g.shuffle(gorder)
        g.shuffle(years)
        for grp in gorder:
            mem = [ri for ri, v in enumerate(self.rv) if self.grp(v.reviewed) == grp]
            nm = len(mem)
            quota = [nm // nc] * nc
            for _ in range(nm % nc):
                quota[years[pos % nc]] += 1
                pos += 1
            g.shuffle(mem)
            at = 0
            for y in range(nc):
                for _ in range(quota[y]):
                    self.rv[mem[at]].year = y + 1
                    at += 1

    def draw(self, seed, effort=None):
        """The draw of seed into self.rv, or NoDraw.  effort: (nodes,
        conflicts) of `--effort` (docs/draw.md "A lowered effort"), the
        fallback's budgets lowered; None for the method's own."""
        import revmech_search
        if not self.rv:
            raise NoDraw("no State can be reviewed: the roster has no party to the Convention "
                         "in a regional group")
        why = revmech_search.precheck(self)
        if why:
            raise NoDraw(why)
        self.cohorts(seed)
        attempts = 10 if len(self.rv) < 60 else 6
        years = [v.year for v in self.rv]
        for att in range(attempts):
            self.rng = Rng(seed, DOMAIN_REVIEWERS, att)
            self.reset()
            self.stuck = None
            order = list(range(len(self.rv)))
            self.rng.shuffle(order)
            built = True
            nrv = len(self.rv)
            for i, ri in enumerate(order):
                if not self.build_review(ri, 2 * (nrv - i)):
                    built = False
                    break
            for v, y in zip(self.rv, years):
                v.year = y
            if not built:
                continue
            limit = 2000 + 50 * nrv
            it = 0
            while it < limit and self.viol > 0:
                self.repair_step()
                it += 1
            if self.viol == 0:
                return
        # Step 4: ten runs of the bounded search, a tenth of 300,000
        # nodes each (docs/draw.md "The bounded search and the exact
        # solver, exactly"); then step 5, the exact solver.
        stuck = self.describe()
        budget = 300000
        # Tests only (tests/contrib/run.py): a smaller budget explores a
        # prefix of the same search, so it changes nothing where revmech's
        # search ran out of budget and its exact solver drew.
        if os.environ.get("REVMECH_PY_SEARCH_NODES"):
            budget = int(os.environ["REVMECH_PY_SEARCH_NODES"])
        climit = EXACT_CONFLICTS
        if effort:
            budget, climit = effort
        nodes = 0
        plural = lambda n, w: "%d %s%s" % (n, w, "" if n == 1 else "s")
        for run in range(10 if budget > 0 else 0):
            before = nodes
            rc, used, why = revmech_search.search(self, seed, run, budget // 10)
            nodes += used
            if rc == 1:
                return
            if rc == 0:
                prior = (", after %s that ran out of budget" % plural(run, "randomised run")
                         if run else "")
                raise NoDraw("no draw satisfies every rule: proved by exhaustive search (%s%s)%s"
                             % (plural(nodes - before, "node"), prior,
                                "; " + why if why else ""))
        conflicts = 0
        if len(self.rv) * len(self.pool) <= EXACT_MAX_PAIRS:
            import revmech_exact
            rc, conflicts = revmech_exact.solve(self, seed, climit)
            if rc == 1:
                return
            if rc == 0:
                raise NoDraw("no draw satisfies every rule: proved by the exact solver (%s, "
                             "after %s of search that ran out of budget)" %
                             (plural(conflicts, "conflict"), plural(nodes, "node")))
        # Step 6: both ran out of budget, but a count may prove that no
        # draw exists (revmech_bound.py).
        import revmech_bound
        why = revmech_bound.bound(self)
        if why:
            raise NoDraw(why)
        raise NoDraw("no valid draw found within the search budget (%s, %s%s): the roster may "
                     "still admit one; the last attempt was stuck on %s" %
                     (plural(attempts, "attempt"), plural(nodes, "node"),
                      ", %s of the exact solver" % plural(conflicts, "conflict")
                      if conflicts else "", stuck))

    def describe(self):
        """Where the last attempt was stuck (lots_eng_describe): the slot
        its construction could not fill, else the first violation left."""
        p = self.p
        if self.stuck:
            ri, k = self.stuck
            c = p[self.rv[ri].reviewed].code
            if k == 0:
                return "rule 'one same_region reviewer' for %s (no candidate)" % c
            if k == 1:
                return ("rule 'one other_region reviewer' for %s (no candidate leaves a "
                        "staffable plan of additional reviewers)" % c)
            return ("rule 'two reviewers party to each instrument' for %s (no additional "
                    "reviewer could be placed)" % c)
        for v in self.rv:
            for x in v.st:
                if self.reviews(v.reviewed, x):
                    return "rule 'no reciprocal reviews' for %s (reviewing %s)" % (
                        p[v.reviewed].code, p[x].code)
        for x in self.pool:
            if self.load[x] < self.load_min:
                if self.load_min == 1:
                    return "rule 'every State reviews at least once' for %s" % p[x].code
                return "rule 'every State reviews at least %d times' for %s" % (
                    self.load_min, p[x].code)
            if self.load[x] > self.cap[x]:
                return "rule 'at most %d reviews' for %s" % (self.cap[x], p[x].code)
        return "a violation it could not name"


# --- the document (docs/draw.md "The document") ----------------------------

def relaxations(parties, eng):
    """The reviews whose additional reviewers do not read para 28 (b)
    literally (docs/draw.md "Literal para 28 (b)"), as JSON lines."""
    words = lambda m: " ".join(INSTR[i] for i in range(4) if m >> i & 1)

    def parties_to(m, ex):
        return sum(1 for i in range(len(parties)) if i not in ex and eng.in_pool[i]
                   and eng.ins(i) & m == m)
    out = []
    for v in eng.rv:
        s, a, b, adds = v.reviewed, -1, -1, []
        for k, x in enumerate(v.st):
            if v.role[k] == 0:
                a = x
            elif v.role[k] == 1:
                b = x
            else:
                adds.append(v.instr[k])
        if not adds or a < 0 or b < 0:
            continue
        ms = eng.ins(s)
        ma, mb = ms & ~eng.ins(a), ms & ~eng.ins(b)
        merged_ok, per_ok = not (ma & mb), bool(ma and mb)
        if len(adds) == 1:
            lit = merged_ok and adds[0] == ma | mb
        else:
            lit = len(adds) == 2 and per_ok and tuple(adds) in ((ma, mb), (mb, ma))
        if lit:
            continue
        ex = (s, a, b)
        c_merged = merged_ok and parties_to(ma | mb, ex) >= 1
        ca, cb = parties_to(ma, ex), parties_to(mb, ex)
        c_per = per_ok and ca >= 1 and cb >= 1 and ca + cb - parties_to(ma | mb, ex) >= 2
        text = ""
        if merged_ok:
            text = "one additional reviewer for " + words(ma | mb)
        if per_ok:
            text += (", or one for " if merged_ok else "one additional reviewer for ") + \
                words(ma) + " and one for " + words(mb)
        reason = ("staffable, but not within the other rules (workload, reciprocity, cap) "
                  "as the review was drawn" if c_merged or c_per else
                  "not staffable: too few other reviewing States are party to those "
                  "instruments")
        out.append('{"reviewed": "%s", "rule": "para 28 b", "literal": "%s", "reason": "%s"}'
                   % (parties[s].code, text, reason))
    return out


def document(parties, eng, seed, sha, records=None):
    """The document; records: the redraw records (revmech_redraw.Record)."""
    # A redraw keeps its document's format: revmech-draw/2 has no "ceremony".
    fmt = getattr(eng, "doc_format", FORMAT)
    out = ["{", '  "format": "%s",' % fmt, '  "algorithm": %s,' % json.dumps(ALGORITHM),
           '  "seed": "%s",' % seed.hex(),
           '  "seed_commitment": "%s",' % hashlib.sha256(seed).hexdigest()] + \
          (['  "ceremony": null,'] if fmt == FORMAT else []) + [   # not from a ceremony (R51)
           '  "roster_sha256": "%s",' % sha,
           '  "parameters": {'] + \
          ['    "%s": %d,' % (k, eng.params[k]) for k in PARAM_KEYS[:5]] + \
          (['    "literal_28b_search": 1,'] if eng.params.get("literal_28b_search") else []) + \
          ['    "version": %d,' % eng.params["version"]] + \
          ['    "decision": %s,' % json.dumps(eng.params["decision"]),
           '    "decided_on": %s' % json.dumps(eng.params["decided_on"]), "  },",
           '  "groups": [']
    code = lambda i: parties[i].code
    nc = eng.ncohorts
    for y in range(1, nc + 1):
        sts = [code(v.reviewed) for v in eng.rv if v.year == y]
        out.append("    {")
        out.append('      "year": %d,' % y)
        if sts:
            out.append('      "states": [')
            out.append(",\n".join('        "%s"' % c for c in sts))
            out.append("      ]")
        else:
            out.append('      "states": []')
        out.append("    }" + ("," if y < nc else ""))
    out.append("  ],")
    if not eng.rv:
        out.append('  "reviews": [],')
    else:
        out.append('  "reviews": [')
        blocks = []
        for v in eng.rv:
            b = ["    {", '      "reviewed": "%s",' % code(v.reviewed), '      "year": %d,' % v.year]
            rs = []
            for k, x in enumerate(v.st):
                ins = [INSTR[i] for i in range(4) if v.instr[k] >> i & 1]
                r = ["        {", '          "state": "%s",' % code(x),
                     '          "role": "%s",' % ROLES[v.role[k]]]
                if ins:
                    r.append('          "instruments": [')
                    r.append(",\n".join('            "%s"' % i for i in ins))
                    r.append("          ]")
                else:
                    r.append('          "instruments": []')
                r.append("        }")
                rs.append("\n".join(r))
            if rs:
                b.append('      "reviewers": [')
                b.append(",\n".join(rs))
                b.append("      ]")
            else:
                b.append('      "reviewers": []')
            b.append("    }")
            blocks.append("\n".join(b))
        out.append(",\n".join(blocks))
        out.append("  ],")
    rel = relaxations(parties, eng)
    if rel:
        out.append('  "relaxations": [')
        out.append(",\n".join("    " + x for x in rel))
        out.append("  ],")
    else:
        out.append('  "relaxations": [],')
    if records:
        import revmech_redraw
        root = revmech_redraw.chain_root(seed, sha, eng.params)
        out.append('  "redraws": ' + revmech_redraw.records_json(records, root))
    else:
        out.append('  "redraws": []')
    out.append("}")
    return "\n".join(out) + "\n"


USAGE = ("usage: revmech_draw.py draw lots --roster FILE.csv --seed HEX [--out FILE.json] "
         "[--parameters FILE.json] [--effort NODES,CONFLICTS]\n"
         "       revmech_draw.py draw redraw --roster FILE.csv --draw FILE.json ... "
         "(see the header of revmech_redraw.py)\n")
OPTS = ("--roster", "--seed", "--out", "--parameters", "--effort")


def write_doc(path, doc):
    if path:
        tmp = path + ".tmp-%d" % os.getpid()
        with open(tmp, "w", encoding="ascii", newline="\n") as f:
            f.write(doc)
        os.replace(tmp, path)
    else:
        sys.stdout.write(doc)


def main(argv):
    if argv[:2] == ["draw", "redraw"]:
        import revmech_redraw
        return revmech_redraw.main(argv[2:], sys.modules[__name__])
    if argv[:2] != ["draw", "lots"]:
        sys.stderr.write(USAGE)
        return 1
    opts, i = {}, 2
    while i < len(argv):
        a = argv[i]
        if a in OPTS and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a.split("=", 1)[0] in OPTS and "=" in a:
            k, val = a.split("=", 1)
            opts[k] = val
            i += 1
        else:
            sys.stderr.write("revmech_draw.py: unexpected argument '%s'\n%s" % (a, USAGE))
            return 1
    if "--roster" not in opts or "--seed" not in opts:
        sys.stderr.write(USAGE)
        return 1
    try:
        seed = bytes.fromhex(opts["--seed"])
    except ValueError:
        seed = b""
    if len(seed) != 32 or len(opts["--seed"]) != 64:
        sys.stderr.write("revmech_draw.py: --seed: '%s' is not 64 hex digits\n" % opts["--seed"])
        return 1
    try:
        with open(opts["--roster"], "rb") as f:
            parties = parse_roster(f.read())
    except (OSError, ValueError, UnicodeDecodeError) as e:
        sys.stderr.write("revmech_draw.py: %s: %s\n" % (opts["--roster"], e))
        return 2
    params = None
    if "--parameters" in opts:
        try:
            with open(opts["--parameters"], "rb") as f:
                p = json.loads(f.read().decode("utf-8"))
            params = check_params(p.get("parameters", p) if isinstance(p, dict) else None)
        except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError) as e:
            sys.stderr.write("revmech_draw.py: --parameters: %s: %s\n" % (opts["--parameters"], e))
            return 2
    effort = None
    if "--effort" in opts:
        # docs/draw.md "A lowered effort": tests only; a draw found under
        # it is never written.
        try:
            effort = tuple(int(x) for x in opts["--effort"].split(","))
        except ValueError:
            effort = ()
        if len(effort) != 2 or min(effort) < 1 or max(effort) > 100000000:
            sys.stderr.write("revmech_draw.py: --effort: '%s' is not NODES,CONFLICTS (two "
                             "numbers of at least 1)\n" % opts["--effort"])
            return 1
    eng = Engine(parties, params)
    try:
        eng.draw(seed, effort)
    except NoDraw as e:
        sys.stderr.write("revmech_draw.py: %s\n" % e)
        return 2
    if effort:
        sys.stderr.write("revmech_draw.py: --effort: a draw was found under a lowered effort; it "
                         "need not be the draw of this seed, so it is not written\n")
        return 2
    write_doc(opts.get("--out"), document(parties, eng, seed, roster_hash(parties)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
