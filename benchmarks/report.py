"""The cohort report on a million statements: peak memory and time, each in a fresh process.

The statements are generated as they are consumed (25,000 attempts of 40 items from 5,000 learners), so
what is measured is the report's own aggregation. The baseline runs the same generator through a loop that
only counts, so the ratio is what aggregating adds; the target is the issue's bound on peak memory.
"""

from __future__ import annotations

import textwrap

from benchmarks.common import Child, Figure, interleaved, memory_figure, time_figure

GENERATE = textwrap.dedent("""
    import sys
    def statements(total):
        items = 40
        for number in range(total):
            attempt, item = divmod(number, items)
            learner = attempt % 5000
            yield {
                "actor": {"mbox": f"mailto:learner{learner}@example.com", "name": f"Learner {learner}"},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                "object": {"id": f"https://academy.example.com/ccsm/questions/exam/q{(attempt * 7 + item) % 300}",
                           "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                                          "interactionType": "choice",
                                          "choices": [{"id": c} for c in "abcd"],
                                          "correctResponsesPattern": ["a"]}},
                "result": {"success": (learner + item) % 3 != 0, "response": "abcd"[(learner + item) % 4],
                           "score": {"scaled": float((learner + item) % 3 != 0)}},
                "context": {"registration": f"{attempt:032x}",
                            "contextActivities": {"parent": [{"id": "https://academy.example.com/ccsm/exams/x"}]}},
                "timestamp": f"2026-01-01T00:{item % 60:02d}:00+00:00",
            }
    total = int(sys.argv[1])
""")
REPORT = GENERATE + textwrap.dedent("""
    from courseware.core.interop.report import CohortAnalysis
    report = CohortAnalysis().add_all(statements(total)).report()
    assert report.statements == total
""")
COUNT = GENERATE + "assert sum(1 for _ in statements(total)) == total\n"
LIMIT_MIB = 500


def measure(runs: int) -> list[Figure]:
    total = 1_000_000 if runs > 3 else 200_000
    label = f"{total // 1000}k"
    mine, base = interleaved(Child(REPORT, (str(total),)), Child(COUNT, (str(total),)), max(1, runs // 3))
    return [
        memory_figure(f"cohort report, {label} statements: peak memory", mine, base, limit_mib=LIMIT_MIB,
                      measures="aggregating generated statements against a loop that only counts them"),
        time_figure(f"cohort report, {label} statements: time", mine, base,
                    measures="the same two processes' wall time"),
    ]
