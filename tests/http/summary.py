"""Summaries, disclosure and the Secretariat's overview over HTTP (issue 10;
annex paras 37-41, 4 b; spec R98-R103, R110, R111, R140, R145, B18, C32,
C37, C47).  Tables of role x artefact (summary draft / agreed / official per
language, its PDF and HTML, disclosure choices and their effect on the
answers and documents, the overview) x read / write x page / API for the
reviewed State's focal point, expert and observer, its reviewers, a
supplementary reviewer outside its charge, another State party, the
Secretariat, a stakeholder and an anonymous visitor; 1,500 words accepted
and 1,501 refused; bad input (unknown language, forged review, over-long
body, disclosure by a non-focal point).  Registered by tests/http/run.py
with `summary.register(globals())`; uses run.py's helpers through R."""
import datetime
import json
import os
import re
import shutil
import stat
import subprocess

import fixture

Api = fixture.Api

R = {}
TESTS = []
S = {}  # the scenario, built once by summary_setup

USED = {"FRA", "DEU", "USA"}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def sql(q, *p):
    return R["sql"](q, *p)


def pick():
    """A reviewed State X of cohort 1 with a supplementary (additional)
    reviewer, none of whose States the other suites use, taken from the end
    of the list (the response and country suites take from its start)."""
    rows = sql("SELECT a.reviewed, a.reviewer, a.role, a.instruments FROM lots_assignments a "
               "JOIN lots_draws d ON d.id = a.draw_id AND d.status = 'current' "
               "JOIN lots_reviews r ON r.draw_id = d.id AND r.reviewed = a.reviewed "
               "WHERE a.status = 'active' AND r.year = 1 ORDER BY a.reviewed, a.slot")
    by = {}
    for rv, rr, role, inst in rows:
        by.setdefault(rv, []).append((rr, role, inst.split()))
    # States another suite already uses (they name focal points: country,
    # response, dialogue, list) and their reviewers stay clear.
    others = set(USED) | {c for (c,) in sql("SELECT state FROM focal_points")}
    try:
        c = __import__("country").pick()
        others |= {c["X"], c["V"], c["S"], c["O"]}
    except Exception:  # noqa: BLE001 - the country suite may not be loaded
        pass
    for x in sorted(by, reverse=True):
        lst = by[x]
        if x in others or any(r[0] in others for r in lst):
            continue
        if any(r[1] == "additional" for r in lst):
            return x, lst
    raise AssertionError("no review with an additional reviewer in the test draw")


def base(x=None, phase=1):
    return "/api/v1/reviews/%s/phases/%d/summary" % (x or S["x"], phase)


def page(x=None, phase=1):
    return "/reviews/%s/phases/%d/summary" % (x or S["x"], phase)


ROLES = ["fp", "expert", "observer", "rev_fp", "rev_expert", "sup_expert", "other",
         "secretariat", "stakeholder", "anonymous"]


@test
def summary_setup():
    """X, its reviewers V (regular) and S (supplementary, for its Protocols
    only), another State party O; their people; focal points named by the
    Secretariat (para 18); the cohort's phase 1 open."""
    x, lst = pick()
    S["x"] = x
    main = [r for r in lst if r[1] != "additional"]
    sup = [r for r in lst if r[1] == "additional"][0]
    S["v"], S["s"], S["s_inst"] = main[0][0], sup[0], sup[2]
    S["reviewers"] = [r[0] for r in lst]
    involved = {x} | set(S["reviewers"])
    S["o"] = next(c for (c,) in sql("SELECT code FROM parties ORDER BY code DESC")
                  if c not in involved and c not in USED)
    lx = x.lower()
    m = {
        "fp": (f"fp.{lx}@sum.example", "focal_point", x),
        "fp2": (f"fp2.{lx}@sum.example", "focal_point", x),
        "expert": (f"ex.{lx}@sum.example", "expert", x),
        "observer": (f"ob.{lx}@sum.example", "observer", x),
        "rev_expert": (f"ex.{S['v'].lower()}@sum.example", "expert", S["v"]),
        "sup_expert": (f"ex.{S['s'].lower()}@sum.example", "expert", S["s"]),
        "other": (f"fp.{S['o'].lower()}@sum.example", "focal_point", S["o"]),
    }
    for st in S["reviewers"]:
        m["fp_" + st] = (f"fp.{st.lower()}@sum.example", "focal_point", st)
    for email, role, st in m.values():
        R["add_user"](email, role, st)
    S["mail"] = {k: v[0] for k, v in m.items()}
    rc, out, err = R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                                "--by", "sec@example.org")
    assert rc == 0 or "already" in err, (rc, err)
    sec = Api("sec@example.org")
    for st, email in [(x, m["fp"][0])] + [(st, m["fp_" + st][0]) for st in S["reviewers"]]:
        r = sec.form(f"/country/{x}/focal-point", {"action": "name", "state": st, "email": email})
        assert r.status == 303, (st, r.status, r.text[:300])
    a = {k: Api(S["mail"][k]) for k in ("fp", "fp2", "expert", "observer", "rev_expert",
                                         "sup_expert", "other")}
    a["rev_fp"] = Api(S["mail"]["fp_" + S["v"]])
    a["sup_fp"] = Api(S["mail"]["fp_" + S["s"]])
    for st in S["reviewers"]:
        a["fp_" + st] = a["rev_fp"] if st == S["v"] else a["sup_fp"] if st == S["s"] \
            else Api(S["mail"]["fp_" + st])
    a["secretariat"] = sec
    a["stakeholder"] = Api("ngo@example.org")
    a["anonymous"] = Api(None)
    S["api"] = a
    print(f"     summary: {x} reviewed by {lst}; other State {S['o']}")


AR_WORD = "الدولة"
ZH_TEXT = "审议结束时的摘要。缔约国与审议国达成一致。"


def ar_text(n):
    """n Arabic words (each one ICU word), in paragraphs of 100."""
    words = [AR_WORD] * n
    return "\n\n".join(" ".join(words[i:i + 100]) for i in range(0, n, 100))


def current(role="secretariat", lang="ar"):
    r = S["api"][role].get(base() + "/" + lang)
    assert r.status == 200, (r.status, r.text[:200])
    return r.json()


# role -> status: reading the draft, writing the drafting text (PUT).
DRAFT_READ = {"fp": 200, "expert": 200, "observer": 200, "rev_fp": 200, "rev_expert": 200,
              "sup_expert": 200, "other": 403, "secretariat": 200, "stakeholder": 403,
              "anonymous": 401}
