"""The pages of one phase of a country review over HTTP (issue 10; B18,
C15, C43, C47, R18): the per-phase navigation of /country/{state} and of
the responses, dialogue, observations, list and follow-up pages shows each
role exactly the links the access module lets it follow (a stakeholder
none, the supplementary reviewer not the reviewed State's drafts), before
and after submission; every link shown leads to a page that opens, every
page left out (but the questionnaire's) refuses; the participants are told
of each message without its text; a browser uploads a binary document
(PDF with NUL bytes) to the dialogue from its page.  Registered by
tests/http/run.py with `nav.register(globals())`."""
import datetime
import os
import re
import signal
import time
import uuid

import fixture

user = fixture.user

Api = fixture.Api

R = {}
TESTS = []
PW = None
S = {}

PAGES = ["responses", "dialogue", "observations", "channels", "list", "followup"]
# polish: the pages beyond the phase its navigation leads to, each shown
# only when the access module lets the actor follow it.
BEYOND = ["/technical-assistance", "/technical-assistance/providers", "/blueprint"]
ROLES = ["fp", "expert", "observer", "reviewer_fp", "reviewer", "supplementary", "other_state",
         "secretariat", "stakeholder", "anonymous"]
SECRET = "Le registre central compte 2 718 dossiers."
# A small PDF whose bytes include NUL (a browser sends them as they are).
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 4 >>\nstream\n\x00\x01\x00\xff\nendstream\nendobj\n%%EOF\n"


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


def page(p):
    return "/reviews/%s/phases/1/%s" % (S["z"], p)


def nav_links(html):
    """The pages of phase 1 linked from the phase navigation of html."""
    m = re.search(r'<nav class="phase-nav" id="phase-nav-1"[^>]*>(.*?)</nav>', html, re.S)
    if not m:
        return set()
    return set(re.findall(r'href="/reviews/%s/phases/1/(\w+)"' % S["z"], m.group(1)))


def nav_beyond(html):
    """The pages beyond phase 1 linked from its navigation in html."""
    m = re.search(r'<nav class="phase-nav" id="phase-nav-1"[^>]*>(.*?)</nav>', html, re.S)
    if not m:
        return set()
    return set(re.findall(r'<li class="beyond"><a href="([^"]+)"', m.group(1)))


