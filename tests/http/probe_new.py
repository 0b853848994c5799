"""Outside probe of the features merged in session 5 (helper "probe",
session 6), kept as a regression test: one table of cases, roles x the new
artefacts, each cell the answer B18 and the lead's decisions call for.

Artefacts: the word-level comparison of two versions of an answer (page
and API, issue 9), before and after the submission, of a Convention
question (outside the supplementary reviewer's charge, C47) and of a
question of the supplementary reviewer's own Protocol; the national
consultations of para 23 (R75, page and API); the people and shares API
(paras 18, 27, 32; R14, R17-R20); the directory (C44); the consultations of
para 31 (R83-R84); the workplan as the programme publishes it (R33, R38:
public, no write over the web); the requests of a drawing meeting (R237,
C42: the Secretariat's, in a session).

Columns: the reviewed State X's named focal point (rfp), its expert for
every instrument (rex), its expert for a Protocol only (rexn, R20), its
observer (rob); a regular reviewer's focal point and expert (vfp, vex);
the supplementary reviewer's (para 28 b) focal point and expert (sfp, sex);
another State party's focal point (oth); the Secretariat (sec); a
stakeholder (ngo); anonymous (anon).  Cells:

  200 201 303 400 401 403   the status
  V   200 and the artefact visible in it (its marker)
  H   200 without it
  R   refused: 401, 403 or 405, and nothing written
  -   not checked

Rules applied (B18; paras 21, 37, 40, 41; C15, C33, C47; lead decision
C15/C47 of session 4, access is monotone): drafts, and the earlier versions
of an answer after submission, are the reviewed State's and the
Secretariat's; the submitted version is every State party's in the secure
module (a supplementary reviewer reads it as a State party, audited
"state_party:<instrument>"); the national consultations are part of the
responses: read as the questionnaire as a whole, written by who writes the
answers, until submission; a disclosure of one instrument's answers (para
41: "tout ou partie") does not disclose them.  Every read of the responses,
the consultations included, is audited.

Registered by tests/http/run.py (before draws.py, which replaces the draw);
uses its helpers through R."""
import json

R = {}
TESTS = []
S = {}

ROLES = ["rfp", "rex", "rexn", "rob", "vfp", "vex", "sfp", "sex", "oth", "sec", "ngo", "anon"]

# F23 (probe s8; B18 "Draft responses": the Secretariat "on request
# (support)"): the sec cells of compare and owncompare (drafts, before; the
# earlier drafts, after) and of natcons before (the consultations are read
# as the responses as a whole) are refused now: they were V with no request
# for support recorded anywhere, and none is made here.
# artefact      op    via   when    rfp rex rexn rob  vfp vex sfp sex  oth  sec  ngo anon
TABLE = """
compare         read  page  before  V   V   V    V    403 403 403 403  403  403  403 303
compare         read  api   before  V   V   V    V    403 403 403 403  403  403  403 401
owncompare      read  page  before  V   V   V    V    403 403 403 403  403  403  403 303
owncompare      read  api   before  V   V   V    V    403 403 403 403  403  403  403 401
compare         read  page  after   V   V   V    V    403 403 403 403  403  403  403 303
compare         read  api   after   V   V   V    V    403 403 403 403  403  403  403 401
owncompare      read  api   after   V   V   V    V    403 403 403 403  403  403  403 401
comparelast     read  page  after   V   V   V    V    V   V   V   V    V    V    403 303
comparelast     read  api   after   V   V   V    V    V   V   V   V    V    V    403 401
natcons         read  api   before  V   V   V    V    403 403 403 403  403  403  403 401
natcons         read  page  before  V   V   V    V    H   H   H   H    H    H    403 303
natcons         write api   before  201 201 201  403  403 403 403 403  403  403  403 403
natcons         write page  before  303 303 303  403  403 403 403 403  403  403  403 403
natcons         read  api   after   V   V   V    V    V   V   V   V    V    V    403 401
natcons         read  page  after   V   V   V    V    V   V   V   V    V    V    403 303
natcons         write api   after   403 403 403  403  403 403 403 403  403  403  403 403
natcons         write page  after   403 403 403  403  403 403 403 403  403  403  403 403
people          read  api   both    V   V   V    V    V   V   V   V    403  V    403 401
experts         write api   both    200 403 403  403  403 403 403 403  403  200  403 403
representative  write api   both    403 403 403  403  403 403 403 403  403  200  403 403
taskout         write api   before  403 403 403  403  403 403 400 403  403  400  403 403
taskown         write api   before  403 403 403  403  403 403 201 403  403  400  403 403
directory       read  api   both    V   V   V    V    V   V   V   V    V    V    H   H
directory       read  page  both    V   V   V    V    V   V   V   V    V    V    H   H
consultations   read  api   both    V   V   V    V    V   V   V   V    403  V    403 401
consultations   write api   both    201 403 403  403  403 403 403 403  403  201  403 403
programme       read  page  both    200 200 200  200  200 200 200 200  200  200  200 200
programme       read  api   both    200 200 200  200  200 200 200 200  200  200  200 200
programme       write api   both    R   R   R    R    R   R   R   R    R    R    R   R
lotsreq         read  page  both    403 403 403  403  403 403 403 403  403  200  403 303
lotsreq         write page  both    403 403 403  403  403 403 403 403  403  200  403 403
"""

