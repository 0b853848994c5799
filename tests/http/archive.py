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
    for p in paths:
        r = C().get(p)
        assert r.status == 401, (p, r.status)
        assert r.json()["error"] == "unauthenticated"
    ngo = logged_in("ngo@example.org")
    for p in paths:
        r = ngo.get(p)
        assert r.status == 403, (p, r.status, r.text)
    # A State outside the thread sees the head and consistency, not the
    # record's proof; the refusal is audited.
    obs = logged_in("obs@example.org")
    assert obs.get(paths[0]).status == 200
    assert obs.get(paths[1]).status == 200
    r = obs.get(paths[2])
    assert r.status == 403 and r.json()["error"] == "forbidden", (r.status, r.text)
    rows = R["sql"]("SELECT actor FROM audit_log WHERE action = 'access.denied' AND object = ?",
                    f"archive {fra_id}")
    assert ("obs@example.org",) in rows, rows
    for who in ["fp@example.org", "exp@example.org", "sec@example.org"]:
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
    for who, want in [("fp@example.org", 403), ("exp@example.org", 403),
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
    c = R["logged_in"]("exp@example.org")
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
    rows = R["sql"]("SELECT kind, reviewed, author FROM archive_records ORDER BY seq")
    assert rows and rows[0] == ("message", "FRA", "sec@example.org"), rows
