#!/usr/bin/env bash
# The README's first command in a fresh clone with an empty cargo target:
# `cargo run -p cicd-stack -- deploy --local --yes`, from the first cargo
# line to the printed outputs, with the time of each step taken from what
# the command itself prints (every line is timestamped as it arrives).
#
#   benchmarks/first-deploy.sh              (the committed HEAD)
#   FRESH_VENV=1 benchmarks/first-deploy.sh (the endpoint's Python venv too)
#
# The cargo registry is the machine's (already downloaded); the local
# endpoint's venv is linked from this checkout unless FRESH_VENV=1, in which
# case `deploy --local` creates it (pip install from PyPI). Results go to
# target/bench-first-deploy/ (the log, and steps.md).
set -euo pipefail
source "$(dirname "$0")/lib/workdir.sh"
bench_workdir first-deploy
clone=$out/clone
rm -rf "$clone"
git clone -q "$repo" "$clone"
if [[ -z "${FRESH_VENV:-}" ]]; then
  ln -s "$repo/.venv-local" "$clone/.venv-local"
fi
cd "$clone"
# A test environment's settings would change what is measured.
unset CICD_DSL_AWS_BIN CARGO_TARGET_DIR CICD_LOCAL_URL CICD_DSL_FUNCTION_BUILD
log=$out/first-deploy.log
python3 "$repo/benchmarks/lib/timestamp_lines.py" "$log" \
  cargo run -p cicd-stack -- deploy --local --yes
cargo run -q -p cicd-stack -- local stop >/dev/null 2>&1 || true
python3 - "$log" "$(git -C "$clone" rev-parse --short HEAD)" <<'PY' | tee "$out/steps.md"
import sys
log, commit = sys.argv[1], sys.argv[2]
lines = []
for raw in open(log):
    t, _, text = raw.rstrip("\n").partition("\t")
    lines.append((float(t), text))
end = lines[-1][0]
def first(prefix):
    return next((t for t, text in lines if text.lstrip().startswith(prefix)), None)
stack_built = first("building cicd-dsl-aws")
function_started = first("building function")
function_built = first("built function")
steps = [
    ("build `cicd-stack` (debug)", 0.0, stack_built),
    # The venv (when missing) is made during this step; the endpoint starts
    # at its end, before the synth builds the function.
    ("build `cicd-dsl-aws` (debug), start the endpoint", stack_built, function_started),
    ("build the function's asset (debug, for the local endpoint)", function_started, function_built),
    ("bootstrap, deploy, print the outputs", function_built, end),
]
print(f"commit {commit}")
print()
print("| step | time |")
print("|---|---|")
for name, start, stop in steps:
    shown = "-" if start is None or stop is None else f"{stop - start:.0f} s"
    print(f"| {name} | {shown} |")
print(f"| total, to the outputs | {end:.0f} s |")
PY
rm -rf "$clone"
