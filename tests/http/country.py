"""Country reviews for their participants (issue 9; paras 18, 27-28, 31-32,
50; R17-R20, R26, R83-R84, C44, C47): the country review page and
GET /api/v1/reviews/{state}, the people forms of the focal point and the
Secretariat, the shares of the reviewing experts, the consultations and the
directory, checked from outside as one table of cases per role: the
reviewed State's focal point, expert and observer; a reviewer's focal point
and expert; a supplementary (additional) reviewer's; another State party's;
the Secretariat; a stakeholder; anonymous.  Refused writes and bad input
change nothing.  Registered by tests/http/run.py; uses its helpers
through R."""
import re

R = {}
TESTS = []
CTX = {}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sql(q, *p):
    return R["sql"](q, *p)


USED = {"FRA", "DEU", "USA"}  # the other suites' States


def pick():
    """A reviewed State X of the current draw with an additional reviewer S
    (para 28 b), its regular reviewer V that lacks S's instrument, and a
    State party O outside the review; none used by the other suites."""
    rows = sql("SELECT a.reviewed, r.year, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = a.draw_id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' ORDER BY r.year, a.reviewed, a.slot")
    by = {}
    for reviewed, year, reviewer, role, instr in rows:
        by.setdefault((reviewed, year), []).append((reviewer, role, instr.split()))
    for (x, year), rv in by.items():
        adds = [r for r in rv if r[1] == "additional"]
        if not adds or x in USED or any(r[0] in USED for r in rv):
            continue
        s = adds[0]
        lacking = [r for r in rv if r[1] != "additional" and s[2][0] not in r[2]]
        if not lacking:
            continue
        taken = {x} | {r[0] for r in rv} | USED
        others = [c for (c,) in sql("SELECT DISTINCT reviewed FROM lots_reviews r JOIN lots_draws d "
                                    "ON d.id = r.draw_id AND d.status = 'current'") if c not in taken]
        # O must not review X either.
        return dict(X=x, cohort=year, V=lacking[0][0], V_instr=lacking[0][2], S=s[0],
                    S_instr=s[2], missing=s[2][0], O=others[0])
    raise AssertionError("no review with an additional reviewer in the test draw")


def setup():
    if CTX:
        return CTX
    c = pick()
    CTX.update(c)
    x, v, s, o = c["X"], c["V"], c["S"], c["O"]
    users = {
        "rfp": (f"fp@{x.lower()}.test", "focal_point", x),
        "rfp2": (f"fp2@{x.lower()}.test", "focal_point", x),
        "rex": (f"ex@{x.lower()}.test", "expert", x),
        "rob": (f"ob@{x.lower()}.test", "observer", x),
        "vfp": (f"fp@{v.lower()}.test", "focal_point", v),
        "vex": (f"ex@{v.lower()}.test", "expert", v),
        "sfp": (f"fp@{s.lower()}.test", "focal_point", s),
        "sex": (f"ex@{s.lower()}.test", "expert", s),
        "ofp": (f"fp@{o.lower()}.test", "focal_point", o),
    }
    for email, role, st in users.values():
        R["add_user"](email, role, st)
    CTX["mail"] = {k: u[0] for k, u in users.items()}
    CTX["mail"]["sec"] = "sec@example.org"
    CTX["mail"]["ngo"] = "ngo@example.org"
    # The cohort's launch (phase 1): deadlines and invitations start here.
    if not sql("SELECT COUNT(*) FROM cohort_phases WHERE cohort = ? AND phase = 1", c["cohort"])[0][0]:
        rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", str(c["cohort"]),
                                    "--phase", "1", "--by", "sec@example.org")
        assert rc == 0, (rc, out, err)
    CTX["clients"] = {}
    return CTX


def client(who):
    ctx = setup()
    if who == "anon":
        return R["Client"]()
    if who not in ctx["clients"]:
        ctx["clients"][who] = R["logged_in"](ctx["mail"][who])
    return ctx["clients"][who]


def csrf(c):
    try:
        return c.csrf("/dashboard")
    except AssertionError:
        return c.csrf("/login")


def post(who, path, form):
    c = client(who)
    f = dict(form)
    f["csrf"] = csrf(c)
    return c.post(path, f)


