"""The 70 % gate chart of the programme page (issue 9; annex para 10, R37,
C14): each cohort's completed share per phase as an SVG drawn by the
server, well-formed (parsed with xml.etree), carrying the figures of
`revmech phase status`, its labels from the catalogues in all six
languages (Arabic right to left, with Arabic-Indic digits), and a table
with the same figures as its text alternative.  Registered by
tests/http/run.py with `gatechart.register(globals())`."""
import os
import re
import signal
import xml.etree.ElementTree as ET

R = {}
TESTS = []
SVG = "{http://www.w3.org/2000/svg}"


def test(fn):
    TESTS.append(fn)
    return fn


def register(g):
    global R
    R = g
    for fn in TESTS:
        g["test"](fn)


def po(lang):
    text = open(f"po/{lang}.po", encoding="utf-8").read()
    return dict(re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M))


def digits(lang, s):
    if lang != "ar":
        return s
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def cli(*a):
    rc, out, err = R["run_cli"](*a)
    assert rc == 0, (a, rc, out, err)
    return out


@test
def gate_chart_svg_in_six_languages():
    db = R["new_db"]("gate")
    cli("init", "--db", db)
    cli("draw", "meeting", "--db", db, "--ref", "WG/2026/9", "--date", "2026-09-01",
        "--title", "Working group")
    cli("draw", "lots", "--db", db, "--seed", "%064d" % 9, "--meeting", "WG/2026/9")
    cli("phase", "open", "--db", db, "--cohort", "1", "--phase", "1", "--by", "test")
    cohort1 = [r[0] for r in R["sql_on"](db, "SELECT reviewed FROM lots_reviews WHERE year = 1 "
                                             "ORDER BY reviewed")]
    planned = len(cohort1)
    done = cohort1[:3]
    for code in done:
        for st in ("questionnaire_in_progress", "responses_submitted", "observations_submitted",
                   "dialogue", "draft_list", "list_agreed"):
            cli("phase", "move", "--db", db, "--state", st, "--reviewed", code, "--phase", "1",
                "--by", "test")
    permille = 3 * 1000 // planned
    # The same figure as `revmech phase status` reports.
    status = cli("phase", "status", "--db", db)
    assert str(planned) in status, status
    log = open(os.path.join(R["TMP"], "gate.log"), "w")
    p, port = R["start_extra"](db, R["ENV"], log)
    try:
        for lang in ("ar", "zh", "en", "fr", "ru", "es"):
            check_lang(R["Client"](port=port), lang, planned, permille)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(20)
    text = open(log.name, encoding="utf-8", errors="replace").read()
    assert "AddressSanitizer" not in text and "runtime error:" not in text, text[-3000:]


def check_lang(cl, lang, planned, permille):
    r = cl.get(f"/programme?lang={lang}")
    assert r.status == 200, (lang, r.status)
    assert " style=" not in r.text and "<script" not in r.text
    m = re.search(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', r.text, re.S)
    assert m, lang
    root = ET.fromstring(m.group(0))  # well-formed, or this raises
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "gate-title gate-desc"
    assert root.get("direction") == ("rtl" if lang == "ar" else "ltr"), lang
    cat = po(lang)
    title = root.find(SVG + "title").text
    want = "Completed reviews per cohort and phase, against the 70 per cent gate"
    assert title == (cat[want] if lang != "en" else want), (lang, title)
    if lang != "en":
        assert title != want, lang  # really translated
    bars = {(int(b.get("data-cohort")), int(b.get("data-phase"))): b
            for b in root.iter(SVG + "rect") if b.get("class") == "bar"}
    assert len(bars) == 12, len(bars)
    b = bars[(1, 1)]
    assert int(b.get("data-permille")) == permille and b.get("data-started") == "1"
    h = float(b.get("height"))
    full = 300 - 24 - 56
    assert abs(h - permille * full // 1000) <= 1, (h, permille)
    for k, other in bars.items():
        if k != (1, 1):
            assert other.get("data-started") == "0" and float(other.get("height")) == 0, k
    # The value label of the bar, in the language's digits.
    vals = {(int(t.get("data-cohort")), int(t.get("data-phase"))): "".join(t.itertext())
            for t in root.iter(SVG + "text") if t.get("class") == "value"}
    whole, tenth = divmod(permille, 10)
    v = vals[(1, 1)]
    assert digits(lang, str(whole)) in v, (lang, v)
    if tenth:
        assert digits(lang, str(tenth)) in v, (lang, v)
    if lang == "ar":
        assert "٪" in v and not re.search(r"[0-9]", "".join(root.itertext())), v
    # The gate line sits at 70 per cent.
    gl = [l for l in root.iter(SVG + "line") if l.get("class") == "gate-line"]
    assert len(gl) == 1 and abs(float(gl[0].get("y1")) - (24 + full - 700 * full / 1000)) <= 1
    # In right-to-left the first cohort's bars lie on the right.
    x11, x31 = float(bars[(1, 1)].get("x")), float(bars[(3, 1)].get("x"))
    assert (x11 > x31) if lang == "ar" else (x11 < x31), (lang, x11, x31)
    # The text alternative: a table with the same figures.
    t = re.search(r'<table class="gate" id="gate-table">.*?</table>', r.text, re.S).group(0)
    cell = re.search(r'<td data-cohort="1" data-phase="1">(.*?)</td>', t).group(1)
    assert digits(lang, "3") in cell and digits(lang, str(planned)) in cell, (lang, cell)
    other = re.search(r'<td data-cohort="2" data-phase="1">(.*?)</td>', t).group(1)
    assert other == (cat["Not started"] if lang != "en" else "Not started"), (lang, other)
