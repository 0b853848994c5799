"""Security review checks of the web platform (issue 4, findings 1-14),
kept as permanent HTTP tests.  Registered by tests/http/run.py with
`security.register(globals())`: the tests use run.py's helpers (Client,
sql, add_user, ...) through R, its globals, and run in its server.
Each asserts the correct behaviour."""
import base64
import hashlib
import hmac
import http.client
import os
import re
import socket
import struct
import subprocess
import threading
import time

R = {}
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g  # the live dict: PORT is set later, when the server starts
    for fn in TESTS:
        g["test"](fn)


def C(ip=None, port=None):
    return R["Client"](ip, port)


def totp(secret, step_offset=0):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time() // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[19] & 15
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return f"{code:06d}"


def wrong_code(secret):
    valid = {totp(secret, k) for k in (-2, -1, 0, 1, 2)}
    n = 0
    while f"{n:06d}" in valid:
        n += 1
    return f"{n:06d}"


def login(email, ip, pw=None):
    c = C(ip)
    c.login(email, pw or R["PW"])
    return c


def enrol_totp(c):
    c.post("/account/totp/start", {"csrf": c.csrf("/account")})
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', c.get("/account").text).group(1)
    r = c.post("/account/totp/enable", {"code": totp(secret), "current": R["PW"],
                                        "csrf": c.csrf("/account")})
    assert "is on" in r.text, r.text[:500]
    return secret


def age_failures(email):
    """Moves an account's failures back in time: past the back-off, still in
    the 15-minute window (instead of sleeping)."""
    R["sql"]("UPDATE login_failures SET at = ? WHERE email = ?",
             R["iso"](time.time() - 120), email)


def new_token(c, name="t"):
    r = c.request("POST", "/api/v1/tokens",
                  body='{"name": "%s", "password": "%s"}' % (name, R["PW"]),
                  headers={"X-CSRF-Token": c.csrf("/account")})
    assert r.status == 201, (r.status, r.text)
    return r.json()


def bearer(tok, path="/api/v1/me"):
    return C().get(path, headers={"Authorization": "Bearer " + tok})


# ------------------------------------------------------------------ tests

@test
def sec01_totp_guessing_is_throttled_per_account():
    """A correct password does not reset the count of wrong TOTP codes:
    cycling password + wrong codes from one address is refused early."""
    R["add_user"]("t1@example.org", "focal_point", "ITA")
    secret = enrol_totp(login("t1@example.org", "192.0.2.10"))
    wrong, statuses = 0, []
    for _ in range(10):
        a = C("192.0.2.11")  # one address for the whole attack
        tok = a.csrf("/login")
        r = a.post("/login", {"email": "t1@example.org", "password": R["PW"], "csrf": tok})
        statuses.append(r.status)
        if r.status == 429:
            break
        assert r.header("Location") == "/login/totp", r.status
        tok = a.csrf("/login/totp")
        for _ in range(4):
            r = a.post("/login/totp", {"code": wrong_code(secret), "csrf": tok})
            statuses.append(r.status)
            if r.status == 429:
                break
            assert "incorrect" in r.text
            wrong += 1
        if r.status == 429:
            break
    assert 1 <= wrong <= 5, (wrong, statuses)
    R["sql"]("DELETE FROM login_failures")


@test
def sec01_pending_session_ends_after_5_wrong_codes():
    R["add_user"]("t1b@example.org", "focal_point", "ITA")
    secret = enrol_totp(login("t1b@example.org", "192.0.2.12"))
    a = C("192.0.2.13")
    tok = a.csrf("/login")
    r = a.post("/login", {"email": "t1b@example.org", "password": R["PW"], "csrf": tok})
    assert r.header("Location") == "/login/totp"
    tok = a.csrf("/login/totp")
    sts = []
    for _ in range(5):
        age_failures("t1b@example.org")
        R["sql"]("DELETE FROM login_failures WHERE kind = 'totp' AND email = 't1b@example.org' "
                 "AND id NOT IN (SELECT id FROM login_failures WHERE email = 't1b@example.org' "
                 "ORDER BY id DESC LIMIT 2)")  # stay under the account limit
        sts.append(a.post("/login/totp", {"code": wrong_code(secret), "csrf": tok}).status)
    assert sts == [200, 200, 200, 200, 429], sts
    r = a.get("/login/totp")
    assert r.status == 303 and r.header("Location") == "/login", "pending session ended"
    # Only the complete login clears: the failures are still counted.
    n = R["sql"]("SELECT COUNT(*) FROM login_failures WHERE email = 't1b@example.org' "
                 "AND kind = 'totp'")[0][0]
    assert n >= 1, n
    R["sql"]("DELETE FROM login_failures")


