#!/usr/bin/env python3
"""Roster CSV (format of `revmech roster export`) from data/states.csv, or a
synthetic roster: mkroster.py real STATES.csv | mkroster.py synth N SEED.

Synthetic rosters follow the shape of the real one: five regional groups
with the real proportions, everyone party to the Convention, Protocols at
the real rates (TIP 90%, SOM 80%, Firearms 62%), a few opted-out, a few
parties in no group and a few volunteering signatories."""
import csv, random, sys

HDR = "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews"

def real(path):
    print(HDR)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            name = r["name"].replace('"', "'")
            print(",".join([r["code"], '"%s"' % name, r["group"], r["untoc"] or "0", r["tip"] or "0",
                            r["som"] or "0", r["firearms"] or "0", r["uncac"] or "0",
                            r["opt_out"] or "0", "0", "0"]))

def code(i):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return a[i // 676 % 26] + a[i // 26 % 26] + a[i % 26]

def synth(n, seed):
    rnd = random.Random(seed)
    groups = [("AFRICAN", 54), ("ASIA_PACIFIC", 53), ("EASTERN_EUROPEAN", 23), ("GRULAC", 33), ("WEOG", 29)]
    tot = sum(w for _, w in groups)
    print(HDR)
    for i in range(n):
        x = rnd.random() * tot
        for g, w in groups:
            if x < w:
                break
            x -= w
        if rnd.random() < 0.002:
            g = ""
        vol = rnd.random() < 0.005
        untoc = 0 if vol else 1
        tip = int(rnd.random() < 0.9)
        som = int(rnd.random() < 0.8)
        fa = int(rnd.random() < 0.62)
        if vol and not (tip or som or fa):
            tip = 1
        opt = int(rnd.random() < 0.002)
        print(f"{code(i)},State {i},{g},{untoc},{tip},{som},{fa},1,{opt},{int(vol)},0")

def facts(path):
    """ASP facts for draw.lp, with the eligibility rules of docs/draw.md."""
    ins_names = ["untoc", "tip", "som", "firearms"]
    out, ng, n = [], {}, 0
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            c = r["code"].lower()
            g, opt = r["group"], r.get("opt_out", "0") == "1"
            vol = (r.get("volunteer_reviewed") or "0") == "1"
            ins = [i for i in ins_names if (r.get(i) or "0") == "1"]
            if not g or opt:
                continue
            reviewed = bool(ins) if vol else "untoc" in ins
            if not reviewed:
                continue
            n += 1
            ng[g] = ng.get(g, 0) + 1
            out.append("reviewed(%s). grp(%s,%s)." % (c, c, g.lower()))
            out.extend("ins(%s,%s)." % (c, i) for i in ins)
            if not vol:
                extra = int(r.get("extra_reviews") or 0)
                out.append("pool(%s). cap(%s,%d)." % (c, c, 3 + extra))
                out.extend("party(%s,%s)." % (c, i) for i in ins)
    out.append("n(%d)." % n)
    out.extend("ng(%s,%d)." % (g.lower(), k) for g, k in sorted(ng.items()))
    print("\n".join(out))

if __name__ == "__main__":
    if sys.argv[1] == "facts":
        facts(sys.argv[2])
    elif sys.argv[1] == "real":
        real(sys.argv[2])
    else:
        synth(int(sys.argv[2]), int(sys.argv[3]))
