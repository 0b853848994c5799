"""Backup and restore with the server under writes (issue 8 item 7), and the
private modes of the database's files (item 5).

Loaded by run.py through `backup.register(globals())`: the tests use its
helpers (Client, run_cli, add_user, DB, TMP, ...) through R and run against
its server, a real `revmech serve` on the suite's database."""
import json
import os
import shutil
import sqlite3
import stat
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


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def open_copy(path):
    """A read of a copied file through SQLite itself, in a directory of its
    own so that nothing beside the original is picked up."""
    c = sqlite3.connect(path, timeout=10)
    return c


def token_names(path):
    c = open_copy(path)
    try:
        return {r[0] for r in c.execute("SELECT name FROM api_tokens")}
    finally:
        c.close()


def logins_of(path, email):
    c = open_copy(path)
    try:
        return c.execute("SELECT count(*) FROM audit_log WHERE action = 'login.ok' "
                         "AND actor = ?", (email,)).fetchone()[0]
    finally:
        c.close()


def create_token(client, name):
    # The password is sent too, for a server that asks for it again.
    r = client.request("POST", "/api/v1/tokens",
                       body=json.dumps({"name": name, "password": R["PW"]}),
                       headers={"X-CSRF-Token": client.csrf("/account")})
    return r.status == 201


def pg_refuses_backup():
    """On PostgreSQL the file-level backup says to use pg_dump (exit 2)
    rather than copying anything; returns True when the suite runs there."""
    if not R.get("PG"):
        return False
    out = os.path.join(R["TMP"], "pg-backup.db")
    rc, so, se = R["run_cli"]("backup", "--db", R["DB"], out)
    assert rc == 2 and "pg_dump" in se and not os.path.exists(out), (rc, se)
    return True


@test
def database_files_are_private():
    """Outside probe: the database was readable by every local user.  The
    running server's database, WAL, WAL index and key are 0600."""
    if pg_refuses_backup():
        return  # no database file: PostgreSQL keeps its own files 0700
    db = R["DB"]
    R["logged_in"]("sec@example.org").get("/dashboard")  # the workers have the WAL open
    for ext in ("", "-wal", "-shm", ".key"):
        assert os.path.exists(db + ext), ext
        assert mode(db + ext) == 0o600, (ext, oct(mode(db + ext)))


@test
def backup_under_writes_and_restore():
    """`revmech backup` run four times while clients log in and create API
    tokens through HTTP; each backup, restored into a fresh path, opens,
    passes PRAGMA integrity_check and holds every write acknowledged before
    the backup started.  A plain cp of the database file, taken after
    acknowledged writes, misses them (why the command exists)."""
    if pg_refuses_backup():
        return
    db, tmp, run_cli = R["DB"], R["TMP"], R["run_cli"]
    R["add_user"]("backup-writer@example.org", "observer", "ITA")
    R["add_user"]("backup-login@example.org", "stakeholder")
    lock = threading.Lock()
    acked_tokens, acked_logins, errors = [], [0], []
    stop = threading.Event()

    def token_writer(w):
        c = R["logged_in"]("backup-writer@example.org")
        i = 0
        while not stop.is_set():
            name = f"bk-{w}-{i}"
            i += 1
            try:
                if create_token(c, name):
                    with lock:
                        acked_tokens.append(name)
                else:
                    errors.append(("token", name))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

    def login_writer():
        while not stop.is_set():
            try:
                c = R["Client"]()
                tok = c.csrf("/login")
                r = c.post("/login", {"email": "backup-login@example.org",
                                      "password": R["PW"], "csrf": tok})
                if r.status == 303:
                    with lock:
                        acked_logins[0] += 1
                else:
                    errors.append(("login", r.status))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

    threads = [threading.Thread(target=token_writer, args=(w,)) for w in range(2)]
    threads.append(threading.Thread(target=login_writer))
    for t in threads:
        t.start()
    backups = []
    try:
        deadline = time.time() + 30
        while len(acked_tokens) < 6 and time.time() < deadline:
            time.sleep(0.05)
        for k in range(4):
            with lock:
                before = (set(acked_tokens), acked_logins[0])
            out = os.path.join(tmp, f"backup-{k}.db")
            rc, so, se = run_cli("backup", "--db", db, out)
            assert rc == 0, (rc, so, se)
            backups.append((out, before))
            time.sleep(0.2)
        # Refused while the server has the database open, even with --force.
        rc, so, se = run_cli("restore", "--db", db, "--force", backups[0][0])
        assert rc == 2 and "in use" in se, (rc, se)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[:5]
    print(f"     {len(backups)} backups under writes: {len(acked_tokens)} tokens and "
          f"{acked_logins[0]} logins acknowledged; before each backup: "
          + ", ".join(f"{len(b[1][0])}+{b[1][1]}" for b in backups))
    with lock:
        assert len(acked_tokens) > len(backups[-1][1][0]), "writes went on during backups"

    key = open(db + ".key", "rb").read()
    akey = open(db + ".archive.key", "rb").read()  # serve made it (issue 10)
    for k, (out, (tokens, logins)) in enumerate(backups):
        assert tokens, "the backup was taken under writes"
        assert mode(out) == 0o600 and mode(out + ".key") == 0o600, k
        assert mode(out + ".archive.key") == 0o600, k
        assert open(out + ".archive.key", "rb").read() == akey, "archive key backed up"
        assert not [f for f in os.listdir(tmp) if ".tmp-" in f], "no half file left"
        fresh_dir = os.path.join(tmp, f"restored-{k}")
        os.mkdir(fresh_dir)
        fresh = os.path.join(fresh_dir, "r.db")
        rc, so, se = run_cli("restore", "--db", fresh, out)
        assert rc == 0, (rc, so, se)
        assert mode(fresh) == 0o600 and mode(fresh + ".key") == 0o600
        assert open(fresh + ".key", "rb").read() == key, "key restored"
        assert mode(fresh + ".archive.key") == 0o600
        assert open(fresh + ".archive.key", "rb").read() == akey, "archive key restored"
        c = open_copy(fresh)
        try:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            c.close()
        missing = tokens - token_names(fresh)
        assert not missing, (k, sorted(missing)[:5])
        assert logins_of(fresh, "backup-login@example.org") >= logins, k

    # The reason: a plain cp of a WAL database misses what is still in the
    # -wal (a checkpoint may, rarely, just have moved it: try again).
    writer = R["logged_in"]("backup-writer@example.org")
    cp_dir = os.path.join(tmp, "cp")
    os.mkdir(cp_dir)
    missed = False
    for attempt in range(3):
        name = f"cp-probe-{attempt}"
        assert create_token(writer, name)
        copy = os.path.join(cp_dir, f"cp-{attempt}.db")
        shutil.copyfile(db, copy)  # what `cp revmech.db` does
        if name not in token_names(copy):
            missed = True
            print(f"     plain cp missed the acknowledged write {name} (attempt {attempt + 1})")
            out = os.path.join(tmp, f"after-cp-{attempt}.db")
            rc, so, se = run_cli("backup", "--db", db, out)
            assert rc == 0, se
            assert name in token_names(out), "revmech backup has it"
            break
    assert missed, "a plain copy had every write (no WAL?)"


