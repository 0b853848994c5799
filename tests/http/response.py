"""Self-assessment responses over HTTP (issue 9; B18, paras 20, 34, 40,
42; R24, R72-R78, C12, C15, C47): one table of cases, every role x
artefact (blank questionnaire, draft responses, submitted responses,
documents, submission), allowed and refused through the API; bad input
gets a clear error and loses nothing.  Registered by tests/http/run.py with
`response.register(globals())`; uses run.py's helpers through R."""
import json
import re

import fixture

Api = fixture.Api


def user(email, role, state=None, instruments=None):
    fixture.user(email, role, state, instruments, exists_ok=False)

R = {}
TESTS = []
PW = None
S = {}  # the scenario, built once by responses_setup


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R, PW
    R = g
    PW = g["PW"]
    for fn in TESTS:
        g["test"](fn)


def base():
    return "/api/v1/reviews/%s/phases/1" % S["x"]


def value_for(q):
    t = q["type"]
    if t == "yes_no_partly":
        return "yes"
    if t == "free_text":
        return "Réponse du ministère de la justice."
    if t == "legislation_refs":
        return [{"citation": "Code pénal, art. 1", "link": "https://example.org/code"}]
    if t == "ta_needs":
        return [{"description": "Formation des magistrats", "priority": "medium"}]
    return []


