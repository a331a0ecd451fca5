"""One app process per browser connection, spoken to as textual-serve speaks to it.

Textual's web driver (``TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver``) prints ``__GANGLION__``,
then frames its output as packets: one type byte (``D`` screen data, ``M`` JSON meta, ``P`` packed file
chunks), a 4-byte big-endian length and the payload; it reads the same framing on stdin (``D`` keys,
``M`` resize/focus/blur/quit). textual-serve's own ``AppService`` starts the app through a shell and can
wait forever for one that does not quit; this one starts the program itself, with the environment it is
given, and ends it for certain when the connection closes: ``quit``, then SIGTERM, then SIGKILL.
File downloads are never passed on, and links to open only in personal mode (``links``): a class
learner sees the terminal and nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from importlib.metadata import version

PRELUDE = b"__GANGLION__\n"
QUIT_GRACE = 5.0
TERM_GRACE = 2.0


def web_environment(base: Mapping[str, str], width: int, height: int) -> dict[str, str]:
    """The environment textual-serve gives an app process, over ``base``."""
    return {**base, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve"), "COLUMNS": str(width), "ROWS": str(height)}


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class AppProcess:
    """A running app: screen data goes to ``send``; ``write``/``meta`` go to its stdin; ``end`` stops it."""

    def __init__(self, process: asyncio.subprocess.Process, send: Callable[[bytes], Awaitable[None]],
                 links: Callable[[str], Awaitable[None]] | None) -> None:
        self.process = process
        self._send = send
        self._links = links
        self.relay = asyncio.create_task(self._relay())

    @classmethod
    async def start(cls, argv: Sequence[str], env: Mapping[str, str], width: int, height: int,
                    send: Callable[[bytes], Awaitable[None]],
                    links: Callable[[str], Awaitable[None]] | None = None) -> AppProcess:
        """Start the app; ``links`` (if given) receives textual.js's ``open_url`` message for each link opened."""
        process = await asyncio.create_subprocess_exec(
            *argv, env=web_environment(env, width, height), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, start_new_session=True)
        return cls(process, send, links)

    async def _relay(self) -> None:
        """Pass the app's screen on until it exits (or stops speaking the protocol)."""
        stdout = self.process.stdout
        assert stdout is not None
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError, ValueError):
            for _ in range(10):
                line = await stdout.readline()
                if not line or line == PRELUDE:
                    break
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self._send(payload)
                elif kind == b"M":
                    meta = json.loads(payload)
                    if meta.get("type") == "exit":
                        return
                    if meta.get("type") == "open_url" and self._links is not None:
                        await self._links(json.dumps(["open_url", {"url": str(meta.get("url", "")),
                                                                   "new_tab": bool(meta.get("new_tab", True))}]))

    async def write(self, data: bytes) -> None:
        await self._to_stdin(packet(b"D", data))

    async def meta(self, **data: object) -> None:
        await self._to_stdin(packet(b"M", json.dumps(data).encode()))

    async def _to_stdin(self, data: bytes) -> None:
        stdin = self.process.stdin
        if stdin is None or stdin.is_closing():
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            stdin.write(data)
            await stdin.drain()

    async def end(self) -> None:
        """Ask the app to quit; if it has not exited after a grace period, terminate it, then kill it."""
        if self.process.returncode is None:
            await self.meta(type="quit")
            for signal_it, grace in ((None, QUIT_GRACE), (self.process.terminate, TERM_GRACE),
                                     (self.process.kill, None)):
                if signal_it is not None:
                    with contextlib.suppress(ProcessLookupError):
                        signal_it()
                try:
                    await asyncio.wait_for(self.process.wait(), grace)
                    break
                except TimeoutError:
                    continue
        self.relay.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.relay
