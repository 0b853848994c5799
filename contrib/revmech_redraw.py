"""revmech_redraw.py - redraws for contrib/revmech_draw.py (the second
implementation of `revmech draw`, issue 12), written from docs/draw.md
"Redraws" and "The history chain":

    python3 contrib/revmech_draw.py draw redraw --roster F --draw FILE.json
        --reviewed CODE --replace CODE --requested-by CODE
        --reason language|legal_system|other|exceptional|unable [--note TEXT]
        [--decision REF] [--consent-by WHO --consent-date YYYY-MM-DD
        --consent-ref REF] [--out FILE.json] [--json]

writes the same document as `revmech draw redraw` with the same options.
Standard library only."""
import hashlib
import json
import re
import sys

from revmech_common import Rng, DOMAIN_REDRAW, ROLES, INSTR

REASONS = ["language", "legal_system", "other", "exceptional", "unable"]
EXCEPTIONAL = 3
MAX_SLOTS = 6
EV_OK, EV_PAIR, EV_FULL, EV_ZERO = 0, 1, 2, 3
DRAW = None      # the module revmech_draw, set by main()


class RedrawError(Exception):
    """status 1 (usage: a request that is not well formed) or 2 (refused)."""

    def __init__(self, status, msg):
        Exception.__init__(self, msg)
        self.status = status


