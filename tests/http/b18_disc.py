"""Appendix B18 over HTTP, the rest of issue 10's disclosure (disc): item-
level choices (para 41 "tout ou partie", R101), the Secretariat's selection
for the public portal (para 37, R98), progress reports in the public part
(B18 "Follow-up progress info", R104, R118).  Imported by b18_issue10.py at
its end: it runs on the scenario of b18.py after b18_issue10_tables (X's
phase 1 submitted, every disclosure withdrawn, the list agreed, a progress
report communicated).

Tables role x artefact, pages and API, per stage; cells as b18.py's (V:
200 and the artefact in it, H: 200 without it, else the status)."""
import os

import b18 as B
from b18 import S, base, page, sql, test

MSG_TEXT = "Message B18 du dialogue sur la Convention"  # b18_issue10's thread
SIB_MSG = "Message B18 disc sur un Protocole"            # a sibling thread
SIB_ANSWER = "Réponse B18."                              # every other free-text answer
PROGRESS_PUBLIC = "Progres B18 disc verses a la partie publique"
PROGRESS_LATER = "Progres B18 disc publies plus tard"
PROGRESS_CLOSED = "Progres B18 disc non publics"

ROLES = ["rfp", "oth", "sec", "ngo", "anon"]


def disclosed():
    return "/reviews/%s/disclosed" % S["X"]


# artefact: (via -> path, marker text or None)
ARTS = {
    "ans":       {"page": (disclosed, lambda: B.DRAFT_TEXT),
                  "api": (lambda: base() + "/responses/" + S["q"], lambda: B.DRAFT_TEXT)},
    "sib":       {"page": (disclosed, lambda: SIB_ANSWER),
                  "api": (lambda: base() + "/responses/" + S["sibq"], lambda: SIB_ANSWER)},
    "thread":    {"page": (disclosed, lambda: MSG_TEXT),
                  "api": (lambda: base() + "/messages?instrument=untoc", lambda: MSG_TEXT)},
    "sibthread": {"page": (disclosed, lambda: SIB_MSG),
                  "api": (lambda: base() + "/messages?instrument=" + S["prot"],
                          lambda: SIB_MSG)},
    # The dialogue page of the participants' secure module: a thread
    # disclosed alone shows there too (R101), its sibling does not.
    "dlgpage":   {"page": (lambda: "/reviews/%s/phases/1/dialogue" % S["X"], lambda: MSG_TEXT)},
    "sibdlgpage": {"page": (lambda: "/reviews/%s/phases/1/dialogue" % S["X"], lambda: SIB_MSG)},
    "doc":       {"page": (lambda: disclosed() + "/documents/" + S["doc"], None),
                  "api": (lambda: "/api/v1/attachments/" + S["doc"], None)},
    "progress":  {"page": (disclosed, lambda: PROGRESS_PUBLIC),
                  "api": (lambda: "/api/v1/reviews/%s/progress-reports" % S["X"],
                          lambda: PROGRESS_PUBLIC)},
    "later":     {"page": (disclosed, lambda: PROGRESS_LATER),
                  "api": (lambda: "/api/v1/reviews/%s/progress-reports" % S["X"],
                          lambda: PROGRESS_LATER)},
    "closed":    {"page": (disclosed, lambda: PROGRESS_CLOSED),
                  "api": (lambda: "/api/v1/reviews/%s/progress-reports" % S["X"],
                          lambda: PROGRESS_CLOSED)},
}

# artefact  via   stage        rfp oth sec ngo anon
TABLE = """
ans        page  none         V   V   V   H   H
ans        api   none         V   V   V   403 401
sib        page  none         V   V   V   H   H
thread     page  none         H   H   H   H   H
thread     api   none         V   403 V   403 401
doc        page  none         200 403 200 403 403
dlgpage    page  none         V   403 V   403 303
ans        page  items        V   V   V   V   V
ans        api   items        V   V   V   V   401
sib        page  items        V   V   V   H   H
sib        api   items        V   V   V   403 401
thread     page  items        V   V   V   V   V
thread     api   items        V   V   V   V   401
sibthread  page  items        H   H   H   H   H
sibthread  api   items        V   403 V   403 401
doc        page  items        200 200 200 200 200
doc        api   items        200 200 200 200 401
dlgpage    page  items        V   V   V   V   303
sibdlgpage page  items        V   H   V   H   303
thread     api   states       V   403 V   403 401
sibthread  api   states       V   V   V   403 401
sibthread  page  states       H   H   H   H   H
ans        page  states       V   V   V   H   H
doc        page  states       200 403 200 403 403
dlgpage    page  states       V   H   V   403 303
sibdlgpage page  states       V   V   V   403 303
ans        page  requested    V   V   V   H   H
ans        api   requested    V   V   V   403 401
sib        page  requested    V   V   V   H   H
thread     page  requested    H   H   H   H   H
thread     api   requested    V   403 V   403 401
ans        page  selected     V   V   V   V   V
ans        api   selected     V   V   V   V   401
sib        page  selected     V   V   V   H   H
sib        api   selected     V   V   V   403 401
thread     page  selected     V   V   V   V   V
thread     api   selected     V   V   V   V   401
sibthread  page  selected     H   H   H   H   H
sibthread  api   selected     V   403 V   403 401
dlgpage    page  selected     V   V   V   V   303
sibdlgpage page  selected     V   H   V   H   303
ans        page  unselected   V   V   V   H   H
ans        api   unselected   V   V   V   403 401
thread     page  unselected   H   H   H   H   H
thread     api   unselected   V   403 V   403 401
dlgpage    page  unselected   V   403 V   403 303
progress   page  reports      V   V   V   V   V
progress   api   reports      V   V   V   V   V
later      page  reports      H   H   H   H   H
later      api   reports      H   H   H   H   H
closed     page  reports      H   H   H   H   H
later      page  published    V   V   V   V   V
later      api   published    V   V   V   V   V
closed     api   published    H   H   H   H   H
"""


