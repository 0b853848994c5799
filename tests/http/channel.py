"""Channels between the governmental experts of a country review over HTTP
(issue 10; annex para 33; R95, R96, R97; docs/channels.md): one table from
outside, every role (the Secretariat, the reviewed State's focal point and
expert, each reviewing State's focal point and expert, an observer of a
reviewing State, a State outside the review, a stakeholder, anonymous) x
(request, list requests, set up, read channel, post, read item) over the
API and the pages; every read audited; notices without content; nothing
of a channel readable through the dialogue; purposes and items sealed in
the raw database.  Registered by tests/http/run.py with
`channel.register(globals())`."""
import fixture

R = {}
TESTS = []
S = {}

SECRET = "Nos enquêteurs ont identifié 23 comptes bancaires à Lagos."
PURPOSE = "Coordonner nos questions sur la coopération internationale, art. 16 à 18."


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def api_base():
    return "/api/v1/reviews/%s/phases/1/channels" % S["z"]


def page_base():
    return "/reviews/%s/phases/1/channels" % S["z"]


ROLES = ["secretariat", "fp_z", "ex_z", "fp_a", "ex_a", "ex_b", "ob_a", "other", "stakeholder",
         "anonymous"]


@test
def channel_setup():
    """A review Z of cohort 1 with two reviewing States A and B, none with a
    focal point named yet; phase 1 open; the people of each."""
    rows = R["sql"]("SELECT a.reviewed, a.reviewer, a.role FROM lots_assignments a "
                    "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                    "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
                    "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role in rows:
        by.setdefault(rv, []).append(rr)
    busy = {c for (c,) in R["sql"]("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    z = next(rv for rv, lst in sorted(by.items(), reverse=True)
             if rv not in busy and len(set(lst)) >= 2 and not any(x in busy for x in lst))
    a, b = sorted(set(by[z]))[:2]
    involved = {z} | set(by[z])
    other = next(c for (c,) in R["sql"]("SELECT code FROM parties ORDER BY code")
                 if c not in involved and c not in ("FRA", "DEU", "USA"))
    S.update(z=z, a=a, b=b, other=other)
    print(f"channel: {z} reviewed by {by[z]}; A={a} B={b}, other State {other}")
    k = z.lower()
    people = {"fp_z": ("focal_point", z), "ex_z": ("expert", z), "fp_a": ("focal_point", a),
              "ex_a": ("expert", a), "ex_b": ("expert", b), "ob_a": ("observer", a),
              "other": ("expert", other)}
    for role, (r, st) in people.items():
        fixture.user(f"ch.{role}.{k}@r.example", r, st)
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    A = fixture.Api
    S["api"] = {role: A(f"ch.{role}.{k}@r.example") for role in people}
    S["api"].update(secretariat=A("sec@example.org"), stakeholder=A("ngo@example.org"),
                    anonymous=A(None))
    sec = S["api"]["secretariat"]
    for role, st in (("fp_z", z), ("fp_a", a)):
        r = sec.c.post(f"/country/{st}/focal-point",
                       {"csrf": sec.tok, "action": "name", "email": f"ch.{role}.{k}@r.example"})
        assert r.status == 303, (r.status, r.text[:300])


def count(table):
    return R["sql"]("SELECT COUNT(*) FROM %s" % table)[0][0]


@test
def channel_request_by_role():
    """Who asks (para 33: the experts, and focal points, of the States of
    the review, for a channel naming their own State): over the API for a
    channel of the reviewing States among themselves, refused to everyone
    else with nothing written; the Secretariat told, without the purpose."""
    a = S["api"]
    ab = [S["a"], S["b"]]
    want = {r: 403 for r in ROLES}
    want.update(fp_a=201, ex_a=201, ex_b=201)
    n0, mail0 = count("channel_requests"), count("outbox")
    nsec = R["sql"]("SELECT COUNT(*) FROM users WHERE role = 'secretariat' AND disabled = 0")[0][0]
    S["ab"] = []
    for role in ROLES:
        r = a[role].send("POST", api_base(), {"states": ab, "purpose": PURPOSE})
        assert r.status == want[role], (role, r.status, r.text[:300])
        if r.status == 201:
            j = r.json()
            assert j["states"] == sorted(ab) and j["status"] == "requested", j
            assert j["purpose"] == PURPOSE and j["requester_state"] in ab, j
            S["ab"].append(j["id"])
    assert count("channel_requests") == n0 + 3
    assert count("outbox") == mail0 + 3 * nsec
    assert R["sql"]("SELECT COUNT(*) FROM outbox WHERE body LIKE ?", "%coopération%")[0][0] == 0
    # A channel with the reviewed State's experts, asked by the reviewed State.
    r = a["ex_z"].send("POST", api_base(), {"states": "%s %s" % (S["z"].lower(), S["a"]),
                                             "purpose": "Préparer la visite de pays."})
    assert r.status == 201, (r.status, r.text)
    S["za"] = r.json()["id"]
    assert r.json()["states"] == sorted([S["z"], S["a"]])
    # Bad input: nothing written, a clear error.
    n1 = count("channel_requests")
    for body in ({"states": [S["a"]], "purpose": "x"},
                 {"states": [S["a"], S["other"]], "purpose": "x"},
                 {"states": ab, "purpose": ""},
                 {"states": ab, "purpose": "x" * 1001},
                 {"states": ab},
                 {"states": ["A1", S["a"]], "purpose": "x"}):
        r = a["ex_a"].send("POST", api_base(), body)
        assert r.status == 400, (body, r.status, r.text)
        assert r.json()["message"], r.text
    # Asked for a channel that does not name one's State: refused.
    r = a["ex_b"].send("POST", api_base(), {"states": [S["z"], S["a"]], "purpose": "x"})
    assert r.status == 403, r.text
    assert count("channel_requests") == n1
    # The page's form does the same (post/redirect/get).
    r = a["ex_b"].form(page_base(), {"state_" + S["a"]: "1", "state_" + S["b"]: "1",
                                     "purpose": PURPOSE})
    assert r.status == 303 and "done=asked" in r.header("Location"), (r.status, r.text[:300])
    S["ab"].append(int(r.header("Location").split("#request-")[1]))
    for role in ("ex_z", "ob_a", "other", "secretariat", "stakeholder"):
        r = a[role].form(page_base(), {"state_" + S["a"]: "1", "state_" + S["b"]: "1",
                                       "purpose": PURPOSE})
        assert r.status == 403, (role, r.status)
    r = a["ex_a"].form(page_base(), {"state_" + S["a"]: "1", "purpose": "x"})
    assert r.status == 400 and "two States" in r.text, (r.status, r.text[:500])
    assert count("channel_requests") == n1 + 1


def list_want():
    w = {r: 200 for r in ROLES}
    w.update(ob_a=403, other=403, stakeholder=403, anonymous=401)
    return w


@test
def channel_list_by_role():
    """Who sees the requests: the Secretariat every one, a participant those
    naming its State; audited as read.channel_requests."""
    a = S["api"]
    want = list_want()
    seen = {}
    for role in ROLES:
        before = count("audit_log")
        r = a[role].get(api_base())
        assert r.status == want[role], (role, r.status, r.text[:300])
        if r.status == 200:
            seen[role] = {x["id"] for x in r.json()["requests"]}
            assert R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.channel_requests' "
                            "AND actor = ?", a[role].email)[0][0] >= 1
            assert count("audit_log") > before
    ab, za = set(S["ab"]), {S["za"]}
    assert seen["secretariat"] >= ab | za
    assert seen["fp_a"] == seen["ex_a"] == ab | za
    assert seen["ex_b"] == ab
    assert seen["fp_z"] == seen["ex_z"] == za
    assert a["secretariat"].get(api_base()).json()["may_set_up"] is True
    assert a["ex_a"].get(api_base()).json()["may_request"] is True
    # Pages: the same readers; the anonymous sent to the login.
    for role in ROLES:
        r = a[role].get(page_base())
        w = 303 if role == "anonymous" else want[role]
        assert r.status == w, (role, r.status)
        if role in ("fp_z", "ex_z"):
            assert "request-%d" % S["za"] in r.text and "request-%d" % S["ab"][0] not in r.text
        if role == "secretariat":
            assert 'id="decide-%d"' % S["ab"][0] in r.text and PURPOSE in r.text


@test
def channel_set_up_by_role():
    """Only the Secretariat sets up or declines (R96); once, with a reason
    to decline; the requester told, then the named States' contacts."""
    a = S["api"]
    first, second = S["ab"][0], S["ab"][1]
    url = api_base() + "/%d/decision" % first
    for role in ROLES:
        if role == "secretariat":
            continue
        r = a[role].send("POST", url, {"decision": "set_up"})
        assert r.status in (401, 403), (role, r.status, r.text[:200])
        r = a[role].form(page_base() + "/%d/decision" % first, {"decision": "set_up"})
        # The anonymous has no CSRF token: refused before any rule.
        assert r.status == 403, (role, r.status)
    assert count("channel_decisions") == 0 or R["sql"](
        "SELECT COUNT(*) FROM channel_decisions WHERE request = ?", first)[0][0] == 0
    sec = a["secretariat"]
    r = sec.send("POST", api_base() + "/%d/decision" % second, {"decision": "decline"})
    assert r.status == 400, r.text
    mail0 = count("outbox")
    r = sec.send("POST", url, {"decision": "set_up"})
    assert r.status == 200 and r.json()["status"] == "set_up", (r.status, r.text)
    assert count("outbox") > mail0
    r = sec.send("POST", url, {"decision": "decline", "reason": "x"})
    assert r.status == 409, r.text
    r = sec.form(page_base() + "/%d/decision" % second,
                 {"decision": "decline", "reason": "Un canal existe déjà pour ces États."})
    assert r.status == 303, (r.status, r.text[:300])
    j = sec.get(api_base()).json()
    st = {x["id"]: x for x in j["requests"]}
    assert st[second]["status"] == "declined"
    assert st[second]["decision"]["reason"] == "Un canal existe déjà pour ces États."
    r = sec.send("POST", api_base() + "/%d/decision" % S["za"], {"decision": "set_up"})
    assert r.status == 200, r.text
    assert R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action IN ('channel.set_up', "
                    "'channel.decline')")[0][0] >= 3
    # Reading a channel not set up is refused as not open.
    r = a["ex_a"].get(api_base() + "/%d" % second)
    assert r.status == 409, r.text


def read_want():
    """The channel of A and B: their focal points and experts, the
    Secretariat; not the reviewed State (not named), an observer, another
    State, a stakeholder, the anonymous."""
    w = {r: 403 for r in ROLES}
    w.update(secretariat=200, fp_a=200, ex_a=200, ex_b=200, anonymous=401)
    return w


def post_want():
    w = {r: 403 for r in ROLES}
    w.update(fp_a=201, ex_a=201, ex_b=201)
    return w


@test
def channel_post_read_by_role():
    """Post, read the channel, read one item: the table over the API and
    the pages; every item opened audited (read.archive); notices without
    the text; the item not reachable through the dialogue."""
    a = S["api"]
    ch = S["ab"][0]
    S["items"] = []
    pw = post_want()
    n0 = count("archive_records")
    for role in ROLES:
        text = SECRET if role == "ex_a" else f"Message de {role}."
        r = a[role].send("POST", api_base() + "/%d/messages" % ch,
                         {"kind": "message", "title": f"Objet {role}", "text": text})
        assert r.status == pw[role], (role, r.status, r.text[:300])
        if r.status == 201:
            S["items"].append(r.json()["id"])
            if role == "ex_a":
                S["secret"] = r.json()["id"]
    assert count("archive_records") == n0 + 3
    assert R["sql"]("SELECT COUNT(*) FROM outbox WHERE body LIKE ?", "%comptes bancaires%")[0][0] == 0
    assert R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'channel.post'")[0][0] >= 3
    # A page post.
    r = a["ex_b"].form(page_base() + "/%d" % ch, {"kind": "message", "title": "Page",
                                                  "text": "Par la page."})
    assert r.status == 303, (r.status, r.text[:300])
    S["items"].append(int(r.header("Location").split("#item-")[1]))
    for role in ("fp_z", "ex_z", "ob_a", "other", "secretariat", "stakeholder"):
        r = a[role].form(page_base() + "/%d" % ch, {"kind": "message", "title": "x", "text": "x"})
        assert r.status == 403, (role, r.status)
    rw = read_want()
    for role in ROLES:
        before = R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive'")[0][0]
        r = a[role].get(api_base() + "/%d" % ch)
        assert r.status == rw[role], (role, r.status, r.text[:300])
        if r.status == 200:
            j = r.json()
            assert [i["id"] for i in j["items"]] == S["items"], (role, j["items"])
            assert SECRET in [i.get("text") for i in j["items"]]
            assert j["may_post"] == (pw[role] == 201), (role, j["may_post"])
            after = R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive' "
                             "AND actor = ?", a[role].email)[0][0]
            assert after >= len(S["items"]), (role, after)
            assert R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive'")[0][0] \
                == before + len(S["items"])
        item = S["secret"]
        r = a[role].get(api_base() + "/%d/messages/%d" % (ch, item))
        assert r.status == rw[role], (role, r.status)
        if r.status == 200:
            assert r.json()["text"] == SECRET
        # Pages: the channel and one item.
        pr = 303 if role == "anonymous" else rw[role]
        r = a[role].get(page_base() + "/%d" % ch)
        assert r.status == pr, (role, r.status)
        assert (SECRET in r.text) == (pr == 200), role
        r = a[role].get(page_base() + "/%d/items/%d" % (ch, item))
        assert r.status == pr, (role, r.status)
        assert (SECRET in r.text) == (pr == 200), role
    # An item of another channel is not one of this one.
    r = a["ex_a"].get(api_base() + "/%d/messages/%d" % (S["za"], S["items"][0]))
    assert r.status == 404, r.text
    # The reviewed State takes part in the Z-A channel, B not.
    r = a["fp_z"].send("POST", api_base() + "/%d/messages" % S["za"],
                       {"title": "Visite", "text": "Proposition de dates."})
    assert r.status == 201, r.text
    assert a["ex_b"].get(api_base() + "/%d" % S["za"]).status == 403
    assert a["ex_a"].get(api_base() + "/%d" % S["za"]).status == 200


