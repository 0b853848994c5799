"""The drawing of lots run from the web by the Secretariat (issue 12; R51,
R58-R60, C42, C45): GET /lots and the POSTs that prepare a drawing event
(roster hash and seed commitment published before the meeting), hold it
(the seed revealed and checked, public entropy mixed in), record redraw
requests and decisions; each with a confirmation step, CSRF, post/
redirect/get, audited.  Every other role is refused; bad input is refused
with nothing changed.  Registered last by tests/http/run.py with
`draws.register(globals())` (it replaces the current draw of the shared
database)."""
import hashlib
import json
import re

R = {}
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sec():
    return R["logged_in"]("sec@example.org")


def csrf_of(c, path="/lots"):
    r = c.get(path)
    assert r.status == 200, (r.status, r.text[:300])
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
    assert m, r.text[:500]
    return m.group(1), r


def count(q, *p):
    return R["sql"](q, *p)[0][0]


def state():
    """What a refused request must leave unchanged."""
    return (count("SELECT COUNT(*) FROM lots_draws"), count("SELECT COUNT(*) FROM lots_events"),
            count("SELECT COUNT(*) FROM lots_redraws"),
            count("SELECT COUNT(*) FROM lots_ceremonies"),
            tuple(R["sql"]("SELECT id, status FROM lots_ceremonies ORDER BY id")),
            count("SELECT COUNT(*) FROM lots_decisions"))


def refused(r, before, *words):
    assert r.status == 400, (r.status, r.text[:600])
    assert 'id="error"' in r.text, r.text[:600]
    for w in words:
        assert w in r.text, (w, r.text[r.text.find('id="error"'):][:600])
    assert state() == before, (state(), before)


@test
def lots_pages_secretariat_only():
    c = sec()
    tok, r = csrf_of(c)
    assert 'id="roster-hash"' in r.text and 'id="left-out"' in r.text
    # The Holy See (opted out) and the EU (no group) are listed as left out.
    assert "VAT" in r.text and "EUU" in r.text, r.text[r.text.find('id="left-out"'):][:800]
    before = state()
    for email in ("fp@example.org", "exp@example.org", "obs@example.org", "ngo@example.org"):
        u = R["logged_in"](email)
        assert u.get("/lots").status == 403, email
        t = u.csrf("/dashboard")
        for path in ("/lots/prepare", "/lots/hold", "/lots/redraw", "/lots/decision"):
            r = u.post(path, {"csrf": t, "confirm": "1", "meeting": "m", "date": "2026-01-01",
                              "seed": "00" * 32, "id": "1", "ref": "x", "title": "t"})
            assert r.status == 403, (email, path, r.status)
    anon = R["Client"]()
    r = anon.get("/lots")
    assert r.status == 303 and r.header("Location").startswith("/login"), r.status
    # Without the CSRF token, even the Secretariat is refused.
    r = c.post("/lots/prepare", {"meeting": "m", "date": "2026-01-01", "seed": "00" * 32,
                                 "confirm": "1"})
    assert r.status == 403, r.status
    assert state() == before


JOINT = "CTOC/COP/WG.1/2026/2"   # the meeting the ceremony is held at (C42)
WG = "CTOC/COP/WG.1/2026/3"      # the meeting the redraws are held at


def ensure_meeting(ref, date, title):
    """Every draw and redraw is held at a recorded meeting (R237, C42)."""
    if not count("SELECT COUNT(*) FROM lots_meetings WHERE ref = ?", ref):
        rc, out, err = R["run_cli"]("draw", "meeting", "--db", R["DB"], "--ref", ref, "--date",
                                    date, "--title", title)
        assert rc == 0, err


def mix(seed_hex, name, value):
    if not name:
        return seed_hex
    t = f"revmech-seed-mix/1\n{seed_hex}\n{name}\n{value}\n"
    return hashlib.sha256(t.encode()).hexdigest()


