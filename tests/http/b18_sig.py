"""Appendix B18 over HTTP for a signatory (para 52, C33; probe of session 8,
F25): the people of a State that signed the Convention but is not a party
read the responses of their own review only.  They are not among "all
States parties" (para 40, R99): the submitted answers and documents of
another State's review, its dialogue opened to every State party, are
closed to them as to the public; what the reviewed State disclosed
publicly (para 41) they read as anyone does.

Runs on the scenario of b18.py (registered after it by tests/http/run.py):
for every artefact of b18_disc's table, what the signatory's focal point
sees is what a signed-in stakeholder (ngo: the public, signed in, so the
API answers) sees, while another State party's focal point (oth) sees more,
so the table can fail."""
import b18 as B
import b18_disc as D
from b18 import S, base, sql

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def signatory():
    """A State that signed the Convention and is not a party (C33), in no
    review of the current draw."""
    rows = sql("SELECT party FROM party_instruments WHERE instrument = 'untoc' AND "
               "status = 'signatory' AND party NOT IN (SELECT reviewed FROM lots_reviews r "
               "JOIN lots_draws d ON d.id = r.draw_id AND d.status = 'current') ORDER BY party")
    assert rows, "no signatory of the Convention outside the draw in the reference data"
    return rows[0][0]


def sees(who, art, via):
    path, marker = D.ARTS[art][via]
    r = who.get(path())
    if marker is None:
        return r.status == 200
    return r.status == 200 and marker() in r.text


@test
def b18_signatory_reads_what_the_public_reads():
    """C33: a signatory's focal point is not one of all States parties:
    for every artefact (answers, a sibling answer, the threads, a document;
    page and API) it sees no more than a stakeholder (the public), at each stage:
    nothing disclosed, a thread opened to all States parties (para 40), an
    answer disclosed publicly (para 41)."""
    sig = signatory()
    email = f"b18fp@{sig.lower()}.test"
    R["add_user"](email, "focal_point", sig)
    w = dict(S["who"])
    w["sig"] = B.Who(email)
    x = S["X"]
    bad, n = [], 0

    def stage(name, must_differ):
        nonlocal n
        for art in ("ans", "sib", "thread", "sibthread", "doc", "dlgpage"):
            for via in D.ARTS[art]:
                n += 1
                s, a, o = (sees(w[k], art, via) for k in ("sig", "ngo", "oth"))
                if s and not a:
                    bad.append((name, art, via, "the signatory sees what a stakeholder does not"))
                if (art, via) in must_differ and not (o and not s):
                    bad.append((name, art, via, "the State party should see it, the "
                                "signatory not", o, s))

    # Submitted answers: every State party (para 40, R99), not a signatory.
    stage("none", {("ans", "page"), ("ans", "api")})
    # disc3 (F14; para 40, B18 "Supplementary documentation"): the
    # documents of the answers once X opens them to all States parties.
    D.choose({"what": "documents", "item": S["doc"], "choice": "states"})
    stage("docs", {("doc", "page")})
    D.choose({"what": "documents", "item": S["doc"], "choice": "withdraw"})
    t1 = D.thread_of("untoc")
    # The Convention's thread opened to all States parties (para 40).
    D.choose({"what": "dialogue", "item": t1, "choice": "states"})
    stage("states", {("thread", "api"), ("ans", "page")})
    D.choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    # One answer disclosed publicly: the signatory reads it as anyone.
    D.choose({"what": "responses", "phase": 1, "item": S["q"], "choice": "public"})
    stage("public", {("sib", "page")})
    assert sees(w["sig"], "ans", "page") and sees(w["anon"], "ans", "page")
    assert sees(w["sig"], "ans", "api")
    D.choose({"what": "responses", "phase": 1, "item": S["q"], "choice": "withdraw"})
    print(f"     b18_sig: {n} cells, {len(bad)} failed")
    assert not bad, bad
    # The API says why (C33), and refuses the document.
    r = w["sig"].get(base() + "/responses/" + S["q"])
    assert r.status == 403, (r.status, r.text[:200])
    r = w["sig"].get("/reviews/%s/disclosed/documents/%s" % (x, S["doc"]))
    assert r.status == 403, r.status
