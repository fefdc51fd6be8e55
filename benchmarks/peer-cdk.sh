#!/usr/bin/env bash
# The same pipeline synthesized by `cicd-stack synth` and by AWS CDK
# (benchmarks/cdk), in one run on one machine: wall time (hyperfine) and
# peak memory (max RSS from /usr/bin/time, median of RUNS), then the same
# commands pair by pair (benchmarks/lib/pairwise.py) for per-round ratios.
#
#   benchmarks/peer-cdk.sh          (RUNS=5)
#
# Both tools stage the same function code: cicd-stack builds (or reuses) its
# cargo asset; CDK gets the zip cicd-stack wrote (CICD_ASSET_ZIP) and hashes
# and copies it into cdk.out as it does for any file asset. cicd-stack runs
# warm (its asset cache filled by a first run), as in the edit-synth loop.
set -euo pipefail
source "$(dirname "$0")/lib/workdir.sh"
bench_workdir peer
runs=${RUNS:-5}

# The whole workspace, as every build here: a `-p` subset unifies features
# differently and rebuilds the AWS SDK into the same target dir.
cargo build -q --workspace
stack_bin=$repo/target/debug/cicd-stack
"$stack_bin" synth --out "$out/cicd.out" >/dev/null # fills the asset cache
asset=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["assets"][0]["file"])' "$out/cicd.out/assets.json")
export CICD_ASSET_ZIP=$out/cicd.out/$asset

cd "$repo/benchmarks/cdk"
[[ -d node_modules ]] || npm ci --no-audit --no-fund >&2
npx tsc
export CDK_DISABLE_VERSION_CHECK=1 AWS_EC2_METADATA_DISABLED=true
node_app="env CDK_OUTDIR=$out/cdk-node.out node dist/app.js"
cdk_cli="npx cdk synth --quiet --no-notices --output $out/cdk-cli.out"
rust_synth="$stack_bin synth --out $out/cicd.out"

hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/wall.json" \
  -n "cicd-stack synth (debug)" "$rust_synth" \
  -n "node app.js (app.synth())" "$node_app" \
  -n "cdk synth" "$cdk_cli" >&2

peak_kib() { # median max RSS of $runs runs of a command
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
rust_peak=$(peak_kib $rust_synth)
node_peak=$(peak_kib $node_app)
cdk_peak=$(peak_kib $cdk_cli)

python3 - "$out/wall.json" "$rust_peak" "$node_peak" "$cdk_peak" \
  "$out/cicd.out/cicd-pipeline.template.json" "$out/cdk-node.out/cicd-pipeline.template.json" <<'PY'
import json, sys
wall = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
peaks = dict(zip(["cicd-stack synth (debug)", "node app.js (app.synth())", "cdk synth"],
                 (int(x) for x in sys.argv[2:5])))
count = lambda p: len(json.load(open(p))["Resources"])
rust_resources, cdk_resources = count(sys.argv[5]), count(sys.argv[6])
base = wall["cicd-stack synth (debug)"]["mean"]
base_peak = peaks["cicd-stack synth (debug)"]
print("| command | wall (mean ± σ) | peak RSS | wall ratio | memory ratio |")
print("|---|---|---|---|---|")
for name, r in wall.items():
    print(f"| {name} | {r['mean'] * 1000:.0f} ± {(r['stddev'] or 0) * 1000:.0f} ms | "
          f"{peaks[name] / 1024:.1f} MiB | {r['mean'] / base:.0f}x | {peaks[name] / base_peak:.0f}x |")
print()
print(f"template resources: cicd-stack {rust_resources}, CDK {cdk_resources}")
PY

# The issue's measure: each round runs cicd-stack synth and then each CDK
# command, and the ratio is taken within the round.
echo
echo "pair by pair, $runs rounds (ratio within each round):"
python3 "$repo/benchmarks/lib/pairwise.py" "$runs" \
  "cicd-stack synth" "$rust_synth" \
  "node app.js" "$node_app" \
  "cdk synth" "$cdk_cli"
