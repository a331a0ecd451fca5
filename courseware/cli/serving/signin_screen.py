"""The sign-in screen of class mode, drawn by the server on the browser's terminal before any app starts.

No app process exists until a learner has signed in, so a visitor without a password can neither reach
the course nor make the server start processes. The screen is a two-field line editor over the keys
xterm.js sends (printable text, Enter, Tab, Backspace; escape sequences are ignored); the password is
never echoed. Failed sign-ins are counted by ``SignInGuard`` and, once too many, refused without even
checking the password until the wait is over.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from courseware.core.classroom.roster import Learner, Roster
from courseware.core.classroom.signin import SignInGuard
from courseware.core.errors import CoursewareError

_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?", re.S)
WRONG = "That name and password do not match."


@dataclass
class _Form:
    name: str = ""
    password: str = ""
    on_password: bool = False
    message: str = ""


class SignInScreen:
    """Asks for a name and a password until they match a learner of the class."""

    def __init__(self, class_dir: Path, guard: SignInGuard, client: str, title: str,
                 send: Callable[[bytes], Awaitable[None]]) -> None:
        self.class_dir = class_dir
        self.guard = guard
        self.client = client
        self.title = title
        self._send = send
        self.form = _Form()

    async def run(self, keys: AsyncIterator[str]) -> Learner | None:
        """The learner who signed in, or None when the connection closed first."""
        await self.draw()
        async for data in keys:
            for key in _ESCAPES.sub("", data):
                learner = await self._key(key)
                if learner is not None:
                    return learner
            await self.draw()
        return None

    async def _key(self, key: str) -> Learner | None:
        form = self.form
        if key in "\r\n":
            if not form.on_password:
                form.on_password = bool(form.name)
                return None
            return await self._submit()
        if key == "\t":
            form.on_password = not form.on_password and bool(form.name)
        elif key in "\x7f\b":
            if form.on_password:
                form.password = form.password[:-1]
            else:
                form.name = form.name[:-1]
        elif key == "\x03":
            self.form = _Form()
        elif key.isprintable():
            if form.on_password:
                form.password = (form.password + key)[:200]
            else:
                form.name = (form.name + key)[:40]
        return None

    async def _submit(self) -> Learner | None:
        form = self.form
        name, password = form.name.strip().lower(), form.password
        form.password = ""
        wait = self.guard.wait(name, self.client)
        if wait > 0:
            form.message = f"Too many failed sign-ins: wait {wait:.0f} s, then try again."
            return None
        try:
            roster = Roster.open(self.class_dir)
        except CoursewareError:
            form.message = "The class cannot be read right now: tell your trainer."
            return None
        learner = await asyncio.get_running_loop().run_in_executor(None, roster.check, name, password)
        if learner is None:
            self.guard.failed(name, self.client)
            form.message = WRONG
            return None
        self.guard.succeeded(name)
        return learner

    async def draw(self) -> None:
        form = self.form
        name_line = f"  Name:     {form.name}"
        password_line = f"  Password: {'*' * len(form.password)}"
        cursor_row, cursor_col = (6, len(password_line) + 1) if form.on_password else (5, len(name_line) + 1)
        lines = ["", f"  \x1b[1m{self.title}\x1b[0m", "", "  Sign in with the name and password your trainer gave you.",
                 name_line, password_line, "", f"  \x1b[33m{form.message}\x1b[0m" if form.message else "",
                 "", "  Enter: next field / sign in    Tab: switch field    Ctrl+C: clear"]
        screen = "\x1b[2J\x1b[H" + "\r\n".join(lines) + f"\x1b[{cursor_row};{cursor_col}H"
        await self._send(screen.encode())
