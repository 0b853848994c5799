"""Appendix B18 over HTTP: one table of cases for every artefact of the
country reviews (issue 9; B18, R103, paras 18-27, 31, 34, 40, 42; C15, C44,
C47, R24; the lead's decisions of session 4).

Rows of TABLE: an artefact, read or write, through the page or the API,
before or after the submission of the responses; columns: the roles and
States of a review X (its named focal point, another focal-point account of
X that is not the named one, its expert, its expert narrowed to another
instrument, its observer; each reviewing State's focal point and expert
(vfp/vex stand for every regular reviewer, each checked); the
supplementary (additional, para 28 b) reviewer's focal point and expert,
the artefacts being those of an instrument outside its charge; a focal
point of another State party; the Secretariat; a stakeholder;
anonymous).  Each cell is the expected answer:

  200 201 303 401 403 409   the status
  V   200 and the artefact visible in it (ARTEFACTS[a]["marker"])
  H   200 without it (the page is there, the artefact is not shown)
  -   no such route (nothing to check)

ARTEFACTS says, per artefact, its URLs (a dict, formatted with the
scenario's fields) and how to write it; issue 10's artefacts (dialogue,
observations, list of observations, summary, disclosure) are entries there
too, with their rows in TABLE10.

EXPECTED_AFTER_RESP (cells that waited for helper "resp") is empty since
its merge; the former KNOWN_GAPS of issue 9 are fixed and asserted (b18x:
only the named focal point answers, R24; the history after submission).
KNOWN_GAPS are cells that fail for a reason reported to the lead and
owned by another helper: reported as "expected failure" unless
B18_STRICT=1, and an unexpected pass is reported so the entry can be
removed.  TABLE10 below covers issue 10's artefacts and the changes the
reviewed State's disclosure choices make.  Every other
cell must hold.  Registered by tests/http/run.py; uses its helpers through
R."""
import json
import os

R = {}
TESTS = []
S = {}  # the scenario, built by b18_setup

ROLES = ["rfp", "rfp2", "rex", "rexn", "rob", "vfp", "vex", "sfp", "sex", "oth", "sec",
         "ngo", "anon"]

# artefact     op    via   when    rfp rfp2 rex rexn rob  vfp vex sfp sex  oth  sec  ngo anon
TABLE = """
review         read  page  both    200 200  200 200  200  200 200 200 200  403  200  403 303
review         read  api   both    200 200  200 200  200  200 200 200 200  403  200  403 401
review         write api   both    403 403  403 403  403  403 403 403 403  403  409  403 403
questionnaire  read  page  both    V   V    V   V    V    V   V   V   V    V    V    403 303
questionnaire  read  api   both    200 200  200 200  200  200 200 200 200  200  200  403 401
draft          read  page  before  V   V    V   V    V    H   H   H   H    H    H    403 303
draft          read  api   before  200 200  200 200  200  403 403 403 403  403  403  403 401
history        read  page  before  200 200  200 200  200  403 403 403 403  403  403  403 303
draft          write page  before  303 403  303 403  403  403 403 403 403  403  403  403 403
draft          write api   before  200 403  200 403  403  403 403 403 403  403  403  403 403
attachment     read  api   before  200 200  200 200  200  403 403 403 403  403  403  403 401
attachment     write api   before  201 403  201 403  403  403 403 403 403  403  403  403 403
submission     write page  before  409 403  403 403  403  403 403 403 403  403  403  403 403
submission     write api   before  409 403  403 403  403  403 403 403 403  403  403  403 403
note           write page  before  409 403  403 403  403  403 403 403 403  403  403  403 403
note           write api   before  409 403  403 403  403  403 403 403 403  403  403  403 403
submitted      read  page  after   V   V    V   V    V    V   V   V   V    V    V    403 303
submitted      read  api   after   200 200  200 200  200  200 200 200 200  200  200  403 401
submitted      write page  after   403 403  403 403  403  403 403 403 403  403  403  403 403
submitted      write api   after   403 403  403 403  403  403 403 403 403  403  403  403 403
attachment     read  api   after   200 200  200 200  200  200 200 200 200  403  200  403 401
attachment     write api   after   403 403  403 403  403  403 403 403 403  403  403  403 403
submission     write page  after   409 403  403 403  403  403 403 403 403  403  403  403 403
submission     write api   after   409 403  403 403  403  403 403 403 403  403  403  403 403
note           write page  after   303 403  403 403  403  403 403 403 403  403  403  403 403
note           write api   after   200 403  403 403  403  403 403 403 403  403  403  403 403
note           read  page  after   -   -    -   -    -    -   -   -   -    -    -    -   -
note           read  api   after   V   V    V   V    V    V   V   V   V    V    V    403 401
people         read  page  both    V   V    V   V    V    V   V   V   V    403  V    403 303
people         read  api   both    V   V    V   V    V    V   V   V   V    403  V    403 401
people         write page  both    303 403  403 403  403  403 403 403 403  403  303  403 403
directory      read  page  both    V   V    V   V    V    V   V   V   V    V    V    H   H
consultations  read  page  both    V   V    V   V    V    V   V   V   V    403  V    403 303
consultations  read  api   both    V   V    V   V    V    V   V   V   V    403  V    403 401
consultations  write page  both    303 403  403 403  403  403 403 403 403  403  303  403 403
draft          read  page  support V   V    V   V    V    H   H   H   H    H    V    403 303
draft          read  api   support 200 200  200 200  200  403 403 403 403  403  200  403 401
history        read  page  support 200 200  200 200  200  403 403 403 403  403  200  403 303
attachment     read  api   support 200 200  200 200  200  403 403 403 403  403  200  403 401
"""
# ("support": before submission, while X's expert has a request for the
# Secretariat's support in force, F23: only the Secretariat's cells change.)