def check(stage):
    bad, n = [], 0
    for line in TABLE.strip().splitlines():
        f = line.split()
        art, via, when = f[:3]
        if when != stage:
            continue
        path, marker = ARTS[art][via]
        for role, want in zip(ROLES, f[3:]):
            n += 1
            r = S["who"][role].get(path())
            if want in ("V", "H"):
                ok = r.status == 200 and (marker() in r.text) == (want == "V")
            else:
                ok = r.status == int(want)
            if not ok:
                bad.append((art, via, stage, role, want, r.status, r.text[:160]))
    print(f"b18_disc {stage}: {n} cells, {len(bad)} failed")
    return bad


def choose(body, who="rfp", want=201):
    r = S["who"][who].write("POST", "/api/v1/reviews/%s/disclosures" % S["X"], body, None)
    assert r.status == want, (body, r.status, r.text[:300])
    return r.json().get("id") if r.status == 201 else r.json()


def publish(body, who="sec", want=201):
    r = S["who"][who].write("POST", "/api/v1/reviews/%s/disclosures/publications" % S["X"],
                            body, None)
    assert r.status == want, (body, r.status, r.text[:300])
    return r.json()


def thread_of(instrument):
    rows = sql("SELECT MIN(id) FROM archive_threads WHERE reviewed = ? AND phase = 1 AND "
               "instrument = ?", S["X"], instrument)
    assert rows and rows[0][0], instrument
    return str(rows[0][0])


def log():
    return S["who"]["rob"].get("/api/v1/reviews/%s/disclosures" % S["X"]).json()


