#!/usr/bin/env bash
# Runs a benchmark on Orleans (this tree) and on the retired home-made runtime (commit 6a14e6d, built from `git archive`
# into a temporary directory) alternately, same options, so both see the same machine load. docs/performance.md.
#   bench/compare-home-made-runtime.sh [ROUNDS] -- BENCH-NAME [OPTIONS...]
#   e.g. bench/compare-home-made-runtime.sh 1 -- dialer-throughput --no-recording
set -euo pipefail
rounds=${1:-1}; shift || true
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [ROUNDS] -- BENCH-NAME [OPTIONS...]" >&2; exit 2; }
root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git -C "$root" archive 6a14e6d | tar -x -C "$old"
dotnet build -c Release "$old/bench/Bench" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/Bench" -v q -nologo >/dev/null
for round in $(seq 1 "$rounds"); do
  for which in home-made orleans; do
    if [ $which = home-made ]; then dir=$old; else dir=$root; fi
    echo "=== round $round, $which runtime, load $(cut -d' ' -f1-3 /proc/loadavg), $(date +%T)"
    # The old tree's dialer-throughput had a 5-s warm-up; give it Orleans' 15 s unless the caller chose one.
    extra=()
    if [ "$1" = dialer-throughput ] && [[ " $* " != *" --warmup "* ]]; then extra=(--warmup 15); fi
    "$dir/bench/Bench/bin/Release/net10.0/CallCenter.Bench" "$@" "${extra[@]}" 2>&1 | grep -v '^  t+\|^fail\|^warn\|^info\|^      '
  done
done