@test
def sec02_mandatory_totp_enforced_for_api():
    R["add_user"]("must2@example.org", "focal_point", "ITA")
    c = login("must2@example.org", "192.0.2.20")
    tok = new_token(c)["token"]  # made while TOTP was optional
    R["sql"]("UPDATE users SET totp_required = 1 WHERE email = 'must2@example.org'")
    assert c.get("/dashboard").status == 303
    r = c.get("/api/v1/reviews")
    assert r.status == 403 and r.json()["error"] == "totp_required", r.status
    r = c.request("POST", "/api/v1/tokens", body='{"name": "bypass"}',
                  headers={"X-CSRF-Token": c.csrf("/account")})
    assert r.status == 403, r.status
    r = c.post("/account/tokens", {"name": "bypass", "csrf": c.csrf("/account")})
    assert r.status == 303 and r.header("Location").startswith("/account"), r.status
    assert bearer(tok, "/api/v1/reviews").status == 403, "old token unusable too"
    assert c.get("/account").status == 200, "enrolment stays reachable"


@test
def sec03_api_token_cannot_manage_tokens():
    c = login("fp@example.org", "192.0.2.30")
    t = new_token(c, "ci")
    r = C().request("POST", "/api/v1/tokens", body='{"name": "persist"}',
                    headers={"Authorization": "Bearer " + t["token"]})
    assert r.status == 403 and r.json()["error"] == "session_required", r.status
    r = C().request("DELETE", f"/api/v1/tokens/{t['id']}",
                    headers={"Authorization": "Bearer " + t["token"]})
    assert r.status == 403, r.status
    assert bearer(t["token"], "/api/v1/tokens").status == 200, "listing is fine"


@test
def sec04_current_password_and_disable_code_guessing_throttled():
    R["add_user"]("pwg@example.org", "expert", "ITA")
    c = login("pwg@example.org", "192.0.2.50")
    tok = c.csrf("/account")
    sts = [c.post("/account/password", {"current": f"guess number {i}",
                                         "password": "Whatever passphrase 12", "csrf": tok}).status
           for i in range(6)]
    assert sts[:3] == [200, 200, 200] and 429 in sts, sts
    # The session that guesses is ended after 5 wrong secrets.
    R["sql"]("DELETE FROM login_failures")
    c = login("pwg@example.org", "192.0.2.51")
    tok = c.csrf("/account")
    sts = []
    for i in range(5):
        R["sql"]("DELETE FROM login_failures")
        sts.append(c.post("/account/password", {"current": f"guess {i}", "password": "x" * 14,
                                                 "csrf": tok}).status)
    assert sts == [200, 200, 200, 200, 429], sts
    assert c.get("/account").status == 303, "session ended"
    # TOTP disable codes likewise.
    R["sql"]("DELETE FROM login_failures")
    R["add_user"]("dcode@example.org", "expert", "ITA")
    d = login("dcode@example.org", "192.0.2.52")
    secret = enrol_totp(d)
    tok = d.csrf("/account")
    sts = [d.post("/account/totp/disable", {"code": wrong_code(secret), "current": R["PW"],
                                            "csrf": tok}).status
           for _ in range(5)]
    assert sts[:3] == [200, 200, 200] and 429 in sts, sts
    R["sql"]("DELETE FROM login_failures")


