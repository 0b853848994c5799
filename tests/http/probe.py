"""Findings of the outside probe of issue 8 (item 5), kept as permanent HTTP
tests.  Registered by tests/http/run.py like security.py: the tests use
run.py's helpers through R and run in its server.  Each fails on the old
behaviour."""
import re
import socket
import time
from urllib.parse import quote

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


def C(ip=None):
    return R["Client"](ip)


def raw(req, ip="127.0.0.1"):
    """Sends raw bytes, returns the status line and the headers."""
    s = socket.create_connection(("127.0.0.1", R["PORT"]), timeout=10,
                                 source_address=(ip, 0))
    s.sendall(req)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    return data.decode("latin-1")


def status_of(resp):
    m = re.match(r"HTTP/1\.[01] (\d{3})", resp)
    return int(m.group(1)) if m else 0


def audit_text():
    return "\n".join(R["audit_lines"]())


def log_text():
    time.sleep(0.2)
    return open(R["SERVER_LOG"], "rb").read()


@test
def probe_invitation_token_in_refused_path_not_logged():
    # A refused request (no CSRF token) to an invitation link wrote the
    # link's token in clear to the audit log.
    tok = "ab" * 32
    r = C("192.0.2.150").request("POST", "/invite/" + tok, body=b"", ctype="text/plain")
    assert r.status == 403, r.status
    r = C("192.0.2.150").request("POST", "/reset/" + tok + "/x", body=b"", ctype="text/plain")
    assert r.status == 403, r.status
    a = audit_text()
    assert tok not in a, "token in the audit log"
    assert "/invite/[redacted]" in a and "/reset/[redacted]" in a
    assert tok.encode() not in log_text(), "token in the request log"


@test
def probe_request_log_escapes_decoded_paths():
    marker = "zq%d" % int(time.time() * 1000)
    r = C().get(f"/{marker}%0aFAKE%20200%1b%5b2J%c2%9bx%ff")
    assert r.status == 404, r.status
    log = log_text()
    line = [l for l in log.split(b"\n") if marker.encode() in l]
    assert len(line) == 1, line  # no forged second line
    assert b"\x1b" not in line[0] and b"\xc2\x9b" not in line[0] and b"\xff" not in line[0]
    assert b"\\x0aFAKE\\x20200\\x1b[2J\\xc2\\x9bx\\xff" in line[0], line[0]


@test
def probe_anonymous_audit_cap_shared_slot():
    # Two addresses whose hash falls on the same slot took turns resetting
    # it and so wrote without bound.
    def slot(ip):
        h = 5381
        for ch in ip.encode():
            h = (h * 33 + ch) & 0xFFFFFFFF
        return h % 256
    first = "127.3.0.1"
    other = next(f"127.3.{i // 250}.{i % 250 + 1}" for i in range(1, 60000)
                 if slot(f"127.3.{i // 250}.{i % 250 + 1}") == slot(first))
    before = R["sql"]("SELECT COUNT(*) FROM audit_log")[0][0]
    for i in range(60):
        C(first if i % 2 == 0 else other).request("POST", "/nowhere", body=b"",
                                                  ctype="text/plain")
    after = R["sql"]("SELECT COUNT(*) FROM audit_log")[0][0]
    assert 1 <= after - before <= 21, after - before


@test
def probe_utf8_overlong_surrogate_and_too_high_refused():
    c = R["logged_in"]("fp@example.org")
    for bad in ("%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%F0%80%80%AF"):
        body = "name=x" + bad + "&current=" + quote(R["PW"]) + "&csrf=" + c.csrf("/account")
        r = c.request("POST", "/account/tokens", body=body,
                      ctype="application/x-www-form-urlencoded")
        assert r.status == 400, (bad, r.status)
    body = "name=ok%F0%9F%98%80&current=" + quote(R["PW"]) + "&csrf=" + c.csrf("/account")
    r = c.request("POST", "/account/tokens", body=body, ctype="application/x-www-form-urlencoded")
    assert r.status == 200 and "new-token" in r.text, r.status


