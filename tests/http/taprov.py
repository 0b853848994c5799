"""Technical-assistance providers over HTTP (issue 10; R116, R117, R122,
R136; annex para 45; docs/followup.md): one table per artefact, role x
(register, sharing choice, dissemination, need page) x read or write,
through the API and the pages; the register's every change kept; the
needs sent through the outbox, one record per provider, only those not
kept confidential, to the providers of the reviewed State's region and of
the needs' instruments; the State's opt-out stops them and is logged with
who and when; a need's page says to whom it was sent and the requests
linked; the aggregate unchanged.  Runs on the scenario tests/http/list.py
leaves (State X with an agreed list, a need in progress, a confidential
one, a communicated report).  Registered by tests/http/run.py with
`taprov.register(globals())`, after list."""
import json

R = {}
TESTS = []
S = {}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sql(q, *a):
    return R["sql"](q, *a)


def L():
    import sys
    return sys.modules["list"].S


def api(role):
    return L()["api"][role]


def fu():
    return "/api/v1/reviews/%s/phases/1/followup" % L()["x"]


def page():
    return "/reviews/%s/phases/1/followup" % L()["x"]


def counts():
    """Everything a refused write might touch."""
    return [sql("SELECT COUNT(*) FROM " + t)[0][0] for t in
            ("ta_providers", "ta_provider_versions", "ta_sharing", "ta_disseminations",
             "ta_requests", "outbox")]


ROLES = ["fp", "expert", "observer", "reviewer_fp", "reviewer", "other_state", "secretariat",
         "stakeholder", "anonymous"]
# The register: the Secretariat's only (its addresses are nobody else's).
REGISTER = {r: 403 for r in ROLES}
REGISTER.update({"secretariat": 200, "anonymous": 401})
REGISTER_PAGE = dict(REGISTER, anonymous=303)
# To whom X's needs were sent and X's choice: X's people and the Secretariat.
SENT = {"fp": 200, "expert": 200, "observer": 200, "reviewer_fp": 403, "reviewer": 403,
        "other_state": 403, "secretariat": 200, "stakeholder": 403, "anonymous": 401}
# The need's page: as the follow-up (X's people, the Secretariat, every
# State party once X communicated a report).
NEED = {"fp": 200, "expert": 200, "observer": 200, "reviewer_fp": 200, "reviewer": 200,
        "other_state": 200, "secretariat": 200, "stakeholder": 403, "anonymous": 401}


def provider(name, kind, contact, lang="en", regions=(), instruments=(), active=True):
    return {"name": name, "kind": kind, "contact": contact, "lang": lang,
            "regions": list(regions), "instruments": list(instruments), "active": active}


