"""Appendix B18 over HTTP, disc3 (issue 10; paras 37, 40, 41; R99-R103;
probe s8 F14, F15, F5, F6, F1, F16): the documents of the answers opened to
other States parties only by the reviewed State's choice (para 40, B18
"Supplementary documentation"); a choice opens what existed when it was
made, not later messages (and the dialogue page says a thread has
disclosed items); a withdrawal ends every choice within its scope, and one
that ends nothing is refused with nothing written; the disclosure form and
the Secretariat's Publish have a confirmation step that writes nothing.

Runs on the scenario of b18.py (registered after b18_undo by
tests/http/run.py).  Tables role x artefact, pages and API, per stage;
cells as b18.py's (V: 200 and the artefact in it, H: 200 without it, else
the status)."""
import time

import b18 as B
import b18_disc as D
from b18 import S, base, sql

TESTS = []
R = {}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    R.update(g)
    for fn in TESTS:
        g["test"](fn)


ROLES = ["rfp", "vfp0", "oth", "sec", "ngo", "anon"]
EARLY = "Message disc3 ecrit avant le choix"
LATER = "Message disc3 ecrit apres le choix"
LATER2 = "Message disc3 ecrit apres le choix de la phase"
OBS_LATER = "Observation disc3 faite apres le choix"


def disclosed():
    return "/reviews/%s/disclosed" % S["X"]


def dlgpage():
    return "/reviews/%s/phases/1/dialogue" % S["X"]


ARTS = {
    # A document of X's answers (b18_setup), submitted.
    "doc":     {"page": (lambda: disclosed() + "/documents/" + S["doc"], None),
                "api": (lambda: "/api/v1/attachments/" + S["doc"], None)},
    # A message of the Convention's thread written before the choice, and one after.
    "early":   {"page": (disclosed, lambda: EARLY),
                "api": (lambda: base() + "/messages?instrument=untoc", lambda: EARLY)},
    "later":   {"page": (disclosed, lambda: LATER),
                "api": (lambda: base() + "/messages?instrument=untoc", lambda: LATER)},
    "laterdlg": {"page": (dlgpage, lambda: LATER)},
    "later2":  {"page": (disclosed, lambda: LATER2),
                "api": (lambda: base() + "/messages?instrument=untoc", lambda: LATER2)},
    # The dialogue page's notice to the thread's writers and readers.
    "notice":  {"page": (dlgpage, lambda: 'id="disclosed-untoc"')},
}

# artefact via  stage      rfp vfp0 oth sec ngo anon
TABLE = """
doc      page none       200 200 403 200 403 403
doc      api  none       200 200 403 200 403 401
doc      page docstates  200 200 200 200 403 403
doc      api  docstates  200 200 200 200 403 401
doc      page docpublic  200 200 200 200 200 200
doc      page withdrawn  200 200 403 200 403 403
doc      api  withdrawn  200 200 403 200 403 401
early    page none       H   H   H   H   H   H
notice   page none       H   H   403 H   403 303
early    page thread     V   V   V   V   V   V
early    api  thread     V   V   V   V   V   401
later    page thread     V   V   H   V   H   H
later    api  thread     V   V   H   V   H   401
laterdlg page thread     V   V   H   V   H   303
notice   page thread     V   V   V   V   V   303
early    page scope      V   V   V   V   V   V
later    page scope      V   V   V   V   V   V
later2   page scope      V   V   H   V   H   H
later2   api  scope      V   V   H   V   H   401
notice   page scope      V   V   V   V   V   303
later2   page again      V   V   V   V   V   V
early    page withdrawn  H   H   H   H   H   H
later    page withdrawn  H   H   H   H   H   H
later2   page withdrawn  H   H   H   H   H   H
notice   page withdrawn  H   H   403 H   403 303
"""


def check(stage):
    bad, n = [], 0
    for line in TABLE.strip().splitlines():
        f = line.split()
        art, via, when = f[:3]
        if when != stage:
            continue
        path, marker = ARTS[art][via]
        for role, want in zip(ROLES, f[3:]):
            n += 1
            r = S["who"][role].get(path())
            if want in ("V", "H"):
                ok = r.status == 200 and (marker() in r.text) == (want == "V")
            else:
                ok = r.status == int(want)
            if not ok:
                bad.append((art, via, stage, role, want, r.status, r.text[:160]))
    print(f"b18_disc3 {stage}: {n} cells, {len(bad)} failed")
    return bad


