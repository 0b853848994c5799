#!/bin/sh
# Runs every suite, then prints the overall "N passed, N failed" line.
# The suites that touch the store run twice: on SQLite, then on a
# throw-away PostgreSQL 15 (scripts/pg-test-server.sh) started here and
# stopped at the end (issue 11).
#
# make check's budget (15 minutes on 2 cores): the SQLite suites and the
# PostgreSQL ones are two streams run side by side (SUITE_JOBS=1: one after
# the other).  They share nothing but the CPUs: every suite makes its own
# temporary files, listens on free ports and names its PostgreSQL databases
# by its pid.  Each suite's output is kept apart; a line tells when one
# ends, and the whole outputs follow, in the fixed order below.
set -u
total_p=0 total_f=0 status=0
out=$(mktemp -d /tmp/revmech-suites-XXXXXX)
pgdir=$(mktemp -d /tmp/revmech-pg-XXXXXX)
spid='' ppid_=''
cleanup() {
	for p in $spid $ppid_; do kill "$p" 2>/dev/null; done
	wait
	sh scripts/pg-test-server.sh stop "$pgdir"
	rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# suite NAME CMD...: runs CMD, its output into $out/NAME.log.
suite() {
	n=$1
	shift
	t0=$(date +%s)
	"$@" >"$out/$n.log" 2>&1
	echo $(($(date +%s) - t0)) >"$out/$n.sec"
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$out/$n.log" | tail -n 1)
	echo "  ... ${line:-$n: no summary line} ($(cat "$out/$n.sec") s)"
}
# The unit suites that open databases (through tu_db(), lots_tu_store()
# of lots_testutil.h, or the fixture of output_testutil.h) also run on PostgreSQL.
pg_units=
for t in "$@"; do
	grep -qE 'tu_db\(|lots_tu_store\(|output_testutil\.h|findings_testutil\.h' "tests/unit/$(basename "$t").c" 2>/dev/null &&
		pg_units="$pg_units $t"
done
sqlite_suites() {
	suite unit sh scripts/run-unit.sh "$@"
	# shellcheck disable=SC2086
	suite fuzz sh scripts/run-fuzz.sh ${FUZZ_BINS:-}
	suite contrib python3 tests/contrib/run.py
	suite http sh scripts/run-http.sh
	suite browser sh scripts/run-browser.sh
	# bench/draw/hard.py's quick subset against clingo (issue 12; skipped,
	# with a line saying so, where clingo is not installed): about 30 s.
	suite hard sh scripts/run-hard.sh
}
pg_suites() {
	if pgurl=$(sh scripts/pg-test-server.sh start "$pgdir" 2>"$out/pg.log"); then
		echo "postgresql: test server at $pgurl" >"$out/pg.log"
		# shellcheck disable=SC2086
		suite unit-pg env REVMECH_TEST_PG="$pgurl" UNIT_LABEL=unit-pg sh scripts/run-unit.sh $pg_units
		suite http-pg env REVMECH_TEST_PG="$pgurl" HTTP_LABEL=http-pg sh scripts/run-http.sh
		suite browser-pg env REVMECH_TEST_PG="$pgurl" BROWSER_LABEL=browser-pg sh scripts/run-browser.sh
	else
		{
			echo "postgresql: could not start the test server (scripts/deps.sh check installs postgresql-15)"
			echo "unit-pg: 0 passed, 1 failed"
		} >>"$out/pg.log"
	fi
}
t_all=$(date +%s)
if [ "${SUITE_JOBS:-2}" -gt 1 ]; then
	sqlite_suites "$@" &
	spid=$!
	pg_suites &
	ppid_=$!
	wait $spid
	wait $ppid_
	spid='' ppid_=''
else
	sqlite_suites "$@"
	pg_suites
fi
echo "(all suites took $(($(date +%s) - t_all)) s)"
report() {
	log=$out/$1.log
	[ -f "$log" ] || return 0
	cat "$log"
	[ -f "$out/$1.sec" ] && echo "(suite $1 took $(cat "$out/$1.sec") s)"
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	# pg.log: the server's start, a summary line only when it failed.
	[ "$1" = pg ] && [ -z "$line" ] && return 0
	p=$(echo "$line" | sed -n 's/^[a-z-]*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$line" ]; then p=0 f=1; echo "suite '$1' printed no summary line"; fi
	total_p=$((total_p + p)) total_f=$((total_f + f))
	[ "$f" -eq 0 ] || status=1
}
for s in unit fuzz contrib http pg unit-pg http-pg browser-pg browser hard; do
	report "$s"
done
for s in unit fuzz contrib http unit-pg http-pg browser-pg browser hard; do
	[ -f "$out/$s.sec" ] && printf '%-11s %4s s\n' "$s" "$(cat "$out/$s.sec")"
done
echo "$total_p passed, $total_f failed"
exit $status
