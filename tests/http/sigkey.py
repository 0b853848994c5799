"""The Secretariat's summary signing key, published and checked (issue 10,
helper sigkey; paras 38-39, R110, R111, C37; audit gap10 item 1): GET
/api/v1/signing-key and /signing-key with no login, and `revmech summary
verify` against that key, with the cases that must fail (a PDF re-signed
with another key, no key given, the text altered).  Runs on summary.py's
scenario (its agreed summary of X, the Chinese version final).  Registered
by tests/http/run.py with `sigkey.register(globals())`."""
import os
import re

from summary import S, base, page, published_key  # noqa: F401

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


def fingerprint(hexkey):
    import hashlib
    return hashlib.sha256(bytes.fromhex(hexkey)).hexdigest()[:32]


def flip_in_signature_block(data, at):
    """data with one byte of the PDF's embedded signed text changed (the
    Keywords entry "revmech-sig/1 TEXT SIG KEY"), at bytes into TEXT."""
    i = data.index(b"revmech-sig/1 ") + len(b"revmech-sig/1 ") + at
    return data[:i] + (b"B" if data[i:i + 1] != b"B" else b"C") + data[i + 1:]


@test
def summary_signing_key_published_and_checked():
    """R110, R111, C37 (issue 10, sigkey; gap10 item 1): the Secretariat
    publishes the key that signs agreed summaries, to anyone (the API and a
    page, linked from the home and summary pages); `summary verify` checks
    a PDF against it.  Cases that must fail: a PDF of the same agreed text
    re-signed with another key (2 against the published key, naming both
    fingerprints), no key given (3, the signature checked only against the
    key inside the file, never "valid"), the text altered (2)."""
    a = S["api"]
    anon = a["anonymous"]
    r = anon.get("/api/v1/signing-key")
    assert r.status == 200 and r.header("Content-Type").startswith("application/json"), r.status
    j = r.json()
    pk = j["public_key"]
    assert re.fullmatch(r"[0-9a-f]{64}", pk) and j["algorithm"] == "Ed25519", j
    assert j["fingerprint"] == fingerprint(pk), j
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", j["since"]), j
    assert j["keys"] == [{"public_key": pk, "fingerprint": j["fingerprint"], "since": j["since"],
                          "until": None}], j
    for lang in ("en", "fr", "ar"):
        p = anon.get("/signing-key?lang=" + lang)
        assert p.status == 200 and ('id="public-key">%s<' % pk) in p.text, (lang, p.status)
        assert ('id="fingerprint">%s<' % j["fingerprint"]) in p.text
        assert 'lang="%s"' % lang in p.text
    assert "Clé publique" in anon.get("/signing-key?lang=fr").text
    assert "المفتاح العام" in anon.get("/signing-key?lang=ar").text
    assert 'href="/signing-key"' in anon.get("/?lang=en").text
    zh = a["fp"].get(page() + "/zh")
    assert 'href="/signing-key"' in zh.text and j["fingerprint"] in zh.text, zh.text[-2000:]
    assert anon.send("POST", "/api/v1/signing-key", {}).status in (403, 405)

    r = a["rev_fp"].get(base() + "/zh/pdf")
    assert r.status == 200 and r.header("X-Revmech-Signed") == "yes", r.status
    good = os.path.join(R["TMP"], "sigkey-good.pdf")
    with open(good, "wb") as f:
        f.write(r.body)
    rc, so, se = R["run_cli"]("summary", "verify", good, "--public-key", pk)
    assert rc == 0 and so.startswith("valid: the agreed summary of %s, phase 1, in zh" % S["x"]) \
        and j["fingerprint"] in so, (rc, so, se)
    url = "http://127.0.0.1:%d/api/v1/signing-key" % R["PORT"]
    rc, so, se = R["run_cli"]("summary", "verify", good, "--key-url", url)
    assert rc == 0 and so.startswith("valid: "), (rc, so, se)
    # No trusted key: status 3, not "valid".
    rc, so, se = R["run_cli"]("summary", "verify", good)
    assert rc == 3 and "valid: " not in so, (rc, so, se)
    assert ("signature valid, but the signing key %s was not checked against the "
            "Secretariat's published key: pass --public-key HEX or --key-url URL"
            % j["fingerprint"]) in se, se
    # The same agreed text re-signed with another key: its signature holds
    # against its own key (3 without a key), not against the published one.
    other = os.path.join(R["TMP"], "sigkey-other.sign")
    forged = os.path.join(R["TMP"], "sigkey-forged.pdf")
    rc, so, se = R["run_cli"]("summary", "render", "--db", R["DB"], "--state", S["x"],
                              "--phase", "1", "--lang", "zh", "--out", forged,
                              "--sign-key", other)
    assert rc == 0 and "signed: the agreed text" in so, (rc, so, se)
    rc, so, se = R["run_cli"]("summary", "verify", forged)
    assert rc == 3, (rc, so, se)
    m = re.search(r"^public key: ([0-9a-f]{64})$", so, re.M)
    assert m and m.group(1) != pk, so
    rc, so, se = R["run_cli"]("summary", "verify", forged, "--public-key", pk)
    assert rc == 2 and "NOT VALID: signed with the key %s, not with the Secretariat's key %s" \
        % (fingerprint(m.group(1)), j["fingerprint"]) in se, (rc, so, se)
    rc, so, se = R["run_cli"]("summary", "verify", forged, "--key-url", url)
    assert rc == 2 and "NOT VALID" in se, (rc, so, se)
    # The text altered (one byte of the signed block): 2, with or without.
    bad = os.path.join(R["TMP"], "sigkey-altered.pdf")
    with open(bad, "wb") as f:
        f.write(flip_in_signature_block(open(good, "rb").read(), 60))
    for extra in ([], ["--public-key", pk]):
        rc, so, se = R["run_cli"]("summary", "verify", bad, *extra)
        assert rc == 2 and "NOT VALID" in se, (extra, rc, so, se)
    # Bad input: a key that is not 64 hex digits; an address that answers
    # no key; both options at once.
    rc, so, se = R["run_cli"]("summary", "verify", good, "--public-key", "abc")
    assert rc == 1 and "64 hex digits" in se, (rc, se)
    rc, so, se = R["run_cli"]("summary", "verify", good, "--key-url",
                              "http://127.0.0.1:%d/healthz" % R["PORT"])
    assert rc == 2 and "public_key" in se, (rc, se)
    rc, so, se = R["run_cli"]("summary", "verify", good, "--public-key", pk, "--key-url", url)
    assert rc == 1 and "not both" in se, (rc, se)
