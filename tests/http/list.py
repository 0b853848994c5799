"""Lists of observations and their follow-up over HTTP (issue 10; B18 rows
"List of observations (final)" and "Follow-up progress info"; paras 38-39,
43-46; R102, R107-R118, R136, C46, C47): one table of cases, role x
artefact (draft list, final list, confidential item, CRP, follow-up) x read
or write, through the API and the pages; agreement reopened by a change;
the CRP without the confidential items; bad input refused with a clear
error and nothing written.  Registered by tests/http/run.py with
`list.register(globals())`; uses run.py's helpers through R."""
import json

import fixture

user = fixture.user

Api = fixture.Api

R = {}
TESTS = []
PW = None
S = {}  # the scenario, built once by list_setup


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R, PW
    R = g
    PW = g["PW"]
    for fn in TESTS:
        g["test"](fn)


def sql(q, *a):
    return R["sql"](q, *a)


def api(role):
    return S["api"][role]


def base():
    return "/api/v1/reviews/%s/phases/1/list" % S["x"]


def page():
    return "/reviews/%s/phases/1/list" % S["x"]


def versions():
    return sql("SELECT COUNT(*) FROM obs_list_versions v JOIN obs_lists l ON l.id = v.list_id "
               "WHERE l.reviewed = ?", S["x"])[0][0]


def written():
    """Everything a refused write might touch."""
    return [sql("SELECT COUNT(*) FROM " + t)[0][0] for t in
            ("obs_lists", "obs_list_versions", "obs_items", "obs_confidential", "obs_agreements",
             "ta_status", "ta_requests", "followup_reports", "archive_records")]


ROLES = ["fp", "expert", "observer", "reviewer_fp", "reviewer", "supplementary",
         "supplementary_fp", "other_state", "secretariat", "stakeholder", "anonymous"]


