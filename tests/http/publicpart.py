"""The public part of a country review over HTTP (issue 10; paras 37, 41;
R98, R101, R211; probe session 8 F3, F4, F7, F13, F17, F20, F22).

Runs on the scenario of b18.py after b18_undo.py (X's phase 1 submitted,
its dialogue with a document sent with a message, d1, and the summary
official in English): registered by tests/http/run.py after b18_undo, so
`run.py b18_setup b18_table_before_submission b18_table_after_submission
b18_issue10_tables b18_disc_items_and_portal b18_disc_item_errors
b18_disc_progress_reports_public b18_disc_message_items b18_undo_portal
b18_undo_portal_refusals b18_undo_report b18_undo_report_refusals
public_dialogue_documents public_answers_as_text public_audience_marks
public_no_address public_codes_and_login` runs the chain.

Tables role x artefact (V: 200 and the artefact in it, H: 200 without it,
else the status).  Roles: X's named focal point (rfp), a reviewing State's
focal point (vfp0), another State party's focal point (oth), the
Secretariat (sec), a stakeholder (ngo), anonymous (anon)."""
import re

import b18 as B
import b18_disc as D
from b18 import S, base, sql

TESTS = []
ROLES = ["rfp", "vfp0", "oth", "sec", "ngo", "anon"]


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    for fn in TESTS:
        g["test"](fn)


def po(lang):
    """msgid -> msgstr of po/LANG.po (one-line entries, as the catalogue
    writes the interface's)."""
    out, mid = {}, None
    for line in open("po/%s.po" % lang, encoding="utf-8"):
        m = re.match(r'^msgid "(.*)"$', line)
        if m:
            mid = m.group(1)
            continue
        m = re.match(r'^msgstr "(.*)"$', line)
        if m and mid is not None:
            out[mid.replace('\\"', '"')] = m.group(1).replace('\\"', '"')
            mid = None
    return out


