"""Notifications in the interface and by e-mail over HTTP (issue 9, notif;
R18, R24, R91, C43): naming a focal point, opening the questionnaire and
submitting the responses each notify exactly the right accounts (a
Permanent Representative without an account: e-mail only), in the
recipient's language, linking to the page concerned; the page
/notifications and the API /api/v1/notifications show an account its own
only: another account of the same State, of another State or of the
Secretariat neither sees nor marks them (404), the anonymous are sent to
log in (page) or get 401 (API); marking read (one, all) lowers the unread
count of the navigation bar; a password-reset e-mail never becomes a
notification.  Registered by tests/http/run.py with
`notifications.register(globals())`; uses run.py's helpers through R."""
import html
import json
import re

import fixture

user = fixture.user

R = {}
TESTS = []
PW = None
S = {}  # the scenario, built once by notif_setup


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R, PW
    R = g
    PW = g["PW"]
    for fn in TESTS:
        g["test"](fn)


def sql(q, *a):
    return R["sql"](q, *a)


class Api(fixture.Api):
    """fixture.Api with the account's own notifications."""

    def notes(self, unread=False):
        r = self.get("/api/v1/notifications?limit=100" + ("&unread=1" if unread else ""))
        assert r.status == 200, (self.email, r.status, r.text[:300])
        return r.json()


def po(lang, msgid):
    """The translation of msgid in po/LANG.po (one-line entries)."""
    text = open("po/%s.po" % lang, encoding="utf-8").read()
    m = re.search(r'^msgid "%s"\nmsgstr "(.*)"$' % re.escape(msgid.replace('"', '\\"')), text,
                  re.M)
    assert m, (lang, msgid)
    return m.group(1).replace('\\"', '"')


def ids_of(email):
    return [i for (i,) in sql("SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id "
                              "WHERE u.email = ? ORDER BY n.id", email)]


def counts():
    return {k: len(ids_of(m)) for k, m in S["mails"].items()}


def delta(before, **want):
    """Checks that the notifications of each account grew by want[k]
    (0 for the accounts not named)."""
    now = counts()
    got = {k: now[k] - before[k] for k in now}
    exp = {k: want.get(k, 0) for k in now}
    assert got == exp, (got, exp)


