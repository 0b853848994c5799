#!/bin/sh
# Runs every suite, then prints the overall "N passed, N failed" line.
# The suites that touch the store run twice: on SQLite, then on a
# throw-away PostgreSQL 15 (scripts/pg-test-server.sh) started here and
# stopped at the end (issue 11).
set -u
total_p=0 total_f=0 status=0
out=$(mktemp)
pgdir=$(mktemp -d /tmp/revmech-pg-XXXXXX)
trap 'sh scripts/pg-test-server.sh stop "$pgdir"; rm -f "$out"' EXIT
trap 'exit 1' INT TERM
run_suite() {
	t0=$(date +%s)
	"$@" 2>&1 | tee "$out"
	echo "(suite took $(($(date +%s) - t0)) s)"
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^[a-z-]*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$line" ]; then p=0 f=1; echo "suite '$*' printed no summary line"; fi
	total_p=$((total_p + p)) total_f=$((total_f + f))
	[ "$f" -eq 0 ] || status=1
}
# The unit suites that open databases (through tu_db()) also run on PostgreSQL.
pg_units=
for t in "$@"; do
	grep -q 'tu_db(' "tests/unit/$(basename "$t").c" 2>/dev/null && pg_units="$pg_units $t"
done
run_suite sh scripts/run-unit.sh "$@"
run_suite sh scripts/run-fuzz.sh ${FUZZ_BINS:-}
run_suite python3 tests/contrib/run.py
run_suite sh scripts/run-http.sh
if pgurl=$(sh scripts/pg-test-server.sh start "$pgdir"); then
	echo "postgresql: test server at $pgurl"
	# shellcheck disable=SC2086
	run_suite env REVMECH_TEST_PG="$pgurl" UNIT_LABEL=unit-pg sh scripts/run-unit.sh $pg_units
	run_suite env REVMECH_TEST_PG="$pgurl" HTTP_LABEL=http-pg sh scripts/run-http.sh
	run_suite env REVMECH_TEST_PG="$pgurl" BROWSER_LABEL=browser-pg sh scripts/run-browser.sh
else
	echo "postgresql: could not start the test server (scripts/deps.sh check installs postgresql-15)"
	echo "unit-pg: 0 passed, 1 failed" >"$out"
	total_f=$((total_f + 1)) status=1
fi
run_suite sh scripts/run-browser.sh
echo "$total_p passed, $total_f failed"
exit $status
