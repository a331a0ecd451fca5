"""Class mode: the trainer's roster, the sign-in screen in front of every app, the rate limit on failed
sign-ins, and each learner's own progress store."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from courseware.cli import main
from courseware.cli.serving.signin_screen import WRONG
from courseware.core.classroom.roster import Roster
from courseware.core.classroom.signin import SignInGuard
from courseware.core.store import open_store
from tests.serve_helpers import Session, serving

MINI = Path(__file__).parent / "fixtures" / "mini"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def add(class_dir: Path, name: str, password: str, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["class", "add", name, "--class", str(class_dir), "--password-stdin", *extra])


def test_class_commands_add_list_reset_and_remove_learners(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    room = tmp_path / "class"
    assert add(room, "ada", "ada-password-1", monkeypatch, "--display-name", "Ada Lovelace") == 0
    assert main(["class", "add", "bob", "--class", str(room)]) == 0
    made_up = capsys.readouterr().out.rsplit("password: ", 1)[1].strip()
    assert Roster.open(room).check("bob", made_up) is not None
    assert stat.S_IMODE((room / "roster.json").stat().st_mode) == 0o600
    assert "ada-password-1" not in (room / "roster.json").read_text(encoding="utf-8")
    assert main(["class", "list", "--class", str(room)]) == 0
    listed = capsys.readouterr().out
    assert "ada  (Ada Lovelace)" in listed and "bob" in listed
    assert add(room, "ada", "another-password", monkeypatch) == 2
    assert "already in the class" in capsys.readouterr().err
    assert add(room, "../evil", "another-password", monkeypatch) == 2
    assert add(room, "cy", "short", monkeypatch) == 2
    assert "too short" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("ada-new-password\n"))
    assert main(["class", "reset-password", "ada", "--class", str(room), "--password-stdin"]) == 0
    assert Roster.open(room).check("ada", "ada-password-1") is None
    assert Roster.open(room).check("ada", "ada-new-password") is not None
    assert main(["class", "remove", "bob", "--class", str(room)]) == 0
    assert sorted(Roster.open(room).learners) == ["ada"] and not (room / "learners" / "bob").exists()
    assert main(["class", "list", "--class", str(tmp_path / "nowhere")]) == 2


def test_failed_sign_ins_make_the_next_ones_wait_longer_and_a_success_clears_the_name() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    for _ in range(3):
        assert guard.wait("ada", "10.0.0.1") == 0
        guard.failed("ada", "10.0.0.1")
    assert guard.wait("ada", "10.0.0.1") == 1.0
    assert guard.wait("ada", "10.0.0.2") == 1.0, "another address does not reset the name's count"
    assert guard.wait("bob", "10.0.0.1") == 1.0, "another name does not reset the address's count"
    clock.now += 1
    guard.failed("ada", "10.0.0.1")
    assert guard.wait("ada", "10.0.0.9") == 2.0
    guard.succeeded("ada")
    assert guard.wait("ada", "10.0.0.9") == 0


@asynccontextmanager
async def signed_in(base: str, name: str, password: str) -> AsyncIterator[Session]:
    """A tab at the sign-in screen that has typed a name and a password."""
    async with aiohttp.ClientSession() as client, client.ws_connect(base + "/ws", origin=base) as socket:
        session = Session(socket)
        await session.wait_for("Sign in")
        await session.type(name + "\r")
        await session.type(password + "\r")
        yield session


def test_sign_in_starts_the_app_on_the_learners_own_data_and_wrong_passwords_are_rate_limited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    room = tmp_path / "class"
    add(room, "ada", "ada-password-1", monkeypatch)
    clock = Clock()

    async def scenario() -> None:
        async with serving(token=None, class_dir=room, clock=clock) as (base, server):
            async with signed_in(base, "ada", "not-her-password") as session:
                assert WRONG in await session.wait_for(WRONG)
                assert server.state.sessions == 0, "no app runs before a sign-in succeeds"
                for _ in range(2):
                    await session.type("still-wrong\r")
                    await session.wait_for(WRONG)
                await session.type("ada-password-1\r")
                assert "Too many failed sign-ins: wait 1 s" in await session.wait_for("Too many failed sign-ins")
                clock.now += 1
                await session.type("ada-password-1\r")
                drawn = await session.wait_for("stub app pid=")
                assert f"data={room / 'learners' / 'ada'} learner=ada" in drawn
                await session.type("L")
                await session.wait_for("key:L")
                assert session.texts == [], "a class learner's app opens nothing in their browser"
    asyncio.run(scenario())


def test_a_sign_in_screen_left_idle_is_closed_and_frees_its_slot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    room = tmp_path / "class"
    add(room, "ada", "ada-password-1", monkeypatch)

    async def scenario() -> None:
        async with serving(token=None, class_dir=room, max_sessions=1, signin_timeout=0.5) as (base, server):
            async with aiohttp.ClientSession() as client, client.ws_connect(base + "/ws", origin=base) as socket:
                idle = Session(socket)
                await idle.wait_for("Sign in")
                assert server.state.signing_in == 1
                assert await idle.wait_closed() == 1013
                assert "Nobody signed in" in idle.screen.decode()
            assert server.state.signing_in == 0
            async with signed_in(base, "ada", "ada-password-1") as session:
                await session.wait_for("stub app pid=")
    asyncio.run(scenario())


def _real_app(learner_dir: Path | None) -> tuple[Sequence[str], Mapping[str, str]]:
    return [sys.executable, "-m", "courseware", "--course", str(MINI)], os.environ


def test_two_learners_signed_in_at_once_keep_their_progress_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real app behind the sign-in: Ada opens module 1 ('n', next step) and scrolls in it ('j'), which
    saves her place; Bob's store never sees it."""
    room = tmp_path / "class"
    add(room, "ada", "ada-password-1", monkeypatch)
    add(room, "bob", "bob-password-1", monkeypatch)

    async def scenario() -> None:
        async with serving(token=None, class_dir=room, launcher=_real_app) as (base, _server):
            async with signed_in(base, "ada", "ada-password-1") as ada, \
                    signed_in(base, "bob", "bob-password-1") as bob:
                await ada.wait_for("Retention and churn")
                await bob.wait_for("Retention and churn")
                await ada.type("n")
                for _ in range(400):
                    await ada.type("j")
                    if "retention" in open_store(room / "learners" / "ada").modules.all():
                        break
                    await asyncio.sleep(0.05)
        assert "retention" in open_store(room / "learners" / "ada").modules.all()
        assert open_store(room / "learners" / "bob").modules.all() == {}
    asyncio.run(scenario())