def jstr(s):
    """A text as jansson writes it with JSON_ENSURE_ASCII: \\" \\\\ \\b \\f \\n
    \\r \\t, other controls and non-ASCII as \\uXXXX (upper-case hex,
    surrogate pairs above U+FFFF); '/' as is."""
    out = ['"']
    short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
             "\t": "\\t"}
    for ch in s:
        c = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif c < 0x20 or c > 0x7e and c != 0x7f:
            if c > 0xffff:
                c -= 0x10000
                out.append("\\u%04X\\u%04X" % (0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff)))
            else:
                out.append("\\u%04X" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jstr_or_null(s):
    return "null" if s is None else jstr(s)


class Record:
    """One redraw record of the document."""
    __slots__ = ("seq", "reviewed", "role", "old", "new", "requested_by", "reason", "note",
                 "decision", "consent", "exception", "moves", "seed", "hash")


def redraw_seed(seed, reviewed, slot, replaced, requester, seq):
    text = "revmech-redraw-seed/2\n%s\n%s\n%d\n%s\n%s\n%d\n" % (
        seed.hex(), reviewed, slot, replaced, requester, seq)
    return hashlib.sha256(text.encode()).digest()


def chain_root(seed, roster_sha, params):
    text = ("revmech-draw-root/2\nroster=%s\ncommitment=%s\nparameters=%d %d %d %d %d\n" %
            (roster_sha, hashlib.sha256(seed).hexdigest(), params["max_reviewers"],
             params["redraw_limit"], params["load_min"], params["load_max"], params["cohorts"]))
    if params.get("literal_28b_search"):
        text += "literal_28b_search=%d\n" % params["literal_28b_search"]
    return hashlib.sha256(text.encode()).hexdigest()


def chain_hash(w, prev):
    """The record's hash (codes as text, "-" for none)."""
    dash = lambda c: c if c is not None else "-"
    by, date, ref = w.consent if w.consent else (None, None, None)
    text = ("revmech-redraw/2\nprev=%s\nseq=%d\nreviewed=%s\nrole=%s\nold=%s\nnew=%s\n"
            "requested_by=%s\nreason=%s\ncounted=%d\nnote=%s\ndecision=%s\nconsent=%s %s %s\n"
            "exception=%s\n" % (prev, w.seq, w.reviewed, w.role, w.old, w.new, w.requested_by,
                                w.reason, REASONS.index(w.reason) < EXCEPTIONAL,
                                jstr_or_null(w.note), jstr_or_null(w.decision),
                                jstr_or_null(by), jstr_or_null(date), jstr_or_null(ref),
                                dash(w.exception)))
    for m in w.moves:
        text += "move=%s %s %s %s\n" % (m[0], m[1], dash(m[2]), dash(m[3]))
    return hashlib.sha256(text.encode()).hexdigest()


def records_json(records, root):
    """The document's "redraws" array, from '[' to ']'."""
    if not records:
        return "[]"
    out = []
    prev = root
    for w in records:
        b = ['    {', '      "seq": %d,' % w.seq, '      "reviewed": "%s",' % w.reviewed,
             '      "role": "%s",' % w.role, '      "old": "%s",' % w.old,
             '      "new": "%s",' % w.new, '      "requested_by": "%s",' % w.requested_by,
             '      "reason": "%s",' % w.reason,
             '      "counted": %s,' % ("true" if REASONS.index(w.reason) < EXCEPTIONAL
                                       else "false"),
             '      "note": %s,' % jstr_or_null(w.note),
             '      "decision": %s,' % jstr_or_null(w.decision)]
        if w.consent:
            b.append('      "consent": {"by": %s, "date": %s, "reference": %s},' %
                     tuple(jstr(x) for x in w.consent))
        else:
            b.append('      "consent": null,')
        b.append('      "exception": %s,' % ('"%s"' % w.exception if w.exception else "null"))
        q = lambda c: '"%s"' % c if c is not None else "null"
        if w.moves:
            b.append('      "moves": [')
            b.append(",\n".join('        {"reviewed": "%s", "role": "%s", "old": %s, "new": %s}'
                                % (m[0], m[1], q(m[2]), q(m[3])) for m in w.moves))
            b.append('      ],')
        else:
            b.append('      "moves": [],')
        b += ['      "seed": "%s",' % w.seed, '      "prev": "%s",' % prev,
              '      "hash": "%s"' % w.hash, '    }']
        out.append("\n".join(b))
        prev = w.hash
    return "[\n" + ",\n".join(out) + "\n  ]"


def load_document(text, parties, eng):
    """Reads a drawing document into eng.rv (reviews, in the document's
    order) and returns (seed, roster_sha256, records)."""
    doc = json.loads(text)
    code = {p.code: i for i, p in enumerate(parties)}
    if doc.get("format") not in ("revmech-draw/2", "revmech-draw/3"):
        raise ValueError("not a revmech-draw/2 or revmech-draw/3 document")
    if doc["format"] == "revmech-draw/3" and doc.get("ceremony", 0) is not None:
        # A ceremony's record (docs/draw.md "Where the seed came from") is
        # not rewritten by this implementation: check such draws with revmech.
        raise ValueError("the document is a ceremony's draw: not supported here")
    eng.doc_format = doc["format"]
    seed = bytes.fromhex(doc["seed"])
    if len(seed) != 32:
        raise ValueError("bad seed")
    Review = DRAW.Review
    rv = []
    for d in doc["reviews"]:
        v = Review(code[d["reviewed"]])
        v.year = d["year"]
        for x in d["reviewers"]:
            v.st.append(code[x["state"]])
            v.role.append(ROLES.index(x["role"]))
            v.instr.append(sum(1 << INSTR.index(i) for i in x["instruments"]))
        rv.append(v)
    eng.rv = rv
    records = []
    for d in doc["redraws"]:
        w = Record()
        for k in ("seq", "reviewed", "role", "old", "new", "requested_by", "reason", "note",
                  "decision", "exception", "seed", "hash"):
            setattr(w, k, d[k])
        for c in (w.reviewed, w.old, w.new, w.requested_by):
            if c not in code:
                raise ValueError("redraws: %s is not in the roster" % c)
        c = d["consent"]
        w.consent = (c["by"], c["date"], c["reference"]) if c else None
        w.moves = [(m["reviewed"], m["role"], m["old"], m["new"]) for m in d["moves"]]
        records.append(w)
    return seed, doc["roster_sha256"], records


class Redraw:
    """One redraw request over a document's reviews (eng.rv)."""

    def __init__(self, parties, eng, seed, records):
        may_review = DRAW.may_review
        self.p, self.e, self.seed, self.records = parties, eng, seed, records
        self.may = [may_review(x) for x in parties]
        prm = eng.params
        self.load_min = prm["load_min"]
        self.cap = [prm["load_max"] + max(x.extra, 0) for x in parties]
        self.load = [0] * len(parties)
        self.rvi = [-1] * len(parties)
        for i, v in enumerate(eng.rv):
            self.rvi[v.reviewed] = i
            for x in v.st:
                self.load[x] += 1
        self.code = {x.code: i for i, x in enumerate(parties)}

    # --- the rules ---

    def ms(self, s):
        return self.e.i_of[s]

    def may_pair(self, x, s):
        return (x >= 0 and x != s and self.may[x] and (x, s) not in self.ever and
                (s, x) not in self.ever)

    def fits_slot(self, v, j, x):
        same = self.e.g_of[x] == self.e.g_of[v.reviewed]
        m = v.instr[j]
        if v.role[j] == 0:
            return same and (self.ms(v.reviewed) & self.e.i_of[x]) == m
        if v.role[j] == 1:
            return not same and (self.ms(v.reviewed) & self.e.i_of[x]) == m
        return (self.e.i_of[x] & m) == m

    def build(self, old, k, x):
        """rd_build: the review with x in slot k of old, None if it cannot
        be composed."""
        ins = self.e.i_of
        ms = self.ms(old.reviewed)
        nv = old.copy()
        if k >= 2:
            m = old.instr[k]
            nv.st[k] = x
            return nv if ins[x] & m == m else None
        nv.st[k] = x
        nv.instr[k] = ms & ins[x]
        need = [(2 - (nv.instr[0] >> i & 1) - (nv.instr[1] >> i & 1)) if ms >> i & 1 else 0
                for i in range(4)]
        st, role, instr = nv.st[:2], nv.role[:2], nv.instr[:2]
        for q in range(2, len(old.st)):
            keep = 0
            for i in range(4):
                if old.instr[q] >> i & 1 and need[i] > 0:
                    keep |= 1 << i
                    need[i] -= 1
            if not keep:
                continue
            st.append(old.st[q])
            role.append(old.role[q])
            instr.append(keep)
        nv.st, nv.role, nv.instr = st, role, instr
        for q in range(2, len(st)):
            for i in range(4):
                if need[i] > 0 and ins[st[q]] >> i & 1 and not instr[q] >> i & 1:
                    instr[q] |= 1 << i
                    need[i] -= 1
        for _ in range(2):
            m = sum(1 << i for i in range(4) if need[i] > 0)
            if not m:
                break
            if len(st) >= self.max_reviewers:
                return None
            got = -1
            for pas in range(2):
                for y in self.order2:
                    if (y != x and y != self.x_old and ins[y] & m == m and y not in st and
                            self.may_pair(y, old.reviewed) and
                            (pas or self.load[y] < self.cap[y])):
                        got = y
                        break
                if got >= 0:
                    break
            if got < 0:
                return None
            st.append(got)
            role.append(2)
            instr.append(m)
            for i in range(4):
                if m >> i & 1:
                    need[i] -= 1
        return nv

    def is_literal(self, nv):
        ms = self.ms(nv.reviewed)
        ma, mb = ms & ~nv.instr[0], ms & ~nv.instr[1]
        n = len(nv.st)
        if n == 2:
            return True
        if n == 3:
            return not (ma & mb) and nv.instr[2] == ma | mb
        return (n == 4 and bool(ma) and bool(mb) and
                (nv.instr[2], nv.instr[3]) in ((ma, mb), (mb, ma)))

    def build_literal(self, old, k, x):
        """rd_build_literal: the literal recomposition, None if no literal
        plan can be staffed within the cap."""
        ins = self.e.i_of
        ms = self.ms(old.reviewed)
        base = old.copy()
        base.st[k] = x
        base.instr[k] = ms & ins[x]
        ma, mb = ms & ~base.instr[0], ms & ~base.instr[1]
        plans = [(ma | mb, 0), (ma, mb)]
        ok = [not (ma & mb) and bool(ma | mb), bool(ma) and bool(mb)]
        for p in range(2):
            ms_ = [m for m in plans[p] if m] if p == 1 else [plans[p][0]]
            if not ok[p] or 2 + len(ms_) > self.max_reviewers:
                continue
            nv = base.copy()
            nv.st, nv.role, nv.instr = nv.st[:2], nv.role[:2], nv.instr[:2]
            staffed = True
            for m in ms_:
                got = -1
                for y in old.st[2:]:
                    if y != x and ins[y] & m == m and y not in nv.st:
                        got = y
                        break
                if got < 0:
                    for y in self.order2:
                        if (y != x and y != self.x_old and ins[y] & m == m and
                                y not in nv.st and y not in old.st and
                                self.may_pair(y, old.reviewed) and self.load[y] < self.cap[y]):
                            got = y
                            break
                if got < 0:
                    staffed = False
                    break
                nv.st.append(got)
                nv.role.append(2)
                nv.instr.append(m)
            if staffed:
                return nv
        return None

    def evaluate(self, nv, sub, allow_zero, collect):
        """(rc, who, over, under) as evaluate() of redraw.c."""
        rv = self.e.rv
        old = rv[self.vi]
        touched = {}
        pairs = []

        def touch(x, d):
            touched[x] = touched.get(x, 0) + d
        for y in old.st:
            if y not in nv.st:
                touch(y, -1)
        for y in nv.st:
            if y not in old.st:
                touch(y, +1)
                pairs.append((y, nv.reviewed))
        for t, j, y in sub:
            tv = rv[t]
            touch(tv.st[j], -1)
            touch(y, +1)
            pairs.append((y, tv.reviewed))
        for i, (a, b) in enumerate(pairs):
            if not self.may_pair(a, b):
                return EV_PAIR, a, [], []
            for j, (c, d) in enumerate(pairs):
                if j != i and ((c == b and d == a) or (c == a and d == b)):
                    return EV_PAIR, a, [], []
        rc, over, under = EV_OK, [], []
        for x, dl in touched.items():
            f = self.load[x] + dl
            if f > self.cap[x]:
                if not collect:
                    return EV_FULL, x, [], []
                if len(over) < 4:
                    over.append(x)
                rc = rc or EV_FULL
            elif dl < 0 and f < self.load_min and x != allow_zero:
                if not collect:
                    return EV_ZERO, x, [], []
                if len(under) < 4:
                    under.append(x)
                rc = rc or EV_ZERO
        return rc, -1, over, under

    def sub_ok(self, sl, y):
        t = self.e.rv[sl[0]]
        return y != t.st[sl[1]] and self.fits_slot(t, sl[1], y)

    def find_chain(self, nv, o, u, maxsub):
        rv = self.e.rv
        if o >= 0:
            for sl in self.slots:
                if rv[sl[0]].st[sl[1]] != o:
                    continue
                if u >= 0 and self.sub_ok(sl, u):
                    out = [(sl[0], sl[1], u)]
                    if self.evaluate(nv, out, -1, False)[0] == EV_OK:
                        return out
                if u >= 0 and maxsub < 2:
                    continue
                for y in self.order2:
                    if y == u or not self.sub_ok(sl, y):
                        continue
                    out = [(sl[0], sl[1], y)]
                    if self.evaluate(nv, out, u, False)[0] != EV_OK:
                        continue
                    if u < 0:
                        return out
                    for s2 in self.slots:
                        if s2 == sl or not self.sub_ok(s2, u):
                            continue
                        out2 = out + [(s2[0], s2[1], u)]
                        if self.evaluate(nv, out2, -1, False)[0] == EV_OK:
                            return out2
                    break
            return None
        if u >= 0:
            for sl in self.slots:
                if not self.sub_ok(sl, u):
                    continue
                out = [(sl[0], sl[1], u)]
                if self.evaluate(nv, out, -1, False)[0] == EV_OK:
                    return out
        return None

    # --- the request ---

    def check(self, req):
        p, rv = self.p, self.e.rv
        s = self.code.get(req["reviewed"] or "", -1)
        x_old = self.code.get(req["replace"] or "", -1)
        q = self.code.get(req["requested_by"] or "", -1)
        if s < 0 or self.rvi[s] < 0:
            raise RedrawError(1, "--reviewed: %s is not reviewed in this draw" %
                              (req["reviewed"] or "(none)"))
        v = rv[self.rvi[s]]
        k = -1
        for j, y in enumerate(v.st):
            if x_old >= 0 and y == x_old:
                k = j
        if k < 0:
            raise RedrawError(1, "--replace: %s does not review %s" %
                              (req["replace"] or "(none)", p[s].code))
        if q < 0 or (q != s and q not in v.st):
            raise RedrawError(1, "--requested-by: %s is neither %s nor one of its reviewers" %
                              (req["requested_by"] or "(none)", p[s].code))
        if q != s and q != x_old:
            raise RedrawError(1, "--requested-by: a reviewer may only ask to redraw its own "
                              "slot (%s cannot ask to replace %s)" % (p[q].code, p[x_old].code))
        reason = req["reason"]
        if reason >= EXCEPTIONAL and not req["note"]:
            raise RedrawError(1, "--note: reason %s needs a note (paras 28 e, 30)" %
                              REASONS[reason])
        if reason == EXCEPTIONAL and not req["decision"]:
            raise RedrawError(1, "--decision: reason exceptional needs the reference of the "
                              "recorded decision that allows it (para 28 e)")
        counted = sum(1 for w in self.records if w.reviewed == p[s].code and
                      w.requested_by == p[q].code and REASONS.index(w.reason) < EXCEPTIONAL)
        limit = self.e.params["redraw_limit"]
        if reason < EXCEPTIONAL and counted >= limit:
            raise RedrawError(2, "rule 'at most %s redraw requests' (para 28 d) cannot be met "
                              "for %s: it has already asked for %d redraws in the review of %s; "
                              "use reason exceptional (para 28 e) or unable (para 30)" %
                              ("four" if limit == 4 else "N (parameters)", p[q].code, counted,
                               p[s].code))
        self.vi, self.s, self.k, self.x_old, self.q = self.rvi[s], s, k, x_old, q
        nc = sum(1 for f in ("consent_by", "consent_date", "consent_ref") if req[f])
        if nc not in (0, 3):
            raise RedrawError(1, "--consent-by, --consent-date, --consent-ref: a consent to "
                              "more than four reviewers names who gave it, when and its "
                              "reference (para 28 c)")
        if nc and not date_valid(req["consent_date"]):
            raise RedrawError(1, "--consent-date: '%s' is not a date YYYY-MM-DD" %
                              req["consent_date"])
        self.max_reviewers = MAX_SLOTS if nc else self.e.params["max_reviewers"]
        self.literal = self.e.params.get("literal_28b_search", 0)
        for w in self.records:
            if w.reviewed == p[s].code and w.consent:
                self.max_reviewers = MAX_SLOTS

    def init(self, key):
        p, rv = self.p, self.e.rv
        self.ever = set()
        for v in rv:
            for x in v.st:
                self.ever.add((x, v.reviewed))
        for w in self.records:
            for m in w.moves:
                if m[2] is not None:
                    self.ever.add((self.code[m[2]], self.code[m[0]]))
        g = Rng(key, DOMAIN_REDRAW, 0)
        self.order = sorted(range(len(p)), key=lambda i: p[i].code.encode())
        g.shuffle(self.order)
        self.order2 = self.order[:]
        g.shuffle(self.order2)
        self.slots = [(i, k) for i, v in enumerate(rv) if i != self.vi for k in range(len(v.st))]
        g.shuffle(self.slots)

    def refusal(self, why):
        p = self.p
        sc, xc = p[self.s].code, p[self.x_old].code
        v = self.e.rv[self.vi]
        t = ("rule '%s reviewer' cannot be met for %s: no State can replace %s; of the %d other "
             "States that may review (besides %s)" % (ROLES[v.role[self.k]], sc, xc,
                                                      why["eligible"], xc))
        if why["region"]:
            t += ", %d %s" % (why["region"], "are of another regional group" if self.k == 0 else
                              "are of the same regional group" if self.k == 1 else
                              "are not party to the slot's instruments")
        if why["in_review"]:
            t += ", %d already review %s" % (why["in_review"], sc)
        if why["replaced"]:
            t += (", %d were replaced earlier in this review (never drawn back, C9)" %
                  why["replaced"])
        if why["recip"]:
            t += (", %d are or were reviewed by %s (no reciprocal pair at any time, para 28 a)"
                  % (why["recip"], sc))
        if why["compose"]:
            t += (", %d would leave an instrument of %s without two reviewers within %s "
                  "(paras 26, 28 b-c)" % (why["compose"], sc,
                                          "four" if self.max_reviewers == 4 else "the cap"))
        if why["full"]:
            t += (", %d are at their limit of reviews and no chain of reassignments frees one "
                  "(para 29)" % why["full"])
        if why["zero"]:
            t += (", %d would leave a State with no review and no chain of reassignments gives "
                  "it another (para 29)" % why["zero"])
        return t

    def run(self, req):
        """Makes the redraw: the reviews change and a Record is appended."""
        p, e = self.p, self.e
        self.check(req)
        seq = len(self.records) + 1
        key = redraw_seed(self.seed, p[self.s].code, self.k, p[self.x_old].code,
                          p[self.q].code, seq)
        self.init(key)
        v = e.rv[self.vi]
        s, k = self.s, self.k
        best, sub, exc = None, None, -1
        why = dict.fromkeys(("eligible", "region", "in_review", "replaced", "recip", "compose",
                             "full", "zero"), 0)
        for pas in range(1 if k < 2 and self.literal else 2, 3):
            if sub is not None:
                break
            for depth in range(0, (0 if pas == 1 else 2) + 1):
                if sub is not None:
                    break
                count = pas == 2 and depth == 0
                for x in self.order:
                    if sub is not None:
                        break
                    if x == s or x == self.x_old or not self.may[x]:
                        continue
                    if count:
                        why["eligible"] += 1
                    if (not self.fits_slot(v, k, x) if k >= 2 else
                            (e.g_of[x] == e.g_of[s]) != (k == 0)):
                        why["region"] += count
                        continue
                    if x in v.st:
                        why["in_review"] += count
                        continue
                    if (x, s) in self.ever:
                        why["replaced"] += count
                        continue
                    if (s, x) in self.ever:
                        why["recip"] += count
                        continue
                    nv = self.build(v, k, x)
                    if nv is None:
                        why["compose"] += count
                        continue
                    ev, _, over, under = self.evaluate(nv, [], -1, True)
                    if ev == EV_PAIR:
                        why["compose"] += count
                        continue
                    if pas == 1:
                        if not self.is_literal(nv):
                            lv = self.build_literal(v, k, x)
                            if lv is None:
                                continue
                            nv = lv
                            ev, _, over, under = self.evaluate(nv, [], -1, True)
                        if ev == EV_OK:
                            best, sub = nv, []
                        continue
                    if depth == 0:
                        if ev == EV_OK:
                            best, sub = nv, []
                        elif over:
                            why["full"] += 1
                        else:
                            why["zero"] += 1
                            if exc < 0 and len(under) == 1:
                                exc, best = under[0], nv
                        continue
                    if (ev == EV_OK or len(over) > 1 or len(under) > 1 or
                            (depth == 2 and len(over) + len(under) < 2)):
                        continue
                    ch = self.find_chain(nv, over[0] if over else -1, under[0] if under else -1,
                                         depth)
                    if ch:
                        best, sub = nv, ch
        if sub is None and exc < 0:
            raise RedrawError(2, self.refusal(why))
        if sub is None:
            sub = []
        else:
            exc = -1
        w = Record()
        w.seq, w.reviewed, w.role = seq, p[s].code, ROLES[v.role[k]]
        w.old, w.new, w.requested_by = p[self.x_old].code, p[best.st[k]].code, p[self.q].code
        w.reason = REASONS[req["reason"]]
        w.note = req["note"] or None
        w.decision = req["decision"] or None
        w.consent = ((req["consent_by"], req["consent_date"], req["consent_ref"])
                     if req["consent_ref"] else None)
        w.exception = p[exc].code if exc >= 0 else None
        w.seed = key.hex()
        mv = [(p[s].code, ROLES[v.role[k]], p[self.x_old].code, p[best.st[k]].code)]
        for q in range(2, len(v.st)):
            if q != k and v.st[q] not in best.st:
                mv.append((p[s].code, "additional", p[v.st[q]].code, None))
        for q in range(2, len(best.st)):
            if q != k and best.st[q] not in v.st:
                mv.append((p[s].code, "additional", None, p[best.st[q]].code))
        for t, j, y in sub:
            tv = e.rv[t]
            mv.append((p[tv.reviewed].code, ROLES[tv.role[j]], p[tv.st[j]].code, p[y].code))
        w.moves = mv
        for t, j, y in sub:
            nt = e.rv[t].copy()
            nt.st[j] = y
            e.rv[t] = nt
        e.rv[self.vi] = best
        return w


def date_valid(s):
    import datetime
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s or ""):
        return False
    try:
        datetime.date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        return False
    return True