def count():
    return sql("SELECT COUNT(*) FROM disclosures WHERE reviewed = ?", S["X"])[0][0]


def page_post(fields, who="rfp", path=None):
    form = {"phase": "0", "instrument": "", "item": "", "note": ""}
    form.update(fields)
    path = path or "/country/%s/disclosures?lang=en" % S["X"]
    return S["who"][who].write("POST", path, form, None)


def next_second():
    """The rule's resolution is one second (docs/disclosure.md): material
    of the very second of a choice counts as existing."""
    time.sleep(1.1)


@test
def b18_disc3_documents_and_later_messages():
    """F14 (para 40, B18): the documents of the answers are another State
    party's only once X opens them (documents/states), public once
    disclosed, closed again when withdrawn; the reviewers and the
    Secretariat read them throughout.  F15: a thread (or the dialogue of a
    phase and instrument) disclosed publicly opens the messages archived
    when X chose, not later ones, which need a new choice; the dialogue
    page says the thread has disclosed items.  F5: withdrawing the
    dialogue of every phase ends the thread's and the scope's choices."""
    w = S["who"]
    bad = check("none")
    D.choose({"what": "documents", "phase": 1, "choice": "states"})
    bad += check("docstates")
    D.choose({"what": "documents", "phase": 1, "choice": "public"})
    bad += check("docpublic")
    # F5: "every phase" ends the phase-1 choice.
    D.choose({"what": "documents", "phase": 0, "choice": "withdraw"})
    bad += check("withdrawn")
    # F15: one thread, then later messages.
    D.post_message(EARLY)
    next_second()
    t1 = D.thread_of("untoc")
    D.choose({"what": "dialogue", "item": t1, "choice": "public"})
    next_second()
    r = w["vfp0"].write("POST", base() + "/messages", {"instrument": "untoc", "kind": "message",
                                                      "title": "Objet disc3", "text": LATER},
                        None)
    assert r.status == 201, (r.status, r.text[:300])
    bad += check("thread")
    # The dialogue of phase 1 and the Convention as a whole: the same rule.
    # Chosen after the later message: it opens it; not the next one.
    D.choose({"what": "dialogue", "phase": 1, "instrument": "untoc", "choice": "public"})
    D.choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    next_second()
    r = w["vfp0"].write("POST", base() + "/messages", {"instrument": "untoc", "kind": "message",
                                                      "title": "Objet disc3", "text": LATER2},
                        None)
    assert r.status == 201, (r.status, r.text[:300])
    # The written observations: the one made before the choice opens with
    # the dialogue of the phase and instrument, a later one does not.
    r = w["vfp0"].write("POST", base() + "/observations",
                        {"question": S["q"], "type": "comment", "text": OBS_LATER}, None)
    assert r.status == 201, (r.status, r.text[:300])
    for who, want in (("oth", False), ("ngo", False), ("vfp0", True), ("rfp", True),
                      ("sec", True)):
        r = w[who].get(base() + "/observations?instrument=untoc")
        assert r.status == 200 and (OBS_LATER in r.text) == want, (who, r.status, r.text[:300])
        assert D.OBS_TEXT in r.text if hasattr(D, "OBS_TEXT") else True
    bad += check("scope")
    # The State chooses again, having seen the later message.
    next_second()
    D.choose({"what": "dialogue", "item": t1, "choice": "public"})
    bad += check("again")
    # F5: one withdrawal of the dialogue of every phase ends both.
    D.choose({"what": "dialogue", "phase": 0, "choice": "withdraw"})
    bad += check("withdrawn")
    assert not bad, "\n".join(map(str, bad))


