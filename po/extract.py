#!/usr/bin/env python3
"""Lists the interface's msgids: every T("...") in src/web/*.c and the
e-mails of src/mail/notice*.c (adjacent
string literals joined) and the password-policy messages of
src/accounts/account.c, which pages show through T(err), and the notices
of src/review/people.c, src/dialogue/*.c and src/response/*.c (N_: the
responses' notices, sent in each recipient's language).
And the domain errors that pages show through pages_derr() (util/msg.h):
every N_() of the DOMAIN files below, placeholders included, and
MSG_INTERNAL.  Lint (exit status 1, on stderr): a DOMAIN file that writes
an error with snprintf(err, errlen, ...) instead of msg_set(..., N_(...)),
and a translation in po/*.po whose placeholders are not its msgid's (the
same arguments, each once, of the same kind; numbered %2$s may reorder).
Usage: po/extract.py > po/revmech.pot"""
import glob
import os
import re
import sys

# The domain modules whose errors the pages show (docs/ARCHITECTURE.md,
# "Domain errors in six languages").
DOMAIN = (sorted(glob.glob("src/response/*.c"))
          + ["src/review/people.c", "src/review/people_notice.c", "src/review/disclosure.c", "src/review/consult.c",
             "src/review/publicity.c"]
          + sorted(glob.glob("src/dialogue/*.c"))
          + ["src/findings/list.c", "src/findings/agree.c", "src/findings/followup.c",
             "src/output/summary.c", "src/output/summary_agree.c", "src/output/summary_corr.c", "src/findings/outline.c"]
          + ["src/lots/params_ver.c", "src/lots/ceremony.c"]
          + ["src/review/disclosure_portal.c", "src/findings/followup_public.c"]
          + ["src/findings/providers.c", "src/findings/followup_ta.c"]
          + sorted(glob.glob("src/lots/redraw*.c")) + sorted(glob.glob("src/lots/events*.c"))
          + ["src/lots/supersede.c", "src/lots/lots_store.c"]
          # the counting proofs that no draw exists (t-fix item 4)
          + ["src/lots/draw_bound.c"])

lit = r'"((?:[^"\\]|\\.)*)"'
ids = []
problems = []
for path in (sorted(glob.glob("src/web/*.c")) + sorted(glob.glob("src/mail/notice*.c"))
             + ["src/review/people.c", "src/review/people_notice.c", "src/accounts/account.c"]
             + sorted(glob.glob("src/dialogue/*.c")) + sorted(glob.glob("src/response/*.c"))
             + DOMAIN + ["src/util/msg.h"]):
    src = open(path, encoding="utf-8").read()
    pat = r'\b(?:T|N_)\(\s*((?:' + lit + r'\s*)+)\)'
    if path == "src/accounts/account.c":
        pat = r'snprintf\(err, errlen,\s*((?:' + lit + r'\s*)+)\)'
    for m in re.finditer(pat, src):
        s = "".join(re.findall(lit, m.group(1)))
        if (("%" in s and path not in DOMAIN and path != "src/util/msg.h")
                or (path == "src/accounts/account.c" and not s.startswith("the password"))):
            continue
        if s not in ids:
            ids.append(s)
    if path in DOMAIN:
        for m in re.finditer(r'\bsnprintf\(\s*err\s*,\s*errlen\s*,', src):
            line = src.count("\n", 0, m.start()) + 1
            problems.append(f"{path}:{line}: a domain error written with snprintf: use "
                            f"msg_set(err, errlen, N_(\"...\"), ...) (util/msg.h)")

SPEC = re.compile(r'%(?:([1-9][0-9]*)\$)?[-+ #0]*[0-9]*(?:\.[0-9]*)?(?:hh|h|ll|l|z)?([scdiu%])')

def placeholders(text):
    """The arguments text uses, as {index: kind}, or None if one is used
    twice or numbered and unnumbered ones are mixed."""
    seq, numbered, out = 0, None, {}
    for m in SPEC.finditer(text):
        if m.group(2) == "%":
            continue
        kind = "s" if m.group(2) in "sc" else "d"
        num = m.group(1) is not None
        if numbered is not None and numbered != num:
            return None
        numbered = num
        i = int(m.group(1)) - 1 if num else seq
        seq += 1
        if i in out:
            return None
        out[i] = kind
    return out

def unescape(s):
    return s.replace('\\"', '"').replace("\\\\", "\\")

marked = [s for s in ids if "%" in s]
for lang in ("ar", "zh", "en", "fr", "ru", "es"):
    pofile = f"po/{lang}.po"
    if not os.path.exists(pofile):
        continue
    text = open(pofile, encoding="utf-8").read()
    tr = dict(re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M))
    for s in marked:
        if tr.get(s) and placeholders(unescape(tr[s])) != placeholders(unescape(s)):
            problems.append(f"{pofile}: the placeholders of the translation of \"{s}\" "
                            f"are not its msgid's")
out = sys.stdout
out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
for s in ids:
    out.write(f'msgid "{s}"\nmsgstr ""\n\n')
for p in problems:
    print("po/extract.py: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
