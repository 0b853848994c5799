#!/bin/sh
# Installs the Debian 12 packages revmech needs, and only those missing.
# Usage: deps.sh run|check|bench   (check and bench include run's list)
set -eu
profile=${1:-run}
run_pkgs="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev
libjansson-dev libpq-dev sqlite3 libicu-dev liboath-dev libqrencode-dev libcurl4-openssl-dev
libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk"
# fonts-wqy-microhei: CJK glyphs, so that screenshots of Chinese pages show text.
# poppler-utils: pdftotext and pdftoppm check the summaries' PDF (tests/unit/test_output.c).
# openssl: tests/http/archive.py checks the archive heads' Ed25519 signatures with it, outside revmech.
check_pkgs="libcmocka-dev cppcheck poppler-utils python3 python3-aiosmtpd postgresql-15 chromium nodejs npm fonts-wqy-microhei openssl"
bench_pkgs="gringo wrk nginx-light python3 postgresql-15"
case "$profile" in
run) want=$run_pkgs ;;
check) want="$run_pkgs $check_pkgs" ;;
bench) want="$run_pkgs $bench_pkgs" ;;
*) echo "deps.sh: unknown profile '$profile' (run, check or bench)" >&2; exit 1 ;;
esac
# Tools that may come from elsewhere (a NodeSource node ships its own npm,
# which conflicts with Debian's npm package): a working command is enough.
provided() {
	case "$1" in
	nodejs) command -v node >/dev/null 2>&1 ;;
	npm) command -v npm >/dev/null 2>&1 ;;
	python3) command -v python3 >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}
missing=
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' &&
	   ! provided "$p"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "revmech: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO=sudo
else
	echo "revmech: these Debian packages are missing:$missing" >&2
	echo "revmech: run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when an install fails without it.
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -q --no-install-recommends $missing; then
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi
