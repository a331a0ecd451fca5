"""The cohort report as one self-contained HTML page: tables and two charts drawn as inline SVG.

No script, no stylesheet or font from elsewhere: the file can be mailed, archived or opened offline.
"""

from __future__ import annotations

from html import escape

from courseware.core.interop.report import CohortReport, QuizStats

_W, _H, _PAD = 420, 260, 36


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _scatter(quiz: QuizStats) -> str:
    """Facility (x) against discrimination (y), flagged items in red, the 0.15 line dashed."""
    points = []
    for item in quiz.items:
        if item.facility is None or item.discrimination is None:
            continue
        x = _PAD + item.facility * (_W - 2 * _PAD)
        y = _H - _PAD - (item.discrimination + 1) / 2 * (_H - 2 * _PAD)
        colour = "#c0392b" if item.flags else "#2c7be5"
        points.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>{escape(item.id)}: '
                      f'facility {_number(item.facility)}, discrimination {_number(item.discrimination)}'
                      f'{" — " + escape(", ".join(item.flags)) if item.flags else ""}</title></circle>')
    line = _H - _PAD - (0.15 + 1) / 2 * (_H - 2 * _PAD)
    zero = _H - _PAD - 0.5 * (_H - 2 * _PAD)
    return (f'<svg viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" role="img" '
            f'aria-label="facility against discrimination">'
            f'<rect x="{_PAD}" y="{_PAD}" width="{_W - 2 * _PAD}" height="{_H - 2 * _PAD}" fill="none" stroke="#999"/>'
            f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#999"/>'
            f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{line:.1f}" y2="{line:.1f}" stroke="#e67e22" '
            f'stroke-dasharray="4 3"/>'
            f'<text x="{_W / 2}" y="{_H - 8}" text-anchor="middle" font-size="12">facility (0 to 1)</text>'
            f'<text x="12" y="{_H / 2}" font-size="12" transform="rotate(-90 12 {_H / 2})" '
            f'text-anchor="middle">discrimination (−1 to 1)</text>{"".join(points)}</svg>')


def _histogram(quiz: QuizStats) -> str:
    """Attempt scores in ten bins of 10%."""
    bins = [0] * 10
    for score in quiz.scores:
        bins[min(int(score * 10), 9)] += 1
    tallest = max(bins) or 1
    width = (_W - 2 * _PAD) / 10
    bars = []
    for index, count in enumerate(bins):
        height = count / tallest * (_H - 2 * _PAD)
        bars.append(f'<rect x="{_PAD + index * width + 1:.1f}" y="{_H - _PAD - height:.1f}" width="{width - 2:.1f}" '
                    f'height="{height:.1f}" fill="#2c7be5"><title>{index * 10}–{index * 10 + 10}%: {count}'
                    f'</title></rect>')
    return (f'<svg viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" role="img" aria-label="score distribution">'
            f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{_H - _PAD}" y2="{_H - _PAD}" stroke="#999"/>{"".join(bars)}'
            f'<text x="{_W / 2}" y="{_H - 8}" text-anchor="middle" font-size="12">attempt score (0–100%)</text>'
            f'</svg>')


def render_html(report: CohortReport, title: str = "Cohort item analysis") -> str:
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
             "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}.flag{color:#c0392b}"
             "figure{display:inline-block;margin:0 1em 1em 0}</style></head><body>",
             f"<h1>{escape(title)}</h1><p>{report.statements} statements read, {report.skipped} not answers to a "
             "quiz item.</p>"]
    for quiz in report.quizzes:
        parts.append(f"<h2>{escape(quiz.name)}</h2><p><code>{escape(quiz.id)}</code>: {quiz.learners} learners, "
                     f"{quiz.attempts} attempts, mean {_number(quiz.mean)}, SD {_number(quiz.sd)}, "
                     f"Cronbach's alpha {_number(quiz.alpha)} (over {quiz.alpha_attempts} complete first "
                     "attempts)</p>")
        parts.append(f"<figure>{_scatter(quiz)}<figcaption>Facility against discrimination</figcaption></figure>"
                     f"<figure>{_histogram(quiz)}<figcaption>Score distribution</figcaption></figure>")
        parts.append("<table><tr><th>item</th><th>responses</th><th>facility</th><th>discrimination</th>"
                     "<th>flags</th></tr>")
        for item in quiz.items:
            parts.append(f"<tr><td title=\"{escape(item.id)}\">{escape(item.name)}</td><td>{item.responses}</td>"
                         f"<td>{_number(item.facility)}</td><td>{_number(item.discrimination)}</td>"
                         f"<td class=\"flag\">{escape(', '.join(item.flags))}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Learners</h2><table><tr><th>learner</th><th>attempts</th><th>best</th><th>last</th>"
                 "<th>weakest topics</th></tr>")
    for learner in report.learners:
        weakest = sorted(learner.topics.items(), key=lambda pair: pair[1])[:3]
        parts.append(f"<tr><td>{escape(learner.name)}</td><td>{learner.attempts}</td><td>{_number(learner.best)}"
                     f"</td><td>{_number(learner.last)}</td><td>"
                     f"{escape(', '.join(f'{topic} {score:.0%}' for topic, score in weakest))}</td></tr>")
    parts.append("</table></body></html>\n")
    return "".join(parts)