@test
def notif_setup():
    """Phase 1 of cohort 1 opened; a State X of cohort 1 that no other
    suite uses (no focal point, no questionnaire opened, nor any of its
    reviewers), its main reviewer Y, another State Z; their accounts."""
    sql("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
        "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    rows = sql("SELECT a.reviewed, a.reviewer, a.role FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    assert rows, "no draw"
    by = {}
    for rv, rr, role in rows:
        by.setdefault(rv, []).append((rr, role))
    busy = {c for (c,) in sql("SELECT state FROM focal_points")} | {"FRA", "DEU", "USA"}
    busy |= {c for (c,) in sql("SELECT DISTINCT reviewed FROM response_questionnaires")}
    busy |= {c for (c,) in sql("SELECT state FROM representatives")}
    involved_any = {c for rv, lst in by.items() if rv in busy for c, _ in lst}
    # Its phase 1 started and untouched (a late party of another suite may
    # have no phase yet).
    fresh = {c for (c,) in sql("SELECT reviewed FROM review_phase_states WHERE phase = 1 AND "
                               "state = 'not_started'")}
    cands = [rv for rv, lst in sorted(by.items()) if rv in fresh and rv not in busy
             and rv not in involved_any
             and not any(r[0] in busy for r in lst)]
    assert cands, "no State of cohort 1 left for the notifications suite"
    x = cands[len(cands) // 2]
    y = next(r for r, role in by[x] if role != "additional")
    involved = {x} | {r for r, _ in by[x]}
    z = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code DESC")
             if c not in involved and c not in busy and c not in involved_any)
    S.update(x=x, y=y, z=z)
    print(f"notifications: {x} reviewed by {by[x]}, other {z}")
    lx, ly, lz = x.lower(), y.lower(), z.lower()
    S["mails"] = {"fp": f"fp.{lx}@n.example", "fp2": f"fp2.{lx}@n.example",
                  "expert": f"ex.{lx}@n.example", "observer": f"ob.{lx}@n.example",
                  "reviewer_fp": f"fp.{ly}@n.example", "other": f"fp.{lz}@n.example",
                  "secretariat": "sec@example.org"}
    roles = {"fp": ("focal_point", x), "fp2": ("focal_point", x), "expert": ("expert", x),
             "observer": ("observer", x), "reviewer_fp": ("focal_point", y),
             "other": ("focal_point", z)}
    for k, (role, st) in roles.items():
        user(S["mails"][k], role, st)
    S["api"] = {k: Api(m) for k, m in S["mails"].items()}
    S["api"]["anonymous"] = Api(None)
    # The recipients' languages: the texts follow them.
    for k, lang in (("fp", "fr"), ("expert", "es"), ("reviewer_fp", "ru")):
        a = S["api"][k]
        r = a.form("/account/lang", {"lang": lang})
        assert r.status in (200, 303), (r.status, r.text[:300])


@test
def notif_focal_point_named_and_representative_mail_only():
    """Para 18, R18: the Permanent Representative entered (no account)
    gets no notification; naming the focal point notifies that account
    only, in French, linking to /country/X; Y's focal point likewise."""
    sec = S["api"]["secretariat"]
    x, y = S["x"], S["y"]
    pr = f"pr.{x.lower()}@n.example"
    b = counts()
    r = sec.form(f"/country/{x}/representative", {"name": "Amb. Test", "email": pr, "lang": "fr"})
    assert r.status == 303, (r.status, r.text[:300])
    r = sec.form(f"/country/{x}/focal-point", {"action": "name", "email": S["mails"]["fp"]})
    assert r.status == 303, (r.status, r.text[:300])
    delta(b, fp=1)
    j = S["api"]["fp"].notes()
    n = j["notifications"][0]
    assert n["subject"] == po("fr", "Country reviews: you are your State's focal point"), n
    assert n["lang"] == "fr" and n["link"] == f"/country/{x}" and n["unread"], n
    assert n["read_at"] is None
    # Its e-mail is the same text.
    assert sql("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND subject = ? AND body = ?",
               S["mails"]["fp"], n["subject"], n["body"])[0][0] == 1
    # The representative: mail only (no account behind the address).
    assert not sql("SELECT 1 FROM users WHERE email = ?", pr)
    assert sql("SELECT COUNT(*) FROM notifications n JOIN outbox o ON o.id = n.outbox_id "
               "WHERE o.recipient = ?", pr)[0][0] == 0
    b = counts()
    r = sec.form(f"/country/{y}/focal-point", {"action": "name", "email": S["mails"]["reviewer_fp"]})
    assert r.status == 303, (r.status, r.text[:300])
    delta(b, reviewer_fp=1)
    n = S["api"]["reviewer_fp"].notes()["notifications"][0]
    assert n["lang"] == "ru" and n["subject"] == po(
        "ru", "Country reviews: you are your State's focal point"), n


def base():
    return "/api/v1/reviews/%s/phases/1" % S["x"]


@test
def notif_questionnaire_opened():
    """R24: opening the questionnaire notifies X's named focal point (French)
    and its expert (Spanish), linking to the questionnaire page; not the
    other focal-point account of X, its observer, the reviewer, another
    State, the Secretariat."""
    b = counts()
    r = S["api"]["secretariat"].send("POST", base() + "/questionnaire")
    assert r.status == 200, (r.status, r.text[:300])
    delta(b, fp=1, expert=1)
    link = "/reviews/%s/phases/1/responses" % S["x"]
    n = S["api"]["fp"].notes()["notifications"][0]
    assert n["link"] == link and n["subject"] == po("fr", "The self-assessment questionnaire is open")
    assert po("fr", "The self-assessment questionnaire of your State's review is open for your "
              "answers.") in n["body"], n["body"]
    n = S["api"]["expert"].notes()["notifications"][0]
    assert n["link"] == link and n["lang"] == "es"
    assert n["subject"] == po("es", "The self-assessment questionnaire is open"), n
    S["q"] = S["api"]["fp"].get(base() + "/questionnaire").json()


def value_for(q):
    t = q["type"]
    if t == "yes_no_partly":
        return "yes"
    if t == "free_text":
        return "Réponse."
    if t == "legislation_refs":
        return [{"citation": "Code pénal, art. 1", "link": "https://example.org/code"}]
    if t == "ta_needs":
        return [{"description": "Formation", "priority": "medium"}]
    return []


@test
def notif_submission_received():
    """R24, para 34: the submission notifies X's named focal point, the
    reviewing State's focal point and the Secretariat, nobody else."""
    fp = S["api"]["fp"]
    for qn in S["q"]["questionnaires"]:
        for s in qn["sections"]:
            if not s["applies"]:
                continue
            for q in s["questions"]:
                path = base() + "/responses/" + q["id"]
                r = fp.send("PUT", path, {"base_version": 0, "lang": "fr", "value": value_for(q)})
                assert r.status == 200, (q["id"], r.status, r.text[:200])
    b = counts()
    r = fp.send("POST", base() + "/submit")
    assert r.status == 200, (r.status, r.text[:300])
    delta(b, fp=1, reviewer_fp=1, secretariat=1)
    n = S["api"]["reviewer_fp"].notes()["notifications"][0]
    assert n["subject"] == po("ru", "Responses received") and n["lang"] == "ru", n
    assert n["link"] == "/reviews/%s/phases/1/responses" % S["x"]
    n = S["api"]["secretariat"].notes()["notifications"][0]
    assert n["subject"] == "Responses received" and S["x"] in n["body"], n


@test
def notif_own_only_page_and_api():
    """An account reads and marks its own notifications only: another
    focal-point account of the same State, another State's, the
    Secretariat get 404 marking fp's, see none of them in their list or
    page; nothing of fp's changes.  Anonymous: the page sends to the
    login, the API answers 401."""
    a = S["api"]
    mine = ids_of(S["mails"]["fp"])
    assert mine
    unread0 = a["fp"].notes(unread=True)["unread"]
    subject = a["fp"].notes()["notifications"][0]["subject"]
    for k in ("fp2", "other", "secretariat", "observer"):
        c = a[k]
        j = c.notes()
        assert not {n["id"] for n in j["notifications"]} & set(mine), k
        page = c.get("/notifications").text
        for i in mine:
            assert 'id="n%d"' % i not in page, k
        r = c.send("POST", "/api/v1/notifications/read", {"ids": [mine[0]]})
        assert r.status == 404 and r.json()["error"] == "not_found", (k, r.status, r.text)
        r = c.send("POST", "/api/v1/notifications/read", {"ids": [mine[-1], 99999999]})
        assert r.status == 404, (k, r.status)
        r = c.form("/notifications/read", {"id": str(mine[0])})
        assert r.status == 404, (k, r.status)
    assert a["fp"].notes(unread=True)["unread"] == unread0
    assert sql("SELECT COUNT(*) FROM notifications WHERE id IN (%s) AND read_at IS NOT NULL"
               % ",".join(str(i) for i in mine))[0][0] == 0
    assert subject not in a["fp2"].get("/notifications").text
    # Anonymous.
    anon = a["anonymous"].c
    r = anon.get("/notifications")
    assert r.status == 303 and r.header("Location").startswith("/login"), (r.status,
                                                                          r.header("Location"))
    r = anon.get("/api/v1/notifications")
    assert r.status == 401 and r.json()["error"] == "unauthenticated", r.status
    r = anon.request("POST", "/api/v1/notifications/read", body='{"all": true}')
    assert r.status in (401, 403), r.status
    # A state change without the CSRF token is refused.
    r = a["fp"].c.post("/notifications/read", {"all": "1"})
    assert r.status == 403, r.status
    r = a["fp"].c.request("POST", "/api/v1/notifications/read", body='{"all": true}')
    assert r.status == 403, r.status
    assert a["fp"].notes(unread=True)["unread"] == unread0
    # Bad input: a clear 400.
    for body in ({}, {"ids": []}, {"ids": "1"}, {"all": True, "ids": [1]}):
        r = a["fp"].send("POST", "/api/v1/notifications/read", body)
        assert r.status == 400 and r.json()["error"] == "bad_request", (body, r.status)
    r = a["fp"].get("/api/v1/notifications?limit=0")
    assert r.status == 400, r.status


def nav_count(c, path="/dashboard"):
    page = c.get(path).text
    m = re.search(r'<a href="/notifications">[^<]*(?: <span class="count" title="[^"]*">'
                  r'([^<]*)</span>)?</a>', page)
    assert m, page[:2000]
    return int(m.group(1)) if m.group(1) else 0


@test
def notif_page_mark_read_and_nav_count():
    """The page lists fp's newest first, unread marked, each linking to its
    page, in the page's language (the notification's own text in the
    recipient's); the unread count in the navigation bar of every page;
    "mark as read" then "mark all as read" (POST, CSRF, redirect) lower
    it to nothing."""
    fp = S["api"]["fp"]
    c = fp.c
    j = fp.notes()
    unread = j["unread"]
    assert unread >= 3, j
    assert nav_count(c) == unread
    assert nav_count(c, "/account?lang=en") == unread
    page = c.get("/notifications?lang=en").text
    assert "<h1>Notifications</h1>" in page, page[:1500]
    ids = [int(i) for i in re.findall(r'<li id="n(\d+)" class="(?:un)?read"', page)]
    assert ids == sorted(ids, reverse=True) and ids[:len(j["notifications"])] == \
        [n["id"] for n in j["notifications"]][:len(ids)], ids
    assert page.count('class="unread"') == unread
    assert 'href="/reviews/%s/phases/1/responses"' % S["x"] in page
    assert 'href="/country/%s"' % S["x"] in page
    assert 'lang="fr"' in page
    assert po("fr", "The self-assessment questionnaire is open") in html.unescape(page)
    page_ru = c.get("/notifications?lang=ru").text
    assert "<h1>%s</h1>" % po("ru", "Notifications") in page_ru
    assert po("ru", "Mark all as read") in html.unescape(page_ru)
    c.get("/notifications?lang=en")
    # One read.
    first = ids[0]
    r = fp.form("/notifications/read", {"id": str(first), "page": "1"})
    assert r.status == 303 and r.header("Location") == "/notifications?page=1#n%d" % first, \
        (r.status, r.header("Location"))
    assert nav_count(c) == unread - 1
    j = fp.notes(unread=True)
    assert j["unread"] == unread - 1 and first not in [n["id"] for n in j["notifications"]]
    n = next(n for n in fp.notes()["notifications"] if n["id"] == first)
    assert not n["unread"] and n["read_at"], n
    # The API: one more, then all.
    second = ids[1]
    r = fp.send("POST", "/api/v1/notifications/read", {"ids": [second]})
    assert r.status == 200 and r.json() == {"marked": 1, "unread": unread - 2}, r.text
    r = fp.form("/notifications/read", {"all": "1"})
    assert r.status == 303 and r.header("Location") == "/notifications?page=1", r.header("Location")
    assert nav_count(c) == 0
    assert fp.notes(unread=True)["notifications"] == []
    r = fp.send("POST", "/api/v1/notifications/read", {"all": True})
    assert r.status == 200 and r.json() == {"marked": 0, "unread": 0}, r.text
    # The others' unread notifications are untouched.
    assert S["api"]["expert"].notes()["unread"] >= 1


@test
def notif_password_reset_never_notified():
    """A password reset is e-mailed with its secret link and never shown as
    a notification (nor is any account e-mail)."""
    fp = S["mails"]["fp"]
    n0 = len(ids_of(fp))
    m0 = sql("SELECT COUNT(*) FROM outbox WHERE recipient = ?", fp)[0][0]
    c = R["Client"]()
    r = c.post("/login/forgot", {"email": fp, "csrf": c.csrf("/login/forgot")})
    assert r.status in (200, 303), r.status
    assert sql("SELECT COUNT(*) FROM outbox WHERE recipient = ?", fp)[0][0] == m0 + 1
    assert sql("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND body LIKE ?", fp,
               "%/reset/%")[0][0] >= 1
    assert len(ids_of(fp)) == n0
    assert sql("SELECT COUNT(*) FROM notifications WHERE body LIKE ? OR body LIKE ?",
               "%/reset/%", "%/invite/%")[0][0] == 0
    j = S["api"]["fp"].notes()
    assert all("/reset/" not in n["body"] for n in j["notifications"])
