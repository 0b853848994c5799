"""The drawing-of-lots defects of probe s8 (issue 12; paras 17, 28-30; R46,
R51, R237; docs/draw.md "Replacing the programme in force", "Seeds"),
from outside over HTTP:
  F21  /lots/hold with "Replace the programme in force" (and the CLI's
       `draw lots --db --supersede`) is refused once a review of the
       programme in force has begun; the refusal says why and what to do;
  F12  one drawing event per meeting; a hand-typed seed of fewer than 8
       different bytes is refused; the generated seed is the one offered;
  F10  /lots/hold, /lots/prepare, /lots/decision and /lots/redraw refuse bad
       input before their "cannot be undone" confirmation;
  F11  /lots/hold's refusals in the page's language, naming the check box.
Registered in tests/http/run.py before draws (which replaces the draw).
Each test leaves the shared database as it found it, but for the drawing
event it prepares for its own meeting."""
import hashlib
import os
import re

R = {}
TESTS = []

MEETING = "CTOC/COP/WG.1/2026/LOTSFIX"


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


def count(q, *p):
    return R["sql"](q, *p)[0][0]


def state():
    """What a refused request must leave unchanged."""
    return (count("SELECT COUNT(*) FROM lots_draws"),
            count("SELECT COALESCE(MAX(id), 0) FROM lots_draws WHERE status = 'current'"),
            count("SELECT COUNT(*) FROM lots_assignments"),
            tuple(R["sql"]("SELECT id, status FROM lots_ceremonies ORDER BY id")),
            count("SELECT COUNT(*) FROM lots_decisions"),
            count("SELECT COUNT(*) FROM lots_redraws"))


def refused(r, before, *words):
    assert r.status == 400, (r.status, r.text[:600])
    assert 'id="error"' in r.text and 'id="confirm"' not in r.text, r.text[:600]
    err = r.text[r.text.find('id="error"'):][:1500]
    for w in words:
        assert w in err, (w, err)
    assert state() == before, (state(), before)
    return err


def ensure_meeting(ref, date):
    if not count("SELECT COUNT(*) FROM lots_meetings WHERE ref = ?", ref):
        rc, out, err = R["run_cli"]("draw", "meeting", "--db", R["DB"], "--ref", ref, "--date",
                                    date, "--title", "lotsfix")
        assert rc == 0, err


def ceremony():
    """The drawing event of MEETING, prepared once (its seed kept in the
    database's directory for the later tests of the run)."""
    ensure_meeting(MEETING, "2026-11-02")
    keep = R["DB"] + ".lotsfix-seed" if not R.get("PG") else "/tmp/lotsfix-seed-%d" % os.getpid()
    row = R["sql"]("SELECT id, seed_commitment FROM lots_ceremonies WHERE meeting = ? AND "
                   "status = 'prepared'", MEETING)
    if row and os.path.exists(keep):
        seed = open(keep).read().strip()
        assert hashlib.sha256(bytes.fromhex(seed)).hexdigest() == row[0][1]
        return row[0][0], seed
    assert not row, "a drawing event of the test meeting whose seed is lost"
    seed = os.urandom(32).hex()
    c = sec()
    tok = c.csrf("/lots")
    r = c.post("/lots/prepare", {"csrf": tok, "meeting": MEETING, "seed": seed, "confirm": "1"})
    assert r.status == 303, (r.status, r.text[:800])
    open(keep, "w").write(seed)
    cid = count("SELECT id FROM lots_ceremonies WHERE meeting = ? AND status = 'prepared'",
                MEETING)
    return cid, seed


def begun():
    return count("SELECT COUNT(DISTINCT r.reviewed) FROM lots_reviews r JOIN lots_draws d ON "
                 "d.id = r.draw_id AND d.status = 'current' WHERE EXISTS (SELECT 1 FROM "
                 "review_phase_states p WHERE p.reviewed = r.reviewed AND p.state <> "
                 "'not_started') OR EXISTS (SELECT 1 FROM responses a WHERE a.reviewed = "
                 "r.reviewed) OR EXISTS (SELECT 1 FROM archive_threads t WHERE t.reviewed = "
                 "r.reviewed) OR EXISTS (SELECT 1 FROM obs_lists l WHERE l.reviewed = "
                 "r.reviewed) OR EXISTS (SELECT 1 FROM summaries m WHERE m.reviewed = "
                 "r.reviewed)")


