#!/usr/bin/env bash
# Compile-time benchmarks of stack crates, in a throwaway workspace under
# target/bench-compile that depends on this repo's crates by path.
#
#   benchmarks/compile-time.sh [SIZE...]     (default: 50 200 500; RUNS=3)
#
# For each size it generates three crates with the same stack (see
# gen_stack.py): `dsl-N` written with the attribute macros, `plain-N`
# written as struct literals, and `expanded-N`, what the macro expands to
# written out by hand. With every dependency built once, it times
#   cold          `cargo build -p <crate>` after `cargo clean -p <crate>`
#   incremental   `cargo build -p <crate>` after flipping one log group's
#                 retention (7 <-> 14 days) in src/lib.rs
#   relink        `cargo build -p <crate>` after touching src/main.rs only:
#                 the cost of compiling the 3-line binary and linking it
# and the same for a copy of cicd-stack (the pipeline), whose
# incremental build is the edit half of the edit-build-synth loop.
# The macro's share of a build is (dsl - expanded) / dsl: the same output
# with and without the macro running.
#
# Results: target/bench-compile/results/*.json (hyperfine) and a Markdown
# table on stdout.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/target/bench-compile
runs=${RUNS:-3}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(50 200 500)
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

mkdir -p "$work/results"
export CARGO_TARGET_DIR=$work/target

# The workspace manifest is the repo's own (same profiles, lints and
# workspace dependencies), with members replaced and paths made absolute.
members=()
for n in "${sizes[@]}"; do
  python3 "$repo/benchmarks/gen_stack.py" "$work/dsl-$n" "$n" dsl "$repo"
  python3 "$repo/benchmarks/gen_stack.py" "$work/plain-$n" "$n" plain "$repo"
  # A placeholder until plain-N can print the model (below).
  echo '{"name":"x","description":null,"tags":{},"resources":[],"outputs":[]}' >"$work/empty-model.json"
  python3 "$repo/benchmarks/gen_stack.py" "$work/expanded-$n" "$n" expanded "$repo" "$work/empty-model.json"
  members+=("\"dsl-$n\"" "\"plain-$n\"" "\"expanded-$n\"")
done
rm -rf "$work/cicd-stack"
cp -r "$repo/cicd-stack" "$work/cicd-stack"
rm -rf "$work/cicd-stack/tests"
sed -i "s|path = \"\.\./|path = \"$repo/|g" "$work/cicd-stack/Cargo.toml"
members+=("\"cicd-stack\"")
joined=$(IFS=,; echo "${members[*]}")
# The workspace's member list spans several lines; replace it whole and
# point its path dependencies at this repo.
python3 - "$repo/Cargo.toml" "$joined" "$repo" >"$work/Cargo.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"members = \[[^\]]*\]", "members = [" + sys.argv[2] + "]", text, count=1)
text = re.sub(r'path = "(?!/)', 'path = "' + sys.argv[3] + "/", text)
print(text, end="")
PY
cp "$repo/Cargo.lock" "$work/Cargo.lock"

cd "$work"
# One crate at a time: cargo unifies features over what one command builds,
# and each crate is measured alone (`cicd-stack` enables the deploy feature
# of cicd-dsl, the generated crates only `cli`).
echo "building dependencies once..." >&2
for member in "${members[@]}"; do
  cargo build -q -p "${member//\"/}"
done
for n in "${sizes[@]}"; do
  DUMP_MODEL=1 "target/debug/plain-$n" >"model-$n.json"
  python3 "$repo/benchmarks/gen_stack.py" "expanded-$n" "$n" expanded "$repo" "model-$n.json"
  cargo build -q -p "expanded-$n"
done

flip() { # flips the marked attribute of a crate between 7 and 14 days
  local lib=$1/src/lib.rs
  if grep -q 'retention_days = 7 /\* edit \*/\|Some(7) /\* edit \*/' "$lib"; then
    sed -i -e 's|retention_days = 7 /\* edit \*/|retention_days = 14 /* edit */|' \
           -e 's|Some(7) /\* edit \*/|Some(14) /* edit */|' "$lib"
  else
    sed -i -e 's|retention_days = 14 /\* edit \*/|retention_days = 7 /* edit */|' \
           -e 's|Some(14) /\* edit \*/|Some(7) /* edit */|' "$lib"
  fi
}
export -f flip

# The copy of the pipeline gets the same kind of edit: the build log
# group's retention.
sed -i '0,/retention_days = 7)/s//retention_days = 7 \/* edit *\/)/' cicd-stack/src/lib.rs
grep -q '/\* edit \*/' cicd-stack/src/lib.rs || { echo "no attribute to edit in the pipeline copy" >&2; exit 1; }

measure() { # crate
  local crate=$1
  hyperfine -N --style none --runs "$runs" --export-json "results/$crate-cold.json" \
    --prepare "cargo clean -q -p $crate" "cargo build -q -p $crate" >&2
  hyperfine -N --style none --runs "$runs" --export-json "results/$crate-incremental.json" \
    --prepare "bash -c 'flip $crate'" "cargo build -q -p $crate" >&2
  hyperfine -N --style none --runs "$runs" --export-json "results/$crate-relink.json" \
    --prepare "touch $crate/src/main.rs" "cargo build -q -p $crate" >&2
}

for n in "${sizes[@]}"; do
  measure "dsl-$n"
  measure "plain-$n"
  measure "expanded-$n"
done
measure cicd-stack

python3 - "${sizes[@]}" <<'PY'
import json, sys
sizes = sys.argv[1:]

def mean(name, kind):
    with open(f"results/{name}-{kind}.json") as f:
        r = json.load(f)["results"][0]
    return r["mean"], r["stddev"] or 0.0

def cell(name, kind):
    m, s = mean(name, kind)
    return f"{m:.2f} ± {s:.2f} s"

print("| crate | resources | cold | incremental (1 attribute) | relink only (touch main.rs) |")
print("|---|---|---|---|---|")
for n in sizes:
    for variant in ("dsl", "expanded", "plain"):
        name = f"{variant}-{n}"
        print(f"| {name} | {n} | {cell(name, 'cold')} | {cell(name, 'incremental')} | {cell(name, 'relink')} |")
print(f"| cicd-stack (copy) | 17 | {cell('cicd-stack', 'cold')} | {cell('cicd-stack', 'incremental')} | {cell('cicd-stack', 'relink')} |")
print()
print("| resources | macro time, cold (dsl - expanded) | macro share of the cold build | dsl cold vs plain cold |")
print("|---|---|---|---|")
for n in sizes:
    dsl, _ = mean(f"dsl-{n}", "cold")
    expanded, _ = mean(f"expanded-{n}", "cold")
    plain, _ = mean(f"plain-{n}", "cold")
    print(f"| {n} | {(dsl - expanded) * 1000:.0f} ms | {(dsl - expanded) / dsl * 100:.0f} % | {dsl / plain:.2f}x |")
if len(sizes) > 1:
    lo, hi = sizes[0], sizes[-1]
    for kind in ("cold", "incremental"):
        a, _ = mean(f"dsl-{lo}", kind)
        b, _ = mean(f"dsl-{hi}", kind)
        print(f"\nmarginal {kind} cost per resource (dsl-{lo} -> dsl-{hi}): {(b - a) / (int(hi) - int(lo)) * 1000:.2f} ms")
PY
