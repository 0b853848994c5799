"""Durability (issue 10, "a crash at any moment loses no acknowledged
write"): a server killed with SIGKILL at random moments while several
clients write, restarted each time, keeps every write it acknowledged.
Today's writes are invitations (each with its outbox message, in one
transaction); the country-review writes (answers, messages, agreements)
join this stream as they land.  Registered into run.py (which starts and
counts)."""
import http.client
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
