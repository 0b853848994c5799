"""The archive of the dialogue over HTTP (issue 10; R94, R97): the signed
tree head, consistency and inclusion proofs per role (anonymous,
stakeholder, a State outside the thread, the reviewed State, its reviewer,
the Secretariat), the proofs checked here with the RFC 9162 algorithms in
Python, `revmech archive verify` naming a tampered record on a copy, and no
message text in the raw database.  Registered by tests/http/run.py with
`archive.register(globals())`; uses run.py's helpers through R."""
import hashlib
import os
import shutil
import sqlite3
import struct

import fixture

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


SENTENCE = "The reviewing experts asked about the confiscation of proceeds in 2019"


def H(b):
    return hashlib.sha256(b).digest()


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = H(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = H(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, root1, root2, path):
    """RFC 9162 2.1.4.2."""
    if first == second:
        return not path and root1 == root2
    if first & (first - 1) == 0:
        path = [root1] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = H(b"\x01" + c + fr)
            sr = H(b"\x01" + c + sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = H(b"\x01" + sr + c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


def key_args():
    return ["--key-file", R["KEY"]] if R["PG"] else []


def append(thread=None, review=None, title="Note", body=SENTENCE, kind="message"):
    path = os.path.join(R["TMP"], "archive-body.txt")
    with open(path, "w") as f:
        f.write(body)
    args = ["archive", "append", "--db", R["DB"], *key_args(), "--author", "sec@example.org",
            "--title", title, "--file", path, "--kind", kind]
    if thread:
        args += ["--thread", str(thread)]
    else:
        reviewed, reviewers = review
        args += ["--reviewed", reviewed, "--phase", "1", "--instrument", "untoc",
                 "--reviewers", reviewers]
    rc, out, err = R["run_cli"](*args)
    assert rc == 0, (rc, out, err)
    return R["json"].loads(out)


STATE = {}


def setup_records():
    """Thread of FRA's review with its reviewer DEU (3 records), and one of
    ITA's review with BRA (1 record); once."""
    if STATE:
        return STATE
    # A reviewer of FRA's review now, in charge of UNTOC (the draw's): the
    # thread's stored list (DEU) does not make DEU a participant (proof,
    # para 30: the dialogue's participants are the review's now).
    rows = R["sql"]("SELECT a.reviewer FROM lots_assignments a JOIN lots_draws d ON "
                    "d.id = a.draw_id AND d.status = 'current' WHERE a.reviewed = 'FRA' AND "
                    "a.status = 'active' AND a.instruments LIKE '%untoc%' ORDER BY a.slot")
    assert rows and rows[0][0] != "DEU", rows
    STATE["rv"] = "rv.%s@example.org" % rows[0][0].lower()
    fixture.user(STATE["rv"], "expert", rows[0][0])
    first = append(review=("FRA", "DEU"), title="Observations")
    STATE["fra_thread"] = first["thread"]
    STATE["fra"] = [first["id"]]
    head2 = None
    for i in range(2):
        STATE["fra"].append(append(thread=first["thread"], title="Reply %d" % i)["id"])
        if head2 is None:
            head2 = R["logged_in"]("sec@example.org").get("/api/v1/archive/head").json()
    STATE["old_head"] = head2
    ita = append(review=("ITA", "BRA"), title="Call", kind="call_record")
    STATE["ita"] = ita["id"]
    return STATE


def get(client, path):
    return client.get(path)


@test
def archive_head_and_proofs_per_role():
    st = setup_records()
    C, logged_in = R["Client"], R["logged_in"]
    fra_id, ita_id = st["fra"][1], st["ita"]
    paths = ["/api/v1/archive/head", "/api/v1/archive/consistency?first=1",
             f"/api/v1/archive/records/{fra_id}/proof"]
    # The head and consistency proofs are the Mechanism's participants';
    # a record's proof goes to whoever may read the record (proof, issue
    # 10): to anyone else it is answered as a missing record (F8).
    missing = C().get("/api/v1/archive/records/999999999/proof")
    assert missing.status == 404, (missing.status, missing.text)
    for p in paths[:2]:
        r = C().get(p)
        assert r.status == 401, (p, r.status)
        assert r.json()["error"] == "unauthenticated"
    r = C().get(paths[2])
    assert r.status == 404 and r.text == missing.text, (r.status, r.text)
    ngo = logged_in("ngo@example.org")
    for p in paths[:2]:
        r = ngo.get(p)
        assert r.status == 403, (p, r.status, r.text)
    r = ngo.get(paths[2])
    assert r.status == 404 and r.text == missing.text, (r.status, r.text)
    # A State outside the thread sees the head and consistency, not the
    # record's proof; the refusal is audited.
    obs = logged_in("obs@example.org")
    assert obs.get(paths[0]).status == 200
    assert obs.get(paths[1]).status == 200
    r = obs.get(paths[2])
    assert r.status == 404 and r.text == missing.text, (r.status, r.text)
    rows = R["sql"]("SELECT actor FROM audit_log WHERE action = 'access.denied' AND object = ?",
                    f"archive {fra_id}")
    assert ("obs@example.org",) in rows, rows
    # DEU, named in the thread's stored list but no reviewer of FRA now,
    # is answered as for a missing record.
    r = logged_in("exp@example.org").get(paths[2])
    assert r.status == 404 and r.text == missing.text, (r.status, r.text)
    for who in ["fp@example.org", st["rv"], "sec@example.org"]:
        c = logged_in(who)
        head = c.get(paths[0]).json()
        r = c.get(paths[2])
        assert r.status == 200, (who, r.status, r.text)
        p = r.json()
        assert p["tree_size"] == head["tree_size"] and p["root_hash"] == head["root_hash"]
        assert p["reviewed"] == "FRA" and p["thread"] == st["fra_thread"]
        assert verify_inclusion(fra_id, p["tree_size"], bytes.fromhex(p["leaf_hash"]),
                                [bytes.fromhex(h) for h in p["proof"]],
                                bytes.fromhex(head["root_hash"]))
        # No content in a proof.
        assert SENTENCE not in r.text and "Reply" not in r.text
    # FRA's and DEU's people take no part in ITA's thread; the Secretariat does.
    for who, want in [("fp@example.org", 404), (st["rv"], 404), ("exp@example.org", 404),
                      ("sec@example.org", 200)]:
        r = logged_in(who).get(f"/api/v1/archive/records/{ita_id}/proof")
        assert r.status == want, (who, r.status, r.text)


def ed25519_ok(pk_hex, message, sig_hex):
    """An Ed25519 signature checked by `openssl pkeyutl` (OpenSSL 3), not by
    revmech: the raw 32-byte key wrapped as an RFC 8410 public key."""
    import subprocess
    import tempfile
    der = bytes.fromhex("302a300506032b6570032100" + pk_hex)
    with tempfile.TemporaryDirectory() as d:
        paths = {k: os.path.join(d, k) for k in ("pk.der", "msg", "sig")}
        for k, v in (("pk.der", der), ("msg", message), ("sig", bytes.fromhex(sig_hex))):
            with open(paths[k], "wb") as f:
                f.write(v)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER",
                            "-inkey", paths["pk.der"], "-rawin", "-in", paths["msg"],
                            "-sigfile", paths["sig"]], capture_output=True)
    return r.returncode == 0


@test
def archive_consistency_from_an_old_head():
    st = setup_records()
    c = R["logged_in"](st["rv"])
    old = st["old_head"]
    head = c.get("/api/v1/archive/head").json()
    assert head["tree_size"] > old["tree_size"]
    r = c.get(f"/api/v1/archive/consistency?first={old['tree_size']}")
    assert r.status == 200, r.text
    p = r.json()
    assert p["second"] == head["tree_size"] and p["first_root"] == old["root_hash"]
    assert verify_consistency(old["tree_size"], head["tree_size"],
                              bytes.fromhex(old["root_hash"]), bytes.fromhex(head["root_hash"]),
                              [bytes.fromhex(h) for h in p["proof"]])
    # Against a root that is not the old head's: refused.
    assert not verify_consistency(old["tree_size"], head["tree_size"], H(b"x"),
                                  bytes.fromhex(head["root_hash"]),
                                  [bytes.fromhex(h) for h in p["proof"]])
    # The signed message is the documented layout.
    # /1 for a head of one record more than the one before, /2 (with the
    # size of the head before it) for a transaction of several (group
    # commit).
    msg = bytes.fromhex(head["signed_message"])
    tag = msg[:23]
    assert tag in (b"revmech-archive-head/1\x00", b"revmech-archive-head/2\x00"), msg
    assert struct.unpack(">Q", msg[len(tag):len(tag) + 8])[0] == head["tree_size"]
    rest = msg[len(tag) + 8:]
    if tag.endswith(b"/2\x00"):
        prev = struct.unpack(">Q", rest[:8])[0]
        assert prev + 1 < head["tree_size"], (prev, head["tree_size"])
        rest = rest[8:]
    (atl,) = struct.unpack(">I", rest[:4])
    assert rest[4:4 + atl].decode() == head["timestamp"]
    assert rest[4 + atl:] == bytes.fromhex(head["root_hash"])
    assert len(bytes.fromhex(head["signature"])) == 64
    # The signatures, checked outside revmech (OpenSSL's Ed25519, as a
    # participant would) with the public key given: the current head and
    # the old one, whichever layout each has; a message with one byte
    # changed is refused (R97).
    for h in (head, old):
        assert ed25519_ok(h["public_key"], bytes.fromhex(h["signed_message"]), h["signature"]), h
    spoilt = bytearray(msg)
    spoilt[-1] ^= 1
    assert not ed25519_ok(head["public_key"], bytes(spoilt), head["signature"])
    # An inclusion proof for an older size verifies against that head.
    r = c.get(f"/api/v1/archive/records/{st['fra'][0]}/proof?size={old['tree_size']}")
    assert r.status == 200, r.text
    p = r.json()
    assert verify_inclusion(st["fra"][0], old["tree_size"], bytes.fromhex(p["leaf_hash"]),
                            [bytes.fromhex(h) for h in p["proof"]], bytes.fromhex(old["root_hash"]))


@test
def archive_bad_requests():
    st = setup_records()
    c = R["logged_in"]("sec@example.org")
    size = c.get("/api/v1/archive/head").json()["tree_size"]
    for q in ["first=0", "first=x", f"first={size + 1}", f"first=2&second=1",
              f"first=1&second={size + 1}", ""]:
        r = c.get("/api/v1/archive/consistency?" + q)
        assert r.status == 400 and r.json()["error"] == "bad_request", (q, r.status, r.text)
    assert c.get("/api/v1/archive/records/999999/proof").status == 404
    assert c.get("/api/v1/archive/records/abc/proof").status == 404
    r = c.get(f"/api/v1/archive/records/{st['fra'][2]}/proof?size={st['fra'][2]}")
    assert r.status == 400, r.text
    r = c.request("POST", "/api/v1/archive/head")
    assert r.status == 405, r.status


@test
def archive_verify_cli_and_tamper_on_copy():
    setup_records()
    rc, out, err = R["run_cli"]("archive", "verify", "--db", R["DB"], *key_args())
    assert rc == 0 and "ok" in out, (rc, out, err)
    if R["PG"]:
        return  # the unit suite tampers on PostgreSQL (test_archive.c)
    db = R["DB"]
    copy = os.path.join(R["TMP"], "archive-copy.db")
    src = sqlite3.connect(db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    shutil.copy(db + ".archive.key", copy + ".archive.key")
    os.chmod(copy + ".archive.key", 0o600)
    dst.execute("DROP TRIGGER archive_records_no_update")
    dst.execute("UPDATE archive_records SET author = 'someone@else' WHERE seq = 1")
    dst.commit()
    dst.close()
    rc, out, err = R["run_cli"]("archive", "verify", "--db", copy)
    assert rc == 2 and "record 1 " in err, (rc, out, err)
    # A thread's row written before migration 0053 (listed by it in
    # archive_rows_pending) is named by verify until `revmech migrate`
    # archives it, once; one written behind the archive's back after it is
    # never archived (on a second copy, untampered otherwise).
    copy2 = os.path.join(R["TMP"], "archive-copy2.db")
    src = sqlite3.connect(db)
    dst = sqlite3.connect(copy2)
    src.backup(dst)
    src.close()
    for ext in (".archive.key", ".key"):
        if os.path.exists(db + ext):
            shutil.copy(db + ext, copy2 + ext)
            os.chmod(copy2 + ext, 0o600)
    dst.execute("INSERT INTO archive_threads (reviewed, phase, instrument, reviewers, created) "
                "VALUES ('ITA', 2, 'untoc', 'BRA', '2026-01-01T00:00:00Z')")
    dst.commit()
    (tid,) = dst.execute("SELECT MAX(id) FROM archive_threads").fetchone()
    dst.commit()
    dst.close()
    rc, out, err = R["run_cli"]("archive", "verify", "--db", copy2)
    assert rc == 2 and f"thread {tid} (archive_threads) has no archived record" in err, \
        (rc, out, err)
    rc, out, err = R["run_cli"]("migrate", "--db", copy2)
    assert rc == 0 and "archived" not in out, (rc, out, err)       # not laundered
    rc, out, err = R["run_cli"]("archive", "verify", "--db", copy2)
    assert rc == 2 and f"thread {tid} (archive_threads)" in err, (rc, out, err)
    dst = sqlite3.connect(copy2)
    dst.execute("INSERT INTO archive_rows_pending (tbl, key) VALUES ('archive_threads', ?)",
                (tid,))
    dst.commit()
    dst.close()
    rc, out, err = R["run_cli"]("migrate", "--db", copy2)
    assert rc == 0 and "1 threads and observations archived" in out, (rc, out, err)
    rc, out, err = R["run_cli"]("archive", "verify", "--db", copy2, "--content")
    assert rc == 0 and "contents match their commitments" in out, (rc, out, err)
    rc, out, err = R["run_cli"]("migrate", "--db", copy2)
    assert rc == 0 and "archived" not in out, (rc, out, err)


@test
def archive_no_plaintext_in_raw_database():
    setup_records()
    if R["PG"]:
        return  # no file to read: the unit suite checks SQLite's files
    for p in [R["DB"], R["DB"] + "-wal"]:
        if os.path.exists(p):
            with open(p, "rb") as f:
                data = f.read()
            assert SENTENCE.encode() not in data, p
    # What is there in clear is the envelope only.
    rows = R["sql"]("SELECT kind, reviewed, author FROM archive_records WHERE kind NOT IN "
                    "('thread', 'obs_meta') ORDER BY seq")
    assert rows and rows[0] == ("message", "FRA", "sec@example.org"), rows


def fields_bytes(fields):
    out = b""
    for f in fields:
        b = f if isinstance(f, bytes) else str(f).encode()
        out += struct.pack(">I", len(b)) + b
    return out


def threads_of(doc):
    """The threads of a .../messages answer, wherever the key is."""
    for v in doc.values():
        if isinstance(v, list) and v and isinstance(v[0], dict) and "items" in v[0]:
            return v
    return []


def leaf_from_plaintext(p, title, media_type, body):
    """docs/archive.md, layout /2, from the outside: the commitment to the
    plaintext under the proof's salt, then the leaf from the proof's fields
    (hashlib's BLAKE2b and SHA-256, not revmech's)."""
    plain = fields_bytes([title.encode(), media_type.encode()]) + body
    commit = hashlib.blake2b(plain, digest_size=32, key=bytes.fromhex(p["salt"])).hexdigest()
    rec = fields_bytes(["revmech-archive-record/2", p["id"], p["kind"], p["reviewed"],
                        p["phase"], p["instrument"], p["thread"], p["author"], p["at"], commit,
                        p["sealed_sha256"]])
    return commit, H(b"\x00" + rec)


@test
def archive_record_tied_to_its_plaintext():
    """A participant ties the text it downloaded to the signed head (layout
    /2, migration 0053): the commitment and the leaf recomputed here from
    the plaintext, the audit path walked to the head's root, the head's
    Ed25519 signature checked with OpenSSL; one byte of the plaintext
    changed fails.  The proof's salt is given only to whoever may read the
    record (dialogue_record_readable()), and each such proof is
    audited."""
    st = setup_records()
    rid = st["fra"][1]
    c = R["logged_in"]("fp@example.org")
    # The plaintext, downloaded through the dialogue API as its reader does:
    # title and media type from the list, the body from its content link.
    r = c.get("/api/v1/reviews/FRA/phases/1/messages")
    assert r.status == 200, r.text
    items = [it for th in threads_of(r.json()) for it in th["items"]]
    assert all(it["kind"] not in ("thread", "obs_meta") for it in items), items
    mine = [it for it in items if it["id"] == rid]
    assert len(mine) == 1, items
    title, media_type = mine[0]["title"], mine[0]["media_type"]
    r = c.get(mine[0]["content"])
    assert r.status == 200, (r.status, r.text)
    body = r.body
    assert body == SENTENCE.encode() and title == "Reply 0", (title, body[:80])
    head = c.get("/api/v1/archive/head").json()
    before = R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive_proof' AND "
                      "actor = 'fp@example.org' AND object = ?", f"archive {rid}")[0][0]
    r = c.get(f"/api/v1/archive/records/{rid}/proof")
    assert r.status == 200, r.text
    p = r.json()
    after = R["sql"]("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive_proof' AND "
                     "actor = 'fp@example.org' AND object = ?", f"archive {rid}")[0][0]
    assert after == before + 1, (before, after)
    assert p["layout"] == 2 and len(p["salt"]) == 64, p
    commit, leaf = leaf_from_plaintext(p, title, media_type, body)
    assert commit == p["commitment"], (commit, p["commitment"])
    assert leaf.hex() == p["leaf_hash"]
    assert p["tree_size"] == head["tree_size"] and p["root_hash"] == head["root_hash"]
    path = [bytes.fromhex(h) for h in p["proof"]]
    assert verify_inclusion(rid, p["tree_size"], leaf, path, bytes.fromhex(head["root_hash"]))
    assert ed25519_ok(head["public_key"], bytes.fromhex(head["signed_message"]),
                      head["signature"])
    # One byte of the plaintext (or of its title) changed: another leaf,
    # which the path does not lead to the signed root.
    for t, b in ((title, body[:-1] + bytes([body[-1] ^ 1])), (title + "!", body)):
        c2, l2 = leaf_from_plaintext(p, t, media_type, b)
        assert c2 != p["commitment"]
        assert not verify_inclusion(rid, p["tree_size"], l2, path,
                                    bytes.fromhex(head["root_hash"]))
    # A State outside the thread gets no salt (nor proof).
    r = R["logged_in"]("obs@example.org").get(f"/api/v1/archive/records/{rid}/proof")
    assert r.status == 404 and "salt" not in r.text
    # The thread's envelope is itself a record of the thread (layout /2):
    # its proof follows the thread's rule, and it is no item of the
    # dialogue.
    env = R["sql"]("SELECT seq FROM archive_records WHERE kind = 'thread' AND thread = ?",
                   st["fra_thread"])
    assert len(env) == 1, env
    for who, want in [("fp@example.org", 200), ("sec@example.org", 200),
                      ("obs@example.org", 404)]:
        r = R["logged_in"](who).get(f"/api/v1/archive/records/{env[0][0]}/proof")
        assert r.status == want, (who, r.status, r.text)
    r = R["logged_in"]("sec@example.org").get(f"/api/v1/archive/records/{env[0][0]}/proof")
    assert r.json()["kind"] == "thread" and r.json()["author"] == "archive_threads:%d" % \
        st["fra_thread"], r.text
    r = c.get(f"/api/v1/reviews/FRA/phases/1/messages/{env[0][0]}")
    assert r.status == 404, (r.status, r.text)
