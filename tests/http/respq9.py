"""q9 (issue 9) over HTTP, from the outside: the Secretariat's override of
the UNCAC status of a review's phase (C27, R41), the note of the Protocol
provisions examined under the Convention only (R40), references to other
review mechanisms (R73), the completion per section and instrument and the
start of the country-review phase per instrument (R76, R43).  Role checks
over the API and the pages (the Secretariat overrides; the reviewed
State's focal point and expert, a reviewer, another State and anonymous do
not), bad input with clear errors in the page's language, nothing lost.
On a review of its own (a cohort-1 State no other suite uses, its focal
point named so that later suites keep clear of it).  Registered by
tests/http/run.py with `respq9.register(globals())`, before lotsev.py
(which replaces the draw)."""
import html

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


def resp():
    return __import__("response")


def api(path=""):
    return "/api/v1/reviews/%s/phases/1%s" % (S["y"], path)


def page():
    return "/reviews/%s/phases/1/responses" % S["y"]


def qjson():
    return S["a"]["expert"].get(api("/questionnaire")).json()


def footnote_sections(q):
    """The ids of the sections of Convention arts. 8 and 9 (table 1, note
    a) and whether each applies, in the questionnaire JSON q."""
    out = {}
    for qn in q["questionnaires"]:
        for s in qn["sections"]:
            if "applies_if" in s:
                out[s["id"]] = s["applies"]
    return out