@test
def list_setup():
    """A State X of cohort 1 with a supplementary reviewer (not the one
    tests/http/response.py uses); the focal points named; the
    questionnaire opened; the responses marked submitted (submission
    itself is response.py's)."""
    rows = sql("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst))
    # Keep clear of the States the other suites use (they name focal
    # points: country.py, response.py, dialogue.py) and of their reviewers.
    busy = {c for (c,) in sql("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    cands = [rv for rv, lst in sorted(by.items()) if rv not in busy
             and not any(r[0] in busy for r in lst)
             and any(role == "additional" for _, role, _ in lst)]
    assert len(cands) >= 1, "the draw has too few reviews with a supplementary reviewer"
    x = cands[-1]
    S["x"] = x
    S["cands"] = cands[:-1]  # for list_review_state_follows_the_work
    main = [r[0] for r in by[x] if r[1] != "additional"]
    sup = [r for r in by[x] if r[1] == "additional"][0]
    S["main"], S["sup"], S["sup_inst"] = main, sup[0], sup[2].split()
    involved = {x} | {r[0] for r in by[x]}
    S["other"] = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code")
                      if c not in involved and c not in busy)
    lx = x.lower()
    mails = {
        "fp": (f"lfp.{lx}@l.example", "focal_point", x),
        "expert": (f"lex.{lx}@l.example", "expert", x),
        "observer": (f"lob.{lx}@l.example", "observer", x),
        "reviewer_fp": (f"lrfp.{lx}@l.example", "focal_point", main[0]),
        "reviewer": (f"lrex.{lx}@l.example", "expert", main[0]),
        "supplementary_fp": (f"lsfp.{lx}@l.example", "focal_point", sup[0]),
        "supplementary": (f"lsex.{lx}@l.example", "expert", sup[0]),
        "other_state": (f"lofp.{lx}@l.example", "focal_point", S["other"]),
    }
    for k, (m, role, st) in mails.items():
        user(m, role, st)
    for i, st in enumerate(main[1:]):
        user(f"lr{i}fp.{lx}@l.example", "focal_point", st)
        mails[f"reviewer{i}_fp"] = (f"lr{i}fp.{lx}@l.example", "focal_point", st)
    S["mails"] = mails
    sec = R["logged_in"]("sec@example.org")
    tok = sec.csrf("/dashboard")
    for k, (m, role, st) in mails.items():
        if role == "focal_point":
            r = sec.post(f"/country/{st}/focal-point", {"action": "name", "email": m, "csrf": tok})
            assert r.status == 303, (k, r.status, r.text[r.text.find("<main"):][:1500])
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    R["sql"]("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
             "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    S["api"] = {k: Api(m) for k, (m, _, _) in mails.items()}
    S["api"].update({"secretariat": Api("sec@example.org"), "stakeholder": Api("ngo@example.org"),
                     "anonymous": Api(None)})
    a = S["api"]
    r = a["secretariat"].send("POST", "/api/v1/reviews/%s/phases/1/questionnaire" % x)
    assert r.status in (200, 409), (r.status, r.text)
    q = a["fp"].get("/api/v1/reviews/%s/phases/1/questionnaire" % x).json()
    S["inst"] = [i["instrument"] for i in q["questionnaires"]]
    assert "untoc" in S["inst"], S["inst"]
    S["qid"] = q["questionnaires"][0]["sections"][0]["questions"][0]["id"]
    mine = [i for i in S["sup_inst"] if i in S["inst"]]
    assert mine, (S["sup_inst"], S["inst"])
    S["sup_mine"] = mine[0]
    # The list cannot be drafted before the responses are submitted.
    r = a["reviewer"].send("PUT", base(), {"base_version": 0, "items": []})
    assert r.status == 403 and r.json()["error"] == "not_submitted", (r.status, r.text)
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, '2026-06-01T00:00:00Z', 'list-test')", x)
    # Its R90 state with it, as a submission moves it (response.py tests that).
    rc, out, err = R["run_cli"]("phase", "move", "--db", R["DB"], "--state", "responses_submitted",
                                "--reviewed", x, "--phase", "1", "--by", "sec@example.org")
    assert rc == 0, (rc, out, err)
    art = {"untoc": 5, "tip": 5, "som": 6, "firearms": 5}
    S["art"] = art


def item(inst, text, typ="gap", **kw):
    d = {"instrument": inst, "article": S["art"][inst], "type": typ, "text": text}
    d.update(kw)
    return d


def current():
    return api("secretariat").get(base()).json()


# Role -> status of a first draft (PUT of an untoc item) and of reads.
DRAFT_WRITE = {"fp": 403, "expert": 403, "observer": 403, "reviewer_fp": 200, "reviewer": 200,
               "supplementary": 403, "supplementary_fp": 403, "other_state": 403,
               "secretariat": 200, "stakeholder": 403, "anonymous": 403}
READ = {"fp": 200, "expert": 200, "observer": 200, "reviewer_fp": 200, "reviewer": 200,
        "supplementary": 200, "supplementary_fp": 200, "other_state": 403, "secretariat": 200,
        "stakeholder": 403, "anonymous": 401}


@test
def list_draft_by_role_and_supplementary_charge():
    """Para 38: the reviewing States draft with the Secretariat's help;
    C47: a supplementary reviewer only its instruments' items."""
    before = written()
    for role in ROLES:
        if DRAFT_WRITE[role] == 200:
            continue
        r = api(role).send("PUT", base(), {"base_version": 0, "items": [item("untoc", "X")]})
        assert r.status == DRAFT_WRITE[role], (role, r.status, r.text[:200])
        if role != "anonymous":
            assert r.json()["message"], r.text
    assert written() == before
    v = 0
    for role in ("reviewer", "reviewer_fp", "secretariat"):
        items = current()["items"] + [item("untoc", "Lacune relevée par " + role)]
        r = api(role).send("PUT", base(), {"base_version": v, "items": items})
        assert r.status == 200, (role, r.status, r.text)
        v = r.json()["version"]
    assert v == 3 and versions() == 3
    # The supplementary reviewer: its own instrument, scoped, is fine ...
    r = api("supplementary").send("PUT", base(), {"base_version": 3, "instrument": S["sup_mine"],
                                                  "items": [item(S["sup_mine"], "Bonne pratique",
                                                                 "good_practice")]})
    assert r.status == 200 and r.json()["version"] == 4, (r.status, r.text)
    # ... the Convention's is not (scoped or in the whole list).
    before = written()
    r = api("supplementary").send("PUT", base(), {"base_version": 4, "instrument": "untoc",
                                                  "items": []})
    assert r.status == 403, (r.status, r.text)
    r = api("supplementary").send("PUT", base(), {"base_version": 4, "items": []})
    assert r.status == 403 and "untoc" in r.json()["message"], (r.status, r.text)
    assert written() == before
    # A technical-assistance need resting on an answer.
    items = current()["items"] + [item("untoc", "Formation des juges", "ta_need", priority="high",
                                       answers=[S["qid"]]),
                                  item("untoc", "Besoin confidentiel", "ta_need", priority="low")]
    r = api("reviewer").send("PUT", base(), {"base_version": 4, "items": items})
    assert r.status == 200 and r.json()["version"] == 5, r.text
    S["v"] = 5


@test
def list_reads_by_role_api_and_page():
    for role in ROLES:
        r = api(role).get(base())
        assert r.status == READ[role], (role, r.status, r.text[:200])
        p = api(role).get(page())
        if role == "anonymous":
            assert p.status == 303 and "/login" in p.header("Location"), p.status
        else:
            assert p.status == (200 if READ[role] == 200 else 403), (role, p.status)
        if r.status != 200:
            continue
        j = r.json()
        insts = {i["instrument"] for i in j["items"]}
        if role in ("supplementary", "supplementary_fp"):
            # C47: only the instruments in its charge.
            assert insts <= set(S["sup_inst"]) and j["hidden"] > 0, (role, insts, j["hidden"])
            assert "Lacune" not in p.text
        else:
            assert "untoc" in insts and j["hidden"] == 0, (role, insts)
            assert "Formation des juges" in p.text
    # Every read is audited (R97).
    n = sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.list' AND object = ?",
            S["x"] + "/1")[0][0]
    assert n >= 8, n