@test
def b18_disc_items_and_portal():
    """Item-level disclosure (R101: the item readable by the chosen
    audience, its siblings not), a portal request that opens nothing until
    the Secretariat selects (R98), the selection public, the State's
    withdrawal ending it; who/when logged and shown (R103); clear errors."""
    w, x = S["who"], S["X"]
    q = w["rex"].get(base() + "/questionnaire").json()
    S["prot"] = next(t["instrument"] for t in q["questionnaires"] if t["instrument"] != "untoc")
    untoc = next(t for t in q["questionnaires"] if t["instrument"] == "untoc")
    S["sibq"] = next(qq["id"] for s in untoc["sections"] if s["applies"]
                     for qq in s["questions"]
                     if qq["type"] == "free_text" and not qq.get("show_if") and
                     qq["id"] != S["q"])
    r = w["rfp"].write("POST", base() + "/messages", {"instrument": S["prot"],
                                                      "kind": "message", "title": "Objet disc",
                                                      "text": SIB_MSG}, None)
    assert r.status == 201, (r.status, r.text[:300])
    t1, t2 = thread_of("untoc"), thread_of(S["prot"])
    bad = check("none")
    # Item choices, public (para 41): one answer, one thread, one document.
    n0 = len(log()["disclosures"])
    ids = [choose({"what": "responses", "phase": 1, "item": S["q"], "choice": "public"}),
           choose({"what": "dialogue", "item": t1, "choice": "public"}),
           choose({"what": "documents", "item": S["doc"], "choice": "public"})]
    bad += check("items")
    for what, item in (("responses", S["q"]), ("dialogue", t1), ("documents", S["doc"])):
        choose({"what": what, "phase": 1, "item": item, "choice": "withdraw"})
    # One thread opened to every State party only (para 40).
    # (through the page's form, as the focal point uses it)
    r = w["rfp"].write("POST", "/country/%s/disclosures" % x,
                       {"what": "dialogue", "phase": "0", "instrument": "", "item": t2,
                        "choice": "states", "note": "", "confirm": "1"}, None)
    assert r.status == 303 and "saved=1" in (r.header("Location") or ""), (r.status, r.text[:300])
    bad += check("states")
    choose({"what": "dialogue", "item": t2, "choice": "withdraw"})
    bad += check("none")
    # The log: every choice with its item, who and when (R103).
    entries = log()["disclosures"][n0:]
    assert len(entries) == 8, entries
    assert [e["item"] for e in entries[:3]] == [S["q"], t1, S["doc"]], entries
    assert all(e["by"] == S["mail"]["rfp"] and e["at"] for e in entries), entries
    assert entries[0]["phase"] == 1 and entries[0]["instrument"] == "untoc", entries[0]
    # Portal requests: consent, nothing public yet (R98).
    req_resp = choose({"what": "responses", "phase": 1, "choice": "portal"})
    req_dlg = choose({"what": "dialogue", "item": t1, "choice": "portal"})
    bad += check("requested")
    # Only the Secretariat publishes; only under a request in force; only
    # what was requested.
    for who in ("rfp", "oth", "ngo"):
        publish({"request": req_resp, "item": S["q"]}, who=who, want=403)
    publish({"request": ids[0]}, want=404)                 # a withdrawn public choice
    publish({"request": req_dlg, "item": t2}, want=400)    # outside an item request
    publish({"request": req_resp, "item": "no.such.q"}, want=404)
    assert not log()["publications"]
    publish({"request": req_resp, "item": S["q"], "note": "Reponse choisie"})
    publish({"request": req_dlg})
    bad += check("selected")
    pubs = log()["publications"]
    assert [(p["request"], p["item"], p["in_force"]) for p in pubs] == \
        [(req_resp, S["q"], True), (req_dlg, "", True)], pubs
    assert all(p["by"] == "sec@example.org" and p["at"] for p in pubs), pubs
    # The page shows the publications to the participants, the Secretariat's form.
    r = w["rob"].get("/country/%s/disclosures" % x)
    assert r.status == 200 and 'id="publications"' in r.text and \
        'data-item="%s"' % S["q"] in r.text and 'id="publish-form"' not in r.text, r.text[:300]
    r = w["sec"].get("/country/%s/disclosures" % x)
    assert 'id="publish-form"' in r.text and 'id="disclosure-form"' not in r.text
    # The State's withdrawal ends what the Secretariat published under it.
    choose({"what": "responses", "phase": 1, "choice": "withdraw"})
    choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    bad += check("unselected")
    assert [p["in_force"] for p in log()["publications"]] == [False, False]
    publish({"request": req_resp, "item": S["q"]}, want=404)
    # The page's forms: the Secretariat publishes through the page too.
    req2 = choose({"what": "responses", "phase": 1, "choice": "portal"})
    r = w["sec"].write("POST", "/country/%s/disclosures/publications" % x,
                       {"request": str(req2), "item": S["q"], "note": "", "confirm": "1"},
                       None)
    assert r.status == 303, (r.status, r.text[:300])
    r = w["anon"].get(disclosed())
    assert B.DRAFT_TEXT in r.text and SIB_ANSWER not in r.text, r.text[:300]
    r = w["rfp"].write("POST", "/country/%s/disclosures/publications" % x,
                       {"request": str(req2), "item": ""}, None)
    assert r.status == 403, r.status
    choose({"what": "responses", "phase": 1, "choice": "withdraw"})
    r = w["anon"].get(disclosed())
    assert B.DRAFT_TEXT not in r.text
    # Every choice and publication audited.
    lines = B.R["audit_lines"]("--user", "sec@example.org")
    assert any("disclosure.publish" in l for l in lines), lines[-5:]
    assert not bad, "\n".join(map(str, bad))