@test
def q9_setup():
    """A cohort-1 State Y whose phase-1 instruments include the Convention
    and a Protocol; its focal point, expert and observer, an expert of one
    of its reviewers, another State's focal point; the questionnaire opened
    by the Secretariat."""
    sql = R["sql"]
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase",
                                "1", "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    busy = ({c for (c,) in sql("SELECT reviewed FROM response_questionnaires")}
            | {c for (c,) in sql("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"})
    rows = sql("SELECT c.reviewed, c.instruments FROM country_phase_instruments c JOIN "
               "lots_reviews r ON r.reviewed = c.reviewed JOIN lots_draws d ON d.id = r.draw_id "
               "AND d.status = 'current' WHERE r.year = 1 AND c.phase = 1 ORDER BY c.reviewed DESC")
    y = next(c for c, inst in rows if c not in busy and "untoc" in inst.split(",")
             and len(inst.split(",")) > 1)
    S["y"] = y
    revs = sql("SELECT a.reviewer, a.role FROM lots_assignments a JOIN lots_draws d ON "
               "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = ? AND "
               "a.status = 'active' ORDER BY a.slot", y)
    rev = next(r for r, role in revs if role != "additional")
    involved = {y} | {r for r, _ in revs}
    other = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code DESC")
                 if c not in involved and c not in busy)
    k = y.lower()
    u = resp().user
    u(f"q9.fp.{k}@r.example", "focal_point", y)
    u(f"q9.ex.{k}@r.example", "expert", y)
    u(f"q9.rev.{k}@r.example", "expert", rev)
    u(f"q9.other.{k}@r.example", "focal_point", other)
    Api = resp().Api
    S["a"] = a = {
        "secretariat": Api("sec@example.org"), "fp": Api(f"q9.fp.{k}@r.example"),
        "expert": Api(f"q9.ex.{k}@r.example"), "reviewer": Api(f"q9.rev.{k}@r.example"),
        "other_state": Api(f"q9.other.{k}@r.example"), "anonymous": Api(None),
    }
    sec = a["secretariat"]
    r = sec.c.post(f"/country/{y}/focal-point",
                   {"csrf": sec.tok, "action": "name", "email": f"q9.fp.{k}@r.example"})
    assert r.status == 303, (r.status, r.text[:300])
    # Adopted (R70), as response.py does when it runs first.
    sql("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
        "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    r = sec.send("POST", api("/questionnaire"))
    assert r.status == 200, (r.status, r.text[:300])
    S["start"] = sql("SELECT uncac FROM country_phase_instruments WHERE reviewed = ? AND "
                     "phase = 1", y)[0][0]
    print(f"respq9: {y} (UNCAC at start {S['start']}), reviewer {rev}, other {other}")


def override(who, uncac, ref="CTOC/COP/WG/2026/Q9", reason="Ratified UNCAC before the phase."):
    return S["a"][who].send("POST", api("/uncac"), {"uncac_party": uncac, "reference": ref,
                                                    "reason": reason})


def decisions():
    return R["sql"]("SELECT COUNT(*) FROM uncac_overrides WHERE reviewed = ?", S["y"])[0][0]


@test
def q9_uncac_override_refused_to_all_but_the_secretariat():
    """C27: only the Secretariat records an override, over the API and the
    page form; the reviewed State's focal point and expert, a reviewer,
    another State and anonymous are refused, and nothing is recorded.  All
    of them read the status (the questionnaire's readers)."""
    a = S["a"]
    n = decisions()
    for who in ("fp", "expert", "reviewer", "other_state", "anonymous"):
        r = override(who, not S["start"])
        # Anonymous: refused before the route (no CSRF token, no session).
        assert r.status in ((401, 403) if who == "anonymous" else (403,)), (who, r.status, r.text)
        if who != "anonymous":
            tok = a[who].tok
            r = a[who].c.post(f"/reviews/{S['y']}/phases/1/uncac",
                              {"csrf": tok, "uncac": "no", "reference": "X", "reason": "Y"})
            assert r.status == 403, (who, r.status)
            # No override form on their page.
            assert 'id="uncac-form"' not in a[who].get(page()).text
        else:
            r = a[who].c.post(f"/reviews/{S['y']}/phases/1/uncac",
                              {"uncac": "no", "reference": "X", "reason": "Y"})
            assert r.status not in (200, 201, 303), r.status
    assert decisions() == n
    j = a["expert"].get(api("/uncac")).json()
    assert j["applies"] and j["started"] and j["at_start"] == bool(S["start"]), j
    assert j["in_force"] == bool(S["start"]) and not j["overridden"], j
    assert a["anonymous"].get(api("/uncac")).status == 401
    # Whoever reads the blank questionnaire reads the status it uses.
    assert a["other_state"].get(api("/uncac")).status == \
        a["other_state"].get(api("/questionnaire")).status == 200
    assert 'id="uncac-form"' in a["secretariat"].get(page()).text


@test
def q9_uncac_override_bad_input_clear():
    """C27: a decision needs a status, a reference and a reason; the API
    says what is missing (English, 400), the page in its language (French
    here) with what was sent given back; nothing recorded."""
    a, n = S["a"], decisions()
    r = a["secretariat"].send("POST", api("/uncac"), {"reference": "R", "reason": "T"})
    assert r.status == 400 and "uncac_party" in r.json()["message"], r.text
    r = override("secretariat", True, ref="")
    assert r.status == 400 and "reference" in r.json()["message"], r.text
    r = override("secretariat", True, reason="   ")
    assert r.status == 400 and "reason" in r.json()["message"], r.text
    r = override("secretariat", True, ref="x" * 121)
    assert r.status == 400 and "120" in r.json()["message"], r.text
    sec = a["secretariat"]
    r = sec.c.post(f"/reviews/{S['y']}/phases/1/uncac?lang=fr",
                   {"csrf": sec.tok, "uncac": "no", "reference": "CTOC/Q9/FR", "reason": ""})
    t = html.unescape(r.text)
    assert r.status == 400 and "la raison doit être un texte de 1 à" in t, (r.status, t[-800:])
    assert "CTOC/Q9/FR" in t and "must be a text" not in t
    r = sec.c.post(f"/reviews/{S['y']}/phases/1/uncac?lang=fr",
                   {"csrf": sec.tok, "uncac": "peut-être", "reference": "R", "reason": "T"})
    assert r.status == 400 and "statut au regard de la CNUCC" in html.unescape(r.text), r.text[-600:]
    sec.c.get("/account?lang=en")
    # Phase 2 has not started: nothing to override (409, clear).
    r = sec.send("POST", "/api/v1/reviews/%s/phases/2/uncac" % S["y"],
                 {"uncac_party": True, "reference": "R", "reason": "T"})
    assert r.status in (404, 409), (r.status, r.text)
    if r.status == 409:
        assert "has not started" in r.json()["message"], r.text
    assert decisions() == n


@test
def q9_uncac_override_shows_hides_and_keeps_answers():
    """C27, R41: the decision sets the status the questionnaire uses: the
    sections of arts. 8 and 9 are shown to a State counted as not party and
    hidden otherwise, over the API and on the page; an answer given while
    shown is kept when they are hidden and shown again after; each decision
    is listed (reference, reason, who, when) and audited; the country page
    names it; the CLI shows and sets it too."""
    a, sec = S["a"], S["a"]["secretariat"]
    # Not party: shown.
    r = override("secretariat", False, ref="CTOC/Q9/1", reason="Not party when the phase began.")
    assert r.status == 201, (r.status, r.text)
    assert r.json()["in_force"] is False and r.json()["overridden"] is True
    fs = footnote_sections(qjson())
    assert fs and all(fs.values()), fs
    assert qjson()["uncac_party"] is False
    sid = sorted(fs)[0]
    q = next(qq for qn in qjson()["questionnaires"] for s in qn["sections"] if s["id"] == sid
             for qq in s["questions"] if qq["type"] == "yes_no_partly")
    body = a["expert"].get(page()).text
    assert f'id="{q["id"]}"' in body and 'data-uncac="0"' in body
    r = a["expert"].send("PUT", api("/responses/" + q["id"]),
                         {"base_version": 0, "lang": "fr", "value": "partly"})
    assert r.status == 200, (r.status, r.text)
    # Party: hidden, the answer kept.
    r = override("secretariat", True, ref="CTOC/Q9/2", reason="Ratification confirmed.")
    assert r.status == 201, r.text
    fs = footnote_sections(qjson())
    assert not any(fs.values()), fs
    body = a["expert"].get(page()).text
    assert f'id="{q["id"]}"' not in body
    assert R["sql"]("SELECT COUNT(*) FROM responses WHERE reviewed = ? AND question = ?",
                    S["y"], q["id"])[0][0] == 1
    r = a["expert"].send("PUT", api("/responses/" + q["id"]),
                         {"base_version": 1, "lang": "fr", "value": "yes"})
    assert r.status == 400 and "does not apply" in r.json()["message"], r.text
    # Not party again: shown with the answer given.
    r = override("secretariat", False, ref="CTOC/Q9/3", reason="Decision revised.")
    assert r.status == 201, r.text
    j = a["expert"].get(api("/responses/" + q["id"])).json()
    assert j["current"]["value"] == "partly", j
    body = a["expert"].get(page()).text
    assert f'id="{q["id"]}"' in body
    # Listed, with reference, reason and who; audited.
    j = a["reviewer"].get(api("/uncac")).json()
    refs = [d["reference"] for d in j["decisions"]]
    assert refs[-3:] == ["CTOC/Q9/1", "CTOC/Q9/2", "CTOC/Q9/3"], j
    assert all(d["decided_by"] == "sec@example.org" and d["decided_at"] for d in j["decisions"])
    assert "Decision revised." in a["reviewer"].get(page()).text
    assert R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'response.uncac_override' "
                    "AND object = ?", S["y"])[0][0] >= 3
    # The country page and its API name the decision in force.
    c = a["expert"].get("/country/" + S["y"]).text
    assert 'id="uncac-override-1"' in c and "CTOC/Q9/3" in c, c[-2000:]
    ph = next(p for p in a["expert"].get("/api/v1/reviews/" + S["y"]).json()["phases"]
              if p["phase"] == 1)
    assert ph["uncac_party"] is False and ph["uncac_override"]["reference"] == "CTOC/Q9/3", ph
    assert ph["uncac_party_at_start"] == bool(S["start"]), ph
    # The CLI: shows, refuses bad use, sets.
    rc, out, err = R["run_cli"]("response", "uncac", "--db", R["DB"], S["y"], "1")
    assert rc == 0 and '"in_force": false' in out, (rc, out, err)
    rc, out, err = R["run_cli"]("response", "uncac", "--db", R["DB"], S["y"], "1", "--set",
                                "maybe", "--reference", "R", "--reason", "T", "--by", "x")
    assert rc == 1 and "--set" in err, (rc, err)
    rc, out, err = R["run_cli"]("response", "uncac", *R["serve_db"](R["DB"]), S["y"], "1",
                                "--set", "yes",
                                "--reference", "CTOC/Q9/CLI", "--reason", "By the CLI.",
                                "--by", "sec@example.org")
    assert rc == 0 and "recorded" in out, (rc, out, err)
    assert qjson()["uncac_party"] is True
    # Back to not party: the arts. 8 and 9 questions take part below.
    assert override("secretariat", False, ref="CTOC/Q9/4").status == 201
    S["fq"] = q["id"]