@test
def b18_disc3_withdraw_nothing_refused():
    """F6: a withdrawal that ends no choice in force (never chosen, or
    withdrawn already) is refused, page 409 with the reason in the page's
    language, API refused, nothing written; who may not decide gets 403
    before any judgement."""
    w, x = S["who"], S["X"]
    n = count()
    cases = [{"what": "responses", "phase": 1, "item": S["q"], "choice": "withdraw"},
             {"what": "dialogue", "phase": 0, "choice": "withdraw"},
             {"what": "documents", "item": S["doc"], "choice": "withdraw"},
             {"what": "documents", "phase": 0, "choice": "withdraw"}]
    for body in cases:
        r = w["rfp"].write("POST", "/api/v1/reviews/%s/disclosures" % x, body, None)
        j = r.json()
        assert r.status == 409 and j["error"] == "nothing_to_withdraw" and \
            "nothing to withdraw" in j["message"], \
            (body, r.status, r.text[:300])
        form = {k: str(v) for k, v in body.items()}
        for confirm in ("", "1"):
            r = page_post(dict(form, confirm=confirm))
            assert r.status == 409 and "nothing to withdraw" in r.text, \
                (body, confirm, r.status, r.text[:300])
    r = page_post({"what": "dialogue", "choice": "withdraw"}, path="/country/%s/disclosures"
                  "?lang=fr" % x)
    assert r.status == 409 and "rien à retirer" in r.text, (r.status, r.text[:300])
    for who in ("oth", "sec", "ngo", "vfp0"):
        r = page_post({"what": "dialogue", "choice": "withdraw", "confirm": "1"}, who=who)
        assert r.status == 403, (who, r.status)
    assert count() == n


@test
def b18_disc3_confirmation_steps():
    """F1, F16: the focal point's form and the Secretariat's Publish answer
    a confirmation page first (what, to whom; a withdrawal: how many
    choices it ends), which writes nothing; confirm=1 writes.  Refusals
    are said at the first step.  Six languages."""
    w, x = S["who"], S["X"]
    n = count()
    r = page_post({"what": "dialogue", "phase": "1", "instrument": "untoc", "choice": "public"})
    assert r.status == 200 and 'id="confirm-form"' in r.text and \
        'name="confirm" value="1"' in r.text and "without signing in" in r.text, \
        (r.status, r.text[:300])
    assert count() == n, "the confirmation page writes nothing"
    anon = w["anon"].get(disclosed())
    assert EARLY not in anon.text
    for lang, word in (("fr", "Confirmer le choix"), ("ar", "تأكيد الاختيار"),
                       ("zh", "确认选择"), ("ru", "Подтвердить выбор"),
                       ("es", "Confirmar la elección")):
        r = page_post({"what": "dialogue", "phase": "1", "choice": "states"},
                      path="/country/%s/disclosures?lang=%s" % (x, lang))
        assert r.status == 200 and word in r.text, (lang, r.status, r.text[:300])
    r = page_post({"what": "dialogue", "phase": "9", "choice": "public"})
    assert r.status == 400 and "phase" in r.text, r.status
    r = page_post({"what": "dialogue", "phase": "1", "instrument": "untoc", "choice": "public",
                   "confirm": "1"})
    assert r.status == 303 and "saved=1" in (r.header("Location") or ""), r.status
    assert count() == n + 1
    assert EARLY in w["anon"].get(disclosed()).text
    # The withdrawal's confirmation says how many choices it ends.
    r = page_post({"what": "dialogue", "choice": "withdraw"})
    assert r.status == 200 and 'data-ends="1"' in r.text, r.text[:300]
    assert count() == n + 1
    r = page_post({"what": "dialogue", "choice": "withdraw", "confirm": "1"})
    assert r.status == 303, r.status
    assert EARLY not in w["anon"].get(disclosed()).text
    # F16: the Secretariat's Publish.
    req = D.choose({"what": "responses", "phase": 1, "choice": "portal"})
    npub = sql("SELECT COUNT(*) FROM portal_publications")[0][0]
    path = "/country/%s/disclosures/publications?lang=en" % x
    r = w["sec"].write("POST", path, {"request": str(req), "item": S["q"], "note": ""}, None)
    assert r.status == 200 and 'id="confirm-form"' in r.text and S["q"] in r.text, r.status
    assert sql("SELECT COUNT(*) FROM portal_publications")[0][0] == npub
    assert B.DRAFT_TEXT not in w["anon"].get(disclosed()).text
    r = w["sec"].write("POST", path, {"request": str(req), "item": S["q"], "note": "",
                                      "confirm": "1"}, None)
    assert r.status == 303, r.status
    assert sql("SELECT COUNT(*) FROM portal_publications")[0][0] == npub + 1
    assert B.DRAFT_TEXT in w["anon"].get(disclosed()).text
    r = w["rfp"].write("POST", path, {"request": str(req), "item": ""}, None)
    assert r.status == 403, r.status
    D.choose({"what": "responses", "phase": 1, "choice": "withdraw"})
    assert B.DRAFT_TEXT not in w["anon"].get(disclosed()).text
