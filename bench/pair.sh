#!/usr/bin/env bash
# bench/run's helper, run by `hyperfine --prepare` before each timed run (so not timed itself):
# sets the previous run's report folder aside and measures what it is compared with right away,
# so that both see the same machine (2 shared cores are noisy; interleaved pairs are fairer than
# one series after another): the floor's replay of that run (--floor), and the SDK scenario
# (--sdk). Connection strings come from the environment variables named; $BENCH_BIN holds bench_floor.
#   bench/pair.sh DIR [--floor VAR] [--sdk VAR COPIES]
set -euo pipefail
dir=$1
shift
[[ -d $dir/run ]] || exit 0
moved=$dir/run.$(date +%s%N)
mv "$dir/run" "$moved"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --floor)
      "$BENCH_BIN/bench_floor" --results "$moved/results.json" --target "${!2}" --repeat 1 \
        --json "$moved/floor.json" --quiet >"$moved/floor.txt" 2>&1
      shift 2 ;;
    --sdk)
      node bench/sdk/scenario.mjs --connection-string "${!2}" --copies "$3" --json "$moved/sdk.json" >/dev/null
      shift 3 ;;
    *) echo "bench/pair.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