def completion():
    return S["a"]["fp"].get(api("/completion")).json()


@test
def q9_references_to_other_mechanisms():
    """R73: a reference (mechanism, document, date) is added to an answer
    from the page and the API, listed on the page and in the API; bad input
    is refused with the reason in the page's language, what was sent given
    back; a reviewer, another State and anonymous may not add one; a save
    of the value from the page keeps the references."""
    a = S["a"]
    q = qjson()
    tq = next(qq for qn in q["questionnaires"] for s in qn["sections"] if s["applies"]
              for qq in s["questions"] if qq["type"] == "free_text")
    S["tq"] = tq["id"]
    path = "/reviews/%s/phases/1/responses/%s" % (S["y"], tq["id"])
    ex = a["expert"]
    # Before an answer: a clear refusal.
    r = ex.c.post(path + "/references?lang=fr", {"csrf": ex.tok, "base_version": "0",
                                                 "mechanism": "GRECO", "document": "Rapport",
                                                 "date": "2024-05-02"})
    assert r.status == 400 and "répondez d’abord" in html.unescape(r.text), r.text[-800:]
    r = ex.send("PUT", api("/responses/" + tq["id"]),
                {"base_version": 0, "lang": "fr", "value": "Voir le rapport du GRECO."})
    assert r.status == 200, r.text
    # Bad date, in French; what was sent given back.
    r = ex.c.post(path + "/references?lang=fr", {"csrf": ex.tok, "base_version": "1",
                                                 "mechanism": "GRECO", "document": "Rapport Q9",
                                                 "date": "2024-13-40"})
    t = html.unescape(r.text)
    assert r.status == 400 and "AAAA-MM-JJ" in t and 'value="Rapport Q9"' in t, t[-1200:]
    # No mechanism.
    r = ex.c.post(path + "/references?lang=fr", {"csrf": ex.tok, "base_version": "1",
                                                 "mechanism": "", "document": "Rapport",
                                                 "date": "2024-05-02"})
    assert r.status == 400 and "mechanism" in html.unescape(r.text), r.text[-600:]
    ex.c.get("/account?lang=en")
    # Added from the page.
    r = ex.c.post(path + "/references", {"csrf": ex.tok, "base_version": "1",
                                         "mechanism": "UNCAC Implementation Review Mechanism",
                                         "document": "Réponses au questionnaire, art. 23",
                                         "date": "2024-05-02"})
    assert r.status == 303, (r.status, r.text[:400])
    # A stale version: a conflict, nothing lost.
    r = ex.send("POST", api("/responses/%s/references" % tq["id"]),
                {"base_version": 1, "mechanism": "FATF", "document": "MER", "date": "2023-01-01"})
    assert r.status == 409 and r.json()["error"] == "conflict", r.text
    # From the API.
    r = ex.send("POST", api("/responses/%s/references" % tq["id"]),
                {"base_version": 2, "mechanism": "FATF", "document": "Mutual evaluation",
                 "date": "2023-01-01"})
    assert r.status == 200 and r.json()["version"] == 3, r.text
    assert [x["mechanism"] for x in r.json()["references"]] == \
        ["UNCAC Implementation Review Mechanism", "FATF"], r.text
    r = ex.send("POST", api("/responses/%s/references" % tq["id"]), {"mechanism": "FATF"})
    assert r.status == 400, r.text
    r = ex.send("POST", api("/responses/%s/references" % tq["id"]),
                {"base_version": 3, "mechanism": "FATF", "document": "x", "date": "hier"})
    assert r.status == 400 and "YYYY-MM-DD" in r.json()["message"], r.text
    for who in ("reviewer", "other_state", "anonymous"):
        r = a[who].send("POST", api("/responses/%s/references" % tq["id"]),
                        {"base_version": 3, "mechanism": "M", "document": "D",
                         "date": "2023-01-01"})
        assert r.status in ((401, 403) if who == "anonymous" else (403,)), (who, r.status)
        if who != "anonymous":
            r = a[who].c.post(path + "/references", {"csrf": a[who].tok, "base_version": "3",
                                                     "mechanism": "M", "document": "D",
                                                     "date": "2023-01-01"})
            assert r.status == 403, (who, r.status)
    # Listed on the page with the date in the page language, the form there.
    body = ex.get(page()).text
    assert "Mutual evaluation" in body and "Réponses au questionnaire, art. 23" in body
    assert 'datetime="2023-01-01"' in body and "/references\"" in body
    # A save of the value from the page keeps them.
    r = ex.c.post(path, {"csrf": ex.tok, "base_version": "3", "lang": "fr",
                         "value": "Voir les deux rapports."})
    assert r.status == 303, (r.status, r.text[:300])
    j = ex.get(api("/responses/" + tq["id"])).json()["current"]
    assert j["version"] == 4 and len(j["references"]) == 2, j
    assert j["references"][0] == {"mechanism": "UNCAC Implementation Review Mechanism",
                                  "document": "Réponses au questionnaire, art. 23",
                                  "date": "2024-05-02"}, j


