#!/usr/bin/env bash
# Runs the criterion benches of the synth path and prints a Markdown table
# of the mean time per stage and stack, with the growth from 50 to 500
# resources (10x the resources; near-linear growth is about 10x the time).
# Then measures peak memory (max RSS) of one-shot synth runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_CRITERION:-}" != 1 ]]; then
  cargo bench -q -p cicd-dsl-core --bench synth >&2
fi

python3 - <<'PY'
import json, os
root = "target/criterion"
groups = ["load_model", "graph_topological_order", "rules_check", "synthesize", "to_json", "end_to_end"]
stacks = ["pipeline", "50", "200", "500"]

def mean(group, stack):
    path = os.path.join(root, group, stack, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"]  # nanoseconds

def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"

print("| stage | pipeline (17) | 50 | 200 | 500 | 500 / 50 |")
print("|---|---|---|---|---|---|")
for g in groups:
    times = [mean(g, s) for s in stacks]
    print(f"| {g} | " + " | ".join(fmt(t) for t in times) + f" | {times[3] / times[1]:.1f}x |")

# Generic items: every property checked against its type's resource schema.
generic = ["generic-50", "generic-200", "generic-500"]
print()
print("| stage | 50 generic | 200 generic | 500 generic | 500 / 50 |")
print("|---|---|---|---|---|")
for g in groups:
    times = [mean(g, s) for s in generic]
    print(f"| {g} | " + " | ".join(fmt(t) for t in times) + f" | {times[2] / times[0]:.1f}x |")
PY

peak=$(benchmarks/lib/bench-binary.sh synth_peak)
echo
echo "| stack | peak RSS | one-shot load+check+synth+to_json |"
echo "|---|---|---|"
for stack in 0 pipeline 50 200 500; do
  report=$( { /usr/bin/time -f 'RSS %M' "$peak" "$stack" >/dev/null; } 2>&1 )
  rss=$(sed -n 's/^RSS //p' <<<"$report")
  took=$(sed -n 's/.*json //p' <<<"$report")
  echo "| $stack | $((rss / 1024)).$(( (rss % 1024) * 10 / 1024 )) MiB | $took |"
done
