"""One heading per page (issue 10, found by the whole-review browser test,
tests/browser/wholereview.js): pages_begin() writes the page's <h1>, and
the pages of the responses, the lists of observations, the follow-up, the
technical-assistance aggregate, the summaries, the disclosure choices, the
disclosed documents and the overview wrote it a second time (WCAG 2.4.6,
1.3.1: one title per page, read once by a screen reader).  Each page, read
by the Secretariat in two languages, has exactly one <h1>, and it is the
page's title.  Registered by tests/http/run.py with
`headings.register(globals())`; uses run.py's helpers through R."""
import html
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
