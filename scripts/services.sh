#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster and Redis server on loopback, from Debian's packages (postgresql,
# redis-server: scripts/setup.sh installs them), for the tests that run the portal on them (.ci/run).
#
#   eval "$(bash scripts/services.sh start DIR)"   # starts both with their data in DIR; prints the exports
#   bash scripts/services.sh stop DIR              # stops both (DIR can then be removed)
#
# The exports: CONTRACTS_TEST_POSTGRES (a superuser's URL of an empty database the tests make schemas in) and
# CONTRACTS_TEST_REDIS (a Redis URL). Nothing listens beyond 127.0.0.1; nothing is kept after stop.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"

pg_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$found" ] || { echo "services.sh: PostgreSQL is not installed (Debian package postgresql); run scripts/setup.sh as root" >&2; exit 2; }
  echo "$found"
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user Debian's package made.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$action" in
  start)
    command -v redis-server >/dev/null || { echo "services.sh: redis-server is not installed (Debian package redis-server); run scripts/setup.sh as root" >&2; exit 2; }
    bin="$(pg_bin)"
    mkdir -p "$dir/pg" "$dir/redis"
    if [ "$(id -u)" = "0" ]; then chmod 755 "$dir"; chown postgres: "$dir/pg"; fi
    pg_port="$(free_port)"
    as_owner "$bin/initdb" -D "$dir/pg/data" -U contracts -A trust -E UTF8 --locale=C.UTF-8 >"$dir/pg/initdb.log" 2>&1 \
      || { cat "$dir/pg/initdb.log" >&2; exit 2; }
    as_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pg -c max_connections=300 -c fsync=off" start >/dev/null \
      || { cat "$dir/pg/server.log" >&2; exit 2; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U contracts contracts_test
    redis_port="$(free_port)"
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$dir/redis" \
      --daemonize yes --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log"
    for _ in $(seq 50); do
      redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    echo "$redis_port" >"$dir/redis/port"
    echo "export CONTRACTS_TEST_POSTGRES=postgresql://contracts@127.0.0.1:$pg_port/contracts_test"
    echo "export CONTRACTS_TEST_REDIS=redis://127.0.0.1:$redis_port/0"
    ;;
  stop)
    if [ -d "$dir/pg/data" ]; then
      as_owner "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/redis/port" ]; then
      redis-cli -h 127.0.0.1 -p "$(cat "$dir/redis/port")" shutdown nosave >/dev/null 2>&1 || true
    fi
    ;;
  *) usage ;;
esac
