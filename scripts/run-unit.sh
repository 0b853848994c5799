#!/bin/sh
# Runs each cmocka test binary; prints "unit: N passed, N failed".
set -u
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0
log=$(mktemp)
for t in "$@"; do
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "unit: $t exited $rc (crash or sanitizer report)"
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f))
done
rm -f "$log"
echo "${UNIT_LABEL:-unit}: $passed passed, $failed failed"
[ $failed -eq 0 ]