@test
def nav_setup():
    """A State Z of cohort 1 with a supplementary reviewer, clear of the
    States of the other suites; its focal point and its main reviewer's
    named; phase 1 open and the questionnaire opened."""
    rows = sql("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst))
    busy = {c for (c,) in sql("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    busy |= {c for (c,) in sql("SELECT DISTINCT reviewed FROM response_questionnaires")}
    cands = [rv for rv, lst in sorted(by.items()) if rv not in busy
             and not any(r[0] in busy for r in lst)
             and any(role == "additional" for _, role, _ in lst)]
    assert cands, "no review with a supplementary reviewer left"
    z = cands[0]
    S["z"] = z
    main = [r[0] for r in by[z] if r[1] != "additional"]
    sup = [r for r in by[z] if r[1] == "additional"][0]
    S["main"], S["sup"], S["sup_inst"] = main[0], sup[0], sup[2].split()
    involved = {z} | {r[0] for r in by[z]}
    S["other"] = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code")
                      if c not in involved and c not in busy)
    print(f"nav: {z} reviewed by {by[z]}, other State {S['other']}")
    k = z.lower()
    mails = {
        "fp": (f"n.fp.{k}@n.example", "focal_point", z),
        "expert": (f"n.ex.{k}@n.example", "expert", z),
        "observer": (f"n.ob.{k}@n.example", "observer", z),
        "reviewer_fp": (f"n.rfp.{k}@n.example", "focal_point", main[0]),
        "reviewer": (f"n.rex.{k}@n.example", "expert", main[0]),
        "supplementary": (f"n.sex.{k}@n.example", "expert", sup[0]),
        "other_state": (f"n.oex.{k}@n.example", "expert", S["other"]),
    }
    for m, role, st in mails.values():
        user(m, role, st)
    S["mails"] = mails
    sec = R["logged_in"]("sec@example.org")
    tok = sec.csrf("/dashboard")
    for key in ("fp", "reviewer_fp"):
        m, _, st = mails[key]
        r = sec.post(f"/country/{st}/focal-point", {"action": "name", "email": m, "csrf": tok})
        assert r.status == 303, (key, r.status, r.text[:300])
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    sql("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
        "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    S["api"] = {key: Api(m) for key, (m, _, _) in mails.items()}
    S["api"].update({"secretariat": Api("sec@example.org"), "stakeholder": Api("ngo@example.org"),
                     "anonymous": Api(None)})
    a = S["api"]
    r = a["secretariat"].c.request("POST", "/api/v1/reviews/%s/phases/1/questionnaire" % z,
                                   body="", headers={"X-CSRF-Token": a["secretariat"].tok})
    assert r.status in (200, 409), (r.status, r.text)
    q = a["fp"].get("/api/v1/reviews/%s/phases/1/questionnaire" % z).json()
    insts = [x["instrument"] for x in q["questionnaires"]]
    S["in"] = [i for i in insts if i in S["sup_inst"]]
    S["out"] = [i for i in insts if i not in S["sup_inst"]]
    assert S["in"] and S["out"], (insts, S["sup_inst"])


def check_nav(want):
    """Every role on every page of the phase and on /country/{z}: a page
    that opens shows exactly want[role] in its phase navigation; each link
    shown opens; each page left out refuses (but the questionnaire's page,
    which every State party may open blank)."""
    for role in ROLES:
        c = S["api"][role]
        for p in ["country"] + PAGES:
            path = "/country/%s" % S["z"] if p == "country" else page(p)
            r = c.get(path)
            if r.status != 200:
                assert 'class="phase-nav"' not in r.text, (role, p, r.status)
                assert p == "country" or p not in want[role], (role, p, r.status, r.text[:300])
                continue
            got = nav_links(r.text)
            assert got == want[role], (role, p, sorted(got), sorted(want[role]))
            if p != "country" and p not in want[role]:
                assert p == "responses", (role, p, "opens but is not linked")
        for p in want[role]:
            r = c.get(page(p))
            assert r.status == 200, (role, p, r.status, r.text[:300])
        # Beyond the phase (polish): shown beside the phase's pages only,
        # each link opens, each one left out refuses.
        if not want[role]:
            r = c.get("/country/%s" % S["z"])
            assert not nav_beyond(r.text), (role, r.status)
            continue
        r = c.get(page(sorted(want[role])[0]))
        beyond = nav_beyond(r.text)
        for p in BEYOND:
            r = c.get(p)
            if p in beyond:
                assert r.status == 200, (role, p, r.status, r.text[:300])
            else:
                assert r.status != 200, (role, p, "opens but is not linked")
        S.setdefault("beyond", {})[role] = beyond


@test
def nav_links_by_role_before_submission():
    """Before submission (drafts, B18): the reviewed State follows all
    five, the Secretariat all but the drafts (F23: without a request for
    support); the reviewing States (the supplementary
    one for its instruments, C47) the dialogue, observations and list but
    not the drafts; another State party and a stakeholder nothing."""
    reviewed = set(PAGES)
    reviewing = {"dialogue", "observations", "channels", "list"}
    # Channels (para 33): the focal points and experts of the States taking
    # part, and the Secretariat; not an observer.
    want = {"fp": reviewed, "expert": reviewed, "observer": reviewed - {"channels"},
            "reviewer_fp": reviewing, "reviewer": reviewing, "supplementary": reviewing,
            "other_state": set(), "secretariat": reviewed - {"responses"},
            "stakeholder": set(), "anonymous": set()}
    # F23 (B18 "on request (support)"): the Secretariat reads the drafts
    # only while the reviewed State asks its support, so before submission
    # it is not led to them (it was, with no request recorded).
    check_nav(want)
    # The dialogue page links the other pages, itself marked current.
    r = S["api"]["fp"].get(page("dialogue"))
    assert re.search(r'<a href="/reviews/%s/phases/1/dialogue" aria-current="page">' % S["z"],
                     r.text), r.text[:2000]
    # polish: the channels page is linked and marked current on itself;
    # the blueprint (public) and the needs reach every State party's
    # people and the Secretariat, the register of providers only the
    # Secretariat (its addresses are nobody else's).
    r = S["api"]["reviewer"].get(page("channels"))
    assert re.search(r'<a href="/reviews/%s/phases/1/channels" aria-current="page">' % S["z"],
                     r.text), r.text[:2000]
    b = S["beyond"]
    assert b["secretariat"] == set(BEYOND), b["secretariat"]
    for role in ("fp", "expert", "reviewer", "supplementary"):
        assert b[role] == {"/technical-assistance", "/blueprint"}, (role, b[role])


@test
def nav_links_by_role_after_submission():
    """Once the responses are submitted (para 40, C15: every State party
    reads them; access is monotone, so the supplementary reviewer too, as
    a State party): the responses link appears for the reviewing States
    and the other State party; the rest is unchanged (follow-up not
    communicated yet)."""
    # Received 200 days ago: the six months of para 35 are over (the
    # reminders job of serve below finds the observations overdue).
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=200))
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, ?, 'nav-test')", S["z"], at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    rc, out, err = R["run_cli"]("phase", "move", "--db", R["DB"], "--state", "responses_submitted",
                                "--reviewed", S["z"], "--phase", "1", "--by", "sec@example.org")
    assert rc == 0, (rc, out, err)
    reviewed = set(PAGES)
    reviewing = {"responses", "dialogue", "observations", "channels", "list"}
    want = {"fp": reviewed, "expert": reviewed, "observer": reviewed - {"channels"},
            "reviewer_fp": reviewing, "reviewer": reviewing, "supplementary": reviewing,
            "other_state": {"responses"}, "secretariat": reviewed, "stakeholder": set(),
            "anonymous": set()}
    check_nav(want)