EARLY = "Premier brouillon sonde : la loi penale de 2001"
DRAFT = "Brouillon sonde : la loi penale de 2004 et son decret"
OWN_EARLY = "Protocole, premier brouillon sonde"
OWN_DRAFT = "Protocole, second brouillon sonde"
NC_TEXT = "Consultation sonde avec les ONG et les universites"


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sql(q, *p):
    return R["sql"](q, *p)


def base():
    return "/api/v1/reviews/%s/phases/1" % S["X"]


def page():
    return "/reviews/%s/phases/1/responses" % S["X"]


def version_of(question):
    rows = sql("SELECT version FROM responses WHERE reviewed = ? AND phase = 1 AND question = ?",
               S["X"], question)
    return rows[0][0] if rows else 0


def is_json(r):
    return "json" in (r.header("Content-Type") or "")


def compare_marker(early, now):
    def m(r):
        if is_json(r):
            d = r.json().get("diff") or []
            was = "".join(x["text"] for x in d if x["op"] != "insert")
            is_ = "".join(x["text"] for x in d if x["op"] != "delete")
            return was == early and is_ == now
        return 'id="diff"' in r.text and early.split()[0] in r.text
    return m


def last_marker(r):
    if is_json(r):
        d = r.json()
        return d["from"]["version"] == d["to"]["version"] and DRAFT in d["diff"][0]["text"]
    return 'id="diff"' in r.text and DRAFT in r.text and "<del>" not in r.text


def natcons_marker(r):
    if is_json(r):
        return any(c["summary"] == NC_TEXT for c in r.json()["consultations"])
    return 'id="national-consultations"' in r.text and NC_TEXT in r.text