@test
def b18_disc_item_errors():
    """An item that does not exist, one of another State's review, a draft:
    clear errors, page and API alike, nothing recorded (R101)."""
    w, x = S["who"], S["X"]
    other = S["other"]
    if not sql("SELECT COUNT(*) FROM archive_threads WHERE reviewed = ?", other)[0][0]:
        # Through the archive (a thread's row alone, written behind its
        # back, is what `archive verify` names since migration 0053).
        note = os.path.join(B.R["TMP"], "disc-foreign.txt")
        with open(note, "w") as f:
            f.write("A call of another review.")
        rc, out, err = B.R["run_cli"]("archive", "append", "--db", B.R["DB"],
                                      *(["--key-file", B.R["KEY"]] if B.R["PG"] else []),
                                      "--author", "sec@example.org", "--title", "Call",
                                      "--file", note, "--reviewed", other, "--phase", "4",
                                      "--instrument", "untoc")
        assert rc == 0, (rc, out, err)
    foreign = str(sql("SELECT MIN(id) FROM archive_threads WHERE reviewed = ?", other)[0][0])
    # A draft: an answer of X's phase 2, not submitted.
    if not sql("SELECT COUNT(*) FROM responses WHERE reviewed = ? AND phase = 2", x)[0][0]:
        sql("INSERT INTO responses (reviewed, phase, question, instrument, version, lang, "
            "answer, saved_at, saved_by) VALUES (?, 2, 'disc.draft', 'untoc', 1, 'fr', "
            "'{\"value\":\"x\",\"references\":[]}', '2026-01-01T00:00:00Z', 'test')", x)
    draft = sql("SELECT question FROM responses WHERE reviewed = ? AND phase = 2", x)[0][0]
    n = sql("SELECT COUNT(*) FROM disclosures WHERE reviewed = ?", x)[0][0]
    cases = [
        ({"what": "dialogue", "item": "999999999", "choice": "public"}, 404, "no_such_item"),
        ({"what": "documents", "item": "0" * 32, "choice": "public"}, 404, "no_such_item"),
        ({"what": "responses", "phase": 1, "item": "no.such.q", "choice": "public"}, 404,
         "no_such_item"),
        ({"what": "dialogue", "item": foreign, "choice": "public"}, 422,
         "not_the_states_item"),
        ({"what": "responses", "phase": 2, "item": draft, "choice": "public"}, 409, "draft"),
        ({"what": "responses", "item": S["q"], "choice": "public"}, 400, "bad_request"),
        ({"what": "responses", "phase": 1, "item": S["q"], "instrument": S["prot"],
          "choice": "public"}, 400, "bad_request"),
        ({"what": "responses", "phase": 1, "item": 5, "choice": "public"}, 400,
         "bad_request"),
    ]
    for body, status, code in cases:
        r = w["rfp"].write("POST", "/api/v1/reviews/%s/disclosures" % x, body, None)
        assert r.status == status and r.json()["error"] == code, (body, r.status, r.text[:300])
        assert r.json()["message"], r.text
        if isinstance(body.get("item"), str):
            form = {k: str(v) for k, v in body.items()}
            form.setdefault("instrument", "")
            r = w["rfp"].write("POST", "/country/%s/disclosures" % x, form, None)
            assert r.status == status and "error" in r.text, (body, r.status, r.text[:300])
    # Only the named focal point decides, items included.
    for who in ("sec", "rob", "rfp2", "oth"):
        r = w[who].write("POST", "/api/v1/reviews/%s/disclosures" % x,
                         {"what": "responses", "phase": 1, "item": S["q"], "choice": "public"},
                         None)
        assert r.status == 403, (who, r.status)
    assert sql("SELECT COUNT(*) FROM disclosures WHERE reviewed = ?", x)[0][0] == n


def reports_of(who="rfp"):
    return S["who"][who].get(base() + "/followup").json()["reports"]


@test
def b18_disc_progress_reports_public():
    """A progress report uploaded to the public part (at filing or later,
    by X's named focal point, logged) is read by anyone, anonymous
    included, through the access module; the others keep their visibility
    (B18 "Follow-up progress info", R104, R118)."""
    w, x = S["who"], S["X"]
    r = w["rfp"].write("POST", base() + "/followup/reports",
                       {"body": PROGRESS_PUBLIC, "communicated": True, "public": True}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["rfp"].write("POST", base() + "/followup/reports",
                       {"body": PROGRESS_LATER, "communicated": True}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["rfp"].write("POST", base() + "/followup/reports",
                       {"body": PROGRESS_CLOSED, "communicated": False}, None)
    assert r.status == 200, (r.status, r.text[:300])
    bad = check("reports")
    later = next(p["id"] for p in reports_of() if p["body"] == PROGRESS_LATER)
    # Only X's named focal point uploads.
    for who in ("sec", "rob", "rfp2", "oth", "ngo"):
        r = w[who].write("POST", base() + "/followup/reports/%d/public" % later, {}, None)
        assert r.status == 403, (who, r.status, r.text[:200])
    r = w["rfp"].write("POST", base() + "/followup/reports/999999/public", {}, None)
    assert r.status == 404, (r.status, r.text[:200])
    r = w["rfp"].write("POST", base() + "/followup/reports/%d/public" % later, {}, None)
    assert r.status == 200, (r.status, r.text[:200])
    bad += check("published")
    # At filing through the follow-up page's form.  F9 (probe s8): first a
    # confirmation step that says the report becomes public and how it is
    # withdrawn; nothing filed, nothing public; then confirm=1.
    n_reports = sql("SELECT COUNT(*) FROM followup_reports")[0][0]
    form = {"what": "report", "body": "Progres B18 disc par la page", "communicated": "1",
            "public": "1"}
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/followup" % x, form, None)
    assert r.status == 200 and 'id="confirm-public"' in r.text, (r.status, r.text[:300])
    assert "Withdraw from the public part" in r.text and 'name="confirm"' in r.text
    assert sql("SELECT COUNT(*) FROM followup_reports")[0][0] == n_reports
    assert "Progres B18 disc par la page" not in w["anon"].get(disclosed()).text
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/followup" % x, {**form, "confirm": "1"},
                       None)
    assert r.status == 303, (r.status, r.text[:300])
    r = w["anon"].get(disclosed())
    assert "Progres B18 disc par la page" in r.text and PROGRESS_CLOSED not in r.text
    # F9: a report filed earlier, uploaded from its button: the other roles
    # refused (403, no confirmation page), the focal point asked first
    # (nothing public), then confirm=1.
    body = "Progres F9 depose puis verse"
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/followup" % x,
                       {"what": "report", "body": body, "communicated": "1"}, None)
    assert r.status == 303, (r.status, r.text[:300])
    fid = sql("SELECT id FROM followup_reports WHERE body = ?", body)[0][0]
    step = {"what": "public", "report": str(fid)}
    for who in ("sec", "rob", "rfp2", "oth", "ngo"):
        r = w[who].write("POST", "/reviews/%s/phases/1/followup" % x, step, None)
        assert r.status == 403 and 'id="confirm-public"' not in r.text, (who, r.status)
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/followup" % x, step, None)
    assert r.status == 200 and 'id="confirm-public"' in r.text and body in r.text, r.text[:300]
    assert body not in w["anon"].get(disclosed()).text
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/followup" % x, {**step, "confirm": "1"},
                       None)
    assert r.status == 303, (r.status, r.text[:300])
    assert body in w["anon"].get(disclosed()).text
    # Logged with who and when.
    rows = sql("SELECT p.by_whom, p.at FROM followup_public p JOIN followup_reports f "
               "ON f.id = p.report WHERE f.body = ?", PROGRESS_LATER)
    assert rows and rows[0][0] == S["mail"]["rfp"] and rows[0][1], rows
    lines = B.R["audit_lines"]("--user", S["mail"]["rfp"])
    assert any("followup.public" in l for l in lines), lines[-5:]
    # The follow-up page says which reports are public.
    r = w["rob"].get("/reviews/%s/phases/1/followup" % x)
    assert r.status == 200 and 'data-public="1"' in r.text, r.text[:300]
    assert not bad, "\n".join(map(str, bad))


