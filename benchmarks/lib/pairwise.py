#!/usr/bin/env python3
"""Wall time of a baseline command against peers, measured pair by pair.

    pairwise.py RUNS BASE_NAME BASE_CMD PEER_NAME PEER_CMD [PEER_NAME PEER_CMD ...]

Each round runs the baseline, then each peer, one after the other, so a
busy moment on the machine lands on both sides of a pair instead of on one
tool's whole series. A ratio is taken within each round (peer / baseline)
and the table reports every round's ratio and their median. Commands are
split on whitespace and started with posix_spawn (no shell), so the timer
adds as little as a process start costs; their output goes to /dev/null and
a failing command stops the measurement.
"""

import os
import statistics
import sys
import time


def wall_seconds(argv: list[str]) -> float:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"pairwise: `{' '.join(argv)}` exited {code}")
    return elapsed


def main() -> None:
    args = sys.argv[1:]
    if len(args) < 5 or len(args) % 2 != 1:
        sys.exit(__doc__)
    runs = int(args[0])
    commands = [(args[i], args[i + 1].split()) for i in range(1, len(args), 2)]
    (base_name, base_cmd), peers = commands[0], commands[1:]

    for _, argv in commands:  # warm-up: caches, JIT-less first loads
        wall_seconds(argv)

    rounds = []
    for _ in range(runs):
        base = wall_seconds(base_cmd)
        rounds.append((base, [wall_seconds(argv) for _, argv in peers]))

    print("| round | " + " | ".join(name for name, _ in commands) + " | "
          + " | ".join(f"{name} / {base_name}" for name, _ in peers) + " |")
    print("|---" * (1 + len(commands) + len(peers)) + "|")
    for i, (base, peer_times) in enumerate(rounds, 1):
        times = [base, *peer_times]
        ratios = [p / base for p in peer_times]
        print(f"| {i} | " + " | ".join(f"{t * 1000:.1f} ms" for t in times) + " | "
              + " | ".join(f"{r:.0f}x" for r in ratios) + " |")
    medians = [statistics.median(r[0] for r in rounds)]
    medians += [statistics.median(r[1][j] for r in rounds) for j in range(len(peers))]
    median_ratios = [statistics.median(r[1][j] / r[0] for r in rounds) for j in range(len(peers))]
    print("| median | " + " | ".join(f"{t * 1000:.1f} ms" for t in medians) + " | "
          + " | ".join(f"{r:.0f}x" for r in median_ratios) + " |")


if __name__ == "__main__":
    main()