def snapshot():
    """Everything a refused write might have touched."""
    q = ["SELECT state, user_id FROM focal_points ORDER BY state",
         "SELECT state, name, email, lang FROM representatives ORDER BY state",
         "SELECT user_id, state FROM experts ORDER BY user_id",
         "SELECT id, instruments FROM users ORDER BY id",
         "SELECT id, reviewed, user_id, instrument FROM expert_tasks ORDER BY id",
         "SELECT id, languages, exceptional FROM consultations ORDER BY id"]
    return [sql(x) for x in q]


def refused(who, r):
    """A refusal: 403, or for anonymous the way to the login."""
    if who == "anon":
        return r.status in (303, 403) and (r.status == 403 or "/login" in (r.header("Location") or ""))
    return r.status == 403


READERS = ["rfp", "rex", "rob", "vfp", "vex", "sfp", "sec"]
OUTSIDERS = ["ofp", "ngo", "anon"]


@test
def country_reads_per_role():
    """The page and the API of review X: its participants (the reviewed
    State's people, each reviewer's, the supplementary reviewer's, the
    Secretariat) read it; another State party and a stakeholder are
    refused (403), anonymous is sent to the login (401 on the API)."""
    ctx = setup()
    x = ctx["X"]
    for who in READERS + OUTSIDERS:
        c = client(who)
        page = c.get(f"/country/{x}")
        api = c.get(f"/api/v1/reviews/{x}")
        if who in READERS:
            assert page.status == 200, (who, page.status, page.text[:300])
            assert 'id="reviewers"' in page.text and 'id="phases"' in page.text, who
            assert 'id="consultations"' in page.text, who
            assert api.status == 200, (who, api.status, api.text[:300])
            j = api.json()
            assert j["reviewed"] == x and j["cohort"] == ctx["cohort"], j
            roles = {r["state"]: r for r in j["reviewers"]}
            assert roles[ctx["S"]]["role"] == "additional", roles
            assert roles[ctx["S"]]["instruments"] == ctx["S_instr"], roles
            assert j["phases"][0]["state"] == "not_started", j["phases"]
            assert j["phases"][0]["instruments"], j["phases"]
            assert "people" in j and "consultations" in j, j.keys()
            want = {"rfp": "reviewed", "rex": "reviewed", "rob": "reviewed", "vfp": "reviewer",
                    "vex": "reviewer", "sfp": "reviewer", "sec": "secretariat"}[who]
            assert j["my_part"] == want, (who, j["my_part"])
        elif who == "anon":
            assert page.status == 303 and "/login" in page.header("Location"), page.status
            assert api.status == 401, api.status
        else:
            assert page.status == 403, (who, page.status)
            assert api.status == 403, (who, api.status)
            assert api.json()["error"] == "forbidden", api.text


@test
def country_directory_per_role():
    """C44: the directory of focal points and experts shows every State to
    States parties (any of their people) and the Secretariat; stakeholders
    and anonymous callers reach it too (c44) but see only the States whose
    setting is public, which X's is not (the default)."""
    ctx = setup()
    for who in READERS + OUTSIDERS:
        r = client(who).get("/directory")
        assert r.status == 200, (who, r.status)
        scope = 'data-scope="public"' if who in ("ngo", "anon") else 'data-scope="all"'
        assert scope in r.text, (who, r.text[:300])
        if who in ("ngo", "anon"):
            assert f'data-state="{ctx["X"]}"' not in r.text, who