# F23 (probe s8; B18 "Draft responses": the Secretariat "on request
# (support)"): the sec cells of draft read (page H, api 403), history read
# page and attachment read api "before" were V/200 with no request recorded
# anywhere; they are refused now, as nothing in this scenario asks for
# support.  With a request in force the Secretariat reads them
# (tests/http/response.py responses_draft_reads_by_role_audited,
# tests/http/support.py).
# Cells (artefact, op, via, when, role) that wait for helper "resp" (see above).
EXPECTED_AFTER_RESP = set()
# Cells that fail for a reason reported and not fixed yet.
# The reviewed State's opening of its dialogue (para 40) and its public
# disclosure (para 41) reach the threads since the lead's fix in
# src/dialogue/dialogue.c (thread_load: the thread's phase and the review's
# disclosures in the access object); those cells are asserted.
KNOWN_GAPS = set()
# The public part of the review (/reviews/{state}/disclosed) shows the
# dialogue the reviewed State disclosed publicly (para 41) since the lead's
# dialogue section in src/web/pages_disclosed.c: asserted.


PDF = b"%PDF-1.4\n% B18 loi relative a la criminalisation\n" + b"x" * 64
DRAFT_TEXT = "Brouillon B18 : réponse du ministère de la justice."
NOTE_TEXT = "Note B18 : les consultations nationales ont aidé."
EARLY_TEXT = "Premier brouillon B18"  # an earlier draft, in the history


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


def snapshot():
    """Everything a refused write of the table might have touched."""
    x = S["X"]
    return sql("SELECT (SELECT COUNT(*) FROM response_versions WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM attachments WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?), "
               "(SELECT COALESCE(MAX(note), '') FROM response_submissions WHERE reviewed = ?), "
               "(SELECT COALESCE(MAX(note_at), '') FROM response_submissions WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM response_questionnaires WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM consultations WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM people_events WHERE state = ?), "
               "(SELECT COUNT(*) FROM experts WHERE state = ?)", *([x] * 9))


def seen(text):
    return lambda r: text() in r.text


