"""The statistics screen: the same report as ``courseware stats``, with a chart of reviews per day."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from courseware.core.assessment.results import describe_attempt
from courseware.core.study.stats import compute, report
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import courseware_of

CHART_DAYS = 30


class StatsScreen(Screen[None]):
    """Reviews per day, retention, time studied, quiz scores per topic and exam attempts."""

    BINDINGS = bindings.BACK

    def compose(self) -> ComposeResult:
        app = courseware_of(self.app)
        now = app.clock()
        stats = compute(app.course, app.store, now)
        today = now.astimezone().date()
        days = [today - timedelta(days=offset) for offset in range(CHART_DAYS - 1, -1, -1)]
        self.title = "Statistics"
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(f"Reviews per day, last {CHART_DAYS} days", classes="stats-heading", markup=False)
            yield Sparkline([float(stats.reviews_per_day.get(day, 0)) for day in days], id="reviews-chart")
            yield Static(printable(report(stats, app.course, today)), id="report", markup=False)
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

    def action_back(self) -> None:
        self.app.pop_screen()