@test
def sec05_throttled_logins_do_not_stall_others():
    ip = "192.0.2.70"
    now = R["iso"](time.time())
    for i in range(12):
        R["sql"]("INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)",
                 f"x{i}@e.org", R["peer"](ip), now)
    toks = []
    for _ in range(8):
        c = C(ip)
        toks.append((c, c.csrf()))
    lat, sts = [], []

    def slow(c, tok):
        r = c.post("/login", {"email": "nobody@e.org", "password": "whatever12345", "csrf": tok})
        sts.append((r.status, r.header("Retry-After"), r.elapsed))

    def probe():
        t0 = time.monotonic()
        C().get("/healthz")
        lat.append(time.monotonic() - t0)
    ts = [threading.Thread(target=slow, args=ct) for ct in toks]
    ts += [threading.Thread(target=probe) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    R["sql"]("DELETE FROM login_failures")
    assert max(lat) < 0.5, lat
    assert all(s == 429 and int(ra) >= 1 and el < 0.5 for s, ra, el in sts), sts


@test
def sec06_connections_per_address_and_request_deadline():
    port, peer = R["PORT"], R["peer"]("192.0.2.80")
    socks = []
    try:
        for _ in range(40):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5,
                                             source_address=(peer, 0))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finished
                socks.append(s)
            except OSError:
                pass  # refused beyond the limit
        assert len(socks) >= 30, len(socks)
        time.sleep(0.3)

        def healthz(src):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3,
                                                  source_address=(src, 0))
                conn.request("GET", "/healthz")
                return conn.getresponse().status
            except (OSError, http.client.HTTPException) as e:
                return repr(e)
        assert healthz(peer) != 200, "the 41st connection of one address is refused"
        st = healthz(R["peer"]("192.0.2.81"))
        assert st == 200, f"other addresses are served: {st}"
        # The test server runs --request-deadline 2: held connections are
        # cut although they trickle bytes (the idle timeout alone would not).
        s, t0, closed = socks[0], time.monotonic(), False
        s.settimeout(0.5)
        while time.monotonic() - t0 < 6 and not closed:
            try:
                s.sendall(b"X-A: b\r\n")
                closed = s.recv(100) == b""
            except socket.timeout:
                pass
            except OSError:
                closed = True
        assert closed and time.monotonic() - t0 < 5, "slow request not cut off"
    finally:
        for s in socks:
            s.close()
        time.sleep(0.3)


@test
def sec07_anonymous_audit_rows_bounded():
    before = R["sql"]("SELECT COUNT(*), COALESCE(SUM(LENGTH(object)), 0) FROM audit_log")[0]
    c = C("192.0.2.90")
    for _ in range(100):
        c.request("POST", "/" + "A" * 2000, body=b"", ctype="text/plain")
    after = R["sql"]("SELECT COUNT(*), COALESCE(SUM(LENGTH(object)), 0) FROM audit_log")[0]
    rows, nbytes = after[0] - before[0], after[1] - before[1]
    assert 1 <= rows <= 20 and nbytes <= 20 * 128, (rows, nbytes)


@test
def sec08_weak_hash_upgraded_and_test_mode_guard():
    port = R["prod_server"]()
    db = R["PROD_DB"]
    rc, out, err = R["run_cli"]("user", "add", "--db", db, "--email", "weak@example.org",
                                "--role", "stakeholder", "--password-stdin",
                                stdin=R["PW"] + "\n")
    assert rc == 0, err
    q = "SELECT pwhash FROM users WHERE email = 'weak@example.org'"
    h0 = R["sql_on"](db, q)[0][0]
    assert "m=8," in h0, h0[:40]
    r = C(port=port).login("weak@example.org")
    h1 = R["sql_on"](db, q)[0][0]
    assert "m=8," not in h1 and h1.startswith("$argon2id$"), h1[:40]
    C(port=port).login("weak@example.org")  # the new hash verifies
    for opt in ("--trust-proxy", "--secure-cookies"):
        rc, out, err = R["run_cli"]("serve", *R["serve_db"](R["DB"]), "--listen", "127.0.0.1:1", opt)
        assert rc != 0 and "REVMECH_TEST_MODE" in err, (opt, rc, err)


