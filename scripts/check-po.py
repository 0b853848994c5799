#!/usr/bin/env python3
"""Lint for the interface catalogues (issue 4): the template matches the
code (po/extract.py), and each of the six catalogues translates every msgid
of the template, with no entry left empty."""
import re
import subprocess
import sys

status = 0

def entries(path):
    text = open(path, encoding="utf-8").read()
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M)
    return {k: v for k, v in pairs if k}

run = subprocess.run([sys.executable, "po/extract.py"], capture_output=True, text=True)
code = run.stdout
if run.returncode != 0:
    # extract.py's lint: unmarked domain errors, mismatched placeholders.
    sys.stdout.write(run.stderr)
    status = 1
want = set(re.findall(r'^msgid "(.+)"$', code, re.M))
pot = set(entries("po/revmech.pot"))
if want != pot:
    print("po: po/revmech.pot is stale (run po/extract.py > po/revmech.pot)")
    status = 1
for lang in ("ar", "zh", "en", "fr", "ru", "es"):
    e = entries(f"po/{lang}.po")
    missing = sorted(want - set(e))
    empty = sorted(k for k in want & set(e) if not e[k])
    if missing or empty:
        print(f"po: {lang}.po: {len(missing)} missing, {len(empty)} empty, e.g. "
              f"{(missing + empty)[:3]}")
        status = 1
sys.exit(status)
