#!/usr/bin/env bash
# Compile-time cost of generic items: crates whose stack declares N generic
# items (units of a dead-letter queue, a queue redriving to it, a table and
# an alarm on the queue's name; N = 0, 48, 200, 496: whole units of four), built in a throwaway
# workspace under target/bench-generic that depends on this repo by path.
# For each: a cold build of the crate alone (its dependencies built once
# before) and an incremental build after one value changes. The difference
# to N = 0 is what the items cost: the macro parses them, decodes the
# schemas of the types used and checks every property against them.
# Also: the cold build of cicd-dsl-cfn (the catalog) and the size of its data.
# RUNS (default 3) repetitions; prints a Markdown table.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/target/bench-generic"
runs=${RUNS:-3}
# 496 + the anchor bucket and its policy is 498 template resources, under
# CloudFormation's 500 per stack.
sizes=(0 48 200 496)
mkdir -p "$work"

write_crate() {
  local n=$1 dir="$work/generic-$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "generic-$n"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
cicd-dsl = { path = "$repo/cicd-dsl", features = ["cli"] }
TOML
  python3 - "$n" >"$dir/src/main.rs" <<'PY'
import sys
n = int(sys.argv[1])
out = ['#[cicd_dsl::stack(name = "generic-bench")]', "pub mod bench {",
       "    #[bucket(versioned)]", "    pub struct Anchor;"]
for u in range(n // 4):
    out += [
        f"    #[resource(AWS::SQS::Queue, MessageRetentionPeriod = 1209600, SqsManagedSseEnabled = true)]",
        f"    pub struct Dlq{u};",
        f"    #[resource(AWS::SQS::Queue, VisibilityTimeout = 180, SqsManagedSseEnabled = true,",
        f"        RedrivePolicy = {{ deadLetterTargetArn = Dlq{u}.arn(), maxReceiveCount = 5 }})]",
        f"    pub struct Queue{u};",
        f"    #[resource(AWS::DynamoDB::Table, BillingMode = \"PAY_PER_REQUEST\",",
        f"        AttributeDefinitions = [{{ AttributeName = \"id\", AttributeType = \"S\" }}],",
        f"        KeySchema = [{{ AttributeName = \"id\", KeyType = \"HASH\" }}],",
        f"        PointInTimeRecoverySpecification = {{ PointInTimeRecoveryEnabled = true }})]",
        f"    pub struct Table{u};",
        f"    #[resource(AWS::CloudWatch::Alarm, Namespace = \"AWS/SQS\", MetricName = \"ApproximateAgeOfOldestMessage\",",
        f"        Statistic = \"Maximum\", Period = 300, EvaluationPeriods = 1, Threshold = 600,",
        f"        ComparisonOperator = \"GreaterThanThreshold\",",
        f"        Dimensions = [{{ Name = \"QueueName\", Value = Queue{u}.attr(\"QueueName\") }}])]",
        f"    pub struct Age{u};",
    ]
out += ["}", "", "fn main() -> std::process::ExitCode {", "    cicd_dsl::cli::main(bench::stack())", "}"]
print("\n".join(out))
PY
}

members=()
for n in "${sizes[@]}"; do
  write_crate "$n"
  members+=("\"generic-$n\"")
done
joined=$(IFS=,; echo "${members[*]}")
python3 - "$repo/Cargo.toml" "$joined" >"$work/Cargo.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# Keep the profiles (they decide how the macro's dependencies are built).
profiles = text[text.index("[profile."):]
print(f"[workspace]\nresolver = \"3\"\nmembers = [{sys.argv[2]}]\n\n{profiles}", end="")
PY
cp "$repo/Cargo.lock" "$work/Cargo.lock"
cd "$work"

echo "building dependencies once..." >&2
cargo build -q -p generic-0 >&2

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}

median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

echo "| generic items | cold build of the stack crate (s) | after one value changes (s) |"
echo "|---|---|---|"
for n in "${sizes[@]}"; do
  cold=() warm=()
  for _ in $(seq "$runs"); do
    cargo clean -q -p "generic-$n"
    cold+=("$(seconds cargo build -q -p "generic-$n")")
    sed -i 's/Threshold = 600,/Threshold = 601,/; t; s/Threshold = 601,/Threshold = 600,/' "generic-$n/src/main.rs"
    sed -i 's/#\[bucket(versioned)\]/#[bucket(versioned, expire_after_days = 30)]/; t; s/#\[bucket(versioned, expire_after_days = 30)\]/#[bucket(versioned)]/' "generic-$n/src/main.rs"
    warm+=("$(seconds cargo build -q -p "generic-$n")")
  done
  echo "| $n | $(median "${cold[@]}") | $(median "${warm[@]}") |"
done

cd "$repo"
echo
cfn_cold=()
for _ in $(seq "$runs"); do
  cargo clean -q -p cicd-dsl-cfn
  cfn_cold+=("$(seconds cargo build -q -p cicd-dsl-cfn)")
done
echo "cicd-dsl-cfn cold build (dependencies built): $(median "${cfn_cold[@]}") s"
echo "catalog data: $(du -b cicd-dsl-cfn/data/schemas.jsonl | cut -f1) bytes ($(gzip -c cicd-dsl-cfn/data/schemas.jsonl | wc -c) gzipped)"
