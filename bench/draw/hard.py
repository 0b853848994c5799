#!/usr/bin/env python3
"""bench/draw/hard.py - the completeness gap of `revmech draw lots` on hard
rosters, measured against clingo (issue 3).

Generates contrived rosters deterministically (fixed RNG seed; the shape of
tests/unit/test_lots.c test_property: 8-47 parties, 2-5 groups, Protocol
rates from 0 to 100%, a few opted-out, group-less, volunteering and
extra-review parties) and keeps those where some Protocol has 5-8 reviewing
parties and the exact infeasibility checks pass (exit status 2 with a
"cannot be met" message naming no search is taken as proved infeasible and
the roster is replaced) - the rosters the search found hardest.  Runs
`revmech draw lots` on each (every draw is verified by revmech itself
before output) and clingo (bench/draw/draw.lp, CLINGO_TIMEOUT s, default
10) on the ones it misses.  Prints the counts; the key one is "clingo draws,
we miss".

    bench/draw/hard.py [COUNT [SEED [KIND]]]      (defaults 80, 3, contrived)
KIND small: rosters of 10-20 States with tiny groups and Protocols of few
parties (roster_small, issue 12).
Environment: REVMECH (binary), CLINGO_TIMEOUT, HARD_KEEP=DIR keeps the
rosters we miss there, HARD_SEEDS=K draws each roster with K seeds (a
roster is missed if one of them misses it)."""
import concurrent.futures, os, random, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REVMECH = os.environ.get("REVMECH", os.path.join(ROOT, "build", "revmech"))
CLINGO_TIMEOUT = float(os.environ.get("CLINGO_TIMEOUT", "10"))
DRAW_SEED = "5eed" * 16
DRAW_SEEDS = int(os.environ.get("HARD_SEEDS", "1"))
GROUPS = ["AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC", "WEOG"]
HDR = "code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews"
sys.path.insert(0, HERE)
import mkroster  # noqa: E402


def roster(rnd):
    """One roster as CSV text, and whether a Protocol has 5-8 reviewing parties."""
    n = 8 + rnd.randrange(40)
    ng = 2 + rnd.randrange(4)
    rate = [rnd.randrange(101) for _ in range(3)]
    rows, parties = [HDR], [0, 0, 0]
    for i in range(n):
        g = rnd.randrange(ng)
        ins = [1] + [int(rnd.randrange(100) < rate[p]) for p in range(3)]
        x = rnd.randrange(100)
        opt = vol = extra = 0
        if x < 2:
            g = -1
        elif x < 4:
            opt = 1
        elif x < 7:
            vol = 1
            ins[0] = 0
            if not any(ins):
                ins[1] = 1
        elif x < 9:
            extra = 1
        if g >= 0 and not opt and not vol:
            for p in range(3):
                parties[p] += ins[p + 1]
        rows.append("%s,State %d,%s,%d,%d,%d,%d,0,%d,%d,%d" % (
            mkroster.code(i), i, GROUPS[g] if g >= 0 else "", ins[0], ins[1], ins[2], ins[3],
            opt, vol, extra))
    return "\n".join(rows) + "\n", any(5 <= k <= 8 for k in parties)


