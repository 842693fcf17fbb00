#!/usr/bin/env python3
"""Interleaved A/B of CLI builds against the floors, as processes, in one run (docs/performance.md, phase 2).

    python3 tests/Benchmarks/scale/ab.py <rounds> <commands.json> [results.json]

commands.json is a list of [name, [program, arg, ...]]; every round runs each command once, in the order given, so
load on the machine falls on all of them alike. Prints, per command, the median wall time and CPU time (user + system
of the process and its threads, from getrusage of the children), CPU ÷ wall, and both as ratios to the first command
(put the floor first). With results.json, also writes the medians and the load average there (for phase2_chart.py).
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        commands = json.load(f)
    runs = {name: [] for name, _ in commands}
    load_before = os.getloadavg()
    for _ in range(rounds):
        for name, argv in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            runs[name].append((wall, cpu, code))
    load_after = os.getloadavg()
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}; {rounds} rounds")
    results, first = [], None
    for name, _ in commands:
        walls = [r[0] for r in runs[name]]
        cpus = [r[1] for r in runs[name]]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        first = first or (wall, cpu)
        codes = sorted({r[2] for r in runs[name]})
        print(f"{name:32s} wall {wall:7.3f} s (fastest {min(walls):.3f})  CPU {cpu:6.3f} s  CPU/wall {cpu / wall:4.2f}  "
              f"wall/first {wall / first[0]:5.2f}  CPU/first {cpu / first[1]:5.2f}  exit {codes}")
        results.append({"name": name, "wall": wall, "fastest": min(walls), "cpu": cpu, "exit": codes})
    if len(sys.argv) == 4:
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            json.dump({"rounds": rounds, "load": [load_before[0], load_after[0]], "results": results}, f, indent=1)
    return 0 if all(r["exit"] == [0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
