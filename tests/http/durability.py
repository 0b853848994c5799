"""Durability (issue 10, "a crash at any moment loses no acknowledged
write"): a server killed with SIGKILL at random moments while several
clients write, restarted each time, keeps every write it acknowledged.
Two streams, each on its own database and server: invitations (each
with its outbox message, in one transaction) from three signed-in
clients; and the country-review writes of issue 10 (answers, dialogue
messages and documents, observations, list saves and agreements) from
five clients with API tokens, checked after every restart (SEED).  On
SQLite and, under REVMECH_TEST_PG, PostgreSQL.  Registered into run.py
(which starts and counts)."""
import http.client
import json
import os
import random
import re
import signal
import threading
import time

R = None
TESTS = []


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def test(fn):
    TESTS.append(fn)
    return fn


@test
def sigkill_during_writes_loses_nothing_acknowledged():
    db = R["new_db"]("durable")
    rc, _, err = R["run_cli"]("init", "--db", db)
    assert rc == 0, err
    rc, _, err = R["run_cli"]("user", "add", "--db", db, "--email", "sec@example.org",
                              "--role", "secretariat", "--password-stdin", stdin=R["PW"] + "\n")
    assert rc == 0, err
    rnd = random.Random(20261201)  # reproducible kill moments
    kills, writers = 20, 3
    acked, lock = [], threading.Lock()
    log = open(os.path.join(R["TMP"], "durable.log"), "w")
    proc, port = R["start_extra"](db, R["ENV"], log)
    clients = []
    for w in range(writers):
        c = R["Client"](ip=f"10.9.0.{w + 1}", port=port)
        c.login("sec@example.org")
        clients.append(c)
    seq = [0]

    def writer(c, w, stop):
        while not stop.is_set():
            with lock:
                seq[0] += 1
                email = f"d{seq[0]}.w{w}@example.org"
            try:
                r = c.get("/admin/users")
                tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
                r = c.post("/admin/invite", {"email": email, "role": "stakeholder", "csrf": tok})
            except (OSError, http.client.HTTPException, AttributeError):
                continue  # the server died: outcome unknown, not acknowledged
            if r.status in (200, 303):
                with lock:
                    acked.append(email)
    try:
        for k in range(kills):
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(c, w, stop))
                       for w, c in enumerate(clients)]
            for t in threads:
                t.start()
            time.sleep(0.15 + rnd.random() * 0.35)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join(timeout=40)
            proc, port = R["start_extra"](db, R["ENV"], log)
            for c in clients:
                c.port = port
        assert len(acked) >= kills, f"only {len(acked)} writes acknowledged in {kills} rounds"
        rows = R["sql_on"](db, "SELECT i.email, (SELECT COUNT(*) FROM outbox o "
                           "WHERE o.recipient = i.email) FROM invitations i")
        have = dict(rows)
        lost = [e for e in acked if e not in have]
        assert not lost, f"{len(lost)} of {len(acked)} acknowledged invitations lost: {lost[:5]}"
        # Each invitation came with its message, never one without the other.
        assert all(n == 1 for n in have.values()), [e for e, n in have.items() if n != 1][:5]
        outbox = R["sql_on"](db, "SELECT COUNT(*) FROM outbox")[0][0]
        assert outbox == len(have), (outbox, len(have))
        if not R["PG"]:
            assert R["sql_on"](db, "PRAGMA integrity_check") == [("ok",)]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    sanitizer_clean(log.name)


def sanitizer_clean(path):
    """The sanitized server reported nothing, through any of its lives."""
    text = open(path, encoding="utf-8", errors="replace").read()
    for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer", "bug:"):
        assert bad not in text, text[max(0, text.index(bad) - 200):][:3000]


# ------------------------------------------------------------------
# The country-review writes (issue 10): answers, dialogue messages (a
# document now and then), observations, list saves and agreements.

PDF = b"%PDF-1.4\n% compte rendu\n" + b"y" * 300
# The kill moments (REVMECH_DURABILITY_SEED to try others); the writers'
# interleaving is the machine's.
SEED = int(os.environ.get("REVMECH_DURABILITY_SEED", "20261202"))


