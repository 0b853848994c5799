#!/bin/sh
# Runs every suite, then prints the overall "N passed, N failed" line.
set -u
total_p=0 total_f=0 status=0
out=$(mktemp)
run_suite() {
	"$@" 2>&1 | tee "$out"
	line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^[a-z]*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$line" ]; then p=0 f=1; echo "suite '$*' printed no summary line"; fi
	total_p=$((total_p + p)) total_f=$((total_f + f))
	[ "$f" -eq 0 ] || status=1
}
run_suite sh scripts/run-unit.sh "$@"
run_suite sh scripts/run-fuzz.sh ${FUZZ_BINS:-}
run_suite python3 tests/contrib/run.py
run_suite sh scripts/run-http.sh
run_suite sh scripts/run-browser.sh
rm -f "$out"
echo "$total_p passed, $total_f failed"
exit $status