@test
def taprov_register_by_role():
    """R117: the Secretariat keeps the register; every change a version;
    bad input refused, named, nothing written."""
    x = L()["x"]
    S["grp"] = sql("SELECT grp FROM parties WHERE code = ?", x)[0][0]
    S["far"] = sql("SELECT code FROM regional_groups WHERE code <> ? ORDER BY ord", S["grp"])[0][0]
    for role, st in REGISTER.items():
        r = api(role).get("/api/v1/technical-assistance/providers")
        assert r.status == st, (role, r.status)
        p = api(role).get("/technical-assistance/providers")
        assert p.status == REGISTER_PAGE[role], (role, p.status)
    before = counts()
    body = provider("Intrus", "ngo", "i@x.example")
    for role in ROLES:
        if role == "secretariat":
            continue
        r = api(role).send("POST", "/api/v1/technical-assistance/providers", body)
        assert r.status == 403 or (role == "anonymous" and r.status == 401), (role, r.status)
        r = api(role).form("/technical-assistance/providers", dict(body, regions="", instruments=""))
        assert r.status in (403, 303 if role == "anonymous" else 403), (role, r.status)
    sec = api("secretariat")
    for bad, says in ((dict(body, kind="charity"), "kind"), (dict(body, contact="a b@x"), "contact"),
                      (dict(body, regions=["ATLANTIS"]), "ATLANTIS"),
                      (dict(body, instruments=["drugs"]), "drugs"), (dict(body, name=""), "name"),
                      (dict(body, lang="de"), "language"), (dict(body, active="yes"), "active")):
        r = sec.send("POST", "/api/v1/technical-assistance/providers", bad)
        assert r.status == 400 and says in r.json()["message"], (bad, r.status, r.text)
    assert counts() == before
    ids = {}
    for key, b in (("any", provider("Gouvernement donateur", "government", "ta@gov.example", "fr")),
                   ("region", provider("Regional Bank", "bank", "ta@bank.example", "en", [S["grp"]],
                                       ["untoc"])),
                   ("off", provider("Dormant NGO", "ngo", "ta@ngo.example", active=False)),
                   ("far", provider("Field office far away", "field_office", "ta@far.example",
                                    regions=[S["far"]]))):
        r = sec.send("POST", "/api/v1/technical-assistance/providers", b)
        assert r.status == 201, (key, r.status, r.text)
        ids[key] = r.json()["id"]
        assert len(r.json()["history"]) == 1
    # One through the page, with its form.
    r = sec.form("/technical-assistance/providers",
                 {"name": "Organisation intergouvernementale", "kind": "igo",
                  "contact": "ta@igo.example", "lang": "es", "regions": S["far"],
                  "instruments": "firearms", "active": "1"})
    assert r.status == 303 and "/technical-assistance/providers/" in r.header("Location"), r.status
    ids["page"] = int(r.header("Location").split("/")[-1].split("?")[0])
    S["ids"] = ids
    # A change is a new version; the old one stays, on the page too.
    ch = provider("Regional Bank", "bank", "grants@bank.example", "en", [S["grp"]], ["untoc", "tip"])
    r = sec.send("PUT", "/api/v1/technical-assistance/providers/%d" % ids["region"], ch)
    assert r.status == 200 and [h["contact"] for h in r.json()["history"]] == \
        ["ta@bank.example", "grants@bank.example"], r.text
    assert sec.send("PUT", "/api/v1/technical-assistance/providers/%d" % ids["region"], ch).status == 409
    assert sec.send("PUT", "/api/v1/technical-assistance/providers/999999", ch).status == 404
    assert api("fp").send("PUT", "/api/v1/technical-assistance/providers/%d" % ids["region"],
                          dict(ch, name="X")).status == 403
    p = sec.get("/technical-assistance/providers/%d" % ids["region"])
    assert p.status == 200 and 'id="history"' in p.text and "ta@bank.example" in p.text
    assert api("fp").get("/technical-assistance/providers/%d" % ids["region"]).status == 403
    r = sec.form("/technical-assistance/providers/%d" % ids["page"],
                 {"name": "Organisation intergouvernementale", "kind": "igo",
                  "contact": "ta@igo.example", "lang": "es", "regions": S["far"],
                  "instruments": "firearms"})  # active unchecked: made inactive
    assert r.status == 303, r.status
    j = sec.get("/api/v1/technical-assistance/providers/%d" % ids["page"]).json()
    assert j["active"] is False and len(j["history"]) == 2, j
    assert sec.form("/technical-assistance/providers/%d" % ids["page"],
                    {"name": "", "kind": "igo", "contact": "ta@igo.example"}).status == 400
    lst = sec.get("/api/v1/technical-assistance/providers").json()["providers"]
    assert [p["id"] for p in lst] == sorted(p["id"] for p in lst)  # registration order, no rank
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ta.provider_add'")[0][0] >= 5


