"""Serving in tests: the server in this process on a free port, WebSocket sessions read until a text shows."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from courseware.cli.serving.guards import Guards
from courseware.cli.serving.server import CoursewareServer, Launcher, ServeOptions

STUB_APP = Path(__file__).parent / "fixtures" / "web_app_stub.py"
TOKEN = "test-token-0123456789abcdef"


def stub_launcher(_learner_dir: Path | None) -> tuple[Sequence[str], Mapping[str, str]]:
    return [sys.executable, str(STUB_APP)], os.environ


@asynccontextmanager
async def serving(*, token: str | None = TOKEN, max_sessions: int = 3, class_dir: Path | None = None,
                  launcher: Launcher = stub_launcher,
                  clock: Callable[[], float] | None = None,
                  signin_timeout: float = 300.0) -> AsyncIterator[tuple[str, CoursewareServer]]:
    """The server on 127.0.0.1 and a free port; yields its base URL ``http://127.0.0.1:PORT``."""
    from aiohttp.test_utils import unused_port

    port = unused_port()
    options = ServeOptions(guards=Guards("127.0.0.1", port, token), launcher=launcher, max_sessions=max_sessions,
                           title="courseware test", class_dir=class_dir, signin_timeout=signin_timeout)
    if clock is not None:
        options.clock = clock
    server = CoursewareServer(options)
    test_server = TestServer(server.application(), host="127.0.0.1", port=port)
    await test_server.start_server()
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        await test_server.close()


class Session:
    """One browser tab's WebSocket: what the terminal received, and keys to type."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.screen = b""
        #: The JSON text messages received (textual.js's ``open_url`` and the like).
        self.texts: list[str] = []
        self.closed_with: int | None = None

    async def wait_for(self, text: str, timeout: float = 60.0) -> str:
        """Read until ``text`` has been drawn (since the last wait); the whole screen so far."""
        async def read() -> None:
            while text.encode() not in self.screen:
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.texts.append(message.data)
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    self.closed_with = self.socket.close_code
                    raise AssertionError(f"the connection closed before {text!r} showed: {self.screen[-300:]!r}")
        await asyncio.wait_for(read(), timeout)
        screen, self.screen = self.screen.decode(errors="replace"), b""
        return screen

    async def wait_closed(self, timeout: float = 30.0) -> int | None:
        async def read() -> None:
            async for message in self.socket:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
        await asyncio.wait_for(read(), timeout)
        return self.socket.close_code

    async def type(self, text: str) -> None:
        await self.socket.send_json(["stdin", text])


def cookies(base: str, token: str = TOKEN) -> dict[str, str]:
    return {f"courseware-token-{base.rsplit(':', 1)[1]}": token}


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