# The artefacts: "read" and "write" per channel.  A read is a path; a
# write a function giving (method, path, form or JSON body or bytes,
# content type).  "marker" tells V from H.
ARTEFACTS = {
    "review": {
        "read": {"page": lambda: "/country/" + S["X"], "api": lambda: "/api/v1/reviews/" + S["X"]},
        # Opening the phase's questionnaire: the Secretariat's (already
        # open here: 409), nobody else's.
        "write": {"api": lambda: ("POST", base() + "/questionnaire", {}, None)},
    },
    "questionnaire": {
        "read": {"page": page, "api": lambda: base() + "/questionnaire"},
        "marker": seen(lambda: 'id="%s"' % S["q"]),
    },
    "draft": {
        "read": {"page": page, "api": lambda: base() + "/responses/" + S["q"]},
        "marker": seen(lambda: DRAFT_TEXT),
        "write": {
            "page": lambda: ("POST", page() + "/" + S["q"],
                             {"base_version": str(version_of(S["q"])), "lang": "fr",
                              "value": DRAFT_TEXT}, None),
            "api": lambda: ("PUT", base() + "/responses/" + S["q"],
                            {"base_version": version_of(S["q"]), "lang": "fr",
                             "value": DRAFT_TEXT}, None),
        },
    },
    # The versions of an answer (drafts).  After submission it is not in
    # the table: whether the earlier drafts become readable with the
    # submitted answer (as built: to whoever reads it) is a question put to
    # the lead (B18: drafts are the reviewed State's).
    "history": {
        "read": {"page": lambda: page() + "/" + S["q"] + "/history"},
    },
    "attachment": {
        "read": {"api": lambda: "/api/v1/attachments/" + S["doc"]},
        "write": {"api": lambda: ("POST", base() + "/responses/" + S["aq"]
                                  + "/attachments?filename=loi.pdf", PDF,
                                  "application/octet-stream")},
    },
    "submission": {
        # F2: the page's confirmed step (confirm=1); the first step writes
        # nothing (tests/http/response.py).
        "write": {"page": lambda: ("POST", "/reviews/%s/phases/1/submit" % S["X"],
                                   {"confirm": "1"}, None),
                  "api": lambda: ("POST", base() + "/submit", {}, None)},
    },
    "note": {
        "read": {"api": lambda: base() + "/responses"},
        "marker": lambda r: r.json()["status"]["note"] == NOTE_TEXT,
        "write": {"page": lambda: ("POST", "/reviews/%s/phases/1/note" % S["X"],
                                   {"note": NOTE_TEXT}, None),
                  "api": lambda: ("POST", base() + "/note", {"note": NOTE_TEXT}, None)},
    },
    "people": {
        "read": {"page": lambda: "/country/" + S["X"], "api": lambda: "/api/v1/reviews/" + S["X"]},
        "marker": seen(lambda: S["mail"]["rex"]),
        "write": {"page": lambda: ("POST", "/country/%s/experts" % S["X"],
                                   {"action": "name", "email": S["mail"]["rex"],
                                    "instruments": ""}, None)},
    },
    # C44 (c44): the directory is public; a stakeholder and an anonymous
    # caller see only the States whose setting is public, and X keeps the
    # default (States parties only): H.
    "directory": {
        "read": {"page": lambda: "/directory"},
        "marker": seen(lambda: S["mail"]["rfp"]),
    },
    "consultations": {
        "read": {"page": lambda: "/country/" + S["X"], "api": lambda: "/api/v1/reviews/" + S["X"]},
        "marker": lambda r: ('id="consultations"' in r.text if "html" in
                             (r.header("Content-Type") or "")
                             else isinstance(r.json().get("consultations"), list)),
        "write": {"page": lambda: ("POST", "/country/%s/consultations" % S["X"],
                                   {"phase": "1", "languages": "en,fr"}, None)},
    },
    # Issue 10's artefacts: ARTEFACTS.update() below TABLE10.
}


# The submitted responses are the drafts once submitted: the same URLs.
ARTEFACTS["submitted"] = ARTEFACTS["draft"]


def parse_table():
    rows = []
    for line in TABLE.strip().splitlines():
        f = line.split()
        if not f:
            continue
        assert len(f) == 4 + len(ROLES), line
        art, op, via, when = f[:4]
        assert art in ARTEFACTS and op in ("read", "write") and via in ("page", "api"), line
        assert when in ("before", "after", "both", "dlg", "final", "agreed", "official", "states",
                    "public", "withdrawn", "support"), line
        rows.append((art, op, via, when, dict(zip(ROLES, f[4:]))))
    return rows


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

    def write(self, method, path, data, ctype):
        h = {"X-CSRF-Token": self.tok} if self.tok else {}
        if path.startswith("/api/"):
            body = data if isinstance(data, bytes) else json.dumps(data)
            return self.c.request(method, path, body=body, headers=h, ctype=ctype)
        form = dict(data)
        if self.tok:
            form["csrf"] = self.tok
        return self.c.request(method, path, form=form)


