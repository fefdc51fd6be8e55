#!/usr/bin/env bash
# Wall time of deploying an app of 4 independent stacks (examples/two-stack-app,
# binary `example-four-stacks`: one log group each) against the local AWS endpoint,
# serially (`--concurrency 1`) and in parallel (`--concurrency 4`), RUNS
# rounds, each deploy followed by a destroy (the log groups are
# `removal = Destroy`, so nothing is kept between rounds).
#
#   benchmarks/app-parallel.sh            (RUNS=5)
set -euo pipefail
source "$(dirname "$0")/lib/workdir.sh"
bench_workdir app-parallel
runs=${RUNS:-5}

# --workspace: the same feature set (and build) as the tests'.
cargo build -q --workspace --bins
bin=$repo/target/debug/example-four-stacks
export CICD_DSL_AWS_BIN=$repo/target/debug/cicd-dsl-aws
export CICD_LOCAL_STATE_DIR=$out/local-state
trap '"$bin" local stop >/dev/null 2>&1 || true' EXIT
"$bin" local start >&2

timed() { # label, command...
  local label=$1; shift
  local started ended
  started=$(date +%s.%N)
  "$@" >/dev/null 2>"$out/$label.log"
  ended=$(date +%s.%N)
  python3 -c 'import sys; print(sys.argv[1], round(float(sys.argv[3]) - float(sys.argv[2]), 3))' "$label" "$started" "$ended"
}

for i in $(seq "$runs"); do
  for n in 1 4; do
    timed "concurrency-$n" "$bin" deploy --local --yes --concurrency "$n"
    "$bin" destroy --local --yes >/dev/null 2>&1
  done
done | tee "$out/results.txt"

python3 - "$out/results.txt" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    label, seconds = line.split()
    times.setdefault(label, []).append(float(seconds))
for label, values in times.items():
    print(f"{label}: median {statistics.median(values):.2f} s, min {min(values):.2f} s, max {max(values):.2f} s ({len(values)} runs)")
PY