class Tok:
    """A client of the API with a bearer token (no cookie, no CSRF)."""

    def __init__(self, email, port):
        c = R["Client"](port=port)
        c.login(email)
        r = c.request("POST", "/api/v1/tokens",
                      body=json.dumps({"name": "durability", "password": R["PW"]}),
                      headers={"X-CSRF-Token": c.csrf("/account")})
        assert r.status == 201, (email, r.status, r.text[:200])
        self.tok = r.json()["token"]
        self.email = email
        self.c = R["Client"](port=port)

    def send(self, method, path, body=None, raw=None, ctype=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.c.request(method, path, body=data, ctype=ctype,
                              headers={"Authorization": "Bearer " + self.tok})

    def get(self, path):
        return self.send("GET", path)


def review_rows(db):
    rows = R["sql_on"](db, "SELECT a.reviewed, a.reviewer, a.role FROM lots_assignments a "
                       "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
                       "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
                       "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    by = {}
    for rv, rr, role in rows:
        by.setdefault(rv, []).append((rr, role))
    return by


def cli_ok(*args, stdin=None):
    rc, out, err = R["run_cli"](*args, stdin=stdin)
    assert rc == 0, (args, rc, out, err)
    return out


def set_up_reviews(db, port):
    """On db: a draw; two reviews of cohort 1 with their people, X still
    answering and Y's responses submitted; every focal point of Y's parties
    named through the Secretariat's page; questionnaires adopted through
    the CLI, phase 1 opened, the questionnaires opened through the API."""
    cli_ok("draw", "meeting", "--db", db, "--ref", "WG/2026/7", "--date", "2026-07-01",
           "--title", "Working group")
    cli_ok("draw", "lots", "--db", db, "--seed", "%064d" % 7, "--meeting", "WG/2026/7")
    by = review_rows(db)
    # Two reviews sharing no State.
    names = sorted(by)
    x = names[0]
    inv_x = {x} | {r for r, _ in by[x]}
    y = next(n for n in names[1:] if not ({n} | {r for r, _ in by[n]}) & inv_x)
    people = {}

    def user(key, role, state):
        email = f"{key}@dur.example"
        cli_ok("user", "add", "--db", db, "--email", email, "--role", role, "--state", state,
               "--password-stdin", stdin=R["PW"] + "\n")
        people[key] = (email, state)

    user("xfp", "focal_point", x)
    user("xex", "expert", x)
    user("yfp", "focal_point", y)
    for i, (st, role) in enumerate(by[y]):
        user(f"r{i}fp", "focal_point", st)
        if i == 0:
            user("rex", "expert", st)
    out = cli_ok("questionnaire", "list", "--db", db)
    ids = [l.split("\t")[0] + ":" + l.split("\t")[1] for l in out.splitlines()[1:] if l.strip()]
    assert ids, out
    cli_ok("questionnaire", "adopt", "--db", db, "--decision", "CTOC/COP/TEST/1", "--date",
           "2026-01-01", "--by", "sec@example.org", *ids)
    cli_ok("phase", "open", "--db", db, "--cohort", "1", "--phase", "1", "--by", "sec@example.org")
    sec = R["Client"](port=port)
    sec.login("sec@example.org")
    tok = sec.csrf("/dashboard")
    for key, (email, st) in people.items():
        if key.endswith("fp"):
            r = sec.post(f"/country/{st}/focal-point", {"action": "name", "email": email,
                                                         "csrf": tok})
            assert r.status == 303, (key, r.status, r.text[:300])
    api = {k: Tok(e, port) for k, (e, _) in people.items()}
    stok = sec.csrf("/account")
    q = {}
    for st in (x, y):
        b = "/api/v1/reviews/%s/phases/1" % st
        r = sec.request("POST", b + "/questionnaire", body="", headers={"X-CSRF-Token": stok})
        assert r.status == 200, (r.status, r.text[:300])
        q[st] = api["xfp" if st == x else "yfp"].get(b + "/questionnaire").json()
    # Y answers everything and submits (para 34): observations and the
    # list need submitted responses.
    by_ = "/api/v1/reviews/%s/phases/1" % y
    for qn in q[y]["questionnaires"]:
        for s in qn["sections"]:
            if s["applies"]:
                for qq in s["questions"]:
                    r = api["yfp"].send("PUT", by_ + "/responses/" + qq["id"],
                                        {"base_version": 0, "lang": "fr",
                                         "value": RESP_VALUE(qq)})
                    assert r.status == 200, (qq["id"], r.status, r.text[:200])
    r = api["yfp"].send("POST", by_ + "/submit")
    assert r.status == 200, (r.status, r.text[:300])
    free = [qq["id"] for qn in q[x]["questionnaires"] for s in qn["sections"] if s["applies"]
            for qq in s["questions"] if qq["type"] == "free_text"]
    yq = [qq["id"] for qn in q[y]["questionnaires"] for s in qn["sections"] if s["applies"]
          for qq in s["questions"] if qn["instrument"] == "untoc"]
    assert len(free) >= 4 and yq, (len(free), len(yq))
    insts = {st: [qn["instrument"] for qn in q[st]["questionnaires"]] for st in (x, y)}
    agreeing = ["yfp"] + [k for k in people if k.startswith("r") and k.endswith("fp")]
    return {"x": x, "y": y, "api": api, "free": free[:4], "yq": yq[0], "insts": insts,
            "people": people, "agreeing": agreeing, "sec": sec}


def RESP_VALUE(q):
    return __import__("response").value_for(q)


DEAD = (OSError, http.client.HTTPException, ValueError, KeyError, TypeError)


class Acks:
    """Everything the server acknowledged, under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []       # (question, version, value text)
        self.messages = []      # (reviewed, id, text or None, document bytes or None)
        self.observations = []  # (id, text)
        self.saves = []         # list versions
        self.agreements = []    # (party, version)
        self.summaries = []     # (version, text) of Y's summary in French
        self.sagreements = []   # (party, version) of that summary
        self.unknown = 0        # writes whose outcome the kill hid
        self.refused = {}       # status -> count (409 conflicts, 503 ...)

    def add(self, what, row):
        with self.lock:
            getattr(self, what).append(row)

    def lost(self):
        with self.lock:
            self.unknown += 1

    def no(self, status):
        with self.lock:
            self.refused[status] = self.refused.get(status, 0) + 1


def base_of(st):
    return "/api/v1/reviews/%s/phases/1" % st


def post_message(acks, t, st, inst, tag, doc):
    """One message (or, doc true, one document) in st's thread of inst."""
    b = base_of(st)
    if doc:
        body = PDF + tag.encode()
        r = t.send("POST", b + "/messages/attachments?instrument=%s&filename=%s.pdf"
                   % (inst, tag), raw=body, ctype="application/octet-stream")
        if r.status == 201:
            acks.add("messages", (st, r.json()["id"], None, body))
        else:
            acks.no(r.status)
        return
    text = "Message %s : la réponse sur l'article 5 est à préciser." % tag
    r = t.send("POST", b + "/messages", {"instrument": inst, "kind": "message",
                                         "title": "Objet " + tag, "text": text})
    if r.status == 201:
        acks.add("messages", (st, r.json()["id"], text, None))
    else:
        acks.no(r.status)


def answer_writer(ctx, acks, key, qs, rnd):
    """The reviewed State X's focal point or expert: drafts of its two
    questions, each on the version it last saw; a message now and then."""
    t = ctx["api"][key]
    known = {q: 0 for q in qs}
    n = [0]

    def step():
        n[0] += 1
        tag = "%s-%d" % (key, n[0])
        if n[0] % 4 == 0:
            post_message(acks, t, ctx["x"], ctx["insts"][ctx["x"]][0], tag, n[0] % 8 == 0)
            return
        q = qs[n[0] % len(qs)]
        value = "Réponse %s du ministère." % tag
        r = t.send("PUT", base_of(ctx["x"]) + "/responses/" + q,
                   {"base_version": known[q], "lang": "fr", "value": value})
        if r.status == 200:
            known[q] = r.json()["version"]
            acks.add("answers", (q, known[q], value))
            return
        acks.no(r.status)
        if r.status == 409:  # a write whose answer the kill hid landed
            known[q] = r.json()["current"]["version"]
    return step


def observation_writer(ctx, acks, rnd):
    """A reviewing State's expert: observations on Y's answers, a message
    (a document now and then) in Y's thread."""
    t = ctx["api"]["rex"]
    n = [0]

    def step():
        n[0] += 1
        tag = "rex-%d" % n[0]
        if n[0] % 3 == 0:
            post_message(acks, t, ctx["y"], "untoc", tag, n[0] % 6 == 0)
            return
        text = "Observation %s : préciser la pratique des juridictions." % tag
        r = t.send("POST", base_of(ctx["y"]) + "/observations",
                   {"question": ctx["yq"], "type": "comment", "text": text})
        if r.status == 201:
            acks.add("observations", (r.json()["id"], text))
        else:
            acks.no(r.status)
    return step


def list_writer(ctx, acks, rnd):
    """A reviewing State's focal point saves a new version of Y's list on
    the one it last saw, then the reviewing States' focal points agree."""
    t = ctx["api"]["r0fp"]
    path = base_of(ctx["y"]) + "/list"
    known = [None]
    n = [0]

    def agree(key, v):
        r = ctx["api"][key].send("POST", path + "/agree", {"version": v})
        if r.status == 200:
            acks.add("agreements", (ctx["people"][key][1], v))
        else:
            acks.no(r.status)

    def step():
        n[0] += 1
        if known[0] is None:
            known[0] = t.get(path).json()["version"]
        item = {"instrument": "untoc", "article": 5, "type": "gap",
                "text": "Lacune relevée, version %d." % n[0]}
        r = t.send("PUT", path, {"base_version": known[0], "items": [item]})
        if r.status != 200:
            acks.no(r.status)
            known[0] = None
            return
        v = r.json()["version"]
        known[0] = v
        acks.add("saves", v)
        for key in ctx["agreeing"]:
            if key != "yfp":
                agree(key, v)
    return step


def agree_writer(ctx, acks, rnd):
    """The reviewed State Y's focal point agrees to the version it reads."""
    t = ctx["api"]["yfp"]
    path = base_of(ctx["y"]) + "/list"

    def step():
        j = t.get(path).json()
        v = j["version"]
        mine = [p for p in j.get("parties", []) if p.get("state") == ctx["y"]]
        if v == 0 or (mine and mine[0].get("agreed")):
            time.sleep(0.02)
            return
        r = t.send("POST", path + "/agree", {"version": v})
        if r.status == 200:
            acks.add("agreements", (ctx["y"], v))
        else:
            acks.no(r.status)
    return step


def summary_writer(ctx, acks, rnd):
    """A reviewing State's expert saves Y's summary (para 38) on the
    version it last saw; every party's focal point then agrees (para 39)."""
    t = ctx["api"]["s_rex"]
    path = base_of(ctx["y"]) + "/summary"
    known = [None]
    n = [0]

    def step():
        n[0] += 1
        if known[0] is None:
            r = t.get(path + "/fr")
            known[0] = 0 if r.status == 404 else r.json()["version"]
        text = "Résumé de l'examen, version %d : les autorités coopèrent." % n[0]
        r = t.send("PUT", path + "/fr", {"text": text, "base": known[0]})
        if r.status != 200:
            acks.no(r.status)
            known[0] = None
            return
        v = r.json()["version"]
        known[0] = v
        acks.add("summaries", (v, text))
        # A summary is agreed only on a final list (para 38, R111; 409
        # list_not_final otherwise, a refusal): the parties first agree to
        # the list version they read, unless it is final already.
        lr = t.get(base_of(ctx["y"]) + "/list")
        lj = lr.json() if lr.status == 200 else {}
        if lj.get("version") and not lj.get("final"):
            for key in ctx["agreeing"]:
                r = ctx["api"]["s_" + key].send("POST", base_of(ctx["y"]) + "/list/agree",
                                                {"version": lj["version"]})
                if r.status == 200:
                    acks.add("agreements", (ctx["people"][key][1], lj["version"]))
                else:
                    acks.no(r.status)
        for key in ctx["agreeing"]:
            r = ctx["api"]["s_" + key].send("POST", path + "/agree", {"version": v})
            if r.status == 200:
                acks.add("sagreements", (ctx["people"][key][1], v))
            else:
                acks.no(r.status)
    return step


def check_acks(ctx, db, acks, docs_seen):
    """Every acknowledged write is there, once: answers with their version
    and text, messages readable with their text (documents with their
    bytes), observations, list versions and agreements; the archive
    verifies."""
    sec = ctx["api"]["sectok"]
    with acks.lock:
        answers = list(acks.answers)
        messages = list(acks.messages)
        observations = list(acks.observations)
        saves = list(acks.saves)
        agreements = list(acks.agreements)
        summaries = list(acks.summaries)
        sagreements = list(acks.sagreements)
    # Nothing acknowledged twice.
    keys = [(q, v) for q, v, _ in answers]
    assert len(keys) == len(set(keys)), ("an answer version acknowledged twice",
                                         sorted(k for k in keys if keys.count(k) > 1)[:5])
    mids = [m[1] for m in messages] + [o[0] for o in observations]
    assert len(mids) == len(set(mids)), "a record id acknowledged twice"
    assert len(saves) == len(set(saves)), ("a list version acknowledged twice", saves)
    assert len(agreements) == len(set(agreements)), ("an agreement acknowledged twice",
                                                     agreements)
    sv = [v for v, _ in summaries]
    assert len(sv) == len(set(sv)), ("a summary version acknowledged twice", sv)
    assert len(sagreements) == len(set(sagreements)), ("a summary agreement acknowledged "
                                                       "twice", sagreements)
    # Answers: each acknowledged version holds the text acknowledged.  X's
    # answers are drafts: read by X's focal point (F23, B18: the Secretariat
    # reads drafts only on a request for support, none here).
    for q in ctx["free"]:
        r = ctx["api"]["xfp"].get(base_of(ctx["x"]) + "/responses/" + q)
        assert r.status == 200, (q, r.status, r.text[:200])
        hist = {h["version"]: h["value"] for h in r.json()["history"]}
        for qq, v, val in answers:
            if qq == q:
                assert hist.get(v) == val, ("acknowledged answer lost", q, v, val, hist.get(v))
    # Messages, documents, observations: read back through the API.
    for st in (ctx["x"], ctx["y"]):
        r = sec.get(base_of(st) + "/messages")
        assert r.status == 200, (r.status, r.text[:200])
        items = {it["id"]: it for t in r.json()["threads"] for it in t["items"]}
        for mst, mid, text, doc in messages:
            if mst != st:
                continue
            assert mid in items, ("acknowledged message lost", st, mid, text)
            if text is not None:
                assert items[mid].get("text") == text, (mid, items[mid])
            elif mid not in docs_seen:
                d = sec.get(base_of(st) + "/messages/%d" % mid)
                assert d.status == 200 and d.body == doc, ("document unreadable", mid, d.status)
                docs_seen.add(mid)
    r = sec.get(base_of(ctx["y"]) + "/observations")
    assert r.status == 200, (r.status, r.text[:200])
    obs = {o["id"]: o for o in r.json()["observations"]}
    for oid, text in observations:
        assert oid in obs, ("acknowledged observation lost", oid)
        assert obs[oid].get("text") == text, (oid, obs[oid])
    # The list's versions and the agreements, each with its archive record.
    lid = R["sql_on"](db, "SELECT id FROM obs_lists WHERE reviewed = ? AND phase = 1", ctx["y"])
    have_v = {v for (v,) in R["sql_on"](db, "SELECT version FROM obs_list_versions "
                                        "WHERE list_id = ?", lid[0][0])} if lid else set()
    lost = [v for v in saves if v not in have_v]
    assert not lost, ("acknowledged list versions lost", lost)
    rows = R["sql_on"](db, "SELECT a.party, a.version, COUNT(r.seq) FROM obs_agreements a "
                       "JOIN obs_lists l ON l.id = a.list_id LEFT JOIN archive_records r "
                       "ON r.seq = a.archive_seq AND r.kind = 'agreement' WHERE l.reviewed = ? "
                       "GROUP BY a.party, a.version", ctx["y"])
    have_a = {(p, v): n for p, v, n in rows}
    lost = [a for a in agreements if have_a.get(a) != 1]
    assert not lost, ("acknowledged agreements lost or without their record", lost,
                      {a: have_a.get(a) for a in lost})
    # The summary's versions with their text, and its agreements.
    rows = R["sql_on"](db, "SELECT v.version, v.body FROM summary_versions v JOIN summaries s "
                       "ON s.id = v.summary_id WHERE s.reviewed = ? AND s.phase = 1 "
                       "AND v.lang = 'fr'", ctx["y"])
    have_s = dict(rows)
    lost = [(v, t) for v, t in summaries if have_s.get(v) != t]
    assert not lost, ("acknowledged summary versions lost", lost[:3])
    rows = R["sql_on"](db, "SELECT a.party, a.version FROM summary_agreements a JOIN summaries s "
                       "ON s.id = a.summary_id WHERE s.reviewed = ? AND s.phase = 1", ctx["y"])
    have_sa = set(rows)
    lost = [a for a in sagreements if a not in have_sa]
    assert not lost, ("acknowledged summary agreements lost", lost)
    rc, out, err = R["run_cli"]("archive", "verify", *R["serve_db"](db))
    assert rc == 0, ("archive verify", rc, out, err)


@test
def sigkill_during_review_writes_loses_nothing_acknowledged():
    """Issue 10: answers, dialogue messages (documents now and then),
    observations, list saves and agreements, summary saves and agreements
    from six writers with API tokens; the server killed with SIGKILL at 20 seeded random moments
    (SEED) and restarted: after each restart and at the end every
    acknowledged write is there, none twice, and the archive verifies."""
    db = R["new_db"]("durable_review")
    cli_ok("init", "--db", db)
    cli_ok("user", "add", "--db", db, "--email", "sec@example.org", "--role", "secretariat",
           "--password-stdin", stdin=R["PW"] + "\n")
    log = open(os.path.join(R["TMP"], "durable-review.log"), "w")
    proc, port = R["start_extra"](db, R["ENV"], log, "--threads", "4")
    t0 = time.monotonic()
    try:
        ctx = set_up_reviews(db, port)
        ctx["api"]["sectok"] = Tok("sec@example.org", port)
        for key in ["rex"] + ctx["agreeing"]:  # the summary writer's own tokens
            ctx["api"]["s_" + key] = Tok(ctx["people"][key][0], port)
        print(f"durability: X {ctx['x']} answering, Y {ctx['y']} submitted, agreeing "
              f"{ctx['agreeing']}; set up in {time.monotonic() - t0:.1f}s; seed {SEED}")
        rnd = random.Random(SEED)
        acks = Acks()
        steps = [answer_writer(ctx, acks, "xfp", ctx["free"][:2], rnd),
                 answer_writer(ctx, acks, "xex", ctx["free"][2:], rnd),
                 observation_writer(ctx, acks, rnd), list_writer(ctx, acks, rnd),
                 agree_writer(ctx, acks, rnd), summary_writer(ctx, acks, rnd)]

        def run(step, stop):
            while not stop.is_set():
                try:
                    step()
                except DEAD:  # the server died mid-write: outcome unknown
                    acks.lost()
                    time.sleep(0.01)

        docs_seen = set()
        kills = 20
        for k in range(kills):
            stop = threading.Event()
            threads = [threading.Thread(target=run, args=(s, stop)) for s in steps]
            for t in threads:
                t.start()
            time.sleep(0.25 + rnd.random() * 0.6)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join(timeout=40)
            proc, port = R["start_extra"](db, R["ENV"], log, "--threads", "4")
            for t in ctx["api"].values():
                t.c.port = port
            check_acks(ctx, db, acks, docs_seen)
        docs_seen.clear()
        check_acks(ctx, db, acks, docs_seen)
        n = {w: len(getattr(acks, w)) for w in ("answers", "messages", "observations", "saves",
                                                 "agreements", "summaries", "sagreements")}
        print(f"durability: {kills} kills, acknowledged {n}, documents {len(docs_seen)}, "
              f"unknown {acks.unknown}, refused {acks.refused}, "
              f"{time.monotonic() - t0:.1f}s")
        assert all(v > 0 for v in n.values()), n
        assert docs_seen, "no document acknowledged"
        # The checks are live: a write acknowledged but absent, or one
        # acknowledged twice, is reported.
        ghosts = [("answers", (ctx["free"][0], 10 ** 6, "absent"), "lost"),
                  ("messages", (ctx["x"], 10 ** 9, "absent", None), "lost"),
                  ("observations", (10 ** 9, "absent"), "lost"),
                  ("saves", 10 ** 6, "lost"), ("agreements", (ctx["y"], 10 ** 6), "lost"),
                  ("answers", acks.answers[0], "twice"),
                  ("agreements", acks.agreements[0], "twice"),
                  ("summaries", (10 ** 6, "absent"), "lost"),
                  ("sagreements", (ctx["y"], 10 ** 6), "lost"),
                  ("sagreements", acks.sagreements[0], "twice")]
        for what, row, says in ghosts:
            getattr(acks, what).append(row)
            try:
                check_acks(ctx, db, acks, docs_seen)
                raise RuntimeError(f"an acknowledged {what} {row} {says} went unnoticed")
            except AssertionError as e:
                assert says in str(e), (what, str(e)[:300])
            getattr(acks, what).pop()
        if not R["PG"]:
            assert R["sql_on"](db, "PRAGMA integrity_check") == [("ok",)]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    sanitizer_clean(log.name)