@test
def list_bad_input_clear_and_nothing_written():
    a = api("reviewer")
    cur = current()["items"]
    cases = [
        ([item("untoc", "x") | {"article": 999}], 400, "article 999"),
        ([item("untoc", "x") | {"article": 24}], 400, "not reviewed in this phase"),
        ([item("untoc", "x", "lacune")], 400, "type must be"),
        ([item("untoc", "x", "ta_need")], 400, "priority"),
        ([item("untoc", "x") | {"answers": ["nope-q1"]}], 400, "is no question"),
        ([item("untoc", "x") | {"messages": [987654]}], 400, "is no record"),
        ([item("untoc", "x") | {"key": "i999"}], 400, "names no item"),
        ([item("untoc", "")], 400, "text is empty"),
    ]
    before = written()
    for items, status, says in cases:
        r = a.send("PUT", base(), {"base_version": S["v"], "items": cur + items})
        assert r.status == status and says in r.json()["message"], (items, r.status, r.text[:300])
        assert r.json()["error"] == "bad_request"
    r = a.send("PUT", base(), raw="{not json")
    assert r.status == 400 and "base_version" in r.json()["message"]
    r = a.send("PUT", base(), {"base_version": 1, "items": cur})
    assert r.status == 409 and r.json()["error"] == "conflict", r.text
    # Forged reviews: a State not reviewed, a phase that is none, a review
    # the reviewer takes no part in.
    r = a.send("PUT", "/api/v1/reviews/ZZZ/phases/1/list", {"base_version": 0, "items": []})
    assert r.status == 404, r.status
    r = a.send("PUT", "/api/v1/reviews/%s/phases/7/list" % S["x"], {"base_version": 0, "items": []})
    assert r.status == 404, r.status
    r = api("other_state").send("POST", base() + "/agree", {"version": S["v"]})
    assert r.status == 403, r.status
    # A page form with an unknown article: the text sent is shown, not lost.
    r = a.form(page() + "/items", {"base_version": str(S["v"]), "instrument": "untoc",
                                   "article": "999", "type": "gap", "text": "Texte à garder"})
    assert r.status == 400 and "Texte à garder" in r.text, (r.status, r.text[:300])
    assert written() == before


@test
def list_confidential_agree_crp_reopen():
    """R102: the reviewed State's focal point keeps an item confidential;
    R111: agreement by the reviewed State and each reviewer, reopened by a
    change; R109: the CRP per working group without the confidential item."""
    items = current()["items"]
    secret = next(i for i in items if i["text"] == "Besoin confidentiel")
    before = written()
    for role in ("expert", "observer", "reviewer_fp", "secretariat", "other_state", "stakeholder"):
        r = api(role).send("POST", base() + "/confidential", {"key": secret["key"],
                                                              "confidential": True})
        assert r.status == 403, (role, r.status)
    r = api("fp").send("POST", base() + "/confidential", {"key": "i999", "confidential": True})
    assert r.status == 404 and r.json()["error"] == "not_found", r.text
    r = api("fp").send("POST", base() + "/confidential", {"key": secret["key"], "confidential": 1})
    assert r.status == 400, r.text
    assert written() == before
    r = api("fp").send("POST", base() + "/confidential", {"key": secret["key"], "confidential": True})
    assert r.status == 200, r.text
    who = sql("SELECT by_whom FROM obs_confidential c JOIN obs_lists l ON l.id = c.list_id "
              "WHERE l.reviewed = ?", S["x"])
    assert who == [(S["mails"]["fp"][0],)], who  # R103: the deciding user
    # No CRP before agreement.
    r = api("other_state").get(base() + "/crp/wg_ic")
    assert r.status == 403 and r.json()["error"] == "not_final", r.text
    # Agreement: only each State's named focal point; not twice; not
    # by a non-participant; the version one has read.
    before = written()
    for role in ("expert", "observer", "reviewer", "supplementary", "secretariat", "other_state",
                 "stakeholder", "anonymous"):
        r = api(role).send("POST", base() + "/agree", {"version": S["v"]})
        assert r.status == 403, (role, r.status)
    r = api("fp").send("POST", base() + "/agree", {"version": S["v"] - 1})
    assert r.status == 409 and r.json()["error"] == "conflict", r.text
    r = api("fp").send("POST", base() + "/agree", {})
    assert r.status == 400, r.text
    assert written() == before
    agreeing = ["fp", "reviewer_fp", "supplementary_fp"] + [k for k in S["api"]
                                                          if k.startswith("reviewer") and
                                                          k.endswith("_fp") and k != "reviewer_fp"]
    for k in agreeing:
        r = api(k).send("POST", base() + "/agree", {"version": S["v"]})
        assert r.status == 200, (k, r.status, r.text)
    assert r.json()["final"] is True, r.text
    before = written()
    r = api("fp").send("POST", base() + "/agree", {"version": S["v"]})
    assert r.status == 409 and r.json()["error"] == "already_agreed", r.text
    assert written() == before
    n = sql("SELECT COUNT(*) FROM archive_records WHERE kind = 'agreement' AND reviewed = ?",
            S["x"])[0][0]
    assert n == len(agreeing), n
    j = current()
    assert j["final"] and all(p["agreed"] for p in j["parties"]), j["parties"]
    # The CRP: every State party, not stakeholders; without the secret.
    crp = {"other_state": 200, "fp": 200, "reviewer": 200, "supplementary": 200,
           "secretariat": 200, "stakeholder": 403, "anonymous": 401}
    for role, st in crp.items():
        r = api(role).get(base() + "/crp/wg_ic")
        assert r.status == st, (role, r.status)
    c = api("other_state").get(base() + "/crp/wg_ic").json()
    texts = [i["text"] for i in c["items"]]
    assert "Formation des juges" in texts and "Besoin confidentiel" not in texts, texts
    assert "answers" not in json.dumps(c)
    assert api("other_state").get(base() + "/crp/wg_ta").json()["items"] == c["items"]
    wg = {"tip": "wg_tip", "som": "wg_som", "firearms": "wg_firearms"}[S["sup_mine"]]
    c2 = api("other_state").get(base() + "/crp/" + wg).json()
    assert [i["text"] for i in c2["items"]] == ["Bonne pratique"], c2
    r = api("other_state").get(base() + "/crp/wg_nope")
    assert r.status == 404 and r.json()["error"] == "unknown_working_group", r.text
    p = api("other_state").get(page() + "/crp/wg_ic")
    assert p.status == 200 and "Formation des juges" in p.text and "Besoin confidentiel" not in p.text
    assert api("stakeholder").get(page() + "/crp/wg_ic").status == 403
    # The gate: the review counts as completed (C14).
    # A later change reopens agreement (R111).
    items = current()["items"]
    items[0]["text"] += " (corrigé)"
    r = api("reviewer").send("PUT", base(), {"base_version": S["v"], "items": items})
    assert r.status == 200, r.text
    S["v"] = r.json()["version"]
    j = current()
    assert not j["final"] and not any(p["agreed"] for p in j["parties"]), j
    r = api("other_state").get(base() + "/crp/wg_ic")
    assert r.status == 403, r.status
    for k in agreeing:
        r = api(k).send("POST", base() + "/agree", {"version": S["v"]})
        assert r.status == 200, (k, r.text)
    assert current()["final"]
    # The page offers the agreement to the focal point, not to an expert.
    assert 'id="agree"' not in api("expert").get(page()).text


