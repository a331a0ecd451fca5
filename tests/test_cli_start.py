"""What the command line imports: only the command it runs, none when it opens the app (start-up is import time)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

from courseware.cli import build_parser, commands, main

COMMAND_MODULES = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_each_command_is_found_from_its_module_name_alone(module: str, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Only the named command's module is imported, so each module must register the command it is named after."""
    command = module.rstrip("_")
    imported: list[str] = []
    import_module = importlib.import_module

    def recording(name: str, package: str | None = None) -> ModuleType:
        imported.append(name)
        return import_module(name, package)

    monkeypatch.setattr(importlib, "import_module", recording)
    with pytest.raises(SystemExit) as exit_:
        build_parser([command, "--help"]).parse_args([command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: courseware {command} ")
    assert imported == [f"courseware.cli.commands.{module}"]


def test_help_and_errors_still_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    assert all(module.rstrip("_") in listed for module in COMMAND_MODULES)
    with pytest.raises(SystemExit) as exit_:
        main(["no-such-command"])
    assert exit_.value.code == 2
    assert "validate" in capsys.readouterr().err


def _imported_after(code: str) -> set[str]:
    shown = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                           capture_output=True, text=True, check=True, timeout=120)
    return set(shown.stdout.split())


def test_opening_the_app_imports_no_command() -> None:
    imported = _imported_after("from courseware.cli import build_parser\n"
                               "args = build_parser(['--course', '.']).parse_args(['--course', '.'])\n"
                               "assert args.handler is None and args.course == '.'")
    assert not {name for name in imported if name.startswith("courseware.cli.commands.")}
    assert "argon2" not in imported  # the classroom's password hasher, needed by `courseware class` only


def test_a_command_imports_no_other_command() -> None:
    imported = _imported_after("from courseware.cli import build_parser\n"
                               "build_parser(['validate', '--course', '.'])")
    assert {name for name in imported if name.startswith("courseware.cli.commands.")} == {
        "courseware.cli.commands.validate"}
