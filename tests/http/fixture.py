"""What the HTTP test modules share (duplicates D20, D25, D28, D29): an
account added through the CLI, and a signed-in client of the pages and the
JSON API.  run.py binds it to its globals once, before registering the
modules (`fixture.bind(globals())`); a module imports it and uses
`fixture.user(...)` and `fixture.Api`."""
import json

R = {}


def bind(g):
    R.clear()
    R.update({k: g[k] for k in ("DB", "PW", "run_cli", "Client")})


def user(email, role, state=None, instruments=None, exists_ok=True):
    """Adds an account (CLI `user add`); an existing one is accepted unless
    exists_ok is false."""
    args = ["user", "add", "--db", R["DB"], "--email", email, "--role", role, "--password-stdin"]
    if state:
        args += ["--state", state]
    if instruments:
        args += ["--instruments", instruments]
    rc, out, err = R["run_cli"](*args, stdin=R["PW"] + "\n")
    assert rc == 0 or (exists_ok and "exists" in err), (rc, out, err)


class Api:
    """A signed-in client (session cookie, and the CSRF token for forms and
    the X-CSRF-Token header of API writes), or an anonymous one (email
    None)."""

    def __init__(self, email):
        self.c = R["Client"]()
        self.tok = None
        self.email = email
        if email:
            self.c.login(email)
            self.tok = self.c.csrf("/account")

    def get(self, path):
        return self.c.get(path)

    def send(self, method, path, body=None, raw=None, ctype=None):
        h = {"X-CSRF-Token": self.tok} if self.tok else {}
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return self.c.request(method, path, body=data, headers=h, ctype=ctype)

    def form(self, path, fields):
        f = dict(fields)
        if self.tok:
            f["csrf"] = self.tok
        return self.c.post(path, f)
