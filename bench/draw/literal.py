#!/usr/bin/env python3
"""bench/draw/literal.py - how often a draw departs from the literal reading
of para 28 (b) (issue 12): "if the draw designates a reviewer that is not
party to every instrument of the reviewed State, another draw selects an
additional reviewer, in charge of those instruments only".

Where only one base reviewer lacks instruments, the literal reading is one
additional reviewer for exactly those instruments; a draw that gives them
to two additional reviewers departs from it.  (Where both bases lack
instruments, the draw's documented preference is one additional reviewer
for both sets when disjoint, else one per base; other splits are counted
apart.)  Rosters: the "odd" rosters of tests/contrib/run.py (10-45 parties,
2-5 groups, Protocols at rate 0 or 60-100 %, volunteers, extra reviews,
both opt-outs) and the small ones of bench/draw/hard.py, each drawn with
several seeds by `revmech draw lots`.  Prints the share of draws with at
least one such review, and the count of recorded relaxations when the
document has them.

    bench/draw/literal.py [ROSTERS [SEEDS [KINDS]]]  (defaults 200, 5, odd,small)
Draws are counted apart by how they were made: by the uniform draw and
its repair, or by the fallback (search or exact solver).
Environment: REVMECH (binary)."""
import json, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REVMECH = os.environ.get("REVMECH", os.path.join(ROOT, "build", "revmech"))
sys.path.insert(0, os.path.join(ROOT, "tests", "contrib"))
sys.path.insert(0, HERE)
import hard  # noqa: E402
import run as contrib  # noqa: E402

INS = ["untoc", "tip", "som", "firearms"]


def parties(path):
    import csv
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            out[r["code"]] = {i for i in INS if (r.get(i) or "0") == "1"}
    return out


def judge(doc, ps):
    """(reviews where one base lacks and two additional share it, reviews
    where both lack and the split is neither merged nor one per base)."""
    one = both = 0
    for v in doc["reviews"]:
        ms = set()
        for x in v["reviewers"]:
            ms |= set(x["instruments"])
        ms = ps[v["reviewed"]] if v["reviewed"] in ps else ms
        bases = [x for x in v["reviewers"] if x["role"] != "additional"]
        adds = [x for x in v["reviewers"] if x["role"] == "additional"]
        lack = [ms - ps[b["state"]] for b in bases]
        nl = sum(1 for m in lack if m)
        if nl == 1 and len(adds) > 1:
            one += 1
        elif nl == 2 and adds:
            sets = sorted(tuple(sorted(a["instruments"])) for a in adds)
            merged = [tuple(sorted(lack[0] | lack[1]))]
            per = sorted(tuple(sorted(m)) for m in lack)
            if sets != merged and sets != per:
                both += 1
    return one, both


def main():
    nrost = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    nseeds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    tmp = tempfile.mkdtemp(prefix="revmech-literal-")
    rnd = random.Random(11)
    stats = {}
    kinds = sys.argv[3].split(",") if len(sys.argv) > 3 else ["odd", "small"]
    env = dict(os.environ, REVMECH_LOTS_TRACE="1")
    for kind in kinds:
        draws = bad1 = bad2 = rev1 = relaxed = 0
        by_path = {"uniform": [0, 0], "fallback": [0, 0]}
        for k in range(nrost):
            path = os.path.join(tmp, "%s%d.csv" % (kind, k))
            if kind == "odd":
                contrib.odd_roster(path, k)
            else:
                with open(path, "w") as f:
                    f.write(hard.roster_small(rnd)[0])
            ps = parties(path)
            for sd in range(nseeds):
                p = subprocess.run([REVMECH, "draw", "lots", "--roster", path, "--seed",
                                    "%064x" % (1000 * k + sd + 1)], capture_output=True,
                                   text=True, env=env)
                if p.returncode != 0:
                    continue
                doc = json.loads(p.stdout)
                draws += 1
                one, both = judge(doc, ps)
                path_ = "uniform" if "0 violations left" in p.stderr else "fallback"
                by_path[path_][0] += 1
                by_path[path_][1] += one > 0
                bad1 += one > 0
                rev1 += one
                bad2 += both > 0
                relaxed += len(doc.get("relaxations", []))
        stats[kind] = (draws, bad1, rev1, bad2, relaxed)
        print("literal.py: %s rosters: %d draws; with a review where one base lacks "
              "instruments and two additional reviewers share them: %d (%.1f %%, %d reviews); "
              "with another split: %d; relaxations recorded: %d"
              % (kind, draws, bad1, 100.0 * bad1 / max(draws, 1), rev1, bad2, relaxed))
        print("  of which by the uniform draw and repair: %d draws, %d with such a review; by "
              "the fallback: %d draws, %d with such a review"
              % (by_path["uniform"][0], by_path["uniform"][1], by_path["fallback"][0],
                 by_path["fallback"][1]))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