# ---- disc2: one message of a thread disclosed alone, the written
# observations, an answer's history and compare, the phase navigation
# (issue 10; paras 35, 37, 40, 41; R98-R101, R103, B18) ----

MSG_ALONE = "Message disc2 divulgue seul"
MSG_SIBLING = "Message disc2 voisin dans le meme fil"
DOC_ALONE = "disc2-avec-le-message.pdf"     # sent with MSG_ALONE
DOC_SIBLING = "disc2-avec-le-voisin.pdf"    # sent with MSG_SIBLING

ROLES2 = ["rfp", "vfp0", "oth", "sec", "ngo", "anon"]  # reviewed, reviewer, other State, ...


def obs_text():
    return __import__("b18_issue10").OBS_TEXT


def dlgpage():
    return "/reviews/%s/phases/1/dialogue" % S["X"]


def versions(question):
    return str(sql("SELECT MAX(version) FROM responses WHERE reviewed = ? AND phase = 1 AND "
                   "question = ?", S["X"], question)[0][0])


def cmp(path, question, last):
    v = versions(question)
    return path + "/" + question + "/compare" + ("?from=%s&to=%s" % (v, v) if last else "")


ARTS2 = {
    "msg":     {"page": (disclosed, lambda: MSG_ALONE),
                "api": (lambda: base() + "/messages?instrument=untoc", lambda: MSG_ALONE)},
    "msgall":  {"api": (lambda: base() + "/messages", lambda: MSG_ALONE)},
    "msgsib":  {"page": (disclosed, lambda: MSG_SIBLING),
                "api": (lambda: base() + "/messages?instrument=untoc", lambda: MSG_SIBLING)},
    "msgget":  {"api": (lambda: base() + "/messages/%d" % S["m1"], None)},
    "sibget":  {"api": (lambda: base() + "/messages/%d" % S["m2"], None)},
    # The documents sent with each message (migration 0046).
    "att":     {"api": (lambda: base() + "/messages/%d" % S["d1"], None)},
    "sibatt":  {"api": (lambda: base() + "/messages/%d" % S["d2"], None)},
    "attlist": {"api": (lambda: base() + "/messages", lambda: DOC_ALONE)},
    "sibattlist": {"api": (lambda: base() + "/messages", lambda: DOC_SIBLING)},
    "attpage": {"page": (dlgpage, lambda: 'data-message="%d"' % S["m1"])},
    "dlg":     {"page": (dlgpage, lambda: MSG_ALONE)},
    "dlgsib":  {"page": (dlgpage, lambda: MSG_SIBLING)},
    # The phase navigation of the responses page links to the dialogue.
    "nav":     {"page": (page, lambda: '<li><a href="/reviews/%s/phases/1/dialogue"' % S["X"])},
    # A reviewer's written observation on the answer S["q"] (b18_issue10).
    "obs":     {"page": (disclosed, obs_text),
                "api": (lambda: base() + "/observations?instrument=untoc", obs_text)},
    "obspage": {"page": (lambda: "/reviews/%s/phases/1/observations" % S["X"], obs_text)},
    # The observation's record through the dialogue page's ?sent= (dialogue_read).
    "obssent": {"page": (lambda: dlgpage() + "?sent=%d" % S["obs"], obs_text)},
    # One answer's history: its submitted version, its earlier drafts, a sibling's.
    "hist":    {"page": (lambda: page() + "/" + S["q"] + "/history", lambda: B.DRAFT_TEXT)},
    "early":   {"page": (lambda: page() + "/" + S["q"] + "/history", lambda: B.EARLY_TEXT)},
    "sibhist": {"page": (lambda: page() + "/" + S["sibq"] + "/history", lambda: SIB_ANSWER)},
    # Compare: the submitted version with itself, and the default (with the draft before).
    "cmp":     {"page": (lambda: cmp(page(), S["q"], True), None),
                "api": (lambda: cmp(base() + "/responses", S["q"], True), None)},
    "cmpdraft": {"page": (lambda: cmp(page(), S["q"], False), None),
                 "api": (lambda: cmp(base() + "/responses", S["q"], False), None)},
    "sibcmp":  {"page": (lambda: cmp(page(), S["sibq"], True), None),
                "api": (lambda: cmp(base() + "/responses", S["sibq"], True), None)},
}

