"""Appendix B18 over HTTP, undoing (issue 10, gap "undoing"; paras 37, 41;
R98, R99, R103, R104, R118; migration 0045): the Secretariat ends a portal
publication with a reason, the reviewed State's focal point withdraws a
progress report from the public part with a reason; both append-only (the
history of who published and unpublished what and when stays visible to
the participants), both through a confirmation step on the pages, and
publishing again later allowed.

Runs on the scenario of b18.py after b18_disc.py (X's phase 1 submitted,
its disclosures withdrawn, progress reports filed and some uploaded):
registered by tests/http/run.py after b18, so `run.py b18_setup
b18_table_before_submission b18_table_after_submission b18_issue10_tables
b18_disc_items_and_portal b18_disc_item_errors
b18_disc_progress_reports_public b18_undo_portal b18_undo_portal_refusals
b18_undo_report b18_undo_report_refusals` runs the chain.

Tables role x artefact x stage, pages and API; cells as b18.py's (V: 200
and the artefact in it, H: 200 without it, else the status).  Roles:
X's named focal point (rfp), a reviewing State's focal point (vfp0),
another State party's focal point (oth), the Secretariat (sec), a
stakeholder (ngo), anonymous (anon)."""
import b18 as B
import b18_disc as D
from b18 import S, base, sql

TESTS = []
ROLES = ["rfp", "vfp0", "oth", "sec", "ngo", "anon"]


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    for fn in TESTS:
        g["test"](fn)


def disclosed():
    return "/reviews/%s/disclosed" % S["X"]


def pub_page():
    return "/country/%s/disclosures/publications/%d" % (S["X"], S["undo_pub"])


def followup_api():
    return base() + "/followup"


REASON = "Publie par erreur : la reponse contient des noms"
WITHDRAW_REASON = "Chiffres a corriger avant publication"

# artefact: via -> (path, marker or None)
ARTS = {
    # X's submitted answer S["q"], published by the Secretariat at X's
    # request: on the public part of the review for anyone.
    "answer":   {"page": (disclosed, lambda: B.DRAFT_TEXT)},
    # The record of the publication and its end: the participants.
    "record":   {"page": (pub_page, lambda: 'id="publication"'),
                 "api": (lambda: "/api/v1/reviews/%s/disclosures" % S["X"],
                         lambda: '"publications"')},
    "reason":   {"page": (pub_page, lambda: REASON),
                 "api": (lambda: "/api/v1/reviews/%s/disclosures" % S["X"], lambda: REASON)},
    # The Secretariat's end form (step 1 of the confirmation).
    "endform":  {"page": (lambda: pub_page() + "/end", lambda: 'id="end-form"')},
    # A progress report uploaded to the public part (b18_disc's LATER).
    "report":   {"page": (disclosed, lambda: D.PROGRESS_LATER),
                 "api": (lambda: "/api/v1/reviews/%s/progress-reports" % S["X"],
                         lambda: D.PROGRESS_LATER)},
    # The same report in the follow-up record of the participants.
    "followup": {"page": (lambda: "/reviews/%s/phases/1/followup" % S["X"],
                          lambda: D.PROGRESS_LATER),
                 "api": (followup_api, lambda: D.PROGRESS_LATER)},
    "wreason":  {"page": (lambda: "/reviews/%s/phases/1/followup" % S["X"],
                          lambda: WITHDRAW_REASON),
                 "api": (followup_api, lambda: WITHDRAW_REASON)},
    "wform":    {"page": (lambda: "/reviews/%s/phases/1/followup/reports/%d/withdraw"
                          % (S["X"], S["undo_report"]), lambda: 'id="withdraw-form"')},
}