@test
def ceremony_prepared_published_and_held():
    c = sec()
    ensure_meeting(JOINT, "2026-06-01", "Joint intersessional meeting 2026")
    tok, page = csrf_of(c)
    seed = re.search(r'name="seed" value="([0-9a-f]{64})"', page.text).group(1)
    shown_hash = re.search(r'id="roster-hash">([0-9a-f]{64})<', page.text).group(1)
    # The meeting is chosen among those recorded.
    assert f'<option value="{JOINT}">' in page.text, page.text[page.text.find('id="prepare"'):][:900]
    form = {"csrf": tok, "meeting": JOINT, "date": "2026-06-01",
            "seed": seed, "entropy_name": "EuroMillions draw of 2026-06-01"}
    # Bad input first: a date that is no date.
    before = state()
    r = c.post("/lots/prepare", dict(form, date="2026-02-30", confirm="1"))
    refused(r, before, "date")
    # The confirmation step shows the commitment, never the seed, and
    # changes nothing.
    r = c.post("/lots/prepare", form)
    assert r.status == 200 and 'id="confirm"' in r.text, r.status
    com = hashlib.sha256(bytes.fromhex(seed)).hexdigest()
    assert com in r.text and seed not in r.text
    assert state() == before
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', r.text))
    assert hidden["confirm"] == "1" and "seed" not in hidden
    r = c.post("/lots/prepare", hidden)
    assert r.status == 303 and r.header("Location") == "/lots?done=prepared", r.status
    row = R["sql"]("SELECT id, roster_sha256, seed_commitment, entropy_name, status, prepared_by "
                   "FROM lots_ceremonies ORDER BY id DESC LIMIT 1")[0]
    cid = row[0]
    assert row[1:] == (shown_hash, com, "EuroMillions draw of 2026-06-01", "prepared",
                       "sec@example.org"), row
    # Published before the meeting: on the public programme page.
    pub = R["Client"]().get("/programme").text
    assert com in pub and shown_hash in pub, "commitment not published"
    # At the meeting.  A seed that does not match the commitment: refused.
    tok, page = csrf_of(c)
    before = state()
    hold = {"csrf": tok, "id": str(cid), "seed": "ab" * 32, "entropy": "05 12 19 33 41",
            "supersede": "1", "confirm": "1"}
    refused(c.post("/lots/hold", hold), before, "commitment")
    # The domain's refusals (lots/ceremony.c) in the page's language, with
    # their values (issue 12, audit gap 3).
    refused(c.post("/lots/hold?lang=fr", hold), before, "graine : son SHA-256 est",
            "et non l&#39;engagement " + com)
    refused(c.post("/lots/hold?lang=ar", hold), before, "البذرة: قيمة SHA-256", com)
    # The right seed but no entropy value although one was named: refused.
    refused(c.post("/lots/hold", dict(hold, seed=seed, entropy="")), before, "entropy")
    refused(c.post("/lots/hold?lang=fr", dict(hold, seed=seed, entropy="")), before,
            "entropie : indiquez la valeur de « EuroMillions draw of 2026-06-01 »")
    c.get("/lots?lang=en")  # ?lang= is kept for the session: back to English
    # The programme in force is replaced only on purpose.
    h = dict(hold, seed=seed)
    del h["supersede"]
    refused(c.post("/lots/hold", h), before, "supersede")
    # Confirmation page, then the draw.
    r = c.post("/lots/hold", dict(hold, seed=seed, confirm=""))
    assert r.status == 200 and 'id="confirm"' in r.text and state() == before
    r = c.post("/lots/hold", dict(hold, seed=seed))
    assert r.status == 303 and r.header("Location") == "/lots?done=held", (r.status, r.text[:800])
    draw_seed, draw_id = R["sql"]("SELECT seed, id FROM lots_draws WHERE status = 'current'")[0]
    assert draw_seed == mix(seed, "EuroMillions draw of 2026-06-01", "05 12 19 33 41")
    st = R["sql"]("SELECT status, draw_id, seed FROM lots_ceremonies WHERE id = ?", cid)[0]
    assert st == ("held", draw_id, seed), st
    inputs = R["sql"]("SELECT inputs FROM lots_events WHERE draw_id = ? AND seq = 0", draw_id)[0][0]
    assert com in inputs and "05 12 19 33 41" in inputs and f'"meeting":"{JOINT}"' in inputs, inputs
    assert '"run_by":"sec@example.org"' in inputs, inputs
    # Held once only.
    before = state()
    refused(c.post("/lots/hold", dict(hold, seed=seed)), before, "already")
    # Audited, with who.
    log = "\n".join(R["audit_lines"]())
    for action in ("draw.prepare", "draw.supersede", "draw.lots"):
        assert re.search(r"sec@example\.org\t[^\t]*\t" + re.escape(action), log), action
    # The public pages follow at once and the new draw verifies.
    pub = R["Client"]().get("/programme").text
    ev = R["sql"]("SELECT id FROM lots_events WHERE draw_id = ? AND seq = 0", draw_id)[0][0]
    assert f'href="/draws/{ev}"' in pub
    t = R["Client"]().get(f"/draws/{ev}").text
    assert re.search(r'id="verification" class="status-on">', t), t[-1500:]
    # The document records the ceremony (format 3, R51): the commitment
    # published, the seed revealed and the entropy, which mixed give its
    # seed; `draw verify --db` checks each step and the prepared event.
    doc = json.loads(R["Client"]().get(f"/draws/{ev}/document.json").text)
    assert doc["format"] == "revmech-draw/3"
    assert doc["ceremony"] == {"meeting": JOINT, "published_commitment": com,
                               "revealed_seed": seed,
                               "entropy_name": "EuroMillions draw of 2026-06-01",
                               "entropy_value": "05 12 19 33 41",
                               "mix": "revmech-seed-mix/1"}, doc["ceremony"]
    assert hashlib.sha256(bytes.fromhex(doc["ceremony"]["revealed_seed"])).hexdigest() == com
    assert doc["seed"] == mix(seed, doc["ceremony"]["entropy_name"],
                              doc["ceremony"]["entropy_value"])
    assert '<dd id="seed-origin">A ceremony: its commitment was published before the ' \
           'meeting, and the seed was revealed there.</dd>' in t, t[-2000:]
    # Item 5 (h-fix): the page names the meeting the drawing event was held
    # at, as recorded (reference, title, date), not "Not recorded", and
    # links to the event on the programme page, which links back.
    m = re.search(r'<dd id="meeting">(.*?)</dd>', t)
    assert m and JOINT in m.group(1) and "Joint intersessional meeting 2026" in m.group(1) \
        and 'datetime="2026-06-01"' in m.group(1), t[-2500:]
    assert f'<dd id="drawing-event" data-ceremony="{cid}"><a href="/programme#drawing-event-' \
           f'{cid}">' in t, t[-2500:]
    held = pub[pub.find(f'<li id="drawing-event-{cid}">'):]
    assert held and f'href="/draws/{ev}"' in held[:held.find("</li>")] and seed in held, pub[-2000:]
    fr = R["Client"]().get(f"/draws/{ev}?lang=fr").text
    assert "Tirage au sort (événement)" in fr and "Not recorded" not in fr
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-1500:], err)
    assert f"note: from a ceremony at meeting {JOINT}: the seed revealed hashes to the " \
           f"commitment {com}" in out, out[-1500:]
    assert "agree with the store (R51)" in out, out[-1500:]


