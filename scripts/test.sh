#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what is missing, starts every server the tests use on free
# loopback ports, runs all test projects, and stops the servers again even when tests fail.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/callcenter-test.XXXXXX)
servers_started=()

cleanup() {
  for s in "${servers_started[@]}"; do "$root/scripts/$s.sh" stop "$work/$s" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

start_server() { # name -> exports its connection string in the variable named $2
  local name=$1 var=$2 value
  value=$("$root/scripts/$name.sh" start "$work/$name") || { echo "could not start $name" >&2; exit 1; }
  servers_started+=("$name")
  export "$var=$value"
  echo "started $name for the tests" >&2
}

command -v dotnet >/dev/null || { echo "the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

start_server postgres CALLCENTER_TEST_POSTGRES
start_server azurite CALLCENTER_TEST_AZURITE

# Real third-party websocket clients (@stomp/stompjs, sockjs-client, ws) for the wire tests.
command -v npm >/dev/null || { echo "installing Node.js and npm..." >&2; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) >&2; }
(cd tests/wire && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci in tests/wire failed" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build CallCenter.sln -nologo -v q -c Debug || exit 1

log="$work/test.log"
dotnet test CallCenter.sln -nologo --no-build -c Debug --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line for CI, summed over every test assembly.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
