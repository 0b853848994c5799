#!/bin/sh
# Runs each cmocka test binary; prints "unit: N passed, N failed".
# UNIT_JOBS binaries run at a time (default: the number of CPUs, for make
# check's 15-minute budget).  They share nothing: each is one process with
# its own temporary directory (tu_tmpdir: mkdtemp) and, under
# REVMECH_TEST_PG, its own databases (named by its pid).  Each one's output
# is kept apart and printed whole, in the order given, with its time.
set -u
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
jobs=${UNIT_JOBS:-$(nproc 2>/dev/null || echo 1)}
passed=0 failed=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM
i=0
for t in "$@"; do
	i=$((i + 1))
	printf '%s\n%s\n' "$i" "$t"
done | UNIT_DIR=$dir xargs -n 2 -P "$jobs" sh -c '
	t0=$(date +%s)
	"$2" >"$UNIT_DIR/$1.log" 2>&1
	echo $? >"$UNIT_DIR/$1.rc"
	echo $(($(date +%s) - t0)) >"$UNIT_DIR/$1.sec"' sh
i=0
for t in "$@"; do
	i=$((i + 1))
	log=$dir/$i.log
	if [ ! -f "$dir/$i.rc" ]; then
		echo "unit: $t did not run"
		failed=$((failed + 1))
		continue
	fi
	rc=$(cat "$dir/$i.rc")
	cat "$log"
	echo "($t took $(cat "$dir/$i.sec") s)"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "unit: $t exited $rc (crash or sanitizer report)"
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f))
done
echo "${UNIT_LABEL:-unit}: $passed passed, $failed failed"
[ $failed -eq 0 ]
