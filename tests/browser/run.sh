#!/bin/sh
# Browser tests (issue 4): headless Debian chromium driven by playwright-core.
# Starts $REVMECH_BIN (default build/san/revmech) on a temporary database and
# a free loopback port, runs test.js, keeps screenshots in
# tests/browser/artifacts/.  Last line: "browser: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
bin=${REVMECH_BIN:-build/san/revmech}
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
label=${BROWSER_LABEL:-browser}
fail() { echo "$label: $*"; echo "$label: 0 passed, 1 failed"; exit 1; }
[ -x "$bin" ] || fail "$bin is missing (make build/san/revmech)"
command -v node >/dev/null 2>&1 || fail "node is missing (scripts/deps.sh check)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "chromium is missing (scripts/deps.sh check)"
install_modules() {
	[ -d "$here/node_modules/playwright-core" ] && return 0
	(cd "$here" && { npm ci --no-audit --no-fund >/dev/null 2>&1 ||
		npm install --no-audit --no-fund >/dev/null 2>&1; })
}
# browser and browser-pg may start side by side (scripts/run-all-tests.sh):
# one installs, the other waits for it.
if command -v flock >/dev/null 2>&1; then
	(flock 9 && install_modules) 9>"${TMPDIR:-/tmp}/revmech-browser-npm.lock"
else
	install_modules
fi || fail "npm could not install playwright-core"
# browser and browser-pg may run side by side (scripts/run-all-tests.sh):
# each label keeps its screenshots apart.
art=$here/artifacts
[ "$label" = browser ] || art=$here/artifacts/$label
mkdir -p "$art"
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export REVMECH_TEST_MODE=1
export TEST_PASSWORD='Correct horse battery 9'
# Under REVMECH_TEST_PG (scripts/run-all-tests.sh, issue 11) the same
# suite runs on a fresh PostgreSQL database, its key file in $tmp.
db=$tmp/b.db
keyopt=
if [ -n "${REVMECH_TEST_PG:-}" ]; then
	name="browser_$$"
	psql -X -q -v ON_ERROR_STOP=1 "$REVMECH_TEST_PG" -c "CREATE DATABASE $name" >/dev/null ||
		fail "could not create the PostgreSQL database $name"
	db="${REVMECH_TEST_PG%/*}/$name"
	keyopt="--key-file $tmp/b.key"
fi
"$bin" init --db "$db" >/dev/null 2>"$tmp/init.log" || fail "init failed: $(cat "$tmp/init.log")"
"$bin" draw meeting --db "$db" --ref BROWSER/2026/1 --date 2026-01-15 --title "Browser test" \
	>/dev/null 2>&1 || true
"$bin" draw lots --db "$db" --seed "$(printf '%064d' 7)" --meeting BROWSER/2026/1 >/dev/null 2>&1 || true
for u in "sec@example.org secretariat" "fp@example.org focal_point FRA"; do
	set -- $u
	printf '%s\n' "$TEST_PASSWORD" | "$bin" user add --db "$db" --email "$1" --role "$2" \
		${3:+--state "$3"} --password-stdin >/dev/null || fail "user add $1 failed"
done
# A free port may be taken by a side-by-side suite between the choice and
# serve's bind: then serve exits ("cannot listen") and another port is
# tried, up to 5 times.  /healthz counts only while our own server runs.
tries=0
while :; do
	tries=$((tries + 1))
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	# shellcheck disable=SC2086
	"$bin" serve --db "$db" $keyopt --listen "127.0.0.1:$port" --po po --static static --quiet \
		>"$tmp/server.log" 2>&1 &
	pid=$!
	i=0
	up=0
	while kill -0 "$pid" 2>/dev/null; do
		if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then
			kill -0 "$pid" 2>/dev/null && up=1
			break
		fi
		i=$((i + 1))
		[ $i -gt 200 ] && fail "server did not start: $(cat "$tmp/server.log")"
		sleep 0.05
	done
	[ $up = 1 ] && break
	wait "$pid" 2>/dev/null
	if ! grep -q "cannot listen" "$tmp/server.log" || [ $tries -ge 5 ]; then
		fail "server did not start: $(cat "$tmp/server.log")"
	fi
done
# REVMECH_DB and REVMECH_CLI: review.js prepares its review through the CLI.
BASE_URL="http://127.0.0.1:$port" ARTIFACTS="$art" NODE_PATH="$here/node_modules" \
	REVMECH_DB="$db" REVMECH_CLI="$bin" node "$here/test.js" >"$tmp/test.out" 2>&1
status=$?
sed "s/^browser: /$label: /" "$tmp/test.out"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
pid=
if [ $rc -ne 0 ] || grep -q -e AddressSanitizer -e 'runtime error:' "$tmp/server.log"; then
	tail -n 40 "$tmp/server.log"
	echo "$label: server exited $rc or sanitizers reported errors"
	echo "$label: 0 passed, 1 failed"
	exit 1
fi
exit $status
