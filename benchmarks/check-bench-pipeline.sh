#!/usr/bin/env bash
# Checks that the pipeline stack the criterion benches build by hand
# (cicd-dsl-core/benches/support) synthesizes to the same template as
# the real stack (`cicd-stack synth`), the function's asset hash aside.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo run -q -p cicd-stack -- synth --out "$out/real" >/dev/null
peak=$(benchmarks/lib/bench-binary.sh synth_peak)
"$peak" pipeline --print >"$out/bench.json" 2>/dev/null

python3 - "$out/real/cicd-pipeline.template.json" "$out/bench.json" <<'PY'
import json, sys

def without_asset_key(template):
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Lambda::Function":
            code = resource["Properties"]["Code"]
            if "S3Key" in code:
                code["S3Key"] = "<asset>"
    return template

real, bench = (without_asset_key(json.load(open(p))) for p in sys.argv[1:3])
if real != bench:
    for key in sorted(set(real["Resources"]) | set(bench["Resources"])):
        if real["Resources"].get(key) != bench["Resources"].get(key):
            print(f"differs: Resources.{key}")
    for key in ("Description", "Metadata", "Outputs"):
        if real.get(key) != bench.get(key):
            print(f"differs: {key}")
    sys.exit("the bench pipeline has drifted from cicd-stack/src/lib.rs")
print(f"bench pipeline == cicd-stack synth ({len(real['Resources'])} resources)")
PY
