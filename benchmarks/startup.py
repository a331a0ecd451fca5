"""Start-up time and peak memory of `courseware` against a bare Textual app showing one Markdown file.

Both run headless at 80×24 in a fresh interpreter and exit as soon as their first screen has painted
(Textual's auto-pilot runs once the app is ready), so the figure covers interpreter start, imports,
loading and the first paint.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks.common import Figure, run_child

_EXIT_AFTER_FIRST_PAINT = """
import textual.app
_run = textual.app.App.run
async def _first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()
def _headless_run(self, **options):
    return _run(self, headless=True, size=(80, 24), auto_pilot=_first_paint)
textual.app.App.run = _headless_run
"""

BARE_APP = _EXIT_AFTER_FIRST_PAINT + """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import Markdown

class Bare(App):
    def compose(self):
        yield Markdown(Path(sys.argv[1]).read_text())

Bare().run()
"""

COURSEWARE = _EXIT_AFTER_FIRST_PAINT + """
import sys
from courseware.cli import main
sys.exit(main([]))
"""


def measure(runs: int) -> list[Figure]:
    from courseware.core.paths import bundled_course

    markdown = sorted((bundled_course() / "content").glob("*.md"))[0]
    bare_times, bare_memory, app_times, app_memory = [], [], [], []
    for _ in range(runs):
        seconds, kib = run_child(BARE_APP, str(markdown))
        bare_times.append(seconds)
        bare_memory.append(kib)
        with tempfile.TemporaryDirectory() as data:
            seconds, kib = run_child(COURSEWARE, env={"COURSEWARE_DATA": data, "COURSEWARE_CONFIG": str(Path(data))})
        app_times.append(seconds)
        app_memory.append(kib)
    start_up = statistics.median(app_times)
    bare_start = statistics.median(bare_times)
    memory = statistics.median(app_memory) / 1024
    bare_rss = statistics.median(bare_memory) / 1024
    return [
        Figure("start-up to first paint", start_up * 1000, bare_start * 1000, "ms", "≤ 1.3×",
               start_up <= 1.3 * bare_start),
        Figure("peak memory (RSS)", memory, bare_rss, "MiB", "≤ 1.5×", memory <= 1.5 * bare_rss),
    ]
