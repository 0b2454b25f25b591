"""Time commands against each other, run in turn: median wall-clock and CPU time.

    .venv/bin/python bench/interleaved_runs.py 20 "CMD_A ..." "CMD_B ..." [...]

Each round runs every command once, in the order given, so that a machine whose
speed drifts (a shared host) slows all of them alike. Prints, per command, the
median and least wall-clock time and the median CPU time (user + system, the
command's child processes included), in milliseconds. Used for before/after
comparisons of ``jisr screen``, with "before" installed into a separate folder
(``pip install --no-deps --target DIR <old tree>``) and put first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import statistics
import subprocess
import time


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rounds", type=int, help="how many times each command runs")
    ap.add_argument("commands", nargs="+", help="commands, each one shell-quoted string")
    args = ap.parse_args()
    commands = [shlex.split(c) for c in args.commands]
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(args.rounds):
        for k, command in enumerate(commands):
            cpu0, start = _cpu_of_children(), time.perf_counter()
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )
            walls[k].append((time.perf_counter() - start) * 1000)
            cpus[k].append((_cpu_of_children() - cpu0) * 1000)
    print("| command | wall, median (ms) | wall, least (ms) | CPU, median (ms) |")
    print("|---|---:|---:|---:|")
    for k, text in enumerate(args.commands):
        print(
            f"| `{text}` | {statistics.median(walls[k]):.1f} | {min(walls[k]):.1f} "
            f"| {statistics.median(cpus[k]):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