def roster_small(rnd):
    """A small roster (10-20 States, issue 12): tiny regional groups (two to
    five groups, some of two or three States) and Protocols of few parties
    (each Protocol has 0, 5-8 or about half of the States, drawn
    independently), with the same rare opted-out, volunteering and
    extra-review parties as roster()."""
    n = 10 + rnd.randrange(11)
    ng = 2 + rnd.randrange(4)
    # Uneven group weights so that some groups are tiny.
    w = [1 + rnd.randrange(6) for _ in range(ng)]
    k = [rnd.choice([0, 5, 6, 7, 8, n // 2, 5, 6]) for _ in range(3)]
    members = [set(rnd.sample(range(n), min(kk, n))) for kk in k]
    rows, parties = [HDR], [0, 0, 0]
    for i in range(n):
        g = rnd.choices(range(ng), weights=w)[0]
        ins = [1] + [int(i in members[p]) for p in range(3)]
        x = rnd.randrange(100)
        opt = vol = extra = 0
        if x < 2:
            opt = 1
        elif x < 5:
            vol = 1
            ins[0] = 0
            if not any(ins):
                ins[1] = 1
        elif x < 9:
            extra = 1
        if not opt and not vol:
            for p in range(3):
                parties[p] += ins[p + 1]
        rows.append("%s,State %d,%s,%d,%d,%d,%d,0,%d,%d,%d" % (
            mkroster.code(i), i, GROUPS[g], ins[0], ins[1], ins[2], ins[3], opt, vol, extra))
    return "\n".join(rows) + "\n", any(5 <= kk <= 8 for kk in parties)


def draw(csv):
    """Draws csv with each of the HARD_SEEDS seeds: (exit status of the
    first failure or 0, its message, seconds in all, seeds missed,
    whether any failure was a proof of infeasibility)."""
    t, rc, err, missed, proved = time.perf_counter(), 0, "", 0, False
    for k in range(DRAW_SEEDS):
        seed = DRAW_SEED if k == 0 else "%064x" % (k * 0x9e3779b97f4a7c15)
        p = subprocess.run([REVMECH, "draw", "lots", "--roster", csv, "--seed", seed],
                           capture_output=True, text=True)
        if p.returncode != 0:
            missed += 1
            proved |= "proved" in p.stderr
            if not rc:
                rc, err = p.returncode, p.stderr
            if "proved" in p.stderr or not searched(p.stderr):
                break          # a proof or an exact check: the same for every seed
    return rc, err, time.perf_counter() - t, missed, proved


def searched(err):
    """A failure after a search (not one of the exact checks)."""
    return "attempts" in err or "proved" in err


def clingo(csv):
    facts = csv[:-4] + ".lp"
    with open(facts, "w") as f:
        f.write(subprocess.run([sys.executable, os.path.join(HERE, "mkroster.py"), "facts", csv],
                               check=True, capture_output=True, text=True).stdout)
    try:
        p = subprocess.run(["clingo", "-q", "--time-limit=%d" % CLINGO_TIMEOUT,
                            os.path.join(HERE, "draw.lp"), facts],
                           capture_output=True, text=True, timeout=CLINGO_TIMEOUT + 20)
    except subprocess.TimeoutExpired:
        return "timeout"
    if "UNSATISFIABLE" in p.stdout:
        return "unsat"
    if "SATISFIABLE" in p.stdout:
        return "model"
    return "timeout"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    kind = sys.argv[3] if len(sys.argv) > 3 else "contrived"
    gen = {"contrived": roster, "small": roster_small}.get(kind)
    if gen is None:
        sys.exit("hard.py: KIND is contrived or small")
    if not os.access(REVMECH, os.X_OK):
        sys.exit("hard.py: build %s first" % REVMECH)
    rnd = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="revmech-hard-")
    keep = os.environ.get("HARD_KEEP")
    rows, t0, generated, precheck, written = [], time.perf_counter(), 0, 0, 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    while len(rows) < count:
        batch = []
        while len(batch) < 2 * (count - len(rows)):
            text, hard = gen(rnd)
            generated += 1
            if hard:
                batch.append(text)
        paths = []
        for text in batch:
            written += 1
            path = os.path.join(tmp, "r%04d.csv" % written)
            with open(path, "w") as f:
                f.write(text)
            paths.append(path)
        for path, (rc, err, dt, nmiss, proved) in zip(paths, pool.map(draw, paths)):
            if len(rows) >= count:
                break
            if rc == 2 and not searched(err):
                precheck += 1          # proved infeasible by the exact checks
                continue
            if rc not in (0, 2):
                sys.exit("hard.py: %s: exit %d\n%s" % (path, rc, err))
            rows.append([path, rc == 0, proved, dt, None, nmiss])
    missed = [r for r in rows if not r[1]]
    for r, res in zip(missed, pool.map(clingo, [r[0] for r in missed])):
        r[4] = res
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(r[0], os.path.join(keep, "%s_%s.csv" % (os.path.basename(r[0])[:-4], res)))
    n_ok = sum(r[1] for r in rows)
    n_proved = sum(r[2] for r in rows)
    cnt = {k: sum(r[4] == k for r in missed) for k in ("model", "unsat", "timeout")}
    print("hard.py: %d %s rosters (seed %d, %d draw seed%s each; %d generated, %d with a "
          "Protocol of 5-8 parties proved infeasible by the exact checks and skipped)"
          % (len(rows), kind, seed, DRAW_SEEDS, "" if DRAW_SEEDS == 1 else "s", generated,
             precheck))
    print("  drawn by revmech:                 %d" % n_ok)
    print("  missed by revmech:                %d (of which proved infeasible by it: %d)"
          % (len(missed), n_proved))
    print("    clingo draws (we miss):         %d" % cnt["model"])
    print("    clingo proves infeasible:       %d" % cnt["unsat"])
    print("    clingo timeout (%.0f s):          %d" % (CLINGO_TIMEOUT, cnt["timeout"]))
    budget = [r for r in missed if not r[2]]
    print("  missed for the search budget:     %d (seeds missed: %s)"
          % (len(budget), " ".join("%d/%d" % (r[5], DRAW_SEEDS) for r in budget) or "-"))
    print("  revmech time: total %.1f s, max %.2f s; wall %.0f s"
          % (sum(r[3] for r in rows), max(r[3] for r in rows), time.perf_counter() - t0))
    bad = [r for r in missed if r[2] and r[4] == "model"]
    print("  revmech proves infeasible, clingo draws (must be 0): %d" % len(bad))
    if cnt["model"]:
        print("  missed but drawable: " + " ".join(os.path.basename(r[0]) for r in missed
                                                   if r[4] == "model"))
    if bad:
        sys.exit(1)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
