"""Outside probe s9 (probe4) of what landed in issue 10: channels, the
register of technical-assistance providers and the dissemination of
needs, the blueprint and the corrigendum (docs/probe-s9.md).  Runs on the
scenario tests/http/list.py and tests/http/taprov.py leave (State X with an
agreed list, a need in progress, a communicated progress report, needs
sent to providers).  Registered by tests/http/run.py with
`probe4.register(globals())`, after taprov."""
import json
import sys

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


def L():
    return sys.modules["list"].S


def api(role):
    return L()["api"][role]


def fu():
    return "/api/v1/reviews/%s/phases/1/followup" % L()["x"]


def emails():
    return {e for (e,) in R["sql"]("SELECT email FROM users")}


def leaked(text, me=None):
    """The addresses of accounts in text, but the reader's own (the page
    header names whoever is signed in)."""
    return sorted(e for e in emails() if e in text and e != me)


@test
def probe4_f1_followup_need_no_address_to_other_states():
    """F1: once the reviewed State communicated its progress, every State
    party reads the follow-up and a need's page (para 46), but the people
    who changed a need's status are named by State, not by e-mail
    address, to those outside the review (as the dialogue, F13/F17)."""
    sec = api("secretariat").get(fu())
    assert sec.status == 200, sec.text[:300]
    needs = sec.json()["needs"]
    key = next(n["key"] for n in needs if n.get("history"))
    assert leaked(json.dumps(needs)), "the Secretariat sees who changed what"
    for role in ("other_state", "reviewer"):
        r = api(role).get(fu() + "/needs/" + key)
        assert r.status == 200, (role, r.status, r.text[:300])
        if role == "other_state":
            assert not leaked(r.text), (role, leaked(r.text))
            assert r.json()["history"], r.text
        p = api(role).get("/reviews/%s/phases/1/followup/needs/%s" % (L()["x"], key))
        assert p.status == 200, (role, p.status)
        if role == "other_state":
            me = api(role).email
            assert not leaked(p.text, me), (role, leaked(p.text, me))
    r = api("other_state").get(fu())
    assert r.status == 200, r.text[:300]
    assert not leaked(r.text), leaked(r.text)
    # F2: and the follow-up page, which printed the history's addresses.
    p = api("other_state").get("/reviews/%s/phases/1/followup" % L()["x"])
    assert p.status == 200, p.status
    me = api("other_state").email
    assert not leaked(p.text, me), leaked(p.text, me)
    # The reviewed State's own people still see who did what.
    r = api("fp").get(fu() + "/needs/" + key)
    assert r.status == 200 and leaked(r.text), r.text[:300]



@test
def probe4_f3_provider_name_one_line():
    """F3: a provider's name is one line (docs/followup.md): no C1 control
    (U+0085 NEXT LINE) nor line separator (U+2028), as no CR or LF; refused,
    nothing written."""
    sec = api("secretariat")
    n0 = R["sql"]("SELECT COUNT(*) FROM ta_provider_versions")[0][0]
    for name in ("A\u0085B", "A\u2028B", "A\u2029B", "A\u001bB", "A\u007fB"):
        r = sec.send("POST", "/api/v1/technical-assistance/providers",
                     {"name": name, "kind": "ngo", "contact": "p4@ngo.example"})
        assert r.status == 400 and "name" in r.json()["message"], (repr(name), r.status, r.text)
    assert R["sql"]("SELECT COUNT(*) FROM ta_provider_versions")[0][0] == n0
    r = sec.send("POST", "/api/v1/technical-assistance/providers",
                 {"name": "Fondation Éducation – Genève", "kind": "ngo", "contact": "p4@ngo.example"})
    assert r.status == 201, r.text
