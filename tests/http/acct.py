"""The account life cycle (issue 8, item 2; R25, R27): password reset by
e-mail, notices to the owner, profile fields, bulk invitations, the users
page's confirmations and notices.  Registered by tests/http/run.py with
`acct.register(globals())`; uses run.py's helpers through R (mail through
tests/http/smtpsink.py like mailtests.py, or read from the outbox table)."""
import os
import re
import signal
import statistics
import time

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


def C(ip=None, port=None):
    return R["Client"](ip, port)


def mails_to(addr):
    """Bodies of the outbox messages to addr, oldest first (both backends)."""
    return [tuple(r) for r in R["sql"]("SELECT subject, body, lang FROM outbox "
                                       "WHERE recipient = ? ORDER BY id", addr)]


def ask_reset(c, email):
    return c.post("/login/forgot", {"email": email, "csrf": c.csrf("/login/forgot")})


def reset_link(body):
    return re.search(r"/reset/[0-9a-f]{64}", body).group(0)


def answer_text(r):
    """The page without its per-request CSRF token."""
    return re.sub(r'value="[0-9a-f]{64}"', 'value=""', r.text)


@test
def password_reset_through_smtp_sink():
    """The whole reset by e-mail: the login page links to the request,
    the link arrives through SMTP in the account's language, built from
    --base-url; the new password must pass the policy, works once, ends
    every session and API token of the account, and is audited."""
    from mailtests import sink, received
    path = os.path.join(R["TMP"], "reset.db")
    rc, _, err = R["run_cli"]("init", "--db", path)
    assert rc == 0, err
    rc, _, err = R["run_cli"]("user", "add", "--db", path, "--email", "lost@example.org",
                              "--role", "observer", "--state", "FRA", "--password-stdin",
                              stdin=R["PW"] + "\n")
    assert rc == 0, err
    p, port, out = sink("reset")
    log = open(os.path.join(R["TMP"], "reset.log"), "w")
    proc, wport = R["start_extra"](path, R["ENV"], log, "--smtp-url", f"smtp://127.0.0.1:{port}",
                                   "--smtp-tls", "none", "--base-url", "https://review.example.int")
    try:
        old = C(port=wport)
        old.login("lost@example.org")
        old.post("/account/lang", {"lang": "fr", "csrf": old.csrf("/account")})
        r = old.request("POST", "/api/v1/tokens", body='{"name": "s", "password": "%s"}' % R["PW"],
                        headers={"X-CSRF-Token": old.csrf("/account")})
        assert r.status == 201, r.status
        api = r.json()["token"]
        c = C(port=wport)
        page = c.get("/login?lang=fr").text
        assert 'href="/login/forgot"' in page and "Mot de passe oublié" in page, page[-1500:]
        r = ask_reset(c, "Lost@Example.org")
        assert r.status == 200 and "Si un compte existe" in r.text, r.text[-1500:]
        deadline = time.time() + 20
        while time.time() < deadline and not received(out):
            time.sleep(0.1)
        got = received(out)
        assert len(got) == 1 and got[0]["to"] == ["lost@example.org"], got
        m = got[0]
        assert m["lang"] == "fr" and m["subject"] == "Nouveau mot de passe pour le Mécanisme d’examen de l’UNTOC", m
        link = re.search(r"\S+/reset/[0-9a-f]{64}", m["body"]).group(0)
        assert link.startswith("https://review.example.int/reset/"), link
        lpath = link[len("https://review.example.int"):]
        token = lpath.rsplit("/", 1)[1]
        c2 = C(port=wport)
        r = c2.get(lpath + "?lang=fr")
        assert r.status == 200 and "lost@example.org" in r.text, r.status
        tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
        r = c2.post(lpath, {"password": "Another long pass 42", "password2": "Another long pass 43",
                            "csrf": tok})
        assert r.status == 400 and "diffèrent" in r.text, r.text[-1200:]
        r = c2.post(lpath, {"password": "short", "password2": "short", "csrf": tok})
        assert r.status == 400 and "12" in r.text  # the policy's reason
        new = "Another long pass 42"
        r = c2.post(lpath, {"password": new, "password2": new, "csrf": tok})
        assert r.status == 303 and r.header("Location") == "/login?reset=1", r.status
        assert "nouveau mot de passe est enregistré" in c2.get("/login?reset=1&lang=fr").text
        # Once only; every session and token of the account ended.
        assert c2.get(lpath).status == 410
        assert c2.post(lpath, {"password": new, "password2": new, "csrf": tok}).status == 410
        assert old.get("/dashboard").status == 303
        assert C(port=wport).get("/api/v1/me", headers={"Authorization": f"Bearer {api}"}).status == 401
        C(port=wport).login("lost@example.org", expect=200)  # the old password is gone
        C(port=wport).login("lost@example.org", pw=new)
        import sqlite3
        db = sqlite3.connect(path)
        assert not db.execute("SELECT 1 FROM password_resets WHERE token_hash = ?", (token,)).fetchall()
        db.close()
        rc, lines, _ = R["run_cli"]("audit", "--db", path)
        assert "\tuser.password_reset\tlost@example.org" in lines, lines[-800:]
        assert "\tpassword.reset_request\tLost@Example.org\tlink e-mailed" in lines, lines[-800:]
        assert token not in lines  # the path of the link is redacted
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        p.kill()
        p.wait()


