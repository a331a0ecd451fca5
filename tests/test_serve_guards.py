"""``courseware serve`` refuses what it does not serve: no token, another Host, another Origin, a session
over the cap; and every app process ends with its connection. (The server runs in this process, with a
stand-in app that speaks the web-driver protocol; test_serve_cli.py runs the real thing.)"""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest

from tests.serve_helpers import TOKEN, Session, cookies, pid_alive, serving


def run(coroutine: object) -> None:
    asyncio.run(coroutine)  # type: ignore[arg-type]


async def _status(base: str, path: str, **options: object) -> int:
    async with aiohttp.ClientSession(cookies=options.pop("cookies", None)) as client:  # type: ignore[arg-type]
        async with client.get(base + path, allow_redirects=False, **options) as response:  # type: ignore[arg-type]
            return response.status


def test_the_page_the_websocket_and_static_files_need_the_token() -> None:
    async def scenario() -> None:
        async with serving() as (base, _server):
            assert await _status(base, "/") == 403
            assert await _status(base, "/?token=wrong-token-0123456789") == 403
            assert await _status(base, "/static/js/textual.js") == 403
            async with aiohttp.ClientSession() as client:
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(base + "/ws")
                assert refused.value.status == 403
    run(scenario())


def test_the_token_sets_a_cookie_and_leaves_the_address_then_the_page_is_served() -> None:
    async def scenario() -> None:
        jar = aiohttp.CookieJar(unsafe=True)  # keeps cookies of an IP address, as browsers do
        async with serving() as (base, _server), aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(f"{base}/?token={TOKEN}", allow_redirects=False) as first:
                assert first.status == 303 and first.headers["Location"] == "/"
                assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Strict" in first.headers["Set-Cookie"]
            async with client.get(f"{base}/") as page:
                assert page.status == 200
                html = await page.text()
                assert f'data-session-websocket-url="ws://{base.removeprefix("http://")}/ws"' in html
                assert page.headers["X-Frame-Options"] == "DENY"
                assert page.headers["Referrer-Policy"] == "no-referrer"
            async with client.get(f"{base}/static/js/textual.js") as script:
                assert script.status == 200
    run(scenario())


def test_a_page_of_another_origin_cannot_open_the_websocket() -> None:
    async def scenario() -> None:
        async with serving() as (base, server), aiohttp.ClientSession(cookies=cookies(base)) as client:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(base + "/ws", origin="http://evil.example")
            assert refused.value.status == 403
            assert server.state.sessions == 0
            async with client.ws_connect(base + "/ws", origin=base) as socket:
                assert "stub app" in await Session(socket).wait_for("stub app")
    run(scenario())


def test_a_host_name_the_server_does_not_serve_is_refused() -> None:
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 arrives with its own Host header."""
    async def scenario() -> None:
        async with serving() as (base, _server):
            port = base.rsplit(":", 1)[1]
            assert await _status(base, f"/?token={TOKEN}", headers={"Host": f"evil.example:{port}"}) == 403
            assert await _status(base, f"/?token={TOKEN}", headers={"Host": f"evil.example:1@127.0.0.1:{port}"}) == 403
            assert await _status(base, f"/?token={TOKEN}", headers={"Host": f"localhost:{port}"}) == 303
    run(scenario())


def test_a_sixth_session_beyond_max_sessions_5_is_refused_and_closing_one_ends_its_process() -> None:
    async def scenario() -> None:
        async with serving(max_sessions=5) as (base, server), aiohttp.ClientSession(cookies=cookies(base)) as client:
            sockets = [await client.ws_connect(base + "/ws", origin=base) for _ in range(5)]
            pids = []
            for socket in sockets:
                drawn = await Session(socket).wait_for("stub app pid=")
                pids.append(int(re.search(r"pid=(\d+)", drawn).group(1)))  # type: ignore[union-attr]
            assert all(pid_alive(pid) for pid in pids)
            sixth = Session(await client.ws_connect(base + "/ws", origin=base))
            assert await sixth.wait_closed() == 1013
            assert "already runs 5 sessions" in sixth.screen.decode()
            assert len(server.state.running) == 5
            await sockets[0].close()
            for _ in range(200):
                if not pid_alive(pids[0]):
                    break
                await asyncio.sleep(0.05)
            assert not pid_alive(pids[0]), "the app process outlived its connection"
            assert all(pid_alive(pid) for pid in pids[1:])
            seventh = await client.ws_connect(base + "/ws", origin=base)
            assert "stub app" in await Session(seventh).wait_for("stub app pid=")
            for socket in [*sockets[1:], seventh]:
                await socket.close()
        assert not any(pid_alive(pid) for pid in pids)
    run(scenario())


def test_links_the_app_opens_reach_the_browser_in_personal_mode() -> None:
    async def scenario() -> None:
        async with serving() as (base, _server), aiohttp.ClientSession(cookies=cookies(base)) as client:
            async with client.ws_connect(base + "/ws", origin=base) as socket:
                session = Session(socket)
                await session.wait_for("stub app pid=")
                await session.type("L")
                await session.wait_for("key:L")
                assert session.texts == ['["open_url", {"url": "https://example.org/", "new_tab": true}]']
    run(scenario())
