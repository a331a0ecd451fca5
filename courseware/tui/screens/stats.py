"""The statistics screen: the same report as ``courseware stats``, with a chart of reviews per day."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Sparkline, Static

from courseware.core.study.stats import compute, report
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import courseware_of
from courseware.tui.styles import screen_css

CHART_DAYS = 30


class StatsScreen(Screen[None]):
    """Reviews per day, retention, time studied, quiz scores per topic and exam attempts."""

    CSS = screen_css("stats.tcss")
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
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()