ARTEFACTS = {
    "compare": {
        "read": {"page": lambda: page() + "/%s/compare" % S["q"],
                 "api": lambda: base() + "/responses/%s/compare" % S["q"]},
        "marker": compare_marker(EARLY, DRAFT),
    },
    "owncompare": {
        "read": {"page": lambda: page() + "/%s/compare" % S["oq"],
                 "api": lambda: base() + "/responses/%s/compare" % S["oq"]},
        "marker": compare_marker(OWN_EARLY, OWN_DRAFT),
    },
    "comparelast": {
        "read": {"page": lambda: page() + "/%s/compare?from=%d&to=%d" % (S["q"], S["qv"], S["qv"]),
                 "api": lambda: base() + "/responses/%s/compare?from=%d&to=%d"
                 % (S["q"], S["qv"], S["qv"])},
        "marker": last_marker,
    },
    "natcons": {
        "read": {"page": page, "api": lambda: base() + "/consultations"},
        "marker": natcons_marker,
        "write": {
            "api": lambda: ("POST", base() + "/consultations",
                            {"held_on": "2026-11-02", "sectors": ["ngo"],
                             "summary": "Consultation de la table"}, None),
            "page": lambda: ("POST", "/reviews/%s/phases/1/consultations" % S["X"],
                             {"held_on": "2026-11-03", "sector_academia": "1",
                              "summary": "Consultation de la table (page)"}, None),
        },
    },
    "people": {
        "read": {"api": lambda: "/api/v1/reviews/%s/people" % S["X"]},
        "marker": lambda r: S["mail"]["rex"] in r.text and S["mail"]["sex"] in r.text,
    },
    "experts": {
        "write": {"api": lambda: ("PUT", "/api/v1/reviews/%s/people/%s/experts/%s"
                                  % (S["X"], S["X"], S["mail"]["rex"]),
                                  {"instruments": []}, None)},
    },
    "representative": {
        "write": {"api": lambda: ("PUT", "/api/v1/reviews/%s/people/%s/representative"
                                  % (S["X"], S["X"]),
                                  {"name": "Mission permanente", "email": "pr@probe.test",
                                   "lang": "fr"}, None)},
    },
    # A share of the review for the supplementary reviewer's expert on the
    # Convention, outside its charge (para 28 b, C47): refused as such (400)
    # to who may edit that State's people, 403 to the others.
    "taskout": {
        "write": {"api": lambda: ("POST", "/api/v1/reviews/%s/tasks" % S["X"],
                                  {"state": S["sup"], "email": S["mail"]["sex"],
                                   "instrument": "untoc"}, None)},
    },
    # The same share on its own Protocol: made by its focal point (201);
    # the Secretariat's, after it, is the same share again (400).
    "taskown": {
        "write": {"api": lambda: ("POST", "/api/v1/reviews/%s/tasks" % S["X"],
                                  {"state": S["sup"], "email": S["mail"]["sex"],
                                   "instrument": S["sup_instr"][0]}, None)},
    },
    "directory": {
        "read": {"api": lambda: "/api/v1/directory", "page": lambda: "/directory"},
        "marker": lambda r: S["mail"]["rfp"] in r.text,
    },
    "consultations": {
        "read": {"api": lambda: "/api/v1/reviews/%s/consultations" % S["X"]},
        "marker": lambda r: isinstance(r.json().get("records"), list),
        "write": {"api": lambda: ("POST", "/api/v1/reviews/%s/consultations" % S["X"],
                                  {"phase": 1, "languages": ["en", "fr"]}, None)},
    },
    "programme": {
        "read": {"page": lambda: "/programme", "api": lambda: "/api/v1/programme"},
        "write": {"api": lambda: ("PUT", "/api/v1/programme", {"workplan": []}, None)},
    },
    "lotsreq": {
        "read": {"page": lambda: "/lots/programme"},
        # Without confirm=1: the Secretariat gets the confirmation step,
        # nothing is lodged.
        "write": {"page": lambda: ("POST", "/lots/request",
                                   {"meeting": "TEST/2026/1", "kind": "redraw",
                                    "reviewed": S["X"], "replace": S["regular"][0],
                                    "requested_by": S["X"], "reason": "conflict"}, None)},
    },
}


def snapshot():
    x, sup = S["X"], S["sup"]
    return sql("SELECT (SELECT COUNT(*) FROM response_consultations WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM people_events WHERE state IN (?, ?)), "
               "(SELECT COUNT(*) FROM experts WHERE state IN (?, ?)), "
               "(SELECT COUNT(*) FROM expert_tasks WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM consultations WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM representatives WHERE state = ?), "
               "(SELECT COUNT(*) FROM lots_requests), "
               "(SELECT COUNT(*) FROM response_versions WHERE reviewed = ?)",
               x, x, sup, x, sup, x, x, x, x)


class Who:
    """A signed-in client with its CSRF token, or anonymous."""

    def __init__(self, email):
        self.c = R["Client"]()
        self.tok = None
        if email:
            self.c.login(email)
            self.tok = self.c.csrf("/account")

    def get(self, path):
        return self.c.get(path)

    def write(self, method, path, data, ctype=None):
        h = {"X-CSRF-Token": self.tok} if self.tok else {}
        if path.startswith("/api/"):
            body = data if isinstance(data, bytes) else json.dumps(data)
            return self.c.request(method, path, body=body, headers=h, ctype=ctype)
        form = dict(data)
        if self.tok:
            form["csrf"] = self.tok
        return self.c.request(method, path, form=form)