DRAFT_WRITE = {"fp": 200, "expert": 200, "observer": 403, "rev_fp": 200, "rev_expert": 200,
               "sup_expert": 200, "other": 403, "secretariat": 200, "stakeholder": 403,
               "anonymous": 403}  # anonymous: no CSRF cookie, refused before any rule
PAGE_DRAFT = dict(DRAFT_READ, anonymous=303)  # public (F20): to the login


@test
def summary_draft_by_role():
    """R110, para 38: the reviewing States write the summary with the
    reviewed State, the Secretariat helping; observers read; the draft is
    the review's participants' (a supplementary reviewer agrees to it too,
    para 39), not another State party's nor a stakeholder's."""
    a = S["api"]
    # No summary yet: participants are told so, others refused as before.
    r = a["fp"].get(base() + "/ar")
    assert r.status == 404 and r.json()["error"] == "no_summary", r.text
    # A first text over the limit is refused and creates nothing: the
    # drafting language and the parties are not fixed by it (para 38).
    r = a["fp"].send("PUT", base() + "/fr", {"text": " ".join(["mot"] * 1501), "base": 0})
    assert r.status == 422 and r.json()["words"] == 1501, (r.status, r.text[:200])
    assert not R["sql"]("SELECT 1 FROM summaries WHERE reviewed = ?", S["x"])
    r = a["fp"].get(base() + "/ar")
    assert r.status == 404 and r.json()["error"] == "no_summary", r.text
    v = 0
    for role in ROLES:
        r = a[role].send("PUT", base() + "/ar", {"text": f"{AR_WORD} {role}", "base": v})
        assert r.status == DRAFT_WRITE[role], (role, r.status, r.text[:200])
        if r.status == 200:
            v = r.json()["version"]
            assert r.json()["words"] == 2 and r.json()["limit"] == 1500
    assert v == 6, v
    j = current()
    assert j["drafting"] == "ar" and j["version"] == 6 and not j["agreed"]
    assert sorted(p["state"] for p in j["parties"]) == sorted([S["x"]] + S["reviewers"])
    for role in ROLES:
        r = a[role].get(base() + "/ar")
        assert r.status == DRAFT_READ[role], (role, r.status)
        if r.status == 200:
            assert r.json()["text"]["body"] == f"{AR_WORD} secretariat"
        r = a[role].get(page() + "/ar")
        assert r.status == PAGE_DRAFT[role], (role, "page", r.status)
        if r.status == 200:
            assert 'id="summary-text"' in r.text and 'dir="rtl"' in r.text
            assert ('id="summary-form"' in r.text) == (DRAFT_WRITE[role] == 200), role
    # The draft as PDF and HTML: the same readers, unsigned (not agreed).
    for role in ROLES:
        for fmt in ("pdf", "html"):
            r = a[role].get(base() + "/ar/" + fmt)
            assert r.status == DRAFT_READ[role], (role, fmt, r.status)
            if r.status == 200:
                assert r.header("X-Revmech-Signed") == "no", role
        r = a[role].get(page() + "/ar/pdf")
        assert r.status == PAGE_DRAFT[role], (role, "page pdf", r.status)
    # A stale base is a conflict with the text sent given back (not lost).
    r = a["fp"].send("PUT", base() + "/ar", {"text": "نص آخر", "base": 2})
    assert r.status == 409 and r.json()["error"] == "conflict" and r.json()["yours"] == "نص آخر"
    S["v"] = 6
    assert any("read.summary" in line for line in R["audit_lines"]())


@test
def summary_1500_words_accepted_1501_refused():
    """Para 38, R110, C32: at most 1,500 words, counted on the drafting
    language with ICU; 1,501 refused with the count, over the API and the
    page, and the text sent is given back; the live count is on the page."""
    a = S["api"]["fp"]
    r = a.send("PUT", base() + "/ar", {"text": ar_text(1501), "base": S["v"]})
    assert r.status == 422, (r.status, r.text[:200])
    j = r.json()
    assert j["error"] == "too_long" and j["words"] == 1501 and "1501" in j["message"], j
    assert j["yours"] == ar_text(1501)
    assert current()["version"] == S["v"], "nothing saved"
    # The page: refused with the count, the text back in the form.
    r = a.form(page() + "/ar", {"action": "save", "base": str(S["v"]), "text": ar_text(1501)})
    assert r.status == 422, r.status
    assert 'class="error"' in r.text or "error" in r.text
    assert AR_WORD in r.text and 'id="summary-input"' in r.text
    assert "١٬٥٠١" in r.text or "1,501" in r.text or "1501" in r.text, "the count is shown"
    # Counting without saving.
    r = a.form(page() + "/ar", {"action": "count", "base": str(S["v"]), "text": ar_text(10)})
    assert r.status == 200 and 'data-server="10"' in r.text
    assert current()["version"] == S["v"]
    r = a.send("PUT", base() + "/ar", {"text": ar_text(1500), "base": S["v"]})
    assert r.status == 200 and r.json()["words"] == 1500, r.text[:200]
    S["v"] = r.json()["version"]
    r = a.get(page() + "/ar")
    assert 'src="/static/summary.js"' in r.text and 'id="word-count"' in r.text
    assert R["Client"]().get("/static/summary.js").status == 200


AGREE = {"fp": 200, "expert": 403, "observer": 403, "rev_fp": 200, "rev_expert": 403,
         "sup_expert": 403, "other": 403, "secretariat": 403, "stakeholder": 403,
         "anonymous": 403}


def agree_all(version):
    for st in [S["x"]] + S["reviewers"]:
        who = "fp" if st == S["x"] else "fp_" + st
        r = S["api"][who].send("POST", base() + "/agree", {"version": version})
        assert r.status == 200, (st, r.status, r.text[:200])


