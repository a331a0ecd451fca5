"""An LRS that redirects, answers without ids, or is given with credentials in its URL: nothing is counted as
sent that the LRS did not confirm, credentials never reach another host, and never appear in print or store."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main
from courseware.core.interop.lrs import LrsClient, send, strip_credentials
from courseware.core.store import Store, open_store
from tests.apphelpers import MINI


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: bytes


@dataclass
class Server:
    """A local HTTP server on 127.0.0.1 whose answer to each request is ``answer(handler, body)``."""

    answer: Callable[[BaseHTTPRequestHandler, bytes], None]
    seen: list[Seen] = field(default_factory=list)
    httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def servers() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler, bytes], None]], Server]]:
    started: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[BaseHTTPRequestHandler, bytes], None]) -> Server:
        server = Server(answer)

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.seen.append(Seen(self.command, self.path, self.headers.get("Authorization"), body))
                server.answer(self, body)

            do_GET = do_POST = _any  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the test reads what the server saw, not its log."""

        server.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
        started.append(server.httpd)
        return server

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def lrs_answer(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """What a conforming LRS does: 200 and the ids of the statements posted; anything but a POST gets 200 {}."""
    if handler.command == "POST":
        reply(handler, 200, json.dumps([statement["id"] for statement in json.loads(body)]).encode())
    else:
        reply(handler, 200, b'{"statements": []}')


STATEMENTS = [{"id": f"00000000-0000-4000-8000-{number:012d}", "verb": {"id": "x"}} for number in range(22)]


def test_a_302_to_another_host_sends_nothing_counts_nothing_and_keeps_the_credentials(
        servers: Callable[..., Server]) -> None:
    elsewhere = servers(lrs_answer)
    redirecting = servers(lambda handler, _: reply(handler, 302, Location=f"{elsewhere.url}/xAPI/statements"))
    store = Store.in_memory()
    client = LrsClient(f"{redirecting.url}/xAPI/", "learner", "secret")
    report = send(STATEMENTS, client, store.xapi, batch_size=10)
    assert report.sent == 0 and report.unsent == 22
    assert report.error is not None and "redirected" in report.error and "HTTP 302" in report.error
    assert elsewhere.seen == []
    assert store.xapi.sent(client.endpoint) == set()
    assert len(store.xapi.awaiting_retry(client.endpoint)) == 22


def test_a_307_to_another_host_is_not_followed(servers: Callable[..., Server]) -> None:
    elsewhere = servers(lrs_answer)
    redirecting = servers(lambda handler, _: reply(handler, 307, Location=f"{elsewhere.url}/xAPI/statements"))
    report = send(STATEMENTS, LrsClient(redirecting.url, "learner", "secret"), Store.in_memory().xapi)
    assert report.sent == 0 and report.error is not None and "HTTP 307" in report.error
    assert elsewhere.seen == []


def test_a_308_on_the_same_host_is_followed_with_the_body_and_counted_from_the_ids(
        servers: Callable[..., Server]) -> None:
    def moved_then_lrs(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        if handler.path.startswith("/old/"):
            reply(handler, 308, Location="/new/statements")
        else:
            lrs_answer(handler, body)

    server = servers(moved_then_lrs)
    store = Store.in_memory()
    client = LrsClient(f"{server.url}/old/", "learner", "secret")
    report = send(STATEMENTS, client, store.xapi, batch_size=22)
    assert report.sent == 22 and report.error is None
    follow = server.seen[1]
    assert (follow.method, follow.path) == ("POST", "/new/statements")
    assert [statement["id"] for statement in json.loads(follow.body)] == [s["id"] for s in STATEMENTS]
    assert follow.authorization == server.seen[0].authorization is not None
    assert store.xapi.sent(client.endpoint) == {s["id"] for s in STATEMENTS}


@pytest.mark.parametrize("status, body", [(200, b""), (200, b'{"statements": []}'), (204, b""),
                                          (200, b'["not-one-of-ours"]')])
def test_an_answer_without_the_ids_counts_nothing_as_sent(
        servers: Callable[..., Server], status: int, body: bytes) -> None:
    server = servers(lambda handler, _: reply(handler, status, body))
    store = Store.in_memory()
    client = LrsClient(server.url, "learner", "secret")
    report = send(STATEMENTS, client, store.xapi)
    assert report.sent == 0 and report.unsent == 22 and report.error is not None
    assert store.xapi.sent(client.endpoint) == set()


def test_only_the_ids_the_lrs_names_are_counted(servers: Callable[..., Server]) -> None:
    server = servers(lambda handler, body: reply(handler, 200, json.dumps(
        [statement["id"] for statement in json.loads(body)][:5]).encode()))
    store = Store.in_memory()
    client = LrsClient(server.url, "learner", "secret")
    report = send(STATEMENTS, client, store.xapi, batch_size=10)
    assert report.sent == 5 and report.unsent == 17
    assert report.error is not None and "did not confirm 5 of the 10 statements" in report.error
    assert store.xapi.sent(client.endpoint) == {s["id"] for s in STATEMENTS[:5]}
    assert set(store.xapi.awaiting_retry(client.endpoint)) == {s["id"] for s in STATEMENTS[5:]}


def test_credentials_in_the_url_are_used_but_never_printed_or_stored(
        servers: Callable[..., Server], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    store = open_store(data, fallback_to_memory=False)
    store.modules.mark_read("retention")
    store.reviews.record("terms/churn", 3, state="{}", due=None)
    store.close()
    server = servers(lrs_answer)
    secret_url = server.url.replace("http://", "http://ann:pa%40ss-w0rd@") + "/xAPI/"
    assert main(["--course", str(MINI), "export", "xapi", "--lrs", secret_url, "--email", "ann@example.com"]) == 0
    out, err = capsys.readouterr()
    assert "pa%40ss-w0rd" not in out + err and "ann:" not in out + err
    assert f"to {server.url}/xAPI/statements" in err
    assert server.seen and server.seen[0].authorization == "Basic YW5uOnBhQHNzLXcwcmQ="  # ann:pa@ss-w0rd
    dump = "\n".join(sqlite3.connect(data / "progress.sqlite3").iterdump())
    assert "w0rd" not in dump and f"{server.url}/xAPI/statements" in dump


def test_records_made_under_a_url_with_credentials_are_kept_without_them() -> None:
    store = Store.in_memory()
    store.xapi.mark_sent("http://ann:pw@lrs.example/xAPI/statements", ["a", "b"])
    client = LrsClient("http://ann:pw@lrs.example/xAPI/", "ann", "pw")
    report = send([{"id": "a"}, {"id": "b"}], client, store.xapi)
    assert report.already_sent == 2 and report.sent == 0
    dump = "\n".join(store.connection.iterdump())
    assert ":pw@" not in dump and client.endpoint == "http://lrs.example/xAPI/statements"


def test_strip_credentials_keeps_everything_else() -> None:
    assert strip_credentials("https://u:p@lrs.example:8443/x?y=1#z") == "https://lrs.example:8443/x?y=1#z"
    assert strip_credentials("https://lrs.example/x") == "https://lrs.example/x"


def test_the_cohort_report_never_follows_an_lrs_that_redirects_its_query(
        servers: Callable[..., Server], capsys: pytest.CaptureFixture[str]) -> None:
    """Reading statements back: a redirect is refused with one line, and the credentials never leave."""
    elsewhere = servers(lrs_answer)
    redirecting = servers(lambda handler, _: reply(handler, 302, Location=f"{elsewhere.url}/xAPI/statements"))
    assert main(["report", "--lrs", f"{redirecting.url}/xAPI/", "--auth", "trainer:secret"]) == 1
    err = capsys.readouterr().err
    assert "redirected the query (HTTP 302)" in err and "secret" not in err
    assert elsewhere.seen == [] and len(redirecting.seen) == 1
