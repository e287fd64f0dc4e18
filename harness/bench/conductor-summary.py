#!/usr/bin/env python3
"""conductor-summary.py DIR|FILE... - harness-level figures from the
conductor's results JSON (format dllshm-results/1, harness/RESULTS.md):
the suite's wall time per file and runner, and per-scenario durations and
conductor overhead (wall time not spent inside scenarios, per scenario)."""
import glob
import json
import os
import statistics
import sys


def files_of(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out += sorted(glob.glob(os.path.join(a, "*.json")))
        elif os.path.isfile(a):
            out.append(a)
    return out


def main(argv):
    files = files_of(argv or ["results"])
    if not files:
        print("conductor results: none found in %s (run the suite with --json results/NAME.json first)"
              % " ".join(argv or ["results"]))
        return 0
    print("\nConductor results (harness level)")
    print("%-28s %-14s %9s %6s %10s %10s %10s %12s" % ("file", "runner", "wall_ms", "n", "sum_ms",
                                                        "median_ms", "max_ms", "overhead/sc"))
    for path in files:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%-28s unreadable: %s" % (os.path.basename(path), e))
            continue
        if doc.get("format") != "dllshm-results/1":
            continue
        wall = doc.get("wall_ms")
        results = doc.get("results", [])
        by_runner = {}
        for r in results:
            by_runner.setdefault(r.get("runner", "?"), []).append(r.get("duration_ms") or 0)
        total = sum(sum(d) for d in by_runner.values())
        overhead = (wall - total) / len(results) if wall is not None and results and wall >= total else None
        for runner, d in sorted(by_runner.items()):
            print("%-28s %-14s %9s %6d %10d %10.0f %10d %12s" % (
                os.path.basename(path)[:28], runner, wall if wall is not None else "?", len(d), sum(d),
                statistics.median(d), max(d), "%.1f ms" % overhead if overhead is not None else "n/a"))
    print("(overhead/sc: the file's wall_ms minus the scenarios' summed duration_ms, per scenario;"
          " n/a when scenarios ran in parallel)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
