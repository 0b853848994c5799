#!/usr/bin/env python3
"""An independent implementation of the archive's tree (RFC 9162 section
2.1), for tests/unit/test_archive.c: written from the RFC's recursive
definitions with hashlib, sharing no code with src/archive/.

  archive_ref.py tree IN.json OUT.json
      IN: {"leaves": [hex of each leaf's data]}.  OUT: for every size n,
      "roots"[n-1]; "paths"["m/n"] the audit path of leaf m; "proofs"["m/n"]
      the consistency proof of m in n (0 < m <= n); all hex.
  archive_ref.py rows IN.json OUT.json
      IN: {"rows": [[seq, kind, reviewed, phase, instrument, thread, author,
      at, sealed, commitment], ...]}.  OUT: {"leaves": [leaf hash], "roots":
      [root of each size]}: the record format of docs/archive.md recomputed
      (commitment null or absent: layout /1, else /2).
  archive_ref.py commit IN.json OUT.json
      IN: {"items": [{"salt", "title", "media_type", "body" (hex), "fields":
      [seq, kind, reviewed, phase, instrument, thread, author, at],
      "sealed_sha256"}]}.  OUT: {"commitments": [hex], "leaves": [hex]}: a
      participant's recomputation from the plaintext (docs/archive.md).
"""
import hashlib
import json
import struct
import sys


def H(b):
    return hashlib.sha256(b).digest()


def leaf_hash(d):
    return H(b"\x00" + d)


def k_of(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    n = len(d)
    if n == 0:
        return H(b"")
    if n == 1:
        return leaf_hash(d[0])
    k = k_of(n)
    return H(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m, d):
    n = len(d)
    if n == 1:
        return []
    k = k_of(n)
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def fields_bytes(fields):
    out = b""
    for f in fields:
        b = f if isinstance(f, bytes) else str(f).encode()
        out += struct.pack(">I", len(b)) + b
    return out


def record_bytes(row):
    if len(row) > 9 and row[9] is not None:
        digest = hashlib.sha256(row[8].encode()).hexdigest()
        return fields_bytes(["revmech-archive-record/2"] + list(row[:8]) + [row[9], digest])
    return fields_bytes(["revmech-archive-record/1"] + list(row[:9]))


def commitment(salt, title, media_type, body):
    plain = fields_bytes([title.encode(), media_type.encode()]) + body
    return hashlib.blake2b(plain, digest_size=32, key=salt).digest()


def main():
    mode, src, dst = sys.argv[1:4]
    with open(src) as f:
        data = json.load(f)
    out = {}
    if mode == "tree":
        d = [bytes.fromhex(x) for x in data["leaves"]]
        out["roots"] = [mth(d[:n]).hex() for n in range(1, len(d) + 1)]
        out["paths"] = {}
        out["proofs"] = {}
        for n in range(1, len(d) + 1):
            for m in range(n):
                out["paths"]["%d/%d" % (m, n)] = [h.hex() for h in path(m, d[:n])]
            for m in range(1, n + 1):
                out["proofs"]["%d/%d" % (m, n)] = [h.hex() for h in subproof(m, d[:n], True)]
    elif mode == "rows":
        recs = [record_bytes(r) for r in data["rows"]]
        out["leaves"] = [leaf_hash(r).hex() for r in recs]
        out["roots"] = [mth(recs[:n]).hex() for n in range(1, len(recs) + 1)]
    elif mode == "commit":
        out["commitments"] = []
        out["leaves"] = []
        for it in data["items"]:
            c = commitment(bytes.fromhex(it["salt"]), it["title"], it["media_type"],
                           bytes.fromhex(it["body"])).hex()
            rec = fields_bytes(["revmech-archive-record/2"] + it["fields"] +
                               [c, it["sealed_sha256"]])
            out["commitments"].append(c)
            out["leaves"].append(leaf_hash(rec).hex())
    else:
        sys.exit("unknown mode " + mode)
    with open(dst, "w") as f:
        json.dump(out, f)


main()
