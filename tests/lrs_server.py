"""A real learning record store for tests: ralph with its file-system backend, in its own process group."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ralph 5.1's file-system backend writes with its default operation, CREATE, which refuses to write to the
# statements file once it exists: only the first POST would ever be stored. Its other backends append; so
# does this one when told to. Everything else (API, auth, validation, duplicate ids) is ralph's own.
APPENDING_RALPH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class Lrs:
    """A ralph LRS with its file-system backend, in its own directory and process group."""

    def __init__(self, root: Path, port: int) -> None:
        bcrypt = pytest.importorskip("bcrypt", reason="ralph-malph[lrs] (test extra) brings bcrypt")
        if importlib.util.find_spec("ralph") is None:
            pytest.skip("the xAPI test needs ralph-malph[cli,lrs] (test extra) for its LRS")
        self.url = f"http://127.0.0.1:{port}/xAPI/"
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "auth.json").write_text(json.dumps([{
            "username": "learner", "scopes": ["all"], "agent": {"mbox": "mailto:learner@example.com"},
            "hash": bcrypt.hashpw(b"secret", bcrypt.gensalt(4)).decode()}]), encoding="utf-8")
        self.env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(root / "auth.json"),
                    "RALPH_APP_DIR": str(root / "app"), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root)}
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", APPENDING_RALPH, str(self.port)],
            env=self.env, cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the ralph LRS did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=10)

    def statements(self) -> list[dict[str, Any]]:
        request = urllib.request.Request(f"{self.url}statements?limit=1000", headers={
            "Authorization": "Basic " + base64.b64encode(b"learner:secret").decode(),
            "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            found: list[dict[str, Any]] = json.loads(response.read())["statements"]
            return found


