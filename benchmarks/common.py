"""Timing helpers shared by the benchmarks: medians of repeated runs, child-process peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One row of the results table."""

    name: str
    value: float
    baseline: float | None
    unit: str
    target: str
    met: bool

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run_child(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run Python ``code`` in a fresh interpreter: its wall time in seconds and peak RSS in KiB."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        assert process.stderr is not None
        raise RuntimeError(f"benchmark child failed: {process.stderr.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss
