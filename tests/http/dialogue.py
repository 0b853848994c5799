"""The written dialogue and the written observations over HTTP (issue 10;
paras 21, 31, 33, 35, 36; R86, R93-R97, C43, C47): one table, every role x
artefact (messages of each instrument's thread, documents, observations) x
read/post x page/API, allowed and refused; bad input gets a clear error
and writes nothing; nothing can be changed or deleted; no message text in
the raw database file.  Registered by tests/http/run.py with
`dialogue.register(globals())`; uses run.py's helpers through R and
tests/http/response.py's clients."""
import json

import response as RESP

R = {}
TESTS = []
PW = None
S = {}  # the scenario, built once by dialogue_setup

# A sentence only a message holds: it must never be found in the raw
# database file (sealed at rest, R94).
SECRET = "Le parquet national a saisi 417 kilogrammes le 3 mars."
PDF = b"%PDF-1.4\n% note de la reunion du 3 mars\n" + b"x" * 200


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R, PW
    R = g
    PW = g["PW"]
    for fn in TESTS:
        g["test"](fn)


def api_base():
    return "/api/v1/reviews/%s/phases/1" % S["y"]


def page_base():
    return "/reviews/%s/phases/1" % S["y"]


def records():
    return R["sql"]("SELECT COUNT(*) FROM archive_records")[0][0]


def observations():
    return R["sql"]("SELECT COUNT(*) FROM dialogue_observations")[0][0]