@test
def list_working_group_documents():
    """R109, R110 (gap10 item 5): what a working group has received: X's
    final list under the group of each of its instruments (table 2), as
    its CRP, on /working-groups/{wg} and the API; every State party and the
    Secretariat, not a stakeholder (its table empty), anonymous sent to
    sign in; a list reopened by a change leaves the table until agreed."""
    x = S["x"]
    want = {"other_state": 1, "fp": 1, "reviewer": 1, "secretariat": 1, "stakeholder": 0}
    for role, n in want.items():
        r = api(role).get("/api/v1/working-groups/wg_ic/documents")
        assert r.status == 200, (role, r.status)
        mine = [d for d in r.json()["documents"] if d["reviewed"] == x and d["phase"] == 1]
        assert len(mine) == n, (role, r.json())
        p = api(role).get("/working-groups/wg_ic")
        assert p.status == 200 and (('data-state="%s" data-phase="1"' % x) in p.text) == bool(n), role
        if n:
            assert ('/reviews/%s/phases/1/list/crp/wg_ic' % x) in p.text, role
    assert api("anonymous").get("/api/v1/working-groups/wg_ic/documents").status == 401
    assert api("anonymous").get("/working-groups/wg_ic").status == 303
    assert api("other_state").get("/api/v1/working-groups/wg_nope/documents").status == 404
    assert api("other_state").get("/working-groups/wg_nope").status == 404
    # Under a Protocol's group too, and not under one of no instrument of X.
    wg = {"tip": "wg_tip", "som": "wg_som", "firearms": "wg_firearms"}[S["sup_mine"]]
    j = api("other_state").get("/api/v1/working-groups/%s/documents" % wg).json()
    assert any(d["reviewed"] == x for d in j["documents"]), j
    idx = api("other_state").get("/working-groups?lang=fr")
    assert idx.status == 200 and 'href="/working-groups/wg_ic"' in idx.text
    # Reopened by a change (R111): not released until agreed again.
    items = current()["items"]
    items[0]["text"] += " (encore)"
    r = api("reviewer").send("PUT", base(), {"base_version": S["v"], "items": items})
    assert r.status == 200, r.text
    S["v"] = r.json()["version"]
    j = api("other_state").get("/api/v1/working-groups/wg_ic/documents").json()
    assert not any(d["reviewed"] == x for d in j["documents"]), j
    agreeing = ["fp", "reviewer_fp", "supplementary_fp"] + [k for k in S["api"]
                                                          if k.startswith("reviewer") and
                                                          k.endswith("_fp") and k != "reviewer_fp"]
    for k in agreeing:
        r = api(k).send("POST", base() + "/agree", {"version": S["v"]})
        assert r.status == 200, (k, r.text)
    j = api("other_state").get("/api/v1/working-groups/wg_ic/documents").json()
    assert any(d["reviewed"] == x and d["version"] == S["v"] for d in j["documents"]), j


