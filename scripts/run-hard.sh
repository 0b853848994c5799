#!/bin/sh
# Runs the quick subset of bench/draw/hard.py (the completeness of `revmech
# draw lots` against clingo, issue 12; its docstring and docs/benchmarks.md):
#   HARD_SEEDS=2 hard.py 12 1 small;  hard.py 15 7
# and prints "hard: N passed, N failed", counting roster x draw seed cells
# (a cell fails when clingo draws a roster revmech misses or rejects a
# draw revmech makes; a run that stops on an error counts one failure).
# Without clingo it says so and counts nothing.  About 30 s on 2 cores.
set -u
if ! command -v clingo >/dev/null 2>&1; then
	echo "hard: skipped: clingo is not installed (sh scripts/deps.sh bench installs it)"
	echo "hard: 0 passed, 0 failed"
	exit 0
fi
bin=${REVMECH:-build/revmech}
if [ ! -x "$bin" ]; then
	echo "hard: build $bin first"
	echo "hard: 0 passed, 1 failed"
	exit 1
fi
passed=0 failed=0
one() {
	log=$(mktemp)
	echo "hard: $*"
	env REVMECH="$bin" sh -c "$*" >"$log" 2>&1
	rc=$?
	cat "$log"
	# The "all" row: seed, rosters, generated, exact ch, then the five
	# outcome columns and FAILED.
	row=$(grep -E '^all ' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$row" ]; then
		failed=$((failed + 1))
		return
	fi
	set -- $row
	cells=$(($5 + $6 + $7 + $8 + $9 + ${10}))
	passed=$((passed + cells - ${10}))
	failed=$((failed + ${10}))
	[ "$rc" -ne 0 ] && [ "${10}" -eq 0 ] && failed=$((failed + 1))
	return 0
}
one HARD_SEEDS=2 python3 bench/draw/hard.py 12 1 small
one python3 bench/draw/hard.py 15 7
echo "hard: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
