#!/bin/sh
# Replays each fuzz target over its corpus (tests/fuzz/corpus/NAME/) under
# the sanitizers; a target passes when every input runs clean.
set -u
passed=0 failed=0
for b in "$@"; do
	name=$(basename "$b"); name=${name#fuzz_}
	if "$b" tests/fuzz/corpus/"$name"/*; then
		passed=$((passed + 1))
	else
		echo "fuzz: $b failed on its corpus"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