@test
def taprov_sharing_and_dissemination_by_role():
    """R117: the Secretariat sends the needs to providers through the
    outbox, one record per provider per dissemination; the reviewed State
    sees to whom, and may stop it (logged: who, when)."""
    x, ids = L()["x"], S["ids"]
    for role, st in SENT.items():
        r = api(role).get(fu() + "/sharing")
        assert r.status == st, (role, r.status)
        assert api(role).get(fu() + "/disseminations").status == st, role
    j = api("fp").get(fu() + "/sharing").json()
    assert j["share"] is True and j["chosen"] is False and j["history"] == [], j  # the default
    before = counts()
    for role in ROLES:
        if role == "secretariat":
            continue
        r = api(role).send("POST", fu() + "/disseminations", {"all_matching": True})
        assert r.status == 403 or (role == "anonymous" and r.status == 401), (role, r.status)
    assert api("fp").form(page() + "/disseminate", {"all": "1"}).status == 403
    sec = api("secretariat")
    for bad in ({}, {"all_matching": True, "providers": [ids["any"]]}, {"providers": ["x"]},
                {"providers": [ids["off"]]}, {"providers": [999999]}, {"providers": [ids["page"]]}):
        r = sec.send("POST", fu() + "/disseminations", bad)
        assert r.status == 400, (bad, r.status, r.text)
    assert counts() == before
    r = sec.send("POST", fu() + "/disseminations", {"all_matching": True})
    assert r.status == 201, r.text
    sent = r.json()["sent"]
    assert sorted(d["provider_id"] for d in sent) == sorted([ids["any"], ids["region"]]), sent
    assert all(d["by"] == "sec@example.org" and "contact" not in d for d in sent), sent
    need = next(n for n in api("fp").get(fu()).json()["needs"] if n["text"] == "Formation des juges")
    secret = next(n for n in api("fp").get(fu()).json()["needs"] if n["confidential"])
    S["need"], S["secret"] = need["key"], secret["key"]
    assert all(need["key"] in d["needs"] and secret["key"] not in d["needs"] for d in sent), sent
    # The mails: one per provider, in its language, the confidential need
    # nowhere.
    rows = sql("SELECT recipient, lang, subject, body FROM outbox WHERE recipient IN "
               "('ta@gov.example', 'grants@bank.example', 'ta@ngo.example', 'ta@far.example') "
               "ORDER BY id")
    assert [r[0] for r in rows] == ["ta@gov.example", "grants@bank.example"], rows
    assert rows[0][1] == "fr" and "Besoins d'assistance technique" in rows[0][2], rows[0]
    assert all("Formation des juges" in r[3] and "Besoin confidentiel" not in r[3] for r in rows)
    n = sql("SELECT COUNT(*) FROM ta_disseminations d JOIN obs_lists l ON l.id = d.list_id "
            "WHERE l.reviewed = ?", x)[0][0]
    assert n == 2, n
    # Who sees to whom: X's people (API and page), not the other States;
    # each read audited.
    seen = sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.disseminations'")[0][0]
    assert len(api("expert").get(fu() + "/disseminations").json()["disseminations"]) == 2
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.disseminations'")[0][0] == seen + 1
    p = api("fp").get(page())
    assert p.status == 200 and 'id="disseminations"' in p.text and "Regional Bank" in p.text
    assert 'id="disseminate"' not in p.text and 'id="sharing-form"' in p.text
    o = api("other_state").get(page())
    assert o.status == 200 and 'id="disseminations"' not in o.text and "Regional Bank" not in o.text
    assert 'id="sharing-form"' not in o.text
    assert 'id="disseminate"' in sec.get(page()).text
    # X opts out: only its named focal point, or the Secretariat on its
    # written request (a reference).
    before = counts()
    for role in ("expert", "observer", "reviewer_fp", "reviewer", "other_state", "stakeholder"):
        r = api(role).send("PUT", fu() + "/sharing", {"share": False})
        assert r.status == 403, (role, r.status)
    r = sec.send("PUT", fu() + "/sharing", {"share": False})
    assert r.status == 400 and r.json()["error"] == "reference_required", r.text
    assert api("fp").send("PUT", fu() + "/sharing", {"share": "no"}).status == 400
    assert api("fp").send("PUT", fu() + "/sharing", {"share": True}).status == 409
    assert counts() == before
    r = api("fp").send("PUT", fu() + "/sharing", {"share": False})
    assert r.status == 200 and r.json()["share"] is False, r.text
    h = r.json()["history"]
    assert len(h) == 1 and h[0]["by"] == L()["mails"]["fp"][0] and h[0]["at"], h
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'followup.sharing' AND object = ?",
               x)[0][0] == 1
    before = counts()
    r = sec.send("POST", fu() + "/disseminations", {"all_matching": True})
    assert r.status == 403 and r.json()["error"] == "not_shared", r.text
    assert sec.form(page() + "/disseminate", {"all": "1"}).status == 403
    assert counts() == before
    assert 'data-share="0"' in api("fp").get(page()).text
    # Back on, by the Secretariat through the page, with a reference.
    r = sec.form(page() + "/sharing", {"share": "1"})
    assert r.status == 400, r.status
    r = sec.form(page() + "/sharing", {"share": "1", "reference": "NV/2027/7"})
    assert r.status == 303, (r.status, r.text[-500:])
    j = api("observer").get(fu() + "/sharing").json()
    assert j["share"] is True and j["history"][-1]["reference"] == "NV/2027/7", j
    # The page's form: one chosen provider, a new dissemination.
    r = sec.form(page() + "/disseminate", {"p%d" % ids["region"]: "1"})
    assert r.status == 303 and r.header("Location").endswith("followup?sent=1"), r.status
    assert sec.form(page() + "/disseminate", {}).status == 400
    d = sec.get(fu() + "/disseminations").json()["disseminations"]
    assert len(d) == 3 and d[-1]["batch"] == d[0]["batch"] + 1, d
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'followup.disseminate'")[0][0] == 2