def h(s):
    """s as the pages write it (buf_put_html)."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def disclosed(q=""):
    return "/reviews/%s/disclosed%s" % (S["X"], q)


def dlgdoc():
    return "/reviews/%s/disclosed/dialogue/%s" % (S["X"], S["d1"])


def untoc_questions():
    q = S["who"]["rfp"].get(base() + "/questionnaire").json()
    untoc = next(t for t in q["questionnaires"] if t["instrument"] == "untoc")
    return [qq for s in untoc["sections"] if s["applies"] for qq in s["questions"]]


def first_of(qs, kind):
    return next(qq for qq in qs if qq["type"] == kind and not qq.get("show_if"))


def questions_shown(text):
    return set(re.findall(r'<tr data-question="([^"]+)"', text))


def marked(text, audience):
    """The questions of the rows marked with audience."""
    out = set()
    for row in re.findall(r'<tr data-question="[^"]+".*?</tr>', text, re.S):
        if 'data-audience="%s"' % audience in row:
            out.add(re.match(r'<tr data-question="([^"]+)"', row).group(1))
    return out


# F3: a document of a thread disclosed publicly, per stage.
# artefact  stage      rfp vfp0 oth sec ngo anon
DLG_TABLE = """
dlgdoc     public     V   V    V   V   V   V
dlgdoc     withdrawn  V   V    404 V   404 404
message    public     404 404  404 404 404 404
otherstate public     404 404  404 404 404 404
"""


def dlg_check(stage):
    bad, n = [], 0
    paths = {"dlgdoc": dlgdoc,
             "message": lambda: "/reviews/%s/disclosed/dialogue/%s" % (S["X"], S["m1"]),
             "otherstate": lambda: "/reviews/%s/disclosed/dialogue/%s" % (S["other"], S["d1"])}
    for line in DLG_TABLE.strip().splitlines():
        f = line.split()
        if f[1] != stage:
            continue
        for role, want in zip(ROLES, f[2:]):
            n += 1
            r = S["who"][role].get(paths[f[0]]())
            if want == "V":
                ok = r.status == 200 and r.body == B.PDF and \
                    "attachment" in (r.header("Content-Disposition") or "")
            else:
                ok = r.status == int(want)
            if not ok:
                bad.append((f[0], stage, role, want, r.status, r.text[:160]))
    print(f"public dialogue {stage}: {n} cells, {len(bad)} failed")
    return bad


@test
def public_dialogue_documents():
    """F3 (para 41: a thread is disclosed with its messages, documents and
    records of calls): a publicly disclosed thread's document is a link on
    the public part and downloads for anyone, as access/ decides through
    dialogue/ (audited); withdrawn, only the participants read it; a
    message id or another State's path is no document there."""
    w = S["who"]
    t1 = D.thread_of("untoc")
    D.choose({"what": "dialogue", "item": t1, "choice": "public"})
    r = w["anon"].get(disclosed())
    assert r.status == 200, r.status
    link = 'href="%s"' % dlgdoc()
    assert link in r.text and D.DOC_ALONE in r.text, r.text[:600]
    bad = dlg_check("public")
    # The read is audited as a read of the dialogue's record (archive_read).
    def reads():
        return [ln for ln in B.R["audit_lines"]()
                if "read.archive" in ln and "archive %s" % S["d1"] in ln]
    n0 = len(reads())
    # t-fix item 1 (R97): a public item is no longer confidential: its
    # anonymous reads are audited in aggregate, one entry per item and day
    # (dlg_check's anonymous download made today's); a signed-in reader's
    # download keeps its own entry, with who.
    assert w["anon"].get(dlgdoc()).status == 200
    assert len(reads()) == n0, "an anonymous read of a public item audited twice in a day"
    assert w["oth"].get(dlgdoc()).status == 200
    assert len(reads()) == n0 + 1, "the signed-in download is audited"
    assert S["mail"]["oth"] in reads()[-1], reads()[-1]
    assert any("public, anonymous readers: the first read of" in ln for ln in reads()), reads()
    # 50 anonymous views of the public part write no 50 x N entries: at
    # most one per public item (none here: each was read today already).
    def anon_reads():
        return sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive' AND "
                   "actor = '-'")[0][0]
    items = len(re.findall(r'data-item="\d+"', w["anon"].get(disclosed()).text))
    assert items >= 2, items
    a0 = anon_reads()
    for _ in range(50):
        assert w["anon"].get(disclosed()).status == 200
    assert anon_reads() - a0 <= items, (anon_reads() - a0, items)
    # A signed-in visitor's view still writes one entry per item it reads.
    def own_reads():
        return sql("SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive' AND "
                   "actor = ?", S["mail"]["oth"])[0][0]
    o0 = own_reads()
    assert w["oth"].get(disclosed()).status == 200
    assert own_reads() - o0 == items, (own_reads() - o0, items)
    # Viewing the page as the public, it is still audited as itself.
    o0 = own_reads()
    assert w["oth"].get(disclosed("?as=public")).status == 200
    assert own_reads() - o0 == items, (own_reads() - o0, items)
    D.choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    assert link not in w["anon"].get(disclosed()).text
    bad += dlg_check("withdrawn")
    assert not bad, bad


@test
def public_answers_as_text():
    """F7, F4: a disclosed answer under its question's text (from the
    questionnaire definition, in the page language), a choice by its
    label, lists as lists (a citation and its link, a need and its
    priority), a document not disclosed named as such, never stored JSON;
    the dialogue's instrument by its name in the page language."""
    qs = untoc_questions()
    yq, tq, lq = (first_of(qs, k) for k in ("yes_no_partly", "ta_needs", "legislation_refs"))
    S["pub_items"] = [yq["id"], tq["id"], lq["id"], S["aq"], S["q"]]
    for q in S["pub_items"]:
        D.choose({"what": "responses", "phase": 1, "item": q, "choice": "public"})
    D.choose({"what": "dialogue", "item": D.thread_of("untoc"), "choice": "public"})
    bad = []
    for lang in ("ar", "zh", "en", "fr", "ru", "es"):
        cat = {k: h(v) for k, v in po(lang).items()}
        r = S["who"]["anon"].get(disclosed("?lang=" + lang))
        assert r.status == 200, (lang, r.status)
        t = r.text
        rows = {m.group(1): m.group(0) for m in
                re.finditer(r'<tr data-question="([^"]+)".*?</tr>', t, re.S)}
        checks = {
            "shown": set(S["pub_items"]) <= set(rows),
            "question text": all(h(q["text"].get(lang) or q["text"]["en"]) in rows.get(q["id"], "")
                                 for q in (yq, tq, lq)),
            "choice label": ">%s<" % cat["Partly"] in rows.get(yq["id"], "") and
                            ">partly<" not in rows.get(yq["id"], ""),
            "need": "Formation des magistrats (%s)" % cat["Medium priority"]
                    in rows.get(tq["id"], ""),
            "citation": 'href="https://example.org/code"' in rows.get(lq["id"], "") and
                        h("Code pénal, art. 1") in rows.get(lq["id"], ""),
            "document": cat["A document that is not disclosed"] in rows.get(S["aq"], ""),
            "no JSON": "<code>" not in t and '"priority"' not in t and "[{" not in t,
            "instrument": cat["Organized Crime Convention"] in t and
                          "&middot; untoc</h2>" not in t,
        }
        bad += [(lang, k) for k, ok in checks.items() if not ok]
    print(f"public answers: 6 languages x 8 checks, {len(bad)} failed")
    assert not bad, bad


