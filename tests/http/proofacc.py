"""Who gets an archived record's inclusion proof, and with it the record's
salt (issue 10; paras 21, 30, 33, 37; docs/archive.md): whoever may read
the record now, by the rule its reading uses, and no one else (404 as for
a missing record, F8).  One table from outside over the API: roles (the
Secretariat, the reviewed State's focal point and expert, the current
reviewer, the reviewer replaced by a redraw, a supplementary reviewer, a
channel's participants, the reviewed State not named in a channel, another
State, a stakeholder, anonymous) x (a dialogue record from before and one
from after the redraw, a channel record, a record disclosed to all States
and then publicly); each proof given audited (read.archive_proof), each
refusal too (access.denied); for every signed-in role the proof's answer
agrees with the record's own read.  Registered by tests/http/run.py after
nav and channel, whose scenarios it uses (nav: a review Z whose main
reviewer was replaced by `draw redraw`; channel: channels A-B and Z-A of
another review)."""
import sys

import fixture

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


def missing_text():
    return fixture.Api(None).get("/api/v1/archive/records/999999999/proof").text


def audits(action, actor, rid):
    if actor:
        return sql("SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor = ? AND object = ?",
                   action, actor, "archive %d" % rid)[0][0]
    return sql("SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor IS NULL AND "
               "object = ?", action, "archive %d" % rid)[0][0]


def proof_cell(label, api, rid, want, bad):
    """Asks api for the proof of rid; records a failure in bad unless the
    answer is want (200 with the salt, or 404 exactly as for a missing
    record), audited as given or refused."""
    action = "read.archive_proof" if want == 200 else "access.denied"
    before = audits(action, api.email, rid)
    r = api.get("/api/v1/archive/records/%d/proof" % rid)
    ok = r.status == want
    if ok and want == 200:
        j = r.json()
        ok = j["id"] == rid and j["layout"] == 2 and len(j["salt"]) == 64 and \
            len(j["commitment"]) == 64
    elif ok:
        ok = r.text == S["missing"] and "salt" not in r.text
    # Anonymous entries are capped per address: only the signed-in counted.
    if ok and api.email:
        ok = audits(action, api.email, rid) == before + 1
    if not ok:
        bad.append((label, rid, want, r.status, r.text[:160]))
    return r.status


def nav_state():
    nav = sys.modules.get("nav")
    assert nav and nav.S.get("api"), "the nav scenario is needed (run nav first)"
    return nav.S


@test
def proofacc_setup():
    """Z of nav after its redraw: the replacement's account, a thread it
    shares with the replaced State's words, and a message posted after the
    redraw."""
    N = nav_state()
    S["missing"] = missing_text()
    z, old = N["z"], N["main"]
    rows = sql("SELECT a.reviewer, a.instruments FROM lots_assignments a JOIN lots_draws d ON "
               "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = ? AND "
               "a.status = 'active'", z)
    S["now"] = {}
    for c, inst in rows:
        S["now"].setdefault(c, set()).update(inst.split())
    assert old not in S["now"], "nav's redraw has not run"
    newcomer = fixture.Api("n.new.%s@n.example" % z.lower())
    base = "/api/v1/reviews/%s/phases/1/messages" % z
    r = newcomer.get(base)
    assert r.status == 200, (r.status, r.text[:300])
    threads = [t for t in r.json()["threads"] if t["items"]]
    assert threads, r.text[:300]
    th = threads[0]
    S.update(z=z, base=base, inst=th["instrument"], before=th["items"][0]["id"])
    r = newcomer.send("POST", base, {"instrument": th["instrument"], "kind": "message",
                                     "title": "Apres", "text": "Apres la redistribution."})
    assert r.status == 201, (r.status, r.text[:300])
    S["after"] = r.json()["id"]
    a = dict(N["api"])
    a["newcomer"] = newcomer
    S["api"] = a


def dialogue_table(want_of, records, bad):
    """Every role x record: the proof as want_of(role, record) says, and
    for a signed-in role the same answer as its read of the record's
    content (200 both, or refused both)."""
    for role, api in S["api"].items():
        for rec in records:
            want = want_of(role, rec)
            got = proof_cell(role, api, rec, want, bad)
            if api.email:
                read = api.get(S["base"] + "/%d" % rec).status
                if (read == 200) != (got == 200):
                    bad.append(("read rule", role, rec, read, got))


