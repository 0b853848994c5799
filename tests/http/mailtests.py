"""Mail tests (issue 8, item 1): `revmech mail` and the sender thread of
`revmech serve` against a local SMTP sink (tests/http/smtpsink.py, Debian's
python3-aiosmtpd run by /usr/bin/python3) on a free loopback port; a server
killed while delivering loses no message and sends none twice.
Registered into run.py (which starts and counts)."""
import json
import os
import signal
import sqlite3
import subprocess
import time

R = None
TESTS = []
SINK_PY = "/usr/bin/python3"


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def test(fn):
    TESTS.append(fn)
    return fn


def sink(name, *extra):
    """An SMTP sink on a free port.  The SQLite and PostgreSQL suites run
    side by side, so a port found free can be taken before the sink binds
    it: the sink then exits without "ready", and another port is tried."""
    out = os.path.join(R["TMP"], name + ".jsonl")
    for _ in range(5):
        port = R["free_port"]()
        p = subprocess.Popen([SINK_PY, "tests/http/smtpsink.py", str(port), out, *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if p.stdout.readline().strip() == "ready":
            return p, port, out
        p.wait()
    raise AssertionError("the SMTP sink could not start on 5 free ports")


def received(out):
    if not os.path.exists(out):
        return []
    with open(out, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def fresh_db(name):
    path = os.path.join(R["TMP"], name + ".db")
    rc, _, err = R["run_cli"]("init", "--db", path)
    assert rc == 0, err
    return path


def queue_direct(path, n):
    """Rows as outbox_queue() writes them (the web callers come with
    item 2); one transaction."""
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    c = sqlite3.connect(path, timeout=10)
    with c:
        for i in range(n):
            c.execute("INSERT INTO outbox (recipient, lang, subject, body, next_attempt, created) "
                      "VALUES (?, 'es', ?, ?, ?, ?)",
                      (f"p{i}@example.org", f"Asunto {i}", f"Cuerpo número {i}\n", now, now))
    c.close()


def statuses(path):
    c = sqlite3.connect(path, timeout=10)
    rows = dict(c.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())
    c.close()
    return rows


@test
def mail_test_through_smtp_sink_with_auth():
    path = fresh_db("mailcli")
    p, port, out = sink("cli", "--auth", "robot:s3cret")
    try:
        pw = os.path.join(R["TMP"], "smtp.pw")
        with open(pw, "w") as f:
            f.write("s3cret\n")
        os.chmod(pw, 0o644)
        args = ["mail", "test", "--db", path, "--to", "x@example.org",
                "--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-tls", "none",
                "--smtp-user", "robot", "--smtp-password-file", pw]
        rc, _, err = R["run_cli"](*args)
        assert rc == 2 and "chmod 600" in err, (rc, err)  # a readable password file is refused
        os.chmod(pw, 0o600)
        rc, so, err = R["run_cli"](*args)
        assert rc == 0, (rc, err)
        got = received(out)
        assert len(got) == 1 and got[0]["to"] == ["x@example.org"] and got[0]["auth"], got
        assert got[0]["message_id"].startswith("<outbox-1."), got
        assert "s3cret" not in so + err
        rc, so, _ = R["run_cli"]("mail", "list", "--db", path)
        assert rc == 0 and so.splitlines()[0].startswith("id\tstatus")
        assert "\tsent\t" in so.splitlines()[1], so
        # No option takes the password itself: --smtp-password is read as
        # (an abbreviation of) the file option, so its value is a path.
        rc, _, err = R["run_cli"]("mail", "test", "--db", path, "--to", "x@example.org",
                                  "--smtp-password", "s3cret")
        assert rc == 2 and "cannot read SMTP password file" in err, (rc, err)
    finally:
        p.kill()
        p.wait()


@test
def mail_down_backs_off_then_retry_delivers():
    path = fresh_db("maildown")
    port = R["free_port"]()  # nothing listens there
    url = f"smtp://127.0.0.1:{port}"
    rc, _, err = R["run_cli"]("mail", "test", "--db", path, "--to", "y@example.org",
                              "--smtp-url", url, "--smtp-tls", "none")
    assert rc == 0, err
    c = sqlite3.connect(path)
    st, attempts, nxt, error = c.execute(
        "SELECT status, attempts, next_attempt, last_error FROM outbox").fetchone()
    c.close()
    assert st == "queued" and attempts == 1 and error, (st, attempts, error)
    assert nxt > time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), nxt  # backed off
    p, port2, out = sink("down")
    try:
        rc, so, _ = R["run_cli"]("mail", "retry", "--db", path)
        assert rc == 0 and so.startswith("1 message"), so
        rc, _, err = R["run_cli"]("mail", "test", "--db", path, "--to", "z@example.org",
                                  "--smtp-url", f"smtp://127.0.0.1:{port2}", "--smtp-tls", "none")
        assert rc == 0, err
        assert sorted(m["to"][0] for m in received(out)) == ["y@example.org", "z@example.org"]
        assert statuses(path) == {"sent": 2}, statuses(path)
    finally:
        p.kill()
        p.wait()


def serve(path, log, *extra):
    return R["start_extra"](path, R["ENV"], log, *extra)


@test
def serve_without_smtp_writes_mail_file_and_says_so():
    path = fresh_db("mailfile")
    queue_direct(path, 2)
    log = open(os.path.join(R["TMP"], "mailfile.log"), "w")
    proc, _ = serve(path, log)
    try:
        mbox = os.path.join(R["TMP"], "mail.log")
        deadline = time.time() + 20
        while time.time() < deadline and statuses(path).get("sent") != 2:
            time.sleep(0.2)
        assert statuses(path) == {"sent": 2}, statuses(path)
        text = open(mbox, encoding="utf-8").read()
        assert "Cuerpo número 1" in text and "To: p0@example.org" in text
        assert os.stat(mbox).st_mode & 0o077 == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert proc.returncode == 0
    console = open(log.name).read()
    assert "no SMTP server configured" in console and mbox in console, console


@test
def serve_killed_mid_delivery_loses_and_doubles_nothing():
    path = fresh_db("mailkill")
    n = 12
    queue_direct(path, n)
    p, port, out = sink("kill", "--delay", "0.3")
    opts = ["--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-tls", "none",
            "--mail-lease", "1", "--mail-retry", "1"]
    try:
        log = open(os.path.join(R["TMP"], "mailkill.log"), "w")
        proc, _ = serve(path, log, *opts)
        deadline = time.time() + 30
        while time.time() < deadline and len(received(out)) < 3:
            time.sleep(0.05)
        time.sleep(0.15)  # into the middle of the next DATA
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first = len(received(out))
        assert 3 <= first < n, first
        log2 = open(os.path.join(R["TMP"], "mailkill2.log"), "w")
        proc, _ = serve(path, log2, *opts)
        deadline = time.time() + 60
        while time.time() < deadline and statuses(path).get("sent") != n:
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        got = received(out)
        ids = [m["message_id"] for m in got]
        assert statuses(path) == {"sent": n}, statuses(path)
        assert len(ids) == n and len(set(ids)) == n, ids  # each once
        assert sorted(m["to"][0] for m in got) == sorted(f"p{i}@example.org" for i in range(n))
        assert any(m["body"] == "Cuerpo número 5\n" and m["subject"] == "Asunto 5" for m in got)
    finally:
        p.kill()
        p.wait()


@test
def two_servers_one_database_send_each_message_once():
    """Issue 11: two `revmech serve` on one database (PostgreSQL under
    REVMECH_TEST_PG, else one SQLite file), both with a sender thread to
    the same SMTP server: every queued message is delivered exactly once,
    whichever server claims it, and both are marked sent; invitations
    created through either server are each e-mailed once."""
    import re
    db = R["new_db"]("mailtwo")
    rc, _, err = R["run_cli"]("init", "--db", db)
    assert rc == 0, err
    rc, _, err = R["run_cli"]("user", "add", "--db", db, "--email", "sec@example.org",
                              "--role", "secretariat", "--password-stdin", stdin=R["PW"] + "\n")
    assert rc == 0, err
    n = 40
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rows = ", ".join(["(?, 'fr', ?, ?, ?, ?)"] * n)
    params = []
    for i in range(n):
        params += [f"q{i}@example.org", f"Objet {i}", f"Corps numéro {i}\n", now, now]
    R["sql_on"](db, "INSERT INTO outbox (recipient, lang, subject, body, next_attempt, created) "
                "VALUES " + rows, *params)
    p, port, out = sink("two", "--delay", "0.02")
    opts = ["--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-tls", "none",
            "--mail-lease", "30"]
    procs, ports = [], []
    try:
        for name in ("a", "b"):
            log = open(os.path.join(R["TMP"], f"mailtwo-{name}.log"), "w")
            proc, wport = serve(db, log, *opts)
            procs.append(proc)
            ports.append(wport)
        # One Secretariat session, valid on both servers: three invitations
        # queued through each.
        sec = R["Client"](port=ports[0])
        sec.login("sec@example.org")
        for i in range(6):
            sec.port = ports[i % 2]
            r = sec.get("/admin/users")
            tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
            r = sec.post("/admin/invite", {"email": f"inv{i}@example.org", "role": "stakeholder",
                                           "csrf": tok})
            assert r.status in (200, 303), (r.status, r.text[:300])
        n += 6

        def sent():
            return dict(R["sql_on"](db, "SELECT status, COUNT(*) FROM outbox "
                                    "GROUP BY status")).get("sent", 0)
        deadline = time.time() + 60
        while time.time() < deadline and (sent() < n or len(received(out)) < n):
            time.sleep(0.2)
        time.sleep(0.5)  # a double delivery would arrive now
        got = received(out)
        ids = [m["message_id"] for m in got]
        assert len(ids) == n and len(set(ids)) == n, (len(ids), len(set(ids)))
        want = [f"q{i}@example.org" for i in range(n - 6)] + [f"inv{i}@example.org" for i in range(6)]
        assert sorted(m["to"][0] for m in got) == sorted(want)
        st = dict(R["sql_on"](db, "SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        assert st == {"sent": n}, st
        assert any(m["subject"] == "Objet 7" and m["body"] == "Corps numéro 7\n" for m in got)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        p.kill()
        p.wait()


@test
def invitation_emailed_with_base_url_not_host_and_accepted():
    """R27 / issue 8 item 2: the invitation is e-mailed in the page's
    language through the outbox, its link built from --base-url even when
    the request's Host header lies; the e-mailed link works once."""
    import re
    path = fresh_db("mailinv")
    rc, _, err = R["run_cli"]("user", "add", "--db", path, "--email", "sec@example.org",
                              "--role", "secretariat", "--password-stdin", stdin=R["PW"] + "\n")
    assert rc == 0, err
    p, port, out = sink("inv")
    log = open(os.path.join(R["TMP"], "mailinv.log"), "w")
    proc, wport = serve(path, log, "--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-tls", "none",
                        "--base-url", "https://review.example.int/platform/")
    try:
        sec = R["Client"](port=wport)
        sec.login("sec@example.org")
        r = sec.get("/admin/users?lang=fr")
        tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
        r = sec.post("/admin/invite", {"email": "New@Example.org", "role": "stakeholder", "csrf": tok},
                     headers={"Host": "evil.example.com"})
        assert r.status == 303, (r.status, r.text[:300])  # post/redirect/get
        r = sec.get(r.header("Location"), headers={"Host": "evil.example.com"})
        assert "evil.example.com" not in r.text and 'id="invite-link"' in r.text
        deadline = time.time() + 20
        while time.time() < deadline and not received(out):
            time.sleep(0.1)
        got = received(out)
        assert len(got) == 1 and got[0]["to"] == ["new@example.org"], got
        m = got[0]
        assert m["lang"] == "fr" and m["subject"] == "Invitation au Mécanisme d’examen de l’UNTOC", m
        link = re.search(r"(\S+/invite/[0-9a-f]{64})", m["body"]).group(1)
        assert link.startswith("https://review.example.int/platform/invite/"), link
        assert "evil" not in m["body"]
        c = R["Client"](port=wport)
        ipath = link[len("https://review.example.int/platform"):]
        r = c.get(ipath)
        assert r.status == 200, r.status
        tok2 = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
        r = c.post(ipath, {"password": R["PW"], "password2": R["PW"], "csrf": tok2})
        assert r.status == 303 and r.header("Location") == "/login?created=1", r.status
        r = c.get("/login?created=1&lang=fr")
        assert "Votre compte existe" in r.text, r.text[-1500:]
        assert c.get(ipath).status == 410  # used
        # One invitation, one message: written in one transaction.
        c2 = sqlite3.connect(path)
        inv, mails = c2.execute("SELECT (SELECT COUNT(*) FROM invitations), "
                                "(SELECT COUNT(*) FROM outbox)").fetchone()
        c2.close()
        assert (inv, mails) == (1, 1), (inv, mails)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        p.kill()
        p.wait()


@test
def pending_invitations_listed_and_revoked_only_by_secretariat():
    """Issue 8 item 2: open invitations are listed on the users page and
    can be revoked (the link dies at once); a focal point may neither list
    nor revoke."""
    import re
    sec = R["logged_in"]("sec@example.org")
    r = sec.post("/admin/invite", {"email": "revokeme@example.org", "role": "stakeholder",
                                   "csrf": sec.csrf("/admin/users")})
    assert r.status == 303, r.status
    r = sec.get(r.header("Location"))
    link = re.search(r'(/invite/[0-9a-f]{64})<', r.text).group(1)
    page = sec.get("/admin/users").text
    row = re.search(r'<tr><td>revokeme@example.org</td>.*?name="id" value="(\d+)"', page)
    assert row and 'id="pending"' in page, page[-2000:]
    inv_id = row.group(1)
    fp = R["logged_in"]("fp@example.org")
    assert fp.get("/admin/users").status == 403
    r = fp.post("/admin/invite/revoke", {"id": inv_id, "csrf": fp.csrf("/account")})
    assert r.status == 403, r.status
    assert R["Client"]().get(link).status == 200  # still open
    r = sec.post("/admin/invite/revoke", {"id": inv_id, "csrf": sec.csrf("/admin/users")})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=revoked", r.status
    assert R["Client"]().get(link).status == 410  # dead at once
    assert "revokeme@example.org" not in sec.get("/admin/users").text
    r = sec.post("/admin/invite/revoke", {"id": inv_id, "csrf": sec.csrf("/admin/users")})
    assert r.status == 404
    assert any("\tinvite.revoke\t" in l for l in R["audit_lines"]())


@test
def users_page_no_self_disable_and_keeps_typed_email():
    """Issue 8 item 6 (users page): no Disable button on one's own account
    (the POST is refused anyway), and a validation error keeps the typed
    e-mail, escaped."""
    import re
    sec = R["logged_in"]("sec@example.org")
    own = R["sql"]("SELECT id FROM users WHERE email = 'sec@example.org'")[0][0]
    page = sec.get("/admin/users").text
    forms = re.findall(r'action="/admin/users/disable".*?name="id" value="(\d+)"', page)
    assert forms and str(own) not in forms, forms
    r = sec.post("/admin/invite", {"email": "typed\"<b>@example.org", "role": "expert",
                                   "csrf": sec.csrf("/admin/users")})
    assert r.status == 400
    assert 'value="typed&quot;&lt;b&gt;@example.org"' in r.text, r.text[-1500:]


@test
def invitation_resend_new_token_old_dead():
    """Issue 8 item 2: resending gives a new link and kills the old one;
    a focal point cannot resend."""
    import re
    sec = R["logged_in"]("sec@example.org")
    r = sec.post("/admin/invite", {"email": "resend@example.org", "role": "expert", "state": "fra",
                                   "csrf": sec.csrf("/admin/users")})
    r = sec.get(r.header("Location"))
    old = re.search(r'(/invite/[0-9a-f]{64})<', r.text).group(1)
    page = sec.get("/admin/users").text
    inv_id = re.search(r'<tr><td>resend@example.org</td>.*?name="id" value="(\d+)"', page).group(1)
    fp = R["logged_in"]("fp@example.org")
    assert fp.post("/admin/invite/resend", {"id": inv_id, "csrf": fp.csrf("/account")}).status == 403
    assert R["Client"]().get(old).status == 200
    r = sec.post("/admin/invite/resend", {"id": inv_id, "csrf": sec.csrf("/admin/users")})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=resent", r.status
    r = sec.get(r.header("Location"))
    new = re.search(r'(/invite/[0-9a-f]{64})<', r.text).group(1)
    assert new != old
    assert R["Client"]().get(old).status == 410
    r = R["Client"]().get(new + "?lang=fr")
    assert r.status == 200 and "resend@example.org" in r.text
    # The invitation page says what it grants: the role and the State.
    assert re.search(r'id="invite-role">[^<]*[Ee]xpert', r.text), r.text[-1500:]
    assert 'id="invite-state">France<' in r.text, r.text[-1500:]
    assert sec.post("/admin/invite/resend", {"id": inv_id, "csrf": sec.csrf("/admin/users")}).status == 404
    n = R["sql"]("SELECT COUNT(*) FROM outbox WHERE recipient = 'resend@example.org'")[0][0]
    st = [tuple(x) for x in R["sql"]("SELECT state FROM invitations WHERE email = 'resend@example.org' "
                                     "AND revoked IS NULL")]
    assert n == 2 and st == [("FRA",)], (n, st)
    assert any("\tinvite.resend\t" in l for l in R["audit_lines"]())
