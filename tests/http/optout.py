"""Opt-outs after the draw and a cohorts-only drawing event, from the web
(issue 12; footnote 2 of resolution 9/1, C3, C34, C42, R60, R62): the
Secretariat runs a first drawing event that assigns the cohorts only
(/lots/cohorts), draws each cohort's reviewers at a later meeting
(/lots/event with a cohort), then records opt-outs (/lots/optout: State,
which opt-out, date, source) and applies them to the programme at a
recorded meeting, now or as a request of the meeting applied in its drawn
order.  Every POST has a confirmation step that changes nothing, CSRF,
post/redirect/get and an audit entry; bad input is refused with nothing
changed; anonymous, a State's focal point, a reviewing State's expert and
the other roles are refused (a table of cases).  Registered by
tests/http/run.py before draws.py (which holds its own draw after it); the
opt-outs recorded here are withdrawn at the end, so that the roster
draws.py and params.py draw from is the shipped one."""
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


M1 = "CTOC/COP/WG.9/2028/1"   # the cohorts-only drawing event
M2 = "CTOC/COP/WG.9/2028/2"   # each cohort's reviewers; an opt-out applied at once
M3 = "CTOC/COP/WG.9/2028/3"   # an opt-out lodged as a request
SEED = "0c" * 32


def sec():
    return R["logged_in"]("sec@example.org")


def sql(q, *p):
    return R["sql"](q, *p)


def count(q, *p):
    return sql(q, *p)[0][0]


def state():
    """What a refused or unconfirmed request must leave unchanged."""
    return (count("SELECT COUNT(*) FROM lots_draws"), count("SELECT COUNT(*) FROM lots_ops"),
            count("SELECT COUNT(*) FROM lots_assignments"),
            count("SELECT COUNT(*) FROM lots_opt_outs"),
            count("SELECT COUNT(*) FROM lots_requests"),
            tuple(sql("SELECT code, not_reviewed, not_reviewer FROM parties WHERE "
                      "not_reviewed = 1 OR not_reviewer = 1 ORDER BY code")))


def csrf_of(c, path="/lots/optout"):
    r = c.get(path)
    assert r.status == 200, (r.status, r.text[:300])
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
    assert m, r.text[:500]
    return m.group(1), r


def refused(r, before, *words):
    assert r.status == 400, (r.status, r.text[:600])
    assert 'id="error"' in r.text, r.text[:600]
    for w in words:
        assert w in r.text, (w, r.text[r.text.find('id="error"'):][:800])
    assert state() == before, (state(), before)


def confirm_then(c, path, form, done):
    before = state()
    r = c.post(path, form)
    assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:900])
    assert state() == before
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', r.text))
    assert hidden.get("confirm") == "1", hidden
    r = c.post(path, hidden)
    assert r.status == 303 and r.header("Location") == done, (r.status, r.text[:1500])
    return c.get(done)


def meeting(ref, date):
    if count("SELECT COUNT(*) FROM lots_meetings WHERE ref = ?", ref):
        return
    rc, out, err = R["run_cli"]("draw", "meeting", "--db", R["DB"], "--ref", ref, "--date", date,
                                "--title", "Working group on the review mechanism")
    assert rc == 0, (rc, out, err)


def verify():
    rc, out, err = R["run_cli"]("draw", "verify", "--db", R["DB"])
    return rc, out + err


def current_draw():
    return count("SELECT id FROM lots_draws WHERE status = 'current'")


def active(where, *p):
    return count("SELECT COUNT(*) FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
                 "AND d.status = 'current' WHERE a.status = 'active' AND " + where, *p)


@test
def optout_pages_secretariat_only():
    """Role x action: only the Secretariat may see the page or post its
    forms; every refusal changes nothing."""
    before = state()
    form = {"confirm": "1", "meeting": M1, "state": "PNG", "choice": "not_reviewer",
            "date": "2028-01-10", "source": "note verbale", "apply": "now", "seed": SEED,
            "supersede": "1"}
    cases = [
        # (who, expected GET, expected POST)
        (None, 303, 403),                  # anonymous: the login page; a POST has no session
        ("fp@example.org", 403, 403),      # focal point of France
        ("exp@example.org", 403, 403),     # expert of Germany, a reviewing State
        ("obs@example.org", 403, 403),     # observer
        ("ngo@example.org", 403, 403),     # stakeholder
        ("sec@example.org", 200, None),    # the Secretariat (its POSTs: the tests below)
    ]
    for who, get, post in cases:
        c = R["logged_in"](who) if who else R["Client"]()
        r = c.get("/lots/optout")
        assert r.status == get, (who, r.status)
        if get == 303:
            assert r.header("Location").startswith("/login"), r.header("Location")
        if post is None:
            continue
        t = c.csrf("/dashboard") if who else ""
        for path in ("/lots/optout", "/lots/cohorts"):
            r = c.post(path, dict(form, csrf=t))
            assert r.status == post, (who, path, r.status)
    # Without the CSRF token, even the Secretariat is refused.
    r = sec().post("/lots/optout", form)
    assert r.status == 403, r.status
    assert state() == before, (state(), before)