@test
def taprov_need_page_and_requests():
    """R122: a need's page says to which providers it was sent and the
    requests and funding linked (R116: a registered provider, the free
    text kept for older rows); reads audited; the aggregate unchanged."""
    ids, key = S["ids"], S["need"]
    sec = api("secretariat")
    agg = sec.get("/api/v1/technical-assistance/needs").json()
    before = counts()
    assert sec.send("POST", fu() + "/requests", {"key": key, "provider_id": 999999,
                                                 "funding": "pledged"}).status == 400
    assert sec.send("POST", fu() + "/requests", {"key": key, "provider_id": "x",
                                                 "funding": "pledged"}).status == 400
    assert api("fp").send("POST", fu() + "/requests", {"key": key, "provider_id": ids["region"],
                                                       "funding": "pledged"}).status == 403
    assert counts() == before
    r = sec.send("POST", fu() + "/requests", {"key": key, "provider_id": ids["region"],
                                              "funding": "pledged", "note": "2027"})
    assert r.status == 200, r.text
    r = sec.form(page(), {"what": "request", "key": key, "provider_id": str(ids["any"]),
                          "provider": "", "funding": "sought"})
    assert r.status == 303, (r.status, r.text[-400:])
    reads = sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.followup_need'")[0][0]
    url = fu() + "/needs/" + key
    for role, st in NEED.items():
        r = api(role).get(url)
        assert r.status == st, (role, r.status)
        if st != 200:
            continue
        j = r.json()
        inside = role in ("fp", "expert", "observer", "secretariat")
        assert ("disseminations" in j) == inside and ("requests" in j) == inside, (role, j)
        if inside:
            assert {d["provider"] for d in j["disseminations"]} == {"Gouvernement donateur",
                                                                    "Regional Bank"}, j
            linked = [q for q in j["requests"] if q["provider_id"]]
            assert {q["provider_id"] for q in linked} == {ids["region"], ids["any"]}, j
            assert any(q["provider"] == "UNODC" and q["provider_id"] is None
                       for q in j["requests"]), j  # list.py's free-text request
        else:
            assert "Regional Bank" not in r.text
    assert sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.followup_need'")[0][0] == \
        reads + sum(1 for s in NEED.values() if s == 200)
    # The confidential need: the State's own and the Secretariat's.
    assert api("other_state").get(fu() + "/needs/" + S["secret"]).status == 404
    assert api("fp").get(fu() + "/needs/" + S["secret"]).status == 200
    assert api("fp").get(fu() + "/needs/i999").status == 404
    # The page.
    p = api("fp").get(page() + "/needs/" + key)
    assert p.status == 200 and 'id="sent"' in p.text and "Regional Bank" in p.text, p.status
    assert 'id="requests"' in p.text
    p = sec.get(page() + "/needs/" + key)
    assert ('/technical-assistance/providers/%d' % ids["region"]) in p.text
    p = api("other_state").get(page() + "/needs/" + key)
    assert p.status == 200 and 'id="sent"' not in p.text and 'id="requests"' not in p.text
    assert api("stakeholder").get(page() + "/needs/" + key).status == 403
    assert api("anonymous").get(page() + "/needs/" + key).status == 303
    assert ('/followup/needs/' + key) in api("fp").get(page()).text
    # The aggregate (R114, R136): unchanged, no State, no provider.
    after = sec.get("/api/v1/technical-assistance/needs").json()
    assert after == agg, (agg, after)
    text = json.dumps(after)
    assert "Regional Bank" not in text and L()["x"] not in text
