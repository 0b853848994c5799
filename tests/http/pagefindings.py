"""Findings of the whole-review browser test (tests/browser/wholereview.js;
issue 10) in the pages, tested over HTTP:
- one heading per page: pages_begin() writes the page's <h1>, and the pages
  of the responses, the lists of observations, the follow-up, the
  technical-assistance aggregate, the summaries, the disclosure choices,
  the disclosed documents and the overview wrote it a second time (WCAG
  2.4.6, 1.3.1: one title, read once by a screen reader);
- the translation-status form of a summary (R145) offered the current
  status, which is refused, and the refusal was the domain's English text
  on every page: it now offers the next step and says why in the page's
  language;
- the list page showed the domain's English reason for a refused change
  (a conflict between two drafters, an agreement to an old version, bad
  input) on every page: it now says why in the page's language; an item
  read "Article 5ld" and "&middot;" (also the CRP, the follow-up and the
  technical-assistance aggregate: %lld is not a web_html conversion); its
  parts were headed by the instruments' codes, not their names; its form
  could not say what an item rests on (R108: answers, messages).
Registered by tests/http/run.py with `pagefindings.register(globals())`;
uses run.py's helpers through R."""
import html
import json
import re

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


@test
def pages_have_one_h1():
    rows = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current' WHERE r.year = 1 ORDER BY r.reviewed")
    assert rows, "a review in year 1"
    x = rows[0][0]
    ph = f"/reviews/{x}/phases/1"
    pages = {
        ph + "/responses": {"en": "Self-assessment questionnaire",
                            "fr": "Questionnaire d'auto-évaluation"},
        ph + "/list": {"en": "List of observations"},
        ph + "/followup": {"en": "Follow-up"},
        ph + "/dialogue": {"en": "Dialogue"},
        ph + "/observations": {"en": "Written observations"},
        ph + "/summary/en": {"en": "Summary of the review"},
        f"/country/{x}/disclosures": {"en": "Disclosure choices"},
        f"/reviews/{x}/disclosed": {"en": "Disclosed by the reviewed State"},
        "/overview": {"en": "Overview of the reviews"},
        "/technical-assistance": {"en": "Technical assistance needs"},
    }
    c = R["logged_in"]("sec@example.org")
    bad = []
    for p, titles in pages.items():
        for lang in ("en", "fr"):
            r = c.get(f"{p}?lang={lang}")
            if r.status != 200:
                bad.append(f"{p} ({lang}): {r.status}")
                continue
            h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", r.text, re.S)
            if len(h1) != 1:
                bad.append(f"{p} ({lang}): {len(h1)} <h1> {h1}")
            elif lang in titles and titles[lang] not in html.unescape(h1[0]):
                bad.append(f"{p} ({lang}): <h1> is {h1[0]!r}")
    assert not bad, "; ".join(bad)


@test
def summary_status_form_next_step_and_refusal_translated():
    """R145: the Secretariat's form offers the translation's next step; a
    step it may not take is refused (409) with the reason in the page's
    language, and nothing changes."""
    R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                 "--by", "sec@example.org")
    have = {s for (s,) in R["sql"]("SELECT reviewed FROM summaries")}
    rows = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current' WHERE r.year = 1 ORDER BY r.reviewed DESC")
    x = next(s for (s,) in rows if s not in have)
    page = f"/reviews/{x}/phases/1/summary"
    c = R["logged_in"]("sec@example.org")
    tok = c.csrf("/account")
    r = c.request("PUT", f"/api/v1/reviews/{x}/phases/1/summary/en",
                  body=json.dumps({"text": "The summary.", "base": 0}),
                  headers={"X-CSRF-Token": tok})
    assert r.status == 200, (r.status, r.text[:300])

    def selected():
        r = c.get(page + "/zh?lang=fr")
        assert r.status == 200, r.status
        form = re.search(r'<form[^>]*id="status-form".*?</form>', r.text, re.S).group(0)
        return re.findall(r'<option value="([a-z_]+)" selected>', form)

    assert selected() == ["requested"], selected()
    r = c.post(page + "/zh", {"csrf": tok, "action": "status", "status": "requested"})
    assert r.status == 303, (r.status, r.text[:300])
    assert selected() == ["in_translation"], selected()
    status = R["sql"]("SELECT status FROM summary_langs l JOIN summaries s ON s.id = l.summary_id "
                      "WHERE s.reviewed = ? AND l.lang = 'zh'", x)
    r = c.post(page + "/zh", {"csrf": tok, "action": "status", "status": "final"})
    assert r.status == 409, r.status
    assert "une traduction avance d'une étape à la fois" in html.unescape(r.text), r.text[-1500:]
    assert "cannot go to" not in r.text, "the domain's English reason"
    assert R["sql"]("SELECT status FROM summary_langs l JOIN summaries s ON s.id = l.summary_id "
                    "WHERE s.reviewed = ? AND l.lang = 'zh'", x) == status, "nothing changed"