@test
def sec09_disable_account_cli_and_page():
    rc, out, err = R["run_cli"]("user", "--help")
    assert "disable" in out and "enable" in out, out
    R["add_user"]("dis@example.org", "expert", "ITA")
    c = login("dis@example.org", "192.0.2.95")
    tok = new_token(c)["token"]
    sec = login("sec@example.org", "192.0.2.96")
    r = sec.post("/admin/invite", {"email": "dis@example.org", "role": "expert", "state": "ITA",
                                   "csrf": sec.csrf("/admin/users")})
    assert r.status == 409  # an account exists; invite someone else below
    r = sec.post("/admin/invite", {"email": "pending@example.org", "role": "stakeholder",
                                   "csrf": sec.csrf("/admin/users")})
    r = sec.get(r.header("Location"))
    link = re.search(r"/invite/([0-9a-f]{64})<", r.text).group(1)
    rc, out, err = R["run_cli"]("user", "disable", "--db", R["DB"], "--email", "dis@example.org")
    assert rc == 0, err
    assert c.get("/dashboard").status == 303, "sessions ended"
    assert bearer(tok).status == 401, "tokens revoked"
    C("192.0.2.97").login("dis@example.org", expect=200)
    rc, out, err = R["run_cli"]("user", "disable", "--db", R["DB"], "--email",
                                "pending@example.org")
    assert rc == 0, err
    assert C().get("/invite/" + link).status == 410, "invitation revoked"
    rc, out, err = R["run_cli"]("user", "disable", "--db", R["DB"], "--email", "no@example.org")
    assert rc != 0 and "no account" in err, err
    rc, out, err = R["run_cli"]("user", "enable", "--db", R["DB"], "--email", "dis@example.org")
    assert rc == 0, err
    R["sql"]("DELETE FROM login_failures")
    d = login("dis@example.org", "192.0.2.98")
    assert bearer(tok).status == 401, "enabling does not bring tokens back"
    # The Secretariat's page: POST with CSRF.
    uid = R["sql"]("SELECT id FROM users WHERE email = 'dis@example.org'")[0][0]
    r = sec.post("/admin/users/disable", {"id": str(uid), "disabled": "1"})
    assert r.status == 403, "CSRF needed"
    page = sec.get("/admin/users").text
    assert 'action="/admin/users/disable"' in page
    r = sec.post("/admin/users/disable", {"id": str(uid), "disabled": "1", "confirm": "1",
                                          "csrf": sec.csrf("/admin/users")})
    assert r.status == 303, r.status
    assert d.get("/dashboard").status == 303
    assert R["sql"]("SELECT disabled FROM users WHERE id = ?", uid)[0][0] == 1
    own = R["sql"]("SELECT id FROM users WHERE email = 'sec@example.org'")[0][0]
    r = sec.post("/admin/users/disable", {"id": str(own), "disabled": "1",
                                          "csrf": sec.csrf("/admin/users")})
    assert r.status == 400, r.status
    lines = R["audit_lines"]()
    assert any("\tuser.disable\tdis@example.org" in l and l.split("\t")[1].startswith("cli:")
               for l in lines)
    assert any(l.split("\t")[1] == "sec@example.org" and "\tuser.disable\t" in l for l in lines)
    R["sql"]("DELETE FROM login_failures")


