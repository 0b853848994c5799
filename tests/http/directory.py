"""The directory of focal points and experts and each State's setting for it
(issue 9; annex paras 18, 27; spec C44), from outside over HTTP, as tables
of cases.

C44: para 27 has the focal points and experts "diffusé ... sur le portail
SHERLOC" without saying to whom; each State chooses: "states_parties" (the
default: the signed-in people of States parties and the Secretariat see
them) or "public" (anyone, anonymous callers and stakeholders included).
The State changes it through its named focal point, the Secretariat on the
State's written request (a reference is required and kept); who and when
are recorded and audited.

The scenario: a review X of the current draw and one of its regular
reviewers P, and a State party O outside it, none used by the other suites
(no focal point named yet, as tests/http/list.py picks).  X keeps the
default setting (never changed); P is made public by the tests.  Roles:
the Secretariat, X's focal point, expert and observer, P's focal point and
expert, O's focal point, a stakeholder, anonymous.  Registered by
tests/http/run.py; uses its helpers through R."""
import json

R = {}
TESTS = []
S = {}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sql(q, *a):
    return R["sql"](q, *a)


class Who:
    """A signed-in client with its CSRF token, or anonymous."""

    def __init__(self, email):
        self.c = R["Client"]()
        self.tok = None
        if email:
            self.c.login(email)
            self.tok = self.c.csrf("/account")

    def get(self, path):
        return self.c.get(path)

    def api(self, method, path, body=None, raw=None):
        h = {"X-CSRF-Token": self.tok} if self.tok else {}
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return self.c.request(method, "/api/v1" + path, body=data, headers=h)

    def form(self, path, fields):
        f = dict(fields)
        if self.tok:
            f["csrf"] = self.tok
        return self.c.post(path, f)


ROLES = ["sec", "fp", "ex", "ob", "pfp", "pex", "ofp", "ngo", "anon"]