@test
def list_page_item_shown_and_refusals_in_the_page_language():
    """Paras 38-39: an item shows its article as a number (it read
    "Article 5ld", web_html has no %lld) and its priority after a dot (it
    read "&middot;"); two drafters at once -- the second save is refused
    (409) with the reason in the page's language and the text sent given
    back; bad input says in the page's language that nothing changed (the
    domain's detail follows); the list is unchanged."""
    R["run_cli"]("questionnaire", "adopt", "--db", R["DB"], "--decision", "CTOC/COP/TEST/PF",
                 "--date", "2026-01-01", "--by", "sec@example.org", "untoc-c1", "tip-c1",
                 "som-c1", "firearms-c1")  # (already adopted by an earlier suite: no matter)
    R["run_cli"]("phase", "open", "--db", R["DB"], "--cohort", "1", "--phase", "1",
                 "--by", "sec@example.org")
    busy = {s for (s,) in R["sql"]("SELECT reviewed FROM response_submissions")}
    busy |= {s for (s,) in R["sql"]("SELECT reviewed FROM obs_lists")}
    rows = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current' WHERE r.year = 1 ORDER BY r.reviewed DESC")
    x = next(s for (s,) in rows[1:] if s not in busy)
    # The responses submitted (as tests/http/list.py does): the list may be drafted.
    R["sql"]("INSERT INTO response_submissions (reviewed, phase, submitted_at, submitted_by) "
             "VALUES (?, 1, '2026-06-01T00:00:00Z', 'pagefindings')", x)
    page = f"/reviews/{x}/phases/1/list"
    c = R["logged_in"]("sec@example.org")
    r = c.get(page + "?lang=fr")
    assert r.status == 200, r.status
    tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
    form = re.search(r'<form[^>]*class="list-item".*?</form>', r.text, re.S).group(0)
    inst = re.search(r'name="instrument" value="([a-z]+)"', form).group(1)
    art = re.search(r'<option value="(\d+)">', form).group(1)
    item = {"csrf": tok, "base_version": "0", "instrument": inst, "article": art, "type": "gap",
            "priority": "", "text": "Première lacune"}
    r = c.post(page + "/items", item)
    assert r.status == 303, (r.status, r.text[-800:])
    r = c.post(page + "/items", dict(item, base_version="1", type="ta_need", priority="high",
                                     text="Besoin de formation"))
    assert r.status == 303, (r.status, r.text[-800:])
    shown = c.get(page + "?lang=en").text
    lis = re.findall(r'<li id="item-[^"]*" class="item[^"]*">(.*?)<p>', shown, re.S)
    assert len(lis) == 2, lis
    assert lis[0].strip().endswith(f"Article {art}"), lis[0]
    assert lis[1].strip().endswith(f"Article {art} &middot; High priority"), lis[1]
    assert "&amp;middot;" not in shown and not re.search(r"\dld\b", shown)
    names = {"untoc": "Convention contre la criminalité organisée",
             "tip": "Protocole relatif à la traite des personnes",
             "som": "Protocole relatif au trafic illicite de migrants",
             "firearms": "Protocole relatif aux armes à feu"}
    fr = html.unescape(c.get(page + "?lang=fr").text)  # back to French
    h2 = re.search(r'<section class="instrument" id="%s"><h2>(.*?)</h2>' % inst, fr, re.S)
    assert h2 and names[inst] in h2.group(1), "the instrument named, not only its code"
    item["base_version"] = "1"  # now stale: the list is at version 2
    before = R["sql"]("SELECT COUNT(*) FROM obs_list_versions")[0][0]
    r = c.post(page + "/items", dict(item, text="Seconde lacune, sur une version périmée"))
    text = html.unescape(r.text)
    assert r.status == 409, r.status
    assert "Quelqu'un a enregistré la liste depuis que vous l'avez ouverte" in text, text[-1500:]
    assert "is at version" not in text, "the domain's English reason"
    assert "Seconde lacune, sur une version périmée" in text, "the text sent is given back"
    r = c.post(page + "/items", dict(item, base_version="2", type="nonsense"))
    assert r.status == 400, r.status
    assert "Rien n'a été modifié : le formulaire était incomplet ou erroné." in html.unescape(r.text)
    # R108: what an item rests on, from the form; a message that is no
    # number is refused in the page's language, the text given back.
    r = c.post(page + "/items", dict(item, base_version="2", messages="#abc", text="Sources"))
    assert r.status == 400, r.status
    assert "Les messages sont indiqués par leur numéro" in html.unescape(r.text)
    assert "Sources" in r.text
    r = c.post(page + "/items", dict(item, base_version="2", answers="nosuch-q1", text="Sources"))
    assert r.status == 400 and "nosuch-q1" in r.text, r.status
    assert R["sql"]("SELECT COUNT(*) FROM obs_list_versions")[0][0] == before, "nothing saved"
    c.request("POST", f"/api/v1/reviews/{x}/phases/1/questionnaire", body="",
              headers={"X-CSRF-Token": tok})  # opened for the State (if not yet)
    q = c.get(f"/api/v1/reviews/{x}/phases/1/questionnaire").json()
    assert "questionnaires" in q, q
    qn = next(n for n in q["questionnaires"] if n["instrument"] == inst)
    qid = qn["sections"][0]["questions"][0]["id"]
    r = c.post(page + "/items", dict(item, base_version="2", answers=f"{qid}, {qid}",
                                     text="Sur la réponse"))
    assert r.status == 303, (r.status, html.unescape(r.text)[-600:])
    j = c.get(f"/api/v1/reviews/{x}/phases/1/list").json()
    it = next(i for i in j["items"] if i["text"] == "Sur la réponse")
    assert it["answers"] == [qid, qid] and it["messages"] == [], it
    shown = c.get(page).text
    assert f'href="/reviews/{x}/phases/1/responses#{qid}"' in shown, "the answer linked"


