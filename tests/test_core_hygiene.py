"""The domain core must never import Textual (it runs in scripts, the CLI and tests without a terminal), and no
module of courseware takes part in an import cycle (the layers themselves are import-linter's contracts)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

import grimp

import courseware.core


def test_core_modules_do_not_import_textual() -> None:
    names = [info.name for info in pkgutil.walk_packages(courseware.core.__path__, "courseware.core.")]
    assert "courseware.core.course.loader" in names and "courseware.core.store" in names
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the core pulled in Textual: {result.stdout.strip()}"


def import_cycles(package: str) -> list[list[str]]:
    """Groups of modules in ``package`` that import each other, directly or through others (Tarjan's SCCs).

    Imports made only for type checking count too: a cycle hidden behind ``TYPE_CHECKING`` is still a
    cycle in the design.
    """
    graph = grimp.build_graph(package)
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for imported in edges[module]:
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in order:
            visit(module)
    return cycles


def test_import_cycles_are_found() -> None:
    """The cycle finder itself: two modules importing each other are one cycle."""
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "cyclic_demo"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "a.py").write_text("from cyclic_demo import b\n")
        (package / "b.py").write_text("from cyclic_demo import a\n")
        (package / "c.py").write_text("from cyclic_demo import a\n")
        sys.path.insert(0, folder)
        try:
            assert import_cycles("cyclic_demo") == [["cyclic_demo.a", "cyclic_demo.b"]]
        finally:
            sys.path.remove(folder)


def test_no_module_of_courseware_takes_part_in_an_import_cycle() -> None:
    assert import_cycles("courseware") == []
