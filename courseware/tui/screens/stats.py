"""The statistics screen: charts of the learner's history (plotext), then the same report as ``courseware stats``.

Reviews per day and the due forecast (30 days each way), true retention over time, time studied per day,
mastery per topic and quiz and exam scores over time. ``o`` fits FSRS to the learner's own reviews.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from courseware.core.assessment.results import describe_attempt
from courseware.core.study.stats import CHART_DAYS, Statistics, compute, report
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer


def _ticks(count: int, labels: list[str], every: int = 7) -> tuple[list[float], list[str]]:
    positions = list(range(0, count, every))
    return [float(position) for position in positions], [labels[position] for position in positions]


class StatsScreen(Screen[None]):
    """Charts and figures of everything the learner has done."""

    CSS = screen_css("stats.tcss")
    BINDINGS = bindings.STATS

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        app = courseware_of(self.app)
        now = app.clock()
        self.stats = compute(app.course, app.store, now)
        self.title = "Statistics"
        yield Header()
        with VerticalScroll(id="stats"):
            with Grid(id="charts"):
                for chart in ("reviews", "forecast", "retention", "time", "mastery", "scores"):
                    yield PlotextPlot(id=f"{chart}-chart", classes="chart")
            yield Static(printable(report(self.stats, app.course, now.astimezone().date())), id="report",
                         markup=False)
            attempts = [attempt for attempt in app.store.attempts.list() if attempt.kind in {"quiz", "exam"}
                        and attempt.submitted_at is not None]
            if attempts:
                yield Static("Past attempts (enter to review one)", classes="stats-heading", markup=False)
                yield OptionList(*(Option(Text(printable(describe_attempt(attempt))), id=str(attempt.id))
                                   for attempt in reversed(attempts)), id="past-attempts")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from courseware.tui.screens.review import AttemptReviewScreen

        event.stop()
        if event.option.id is not None:
            self.app.push_screen(AttemptReviewScreen(int(event.option.id)))

    def on_mount(self) -> None:
        self.draw(self.stats)

    def draw(self, stats: Statistics) -> None:
        days = [day.strftime("%d %b") for day in stats.days]
        ahead = [day.strftime("%d %b") for day in stats.forecast_days]
        x = list(range(CHART_DAYS))
        self._bars("reviews", f"Reviews per day, last {CHART_DAYS} days", x,
                   [stats.reviews_per_day.get(day, 0) for day in stats.days], days)
        self._bars("forecast", f"Cards due, next {CHART_DAYS} days", x,
                   [stats.due_forecast.get(day, 0) for day in stats.forecast_days], ahead)
        self._bars("time", "Minutes studied per day", x,
                   [round(stats.seconds_per_day.get(day, 0.0) / 60, 1) for day in stats.days], days)

        self._bars("retention", "True retention per day (%)", x,
                   [round(100 * pair[1] / pair[0]) if (pair := stats.retention_per_day.get(day)) and pair[0] else 0
                    for day in stats.days], days, top=100)

        mastery = self.query_one("#mastery-chart", PlotextPlot).plt
        mastery.title("Mastery per topic (%: answers, recall)")
        topics = sorted(topic for topic, known in stats.topic_mastery.items() if known.answers or known.cards_seen)
        if topics:
            answers = [100 * (stats.topic_mastery[topic].score or 0) for topic in topics]
            recall = [100 * (stats.topic_mastery[topic].retrievability or 0) for topic in topics]
            # textual-plotext's stub names the keyword ``label``; plotext itself takes ``labels``.
            cast(Any, mastery).multiple_bar([printable(topic)[:12] for topic in topics], [answers, recall],
                                            labels=["answers", "recall"], orientation="horizontal")
            mastery.xlim(0, 100)

        scores = self.query_one("#scores-chart", PlotextPlot).plt
        scores.title("Quiz and exam scores (%)")
        for kind, color in (("quiz", "blue"), ("exam", "orange")):
            mine = [(index, round(100 * score.score)) for index, score in enumerate(stats.scores) if score.kind == kind]
            if mine:
                scores.bar([p[0] for p in mine], [p[1] for p in mine], width=0.6, label=kind, color=color)
        scores.ylim(0, 100)
        if stats.scores:
            scores.xticks(*_ticks(len(stats.scores), [score.submitted_at.strftime("%d %b") for score in stats.scores],
                                  every=max(len(stats.scores) // 4, 1)))

    def _bars(self, chart: str, title: str, x: list[int], values: list[float], labels: list[str], *,
              top: float | None = None) -> None:
        plt = self.query_one(f"#{chart}-chart", PlotextPlot).plt
        plt.title(title)
        plt.bar(x, values, width=0.6)
        plt.ylim(0, top or max(max(values, default=0), 1))
        plt.xticks(*_ticks(len(x), labels))

    def action_optimize(self) -> None:
        from courseware.tui.screens.optimize import OptimizeScreen

        self.app.push_screen(OptimizeScreen())

    def action_back(self) -> None:
        self.app.pop_screen()
