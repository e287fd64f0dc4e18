#!/usr/bin/env python3
"""harness-figures.py FLOOR_MS OUT.json LABEL=RESULTS.json... - make bench's
figures of the harness itself, from the conductor's results files (format
dllshm-results/1, harness/RESULTS.md): for each run, its wall time, the
scenarios it ran, the Windows processes it started (process_starts), and
each as a ratio to the floor, the start of an empty Windows program measured
in the same run, so that a slower machine changes the seconds and not the
ratio.  Writes OUT.json; exit 1 on a file it cannot read or that counts no
start (a conductor older than process_starts)."""
import json
import sys


def figures(label, path, floor_ms):
    with open(path) as f:
        doc = json.load(f)
    if doc.get("format") != "dllshm-results/1":
        raise ValueError("%s: not a dllshm-results/1 file" % path)
    ran = [r for r in doc.get("results", []) if r.get("result") != "skip"]
    starts = sum(r.get("process_starts", 0) for r in ran)
    if ran and not starts:
        raise ValueError("%s: %d scenarios ran and no process_starts is counted (a conductor older "
                         "than this script?)" % (path, len(ran)))
    wall_ms = doc.get("wall_ms")
    if wall_ms is None:
        raise ValueError("%s: no wall_ms" % path)
    return {
        "run": label, "wall_s": round(wall_ms / 1000.0, 1), "scenarios": len(ran),
        "process_starts": starts,
        "starts_per_scenario": round(starts / len(ran), 1) if ran else 0,
        "wall_in_floors": round(wall_ms / floor_ms),
        # the share of the wall time that the starts alone would take, one
        # at a time: what fewer starts could still save
        "starts_share": round(starts * floor_ms / wall_ms, 2) if wall_ms else 0,
    }


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    floor_ms = float(argv[0])
    if floor_ms <= 0:
        print("harness-figures: the floor must be a positive time, got %s" % argv[0], file=sys.stderr)
        return 2
    rows = []
    for arg in argv[2:]:
        label, sep, path = arg.partition("=")
        if not sep:
            print("harness-figures: expected LABEL=RESULTS.json, got %s" % arg, file=sys.stderr)
            return 2
        try:
            rows.append(figures(label, path, floor_ms))
        except (OSError, ValueError) as e:
            print("harness-figures: %s" % e, file=sys.stderr)
            return 1
    print("\nThe harness (floor: an empty Windows program starts in %.1f ms, median, same run)" % floor_ms)
    print("%-34s %8s %9s %7s %10s %14s %12s" % ("run", "wall s", "scenarios", "starts", "starts/scn",
                                                  "wall / floor", "starts share"))
    for r in rows:
        print("%-34s %8.1f %9d %7d %10.1f %13dx %12.2f" % (r["run"], r["wall_s"], r["scenarios"],
              r["process_starts"], r["starts_per_scenario"], r["wall_in_floors"], r["starts_share"]))
    print("(starts share: starts x floor / wall, the time the starts alone take one at a time;"
          " above 1 with --jobs: they overlap)")
    with open(argv[1], "w") as f:
        json.dump({"format": "dllshm-bench-harness/1", "floor_ms": floor_ms, "runs": rows}, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