@test
def optout_cohorts_only_then_each_cohort():
    """C3: a first drawing event assigns the cohorts only; each cohort's
    reviewers are drawn at a later meeting; each step verifies."""
    meeting(M1, "2028-01-15")
    meeting(M2, "2028-06-01")
    c = sec()
    tok, page = csrf_of(c)
    assert 'id="cohorts"' in page.text and 'id="optout"' in page.text
    base = {"csrf": tok, "meeting": M1, "supersede": "1"}
    refused(c.post("/lots/cohorts", dict(base, seed="12ab", confirm="1")), state(),
            "seed: not 64 hex digits")
    refused(c.post("/lots/cohorts", dict(base, seed=SEED, meeting="no such", confirm="1")),
            state(), "no meeting of that reference")
    refused(c.post("/lots/cohorts", dict(base, seed=SEED, supersede="", confirm="1")), state())
    old = current_draw()
    confirm_then(c, "/lots/cohorts", dict(base, seed=SEED), "/lots/optout?done=cohorts")
    d = current_draw()
    assert d != old
    assert count("SELECT status FROM lots_draws WHERE id = ?", old) == "superseded"
    assert active("1 = 1") == 0
    years = {r[0] for r in sql("SELECT DISTINCT year FROM lots_reviews WHERE draw_id = ?", d)}
    assert years == {1, 2, 3}, years
    rc, out = verify()
    assert rc == 0, out[-1500:]
    # Cohort 2's reviewers at a later meeting; cohorts 1 and 3 stay open.
    tok, page = csrf_of(c)
    assert 'id="cohort-event"' in page.text
    confirm_then(c, "/lots/event", {"csrf": tok, "meeting": M2, "cohort": "2"},
                 "/lots/programme?done=event")
    n2 = active("a.reviewed IN (SELECT reviewed FROM lots_reviews WHERE draw_id = ? AND "
                "year = 2)", d)
    assert n2 > 0
    assert active("a.reviewed IN (SELECT reviewed FROM lots_reviews WHERE draw_id = ? AND "
                  "year <> 2)", d) == 0
    assert count("SELECT COUNT(*) FROM lots_ops WHERE draw_id = ? AND kind = 'event'", d) == 1
    for y in ("1", "3"):
        confirm_then(c, "/lots/event", {"csrf": tok, "meeting": M2, "cohort": y},
                     "/lots/programme?done=event")
    assert active("a.reviewed IN (SELECT reviewed FROM lots_reviews WHERE draw_id = ?)", d) \
        == active("1 = 1")
    rc, out = verify()
    assert rc == 0, out[-1500:]
    log = "\n".join(R["audit_lines"]())
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.event\t[^\n]*meeting " + re.escape(M2),
                     log), log[-1500:]


def pick_reviewer():
    """A reviewing State of the current programme that is no fixture
    user's State."""
    return sql("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
               "AND d.status = 'current' WHERE a.status = 'active' AND a.reviewer NOT IN "
               "('FRA', 'DEU', 'USA', 'MEX', 'BRA', 'JPN', 'GBR') ORDER BY a.reviewer "
               "LIMIT 1")[0][0]


def pick_reviewed(other):
    return sql("SELECT a.reviewed FROM lots_assignments a JOIN lots_draws d ON d.id = a.draw_id "
               "AND d.status = 'current' WHERE a.status = 'active' AND a.reviewed NOT IN "
               "('FRA', 'DEU', 'USA', 'MEX', 'BRA', 'JPN', 'GBR', ?) AND a.reviewed NOT IN "
               "(SELECT reviewer FROM lots_assignments b WHERE b.draw_id = d.id AND b.status = "
               "'active' AND b.reviewed = ?) ORDER BY a.reviewed DESC LIMIT 1", other,
               other)[0][0]


