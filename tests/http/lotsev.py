"""The programme over time and a draw held by hand, from the web (issue 12;
C3, C5, C11, C42, C45, R51, R60, R66, R68, R237): /lots/programme records
meetings, drawing events of a cohort, late parties and new Protocols;
/lots/manual records a result drawn by hand (CSV or JSON), checked by the
independent verifier and marked not reproducible; /lots/consider shows the
working languages of a redraw's candidates (R66, information only).  Every
POST has a confirmation step that changes nothing, CSRF, post/redirect/get
and an audit entry; every role but the Secretariat is refused; the public
programme and drawing-event pages show each change at once.  Registered by
tests/http/run.py just before draws.py (which must stay last: it replaces
the draw); the draw held by hand here replaces the current draw too, so
draws.py, which holds its own, comes after it."""
import csv
import hashlib
import io
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


MEETING = "CTOC/COP/WG.1/2027/1"


def sec():
    return R["logged_in"]("sec@example.org")


def csrf_of(c, path="/lots/programme"):
    r = c.get(path)
    assert r.status == 200, (r.status, r.text[:300])
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
    assert m, r.text[:500]
    return m.group(1), r


def sql(q, *p):
    return R["sql"](q, *p)


def count(q, *p):
    return sql(q, *p)[0][0]


def state():
    """What a refused or unconfirmed request must leave unchanged."""
    return (count("SELECT COUNT(*) FROM lots_meetings"), count("SELECT COUNT(*) FROM lots_ops"),
            count("SELECT COUNT(*) FROM lots_assignments"),
            count("SELECT COUNT(*) FROM lots_draws"), count("SELECT COUNT(*) FROM lots_carried"))


def refused(r, before, *words):
    assert r.status == 400, (r.status, r.text[:600])
    assert 'id="error"' in r.text, r.text[:600]
    for w in words:
        assert w in r.text, (w, r.text[r.text.find('id="error"'):][:800])
    assert state() == before, (state(), before)


def confirm_then(c, path, form, done):
    """The confirmation step first (nothing changes), then the confirmed
    form, answered by a redirect (post/redirect/get)."""
    before = state()
    r = c.post(path, form)
    assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:900])
    assert state() == before
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', r.text))
    assert hidden.get("confirm") == "1", hidden
    r = c.post(path, hidden)
    assert r.status == 303 and r.header("Location") == done, (r.status, r.text[:1500])
    return c.get(done)


def party(code, instrument):
    sql("DELETE FROM party_instruments WHERE party = ? AND instrument = ?", code, instrument)
    sql("INSERT INTO party_instruments (party, instrument, status) VALUES (?, ?, 'party')",
        code, instrument)


@test
def lotsev_pages_secretariat_only():
    """B18-style table: role x page of the programme over time."""
    before = state()
    pages = ("/lots/programme", "/lots/manual", "/lots/consider")
    posts = ("/lots/meeting", "/lots/event", "/lots/join", "/lots/protocol", "/lots/manual")
    for email in ("fp@example.org", "exp@example.org", "obs@example.org", "ngo@example.org"):
        u = R["logged_in"](email)
        for p in pages:
            assert u.get(p).status == 403, (email, p)
        t = u.csrf("/dashboard")
        for p in posts:
            r = u.post(p, {"csrf": t, "confirm": "1", "meeting": MEETING, "ref": "x",
                           "date": "2027-01-01", "title": "t", "state": "PNG",
                           "result": "reviewed,year,reviewer,role,instruments\n"})
            assert r.status == 403, (email, p, r.status)
    anon = R["Client"]()
    for p in pages:
        r = anon.get(p)
        assert r.status == 303 and r.header("Location").startswith("/login"), (p, r.status)
    c = sec()
    for p in pages:
        assert c.get(p).status == 200, p
    # Without the CSRF token, even the Secretariat is refused.
    r = c.post("/lots/meeting", {"ref": "x", "date": "2027-01-01", "title": "t", "confirm": "1"})
    assert r.status == 403, r.status
    assert state() == before


