"""The domain core must never import Textual: it runs in scripts, the CLI and tests without a terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import courseware.core


def test_core_modules_do_not_import_textual() -> None:
    names = [info.name for info in pkgutil.walk_packages(courseware.core.__path__, "courseware.core.")]
    assert "courseware.core.loader" in names and "courseware.core.store" in names
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the core pulled in Textual: {result.stdout.strip()}"