@test
def list_followup_by_role_and_aggregate():
    """Paras 43-46: status as the reviewed State reports it, requests
    linked to providers by the Secretariat, progress reports; the
    aggregate by region, instrument and article names no State (R136)."""
    f = "/api/v1/reviews/%s/phases/1/followup" % S["x"]
    j = api("fp").get(f).json()
    need = next(n for n in j["needs"] if n["text"] == "Formation des juges")
    assert len(j["needs"]) == 2  # the confidential need is the State's own
    before_reads = {"fp": 200, "expert": 200, "secretariat": 200, "reviewer": 403,
                    "other_state": 403, "stakeholder": 403, "anonymous": 401}
    for role, st in before_reads.items():
        assert api(role).get(f).status == st, (role, api(role).get(f).status)
    before = written()
    for role in ("expert", "observer", "reviewer_fp", "secretariat", "other_state"):
        r = api(role).send("POST", f + "/status", {"key": need["key"], "status": "met"})
        assert r.status == 403, (role, r.status)
    r = api("fp").send("POST", f + "/status", {"key": need["key"], "status": "done"})
    assert r.status == 400 and "open, in_progress or met" in r.json()["message"], r.text
    r = api("fp").send("POST", f + "/status", {"key": "i999", "status": "met"})
    assert r.status == 404, r.text
    for role in ("fp", "reviewer_fp", "other_state"):
        r = api(role).send("POST", f + "/requests", {"key": need["key"], "provider": "UNODC",
                                                     "funding": "pledged"})
        assert r.status == 403, (role, r.status)
    assert written() == before
    r = api("fp").send("POST", f + "/status", {"key": need["key"], "status": "in_progress",
                                               "note": "Atelier en 2027"})
    assert r.status == 200, r.text
    r = api("secretariat").send("POST", f + "/requests", {"key": need["key"], "provider": "UNODC",
                                                          "funding": "pledged"})
    assert r.status == 200, r.text
    r = api("fp").send("POST", f + "/reports", {"body": "Rapport interne", "communicated": False})
    assert r.status == 200, r.text
    assert api("other_state").get(f).status == 403
    r = api("fp").send("POST", f + "/reports", {"body": "Progrès communiqués", "communicated": True})
    assert r.status == 200, r.text
    # Communicated: every State party reads it, without the requests and
    # the reports kept back.
    for role in ("reviewer", "other_state"):
        r = api(role).get(f)
        assert r.status == 200, (role, r.status)
        t = r.text
        assert "Progrès communiqués" in t and "Rapport interne" not in t and "UNODC" not in t, t
    assert api("stakeholder").get(f).status == 403
    full = api("secretariat").get(f).json()
    n = next(x for x in full["needs"] if x["key"] == need["key"])
    assert n["status"] == "in_progress" and n["requests"][0]["provider"] == "UNODC", n
    p = api("fp").get("/reviews/%s/phases/1/followup" % S["x"])
    assert p.status == 200 and "Formation des juges" in p.text
    assert api("other_state").get("/reviews/%s/phases/1/followup" % S["x"]).status == 200
    assert api("stakeholder").get("/reviews/%s/phases/1/followup" % S["x"]).status == 403
    # The working group's aggregate: signed-in States parties and the
    # Secretariat; sorted by region, instrument, article; no State.
    agg = {"other_state": 200, "secretariat": 200, "fp": 200, "stakeholder": 403, "anonymous": 401}
    for role, st in agg.items():
        assert api(role).get("/api/v1/technical-assistance/needs").status == st, role
    a = api("other_state").get("/api/v1/technical-assistance/needs").json()["needs"]
    keys = [(x["region"], x["instrument"], x["article"]) for x in a]
    assert any(x["status"] == "in_progress" for x in a), a
    assert all(set(x) == {"region", "instrument", "article", "priority", "status", "needs"}
               for x in a), a
    assert "Besoin confidentiel" not in json.dumps(a)
    csv = api("secretariat").get("/technical-assistance/needs.csv")
    assert csv.status == 200 and csv.header("Content-Type").startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0] == "region,instrument,article,priority,status,needs", lines[0]
    codes = {c for (c,) in sql("SELECT code FROM parties")}
    assert not any(c in line.split(",") for line in lines for c in codes), lines
    assert len(lines) - 1 == len(keys)
    pg = api("other_state").get("/technical-assistance")
    assert pg.status == 200 and "ta-needs" in pg.text
    assert api("stakeholder").get("/technical-assistance").status == 403
    # Every read of the follow-up is audited.
    n = sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.followup'")[0][0]
    assert n >= 5, n


