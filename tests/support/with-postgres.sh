#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster, then stops and removes it.
#   tests/support/with-postgres.sh COMMAND [ARGS...]
# The cluster lives in a temporary directory and listens only on a Unix socket there, so
# it never clashes with another server. The command sees:
#   REKINDLE_TEST_PG_URL   a database for the unit tests (rk_unit)
#   REKINDLE_TEST_PG_HOST  the socket directory, for creating more databases
#   REKINDLE_TEST_PG_PORT  the socket's port number
#   REKINDLE_TEST_PG_DATA  the data directory and REKINDLE_TEST_PG_BIN the directory of
#                          pg_ctl (as root, run it as the postgres user): the crash test
#                          kills the postmaster and starts it again
# initdb refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/rekindle-pg.XXXXXX)
port=5432
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U rekindle -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# The settings go into the cluster's own postgresql.conf, so `pg_ctl -D DATA start`
# restarts it as it was. fsync=off: a throwaway cluster need not survive the machine
# losing power; a killed server process loses nothing (the kernel keeps what was written).
cat >>"$dir/data/postgresql.conf" <<CONF
unix_socket_directories = '$dir'
port = $port
listen_addresses = ''
fsync = off
max_connections = 300
CONF
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
"$bin/psql" -h "$dir" -p "$port" -U rekindle -d postgres -q -c "CREATE DATABASE rk_unit" >/dev/null

export REKINDLE_TEST_PG_HOST="$dir"
export REKINDLE_TEST_PG_PORT="$port"
export REKINDLE_TEST_PG_DATA="$dir/data"
export REKINDLE_TEST_PG_BIN="$bin"
export REKINDLE_TEST_PG_URL="postgresql://rekindle@/rk_unit?host=$dir&port=$port"
"$@"