@test
def lots_supersede_refused_once_a_review_began():
    """F21 (R46, paras 21, 37): with a review of the programme in force
    under way, a hold that would replace it is refused before the
    confirmation and after it, in the page's language, naming the review
    and the ways that remain; nothing changes.  Roles x action: only the
    Secretariat reaches the refusal."""
    cid, seed = ceremony()
    assert count("SELECT COUNT(*) FROM lots_draws WHERE status = 'current'") == 1
    added = None
    if not begun():
        # The first review of the programme begins: its phase 1 opens.
        added = R["sql"]("SELECT MIN(r.reviewed) FROM lots_reviews r JOIN lots_draws d ON "
                         "d.id = r.draw_id AND d.status = 'current'")[0][0]
        R["sql"]("INSERT INTO review_phase_states (reviewed, phase, state, updated_at) VALUES "
                 "(?, 1, 'open', '2026-11-01T09:00:00Z')", added)
    try:
        first = R["sql"]("SELECT MIN(r.reviewed) FROM lots_reviews r JOIN lots_draws d ON "
                         "d.id = r.draw_id AND d.status = 'current' WHERE EXISTS (SELECT 1 "
                         "FROM review_phase_states p WHERE p.reviewed = r.reviewed AND "
                         "p.state <> 'not_started') OR EXISTS (SELECT 1 FROM responses a "
                         "WHERE a.reviewed = r.reviewed) OR EXISTS (SELECT 1 FROM "
                         "archive_threads t WHERE t.reviewed = r.reviewed) OR EXISTS (SELECT "
                         "1 FROM obs_lists l WHERE l.reviewed = r.reviewed) OR EXISTS (SELECT "
                         "1 FROM summaries m WHERE m.reviewed = r.reviewed)")[0][0]
        c = sec()
        tok = c.csrf("/lots")
        hold = {"csrf": tok, "id": str(cid), "seed": seed, "supersede": "1"}
        before = state()
        cases = [  # (lang, confirmed, words)
            ("en", False, ("have begun", first, "redraw", "paras 28 d and e, 30")),
            ("en", True, ("have begun", first, "nothing was drawn")),
            ("fr", False, ("ont commencé", first, "nouveau tirage", "par. 28 d et e, 30")),
            ("ar", True, ("بدأ", first, "إعادة سحب")),
        ]
        for lang, conf, words in cases:
            form = dict(hold, confirm="1") if conf else hold
            refused(c.post(f"/lots/hold?lang={lang}", form), before, *words)
        c.get("/lots?lang=en")
        # Roles x action: every other role is refused the page itself.
        for email in ("fp@example.org", "exp@example.org", "obs@example.org", "ngo@example.org"):
            u = R["logged_in"](email)
            t = u.csrf("/dashboard")
            for conf in ("", "1"):
                r = u.post("/lots/hold", dict(hold, csrf=t, confirm=conf))
                assert r.status == 403, (email, conf, r.status)
        r = R["Client"]().post("/lots/hold", dict(hold, confirm="1"))
        assert r.status in (303, 403), r.status
        assert state() == before
        # The CLI's --supersede: the same refusal, exit status not 0.
        rc, out, err = R["run_cli"]("draw", "lots", "--db", R["DB"], "--seed", seed,
                                    "--supersede", "--meeting", MEETING)
        assert rc != 0 and "have begun" in err and first in err, (rc, out[-300:], err)
        assert state() == before
    finally:
        if added:
            R["sql"]("DELETE FROM review_phase_states WHERE reviewed = ? AND phase = 1 AND "
                     "updated_at = '2026-11-01T09:00:00Z'", added)


@test
def lots_hold_refusals_in_the_page_language():
    """F11, F21: a hold over the programme in force without the check box:
    refused in the page's language, naming the check box and not the
    CLI's --supersede; the confirmation of a supersede says what it
    does."""
    cid, seed = ceremony()
    c = sec()
    tok = c.csrf("/lots")
    before = state()
    hold = {"csrf": tok, "id": str(cid), "seed": seed}
    cases = [  # (lang, confirmed, words)
        ("en", False, "tick “Replace the programme in force”"),
        ("fr", True, "cochez « Remplacer le programme en vigueur »"),
        ("ar", False, "«استبدال البرنامج النافذ»"),
        ("es", True, "marque «Reemplazar el programa vigente»"),
    ]
    for lang, conf, words in cases:
        form = dict(hold, confirm="1") if conf else hold
        err = refused(c.post(f"/lots/hold?lang={lang}", form), before, words)
        assert "--supersede" not in err and "already stored" not in err, err
    c.get("/lots?lang=en")
    if not begun():
        r = c.post("/lots/hold", dict(hold, supersede="1"))
        assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:600])
        assert "Every review of the programme in force gets the reviewers of the new draw" \
            in r.text, r.text[:1500]
        assert state() == before