@test
def q9_protocol_note_mutatis_mutandis():
    """R40: the Protocol questionnaire names the provisions examined under
    the Convention only, with the Convention articles, on the page (in its
    language) and in the API's questionnaire JSON, as the definition says."""
    a = S["a"]
    q = qjson()
    prot = [qn for qn in q["questionnaires"] if qn["instrument"] != "untoc"]
    assert prot
    for qn in q["questionnaires"]:
        want = [(s["id"], s["mutatis_mutandis"]) for s in qn["sections"]
                if s.get("mutatis_mutandis")]
        got = [(m["section"], m["convention_articles"]) for m in qn["examined_under_convention"]]
        assert got == want, (qn["instrument"], got, want)
        if qn["instrument"] == "untoc":
            assert got == []
    p = prot[0]
    body = a["reviewer"].get(page() + "?lang=fr").text
    t = html.unescape(body)
    assert f'id="mutatis-{p["instrument"]}"' in body, body[:2000]
    assert "examinées au titre de la Convention seulement" in t, t[:3000]
    m = p["examined_under_convention"][0]
    row = t.split(f'data-section="{m["section"]}"')[1].split("</tr>")[0]
    for art in m["convention_articles"]:
        assert f'article <span class="article">{art}</span>' in row, row
    assert 'id="mutatis-untoc"' not in body
    a["reviewer"].c.get("/account?lang=en")