# F23 (B18 "on request (support)"): the sec cells of early (H) and cmpdraft
# (403) changed from V and 200: the Secretariat reads the earlier drafts only
# while the reviewed State asks its support, and none does here.
# F8 (t-fix item 2): an item of the dialogue by its id (msgget, att, sibget,
# sibatt) is answered 404 as a missing one to oth and ngo, who may not read
# the review (403 before: it told them the item exists).
# artefact via  stage      rfp vfp0 oth sec ngo anon
TABLE2 = """
msg      page none       H   H   H   H   H   H
msg      api  none       V   V   403 V   403 401
msgall   api  none       V   V   403 V   403 401
msgget   api  none       200 200 404 200 404 401
dlg      page none       V   V   403 V   403 303
att      api  none       200 200 404 200 404 401
attlist  api  none       V   V   403 V   403 401
nav      page none       V   V   H   V   403 303
obs      api  none       V   V   403 V   403 401
obssent  page none       V   V   403 V   403 303
hist     page none       V   V   V   V   403 303
early    page none       V   H   H   H   403 303
sibhist  page none       V   V   V   V   403 303
cmp      page none       200 200 200 200 403 303
cmpdraft page none       200 403 403 403 403 303
cmp      api  none       200 200 200 200 403 401
cmpdraft api  none       200 403 403 403 403 401
msg      page message    V   V   V   V   V   V
msgsib   page message    V   V   H   V   H   H
msg      api  message    V   V   V   V   V   401
msgall   api  message    V   V   V   V   V   401
msgsib   api  message    V   V   H   V   H   401
msgget   api  message    200 200 200 200 200 401
sibget   api  message    200 200 404 200 404 401
dlg      page message    V   V   V   V   V   303
att      api  message    200 200 200 200 200 401
sibatt   api  message    200 200 404 200 404 401
attlist  api  message    V   V   V   V   V   401
sibattlist api message   V   V   H   V   H   401
attpage  page message    V   V   V   V   V   303
dlgsib   page message    V   V   H   V   H   303
nav      page message    V   V   V   V   403 303
obs      page message    V   V   H   V   H   H
obs      api  message    V   V   403 V   403 401
obssent  page message    V   V   H   V   H   303
msgsib   page thread     V   V   V   V   V   V
msgsib   api  thread     V   V   V   V   V   401
nav      page thread     V   V   V   V   403 303
obs      page thread     V   V   H   V   H   H
obs      api  thread     V   V   403 V   403 401
obspage  page thread     V   V   403 V   403 303
obssent  page thread     V   V   H   V   H   303
hist     page answer     V   V   V   V   V   303
early    page answer     V   H   H   H   H   303
sibhist  page answer     V   V   V   V   403 303
cmp      page answer     200 200 200 200 200 303
cmpdraft page answer     200 403 403 403 403 303
sibcmp   page answer     200 200 200 200 403 303
cmp      api  answer     200 200 200 200 200 401
cmpdraft api  answer     200 403 403 403 403 401
sibcmp   api  answer     200 200 200 200 403 401
obs      api  answer     V   V   403 V   403 401
obspage  page answer     V   V   403 V   403 303
obssent  page answer     V   V   403 V   403 303
obs      api  dialogue   V   V   V   V   403 401
obspage  page dialogue   V   V   V   V   403 303
obssent  page dialogue   V   V   V   V   403 303
"""


def check2(stage):
    bad, n = [], 0
    for line in TABLE2.strip().splitlines():
        f = line.split()
        art, via, when = f[:3]
        if when != stage:
            continue
        path, marker = ARTS2[art][via]
        for role, want in zip(ROLES2, f[3:]):
            n += 1
            r = S["who"][role].get(path())
            if want in ("V", "H"):
                ok = r.status == 200 and (marker() in r.text) == (want == "V")
            else:
                ok = r.status == int(want)
            if not ok:
                bad.append((art, via, stage, role, want, r.status, r.text[:160]))
    print(f"b18_disc2 {stage}: {n} cells, {len(bad)} failed")
    return bad