@test
def list_gate_counts_agreed_list():
    """C14: a review whose list is agreed counts as completed in the
    programme engine's gate (revmech phase status), whatever its R90
    state."""
    rc, out, err = R["run_cli"]("phase", "status", "--db", R["DB"])
    assert rc == 0, err
    row = next(l.split("\t") for l in out.splitlines() if l.startswith("1\t1\t"))
    completed = int(row[5])
    # R90: the agreement moved its state to list_agreed (review/phase.h:
    # phase_advance), in the agreement's transaction, by the last focal
    # point who agreed; a later change reopened agreement but never moves
    # the state back (C14: the correction does not undo the completion).
    st = sql("SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = 1", S["x"])[0][0]
    assert st == "list_agreed", st
    tr = sql("SELECT from_state, by_whom FROM review_transitions WHERE reviewed = ? AND phase = 1 "
             "AND to_state = 'list_agreed'", S["x"])
    fps = {m for m, role, _ in S["mails"].values() if role == "focal_point"}
    assert len(tr) == 1 and tr[0][0] == "draft_list" and tr[0][1] in fps, tr
    # Others completed as the gate counts them: by state, or by a list
    # agreed once (another suite's, b18.py's, even if reopened since).
    others = sql("SELECT COUNT(*) FROM review_phase_states p WHERE p.phase = 1 AND "
                 "p.reviewed <> ? AND (p.state IN ('list_agreed', 'summary_agreed') OR EXISTS "
                 "(SELECT 1 FROM obs_lists l WHERE l.reviewed = p.reviewed AND l.phase = 1 "
                 "AND l.agreed_version > 0))", S["x"])[0][0]
    assert completed == others + 1, (completed, others, row)