def current(reviewed, role):
    return R["sql"]("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON "
                    "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = ? AND "
                    "a.role = ? AND a.status = 'active'", reviewed, role)[0][0]


@test
def redraw_requests_from_the_web():
    c = sec()
    reviewed = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON "
                        "d.id = r.draw_id AND d.status = 'current' ORDER BY r.reviewed "
                        "LIMIT 1")[0][0]
    ensure_meeting(WG, "2026-10-01", "Working group 2026")
    tok, _ = csrf_of(c)
    base = {"csrf": tok, "reviewed": reviewed, "requested_by": reviewed, "reason": "language",
            "meeting": WG, "confirm": "1"}
    before = state()
    refused(c.post("/lots/redraw", dict(base, reviewed="QQQ", replace="FRA")), before, "reviewed")
    refused(c.post("/lots/redraw", dict(base, replace=reviewed)), before, "replace")
    refused(c.post("/lots/redraw", dict(base, replace=current(reviewed, "other_region"),
                                        reason="whim")), before, "reason")
    refused(c.post("/lots/redraw", dict(base, replace=current(reviewed, "other_region"),
                                        requested_by="QQQ")), before)
    refused(c.post("/lots/redraw", dict(base, replace=current(reviewed, "other_region"),
                                        reason="exceptional", note="conflict of interest")),
            before, "decision")
    # The confirmation step changes nothing.
    old = current(reviewed, "other_region")
    r = c.post("/lots/redraw", dict(base, replace=old, confirm=""))
    assert r.status == 200 and 'id="confirm"' in r.text and state() == before
    # Four counted requests of the same State are honoured (para 28 d) ...
    for i in range(4):
        old = current(reviewed, "other_region")
        r = c.post("/lots/redraw", dict(base, replace=old))
        assert r.status == 303 and r.header("Location") == "/lots?done=redraw", (i, r.text[:900])
        assert current(reviewed, "other_region") != old
    # ... the fifth is beyond the limit: refused, nothing changed.
    before = state()
    refused(c.post("/lots/redraw", dict(base, replace=current(reviewed, "other_region"))),
            before, "at most four")
    # The domain's refusal (lots/redraw.c, events.c) in the page's language,
    # its figures in the language's digits (issue 12, untranslated refusals).
    fifth = dict(base, replace=current(reviewed, "other_region"))
    refused(c.post("/lots/redraw?lang=fr", fifth), before,
            "la règle « au plus quatre demandes de nouveau tirage » (par. 28 d) ne peut pas "
            "être respectée pour " + reviewed, "a déjà demandé 4 nouveaux tirages dans "
            "l&#39;examen de " + reviewed)
    refused(c.post("/lots/redraw?lang=ar", fifth), before,
            "(الفقرة 28 د) بالنسبة إلى " + reviewed, "فقد طلبت بالفعل ٤ من عمليات إعادة السحب")
    c.get("/lots?lang=en")  # ?lang= is kept for the session: back to English
    assert count("SELECT COUNT(*) FROM lots_redraws r JOIN lots_draws d ON d.id = r.draw_id "
                 "AND d.status = 'current' WHERE r.reviewed = ?", reviewed) == 4
    log = "\n".join(R["audit_lines"]())
    assert len(re.findall(r"sec@example\.org\t[^\t]*\tdraw\.redraw\t", log)) >= 4
    # An exceptional redraw cites a decision recorded from the page.
    d = {"csrf": tok, "ref": "CTOC/COP/WG.9/2026/2", "date": "2026-06-02",
         "title": "Redraw for a conflict of interest", "confirm": "1"}
    before = state()
    refused(c.post("/lots/decision", dict(d, date="2 June")), before, "date")
    r = c.post("/lots/decision", d)
    assert r.status == 303, r.status
    refused(c.post("/lots/decision", d), state(), "already")
    old = current(reviewed, "other_region")
    r = c.post("/lots/redraw", dict(base, replace=old, reason="exceptional",
                                    note="conflict of interest", decision=d["ref"]))
    assert r.status == 303, r.text[:900]
    # The history verifies against the stored log.
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-800:], err)