# F22: who sees which rows, and how they are marked.
@test
def public_audience_marks():
    """F22: each item on "Disclosed by the reviewed State" is marked with
    its audience; the rows marked public are exactly what an anonymous
    visitor sees, for every signed-in role; "view as the public" shows a
    signed-in user the anonymous page's rows, none marked otherwise."""
    w = S["who"]
    anon = w["anon"].get(disclosed()).text
    public = questions_shown(anon)
    assert set(S["pub_items"]) <= public, public
    assert marked(anon, "public") == public and not marked(anon, "states") and \
        not marked(anon, "participants")
    bad = []
    for role in ROLES:
        t = w[role].get(disclosed()).text
        shown = questions_shown(t)
        if marked(t, "public") != public:
            bad.append((role, "marked public", sorted(marked(t, "public") ^ public)[:5]))
        # Each row carries one mark.
        if marked(t, "public") | marked(t, "states") | marked(t, "participants") != shown:
            bad.append((role, "unmarked rows"))
        v = w[role].get(disclosed("?as=public"))
        if v.status != 200 or questions_shown(v.text) != public or marked(v.text, "states"):
            bad.append((role, "as public", v.status))
        if role != "anon" and 'href="%s"' % disclosed("?as=public") not in t:
            bad.append((role, "no switch"))
    # The participants and the other States parties read more than the
    # public (submitted answers, para 40): marked "all States parties".
    for role in ("rfp", "vfp0", "oth", "sec"):
        t = w[role].get(disclosed()).text
        if not marked(t, "states") or marked(t, "states") & public:
            bad.append((role, "States parties' rows"))
    assert questions_shown(w["ngo"].get(disclosed()).text) == public
    print(f"public audience: {len(ROLES)} roles, {len(bad)} failed")
    assert not bad, bad


def address_paths():
    yq = S["pub_items"][0]
    return {
        "disclosed page": disclosed(),
        "disclosed page fr": disclosed("?lang=fr"),
        "summary api en": base() + "/summary/en",
        "summary page en": "/reviews/%s/phases/1/summary/en" % S["X"],
        "progress reports": "/api/v1/reviews/%s/progress-reports" % S["X"],
        "answer api": base() + "/responses/" + yq,
        "free-text answer api": base() + "/responses/" + S["q"],
        "responses api": base() + "/responses",
        "consultations api": base() + "/consultations",
        "attachments answer api": base() + "/responses/" + S["aq"],
        "compare api": base() + "/responses/" + S["q"] + "/compare",
        "messages api": base() + "/messages?instrument=untoc",
        "observations api": base() + "/observations?instrument=untoc",
        "disclosures api": "/api/v1/reviews/%s/disclosures" % S["X"],
        "review page": "/reviews/%s" % S["X"],
        "programme": "/programme",
        "directory api": "/api/v1/directory",
        # F13 (t-fix item 3): the dialogue page too names the authors of a
        # thread disclosed publicly by State, as the API does.
        "dialogue page": "/reviews/%s/phases/1/dialogue" % S["X"],
    }


