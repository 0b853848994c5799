#!/usr/bin/env python3
"""Fills the ICU cells of data/state-names.csv (issue 8, item 3; R11).

Every party of data/states.csv gets a name in Arabic, Chinese, Russian and
Spanish (English and French are the name and name_fr columns of states.csv).
A cell whose source is "un" holds the United Nations short name, written by
hand, and is kept as it is.  Every other cell (source "icu", or a party or
language missing from the file) is set to ICU's display name of the region
(uloc_getDisplayCountry of the ISO 3166 alpha-2 code, found from the alpha-3
code through uloc_getISO3Country; the EU is ICU's region "EU").

Reproducible: the same ICU version gives the same file; the version used is
printed.  Usage:
    scripts/gen-state-names.py [--data DIR] [--check]
--check writes nothing and exits 1 if the file is not what the generator
would write (e.g. after an ICU upgrade changed a fallback name).
Needs a C compiler, pkg-config and libicu-dev (scripts/deps.sh installs them).
"""
import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile

LANGS = ["ar", "zh", "ru", "es"]
HEADER = ["code"] + [c for l in LANGS for c in ("name_" + l, "src_" + l)]
HERE = os.path.dirname(os.path.abspath(__file__))


def icu_names():
    """{(alpha3, lang): name} and the ICU version, from the C helper."""
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "icu-country-names")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "icu-uc", "icu-i18n"],
                               check=True, capture_output=True, text=True).stdout.split()
        subprocess.run(["cc", "-std=c11", "-O1", "-o", exe,
                        os.path.join(HERE, "icu-country-names.c")] + flags, check=True)
        out = subprocess.run([exe] + LANGS, check=True, capture_output=True,
                             text=True).stdout
    names, version = {}, "?"
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "#icu":
            version = f[1]
        else:
            names[(f[0], f[2])] = f[3]
    return names, version


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.relpath(os.path.join(HERE, "..", "data")))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    states = os.path.join(a.data, "states.csv")
    target = os.path.join(a.data, "state-names.csv")

    with open(states, newline="", encoding="utf-8") as f:
        codes = [r["code"] for r in csv.DictReader(f)]
    old = {}
    if os.path.exists(target):
        with open(target, newline="", encoding="utf-8") as f:
            rd = csv.DictReader(f)
            if rd.fieldnames != HEADER:
                sys.exit(f"{target}: header is {rd.fieldnames}, expected {HEADER}")
            for line, r in enumerate(rd, start=2):
                for l in LANGS:
                    if r["src_" + l] not in ("un", "icu"):
                        sys.exit(f"{target}: line {line}: src_{l} is "
                                 f"'{r['src_' + l]}', expected un or icu")
                old[r["code"]] = r
        extra = sorted(set(old) - set(codes))
        if extra:
            sys.exit(f"{target}: codes not in states.csv: {' '.join(extra)}")

    icu, version = icu_names()
    rows, counts = [], {l: [0, 0] for l in LANGS}
    for code in sorted(codes):
        r = old.get(code, {})
        row = [code]
        for l in LANGS:
            if r.get("src_" + l) == "un" and r.get("name_" + l):
                row += [r["name_" + l], "un"]
                counts[l][0] += 1
            else:
                name = icu.get((code, l))
                if not name:
                    sys.exit(f"ICU has no {l} name for {code}: write the UN name "
                             f"in {target} with source un")
                row += [name, "icu"]
                counts[l][1] += 1
        rows.append(row)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    text = buf.getvalue()
    cur = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
    print(f"ICU {version}; per language UN/ICU: " +
          ", ".join(f"{l} {counts[l][0]}/{counts[l][1]}" for l in LANGS))
    if a.check:
        if cur != text:
            sys.exit(f"{target} is not what scripts/gen-state-names.py writes with ICU "
                     f"{version}: run it")
        return
    if cur != text:
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(target + ".tmp", target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