@test
def lots_confirm_only_valid_requests():
    """F10: the "cannot be undone" confirmation only for a request the
    confirmed POST would take; every refusal before it, nothing changed."""
    cid, seed = ceremony()
    c = sec()
    tok = c.csrf("/lots")
    before = state()
    reviewed = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON "
                        "d.id = r.draw_id AND d.status = 'current' ORDER BY r.reviewed "
                        "LIMIT 1")[0][0]
    reviewer = R["sql"]("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON "
                        "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = ? "
                        "AND a.status = 'active' ORDER BY a.reviewer LIMIT 1", reviewed)[0][0]
    other = R["sql"]("SELECT code FROM parties WHERE code NOT IN (SELECT a.reviewer FROM "
                     "lots_assignments a JOIN lots_draws d ON d.id = a.draw_id AND d.status "
                     "= 'current' WHERE a.reviewed = ? AND a.status = 'active') AND code <> ? "
                     "ORDER BY code LIMIT 1",
                     reviewed, reviewed)[0][0]
    wrong = hashlib.sha256(b"not the seed").hexdigest()
    redraw = {"reviewed": reviewed, "replace": reviewer, "requested_by": reviewed,
              "reason": "other", "meeting": MEETING}
    cases = [  # (path, form, words)
        ("/lots/hold", {"id": str(cid), "seed": wrong, "supersede": "1"}, ("commitment",)),
        ("/lots/hold", {"id": "99", "seed": seed, "supersede": "1"}, ("99",)),
        ("/lots/prepare", {"meeting": MEETING, "date": "2026-13-45",
                           "seed": os.urandom(32).hex()}, ("2026-13-45",)),
        ("/lots/decision", {"ref": "", "date": "x", "title": "t"}, ("reference",)),
        ("/lots/decision", {"ref": "LOTSFIX/1", "date": "x", "title": "t"}, ("date",)),
        ("/lots/redraw", dict(redraw, requested_by=other), ("Requesting State",)),
        ("/lots/redraw", dict(redraw, requested_by="XXX"), ("Requesting State",)),
        ("/lots/redraw", dict(redraw, requested_by=""), ("Requesting State",)),
        ("/lots/redraw", dict(redraw, reason="exceptional"), ("note",)),
    ]
    for path, form, words in cases:
        refused(c.post(path, dict(form, csrf=tok)), before, *words)
    # In French too, with the page's words.
    refused(c.post("/lots/redraw?lang=fr", dict(redraw, requested_by=other, csrf=tok)), before,
            "État demandeur : ni l&#39;État examiné")
    c.get("/lots?lang=en")


@test
def lots_one_event_per_meeting_and_weak_seeds():
    """F12 (R51): a second drawing event for a meeting with one prepared or
    held is refused; hand-typed seeds of fewer than 8 different bytes are
    refused (a random seed with probability about 1.2e-37); the form
    offers the generated seed and says why."""
    cid, seed = ceremony()
    c = sec()
    tok = c.csrf("/lots")
    page = c.get("/lots").text
    part = page[page.find('id="prepare"'):]
    m = re.search(r'name="seed" value="([0-9a-f]{64})"', part)
    assert m and len(set(bytes.fromhex(m.group(1)))) >= 8, part[:1500]
    assert "can be found from the published commitment" in part, part[:2000]
    before = state()
    refused(c.post("/lots/prepare", {"csrf": tok, "meeting": MEETING,
                                     "seed": os.urandom(32).hex(), "confirm": "1"}),
            before, "already prepared or held", "one drawing event per meeting")
    refused(c.post("/lots/prepare?lang=fr", {"csrf": tok, "meeting": MEETING,
                                             "seed": os.urandom(32).hex()}),
            before, "un tirage au sort par réunion")
    c.get("/lots?lang=en")
    other = "CTOC/COP/WG.1/2026/LOTSFIX-2"
    ensure_meeting(other, "2026-11-03")
    weak = [("00" * 32, "en", "fewer than 8 different bytes"),
            ("ab" * 32, "fr", "moins de 8 octets différents"),
            (bytes(i % 7 for i in range(32)).hex(), "ar", "أقل من 8 بايتات مختلفة")]
    for s, lang, words in weak:
        refused(c.post(f"/lots/prepare?lang={lang}", {"csrf": tok, "meeting": other, "seed": s,
                                                      "confirm": "1"}), before, words)
    c.get("/lots?lang=en")
    # Eight different bytes: the confirmation page (nothing written yet).
    r = c.post("/lots/prepare", {"csrf": tok, "meeting": other,
                                 "seed": bytes(i % 8 for i in range(32)).hex()})
    assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:800])
    assert state() == before
