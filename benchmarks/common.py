"""What every benchmark shares: figures with their baseline, and pairs of fresh processes run interleaved.

Each measurement runs in a fresh interpreter, so imports, caches and the garbage collector start the same way
for courseware and for its baseline; the two are run alternately, run after run, so that a machine busy with
something else slows both alike. Each figure reports the minimum and the median of its runs, and the ratio of
the medians (the minimum's ratio beside it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Figure:
    """One row of the results table: courseware's median and minimum against the baseline's."""

    name: str
    value: float
    baseline: float | None
    unit: str
    target: str
    met: bool
    minimum: float | None = None
    baseline_minimum: float | None = None
    measures: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def min_ratio(self) -> float | None:
        if self.minimum is None or not self.baseline_minimum:
            return None
        return self.minimum / self.baseline_minimum


@dataclass(frozen=True)
class Child:
    """Python code run in a fresh interpreter. If it prints a JSON object with ``seconds`` on its last line,
    that is the time measured (of the work inside it); otherwise the whole process is timed."""

    code: str
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mib: float


#: Run first in every child: at exit it writes the process's own peak resident memory (``VmHWM``) to the file
#: named by BENCHMARK_PEAK_FILE. The kernel's ``ru_maxrss`` of a child counts the parent's memory at the fork,
#: so a benchmark process holding its generated data would lend every child its size.
PEAK_AT_EXIT = textwrap.dedent("""
    import atexit as _atexit, os as _os
    def _write_peak():
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(_os.environ["BENCHMARK_PEAK_FILE"], "w", encoding="ascii") as out:
            out.write(peak)
    _atexit.register(_write_peak)
""")


def run(child: Child) -> Sample:
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", PEAK_AT_EXIT + child.code, *child.args], cwd=ROOT,
                                   env={**os.environ, "PYTHONPATH": str(ROOT), "BENCHMARK_PEAK_FILE": str(peak_file),
                                        **child.env},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"benchmark child failed: {process.stderr.read().decode(errors='replace')[-2000:]}")
        peak_kib = int(peak_file.read_text(encoding="ascii")) if peak_file.exists() else usage.ru_maxrss
    lines = out.decode(errors="replace").strip().splitlines()
    if lines:
        try:
            reported = json.loads(lines[-1])
        except ValueError:
            reported = None
        if isinstance(reported, dict) and "seconds" in reported:
            elapsed = float(reported["seconds"])
    return Sample(elapsed, peak_kib / 1024)


def interleaved(ours: Child, baseline: Child, runs: int) -> tuple[list[Sample], list[Sample]]:
    """``runs`` samples of each, alternating which goes first."""
    mine: list[Sample] = []
    theirs: list[Sample] = []
    for number in range(runs):
        if number % 2:
            mine.append(run(ours))
            theirs.append(run(baseline))
        else:
            theirs.append(run(baseline))
            mine.append(run(ours))
    return mine, theirs


def time_figure(name: str, mine: list[Sample], theirs: list[Sample], *, ratio: float | None = None,
                limit_ms: float | None = None, measures: str = "") -> Figure:
    """Milliseconds, median against median; met when within ``ratio`` of the baseline and under ``limit_ms``."""
    value = statistics.median(sample.seconds for sample in mine) * 1000
    base = statistics.median(sample.seconds for sample in theirs) * 1000
    met = (ratio is None or value <= ratio * base) and (limit_ms is None or value <= limit_ms)
    target = " and ".join(part for part in (f"≤ {ratio}×" if ratio else "", f"≤ {limit_ms:g} ms" if limit_ms else "")
                          if part) or "reported"
    return Figure(name, value, base, "ms", target, met, min(s.seconds for s in mine) * 1000,
                  min(s.seconds for s in theirs) * 1000, measures)


def memory_figure(name: str, mine: list[Sample], theirs: list[Sample], *, ratio: float | None = None,
                  limit_mib: float | None = None, measures: str = "") -> Figure:
    value = statistics.median(sample.peak_mib for sample in mine)
    base = statistics.median(sample.peak_mib for sample in theirs)
    met = (ratio is None or value <= ratio * base) and (limit_mib is None or value <= limit_mib)
    target = " and ".join(part for part in (f"≤ {ratio}×" if ratio else "",
                                            f"≤ {limit_mib:g} MiB" if limit_mib else "") if part) or "reported"
    return Figure(name, value, base, "MiB", target, met, min(s.peak_mib for s in mine),
                  min(s.peak_mib for s in theirs), measures)