@test
def summary_agreement_by_role_and_reopened():
    """Para 39, R111: the named focal point of the reviewed State and of
    each reviewing State agree, for their own State; once all agreed the
    summary is every State party's (para 38, B18), not a stakeholder's nor
    the public's; any change reopens agreement and narrows it again."""
    a = S["api"]
    v = S["v"]
    # Para 38, R111 (issue 10, sigkey): a summary of the final list, so
    # no agreement while X's list of observations is not final: 409
    # list_not_final, nothing written.  The list is then made final in
    # the store (its own agreement, and the summary waiting for it, are
    # list.py's list_review_state_follows_the_work).
    n = sql("SELECT COUNT(*) FROM summary_agreements")[0][0]
    r = a["fp"].send("POST", base() + "/agree", {"version": v})
    assert r.status == 409 and r.json()["error"] == "list_not_final", (r.status, r.text)
    assert "list of observations of %s for phase 1 is not final" % S["x"] in r.json()["message"]
    assert sql("SELECT COUNT(*) FROM summary_agreements")[0][0] == n
    assert not current()["agreed"]
    sql("INSERT INTO obs_lists (reviewed, phase, version, agreed_version, agreed_at, created_at, "
        "created_by) VALUES (?, 1, 1, 1, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', "
        "'summary.py')", S["x"])
    r = a["fp2"].send("POST", base() + "/agree", {"version": v})
    assert r.status == 403, "a focal-point account not named acts for nothing"
    for role in ROLES:
        r = a[role].send("POST", base() + "/agree", {"version": v})
        assert r.status == AGREE[role], (role, r.status, r.text[:200])
    r = a["sup_fp"].send("POST", base() + "/agree", {"version": v - 1})
    assert r.status == 409 and r.json()["error"] == "conflict", r.text
    assert not current()["agreed"]
    r = a["other"].get(base() + "/ar")
    assert r.status == 403
    agree_all(v)
    j = current()
    assert j["agreed"] and all(p["agreed"] for p in j["parties"]), j["parties"]
    agreed_read = dict(DRAFT_READ, other=200)
    for role in ROLES:
        r = a[role].get(base() + "/ar")
        assert r.status == agreed_read[role], (role, r.status)
    # Any change reopens it: the other State party is refused again.
    r = a["rev_expert"].send("PUT", base() + "/ar", {"text": ar_text(1499), "base": v})
    assert r.status == 200
    S["v"] = r.json()["version"]
    assert not current()["agreed"]
    assert a["other"].get(base() + "/ar").status == 403
    # The page's agree button, then everyone again on the API.
    r = a["fp"].get(page() + "/ar")
    assert 'id="agree-form"' in r.text
    r = a["fp"].form(page() + "/agree", {"version": str(S["v"]), "lang": "ar"})
    assert r.status == 303 and "agreed=1" in r.header("Location"), (r.status, r.text[:300])
    agree_all(S["v"])
    assert current()["agreed"]


@test
def summary_translations_status_and_official():
    """R145: the Secretariat requests, writes and moves each translation
    (requested, in translation, revised, final); a final translation of the
    agreed text is an official document, public (B18); the drafting text
    becomes one when issued in all six languages."""
    a = S["api"]
    r = a["secretariat"].send("PUT", base() + "/zh", {"text": ZH_TEXT, "base": 0})
    assert r.status == 409 and r.json()["error"] == "not_requested", r.text
    for role in ROLES:
        if role == "secretariat":
            continue
        r = a[role].send("POST", base() + "/zh/status", {"status": "requested"})
        assert r.status in (403, 401), (role, r.status)
        r = a[role].send("PUT", base() + "/zh", {"text": ZH_TEXT, "base": 0})
        assert r.status in (403, 401), (role, r.status)
    texts = {"zh": ZH_TEXT, "en": "The summary.", "fr": "Le résumé.", "ru": "Резюме.",
             "es": "El resumen."}
    for lang, text in texts.items():
        r = a["secretariat"].send("POST", base() + f"/{lang}/status", {"status": "requested"})
        assert r.status == 200, (lang, r.text)
        r = a["secretariat"].send("PUT", base() + f"/{lang}", {"text": text, "base": 0})
        assert r.status == 200, (lang, r.text)
        for st in ("revised", "final"):
            r = a["secretariat"].send("POST", base() + f"/{lang}/status", {"status": st})
            assert r.status == 200, (lang, st, r.text)
        if lang == "zh":
            # zh is official; the drafting text not yet (four to go).
            assert a["anonymous"].get(base() + "/zh").status == 200
            assert a["stakeholder"].get(page() + "/zh").status == 200
            assert a["anonymous"].get(base() + "/ar").status == 401
            assert a["anonymous"].get(page() + "/ar").status == 303  # F20: the login
    r = a["secretariat"].send("POST", base() + "/zh/status", {"status": "bogus"})
    assert r.status == 400
    j = a["anonymous"].get(base() + "/ar")
    assert j.status == 200 and j.json()["official"], j.text[:200]
    langs = {l["lang"]: l["status"] for l in j.json()["languages"]}
    assert langs == {"ar": "original", "zh": "final", "en": "final", "fr": "final",
                     "ru": "final", "es": "final"}, langs
    r = a["anonymous"].get(page() + "/ar")
    assert r.status == 200 and 'id="official"' in r.text


def pdftotext(data):
    p = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode("utf-8")


def pdffonts(data):
    """[(font name, embedded "yes"/"no")] of a PDF, from poppler's pdffonts
    (after its two header lines; the type may hold spaces: the embedded
    column is the fifth from the end)."""
    path = os.path.join(R["TMP"], "fonts.pdf")
    with open(path, "wb") as f:
        f.write(data)
    p = subprocess.run(["pdffonts", path], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    rows = [l.split() for l in p.stdout.decode("utf-8").splitlines()[2:] if l.strip()]
    return [(r[0], r[-5]) for r in rows]


@test
def summary_pdf_and_html_signed_arabic_chinese():
    """The agreed summary downloads as a signed PDF (Ed25519, offline check
    with `revmech summary verify`) and as HTML; pdftotext gives back the
    Arabic and the Chinese text."""
    a = S["api"]
    out = {}
    for lang in ("ar", "zh"):
        r = a["rev_fp"].get(base() + f"/{lang}/pdf")
        assert r.status == 200 and r.header("Content-Type") == "application/pdf", r.status
        assert r.header("X-Revmech-Signed") == "yes", lang
        assert r.body.startswith(b"%PDF-")
        out[lang] = r.body
        print(f"     signed PDF ({lang}): {r.elapsed * 1000:.0f} ms, {len(r.body)} bytes")
        p = os.path.join(R["TMP"], f"summary-{lang}.pdf")
        with open(p, "wb") as f:
            f.write(r.body)
        rc, so, se = R["run_cli"]("summary", "verify", p, "--public-key", published_key())
        assert rc == 0 and so.startswith("valid: "), (rc, so, se)
        # The same through the page, and as HTML.
        r = a["fp"].get(page() + f"/{lang}/pdf")
        assert r.status == 200 and r.body.startswith(b"%PDF-")
        r = a["fp"].get(page() + f"/{lang}/html")
        assert r.status == 200 and r.header("Content-Type").startswith("text/html")
    text_ar = pdftotext(out["ar"])
    text_zh = pdftotext(out["zh"])
    # Logical order only: reversed (visual) Arabic is a broken PDF
    # (tests/unit/test_output.c checks the whole text, its shaping and
    # the fonts of the same renderer).
    assert AR_WORD in text_ar, text_ar[:300]
    assert AR_WORD[::-1] not in text_ar, text_ar[:300]
    for lang, family in (("ar", "NotoNaskhArabic"), ("zh", "NotoSansCJK")):
        fonts = pdffonts(out[lang])
        assert fonts and all(emb == "yes" and "+Noto" in name for name, emb in fonts), fonts
        assert any(family in name for name, _ in fonts), (lang, fonts)
    assert "审议" in text_zh and "摘要" in text_zh, text_zh[:300]
    assert AR_WORD in a["fp"].get(base() + "/ar/html").text
    # Every role may download an official document; an unknown format or
    # language is refused clearly.
    assert a["anonymous"].get(base() + "/zh/pdf").status == 200
    assert a["fp"].get(base() + "/zh/docx").status == 404
    r = a["fp"].get(base() + "/xx/pdf")
    assert r.status == 400 and r.json()["error"] == "unknown_language"


@test
def summary_bad_input():
    """Unknown language, forged review, phase out of range, a body over the
    server's limit, malformed JSON: clear errors, nothing saved."""
    a = S["api"]["fp"]
    before = sql("SELECT COUNT(*) FROM summary_versions")[0][0]
    r = a.get(base() + "/tlh")
    assert r.status == 400 and r.json()["error"] == "unknown_language", r.text
    r = a.send("PUT", base() + "/tlh", {"text": "x", "base": 0})
    assert r.status == 400 and r.json()["error"] == "unknown_language"
    assert a.get(page() + "/tlh").status == 404
    r = a.send("PUT", base("ZZZ") + "/ar", {"text": "x", "base": 0})
    assert r.status == 404 and r.json()["error"] == "not_found", r.text
    r = a.send("PUT", base(phase=9) + "/ar", {"text": "x", "base": 0})
    assert r.status == 404
    # Another State's review: X's focal point takes no part in it.
    r = a.send("PUT", base(S["o"]) + "/ar", {"text": "x", "base": 0})
    assert r.status in (403, 404), r.status
    r = a.send("PUT", base() + "/ar", raw="{not json")
    assert r.status == 400 and "text" in r.json()["message"]
    r = a.send("PUT", base() + "/ar", {"text": 17, "base": 0})
    assert r.status == 400
    r = a.send("PUT", base() + "/ar", {"text": "x " * 40000, "base": S["v"]})
    assert r.status == 413, r.status
    r = a.send("PUT", base() + "/ar", raw=b'{"text": "\xff\xfe", "base": 0}')
    assert r.status == 400
    assert sql("SELECT COUNT(*) FROM summary_versions")[0][0] == before


# ---- disclosure (paras 37, 40, 41; R98-R103) ----

def dbase():
    return "/api/v1/reviews/%s/disclosures" % S["x"]


DISCLOSE = {"fp": 201, "expert": 403, "observer": 403, "rev_fp": 403, "rev_expert": 403,
            "sup_expert": 403, "other": 403, "secretariat": 403, "stakeholder": 403,
            "anonymous": 403}
DISCLOSURES_READ = {"fp": 200, "expert": 200, "observer": 200, "rev_fp": 200, "rev_expert": 200,
                    "sup_expert": 200, "other": 403, "secretariat": 200, "stakeholder": 403,
                    "anonymous": 401}


@test
def disclosure_by_role_logged():
    """The reviewed State alone, through its named focal point, records a
    choice (paras 40-41); every choice is kept with who and when, seen by
    the review's participants, never changed (R103)."""
    a = S["api"]
    body = {"what": "dialogue", "choice": "states", "phase": 1, "note": "ouvert"}
    for role in ROLES:
        r = a[role].send("POST", dbase(), body)
        assert r.status == DISCLOSE[role], (role, r.status, r.text[:200])
    r = a["fp2"].send("POST", dbase(), body)
    assert r.status == 403, "not the named focal point"
    for role in ROLES:
        r = a[role].get(dbase())
        assert r.status == DISCLOSURES_READ[role], (role, r.status)
        if r.status == 200:
            log = r.json()["disclosures"]
            assert len(log) == 1 and log[0]["by"] == S["mail"]["fp"] and log[0]["at"]
            assert log[0]["what"] == "dialogue" and log[0]["choice"] == "states"
    # The page: the log for participants, the form for the focal point only.
    r = a["fp"].get(f"/country/{S['x']}/disclosures")
    assert r.status == 200 and 'id="disclosure-form"' in r.text and "ouvert" in r.text
    r = a["rev_fp"].get(f"/country/{S['x']}/disclosures")
    assert r.status == 200 and 'id="disclosure-form"' not in r.text
    assert a["other"].get(f"/country/{S['x']}/disclosures").status == 403
    r = a["expert"].form(f"/country/{S['x']}/disclosures",
                         {"what": "dialogue", "choice": "public", "phase": "1"})
    assert r.status == 403
    n0 = sql("SELECT COUNT(*) FROM disclosures")[0][0]
    r = a["fp"].form(f"/country/{S['x']}/disclosures",
                     {"what": "dialogue", "choice": "withdraw", "phase": "1", "instrument": ""})
    # disc3 (F1): the first post is the confirmation page, nothing written.
    assert r.status == 200 and 'id="confirm-form"' in r.text and 'data-ends="1"' in r.text, \
        (r.status, r.text[:300])
    assert sql("SELECT COUNT(*) FROM disclosures")[0][0] == n0
    r = a["fp"].form(f"/country/{S['x']}/disclosures",
                     {"what": "dialogue", "choice": "withdraw", "phase": "1", "instrument": "",
                      "confirm": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    # Bad input: clear, nothing recorded.
    n = sql("SELECT COUNT(*) FROM disclosures")[0][0]
    for bad, word in [({"what": "dialogue", "choice": "bogus"}, "choice"),
                      ({"what": "letters", "choice": "public"}, "what"),
                      ({"what": "dialogue", "choice": "public", "phase": 9}, "phase"),
                      ({"what": "dialogue", "choice": "public", "instrument": "uncac"},
                       "instrument"),
                      ({"what": "responses", "choice": "states"}, "paragraph 40"),
                      ({"choice": "public"}, "what")]:
        r = a["fp"].send("POST", dbase(), bad)
        assert r.status == 400 and word in r.json()["message"], (bad, r.text)
    assert sql("SELECT COUNT(*) FROM disclosures")[0][0] == n
    # Append-only, in the database itself.
    try:
        sql("UPDATE disclosures SET choice = 'public'")
        changed = True
    except Exception:  # noqa: BLE001
        changed = False
    assert not changed
    assert any("disclosure.record" in line for line in R["audit_lines"]())


def responses_path():
    return "/api/v1/reviews/%s/phases/1/responses" % S["x"]


PDF = b"%PDF-1.4\n% document de la revue\n" + b"x" * 100


@test
def disclosure_opens_answers_and_documents():
    """Para 41: X's submitted answers and the documents of its answers,
    disclosed publicly, become readable to a stakeholder (access/ decides:
    ACCESS_RESPONSE_READ, ACCESS_ATTACHMENT_READ); drafts never; a
    withdrawal closes them again; other instruments stay closed."""
    a = S["api"]
    fp = a["fp"]
    sql("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
        "adopted_on = '2026-01-01' WHERE status <> 'adopted'")
    q = fp.get("/api/v1/reviews/%s/phases/1/questionnaire" % S["x"])
    if q.status == 409:
        r = a["secretariat"].send("POST", "/api/v1/reviews/%s/phases/1/questionnaire" % S["x"])
        assert r.status == 200, r.text
        q = fp.get("/api/v1/reviews/%s/phases/1/questionnaire" % S["x"])
    assert q.status == 200, (q.status, q.text[:200])
    first = q.json()["questionnaires"][0]
    inst = first["instrument"]
    yq = next(qq["id"] for s in first["sections"] if s["applies"] for qq in s["questions"]
              if qq["type"] == "yes_no_partly")
    aq = next(qq["id"] for s in first["sections"] if s["applies"] for qq in s["questions"]
              if qq["type"] == "attachments")
    r = fp.send("PUT", responses_path() + "/" + yq, {"base_version": 0, "lang": "fr",
                                                    "value": "yes"})
    assert r.status == 200, r.text
    r = fp.send("POST", responses_path() + "/" + aq + "/attachments?filename=loi.pdf", raw=PDF,
                ctype="application/octet-stream")
    assert r.status == 201, r.text
    doc = r.json()["id"]
    r = fp.send("PUT", responses_path() + "/" + aq, {"base_version": 0, "lang": "fr",
                                                    "value": [doc]})
    assert r.status == 200, r.text
    sh = a["stakeholder"]
    # Draft: even disclosed, a draft stays the reviewed State's.
    r = fp.send("POST", dbase(), {"what": "responses", "choice": "public", "phase": 1,
                                  "instrument": inst})
    assert r.status == 201, r.text
    assert sh.get(responses_path()).status == 403
    assert sh.get("/api/v1/attachments/" + doc).status == 403
    # Submitted (the submission itself is the response suite's: recorded
    # here directly).
    # disc3 (F15): submitted after the choice (one second later, the rule's
    # resolution): the choice made on drafts opens nothing; the State
    # chooses again, having seen the submitted answers.
    chosen = fp.get(dbase()).json()["disclosures"][-1]["at"]
    import datetime
    later = (datetime.datetime.strptime(chosen, "%Y-%m-%dT%H:%M:%SZ")
             + datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, ?, ?)", S["x"], later, S["mail"]["fp"])
    assert sh.get(responses_path()).status == 403, "a choice made on drafts (F15)"
    import time
    time.sleep(max(0.0, (datetime.datetime.strptime(later, "%Y-%m-%dT%H:%M:%SZ")
                         - datetime.datetime.utcnow()).total_seconds()) + 0.2)
    r = fp.send("POST", dbase(), {"what": "responses", "choice": "public", "phase": 1,
                                  "instrument": inst})
    assert r.status == 201, r.text
    r = sh.get(responses_path())
    assert r.status == 200, (r.status, r.text[:200])
    ans = r.json()["answers"]
    assert ans and all(x["instrument"] == inst for x in ans), ans
    assert sh.get("/api/v1/attachments/" + doc).status == 403, "documents not disclosed yet"
    r = fp.send("POST", dbase(), {"what": "documents", "choice": "portal", "phase": 1})
    assert r.status == 201
    # disc (R98): the request alone opens nothing; the Secretariat publishes.
    assert sh.get("/api/v1/attachments/" + doc).status == 403, "portal requested, not published"
    r = a["secretariat"].send("POST", dbase() + "/publications", {"request": r.json()["id"]})
    assert r.status == 201, r.text
    r = sh.get("/api/v1/attachments/" + doc)
    assert r.status == 200 and r.body == PDF, r.status
    # The public part of the review: no login needed.
    anon = R["Client"]()
    r = anon.get(f"/reviews/{S['x']}/disclosed")
    assert r.status == 200 and f'data-question="{yq}"' in r.text, r.text[:500]
    assert f"/reviews/{S['x']}/disclosed/documents/{doc}" in r.text
    r = anon.get(f"/reviews/{S['x']}/disclosed/documents/{doc}")
    assert r.status == 200 and r.body == PDF and r.header("X-Content-SHA256")
    r = anon.get(f"/reviews/{S['o']}/disclosed/documents/{doc}")
    assert r.status == 404, "a document is only under its own review"
    assert 'id="disclosed-link"' in fp.get(f"/country/{S['x']}/disclosures").text
    # Another State party reads submitted answers anyway (para 40, C15).
    assert a["other"].get(responses_path()).status == 200
    # Withdrawn: closed again to the stakeholder.
    for what in ("responses", "documents"):
        r = fp.send("POST", dbase(), {"what": what, "choice": "withdraw", "phase": 1,
                                      "instrument": inst if what == "responses" else None})
        assert r.status == 201, r.text
    assert sh.get(responses_path()).status == 403
    assert sh.get("/api/v1/attachments/" + doc).status == 403
    r = anon.get(f"/reviews/{S['x']}/disclosed")
    assert r.status == 200 and f'data-question="{yq}"' not in r.text and doc not in r.text
    assert anon.get(f"/reviews/{S['x']}/disclosed/documents/{doc}").status == 403
    log = fp.get(dbase()).json()["disclosures"]
    assert [e["choice"] for e in log][-5:] == ["public", "public", "portal", "withdraw",
                                               "withdraw"], log


# ---- the Secretariat's overview (R140) ----

OVERVIEW = {"fp": 403, "expert": 403, "observer": 403, "rev_fp": 403, "rev_expert": 403,
            "sup_expert": 403, "other": 403, "secretariat": 200, "stakeholder": 403,
            "anonymous": 303}


@test
def overview_secretariat_only_no_ranking():
    """R140: the Secretariat's page, per cohort and phase the reviews at
    each step, the deadlines past, a table and an SVG chart, CSV; no other
    role; no ranking of States (para 4 b)."""
    a = S["api"]
    for role in ROLES:
        for path in ("/overview", "/overview.csv"):
            r = a[role].get(path)
            assert r.status == OVERVIEW[role], (role, path, r.status)
    r = a["secretariat"].get("/overview")
    n_reviews = sql("SELECT COUNT(*) FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current'")[0][0]
    print(f"     overview of {n_reviews} reviews: {r.elapsed * 1000:.0f} ms, {len(r.body)} bytes")
    assert '<svg' in r.text and 'id="overview-table"' in r.text and 'id="overdue"' in r.text
    assert 'data-step="questionnaire_in_progress"' in r.text
    # No ranking (para 4 b): no column orders States by anything but their
    # code; the overdue list is by cohort, kind, phase, then code.
    assert not re.search(r"<th[^>]*>[^<]*\brank", r.text, re.I)
    kinds = ["focal_point", "experts", "responses", "observations"]
    rows = [(int(c), kinds.index(k), int(p), st) for c, k, p, st in re.findall(
        r'<tr data-cohort="(\d)" data-kind="([a-z_]+)" data-phase="(\d)" data-state="([A-Z]{3})"',
        r.text)]
    assert rows == sorted(rows), rows[:10]
    # Deadlines past: the cohort's launch moved back for a moment (as if
    # launched in 2020), every State without a focal point is overdue, X
    # (whose focal point is named) is not.
    (started,) = sql("SELECT started_at FROM cohort_phases WHERE cohort = 1 AND phase = 1")[0]
    sql("UPDATE cohort_phases SET started_at = '2020-01-06T00:00:00Z' WHERE cohort = 1 AND phase = 1")
    try:
        r = a["secretariat"].get("/overview")
        csv = a["secretariat"].get("/overview.csv?part=overdue").text
    finally:
        sql("UPDATE cohort_phases SET started_at = ? WHERE cohort = 1 AND phase = 1", started)
    rows = re.findall(r'<tr data-cohort="(\d)" data-kind="([a-z_]+)" data-phase="(\d)" '
                      r'data-state="([A-Z]{3})"', r.text)
    focal = [st for c, k, p, st in rows if k == "focal_point" and c == "1"]
    assert focal and S["x"] not in focal and focal == sorted(focal), focal[:5]
    assert ("1,,focal_point,%s,2020-01-20" % focal[0]) in csv, csv[:300]
    n = int(re.search(r'<tr data-cohort="1"><td>[^<]*</td><td data-kind="focal_point">([0-9,]+)<',
                      r.text).group(1).replace(",", ""))
    assert n == len(focal), (n, len(focal))
    r = a["secretariat"].get("/overview?lang=ar")
    assert 'direction="rtl"' in r.text and 'dir="rtl"' in r.text
    r = a["secretariat"].get("/overview.csv")
    assert r.header("Content-Type").startswith("text/csv")
    lines = r.text.strip().split("\r\n")
    assert lines[0].startswith("cohort,phase,reviews,planned,completed,percent") and len(lines) == 13
    # A deadline past: X's focal point deadline moved back, as if named late.
    r = a["secretariat"].get("/overview.csv?part=overdue")
    assert r.status == 200 and r.text.startswith("cohort,phase,kind,state,due")
    assert a["secretariat"].get("/overview.csv?part=bogus").status == 404
    # Written observations (para 35): a review Z of cohort 1 whose responses
    # were received 200 days ago and on which no reviewer has made any is
    # overdue, in the counts, the list, the chart and the CSV (R140).
    free = [c for (c,) in sql(
        "SELECT p.reviewed FROM review_phase_states p WHERE p.phase = 1 AND p.state = "
        "'not_started' AND p.reviewed NOT IN (SELECT state FROM focal_points) AND NOT EXISTS "
        "(SELECT 1 FROM response_submissions s WHERE s.reviewed = p.reviewed) ORDER BY p.reviewed")]
    assert free, "no review left at not_started"
    z = free[len(free) // 2]
    sql("UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
        "adopted_on = '2026-01-01' WHERE status <> 'adopted'")  # as list.py does
    r = a["secretariat"].send("POST", "/api/v1/reviews/%s/phases/1/questionnaire" % z)
    assert r.status == 200, (r.status, r.text[:200])
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=200))
    sql("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
        "VALUES (?, 1, ?, 'overview-test')", z, at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    r = a["secretariat"].get("/overview?lang=en")
    assert not re.search(r'data-kind="observations" data-phase="1" data-state="%s"' % z, r.text)
    rc, out, err = R["run_cli"]("phase", "move", "--db", R["DB"], "--state", "responses_submitted",
                                "--reviewed", z, "--phase", "1", "--by", "sec@example.org")
    assert rc == 0, (rc, out, err)
    r = a["secretariat"].get("/overview?lang=en")
    assert re.search(r'<tr data-cohort="1" data-kind="observations" data-phase="1" '
                     r'data-state="%s">' % z, r.text), z
    obs = [st for c, k, p, st in re.findall(r'<tr data-cohort="(\d)" data-kind="([a-z_]+)" '
                                            r'data-phase="(\d)" data-state="([A-Z]{3})"', r.text)
           if k == "observations" and c == "1"]
    counts = r.text[r.text.index('id="overdue-counts"'):]  # cohort 1's row comes first
    n = int(re.search(r'<td data-kind="observations">([0-9,]+)<', counts).group(1)
            .replace(",", ""))
    assert n == len(obs) >= 1, (n, obs)
    m = re.search(r'<rect class="od" data-cohort="1" data-kind="observations" data-count="(\d+)"',
                  r.text)
    assert m and int(m.group(1)) == n, m
    assert "Written observations not made" in r.text
    due = (at + datetime.timedelta(days=1)).strftime("%Y")  # the deadline's year at least
    csv = a["secretariat"].get("/overview.csv?part=overdue").text
    line = next((l for l in csv.split("\r\n") if l.startswith("1,1,observations,%s," % z)), None)
    assert line and line.split(",")[4] >= due, (line, csv[:300])


@test
def overview_api_and_list_deadline():
    """R140 (gap10 items 9, 2): GET /api/v1/overview gives the Secretariat
    the page's figures as JSON (every other role refused), the same counts
    as the CSV; the deadlines past include a list of observations not
    agreed by the date agreed in the consultations (para 31), listed by
    cohort, kind, phase and code, never ranked (para 4 b)."""
    a = S["api"]
    want = dict(OVERVIEW, anonymous=401)
    for role in ROLES:
        r = a[role].get("/api/v1/overview")
        assert r.status == want[role], (role, r.status)
    j = a["secretariat"].get("/api/v1/overview").json()
    assert j["available"] is True and len(j["phases"]) == 12, j.keys()
    csv = a["secretariat"].get("/overview.csv").text.strip().split("\r\n")
    head = csv[0].split(",")
    for line, cell in zip(csv[1:], j["phases"]):
        f = dict(zip(head, line.split(",")))
        assert (int(f["cohort"]), int(f["phase"]), int(f["reviews"])) == \
            (cell["cohort"], cell["phase"], cell["reviews"]), (f, cell)
        assert (f["percent"] == "") == (not cell["gate"]["started"]), (f, cell)
        if f["planned"]:
            assert int(f["planned"]) == cell["gate"]["planned"], (f, cell)
        assert sum(cell["steps"].values()) + cell["none"] == cell["reviews"], cell
    keys = [(it["cohort"], it["kind"], it["phase"] or 0, it["state"]) for it in j["overdue"]]
    kinds = ["focal_point", "experts", "responses", "observations", "list"]
    assert keys == sorted(keys, key=lambda k: (k[0], kinds.index(k[1]), k[2], k[3])), keys[:5]
    # The list of X's phase 1 due yesterday (agreed in the consultations).
    x = S["x"]
    state = sql("SELECT state FROM review_phase_states WHERE reviewed = ? AND phase = 1", x)
    assert state and state[0][0] not in ("not_started", "list_agreed", "summary_agreed",
                                         "suspended"), state
    langs = sql("SELECT languages FROM consultations WHERE reviewed = ? ORDER BY id DESC", x)
    langs = langs[0][0] if langs else "en"
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()

    def agree(due):
        r = a["secretariat"].send("POST", "/api/v1/reviews/%s/consultations" % x,
                                  {"phase": 1, "languages": langs, "list_due": due})
        assert r.status == 201, (r.status, r.text[:300])

    def listed():
        j = a["secretariat"].get("/api/v1/overview").json()
        return [it for it in j["overdue"] if it["kind"] == "list" and it["state"] == x], j

    assert not listed()[0]
    agree(yesterday)
    try:
        got, j = listed()
        assert got == [{"cohort": got[0]["cohort"], "phase": 1, "kind": "list", "state": x,
                        "due": yesterday}], got
        assert j["overdue_counts"][got[0]["cohort"] - 1]["overdue"]["list"] >= 1
        r = a["secretariat"].get("/overview?lang=fr")
        assert re.search(r'data-kind="list" data-phase="1" data-state="%s"' % x, r.text)
        assert "Liste d'observations non arrêtée à la date convenue" in html_unescape(r.text)
        csv = a["secretariat"].get("/overview.csv?part=overdue").text
        assert ",1,list,%s,%s" % (x, yesterday) in csv, csv[:300]
    finally:
        agree("")
    assert not listed()[0]


@test
def overview_response_status():
    """R140: per State, questionnaire phase and cohort, responded / late /
    updated / no reply, on the overview (page, CSV, API), counted per
    cohort and phase, listed by cohort, phase and code (no ranking, para
    4 b); the Secretariat only."""
    a = S["api"]
    (z,) = sql("SELECT reviewed FROM response_submissions WHERE submitted_by = 'overview-test'")[0]

    def row():
        j = a["secretariat"].get("/api/v1/overview").json()
        rows = j["responses"]
        keys = [(r["cohort"], r["phase"], r["state"]) for r in rows]
        assert keys == sorted(keys), keys[:5]
        return next(r for r in rows if r["state"] == z and r["phase"] == 1), j

    r, j = row()
    assert r["status"] == "responded" and r["submitted_at"], r
    # Every review with a questionnaire opened is there, each once.
    opened = {(x, p) for x, p in sql("SELECT DISTINCT reviewed, phase FROM "
                                     "response_questionnaires")}
    assert {(x["state"], x["phase"]) for x in j["responses"]} <= opened
    (sub_at,) = sql("SELECT submitted_at FROM response_submissions WHERE reviewed = ?", z)[0]
    late = (datetime.date.fromisoformat(r["deadline"]) + datetime.timedelta(days=1)).isoformat()
    sql("UPDATE response_submissions SET submitted_at = ? WHERE reviewed = ?",
        late + "T10:00:00Z", z)
    try:
        assert row()[0]["status"] == "late"
    finally:
        sql("UPDATE response_submissions SET submitted_at = ? WHERE reviewed = ?", sub_at, z)
    sql("UPDATE response_submissions SET note_at = ? WHERE reviewed = ?", sub_at, z)
    try:
        assert row()[0]["status"] == "updated"
        p = a["secretariat"].get("/overview?lang=en")
        assert re.search(r'<tr data-cohort="\d" data-phase="1" data-state="%s" '
                         r'data-status="updated">' % z, p.text), z
        assert "Responded, then updated" in p.text
        csv = a["secretariat"].get("/overview.csv?part=responses").text
        assert csv.startswith("cohort,phase,state,status,deadline,submitted_at,requests,replied")
        assert re.search(r"\r\n\d,1,%s,updated," % z, csv), csv[:300]
    finally:
        sql("UPDATE response_submissions SET note_at = NULL WHERE reviewed = ?", z)
    assert row()[0]["status"] == "responded"
    counts = a["secretariat"].get("/overview").text
    assert 'id="responses-counts"' in counts and 'data-status="no_reply"' in counts
    for role in ROLES:
        if role != "secretariat":
            assert a[role].get("/overview.csv?part=responses").status in (303, 403), role


def html_unescape(t):
    import html
    return html.unescape(t)
def published_key():
    """The Secretariat's signing key as published, with no login."""
    r = Api(None).get("/api/v1/signing-key")
    assert r.status == 200, (r.status, r.text[:200])
    return r.json()["public_key"]


# ---- backup carries the summary signing key ----

def mode(p):
    return stat.S_IMODE(os.stat(p).st_mode)


@test
def backup_carries_summary_signing_key():
    """`revmech backup` copies <db>.sign beside the copy (OUT.sign, 0600)
    and `revmech restore` puts it back: a summary signed after a restore is
    signed by the same key as before."""
    if R.get("PG"):
        return  # file backups are SQLite's; PostgreSQL uses pg_dump
    db, tmp = R["DB"], R["TMP"]
    assert os.path.exists(db + ".sign") and mode(db + ".sign") == 0o600, "serve made it"
    key = open(db + ".sign", "rb").read()
    out = os.path.join(tmp, "sign-backup.db")
    rc, so, se = R["run_cli"]("backup", "--db", db, out)
    assert rc == 0 and ".sign" in so, (rc, so, se)
    assert open(out + ".sign", "rb").read() == key and mode(out + ".sign") == 0o600
    d = os.path.join(tmp, "sign-restored")
    os.mkdir(d)
    fresh = os.path.join(d, "r.db")
    rc, so, se = R["run_cli"]("restore", "--db", fresh, out)
    assert rc == 0, (rc, so, se)
    assert open(fresh + ".sign", "rb").read() == key and mode(fresh + ".sign") == 0o600
    # The restored database and its key sign as before: same public key.
    pdf = os.path.join(d, "s.pdf")
    rc, so, se = R["run_cli"]("summary", "render", "--db", fresh, "--state", S["x"], "--phase",
                              "1", "--lang", "zh", "--out", pdf)
    assert rc == 0, (rc, so, se)
    orig = os.path.join(R["TMP"], "summary-zh.pdf")
    rc1, so1, _ = R["run_cli"]("summary", "verify", pdf, "--public-key", published_key())
    rc2, so2, _ = R["run_cli"]("summary", "verify", orig, "--public-key", published_key())
    k1 = re.search(r"key\W+([0-9a-f]{64})", so1)
    k2 = re.search(r"key\W+([0-9a-f]{64})", so2)
    assert rc1 == 0 and rc2 == 0 and k1 and k2 and k1.group(1) == k2.group(1), (so1, so2)
    shutil.rmtree(d)


@test
def disclosure_and_summary_domain_errors_in_the_page_language():
    """Issues 9 and 10 (paras 37-41, R98-R103, R145): a refused disclosure
    choice or summary step says the domain's reason in the page's language
    (util/msg.h, pages_derr); the API keeps its English; nothing is
    recorded."""
    import html
    a = S["api"]
    fp, sec = a["fp"], a["secretariat"]
    n = sql("SELECT COUNT(*) FROM disclosures")[0][0]
    r = fp.form(f"/country/{S['x']}/disclosures?lang=fr",
                {"what": "dialogue", "choice": "bogus", "phase": "1", "instrument": ""})
    text = html.unescape(r.text)
    assert r.status == 400 and 'lang="fr"' in r.text, (r.status, text[-600:])
    assert "Le choix doit être states, public, portal ou withdraw." in text, text[-1500:]
    assert "choice must be" not in text
    r = fp.form(f"/country/{S['x']}/disclosures?lang=zh",
                {"what": "responses", "choice": "states", "phase": "1", "instrument": ""})
    assert r.status == 400 and "已提交的答复已向所有缔约国开放（第40段）" in html.unescape(r.text), \
        html.unescape(r.text)[-800:]
    r = fp.send("POST", dbase(), {"what": "dialogue", "choice": "bogus"})
    assert r.status == 400 and r.json()["message"] == \
        "choice must be states, public, portal or withdraw", r.text
    assert sql("SELECT COUNT(*) FROM disclosures")[0][0] == n
    # The drafting language has no translation status: said in French,
    # with the language's code, and the statuses stay as they were.
    before = sql("SELECT lang, status FROM summary_langs ORDER BY summary_id, lang")
    r = sec.form(page() + "/ar?lang=fr", {"action": "status", "status": "requested"})
    text = html.unescape(r.text)
    assert r.status == 409, (r.status, text[-600:])
    assert "(ar est la langue de rédaction : rien à traduire.)" in text, text[-1500:]
    assert sql("SELECT lang, status FROM summary_langs ORDER BY summary_id, lang") == before
    for who in (fp, sec):
        who.get("/account?lang=en")


@test
def summary_agreements_archived():
    """R94, R111 (issue 10): every agreement to a summary, once made, is a
    record of the archive (kind agreement, the review's agreements thread),
    appended in the agreement's transaction, so that an inclusion proof
    covers it and no update or delete path exists."""
    n = sql("SELECT COUNT(*) FROM summary_agreements a JOIN summaries m ON m.id = a.summary_id "
            "WHERE m.reviewed = ?", S["x"])[0][0]
    assert n >= 1 + len(S["reviewers"]), n
    rows = sql("SELECT a.archive_seq, a.by_whom, r.author, r.kind, r.instrument FROM "
               "summary_agreements a JOIN summaries m ON m.id = a.summary_id LEFT JOIN "
               "archive_records r ON r.seq = a.archive_seq WHERE m.reviewed = ?", S["x"])
    assert len(rows) == n and len({r[0] for r in rows}) == n, rows
    assert all(r[3] == "agreement" and r[1] == r[2] and r[4] == "obs_list" for r in rows), rows
    seq = rows[-1][0]
    r = S["api"]["fp"].get("/api/v1/archive/records/%d/proof" % seq)
    assert r.status == 200, (r.status, r.text[:200])
    # The dialogue does not list the agreements' thread.
    j = S["api"]["fp"].get("/api/v1/reviews/%s/phases/1/messages" % S["x"])
    assert j.status == 200 and "obs_list" not in j.text, j.text[:300]


@test
def summary_pdf_names_archive_head_and_agreements():
    """R110, R111 (issue 10): the signed PDF carries the archive hashes it
    rests on: the tree size and root of the signed head right after the
    last agreement to the agreed text was archived, and the leaf hash of
    each party's archived agreement; `revmech summary verify` prints them
    and each checks against the archive with an inclusion proof."""
    a = S["api"]
    r = a["rev_fp"].get(base() + "/ar/pdf")
    assert r.status == 200 and r.header("X-Revmech-Signed") == "yes", r.status
    p = os.path.join(R["TMP"], "summary-archive.pdf")
    with open(p, "wb") as f:
        f.write(r.body)
    rc, so, se = R["run_cli"]("summary", "verify", p, "--public-key", published_key())
    assert rc == 0, (rc, so, se)
    head = re.search(r"^archive head: tree size (\d+), root ([0-9a-f]{64})$", so, re.M)
    leaves = re.findall(r"^archive record (\d+): leaf hash ([0-9a-f]{64})$", so, re.M)
    assert head and leaves, so
    size, root = int(head.group(1)), head.group(2)
    want = sql("SELECT a.archive_seq FROM summary_agreements a JOIN summaries m ON "
               "m.id = a.summary_id WHERE m.reviewed = ? AND a.version = (SELECT MAX(version) "
               "FROM summary_agreements b WHERE b.summary_id = m.id) ORDER BY a.archive_seq",
               S["x"])
    assert [int(i) for i, _ in leaves] == [w for (w,) in want], (leaves, want)
    assert size == max(w for (w,) in want) + 1, (size, want)
    assert len(leaves) == 1 + len(S["reviewers"]), leaves
    for rid, leaf in leaves:
        j = a["fp"].get("/api/v1/archive/records/%s/proof?size=%d" % (rid, size)).json()
        assert j["leaf_hash"] == leaf and j["root_hash"] == root and j["kind"] == "agreement", j
    # The signed document itself names them (altering it breaks the signature,
    # tested by summary_pdf_and_html_signed_arabic_chinese).
    assert ("head:%d:%s" % (size, root)) in so, so