@test
def dialogue_setup():
    """A State Y of cohort 1 (not the one of the responses' tests) with a
    supplementary reviewer whose charge leaves out an instrument of the
    phase; its people and its reviewers'; the questionnaire opened."""
    RESP.R, RESP.PW = R, PW
    rows = R["sql"]("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
                    "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                    "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
                    "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst))
    opened = {c for (c,) in R["sql"]("SELECT DISTINCT reviewed FROM response_questionnaires")}
    taken = {RESP.S.get("x")} | opened | {"FRA", "DEU", "USA"}
    cands = [rv for rv in sorted(by, reverse=True) if rv not in taken and
             any(role == "additional" for _, role, _ in by[rv])]
    assert cands, "no review with a supplementary reviewer left"
    y = cands[0]
    S["y"] = y
    main = [r for r in by[y] if r[1] != "additional"]
    sup = [r for r in by[y] if r[1] == "additional"][0]
    S["rev"], S["sup"], S["sup_inst"] = main[0][0], sup[0], sup[2].split()
    involved = {y} | {r[0] for r in by[y]}
    S["other"] = next(c for (c,) in R["sql"]("SELECT code FROM parties ORDER BY code DESC")
                      if c not in involved and c not in ("FRA", "DEU", "USA"))
    print(f"dialogue: {y} reviewed by {by[y]}, other State {S['other']}")
    k = y.lower()
    RESP.user(f"d.fp.{k}@r.example", "focal_point", y)
    RESP.user(f"d.ex.{k}@r.example", "expert", y)
    RESP.user(f"d.ob.{k}@r.example", "observer", y)
    RESP.user(f"d.revfp.{k}@r.example", "focal_point", S["rev"])
    RESP.user(f"d.rev.{k}@r.example", "expert", S["rev"])
    RESP.user(f"d.sup.{k}@r.example", "expert", S["sup"])
    RESP.user(f"d.other.{k}@r.example", "expert", S["other"])
    R["sql"]("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
             "adopted_on = '2026-01-01'")
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    A = RESP.Api
    S["api"] = {
        "fp": A(f"d.fp.{k}@r.example"), "expert": A(f"d.ex.{k}@r.example"),
        "observer": A(f"d.ob.{k}@r.example"), "reviewer_fp": A(f"d.revfp.{k}@r.example"),
        "reviewer": A(f"d.rev.{k}@r.example"), "supplementary": A(f"d.sup.{k}@r.example"),
        "other_state": A(f"d.other.{k}@r.example"), "secretariat": A("sec@example.org"),
        "stakeholder": A("ngo@example.org"), "anonymous": A(None),
    }
    a = S["api"]
    # Para 18, R24: only the named focal point submits (helper resp).
    sec = a["secretariat"]
    r = sec.c.post(f"/country/{y}/focal-point",
                   {"csrf": sec.tok, "action": "name", "email": f"d.fp.{k}@r.example"})
    assert r.status == 303, (r.status, r.text[:300])
    # Para 18: a reviewing State's focal point writes in the dialogue only
    # as the one named for its State (session 5).
    r = sec.c.post(f"/country/{S['rev']}/focal-point",
                   {"csrf": sec.tok, "action": "name", "email": f"d.revfp.{k}@r.example"})
    assert r.status == 303, (r.status, r.text[:300])
    r = a["secretariat"].send("POST", api_base() + "/questionnaire")
    assert r.status == 200, (r.status, r.text)
    q = a["fp"].get(api_base() + "/questionnaire").json()
    S["q"] = q
    insts = [x["instrument"] for x in q["questionnaires"]]
    inside = [i for i in insts if i in S["sup_inst"]]
    outside = [i for i in insts if i not in S["sup_inst"]]
    assert inside and outside, (insts, S["sup_inst"])
    S["in"], S["out"] = inside[0], outside[0]
    S["question"] = {}
    for qn in q["questionnaires"]:
        S["question"][qn["instrument"]] = next(qq["id"] for s in qn["sections"] if s["applies"]
                                               for qq in s["questions"])


ROLES = ["fp", "expert", "observer", "reviewer_fp", "reviewer", "supplementary", "other_state",
         "secretariat", "stakeholder", "anonymous"]


def read_want(inst):
    """Who reads the thread (and the observations) of inst (C43, C47)."""
    w = {r: 200 for r in ROLES}
    w.update({"other_state": 403, "stakeholder": 403, "anonymous": 401})
    if inst not in S["sup_inst"]:
        w["supplementary"] = 403
    return w


def post_want(inst):
    """Who writes in it: observers read only; an anonymous write has no
    CSRF cookie and is refused before any rule (403)."""
    w = {r: (201 if v == 200 else 403) for r, v in read_want(inst).items()}
    w["observer"] = 403
    return w


@test
def dialogue_messages_by_role_before_submission():
    """Threads are open from the start of the phase (para 31): the table of
    reads and posts over the API, for the thread of an instrument in the
    supplementary reviewer's charge and one outside it."""
    a = S["api"]
    S["items"] = {}
    to_sec = ("SELECT COUNT(*) FROM outbox o JOIN users u ON u.email = o.recipient "
              "AND u.role = 'secretariat'")
    mail0 = R["sql"](to_sec)[0][0]
    nsec = R["sql"]("SELECT COUNT(*) FROM users WHERE role = 'secretariat' AND disabled = 0")[0][0]
    posted = 0
    for inst in (S["in"], S["out"]):
        want = post_want(inst)
        for role in ROLES:
            text = SECRET if role == "reviewer" else f"Message de {role} sur {inst}."
            r = a[role].send("POST", api_base() + "/messages",
                             {"instrument": inst, "kind": "message", "title": f"Objet {role}",
                              "text": text})
            assert r.status == want[role], (inst, role, r.status, r.text[:200])
            if r.status == 201:
                j = r.json()
                assert j["instrument"] == inst and j["kind"] == "message" and j["at"], j
                S["items"].setdefault(inst, []).append(j["id"])
                posted += 1
    # C43: every active Secretariat account told of each, without the text.
    assert R["sql"](to_sec)[0][0] == mail0 + posted * nsec
    # ... and the participants (tests/http/nav.py checks them in detail).
    assert R["sql"]("SELECT COUNT(*) FROM outbox WHERE body LIKE ?", "%417 kilogrammes%")[0][0] == 0
    for inst in (S["in"], S["out"]):
        want = read_want(inst)
        for role in ROLES:
            r = a[role].get(api_base() + "/messages?instrument=" + inst)
            assert r.status == want[role], (inst, role, r.status, r.text[:200])
            if r.status != 200:
                continue
            j = r.json()
            ids = [it["id"] for t in j["threads"] for it in t["items"]]
            assert ids == S["items"][inst], (role, ids, S["items"][inst])
            assert all(t["instrument"] == inst for t in j["threads"])
    # Without ?instrument: only the threads one may read (C47).
    j = a["supplementary"].get(api_base() + "/messages").json()
    assert {t["instrument"] for t in j["threads"]} == {S["in"]}, j
    assert S["out"] not in j["may_post"] and S["in"] in j["may_post"]
    j = a["secretariat"].get(api_base() + "/messages").json()
    assert {S["in"], S["out"]} <= {t["instrument"] for t in j["threads"]}
    texts = [it.get("text") for t in j["threads"] for it in t["items"]]
    assert SECRET in texts
    # One thread per instrument, naming only the reviewers in charge.
    th = {t["instrument"]: t for t in j["threads"]}
    assert S["sup"] in th[S["in"]]["reviewers"] and S["sup"] not in th[S["out"]]["reviewers"]
    # Every read is audited (read.archive per item opened).
    lines = R["audit_lines"]("--user", f"d.sup.{S['y'].lower()}@r.example")
    assert any("read.archive" in l for l in lines)
    assert any("access.denied" in l for l in lines)


@test
def dialogue_documents_by_role():
    """Documents and notes of calls: type judged by content, size checked,
    stored sealed in the archive, downloaded only by the thread's readers."""
    a = S["api"]
    S["docs"] = {}
    for inst in (S["in"], S["out"]):
        r = a["expert"].send("POST", api_base() + "/messages/attachments?instrument=%s"
                             "&filename=note.pdf" % inst, raw=PDF,
                             ctype="application/octet-stream")
        assert r.status == 201, (r.status, r.text)
        assert r.json()["media_type"] == "application/pdf" and r.json()["kind"] == "attachment"
        S["docs"][inst] = r.json()["id"]
    r = a["reviewer_fp"].send("POST", api_base() + "/messages/attachments?instrument=%s"
                              "&filename=compte-rendu.txt&kind=call_record" % S["in"],
                              raw="Compte rendu de l'appel du 3 mars.".encode(),
                              ctype="text/plain")
    assert r.status == 201 and r.json()["kind"] == "call_record", r.text
    for inst in (S["in"], S["out"]):
        # F8 (t-fix item 2): who may not read the review gets the answer of
        # a missing item (404), not a refusal that tells it exists.
        want = dict(read_want(inst), other_state=404, stakeholder=404)
        for role in ROLES:
            r = a[role].get(api_base() + "/messages/%d" % S["docs"][inst])
            assert r.status == want[role], (inst, role, r.status)
            if r.status == 200:
                assert r.body == PDF
                assert r.header("Content-Disposition").startswith("attachment;")
        pw = post_want(inst)
        for role in ROLES:
            r = a[role].send("POST", api_base() + "/messages/attachments?instrument=%s"
                             "&filename=n.pdf" % inst, raw=PDF,
                             ctype="application/octet-stream")
            assert r.status == pw[role], (inst, role, r.status, r.text[:200])


@test
def dialogue_bad_input_clear_and_nothing_written():
    a = S["api"]
    n0, m0 = records(), R["sql"]("SELECT COUNT(*) FROM archive_threads")[0][0]
    ex = a["expert"]
    cases = [
        ("POST", api_base() + "/messages", {"instrument": "nosuch", "title": "t", "text": "x"},
         404, "unknown_instrument"),
        ("POST", api_base() + "/messages", {"instrument": S["in"], "title": "t",
                                            "text": "x" * 20001}, 400, "bad_request"),
        ("POST", api_base() + "/messages", {"instrument": S["in"], "title": "", "text": "x"},
         400, "bad_request"),
        ("POST", api_base() + "/messages", {"instrument": S["in"], "title": "t", "text": "x",
                                            "kind": "agreement"}, 400, "bad_request"),
        ("POST", api_base() + "/messages", {"instrument": S["in"], "title": "t", "text": ""},
         400, "bad_request"),
        ("POST", "/api/v1/reviews/ZZZ/phases/1/messages", {"instrument": S["in"], "title": "t",
                                                           "text": "x"}, 404, "not_found"),
        ("POST", "/api/v1/reviews/%s/phases/9/messages" % S["y"],
         {"instrument": S["in"], "title": "t", "text": "x"}, 404, "not_found"),
    ]
    for method, path, body, status, code in cases:
        r = ex.send(method, path, body)
        assert r.status == status and r.json()["error"] == code, (path, body.get("text", "")[:9],
                                                                  r.status, r.text[:200])
        assert r.json()["message"], r.text
    # Phase 2 has not started: its dialogue is not open yet (para 31).
    r = ex.send("POST", "/api/v1/reviews/%s/phases/2/messages" % S["y"],
                {"instrument": S["in"], "title": "t", "text": "x"})
    assert r.status == 409 and r.json()["error"] == "not_open", (r.status, r.text)
    r = ex.send("POST", api_base() + "/messages", raw="{not json")
    assert r.status == 400
    up = api_base() + "/messages/attachments?instrument=%s&filename=x.pdf" % S["in"]
    r = ex.send("POST", up, raw=b"%PDF-" + b"a" * (4 * 1024 * 1024), ctype="application/pdf")
    assert r.status == 413 and "larger" in r.json()["message"], (r.status, r.text[:200])
    r = ex.send("POST", up, raw=b"%PDF-" + b"a" * (5 * 1024 * 1024), ctype="application/pdf")
    assert r.status == 413, r.status
    r = ex.send("POST", up, raw=b"MZ\x90\x00\x03" + b"\0" * 64, ctype="application/pdf")
    assert r.status == 415 and "content" in r.json()["message"], r.text
    r = ex.send("POST", up, raw=b"<html><script>alert(1)</script></html>\0",
                ctype="text/plain")
    assert r.status == 415, r.text
    r = ex.send("POST", up.replace("instrument=" + S["in"], "instrument=nosuch"), raw=PDF)
    assert r.status == 404
    r = ex.send("POST", up.replace("filename=x.pdf", "filename="), raw=PDF)
    assert r.status == 400
    # Unknown items, and items asked under a forged review or phase.
    doc = S["docs"][S["in"]]
    for path in (api_base() + "/messages/99999999", api_base() + "/messages/abc",
                 "/api/v1/reviews/%s/phases/2/messages/%d" % (S["y"], doc),
                 "/api/v1/reviews/%s/phases/1/messages/%d" % (S["other"], doc),
                 api_base() + "/messages?instrument=nosuch"):
        r = a["secretariat"].get(path)
        assert r.status == 404, (path, r.status)
    assert records() == n0
    assert R["sql"]("SELECT COUNT(*) FROM archive_threads")[0][0] == m0


@test
def dialogue_no_update_or_delete_path():
    """R94, R97: nothing archived can be changed or withdrawn, through any
    route: the table has only GET and POST for the dialogue."""
    a = S["api"]
    item = S["items"][S["in"]][0]
    for method in ("PUT", "PATCH", "DELETE"):
        for path in (api_base() + "/messages", api_base() + "/messages/%d" % item,
                     api_base() + "/observations", page_base() + "/dialogue",
                     page_base() + "/observations"):
            r = a["secretariat"].send(method, path, {"text": "changed"})
            assert r.status == 405, (method, path, r.status)
    n = records()
    rc, out, err = R["run_cli"]("archive", "verify", *R["serve_db"](R["DB"]))
    assert rc == 0, (rc, out, err)
    assert records() == n


@test
def dialogue_pages_by_role_post_redirect_get():
    """The page per review and phase: who sees it, which threads, who gets
    the form; a post is confirmed after a redirect; a refused one keeps the
    text."""
    a = S["api"]
    want = {r: 200 for r in ROLES}
    want.update({"other_state": 403, "stakeholder": 403, "anonymous": 303})
    path = page_base() + "/dialogue"
    for role in ROLES:
        r = a[role].get(path)
        assert r.status == want[role], (role, r.status)
        if r.status != 200:
            continue
        for inst in (S["in"], S["out"]):
            sees = read_want(inst)[role] == 200
            assert (f'id="thread-{inst}"' in r.text) == sees, (role, inst)
            assert (f'id="post-{inst}"' in r.text) == (post_want(inst)[role] == 201), (role, inst)
        assert ("417 kilogrammes" in r.text) == (read_want(S["in"])[role] == 200 or
                                                  read_want(S["out"])[role] == 200), role
    assert a["anonymous"].get(path).header("Location").startswith("/login")
    ex = a["expert"]
    n = records()
    r = ex.c.post(path, {"csrf": ex.tok, "instrument": S["in"], "kind": "call_record",
                         "title": "Réunion du 4 mars", "text": "Notes de la réunion du 4 mars."})
    assert r.status == 303, (r.status, r.text[:300])
    loc = r.header("Location")
    assert loc.startswith(path + "?sent=") and loc.endswith("#sent"), loc
    assert records() == n + 1
    page = ex.c.get(loc.split("#")[0]).text
    assert 'id="sent"' in page and "Notes de la réunion du 4 mars." in page
    assert "Réunion du 4 mars" in page
    # Refused over the page: the reason, the text given back, nothing written.
    r = ex.c.post(path, {"csrf": ex.tok, "instrument": S["in"], "kind": "message",
                         "title": "Trop long", "text": "y" * 20001})
    assert r.status == 400 and "longer than" in r.text and "y" * 200 in r.text
    # F19 (probe s8): an unknown kind is refused over the page as over the
    # API (400, the text given back), nothing archived; no kind at all is a
    # message, as the form always sends one.
    for kind, lang, words in (("bogus", "en", "Unknown kind of message"),
                              ("", "en", "Unknown kind of message"),
                              ("observation", "en", "Unknown kind of message"),
                              ("attachment", "fr", "Type de message inconnu")):
        before = records()
        r = ex.c.post(path + "?lang=" + lang,
                      {"csrf": ex.tok, "instrument": S["in"], "kind": kind,
                       "title": "Sonde", "text": "Texte F19 " + kind})
        assert r.status == 400 and words in r.text, (kind, r.status, r.text[-600:])
        assert ("Texte F19 " + kind) in r.text, kind
        assert records() == before, kind
    ex.c.get("/account?lang=en")
    r = a["observer"].c.post(path, {"csrf": a["observer"].tok, "instrument": S["in"],
                                    "title": "t", "text": "Un observateur écrit."})
    assert r.status == 403
    r = a["supplementary"].c.post(path, {"csrf": a["supplementary"].tok, "instrument": S["out"],
                                         "title": "t", "text": "Hors de ma charge."})
    assert r.status == 403
    r = ex.c.post(path, {"csrf": ex.tok, "instrument": "nosuch", "title": "t", "text": "x"})
    assert r.status == 404
    r = ex.c.post(path, {"instrument": S["in"], "title": "t", "text": "sans jeton"})
    assert r.status == 403
    assert records() == n + 1
    # The whole table over the page's form: 303 for who may post, else
    # refused (an anonymous post has no CSRF token: 403) and nothing written.
    for inst in (S["in"], S["out"]):
        want = post_want(inst)
        for role in ROLES:
            before = records()
            r = a[role].c.post(path, {"csrf": a[role].tok or "", "instrument": inst,
                                      "kind": "message", "title": "Page",
                                      "text": f"Par la page, {role}."})
            assert r.status == (303 if want[role] == 201 else 403), (inst, role, r.status)
            assert records() == before + (1 if r.status == 303 else 0), (inst, role)


def submit():
    a = S["api"]
    for qn in S["q"]["questionnaires"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for q in s["questions"]:
                p = api_base() + "/responses/" + q["id"]
                cur = a["fp"].get(p).json()["current"]
                r = a["fp"].send("PUT", p, {"base_version": cur["version"] if cur else 0,
                                            "lang": "fr", "value": RESP.value_for(q)})
                assert r.status == 200, (q["id"], r.status, r.text[:200])
    r = a["fp"].send("POST", api_base() + "/submit")
    assert r.status == 200, (r.status, r.text)


def obs_want_post(inst):
    """Reviewers' observations: the reviewing States' focal points and
    experts, a supplementary reviewer on its instruments only (C47)."""
    w = {r: 403 for r in ROLES}
    w.update({"reviewer_fp": 201, "reviewer": 201})
    if inst in S["sup_inst"]:
        w["supplementary"] = 201
    return w


def obs_want_reply():
    w = {r: 403 for r in ROLES}
    w.update({"fp": 201, "expert": 201})
    return w


@test
def dialogue_observations_by_role():
    """Para 35, R86: only after submission; comments, requests for
    clarification, supplementary questions by the reviewers, replies by the
    reviewed State; the deadline six months after receipt."""
    a = S["api"]
    n0 = observations()
    r = a["reviewer"].send("POST", api_base() + "/observations",
                           {"question": S["question"][S["in"]], "type": "comment",
                            "text": "Trop tôt."})
    assert r.status == 409 and r.json()["error"] == "not_submitted", (r.status, r.text)
    j = a["reviewer"].get(api_base() + "/observations").json()
    assert j["submitted"] is False and j["deadline"] is None and j["observations"] == []
    assert observations() == n0
    submit()
    S["obs"] = {}
    types = ["comment", "clarification", "supplementary_question"]
    for inst in (S["in"], S["out"]):
        want = obs_want_post(inst)
        for i, role in enumerate(ROLES):
            r = a[role].send("POST", api_base() + "/observations",
                             {"question": S["question"][inst], "type": types[i % 3],
                              "text": f"Observation de {role} sur {inst}."})
            assert r.status == want[role], (inst, role, r.status, r.text[:200])
            if r.status == 201:
                S["obs"].setdefault(inst, []).append(r.json()["id"])
        first = S["obs"][inst][0]
        want = obs_want_reply()
        for role in ROLES:
            r = a[role].send("POST", api_base() + "/observations",
                             {"type": "reply", "reply_to": first,
                              "text": f"Réponse de {role}."})
            assert r.status == want[role], (inst, role, r.status, r.text[:200])
            if r.status == 201:
                S["obs"][inst].append(r.json()["id"])
    for inst in (S["in"], S["out"]):
        want = read_want(inst)
        for role in ROLES:
            r = a[role].get(api_base() + "/observations?instrument=" + inst)
            assert r.status == want[role], (inst, role, r.status, r.text[:200])
            if r.status == 200:
                j = r.json()
                assert [o["id"] for o in j["observations"]] == S["obs"][inst], role
                assert j["deadline"] and j["days_left"] > 150 and j["overdue"] is False
    j = a["supplementary"].get(api_base() + "/observations").json()
    assert {o["instrument"] for o in j["observations"]} == {S["in"]}
    j = a["secretariat"].get(api_base() + "/observations").json()
    # Tied to the answer: the version of the answer then current.
    assert all(o["answer_version"] >= 1 for o in j["observations"]), j["observations"][:2]
    rep = [o for o in j["observations"] if o["type"] == "reply"]
    assert rep and all(o["part"] == "reviewed" and o["reply_to"] is not None for o in rep)
    made = {x["state"]: x["observations"] for x in j["reviewers"]}
    assert made[S["rev"]] >= 2 and made[S["sup"]] >= 1, made
    # Observations are not listed as messages.
    j = a["secretariat"].get(api_base() + "/messages").json()
    assert all(it["kind"] != "observation" for t in j["threads"] for it in t["items"])


@test
def dialogue_observations_bad_input():
    a = S["api"]
    n0, r0 = observations(), records()
    q = S["question"][S["in"]]
    cases = [
        ({"question": "nosuch-q1", "type": "comment", "text": "x"}, 404, "unknown_question"),
        ({"question": q, "type": "praise", "text": "x"}, 400, "bad_request"),
        ({"question": q, "type": "comment", "text": "x" * 10001}, 400, "bad_request"),
        ({"question": q, "type": "comment", "text": ""}, 400, "bad_request"),
        ({"question": q, "type": "comment"}, 400, "bad_request"),
        ({"type": "reply", "reply_to": 99999999, "text": "x"}, 404, "unknown_observation"),
    ]
    for body, status, code in cases:
        who = a["fp"] if body.get("type") == "reply" else a["reviewer"]
        r = who.send("POST", api_base() + "/observations", body)
        assert r.status == status and r.json()["error"] == code, (body, r.status, r.text[:200])
    r = a["fp"].send("POST", api_base() + "/observations", {"type": "reply", "text": "x"})
    assert r.status == 400 and "reply_to" in r.json()["message"]
    r = a["reviewer"].send("POST", "/api/v1/reviews/ZZZ/phases/1/observations",
                           {"question": q, "type": "comment", "text": "x"})
    assert r.status == 404
    r = a["reviewer"].get(api_base() + "/observations?instrument=nosuch")
    assert r.status == 404
    assert observations() == n0 and records() == r0


@test
def dialogue_observations_page():
    a = S["api"]
    path = page_base() + "/observations"
    want = {r: 200 for r in ROLES}
    want.update({"other_state": 403, "stakeholder": 403, "anonymous": 303})
    for role in ROLES:
        r = a[role].get(path)
        assert r.status == want[role], (role, r.status)
        if r.status != 200:
            continue
        assert 'id="deadline"' in r.text
        for inst in (S["in"], S["out"]):
            assert (f'id="obs-{inst}"' in r.text) == (read_want(inst)[role] == 200), (role, inst)
            assert (f'id="observe-{inst}"' in r.text) == (obs_want_post(inst)[role] == 201), \
                (role, inst)
        assert ('class="reply"' in r.text) == (obs_want_reply()[role] == 201), role
    # The table over the page's form: reviewers' observations and replies.
    for inst in (S["in"], S["out"]):
        for role in ROLES:
            before = observations()
            r = a[role].c.post(path, {"csrf": a[role].tok or "", "type": "comment",
                                      "question": S["question"][inst],
                                      "text": f"Observation par la page, {role}."})
            want = 303 if obs_want_post(inst)[role] == 201 else 403
            assert r.status == want, (inst, role, r.status, r.text[-300:])
            r = a[role].c.post(path, {"csrf": a[role].tok or "", "type": "reply",
                                      "reply_to": str(S["obs"][inst][0]),
                                      "text": f"Réponse par la page, {role}."})
            want2 = 303 if obs_want_reply()[role] == 201 else 403
            assert r.status == want2, (inst, role, r.status)
            assert observations() == before + (want == 303) + (want2 == 303)
    rv = a["reviewer"]
    n = observations()
    r = rv.c.post(path, {"csrf": rv.tok, "question": S["question"][S["out"]],
                         "type": "supplementary_question",
                         "text": "Combien de victimes ont été identifiées en 2025 ?"})
    assert r.status == 303, (r.status, r.text[:300])
    # (A browser drops the #fragment before asking.)
    page = rv.c.get(r.header("Location").split("#")[0]).text
    assert 'id="sent"' in page and "Combien de victimes" in page
    assert observations() == n + 1
    r = rv.c.post(path, {"csrf": rv.tok, "question": "nosuch", "type": "comment", "text": "x"})
    assert r.status == 404
    fp = a["fp"]
    r = fp.c.post(path, {"csrf": fp.tok, "type": "reply", "reply_to": str(S["obs"][S["in"]][0]),
                         "text": "Voir le rapport annuel."})
    assert r.status == 303, (r.status, r.text[:300])
    assert observations() == n + 2


@test
def dialogue_observation_reminders_cli():
    """Para 35: `revmech dialogue remind` (daily) reminds, once each, the
    reviewing States that have made no observation, 7 days before the
    deadline and when it has passed (the Secretariat then told too)."""
    import datetime
    j = S["api"]["secretariat"].get(api_base() + "/observations").json()
    made = {x["state"]: x["observations"] for x in j["reviewers"]}
    silent = [st for st, n in made.items() if n == 0]
    busy = [st for st, n in made.items() if n > 0]
    assert busy and silent, made
    dl = datetime.date.fromisoformat(j["deadline"])
    before = (dl - datetime.timedelta(days=5)).isoformat()
    after = (dl + datetime.timedelta(days=1)).isoformat()

    def rows(kind):
        return {st for (st,) in R["sql"]("SELECT state FROM observation_reminders WHERE "
                                        "reviewed = ? AND phase = 1 AND kind = ?", S["y"], kind)}
    rc, out, err = R["run_cli"]("dialogue", "remind", "--db", R["DB"], "--today", before)
    assert rc == 0 and "queued" in out, (rc, out, err)
    assert rows("d7") == set(silent), (rows("d7"), silent)
    n = R["sql"]("SELECT COUNT(*) FROM observation_reminders")[0][0]
    rc, out, err = R["run_cli"]("dialogue", "remind", "--db", R["DB"], "--today", before)
    assert rc == 0 and R["sql"]("SELECT COUNT(*) FROM observation_reminders")[0][0] == n
    sec0 = R["sql"]("SELECT COUNT(*) FROM outbox WHERE recipient = 'sec@example.org'")[0][0]
    rc, out, err = R["run_cli"]("dialogue", "remind", "--db", R["DB"], "--today", after)
    assert rc == 0, (rc, err)
    assert rows("overdue") == set(silent)
    if silent:
        assert R["sql"]("SELECT COUNT(*) FROM outbox WHERE recipient = 'sec@example.org'")[0][0] > sec0
    rc, out, err = R["run_cli"]("dialogue", "remind", "--db", R["DB"], "--today", "2027-02-30")
    assert rc != 0 and "--today" in err, (rc, err)


@test
def dialogue_clarification_requests_in_the_overview():
    """R140 ("20 States asked, 8 replied"): the overview counts the
    reviewers' clarification requests and supplementary questions of a
    review's phase and those the reviewed State replied to."""
    y = S["y"]
    asked = R["sql"]("SELECT record FROM dialogue_observations WHERE reviewed = ? AND phase = 1 "
                     "AND part = 'reviewer' AND type IN ('clarification', "
                     "'supplementary_question')", y)
    replied = [r for (r,) in asked if R["sql"]("SELECT COUNT(*) FROM dialogue_observations "
                                               "WHERE reply_to = ? AND part = 'reviewed'",
                                               r)[0][0]]
    assert asked, "the observations tests made no request"
    j = S["api"]["secretariat"].get("/api/v1/overview").json()
    row = next(r for r in j["responses"] if r["state"] == y and r["phase"] == 1)
    assert (row["requests"], row["replied"]) == (len(asked), len(replied)), (row, asked, replied)


@test
def dialogue_observations_deadline_agreed():
    """Para 35, R86 (gap10 item 2): a date agreed in the consultations
    (para 31) between the receipt of the responses and six months later is
    the observations' deadline, on the API and the page, and the reminders
    follow it; one agreed before the receipt (the responses came late)
    cannot hold, and the six months of receipt do."""
    import datetime
    sec = S["api"]["secretariat"]
    y = S["y"]
    j = sec.get(api_base() + "/observations").json()
    six = j["deadline"]
    assert j["deadline_source"] == "six_months", j
    received = datetime.date.fromisoformat(j["received"][:10])
    langs = R["sql"]("SELECT languages FROM consultations WHERE reviewed = ? ORDER BY id DESC",
                     y)
    langs = langs[0][0] if langs else "en,fr"

    def agree(due):
        r = sec.send("POST", f"/api/v1/reviews/{y}/consultations",
                     {"phase": 1, "languages": langs, "observations_due": due})
        assert r.status == 201, (r.status, r.text[:300])

    agreed = (received + datetime.timedelta(days=40)).isoformat()
    agree(agreed)
    j = sec.get(api_base() + "/observations").json()
    assert j["deadline"] == agreed and j["deadline_source"] == "agreed", (j["deadline"], agreed)
    r = sec.get(page_base() + "/observations?lang=en")
    assert f'datetime="{agreed}"' in r.text and "agreed in the consultations" in r.text
    # The reminders follow the agreed date: overdue the day after it.
    after = (received + datetime.timedelta(days=41)).isoformat()
    R["sql"]("DELETE FROM observation_reminders WHERE reviewed = ? AND kind = 'overdue'", y)
    rc, out, err = R["run_cli"]("dialogue", "remind", "--db", R["DB"], "--today", after)
    assert rc == 0, (rc, err)
    silent = [x["state"] for x in j["reviewers"] if x["observations"] == 0]
    got = {st for (st,) in R["sql"]("SELECT state FROM observation_reminders WHERE "
                                    "reviewed = ? AND kind = 'overdue'", y)}
    assert got == set(silent), (got, silent)
    # Agreed before the receipt: the six months hold.
    agree((received - datetime.timedelta(days=3)).isoformat())
    j = sec.get(api_base() + "/observations").json()
    assert j["deadline"] == six and j["deadline_source"] == "six_months", j["deadline"]
    r = sec.get(page_base() + "/observations?lang=fr")
    assert "six mois à compter de la réception des réponses" in r.text
    # As before for the modules that follow: no date agreed.
    agree("")
    assert sec.get(api_base() + "/observations").json()["deadline"] == six


@test
def dialogue_nothing_readable_in_the_raw_database():
    """R94: message bodies are sealed; a copy of the database file alone
    reveals no message (SQLite; the PostgreSQL run checks a dump)."""
    if R.get("PG"):
        rows = R["sql"]("SELECT sealed FROM archive_records")
        assert rows and all(SECRET not in s and "Compte rendu" not in s for (s,) in rows)
        return
    import os
    blob = b""
    for suffix in ("", "-wal"):
        p = R["DB"] + suffix
        if os.path.exists(p):
            blob += open(p, "rb").read()
    assert blob
    # A message, the notes of a meeting, an observation and a document
    # uploaded (the call record's text attachment of dialogue_documents_by_role).
    for needle in (SECRET, "417 kilogrammes", "Notes de la réunion du 4 mars",
                   "Combien de victimes", "Compte rendu de l'appel du 3 mars"):
        assert needle.encode() not in blob, needle
    # The archive is still whole.
    rc, out, err = R["run_cli"]("archive", "verify", *R["serve_db"](R["DB"]))
    assert rc == 0, (rc, out, err)



@test
def dialogue_domain_errors_in_the_page_language():
    """Issues 9 and 10: a domain error on the dialogue and observations
    pages is in the page's language, with its figures in the language's
    digits (util/msg.h, pages_derr); the API keeps its English message;
    nothing is written."""
    import html
    a = S["api"]
    ex, rv = a["expert"], a["reviewer"]
    n, m = records(), observations()
    r = ex.c.post(page_base() + "/dialogue?lang=fr",
                  {"csrf": ex.tok, "instrument": S["in"], "kind": "message",
                   "title": "Trop long", "text": "z" * 20001})
    text = html.unescape(r.text)
    assert r.status == 400 and 'lang="fr"' in r.text, r.status
    assert ("Le texte dépasse 20\u202f000 caractères (20\u202f001) : envoyez les notes plus "
            "longues en pièce jointe." in text), text[-1500:]
    assert "longer than" not in text and "z" * 200 in text, "French only; the text given back"
    r = ex.send("POST", api_base() + "/messages",
                {"instrument": S["in"], "kind": "message", "title": "t", "text": "z" * 20001})
    assert r.status == 400 and "longer than 20000 characters (20001)" in r.json()["message"], \
        r.text[:300]
    r = rv.c.post(page_base() + "/observations?lang=fr",
                  {"csrf": rv.tok, "question": S["question"][S["in"]], "type": "comment",
                   "text": "w" * 10001})
    text = html.unescape(r.text)
    assert r.status == 400, (r.status, text[-600:])
    assert "Le texte dépasse 10\u202f000 caractères." in text, text[-1500:]
    r = rv.c.post(page_base() + "/observations?lang=ru",
                  {"csrf": rv.tok, "question": S["question"][S["in"]], "type": "praise",
                   "text": "x"})
    assert r.status == 400 and "Тип должен быть comment" in html.unescape(r.text), r.text[-800:]
    assert records() == n and observations() == m, "nothing written"
    ex.c.get("/account?lang=en")
    rv.c.get("/account?lang=en")


@test
def dialogue_observations_answered_and_linked():
    """Para 35, R86 (issue 10, pages): the reviewed State gets a reply form
    only under an observation nobody has answered yet; an answered one
    shows its reply under it; each question links to its answer on the
    responses page and each observation to the version it was made on."""
    import html
    import re
    a = S["api"]
    fp, rv = a["fp"], a["reviewer"]
    q = S["question"][S["in"]]
    path = page_base() + "/observations"
    r = rv.send("POST", api_base() + "/observations",
                {"question": q, "type": "clarification", "text": "Précisez la sanction."})
    assert r.status == 201, r.text[:300]
    new = r.json()["id"]
    obs = fp.get(api_base() + "/observations?instrument=" + S["in"]).json()["observations"]
    replied = {o["reply_to"] for o in obs if o["reply_to"] is not None}
    page = fp.get(path).text
    forms = set(int(x) for x in re.findall(r'name="reply_to" value="(\d+)"', page))
    for o in obs:
        if o["type"] == "reply":
            assert o["id"] not in forms, o
        else:
            assert (o["id"] in forms) == (o["id"] not in replied), (o["id"], o["id"] in replied)
    assert new in forms and S["obs"][S["in"]][0] in replied
    # The question's heading links to its answer; the observation to the
    # version of the answer it was made on, which that page anchors.
    assert f'<a href="{page_base()}/responses#{q}">{q}</a>' in page, page[-2000:]
    cur = next(o for o in obs if o["id"] == S["obs"][S["in"]][0])
    v = cur["answer_version"]
    link = f'{page_base()}/responses/{q}/history#v{v}'
    art = re.search(r'<article class="observation [^"]*" id="obs-%d">.*?</article>' % cur["id"],
                    page, re.S)
    assert art and f'href="{link}"' in art.group(0), art and art.group(0)
    hist = rv.get(link.split("#")[0])
    assert hist.status == 200 and f'<tr id="v{v}">' in hist.text, hist.status
    # Answered: the form goes, the reply is shown under the observation.
    r = fp.c.post(path, {"csrf": fp.tok, "type": "reply", "reply_to": str(new),
                         "text": "La peine est de dix ans."})
    assert r.status == 303, (r.status, r.text[:300])
    page = fp.get(path).text
    assert f'name="reply_to" value="{new}"' not in page
    block = re.search(r'id="obs-%d">.*?</article><div class="replies">(.*?)</div>' % new,
                      page, re.S)
    assert block and "La peine est de dix ans." in html.unescape(block.group(1)), page[-2500:]
    # The reviewers never get the reply form.
    assert 'class="reply"' not in rv.get(path).text
