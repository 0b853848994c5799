#!/usr/bin/env python3
"""bench/draw/hard.py - the completeness of `revmech draw lots` on hard
rosters, checked against clingo (issues 3 and 12).

Generates rosters deterministically from generator seeds and keeps those
where some Protocol has 5-8 reviewing parties and the exact infeasibility
checks pass (exit status 2 with a "cannot be met" message is a proof by
the exact checks: such a roster is replaced, and clingo is asked about it
too, within HARD_PRECHECK_TIMEOUT s).  KIND contrived: the shape of
tests/unit/test_lots.c test_property (8-47 parties, 2-5 groups, Protocol
rates from 0 to 100%, a few opted-out, group-less, volunteering and
extra-review parties); small: rosters of 10-20 States with tiny groups and
Protocols of few parties (roster_small, issue 12).  Each roster is drawn
with HARD_SEEDS draw seeds; every draw revmech makes is checked by clingo
against bench/draw/draw.lp (bench/draw/check.lp fixes the model to it),
and clingo (CLINGO_TIMEOUT s) settles the rosters revmech does not draw.

Each (roster, draw seed) is one of: drawn by both (revmech drew, and the
draw is a model of draw.lp); infeasible by both; proved infeasible by
revmech where clingo times out; out of revmech's search budget where
clingo proves it infeasible, or where clingo times out too (unsettled);
or a FAILURE: clingo draws a roster revmech does not (out of budget or
"proved" infeasible), or revmech draws one whose draw clingo rejects.
The exit status is 1 on any failure (each named by kind, generator seed,
roster and draw seed; the rosters are kept), and with HARD_STRICT=1 also
on any roster out of budget; 0 otherwise.

    bench/draw/hard.py [COUNT [SEEDS [KIND]]]     (defaults 80, 3, contrived)
SEEDS is a generator seed, a range A-B or a list A,B,...; COUNT rosters per
generator seed.  Environment: REVMECH (binary), CLINGO_TIMEOUT (10),
HARD_PRECHECK_TIMEOUT (2), HARD_SEEDS=K (1) draw seeds per roster,
HARD_KEEP=DIR keeps there every roster not drawn by both (named
KIND-sSEED-rNNNN_CLASS.csv), HARD_STRICT=1.

A quick subset (about 15 s each on the shared 2-core machine, the figures
in docs/benchmarks.md): HARD_SEEDS=2 hard.py 12 1 small; hard.py 15 7.
Wide: HARD_SEEDS=2 hard.py 60 1-5 small; hard.py 100 3,7."""
import concurrent.futures, json, os, random, shutil, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REVMECH = os.environ.get("REVMECH", os.path.join(ROOT, "build", "revmech"))
CLINGO_TIMEOUT = float(os.environ.get("CLINGO_TIMEOUT", "10"))
DRAW_SEED = "5eed" * 16
DRAW_SEEDS = int(os.environ.get("HARD_SEEDS", "1"))
PRECHECK_TIMEOUT = float(os.environ.get("HARD_PRECHECK_TIMEOUT", "2"))
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


def seed_hex(k):
    return DRAW_SEED if k == 0 else "%064x" % (k * 0x9e3779b97f4a7c15 % (1 << 256))


FACTS_LOCK = threading.Lock()


def facts_of(csv):
    """The roster's facts file, written once (draws of one roster run in
    parallel: none may read a half-written file)."""
    facts = csv[:-4] + ".lp"
    with FACTS_LOCK:
        if not os.path.exists(facts):
            text = subprocess.run([sys.executable, os.path.join(HERE, "mkroster.py"), "facts",
                                   csv], check=True, capture_output=True, text=True).stdout
            with open(facts + ".tmp", "w") as f:
                f.write(text)
            os.replace(facts + ".tmp", facts)
    return facts


def clingo(csv, timeout=None, extra=()):
    """clingo on draw.lp and the roster's facts (and extra files):
    "model", "unsat" or "timeout"."""
    timeout = CLINGO_TIMEOUT if timeout is None else timeout
    try:
        p = subprocess.run(["clingo", "-q", "--time-limit=%d" % max(1, round(timeout)),
                            os.path.join(HERE, "draw.lp"), facts_of(csv)] + list(extra),
                           capture_output=True, text=True, timeout=timeout + 20)
    except subprocess.TimeoutExpired:
        return "timeout"
    if "UNSATISFIABLE" in p.stdout:
        return "unsat"
    if "SATISFIABLE" in p.stdout:
        return "model"
    return "timeout"


