#!/usr/bin/env bash
# Throwaway Azurite blob service (the Azure Storage emulator) for tests, on a free loopback port.
#   scripts/azurite.sh start DIR   -> prints a connection string; installs azurite with npm (into a cache dir) if absent
#   scripts/azurite.sh stop DIR
# DIR keeps the blobs (DIR/data), the port (DIR/port) and the process id (DIR/pid). Starting again on a DIR that holds a
# port reuses that port and the same data, which is how the tests simulate a storage outage and its end.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state directory}
cache=${CALLCENTER_AZURITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/callcenter/azurite}
bin="$cache/node_modules/.bin/azurite-blob"
# The emulator's well-known development account (public, documented by Microsoft; not a secret).
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
free_port() { python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()
PY
}
ready() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
case "$cmd" in
  start)
    if [ ! -x "$bin" ]; then
      command -v npm >/dev/null || { echo "installing Node.js and npm..." >&2; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) >&2; }
      echo "installing azurite into $cache..." >&2
      mkdir -p "$cache"
      (cd "$cache" && npm install --no-audit --no-fund --loglevel=error azurite >&2)
    fi
    mkdir -p "$dir/data"
    # Already running on this directory: a second process on the same data would corrupt it; just answer again.
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$(cat "$dir/port")/$account;"
      exit 0
    fi
    port=$(cat "$dir/port" 2>/dev/null || free_port)
    echo "$port" >"$dir/port"
    nohup "$bin" --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/data" --disableTelemetry --skipApiVersionCheck \
      >>"$dir/log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do ready "$port" && break; sleep 0.1; done
    ready "$port" || { echo "azurite did not start:" >&2; cat "$dir/log" >&2; exit 1; }
    echo "DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/$account;"
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      pid=$(cat "$dir/pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