@test
def channel_not_in_the_dialogue():
    """Not the dialogue's: its items are not threads of the review's
    dialogue, and no dialogue address opens them (not even for the
    reviewed State, whose disclosure choices therefore cannot open them)."""
    a = S["api"]
    item = S["secret"]
    dia = "/api/v1/reviews/%s/phases/1/messages" % S["z"]
    for role in ("secretariat", "fp_z", "ex_a"):
        r = a[role].get(dia + "/%d" % item)
        assert r.status == 404, (role, r.status, r.text[:200])
        r = a[role].get(dia)
        if r.status == 200:
            assert all(t["instrument"] != "channel" for t in r.json()["threads"]), r.text
            assert SECRET not in r.text
    r = a["fp_z"].get("/reviews/%s/disclosed/dialogue/%d" % (S["z"], item))
    assert r.status in (403, 404), r.status


@test
def channel_nothing_readable_in_the_raw_database():
    """R97: items and purposes are sealed at rest; nothing can be changed
    or removed."""
    if R.get("PG"):
        rows = R["sql"]("SELECT purpose FROM channel_requests")
        assert rows and all(PURPOSE not in p for (p,) in rows)
    else:
        import os
        blob = b""
        for suffix in ("", "-wal"):
            p = R["DB"] + suffix
            if os.path.exists(p):
                blob += open(p, "rb").read()
        for needle in (SECRET, PURPOSE, "23 comptes bancaires"):
            assert needle.encode() not in blob, needle
    for q in ("UPDATE channel_requests SET states = 'AAA,BBB'", "DELETE FROM channel_decisions",
              "DELETE FROM channel_requests"):
        try:
            R["sql"](q)
        except Exception:
            continue
        raise AssertionError("not append-only: " + q)
    rc, out, err = R["run_cli"]("archive", "verify", *R["serve_db"](R["DB"]))
    assert rc == 0, (rc, out, err)