def pick():
    """X: a reviewed State of the current draw with a supplementary reviewer
    in charge of Protocols only, untouched by the other suites (no focal
    point, no questionnaire opened, none of its reviewers used), one of
    whose regular reviewers V also reviews another State Y."""
    used = {"FRA", "DEU", "USA"}
    used |= {c for (c,) in sql("SELECT state FROM focal_points")}
    used |= {c for (c,) in sql("SELECT state FROM experts")}
    used |= {c for (c,) in sql("SELECT DISTINCT reviewed FROM response_questionnaires")}
    rows = sql("SELECT a.reviewed, r.year, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = a.draw_id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' ORDER BY r.year, a.reviewed, a.slot")
    by, reviews_of = {}, {}
    for reviewed, year, reviewer, role, instr in rows:
        by.setdefault((reviewed, year), []).append((reviewer, role, instr.split()))
        reviews_of.setdefault(reviewer, []).append((reviewed, instr.split()))
    for (x, year), rv in by.items():
        adds = [r for r in rv if r[1] == "additional"]
        if x in used or not adds or any(r[0] in used for r in rv) or "untoc" in adds[0][2]:
            continue
        # Its phase 1 must be one to open: the cohort's not open yet, or
        # open with X's review in it (a State that joined later, as in
        # lotsev.py, has none).
        if sql("SELECT COUNT(*) FROM cohort_phases WHERE cohort = ? AND phase = 1", year)[0][0] \
                and not sql("SELECT COUNT(*) FROM review_phase_states WHERE reviewed = ? AND "
                            "phase = 1 AND state = 'not_started'", x)[0][0]:
            continue
        regular = [r for r in rv if r[1] != "additional"]
        y = None
        for v in regular:
            others = [(o, i) for o, i in reviews_of.get(v[0], []) if o != x]
            if others:
                y = (v[0], others[0][0], others[0][1])
                break
        if not y:
            continue
        involved = {x} | {r[0] for r in rv}
        other = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code")
                     if c not in involved and c not in used)
        return x, year, regular, adds[0], other, y
    raise AssertionError("no review free for the probe's table")


def value_for(q):
    t = q["type"]
    if t == "yes_no_partly":
        return "partly"
    if t == "free_text":
        return "Reponse sonde."
    if t == "legislation_refs":
        return [{"citation": "Code penal, art. 1", "link": "https://example.org/code"}]
    if t == "ta_needs":
        return [{"description": "Formation", "priority": "medium"}]
    return []


def ok(r, want):
    assert r.status == want, (r.status, r.text[:300])
    return r


