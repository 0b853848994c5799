"""revmech_bound.py - the counting proof that no draw exists (docs/draw.md
"How the method samples", step 6; src/lots/draw_bound.c), written from
docs/draw.md for contrib/revmech_draw.py.  Standard library only.

bound(eng) returns revmech's message when the count proves that no draw
exists, else None.  It is called only where the bounded search and the
exact solver both ran out of budget."""
import itertools

from revmech_common import INSTR, NMASK

PROTOCOLS = 0b1110          # tip, som, firearms (bits 1-3; untoc is bit 0)
WORDS = ["zero", "one", "two", "three", "four", "five"]


def _pc(m):
    return bin(m).count("1")


def _cover(need, cnt):
    """Fewest reviewers of the masks counted in cnt (mask -> candidates)
    that cover each instrument of need twice (each mask used at most
    twice), or -1."""
    types = [t for t in range(1, NMASK) if cnt.get(t)]
    best = -1
    for use in itertools.product(*[range(min(cnt[t], 2) + 1) for t in types]):
        cov = [sum(u for t, u in zip(types, use) if t >> i & 1) for i in range(4)]
        if all(cov[i] >= 2 for i in range(4) if need >> i & 1):
            n = sum(use)
            if best < 0 or n < best:
                best = n
    return best


def _fill(eng, u, z, nslots):
    """At most how many base slots of the States in z the reviewers
    outside u can fill (one slot of a State each, within their caps, no
    reciprocal pair among those in z)."""
    nz = len(z)
    inner = outer = lone = k = 0
    for x in eng.pool:
        if x in u:
            continue
        if x in z:
            k += 1
            inner += min(eng.cap[x], nz - 1)
        else:
            outer += min(eng.cap[x], nz)
    for x in eng.pool:
        if x not in u and x in z:
            lone += min(eng.cap[x], nz - k)
    f = min(inner, k * (k - 1) // 2 + lone) + outer
    return min(f, nslots)


BOUND_ENUM = 20000


def _groups(eng, u, P):
    """Term 3: base reviews members of u make without serving P, exactly
    per group for the same_region slots of a group whose assignments
    number at most BOUND_ENUM (no self, no reciprocal pair, within caps),
    slot by slot otherwise and for the other_region slots."""
    t = 0
    for g in range(len(eng.gpool)):
        rs = [v.reviewed for v in eng.rv if eng.grp(v.reviewed) == g]
        if not rs:
            continue
        gs = eng.gpool[g]
        size = 1
        for s in rs:
            c = len(gs) - (1 if eng.in_pool[s] else 0)
            size = size if size > BOUND_ENUM else size * max(c, 1)
        if size <= BOUND_ENUM:
            best = [-1]
            asg, load = [0] * len(rs), {}

            def rec(i, ns):
                if best[0] >= 0 and ns >= best[0]:
                    return
                if i == len(rs):
                    best[0] = ns
                    return
                s = rs[i]
                for x in gs:
                    if x == s or load.get(x, 0) >= eng.cap[x]:
                        continue
                    if any(rs[k] == x and asg[k] == s for k in range(i)):
                        continue
                    asg[i] = x
                    load[x] = load.get(x, 0) + 1
                    rec(i + 1, ns + (1 if x in u and not eng.ins(x) & eng.ins(s) & P else 0))
                    load[x] -= 1
            rec(0, 0)
            t += max(best[0], 0)
            continue
        for s in rs:
            c = [x for x in gs if x != s]
            if c and all(x in u and not eng.ins(x) & eng.ins(s) & P for x in c):
                t += 1
    for v in eng.rv:
        s = v.reviewed
        c = [x for x in eng.pool if eng.grp(x) != eng.grp(s)]
        if c and all(x in u and not eng.ins(x) & eng.ins(s) & P for x in c):
            t += 1
    return t


def _names(P):
    names = [INSTR[i] for i in range(4) if P >> i & 1]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _one(eng, P):
    u = set(x for x in eng.pool if eng.ins(x) & P)
    if not u:
        return None
    capu = sum(eng.cap[x] for x in u)
    services = cover = forced_c = slots_b = 0
    z, z1 = set(), set()
    for v in eng.rv:
        s = v.reviewed
        g = eng.grp(s)
        need = eng.ins(s) & P
        for same in (1, 0):
            c = [x for x in eng.pool if x != s and (eng.grp(x) == g) == bool(same)]
            if not c or any(x in u and eng.ins(x) & need for x in c):
                continue
            if all(x in u for x in c):
                forced_c += 1
            else:
                slots_b += 1
                z.add(s)
        if not need:
            z1.add(s)
            continue
        services += 2 * _pc(need)
        cnt = {}
        for x in u:
            if x != s and eng.ins(x) & need:
                cnt[eng.ins(x) & need] = cnt.get(eng.ins(x) & need, 0) + 1
        c = _cover(need, cnt)
        if c < 0:
            return None
        cover += c
    bonus = 0
    n = len(eng.p)
    for a in range(n):
        if a not in u and eng.rev_of[a] < 0:
            continue
        for b in range(a + 1, n):
            w = _pc(eng.ins(a) & eng.ins(b) & P)
            if w >= 2 and ((a in u and eng.rev_of[b] >= 0) or (b in u and eng.rev_of[a] >= 0)):
                bonus += w - 1
    serving = max(services - bonus, cover)
    t1 = 2 * len(z1) - _fill(eng, u, z1, 2 * len(z1))
    t2 = forced_c + slots_b - _fill(eng, u, z, slots_b)
    extra = max(t1, t2, _groups(eng, u, P), 0)
    if serving + extra <= capu:
        return None
    lm = eng.params["load_max"]
    most = WORDS[lm] if 0 <= lm <= 5 else str(lm)
    names = _names(P)
    return ("no draw satisfies every rule: proved by counting (rule 'at most %s reviews each' "
            "for the %d reviewing States party to %s: they can make at most %d reviews, but at "
            "least %d are needed to give every party to %s two reviewers party to it, and at "
            "least %d more as base reviewers where no other State can be one)"
            % (most, len(u), names, capu, serving, names, extra))


def bound(eng):
    for P in range(1, NMASK):
        if P & PROTOCOLS == P:
            why = _one(eng, P)
            if why:
                return why
    return None
