"""Settings: a TOML file where each bad value is reported with its line and replaced by its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.core.settings import EXAMPLE, Settings, load_settings, parse_settings, settings_path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.toml")
    assert loaded.settings == Settings() and loaded.problems == []
    assert loaded.settings.new_cards_per_day == 20 and loaded.settings.theme == "textual-dark"


def test_the_documented_example_is_valid(tmp_path: Path) -> None:
    loaded = parse_settings(EXAMPLE, tmp_path / "settings.toml")
    assert loaded.problems == []
    assert loaded.settings.learner_name == "Ada" and loaded.settings.keys == {"reveal": "space,r"}


def test_a_bad_value_is_located_and_defaulted_and_the_rest_applies(tmp_path: Path) -> None:
    text = 'learner_name = "Ada"\nnew_cards_per_day = -3\ncolour = "red"\n'
    loaded = parse_settings(text, tmp_path / "settings.toml")
    assert loaded.settings.learner_name == "Ada"
    assert loaded.settings.new_cards_per_day == 20
    assert loaded.problems[0].startswith(f"{tmp_path / 'settings.toml'}:2: new_cards_per_day: ")
    assert loaded.problems[0].endswith("using 20")
    assert loaded.problems[1].startswith(f"{tmp_path / 'settings.toml'}:3: unknown setting 'colour'")


def test_broken_toml_gives_defaults_and_says_where(tmp_path: Path) -> None:
    loaded = parse_settings('learner_name = "Ada\n', tmp_path / "settings.toml")
    assert loaded.settings == Settings()
    assert "line 1" in loaded.problems[0]


def test_settings_live_in_the_config_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path))
    (tmp_path / "settings.toml").write_text("new_cards_per_day = 5\n", encoding="utf-8")
    assert settings_path() == tmp_path / "settings.toml"
    assert load_settings().settings.new_cards_per_day == 5


def test_settings_command_shows_the_file_and_its_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from courseware.cli import main

    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path))
    assert main(["settings"]) == 0
    assert capsys.readouterr().out.startswith(f"settings file: {tmp_path / 'settings.toml'} (not created yet")
    (tmp_path / "settings.toml").write_text('learner_name = "Ada"\nnew_cards_per_day = "lots"\n', encoding="utf-8")
    assert main(["settings"]) == 1
    captured = capsys.readouterr()
    assert "learner_name = 'Ada'" in captured.out and "new_cards_per_day = 20" in captured.out
    assert f"{tmp_path / 'settings.toml'}:2: new_cards_per_day: " in captured.err
    assert main(["settings", "--example"]) == 0
    assert capsys.readouterr().out == EXAMPLE


BAD_SETTINGS = """\
learner_name = "Ada"
theme = "neon"
new_cards_per_day = "lots"
[keys]
rate-good = 5
no-such-binding = "x"
reveal = "space,r"
undo = "ctrl+"
"""


def test_the_app_and_the_settings_command_report_the_same_problems_each_at_its_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from courseware.cli import main
    from courseware.tui.app import create_app
    from tests.apphelpers import MINI

    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path))
    path = tmp_path / "settings.toml"
    path.write_text(BAD_SETTINGS, encoding="utf-8")
    assert main(["settings"]) == 1
    captured = capsys.readouterr()
    reported = [line.removeprefix("courseware: warning: ") for line in captured.err.splitlines()]
    # The bad theme is not "in effect": the default is, and the good binding stays.
    assert "theme = 'textual-dark'" in captured.out and "keys.reveal = 'space,r'" in captured.out
    assert [line.split(": ")[0] for line in reported] == [f"{path}:{number}" for number in (2, 3, 5, 6, 8)]
    assert "unknown theme 'neon'" in reported[0] and "new_cards_per_day" in reported[1]
    assert "keys.rate-good" in reported[2] and "'no-such-binding'" in reported[3] and "keys.undo" in reported[4]

    notices: list[str] = []
    app = create_app(course_root=MINI, data_root=tmp_path / "data")
    original = app.notify

    def spy(message: str, **kwargs: object) -> None:
        notices.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.applied_keymap == {"reveal": "space,r"}
            assert app.theme == "textual-dark"

    asyncio.run(run())
    assert notices == ["\n".join(reported)]
