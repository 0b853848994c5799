"""The parameters of the drawing of lots from the web (issue 12 "Parameters,
not constants" and "From the web"; R38, R33): /lots/parameters lists every
version of the parameters (values, Conference decision and date, who
recorded it and when, the drawings that used it) and of the workplan; the
Secretariat records a new version through a form with a confirmation step
(post/redirect/get, audited draw.params) or POST /api/v1/lots/parameters;
everyone else reads them, page and API, and is refused a record; each
invalid value, a missing decision or a bad date is refused with a message
in the page's language and nothing stored; the public programme shows the
version in force; a draw held after a new version uses it.  Registered
last by tests/http/run.py with `params.register(globals())`: a draw it
holds replaces the shared current draw."""
import json
import re

R = {}
TESTS = []
ROLES = ("fp@example.org", "exp@example.org", "obs@example.org", "ngo@example.org")
DECISION = "CTOC/COP/2026/L.7"


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


def stored():
    """What a refused request must leave unchanged: the versions and the
    audit entries of draw.params."""
    return (R["sql"]("SELECT COUNT(*) FROM lots_parameters")[0][0],
            R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.params'")[0][0])


def current():
    return R["sql"]("SELECT version, max_reviewers, redraw_limit, load_min, load_max, cohorts "
                    "FROM lots_parameters ORDER BY version DESC LIMIT 1")[0]


def form_of(c, path="/lots/parameters"):
    """The form's fields as the page fills them (the version in force)."""
    r = c.get(path)
    assert r.status == 200, (r.status, r.text[:300])
    sec_part = r.text[r.text.find('id="record"'):]
    f = dict(re.findall(r'<input id="p-[a-z0-9_]+" name="([a-z0-9_]+)"[^>]*value="([^"]*)"', sec_part))
    f["csrf"] = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
    return f, r


def token_of(c, name):
    r = c.request("POST", "/api/v1/tokens", body=json.dumps({"name": name, "password": R["PW"]}),
                  headers={"X-CSRF-Token": c.csrf("/account")})
    assert r.status == 201, (r.status, r.text)
    return r.json()["token"]


def bearer(tok):
    return {"Authorization": f"Bearer {tok}"}


@test
def params_read_by_all_recorded_by_secretariat_only():
    """R38: the versions are public decisions (page and API, every role and
    anonymous); only the Secretariat records one (page and API)."""
    before = stored()
    anon = R["Client"]()
    for c, who in [(anon, "anonymous")] + [(R["logged_in"](e), e) for e in ROLES]:
        r = c.get("/lots/parameters")
        assert r.status == 200, (who, r.status)
        assert 'data-version="1"' in r.text and "resolution 9/1 (annex)" in r.text, who
        assert 'id="versions"' in r.text and 'id="workplan"' in r.text, who
        # Every field of the table is a column.
        for key in ("max_reviewers", "redraw_limit", "load_min", "load_max", "cohorts"):
            assert f'data-key="{key}"' in r.text, (who, key)
        assert 'id="record"' not in r.text and 'action="/lots/parameters"' not in r.text, who
        j = c.get("/api/v1/lots/parameters")
        assert j.status == 200, (who, j.status, j.text[:200])
        v1 = j.json()["versions"][0]
        assert (v1["version"], v1["max_reviewers"], v1["redraw_limit"], v1["load_min"],
                v1["load_max"], v1["cohorts"], v1["decision"], v1["decided_on"]) == \
            (1, 4, 4, 1, 3, 3, "resolution 9/1 (annex)", "2018-10-19"), v1
        assert j.json()["workplan"] and j.json()["workplan"][0]["version"] == 1, j.json()["workplan"]
    # The public programme shows the version in force.
    pub = anon.get("/programme").text
    assert 'id="parameters"' in pub and "/lots/parameters" in pub, pub[-2000:]
    # Recording is refused to every other role, page and API (token and
    # session), and to anonymous callers.
    form = {"max_reviewers": "4", "redraw_limit": "4", "load_min": "1", "load_max": "3",
            "cohorts": "3", "decision": DECISION, "decided_on": "2026-06-01", "confirm": "1"}
    for e in ROLES:
        c = R["logged_in"](e)
        r = c.post("/lots/parameters", dict(form, csrf=c.csrf("/dashboard")))
        assert r.status == 403, (e, r.status)
        r = c.request("POST", "/api/v1/lots/parameters", body=json.dumps({"decision": DECISION,
                      "decided_on": "2026-06-01"}), headers={"X-CSRF-Token": c.csrf("/dashboard")})
        assert r.status == 403 and r.json()["error"] == "forbidden", (e, r.status, r.text)
        tok = token_of(c, "params-" + e.split("@")[0])
        r = R["Client"]().request("POST", "/api/v1/lots/parameters", body=json.dumps(
            {"decision": DECISION, "decided_on": "2026-06-01"}), headers=bearer(tok))
        assert r.status == 403, (e, r.status)
    r = anon.request("POST", "/api/v1/lots/parameters", body=json.dumps({"decision": DECISION}))
    assert r.status in (401, 403), r.status
    r = anon.post("/lots/parameters", dict(form, csrf=anon.csrf("/login")))
    assert r.status == 303 and r.header("Location").startswith("/login"), r.status
    # The Secretariat sees the form; without the CSRF token it is refused.
    c = sec()
    assert 'id="record"' in c.get("/lots/parameters").text
    r = c.post("/lots/parameters", form)
    assert r.status == 403, r.status
    r = c.request("POST", "/api/v1/lots/parameters", body=json.dumps({"decision": DECISION,
                  "decided_on": "2026-06-01"}))
    assert r.status == 403 and r.json()["error"] == "csrf", r.status
    assert stored() == before
    # The Secretariat's page links it from the programme over time.
    assert 'href="/lots/parameters"' in c.get("/lots/programme").text


BAD = [
    ({"max_reviewers": "1"}, "max_reviewers: 1 is not between 2 and 6",
     "max_reviewers : 1 n'est pas compris entre 2 et 6"),
    ({"max_reviewers": "7"}, "max_reviewers: 7 is not between 2 and 6", None),
    ({"redraw_limit": "-1"}, "redraw_limit: -1 is not between 0 and 100", None),
    ({"load_min": "3", "load_max": "2"}, "load_min: the fewest reviews (3) is more than the most "
     "(load_max, 2)", "load_min : le nombre minimal d'examens (3) dépasse le nombre maximal"),
    ({"load_max": "0", "load_min": "0"}, "load_max: 0 is not between 1 and 100", None),
    ({"cohorts": "0"}, "cohorts: 0 is not between 1 and 3", None),
    ({"cohorts": "4"}, "cohorts: 4 is not between 1 and 3",
     "cohorts : 4 n'est pas compris entre 1 et 3"),
    ({"max_reviewers": "four"}, "max_reviewers: 'four' is not a whole number",
     "max_reviewers : « four » n'est pas un nombre entier"),
    ({"cohorts": ""}, "cohorts: a value is required", "cohorts : une valeur est obligatoire"),
    ({"decision": ""}, "decision: the reference of the Conference decision that sets the "
     "parameters is required", "la cote de la décision de la Conférence qui fixe les paramètres "
     "est obligatoire"),
    ({"decision": "L.7\nforged"}, "decision: the reference may not contain control characters",
     None),
    ({"decision": "x" * 200}, "decision: the reference is longer than 127 bytes", None),
    ({"decided_on": ""}, "decided_on: the date of the decision (YYYY-MM-DD) is required",
     "la date de la décision (AAAA-MM-JJ) est obligatoire"),
    ({"decided_on": "2026-13-01"}, "decided_on: '2026-13-01' is not a date YYYY-MM-DD",
     "decided_on : « 2026-13-01 » n'est pas une date AAAA-MM-JJ"),
    ({"decided_on": "2026-02-30"}, "decided_on: '2026-02-30' is not a date YYYY-MM-DD", None),
    ({"decided_on": "01/06/2026"}, "decided_on: '01/06/2026' is not a date YYYY-MM-DD", None),
]


def esc(s):
    return s.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;")


def in_page(text, msg):
    box = text[text.find('id="error"'):][:1500]
    return msg in box or esc(msg) in box or msg.replace("'", "&#x27;") in box


@test
def params_bad_input_refused_nothing_stored():
    """Each invalid value, a missing decision, a bad date: refused (400)
    with the message naming the field, in the page's language, before and
    after the confirmation step, over the API too; nothing is stored."""
    c = sec()
    tok = token_of(c, "params-sec-bad")
    good, _ = form_of(c)
    good.update(decision=DECISION, decided_on="2026-06-01")
    before = stored()
    for change, en, fr in BAD:
        for confirm in ("", "1"):
            f = dict(good, **change)
            if confirm:
                f["confirm"] = "1"
            r = c.post("/lots/parameters", f)
            assert r.status == 400, (change, confirm, r.status, r.text[:300])
            assert 'id="error"' in r.text and 'id="confirm"' not in r.text, change
            assert in_page(r.text, en), (change, en, r.text[r.text.find('id="error"'):][:600])
        if fr:
            r = c.post("/lots/parameters?lang=fr", dict(good, **change))
            assert r.status == 400 and in_page(r.text, fr), \
                (change, fr, r.text[r.text.find('id="error"'):][:600])
            c.get("/lots/parameters?lang=en")
        # The API: the same check, the English message.
        body = {k: v for k, v in dict(good, **change).items() if k not in ("csrf", "confirm")}
        for k in ("max_reviewers", "redraw_limit", "load_min", "load_max", "cohorts",
                  "literal_28b_search"):
            try:
                body[k] = int(body[k])
            except ValueError:
                pass
        r = R["Client"]().request("POST", "/api/v1/lots/parameters", body=json.dumps(body),
                                  headers=bearer(tok))
        for k, val in change.items():
            if isinstance(body.get(k), str) and k not in ("decision", "decided_on"):
                en = f"{k}: must be a JSON integer"
        assert r.status == 400 and r.json()["error"] == "bad_request", (change, r.status, r.text)
        assert en in r.json()["message"], (change, r.json())
    # The API refuses what is no parameter, and a body that is no object.
    for body in ('{"decision": "x", "decided_on": "2026-06-01", "max_reviewer": 4}', '[1]', 'x',
                 '{"decision": "x", "decided_on": "2026-06-01", "cohorts": "3"}',
                 '{"decision": "x", "decided_on": "2026-06-01", "cohorts": 2.5}'):
        r = R["Client"]().request("POST", "/api/v1/lots/parameters", body=body,
                                  headers=bearer(tok))
        assert r.status == 400, (body, r.status, r.text)
    assert stored() == before, (stored(), before)


@test
def params_confirmation_step_recorded_and_audited():
    """A confirmation page first (nothing stored, the changed values shown
    against those in force), then the version recorded with its decision,
    who and when, audited (draw.params), post/redirect/get; in force on the
    page, the API and the public programme."""
    c = sec()
    f, _ = form_of(c)
    was = current()
    f.update(decision=DECISION, decided_on="2026-06-01", redraw_limit="3")
    before = stored()
    r = c.post("/lots/parameters", f)
    assert r.status == 200 and 'id="confirm"' in r.text, (r.status, r.text[:400])
    assert 'data-key="redraw_limit" class="changed"' in r.text, r.text[:2000]
    assert DECISION in r.text
    assert stored() == before, "the confirmation step stored something"
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z0-9_]+)" value="([^"]*)">', r.text))
    assert hidden["confirm"] == "1" and hidden["redraw_limit"] == "3", hidden
    assert hidden["decision"] == DECISION and hidden["decided_on"] == "2026-06-01", hidden
    r = c.post("/lots/parameters", hidden)
    assert r.status == 303, (r.status, r.text[:500])
    assert r.header("Location").startswith("/lots/parameters?done="), r.header("Location")
    assert stored() == (before[0] + 1, before[1] + 1), (stored(), before)
    row = R["sql"]("SELECT version, max_reviewers, redraw_limit, load_min, load_max, cohorts, "
                   "decision, decided_on, recorded_by FROM lots_parameters ORDER BY version "
                   "DESC LIMIT 1")[0]
    v = was[0] + 1
    assert row == (v, was[1], 3, was[3], was[4], was[5], DECISION, "2026-06-01",
                   "sec@example.org"), row
    a = R["sql"]("SELECT actor, object, detail FROM audit_log WHERE action = 'draw.params' "
                 "ORDER BY id DESC LIMIT 1")[0]
    assert a[0] == "sec@example.org" and a[1] == str(v) and DECISION in a[2], a
    page = c.get(r.header("Location")).text
    assert 'role="status"' in page or "notice ok" in page, page[:1500]
    assert f'<tr data-version="{v}" class="in-force">' in page, page[page.find('id="versions"'):][:1500]
    j = R["Client"]().get("/api/v1/lots/parameters").json()
    assert j["in_force"] == v and j["versions"][-1]["redraw_limit"] == 3, j["versions"][-1]
    assert j["versions"][-1]["recorded_by"] == "sec@example.org", j["versions"][-1]
    pub = R["Client"]().get("/programme?lang=en").text
    sect = pub[pub.find('id="parameters"'):][:1500]
    assert DECISION in sect and 'data-key="redraw_limit">3<' in sect, sect


@test
def params_api_version_used_by_the_next_draw():
    """POST /api/v1/lots/parameters with a Secretariat token: the values
    not given stay those in force; the next drawing of lots records that
    version (its document and the page's "used by" column); a later version
    restores the annex's values."""
    c = sec()
    tok = token_of(c, "params-sec")
    was = current()
    r = R["Client"]().request("POST", "/api/v1/lots/parameters", body=json.dumps(
        {"decision": DECISION + "/Rev.1", "decided_on": "2026-06-02", "load_max": 3,
         "redraw_limit": 2}), headers=bearer(tok))
    assert r.status == 201, (r.status, r.text)
    out = r.json()
    v = out["version"]
    assert v == was[0] + 1 and out["redraw_limit"] == 2 and out["max_reviewers"] == was[1], out
    assert out["draws"] == [], out
    a = R["sql"]("SELECT actor FROM audit_log WHERE action = 'draw.params' AND object = ?",
                 str(v))
    assert a == [("sec@example.org",)], a
    # A drawing of lots held now uses the version in force.
    rc, o, err = R["run_cli"]("draw", "lots", "--db", R["DB"], "--seed", "%064d" % 38,
                              "--meeting", "TEST/2026/1", "--supersede")
    assert rc == 0, (rc, o, err)
    did, doc = R["sql"]("SELECT id, result FROM lots_draws WHERE status = 'current'")[0]
    prm = json.loads(doc)["parameters"]
    assert prm["version"] == v and prm["redraw_limit"] == 2 and prm["decision"] == DECISION + "/Rev.1", prm
    j = R["Client"]().get("/api/v1/lots/parameters").json()
    mine = [x for x in j["versions"] if x["version"] == v][0]
    assert [d["draw_id"] for d in mine["draws"]] == [did], mine
    assert mine["draws"][0]["status"] == "current", mine
    page = R["Client"]().get("/lots/parameters").text
    row = page[page.find(f'<tr data-version="{v}"'):]
    row = row[:row.find("</tr>")]
    assert f'data-draw="{did}"' in row, row
    # The annex's values again, by a later decision (the suite's later
    # draws, if any, are as before).
    r = R["Client"]().request("POST", "/api/v1/lots/parameters", body=json.dumps(
        {"decision": DECISION + "/Rev.2", "decided_on": "2026-06-03", "max_reviewers": 4,
         "redraw_limit": 4, "load_min": 1, "load_max": 3, "cohorts": 3}), headers=bearer(tok))
    assert r.status == 201 and r.json()["version"] == v + 1, (r.status, r.text)
    assert current()[1:] == (4, 4, 1, 3, 3), current()