def summary(w, records, limit):
    """The line `revmech draw redraw` prints."""
    counted = sum(1 for r in records if r.reviewed == w.reviewed and
                  r.requested_by == w.requested_by and REASONS.index(r.reason) < EXCEPTIONAL)
    t = ("redraw %d: review of %s, %s (%s) replaced by %s; requested by %s, reason %s" %
         (w.seq, w.reviewed, w.old, w.role, w.new, w.requested_by, w.reason))
    if REASONS.index(w.reason) < EXCEPTIONAL:
        t += " (counted: %d of %d)" % (counted, limit)
    else:
        t += " (not counted)"
    if len(w.moves) > 1:
        t += "; %d further change%s" % (len(w.moves) - 1, "s" if len(w.moves) > 2 else "")
    if w.exception:
        t += "; recorded exception: %s is left with no review" % w.exception
    return t + "\n"


REDRAW_USAGE = ("usage: revmech_draw.py draw redraw --roster FILE.csv --draw FILE.json "
                "--reviewed CODE --replace CODE --requested-by CODE --reason "
                "language|legal_system|other|exceptional|unable [--note TEXT] [--decision REF] "
                "[--consent-by WHO --consent-date YYYY-MM-DD --consent-ref REF] "
                "[--out FILE.json] [--json]\n")