@test
def responses_setup():
    """A State X of cohort 1 with a supplementary (additional) reviewer if
    the draw has one; its people; the questionnaires adopted; phase 1 opened
    by the Secretariat through the API."""
    rows = R["sql"]("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
                    "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                    "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
                    "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst))
    pick = None
    # States another suite already uses (country.py names focal points):
    # keep clear of them and of their reviewers.
    busy = {c for (c,) in R["sql"]("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    for rv, lst in sorted(by.items()):
        if rv in busy or any(r[0] in busy for r in lst):
            continue
        if any(role == "additional" for _, role, _ in lst):
            pick = rv
            break
    if not pick:
        pick = sorted(k for k in by if k not in ("FRA", "DEU", "USA"))[0]
    S["x"] = pick
    print(f"responses: {pick} reviewed by {by[pick]}")
    S["reviewers"] = by[pick]
    main = [r for r in by[pick] if r[1] != "additional"]
    sup = [r for r in by[pick] if r[1] == "additional"]
    S["rev"] = main[0][0]
    involved = {pick} | {r[0] for r in by[pick]}
    S["other"] = next(c for (c,) in R["sql"]("SELECT code FROM parties ORDER BY code")
                      if c not in involved and c not in ("FRA", "DEU", "USA"))
    x = pick.lower()
    user(f"fp.{x}@r.example", "focal_point", pick)
    user(f"ex.{x}@r.example", "expert", pick)
    user(f"ob.{x}@r.example", "observer", pick)
    user(f"rev.{x}@r.example", "expert", S["rev"])
    user(f"other.{x}@r.example", "focal_point", S["other"])
    if sup:
        S["sup"] = sup[0][0]
        S["sup_inst"] = sup[0][2].split()
        user(f"sup.{x}@r.example", "expert", S["sup"])
    R["sql"]("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
             "adopted_on = '2026-01-01'")
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    S["api"] = {
        "fp": Api(f"fp.{x}@r.example"), "expert": Api(f"ex.{x}@r.example"),
        "observer": Api(f"ob.{x}@r.example"), "reviewer": Api(f"rev.{x}@r.example"),
        "other_state": Api(f"other.{x}@r.example"), "secretariat": Api("sec@example.org"),
        "stakeholder": Api("ngo@example.org"), "anonymous": Api(None),
    }
    if sup:
        S["api"]["supplementary"] = Api(f"sup.{x}@r.example")
    a = S["api"]
    name_focal_point(x)
    # Before opening: the questionnaire is not there yet.
    r = a["fp"].get(base() + "/questionnaire")
    assert r.status == 409 and r.json()["error"] == "not_open", (r.status, r.text)
    # Only the Secretariat opens it.
    r = a["fp"].send("POST", base() + "/questionnaire")
    assert r.status == 403, r.status
    r = a["secretariat"].send("POST", base() + "/questionnaire")
    assert r.status == 200, (r.status, r.text)
    r = a["secretariat"].send("POST", base() + "/questionnaire")
    assert r.status == 409 and "already open" in r.json()["message"], r.text
    q = a["fp"].get(base() + "/questionnaire").json()
    S["q"] = q
    insts = [x["instrument"] for x in q["questionnaires"]]
    assert insts and all(x["version"] for x in q["questionnaires"])
    S["inst"] = insts[0]
    # An instrument for the expert narrowed away from S["inst"].
    others = [i for i in ("untoc", "tip", "som", "firearms") if i != S["inst"]]
    user(f"exn.{x}@r.example", "expert", pick, others[0])
    a["narrowed"] = Api(f"exn.{x}@r.example")
    first = q["questionnaires"][0]
    S["yq"] = next(qq["id"] for s in first["sections"] if s["applies"] for qq in s["questions"]
                   if qq["type"] == "yes_no_partly")
    S["tq"] = next(qq for s in first["sections"] if s["applies"] for qq in s["questions"]
                   if qq["type"] == "free_text")
    S["aq"] = next(qq["id"] for s in first["sections"] if s["applies"] for qq in s["questions"]
                   if qq["type"] == "attachments")
    # The deadline (para 34, C12) is six months after the phase's start.
    st = R["sql"]("SELECT deadline FROM response_questionnaires WHERE reviewed = ?", pick)
    assert st and all(d == first["deadline"] for (d,) in st)


def name_focal_point(x):
    """Para 18, R24: only the focal point NAMED for the reviewed State
    submits.  Until one is named (the Permanent Representative, a contact
    without an account, acts meanwhile), no account submits; once fp is
    named, another focal-point account of the State (fp2) still does not,
    over the API or the pages."""
    user(f"fp2.{x}@r.example", "focal_point", S["x"])
    fp, fp2, sec = Api(f"fp.{x}@r.example"), Api(f"fp2.{x}@r.example"), S["api"]["secretariat"]
    S["fp2"] = fp2
    page = "/reviews/%s/phases/1/submit" % S["x"]
    if R["sql"]("SELECT 1 FROM focal_points WHERE state = ?", S["x"]):
        # Named by an earlier suite (country.py shares the draw): ended.
        r = sec.c.post(f"/country/{S['x']}/focal-point", {"csrf": sec.tok, "action": "end"})
        assert r.status == 303, (r.status, r.text[:300])
    for who in (fp, fp2):
        r = who.send("POST", base() + "/submit")
        assert r.status == 403 and "named focal point" in r.json()["message"], (r.status, r.text)
    r = sec.c.post(f"/country/{S['x']}/representative",
                   {"csrf": sec.tok, "name": "Amb. Test", "email": f"pr.{x}@r.example",
                    "lang": "fr"})
    assert r.status == 303, (r.status, r.text[:300])
    for who in (fp, fp2, sec):
        r = who.send("POST", base() + "/submit")
        assert r.status == 403, (r.status, r.text)
        assert who.c.post(page, {"csrf": who.tok}).status == 403
    r = sec.c.post(f"/country/{S['x']}/focal-point",
                   {"csrf": sec.tok, "action": "name", "email": f"fp.{x}@r.example"})
    assert r.status == 303, (r.status, r.text[:300])
    assert R["sql"]("SELECT u.email FROM focal_points f JOIN users u ON u.id = f.user_id "
                    "WHERE f.state = ?", S["x"]) == [(f"fp.{x}@r.example",)]


@test
def responses_uncac_status_from_phase_start():
    """R41, C27: the sections that apply (UNCAC footnote) follow the UNCAC
    status the State had when its phase started, snapshotted by review/
    country; a change of the parties' table afterwards changes nothing,
    over the API and on the page."""
    a = S["api"]["expert"]
    before = a.get(base() + "/questionnaire").json()
    page = a.get(page_path()).text
    R["sql"]("UPDATE parties SET uncac = 1 - uncac WHERE code = ?", S["x"])
    try:
        after = a.get(base() + "/questionnaire").json()
        assert [[s["applies"] for s in q["sections"]] for q in after["questionnaires"]] == \
            [[s["applies"] for s in q["sections"]] for q in before["questionnaires"]]
        assert a.get(page_path()).text.count("<h3>") == page.count("<h3>")
        # The country page still states the status at the phase's start.
        snap = R["sql"]("SELECT uncac FROM country_phase_instruments WHERE reviewed = ? "
                        "AND phase = 1", S["x"])[0][0]
        now = R["sql"]("SELECT uncac FROM parties WHERE code = ?", S["x"])[0][0]
        assert snap != now
        j = a.get("/api/v1/reviews/" + S["x"]).json()
        ph = next(p for p in j["phases"] if p["phase"] == 1)
        assert ph["uncac_party_at_start"] == bool(snap), ph
    finally:
        R["sql"]("UPDATE parties SET uncac = 1 - uncac WHERE code = ?", S["x"])


def outbox_reminders():
    return R["sql"]("SELECT COUNT(*) FROM outbox WHERE subject IN ('Reminder: responses due', "
                    "'Responses overdue') AND body LIKE ?", "%(" + S["x"] + ")%")[0][0]


@test
def responses_reminders_once_from_cli_and_serve():
    """Para 34, R91: reminders 30 and 7 days before the deadline and once
    overdue, each sent once however often the job runs: by `revmech
    response remind` (cron) and by the periodic job of `serve`
    (--reminders-interval), which runs at start and then every interval."""
    import datetime
    import time
    (deadline,) = R["sql"]("SELECT MIN(deadline) FROM response_questionnaires WHERE reviewed = ? "
                           "AND phase = 1", S["x"])[0]
    d = datetime.date.fromisoformat(deadline)
    n0 = outbox_reminders()

    def cli(day):
        rc, out, err = R["run_cli"]("response", "remind", "--db", R["DB"], "--now",
                                    day.isoformat() + "T08:00:00Z")
        assert rc == 0, (rc, out, err)
        return int(out.split()[0])
    assert cli(d - datetime.timedelta(days=60)) == 0
    assert cli(d - datetime.timedelta(days=20)) == 1
    assert cli(d - datetime.timedelta(days=20)) == 0
    assert cli(d - datetime.timedelta(days=19)) == 0
    assert outbox_reminders() == n0 + 1
    # Bad use: a clear message, exit status 1.
    rc, out, err = R["run_cli"]("response", "remind", "--db", R["DB"], "--now", "demain")
    assert rc == 1 and "--now" in err, (rc, err)
    rc, out, err = R["run_cli"]("response", "nag", "--db", R["DB"])
    assert rc == 1 and "unknown subcommand" in err, (rc, err)
    # The job of serve: the deadline brought within 7 days; a server with a
    # one-second interval sends the 7-day reminder once, however many runs.
    soon = (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=5)).isoformat()
    R["sql"]("UPDATE response_questionnaires SET deadline = ? WHERE reviewed = ? AND phase = 1",
             soon, S["x"])
    log = open(R["TMP"] + "/remind.log", "w")
    p, _ = R["start_extra"](R["DB"], R["ENV"], log, "--reminders-interval", "1")
    try:
        t0 = time.time()
        while time.time() - t0 < 15 and not R["sql"](
                "SELECT 1 FROM response_reminders WHERE reviewed = ? AND kind = 'd7'", S["x"]):
            time.sleep(0.2)
        time.sleep(2.5)  # two more runs at least
        assert R["sql"]("SELECT COUNT(*) FROM response_reminders WHERE reviewed = ? AND "
                        "kind = 'd7'", S["x"])[0][0] == 1
        assert outbox_reminders() == n0 + 2
    finally:
        import signal
        p.send_signal(signal.SIGTERM)
        assert p.wait(20) == 0
        R["sql"]("UPDATE response_questionnaires SET deadline = ? WHERE reviewed = ? AND "
                 "phase = 1", deadline, S["x"])
    assert any("reminders.run" in l for l in R["audit_lines"]())
    # Overdue, once; the Secretariat is told too.
    assert cli(d + datetime.timedelta(days=1)) == 1
    assert cli(d + datetime.timedelta(days=2)) == 0
    assert R["sql"]("SELECT COUNT(*) FROM outbox WHERE recipient = 'sec@example.org' AND "
                    "subject = 'Responses overdue' AND body LIKE ?",
                    "%(" + S["x"] + ")%")[0][0] == 1


# The table of cases: role -> expected status per artefact.  "draft" and
# "submitted" are GET .../responses before and after submission; "doc" the
# document uploaded to the first instrument; "edit" a PUT of an answer of
# the first instrument; "submit" POST .../submit before completion (409 for
# the focal point: allowed, then refused as incomplete).
BLANK = {"fp": 200, "expert": 200, "narrowed": 200, "observer": 200, "reviewer": 200,
         "supplementary": 200, "other_state": 200, "secretariat": 200, "stakeholder": 403,
         "anonymous": 401}
# F23 (probe s8; B18 "Draft responses": the Secretariat "on request
# (support)"): the Secretariat's cell is 403 without a request for support
# (it was 200, with no request recorded); DRAFT_SUPPORT while one is in force.
DRAFT = {"fp": 200, "expert": 200, "narrowed": 200, "observer": 200, "reviewer": 403,
         "supplementary": 403, "other_state": 403, "secretariat": 403, "stakeholder": 403,
         "anonymous": 401}
DRAFT_SUPPORT = {**DRAFT, "secretariat": 200}
# Who asks for support and ends it: who writes the drafts (ACCESS_RESPONSE_EDIT
# of the whole questionnaire: the named focal point, the State's experts).
SUPPORT_WRITE = {"fp": 201, "expert": 201, "narrowed": 201, "observer": 403, "reviewer": 403,
                 "supplementary": 403, "other_state": 403, "secretariat": 403,
                 "stakeholder": 403, "anonymous": 403}
# Who sees the request and its record: the reviewed State's people, the
# Secretariat.
SUPPORT_READ = {"fp": 200, "expert": 200, "narrowed": 200, "observer": 200, "reviewer": 403,
                "supplementary": 403, "other_state": 403, "secretariat": 200,
                "stakeholder": 403, "anonymous": 401}
# (An anonymous write has no CSRF cookie: refused before any rule, 403.)
EDIT = {"fp": 200, "expert": 200, "narrowed": 403, "observer": 403, "reviewer": 403,
        "supplementary": 403, "other_state": 403, "secretariat": 403, "stakeholder": 403,
        "anonymous": 403}
SUBMIT = {"fp": 409, "expert": 403, "narrowed": 403, "observer": 403, "reviewer": 403,
          "supplementary": 403, "other_state": 403, "secretariat": 403, "stakeholder": 403,
          "anonymous": 403}
SUBMITTED = {"fp": 200, "expert": 200, "narrowed": 200, "observer": 200, "reviewer": 200,
             "supplementary": 200, "other_state": 200, "secretariat": 200, "stakeholder": 403,
             "anonymous": 401}
# disc3 (F14; para 40, B18 "Supplementary documentation"): the documents of
# the answers are another State party's only by the reviewed State's choice.
SUBMITTED_DOCS = dict(SUBMITTED, other_state=403)


def roles():
    return [r for r in S["api"]]


@test
def responses_blank_questionnaire_by_role():
    for role in roles():
        r = S["api"][role].get(base() + "/questionnaire")
        assert r.status == BLANK[role], (role, r.status, r.text[:200])
        if r.status == 200:
            assert r.json()["reviewed"] == S["x"]
    # The API refuses what it does not know in JSON, not a page.
    r = S["api"]["anonymous"].get(base() + "/questionnaire")
    assert r.header("Content-Type").startswith("application/json")


@test
def responses_edit_by_role_and_conflict():
    a = S["api"]
    path = base() + "/responses/" + S["yq"]
    v = 0
    for role in roles():
        r = a[role].send("PUT", path, {"base_version": v, "lang": "fr", "value": "yes"})
        assert r.status == EDIT[role], (role, r.status, r.text[:200])
        if r.status == 200:
            v = r.json()["version"]
    assert v == 2
    # Two experts from version 2: the second gets a conflict with both
    # texts; the stored answer is the first's, nothing lost.
    r = a["fp"].send("PUT", path, {"base_version": 2, "lang": "fr", "value": "partly"})
    assert r.status == 200 and r.json()["version"] == 3
    r = a["expert"].send("PUT", path, {"base_version": 2, "lang": "en", "value": "no"})
    assert r.status == 409, r.status
    j = r.json()
    assert j["error"] == "conflict" and j["current"]["value"] == "partly"
    assert j["current"]["version"] == 3 and j["yours"]["value"] == "no"
    cur = a["expert"].get(path).json()
    assert cur["current"]["value"] == "partly" and cur["current"]["lang"] == "fr"
    assert [h["version"] for h in cur["history"]] == [1, 2, 3]
    assert [h["value"] for h in cur["history"]] == ["yes", "yes", "partly"]
    S["yv"] = 3


@test
def responses_bad_input_clear_and_nothing_lost():
    a = S["api"]["expert"]
    b = base() + "/responses/"
    before = R["sql"]("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["x"])[0][0]
    cases = [
        (b + S["x"].lower() + "-c1-a999-q1", {"base_version": 0, "lang": "fr", "value": "yes"}, 404,
         "unknown_question"),
        (b + "untoc-c2-a24-q1", {"base_version": 0, "lang": "fr", "value": "yes"}, 404,
         "unknown_question"),  # a question of another cluster's questionnaire
        (b + S["yq"], {"base_version": S["yv"], "lang": "fr", "value": "maybe"}, 400, "bad_request"),
        (b + S["yq"], {"lang": "fr", "value": "yes"}, 400, "bad_request"),
        (b + S["yq"], {"base_version": S["yv"], "lang": "tlh", "value": "yes"}, 400, "bad_request"),
        (b + S["tq"]["id"], {"base_version": 0, "lang": "fr",
                             "value": "x" * (S["tq"]["max_length"] + 1)}, 400, "bad_request"),
        (b + S["aq"], {"base_version": 0, "lang": "fr",
                       "value": ["0123456789abcdef0123456789abcdef"]}, 400, "bad_request"),
        ("/api/v1/reviews/XXX/phases/1/responses/" + S["yq"],
         {"base_version": 0, "lang": "fr", "value": "yes"}, 404, "not_found"),
        ("/api/v1/reviews/%s/phases/9/responses/%s" % (S["x"], S["yq"]),
         {"base_version": 0, "lang": "fr", "value": "yes"}, 404, "not_found"),
    ]
    for path, body, status, code in cases:
        r = a.send("PUT", path, body)
        assert r.status == status, (path, body if len(json.dumps(body)) < 200 else "...", r.status,
                                    r.text[:200])
        j = r.json()
        assert j["error"] == code and j["message"], (path, j)
    r = a.send("PUT", b + S["yq"], raw="{not json")
    assert r.status == 400 and "base_version" in r.json()["message"]
    # A review the State is not in: the forged path names another State.
    r = a.send("PUT", "/api/v1/reviews/%s/phases/1/responses/%s" % (S["other"], S["yq"]),
               {"base_version": 0, "lang": "fr", "value": "yes"})
    assert r.status in (403, 404), r.status
    after = R["sql"]("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["x"])[0][0]
    assert after == before
    assert a.get(b + S["yq"]).json()["current"]["value"] == "partly"


PDF = b"%PDF-1.4\n% loi relative a la traite\n" + b"x" * 100


@test
def responses_documents_checked_on_content():
    a = S["api"]
    path = base() + "/responses/" + S["aq"] + "/attachments?filename=loi.pdf"
    r = a["expert"].send("POST", path, raw=PDF, ctype="application/octet-stream")
    assert r.status == 201, (r.status, r.text)
    doc = r.json()
    import hashlib
    assert doc["sha256"] == hashlib.sha256(PDF).hexdigest() and doc["type"] == "application/pdf"
    assert len(doc["id"]) == 32 and doc["id"] not in path
    S["doc"] = doc["id"]
    # Forbidden type (an executable named .pdf), over the limit, too large
    # to be read at all: clear refusals, nothing stored.
    n = R["sql"]("SELECT COUNT(*) FROM attachments")[0][0]
    r = a["expert"].send("POST", path, raw=b"\x7fELF\x02\x01\x01" + b"\0" * 64,
                         ctype="application/pdf")
    assert r.status == 400 and "not accepted" in r.json()["message"], r.text
    r = a["expert"].send("POST", path, raw=b"%PDF-" + b"a" * (4 * 1024 * 1024),
                         ctype="application/octet-stream")
    assert r.status == 413 and "larger" in r.json()["message"], (r.status, r.text[:200])
    r = a["expert"].send("POST", path, raw=b"%PDF-" + b"a" * (5 * 1024 * 1024),
                         ctype="application/octet-stream")
    assert r.status == 413, r.status
    for role in ("narrowed", "observer", "reviewer", "secretariat", "stakeholder", "anonymous"):
        r = a[role].send("POST", path, raw=PDF, ctype="application/octet-stream")
        assert r.status == EDIT[role], (role, r.status)
    assert R["sql"]("SELECT COUNT(*) FROM attachments")[0][0] == n
    # The answer lists it.
    r = a["expert"].send("PUT", base() + "/responses/" + S["aq"],
                         {"base_version": 0, "lang": "fr", "value": [S["doc"]]})
    assert r.status == 200, r.text
    # A guessed id is just not found.
    r = a["fp"].get("/api/v1/attachments/" + "0" * 32)
    assert r.status == 404
    r = a["fp"].get("/api/v1/attachments/..%2F..%2Fetc%2Fpasswd")
    assert r.status == 404


def check_reads(table, doc_table):
    for role in roles():
        r = S["api"][role].get(base() + "/responses")
        assert r.status == table[role], (role, r.status, r.text[:200])
        r = S["api"][role].get("/api/v1/attachments/" + S["doc"])
        assert r.status == doc_table[role], (role, r.status, r.text[:200])
        if r.status == 200:
            assert r.body == PDF
            assert r.header("Content-Disposition").startswith("attachment;")


@test
def responses_draft_reads_by_role_audited():
    check_reads(DRAFT, DRAFT)
    a = S["api"]
    r = a["secretariat"].get(base() + "/responses")
    assert r.status == 403 and "support" in r.json()["message"], (r.status, r.text[:300])
    # F23: the reviewed State asks the Secretariat's support on its drafts
    # (a recorded request with its reason); who may ask, as a table.
    support = base() + "/support"
    for role in roles():
        r = a[role].get(support)
        assert r.status == SUPPORT_READ[role], (role, r.status, r.text[:200])
        if r.status == 200:
            assert r.json()["open"] is False and r.json()["history"] == [], (role, r.text)
    n = R["sql"]("SELECT COUNT(*) FROM response_support_requests")[0][0]
    for role in roles():
        if SUPPORT_WRITE[role] == 201:
            continue
        r = a[role].send("POST", support, {"kind": "ask", "reason": "Aide F23 " + role})
        assert r.status == SUPPORT_WRITE[role], (role, r.status, r.text[:200])
    # Bad input: a clear message, nothing recorded.
    for body, status in (({"kind": "ask"}, 400), ({"kind": "ask", "reason": ""}, 400),
                         ({"kind": "ask", "reason": "x" * 1001}, 400),
                         ({"kind": "open", "reason": "x"}, 400),
                         ({"kind": "end", "reason": "rien"}, 409)):
        r = a["expert"].send("POST", support, body)
        assert r.status == status and r.json()["message"], (body, r.status, r.text[:200])
    assert R["sql"]("SELECT COUNT(*) FROM response_support_requests")[0][0] == n
    r = a["expert"].send("POST", support, {"kind": "ask", "reason": "Aide F23 sur la TIP"})
    assert r.status == 201 and r.json()["open"] is True, (r.status, r.text[:300])
    r = a["fp"].send("POST", support, {"kind": "ask", "reason": "encore"})
    assert r.status == 409, (r.status, r.text[:200])
    # While it is in force the Secretariat reads the drafts and their
    # documents (audited as before); no other role gains anything.
    check_reads(DRAFT_SUPPORT, DRAFT_SUPPORT)
    j = a["secretariat"].get(base() + "/responses").json()
    assert not j["status"]["submitted"] and j["status"]["deadline"]
    assert any(x["question"] == S["yq"] for x in j["answers"])
    lines = R["audit_lines"]("--user", "sec@example.org")
    assert any("read.responses" in l and S["x"] in l for l in lines)
    assert any("read.attachment" in l for l in R["audit_lines"]())
    h = a["secretariat"].get(support).json()
    assert h["open"] is True and [x["kind"] for x in h["history"]] == ["ask"], h
    assert h["history"][0]["reason"] == "Aide F23 sur la TIP" and h["history"][0]["by"], h
    assert any("response.support_ask" in l and S["x"] in l for l in R["audit_lines"]())
    # The page: the section for the reviewed State and the Secretariat,
    # the form to end for who may; ended over the page, with its reason.
    for role in ("fp", "observer", "secretariat", "reviewer"):
        r = a[role].get(page_path())
        assert ('id="support"' in r.text) == (SUPPORT_READ[role] == 200), role
        assert ('id="support-form"' in r.text) == (SUPPORT_WRITE[role] == 201), role
    r = a["fp"].c.post(page_path()[:-len("/responses")] + "/support",
                       {"csrf": a["fp"].tok, "kind": "end", "reason": ""})
    assert r.status == 400 and 'id="yours"' in r.text, (r.status, r.text[-400:])
    r = a["secretariat"].c.post(page_path()[:-len("/responses")] + "/support",
                                {"csrf": a["secretariat"].tok, "kind": "end", "reason": "x"})
    assert r.status == 403, r.status
    r = a["fp"].c.post(page_path()[:-len("/responses")] + "/support",
                       {"csrf": a["fp"].tok, "kind": "end", "reason": "Merci, c'est fait."})
    assert r.status == 303 and r.header("Location").endswith("#support"), (r.status, r.text[:300])
    check_reads(DRAFT, DRAFT)
    h = a["fp"].get(support).json()
    assert h["open"] is False and [x["kind"] for x in h["history"]] == ["ask", "end"], h
    # Append-only: the record cannot be changed in the database either.
    try:
        R["sql"]("DELETE FROM response_support_requests")
        deleted = True
    except Exception:  # noqa: BLE001 - the trigger refuses
        deleted = False
    assert not deleted
    assert R["sql"]("SELECT COUNT(*) FROM response_support_requests")[0][0] == n + 2
    assert any("access.denied" in l for l in R["audit_lines"]("--user", f"rev.{S['x'].lower()}@r.example"))


def page_path():
    return "/reviews/%s/phases/1/responses" % S["x"]


@test
def responses_pages_by_role_save_conflict_history():
    """The questionnaire page: who sees it, who gets forms, answers saved
    with post/redirect/get, a conflict shows both texts, the history."""
    a = S["api"]
    want = {"fp": 200, "expert": 200, "narrowed": 200, "observer": 200, "reviewer": 200,
            "supplementary": 200, "other_state": 200, "secretariat": 200, "stakeholder": 403,
            "anonymous": 303}
    tq = S["tq"]["id"]
    for role in roles():
        r = a[role].get(page_path())
        assert r.status == want[role], (role, r.status)
        if r.status != 200:
            continue
        form = f'action="{page_path()}/{tq}"' in r.text
        assert form == (EDIT[role] == 200), (role, form)
        # A draft answer is shown only to those who may read drafts.
        assert ('class="current"' in r.text) == (DRAFT[role] == 200), role
        assert ('id="submit"' in r.text) == (role == "fp"), role
    r = a["anonymous"].get(page_path())
    assert r.header("Location").startswith("/login")
    ex = a["expert"].c
    tok = a["expert"].tok
    fr = ex.get(page_path() + "?lang=fr")
    assert "Questionnaire d'auto-évaluation" in fr.text or "Questionnaire d&#39;auto" in fr.text
    r = ex.post(page_path() + "/" + tq, {"csrf": tok, "base_version": "0", "lang": "fr",
                                          "value": "Première réponse."})
    assert r.status == 303, (r.status, r.text[:300])
    assert r.header("Location") == page_path() + "?saved=1#" + tq
    page = ex.get(page_path()).text
    assert "Première réponse." in page
    # A second expert saves on version 1; the first, still on version 1,
    # gets both texts back and loses nothing.
    r = a["fp"].c.post(page_path() + "/" + tq, {"csrf": a["fp"].tok, "base_version": "1",
                                                 "lang": "fr", "value": "Texte du point focal."})
    assert r.status == 303
    r = ex.post(page_path() + "/" + tq, {"csrf": tok, "base_version": "1", "lang": "fr",
                                          "value": "Texte de l'expert."})
    assert r.status == 409, r.status
    assert 'id="theirs">Texte du point focal.' in r.text
    assert "id=\"yours\">Texte de l&#39;expert." in r.text or 'id="yours">Texte de l&#x27;expert.' in r.text, r.text[-1500:]
    assert 'name="base_version" value="2"' in r.text
    h = ex.get(page_path() + "/" + tq + "/history")
    assert h.status == 200 and "Première réponse." in h.text and "Texte du point focal." in h.text
    assert a["reviewer"].get(page_path() + "/" + tq + "/history").status == 403
    # Bad input over the page: a clear message, nothing saved.
    r = ex.post(page_path() + "/" + tq, {"csrf": tok, "base_version": "2", "lang": "fr",
                                          "value": "x" * (S["tq"]["max_length"] + 1)})
    # (the page is in French since ?lang=fr above: the domain's reason too)
    assert r.status == 400 and "dépasse les" in r.text, r.text[-600:]
    r = ex.post(page_path() + "/" + tq, {"csrf": tok, "base_version": "2", "lang": "fr",
                                          "value": "y"})
    assert r.status == 303
    # The expert and an unnamed focal point cannot submit; the named focal
    # point is told what is missing.
    assert S["fp2"].c.post("/reviews/%s/phases/1/submit" % S["x"],
                           {"csrf": S["fp2"].tok}).status == 403
    assert 'id="submit"' not in S["fp2"].get(page_path()).text
    r = ex.post("/reviews/%s/phases/1/submit" % S["x"], {"csrf": tok})
    assert r.status == 403
    # F2 (probe s8, para 34): the button's POST is a confirmation step that
    # says what submission does and lists the questions not answered
    # (here: no button, it would be refused); nothing recorded.
    r = a["fp"].c.post("/reviews/%s/phases/1/submit" % S["x"], {"csrf": a["fp"].tok})
    assert r.status == 200 and 'id="confirm-submit"' in r.text, (r.status, r.text[-800:])
    assert "every State party" in r.text and "cannot be undone" in r.text, r.text[-1500:]
    left = re.findall(r'<li><a href="/reviews/%s/phases/1/responses#([^"]+)">' % S["x"], r.text)
    assert left and 'id="submit-confirm"' not in r.text, r.text[-1500:]
    assert not R["sql"]("SELECT 1 FROM response_submissions WHERE reviewed = ?", S["x"])
    r = a["fp"].c.post("/reviews/%s/phases/1/submit" % S["x"], {"csrf": a["fp"].tok,
                                                                 "confirm": "1"})
    assert r.status == 409 and "not complete" in r.text
    # Said in the page's language too; nothing recorded.
    r = a["fp"].c.post("/reviews/%s/phases/1/submit?lang=fr" % S["x"], {"csrf": a["fp"].tok,
                                                                         "confirm": "1"})
    assert r.status == 409 and "pas complet" in r.text, r.text[-800:]
    a["fp"].c.get("/account?lang=en")
    assert not R["sql"]("SELECT 1 FROM response_submissions WHERE reviewed = ?", S["x"])


def multipart(fields, files):
    """A multipart/form-data body as a browser sends it: (body, ctype)."""
    b = "----revmechRespBoundary4k2P0q"
    out = b""
    for k, v in fields.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    for k, (fname, data) in files.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{fname}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


# A PNG: binary, NUL bytes included (the page must take any bytes).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89" + b"\x00" * 40)


@test
def responses_page_upload_checked_on_content():
    """Issue 9: documents uploaded from the questionnaire page (multipart,
    the upload route's own body cap = the document limit), size and type
    judged on the bytes, clear refusals in the page's language, nothing
    stored on a refusal; the document is added to the answer."""
    a = S["api"]
    ex, tok = a["expert"].c, a["expert"].tok
    up = page_path() + "/" + S["aq"] + "/attachments"
    page = ex.get(page_path() + "?lang=fr").text
    assert f'action="{up}"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="file"' in page
    # Those who may not write get no form and are refused.
    assert f'action="{up}"' not in a["reviewer"].get(page_path()).text
    n = R["sql"]("SELECT COUNT(*) FROM attachments")[0][0]
    for role in ("narrowed", "observer", "reviewer", "other_state", "secretariat", "stakeholder"):
        body, ctype = multipart({"csrf": a[role].tok}, {"file": ("x.png", PNG)})
        r = a[role].c.request("POST", up, body=body, ctype=ctype)
        assert r.status == 403, (role, r.status)
    body, ctype = multipart({}, {"file": ("x.png", PNG)})
    assert ex.request("POST", up, body=body, ctype=ctype).status == 403  # no CSRF token
    # Refusals, in French: forbidden type, over the limit (inside and far
    # beyond the route's cap), no file, a question that takes none.
    cases = [
        ({"file": ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)}, 400, "type de document"),
        ({"file": ("gros.pdf", b"%PDF-" + b"a" * (4 * 1024 * 1024))}, 413, "4 Mio"),
        ({"file": ("enorme.pdf", b"%PDF-" + b"a" * (6 * 1024 * 1024))}, 413, "4 Mio"),
        ({"file": ("vide.pdf", b"")}, 400, "Aucun document"),
        ({}, 400, "Aucun document"),
    ]
    for files, status, words in cases:
        body, ctype = multipart({"csrf": tok, "lang": "fr"}, files)
        r = ex.request("POST", up, body=body, ctype=ctype)
        assert r.status == status, (list(files), r.status, r.text[:300])
        assert words in r.text, (list(files), r.text[-800:])
        assert 'lang="fr"' in r.text
    body, ctype = multipart({"csrf": tok}, {"file": ("x.png", PNG)})
    r = ex.request("POST", page_path() + "/" + S["yq"] + "/attachments", body=body, ctype=ctype)
    assert r.status == 400, r.status
    r = ex.request("POST", page_path() + "/nope-q9/attachments", body=body, ctype=ctype)
    assert r.status == 404, r.status
    assert R["sql"]("SELECT COUNT(*) FROM attachments")[0][0] == n
    before = a["expert"].get(base() + "/responses/" + S["aq"]).json()["current"]
    # A binary document: stored with its SHA-256, added to the answer.
    body, ctype = multipart({"csrf": tok, "lang": "fr"}, {"file": ("../../schéma.png", PNG)})
    r = ex.request("POST", up, body=body, ctype=ctype)
    assert r.status == 303, (r.status, r.text[:300])
    assert r.header("Location") == page_path() + "?uploaded=1#" + S["aq"]
    import hashlib
    rows = R["sql"]("SELECT id, filename, size FROM attachments WHERE sha256 = ?",
                    hashlib.sha256(PNG).hexdigest())
    assert len(rows) == 1, rows
    (did, fname, size) = rows[0]
    assert size == len(PNG) and "/" not in fname, (fname, size)
    cur = a["expert"].get(base() + "/responses/" + S["aq"]).json()["current"]
    assert cur["value"] == (before["value"] if before else []) + [did], cur
    assert cur["version"] == (before["version"] if before else 0) + 1
    r = a["fp"].get("/api/v1/attachments/" + did)
    assert r.status == 200 and r.body == PNG
    page = ex.get(page_path()).text
    assert f'href="/api/v1/attachments/{did}"' in page
    assert R["sql"]("SELECT COUNT(*) FROM attachments")[0][0] == n + 1


@test
def responses_bad_input_pages_clear_and_nothing_lost():
    """The same bad input as over the API, through the pages: an unknown
    question, a question of an instrument not under review, a forged
    review (unknown or wrong State code, lower case, phase), an over-long
    note; each a clear refusal, nothing written."""
    a = S["api"]
    ex, tok = a["expert"].c, a["expert"].tok
    form = {"csrf": tok, "base_version": "0", "lang": "fr", "value": "yes"}
    insts = {q["instrument"] for q in S["q"]["questionnaires"]}
    missing = [i for i in ("untoc", "tip", "som", "firearms") if i not in insts]
    before = R["sql"]("SELECT COUNT(*) FROM response_versions")[0][0]
    paths = [(page_path() + "/" + S["x"].lower() + "-c1-a999-q1", 404),
             ("/reviews/XXX/phases/1/responses/" + S["yq"], 404),
             ("/reviews/%s/phases/1/responses/%s" % (S["x"].lower(), S["yq"]), 404),
             ("/reviews/%s/phases/9/responses/%s" % (S["x"], S["yq"]), 404),
             ("/reviews/%s/phases/0/responses/%s" % (S["x"], S["yq"]), 404),
             ("/reviews/%s/phases/1/responses/%s" % (S["other"], S["yq"]), (403, 404))]
    if missing:
        # A question of an instrument the State is not reviewed for.
        paths.append((page_path() + "/%s-c1-a5-q1" % missing[0], 404))
        r = a["expert"].send("PUT", base() + "/responses/%s-c1-a5-q1" % missing[0],
                             {"base_version": 0, "lang": "fr", "value": "yes"})
        assert r.status == 404 and r.json()["error"] == "unknown_question", r.text
    for path, status in paths:
        r = ex.post(path, form)
        ok = status if isinstance(status, tuple) else (status,)
        assert r.status in ok, (path, r.status)
        assert r.header("Content-Type").startswith("text/html")
    # An instrument the expert does not act for: refused, not saved.
    narrowed = a["narrowed"]
    r = narrowed.c.post(page_path() + "/" + S["yq"], {**form, "csrf": narrowed.tok})
    assert r.status == 403
    r = narrowed.send("PUT", base() + "/responses/" + S["yq"],
                      {"base_version": S["yv"], "lang": "fr", "value": "no"})
    assert r.status == 403 and r.json()["error"] == "forbidden"
    assert R["sql"]("SELECT COUNT(*) FROM response_versions")[0][0] == before
    # The note of para 42 before submission: refused in the page's
    # language, the text given back, nothing written.
    r = a["fp"].c.post("/reviews/%s/phases/1/note?lang=fr" % S["x"],
                       {"csrf": a["fp"].tok, "note": "Trop tôt."})
    assert r.status == 409 and "paragraphe 42" in r.text and "Trop tôt." in r.text, r.text[-600:]
    r = a["fp"].send("POST", base() + "/note", {"note": "Trop tôt."})
    assert r.status == 409 and r.json()["error"] == "not_submitted"
    assert R["sql"]("SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?",
                    S["x"])[0][0] == 0
    a["fp"].c.get("/account?lang=en")


@test
def responses_submit_refused_before_completion_then_once():
    a = S["api"]
    for role in roles():
        r = a[role].send("POST", base() + "/submit")
        assert r.status == SUBMIT[role], (role, r.status, r.text[:200])
    r = a["fp"].send("POST", base() + "/submit")
    assert r.json()["error"] == "incomplete" and "not complete" in r.json()["message"]
    assert R["sql"]("SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?",
                    S["x"])[0][0] == 0
    assert S["fp2"].send("POST", base() + "/submit").status == 403
    # Answer everything that applies (show_if questions too).
    for qn in S["q"]["questionnaires"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for q in s["questions"]:
                path = base() + "/responses/" + q["id"]
                cur = a["fp"].get(path).json()["current"]
                if cur and q["id"] in (S["yq"], S["aq"]):
                    continue
                v = cur["version"] if cur else 0
                r = a["fp"].send("PUT", path, {"base_version": v, "lang": "fr",
                                               "value": value_for(q)})
                assert r.status == 200, (q["id"], r.status, r.text[:200])
    comp = a["fp"].get(base() + "/responses").json()["completion"]
    assert comp and all(c["complete"] for c in comp), comp
    # F2 (para 34): complete, the page's first POST still writes nothing:
    # it says what submission does (in the page's language) and offers the
    # confirming form (confirm=1); the API keeps its one call (below).
    for lang, words in (("en", "Submit the responses?"), ("fr", "Soumettre les réponses ?"),
                        ("ar", "تقديم الردود؟"), ("zh", "提交答复？")):
        r = a["fp"].c.post("/reviews/%s/phases/1/submit?lang=%s" % (S["x"], lang),
                           {"csrf": a["fp"].tok})
        assert r.status == 200 and words in r.text, (lang, r.status, r.text[-600:])
        assert 'id="unanswered-none"' in r.text and 'id="submit-confirm"' in r.text, lang
        assert 'name="confirm" value="1"' in r.text, lang
    a["fp"].c.get("/account?lang=en")
    assert R["sql"]("SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?",
                    S["x"])[0][0] == 0
    n = R["sql"]("SELECT COUNT(*) FROM outbox")[0][0]
    r = a["fp"].send("POST", base() + "/submit")
    assert r.status == 200, (r.status, r.text)
    assert R["sql"]("SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = 1",
                    S["x"])[0][0] == "responses_submitted"
    assert R["sql"]("SELECT COUNT(*) FROM outbox")[0][0] > n
    r = a["fp"].send("POST", base() + "/submit")
    assert r.status == 409 and r.json()["error"] == "already_submitted", r.text
    r = a["fp"].c.post("/reviews/%s/phases/1/submit?lang=es" % S["x"], {"csrf": a["fp"].tok})
    # The domain's details in the page's language (Spanish here), with who
    # and when (util/msg.h).
    assert r.status == 409 and "ya fueron presentadas" in r.text, (r.status, r.text[-500:])
    assert "ya se han comunicado" in r.text, r.text[-800:]
    a["fp"].c.get("/account?lang=en")
    assert R["sql"]("SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?",
                    S["x"])[0][0] == 1
    assert R["sql"]("SELECT COUNT(*) FROM review_transitions WHERE reviewed = ? AND "
                    "to_state = 'responses_submitted'", S["x"])[0][0] == 1
    # Nothing can be changed any more, by anyone.
    r = a["expert"].send("PUT", base() + "/responses/" + S["yq"],
                         {"base_version": S["yv"], "lang": "fr", "value": "no"})
    assert r.status == 403, r.status


@test
def responses_submitted_reads_by_role():
    """Para 40, C15 and the lead's C15/C47 decision: submitted responses
    are read by every State party's people in the secure module; access is
    monotone, so a supplementary reviewer reads the instruments outside its
    charge too, as a State party, and the audit says in which part."""
    check_reads(SUBMITTED, SUBMITTED_DOCS)
    j = S["api"]["other_state"].get(base() + "/responses").json()
    assert j["status"]["submitted"] and j["answers"]
    assert S["fp2"].send("POST", base() + "/submit").status == 403
    lines = R["audit_lines"]("--user", f"other.{S['x'].lower()}@r.example")
    assert any("read.responses" in l and "state_party:" + S["inst"] in l for l in lines), lines[-3:]
    lines = R["audit_lines"]("--user", f"rev.{S['x'].lower()}@r.example")
    assert any("read.responses" in l and "reviewer:" + S["inst"] in l for l in lines), lines[-3:]
    if "supplementary" in S["api"]:
        sup = S["api"]["supplementary"]
        j = sup.get(base() + "/responses").json()
        every = {x["instrument"] for x in S["api"]["other_state"].get(base() + "/responses")
                 .json()["answers"]}
        assert {x["instrument"] for x in j["answers"]} == every, (every, j["answers"][:2])
        r = sup.get(base() + "/responses/" + S["yq"])
        assert r.status == 200, r.status
        lines = R["audit_lines"]("--user", f"sup.{S['x'].lower()}@r.example")
        part = "reviewer" if S["inst"] in S["sup_inst"] else "state_party"
        assert any("read.response" in l and f"{part}:{S['inst']}" in l for l in lines), lines[-3:]
        assert any("read.attachment" in l and f"{part}:{S['inst']}" in l for l in lines)
        # As reviewer it still gets nothing more: drafts stay refused
        # (checked before submission), the page shows no forms.
        assert 'class="answer"' not in sup.get(page_path()).text


@test
def responses_note_after_submission():
    a = S["api"]
    r = a["expert"].send("POST", base() + "/note", {"note": "x"})
    assert r.status == 403
    r = a["fp"].send("POST", base() + "/note", {"note": ""})
    assert r.status == 400
    r = a["fp"].send("POST", base() + "/note",
                     {"note": "Les consultations nationales ont beaucoup aidé."})
    assert r.status == 200, r.text
    j = a["reviewer"].get(base() + "/responses").json()
    assert j["status"]["note"].startswith("Les consultations")


@test
def responses_domain_errors_in_the_page_language():
    """Issue 9: the domain's reason for refusing an answer, with its
    figures, is shown in the page's language (util/msg.h, pages_derr), the
    text sent given back; the API keeps its English message and code;
    nothing is written.  On a review of its own (X's responses are
    submitted by now): a State none of the suites uses, its focal point
    named so that they keep clear of it."""
    import html
    busy = ({c for (c,) in R["sql"]("SELECT reviewed FROM response_questionnaires")}
            | {c for (c,) in R["sql"]("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"})
    rows = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current' WHERE r.year = 1 ORDER BY r.reviewed")
    free = [c for (c,) in rows if c not in busy]
    z = free[len(free) // 2]
    k = z.lower()
    user(f"z.fp.{k}@r.example", "focal_point", z)
    user(f"z.ex.{k}@r.example", "expert", z)
    sec, ex = S["api"]["secretariat"], Api(f"z.ex.{k}@r.example")
    r = sec.c.post(f"/country/{z}/focal-point",
                   {"csrf": sec.tok, "action": "name", "email": f"z.fp.{k}@r.example"})
    assert r.status == 303, (r.status, r.text[:300])
    zb = "/api/v1/reviews/%s/phases/1" % z
    r = sec.send("POST", zb + "/questionnaire")
    assert r.status == 200, (r.status, r.text[:300])
    q = ex.get(zb + "/questionnaire").json()
    tq = next(qq for qn in q["questionnaires"] for s in qn["sections"] if s["applies"]
              for qq in s["questions"] if qq["type"] == "free_text")
    limit = tq["max_length"]
    before = R["sql"]("SELECT COUNT(*) FROM response_versions")[0][0]
    path = "/reviews/%s/phases/1/responses/%s" % (z, tq["id"])
    r = ex.c.post(path + "?lang=fr", {"csrf": ex.tok, "base_version": "0", "lang": "fr",
                                      "value": "é" * (limit + 1)})
    text = html.unescape(r.text)
    assert r.status == 400 and 'lang="fr"' in r.text, (r.status, text[-600:])
    shown = f"{limit:,}".replace(",", "\u202f")  # French digit grouping
    assert (f"{tq['id']} : le texte dépasse les {shown} caractères autorisés." in text), \
        text[-1500:]
    assert "longer than" not in text and "é" * 200 in text, "French; the text given back"
    r = ex.c.post(path + "?lang=ar", {"csrf": ex.tok, "base_version": "0", "lang": "fr",
                                      "value": "é" * (limit + 1)})
    digits = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] if d.isdigit() else "٬" for d in f"{limit:,}")
    assert r.status == 400 and f"النص أطول من {digits} حرفاً" in html.unescape(r.text), \
        html.unescape(r.text)[-800:]
    r = ex.send("PUT", zb + "/responses/" + tq["id"],
                {"base_version": 0, "lang": "fr", "value": "é" * (limit + 1)})
    assert r.status == 400 and r.json()["message"] == (
        f"{tq['id']}: the text is longer than the {limit} characters allowed"), r.text[:300]
    # A document on a question that takes none: refused in French.
    body, ctype = multipart({"csrf": ex.tok, "lang": "fr"}, {"file": ("x.png", PNG)})
    docs = R["sql"]("SELECT COUNT(*) FROM attachments")[0][0]
    r = ex.c.request("POST", path + "/attachments?lang=fr", body=body, ctype=ctype)
    assert r.status == 400, r.status
    assert "Cette question n" in html.unescape(r.text), html.unescape(r.text)[-800:]
    assert R["sql"]("SELECT COUNT(*) FROM response_versions")[0][0] == before
    assert R["sql"]("SELECT COUNT(*) FROM attachments")[0][0] == docs
    ex.c.get("/account?lang=en")
# ---- api9 (issue 9): national consultations (R75), versions compared,
# the deadline from the agreed calendar (para 34, C12).  On a review of
# their own (Y), so that they hold whether or not X is submitted. ----

Y = {}


def add_months(date, months):
    """C12: month arithmetic with end-of-month clamp."""
    import calendar
    y, m, d = (int(p) for p in date[:10].split("-"))
    k = m - 1 + months
    y, m = y + k // 12, k % 12 + 1
    return "%04d-%02d-%02d" % (y, m, min(d, calendar.monthrange(y, m)[1]))


def y_setup():
    """A cohort-1 review Y that no suite uses (no focal point named, no
    questionnaire opened, none of its reviewers busy), its people, its
    focal point named and its questionnaire opened over the API."""
    if Y:
        return Y
    rows = R["sql"]("SELECT a.reviewed, a.reviewer FROM lots_assignments a "
                    "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                    "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
                    "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    by = {}
    for rv, rr in rows:
        by.setdefault(rv, []).append(rr)
    busy = {c for (c,) in R["sql"]("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    busy |= {c for (c,) in R["sql"]("SELECT DISTINCT reviewed FROM response_questionnaires")}
    if S.get("x"):
        busy |= {S["x"]} | {r[0] for r in S.get("reviewers", [])}
    y = next(rv for rv, lst in sorted(by.items()) if rv not in busy and not set(lst) & busy)
    involved = {y} | set(by[y])
    other = next(c for (c,) in R["sql"]("SELECT code FROM parties ORDER BY code DESC")
                 if c not in involved and c not in busy)
    low = y.lower()
    user(f"fp.{low}@y.example", "focal_point", y)
    user(f"fp2.{low}@y.example", "focal_point", y)
    user(f"ex.{low}@y.example", "expert", y)
    user(f"rev.{low}@y.example", "expert", by[y][0])
    user(f"other.{low}@y.example", "focal_point", other)
    R["sql"]("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
             "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    a = {"fp": Api(f"fp.{low}@y.example"), "fp2": Api(f"fp2.{low}@y.example"),
         "expert": Api(f"ex.{low}@y.example"), "reviewer": Api(f"rev.{low}@y.example"),
         "other_state": Api(f"other.{low}@y.example"), "secretariat": Api("sec@example.org"),
         "stakeholder": Api("ngo@example.org"), "anonymous": Api(None)}
    r = a["secretariat"].send("PUT", f"/api/v1/reviews/{y}/people/{y}/focal-point",
                              {"email": f"fp.{low}@y.example"})
    assert r.status == 200, (r.status, r.text)
    Y.update(y=y, api=a, base=f"/api/v1/reviews/{y}/phases/1", page=f"/reviews/{y}/phases/1")
    # The calendar agreed before the opening (para 31): responses due two
    # months after the phase opened, the deadline from then on (C12).
    start = R["sql"]("SELECT started_at FROM cohort_phases WHERE cohort = 1 AND phase = 1")[0][0]
    Y["start"], Y["due"] = start[:10], add_months(start, 2)
    r = a["fp"].send("POST", f"/api/v1/reviews/{y}/consultations",
                     {"phase": 1, "languages": ["fr", "en"], "responses_due": Y["due"]})
    assert r.status == 201, (r.status, r.text)
    r = a["secretariat"].send("POST", Y["base"] + "/questionnaire")
    assert r.status == 200, (r.status, r.text)
    q = a["fp"].get(Y["base"] + "/questionnaire").json()
    first = q["questionnaires"][0]
    Y["deadline"] = first["deadline"]
    Y["tq"] = next(qq["id"] for s in first["sections"] if s["applies"] for qq in s["questions"]
                   if qq["type"] == "free_text")
    return Y


@test
def responses_deadline_from_agreed_calendar():
    """Para 34, C12: the responses date agreed in the consultations is the
    deadline shown (API and page), not the six months; a later agreed date
    moves it, and one past the six months is refused (400) and moves
    nothing."""
    y = y_setup()
    a = y["api"]
    assert y["deadline"] == y["due"] != add_months(y["start"], 6), y
    page = a["expert"].get(y["page"] + "/responses").text
    assert f'id="deadline">' in page and f'datetime="{y["due"]}"' in page, page[:2000]
    later = add_months(y["start"], 5)
    r = a["secretariat"].send("POST", f"/api/v1/reviews/{y['y']}/consultations",
                              {"phase": 1, "languages": ["fr", "en"], "responses_due": later})
    assert r.status == 201, (r.status, r.text)
    q = a["fp"].get(y["base"] + "/questionnaire").json()
    assert all(x["deadline"] == later for x in q["questionnaires"]), q["questionnaires"][0]
    r = a["fp"].send("POST", f"/api/v1/reviews/{y['y']}/consultations",
                     {"phase": 1, "languages": ["fr"], "responses_due": add_months(y["start"], 7)})
    assert r.status == 400 and "six months" in r.json()["message"], r.text
    st = a["fp"].get(y["base"] + "/responses").json()["status"]
    assert st["deadline"] == later, st
    # Back to the date of the setup, for the other tests.
    r = a["fp"].send("POST", f"/api/v1/reviews/{y['y']}/consultations",
                     {"phase": 1, "languages": ["fr", "en"], "responses_due": y["due"]})
    assert r.status == 201 and a["fp"].get(y["base"] + "/responses").json()["status"][
        "deadline"] == y["due"]


NC_EDIT = {"fp": 201, "expert": 201, "fp2": 403, "reviewer": 403, "other_state": 403,
           "secretariat": 403, "stakeholder": 403, "anonymous": 403}


def nc_count(y):
    return R["sql"]("SELECT COUNT(*) FROM response_consultations WHERE reviewed = ?", y)[0][0]


@test
def responses_national_consultations_by_role():
    """R75, para 23: national consultations recorded with the responses, by
    who writes them (the reviewed State's named focal point and experts;
    not another focal-point account, not the Secretariat, R24, nor a
    reviewer), through the API and the questionnaire page; read like the
    responses; bad input is a clear error and stores nothing."""
    y = y_setup()
    a, base, page = y["api"], y["base"], y["page"]
    body = {"held_on": y["start"], "sectors": ["ngo", "academia"],
            "summary": "Atelier avec les ONG et les universités."}
    for role, want in NC_EDIT.items():
        n = nc_count(y["y"])
        r = a[role].send("POST", base + "/consultations", body)
        assert r.status == want, (role, r.status, r.text[:200])
        assert nc_count(y["y"]) == n + (1 if want == 201 else 0), role
    for role in NC_EDIT:
        r = a[role].get(base + "/consultations")
        assert r.status == a[role].get(base + "/responses").status, (role, r.status)
        if r.status == 200:
            got = r.json()["consultations"]
            assert len(got) == 2 and got[0]["sectors"] == "ngo,academia", got
    # Bad input over the API.
    n = nc_count(y["y"])
    for bad, words in ((None, "body must be"), ({**body, "sectors": ["press"]}, "sectors"),
                       ({**body, "held_on": "mars"}, "YYYY-MM-DD"),
                       ({**body, "summary": ""}, "summary"), ({**body, "sectors": 3}, "body")):
        r = a["fp"].send("POST", base + "/consultations", bad, raw="[" if bad is None else None)
        assert r.status == 400 and words in r.json()["message"], (bad, r.status, r.text)
    assert nc_count(y["y"]) == n
    # The page: the form for the writers only, post/redirect/get.
    for role in ("fp", "expert", "reviewer", "secretariat", "fp2"):
        html = a[role].get(page + "/responses").text
        assert ('id="national-consultation-form"' in html) == (NC_EDIT[role] == 201), role
    ex = a["expert"]
    form = {"csrf": ex.tok, "held_on": y["start"], "sector_private_sector": "1",
            "summary": "Réunion avec les chambres de commerce."}
    r = ex.c.post(page + "/consultations", form)
    assert r.status == 303, (r.status, r.text[:300])
    assert r.header("Location") == page + "/responses?consulted=1#national-consultations"
    assert nc_count(y["y"]) == n + 1
    html = ex.get(page + "/responses").text
    assert "Réunion avec les chambres de commerce." in html.split('id="national-consultations"')[1]
    # No sector: refused with the reason, the text sent kept, nothing stored.
    r = ex.c.post(page + "/consultations", {"csrf": ex.tok, "held_on": y["start"],
                                            "summary": "Texte gardé <b>tel quel</b>."})
    assert r.status == 400 and "sector" in r.text, (r.status, r.text[-800:])
    assert "Texte gardé &lt;b&gt;tel quel&lt;/b&gt;." in r.text, r.text[-1500:]
    assert nc_count(y["y"]) == n + 1
    r = a["reviewer"].c.post(page + "/consultations", {**form, "csrf": a["reviewer"].tok})
    assert r.status == 403 and nc_count(y["y"]) == n + 1
    assert any("response.consultation" in l for l in R["audit_lines"]())


@test
def responses_versions_compared():
    """Issue 9, 'a version history that can be compared': two versions of
    an answer word by word, through the API (runs equal / delete / insert)
    and a page (escaped, <del> and <ins>), for who reads the drafts only;
    unknown versions 404, bad numbers 400."""
    y = y_setup()
    a = y["api"]
    path = y["base"] + "/responses/" + y["tq"]
    cur = a["expert"].get(path).json()["current"]
    v = cur["version"] if cur else 0
    one, two = "La loi punit le blanchiment.", "La loi n° 12 punit <b>sévèrement</b> le blanchiment."
    for text in (one, two):
        r = a["expert"].send("PUT", path, {"base_version": v, "lang": "fr", "value": text})
        assert r.status == 200, (r.status, r.text)
        v = r.json()["version"]
    r = a["fp"].get(path + "/compare")
    assert r.status == 200, (r.status, r.text)
    j = r.json()
    assert j["from"]["version"] == v - 1 and j["to"]["version"] == v, j
    ops = j["diff"]
    assert "".join(x["text"] for x in ops if x["op"] != "insert") == one, ops
    assert "".join(x["text"] for x in ops if x["op"] != "delete") == two, ops
    ins = " ".join(x["text"] for x in ops if x["op"] == "insert")
    assert "n° 12" in ins and "<b>sévèrement</b>" in ins and "punit" not in ins, ops
    r = a["fp"].get(path + f"/compare?from={v}&to={v - 1}")
    assert r.status == 200 and any(x["op"] == "delete" and "n° 12" in x["text"]
                                   for x in r.json()["diff"]), r.text
    for q, status, code in (("?from=999", 404, "no_version"), ("?to=0", 400, "bad_request"),
                            ("?from=x", 400, "bad_request")):
        r = a["fp"].get(path + "/compare" + q)
        assert r.status == status and r.json()["error"] == code, (q, r.status, r.text)
    page = y["page"] + "/responses/" + y["tq"]
    h = a["expert"].get(page + "/history")
    assert h.status == 200 and 'id="compare-form"' in h.text, h.status
    r = a["expert"].get(page + f"/compare?from={v - 1}&to={v}")
    assert r.status == 200, r.status
    diff = r.text.split('id="diff"')[1].split("</pre>")[0]
    assert "<ins>" in diff and "&lt;b&gt;sévèrement&lt;/b&gt;" in diff, diff
    assert "<b>" not in diff, diff
    assert a["expert"].get(page + "/compare?from=999").status == 404
    # Drafts: who may not read them may not compare them.
    for role in ("reviewer", "other_state", "stakeholder"):
        assert a[role].get(path + "/compare").status == 403, role
        assert a[role].get(page + "/compare").status == 403, role
    assert a["anonymous"].get(path + "/compare").status == 401


@test
def responses_nothing_readable_in_the_raw_database():
    """R93, R97 (para 21): the answers (current and every version) and the
    documents are sealed at rest: a copy of the database file alone
    reveals neither an answer's text nor a document's (SQLite: the file and
    its WAL; PostgreSQL: the stored columns, as a dump holds them); read
    through the API they are as saved."""
    y = y_setup()
    a = y["api"]
    path = y["base"] + "/responses/" + y["tq"]
    cur = a["expert"].get(path).json()["current"]
    v = cur["version"] if cur else 0
    secret = "Réponse confidentielle n° 4471 sur la saisie de 312 kilogrammes"
    r = a["expert"].send("PUT", path, {"base_version": v, "lang": "fr", "value": secret})
    assert r.status == 200, (r.status, r.text)
    assert a["fp"].get(path).json()["current"]["value"] == secret
    doc_text = "Texte du document joint : loi 2013-711 article 9 confidentiel\n"
    q = a["fp"].get(y["base"] + "/questionnaire").json()
    aq = next(qq["id"] for qn in q["questionnaires"] for s in qn["sections"] if s["applies"]
              for qq in s["questions"] if qq["type"] == "attachments")
    up = y["base"] + "/responses/" + aq + "/attachments?filename=loi.txt"
    r = a["expert"].send("POST", up, raw=doc_text.encode(), ctype="application/octet-stream")
    assert r.status == 201, (r.status, r.text)
    doc = r.json()["id"]
    r = a["fp"].get("/api/v1/attachments/" + doc)
    assert r.status == 200 and r.body == doc_text.encode(), (r.status, r.body[:100])
    needles = (secret, "4471 sur la saisie", "loi 2013-711 article 9", "loi relative a la traite")
    if R.get("PG"):
        rows = R["sql"]("SELECT answer FROM responses UNION ALL SELECT answer FROM "
                        "response_versions")
        assert rows and all(t.startswith("rs1:") for (t,) in rows), rows[:3]
        docs = [bytes.fromhex(h) for (h,) in R["sql"]("SELECT encode(content, 'hex') FROM "
                                                      "attachments")]
        assert docs and all(d.startswith(b"rmseal1\0") for d in docs)
        blob = "".join(t for (t,) in rows).encode() + b"".join(docs)
    else:
        import os
        blob = b""
        for suffix in ("", "-wal"):
            p = R["DB"] + suffix
            if os.path.exists(p):
                blob += open(p, "rb").read()
        assert R["sql"]("SELECT COUNT(*) FROM responses WHERE answer NOT LIKE 'rs1:%'") == [(0,)]
    assert blob
    for needle in needles:
        assert needle.encode() not in blob, needle
