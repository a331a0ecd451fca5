"""Sending xAPI statements to a learning record store: in batches, resumable, never twice.

Uses the standard library's urllib (no extra dependency). Each accepted batch is recorded in the
store at once, so an interrupted or failed send resumes where it stopped; a batch the LRS did not
accept is marked for retry with the reason, and nothing after it is sent in that run.

A statement counts as sent only when the LRS answers the POST itself with 200 and names the
statement's id, as the xAPI specification says it must. Redirects are not followed (urllib would turn a
302 into a body-less GET and carry the credentials to whatever host it names), except a 307 or 308 to
the same origin, which keeps the method and is re-sent with its body. Credentials written into a URL
are taken out of it before the URL is printed or recorded.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from courseware.core.interop.xapi import XAPI_VERSION
from courseware.core.store.xapi import XapiRepository

#: Redirects followed for one batch (307/308 to the same origin only).
MAX_REDIRECTS = 3
#: Largest answer read from the LRS (a list of ids is about 40 bytes per statement).
MAX_ANSWER_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SendReport:
    """What a send did: statements accepted now, already sent before, left for retry, and why."""

    endpoint: str
    sent: int
    already_sent: int
    unsent: int
    error: str | None = None


@dataclass(frozen=True)
class Posted:
    """The LRS's answer to one batch: the ids it confirmed, and why the rest were not, if any were not."""

    accepted: frozenset[str]
    error: str | None = None


def strip_credentials(url: str) -> str:
    """``url`` without any ``user:password@`` part, safe to print and to store."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def credentials_in(url: str) -> tuple[str, str] | None:
    """The user and password written in ``url`` (``https://user:pass@lrs/...``), if any."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return None
    return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")


def statements_endpoint(url: str) -> str:
    """The statements resource of an LRS given by its base URL (``.../xAPI/``) or the resource itself."""
    trimmed = strip_credentials(url).rstrip("/")
    return trimmed if trimmed.endswith("/statements") else trimmed + "/statements"


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, parts.hostname, parts.port or default


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every 3xx comes back as an ``HTTPError`` for the caller to judge (posting and reading the LRS alike)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


class LrsClient:
    """Posts statements with HTTP basic authentication, to the LRS's own origin only."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = 15.0) -> None:
        #: The URL as given, credentials included, to move records made before they were stripped.
        given = url.rstrip("/")
        self.given_endpoint = given if given.endswith("/statements") else given + "/statements"
        self.endpoint = statements_endpoint(url)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self._headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                         "X-Experience-API-Version": XAPI_VERSION}
        self._timeout = timeout
        self._opener = urllib.request.build_opener(NoRedirects)

    def post(self, statements: list[dict[str, Any]]) -> Posted:
        """Post one batch; the answer names the statements the LRS confirmed and why any others were not."""
        body = json.dumps(statements).encode()
        target = self.endpoint
        for _ in range(MAX_REDIRECTS + 1):
            request = urllib.request.Request(target, data=body, method="POST", headers=self._headers)
            try:
                with self._opener.open(request, timeout=self._timeout) as response:
                    return self._confirmed(statements, response.status, response.read(MAX_ANSWER_BYTES + 1))
            except urllib.error.HTTPError as error:
                if 300 <= error.code < 400:
                    location = urllib.parse.urljoin(target, error.headers.get("Location") or "")
                    if error.code in (307, 308) and _origin(location) == _origin(self.endpoint):
                        target = location
                        continue
                    return Posted(frozenset(), self._redirected(error.code, location))
                return Posted(frozenset(), self._refused(error))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                reason = getattr(error, "reason", error)
                return Posted(frozenset(), f"cannot reach the LRS at {self.endpoint} ({reason})")
        return Posted(frozenset(), f"the LRS at {self.endpoint} redirected more than {MAX_REDIRECTS} times")

    def _redirected(self, code: int, location: str) -> str:
        shown = strip_credentials(location) if location else "nowhere"
        return (f"the LRS at {self.endpoint} redirected the statements (HTTP {code}) to {shown}; redirects are "
                "not followed (the statements and credentials would not arrive as sent): give --lrs the address "
                "it names if that is the LRS")

    def _refused(self, error: urllib.error.HTTPError) -> str:
        if error.code in (401, 403):
            return f"the LRS at {self.endpoint} refused the credentials (HTTP {error.code})"
        body = error.read(300).decode("utf-8", "replace").strip()
        return f"the LRS at {self.endpoint} answered HTTP {error.code}" + (f": {body}" if body else "")

    def _confirmed(self, statements: list[dict[str, Any]], status: int, answer: bytes) -> Posted:
        """The ids of ``statements`` that a 200 answer lists; anything else confirms nothing."""
        if status != 200:
            return Posted(frozenset(), f"the LRS at {self.endpoint} answered HTTP {status} without the "
                                       "statement ids it must return; not counted as sent")
        try:
            named = json.loads(answer) if len(answer) <= MAX_ANSWER_BYTES else None
        except (ValueError, UnicodeDecodeError):
            named = None
        if not isinstance(named, list) or not all(isinstance(item, str) for item in named):
            return Posted(frozenset(), f"the LRS at {self.endpoint} answered 200 without a list of statement "
                                       "ids; not counted as sent")
        ours = {statement["id"] for statement in statements}
        accepted = frozenset(ours & set(named))
        missing = len(ours) - len(accepted)
        if missing:
            return Posted(accepted, f"the LRS at {self.endpoint} did not confirm {missing} of the "
                                    f"{len(ours)} statements posted")
        return Posted(accepted)


def send(statements: list[dict[str, Any]], client: LrsClient, record: XapiRepository, *,
         batch_size: int = 50) -> SendReport:
    """Send what the LRS does not have yet, batch by batch, recording each confirmed statement."""
    if client.given_endpoint != client.endpoint:
        record.move_endpoint(client.given_endpoint, client.endpoint)
    already = record.sent(client.endpoint)
    todo = [statement for statement in statements if statement["id"] not in already]
    sent = 0
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        posted = client.post(batch)
        if posted.accepted:
            record.mark_sent(client.endpoint, [s["id"] for s in batch if s["id"] in posted.accepted])
            sent += len(posted.accepted)
        if posted.error is not None:
            left = [s["id"] for s in todo[start:] if s["id"] not in posted.accepted]
            record.mark_for_retry(client.endpoint, left, posted.error)
            return SendReport(client.endpoint, sent, len(statements) - len(todo), len(left), posted.error)
    return SendReport(client.endpoint, sent, len(statements) - len(todo), 0)