@test
def probe_new_setup():
    """Review X: questionnaires adopted, phase 1 open, X's questionnaire
    opened; the named focal points of X, of the supplementary reviewer and
    of the regular reviewer V, their experts named; two versions of a
    Convention answer and of an answer on the supplementary reviewer's
    Protocol; one national consultation."""
    x, cohort, regular, sup, other, (v, y, v_instr_y) = pick()
    if R["PG"]:
        # lotsev.py inserts consultations with explicit ids, which leaves
        # PostgreSQL's sequence behind them (test data, not the platform).
        sql("SELECT setval(pg_get_serial_sequence('consultations', 'id'), "
            "COALESCE((SELECT MAX(id) FROM consultations), 0) + 1, false)")
    S.update(X=x, cohort=cohort, regular=[r[0] for r in regular], sup=sup[0],
             sup_instr=sup[2], other=other, V=v, Y=y, v_instr_y=v_instr_y)
    lx = x.lower()
    users = {
        "rfp": (f"pnfp@{lx}.test", "focal_point", x),
        "rex": (f"pnex@{lx}.test", "expert", x),
        "rob": (f"pnob@{lx}.test", "observer", x),
        "vfp": (f"pnfp@{v.lower()}.test", "focal_point", v),
        "vex": (f"pnex@{v.lower()}.test", "expert", v),
        "sfp": (f"pnfp@{sup[0].lower()}.test", "focal_point", sup[0]),
        "sex": (f"pnex@{sup[0].lower()}.test", "expert", sup[0]),
        "oth": (f"pnfp@{other.lower()}.test", "focal_point", other),
    }
    for email, role, st in users.values():
        R["add_user"](email, role, st)
    S["mail"] = {k: u[0] for k, u in users.items()}
    S["mail"].update(sec="sec@example.org", ngo="ngo@example.org")
    R["run_cli"]("questionnaire", "adopt", "--db", R["DB"], "--decision", "CTOC/COP/TEST/PROBE",
                 "--date", "2026-01-01", "--by", "sec@example.org", "untoc-c1", "tip-c1",
                 "som-c1", "firearms-c1")  # already adopted by an earlier suite: refused, fine
    assert not sql("SELECT COUNT(*) FROM questionnaires WHERE id IN ('untoc-c1', 'tip-c1', "
                   "'som-c1', 'firearms-c1') AND status <> 'adopted'")[0][0]
    if not sql("SELECT COUNT(*) FROM cohort_phases WHERE cohort = ? AND phase = 1", cohort)[0][0]:
        rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", str(cohort),
                                    "--phase", "1", "--by", "sec@example.org")
        assert rc == 0, (rc, out, err)
    w = S["who"] = {k: Who(S["mail"][k]) for k in users}
    w.update(sec=Who("sec@example.org"), ngo=Who("ngo@example.org"), anon=Who(None))
    ok(w["sec"].write("POST", base() + "/questionnaire", {}), 200)
    people = "/api/v1/reviews/%s/people/" % x
    for fp, ex, st in (("rfp", "rex", x), ("sfp", "sex", sup[0]), ("vfp", "vex", v)):
        ok(w["sec"].write("PUT", people + st + "/focal-point", {"email": S["mail"][fp]}), 200)
        ok(w[fp].write("PUT", people + "%s/experts/%s" % (st, S["mail"][ex]),
                       {"instruments": []}), 200)
    q = ok(w["rex"].get(base() + "/questionnaire"), 200).json()
    S["qn"] = q["questionnaires"]

    def free_text(inst):
        t = next(t for t in q["questionnaires"] if t["instrument"] == inst)
        return next(qq["id"] for s in t["sections"] if s["applies"] for qq in s["questions"]
                    if qq["type"] == "free_text" and not qq.get("show_if"))
    S["q"] = free_text("untoc")
    own = [i for i in sup[2] if any(t["instrument"] == i for t in q["questionnaires"])]
    assert own, ("the supplementary reviewer's Protocols are not under review", sup[2])
    S["own"] = own[0]
    S["oq"] = free_text(own[0])
    # rexn: X's expert for the supplementary reviewer's Protocol only (R20).
    S["mail"]["rexn"] = f"pnexn@{lx}.test"
    rc, out, err = R["run_cli"]("user", "add", "--db", R["DB"], "--email", S["mail"]["rexn"],
                                "--role", "expert", "--state", x, "--instruments", own[0],
                                "--password-stdin", stdin=R["PW"] + "\n")
    assert rc == 0, (rc, out, err)
    w["rexn"] = Who(S["mail"]["rexn"])
    for qid, texts in ((S["q"], (EARLY, DRAFT)), (S["oq"], (OWN_EARLY, OWN_DRAFT))):
        for i, t in enumerate(texts):
            ok(w["rex"].write("PUT", base() + "/responses/" + qid,
                              {"base_version": i, "lang": "fr", "value": t}), 200)
    S["qv"] = version_of(S["q"])
    ok(w["rex"].write("POST", base() + "/consultations",
                      {"held_on": "2026-11-01", "sectors": ["ngo", "academia"],
                       "summary": NC_TEXT}), 201)
    print(f"probe_new: review of {x} (cohort {cohort}), reviewers {S['regular']}, "
          f"supplementary {S['sup']} for {S['sup_instr']}, other State {other}; "
          f"{v} also reviews {y}")


def parse_table():
    rows = []
    for line in TABLE.strip().splitlines():
        f = line.split()
        assert len(f) == 4 + len(ROLES), line
        rows.append((f[0], f[1], f[2], f[3], dict(zip(ROLES, f[4:]))))
    return rows


COUNTS = {}


def check(when):
    bad, n = [], 0
    for art, op, via, rwhen, cells in parse_table():
        if rwhen != when and not (rwhen == "both" and when in ("before", "after")):
            continue
        a = ARTEFACTS[art]
        for role in ROLES:
            want = cells[role]
            if want == "-":
                continue
            who = S["who"][role]
            n += 1
            refusal = want == "R" or (want.isdigit() and int(want) >= 400)
            snap = snapshot() if op == "write" and refusal else None
            r = who.get(a["read"][via]()) if op == "read" else who.write(*a["write"][via]())
            if want in ("V", "H"):
                good = r.status == 200 and bool(a["marker"](r)) == (want == "V")
            elif want == "R":
                good = r.status in (401, 403, 405)
            else:
                good = r.status == int(want)
            if good and want == "303":
                loc = r.header("Location") or ""
                good = ("/login" in loc) == (role == "anon")
            if good and snap is not None and snapshot() != snap:
                good = False
            if not good:
                bad.append(((art, op, via, when, role), want, r.status, r.text[:200]))
    COUNTS[when] = (n, len(bad))
    print(f"probe_new {when}: {n} cells, {len(bad)} failed")
    return bad


