"""docs/calculators.md lists every calculator, and each of its examples prints exactly what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.calculators import CALCULATORS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "calculators.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```console\n\$ courseware calc (.*?)\n(.*?)```", DOC, flags=re.DOTALL)


def test_every_calculator_has_a_section_with_formula_options_and_an_example() -> None:
    for name in CALCULATORS:
        section = DOC.split(f"### `{name}`\n", 1)[1].split("\n### ", 1)[0]
        assert "- Formula:" in section and "- Options:" in section and f"$ courseware calc {name}" in section


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command.split()[0] for command, _ in EXAMPLES])
def test_each_example_prints_what_the_doc_shows(command: str, shown: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    csv_text = re.search(r"```csv\n(.*?)```", DOC, flags=re.DOTALL)
    assert csv_text is not None
    (tmp_path / "customers.csv").write_text(csv_text[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["calc", *shlex.split(command)]) == 0
    assert capsys.readouterr().out == shown
