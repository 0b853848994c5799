"""The programme as published (issue 8, item 4; R34, R51, R60, R65): the
public programme page with its filters and downloads, the page of each
drawing event with the files that let anyone re-run `revmech draw verify`,
and the page of each country review.  Registered by tests/http/run.py with
`programme.register(globals())`; uses run.py's helpers through R."""
import csv
import hashlib
import io
import os
import json
import re
import signal
import unicodedata

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


def C(ip=None):
    return R["Client"](ip)


def rows_of(html):
    """The reviewed States of the programme table, in page order."""
    return re.findall(r'<tr data-state="([A-Z]{3})">', html)


def names_of(html):
    return re.findall(r'<tr data-state="[A-Z]{3}"><td>[^<]*</td><td><a href="/reviews/[A-Z]{3}">([^<]*)</a>',
                      html)


def api(path):
    r = C().get(path)
    assert r.status == 200, (r.status, r.text[:300])
    assert r.header("Content-Type").startswith("application/json"), r.header("Content-Type")
    return r.json()


def csv_rows(path):
    r = C().get(path)
    assert r.status == 200, (r.status, r.text[:300])
    assert r.header("Content-Type").startswith("text/csv"), r.header("Content-Type")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    return rows


def current_reviews():
    return R["sql"]("SELECT r.reviewed, r.year FROM lots_reviews r JOIN lots_draws d "
                    "ON d.id = r.draw_id AND d.status = 'current'")


@test
def programme_page_public_and_complete():
    r = C().get("/programme")
    assert r.status == 200, r.status
    R["check_security_headers"](r)
    want = {code for code, _ in current_reviews()}
    assert want, "no draw stored"
    got = rows_of(r.text)
    assert len(got) == len(want) and set(got) == want, (len(got), len(want))
    # Filters as a form with query parameters, and the downloads.
    for name in ("year", "group", "instrument", "state"):
        assert f'name="{name}"' in r.text, name
    assert 'method="get" action="/programme"' in r.text
    assert 'href="/programme.csv"' in r.text and 'href="/api/v1/programme"' in r.text
    # The wide table sits in a scrolling container (390-pixel screens).
    assert '<div class="scroll"' in r.text
    # Every reviewed State links to its review page.
    assert f'href="/reviews/{got[0]}"' in r.text


