#!/bin/sh
# Lint: the banned-function list of the developers' brief, then cppcheck.
set -eu
status=0
banned='\b(strcpy|strncpy|sprintf|vsprintf|strcat|strncat|gets|atoi|atol|atoll|strtok)[[:space:]]*\('
if grep -rnE "$banned" src tests --include='*.c' --include='*.h'; then
	echo "lint: banned functions above (use snprintf, buf_*, util_strlcpy, util_parse_long)" >&2
	status=1
fi
# SQL goes through prepared statements: no sqlite3_exec and no SQL built
# with printf-style formatting outside the store backend.
if grep -rnE 'sqlite3_(exec|mprintf|vmprintf)' src --include='*.c' | grep -v '^src/store/'; then
	echo "lint: SQL must go through store_prepare() with bound parameters" >&2
	status=1
fi
# libpq likewise lives behind store.h only.
if grep -rnE '\bPQ[a-zA-Z]+[[:space:]]*\(' src --include='*.c' | grep -v '^src/store/'; then
	echo "lint: libpq is used only by src/store/store_pg.c" >&2
	status=1
fi
if command -v cppcheck >/dev/null 2>&1; then
	# System headers are not parsed (missingIncludeSystem), so jansson's
	# iteration macros come from a small library file.
	cppcheck -q --error-exitcode=1 --std=c11 --enable=warning,portability \
		--inline-suppr --suppress=missingIncludeSystem -Isrc \
		--library=scripts/cppcheck/jansson.cfg \
		src || status=1
else
	echo "lint: cppcheck missing (scripts/deps.sh check installs it)" >&2
	status=1
fi
python3 scripts/check-po.py || status=1
# docs/openapi.yaml parses and documents every /api/v1 route of the table.
python3 scripts/check-openapi.py || status=1
# data/state-names.csv is what its generator writes (ICU fallbacks current).
python3 scripts/gen-state-names.py --check >/dev/null || status=1
[ $status -eq 0 ] && echo "lint: ok"
exit $status
