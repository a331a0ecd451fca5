"""Run every benchmark: `python -m benchmarks [--quick]` from the repository root.

Each figure is measured against a fair baseline in the same run, in fresh processes, interleaved; the table
gives the median of each (the minimum beside it), the ratio of the medians and the target. The same run writes
benchmarks/results.json and the table in the README's performance section.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import figures, report, scenarios
from benchmarks.common import ROOT, Figure

RESULTS = Path(__file__).with_name("results.json")
README = ROOT / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def _cell(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:,.1f} {unit}"


def table(results: list[Figure]) -> str:
    lines = ["| figure | courseware (median · min) | baseline (median · min) | ratio (median · min) | target | met |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for figure in results:
        ours = f"{_cell(figure.value, figure.unit)} · {_cell(figure.minimum, figure.unit)}"
        base = f"{_cell(figure.baseline, figure.unit)} · {_cell(figure.baseline_minimum, figure.unit)}"
        ratio = "—" if figure.ratio is None else f"{figure.ratio:.2f}× · " + (
            "—" if figure.min_ratio is None else f"{figure.min_ratio:.2f}×")
        lines.append(f"| {figure.name} | {ours} | {base} | {ratio} | {figure.target} | "
                     f"{'yes' if figure.met else 'NO'} |")
    return "\n".join(lines)


def legend(results: list[Figure]) -> str:
    return "\n".join(f"- *{figure.name}*: {figure.measures}." for figure in results if figure.measures)


def write_readme(results: list[Figure], when: str, machine: str, runs: int) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    body = (f"{START}\nMeasured {when} on {machine}, {runs} interleaved runs of each figure in fresh processes "
            f"(`python -m benchmarks`).\n\n{table(results)}\n\n{legend(results)}\n{END}")
    README.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: body, text, flags=re.S),
                      encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes (noisier, for a check)")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    from courseware.core.paths import bundled_course

    bundled = bundled_course()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        config, data = root / "config", root / "data"
        config.mkdir()
        sizes = (10_000, 50_000) if args.quick else (10_000, 50_000, 100_000)
        courses = {}
        for size in sizes:
            scenarios.question_course(root / f"questions-{size}", size)
            courses[size] = root / f"questions-{size}"
        scenarios.card_course(root / "cards")
        scenarios.empty_store(root / "empty", root / "cards")
        scenarios.history_store(root / "history", root / "cards")
        results = (figures.startup(runs, bundled, data, config, root / "cards", root / "empty", root / "history",
                                   courses[50_000])
                   + figures.loading(runs, courses)
                   + figures.store(runs, root / "cards", root / "history")
                   + figures.stats_json(runs, root / "cards", root / "history", config)
                   + figures.module(runs, bundled)
                   + figures.validate(runs, bundled)
                   + report.measure(runs))
    print(table(results))
    when = datetime.now(UTC).isoformat(timespec="seconds")
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    RESULTS.write_text(json.dumps({
        "when": when, "machine": machine, "runs": runs,
        "figures": [{"name": f.name, "value": round(f.value, 3), "minimum": f.minimum and round(f.minimum, 3),
                     "unit": f.unit, "baseline": None if f.baseline is None else round(f.baseline, 3),
                     "baseline_minimum": f.baseline_minimum and round(f.baseline_minimum, 3),
                     "ratio": None if f.ratio is None else round(f.ratio, 3), "target": f.target, "met": f.met,
                     "measures": f.measures} for f in results],
    }, indent=2) + "\n")
    if not args.quick:
        write_readme(results, when, machine, runs)
    print(f"\nwritten to {RESULTS}")
    return 0 if all(figure.met for figure in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