def notices(to):
    return sql("SELECT lang, subject, body FROM outbox WHERE recipient = ? ORDER BY id", to)


@test
def nav_participants_told_of_messages():
    """C43 for the participants (R18): a reviewer's message is notified to
    the reviewed State's named focal point and to the reviewing State's,
    in their language, naming the page, never the text; not to the
    supplementary reviewer's State for an instrument outside its charge,
    nor to another State."""
    a = S["api"]
    fp, rfp = S["mails"]["fp"][0], S["mails"]["reviewer_fp"][0]
    before = {m: len(notices(m)) for m in (fp, rfp)}
    c = a["reviewer"].c
    r = c.request("POST", "/api/v1/reviews/%s/phases/1/messages" % S["z"],
                  body='{"instrument": "%s", "kind": "message", "title": "Question", "text": "%s"}'
                  % (S["out"][0], SECRET), headers={"X-CSRF-Token": a["reviewer"].tok})
    assert r.status == 201, (r.status, r.text[:300])
    for m in (fp, rfp):
        n = notices(m)
        assert len(n) == before[m] + 1, (m, n)
        lang, subject, body = n[-1]
        assert "/reviews/%s/phases/1/dialogue" % S["z"] in body, body
        assert "2 718" not in body and "registre" not in body, body
    assert sql("SELECT COUNT(*) FROM outbox WHERE body LIKE ?", "%2 718 dossiers%")[0][0] == 0
    # Told in the recipient's language.
    c2 = a["fp"].c
    tok = c2.csrf("/account")
    r = c2.post("/account/lang", {"lang": "es", "csrf": tok})
    assert r.status in (200, 303), (r.status, r.text[:300])
    r = c.request("POST", "/api/v1/reviews/%s/phases/1/messages" % S["z"],
                  body='{"instrument": "%s", "kind": "message", "title": "Otra", "text": "x"}'
                  % S["out"][0], headers={"X-CSRF-Token": a["reviewer"].tok})
    assert r.status == 201, (r.status, r.text[:300])
    lang, subject, body = notices(fp)[-1]
    assert lang == "es", (lang, subject)
    assert "Se ha publicado un nuevo elemento" in body, body
    # The supplementary reviewer's State (its instruments exclude this one)
    # and another State are not told.
    assert not [m for m, _, st in S["mails"].values() if st in (S["sup"], S["other"])
                and notices(m)]


def multipart(fields, files):
    """A multipart/form-data body as a browser sends it."""
    b = "----nav" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    for k, (fn, ctype, data) in files.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{fn}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


