"""``courseware serve`` as started from the command line: the printed address, the refusals, the warning,
and the real app behind the token, ended when its tab closes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from courseware.cli import main
from tests.serve_helpers import Session

MINI = Path(__file__).parent / "fixtures" / "mini"


def _free_port() -> int:
    from aiohttp.test_utils import unused_port

    port: int = unused_port()
    return port


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``courseware serve`` on a free port; yields the process and the address it printed."""
    env = {**os.environ, "COURSEWARE_DATA": str(tmp_path / "data"), "COURSEWARE_COURSE": str(MINI)}
    server = subprocess.Popen([sys.executable, "-m", "courseware", "serve", "--port", str(_free_port())],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.fullmatch(r"courseware serve: open (http://127\.0\.0\.1:\d+/\?token=[\w-]{40,})\n", line)
        assert match, f"unexpected first line: {line!r}"
        yield server, match.group(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _get(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_printed_address_is_served_and_the_bare_address_is_not(served: tuple[subprocess.Popen[str], str]) -> None:
    _server, url = served
    assert _get(url.split("?")[0]) == 403
    assert _get(url) == 303
    token = url.split("token=")[1]
    port = url.split(":")[2].split("/")[0]
    assert _get(url.split("?")[0], cookie=f"courseware-token-{port}={token}") == 200


def test_the_real_app_runs_behind_the_token_and_ends_when_its_tab_closes(
        served: tuple[subprocess.Popen[str], str]) -> None:
    server, url = served
    base, token = url.split("/?token=")
    _get(url)

    async def scenario() -> None:
        async with aiohttp.ClientSession(cookies={f"courseware-token-{base.rsplit(':', 1)[1]}": token}) as client:
            async with client.ws_connect(base + "/ws?width=100&height=30", origin=base) as socket:
                await Session(socket).wait_for("Retention and churn")
                assert len(_children(server.pid)) == 1
    asyncio.run(scenario())
    deadline = time.monotonic() + 20
    while _children(server.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _children(server.pid) == [], "the app process outlived its connection"


def test_another_address_needs_a_class_or_a_token_and_is_warned_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--course", str(MINI), "serve", "--host", "0.0.0.0"]) == 2
    assert "--class DIR" in capsys.readouterr().err
    assert main(["--course", str(MINI), "serve", "--host", "0.0.0.0", "--token", "short"]) == 2
    env = {**os.environ, "COURSEWARE_DATA": str(tmp_path / "data"), "COURSEWARE_COURSE": str(MINI)}
    server = subprocess.Popen([sys.executable, "-m", "courseware", "serve", "--host", "0.0.0.0", "--port",
                               str(_free_port()), "--token", "a-long-enough-secret-token"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert server.stdout is not None and server.stderr is not None
        assert "?token=a-long-enough-secret-token" in server.stdout.readline()
        assert "not encrypted" in server.stderr.readline()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