@test
def password_reset_same_answer_whether_or_not_account():
    """No account enumeration: the same status and page for an address
    with an account, without one, and with a disabled one, in comparable
    time; only the enabled account gets mail."""
    for i in range(4):
        R["add_user"](f"known{i}@example.org", "observer", "FRA")
    R["add_user"]("off@example.org", "observer", "FRA")
    rc, _, err = R["run_cli"]("user", "disable", "--db", R["DB"], "--email", "off@example.org")
    assert rc == 0, err
    times = {"known": [], "unknown": [], "disabled": []}
    pages = set()
    n = 0
    for rnd in range(3):
        for i in range(4):
            for kind, addr in (("known", f"known{i}@example.org"),
                               ("unknown", f"nobody{i}@example.org"),
                               ("disabled", "off@example.org")):
                n += 1
                r = ask_reset(C(ip=f"192.0.2.{n}"), addr)
                assert r.status == 200, (kind, r.status)
                pages.add(answer_text(r))
                times[kind].append(r.elapsed)
    assert len(pages) == 1, "the answers differ"
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print("    reset request medians (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))
    assert abs(med["known"] - med["unknown"]) < 25, med
    for i in range(4):
        assert len(mails_to(f"known{i}@example.org")) == 3
        assert not mails_to(f"nobody{i}@example.org")
    assert not mails_to("off@example.org")


@test
def password_reset_throttled_per_address_and_client():
    """At most 3 mails an hour to one address, whoever asks (answered the
    same, nothing sent); at most 10 requests an hour from one client,
    then 429 with the real wait."""
    R["add_user"]("flood@example.org", "observer", "FRA")
    for i in range(5):
        r = ask_reset(C(ip=f"198.18.0.{i + 1}"), "flood@example.org")
        assert r.status == 200
    assert len(mails_to("flood@example.org")) == 3
    c = C(ip="198.18.1.1")
    for i in range(10):
        assert ask_reset(c, f"someone{i}@example.org").status == 200
    r = ask_reset(c, "flood@example.org")
    assert r.status == 429, r.status
    assert 3500 <= int(r.header("Retry-After")) <= 3600, r.header("Retry-After")
    assert "in 60 minutes" in r.text, r.text[-1500:]
    assert len(mails_to("flood@example.org")) == 3


@test
def password_reset_link_expires_and_dies_with_the_account():
    R["add_user"]("late@example.org", "observer", "FRA")
    ask_reset(C(ip="198.18.2.1"), "late@example.org")
    link = reset_link(mails_to("late@example.org")[-1][1])
    assert C().get(link).status == 200
    R["sql"]("UPDATE password_resets SET expires = ? WHERE email = 'late@example.org'",
             R["iso"](time.time() - 1))
    r = C().get(link)
    assert r.status == 410 and 'href="/login/forgot"' in r.text
    ask_reset(C(ip="198.18.2.2"), "late@example.org")
    link = reset_link(mails_to("late@example.org")[-1][1])
    assert C().get(link).status == 200
    rc, _, err = R["run_cli"]("user", "disable", "--db", R["DB"], "--email", "late@example.org")
    assert rc == 0, err
    c = C()
    tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', c.get("/login").text).group(1)
    r = c.post(link, {"password": "Quite long enough 77", "password2": "Quite long enough 77",
                      "csrf": tok})
    assert r.status == 410, r.status


@test
def password_reset_needs_csrf_and_valid_address():
    c = C(ip="198.18.3.1")
    c.get("/login/forgot")
    assert c.post("/login/forgot", {"email": "fp@example.org"}).status == 403
    r = c.post("/login/forgot", {"email": "not an address", "csrf": c.csrf("/login/forgot")})
    assert r.status == 400


@test
def totp_reset_notice_emailed_in_owners_language():
    """Item 2: the Secretariat's reset of a user's TOTP (page and CLI) is
    e-mailed to the owner in the owner's language, with the audit entry,
    in the reset's transaction; a refused reset sends nothing."""
    R["add_user"]("notme@example.org", "observer", "FRA")
    R["sql"]("UPDATE users SET lang = 'es', totp_enabled = 1, totp_secret = 'JBSWY3DPEHPK3PXP' "
             "WHERE email = 'notme@example.org'")
    uid = R["sql"]("SELECT id FROM users WHERE email = 'notme@example.org'")[0][0]
    fp = R["logged_in"]("fp@example.org")
    assert fp.post("/admin/users/totp-reset", {"id": str(uid), "csrf": fp.csrf("/account")}).status == 403
    assert not mails_to("notme@example.org")
    sec = R["logged_in"]("sec@example.org")
    r = sec.post("/admin/users/totp-reset", {"id": str(uid), "csrf": sec.csrf("/admin/users")})
    assert r.status == 303, r.status
    m = mails_to("notme@example.org")
    assert len(m) == 1 and m[0][2] == "es", m
    assert m[0][0] == "Se restableció su verificación en dos pasos", m[0][0]
    assert "La Secretaría ha restablecido" in m[0][1], m[0][1]
    rc, out, err = R["run_cli"]("user", "reset-totp", "--db", R["DB"], "--email", "notme@example.org")
    assert rc == 0 and "owner e-mailed" in out, (rc, out, err)
    m = mails_to("notme@example.org")
    assert len(m) == 2 and m[1][0] == "Se restableció su verificación en dos pasos", m
    lines = R["audit_lines"]()
    assert sum("\tnotice.totp_reset\tnotme@example.org" in l for l in lines) == 2
    assert sum("\tuser.totp_reset\tnotme@example.org" in l for l in lines) == 2


@test
def login_failures_alert_emailed_to_owner():
    """Item 2: when wrong passwords reach the account-wide limit the owner
    is e-mailed once, in their language, with the address of the last
    attempt; an address without an account gets nothing."""
    R["add_user"]("alerted@example.org", "observer", "FRA")
    R["sql"]("UPDATE users SET lang = 'ru' WHERE email = 'alerted@example.org'")
    now = R["iso"](time.time() - 120)
    for i, who in enumerate(["alerted@example.org", "ghost@example.org"]):
        for j in range(4):
            R["sql"]("INSERT INTO login_failures (email, ip, at, kind) VALUES (?, ?, ?, 'password')",
                     who, f"192.0.2.{200 + j}", now)
    c = C(ip="198.18.5.1")
    c.login("alerted@example.org", pw="wrong once more", expect=200)
    C(ip="198.18.5.2").login("ghost@example.org", pw="wrong once more", expect=200)
    m = mails_to("alerted@example.org")
    assert len(m) == 1 and m[0][2] == "ru", m
    assert m[0][0] == "Неудачные попытки входа в вашу учетную запись", m[0][0]
    assert R["peer"]("198.18.5.1") in m[0][1], m[0][1]
    assert not mails_to("ghost@example.org")
    C(ip="198.18.5.1").login("alerted@example.org", pw="and again", expect=429)
    assert len(mails_to("alerted@example.org")) == 1  # once a window
    lines = R["audit_lines"]()
    assert any("\tnotice.login_failures\tghost@example.org\twrong passwords; no account" in l
               for l in lines)


@test
def profile_fields_edited_validated_and_shown_to_secretariat():
    """Item 2 (profile): name, title, organisation and phone on the account
    page, bounded and valid UTF-8 with clear errors, post/redirect/get;
    shown on the Secretariat's users page (escaped)."""
    R["add_user"]("prof@example.org", "expert", "DEU")
    c = R["logged_in"]("prof@example.org")
    page = c.get("/account").text
    assert 'action="/account/profile"' in page and 'id="pname"' in page
    form = {"name": "Dr. Ana <b>Müller</b>", "title": "Jefa de división",
            "organisation": "Bundesministerium der Justiz", "phone": "+49 30 1234-0",
            "csrf": c.csrf("/account")}
    r = c.post("/account/profile", form)
    assert r.status == 303 and r.header("Location") == "/account?saved=profile", r.status
    page = c.get("/account?saved=profile&lang=fr").text
    assert "Votre profil est enregistré." in page
    assert 'value="Dr. Ana &lt;b&gt;Müller&lt;/b&gt;"' in page, page[-3000:]
    assert c.get("/account?lang=en").text.count("Your profile is saved.") == 0  # shown once
    row = R["sql"]("SELECT name, title, organisation, phone FROM users WHERE email = 'prof@example.org'")[0]
    assert tuple(row) == ("Dr. Ana <b>Müller</b>", "Jefa de división", "Bundesministerium der Justiz",
                          "+49 30 1234-0"), row
    bad = [({"name": "x" * 129}, "The name is longer than this field accepts."),
           ({"title": "t" * 65}, "The title is longer than this field accepts."),
           ({"organisation": "Line one\nline two"}, "line break"),
           ({"phone": "call me maybe"}, "The phone number may contain only digits"),
           ({"phone": "1" * 33}, "The phone number is longer")]
    for extra, msg in bad:
        f = dict(form, csrf=c.csrf("/account"), **extra)
        r = c.post("/account/profile", f)
        assert r.status == 400 and msg in r.text, (extra, r.status, r.text[-1500:])
    # Invalid UTF-8 (a lone continuation byte) is refused, never echoed.
    r = c.request("POST", "/account/profile", body=b"csrf=" + c.csrf("/account").encode() +
                  b"&name=%80abc", ctype="application/x-www-form-urlencoded")
    assert r.status == 400 and "UTF-8" in r.text, r.status
    assert R["sql"]("SELECT name FROM users WHERE email = 'prof@example.org'")[0][0] == form["name"]
    assert C().post("/account/profile", {"name": "anon"}).status in (303, 403)
    sec = R["logged_in"]("sec@example.org")
    users = sec.get("/admin/users").text
    assert "Dr. Ana &lt;b&gt;Müller&lt;/b&gt;" in users and "Bundesministerium der Justiz" in users
    assert "<b>Müller</b>" not in users
    assert any("\tuser.profile\tprof@example.org" in l for l in R["audit_lines"]())


@test
def invitation_carries_name_and_organisation():
    """Item 2: an invitation may carry the person's name and organisation,
    listed while pending and given to the account at acceptance."""
    sec = R["logged_in"]("sec@example.org")
    r = sec.post("/admin/invite", {"email": "named@example.org", "role": "observer", "state": "AUT",
                                   "name": "Jean Dupont", "organisation": "Ministère\u00a0de la Justice",
                                   "csrf": sec.csrf("/admin/users")})
    assert r.status in (200, 303), r.status
    page = sec.get("/admin/users").text
    assert re.search(r"<tr><td>named@example.org</td>.*?Jean Dupont", page), page[-2500:]
    tok = R["sql"]("SELECT body FROM outbox WHERE recipient = 'named@example.org'")[0][0]
    link = re.search(r"/invite/[0-9a-f]{64}", tok).group(0)
    c = C()
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', c.get(link).text).group(1)
    r = c.post(link, {"password": R["PW"], "password2": R["PW"], "csrf": csrf})
    assert r.status == 303, r.status
    row = R["sql"]("SELECT name, organisation FROM users WHERE email = 'named@example.org'")[0]
    assert tuple(row) == ("Jean Dupont", "Ministère\u00a0de la Justice"), row
    r = sec.post("/admin/invite", {"email": "badname@example.org", "role": "stakeholder",
                                   "name": "two\nlines", "csrf": sec.csrf("/admin/users")})
    assert r.status == 400 and "one line" in r.text, r.status
    assert not R["sql"]("SELECT 1 FROM invitations WHERE email = 'badname@example.org'")


def multipart(fields, files):
    """A multipart/form-data body as a browser sends it: (body, ctype)."""
    b = "----revmechTestBoundary7MA4YWxkTrZu0gW"
    out = b""
    for k, v in fields.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    for k, (fname, data) in files.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{fname}\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


def upload(c, data, csrf=True, query=""):
    fields = {"csrf": c.csrf("/admin/users")} if csrf else {}
    body, ctype = multipart(fields, {"file": ("nominations.csv", data)})
    return c.request("POST", "/admin/invite/csv" + query, body=body, ctype=ctype)


GOOD_CSV = ("email,role,state,instruments,name,organisation,language\r\n"
            "Nom1@Example.org,expert,ITA,\"tip,untoc\",Giulia Rossi,Ministero della Giustizia,fr\r\n"
            "nom2@example.org,focal_point,ESP,,\"Pérez, Ana\",Ministerio del Interior,es\r\n"
            "nom3@example.org,stakeholder,,,,\"ONG \"\"Libertad\"\"\",\r\n").encode()


@test
def bulk_invitations_from_csv_upload():
    """Item 2 (bulk): the Secretariat uploads the nominations of a Note
    Verbale: every line becomes an invitation e-mailed in its language,
    in one transaction; post/redirect/get with the count."""
    sec = R["logged_in"]("sec@example.org")
    before = R["sql"]("SELECT COUNT(*) FROM invitations")[0][0]
    assert 'enctype="multipart/form-data"' in sec.get("/admin/users").text
    fp = R["logged_in"]("fp@example.org")
    body, ctype = multipart({"csrf": fp.csrf("/account")}, {"file": ("x.csv", GOOD_CSV)})
    assert fp.request("POST", "/admin/invite/csv", body=body, ctype=ctype).status == 403
    assert upload(sec, GOOD_CSV, csrf=False).status == 403
    assert R["sql"]("SELECT COUNT(*) FROM invitations")[0][0] == before
    r = upload(sec, GOOD_CSV, query="?lang=fr")
    assert r.status == 303 and r.header("Location") == "/admin/users?done=csv&n=3", (r.status, r.text[-800:])
    page = sec.get("/admin/users?done=csv&n=3&lang=fr").text
    assert re.search(r'id="done">[^<]*3<', page), page[-3000:]
    rows = {e: (lang, name, org, instr) for e, lang, name, org, instr in R["sql"](
        "SELECT email, lang, name, organisation, instruments FROM invitations "
        "WHERE email LIKE 'nom_@example.org'")}
    assert rows == {"nom1@example.org": ("fr", "Giulia Rossi", "Ministero della Giustizia", "untoc,tip"),
                    "nom2@example.org": ("es", "Pérez, Ana", "Ministerio del Interior", ""),
                    "nom3@example.org": ("fr", "", "ONG \"Libertad\"", "")}, rows
    assert mails_to("nom1@example.org")[0][0] == "Invitation au Mécanisme d’examen de l’UNTOC"
    assert mails_to("nom2@example.org")[0][2] == "es"
    assert mails_to("nom3@example.org")[0][2] == "fr"  # the page's language when the cell is empty
    link = re.search(r"/invite/[0-9a-f]{64}", mails_to("nom1@example.org")[0][1]).group(0)
    c = C()
    r = c.get(link)
    assert r.status == 200, r.status
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
    assert c.post(link, {"password": R["PW"], "password2": R["PW"], "csrf": csrf}).status == 303
    row = R["sql"]("SELECT role, state, instruments, lang, name FROM users WHERE email = 'nom1@example.org'")[0]
    assert tuple(row) == ("expert", "ITA", "untoc,tip", "fr", "Giulia Rossi"), row
    assert any("\tinvite.csv\t3 invitations" in l for l in R["audit_lines"]())


@test
def bulk_invitations_all_or_nothing_with_line_and_column():
    """A file with any bad line creates nothing and says, per problem,
    line N, column X and why: duplicates inside the file, an existing
    account, an open invitation, bad role, State, instruments, language,
    name; CSV syntax errors too."""
    sec = R["logged_in"]("sec@example.org")
    sec.post("/admin/invite", {"email": "open@example.org", "role": "stakeholder",
                               "csrf": sec.csrf("/admin/users")})
    inv = R["sql"]("SELECT COUNT(*) FROM invitations")[0][0]
    mails = R["sql"]("SELECT COUNT(*) FROM outbox")[0][0]
    bad = ("Email,Role,State,Instruments,Name,Language\n"
           "ok1@example.org,observer,FRA,,Fine Person,\n"            # 2: fine
           "ok1@example.org,observer,FRA,,,\n"                       # 3: duplicate of 2
           "FP@example.org,observer,FRA,,,\n"                        # 4: account exists
           "open@example.org,stakeholder,,,,\n"                      # 5: pending
           "x@example.org,chief,FRA,,,\n"                            # 6: bad role
           "y@example.org,expert,XYZ,,,\n"                           # 7: unknown State
           "z@example.org,expert,USA,\"som,ufo\",,\n"                # 8: unknown instrument
           "w@example.org,observer,FRA,,,de\n"                       # 9: bad language
           "v@example.org,observer,FRA,,\"two\nlines\",\n"           # 10-11: bad name
           "not-an-address,observer,FRA,,,\n").encode()              # 12
    r = upload(sec, bad)
    assert r.status == 400, r.status
    errs = re.search(r'<pre class="errors" id="csv-errors" dir="ltr">(.*?)</pre>', r.text, re.S).group(1)
    for want in ["line 3, column email: ok1@example.org is already on line 2",
                 "line 4, column email: an account with this e-mail exists",
                 "line 5, column email: an invitation for this e-mail is pending",
                 "line 6, column role: unknown role &#39;chief&#39;",
                 "line 7, column state: no State party with code &#39;XYZ&#39;",
                 "line 8, column instruments: unknown instrument &#39;ufo&#39;",
                 "line 9, column language: &#39;de&#39; is not one of",
                 "line 10, column name: not valid text",
                 "line 12, column email: &#39;not-an-address&#39; is not an e-mail address"]:
        assert want.replace("&#39;", "'") in errs.replace("&#39;", "'"), (want, errs)
    assert "line 2" not in errs.split("already on")[0]
    assert R["sql"]("SELECT COUNT(*) FROM invitations")[0][0] == inv
    assert R["sql"]("SELECT COUNT(*) FROM outbox")[0][0] == mails
    r = upload(sec, b"email,role\n\"unterminated,observer\n")
    assert r.status == 400 and "line 2" in r.text, r.text[-1500:]
    r = upload(sec, b"email,rank\nq@example.org,observer\n")
    assert r.status == 400 and "unknown column" in r.text and "column role: missing" in r.text
    r = upload(sec, b"email,role\n\xff\xfe@example.org,observer\n")
    assert r.status == 400 and "not UTF-8" in r.text
    assert R["sql"]("SELECT COUNT(*) FROM invitations")[0][0] == inv


@test
def bulk_invitations_cli():
    """`revmech user invite-csv`: the same reader, exit 2 with the
    problems and nothing created, or the invitations and their e-mails."""
    path = os.path.join(R["TMP"], "nominations.csv")
    with open(path, "wb") as f:
        f.write(b"email,role,state,language\ncli1@example.org,observer,DEU,ru\n"
                b"cli2@example.org,focal_point,,\n")
    args = ["user", "invite-csv", "--db", R["DB"], "--base-url", "https://review.example.int/", path]
    rc, out, err = R["run_cli"](*args)
    assert rc == 2 and "line 3, column state: focal points, experts and observers need" in err, (rc, err)
    assert "nothing created" in err
    assert not R["sql"]("SELECT 1 FROM invitations WHERE email LIKE 'cli_@example.org'")
    with open(path, "wb") as f:
        f.write(b"email,role,state,language\ncli1@example.org,observer,DEU,ru\n"
                b"cli2@example.org,focal_point,AUT,\n")
    rc, out, err = R["run_cli"](*args)
    assert rc == 0 and out.startswith("2 invitations created"), (rc, out, err)
    # without --by, on behalf of the oldest enabled Secretariat account
    want = R["sql"]("SELECT MIN(id) FROM users WHERE role = 'secretariat' AND disabled = 0")[0][0]
    got = R["sql"]("SELECT DISTINCT invited_by FROM invitations WHERE email LIKE 'cli_@example.org'")
    assert got == [(want,)] or [tuple(g) for g in got] == [(want,)], (got, want)
    m = mails_to("cli1@example.org")
    assert len(m) == 1 and m[0][2] == "ru" and "https://review.example.int/invite/" in m[0][1], m
    assert mails_to("cli2@example.org")[0][2] == "en"
    rc, out, err = R["run_cli"](*args)
    assert rc == 2 and "an invitation for this e-mail is pending" in err
    rc, _, err = R["run_cli"]("user", "invite-csv", "--db", R["DB"], path)
    assert rc == 1 and "--base-url" in err


@test
def users_page_confirms_disabling_notices_and_prg():
    """Item 6 of issue 8 (users page): disabling asks for a confirmation
    (a form, no script) and changes nothing until it is given; every
    change ends on the users page with a notice (post/redirect/get); a
    created invitation's link is shown once, and a reload neither posts
    again nor shows it again."""
    R["add_user"]("victim2@example.org", "observer", "FRA")
    uid = R["sql"]("SELECT id FROM users WHERE email = 'victim2@example.org'")[0][0]
    sec = R["logged_in"]("sec@example.org")
    r = sec.post("/admin/users/disable?lang=fr", {"id": str(uid), "disabled": "1",
                                                  "csrf": sec.csrf("/admin/users")})
    assert r.status == 200 and 'id="confirm-email">victim2@example.org<' in r.text, r.status
    assert 'name="confirm" value="1"' in r.text and 'href="/admin/users"' in r.text
    assert "Désactiver ce compte ?" in r.text
    assert "<script" not in r.text
    assert R["sql"]("SELECT disabled FROM users WHERE id = ?", uid)[0][0] == 0  # not yet
    fp = R["logged_in"]("fp@example.org")
    assert fp.post("/admin/users/disable", {"id": str(uid), "disabled": "1", "confirm": "1",
                                            "csrf": fp.csrf("/account")}).status == 403
    r = sec.post("/admin/users/disable", {"id": str(uid), "disabled": "1", "confirm": "1",
                                          "csrf": sec.csrf("/admin/users")})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=disabled", r.status
    assert R["sql"]("SELECT disabled FROM users WHERE id = ?", uid)[0][0] == 1
    page = sec.get("/admin/users?done=disabled&lang=en").text
    assert re.search(r'id="done">The account is disabled', page)
    r = sec.post("/admin/users/disable", {"id": str(uid), "disabled": "0",
                                          "csrf": sec.csrf("/admin/users")})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=enabled"  # no confirmation
    r = sec.post("/admin/users/totp", {"id": str(uid), "required": "1", "csrf": sec.csrf("/admin/users")})
    assert r.header("Location") == "/admin/users?done=totp_required"
    assert "now mandatory" in sec.get(r.header("Location")).text
    # An invitation: 303, the link once, a reload shows no link and sends nothing.
    r = sec.post("/admin/invite", {"email": "prg@example.org", "role": "stakeholder",
                                   "csrf": sec.csrf("/admin/users")})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=invited", r.status
    first = sec.get("/admin/users?done=invited")
    assert 'id="invite-link"' in first.text and "Invitation created and e-mailed." in first.text
    link = re.search(r'id="invite-link">[^<]*(/invite/[0-9a-f]{64})<', first.text).group(1)
    again = sec.get("/admin/users?done=invited")
    assert 'id="invite-link"' not in again.text
    assert R["sql"]("SELECT COUNT(*) FROM invitations WHERE email = 'prg@example.org'")[0][0] == 1
    assert len(mails_to("prg@example.org")) == 1
    r = sec.post("/admin/invite/revoke", {"id": re.search(
        r'<tr><td>prg@example.org</td>.*?name="id" value="(\d+)"', again.text).group(1),
        "csrf": sec.csrf("/admin/users")})
    assert r.header("Location") == "/admin/users?done=revoked"
    assert C().get(link).status == 410
    # The token never appears in an address (request log).
    log = open(R["SERVER_LOG"], encoding="utf-8", errors="replace").read()
    assert link.rsplit("/", 1)[1] not in log


@test
def session_ended_after_wrong_secrets_says_the_real_wait():
    """Item 6 (issue 8): after 5 wrong secrets in one session the answer
    says the real time until the next attempt, in the page's language,
    not a fixed "Wait 15 minutes"."""
    R["add_user"]("waiter@example.org", "observer", "FRA")
    c = C(ip="198.18.6.1")
    c.login("waiter@example.org")
    c.get("/account?lang=fr")
    tok = c.csrf("/account")
    for i in range(4):
        R["sql"]("DELETE FROM login_failures WHERE email = 'waiter@example.org'")
        r = c.post("/account/password", {"current": f"guess {i}", "password": "x" * 14, "csrf": tok})
        assert r.status == 200, r.status
    # Four earlier failures from this address, five minutes old: the
    # fifth wrong secret blocks until the oldest leaves the window.
    R["sql"]("DELETE FROM login_failures WHERE email = 'waiter@example.org'")
    for i in range(4):
        R["sql"]("INSERT INTO login_failures (email, ip, at, kind) VALUES (?, ?, ?, 'password')",
                 "waiter@example.org", R["peer"]("198.18.6.1"), R["iso"](time.time() - 300))
    r = c.post("/account/password", {"current": "guess 5", "password": "x" * 14, "csrf": tok})
    assert r.status == 429, r.status
    assert 585 <= int(r.header("Retry-After")) <= 600, r.header("Retry-After")
    assert "dans 10 minutes" in r.text and "15 minutes" not in r.text, r.text[-1500:]
    assert c.get("/account").status == 303, "session ended"
    R["sql"]("DELETE FROM login_failures WHERE email = 'waiter@example.org'")