@test
def country_people_writes_per_role():
    """Naming the focal point and entering the Permanent Representative are
    the Secretariat's (para 18, R27); naming the reviewed State's experts is
    its focal point's or the Secretariat's (para 27); consultations are
    recorded by the reviewed State's focal point or the Secretariat (para
    31).  Everyone else is refused and nothing changes."""
    ctx = setup()
    x, m = ctx["X"], ctx["mail"]
    writes = {
        "focal": (f"/country/{x}/focal-point", {"action": "name", "email": m["rfp"]}),
        "rep": (f"/country/{x}/representative", {"name": "Amb. Test", "email": f"pr@{x.lower()}.test",
                                                 "lang": "fr"}),
        "expert": (f"/country/{x}/experts", {"action": "name", "email": m["rex"], "instruments": ""}),
        "consult": (f"/country/{x}/consultations", {"phase": "1", "languages": "en,fr"}),
    }
    allowed = {"focal": {"sec"}, "rep": {"sec"}, "expert": {"rfp", "sec"},
               "consult": {"rfp", "sec"}}
    # The refusals first: nothing may change.
    for what, (path, form) in writes.items():
        for who in ["rfp", "rex", "rob", "vfp", "vex", "sfp", "ofp", "ngo", "anon", "sec"]:
            if who in allowed[what]:
                continue
            if what in ("expert", "consult") and who == "rfp":
                continue
            before = snapshot()
            r = post(who, path, form)
            assert refused(who, r), (what, who, r.status, r.text[:200])
            assert snapshot() == before, (what, who)
    # Then the allowed ones, in the order of the procedures.
    r = post("sec", *writes["focal"])
    assert r.status == 303 and r.header("Location") == f"/country/{x}?saved=1", (r.status, r.text[:300])
    r = post("sec", *writes["rep"])
    assert r.status == 303, (r.status, r.text[:300])
    r = post("rfp", *writes["expert"])
    assert r.status == 303, (r.status, r.text[:300])
    r = post("rfp", *writes["consult"])
    assert r.status == 303, (r.status, r.text[:300])
    # Another focal-point account of X, not the one named, acts for nothing.
    before = snapshot()
    for path, form in (writes["expert"], writes["consult"]):
        r = post("rfp2", path, form)
        assert r.status == 403 and snapshot() == before, (path, r.status)
    # The focal point may not name a focal point (not even a second one).
    before = snapshot()
    r = post("rfp", f"/country/{x}/focal-point", {"action": "name", "email": m["rfp2"]})
    assert r.status == 403 and snapshot() == before, r.status
    j = client("ofp").get("/directory").text
    assert m["rfp"] in j and m["rex"] in j, "directory lacks the named people"
    api = client("rob").get(f"/api/v1/reviews/{x}").json()
    mine = [p for p in api["people"] if p["state"] == x][0]
    assert mine["focal_point"]["email"] == m["rfp"], mine
    assert [e["email"] for e in mine["experts"]] == [m["rex"]], mine
    assert api["languages"] == ["en", "fr"], api["languages"]
    assert api["consultations"][0]["recorded_by"] == m["rfp"], api["consultations"]
    page = client("vex").get(f"/country/{x}").text
    assert m["rfp"] in page and "Amb. Test" not in page.split('id="people"')[0], "people section"
    # Every change is audited.
    assert any("people.focal_point.name" in l for l in R["audit_lines"]()), "audit"


@test
def country_reviewer_shares():
    """R20, para 28 b: a reviewing State's focal point names its experts and
    shares the review among them within its charge; the reviewed State's
    focal point cannot do it for the reviewer; the supplementary reviewer
    is refused an instrument outside its charge (400, nothing stored)."""
    ctx = setup()
    x, v, s, m = ctx["X"], ctx["V"], ctx["S"], ctx["mail"]
    path = f"/country/{x}/experts"
    # Until the Secretariat names them, the reviewers' focal-point accounts
    # do not act for their States (para 18: one focal point at a time).
    before = snapshot()
    r = post("vfp", path, {"action": "name", "state": v, "email": m["vex"], "instruments": ""})
    assert r.status == 403 and snapshot() == before, r.status
    for who, st in (("vfp", v), ("sfp", s)):
        r = post("sec", f"/country/{x}/focal-point", {"action": "name", "state": st,
                                                      "email": m[who]})
        assert r.status == 303, (who, r.status, r.text[:300])
    r = post("vfp", path, {"action": "name", "state": v, "email": m["vex"], "instruments": ""})
    assert r.status == 303, (r.status, r.text[:300])
    r = post("sfp", path, {"action": "name", "state": s, "email": m["sex"], "instruments": ""})
    assert r.status == 303, (r.status, r.text[:300])
    # Not for another State's experts.
    before = snapshot()
    for who in ("rfp", "sfp", "vex"):
        r = post(who, path, {"action": "name", "state": v, "email": m["vex"], "instruments": ""})
        assert r.status == 403 and snapshot() == before, (who, r.status)
    tasks = f"/country/{x}/tasks"
    inside = ctx["V_instr"][0]
    r = post("vfp", tasks, {"action": "add", "state": v, "email": m["vex"], "instrument": inside})
    assert r.status == 303, (r.status, r.text[:300])
    before = snapshot()
    r = post("rfp", tasks, {"action": "add", "state": v, "email": m["vex"], "instrument": inside,
                            "cluster": "C1"})
    assert r.status == 403 and snapshot() == before, r.status
    outside = [i for i in ("untoc", "tip", "som", "firearms") if i not in ctx["S_instr"]][0]
    r = post("sfp", tasks, {"action": "add", "state": s, "email": m["sex"], "instrument": outside})
    assert r.status == 400 and "in charge" in r.text, (r.status, r.text[:300])
    assert snapshot() == before
    page = client("sec").get(f"/country/{x}").text
    assert m["vex"] in page.split("Shares of the review")[1], "share not shown"


