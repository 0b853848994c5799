#!/usr/bin/env python3
"""bench/draw/literal_redraws.py - how often a redraw's recomposition
departs from the literal reading of para 28 (b) (issue 12), under the
parameters of version 1 (literal_28b_search 0, the method of the draws
already published) and under literal_28b_search 1 (docs/draw.md
"Parameters", "Redraws"): for each of SEEDS draws of a roster, every base
slot (same_region, other_region) of every review is redrawn once on a
fresh copy of the draw (requested by the reviewed State, reason "other"),
every redraw made is verified from its seed (`draw verify --seed`), and
the redrawn review is counted as a departure when the document's
"relaxations" list it (verify checks that list against the reviews).
Reviews already relaxed before the redraw are not counted.

    bench/draw/literal_redraws.py [SEEDS [ROSTER]]   (defaults 3, the shipped roster)
Prints, per setting, "literal_28b_search L: redraws N honoured H departing D
verify-failures F".  Environment: REVMECH (binary)."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REVMECH = os.environ.get("REVMECH", os.path.join(ROOT, "build", "revmech"))
PARAMS = {"max_reviewers": 4, "redraw_limit": 4, "load_min": 1, "load_max": 3, "cohorts": 3,
          "version": 2, "decision": "bench (literal_28b_search 1)", "decided_on": "2030-10-20"}


def run(roster, seeds, tmp, literal):
    n = ok = dep = bad = 0
    par = []
    if literal:
        pf = os.path.join(tmp, "p.json")
        with open(pf, "w") as f:
            json.dump(dict(PARAMS, literal_28b_search=1), f)
        par = ["--parameters", pf]
    for sd in range(1, seeds + 1):
        seed = "%064x" % (0x11 * sd)
        doc = os.path.join(tmp, "d.json")
        p = subprocess.run([REVMECH, "draw", "lots", "--roster", roster, "--seed", seed,
                            "--out", doc] + par, capture_output=True)
        if p.returncode != 0:
            continue
        d = json.load(open(doc))
        before = {x["reviewed"] for x in d["relaxations"]}
        for v in d["reviews"]:
            for x in v["reviewers"]:
                if x["role"] == "additional":
                    continue
                n += 1
                q = subprocess.run([REVMECH, "draw", "redraw", "--roster", roster, "--draw", doc,
                                    "--reviewed", v["reviewed"], "--replace", x["state"],
                                    "--requested-by", v["reviewed"], "--reason", "other",
                                    "--json"], capture_output=True)
                if q.returncode != 0:
                    continue
                ok += 1
                out = os.path.join(tmp, "r.json")
                with open(out, "wb") as f:
                    f.write(q.stdout)
                if subprocess.run([REVMECH, "draw", "verify", "--roster", roster, "--seed", seed,
                                   out], capture_output=True).returncode != 0:
                    bad += 1
                after = {y["reviewed"] for y in json.loads(q.stdout)["relaxations"]}
                dep += v["reviewed"] in after and v["reviewed"] not in before
    print("literal_28b_search %d: redraws %d honoured %d departing %d verify-failures %d "
          "(departures: reviews listed in relaxations)" % (literal, n, ok, dep, bad), flush=True)
    return bad


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    tmp = tempfile.mkdtemp(prefix="revmech-litrd-")
    roster = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tmp, "real.csv")
    if len(sys.argv) <= 2:
        with open(roster, "wb") as f:
            f.write(subprocess.run([sys.executable, os.path.join(HERE, "mkroster.py"), "real",
                                    os.path.join(ROOT, "data", "states.csv")],
                                   capture_output=True, check=True).stdout)
    bad = run(roster, seeds, tmp, 0) + run(roster, seeds, tmp, 1)
    subprocess.run(["rm", "-rf", tmp])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