@test
def list_pages_draft_confidential_remove_agree():
    """The forms of the list's page (post/redirect/get), each refused to
    whom the API refuses it; every version stays readable."""
    v = current()["current_version"]
    r = api("supplementary").form(page() + "/items", {"base_version": str(v), "instrument": "untoc",
                                                      "article": "5", "type": "gap", "text": "Non"})
    assert r.status == 403, r.status
    r = api("reviewer").form(page() + "/items", {"base_version": str(v), "instrument": "untoc",
                                                 "article": "5", "type": "gap",
                                                 "text": "Ajout par la page"})
    assert r.status == 303 and r.header("Location").endswith("/list?saved=1"), r.status
    j = current()
    new = next(i for i in j["items"] if i["text"] == "Ajout par la page")
    assert j["current_version"] == v + 1 and not j["final"]
    assert "Ajout par la page" in api("fp").get(page()).text
    r = api("expert").form(page() + "/confidential", {"key": new["key"], "confidential": "1"})
    assert r.status == 403, r.status
    r = api("fp").form(page() + "/confidential", {"key": new["key"], "confidential": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    assert next(i for i in current()["items"] if i["key"] == new["key"])["confidential"]
    r = api("reviewer").form(page() + "/items", {"action": "remove", "key": "i999",
                                                 "instrument": "untoc", "base_version": str(v + 1)})
    assert r.status == 404, r.status
    r = api("reviewer").form(page() + "/items", {"action": "remove", "key": new["key"],
                                                 "instrument": "untoc", "base_version": str(v + 1)})
    assert r.status == 303, (r.status, r.text[:300])
    assert all(i["key"] != new["key"] for i in current()["items"])
    r = api("fp").form(page() + "/agree", {"version": str(v + 2)})
    assert r.status == 303 and r.header("Location").endswith("/list?agreed=1"), r.status
    r = api("fp").form(page() + "/agree", {"version": str(v + 2)})
    assert r.status == 409 and "already agreed" in r.text, r.status
    assert api("expert").form(page() + "/agree", {"version": str(v + 2)}).status == 403
    # Every version is kept.
    old = api("reviewer").get(base() + "?version=1").json()
    assert old["version"] == 1 and len(old["items"]) == 1, old
    assert api("reviewer").get(base() + "?version=999").status == 404
    assert api("reviewer").get(base() + "?version=x").status == 400
    assert len(current()["versions"]) == v + 2


@test
def list_domain_errors_in_the_page_language():
    """Issues 9 and 10: a refused save, agreement or follow-up on the
    list's pages says the domain's reason in the page's language, figures
    and all (util/msg.h, pages_derr); the API keeps its English; nothing
    is written (R107-R111, R114)."""
    import html
    import re
    v = current()["current_version"]
    before = written()
    rv = api("reviewer")
    r = rv.form(page() + "/items?lang=fr", {"base_version": str(v), "instrument": "untoc",
                                            "article": str(S["art"]["untoc"]), "type": "gap",
                                            "text": "é" * 4001})
    text = html.unescape(r.text)
    assert r.status == 400 and 'lang="fr"' in r.text, (r.status, text[-600:])
    assert "Rien n'a été modifié : le formulaire était incomplet ou erroné." in text
    assert re.search(r"\(Élément \d+ : le texte dépasse 4000 caractères\.\)", text), text[-1500:]
    assert "longer than" not in text
    r = rv.form(page() + "/items?lang=es", {"base_version": str(v), "instrument": "untoc",
                                            "article": str(S["art"]["untoc"]),
                                            "type": "nonsense", "text": "Texto"})
    assert r.status == 400 and re.search(r"Elemento \d+: el tipo debe ser gap, good_practice, "
                                         r"suggestion o ta_need, no «nonsense»",
                                         html.unescape(r.text)), html.unescape(r.text)[-1200:]
    items = [it for it in current()["items"] if it["instrument"] == "untoc"]
    r = rv.send("PUT", base(), {"base_version": v, "instrument": "untoc",
                                "items": items + [item("untoc", "z" * 4001)]})
    assert r.status == 400 and re.fullmatch(r"item \d+: text is longer than 4000 characters",
                                            r.json()["message"]), r.text[:300]
    # An agreement to an old version: refused in French.
    r = api("reviewer_fp").form(page() + "/agree?lang=fr", {"version": "1"})
    assert r.status == 409, r.status
    assert "La liste a changé depuis que vous l'avez lue" in html.unescape(r.text), \
        html.unescape(r.text)[-800:]
    # The follow-up of a need: a status that is none of the three.
    fp = api("fp")
    r = fp.form("/reviews/%s/phases/1/followup?lang=fr" % S["x"],
                {"what": "status", "key": "i1", "status": "done", "note": "Fini"})
    assert r.status == 400, (r.status, r.text[-600:])
    assert "Le statut doit être open, in_progress ou met." in html.unescape(r.text), \
        html.unescape(r.text)[-800:]
    assert written() == before, "nothing written"
    for who in ("reviewer", "reviewer_fp", "fp"):
        api(who).get("/account?lang=en")


@test
def list_review_state_follows_the_work():
    """R90: each step of the work moves the review's state forward, in the
    transaction of the write, recorded with who and when, never back: the
    first written observation (observations_submitted), the reviewed
    State's reply (dialogue), a message (no move back), the first list item
    (draft_list), the list agreed by every party (list_agreed), the summary
    agreed by every party (summary_agreed).  Another review Y of cohort 1,
    through the API and the pages."""
    busy = {c for (c,) in sql("SELECT state FROM focal_points")}
    rows = sql("SELECT a.reviewed, a.reviewer, a.role FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "WHERE a.status = 'active' ORDER BY a.reviewed, a.slot")
    revs = {}
    for rv, rr, role in rows:
        revs.setdefault(rv, []).append(rr)
    y = next(c for c in reversed(S["cands"]) if c not in busy)
    ly = y.lower()
    fp = {}
    sec = R["logged_in"]("sec@example.org")
    tok = sec.csrf("/dashboard")
    have = {st: m for m, role, st in S["mails"].values() if role == "focal_point"}
    for st in [y] + revs[y]:
        if st in have:
            fp[st] = have[st]
            continue
        fp[st] = f"wfp.{st.lower()}.{ly}@l.example"
        user(fp[st], "focal_point", st)
        r = sec.post(f"/country/{st}/focal-point", {"action": "name", "email": fp[st], "csrf": tok})
        assert r.status == 303, (st, r.status, r.text[:300])
    rev = revs[y][0]
    rex = f"wrex.{rev.lower()}.{ly}@l.example"
    user(rex, "expert", rev)
    a = {st: Api(m) for st, m in fp.items()}
    a["rex"] = Api(rex)
    a["sec"] = api("secretariat")
    ybase = "/api/v1/reviews/%s/phases/1" % y

    def state():
        return sql("SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = 1",
                   y)[0][0]

    def last():
        return sql("SELECT from_state, to_state, by_whom, at, note FROM review_transitions "
                   "WHERE reviewed = ? AND phase = 1 ORDER BY id DESC LIMIT 1", y)[0]

    def moved(frm, to, who):
        assert state() == to, (state(), to)
        f, t, b, at, note = last()
        assert (f, t, b) == (frm, to, who) and at.startswith("20") and note, last()
        assert a["sec"].get("/api/v1/reviews/" + y).status == 200

    r = a["sec"].send("POST", ybase + "/questionnaire")
    assert r.status in (200, 409), (r.status, r.text)
    assert state() == "questionnaire_in_progress", state()
    # A message in the thread open from the phase's start (para 31) moves
    # nothing: the dialogue answers observations.
    r = a[y].send("POST", ybase + "/messages", {"instrument": "untoc", "kind": "message",
                                                "title": "Calendrier", "text": "Consultations"})
    assert r.status in (200, 201), (r.status, r.text[:200])
    assert state() == "questionnaire_in_progress", state()
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, '2026-06-01T00:00:00Z', 'list-test')", y)
    rc, out, err = R["run_cli"]("phase", "move", "--db", R["DB"], "--state", "responses_submitted",
                                "--reviewed", y, "--phase", "1", "--by", "sec@example.org")
    assert rc == 0, (rc, out, err)
    q = a[y].get(ybase + "/questionnaire").json()
    qid = q["questionnaires"][0]["sections"][0]["questions"][0]["id"]
    n = sql("SELECT COUNT(*) FROM review_transitions WHERE reviewed = ?", y)[0][0]
    # A refused write moves nothing.
    r = a["rex"].send("POST", ybase + "/observations", {"question": qid, "type": "bogus",
                                                        "text": "x"})
    assert r.status == 400 and state() == "responses_submitted", (r.status, state())
    r = a["rex"].send("POST", ybase + "/observations", {"question": qid, "type": "comment",
                                                        "text": "Observation écrite"})
    assert r.status in (200, 201), (r.status, r.text[:200])
    obs = r.json()["id"]
    moved("responses_submitted", "observations_submitted", rex)
    r = a["rex"].send("POST", ybase + "/observations", {"question": qid, "type": "clarification",
                                                        "text": "Une autre"})
    assert r.status in (200, 201) and state() == "observations_submitted", r.text[:200]
    # The reviewed State's reply, through the page.
    p = a[y].form("/reviews/%s/phases/1/observations" % y,
                  {"type": "reply", "reply_to": str(obs), "text": "Réponse"})
    assert p.status in (200, 303), (p.status, p.text[:300])
    moved("observations_submitted", "dialogue", fp[y])
    r = a["rex"].send("POST", ybase + "/messages", {"instrument": "untoc", "kind": "message",
                                                    "title": "Suite", "text": "Suite"})
    assert r.status in (200, 201) and state() == "dialogue", (r.status, state())
    # The first list item, through the API.
    r = a[rev].send("PUT", ybase + "/list", {"base_version": 0, "items": [
        item("untoc", "Lacune de Y")]})
    assert r.status == 200, r.text
    v = r.json()["version"]
    moved("dialogue", "draft_list", fp[rev])
    # A later observation or message never moves it back.
    r = a["rex"].send("POST", ybase + "/observations", {"question": qid, "type": "comment",
                                                        "text": "Tardive"})
    assert r.status in (200, 201) and state() == "draft_list", (r.status, state())
    parties = [y] + revs[y]
    for st in parties[:-1]:
        r = a[st].send("POST", ybase + "/list/agree", {"version": v})
        assert r.status == 200, (st, r.text)
        assert state() == "draft_list", state()
    # The summary, drafted while the list waits for its last party: no
    # party may agree to it yet (para 38, a summary of the final list;
    # R111), over the API (409 list_not_final) nor the page (409, in the
    # page's language); nothing written (issue 10, sigkey).
    r = a[rev].send("PUT", ybase + "/summary/fr", {"text": "Résumé de Y.", "base": 0})
    assert r.status == 200, (r.status, r.text[:200])
    sv = r.json()["version"]
    agreements = sql("SELECT COUNT(*) FROM summary_agreements")[0][0]
    archived = sql("SELECT COUNT(*) FROM archive_records")[0][0]
    for st in parties:
        r = a[st].send("POST", ybase + "/summary/agree", {"version": sv})
        assert r.status == 409 and r.json()["error"] == "list_not_final", (st, r.status, r.text)
        assert "is not final yet" in r.json()["message"], r.text
    import html
    r = a[y].form("/reviews/%s/phases/1/summary/agree?lang=fr" % y,
                  {"version": str(sv), "lang": "fr"})
    text = html.unescape(r.text)
    assert r.status == 409 and "n’est pas encore définitive" in text, (r.status, text[-1500:])
    a[y].get("/account?lang=en")
    assert sql("SELECT COUNT(*) FROM summary_agreements")[0][0] == agreements
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == archived
    assert state() == "draft_list", state()
    r = a[parties[-1]].send("POST", ybase + "/list/agree", {"version": v})
    assert r.status == 200 and r.json()["final"], r.text
    moved("draft_list", "list_agreed", fp[parties[-1]])
    # Now agreed by every party.
    for st in parties[:-1]:
        r = a[st].send("POST", ybase + "/summary/agree", {"version": sv})
        assert r.status == 200, (st, r.text)
        assert state() == "list_agreed", state()
    r = a[parties[-1]].send("POST", ybase + "/summary/agree", {"version": sv})
    assert r.status == 200 and r.json()["agreed"], r.text
    moved("list_agreed", "summary_agreed", fp[parties[-1]])
    tr = sql("SELECT from_state, to_state FROM review_transitions WHERE reviewed = ? AND id > "
             "(SELECT MIN(id) FROM review_transitions WHERE reviewed = ?) ORDER BY id", y, y)
    assert [t for _, t in tr][-6:] == ["responses_submitted", "observations_submitted",
                                       "dialogue", "draft_list", "list_agreed",
                                       "summary_agreed"], tr
    assert sql("SELECT COUNT(*) FROM review_transitions WHERE reviewed = ?", y)[0][0] == n + 5
    # The country page shows the state reached.
    pg = a["sec"].get("/country/" + y)
    assert pg.status == 200, pg.status