def draw_facts(doc):
    """The draw as facts for check.lp."""
    out = []
    for v in doc["reviews"]:
        s = v["reviewed"].lower()
        out.append("dyear(%s,%d)." % (s, v["year"]))
        for w in v["reviewers"]:
            x = w["state"].lower()
            if w["role"] == "same_region":
                out.append("dsame(%s,%s)." % (s, x))
            elif w["role"] == "other_region":
                out.append("dother(%s,%s)." % (s, x))
            else:
                out.extend("dadd(%s,%s,%s)." % (s, x, i) for i in w["instruments"])
    return "\n".join(out) + "\n"


def draw_one(job):
    """revmech on (csv, draw seed index): (class, seconds, message) where
    class is drawn, precheck, proved or budget; a draw is checked by
    clingo: "rejected" when it is not a model of draw.lp."""
    csv, k = job
    out = "%s.d%d.json" % (csv[:-4], k)
    t = time.perf_counter()
    p = subprocess.run([REVMECH, "draw", "lots", "--roster", csv, "--seed", seed_hex(k),
                        "--out", out], capture_output=True, text=True)
    dt = time.perf_counter() - t
    err = "\n".join(l for l in p.stderr.splitlines() if ": note: " not in l)
    if p.returncode == 0:
        with open(out) as f:
            doc = json.load(f)
        df = out[:-5] + ".lp"
        with open(df, "w") as f:
            f.write(draw_facts(doc))
        # The draw is fixed: clingo only checks it (milliseconds).
        res = clingo(csv, max(CLINGO_TIMEOUT, 30), [os.path.join(HERE, "check.lp"), df])
        return ("drawn" if res == "model" else "rejected"), dt, err
    if p.returncode != 2:
        return "error", dt, "exit %d: %s" % (p.returncode, err)
    if "proved" in err:
        return "proved", dt, err
    if "attempts" in err:
        return "budget", dt, err
    return "precheck", dt, err


# (revmech class, clingo answer) -> outcome; FAIL_* are failures.
OUTCOME = {
    ("drawn", None): "both drawn",
    ("rejected", None): "FAIL drawn, clingo rejects the draw",
    ("proved", "unsat"): "both infeasible",
    ("precheck", "unsat"): "both infeasible",
    ("proved", "timeout"): "revmech proves infeasible, clingo times out",
    ("precheck", "timeout"): "revmech proves infeasible, clingo times out",
    ("budget", "unsat"): "out of budget, clingo proves infeasible",
    ("budget", "timeout"): "out of budget, clingo times out (unsettled)",
    ("budget", "model"): "FAIL missed: clingo draws, revmech out of budget",
    ("proved", "model"): "FAIL missed: clingo draws, revmech proves infeasible",
    ("precheck", "model"): "FAIL missed: clingo draws, the exact checks refuse",
}
COLUMNS = [("both drawn", "drawn"), ("both infeasible", "infeas."),
           ("revmech proves infeasible, clingo times out", "we prove"),
           ("out of budget, clingo proves infeasible", "budget/unsat"),
           ("out of budget, clingo times out (unsettled)", "budget/?"),
           ("FAIL", "FAILED")]


def run_seed(pool, kind, gen, seed, count, tmp):
    """COUNT rosters of generator seed SEED: a list of result rows
    [name, path, [class per draw seed], clingo answer, seconds], and the
    exact-check rows checked by clingo, and the number generated."""
    rnd = random.Random(seed)
    rows, pre, generated, written = [], [], 0, 0
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
            path = os.path.join(tmp, "%s-s%d-r%04d.csv" % (kind, seed, written))
            with open(path, "w") as f:
                f.write(text)
            paths.append(path)
        # The first draw seed tells the exact checks apart (seed-blind).
        firsts = list(pool.map(draw_one, [(p, 0) for p in paths]))
        keep = []
        for path, first in zip(paths, firsts):
            if first[0] == "error":
                sys.exit("hard.py: %s: %s" % (path, first[2]))
            if first[0] == "precheck":
                pre.append([os.path.basename(path)[:-4], path, ["precheck"] * DRAW_SEEDS, None,
                            first[1]])
            elif len(rows) + len(keep) < count:
                keep.append((path, first))
        jobs = [(p, k) for p, _ in keep for k in range(1, DRAW_SEEDS)]
        rest = dict(zip(jobs, pool.map(draw_one, jobs)))
        for path, first in keep:
            res = [first] + [rest[(path, k)] for k in range(1, DRAW_SEEDS)]
            for r in res:
                if r[0] == "error":
                    sys.exit("hard.py: %s: %s" % (path, r[2]))
            rows.append([os.path.basename(path)[:-4], path, [r[0] for r in res], None,
                         sum(r[1] for r in res)])
    need = [r for r in rows if any(c not in ("drawn", "rejected") for c in r[2])]
    for r, res in zip(need, pool.map(clingo, [r[1] for r in need])):
        r[3] = res
    for r, res in zip(pre, pool.map(lambda p: clingo(p, PRECHECK_TIMEOUT), [r[1] for r in pre])):
        r[3] = res
    return rows, pre, generated