def stop(p):
    p.terminate()
    try:
        p.wait(20)
    except Exception:  # noqa: BLE001
        p.kill()


@test
def restored_key_unseals_totp():
    """The key travels with the backup: a server on the restored database
    accepts the TOTP codes of an account enrolled before the backup; the
    same backup restored without its key does not (why it is copied)."""
    if pg_refuses_backup():
        return
    run_cli, tmp, totp = R["run_cli"], R["TMP"], R["totp"]
    email = "backup-totp@example.org"
    R["add_user"](email, "expert", "ESP")
    c = R["logged_in"](email)
    assert c.post("/account/totp/start", {"csrf": c.csrf("/account")}).status == 303
    secret = __import__("re").search(r'id="totp-secret">([A-Z2-7]+)<',
                                     c.get("/account").text).group(1)
    r = c.post("/account/totp/enable", {"code": totp(secret), "current": R["PW"],
                                        "csrf": c.csrf("/account")})
    assert r.status == 200 and "is on" in r.text, r.text[:500]
    out = os.path.join(tmp, "totp-backup.db")
    rc, so, se = run_cli("backup", "--db", R["DB"], out)
    assert rc == 0, se
    results = {}
    for with_key in (True, False):
        d = os.path.join(tmp, f"totp-restored-{with_key}")
        os.mkdir(d)
        if not with_key:
            shutil.copyfile(out, os.path.join(d, "b.db"))  # the database alone
            src = os.path.join(d, "b.db")
        else:
            src = out
        fresh = os.path.join(d, "r.db")
        rc, so, se = run_cli("restore", "--db", fresh, src)
        assert rc == 0, se
        assert with_key or "no key file" in se, se
        log = open(os.path.join(d, "serve.log"), "w")
        p, port = R["start_extra"](fresh, R["ENV"], log)
        try:
            cl = R["Client"](port=port)
            r = cl.login(email)
            assert r.header("Location") == "/login/totp", r.header("Location")
            r = cl.post("/login/totp", {"code": totp(secret, step_offset=1),
                                        "csrf": cl.csrf("/login/totp")})
            results[with_key] = (r.status, r.header("Location"))
        finally:
            stop(p)
            log.close()
        text = open(log.name, encoding="utf-8", errors="replace").read()
        assert "AddressSanitizer" not in text and "runtime error:" not in text, text[-2000:]
    print(f"     TOTP after restore: with key {results[True]}, without {results[False]}")
    assert results[True] == (303, "/dashboard"), results
    assert results[False] != (303, "/dashboard"), results
