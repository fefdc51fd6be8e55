"""Runs a command and writes each line of its output (stdout and stderr
together) to LOG as `<seconds since start>\t<line>`, echoing it as it comes;
exits with the command's status.

    python3 timestamp_lines.py LOG COMMAND [ARG ...]
"""

import subprocess
import sys
import time


def main() -> int:
    log_path, command = sys.argv[1], sys.argv[2:]
    started = time.monotonic()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            elapsed = time.monotonic() - started
            log.write(f"{elapsed:.2f}\t{line.rstrip()}\n")
            log.flush()
            sys.stdout.write(line)
        status = process.wait()
        log.write(f"{time.monotonic() - started:.2f}\t(exit {status})\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