def outcome(cls, answer):
    return OUTCOME[(cls, None if cls in ("drawn", "rejected") else answer)]


def seeds_of(arg):
    out = []
    for part in arg.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    seeds = seeds_of(sys.argv[2]) if len(sys.argv) > 2 else [3]
    kind = sys.argv[3] if len(sys.argv) > 3 else "contrived"
    gen = {"contrived": roster, "small": roster_small}.get(kind)
    if gen is None:
        sys.exit("hard.py: KIND is contrived or small")
    if not os.access(REVMECH, os.X_OK):
        sys.exit("hard.py: build %s first" % REVMECH)
    if not shutil.which("clingo"):
        sys.exit("hard.py: clingo is not installed (sh scripts/deps.sh bench)")
    tmp = tempfile.mkdtemp(prefix="revmech-hard-")
    keep = os.environ.get("HARD_KEEP")
    strict = os.environ.get("HARD_STRICT") == "1"
    t0 = time.perf_counter()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    table, failures, budget, tsum, tmax, npre, nroster = [], [], [], 0.0, 0.0, 0, 0
    pre_cnt = {"unsat": 0, "timeout": 0, "model": 0}
    for seed in seeds:
        rows, pre, generated = run_seed(pool, kind, gen, seed, count, tmp)
        cnt = {c: 0 for c, _ in COLUMNS}
        for r in rows + pre:
            for k, cls in enumerate(r[2] if r in rows else r[2][:1]):
                o = outcome(cls, r[3])
                if r in rows:
                    cnt["FAIL" if o.startswith("FAIL") else o] += 1
                if o.startswith("FAIL"):
                    failures.append("%s: generator seed %d, roster %s, draw seed %s (%s)"
                                    % (o[5:], seed, r[1], seed_hex(k), "HARD_SEEDS index %d" % k))
                if cls == "budget":
                    budget.append("%s draw seed %d" % (r[0], k))
            if keep and any(outcome(c, r[3]) != "both drawn" for c in r[2]) and r in rows:
                os.makedirs(keep, exist_ok=True)
                shutil.copy(r[1], os.path.join(keep, "%s_%s.csv" % (r[0], r[3] or "drawn")))
        for r in pre:
            pre_cnt[r[3]] += 1
        npre += len(pre)
        nroster += len(rows)
        tsum += sum(r[4] for r in rows)
        tmax = max([tmax] + [r[4] for r in rows])
        table.append((seed, len(rows), generated, len(pre), cnt))
    print("hard.py: %s rosters, %d per generator seed, %d draw seed%s each; clingo %s s on the "
          "rosters revmech does not draw, every draw checked by clingo"
          % (kind, count, DRAW_SEEDS, "" if DRAW_SEEDS == 1 else "s", CLINGO_TIMEOUT))
    print("%-6s %7s %9s %8s " % ("seed", "rosters", "generated", "exact ch") +
          " ".join("%12s" % h for _, h in COLUMNS))
    tot = {c: 0 for c, _ in COLUMNS}
    for seed, n, generated, npr, cnt in table:
        print("%-6d %7d %9d %8d " % (seed, n, generated, npr) +
              " ".join("%12d" % cnt[c] for c, _ in COLUMNS))
        for c in tot:
            tot[c] += cnt[c]
    print("%-6s %7d %9d %8d " % ("all", nroster, sum(t[2] for t in table), npre) +
          " ".join("%12d" % tot[c] for c, _ in COLUMNS))
    print("(cells: roster x draw seed; exact ch = rosters refused by revmech's exact checks and "
          "replaced: clingo %d infeasible, %d timeout (%s s), %d drawable)"
          % (pre_cnt["unsat"], pre_cnt["timeout"], PRECHECK_TIMEOUT, pre_cnt["model"]))
    print("revmech time: total %.1f s, max %.2f s a roster (all its draw seeds); wall %.0f s"
          % (tsum, tmax, time.perf_counter() - t0))
    if budget:
        print("out of budget: " + ", ".join(budget))
    if failures or (strict and budget):
        for f in failures:
            print("hard.py: FAIL %s" % f, file=sys.stderr)
        if strict and budget:
            print("hard.py: FAIL (HARD_STRICT) %d out of budget" % len(budget), file=sys.stderr)
        print("hard.py: rosters kept in %s" % tmp, file=sys.stderr)
        sys.exit(1)
    print("hard.py: no roster missed")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