@test
def nav_dialogue_page_uploads_a_binary_document():
    """The dialogue page has a document form (enctype multipart/form-data)
    where the actor may post; a PDF whose bytes hold NUL is archived whole
    (the bytes read back are those sent); a stakeholder's upload and a text
    field holding a NUL byte are refused, nothing archived."""
    a = S["api"]
    inst = S["out"][0]
    r = a["fp"].get(page("dialogue"))
    assert r.status == 200
    m = re.search(r'<form method="post" action="(/reviews/%s/phases/1/dialogue/documents)" '
                  r'enctype="multipart/form-data"[^>]*id="upload-%s"' % (S["z"], inst), r.text)
    assert m, r.text[-3000:]
    r = a["observer"].get(page("dialogue"))
    assert 'enctype="multipart/form-data"' not in r.text  # observers read only
    n0 = sql("SELECT COUNT(*) FROM archive_records")[0][0]
    body, ctype = multipart({"csrf": a["fp"].tok, "instrument": inst, "title": "Note du 3 mars"},
                            {"file": ("note-3-mars.pdf", "application/pdf", PDF)})
    r = a["fp"].c.request("POST", m.group(1), body=body, ctype=ctype)
    assert r.status == 303, (r.status, r.text[:500])
    loc = r.header("Location")
    mid = re.search(r"sent=(\d+)", loc or "")
    assert mid, loc
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n0 + 1
    j = a["reviewer"].get("/api/v1/reviews/%s/phases/1/messages?instrument=%s" % (S["z"], inst))
    assert j.status == 200, (j.status, j.text[:300])
    items = [it for t in j.json()["threads"] for it in t["items"] if it["id"] == int(mid.group(1))]
    assert len(items) == 1, j.text[:1000]
    meta = items[0]
    assert meta["kind"] == "attachment" and meta["size"] == len(PDF), meta
    assert meta["media_type"] == "application/pdf" and meta["title"] == "note-3-mars.pdf", meta
    got = a["reviewer"].get(meta["content"])
    assert got.status == 200 and got.body == PDF, (got.status, got.body[:80])
    # Refused: a stakeholder (and nothing archived); a NUL in a text field.
    body, ctype = multipart({"csrf": a["stakeholder"].tok, "instrument": inst, "title": "x"},
                            {"file": ("x.pdf", "application/pdf", PDF)})
    r = a["stakeholder"].c.request("POST", m.group(1), body=body, ctype=ctype)
    assert r.status in (403, 404), (r.status, r.text[:300])
    body, ctype = multipart({"csrf": a["fp"].tok, "instrument": inst, "title": "a\x00b"},
                            {"file": ("x.pdf", "application/pdf", PDF)})
    r = a["fp"].c.request("POST", m.group(1), body=body, ctype=ctype)
    assert r.status == 400, (r.status, r.text[:300])
    # F19 (probe s8): an unknown kind of document is refused (400), nothing
    # archived; the two kinds of the form are taken.
    for kind in ("bogus", "message", ""):
        body, ctype = multipart({"csrf": a["fp"].tok, "instrument": inst, "title": "x",
                                 "kind": kind}, {"file": ("x.pdf", "application/pdf", PDF)})
        r = a["fp"].c.request("POST", m.group(1), body=body, ctype=ctype)
        # (fp's pages are in Spanish in this scenario)
        assert r.status == 400 and "Tipo de documento desconocido" in r.text, (kind, r.status,
                                                                               r.text[-500:])
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n0 + 1
    body, ctype = multipart({"csrf": a["fp"].tok, "instrument": inst, "title": "x"}, {})
    r = a["fp"].c.request("POST", m.group(1), body=body, ctype=ctype)
    assert r.status == 400 and "document" in r.text.lower(), (r.status, r.text[:300])
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n0 + 1


@test
def nav_serve_reminds_observations():
    """`revmech serve`'s periodic reminders job also runs the reminders of
    written observations (as `revmech dialogue remind`, para 35): a server
    started on the database queues, at start, the overdue reminders of the
    reviewing States of Z that have made no observation (the Permanent
    Representative or focal point, R18) and audits the run."""
    z = S["z"]

    def reminded():
        return {st for (st,) in sql("SELECT state FROM observation_reminders WHERE reviewed = ? "
                                    "AND phase = 1 AND kind = 'overdue'", z)}
    assert reminded() == set(), reminded()
    log = open(os.path.join(R["TMP"], "nav-serve.log"), "w")
    p, _ = R["start_extra"](R["DB"], R["ENV"], log, "--reminders-interval", "3600")
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not reminded():
            time.sleep(0.2)
        assert S["main"] in reminded() and S["sup"] in reminded(), reminded()
        rfp = S["mails"]["reviewer_fp"][0]
        assert sql("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND subject = ?", rfp,
                   "Written observations overdue")[0][0] == 1
        deadline = time.time() + 20
        while time.time() < deadline and not sql(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'reminders.run' AND detail LIKE ?",
                "%observations queued%")[0][0]:
            time.sleep(0.2)
        assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'reminders.run' AND detail "
                   "LIKE ?", "%observations queued%")[0][0] >= 1
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(20)
        log.close()
    text = open(log.name, encoding="utf-8", errors="replace").read()
    assert "runtime error:" not in text and "Sanitizer" not in text, text[-3000:]