@test
def draws_held_at_a_recorded_meeting():
    """R237, C42 (issue 12): the forms of /lots choose the meeting among
    those recorded, with a link to record one; a meeting nobody recorded
    is refused in the page's language with nothing changed; who ran a
    redraw and where is in the event and the audit log."""
    c = sec()
    ensure_meeting(WG, "2026-10-01", "Working group 2026")
    tok, page = csrf_of(c)
    for form in ("prepare", "redraw"):
        part = page.text[page.text.find(f'id="{form}"'):]
        part = part[:part.find("</form>")]
        assert f'<select id="f-{form}-meeting" name="meeting">' in part, part[:900]
        assert f'<option value="{WG}">' in part and 'href="/lots/programme#meetings"' in part
    before = state()
    # (a seed of 32 different bytes: "ab" * 32 is now refused as weak, F12)
    r = c.post("/lots/prepare?lang=fr", {"csrf": tok, "meeting": "Réunion inventée",
                                         "seed": bytes(range(32)).hex(), "confirm": "1"})
    refused(r, before, "aucune réunion portant cette référence")
    reviewed = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON "
                        "d.id = r.draw_id AND d.status = 'current' ORDER BY r.reviewed DESC "
                        "LIMIT 1")[0][0]
    old = current(reviewed, "other_region")
    redraw = {"csrf": tok, "reviewed": reviewed, "replace": old, "requested_by": reviewed,
              "reason": "other", "confirm": "1"}
    refused(c.post("/lots/redraw?lang=es", dict(redraw, meeting="")), before,
            "no hay ninguna reunión registrada con esa referencia")
    refused(c.post("/lots/redraw?lang=ru", dict(redraw, meeting="WG 1999")), before,
            "не зарегистрировано")
    # The same forms elsewhere: a drawing event and a draw held by hand.
    t2 = c.csrf("/lots/programme")
    r = c.post("/lots/event?lang=zh", {"csrf": t2, "meeting": "WG 1999", "cohort": "0",
                                       "confirm": "1"})
    assert r.status == 400 and "未记录该编号的会议" in r.text, (r.status, r.text[:600])
    assert state() == before
    r = c.post("/lots/redraw", dict(redraw, meeting=WG))
    assert r.status == 303, r.text[:900]
    inputs = R["sql"]("SELECT e.inputs FROM lots_events e JOIN lots_draws d ON d.id = e.draw_id "
                      "AND d.status = 'current' ORDER BY e.seq DESC LIMIT 1")[0][0]
    assert f'"meeting":"{WG}"' in inputs and '"run_by":"sec@example.org"' in inputs, inputs
    # Item 5 (h-fix): the redraw's page names its meeting and links to the
    # drawing of lots it changes.
    evr, first = R["sql"]("SELECT e.id, (SELECT f.id FROM lots_events f WHERE f.draw_id = "
                          "e.draw_id AND f.seq = 0) FROM lots_events e JOIN lots_draws d ON "
                          "d.id = e.draw_id AND d.status = 'current' ORDER BY e.seq DESC "
                          "LIMIT 1")[0]
    t = R["Client"]().get(f"/draws/{evr}").text
    m = re.search(r'<dd id="meeting">(.*?)</dd>', t)
    assert m and WG in m.group(1) and "Working group 2026" in m.group(1), t[-2500:]
    assert f'<dd id="drawing-event"><a href="/draws/{first}">' in t, t[-2500:]
    assert re.search(r"<dt>Run by</dt><dd>sec@example\.org</dd>", t), t[-2500:]
    log = "\n".join(R["audit_lines"]())
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.redraw\t[^\n]*meeting " + re.escape(WG)
                     + r"; run by sec@example\.org", log), log[-1500:]
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-800:], err)