def post_message(text, who="rfp", instrument="untoc"):
    r = S["who"][who].write("POST", base() + "/messages", {"instrument": instrument,
                                                          "kind": "message",
                                                          "title": "Objet disc2",
                                                          "text": text}, None)
    assert r.status == 201, (r.status, r.text[:300])
    return r.json()["id"]


def post_document(name, message, who="rfp", instrument="untoc", want=201, extra=""):
    r = S["who"][who].write("POST", base() + "/messages/attachments?instrument=%s&filename=%s"
                            "&message=%s%s" % (instrument, name, message, extra), B.PDF,
                            "application/octet-stream")
    assert r.status == want, (r.status, r.text[:300])
    if want != 201:
        return r.json()
    assert r.json()["message"] == message, r.text
    return r.json()["id"]


@test
def b18_disc_message_items():
    """One message of a thread disclosed alone (R101, para 41): that
    record readable by the chosen audience, never its siblings nor the
    thread; the phase navigation then links to the dialogue.  The written
    observations open only with the dialogue of their phase and instrument
    (paras 35, 40, 41), never with a thread, a message or the answer they
    are about.  One answer disclosed alone: its history and compare, the
    submitted version only, never another answer's (B18).  Roles x
    artefacts, pages and API: TABLE2."""
    w, x = S["who"], S["X"]
    S["m1"] = post_message(MSG_ALONE)
    S["m2"] = post_message(MSG_SIBLING)
    S["d1"] = post_document(DOC_ALONE, S["m1"])
    S["d2"] = post_document(DOC_SIBLING, S["m2"])
    t1 = thread_of("untoc")
    n0 = len(log()["disclosures"])
    bad = check2("none")
    # One message, through the page's form (the focal point's way).
    r = w["rfp"].write("POST", "/country/%s/disclosures" % x,
                       {"what": "dialogue", "phase": "0", "instrument": "",
                        "item": "message:%d" % S["m1"], "choice": "public", "note": "",
                        "confirm": "1"}, None)
    assert r.status == 303 and "saved=1" in (r.header("Location") or ""), (r.status, r.text[:300])
    bad += check2("message")
    choose({"what": "dialogue", "item": "message:%d" % S["m1"], "choice": "withdraw"})
    bad += check2("none")
    # The portal (para 37, R98): the State asks for the dialogue of phase 1
    # on the Convention, which opens nothing; the Secretariat publishes one
    # message of it, which opens as a public message choice; not a message
    # of another instrument's thread, outside the request.
    req = choose({"what": "dialogue", "phase": 1, "instrument": "untoc", "choice": "portal"})
    bad += check2("none")
    sib_other = post_message("Message disc2 d'un Protocole", instrument=S["prot"])
    publish({"request": req, "item": "message:%d" % sib_other}, want=400)
    publish({"request": req, "item": "message:%d" % S["obs"]}, want=400)
    publish({"request": req, "item": "message:999999999"}, want=404)
    publish({"request": req, "item": "message:%d" % S["m1"]})
    bad += check2("message")
    assert log()["publications"][-1]["item"] == "message:%d" % S["m1"]
    choose({"what": "dialogue", "phase": 1, "instrument": "untoc", "choice": "withdraw"})
    bad += check2("none")
    # The whole thread: its messages, not its observations.
    choose({"what": "dialogue", "item": t1, "choice": "public"})
    bad += check2("thread")
    choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    # One answer: its history and compare; the observations on it stay closed.
    choose({"what": "responses", "phase": 1, "item": S["q"], "choice": "public"})
    bad += check2("answer")
    choose({"what": "responses", "phase": 1, "item": S["q"], "choice": "withdraw"})
    # The dialogue of the phase and instrument: its observations too.
    choose({"what": "dialogue", "phase": 1, "instrument": "untoc", "choice": "states"})
    bad += check2("dialogue")
    choose({"what": "dialogue", "phase": 1, "instrument": "untoc", "choice": "withdraw"})
    bad += check2("none")
    # The log names the message, its phase and instrument, who and when (R103).
    e = log()["disclosures"][n0]
    assert (e["what"], e["item"], e["phase"], e["instrument"], e["choice"], e["by"]) == \
        ("dialogue", "message:%d" % S["m1"], 1, "untoc", "public", S["mail"]["rfp"]), e
    r = w["rob"].get("/country/%s/disclosures" % x)
    assert r.status == 200 and "message:%d" % S["m1"] in r.text, r.text[:300]
    assert not bad, "\n".join(map(str, bad))


