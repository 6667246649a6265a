#!/usr/bin/env bash
# Throwaway PostgreSQL for tests and benchmarks, on a free loopback port.
#   scripts/postgres.sh start DIR   -> prints the connection string; installs PostgreSQL via apt if absent
#   scripts/postgres.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state directory}
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
free_port() { python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()
PY
}
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi; }
case "$cmd" in
  start)
    if [ -z "$(pgbin)" ]; then
      echo "installing PostgreSQL..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    fi
    PGBIN=$(pgbin); mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres:postgres "$dir"
      # initdb runs as postgres, which must be able to reach the directory through its parents (mktemp -d makes 0700).
      p=$(dirname "$(readlink -f "$dir")"); while [ "$p" != / ]; do chmod o+x "$p"; p=$(dirname "$p"); done
    fi
    port=$(free_port)
    as_postgres "$PGBIN/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_postgres "$PGBIN/pg_ctl -D '$dir/data' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" -l '$dir/log' -w start" >&2
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    PGBIN=$(pgbin)
    [ -d "$dir/data" ] && as_postgres "$PGBIN/pg_ctl -D '$dir/data' -m fast -w stop" >&2 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