@test
def draws_order_of_a_meetings_operations():
    """Issue 12, the order of operations at a meeting: redraw requests
    lodged from /lots/programme (each with a confirmation step), the list
    closed with its hash and a named public entropy, then applied in the
    order SHA-256(list hash, entropy, request hash) gives (docs/draw.md),
    which this test recomputes; nothing is run directly at that meeting,
    and `draw verify --db` re-derives the order."""
    ORD = "CTOC/COP/WG.1/2026/4"
    ensure_meeting(ORD, "2026-11-02", "Working group 2026, second meeting")
    for email in ("fp@example.org", "obs@example.org"):
        u = R["logged_in"](email)
        t = u.csrf("/dashboard")
        for path in ("/lots/request", "/lots/close", "/lots/apply"):
            r = u.post(path, {"csrf": t, "confirm": "1", "meeting": ORD, "kind": "event",
                              "entropy_name": "x", "entropy": "y"})
            assert r.status == 403, (email, path, r.status)
    # (optout.py, before this module, lodges a request at its own meeting.)
    assert count("SELECT COUNT(*) FROM lots_requests WHERE meeting = ?", ORD) == 0
    c = sec()
    tok = c.csrf("/lots/programme")
    revs = [r[0] for r in R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON "
                                   "d.id = r.draw_id AND d.status = 'current' ORDER BY r.reviewed")]
    picks = [revs[10], revs[40], revs[70]]
    for rv in picks:
        form = {"csrf": tok, "meeting": ORD, "kind": "redraw", "reviewed": rv,
                "replace": current(rv, "same_region"), "requested_by": rv, "reason": "other"}
        n = count("SELECT COUNT(*) FROM lots_requests")
        r = c.post("/lots/request", form)
        assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:600])
        assert count("SELECT COUNT(*) FROM lots_requests") == n
        r = c.post("/lots/request", dict(form, confirm="1"))
        assert r.status == 303, (r.status, r.text[:900])
    page = c.get("/lots/programme").text
    art = page[page.find(f'data-meeting="{ORD}"'):]
    art = art[:art.find("</article>")]
    assert art.count("<li>") == 3 and 'action="/lots/close"' in art, art[:1200]
    # Nothing is run directly at a meeting that takes requests.
    before = state()
    rv = picks[0]
    refused(c.post("/lots/redraw", {"csrf": tok, "meeting": ORD, "reviewed": rv,
                                    "replace": current(rv, "same_region"), "requested_by": rv,
                                    "reason": "other", "confirm": "1"}), before,
            "takes its operations as requests")
    name = "EuroMillions draw of 2026-10-30"
    r = c.post("/lots/close", {"csrf": tok, "meeting": ORD, "entropy_name": name, "confirm": "1"})
    assert r.status == 303, r.text[:900]
    rows = R["sql"]("SELECT seq, body, hash FROM lots_requests WHERE meeting = ? ORDER BY seq", ORD)
    for seq, body, h in rows:
        assert h == hashlib.sha256(f"revmech-request/1\n{ORD}\n{seq}\n{body}\n".encode()).hexdigest()
    lst = hashlib.sha256((f"revmech-requests/1\n{ORD}\n" +
                          "".join(h + "\n" for _, _, h in rows)).encode()).hexdigest()
    assert R["sql"]("SELECT requests_hash, entropy_name FROM lots_meetings WHERE ref = ?",
                    ORD)[0] == (lst, name)
    page = c.get("/lots/programme").text
    assert lst in page and 'action="/lots/apply"' in page
    value = "04 17 23 38 45 / 02 11"
    r = c.post("/lots/apply", {"csrf": tok, "meeting": ORD, "entropy": value})
    assert r.status == 200 and 'id="confirm"' in r.text
    r = c.post("/lots/apply", {"csrf": tok, "meeting": ORD, "entropy": value, "confirm": "1"})
    assert r.status == 303, r.text[:900]
    keys = {seq: hashlib.sha256(f"revmech-order/1\n{lst}\n{name}\n{value}\n{h}\n".encode())
            .hexdigest() for seq, _, h in rows}
    want = sorted(keys, key=lambda s: keys[s])
    got = R["sql"]("SELECT seq, applied_order, status, result_kind, result_seq FROM lots_requests "
                   "WHERE meeting = ? ORDER BY applied_order", ORD)
    assert [g[0] for g in got] == want, (got, want)
    assert [g[1] for g in got] == [1, 2, 3] and {g[2] for g in got} == {"applied"}, got
    assert [g[4] for g in got] == sorted(g[4] for g in got), got   # redraws made in that order
    log = "\n".join(R["audit_lines"]())
    for action in ("draw.request", "draw.close", "draw.apply"):
        assert re.search(r"sec@example\.org\t[^\t]*\t" + re.escape(action), log), action
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-800:], err)