@test
def lotsev_meetings_late_party_protocol_and_events():
    c = sec()
    tok, page = csrf_of(c)
    assert 'id="open"' in page.text and 'id="meetings"' in page.text
    # C42: a meeting first; a bad date is refused with nothing changed.
    m = {"csrf": tok, "ref": MEETING, "date": "2027-06-01", "title": "Joint intersessional meeting"}
    refused(c.post("/lots/meeting", dict(m, date="1 June", confirm="1")), state(), "date")
    confirm_then(c, "/lots/meeting", m, "/lots/programme?done=meeting")
    refused(c.post("/lots/meeting", dict(m, confirm="1")), state(), "already recorded")
    # The refusals of lots/events*.c in the page's language (issue 12).
    refused(c.post("/lots/meeting?lang=fr", dict(m, confirm="1")), state(),
            "--ref : la réunion « %s » est déjà enregistrée" % MEETING)
    refused(c.post("/lots/meeting?lang=ar", dict(m, confirm="1")), state(),
            "--ref: الاجتماع &#39;%s&#39; مسجل بالفعل" % MEETING)
    c.get("/lots/programme?lang=en")  # ?lang= is kept for the session
    tok, page = csrf_of(c)
    assert MEETING in page.text and 'id="join"' in page.text
    # C5: Papua New Guinea becomes a party after the draw and joins.
    party("PNG", "untoc")
    base = {"csrf": tok, "meeting": MEETING}
    refused(c.post("/lots/join", dict(base, state="PNG", meeting="no such meeting",
                                      confirm="1")), state(), "meeting")
    refused(c.post("/lots/join", dict(base, state="PNG", cohort="2", confirm="1")), state(),
            "decision")
    refused(c.post("/lots/join", dict(base, state="QQQ", confirm="1")), state(), "QQQ")
    confirm_then(c, "/lots/join", dict(base, state="PNG", cohort=""), "/lots/programme?done=join")
    rows = sql("SELECT a.reviewer, a.role FROM lots_assignments a JOIN lots_draws d ON "
               "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = 'PNG' AND "
               "a.status = 'active' ORDER BY a.slot")
    assert sorted(r[1] for r in rows) == ["other_region", "same_region"], rows
    year = count("SELECT r.year FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id AND "
                 "d.status = 'current' WHERE r.reviewed = 'PNG'")
    started = {r[0] for r in sql("SELECT DISTINCT cohort FROM cohort_phases")}
    assert year == min({1, 2, 3} - started), (year, started)  # earliest not yet started
    refused(c.post("/lots/join", dict(base, state="PNG", confirm="1")), state(),
            "already reviewed")
    refused(c.post("/lots/join?lang=fr", dict(base, state="PNG", confirm="1")), state(),
            "--state : PNG est déjà examiné dans le programme (groupe %d)" % year)
    refused(c.post("/lots/join?lang=ar", dict(base, state="PNG", confirm="1")), state(),
            "--state: PNG تخضع بالفعل للاستعراض في البرنامج (المجموعة %s)"
            % "٠١٢٣"[year])
    c.get("/lots/programme?lang=en")
    # The public programme shows it at once, and the drawing-event page
    # lists the change with its document.
    anon = R["Client"]()
    prog = anon.get("/programme").text
    assert "PNG" in prog and rows[0][0] in prog
    ev = count("SELECT e.id FROM lots_events e JOIN lots_draws d ON d.id = e.draw_id AND "
               "d.status = 'current' WHERE e.kind = 'lots'")
    t = anon.get(f"/draws/{ev}").text
    assert 'id="ops"' in t and f"PNG placed in cohort {year}" in t, t[-2000:]
    docs = anon.get(f"/draws/{ev}/ops.json").json()
    assert docs[0]["format"] == "revmech-draw-op/1" and docs[0]["state"] == "PNG"
    assert docs[0]["meeting"] == MEETING
    # Its seed is derived (R51): SHA-256 of the request and the history.
    seedhex = sql("SELECT seed FROM lots_draws WHERE status = 'current'")[0][0]
    text = (f"revmech-op-seed/1\n{seedhex}\njoin\nPNG\n-\n{year}\n1\n{docs[0]['base_head']}\n"
            f"{docs[0]['prev']}\n")
    assert docs[0]["seed"] == hashlib.sha256(text.encode()).hexdigest()
    # A new Protocol (para 28 b): a reviewed State with two reviewers, not
    # party to the Smuggling of Migrants Protocol, ratifies it.
    cand = sql("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id AND "
               "d.status = 'current' WHERE r.reviewed <> 'PNG' AND NOT EXISTS (SELECT 1 FROM party_instruments p WHERE "
               "p.party = r.reviewed AND p.instrument = 'som' AND p.status = 'party') AND "
               "(SELECT COUNT(*) FROM lots_assignments a WHERE a.draw_id = r.draw_id AND "
               "a.reviewed = r.reviewed AND a.status = 'active') = 2 ORDER BY r.reviewed")
    x = cand[0][0]
    refused(c.post("/lots/protocol", dict(base, state=x, instrument="som", confirm="1")),
            state(), "not a party to som")
    party(x, "som")
    confirm_then(c, "/lots/protocol", dict(base, state=x, instrument="som"),
                 "/lots/programme?done=protocol")
    som = count("SELECT COUNT(*) FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
                "AND d.status = 'current' WHERE a.reviewed = ? AND a.status = 'active' AND "
                "a.instruments LIKE '%som%'", x)
    assert som == 2, som
    assert x in anon.get("/programme").text
    # C3: an event of a cohort with nothing open draws nothing.
    refused(c.post("/lots/event", dict(base, cohort="2", confirm="1")), state(),
            "nothing to draw")
    refused(c.post("/lots/event?lang=zh", dict(base, cohort="2", confirm="1")), state(),
            "无需抽签：第 2 组的每项审议都已有审议国")
    refused(c.post("/lots/event?lang=ar", dict(base, cohort="2", confirm="1")), state(),
            "لا شيء للسحب: لكل استعراض في المجموعة ٢ دوله المستعرِضة")
    c.get("/lots/programme?lang=en")
    # Audited with the meeting and the Secretariat's e-mail (R237).
    log = "\n".join(R["audit_lines"]())
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.join\t[^\n]*meeting " + re.escape(MEETING),
                     log), log[-1500:]
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.protocol\t", log)
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.meeting\t", log)
    # Para 28 d for the late party: its slot is redrawn from the usual
    # redraw form, at the recorded meeting (C42).
    same = [r[0] for r in rows if r[1] == "same_region"][0]
    t2, _ = csrf_of(c, "/lots")
    red = {"csrf": t2, "reviewed": "PNG", "replace": same, "requested_by": "PNG",
           "reason": "language", "meeting": MEETING, "confirm": "1"}
    r = c.post("/lots/redraw", red)
    assert r.status == 303 and r.header("Location") == "/lots?done=redraw", r.text[:1500]
    now = sql("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
              "AND d.status = 'current' WHERE a.reviewed = 'PNG' AND a.role = 'same_region' "
              "AND a.status = 'active'")[0][0]
    assert now != same, now
    assert count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'redraw'") == 1
    r = c.post("/lots/redraw", dict(red, replace=now, meeting="not recorded"))
    assert r.status == 400 and "meeting" in r.text
    page = c.get("/lots/programme").text
    assert 'id="ops"' in page and f"PNG placed in cohort {year}" in page
    assert f"replaces {same} in the review of PNG" in page
    # The whole history verifies (R51, R68).
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-1500:], err)


