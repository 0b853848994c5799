"""The blueprint ("esquisse") of lists and summaries and the corrigendum of
an issued summary over HTTP (issue 10; annex paras 15, 38, 39; spec R108,
R110, R111, R112).  Tables of role x artefact: the blueprint read (public)
and edited (the Secretariat only: API and page), the corrigendum opened
(those who write the summary), the correction read (the review's, as a
draft summary, while the issued version stays everyone's: API, page, PDF),
agreed (each party's named focal point) and made official language by
language.  With no blueprint adopted the pages say so; once adopted a new
list orders its items by it and a first summary text starts from its
headings, both recording the version.  At the end an empty version is
adopted, so that the suites after this one see no headings nor order.
Registered by tests/http/run.py with `outline.register(globals())`."""
import json

import fixture

Api = fixture.Api

R = {}
TESTS = []
S = {}

ROLES = ["fp", "expert", "observer", "rev_fp", "rev_expert", "sup_expert", "other",
         "secretariat", "stakeholder", "anonymous"]
PUBLIC = ("other", "stakeholder", "anonymous")  # read only what is official
EDITORS = ("fp", "expert", "rev_fp", "rev_expert", "sup_expert", "secretariat")
LANGS = ["ar", "zh", "en", "fr", "ru", "es"]
ISSUED = "Observations\n\nLe texte publié du résumé."
CORRECTED = "Observations\n\nLe texte corrigé du résumé."


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


def base(phase=1):
    return "/api/v1/reviews/%s/phases/%d" % (S["x"], phase)


def page(phase=1):
    return "/reviews/%s/phases/%d" % (S["x"], phase)


def pick():
    """A reviewed State of cohort 1 with a supplementary reviewer, none of
    whose States another suite names focal points for."""
    rows = sql("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst.split()))
    busy = {"FRA", "DEU", "USA"} | {c for (c,) in sql("SELECT state FROM focal_points")}
    busy |= {c for (c,) in sql("SELECT reviewed FROM summaries")}
    busy |= {c for (c,) in sql("SELECT reviewed FROM obs_lists")}
    for x in sorted(by):
        lst = by[x]
        if x in busy or any(r[0] in busy for r in lst):
            continue
        if any(r[1] == "additional" for r in lst):
            return x, lst
    raise AssertionError("no free review with a supplementary reviewer in the test draw")


@test
def outline_setup():
    """X, its reviewers (one regular V, one supplementary S), another State
    party O; their people; the focal points named (para 18); the phase
    open, the questionnaire opened and the responses submitted."""
    x, lst = pick()
    S["x"] = x
    main = [r for r in lst if r[1] != "additional"]
    sup = [r for r in lst if r[1] == "additional"][0]
    S["v"], S["s"] = main[0][0], sup[0]
    S["reviewers"] = [r[0] for r in lst]
    involved = {x} | set(S["reviewers"])
    busy = {c for (c,) in sql("SELECT state FROM focal_points")}
    S["o"] = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code")
                  if c not in involved and c not in busy)
    lx = x.lower()
    m = {
        "fp": (f"ofp.{lx}@outline.example", "focal_point", x),
        "expert": (f"oex.{lx}@outline.example", "expert", x),
        "observer": (f"oob.{lx}@outline.example", "observer", x),
        "rev_expert": (f"oex.{S['v'].lower()}@outline.example", "expert", S["v"]),
        "sup_expert": (f"oex.{S['s'].lower()}@outline.example", "expert", S["s"]),
        "other": (f"ofp.{S['o'].lower()}@outline.example", "focal_point", S["o"]),
    }
    for st in S["reviewers"]:
        m["fp_" + st] = (f"ofp.{st.lower()}@outline.example", "focal_point", st)
    for email, role, st in m.values():
        R["add_user"](email, role, st)
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    sec = Api("sec@example.org")
    for st in [x] + S["reviewers"]:
        email = m["fp" if st == x else "fp_" + st][0]
        r = sec.form(f"/country/{x}/focal-point", {"action": "name", "state": st, "email": email})
        assert r.status == 303, (st, r.status, r.text[:300])
    a = {k: Api(v[0]) for k, v in m.items() if not k.startswith("fp_")}
    for st in S["reviewers"]:
        a["fp_" + st] = Api(m["fp_" + st][0])
    a["rev_fp"] = a["fp_" + S["v"]]
    a["secretariat"] = sec
    a["stakeholder"] = Api("ngo@example.org")
    a["anonymous"] = Api(None)
    S["api"] = a
    r = sec.send("POST", base() + "/questionnaire")
    assert r.status in (200, 409), (r.status, r.text[:200])
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, '2026-06-01T00:00:00Z', 'outline-test')", x)
    print(f"     outline: {x} reviewed by {S['reviewers']}; other State {S['o']}")