@test
def country_bad_input_changes_nothing():
    """Unknown State, four languages, three without the exceptional mark, a
    second focal point, an expert with an instrument its State is not party
    to: each a clear error and nothing stored."""
    ctx = setup()
    x, v, m = ctx["X"], ctx["V"], ctx["mail"]
    for path in ("/country/XXX", "/country/" + x.lower(), "/country/ABCD"):
        assert client("sec").get(path).status == 404, path
    r = client("sec").get("/api/v1/reviews/XXX")
    assert r.status == 404 and r.json()["error"] == "not_found", r.text
    cases = [
        ("rfp", f"/country/{x}/consultations", {"phase": "1", "languages": "en,fr,ru,es",
                                                 "exceptional": "1"}, "at most three"),
        ("rfp", f"/country/{x}/consultations", {"phase": "1", "languages": "en,fr,ru"},
         "exceptional"),
        ("sec", f"/country/{x}/consultations", {"phase": "1", "languages": "en,xx"}, "unknown"),
        ("sec", f"/country/{x}/consultations", {"phase": "7", "languages": "en"}, "phase"),
        ("sec", f"/country/{x}/focal-point", {"action": "name", "email": m["rfp2"]}, "one at a time"),
        ("vfp", f"/country/{x}/experts", {"action": "name", "state": v, "email": m["vex"],
                                          "instruments": ctx["missing"]}, "not party"),
        ("sec", f"/country/{x}/experts", {"action": "name", "email": "nobody@x.test"}, "no expert"),
    ]
    for who, path, form, words in cases:
        before = snapshot()
        r = post(who, path, form)
        assert r.status == 400, (path, form, r.status, r.text[:300])
        assert words in r.text, (words, re.sub(r"\s+", " ", r.text)[:600])
        assert snapshot() == before, (path, form)
    r = post("sec", "/country/XXX/consultations", {"phase": "1", "languages": "en"})
    assert r.status == 404, r.status
    # Three languages are accepted when marked exceptional (para 50).
    r = post("sec", f"/country/{x}/consultations", {"phase": "1", "languages": "en,fr,ar",
                                                    "exceptional": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    j = client("rex").get(f"/api/v1/reviews/{x}").json()
    assert j["languages"] == ["en", "fr", "ar"] and j["languages_exceptional"] is True, j


@test
def country_people_remind_cli():
    """`revmech people remind` runs (cron): reminders once each, so a second
    run at the same moment queues none."""
    setup()
    rc, out, err = R["run_cli"]("people", "remind", "--db", R["DB"], "--po", "po")
    assert rc == 0, (rc, out, err)
    rc, out2, err = R["run_cli"]("people", "remind", "--db", R["DB"], "--po", "po")
    assert rc == 0 and out2.startswith("0 reminders"), (rc, out2, err)
    rc, out, err = R["run_cli"]("people", "remind", "--db", R["DB"], "--now", "yesterday")
    assert rc == 1 and "--now" in err, (rc, err)


# ---- api9 (issue 9): the people and consultations forms over the API ----

import json  # noqa: E402


def api(who, method, path, body=None, raw=None):
    """A JSON API call of who (session cookie and X-CSRF-Token)."""
    ctx = setup()
    c = client(who)
    h = {}
    if who != "anon":
        tok = ctx.setdefault("tok", {})
        if who not in tok:
            tok[who] = csrf(c)
        h["X-CSRF-Token"] = tok[who]
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    return c.request(method, "/api/v1" + path, body=data, headers=h)


def api_refused(who, r):
    """Refused: 403 forbidden, or 401 for anonymous."""
    if who == "anon":
        return r.status in (401, 403)
    return r.status == 403 and r.json()["error"] in ("forbidden", "csrf")


API_ROLES = ["sec", "rfp", "rfp2", "rex", "ofp", "ngo", "anon"]


def api_try(path, method, body, allowed):
    """Every role of API_ROLES outside allowed is refused and nothing
    changes."""
    for who in API_ROLES:
        if who in allowed:
            continue
        before = snapshot()
        r = api(who, method, path, body)
        assert api_refused(who, r), (method, path, who, r.status, r.text[:300])
        assert snapshot() == before, (method, path, who)


@test
def country_api_people_per_role():
    """The people forms over the API (para 18, 27, R14, R17-R19), asking
    the pages' access actions: the Secretariat names and ends the focal
    point and enters the Permanent Representative; the State's NAMED focal
    point (not another focal-point account of the State) names, updates
    and removes its experts with their instruments; an expert, another
    State, a stakeholder and anonymous are refused and nothing changes.
    The people of the review are read by its participants only."""
    ctx = setup()
    x, m = ctx["X"], ctx["mail"]
    fp = f"/reviews/{x}/people/{x}/focal-point"
    if sql("SELECT 1 FROM focal_points WHERE state = ?", x):
        api_try(fp, "DELETE", None, {"sec"})
        r = api("sec", "DELETE", fp)
        assert r.status == 200 and r.json()["focal_point"] is None, (r.status, r.text)
        assert not sql("SELECT 1 FROM focal_points WHERE state = ?", x)
    api_try(fp, "PUT", {"email": m["rfp"]}, {"sec"})
    r = api("sec", "PUT", fp, {"email": m["rfp"]})
    assert r.status == 200, (r.status, r.text)
    assert sql("SELECT u.email FROM focal_points f JOIN users u ON u.id = f.user_id "
               "WHERE f.state = ?", x) == [(m["rfp"],)]
    rep = f"/reviews/{x}/people/{x}/representative"
    body = {"name": "Amb. Api", "email": f"pr.api@{x.lower()}.test", "lang": "es"}
    api_try(rep, "PUT", body, {"sec"})
    r = api("sec", "PUT", rep, body)
    assert r.status == 200, (r.status, r.text)
    assert sql("SELECT name, lang FROM representatives WHERE state = ?", x) == [("Amb. Api", "es")]
    # Experts: the named focal point (or the Secretariat); rfp2 is not it.
    ex = f"/reviews/{x}/people/{x}/experts/{m['rex']}"
    api_try(ex, "PUT", {"instruments": []}, {"sec", "rfp"})
    r = api("rfp", "PUT", ex, {"instruments": []})
    assert r.status == 200 and r.json()["instruments"] == [], (r.status, r.text)
    inst = api("sec", "GET", f"/reviews/{x}").json()["phases"][0]["instruments"][0]
    r = api("rfp", "PUT", ex, {"instruments": [inst]})
    assert r.status == 200 and r.json()["instruments"] == [inst], (r.status, r.text)
    assert sql("SELECT instruments FROM users WHERE email = ?", m["rex"]) == [(inst,)]
    # Reads of the review's people: its participants only.
    for who in API_ROLES:
        r = api(who, "GET", f"/reviews/{x}/people")
        if who in ("ofp", "ngo", "anon"):
            assert api_refused(who, r), (who, r.status)
            continue
        assert r.status == 200, (who, r.status, r.text[:300])
        mine = [p for p in r.json()["people"] if p["state"] == x][0]
        assert mine["focal_point"]["email"] == m["rfp"], mine
        assert [(e["email"], e["instruments"]) for e in mine["experts"]] == [(m["rex"], [inst])]
        # What the actor may do, from access/ (the forms it would see).
        assert mine["may_edit_experts"] == (who in ("sec", "rfp")), (who, mine)
        assert mine["may_name_focal_point"] == (who == "sec"), (who, mine)
        assert ("representative" in mine) == (who == "sec"), (who, mine.keys())
    api_try(ex, "DELETE", None, {"sec", "rfp"})
    r = api("rfp", "DELETE", ex)
    assert r.status == 200, (r.status, r.text)
    assert not sql("SELECT 1 FROM experts e JOIN users u ON u.id = e.user_id WHERE u.email = ?",
                   m["rex"])
    r = api("sec", "PUT", ex, {"instruments": ""})  # named again, as the pages' tests left it
    assert r.status == 200, (r.status, r.text)
    lines = R["audit_lines"]()
    for action in ("people.focal_point.name", "people.representative", "people.expert.name",
                   "people.expert.remove"):
        assert any(action in l for l in lines), action


@test
def country_api_shares_consultations_directory():
    """R20 shares, para 31 / R83-R84 consultations and C44's directory over
    the API: a reviewing State's named focal point shares the review among
    its experts (not the reviewed State's focal point); consultations are
    recorded by the reviewed State's named focal point or the Secretariat
    and read by the participants; the directory is for States parties and
    the Secretariat."""
    ctx = setup()
    x, v, m = ctx["X"], ctx["V"], ctx["mail"]
    if not sql("SELECT 1 FROM focal_points WHERE state = ?", x):
        assert api("sec", "PUT", f"/reviews/{x}/people/{x}/focal-point",
                   {"email": m["rfp"]}).status == 200
    if not sql("SELECT 1 FROM focal_points WHERE state = ?", v):
        r = api("sec", "PUT", f"/reviews/{x}/people/{v}/focal-point", {"email": m["vfp"]})
        assert r.status == 200, (r.status, r.text)
    r = api("vfp", "PUT", f"/reviews/{x}/people/{v}/experts/{m['vex']}", {"instruments": []})
    assert r.status == 200, (r.status, r.text)
    share = {"state": v, "email": m["vex"], "instrument": ctx["V_instr"][0]}
    api_try("/reviews/%s/tasks" % x, "POST", share, {"sec"})
    before = snapshot()
    r = api("rfp", "POST", f"/reviews/{x}/tasks", share)
    assert r.status == 403 and snapshot() == before, (r.status, r.text)
    # The pages' suite may have given the same share: taken back first.
    for t in api("vfp", "GET", f"/reviews/{x}/people").json()["tasks"]:
        if t["email"] == m["vex"] and t["instrument"] == share["instrument"] and \
                not t["cluster"] and not t["article"]:
            assert api("vfp", "DELETE", f"/reviews/{x}/tasks/{t['id']}").status == 200
    r = api("vfp", "POST", f"/reviews/{x}/tasks", share)
    assert r.status == 201, (r.status, r.text)
    tid = r.json()["id"]
    assert sql("SELECT instrument FROM expert_tasks WHERE id = ?", tid) == [(share["instrument"],)]
    got = api("vex", "GET", f"/reviews/{x}/people").json()["tasks"]
    assert any(t["id"] == tid and t["email"] == m["vex"] for t in got), got
    api_try(f"/reviews/{x}/tasks/{tid}", "DELETE", None, {"sec"})
    r = api("vfp", "DELETE", f"/reviews/{x}/tasks/{tid}")
    assert r.status == 200 and not sql("SELECT 1 FROM expert_tasks WHERE id = ?", tid), r.text
    # Consultations.
    rec = {"phase": 1, "languages": ["en", "es"], "note": "agreed by e-mail"}
    api_try(f"/reviews/{x}/consultations", "POST", rec, {"sec", "rfp"})
    r = api("rfp", "POST", f"/reviews/{x}/consultations", rec)
    assert r.status == 201, (r.status, r.text)
    j = r.json()
    assert j["languages"] == ["en", "es"] and j["recorded_by"] == m["rfp"], j
    for who in API_ROLES:
        r = api(who, "GET", f"/reviews/{x}/consultations")
        if who in ("ofp", "ngo", "anon"):
            assert api_refused(who, r), (who, r.status)
            continue
        assert r.status == 200, (who, r.status)
        assert r.json()["languages"] == ["en", "es"] and r.json()["records"][0]["id"] == j["id"]
    # The directory (C44).
    for who in API_ROLES:
        r = api(who, "GET", "/directory")
        if who in ("ngo", "anon"):  # c44: only public States; X has the default
            assert r.status == 200 and r.json()["scope"] == "public", (who, r.status)
            assert not [e for e in r.json()["entries"] if e["state"] == x], (who, r.text)
            continue
        assert r.status == 200, (who, r.status)
        ent = r.json()["entries"]
        assert {"state": x, "role": "focal_point", "email": m["rfp"]}.items() <= \
            next(e for e in ent if e["state"] == x and e["role"] == "focal_point").items()
        assert any(e["email"] == m["vex"] and e["role"] == "expert" for e in ent), ent


@test
def country_api_bad_input_changes_nothing():
    """Bad input over the API: a clear JSON error with a code, and nothing
    stored (four languages, three unmarked, an unknown language, a body
    that is not JSON, instruments not a list, a State outside the review,
    an unknown review, an unknown share, a second focal point)."""
    ctx = setup()
    x, o, m = ctx["X"], ctx["O"], ctx["mail"]
    if not sql("SELECT 1 FROM focal_points WHERE state = ?", x):
        assert api("sec", "PUT", f"/reviews/{x}/people/{x}/focal-point",
                   {"email": m["rfp"]}).status == 200
    cases = [
        ("rfp", "POST", f"/reviews/{x}/consultations",
         {"phase": 1, "languages": ["en", "fr", "ru", "es"], "exceptional": True}, 400,
         "bad_request", "at most three"),
        ("rfp", "POST", f"/reviews/{x}/consultations", {"phase": 1, "languages": "en,fr,ru"}, 400,
         "bad_request", "exceptional"),
        ("sec", "POST", f"/reviews/{x}/consultations", {"phase": 1, "languages": ["en", "xx"]},
         400, "bad_request", "unknown"),
        ("sec", "POST", f"/reviews/{x}/consultations", {"phase": "1", "languages": ["en"]}, 400,
         "bad_request", "phase"),
        ("sec", "POST", f"/reviews/{x}/consultations", {"phase": 1, "languages": ["en"],
                                                      "responses_due": "2020-13-01"}, 400,
         "bad_request", "YYYY-MM-DD"),
        ("sec", "PUT", f"/reviews/{x}/people/{x}/focal-point", "not json", 400, "bad_request",
         "JSON"),
        ("sec", "PUT", f"/reviews/{x}/people/{x}/focal-point", {"email": m["rfp2"]}, 400,
         "bad_request", "one at a time"),
        ("rfp", "PUT", f"/reviews/{x}/people/{x}/experts/{m['rex']}", {"instruments": 5}, 400,
         "bad_request", "instruments"),
        ("sec", "PUT", f"/reviews/{x}/people/{x}/experts/nobody@x.test", {"instruments": []}, 400,
         "bad_request", "no expert"),
        ("sec", "PUT", f"/reviews/{x}/people/{o}/focal-point", {"email": m["ofp"]}, 400,
         "not_in_review", "no part"),
        ("sec", "PUT", "/reviews/XXX/people/XXX/focal-point", {"email": m["rfp"]}, 404,
         "not_found", "alpha-3"),
        ("sec", "DELETE", f"/reviews/{x}/tasks/999999", None, 404, "not_found", "share"),
        ("sec", "POST", f"/reviews/{x}/tasks", {"state": x, "email": m["rex"], "instrument": "untoc",
                                              "article": "five"}, 400, "bad_request", "article"),
    ]
    for who, method, path, body, status, code, words in cases:
        before = snapshot()
        if isinstance(body, str):
            r = api(who, method, path, raw=body)
        else:
            r = api(who, method, path, body)
        assert r.status == status, (method, path, body, r.status, r.text[:300])
        j = r.json()
        assert j["error"] == code and words in j["message"], (words, j)
        assert snapshot() == before, (method, path, body)