@test
def probe_new_table_before_submission():
    bad = check("before")
    assert not bad, "\n".join(map(str, bad))


@test
def probe_new_table_after_submission():
    """Everything answered, submitted by X's named focal point, the table
    again; the supplementary reviewer's read of the submitted Convention
    answer is audited as a State party's (C15/C47)."""
    w = S["who"]
    for qn in S["qn"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for q in s["questions"]:
                if q["id"] in (S["q"], S["oq"]):
                    continue
                ok(w["rex"].write("PUT", base() + "/responses/" + q["id"],
                                  {"base_version": version_of(q["id"]), "lang": "fr",
                                   "value": value_for(q)}), 200)
    ok(w["rfp"].write("POST", base() + "/submit", {}), 200)
    bad = check("after")
    assert not bad, "\n".join(map(str, bad))
    lines = R["audit_lines"]("--user", S["mail"]["sex"])
    assert any("read.response" in l and S["q"] in l and "state_party:untoc" in l
               for l in lines), lines[-8:]
    # Refused compares are audited too.
    assert any("access.denied" in l and "/compare" in l for l in lines), lines[-8:]


@test
def probe_new_national_consultations_read_audited():
    """Para 37, R237: a read of the national consultations over the API is
    an audited read of the responses (it was not audited at all)."""
    before = len(R["audit_lines"]("--user", S["mail"]["oth"]))
    r = ok(S["who"]["oth"].get(base() + "/consultations"), 200)
    assert natcons_marker(r)
    lines = R["audit_lines"]("--user", S["mail"]["oth"])[before:]
    hit = [l for l in lines if "read.national_consultations" in l and S["X"] in l]
    assert hit and "state_party" in hit[0], lines


@test
def probe_new_national_consultations_not_opened_by_one_instrument():
    """Para 41 ("tout ou partie"): X discloses publicly the answers of one
    Protocol only: a stakeholder reads those answers, not X's national
    consultations, which concern the whole questionnaire (they did: the
    handler asked ACCESS_RESPONSE_READ of the questionnaire as a whole,
    which a disclosure of any instrument opens, and filtered nothing).  A
    disclosure of every instrument's answers opens them."""
    w = S["who"]
    dis = "/api/v1/reviews/%s/disclosures" % S["X"]
    ok(w["rfp"].write("POST", dis, {"what": "responses", "choice": "public", "phase": 1,
                                    "instrument": S["own"]}), 201)
    ngo = w["ngo"]
    r = ok(ngo.get(base() + "/responses"), 200)
    assert r.json()["answers"] and all(a["instrument"] == S["own"] for a in r.json()["answers"])
    # Nor the note of para 42 and who submitted, which go with the whole.
    st = r.json()["status"]
    assert st["note"] == "" and st.get("submitted_by") is None, st
    r = ngo.get(base() + "/consultations")
    assert r.status == 403 and NC_TEXT not in r.text, (r.status, r.text[:300])
    ok(w["rfp"].write("POST", dis, {"what": "responses", "choice": "public", "phase": 1}), 201)
    r = ok(ngo.get(base() + "/consultations"), 200)
    assert natcons_marker(r)
    assert ok(ngo.get(base() + "/responses"), 200).json()["status"].get("submitted_by"), \
        "the whole disclosed: who submitted"
    for inst in (S["own"], None):
        ok(w["rfp"].write("POST", dis, {"what": "responses", "choice": "withdraw", "phase": 1,
                                        "instrument": inst}), 201)
    assert ngo.get(base() + "/consultations").status == 403


@test
def probe_new_task_of_another_review_not_removed():
    """IDs across reviews: a share of the review of Y (V's expert) cannot be
    removed through the page of X's review, where V also reviews (the page
    took any id of V's experts, whatever its review, and audited it under
    X); through Y's page it can."""
    w = S["who"]
    r = ok(w["sec"].write("POST", "/api/v1/reviews/%s/tasks" % S["Y"],
                          {"state": S["V"], "email": S["mail"]["vex"],
                           "instrument": S["v_instr_y"][0]}), 201)
    tid = r.json()["id"]
    assert sql("SELECT reviewed FROM expert_tasks WHERE id = ?", tid) == [(S["Y"],)]
    for who in ("vfp", "sec"):
        r = w[who].write("POST", "/country/%s/tasks" % S["X"],
                         {"action": "remove", "state": S["V"], "id": str(tid)})
        assert r.status == 400, (who, r.status, r.text[:300])
        assert sql("SELECT COUNT(*) FROM expert_tasks WHERE id = ?", tid)[0][0] == 1, who
    r = w["sec"].write("DELETE", "/api/v1/reviews/%s/tasks/%d" % (S["X"], tid), {})
    assert r.status == 404, (r.status, r.text[:300])
    r = ok(w["vfp"].write("POST", "/country/%s/tasks" % S["Y"],
                          {"action": "remove", "state": S["V"], "id": str(tid)}), 303)
    assert sql("SELECT COUNT(*) FROM expert_tasks WHERE id = ?", tid)[0][0] == 0


@test
def probe_new_compare_refusal_says_nothing_of_questions():
    """Who reads none of X's answers gets 403 from the comparison, whether
    the question exists or not and whether the questionnaire of the phase
    is opened or not (it got 404 "unknown_question" for a question not in
    an opened questionnaire, and for every question of a phase not opened:
    a stakeholder learnt which reviews had their questionnaire opened)."""
    w = S["who"]
    cases = [("ngo", 1, S["q"]), ("ngo", 1, "no-such-question"), ("ngo", 2, S["q"]),
             ("vfp", 2, S["q"]), ("sfp", 2, "no-such-question")]
    for role, phase, q in cases:
        # The answer itself (API) and its history (page) too (session 6).
        for path in ("/api/v1/reviews/%s/phases/%d/responses/%s/compare",
                     "/reviews/%s/phases/%d/responses/%s/compare",
                     "/api/v1/reviews/%s/phases/%d/responses/%s",
                     "/reviews/%s/phases/%d/responses/%s/history"):
            r = w[role].get(path % (S["X"], phase, q))
            assert r.status == 403, (role, phase, q, path, r.status, r.text[:200])
    # Who reads the submitted answers is told a question does not exist.
    r = w["oth"].get(base() + "/responses/no-such-question/compare")
    assert r.status == 404 and r.json()["error"] == "unknown_question", r.text[:200]


@test
def probe_new_api_writes_need_csrf_with_a_session():
    """Every write route of the new API, called with a session cookie by an
    actor allowed to write and without the session's CSRF token, is refused
    (403 csrf) and changes nothing; the same call with the token is
    accepted (so the refusal is the CSRF check's)."""
    sec = S["who"]["sec"]
    x, sup = S["X"], S["sup"]
    routes = [
        ("PUT", "/api/v1/reviews/%s/people/%s/experts/%s" % (x, x, S["mail"]["rex"]),
         {"instruments": []}),
        ("DELETE", "/api/v1/reviews/%s/people/%s/experts/%s" % (x, sup, S["mail"]["sex"]), {}),
        ("PUT", "/api/v1/reviews/%s/people/%s/representative" % (x, x),
         {"name": "Mission", "email": "pr2@probe.test", "lang": "en"}),
        ("DELETE", "/api/v1/reviews/%s/people/%s/focal-point" % (x, sup), {}),
        ("PUT", "/api/v1/reviews/%s/people/%s/focal-point" % (x, sup), {"email": S["mail"]["sfp"]}),
        ("POST", "/api/v1/reviews/%s/tasks" % x,
         {"state": sup, "email": S["mail"]["sex"], "instrument": S["sup_instr"][0],
          "cluster": "C1"}),
        ("POST", "/api/v1/reviews/%s/consultations" % x, {"phase": 1, "languages": ["en"]}),
        ("POST", base() + "/consultations",
         {"held_on": "2026-11-04", "sectors": ["ngo"], "summary": "sans jeton"}),
        ("DELETE", "/api/v1/reviews/%s/tasks/1" % x, {}),
    ]
    for method, path, body in routes:
        snap = snapshot()
        r = sec.c.request(method, path, body=json.dumps(body))
        assert r.status == 403 and r.json()["error"] == "csrf", (method, path, r.status, r.text)
        assert snapshot() == snap, (method, path)
    # With the token: the Secretariat's people writes go through.
    for method, path, body in (routes[0], routes[2]):
        r = sec.write(method, path, body)
        assert r.status == 200, (method, path, r.status, r.text[:200])
