#!/bin/sh
# A throw-away PostgreSQL 15 for the tests: initdb in a temporary directory,
# run as an unprivileged user, on a free loopback port, trust
# authentication (loopback only, for this directory's lifetime).
#   pg-test-server.sh start DIR   prints the URL of its "postgres" database
#   pg-test-server.sh stop DIR    stops it and removes DIR
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: pg-test-server.sh start|stop DIR" >&2; exit 1; }
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
[ -x "$bindir/pg_ctl" ] || { echo "pg-test-server: $bindir/pg_ctl missing (apt-get install postgresql-15)" >&2; exit 1; }
# initdb refuses root: run the server as nobody, in a directory it owns.
if [ "$(id -u)" -eq 0 ]; then
	as() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
else
	as() { "$@"; }
fi
case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
	as "$bindir/initdb" -D "$dir/data" -U revmech --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 64MB
CONF
	# Tuned for tests: durability off (a crash loses only test data), no
	# autovacuum (noise).  PG_DURABLE=1 keeps the defaults (benchmarks).
	if [ "${PG_DURABLE:-0}" != 1 ]; then
		printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" \
			"autovacuum = off" >>"$dir/data/postgresql.conf"
	fi
	as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql://revmech@127.0.0.1:$port/postgres"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	;;
*) echo "usage: pg-test-server.sh start|stop DIR" >&2; exit 1 ;;
esac
