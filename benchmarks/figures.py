"""Every figure of the performance issue, each against a fair baseline measured in the same run.

The child programs below are the whole of each measurement; ``{...}`` names are filled in per scenario.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from benchmarks.common import Child, Figure, interleaved, memory_figure, time_figure
from benchmarks.scenarios import NOW

# Runs a Textual app headless at 80×24 and exits once its first screen has painted; the process's wall time
# then covers interpreter start, imports, loading and the first paint.
EXIT_AFTER_FIRST_PAINT = textwrap.dedent("""
    import textual.app
    _run = textual.app.App.run
    async def _first_paint(pilot):
        await pilot.pause()
        pilot.app.exit()
    def _headless_run(self, **options):
        return _run(self, headless=True, size=(80, 24), auto_pilot=_first_paint)
    textual.app.App.run = _headless_run
""")

# The home screen's own kinds of widget, with nothing loaded: what any Textual app showing it would cost.
BARE_HOME = EXIT_AFTER_FIRST_PAINT + textwrap.dedent("""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import DataTable, Footer, Header, OptionList, Static

    class Bare(App):
        def compose(self):
            yield Header()
            with VerticalScroll():
                yield Static("0 cards due today · 20 new")
                yield Static("Next: start module 1")
                table = DataTable()
                table.add_columns("Module", "Read", "Best quiz", "Cards due")
                for number in range(7):
                    table.add_row(f"{number + 1}. A module title of a usual length", "—", "—", "—")
                yield table
                yield OptionList(*[f"Entry {number}" for number in range(6)])
            yield Footer()

    Bare().run()
""")

APP = EXIT_AFTER_FIRST_PAINT + "import sys\nfrom courseware.cli import main\nsys.exit(main([]))\n"

TIMED = textwrap.dedent(f"""
    import json, sys, time
    from datetime import datetime
    from pathlib import Path
    NOW = datetime.fromisoformat("{NOW.isoformat()}")
    def report(seconds):
        print(json.dumps({{"seconds": seconds}}))
""")

LOAD_OURS = TIMED + textwrap.dedent("""
    from courseware.core.course.loader import load_course
    started = time.perf_counter()
    course = load_course(Path(sys.argv[1]), check_links=True)
    report(time.perf_counter() - started)
    assert not course.problems, course.problems[:3]
""")

# The floor for loading: PyYAML's C parser composing every file into nodes, the collector paused.
LOAD_FLOOR = TIMED + textwrap.dedent("""
    import gc, yaml
    root = Path(sys.argv[1])
    paths = [root / "course.yaml", *sorted((root / "quizzes").glob("*.yaml")), *sorted((root / "content").glob("*.md"))]
    started = time.perf_counter()
    gc.disable()
    for path in paths:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if path.suffix == ".yaml" and path.exists():
            yaml.compose(text, Loader=yaml.CSafeLoader)
    gc.enable()
    report(time.perf_counter() - started)
""")

_OPEN = textwrap.dedent("""
    from courseware.core.course.loader import load_course
    from courseware.core.store import open_store
    course = load_course(Path(sys.argv[1]))
    store = open_store(Path(sys.argv[2]), fallback_to_memory=False)
""")

HOME_OURS = TIMED + _OPEN + textwrap.dedent("""
    from courseware.core.study.dashboard import build_dashboard
    started = time.perf_counter()
    build_dashboard(course, store, NOW, new_per_day=20)
    report(time.perf_counter() - started)
""")

NEXT_CARD_OURS = TIMED + _OPEN + textwrap.dedent("""
    from courseware.core.study.flashcards import StudySession
    from courseware.core.study.scheduling import CardScope, Schedule
    started = time.perf_counter()
    session = StudySession.start(Schedule(course, store), CardScope())
    assert session.current(NOW) is not None
    report(time.perf_counter() - started)
""")

CARDS_LEFT_OURS = TIMED + _OPEN + textwrap.dedent("""
    from courseware.core.study.flashcards import StudySession
    from courseware.core.study.scheduling import CardScope, Schedule
    session = StudySession.start(Schedule(course, store), CardScope())
    session.current(NOW)
    started = time.perf_counter()
    session.remaining(NOW)
    report(time.perf_counter() - started)
""")

STATS_OURS = TIMED + _OPEN + textwrap.dedent("""
    from courseware.core.study.stats import compute
    started = time.perf_counter()
    compute(course, store, NOW)
    report(time.perf_counter() - started)
""")

# The same store, the same questions asked of it in SQL: what any program reading it must pay.
_SQL = TIMED + textwrap.dedent("""
    import sqlite3
    started = time.perf_counter()
    db = sqlite3.connect(Path(sys.argv[2]) / "progress.sqlite3")
    now = NOW.isoformat()
""")

HOME_SQL = _SQL + textwrap.dedent("""
    db.execute("SELECT COUNT(*) FROM card_state WHERE due <= ?", (now,)).fetchone()
    db.execute("SELECT COUNT(*) FROM card_state").fetchone()
    db.execute("SELECT COUNT(*) FROM card_state WHERE lapses >= 6").fetchone()
    db.execute("SELECT COUNT(*) FROM card_state WHERE introduced_at >= substr(?, 1, 10)", (now,)).fetchone()
    db.execute("SELECT module_id, read_at FROM module_progress").fetchall()
    db.execute("SELECT ref_id, MAX(earned / possible) FROM attempts WHERE kind = 'quiz' AND possible > 0 "
               "GROUP BY ref_id").fetchall()
    report(time.perf_counter() - started)
""")

NEXT_CARD_SQL = _SQL + textwrap.dedent("""
    db.execute("SELECT card_key, state FROM card_state WHERE due <= ? ORDER BY due LIMIT 1", (now,)).fetchone()
    report(time.perf_counter() - started)
""")

CARDS_LEFT_SQL = _SQL + textwrap.dedent("""
    db.execute("SELECT COUNT(*) FROM card_state WHERE due <= ?", (now,)).fetchone()
    report(time.perf_counter() - started)
""")

STATS_SQL = _SQL + textwrap.dedent("""
    since = "2026-05-02"
    db.execute("SELECT substr(reviewed_at, 1, 10) AS day, COUNT(*), SUM(duration_ms) FROM reviews "
               "WHERE reviewed_at >= ? GROUP BY day", (since,)).fetchall()
    db.execute("SELECT substr(due, 1, 10) AS day, COUNT(*) FROM card_state WHERE due >= ? AND due < ? "
               "GROUP BY day", (since, "2026-07-01")).fetchall()
    db.execute("SELECT substr(reviewed_at, 1, 7), AVG(rating > 1) FROM (SELECT reviewed_at, rating, "
               "ROW_NUMBER() OVER (PARTITION BY card_key, substr(reviewed_at, 1, 10) ORDER BY reviewed_at) AS n "
               "FROM reviews WHERE mode = 'schedule') WHERE n = 1 GROUP BY 1").fetchall()
    db.execute("SELECT COUNT(*), SUM(duration_ms) FROM reviews").fetchone()
    db.execute("SELECT kind, ref_id, started_at, earned, possible, passed FROM attempts").fetchall()
    report(time.perf_counter() - started)
""")

STATS_JSON_OURS = "import sys\nfrom courseware.cli import main\nsys.exit(main(['stats', '--json']))\n"
STATS_JSON_SQL = STATS_SQL.replace("report(time.perf_counter() - started)", "print('{}')")

MODULE_OURS = textwrap.dedent("""
    import asyncio, json, sys, time, tempfile
    from pathlib import Path
    from courseware.tui.app import create_app
    from courseware.tui.screens.reader import ReaderScreen
    module_id, WAIT_FOR = sys.argv[2], sys.argv[3]
    app = create_app(course_root=Path(sys.argv[1]), data_root=Path(tempfile.mkdtemp()))
    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            app.push_screen(ReaderScreen(module_id))
            while not isinstance(app.screen, ReaderScreen) or not getattr(app.screen, WAIT_FOR):
                await asyncio.sleep(0.001)
            print(json.dumps({"seconds": time.perf_counter() - started}))
    asyncio.run(main())
""")

MODULE_WIDGET = textwrap.dedent("""
    import asyncio, json, sys, time
    from pathlib import Path
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Markdown
    text = Path(sys.argv[1]).read_text(encoding="utf-8").split("---", 2)[2]
    class Whole(Screen):
        def compose(self):
            yield Markdown(id="module")
    async def main():
        app = App()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            screen = Whole()
            await app.push_screen(screen)
            await screen.query_one(Markdown).update(text)
            await pilot.pause()
            print(json.dumps({"seconds": time.perf_counter() - started}))
    asyncio.run(main())