@test
def b18_disc_message_errors():
    """A message that does not exist, one of another State's review, a
    written observation (disclosed with its dialogue only), an agreement:
    clear errors, page and API alike, in the page's language, nothing
    recorded (R101)."""
    w, x = S["who"], S["X"]
    n = sql("SELECT COUNT(*) FROM disclosures WHERE reviewed = ?", x)[0][0]
    cases = [
        ("message:999999999", 404, "no_such_item"),
        ("message:abc", 404, "no_such_item"),
        ("message:", 404, "no_such_item"),
        ("message:%d" % S["obs"], 400, "bad_request"),
    ]
    agreement = sql("SELECT MIN(seq) FROM archive_records WHERE reviewed = ? AND "
                    "kind = 'agreement'", x)[0][0]
    if agreement is not None:
        cases.append(("message:%d" % agreement, 400, "bad_request"))
    # A message of another State's review (the Secretariat writes in every
    # thread, para 33), when one of the cohort's reviews has its phase open.
    for other in [S["other"]] + S["regular"]:
        r = w["sec"].write("POST", "/api/v1/reviews/%s/phases/1/messages" % other,
                           {"instrument": "untoc", "kind": "message", "title": "Autre",
                            "text": "Message d'un autre examen"}, None)
        if r.status == 201:
            cases.append(("message:%d" % r.json()["id"], 422, "not_the_states_item"))
            break
    else:
        print("b18_disc_message_errors: no other review's phase open; 422 in test_disclosure")
    for item, status, code in cases:
        body = {"what": "dialogue", "item": item, "choice": "public"}
        r = w["rfp"].write("POST", "/api/v1/reviews/%s/disclosures" % x, body, None)
        assert r.status == status and r.json()["error"] == code, (body, r.status, r.text[:300])
        assert r.json()["message"], r.text
        form = {"what": "dialogue", "phase": "0", "instrument": "", "item": item,
                "choice": "public", "note": ""}
        r = w["rfp"].write("POST", "/country/%s/disclosures" % x, form, None)
        assert r.status == status and "error" in r.text, (item, r.status, r.text[:300])
    # The refusal in the page's language (French: the account's or ?lang=).
    r = w["rfp"].write("POST", "/country/%s/disclosures?lang=fr" % x,
                       {"what": "dialogue", "phase": "0", "instrument": "",
                        "item": "message:%d" % S["obs"], "choice": "public", "note": ""}, None)
    assert "les observations écrites se divulguent avec le dialogue" in r.text, r.text[:2000]
    r = w["rfp"].write("POST", "/country/%s/disclosures?lang=fr" % x,
                       {"what": "dialogue", "phase": "0", "instrument": "",
                        "item": "message:999999999", "choice": "public", "note": ""}, None)
    assert "aucun message de ce numéro" in r.text, r.text[:2000]
    # A document sent with a message: the message of its own thread only
    # (404 otherwise, nothing archived), a number, a document only.
    n_rec = sql("SELECT COUNT(*) FROM archive_records")[0][0]
    other_msg = post_message("Message disc2 pour un document refuse", instrument=S["prot"])
    n_rec += 1
    for message, extra, status, code in ((other_msg, "", 404, "no_such_message"),
                                         (999999999, "", 404, "no_such_message"),
                                         (S["d1"], "", 404, "no_such_message"),
                                         ("abc", "", 400, "bad_request"),
                                         (S["m1"], "&kind=call_record", 400, "bad_request")):
        j = post_document("refuse.pdf", message, want=status, extra=extra)
        assert j["error"] == code and j["message"], j
    j = post_document("refuse.pdf", S["m1"], who="oth", want=403)
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n_rec
    # The page's document form: the message field, its refusal in French.
    r = w["rfp"].get(dlgpage())
    assert 'name="message"' in r.text, r.text[:300]
    body, ctype = __import__("nav").multipart(
        {"csrf": w["rfp"].tok, "instrument": "untoc", "message": "abc"},
        {"file": ("refuse.pdf", "application/pdf", B.PDF)})
    r = w["rfp"].c.request("POST", dlgpage() + "/documents?lang=fr", body=body, ctype=ctype)
    assert r.status == 400 and "numéro de message" in r.text, (r.status, r.text[:500])
    body, ctype = __import__("nav").multipart(
        {"csrf": w["rfp"].tok, "instrument": "untoc", "message": str(other_msg)},
        {"file": ("refuse.pdf", "application/pdf", B.PDF)})
    r = w["rfp"].c.request("POST", dlgpage() + "/documents?lang=fr", body=body, ctype=ctype)
    assert r.status == 404 and "aucun message de ce numéro dans ce fil" in r.text, \
        (r.status, r.text[:500])
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n_rec
    # Only the named focal point decides, message choices included.
    for who in ("sec", "rob", "rfp2", "oth", "vfp0"):
        r = w[who].write("POST", "/api/v1/reviews/%s/disclosures" % x,
                         {"what": "dialogue", "item": "message:%d" % S["m1"],
                          "choice": "public"}, None)
        assert r.status == 403, (who, r.status)
    assert sql("SELECT COUNT(*) FROM disclosures WHERE reviewed = ?", x)[0][0] == n