@test
def optout_recorded_and_applied_after_the_draw():
    """C34: not a reviewer, recorded with its date and source and applied
    at a recorded meeting at once: the State's slots drawn anew, the op
    stored with kind 'optout'; not reviewed, lodged as a request of the
    next meeting and applied in its drawn order: the review withdrawn."""
    meeting(M2, "2028-06-01")
    meeting(M3, "2028-11-01")
    c = sec()
    tok, page = csrf_of(c)
    assert 'name="apply"' in page.text, page.text[-3000:]
    x = pick_reviewer()
    had = active("a.reviewer = ?", x)
    assert had >= 1
    base = {"csrf": tok, "state": x, "choice": "not_reviewer", "date": "2028-05-20",
            "source": "Note verbale of 20 May 2028", "apply": "now", "meeting": M2}
    refused(c.post("/lots/optout", dict(base, choice="maybe", confirm="1")), state(),
            "Opt-out: choose")
    refused(c.post("/lots/optout", dict(base, date="20 May", confirm="1")), state(), "--date")
    refused(c.post("/lots/optout", dict(base, source="", confirm="1")), state(), "--source")
    refused(c.post("/lots/optout", dict(base, state="QQQ", confirm="1")), state(), "QQQ")
    refused(c.post("/lots/optout", dict(base, meeting="no such", confirm="1")), state(),
            "no meeting of that reference")
    refused(c.post("/lots/optout", dict(base, apply="later", confirm="1")), state(), "Apply:")
    # The confirmation says what will be recorded, in words.
    r = c.post("/lots/optout", base)
    assert r.status == 200 and "<dd>Not a reviewer</dd>" in r.text, r.text[-2000:]
    r = confirm_then(c, "/lots/optout", base, "/lots/optout?done=optout")
    assert f'data-code="{x}" data-choice="not_reviewer"' in r.text, r.text[-3000:]
    assert active("a.reviewer = ?", x) == 0
    d = current_draw()
    assert count("SELECT COUNT(*) FROM lots_ops WHERE draw_id = ? AND kind = 'optout'", d) == 1
    assert count("SELECT COUNT(*) FROM lots_opt_outs WHERE party = ?", x) >= 1
    rc, out = verify()
    assert rc == 0, out[-1500:]
    log = "\n".join(R["audit_lines"]())
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.optout\t[^\n]*meeting " + re.escape(M2),
                     log), log[-1500:]
    assert re.search(r"sec@example\.org\t[^\t]*\tdraw\.opt_out\t", log), log[-1500:]
    # The public drawing-event page lists the change.
    ev = count("SELECT id FROM lots_events WHERE draw_id = ? AND seq = 0", d)
    t = R["Client"]().get(f"/draws/{ev}").text
    assert f"replaces {x}" in t or x in t, t[-2000:]
    # Not reviewed, lodged for M3: applied there in the drawn order.
    y = pick_reviewed(x)
    tok, _ = csrf_of(c)
    confirm_then(c, "/lots/optout", {"csrf": tok, "state": y, "choice": "not_reviewed",
                                     "date": "2028-10-01", "source": "Note verbale of 1 "
                                     "October 2028", "apply": "request", "meeting": M3},
                 "/lots/programme?done=request#requests")
    assert count("SELECT COUNT(*) FROM lots_requests WHERE meeting = ? AND kind = 'optout' "
                 "AND status = 'pending'", M3) == 1
    assert active("a.reviewed = ?", y) >= 1   # not yet applied
    rc, out = verify()
    assert rc == 2 and f"{y} opted out of being reviewed" in out, out[-1500:]
    tok, _ = csrf_of(c, "/lots/programme")
    confirm_then(c, "/lots/close", {"csrf": tok, "meeting": M3,
                                    "entropy_name": "Public lottery of 2 November 2028"},
                 "/lots/programme?done=close#requests")
    confirm_then(c, "/lots/apply", {"csrf": tok, "meeting": M3, "entropy": "03 14 15 92 65"},
                 "/lots/programme?done=apply#requests")
    assert count("SELECT COUNT(*) FROM lots_requests WHERE meeting = ? AND status = 'applied'",
                 M3) == 1
    assert active("a.reviewed = ?", y) == 0
    assert count("SELECT COUNT(*) FROM lots_ops WHERE draw_id = ? AND kind = 'optout'", d) == 2
    rc, out = verify()
    assert rc == 0, out[-1500:]
    # Once applied, a second request finds nothing to do; the page says
    # the opt-out is recorded but not applied when the op refuses.
    tok, _ = csrf_of(c)
    r = c.post("/lots/optout", {"csrf": tok, "state": y, "choice": "not_reviewed",
                                "date": "2028-10-01", "source": "again", "apply": "now",
                                "meeting": M3, "confirm": "1"})
    assert r.status == 400 and "The opt-out is recorded, but not applied" in r.text, \
        r.text[:1500]
    assert "takes its operations as requests" in r.text
    # The page and its refusals in the page's language (?lang= is kept
    # for the session).
    t = c.get("/lots/optout?lang=fr").text
    assert "Enregistrer une renonciation" in t, t[:3000]
    tok, _ = csrf_of(c, "/lots/optout?lang=ar")
    r = c.post("/lots/optout?lang=ar", {"csrf": tok, "state": y, "choice": "maybe",
                                        "confirm": "1"})
    assert r.status == 400 and "الانسحاب: اختر عدم الخضوع للاستعراض" in r.text, r.text[:1500]
    c.get("/lots/optout?lang=en")
    # The roster as shipped again for the suites that draw after this one.
    for code, ch in ((x, "not_reviewer"), (y, "not_reviewed")):
        rc, out, err = R["run_cli"]("draw", "opt-out", "--db", R["DB"], "--state", code,
                                    "--choice", ch, "--date", "2028-12-01", "--source",
                                    "withdrawn after the test", "--withdraw")
        assert rc == 0, (rc, out, err)