@test
def lotsev_carried_slot_drawn_at_a_later_event():
    """R60, R68, C3: a slot no State can take is carried with the reason,
    shown as still to be drawn, refused at an event while nobody can take
    it, and drawn at the event of its cohort at a later meeting."""
    c = sec()
    tok, _ = csrf_of(c)
    later = "CTOC/COP/WG.1/2027/2"
    confirm_then(c, "/lots/meeting", {"csrf": tok, "ref": later, "date": "2027-10-01",
                                      "title": "Second joint meeting"},
                 "/lots/programme?done=meeting")
    # Every Asia-Pacific State opts out of reviewing for a while.
    was = sql("SELECT code, not_reviewer, opt_out FROM parties WHERE grp = 'ASIA_PACIFIC'")
    sql("UPDATE parties SET not_reviewer = 1 WHERE grp = 'ASIA_PACIFIC'")
    try:
        party("SLB", "untoc")
        confirm_then(c, "/lots/join", {"csrf": tok, "meeting": MEETING, "state": "SLB"},
                     "/lots/programme?done=join")
        assert count("SELECT COUNT(*) FROM lots_carried WHERE reviewed = 'SLB' AND "
                     "role = 'same_region' AND status = 'open'") == 1
        page = c.get("/lots/programme").text
        sect = page[page.find('id="open"'):][:3000]
        assert "SLB: no same_region reviewer" in sect and "carried at op" in sect, sect
        year = count("SELECT r.year FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                     "AND d.status = 'current' WHERE r.reviewed = 'SLB'")
        refused(c.post("/lots/event", {"csrf": tok, "meeting": later, "cohort": str(year),
                                       "confirm": "1"}), state(), "still open")
    finally:
        for code, nr, oo in was:
            sql("UPDATE parties SET not_reviewer = ?, opt_out = ? WHERE code = ?", nr, oo, code)
    confirm_then(c, "/lots/event", {"csrf": tok, "meeting": later, "cohort": str(year)},
                 "/lots/programme?done=event")
    assert count("SELECT COUNT(*) FROM lots_carried WHERE reviewed = 'SLB' AND "
                 "status = 'filled'") == 1
    same = sql("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
               "AND d.status = 'current' WHERE a.reviewed = 'SLB' AND a.role = 'same_region' "
               "AND a.status = 'active'")
    assert len(same) == 1, same
    assert sql("SELECT grp FROM parties WHERE code = ?", same[0][0])[0][0] == "ASIA_PACIFIC"
    ops = sql("SELECT kind, meeting FROM lots_ops o JOIN lots_draws d ON d.id = o.draw_id AND "
              "d.status = 'current' ORDER BY o.seq DESC")
    assert ops[0] == ("event", later), ops
    assert same[0][0] in R["Client"]().get("/programme").text
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0, (rc, out[-1500:], err)


def consult(code, langs):
    sql("INSERT INTO consultations (id, reviewed, phase, languages, recorded_at, recorded_by) "
        "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM consultations), ?, 1, ?, "
        "'2027-01-01T00:00:00Z', 'test')", code, langs)


@test
def lotsev_redraw_languages_information_only():
    """R66: before a redraw, the candidates and their working languages
    (those agreed in their own review's consultations); legal systems are
    not in the data and the page says so."""
    row = sql("SELECT a.reviewed, a.reviewer FROM lots_assignments a JOIN lots_draws d ON "
              "d.id = a.draw_id AND d.status = 'current' WHERE a.role = 'other_region' AND "
              "a.status = 'active' ORDER BY a.reviewed LIMIT 1")[0]
    reviewed, old = row
    grp = sql("SELECT grp FROM parties WHERE code = ?", reviewed)[0][0]
    other = sql("SELECT p.code FROM parties p JOIN party_instruments i ON i.party = p.code AND "
                "i.instrument = 'untoc' AND i.status = 'party' WHERE p.grp IS NOT NULL AND "
                "p.grp <> ? AND p.code <> ? AND p.opt_out = 0 ORDER BY p.code", grp, old)
    consult(reviewed, "fr,en")
    c = sec()
    before = state()
    r = c.get(f"/lots/consider?reviewed={reviewed}&replace={old}")
    assert r.status == 200, r.status
    assert 'id="legal"' in r.text and "C41" in r.text
    assert re.search(r'id="reviewed-langs">fr en<', r.text), r.text[:3000]
    codes = re.findall(r'<tr data-code="([A-Z]{3})">', r.text)
    assert codes and reviewed not in codes and old not in codes
    assert set(codes) <= {o[0] for o in other}, set(codes) - {o[0] for o in other}
    # A candidate with a language in common comes first, with it shown.
    consult(codes[-1], "en")
    r = c.get(f"/lots/consider?reviewed={reviewed}&replace={old}")
    rows = re.findall(r'<tr data-code="([A-Z]{3})"><td>[A-Z]{3}</td><td>([^<]*)</td><td>([^<]*)<',
                      r.text)
    assert dict((a, cm) for a, _, cm in rows)[codes[-1]] == "en", rows
    common = [bool(cm) for _, _, cm in rows]
    assert common == sorted(common, reverse=True), rows  # those in common first
    r = c.get("/lots/consider?reviewed=QQQ&replace=FRA")
    assert r.status == 400 and 'id="error"' in r.text
    assert state() == before  # information only


def multipart(fields, filename, content):
    b = "lotsevBOUNDARY7"
    out = b""
    for k, v in fields.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    out += (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\""
            f"\r\nContent-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


def manual_canonical(text):
    """The canonical form of a record of a draw held by hand (docs/draw.md):
    header, then one line per reviewer, reviews in code order, same_region,
    other_region, then additional reviewers in code order, instruments in
    table order, LF."""
    rows = list(csv.DictReader(io.StringIO(text)))
    rank = {"same_region": 0, "other_region": 1, "additional": 2}
    table = ["untoc", "tip", "som", "firearms"]
    rows.sort(key=lambda w: (w["reviewed"], rank[w["role"]],
                             w["reviewer"] if w["role"] == "additional" else ""))
    return "reviewed,year,reviewer,role,instruments\n" + "".join(
        "%s,%s,%s,%s,%s\n" % (w["reviewed"], w["year"], w["reviewer"], w["role"],
                              " ".join(i for i in table if i in w["instruments"].split()))
        for w in rows)


@test
def lotsev_draw_held_by_hand_uploaded():
    """C45, R51: a result drawn by hand, uploaded as CSV or JSON: refused
    when it breaks a rule, shown for confirmation, then checked and
    recorded as not reproducible from a seed, audited."""
    c = sec()
    tok, page = csrf_of(c, "/lots/manual")
    assert 'enctype="multipart/form-data"' in page.text
    tmp = R["TMP"]
    rc, out, err = R["run_cli"]("roster", "export", "--db", R["DB"])
    assert rc == 0, err
    with open(f"{tmp}/lotsev-roster.csv", "w") as f:
        f.write(out)
    rc, out, err = R["run_cli"]("draw", "lots", "--roster", f"{tmp}/lotsev-roster.csv", "--seed",
                                "7" * 64, "--out", f"{tmp}/lotsev-draw.json")
    assert rc == 0, (rc, err)
    doc = json.load(open(f"{tmp}/lotsev-draw.json"))
    rows = ["reviewed,year,reviewer,role,instruments"]
    for v in doc["reviews"]:
        for w in v["reviewers"]:
            rows.append(f"{v['reviewed']},{v['year']},{w['state']},{w['role']},"
                        f"{' '.join(w['instruments'])}")
    good = ("\r\n".join(rows) + "\r\n").encode()
    # A State reviewing itself: refused with the violation, nothing stored.
    first = doc["reviews"][0]
    bad = good.replace(f"{first['reviewed']},{first['year']},{first['reviewers'][0]['state']},"
                       .encode(), f"{first['reviewed']},{first['year']},{first['reviewed']},"
                       .encode(), 1)
    before = state()
    body, ct = multipart({"csrf": tok, "meeting": MEETING, "supersede": "1", "confirm": "1"},
                         "bad.csv", bad)
    refused(c.request("POST", "/lots/manual", body=body, ctype=ct), before, "nothing recorded")
    body, ct = multipart({"csrf": tok, "meeting": MEETING}, "bad.json", b"{\"reviews\": 3}")
    refused(c.request("POST", "/lots/manual", body=body, ctype=ct), before, "reviews")
    # JSON (the document, compact: page uploads are capped at the 64 KiB
    # body limit): the confirmation shows the record and its hash;
    # nothing changes until confirmed.
    compact = json.dumps({"reviews": doc["reviews"]}, separators=(",", ":")).encode()
    body, ct = multipart({"csrf": tok, "meeting": MEETING, "supersede": "1"}, "draw.json",
                         compact)
    r = c.request("POST", "/lots/manual", body=body, ctype=ct)
    assert r.status == 200 and 'id="confirm"' in r.text and "<textarea" in r.text, r.text[:800]
    assert state() == before
    shown = re.search(r'<textarea name="result"[^>]*>\n(.*?)</textarea>', r.text, re.S).group(1)
    shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace(
        "&quot;", "\"").replace("&#39;", "'")
    # The hash shown is of the record's canonical form (docs/draw.md "A
    # draw held by hand"), worked out here from the rows as shown.
    sha = hashlib.sha256(manual_canonical(shown).encode()).hexdigest()
    assert sha in r.text
    form = {"csrf": tok, "result": shown, "meeting": MEETING, "supersede": "1", "confirm": "1"}
    r = c.post("/lots/manual", form)
    assert r.status == 303 and r.header("Location") == "/lots/manual?done=recorded", r.text[:1500]
    cur = sql("SELECT id, algorithm FROM lots_draws WHERE status = 'current'")[0]
    assert cur[1].startswith("manual"), cur
    inp = sql("SELECT inputs FROM lots_events WHERE draw_id = ? AND kind = 'lots'", cur[0])[0][0]
    assert json.loads(inp)["manual"] is True and json.loads(inp)["record_sha256"] == sha
    assert json.loads(inp)["meeting"] == MEETING
    log = "\n".join(R["audit_lines"]())
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.manual\t", log)
    # The public page says it verifies and is marked drawn by hand.
    ev = count("SELECT id FROM lots_events WHERE draw_id = ? AND kind = 'lots'", cur[0])
    t = R["Client"]().get(f"/draws/{ev}/document.json").text
    assert "not reproducible from a seed" in t
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    assert rc == 0 and "drawn by hand" in out, (rc, out[-800:], err)
    # The same result as CSV over it: a second record, superseding.
    body, ct = multipart({"csrf": tok, "meeting": MEETING, "supersede": "1"}, "draw.csv", good)
    r = c.request("POST", "/lots/manual", body=body, ctype=ct)
    assert r.status == 200 and 'id="confirm"' in r.text
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', r.text))
    shown = re.search(r'<textarea name="result"[^>]*>\n(.*?)</textarea>', r.text, re.S).group(1)
    hidden["result"] = shown
    hidden["csrf"] = tok
    r = c.post("/lots/manual", hidden)
    assert r.status == 303, r.text[:1500]
    assert count("SELECT COUNT(*) FROM lots_draws WHERE algorithm LIKE 'manual%'") == 2
    # The same result from a CSV file (CRLF, other bytes) is the same
    # record: the same canonical hash and seed as from the JSON.
    cur2 = sql("SELECT id, seed FROM lots_draws WHERE status = 'current'")[0]
    inp2 = sql("SELECT inputs FROM lots_events WHERE draw_id = ? AND kind = 'lots'", cur2[0])[0][0]
    assert json.loads(inp2)["record_sha256"] == sha
    assert json.loads(inp2)["file_sha256"] != json.loads(inp)["file_sha256"]
    assert cur2[1] == sql("SELECT seed FROM lots_draws WHERE id = ?", cur[0])[0][0]