@test
def public_no_address():
    """F17 (C44; docs/disclosure.md "no e-mail address"): no response of
    the public part carries a personal address to anyone outside the
    review's participants and the Secretariat: the summary's parties by
    State, an answer's saved_by the reviewed State; the participants keep
    the addresses (the control that the check can fail)."""
    w, bad, n = S["who"], [], 0
    statuses = {}
    for role in ("anon", "ngo", "oth"):
        for name, path in address_paths().items():
            # The directory shows people to States parties' people by
            # design (C44): not a public response for a State party.
            if name == "directory api" and role == "oth":
                continue
            r = w[role].get(path)
            statuses.setdefault(name, []).append(r.status)
            n += 1
            # The reader's own address (the page header's "who") is not
            # another person's.
            text = r.text.replace(S["mail"].get(role, "\0"), "")
            if r.status == 200 and "@" in text:
                i = text.index("@")
                bad.append((role, name, text[max(0, i - 60):i + 20]))
    j = w["anon"].get(base() + "/summary/en")
    assert j.status == 200, j.status
    parties = j.json()["parties"]
    assert parties and all(p.get("agreed_by") in (None, p["state"]) for p in parties), parties
    a = w["ngo"].get(base() + "/responses/" + S["pub_items"][0])
    assert a.status == 200 and a.json()["current"]["saved_by"] == S["X"], a.text[:300]
    # A dialogue disclosed publicly names its authors by State (or role).
    m = w["ngo"].get(base() + "/messages?instrument=untoc")
    assert m.status == 200, m.status
    authors = {i.get("author") for th in m.json()["threads"] for i in th.get("items", [])}
    assert authors and authors <= {S["X"], "secretariat"} | set(S["regular"]) | {S["sup"]}, \
        authors
    # The participants and the Secretariat: the addresses as before.
    for role in ("rfp", "vfp0", "sec"):
        j = w[role].get(base() + "/summary/en").json()
        if not any("@" in (p.get("agreed_by") or "") for p in j["parties"]):
            bad.append((role, "participant without the addresses"))
        a = w[role].get(base() + "/responses/" + S["pub_items"][0]).json()
        if "@" not in a["current"]["saved_by"]:
            bad.append((role, "participant without saved_by"))
    print(f"public addresses: {n} public responses, {len(bad)} failed; statuses "
          f"(anon, ngo, oth): {statuses}")
    assert not bad, bad


@test
def public_codes_and_login():
    """F13: a State code in lower case is the upper-case page (303), not
    "no review"; F20: a visitor not signed in following a link to a draft
    summary is sent to the login with the way back (rm_next), a signed-in
    reader without the right is refused (403)."""
    w, x = S["who"], S["X"]
    lx = x.lower()
    cases = [("/reviews/%s/disclosed" % lx, "/reviews/%s/disclosed" % x),
             ("/reviews/%s/disclosed?as=public" % lx, "/reviews/%s/disclosed?as=public" % x),
             ("/reviews/%s/disclosed/documents/%s" % (lx, S["doc"]),
              "/reviews/%s/disclosed/documents/%s" % (x, S["doc"])),
             ("/reviews/%s/disclosed/dialogue/%s" % (lx, S["d1"]),
              "/reviews/%s/disclosed/dialogue/%s" % (x, S["d1"]))]
    bad = []
    for path, loc in cases:
        r = w["anon"].get(path)
        if r.status != 303 or not (r.header("Location") or "").endswith(loc):
            bad.append((path, r.status, r.header("Location")))
    assert w["anon"].get("/reviews/zzz/disclosed").status in (303, 404)
    draft = "/reviews/%s/phases/1/summary/fr" % x
    r = w["anon"].get(draft)
    if r.status != 303 or "/login" not in (r.header("Location") or "") or \
            not any(c.startswith("rm_next=") and "summary" in c for c in r.cookies()):
        bad.append(("draft anon", r.status, r.header("Location"), r.cookies()))
    r = w["anon"].get(draft + "/pdf")
    if r.status != 303 or "/login" not in (r.header("Location") or ""):
        bad.append(("draft pdf anon", r.status))
    if w["ngo"].get(draft).status != 403:
        bad.append(("draft ngo", "not 403"))
    # The official English version stays public.
    if w["anon"].get("/reviews/%s/phases/1/summary/en" % x).status != 200:
        bad.append(("official anon", "not 200"))
    print(f"public codes and login: {len(cases) + 5} cases, {len(bad)} failed")
    assert not bad, bad


