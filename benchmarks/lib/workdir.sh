# Sourced by the benchmark scripts that keep their results under target/.
#
#   bench_workdir <name>
#
# sets $repo (the workspace root) and $out (target/bench-<name>, created) and
# moves to the workspace root, where the scripts run cargo.
bench_workdir() {
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  out=$repo/target/bench-$1
  mkdir -p "$out"
  cd "$repo"
}