@test
def programme_json_csv_page_agree():
    page = C().get("/programme").text
    j = api("/api/v1/programme")
    rows = csv_rows("/programme.csv")
    jcodes = [x["reviewed"] for x in j["reviews"]]
    assert set(jcodes) == set(rows_of(page)) and len(jcodes) == len(rows_of(page))
    assert set(r["reviewed"] for r in rows) == set(jcodes)
    # One CSV row per reviewer, the same as the JSON.
    pairs_json = {(x["reviewed"], w["state"], w["role"], w["instruments"])
                  for x in j["reviews"] for w in x["reviewers"]}
    pairs_csv = {(r["reviewed"], r["reviewer"], r["role"], r["instruments"]) for r in rows}
    assert pairs_json == pairs_csv
    # And both equal the stored assignments.
    stored = set(R["sql"]("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
                          "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                          "WHERE a.status = 'active'"))
    assert pairs_json == stored
    years = dict(current_reviews())
    assert all(x["year"] == years[x["reviewed"]] for x in j["reviews"])


@test
def programme_filters():
    j = api("/api/v1/programme")
    by = {x["reviewed"]: x for x in j["reviews"]}
    for q, keep in (
            ("year=2", lambda x: x["year"] == 2),
            ("group=WEOG", lambda x: x["group"] == "WEOG"),
            ("instrument=firearms", lambda x: "firearms" in x["instruments"].split()),
            ("state=FRA", lambda x: x["reviewed"] == "FRA" or
             any(w["state"] == "FRA" for w in x["reviewers"])),
            ("year=1&group=AFRICAN&instrument=tip",
             lambda x: x["year"] == 1 and x["group"] == "AFRICAN" and "tip" in x["instruments"].split()),
    ):
        want = {c for c, x in by.items() if keep(x)}
        assert want, q
        assert {x["reviewed"] for x in api("/api/v1/programme?" + q)["reviews"]} == want, q
        page = C().get("/programme?" + q)
        assert page.status == 200
        assert set(rows_of(page.text)) == want, q
        assert {r["reviewed"] for r in csv_rows("/programme.csv?" + q)} == want, q
        # The downloads of a filtered page carry its filter.
        assert "/programme.csv?" in page.text, q
    # FRA as a reviewer is in the State filter, beside its own review.
    fra = {x["reviewed"] for x in api("/api/v1/programme?state=FRA")["reviews"]}
    assert "FRA" in fra and len(fra) >= 2
    # The form keeps the chosen values.
    p = C().get("/programme?year=2&group=WEOG").text
    assert '<option value="2" selected>' in p and '<option value="WEOG" selected>' in p


@test
def programme_bad_filters_refused():
    for q in ("year=4", "year=x", "group=MARS", "instrument=tobacco", "state=XXX",
              "state=" + "A" * 40):
        r = C().get("/programme?" + q)
        assert r.status == 400, (q, r.status)
        assert "not in the list" in r.text, q
        r = C().get("/api/v1/programme?" + q)
        assert r.status == 400 and r.json()["error"] == "bad_request", (q, r.text)
        r = C().get("/programme.csv?" + q)
        assert r.status == 400, (q, r.status)


@test
def programme_names_in_page_language():
    fr = C().get("/programme?lang=fr&state=FRA").text
    assert ">France</a>" in fr
    ru = C().get("/programme?lang=ru&state=DEU").text
    assert ">Германия</a>" in ru
    j = R["Client"]().get("/api/v1/programme?lang=es&state=DEU").json()
    names = {x["reviewed"]: x["reviewed_name"] for x in j["reviews"]}
    assert names.get("DEU") == "Alemania", names.get("DEU")
    zh = C().get("/programme?lang=zh").text
    assert "国别审议方案" in zh
    # Rows by year, then by the language's collation: in French, names
    # with É sort among the E, not after Z as by code points.
    c = C()
    for y in (1, 2, 3):
        names = names_of(c.get(f"/programme?lang=fr&year={y}").text)

        def base(s):
            return unicodedata.normalize("NFD", s)[0].upper()
        for i, n in enumerate(names):
            if n.startswith("É"):
                assert i == 0 or base(names[i - 1]) <= "E", (names[i - 1], n)
                assert i + 1 == len(names) or base(names[i + 1]) >= "E", (n, names[i + 1])
        firsts = [base(n) for n in names]
        assert firsts == sorted(firsts), (y, firsts)
    # The State list of the filter form too.
    opts = re.findall(r'<option value="[A-Z]{3}"[^>]*>([^<]*)</option>',
                      C().get("/programme?lang=fr").text)
    firsts = [unicodedata.normalize("NFD", n)[0].upper() for n in opts]
    assert firsts == sorted(firsts)


def event_ids():
    return [i for (i,) in R["sql"]("SELECT e.id FROM lots_events e JOIN lots_draws d "
                                    "ON d.id = e.draw_id AND d.status = 'current' ORDER BY e.id")]


@test
def draw_event_page_and_files_verify():
    ids = event_ids()
    assert ids
    page = C().get("/programme").text
    assert f'href="/draws/{ids[0]}"' in page
    (seed, sha, created, kind, draw_seed) = R["sql"](
        "SELECT e.seed, d.roster_sha256, e.created_at, e.kind, d.seed FROM lots_events e "
        "JOIN lots_draws d ON d.id = e.draw_id WHERE e.id = ?", ids[0])[0]
    r = C().get(f"/draws/{ids[0]}")
    assert r.status == 200, r.status
    R["check_security_headers"](r)
    assert seed in r.text and sha in r.text
    assert f'datetime="{created}"' in r.text
    assert re.search(r'id="verification" class="status-on">Valid', r.text), r.text[-2000:]
    assert f"--seed {draw_seed} document.json" in r.text
    # Where the seed came from, as the document records it (R51): a draw
    # from a seed given, a ceremony, or by hand.
    origin = re.search(r'<dd id="seed-origin">([^<]*)</dd>', r.text).group(1)
    cer = json.loads(C().get(f"/draws/{ids[0]}/document.json").text).get("ceremony", "absent")
    want = ("Not recorded in the document." if cer == "absent" else
            "Not from a ceremony: no commitment to the seed was published before the draw."
            if cer is None else "A ceremony: its commitment was published before the meeting, "
            "and the seed was revealed there.")
    assert origin == want or origin.startswith("Drawn by hand"), (origin, cer)
    fr = C().get(f"/draws/{ids[0]}?lang=fr").text
    assert re.search(r'<dd id="seed-origin">(Pas issue|Une cérémonie|Tiré|Non indiquée)', fr), \
        fr[-2000:]
    # Anyone downloads both files, and the CLI verifies them.
    doc = C().get(f"/draws/{ids[0]}/document.json")
    roster = C().get(f"/draws/{ids[0]}/roster.csv")
    assert doc.status == 200 and roster.status == 200
    assert doc.header("Content-Type") == "application/json"
    assert roster.header("Content-Type").startswith("text/csv")
    assert "attachment" in (doc.header("Content-Disposition") or "")
    # The exact bytes stored with the draw; their canonical hash (row order
    # and line ends aside, docs/draw.md) is the one shown, which the CLI
    # verification below checks.
    stored = R["sql"]("SELECT roster_csv FROM lots_draws d JOIN lots_events e ON e.draw_id = d.id "
                      "WHERE e.id = ?", ids[0])[0][0]
    assert roster.body == stored.encode(), "served roster differs from the stored one"
    tmp = R["TMP"]
    dp, rp = os.path.join(tmp, "doc.json"), os.path.join(tmp, "roster.csv")
    open(dp, "wb").write(doc.body)
    open(rp, "wb").write(roster.body)
    rc, out, err = R["run_cli"]("draw", "verify", "--roster", rp, "--seed", draw_seed, dp)
    assert rc == 0, (rc, out, err)
    assert "ok" in out, out
    # A tampered copy fails the same check (the test can fail).
    open(dp, "wb").write(doc.body.replace(b'"year": 1', b'"year": 3', 1))
    rc, out, err = R["run_cli"]("draw", "verify", "--roster", rp, "--seed", draw_seed, dp)
    assert rc != 0, (rc, out)


@test
def draw_event_meeting_shown():
    ids = event_ids()
    rc, out, err = R["run_cli"]("programme", "note", "--db", R["DB"], "--event", str(ids[0]),
                                "--meeting", "Conference of the Parties <11th>",
                                "--by", "Secretariat & Chair")
    assert rc == 0, (rc, out, err)
    t = C().get(f"/draws/{ids[0]}").text
    assert "Conference of the Parties &lt;11th&gt;" in t
    assert "Secretariat &amp; Chair" in t
    rc, out, err = R["run_cli"]("programme", "events", "--db", R["DB"])
    assert rc == 0 and "Conference of the Parties <11th>" in out, (rc, out, err)
    # Bad input: a clear message, exit 1 (usage) or 2 (no such event).
    rc, out, err = R["run_cli"]("programme", "note", "--db", R["DB"], "--event", "99999",
                                "--meeting", "m", "--by", "b")
    assert rc == 2 and "no drawing event 99999" in err, (rc, err)
    rc, out, err = R["run_cli"]("programme", "note", "--db", R["DB"], "--event", str(ids[0]),
                                "--meeting", "m")
    assert rc == 1 and "--by" in err, (rc, err)


@test
def redraw_event_page_verifies():
    """A second database with a drawing and one redraw: two events, the
    redraw's own page and files verify with the draw's seed."""
    db = os.path.join(R["TMP"], "redraw.db")
    rc, out, err = R["run_cli"]("init", "--db", db)
    assert rc == 0, err
    seed = "%064d" % 5
    rc, out, err = R["run_cli"]("draw", "meeting", "--db", db, "--ref", "WG/2026/5",
                                "--date", "2026-05-01", "--title", "Working group")
    assert rc == 0, err
    rc, out, err = R["run_cli"]("draw", "lots", "--db", db, "--seed", seed,
                                "--meeting", "WG/2026/5")
    assert rc == 0, err
    c = R["sqlite3"].connect(db)
    reviewed, reviewer = c.execute(
        "SELECT reviewed, reviewer FROM lots_assignments WHERE role = 'other_region' "
        "ORDER BY reviewed LIMIT 1").fetchone()
    c.close()
    rc, out, err = R["run_cli"]("draw", "redraw", "--db", db, "--reviewed", reviewed,
                                "--replace", reviewer, "--requested-by", reviewed,
                                "--reason", "language", "--meeting", "WG/2026/5")
    assert rc == 0, (rc, out[-300:], err)
    log = open(os.path.join(R["TMP"], "redraw.log"), "w")
    p, port = R["start_extra"](db, R["ENV"], log)
    try:
        redraw_checks(R["Client"](port=port), seed, reviewed, reviewer, db)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(20)
    text = open(log.name, encoding="utf-8", errors="replace").read()
    assert "AddressSanitizer" not in text and "runtime error:" not in text, text[-3000:]


def redraw_checks(cl, seed, reviewed, reviewer, db):
    page = cl.get("/programme").text
    assert 'href="/draws/1"' in page and 'href="/draws/2"' in page
    t = cl.get("/draws/2").text
    assert re.search(r'id="verification" class="status-on">Valid', t), t[-1500:]
    # The redraw's own seed (derived from the draw's and the request, R51)
    # is shown.
    c = R["sqlite3"].connect(db)
    own = c.execute("SELECT seed FROM lots_events WHERE seq = 1").fetchone()[0]
    c.close()
    assert own != seed and own in t, own
    assert f"--seed {seed} document.json" in t  # verify takes the draw's
    doc = cl.get("/draws/2/document.json").body
    roster = cl.get("/draws/2/roster.csv").body
    assert doc != cl.get("/draws/1/document.json").body
    dp, rp = os.path.join(R["TMP"], "redraw.json"), os.path.join(R["TMP"], "redraw.csv")
    open(dp, "wb").write(doc)
    open(rp, "wb").write(roster)
    rc, out, err = R["run_cli"]("draw", "verify", "--roster", rp, "--seed", seed, dp)
    assert rc == 0, (rc, out, err)
    # The programme shows the replacement.
    j = cl.get(f"/api/v1/programme?state={reviewed}").json()
    mine = [x for x in j["reviews"] if x["reviewed"] == reviewed][0]
    assert reviewer not in [w["state"] for w in mine["reviewers"]]


@test
def unknown_event_or_state_404():
    for path in ("/draws/99999", "/draws/abc", "/draws/0", "/draws/-1",
                 "/draws/99999/document.json", "/draws/99999/roster.csv",
                 "/reviews/XXX", "/reviews/fra", "/reviews/FRANCE"):
        r = C().get(path)
        assert r.status == 404, (path, r.status)
    r = C().request("POST", "/api/v1/programme", body="{}")
    assert r.status in (403, 405), r.status
    if r.status == 405:
        assert "GET" in (r.header("Allow") or "")


@test
def review_page_public_part():
    j = api("/api/v1/programme?state=FRA")
    fra = [x for x in j["reviews"] if x["reviewed"] == "FRA"][0]
    r = C().get("/reviews/FRA")
    assert r.status == 200, r.status
    R["check_security_headers"](r)
    for w in fra["reviewers"]:
        assert f'href="/reviews/{w["state"]}"' in r.text, w
    # Phases in calendar years (R34, R45): group y's phase 1 runs in
    # process years 2+y and 3+y; year 1 is 2019 unless configured.
    y = fra["year"]
    start = 2019
    for k in range(1, 5):
        a, b = start + 2 + y + 2 * (k - 1) - 1, start + 3 + y + 2 * (k - 1) - 1
        assert f"{a}–{b}" in r.text, (k, a, b)
    assert "2019–2020" in r.text  # preparatory phase
    # Anonymous and stakeholders see no part; FRA's focal point sees its own.
    assert "Your part in this review" not in r.text
    ngo = R["logged_in"]("ngo@example.org")
    assert "Your part in this review" not in ngo.get("/reviews/FRA").text
    fp = R["logged_in"]("fp@example.org")
    t = fp.get("/reviews/FRA").text
    assert "Your part in this review: State under review" in t
    # Arabic: the page renders right to left with Arabic labels.
    t = C().get("/reviews/FRA?lang=ar").text
    assert 'dir="rtl"' in t and "المراحل" in t


@test
def programme_linked_from_home_and_dashboard():
    assert 'href="/programme"' in C().get("/").text
    c = R["logged_in"]("sec@example.org")
    assert 'href="/programme"' in c.get("/dashboard").text
    # Signed in, the programme is the same public page.
    r = c.get("/programme")
    assert r.status == 200 and set(rows_of(r.text)) == {x for x, _ in current_reviews()}


@test
def review_page_start_year_configurable():
    """R45: the calendar year of process year 1 is set with `revmech
    programme start`; the review page follows it."""
    rc, out, err = R["run_cli"]("programme", "start", "--db", R["DB"])
    assert rc == 0 and "process year 1 is 2019" in out, (rc, out, err)
    rc, out, err = R["run_cli"]("programme", "start", "--db", R["DB"], "--year", "18")
    assert rc == 1 and "--year" in err, (rc, err)
    rc, out, err = R["run_cli"]("programme", "start", "--db", R["DB"], "--year", "2021")
    assert rc == 0 and "2021" in out, (rc, out, err)
    try:
        t = C().get("/reviews/FRA").text
        assert "2021–2022" in t and "2019–2020" not in t
    finally:
        rc, out, err = R["run_cli"]("programme", "start", "--db", R["DB"], "--year", "2019")
        assert rc == 0, err