""")

VALIDATE_OURS = "import sys\nfrom courseware.cli import main\nsys.exit(main(['validate', '--course', sys.argv[1]]))\n"
VALIDATE_FLOOR = LOAD_FLOOR.replace("report(time.perf_counter() - started)", "")


def startup(runs: int, bundled: Path, data: Path, config: Path, cards: Path, empty: Path, history: Path,
            questions: Path) -> list[Figure]:
    app_env = {"COURSEWARE_COURSE": str(bundled), "COURSEWARE_DATA": str(data), "COURSEWARE_CONFIG": str(config)}
    mine, bare = interleaved(Child(APP, env=app_env), Child(BARE_HOME), runs)
    full, clean = interleaved(Child(APP, env={**app_env, "COURSEWARE_COURSE": str(cards),
                                               "COURSEWARE_DATA": str(history)}),
                              Child(APP, env={**app_env, "COURSEWARE_COURSE": str(cards),
                                              "COURSEWARE_DATA": str(empty)}), runs)
    large, usual = interleaved(Child(APP, env={**app_env, "COURSEWARE_COURSE": str(questions)}),
                               Child(APP, env=app_env), runs)
    return [
        time_figure("start-up to first paint, bundled course", mine, bare, ratio=1.5,
                    measures="the app against a bare Textual app with the home screen's widgets"),
        memory_figure("start-up peak memory, bundled course", mine, bare,
                      measures="the same two processes' peak resident memory (the app's own modules, pydantic's "
                               "models above all, are the difference)"),
        time_figure("start-up, 100k cards + 1M reviews", full, clean, ratio=1.3,
                    measures="a store of years of history against an empty store, same 100k-card course"),
        memory_figure("start-up peak memory, 100k cards + 1M reviews", full, clean, ratio=1.3,
                      measures="the same two processes' peak memory"),
        time_figure("start-up, 50k questions", large, usual, ratio=1.5,
                    measures="a 50,000-question course against the bundled course"),
    ]


def loading(runs: int, courses: dict[int, Path]) -> list[Figure]:
    figures = []
    for size, root in courses.items():
        mine, floor = interleaved(Child(LOAD_OURS, (str(root),)), Child(LOAD_FLOOR, (str(root),)), runs)
        figures.append(time_figure(f"load + validate, {size:,} questions", mine, floor, ratio=1.5,
                                   measures="load_course against the C parser's compose with GC paused"))
    return figures


def store(runs: int, cards: Path, history: Path) -> list[Figure]:
    args = (str(cards), str(history))
    figures = []
    for name, ours, sql, ratio, limit in (
            ("home summary", HOME_OURS, HOME_SQL, 2.0, 50.0),
            ("next card", NEXT_CARD_OURS, NEXT_CARD_SQL, 2.0, 50.0),
            ("cards left", CARDS_LEFT_OURS, CARDS_LEFT_SQL, 2.0, 50.0),
            ("statistics", STATS_OURS, STATS_SQL, 1.5, None)):
        mine, base = interleaved(Child(ours, args), Child(sql, args), runs)
        figures.append(time_figure(f"{name}, 100k cards + 1M reviews", mine, base, ratio=ratio, limit_ms=limit,
                                   measures="courseware's core against the same figures in plain SQL"))
    return figures


def stats_json(runs: int, cards: Path, history: Path, config: Path) -> list[Figure]:
    env = {"COURSEWARE_COURSE": str(cards), "COURSEWARE_DATA": str(history), "COURSEWARE_CONFIG": str(config)}
    mine, base = interleaved(Child(STATS_JSON_OURS, env=env), Child(STATS_JSON_SQL, (str(cards), str(history))),
                             runs)
    return [time_figure("stats --json, 1M reviews (whole process)", mine, base, ratio=1.5,
                        measures="the command against a Python script running the SQL aggregates"),
            memory_figure("stats --json peak memory", mine, base, limit_mib=100,
                          measures="the command's peak resident memory")]


def module(runs: int, bundled: Path) -> list[Figure]:
    longest = max((bundled / "content").glob("*.md"), key=lambda path: path.stat().st_size)
    module_id = longest.read_text(encoding="utf-8").split("id:", 1)[1].split()[0]
    widget = Child(MODULE_WIDGET, (str(longest),))
    mine, whole = interleaved(Child(MODULE_OURS, (str(bundled), module_id, "shown")), widget, runs)
    complete, again = interleaved(Child(MODULE_OURS, (str(bundled), module_id, "complete")), widget, runs)
    return [time_figure(f"first screen of the longest module ({longest.name})", mine, whole, ratio=0.2,
                        limit_ms=150, measures="the reader until its first screenful is painted (the rest follows "
                                               "a piece at a time) against Textual's Markdown widget rendering "
                                               "the whole module"),
            time_figure("the whole of the longest module laid out", complete, again,
                        measures="the reader until its last piece is laid out, against the same widget")]


def validate(runs: int, bundled: Path) -> list[Figure]:
    mine, floor = interleaved(Child(VALIDATE_OURS, (str(bundled),)), Child(VALIDATE_FLOOR, (str(bundled),)), runs)
    return [time_figure("courseware validate (whole process)", mine, floor,
                        measures="the command against a process composing the same files")]