def pick():
    """X reviewed in the current draw, P one of its regular reviewers, O a
    party outside the review; none with a focal point named (the other
    suites name theirs) nor one of their fixed States."""
    busy = {c for (c,) in sql("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    busy |= {c for (c,) in sql("SELECT state FROM experts")}
    busy |= {c for (c,) in sql("SELECT DISTINCT state FROM directory_publicity")}
    rows = sql("SELECT a.reviewed, a.reviewer, a.role FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "WHERE a.status = 'active' ORDER BY a.reviewed, a.slot")
    by = {}
    for x, rv, role in rows:
        by.setdefault(x, []).append((rv, role))
    for x, rv in sorted(by.items(), reverse=True):
        if x in busy or any(r in busy for r, _ in rv):
            continue
        regular = [r for r, role in rv if role != "additional"]
        if not regular:
            continue
        involved = {x} | {r for r, _ in rv}
        # O: reviewed in another review (so that its focal point can be
        # named through that review's API), outside X's.
        o = next((c for c in sorted(by, reverse=True) if c not in involved and c not in busy
                  and not any(r in involved for r, _ in by[c])), None)
        if o:
            return x, regular[0], o
    raise AssertionError("no review free for the directory suite")


def setup():
    if S:
        return S
    x, p, o = pick()
    S.update(X=x, P=p, O=o)
    lx, lp, lo = x.lower(), p.lower(), o.lower()
    users = {
        "fp": (f"dfp@{lx}.dir.test", "focal_point", x),
        "ex": (f"dex@{lx}.dir.test", "expert", x),
        "ob": (f"dob@{lx}.dir.test", "observer", x),
        "pfp": (f"dfp@{lp}.dir.test", "focal_point", p),
        "pex": (f"dex@{lp}.dir.test", "expert", p),
        "ofp": (f"dfp@{lo}.dir.test", "focal_point", o),
    }
    for email, role, st in users.values():
        R["add_user"](email, role, st)
    S["mail"] = {k: u[0] for k, u in users.items()}
    S["mail"].update(sec="sec@example.org", ngo="ngo@example.org")
    S["who"] = {k: Who(None if k == "anon" else S["mail"][k]) for k in ROLES}
    sec = S["who"]["sec"]
    # The focal points named by the Secretariat (para 18), the experts by
    # their focal points (para 27), over the API of the country review.
    for st, fp in ((x, "fp"), (p, "pfp")):
        r = sec.api("PUT", f"/reviews/{x}/people/{st}/focal-point", {"email": S["mail"][fp]})
        assert r.status == 200, (st, r.status, r.text)
    r = sec.api("PUT", f"/reviews/{o}/people/{o}/focal-point", {"email": S["mail"]["ofp"]})
    assert r.status == 200, (o, r.status, r.text)
    for st, fp, ex in ((x, "fp", "ex"), (p, "pfp", "pex")):
        r = S["who"][fp].api("PUT", f"/reviews/{x}/people/{st}/experts/{S['mail'][ex]}",
                             {"instruments": []})
        assert r.status == 200, (st, r.status, r.text)
    return S


def log(state):
    return sql("SELECT setting, reference, by_whom FROM directory_publicity WHERE state = ? "
               "ORDER BY id", state)


def make_public():
    """P public, set by its own focal point (if not already)."""
    s = setup()
    got = log(s["P"])
    if not got or got[-1][0] != "public":
        r = s["who"]["pfp"].api("PUT", f"/directory/{s['P']}/publicity", {"publicity": "public"})
        assert r.status == 200, (r.status, r.text)


@test
def directory_who_may_change_the_setting():
    """C44, paras 18, 27: P's setting is changed by P's named focal point
    (page form, API) and by the Secretariat with the reference of P's
    written request; refused to P's expert, to the focal point of X (a
    State of the same review) and of O, to a stakeholder and to anonymous
    callers, and nothing changes when refused."""
    s = setup()
    x, p, w, m = s["X"], s["P"], s["who"], s["mail"]
    path = f"/directory/{p}/publicity"
    # The default, before any change: States parties only.
    j = w["anon"].api("GET", path).json()
    assert j == {"state": p, "publicity": "states_parties", "default": True}, j
    before = log(p)
    # The refusals: API and page, nothing recorded.
    for who in ["pex", "fp", "ex", "ob", "ofp", "ngo", "anon"]:
        r = w[who].api("PUT", path, {"publicity": "public", "reference": "NV/1"})
        # Anonymous: no session, so no CSRF token either (403 csrf or 401).
        want = (401, 403) if who == "anon" else (403,)
        assert r.status in want, (who, r.status, r.text)
        if who != "anon":
            assert r.json()["error"] == "forbidden", (who, r.text)
        r = w[who].form(f"/country/{x}/publicity", {"state": p, "publicity": "public",
                                                     "reference": "NV/1"})
        if who == "anon":
            assert r.status == 403 or "/login" in (r.header("Location") or ""), (who, r.status)
        else:
            assert r.status == 403, (who, r.status, r.text[:300])
        assert log(p) == before, who
    # The form is offered only to those who may use it.
    for who in ROLES:
        page = w[who].get(f"/country/{x}")
        offered = f'action="/country/{x}/publicity"' in page.text and \
            f'name="state" value="{p}"><div class="field"><label for="pub-{p}"' in page.text
        assert offered == (who in ("sec", "pfp")), (who, page.status)
    # The Secretariat without a reference: a clear error, nothing changes.
    r = w["sec"].api("PUT", path, {"publicity": "public"})
    assert r.status == 400 and r.json()["error"] == "reference_required", (r.status, r.text)
    r = w["sec"].form(f"/country/{x}/publicity", {"state": p, "publicity": "public",
                                                   "reference": ""})
    assert r.status == 400 and "written request" in r.text, (r.status, r.text[:300])
    assert log(p) == before
    # With the reference: recorded with it, who and when.
    r = w["sec"].api("PUT", path, {"publicity": "public", "reference": "NV/2026/117"})
    assert r.status == 200, (r.status, r.text)
    j = r.json()
    assert j["publicity"] == "public" and not j["default"], j
    assert j["changed"]["by"] == m["sec"] and j["changed"]["reference"] == "NV/2026/117", j
    assert j["changed"]["at"].startswith("20"), j
    r = w["sec"].form(f"/country/{x}/publicity", {"state": p, "publicity": "states_parties",
                                                   "reference": "NV/2026/118"})
    assert r.status == 303 and r.header("Location") == f"/country/{x}?saved=1", r.status
    # P's named focal point, through the page, no reference needed.
    r = w["pfp"].form(f"/country/{x}/publicity", {"state": p, "publicity": "public"})
    assert r.status == 303, (r.status, r.text[:300])
    assert log(p)[len(before):] == [("public", "NV/2026/117", m["sec"]),
                                    ("states_parties", "NV/2026/118", m["sec"]),
                                    ("public", "", m["pfp"])], log(p)
    # And through the API, back and forth.
    for v in ("states_parties", "public"):
        r = w["pfp"].api("PUT", path, {"publicity": v})
        assert r.status == 200 and r.json()["publicity"] == v, (r.status, r.text)
    h = w["sec"].api("GET", path).json()["history"]
    assert [e["changed_by"] for e in h[-2:]] == [m["pfp"], m["pfp"]], h
    # Audited, with the actor.
    lines = R["audit_lines"]("--user", m["pfp"])
    assert sum("\tdirectory.publicity\t" in l and p in l for l in lines) >= 3, lines[-5:]
    lines = R["audit_lines"]("--user", m["sec"])
    assert any("\tdirectory.publicity\t" in l and "NV/2026/117" in l for l in lines)
    # The log cannot be rewritten.
    for q in ("UPDATE directory_publicity SET setting = 'states_parties'",
              "DELETE FROM directory_publicity"):
        try:
            sql(q)
            raise AssertionError(q + " was allowed")
        except R["DatabaseError"] as e:
            assert "append-only" in str(e), e
    # X was never changed: still the pristine default.
    assert log(x) == []


@test
def directory_bad_input_changes_nothing():
    """Bad input gets a clear error (400 with a code over the API, the
    reason on the page) and records nothing: an unknown value, a missing
    value, a reference too long or of two lines, a body that is not a JSON
    object, a value that is not a string, an unknown State."""
    s = setup()
    x, p, w = s["X"], s["P"], s["who"]
    path = f"/directory/{p}/publicity"
    before = log(p)
    cases = [({"publicity": "everyone"}, "states_parties or public"),
             ({}, "publicity"),
             ({"publicity": "public", "reference": "x" * 201}, "at most 200"),
             ({"publicity": "public", "reference": "a\nb"}, "one line"),
             ({"publicity": True}, "publicity"),
             ({"publicity": "public", "reference": 7}, "reference")]
    for body, words in cases:
        r = w["pfp"].api("PUT", path, body)
        assert r.status == 400 and r.json()["error"] == "bad_request", (body, r.status, r.text)
        assert words in r.json()["message"], (body, r.text)
        assert log(p) == before, body
    for raw in ("not json", "[1, 2]"):
        r = w["pfp"].api("PUT", path, raw=raw)
        assert r.status == 400 and r.json()["error"] == "bad_request", (raw, r.status)
    r = w["sec"].api("PUT", "/directory/ZZZ/publicity", {"publicity": "public", "reference": "NV"})
    assert r.status == 404 and r.json()["error"] == "not_found", (r.status, r.text)
    r = w["sec"].api("PUT", "/directory/fra/publicity", {"publicity": "public", "reference": "NV"})
    assert r.status == 404, r.status
    # The page: the reason in the page's language, status 400.
    r = w["pfp"].form(f"/country/{x}/publicity", {"state": p, "publicity": "everyone"})
    assert r.status == 400 and "states_parties or public" in r.text, (r.status, r.text[:300])
    fr = Who(s["mail"]["pfp"])
    fr.get("/account?lang=fr")  # the language cookie
    r = fr.form(f"/country/{x}/publicity", {"state": p, "publicity": "everyone"})
    assert r.status == 400 and 'lang="fr"' in r.text, r.status
    assert "states_parties" in r.text and "must be" not in r.text, r.text[:300]
    r = w["pfp"].form(f"/country/{x}/publicity", {"state": s["O"], "publicity": "public"})
    assert r.status == 400, r.status  # O takes no part in the review
    assert log(p) == before and log(x) == [] and log(s["O"]) == []


# role: what it sees of X (default) and of P (public), page and API alike:
# V the State's focal point and expert listed, - not listed.
TABLE = """
sec   V V
fp    V V
ex    V V
ob    V V
pfp   V V
pex   V V
ofp   V V
ngo   - V
anon  - V
"""


@test
def directory_visibility_by_role_and_setting():
    """C44 as a table: the Secretariat and every State party's people see
    every State's focal point and experts (X at the default, P public);
    a stakeholder and an anonymous caller see only P's, on the page and
    over the API.  The setting is shown beside each entry, and on the
    country page's people section."""
    s = setup()
    make_public()
    x, p, w, m = s["X"], s["P"], s["who"], s["mail"]
    people = {x: (m["fp"], m["ex"]), p: (m["pfp"], m["pex"])}
    for line in TABLE.strip().splitlines():
        who, see_x, see_p = line.split()
        for st, want in ((x, see_x == "V"), (p, see_p == "V")):
            page = w[who].get("/directory")
            assert page.status == 200, (who, page.status)
            for e in people[st]:
                assert (e in page.text) == want, (who, st, e, "page")
            if want:
                pub = "public" if st == p else "states_parties"
                assert f'data-state="{st}" data-publicity="{pub}"' in page.text, (who, st)
            api = w[who].api("GET", "/directory")
            assert api.status == 200, (who, api.status)
            ent = [e for e in api.json()["entries"] if e["state"] == st]
            got = {e["email"] for e in ent}
            assert (set(people[st]) <= got) == want and (bool(got) == want), (who, st, got)
            assert all(e["publicity"] == ("public" if st == p else "states_parties")
                       for e in ent), ent
        scope = w[who].api("GET", "/directory").json()["scope"]
        assert scope == ("public" if who in ("ngo", "anon") else "all"), (who, scope)
    # The settings' record (who, when, reference) is for those who see all.
    page = w["sec"].get("/directory").text
    assert 'id="directory-settings"' in page and m["pfp"] in page.split('id="directory-settings"')[1]
    for who in ("ngo", "anon"):
        page = w[who].get("/directory").text
        assert 'id="directory-settings"' not in page, who
        j = w[who].api("GET", f"/directory/{p}/publicity").json()
        assert j == {"state": p, "publicity": "public", "default": False}, (who, j)
    j = w["ofp"].api("GET", f"/directory/{p}/publicity").json()
    assert j["changed"]["by"] == m["pfp"] and j["history"], j
    # The country page shows each State's setting in its people section.
    page = w["ex"].get(f"/country/{x}").text
    blocks = page.split('<div class="people" data-state="')
    mine = next(b for b in blocks if b.startswith(x + '"'))
    theirs = next(b for b in blocks if b.startswith(p + '"'))
    assert 'class="publicity" data-publicity="states_parties"' in mine, mine[:400]
    assert 'class="publicity" data-publicity="public"' in theirs, theirs[:400]
    # And over the API of the review's people.
    j = w["ob"].api("GET", f"/reviews/{x}/people").json()
    got = {e["state"]: e["directory_publicity"] for e in j["people"]}
    assert got[x] == "states_parties" and got[p] == "public", got
    # In French too (the labels are translated).
    r = w["anon"].c.request("GET", "/directory", headers={"Accept-Language": "fr"})
    assert "Public, sur le portail" in r.text, r.text[:300]


@test
def directory_page_form_for_states_in_no_review():
    """The form of /directory (for a State that takes part in no review at
    the moment): each named focal point is offered its own State's, the
    Secretariat every State's (a reference required); O's focal point
    changes O's setting there, the Secretariat with a reference; the other
    States' focal points, experts, a stakeholder and anonymous callers are
    refused; a missing reference or an unknown value changes nothing."""
    s = setup()
    o, w, m = s["O"], s["who"], s["mail"]
    for who in ROLES:
        page = w[who].get("/directory")
        assert page.status == 200, (who, page.status)
        form = 'id="directory-form"' in page.text
        # Every named focal point (its own State only) and the Secretariat.
        assert form == (who in ("sec", "fp", "pfp", "ofp")), (who, form)
        if who == "ofp":
            assert f'name="state" value="{o}"' in page.text, page.text[-2000:]
            assert 'name="reference" maxlength="200" required' not in page.text
        if who == "sec":
            assert f'<option value="{o}">' in page.text
            assert 'name="reference" maxlength="200" required' in page.text
    before = log(o)
    for who in ("fp", "ex", "pfp", "pex", "ngo", "anon"):
        r = w[who].form("/directory/publicity", {"state": o, "publicity": "public",
                                                 "reference": "NV/9"})
        if who == "anon":
            assert r.status == 403 or "/login" in (r.header("Location") or ""), (who, r.status)
        else:
            assert r.status == 403, (who, r.status)
        assert log(o) == before, who
    r = w["sec"].form("/directory/publicity", {"state": o, "publicity": "public"})
    assert r.status == 400 and "written request" in r.text, (r.status, r.text[:300])
    r = w["ofp"].form("/directory/publicity", {"state": o, "publicity": "everyone"})
    assert r.status == 400 and "states_parties or public" in r.text, r.status
    r = w["ofp"].form("/directory/publicity", {"publicity": "public"})
    assert r.status == 400, r.status
    assert log(o) == before
    r = w["ofp"].form("/directory/publicity", {"state": o, "publicity": "public"})
    assert r.status == 303 and r.header("Location") == "/directory?saved=1", r.status
    page = w["anon"].get("/directory").text
    assert m["ofp"] in page, "O's focal point published"
    r = w["sec"].form("/directory/publicity", {"state": o, "publicity": "states_parties",
                                               "reference": "NV/2026/300"})
    assert r.status == 303, (r.status, r.text[:300])
    assert log(o)[len(before):] == [("public", "", m["ofp"]),
                                    ("states_parties", "NV/2026/300", m["sec"])], log(o)
    assert m["ofp"] not in w["anon"].get("/directory").text
