"""A past quiz or exam attempt shown again: every question, the answer given, the right one, the explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from courseware.core.assessment.exams import review_of, review_seen
from courseware.core.errors import CoursewareError
from courseware.tui import bindings
from courseware.tui.context import courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer
from courseware.tui.widgets.results import ResultView


class AttemptReviewScreen(Screen[None]):
    """Attempt ``attempt_id`` reviewed; seeing an exam's answers makes a repeat of its seed practice."""

    CSS = screen_css("review.tcss")
    BINDINGS = bindings.BACK

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id

    def compose(self) -> ComposeResult:
        app = courseware_of(self.app)
        with VerticalScroll(id="review-main"):
            try:
                attempt, result = review_of(app.store, app.course, self.attempt_id)
            except CoursewareError as error:
                yield Static(str(error), markup=False, id="review-problem")
            else:
                source = app.course.exams.get(attempt.ref_id) if attempt.kind == "exam" else \
                    app.course.quizzes.get(attempt.ref_id)
                title = f"{source.title if source else attempt.ref_id}, attempt #{attempt.id}"
                yield ResultView(result, app.course, title=title, review=True, id="result")
                if attempt.kind == "exam":
                    review_seen(app.store, attempt.id)
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()