@test
def probe_ambiguous_body_framing_refused():
    smuggle = (b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert status_of(raw(smuggle)) == 400
    two = (b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
           b"Content-Length: 3\r\n\r\nabc")
    assert status_of(raw(two)) == 400
    ok = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert status_of(raw(ok)) == 200


@test
def probe_query_counts_in_url_cap():
    r = C().get("/?q=" + "a" * 3000)
    assert r.status == 414, r.status
    assert C().get("/?q=" + "a" * 100).status == 200


@test
def probe_password_in_email_field_not_logged():
    c = C("192.0.2.151")
    secret = "CorrectHorse%dBattery" % int(time.time())
    r = c.post("/login", {"email": secret, "password": "whatever else", "csrf": c.csrf()})
    assert r.status == 200, r.status
    a = audit_text()
    assert secret not in a
    assert "[not an e-mail address]" in a
    R["sql"]("DELETE FROM login_failures")


@test
def audit_page_labels_filters_and_pages():
    # issue 8 (trial): actions named in the page's language, times in its
    # date format, a filter by who, kind and date, pages of 50.
    sec = R["logged_in"]("sec@example.org")
    for i in range(55):
        R["sql"]("INSERT INTO audit_log (at, actor, ip, action, object, detail) VALUES "
                 "(?, 'pager@example.org', '192.0.2.9', 'token.create', ?, '')",
                 "2030-01-02T03:04:%02dZ" % (i % 60), "token %d" % i)
    r = sec.get("/admin/audit?who=pager%40example.org&lang=fr")
    assert r.status == 200, r.status
    assert "Jeton d’API créé" in r.text and "<code>token.create</code>" in r.text
    assert "2 janvier 2030" in r.text and "03:04:" in r.text
    assert r.text.count("pager@example.org</td>") == 50
    assert "Entrées trouvées" in r.text and "55" in r.text
    nxt = re.search(r'rel="next" href="([^"]+)"', r.text)
    assert nxt, "a second page"
    r2 = sec.get(nxt.group(1).replace("&amp;", "&"))
    assert r2.text.count("pager@example.org</td>") == 5
    r = sec.get("/admin/audit?who=pager%40example.org&kind=login.&lang=en")
    assert "No entries match." in r.text
    r = sec.get("/admin/audit?kind=token.&from=2030-01-02")
    assert r.text.count("pager@example.org</td>") == 50
    r = sec.get("/admin/audit?from=2030-13-99")
    assert r.status == 200 and "YYYY-MM-DD" in r.text
    r = sec.get("/admin/audit?page=abc&kind=%3Cscript%3E")
    assert r.status == 200 and "<script>" not in r.text
    for who in ("fp@example.org", "ngo@example.org"):
        assert R["logged_in"](who).get("/admin/audit").status == 403
    assert C().get("/admin/audit").status == 303


@test
def expired_session_says_so_and_returns_to_the_page():
    # issue 8 item 2: a session that expired says so and, after login,
    # returns to the page asked for (never to another site).
    c = R["logged_in"]("fp@example.org")
    R["sql"]("UPDATE sessions SET last_seen = '2000-01-01T00:00:00Z'")
    r = c.get("/account?lang=en")
    assert r.status == 303 and r.header("Location") == "/login", r.header("Location")
    r = c.get("/login")
    assert "Your session has ended" in r.text, r.text[:3000]
    assert "Your session has ended" not in c.get("/login").text, "said once"
    r = c.post("/login", {"email": "fp@example.org", "password": R["PW"], "csrf": c.csrf()})
    assert r.header("Location") == "/account", r.header("Location")
    assert c.get("/dashboard").status == 200
    # Once used, the return page is forgotten.
    c.post("/logout", {"csrf": c.csrf("/dashboard")})
    r = c.post("/login", {"email": "fp@example.org", "password": R["PW"], "csrf": c.csrf()})
    assert r.header("Location") == "/dashboard"
    # A forged return page goes nowhere but the dashboard.
    for bad in ("//evil.example/x", "https://evil.example/", "/api/v1/me", "/nope", "/%5cevil"):
        d = C()
        d.cookies["rm_next"] = quote(bad, safe="")
        r = d.post("/login", {"email": "fp@example.org", "password": R["PW"], "csrf": d.csrf()})
        assert r.header("Location") == "/dashboard", (bad, r.header("Location"))
