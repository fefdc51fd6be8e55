#!/usr/bin/env bash
# AWS API calls and wall time of a fresh deploy, a no-op deploy and a
# destroy of the pipeline stack against the local AWS endpoint, through the
# `cicd-stack` command line (`--local` starts or reuses the endpoint).
#
#   benchmarks/deploy-calls.sh            (RUNS=3 rounds of deploy, deploy, destroy)
#
# Each command prints its outcome with `--output json`; `api_calls` maps
# "<service>:<Operation>" to a count. The issue's bound: a no-op deploy makes
# at most 4 CloudFormation calls plus one check per asset.
set -euo pipefail
source "$(dirname "$0")/lib/workdir.sh"
bench_workdir deploy
runs=${RUNS:-3}

cargo build -q -p cicd-stack -p cicd-dsl-aws
bin=$repo/target/debug/cicd-stack
stack_name=bench-deploy-$$
common=(--stack-name "$stack_name" --out "$out/cicd.out" --output json)

"$bin" "${common[@]}" synth >/dev/null # the asset is built before timing

# An endpoint of our own, bootstrapped once (the toolkit stack with the
# asset bucket is a one-time step, not part of a deploy), stopped at the end.
export CICD_LOCAL_STATE_DIR=$out/local-state
trap '"$bin" local stop >/dev/null 2>&1 || true' EXIT
"$bin" local start >&2
"$bin" "${common[@]}" bootstrap --local >"$out/bootstrap.json"

run() { # label, command...
  local label=$1; shift
  local started ended
  started=$(date +%s.%N)
  "$@" >"$out/$label.json"
  ended=$(date +%s.%N)
  python3 - "$label" "$out/$label.json" "$started" "$ended" <<'PY'
import json, sys
label, path, started, ended = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
text = open(path).read()
# The outcome is the last JSON document on stdout.
outcome = json.loads(text[text.rindex("\n{") + 1:] if "\n{" in text else text)
calls = outcome.get("api_calls", {})
per_service = {}
for key, n in calls.items():
    service = key.split(":", 1)[0]
    per_service[service] = per_service.get(service, 0) + n
print(json.dumps({"label": label, "wall_s": round(ended - started, 2),
                  "total": sum(calls.values()), "per_service": per_service, "calls": calls}))
PY
}

# Destroy keeps the bucket, repository and log groups, so each round uses
# its own stack name and physical-name prefix.
for i in $(seq "$runs"); do
  round=(--stack-name "$stack_name-$i" --name-prefix "r$i-" --out "$out/cicd.out" --output json)
  run "fresh-$i" "$bin" "${round[@]}" deploy --local --yes
  run "noop-$i" "$bin" "${round[@]}" deploy --local --yes
  run "destroy-$i" "$bin" "${round[@]}" destroy --local --yes
done | tee "$out/results.jsonl"
