"""The list page names the blueprint its items follow (issue 10
usability; para 38, R108): the version recorded with the list's shown
version, linked to /blueprint, in the page's language; nothing when the
list was saved with no blueprint in force.  Runs after tests/http/outline.py
(whose list was saved under a blueprint).  Registered by tests/http/run.py
with `polish.register(globals())`."""
import re

import fixture

R = {}
TESTS = []

# The six catalogues' words for the sentence (po/*.po).
WORDS = {"en": "Its items follow the blueprint, version",
         "fr": "Ses éléments suivent l’esquisse, version",
         "es": "Sus elementos siguen el esquema, versión",
         "ru": "Её пункты следуют схеме, версия",
         "zh": "其条目遵循大纲，版本",
         "ar": "تتبع بنودها المخطط، الصيغة"}


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def lists(with_blueprint):
    """(reviewed, phase, blueprint) of the lists whose current version was
    saved under a blueprint (or under none)."""
    op = ">" if with_blueprint else "="
    return R["sql"]("SELECT l.reviewed, l.phase, v.blueprint_version FROM obs_lists l "
                    "JOIN obs_list_versions v ON v.list_id = l.id AND v.version = l.version "
                    "WHERE v.blueprint_version %s 0 ORDER BY l.reviewed, l.phase" % op)


@test
def polish_list_names_its_blueprint():
    """The Secretariat (a reader of every list) opens a list saved under a
    blueprint in each of the six languages: the version is named, linked to
    /blueprint (which opens), in that language; a list saved with none in
    force names none."""
    rows = lists(True)
    assert rows, "no list saved under a blueprint (run after outline)"
    st, ph, bp = rows[0]
    sec = fixture.Api("sec@example.org")
    for lang, words in WORDS.items():
        r = sec.get("/reviews/%s/phases/%d/list?lang=%s" % (st, ph, lang))
        assert r.status == 200, (lang, r.status, r.text[:300])
        m = re.search(r'<p id="list-blueprint" data-blueprint="(\d+)">(.*?) <a href="/blueprint">'
                      r'(.*?)</a></p>', r.text)
        assert m, (lang, r.text[:3000])
        assert int(m.group(1)) == bp, (lang, m.group(1), bp)
        assert m.group(2) == words, (lang, m.group(2))
        assert m.group(3), lang
    assert sec.get("/blueprint").status == 200
    # Version numbers are written as the language writes them (Arabic-Indic).
    r = sec.get("/reviews/%s/phases/%d/list?lang=en" % (st, ph))
    assert re.search(r'<a href="/blueprint">%d</a>' % bp, r.text), r.text[:3000]
    for st0, ph0, _ in lists(False)[:1]:
        r = sec.get("/reviews/%s/phases/%d/list?lang=en" % (st0, ph0))
        assert r.status == 200 and 'id="list-blueprint"' not in r.text, (st0, r.status)