@test
def redraw_consent_fields_from_the_web():
    """Para 28 c, C11 (R47-R68): the redraw form takes the reviewed State's
    consent to more than four reviewers (who, when, reference), all or
    none, a real date, shown on the confirmation step; refusals of the
    draw pages come in the page's language (French, Arabic)."""
    c = sec()
    tok, page = csrf_of(c)
    if 'action="/lots/redraw"' not in page.text:
        return  # no current draw in this run: nothing to redraw
    for name in ("consent_by", "consent_date", "consent_ref"):
        assert 'name="%s"' % name in page.text, name
    reviewed = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON "
                        "d.id = r.draw_id AND d.status = 'current' ORDER BY r.reviewed "
                        "LIMIT 1")[0][0]
    ensure_meeting(WG, "2026-10-01", "Working group 2026")
    old = current(reviewed, "other_region")
    base = {"csrf": tok, "reviewed": reviewed, "replace": old, "requested_by": reviewed,
            "reason": "language", "meeting": WG, "confirm": "1"}
    before = state()
    refused(c.post("/lots/redraw", dict(base, consent_by="Minister")), before, "consent")
    refused(c.post("/lots/redraw", dict(base, consent_by="Minister", consent_date="2026-02-30",
                                        consent_ref="NV/2026/1")), before, "consent date")
    refused(c.post("/lots/redraw?lang=fr", dict(base, consent_by="Minister")), before,
            "consentement : indiquez qui a consenti")
    refused(c.post("/lots/redraw?lang=ar", dict(base, consent_by="Minister")), before,
            "الموافقة: اذكر من وافق")
    refused(c.post("/lots/redraw?lang=fr", dict(base, reviewed="QQQ")), before,
            "aucun examen de cet État")
    refused(c.post("/lots/redraw?lang=ar", dict(base, reason="whim")), before,
            "ليس من الأسباب المدرجة")
    # The confirmation step shows the consent and carries it on; nothing changes.
    cons = dict(base, consent_by="Permanent Mission", consent_date="2026-05-04",
                consent_ref="NV/2026/17", confirm="")
    r = c.post("/lots/redraw", cons)
    assert r.status == 200 and 'id="confirm"' in r.text, r.text[:600]
    assert "NV/2026/17" in r.text and 'name="consent_date" value="2026-05-04"' in r.text
    assert state() == before
    # Confirmed, the consent goes with the redraw to the domain and is stored.
    r = c.post("/lots/redraw", dict(cons, requested_by=old, confirm="1"))
    assert r.status == 303, r.text[:900]
    assert count("SELECT COUNT(*) FROM lots_redraws WHERE consent LIKE ?", "%NV/2026/17%") == 1
    assert current(reviewed, "other_region") != old
