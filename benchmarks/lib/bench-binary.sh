#!/usr/bin/env bash
# Builds the cicd-dsl-core bench target named $1 (release profile) and prints
# the path of its executable.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench -q -p cicd-dsl-core --bench "$1" --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == sys.argv[1] and msg.get("executable"):
        print(msg["executable"])
' "$1"