@test
def sec10_parallel_guesses_respect_account_limit():
    R["add_user"]("race@example.org", "observer", "ITA")
    judged = []
    lock = threading.Lock()

    def one(i):
        c = C(f"198.18.{i // 200}.{i % 200 + 1}")
        tok = c.csrf()
        r = c.post("/login", {"email": "race@example.org", "password": f"wrong password {i}",
                              "csrf": tok})
        with lock:
            judged.append(r.status)
    ts = [threading.Thread(target=one, args=(i,)) for i in range(30)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    R["sql"]("DELETE FROM login_failures")
    assert judged.count(200) <= 3 and judged.count(429) == 30 - judged.count(200), judged


@test
def sec11_password_change_revokes_tokens_and_last_used():
    R["add_user"]("pwtok@example.org", "observer", "ITA")
    c = login("pwtok@example.org", "192.0.2.40")
    tok = new_token(c)["token"]
    assert bearer(tok).status == 200
    lu = R["sql"]("SELECT last_used FROM api_tokens WHERE user_id = "
                  "(SELECT id FROM users WHERE email = 'pwtok@example.org')")[0][0]
    assert lu and re.match(r"\d{4}-\d\d-\d\dT", lu), lu
    r = c.post("/account/password", {"current": R["PW"], "password": "A brand new passphrase 77",
                                     "csrf": c.csrf("/account")})
    assert r.status == 303, r.status
    assert bearer(tok).status == 401, "token revoked by the password change"


@test
def sec12_audit_cli_escapes_control_bytes():
    c = C("192.0.2.100")
    tok = c.csrf()
    c.post("/login", {"email": "\x1b]0;owned\x07\x1b[2J\\@x.org", "password": "whatever12345",
                      "csrf": tok})
    p = subprocess.run([R["BIN"], "audit", "--db", R["DB"]], capture_output=True, env=R["ENV"],
                       timeout=60)
    assert p.returncode == 0
    assert b"\x1b" not in p.stdout and b"\x07" not in p.stdout
    assert b"\\x1b]0;owned\\x07\\x1b[2J\\x5c@x.org" in p.stdout
    R["sql"]("DELETE FROM login_failures")


@test
def sec13_invitation_token_not_in_request_log():
    sec = login("sec@example.org", "192.0.2.110")
    r = sec.post("/admin/invite", {"email": "newbie@example.org", "role": "stakeholder",
                                   "csrf": sec.csrf("/admin/users")})
    r = sec.get(r.header("Location"))
    tok = re.search(r"/invite/([0-9a-f]{64})<", r.text).group(1)
    assert C().get("/invite/" + tok).status == 200
    time.sleep(0.2)
    log = open(R["SERVER_LOG"], encoding="utf-8", errors="replace").read()
    assert tok not in log and "/invite/[redacted]" in log


@test
def sec_totp_code_single_use_under_concurrency():
    R["add_user"]("race2@example.org", "expert", "ITA")
    secret = enrol_totp(login("race2@example.org", "192.0.2.130"))
    while int(time.time()) % 30 > 25:
        time.sleep(1)
    code = totp(secret, 1)  # not the enrolment step
    pend = []
    for i in range(3):  # within the account's back-off limit
        c = C(f"192.0.2.{131 + i}")
        tok = c.csrf()
        r = c.post("/login", {"email": "race2@example.org", "password": R["PW"], "csrf": tok})
        assert r.header("Location") == "/login/totp"
        pend.append((c, c.csrf("/login/totp")))
    res = []
    bar = threading.Barrier(len(pend))

    def go(c, tok):
        bar.wait()
        res.append(c.post("/login/totp", {"code": code, "csrf": tok}).status)
    ts = [threading.Thread(target=go, args=p) for p in pend]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    R["sql"]("DELETE FROM login_failures")
    assert res.count(303) == 1, res


@test
def sec_totp_secret_sealed_at_rest():
    """Finding 14: a copy of the database alone does not give the TOTP
    secret; the key file beside it is private (mode 0600)."""
    R["add_user"]("sealed@example.org", "expert", "ITA")
    c = login("sealed@example.org", "192.0.2.150")
    secret = enrol_totp(c)
    stored = R["sql"]("SELECT totp_secret FROM users WHERE email = ?",
                      "sealed@example.org")[0][0]
    assert stored.startswith("v1:"), stored
    assert secret not in stored and secret.lower() not in stored.lower()
    key = R["KEY"]
    assert os.stat(key).st_mode & 0o777 == 0o600, oct(os.stat(key).st_mode)
    # The sealed secret still works for a login, once per code.
    c2 = C("192.0.2.151")
    tok = c2.csrf()
    r = c2.post("/login", {"email": "sealed@example.org", "password": R["PW"], "csrf": tok})
    assert r.header("Location") == "/login/totp", r.status
    r = c2.post("/login/totp", {"code": totp(secret, 1), "csrf": c2.csrf("/login/totp")})
    assert r.status == 303, (r.status, r.text[:300])
    R["sql"]("DELETE FROM login_failures")


@test
def sec_totp_enrolment_shows_qr_svg():
    """Issue 8 item 2: the enrolment shows the otpauth URI as an inline SVG
    QR code (no script, no remote image under the CSP), the key as text."""
    R["add_user"]("qr@example.org", "expert", "ITA")
    c = login("qr@example.org", "192.0.2.140")
    c.post("/account/totp/start", {"csrf": c.csrf("/account")})
    r = c.get("/account")
    page = r.text
    m = re.search(r'<svg [^>]*id="totp-qr"[^>]*viewBox="0 0 (\d+) \1"[^>]*>(.*?)</svg>', page, re.S)
    assert m, page[:2000]
    side = int(m.group(1))
    # Versions 1-40 are 21 + 4k modules wide, plus a quiet zone of 4 a side.
    assert (side - 8 - 21) % 4 == 0 and 29 <= side <= 185, side
    d = re.search(r'<path fill="#000" d="([^"]+)"', m.group(2)).group(1)
    cells = set(tuple(map(int, p)) for p in re.findall(r"M(\d+) (\d+)h1v1h-1z", d))
    w = side - 8
    # The three finder patterns: a 7x7 dark ring with a 3x3 dark centre.
    for ox, oy in ((4, 4), (4 + w - 7, 4), (4, 4 + w - 7)):
        for i in range(7):
            for j in range(7):
                dark = i in (0, 6) or j in (0, 6) or (2 <= i <= 4 and 2 <= j <= 4)
                assert ((ox + i, oy + j) in cells) == dark, (ox, oy, i, j)
    assert not any(x < 4 or y < 4 or x >= side - 4 or y >= side - 4 for x, y in cells)
    assert "<script" not in page and "<img" not in page
    assert re.search(r'id="totp-secret">[A-Z2-7]{32}<', page)
    assert "otpauth://totp/revmech:" in page
    csp = r.header("Content-Security-Policy")
    assert "script-src 'self'" in csp and "img-src 'self'" in csp, csp


@test
def sec_totp_reset_by_secretariat_page_and_cli():
    """Issue 8 item 2: the Secretariat resets a user's TOTP from the users
    page and the CLI (also without the key file): secret and flag cleared,
    the user's sessions ended, audited, a notice recorded for the user; its
    own TOTP it cannot reset there, and nobody else can reset at all."""
    R["add_user"]("rst@example.org", "expert", "ITA")
    u = login("rst@example.org", "192.0.2.150")
    enrol_totp(u)
    uid = R["sql"]("SELECT id FROM users WHERE email = 'rst@example.org'")[0][0]
    # Not for other roles.
    R["add_user"]("rst2@example.org", "focal_point", "ITA")
    o = login("rst2@example.org", "192.0.2.151")
    r = o.post("/admin/users/totp-reset", {"id": str(uid), "csrf": o.csrf("/account")})
    assert r.status == 403, r.status
    sec = login("sec@example.org", "192.0.2.152")
    page = sec.get("/admin/users").text
    assert 'action="/admin/users/totp-reset"' in page
    r = sec.post("/admin/users/totp-reset", {"id": str(uid)})
    assert r.status == 403, "CSRF needed"
    assert R["sql"]("SELECT totp_enabled FROM users WHERE id = ?", uid)[0][0] == 1
    r = sec.post("/admin/users/totp-reset", {"id": str(uid), "csrf": sec.csrf("/admin/users")})
    assert r.status == 303, r.status
    row = R["sql"]("SELECT totp_enabled, totp_secret, totp_last_step FROM users WHERE id = ?", uid)[0]
    assert row[0] == 0 and row[1] == "" and row[2] == 0, row
    assert u.get("/dashboard").status == 303, "the user's sessions ended"
    c = C("192.0.2.153")
    c.login("rst@example.org")
    assert c.get("/dashboard").status == 200, "logs in without a code"
    lines = R["audit_lines"]()
    assert any(l.split("\t")[1] == "sec@example.org" and "\tuser.totp_reset\trst@example.org" in l
               for l in lines)
    assert any("\tnotice.totp_reset\trst@example.org" in l for l in lines)
    own = R["sql"]("SELECT id FROM users WHERE email = 'sec@example.org'")[0][0]
    r = sec.post("/admin/users/totp-reset", {"id": str(own), "csrf": sec.csrf("/admin/users")})
    assert r.status == 400, r.status
    r = sec.post("/admin/users/totp-reset", {"id": "999999", "csrf": sec.csrf("/admin/users")})
    assert r.status == 404, r.status
    # The CLI, with the key file out of the way (lost).
    enrol_totp(c)
    key = R["key_of"](R["DB"])
    os.rename(key, key + ".lost")
    try:
        rc, out, err = R["run_cli"]("user", "reset-totp", "--db", R["DB"], "--email",
                                    "RST@example.org")
        assert rc == 0, err
    finally:
        os.rename(key + ".lost", key)
    assert R["sql"]("SELECT totp_enabled, totp_secret FROM users WHERE id = ?", uid)[0] == (0, "")
    assert c.get("/dashboard").status == 303, "sessions ended"
    lines = R["audit_lines"]()
    assert any(l.split("\t")[1].startswith("cli:") and "\tuser.totp_reset\trst@example.org" in l
               for l in lines)
    assert sum("\tnotice.totp_reset\trst@example.org" in l for l in lines) == 2
    rc, out, err = R["run_cli"]("user", "reset-totp", "--db", R["DB"], "--email", "no@example.org")
    assert rc == 2 and "no account" in err, (rc, err)
    rc, out, err = R["run_cli"]("user", "reset-totp", "--db", R["DB"])
    assert rc == 1 and "--email" in err, (rc, err)
    R["sql"]("DELETE FROM login_failures")


@test
def sec_totp_enable_ends_other_sessions():
    """Issue 8, outside probe: turning TOTP on ends the account's other
    sessions (opened without a code); the one that turned it on goes on."""
    R["add_user"]("ends@example.org", "expert", "ITA")
    a = login("ends@example.org", "192.0.2.160")
    b = login("ends@example.org", "192.0.2.161")
    assert b.get("/dashboard").status == 200
    enrol_totp(a)
    assert b.get("/dashboard").status == 303, "other session ended"
    assert a.get("/dashboard").status == 200, "this session goes on"
    assert R["sql"]("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                    "WHERE u.email = 'ends@example.org'")[0][0] == 1


@test
def sec_api_tokens_expire():
    """Issue 8, outside probe: API tokens expire (default 90 days, at most a
    year, chosen at creation), shown in the API listing and the account
    page; an expired token, or one made before expiries that is over a year
    old, is refused."""
    R["add_user"]("expiry@example.org", "expert", "ITA")
    c = login("expiry@example.org", "192.0.2.165")
    hdr = {"X-CSRF-Token": c.csrf("/account")}
    now = time.time()
    t = new_token(c, "default")
    exp = time.mktime(time.strptime(t["expires"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert abs(exp - (now + 90 * 86400)) < 120, t
    r = c.request("POST", "/api/v1/tokens", body='{"name": "y", "expires_days": 365, "password": "%s"}' % R["PW"],
                  headers=hdr)
    assert r.status == 201, r.text
    for bad in ('366', '0', '"30"', '-1'):
        r = c.request("POST", "/api/v1/tokens", body='{"name": "n", "expires_days": %s, "password": "%s"}' % (bad, R["PW"]),
                      headers=hdr)
        assert r.status == 400 and "expires_days" in r.json()["message"], (bad, r.status)
    r = c.get("/api/v1/tokens")
    toks = {x["name"]: x for x in r.json()["tokens"]}
    assert toks["default"]["expires"] == t["expires"] and toks["y"]["expires"] > t["expires"]
    assert "n" not in toks
    page = c.get("/account").text
    assert 'name="days"' in page and page.count('class="expires"') == 2, page[:3000]
    r = c.post("/account/tokens", {"name": "long", "days": "400", "current": R["PW"],
                                    "csrf": c.csrf("/account")})
    assert r.status == 400, r.status
    r = c.post("/account/tokens", {"name": "month", "days": "30", "current": R["PW"],
                                    "csrf": c.csrf("/account")})
    assert r.status == 200, r.status
    e = R["sql"]("SELECT expires FROM api_tokens WHERE name = 'month'")[0][0]
    assert abs(time.mktime(time.strptime(e, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
               - (now + 30 * 86400)) < 120, e
    assert bearer(t["token"]).status == 200
    R["sql"]("UPDATE api_tokens SET expires = ? WHERE id = ?", R["iso"](time.time() - 5), t["id"])
    assert bearer(t["token"]).status == 401, "expired"
    # A token made before 0007 (no expiry stored): one year from creation.
    t2 = new_token(c, "legacy")
    R["sql"]("UPDATE api_tokens SET expires = NULL WHERE id = ?", t2["id"])
    assert bearer(t2["token"]).status == 200
    R["sql"]("UPDATE api_tokens SET created = ? WHERE id = ?",
             R["iso"](time.time() - 366 * 86400), t2["id"])
    assert bearer(t2["token"]).status == 401, "legacy token over a year old"


@test
def sec_sensitive_changes_ask_password_again():
    """Issue 8, outside probe: creating a token (page and API) and turning
    TOTP on or off ask for the current password again, counted by the
    login throttle."""
    R["sql"]("DELETE FROM login_failures")
    R["add_user"]("again@example.org", "expert", "ITA")
    c = login("again@example.org", "192.0.2.170")
    hdr = {"X-CSRF-Token": c.csrf("/account")}
    r = c.request("POST", "/api/v1/tokens", body='{"name": "x"}', headers=hdr)
    assert r.status == 403 and r.json()["error"] == "password_required", r.status
    r = c.request("POST", "/api/v1/tokens", body='{"name": "x", "password": "wrong password!"}',
                  headers=hdr)
    assert r.status == 403, r.status
    r = c.post("/account/tokens", {"name": "p", "csrf": c.csrf("/account")})
    assert r.status == 403 and 'id="new-token"' not in r.text, r.status
    page = c.get("/account").text
    assert page.count('name="current"') >= 2  # password change and token form
    assert R["sql"]("SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id "
                    "WHERE u.email = 'again@example.org'")[0][0] == 0
    n = R["sql"]("SELECT COUNT(*) FROM login_failures WHERE email = 'again@example.org'")[0][0]
    assert n == 3, n
    R["sql"]("DELETE FROM login_failures")
    c = login("again@example.org", "192.0.2.171")
    c.post("/account/totp/start", {"csrf": c.csrf("/account")})
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', c.get("/account").text).group(1)
    r = c.post("/account/totp/enable", {"code": totp(secret), "csrf": c.csrf("/account")})
    assert r.status == 403, r.status
    assert R["sql"]("SELECT totp_enabled FROM users WHERE email = 'again@example.org'")[0][0] == 0
    r = c.post("/account/totp/enable", {"code": totp(secret), "current": R["PW"],
                                        "csrf": c.csrf("/account")})
    assert r.status == 200 and "is on" in r.text
    r = c.post("/account/totp/disable", {"code": totp(secret, 1), "current": "wrong password!",
                                         "csrf": c.csrf("/account")})
    assert r.status == 403, r.status
    assert R["sql"]("SELECT totp_enabled FROM users WHERE email = 'again@example.org'")[0][0] == 1
    r = c.post("/account/totp/disable", {"code": totp(secret, 1), "current": R["PW"],
                                         "csrf": c.csrf("/account")})
    assert r.status == 200 and "is off" in r.text, r.text[:800]
    R["sql"]("DELETE FROM login_failures")


@test
def sec_owner_logs_in_from_own_address_under_attack():
    """Issue 8, outside probe: wrong passwords from elsewhere no longer lock
    the owner out of their own address (throttled per account and address,
    and per address; across addresses only for addresses the account never
    logged in from); the owner is alerted; the wait is the real time, in
    the page's language."""
    R["sql"]("DELETE FROM login_failures")
    R["add_user"]("owner@example.org", "secretariat")
    home = "192.0.2.180"
    C(home).login("owner@example.org")          # a complete login: known address
    for i in range(5):                           # an attacker, several addresses
        a = C(f"192.0.2.{190 + i}")
        a.login("owner@example.org", pw=f"wrong password {i}", expect=200)
        age_failures("owner@example.org")        # past the back-off
    r = C("192.0.2.199").login("owner@example.org", expect=429)  # unknown address: blocked
    assert 1 <= int(r.header("Retry-After")) <= 900
    c = C(home)
    r = c.login("owner@example.org")             # the owner's own address
    assert r.header("Location") == "/dashboard", r.header("Location")
    lines = R["audit_lines"]()
    assert sum("\tnotice.login_failures\towner@example.org" in l for l in lines) == 1, \
        [l for l in lines if "notice." in l]
    # Per (account, address): the owner's address has its own limit.
    R["sql"]("DELETE FROM login_failures")
    for i in range(5):
        C(home).login("owner@example.org", pw=f"wrong password {i}", expect=200)
        age_failures("owner@example.org")
    f = C(home)
    f.get("/?lang=fr")
    r = f.login("owner@example.org", expect=429)
    wait = int(r.header("Retry-After"))
    assert 700 <= wait <= 900, wait
    assert "Prochain essai possible" in r.text and f"dans {(wait + 59) // 60} minutes" in r.text, \
        r.text[:3000]
    R["sql"]("DELETE FROM login_failures")