def pick():
    """X: a reviewed State of the current draw with an additional reviewer
    (para 28 b), untouched by the other suites (no focal point named, no
    questionnaire opened), reviewed by none of their fixed States."""
    used = {"FRA", "DEU", "USA"}
    used |= {c for (c,) in sql("SELECT state FROM focal_points")}
    used |= {c for (c,) in sql("SELECT DISTINCT reviewed FROM response_questionnaires")}
    rows = sql("SELECT a.reviewed, r.year, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = a.draw_id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' ORDER BY r.year, a.reviewed, a.slot")
    by = {}
    for reviewed, year, reviewer, role, instr in rows:
        by.setdefault((reviewed, year), []).append((reviewer, role, instr.split()))
    for (x, year), rv in by.items():
        adds = [r for r in rv if r[1] == "additional"]
        if x in used or not adds or any(r[0] in used for r in rv):
            continue
        if "untoc" in adds[0][2]:
            continue
        involved = {x} | {r[0] for r in rv}
        other = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code")
                     if c not in involved and c not in used)
        return x, year, [r for r in rv if r[1] != "additional"], adds[0], other
    raise AssertionError("no review with an additional reviewer free for the B18 table")


@test
def b18_setup():
    """Review X: the questionnaires adopted (revmech questionnaire adopt),
    the cohort's phase 1 open, the questionnaire opened by the
    Secretariat, X's focal point named (by the Secretariat), its expert
    named (by the focal point), a draft answer and a document."""
    x, cohort, regular, sup, other = pick()
    S.update(X=x, cohort=cohort, regular=[r[0] for r in regular], sup=sup[0],
             sup_instr=sup[2], other=other)
    lx = x.lower()
    users = {
        "rfp": (f"b18fp@{lx}.test", "focal_point", x, None),
        "rfp2": (f"b18fp2@{lx}.test", "focal_point", x, None),
        "rex": (f"b18ex@{lx}.test", "expert", x, None),
        "rob": (f"b18ob@{lx}.test", "observer", x, None),
        "sfp": (f"b18fp@{sup[0].lower()}.test", "focal_point", sup[0], None),
        "sex": (f"b18ex@{sup[0].lower()}.test", "expert", sup[0], None),
        "oth": (f"b18fp@{other.lower()}.test", "focal_point", other, None),
    }
    for i, v in enumerate(S["regular"]):
        users[f"vfp{i}"] = (f"b18fp@{v.lower()}.test", "focal_point", v, None)
        users[f"vex{i}"] = (f"b18ex@{v.lower()}.test", "expert", v, None)
    for email, role, st, _ in users.values():
        R["add_user"](email, role, st)
    S["mail"] = {k: u[0] for k, u in users.items()}
    S["mail"].update(sec="sec@example.org", ngo="ngo@example.org")
    rc, out, err = R["run_cli"]("questionnaire", "adopt", "--db", R["DB"], "--decision",
                                "CTOC/COP/TEST/B18", "--date", "2026-01-01", "--by",
                                "sec@example.org", "untoc-c1", "tip-c1", "som-c1",
                                "firearms-c1")
    assert rc == 0, (rc, out, err)
    if not sql("SELECT COUNT(*) FROM cohort_phases WHERE cohort = ? AND phase = 1", cohort)[0][0]:
        rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", str(cohort),
                                    "--phase", "1", "--by", "sec@example.org")
        assert rc == 0, (rc, out, err)
    S["who"] = {k: Who(S["mail"][k]) for k in users}
    S["who"].update(sec=Who("sec@example.org"), ngo=Who("ngo@example.org"), anon=Who(None))
    w = S["who"]
    r = w["sec"].write("POST", base() + "/questionnaire", {}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["sec"].write("POST", "/country/%s/focal-point" % x, {"action": "name",
                                                              "email": S["mail"]["rfp"]}, None)
    assert r.status == 303, (r.status, r.text[:300])
    r = w["rfp"].write("POST", "/country/%s/experts" % x, {"action": "name",
                                                          "email": S["mail"]["rex"],
                                                          "instruments": ""}, None)
    assert r.status == 303, (r.status, r.text[:300])
    q = w["rex"].get(base() + "/questionnaire").json()
    S["qn"] = q["questionnaires"]
    untoc = next(t for t in q["questionnaires"] if t["instrument"] == "untoc")
    qs = [qq for s in untoc["sections"] if s["applies"] for qq in s["questions"]]
    S["q"] = next(qq["id"] for qq in qs if qq["type"] == "free_text" and not qq.get("show_if"))
    S["aq"] = next(qq["id"] for qq in qs if qq["type"] == "attachments" and not qq.get("show_if"))
    # The narrowed expert acts for a Protocol of X only, never the Convention.
    prot = [t["instrument"] for t in q["questionnaires"] if t["instrument"] != "untoc"]
    assert prot, "X is under review for the Convention only"
    S["mail"]["rexn"] = f"b18exn@{lx}.test"
    rc, out, err = R["run_cli"]("user", "add", "--db", R["DB"], "--email", S["mail"]["rexn"],
                                "--role", "expert", "--state", x, "--instruments", prot[0],
                                "--password-stdin", stdin=R["PW"] + "\n")
    assert rc == 0, (rc, out, err)
    S["who"]["rexn"] = Who(S["mail"]["rexn"])
    # An earlier draft, then the current one (the history of the answer).
    r = w["rex"].write("PUT", base() + "/responses/" + S["q"],
                       {"base_version": 0, "lang": "fr", "value": EARLY_TEXT}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["rex"].write("PUT", base() + "/responses/" + S["q"],
                       {"base_version": 1, "lang": "fr", "value": DRAFT_TEXT}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["rex"].write("POST", base() + "/responses/" + S["aq"] + "/attachments?filename=loi.pdf",
                       PDF, "application/octet-stream")
    assert r.status == 201, (r.status, r.text[:300])
    S["doc"] = r.json()["id"]
    r = w["rex"].write("PUT", base() + "/responses/" + S["aq"],
                       {"base_version": 0, "lang": "fr", "value": [S["doc"]]}, None)
    assert r.status == 200, (r.status, r.text[:300])
    print(f"b18: review of {x} (cohort {cohort}), reviewers {S['regular']}, supplementary "
          f"{S['sup']} for {S['sup_instr']}, other State {other}; question {S['q']}")


def actors(role):
    """The clients that stand for a column: vfp/vex are every regular reviewer's."""
    if role in ("vfp", "vex"):
        return [(f"{role}{i}", S["who"][f"{role}{i}"]) for i in range(len(S["regular"]))]
    return [(role, S["who"][role])]


def check(when):
    """Every cell of TABLE for when; returns the failures that are not
    expected (printing the expected failures and unexpected passes)."""
    strict = os.environ.get("B18_STRICT") == "1"
    bad, xfail, xpass, n = [], [], [], 0
    for art, op, via, rwhen, cells in parse_table():
        if rwhen != when and not (rwhen == "both" and when in ("before", "after")):
            continue
        a = ARTEFACTS[art]
        for role in ROLES:
            want = cells[role]
            if want == "-":
                continue
            for name, who in actors(role):
                n += 1
                refused = op == "write" and want.isdigit() and int(want) >= 400
                if refused:
                    snap = snapshot()
                if op == "read":
                    r = who.get(a["read"][via]())
                else:
                    r = who.write(*a["write"][via]())
                ok = False
                if want in ("V", "H"):
                    ok = r.status == 200 and bool(a["marker"](r)) == (want == "V")
                else:
                    ok = r.status == int(want)
                if op == "write" and r.status == 303 and ok:
                    loc = r.header("Location") or ""
                    ok = "/login" not in loc
                if want == "303" and role == "anon":
                    ok = r.status == 303 and "/login" in (r.header("Location") or "")
                key = (art, op, via, when, role)
                # A refused write, and one refused as bad (409), change nothing.
                if refused and ok and snapshot() != snap:
                    ok = False
                if not strict and key in EXPECTED_AFTER_RESP | KNOWN_GAPS:
                    (xpass if ok else xfail).append((key, name, r.status))
                    continue
                if not ok:
                    bad.append((key, name, want, r.status, r.text[:160]))
    print(f"b18 {when}: {n} cells, {len(bad)} failed, {len(xfail)} expected failures "
          f"(EXPECTED_AFTER_RESP / KNOWN_GAPS), {len(xpass)} of those pass now")
    for k, name, st in xfail:
        print(f"  expected failure {k} ({name}): {st}")
    for k, name, st in xpass:
        print(f"  passes now, remove from the list: {k} ({name}): {st}")
    return bad


def value_for(q):
    t = q["type"]
    if t == "yes_no_partly":
        return "partly"
    if t == "free_text":
        return "Réponse B18."
    if t == "legislation_refs":
        return [{"citation": "Code pénal, art. 1", "link": "https://example.org/code"}]
    if t == "ta_needs":
        return [{"description": "Formation des magistrats", "priority": "medium"}]
    return []


@test
def b18_table_before_submission():
    """Every cell before the submission: drafts the reviewed State's (and
    the Secretariat's on request), refused writes change nothing."""
    before = sql("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["X"])[0][0]
    bad = check("before")
    assert not bad, "\n".join(map(str, bad))
    # Only the allowed writes (rfp and rex, page and API: 4; never rfp2,
    # not the named focal point, R24) added versions.
    after = sql("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["X"])[0][0]
    assert after - before == 4, (before, after)
    assert not sql("SELECT COUNT(*) FROM response_submissions WHERE reviewed = ?", S["X"])[0][0]
    # Para 42: before submission a note is refused as such, page and API
    # alike (409), whatever its text (an empty one too).
    check_note_refusals(409)
    # F23 (B18 "on request (support)"): while X's expert asks the
    # Secretariat's support, the Secretariat reads the drafts; ended, not.
    w = S["who"]["rex"]
    r = w.write("POST", base() + "/support", {"kind": "ask", "reason": "Appui B18"}, None)
    assert r.status == 201, (r.status, r.text[:300])
    bad = check("support")
    r = w.write("POST", base() + "/support", {"kind": "end", "reason": "Fin B18"}, None)
    assert r.status == 201 and r.json()["open"] is False, (r.status, r.text[:300])
    assert not bad, "\n".join(map(str, bad))
    r = S["who"]["sec"].get(ARTEFACTS["draft"]["read"]["api"]())
    assert r.status == 403, (r.status, r.text[:200])


def check_note_refusals(status):
    """An empty note and one of 4001 characters: the page and the API give
    the same status (409 before submission, 400 after), nothing recorded."""
    w = S["who"]["rfp"]
    for text in ("", "x" * 4001):
        snap = snapshot()
        r = w.write("POST", "/reviews/%s/phases/1/note" % S["X"], {"note": text}, None)
        assert r.status == status, ("page", len(text), r.status, r.text[:300])
        r = w.write("POST", base() + "/note", {"note": text}, None)
        assert r.status == status, ("api", len(text), r.status, r.text[:300])
        assert snapshot() == snap


@test
def b18_table_after_submission():
    """The rest answered (by X's expert, over the API), the named focal
    point submits through the page, then every cell again: the submitted
    responses are every State party's in the secure module (para 40, C15),
    nobody writes them any more, the note of para 42 is the focal point's."""
    w = S["who"]
    for qn in S["qn"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for q in s["questions"]:
                if q["id"] in (S["q"], S["aq"]):
                    continue
                if q["type"] == "yes_no_partly" and not q.get("show_if"):
                    S.setdefault("partly", q["id"])
                r = w["rex"].write("PUT", base() + "/responses/" + q["id"],
                                   {"base_version": version_of(q["id"]), "lang": "fr",
                                    "value": value_for(q)}, None)
                assert r.status == 200, (q["id"], r.status, r.text[:200])
    r = w["rfp"].write("POST", "/reviews/%s/phases/1/submit" % S["X"], {"confirm": "1"}, None)
    assert r.status == 303, (r.status, r.text[:300])
    assert sql("SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = 1",
               S["X"])[0][0] == "responses_submitted"
    versions = sql("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["X"])[0][0]
    bad = check("after")
    assert not bad, "\n".join(map(str, bad))
    assert sql("SELECT COUNT(*) FROM response_versions WHERE reviewed = ?", S["X"])[0][0] == versions
    check_note_refusals(400)
    # Every read of the submitted responses is audited (read.*).
    lines = R["audit_lines"]("--user", S["mail"]["oth"])
    assert any(l for l in lines if "read." in l and S["X"] in l), lines[-5:]


# Issue 10's artefacts, TABLE10 and their tests (b18x): tests/http/b18_issue10.py,
# registered here after the tests above (it uses this module's helpers).
__import__("b18_issue10")