def blueprint_now():
    r = S["api"]["anonymous"].get("/api/v1/blueprint")
    assert r.status == 200, (r.status, r.text[:200])
    return r.json()


BP = {"summary": {"headings": {"fr": ["Observations", "Difficultés"],
                               "ar": ["الملاحظات"]}},
      "list": {"instruments": ["untoc"],
               "types": ["ta_need", "suggestion", "good_practice", "gap"]}}


@test
def outline_blueprint_by_role():
    """R112: the blueprint is a Conference document, read by anyone without
    login (API and page); only the Secretariat enters a version, adopted
    by a decision recorded first; a bad document, an unrecorded decision
    or a stale base are refused and nothing is written."""
    a = S["api"]
    n0 = len(blueprint_now()["versions"])
    S["n0"] = n0
    for role in ROLES:
        r = a[role].get("/api/v1/blueprint")
        assert r.status == 200, (role, r.status)
        r = a[role].get("/blueprint")
        assert r.status == 200, (role, r.status)
        if n0 == 0:
            assert 'id="no-blueprint"' in r.text, role
        assert ('id="blueprint-form"' in r.text) == (role == "secretariat"), role
    dec = "CTOC/COP/TEST/%s/1" % S["x"]
    body = {"blueprint": BP, "decision": dec, "base": n0}
    for role in ROLES:
        if role == "secretariat":
            continue
        r = a[role].send("PUT", "/api/v1/blueprint", body)
        assert r.status in (401, 403), (role, r.status)
        r = a[role].form("/blueprint", {"base": str(n0), "decision": dec, "h_fr": "X"})
        assert r.status in (303, 401, 403) and "saved=1" not in (r.header("Location") or ""), \
            (role, r.status)
    sec = a["secretariat"]
    r = sec.send("PUT", "/api/v1/blueprint", body)
    assert r.status == 400 and "is not recorded" in r.json()["message"], r.text
    r = sec.form("/lots/decision", {"ref": dec, "date": "2026-10-20",
                                    "title": "Blueprint of lists and summaries", "confirm": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    for bad in ({"list": {"types": ["gap", "gap"]}}, {"list": {"instruments": ["uncac"]}},
                {"summary": {"headings": {"de": ["Einleitung"]}}},
                {"summary": {"headings": {"en": ["two\nlines"]}}}, {}):
        r = sec.send("PUT", "/api/v1/blueprint", {"blueprint": bad, "decision": dec, "base": n0})
        assert r.status == 400, (bad, r.status, r.text)
    r = sec.send("PUT", "/api/v1/blueprint", dict(body, base=n0 + 1))
    assert r.status == 409 and r.json()["error"] == "conflict", r.text
    assert len(blueprint_now()["versions"]) == n0
    r = sec.send("PUT", "/api/v1/blueprint", {"blueprint": {"list": {"types": ["gap"]}},
                                              "decision": dec, "base": n0})
    assert r.status == 201 and r.json()["version"] == n0 + 1, r.text
    # The page's form: the headings one per line, in each language.
    r = sec.form("/blueprint", {"base": str(n0 + 1), "decision": dec,
                                "h_fr": "Observations\r\nDifficultés\r\n", "h_ar": "الملاحظات",
                                "instruments": "untoc",
                                "types": "ta_need suggestion good_practice gap"})
    assert r.status == 303 and "saved=1" in r.header("Location"), (r.status, r.text[:400])
    j = blueprint_now()
    S["bp"] = j["in_force"]["version"]
    assert S["bp"] == n0 + 2, j
    assert j["in_force"]["blueprint"] == BP, j["in_force"]["blueprint"]
    assert j["in_force"]["decision"] == dec and j["in_force"]["decided_on"] == "2026-10-20"
    r = a["anonymous"].get("/blueprint")
    assert r.status == 200 and 'id="blueprint"' in r.text and "الملاحظات" in r.text
    assert dec in r.text
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'blueprint.adopt' AND "
               "detail LIKE ?", "%" + dec + "%")[0][0] == 2


def item(typ, text, **kw):
    d = {"instrument": "untoc", "article": 5, "type": typ, "text": text}
    d.update(kw)
    return d


@test
def outline_list_and_summary_follow_the_blueprint():
    """Paras 38 and 15, R108, R110: a list saved after the blueprint is
    adopted orders its items by its sections (here by item type) and
    records the version; a first summary text starts from its headings in
    the drafting language (page and API), and records it too."""
    a = S["api"]
    items = [item("gap", "Lacune"), item("good_practice", "Pratique"),
             item("suggestion", "Suggestion"), item("ta_need", "Besoin", priority="high")]
    r = a["rev_expert"].send("PUT", base() + "/list", {"base_version": 0, "items": items})
    assert r.status == 200, (r.status, r.text[:300])
    v = r.json()["version"]
    j = a["secretariat"].get(base() + "/list").json()
    assert [i["text"] for i in j["items"]] == ["Besoin", "Suggestion", "Pratique", "Lacune"], \
        j["items"]
    assert j["versions"][-1]["blueprint"] == S["bp"], j["versions"]
    for st in [S["x"]] + S["reviewers"]:
        who = "fp" if st == S["x"] else "fp_" + st
        r = a[who].send("POST", base() + "/list/agree", {"version": v})
        assert r.status == 200, (st, r.status, r.text[:200])
    assert r.json()["final"], r.text
    # The CRP of the working group on UNTOC reads the same order.
    wg = sql("SELECT wg FROM instrument_wgs WHERE instrument = 'untoc' ORDER BY wg")[0][0]
    r = a["other"].get(base() + "/list/crp/" + wg)
    assert r.status == 200, (wg, r.status, r.text[:200])
    texts = [i["text"] for i in r.json()["items"]]
    assert texts == ["Besoin", "Suggestion", "Pratique", "Lacune"], texts
    # No summary yet: the skeleton in French (the page prefills it).
    r = a["rev_fp"].get(base() + "/summary/fr")
    assert r.status == 404 and r.json()["skeleton"]["blueprint"] == S["bp"], r.text
    assert r.json()["skeleton"]["text"] == "Observations\n\nDifficultés\n\n"
    assert a["rev_fp"].get(base() + "/summary/zh").json()["skeleton"] is None
    r = a["rev_fp"].get(page() + "/summary/fr")
    assert r.status == 200 and 'id="blueprint-skeleton"' in r.text, r.text[:300]
    assert "Observations\n\nDifficultés" in r.text
    r = a["rev_expert"].send("PUT", base() + "/summary/fr", {"text": ISSUED, "base": 0})
    assert r.status == 200 and r.json()["version"] == 1, r.text
    t = a["secretariat"].get(base() + "/summary/fr").json()["text"]
    assert t["blueprint"] == S["bp"] and not t["issued"], t


def agree_all(version):
    for st in [S["x"]] + S["reviewers"]:
        who = "fp" if st == S["x"] else "fp_" + st
        r = S["api"][who].send("POST", base() + "/summary/agree", {"version": version})
        assert r.status == 200, (st, r.status, r.text[:200])


def translate(lang, text, base_v):
    sec = S["api"]["secretariat"]
    if base_v == 0:
        r = sec.send("POST", base() + f"/summary/{lang}/status", {"status": "requested"})
        assert r.status == 200, (lang, r.text)
    r = sec.send("PUT", base() + f"/summary/{lang}", {"text": text, "base": base_v})
    assert r.status == 200, (lang, r.text)
    st = sec.get(base() + f"/summary/{lang}").json()
    cur = next(l["status"] for l in st["languages"] if l["lang"] == lang)
    for step in (["revised"] if cur == "in_translation" else []) + ["final"]:
        r = sec.send("POST", base() + f"/summary/{lang}/status", {"status": step})
        assert r.status == 200, (lang, step, r.text)


def read(role, lang="fr", q=""):
    r = S["api"][role].get(base() + f"/summary/{lang}{q}")
    return r.status, (r.json() if r.status == 200 else None)


@test
def outline_corrigendum_by_role():
    """Para 39, R111: an issued summary is corrected by a corrigendum,
    opened by those who write it; the correction is the review's (a draft
    summary's rule) while the issued version stays everyone's, on the API,
    the page and the PDF, in each language, until the correction is agreed
    by every party and final there; then it replaces it, and both remain."""
    a = S["api"]
    r = a["fp"].send("POST", base() + "/summary/corrigendum", {"reason": "Une date erronée."})
    assert r.status == 409 and r.json()["error"] == "not_issued", r.text
    agree_all(1)
    for lang in LANGS:
        if lang != "fr":
            translate(lang, "Issued %s." % lang, 0)
    st, j = read("anonymous")
    assert st == 200 and j["official"] and j["text"]["body"] == ISSUED, (st, j)
    r = a["rev_expert"].send("PUT", base() + "/summary/fr", {"text": CORRECTED, "base": 1})
    assert r.status == 409 and r.json()["error"] == "official", r.text
    # Who opens it: those who write the drafting text.
    for role in ROLES:
        if role in EDITORS:
            continue
        r = a[role].send("POST", base() + "/summary/corrigendum", {"reason": "x"})
        assert r.status in (401, 403), (role, r.status)
        r = a[role].form(page() + "/summary/corrigendum", {"reason": "x", "lang": "fr"})
        assert r.status in (303, 401, 403) and "corrigendum=1" not in (r.header("Location") or ""), \
            (role, r.status)
    r = a["rev_expert"].send("POST", base() + "/summary/corrigendum", {"reason": ""})
    assert r.status == 400, r.text
    assert 'id="corrigendum-form"' in a["rev_expert"].get(page() + "/summary/fr").text
    r = a["rev_expert"].send("POST", base() + "/summary/corrigendum",
                             {"reason": "Une date erronée."})
    assert r.status == 201 and r.json()["corrigendum"] == 1 and r.json()["issued_version"] == 1, \
        r.text
    for role in EDITORS:
        r = a[role].send("POST", base() + "/summary/corrigendum", {"reason": "Encore."})
        assert r.status == 409 and r.json()["error"] == "corrigendum_open", (role, r.text)
    r = a["rev_expert"].send("PUT", base() + "/summary/fr", {"text": CORRECTED, "base": 1})
    assert r.status == 200 and r.json()["version"] == 2, r.text
    # The correction: the review's; the issued version: everyone's.
    part = {"fp", "expert", "observer", "rev_fp", "rev_expert", "sup_expert", "secretariat"}
    for lang, issued, corrected in (("fr", ISSUED, CORRECTED), ("zh", "Issued zh.", "Issued zh.")):
        for role in ROLES:
            st, j = read(role, lang)
            assert st == 200, (role, lang, st)
            if role in part:
                assert j["text"]["body"] == corrected and not j["text"]["issued"], (role, lang, j["text"])
            else:
                assert j["text"]["body"] == issued and j["text"]["issued"], (role, lang, j["text"])
            assert j["official"] and j["corrigendum"]["number"] == 1, (role, j["corrigendum"])
            langs = {l["lang"]: l["corrigendum"] for l in j["languages"]}
            assert set(langs.values()) == {"corrigendum"}, langs
    st, j = read("fp", "fr", "?issued=1")
    assert j["text"]["body"] == ISSUED and j["text"]["issued"], j["text"]
    r = a["anonymous"].get(page() + "/summary/fr")
    assert r.status == 200 and 'id="issued-version"' in r.text and "Le texte publié" in r.text
    assert "Le texte corrigé" not in r.text
    r = a["fp"].get(page() + "/summary/fr")
    assert 'id="corrigendum-draft"' in r.text and "Le texte corrigé" in r.text
    assert 'id="summary-corrigendum"' in r.text
    for role in ("anonymous", "stakeholder"):
        r = a[role].get(base() + "/summary/fr/pdf")
        assert r.status == 200 and r.header("X-Revmech-Issued") == "yes", (role, r.status)
        assert r.header("X-Revmech-Signed") == "yes", role
        r = a[role].get(page() + "/summary/fr/html")
        assert r.status == 200 and "Le texte publié" in r.text and "Le texte corrigé" not in r.text
    r = a["fp"].get(base() + "/summary/fr/pdf")
    assert r.status == 200 and r.header("X-Revmech-Issued") == "no"
    assert r.header("X-Revmech-Signed") == "no", "the correction is not agreed yet"
    # Agreement to the correction: each party's named focal point.
    agree = {"fp": 200, "expert": 403, "observer": 403, "rev_fp": 200, "rev_expert": 403,
             "sup_expert": 403, "other": 403, "secretariat": 403, "stakeholder": 403,
             "anonymous": 403}
    for role in ROLES:
        r = a[role].send("POST", base() + "/summary/agree", {"version": 2})
        assert r.status == agree[role], (role, r.status, r.text[:200])
    agree_all(2)
    st, j = read("other")
    assert j["agreed"] and j["text"]["body"] == CORRECTED, "agreed: every State party's"
    st, j = read("anonymous")
    assert j["text"]["body"] == ISSUED, "not final yet: the public reads the issued one"
    # Language by language: zh final first.
    translate("zh", "Corrected zh.", 1)
    st, j = read("anonymous", "zh")
    assert j["text"]["body"] == "Corrected zh." and not j["text"]["issued"], j["text"]
    langs = {l["lang"]: l["corrigendum"] for l in j["languages"]}
    assert langs["zh"] == "corrected" and langs["es"] == "corrigendum", langs
    assert read("anonymous", "es")[1]["text"]["body"] == "Issued es."
    assert read("anonymous", "fr")[1]["text"]["body"] == ISSUED
    for lang in ("ar", "en", "ru", "es"):
        translate(lang, "Corrected %s." % lang, 1)
    st, j = read("anonymous", "fr")
    assert j["text"]["body"] == CORRECTED and j["corrigendum"] is None and j["corrigenda"] == 1, j
    assert {l["corrigendum"] for l in j["languages"]} == {"corrected"}, j["languages"]
    r = a["anonymous"].get(page() + "/summary/fr")
    assert 'id="corrected"' in r.text and "Le texte corrigé" in r.text
    r = a["anonymous"].get(base() + "/summary/fr/pdf")
    assert r.header("X-Revmech-Issued") == "no" and r.header("X-Revmech-Signed") == "yes"
    # Both versions remain (the archive of texts is append-only).
    assert sql("SELECT COUNT(*) FROM summary_versions v JOIN summaries m ON m.id = v.summary_id "
               "WHERE m.reviewed = ? AND v.lang = 'fr'", S["x"])[0][0] == 2
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'summary.corrigendum' AND "
               "object = ?", S["x"])[0][0] == 1


@test
def outline_leave_no_blueprint_in_force():
    """The suites after this one were written with no blueprint: an empty
    version (no headings, no order) is adopted, by the Secretariat."""
    sec = S["api"]["secretariat"]
    dec = "CTOC/COP/TEST/%s/1" % S["x"]
    r = sec.send("PUT", "/api/v1/blueprint", {"blueprint": {"summary": {"headings": {}}},
                                              "decision": dec, "base": S["bp"]})
    assert r.status == 201, r.text