@test
def nav_redraw_moves_dialogue_participants():
    """Para 30, C47 over HTTP: after `revmech draw redraw` replaces Z's
    main reviewer, its replacement reads the threads (what the replaced
    State posted included) and gets the thread in the JSON's reviewers;
    the replaced State's expert no longer reads them or their items; every
    archived record is still there and `revmech archive verify` passes."""
    z, old = S["z"], S["main"]
    base = "/api/v1/reviews/%s/phases/1/messages" % z

    def charge(st):  # the instruments in st's charge in Z's review
        rows = sql("SELECT a.instruments FROM lots_assignments a JOIN lots_draws d ON "
                   "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = ? AND "
                   "a.reviewer = ? AND a.status = 'active'", z, st)
        return [i for (s,) in rows for i in s.split()]
    # A message of the replaced State in every thread of its charge, so
    # that whichever of them its replacement takes over holds its words.
    for i in charge(old):
        r = S["api"]["reviewer"].send("POST", base, {"instrument": i, "kind": "message",
                                                     "title": "Avant", "text": "Avant " + i})
        assert r.status == 201, (i, r.status, r.text[:300])
    # And one of the reviewed State in every thread of the review: the
    # redraw's replacement may be given other Protocols of the slot than
    # those the replaced State had (para 28 b; the redraw's randomness
    # comes from the event's seed and the request, so it changes with
    # what ran before), and whichever thread it joins holds earlier items.
    items = {}
    for i in S["in"] + S["out"]:
        r = S["api"]["fp"].send("POST", base, {"instrument": i, "kind": "message",
                                               "title": "Avant", "text": "Avant (Z) " + i})
        assert r.status == 201, (i, r.status, r.text[:300])
        r = S["api"]["secretariat"].get(base + "?instrument=" + i)
        assert r.status == 200, (r.status, r.text[:300])
        items[i] = [it["id"] for t in r.json()["threads"] for it in t["items"]]
        assert items[i], r.text[:500]
    n0 = sql("SELECT COUNT(*) FROM archive_records")[0][0]
    rc, out, err = R["run_cli"]("draw", "redraw", "--db", R["DB"], "--reviewed", z,
                                "--replace", old, "--requested-by", z, "--reason", "language",
                                "--meeting", "TEST/2026/1")
    assert rc == 0, (rc, out[-300:], err)
    rows = sql("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
               "AND d.status = 'current' WHERE a.reviewed = ? AND a.status = 'active'", z)
    now = {c for (c,) in rows}
    assert old not in now, (old, now)
    new = [c for c in now if c != S["sup"]]
    k = z.lower()
    fresh = [c for c in new if not sql("SELECT COUNT(*) FROM lots_assignments a JOIN lots_draws d "
                                       "ON d.id = a.draw_id AND d.status = 'current' WHERE "
                                       "a.reviewed = ? AND a.reviewer = ? AND a.status <> 'active'",
                                       z, c)[0][0]]
    assert fresh, (new, rows)
    user(f"n.new.{k}@n.example", "expert", fresh[0])
    newcomer = Api(f"n.new.{k}@n.example")
    # A thread the replacement now shares in (the redraw may give some of
    # the slot's Protocols to another reviewer, para 28 b).
    common = [i for i in charge(fresh[0]) if i in items]
    assert common, (charge(fresh[0]), list(items))
    inst = common[0]
    items = items[inst]
    r = newcomer.get(base + "?instrument=" + inst)
    assert r.status == 200, (r.status, r.text[:300])
    th = r.json()["threads"]
    assert th and fresh[0] in th[0]["reviewers"] and old not in th[0]["reviewers"], th
    assert [it["id"] for t in th for it in t["items"]] == items
    assert newcomer.get(th[0]["items"][0]["content"]).status == 200
    r = S["api"]["reviewer"].get(base + "?instrument=" + inst)
    assert r.status == 403, (r.status, r.text[:300])
    # F8 (t-fix item 2): no longer a participant, it may not read the
    # review: the item is answered as a missing one.
    assert S["api"]["reviewer"].get(th[0]["items"][0]["content"]).status == 404
    assert sql("SELECT COUNT(*) FROM archive_records")[0][0] == n0
    rc, out, err = R["run_cli"]("archive", "verify", *R["serve_db"](R["DB"]))
    assert rc == 0, (rc, out[-500:], err[-500:])