def shown_ids(text, pattern):
    return set(int(x) for x in re.findall(pattern, text))


@test
def public_dialogue_pages_agree():
    """F13 (t-fix item 3): every page that lists the dialogue shows a reader
    outside the review what access/ lets it read, as the public part
    (/reviews/{state}/disclosed) does: anonymous, no public page carries the
    title of an item that is not public; another State party's focal point
    and a stakeholder see on the dialogue page exactly the items the public
    part shows them, authors by State, and a document disclosed alone
    without the message it was sent with (neither its number on the page
    nor in the API).  Runs after public_no_address, with X's Convention
    thread disclosed publicly; puts that choice back at the end."""
    w, x = S["who"], S["X"]
    t1 = D.thread_of("untoc")
    dlg = "/reviews/%s/phases/1/dialogue" % x
    items = {i["id"]: i for th in w["sec"].get(base() + "/messages").json()["threads"]
             for i in th["items"]}
    bad = []

    def check(stage):
        pub = shown_ids(w["anon"].get(disclosed()).text, r'data-item="(\d+)"')
        # (titles repeat: only those no public item's title contains)
        hidden = [i for i in items.values() if i["id"] not in pub and len(i["title"]) > 6
                  and not any(i["title"] in items[p]["title"] for p in pub if p in items)]
        assert stage != "document" or hidden, "nothing to check"
        for path in ("/reviews/%s" % x, disclosed(), disclosed("?lang=fr"), "/programme",
                     "/reviews/%s/phases/1/summary/en" % x, dlg):
            r = w["anon"].get(path)
            for i in hidden:
                if h(i["title"]) in r.text:
                    bad.append((stage, "anon", path, i["id"], i["title"]))
        for role in ("oth", "ngo"):
            on_disc = shown_ids(w[role].get(disclosed()).text, r'data-item="(\d+)"')
            page = w[role].get(dlg)
            on_page = shown_ids(page.text, r'<article class="item" id="item-(\d+)"')
            if on_page != on_disc:
                bad.append((stage, role, "dialogue page", sorted(on_page), sorted(on_disc)))
            for a in re.findall(r'<span class="author">([^<]*)</span>', page.text):
                if "@" in a:
                    bad.append((stage, role, "author address", a))
            sent = shown_ids(page.text, r'class="sent-with" data-message="(\d+)"')
            if not sent <= on_page:
                bad.append((stage, role, "sent with an unreadable message", sorted(sent)))
            j = w[role].get(base() + "/messages?instrument=untoc")
            api = {i["id"]: i for th in (j.json().get("threads", []) if j.status == 200 else [])
                   for i in th["items"]}
            for i in api.values():
                if i.get("message") is not None and i["message"] not in api:
                    bad.append((stage, role, "api message of", i["id"], i["message"]))
        return pub

    pub = check("thread")
    assert S["d1"] in pub and S["m1"] in pub, (pub, S["d1"], S["m1"])
    # The document alone: its message stays closed, and unnamed.
    D.choose({"what": "dialogue", "item": t1, "choice": "withdraw"})
    D.choose({"what": "dialogue", "item": "message:%d" % S["d1"], "choice": "public"})
    pub = check("document")
    assert pub == {S["d1"]}, pub
    page = w["oth"].get(dlg).text
    assert 'id="item-%d"' % S["d1"] in page and 'id="item-%d"' % S["m1"] not in page
    assert 'data-message="%d"' % S["m1"] not in page, page[-1500:]
    D.choose({"what": "dialogue", "item": "message:%d" % S["d1"], "choice": "withdraw"})
    D.choose({"what": "dialogue", "item": t1, "choice": "public"})
    assert S["m1"] in shown_ids(w["anon"].get(disclosed()).text, r'data-item="(\d+)"')
    assert not bad, bad