@test
def q9_completion_per_section_and_instrument():
    """R76, R43: the answered / due count and the percentage per section
    and instrument on the page and over the API agree with the answers;
    once every relevant section of an instrument is complete, the start of
    its country-review phase is recorded once and shown (date) on the
    country page and its API; a reviewer sees the completion of its
    instruments; another State and anonymous do not."""
    a = S["a"]
    c = completion()
    assert c["uncac_party"] is False
    for inst in c["instruments"]:
        assert inst["percent"] == (inst["answered"] * 100 // inst["due"] if inst["due"] else 0)
        assert inst["answered"] == sum(s["answered"] for s in inst["sections"])
        assert inst["review_started_at"] is None and inst["completed_at"] is None
    assert a["other_state"].get(api("/completion")).status == 403
    assert a["anonymous"].get(api("/completion")).status == 401
    # The page shows the same figures.
    body = a["fp"].get(page()).text
    for inst in c["instruments"]:
        blk = body.split(f'id="done-{inst["instrument"]}"')[1].split("</p>")[0]
        assert f'value="{inst["answered"]}"' in blk and f'value="{inst["percent"]}"' in blk, blk
        for s in inst["sections"]:
            blk = body.split(f'id="done-{s["section"]}"')[1].split("</p>")[0]
            assert f'class="answered" value="{s["answered"]}"' in blk, blk
            assert f'class="due" value="{s["due"]}"' in blk, blk
    # Complete one Protocol's questionnaire: its phase starts (R43).
    q = qjson()
    prot = next(qn for qn in q["questionnaires"] if qn["instrument"] != "untoc")
    for s in prot["sections"]:
        if not s["applies"]:
            continue
        for qq in s["questions"]:
            p = api("/responses/" + qq["id"])
            cur = a["fp"].get(p).json()["current"]
            r = a["fp"].send("PUT", p, {"base_version": cur["version"] if cur else 0, "lang": "fr",
                                        "value": resp().value_for(qq)})
            assert r.status == 200, (qq["id"], r.text[:200])
    c = completion()
    pi = next(i for i in c["instruments"] if i["instrument"] == prot["instrument"])
    assert pi["complete"] and pi["percent"] == 100 and pi["review_started_at"], pi
    assert all(s["percent"] == 100 for s in pi["sections"])
    started = pi["review_started_at"]
    # Responses JSON carries the percentages too.
    comp = a["fp"].get(api("/responses")).json()["completion"]
    assert next(x for x in comp if x["instrument"] == prot["instrument"])["percent"] == 100
    # The country page and API show the date.
    ct = a["reviewer"].get("/country/" + S["y"]).text
    li = ct.split('id="starts-1"')[1].split("</ul>")[0]
    seg = li.split(f'data-instrument="{prot["instrument"]}"')[1].split("</li>")[0]
    assert f'datetime="{started}"' in seg, seg
    ph = next(p for p in a["reviewer"].get("/api/v1/reviews/" + S["y"]).json()["phases"]
              if p["phase"] == 1)
    st = {x["instrument"]: x["started_at"] for x in ph["review_started"]}
    assert st[prot["instrument"]] == started and st["untoc"] is None, st
    # A later edit does not move the start.
    qq = next(qq for s in prot["sections"] if s["applies"] for qq in s["questions"]
              if qq["type"] == "free_text")
    cur = a["fp"].get(api("/responses/" + qq["id"])).json()["current"]
    r = a["fp"].send("PUT", api("/responses/" + qq["id"]),
                     {"base_version": cur["version"], "lang": "fr", "value": "Modifié."})
    assert r.status == 200
    pi = next(i for i in completion()["instruments"] if i["instrument"] == prot["instrument"])
    assert pi["review_started_at"] == started, pi


@test
def q9_uncac_override_refused_after_submission():
    """C27: once the responses are submitted, the status they were answered
    under stands: the Secretariat's override is refused with a clear error
    (409 over the API, the page's language on the page), nothing recorded;
    the reviewers' read view after submission shows the references (R73)."""
    a = S["a"]
    q = qjson()
    for qn in q["questionnaires"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for qq in s["questions"]:
                p = api("/responses/" + qq["id"])
                cur = a["fp"].get(p).json()["current"]
                if cur:
                    continue
                r = a["fp"].send("PUT", p, {"base_version": 0, "lang": "fr",
                                            "value": resp().value_for(qq)})
                assert r.status == 200, (qq["id"], r.text[:200])
    r = a["fp"].send("POST", api("/submit"))
    assert r.status == 200, (r.status, r.text)
    n = decisions()
    r = override("secretariat", True, ref="CTOC/Q9/LATE")
    assert r.status == 409 and r.json()["error"] == "submitted", r.text
    assert "submitted" in r.json()["message"], r.text
    sec = a["secretariat"]
    r = sec.c.post(f"/reviews/{S['y']}/phases/1/uncac?lang=es",
                   {"csrf": sec.tok, "uncac": "yes", "reference": "CTOC/Q9/LATE", "reason": "T"})
    t = html.unescape(r.text)
    assert r.status == 409 and "ya no puede modificarse" in t, (r.status, t[-800:])
    sec.c.get("/account?lang=en")
    rc, out, err = R["run_cli"]("response", "uncac", *R["serve_db"](R["DB"]), S["y"], "1",
                                "--set", "yes",
                                "--reference", "CTOC/Q9/LATE", "--reason", "T", "--by", "x")
    assert rc == 2 and "submitted" in err, (rc, err)
    assert decisions() == n
    assert 'id="uncac-form"' not in sec.get(page()).text
    # The reviewer's read view: the references, no form.
    body = a["reviewer"].get(page()).text
    assert "Mutual evaluation" in body and "UNCAC Implementation Review Mechanism" in body
    assert "/references\"" not in body
    j = a["reviewer"].get(api("/responses/" + S["tq"])).json()["current"]
    assert len(j["references"]) == 2, j