# artefact  via   stage        rfp vfp0 oth sec ngo anon
TABLE = """
answer     page  requested    V   V    V   V   H   H
answer     page  published    V   V    V   V   V   V
record     page  published    V   V    403 V   403 303
record     api   published    V   V    403 V   403 401
endform    page  published    403 403  403 V   403 303
answer     page  ended        V   V    V   V   H   H
record     page  ended        V   V    403 V   403 303
reason     page  ended        V   V    403 V   403 303
reason     api   ended        V   V    403 V   403 401
answer     page  republished  V   V    V   V   V   V
reason     api   republished  V   V    403 V   403 401
report     page  uploaded     V   V    V   V   V   V
report     api   uploaded     V   V    V   V   V   V
followup   api   uploaded     V   V    V   V   403 401
wform      page  uploaded     V   403  403 403 403 303
report     page  withdrawn    H   H    H   H   H   H
report     api   withdrawn    H   H    H   H   H   H
followup   page  withdrawn    V   V    V   V   403 303
followup   api   withdrawn    V   V    V   V   403 401
wreason    api   withdrawn    V   V    V   V   403 401
wreason    page  withdrawn    V   V    V   V   403 303
report     page  reuploaded   V   V    V   V   V   V
report     api   reuploaded   V   V    V   V   V   V
wreason    api   reuploaded   V   V    V   V   403 401
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
    print(f"b18_undo {stage}: {n} cells, {len(bad)} failed")
    return bad


def ends():
    return sql("SELECT COUNT(*) FROM portal_publication_ends")[0][0]


def changes():
    return sql("SELECT COUNT(*) FROM followup_public_changes")[0][0]


def end_api(pub, body, who="sec"):
    return S["who"][who].write("POST", "/api/v1/reviews/%s/disclosures/publications/%s/end"
                               % (S["X"], pub), body, None)


def end_page(pub, form, who="sec"):
    return S["who"][who].write("POST", "/country/%s/disclosures/publications/%s/end"
                               % (S["X"], pub), form, None)


def publications():
    return S["who"]["rob"].get("/api/v1/reviews/%s/disclosures" % S["X"]).json()["publications"]


@test
def b18_undo_portal():
    """The Secretariat ends a publication (para 37, R98) through the page's
    two steps: the form, a confirmation that writes nothing, then the end;
    anyone loses what it opened, the participants keep seeing the
    publication and its end (who, when, why; R103); publishing again
    opens it again (a new row)."""
    w, x = S["who"], S["X"]
    req = D.choose({"what": "responses", "phase": 1, "choice": "portal"})
    S["undo_req"] = req
    bad = check("requested")
    pub = D.publish({"request": req, "item": S["q"], "note": "Pour le portail"})["id"]
    S["undo_pub"] = pub
    bad += check("published")
    # The participants' log page links each publication to its record.
    r = w["rfp"].get("/country/%s/disclosures" % x)
    assert 'href="/country/%s/disclosures/publications/%d"' % (x, pub) in r.text, r.text[:300]
    r = w["sec"].get(pub_page())
    assert 'id="end-link"' in r.text, r.text[:300]
    r = w["rfp"].get(pub_page())
    assert 'id="end-link"' not in r.text
    # Step 1 -> step 2: the confirmation page, nothing written yet.
    n0 = ends()
    r = end_page(pub, {"note": REASON})
    assert r.status == 200 and 'id="confirm-end"' in r.text and REASON in r.text, \
        (r.status, r.text[:300])
    assert ends() == n0
    assert B.DRAFT_TEXT in w["anon"].get(disclosed()).text
    # Confirmed: ended, redirected to the record.
    r = end_page(pub, {"note": REASON, "confirm": "1"})
    assert r.status == 303 and "ended=1" in (r.header("Location") or ""), (r.status, r.text[:300])
    assert ends() == n0 + 1
    bad += check("ended")
    p = next(p for p in publications() if p["id"] == pub)
    assert p["in_force"] is False and p["ended"]["by"] == "sec@example.org" and \
        p["ended"]["at"] and p["ended"]["note"] == REASON, p
    assert p["by"] == "sec@example.org" and p["note"] == "Pour le portail", p  # kept as it was
    r = w["rob"].get(pub_page())
    assert 'data-ended="1"' in r.text and 'id="ended-by"' in r.text and \
        "sec@example.org" in r.text, r.text[:400]
    # The end form is no longer offered; the record page says it ended.
    assert 'id="end-link"' not in w["sec"].get(pub_page()).text
    # Published again later: a new publication, in force.
    pub2 = D.publish({"request": req, "item": S["q"]})["id"]
    assert pub2 != pub
    bad += check("republished")
    got = [(p["id"], p["in_force"], p["ended"] is not None) for p in publications()
           if p["id"] in (pub, pub2)]
    assert got == [(pub, False, True), (pub2, True, False)], got
    # Over the API too, and audited.
    r = end_api(pub2, {"note": "Fin par l'API"})
    assert r.status == 200 and r.json()["in_force"] is False, (r.status, r.text[:300])
    assert B.DRAFT_TEXT not in w["anon"].get(disclosed()).text
    lines = B.R["audit_lines"]("--user", "sec@example.org")
    assert sum("disclosure.unpublish" in l for l in lines) >= 2, lines[-5:]
    S["undo_pub2"] = pub2
    assert not bad, "\n".join(map(str, bad))


@test
def b18_undo_portal_refusals():
    """Who may end a publication (the Secretariat only, API and page), and
    clear refusals (no reason 400, no such publication 404, already ended
    409, ended by the State's withdrawal 409), nothing written on any."""
    w, x = S["who"], S["X"]
    pub3 = D.publish({"request": S["undo_req"]})["id"]
    n0 = ends()
    # Roles: API and page (both steps), each refused.
    # (An anonymous write has no session, hence no CSRF token: refused
    # 403 before anything else; reading the form sends it to log in.)
    for who, write, form_get in (("rfp", 403, 403), ("rfp2", 403, 403), ("rob", 403, 403),
                                 ("vfp0", 403, 403), ("oth", 403, 403), ("ngo", 403, 403),
                                 ("anon", 403, 303)):
        r = end_api(pub3, {"note": "x"}, who=who)
        assert r.status == write, (who, r.status, r.text[:200])
        for form in ({"note": "x"}, {"note": "x", "confirm": "1"}):
            r = end_page(pub3, form, who=who)
            assert r.status == write, (who, form, r.status, r.text[:200])
        r = w[who].get("/country/%s/disclosures/publications/%d/end" % (x, pub3))
        assert r.status == form_get, (who, r.status)
    # Bad input, API: status, code, message.
    cases = [
        (pub3, {}, 400, "bad_request"),
        (pub3, {"note": ""}, 400, "bad_request"),
        (pub3, {"note": 5}, 400, "bad_request"),
        (pub3, {"note": "x" * 1001}, 400, "bad_request"),
        (999999, {"note": "x"}, 404, "no_such_publication"),
        ("abc", {"note": "x"}, 404, "no_such_publication"),
        (S["undo_pub"], {"note": "x"}, 409, "already_ended"),
        (S["undo_pub2"], {"note": "x"}, 409, "already_ended"),
    ]
    for pub, body, status, code in cases:
        r = end_api(pub, body)
        assert r.status == status and r.json()["error"] == code and r.json()["message"], \
            (pub, body, r.status, r.text[:300])
    # Bad input, page: both steps, the reason kept in the form.
    for pub, form, status in ((pub3, {"note": ""}, 400),
                              (pub3, {"note": "", "confirm": "1"}, 400),
                              (999999, {"note": "y"}, 404),
                              (S["undo_pub"], {"note": "Raison gardee"}, 409),
                              (S["undo_pub"], {"note": "Raison gardee", "confirm": "1"}, 409)):
        r = end_page(pub, form)
        assert r.status == status and "error" in r.text, (pub, form, r.status, r.text[:300])
        if status == 409:
            assert "Raison gardee" in r.text, r.text[:600]
    # The end form says at once that a publication has ended, and is not offered.
    r = w["sec"].get("/country/%s/disclosures/publications/%d/end" % (x, S["undo_pub"]))
    assert r.status == 409 and "error" in r.text and 'id="end-form"' not in r.text, \
        (r.status, r.text[:300])
    r = w["sec"].get("/country/%s/disclosures/publications/999999/end" % x)
    assert r.status == 404, r.status
    assert ends() == n0
    # The State withdraws its request: the publication ends with it; the
    # Secretariat is then told so.
    D.choose({"what": "responses", "phase": 1, "choice": "withdraw"})
    r = end_api(pub3, {"note": "x"})
    assert r.status == 409 and "reviewed State" in r.json()["message"], r.text[:300]
    r = w["sec"].get("/country/%s/disclosures/publications/%d" % (x, pub3))
    assert r.status == 200 and 'data-in-force="0"' in r.text and 'data-ended="0"' in r.text
    # A refusal in the page's language (the French catalogue).
    w["sec"].get("/account?lang=fr")
    try:
        r = end_page(999999, {"note": "y"})
        assert r.status == 404 and "aucune publication" in r.text, r.text[:600]
        r = end_page(S["undo_pub"], {"note": "y"})
        assert r.status == 409 and "a déjà arrêté cette publication" in r.text, r.text[:600]
    finally:
        w["sec"].get("/account?lang=en")
    assert ends() == n0


def report_id(body):
    return next(p["id"] for p in S["who"]["rfp"].get(followup_api()).json()["reports"]
                if p["body"] == body)


def withdraw_api(rid, body, who="rfp"):
    return S["who"][who].write("POST", base() + "/followup/reports/%s/withdraw" % rid, body,
                               None)


def withdraw_page(rid, form, who="rfp"):
    return S["who"][who].write("POST", "/reviews/%s/phases/1/followup/reports/%s/withdraw"
                               % (S["X"], rid), form, None)


@test
def b18_undo_report():
    """X's focal point withdraws a progress report from the public part
    (B18 "Follow-up progress info", R104, R118) through the page's two
    steps: anyone else no longer reads it, the report stays in the
    follow-up for its readers with its upload and withdrawal (who, when,
    why; R103); uploading it again makes it public again."""
    w, x = S["who"], S["X"]
    rid = report_id(D.PROGRESS_LATER)
    S["undo_report"] = rid
    bad = check("uploaded")
    r = w["rfp"].get("/reviews/%s/phases/1/followup" % x)
    assert "/followup/reports/%d/withdraw" % rid in r.text, r.text[:300]
    n0 = changes()
    r = withdraw_page(rid, {"note": WITHDRAW_REASON})
    assert r.status == 200 and 'id="confirm-withdraw"' in r.text and WITHDRAW_REASON in r.text, \
        (r.status, r.text[:300])
    assert changes() == n0 and D.PROGRESS_LATER in w["anon"].get(disclosed()).text
    r = withdraw_page(rid, {"note": WITHDRAW_REASON, "confirm": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    assert changes() == n0 + 1
    bad += check("withdrawn")
    rep = next(p for p in w["rob"].get(followup_api()).json()["reports"] if p["id"] == rid)
    assert rep["public"] is False, rep
    assert [(h["kind"], h["by"]) for h in rep["public_history"]] == \
        [("upload", S["mail"]["rfp"]), ("withdraw", S["mail"]["rfp"])], rep
    assert rep["public_history"][1]["note"] == WITHDRAW_REASON and rep["public_history"][1]["at"]
    # The other public reports stay public.
    assert D.PROGRESS_PUBLIC in w["anon"].get(disclosed()).text
    # Uploaded again (the existing upload route): public again, a new row.
    r = w["rfp"].write("POST", base() + "/followup/reports/%d/public" % rid, {}, None)
    assert r.status == 200, (r.status, r.text[:200])
    assert changes() == n0 + 2
    bad += check("reuploaded")
    rep = next(p for p in w["rfp"].get(followup_api()).json()["reports"] if p["id"] == rid)
    assert rep["public"] is True and [h["kind"] for h in rep["public_history"]] == \
        ["upload", "withdraw", "upload"], rep
    # Over the API too, and audited.
    r = withdraw_api(rid, {"note": "Encore a corriger"})
    assert r.status == 200 and r.json()["public"] is False, (r.status, r.text[:300])
    assert D.PROGRESS_LATER not in w["anon"].get(disclosed()).text
    lines = B.R["audit_lines"]("--user", S["mail"]["rfp"])
    assert sum("followup.withdraw_public" in l for l in lines) >= 2, lines[-5:]
    assert not bad, "\n".join(map(str, bad))


@test
def b18_undo_report_refusals():
    """Only X's named focal point withdraws (API and page, both steps);
    clear refusals (no reason 400, no such report 404, not in the public
    part or withdrawn already 409), nothing written on any."""
    w, x = S["who"], S["X"]
    rid = report_id(D.PROGRESS_PUBLIC)
    closed = report_id(D.PROGRESS_CLOSED)
    n0 = changes()
    for who, write, form_get in (("rfp2", 403, 403), ("rex", 403, 403), ("rob", 403, 403),
                                 ("vfp0", 403, 403), ("oth", 403, 403), ("sec", 403, 403),
                                 ("ngo", 403, 403), ("anon", 403, 303)):
        r = withdraw_api(rid, {"note": "x"}, who=who)
        assert r.status == write, (who, r.status, r.text[:200])
        for form in ({"note": "x"}, {"note": "x", "confirm": "1"}):
            r = withdraw_page(rid, form, who=who)
            assert r.status == write, (who, form, r.status, r.text[:200])
        r = w[who].get("/reviews/%s/phases/1/followup/reports/%d/withdraw" % (x, rid))
        assert r.status == form_get, (who, r.status)
    cases = [
        (rid, {}, 400, "bad_request"),
        (rid, {"note": ""}, 400, "bad_request"),
        (rid, {"note": "x" * 1001}, 400, "bad_request"),
        (999999, {"note": "x"}, 404, "not_found"),
        ("abc", {"note": "x"}, 404, "not_found"),
        (closed, {"note": "x"}, 409, "not_public"),
        (S["undo_report"], {"note": "x"}, 409, "not_public"),
    ]
    for rep, body, status, code in cases:
        r = withdraw_api(rep, body)
        assert r.status == status and r.json()["error"] == code and r.json()["message"], \
            (rep, body, r.status, r.text[:300])
    for rep, form, status in ((rid, {"note": ""}, 400),
                              (rid, {"note": "", "confirm": "1"}, 400),
                              (999999, {"note": "y"}, 404),
                              (closed, {"note": "Raison gardee", "confirm": "1"}, 409)):
        r = withdraw_page(rep, form)
        assert r.status == status and "error" in r.text, (rep, form, r.status, r.text[:300])
        if status == 409:
            assert "Raison gardee" in r.text, r.text[:600]
    # The form says at once when there is nothing to withdraw, and is not offered.
    for rep, status in ((closed, 409), (S["undo_report"], 409), (999999, 404)):
        r = w["rfp"].get("/reviews/%s/phases/1/followup/reports/%d/withdraw" % (x, rep))
        assert r.status == status and "error" in r.text and 'id="withdraw-form"' not in r.text, \
            (rep, r.status, r.text[:300])
    # Another phase's follow-up does not hold the report.
    r = w["rfp"].write("POST", "/api/v1/reviews/%s/phases/2/followup/reports/%d/withdraw"
                       % (x, rid), {"note": "x"}, None)
    assert r.status in (403, 404), (r.status, r.text[:200])
    assert changes() == n0
    assert D.PROGRESS_PUBLIC in w["anon"].get(disclosed()).text