@test
def proofacc_dialogue_after_redraw():
    """Para 30: the reviewer replaced by the redraw gets no proof (nor
    salt) of any record of the thread it no longer reads, before or after
    the redraw; its replacement, the reviewed State and the Secretariat
    do; no one outside the review."""
    fixed = {"secretariat": 200, "fp": 200, "newcomer": 200, "reviewer": 404, "reviewer_fp": 404,
             "other_state": 404, "stakeholder": 404, "anonymous": 404}
    N = nav_state()
    # The supplementary reviewer, unless the redraw's chain of
    # reassignments took its slot too: in charge of the thread's
    # instrument or not (C47).
    sup_now = S["now"].get(N["sup"], set())
    sup_in = S["inst"] in sup_now

    def want(role, rec):
        if role == "supplementary":
            return 200 if sup_in else 404
        return fixed.get(role)
    bad = []
    # The reviewed State's expert and observer: as their read (None: the
    # read rule alone, R20).
    for role in ("expert", "observer"):
        fixed[role] = 200 if S["api"][role].get(S["base"] + "/%d" % S["before"]).status == 200 \
            else 404
    dialogue_table(want, [S["before"], S["after"]], bad)
    # The thread's envelope (no item of the dialogue): the rule of its
    # review now, every participant of it, not the replaced State.
    th = sql("SELECT thread FROM archive_records WHERE seq = ?", S["before"])[0][0]
    env = sql("SELECT seq FROM archive_records WHERE kind = 'thread' AND thread = ?", th)
    assert len(env) == 1, env
    review = {"secretariat": 200, "fp": 200, "expert": 200, "observer": 200, "newcomer": 200,
              "supplementary": 200 if sup_now else 404}
    for role, api in S["api"].items():
        proof_cell("envelope " + role, api, env[0][0], review.get(role, 404), bad)
    print(f"proofacc dialogue: {len(S['api']) * 3} cells, {len(bad)} failed")
    assert not bad, bad


@test
def proofacc_disclosed_record():
    """Para 37, R101: a message the reviewed State discloses alone opens
    its proof and salt to whom it opens its text (every State party's
    people, the replaced reviewer's among them; then the public), never
    its siblings'; withdrawn, it is closed again."""
    fp = S["api"]["fp"]
    rec, sib = S["after"], S["before"]
    path = "/api/v1/reviews/%s/disclosures" % S["z"]

    def choose(choice):
        r = fp.send("POST", path, {"what": "dialogue", "item": "message:%d" % rec,
                                   "choice": choice})
        assert r.status == 201, (choice, r.status, r.text[:300])
    base = {"secretariat": 200, "fp": 200, "newcomer": 200, "reviewer": 404, "reviewer_fp": 404,
            "other_state": 404, "stakeholder": 404, "anonymous": 404}
    bad = []
    choose("states")
    states = dict(base, reviewer=200, reviewer_fp=200, other_state=200)
    for role in ("expert", "observer", "supplementary"):
        states[role] = 200
    dialogue_table(lambda role, r: states[role], [rec], bad)
    # The sibling stays closed to who is outside the thread.
    for role in ("reviewer", "other_state", "stakeholder", "anonymous"):
        proof_cell("sibling " + role, S["api"][role], sib, 404, bad)
    choose("public")
    public = dict(states, stakeholder=200, anonymous=200)
    dialogue_table(lambda role, r: public[role], [rec], bad)
    for role in ("reviewer", "other_state", "stakeholder", "anonymous"):
        proof_cell("sibling " + role, S["api"][role], sib, 404, bad)
    choose("withdraw")
    for role in ("reviewer", "other_state", "stakeholder", "anonymous"):
        proof_cell("withdrawn " + role, S["api"][role], rec, 404, bad)
    print(f"proofacc disclosed: {len(bad)} failed")
    assert not bad, bad


@test
def proofacc_channel_records():
    """Para 33: a channel's records (its envelope too) go with their proofs
    to the channel's States and the Secretariat only: not to the reviewed
    State when the channel does not name it, not to an observer, another
    State, a stakeholder or the anonymous."""
    ch = sys.modules.get("channel")
    assert ch and ch.S.get("secret"), "the channel scenario is needed (run channel first)"
    C = ch.S
    S["missing"] = S.get("missing") or missing_text()
    a = C["api"]
    base = "/api/v1/reviews/%s/phases/1/channels" % C["z"]
    r = a["secretariat"].get(base + "/%d" % C["za"])
    assert r.status == 200, r.text[:300]
    za_item = r.json()["items"][0]["id"]
    ab_thread = sql("SELECT thread FROM archive_records WHERE seq = ?", C["secret"])[0][0]
    ab_env = sql("SELECT seq FROM archive_records WHERE kind = 'thread' AND thread = ?",
                 ab_thread)
    assert len(ab_env) == 1, ab_env
    ab = {r: 404 for r in ch.ROLES}
    ab.update(secretariat=200, fp_a=200, ex_a=200, ex_b=200)
    za = {r: 404 for r in ch.ROLES}
    za.update(secretariat=200, fp_z=200, ex_z=200, fp_a=200, ex_a=200)
    bad = []
    for role in ch.ROLES:
        for rec, chan, want in ((C["secret"], C["ab"][0], ab[role]),
                                (ab_env[0][0], C["ab"][0], ab[role]),
                                (za_item, C["za"], za[role])):
            got = proof_cell(role, a[role], rec, want, bad)
            if a[role].email and rec != ab_env[0][0]:
                read = a[role].get(base + "/%d/messages/%d" % (chan, rec)).status
                if (read == 200) != (got == 200):
                    bad.append(("read rule", role, rec, read, got))
    print(f"proofacc channel: {len(ch.ROLES) * 3} cells, {len(bad)} failed")
    assert not bad, bad
