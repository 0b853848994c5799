#!/usr/bin/env python3
"""Lists the interface's msgids: every T("...") in src/web/*.c and the
e-mails of src/mail/notice*.c (adjacent
string literals joined) and the password-policy messages of
src/accounts/account.c, which pages show through T(err), and the notices
of src/review/people.c, src/dialogue/*.c and src/response/*.c (N_: the
responses' notices, sent in each recipient's language).
Usage: po/extract.py > po/revmech.pot"""
import glob
import re
import sys

lit = r'"((?:[^"\\]|\\.)*)"'
ids = []
for path in (sorted(glob.glob("src/web/*.c")) + sorted(glob.glob("src/mail/notice*.c"))
             + ["src/review/people.c", "src/accounts/account.c"]
             + sorted(glob.glob("src/dialogue/*.c")) + sorted(glob.glob("src/response/*.c"))):
    src = open(path, encoding="utf-8").read()
    pat = r'\b(?:T|N_)\(\s*((?:' + lit + r'\s*)+)\)'
    if path == "src/accounts/account.c":
        pat = r'snprintf\(err, errlen,\s*((?:' + lit + r'\s*)+)\)'
    for m in re.finditer(pat, src):
        s = "".join(re.findall(lit, m.group(1)))
        if "%" in s or (path == "src/accounts/account.c" and not s.startswith("the password")):
            continue
        if s not in ids:
            ids.append(s)
out = sys.stdout
out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
for s in ids:
    out.write(f'msgid "{s}"\nmsgstr ""\n\n')
