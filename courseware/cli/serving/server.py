"""The aiohttp application of ``courseware serve``: the page and static files of textual-serve, and a
WebSocket per browser tab that runs one app process, within a cap.

textual-serve's ``Server`` builds its aiohttp application in a private method with no room for checks,
and its ``AppService`` cannot be made to end a stuck app; so this module serves textual-serve's page
template and static files (its front end, unchanged) from its own application, behind ``Guards``.
In personal mode a connection starts the app at once with the data of whoever started the server; in
class mode it first shows the sign-in screen, then starts the app on that learner's own store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import textual_serve
from aiohttp import WSMsgType, web

from courseware.cli.serving.app_process import AppProcess
from courseware.cli.serving.guards import Guards, add_safety_headers
from courseware.cli.serving.signin_screen import SignInScreen
from courseware.core.classroom.roster import Learner, learner_directory
from courseware.core.classroom.signin import SignInGuard
from courseware.core.paths import CLASS_LEARNER

FRONT_END = Path(textual_serve.__file__).parent
#: The trainer's secrets that a learner's app process has no use for.
_PRIVATE_VARIABLES = ("COURSEWARE_LRS_AUTH",)
#: (argv, environment) of the app process for a learner's data directory (None: the server's own data).
Launcher = Callable[[Path | None], tuple[Sequence[str], Mapping[str, str]]]


@dataclass
class ServeOptions:
    guards: Guards
    launcher: Launcher
    max_sessions: int
    title: str = "courseware"
    class_dir: Path | None = None
    clock: Callable[[], float] = time.monotonic
    #: Seconds a sign-in screen may stay open without a sign-in, so idle tabs cannot hold every slot.
    signin_timeout: float = 300.0


@dataclass
class _State:
    running: set[AppProcess] = field(default_factory=set)
    #: Sessions counted against the cap: taken before the app process starts, so two at once cannot both pass.
    sessions: int = 0
    signing_in: int = 0


def learner_environment(base: Mapping[str, str], learner_dir: Path | None) -> dict[str, str]:
    """The app's environment: in class mode, that learner's name, data and settings, and none of the
    trainer's secrets."""
    env = dict(base)
    if learner_dir is not None:
        env[CLASS_LEARNER] = learner_dir.name
        for name in _PRIVATE_VARIABLES:
            env.pop(name, None)
        env["COURSEWARE_DATA"] = str(learner_dir)
        env["COURSEWARE_CONFIG"] = str(learner_dir / "config")
    return env


class CoursewareServer:
    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.state = _State()
        self.guard = SignInGuard(options.clock)
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(FRONT_END / "templates"),
                                            autoescape=True)

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.options.guards.middleware])
        app.add_routes([web.get("/", self.page), web.get("/ws", self.websocket),
                        web.static("/static", FRONT_END / "static")])
        app.on_response_prepare.append(add_safety_headers)
        app.on_shutdown.append(self._end_all)
        return app

    async def page(self, request: web.Request) -> web.Response:
        public = self.options.guards.public_url
        base = public.rstrip("/") if public else f"{request.scheme}://{request.host}"
        websocket_url = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws"
        try:
            font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        html = self.templates.get_template("app_index.html").render(
            font_size=font_size, app_websocket_url=websocket_url, ping_url="",
            config={"static": {"url": "/static/"}}, application={"name": self.options.title})
        return web.Response(text=html, content_type="text/html")

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        learner_dir: Path | None = None
        if self.options.class_dir is not None:
            learner = await self._sign_in(request, socket)
            if learner is None:
                await socket.close()
                return socket
            learner_dir = learner_directory(self.options.class_dir, learner.name)
        if self.state.sessions >= self.options.max_sessions:
            await self._refuse(socket, f"This server already runs {self.options.max_sessions} sessions, its limit "
                                       "(--max-sessions). Close another tab, then reload this page.")
            return socket
        self.state.sessions += 1
        try:
            await self._run_app(request, socket, learner_dir)
        finally:
            self.state.sessions -= 1
        return socket

    async def _sign_in(self, request: web.Request, socket: web.WebSocketResponse) -> Learner | None:
        assert self.options.class_dir is not None
        if self.state.signing_in >= self.options.max_sessions:
            await self._refuse(socket, "Too many people are signing in at once: reload this page in a minute.")
            return None
        self.state.signing_in += 1
        try:
            screen = SignInScreen(self.options.class_dir, self.guard, request.remote or "unknown",
                                  self.options.title, socket.send_bytes)
            try:
                async with asyncio.timeout(self.options.signin_timeout):
                    return await screen.run(_keys(socket))
            except TimeoutError:
                await self._refuse(socket, "Nobody signed in for a while: reload this page to sign in.")
                return None
        finally:
            self.state.signing_in -= 1

    async def _run_app(self, request: web.Request, socket: web.WebSocketResponse, learner_dir: Path | None) -> None:
        width, height = _size(request.query.get("width"), 80), _size(request.query.get("height"), 24)
        argv, env = self.options.launcher(learner_dir)
        links = socket.send_str if learner_dir is None else None
        app = await AppProcess.start(argv, learner_environment(env, learner_dir), width, height, socket.send_bytes,
                                     links)
        self.state.running.add(app)
        try:
            messages = asyncio.create_task(self._forward(socket, app))
            await asyncio.wait({messages, app.relay}, return_when=asyncio.FIRST_COMPLETED)
            messages.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await messages
        finally:
            self.state.running.discard(app)
            await app.end()
            await socket.close()

    @staticmethod
    async def _forward(socket: web.WebSocketResponse, app: AppProcess) -> None:
        """The browser's keys and size changes to the app, until the connection closes."""
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
                envelope = json.loads(message.data)
                kind = envelope[0]
                if kind == "stdin":
                    await app.write(str(envelope[1]).encode())
                elif kind == "resize":
                    await app.meta(type="resize", width=int(envelope[1]["width"]), height=int(envelope[1]["height"]))
                elif kind in ("focus", "blur"):
                    await app.meta(type=kind)
                elif kind == "ping":
                    await socket.send_json(["pong", envelope[1]])

    @staticmethod
    async def _refuse(socket: web.WebSocketResponse, message: str) -> None:
        await socket.send_bytes(f"\x1b[2J\x1b[H\r\n  {message}\r\n".encode())
        await socket.close(code=1013, message=b"session limit")

    async def _end_all(self, _app: web.Application) -> None:
        await asyncio.gather(*(app.end() for app in list(self.state.running)))


async def _keys(socket: web.WebSocketResponse) -> AsyncIterator[str]:
    """What the browser's terminal typed, from the WebSocket's ``["stdin", text]`` messages."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        with contextlib.suppress(ValueError, TypeError, IndexError):
            envelope = json.loads(message.data)
            if envelope[0] == "stdin":
                yield str(envelope[1])
            elif envelope[0] == "ping":
                await socket.send_json(["pong", envelope[1]])


def _size(value: str | None, default: int) -> int:
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default