REDRAW_OPTS = ("--seed", "--roster", "--draw", "--reviewed", "--replace", "--requested-by",
               "--reason", "--note", "--decision", "--consent-by", "--consent-date",
               "--consent-ref", "--out")


def main(argv, d):
    """`draw redraw` (docs/draw.md "Redraws"), as revmech with --roster; d is
    the module revmech_draw (the roster, the engine, the document)."""
    global DRAW
    DRAW = d
    opts, i = {}, 0
    while i < len(argv):
        a = argv[i]
        if a == "--json":
            opts[a] = True
            i += 1
        elif a in REDRAW_OPTS and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a.split("=", 1)[0] in REDRAW_OPTS and "=" in a:
            k, val = a.split("=", 1)
            opts[k] = val
            i += 1
        else:
            sys.stderr.write("revmech_draw.py: unexpected argument '%s'\n%s" % (a, REDRAW_USAGE))
            return 1
    # The command's own checks, in its order (cmd_draw.c), before the request's.
    for k in ("--reviewed", "--replace", "--requested-by", "--reason"):
        if k not in opts:
            sys.stderr.write("revmech_draw.py: missing %s\n%s" % (k, REDRAW_USAGE))
            return 1
    if "--seed" in opts:
        sys.stderr.write("revmech_draw.py: --seed: a redraw takes no seed; its randomness is "
                         "derived from the draw's seed and the request (R51)\n")
        return 1
    if opts["--reason"] not in REASONS:
        sys.stderr.write("revmech_draw.py: --reason: '%s' is not language, legal_system, other, "
                         "exceptional or unable\n" % opts["--reason"])
        return 1
    if REASONS.index(opts["--reason"]) >= EXCEPTIONAL and not opts.get("--note"):
        sys.stderr.write("revmech_draw.py: --note: reason %s needs a note (paras 28 e, 30)\n" %
                         opts["--reason"])
        return 1
    if opts["--reason"] == "exceptional" and not opts.get("--decision"):
        sys.stderr.write("revmech_draw.py: --decision: reason exceptional needs the reference "
                         "of the recorded decision (para 28 e)\n")
        return 1
    for k in ("--roster", "--draw"):
        if k not in opts:
            sys.stderr.write("revmech_draw.py: missing %s\n%s" % (k, REDRAW_USAGE))
            return 1
    req = {"reviewed": opts["--reviewed"], "replace": opts["--replace"],
           "requested_by": opts["--requested-by"], "reason": REASONS.index(opts["--reason"]),
           "note": opts.get("--note") or None, "decision": opts.get("--decision") or None,
           "consent_by": opts.get("--consent-by") or None,
           "consent_date": opts.get("--consent-date") or None,
           "consent_ref": opts.get("--consent-ref") or None}
    try:
        with open(opts["--roster"], "rb") as f:
            parties = d.parse_roster(f.read())
    except (OSError, ValueError, UnicodeDecodeError) as e:
        sys.stderr.write("revmech_draw.py: %s: %s\n" % (opts["--roster"], e))
        return 2
    sha = d.roster_hash(parties)
    try:
        with open(opts["--draw"], "rb") as f:
            text = f.read().decode("utf-8")
        params = d.check_params(json.loads(text)["parameters"])
        eng = d.Engine(parties, params)
        seed, doc_sha, records = load_document(text, parties, eng)
    except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError) as e:
        sys.stderr.write("revmech_draw.py: --draw: %s\n" % e)
        return 2
    if doc_sha != sha:
        sys.stderr.write("revmech_draw.py: --draw: the document was drawn from another roster "
                         "(roster_sha256 differs)\n")
        return 2
    try:
        w = Redraw(parties, eng, seed, records).run(req)
    except RedrawError as e:
        sys.stderr.write("revmech_draw.py: %s\n" % e)
        return e.status
    root = chain_root(seed, sha, params)
    w.hash = chain_hash(w, records[-1].hash if records else root)
    records.append(w)
    doc = d.document(parties, eng, seed, sha, records)
    if "--out" in opts:
        d.write_doc(opts["--out"], doc)
    elif "--json" in opts:
        d.write_doc(None, doc)
        return 0
    sys.stdout.write(summary(w, records, params["redraw_limit"]))
    return 0
