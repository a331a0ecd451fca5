"""Run every benchmark: `python -m benchmarks [--quick]` from the repository root.

Prints a table of each figure, its baseline from the same run, the ratio and the target, and writes
them to benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import loading, report, startup, store
from benchmarks.common import Figure

RESULTS = Path(__file__).with_name("results.json")


def table(figures: list[Figure]) -> str:
    lines = ["| figure | courseware | baseline | ratio | target | met |", "| --- | ---: | ---: | ---: | --- | --- |"]
    for figure in figures:
        baseline = f"{figure.baseline:,.1f} {figure.unit}" if figure.baseline is not None else "—"
        ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else "—"
        lines.append(f"| {figure.name} | {figure.value:,.2f} {figure.unit} | {baseline} | {ratio} | {figure.target} | "
                     f"{'yes' if figure.met else 'NO'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (noisier)")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    figures = startup.measure(runs) + loading.measure(runs) + store.measure(runs) + report.measure(runs)
    print(table(figures))
    RESULTS.write_text(json.dumps({
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "runs": runs,
        "figures": [{"name": f.name.strip(), "value": round(f.value, 3), "unit": f.unit,
                     "baseline": None if f.baseline is None else round(f.baseline, 3),
                     "ratio": None if f.ratio is None else round(f.ratio, 3), "target": f.target, "met": f.met}
                    for f in figures],
    }, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")
    return 0 if all(figure.met for figure in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