@test
def summary_save_domain_error_in_the_page_language():
    """Issues 9 and 10 (R145): a summary text saved in a language whose
    translation nobody requested is refused on the page with the domain's
    reason in the page's language (util/msg.h, pages_derr), the text sent
    given back, nothing saved; the API keeps its English message."""
    have = {s for (s,) in R["sql"]("SELECT reviewed FROM summaries")}
    rows = R["sql"]("SELECT r.reviewed FROM lots_reviews r JOIN lots_draws d ON d.id = r.draw_id "
                    "AND d.status = 'current' WHERE r.year = 1 ORDER BY r.reviewed DESC")
    x = next(s for (s,) in rows if s not in have)
    c = R["logged_in"]("sec@example.org")
    tok = c.csrf("/account")
    api = f"/api/v1/reviews/{x}/phases/1/summary"
    r = c.request("PUT", api + "/en", body=json.dumps({"text": "The summary.", "base": 0}),
                  headers={"X-CSRF-Token": tok})
    assert r.status == 200, (r.status, r.text[:300])
    n = R["sql"]("SELECT COUNT(*) FROM summary_versions")[0][0]
    r = c.post(f"/reviews/{x}/phases/1/summary/ru?lang=fr",
               {"csrf": tok, "action": "save", "base": "0", "text": "Краткое изложение."})
    text = html.unescape(r.text)
    assert r.status == 400 and 'lang="fr"' in r.text, (r.status, text[-600:])
    assert "La traduction en ru n’a pas été demandée." in text, text[-1500:]
    assert "was not requested" not in text and "Краткое изложение." in text
    r = c.request("PUT", api + "/ru", body=json.dumps({"text": "Краткое изложение.", "base": 0}),
                  headers={"X-CSRF-Token": tok})
    assert r.status == 409 and r.json()["error"] == "not_requested", r.text[:300]  # unchanged
    assert R["sql"]("SELECT COUNT(*) FROM summary_versions")[0][0] == n, "nothing saved"
    c.get("/account?lang=en")
