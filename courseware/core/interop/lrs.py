"""Sending xAPI statements to a learning record store: in batches, resumable, never twice.

Uses the standard library's urllib (no extra dependency). Each accepted batch is recorded in the
store at once, so an interrupted or failed send resumes where it stopped; a batch the LRS did not
accept is marked for retry with the reason, and nothing after it is sent in that run.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from courseware.core.interop.xapi import XAPI_VERSION
from courseware.core.store.xapi import XapiRepository


@dataclass(frozen=True)
class SendReport:
    """What a send did: statements accepted now, already sent before, left for retry, and why."""

    endpoint: str
    sent: int
    already_sent: int
    unsent: int
    error: str | None = None


def statements_endpoint(url: str) -> str:
    """The statements resource of an LRS given by its base URL (``.../xAPI/``) or the resource itself."""
    trimmed = url.rstrip("/")
    return trimmed if trimmed.endswith("/statements") else trimmed + "/statements"


class LrsClient:
    """Posts statements with HTTP basic authentication."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = 15.0) -> None:
        self.endpoint = statements_endpoint(url)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self._headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                         "X-Experience-API-Version": XAPI_VERSION}
        self._timeout = timeout

    def post(self, statements: list[dict[str, Any]]) -> str | None:
        """Post one batch; the result is None when the LRS accepted it, else why it did not."""
        request = urllib.request.Request(self.endpoint, data=json.dumps(statements).encode(), method="POST",
                                         headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            body = error.read(300).decode("utf-8", "replace").strip()
            if error.code in (401, 403):
                return f"the LRS at {self.endpoint} refused the credentials (HTTP {error.code})"
            return f"the LRS at {self.endpoint} answered HTTP {error.code}" + (f": {body}" if body else "")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            return f"cannot reach the LRS at {self.endpoint} ({reason})"
        if status not in (200, 204):
            return f"the LRS at {self.endpoint} answered HTTP {status}"
        return None


def send(statements: list[dict[str, Any]], client: LrsClient, record: XapiRepository, *,
         batch_size: int = 50) -> SendReport:
    """Send what the LRS does not have yet, batch by batch, recording each accepted batch."""
    already = record.sent(client.endpoint)
    todo = [statement for statement in statements if statement["id"] not in already]
    sent = 0
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        error = client.post(batch)
        if error is not None:
            record.mark_for_retry(client.endpoint, [statement["id"] for statement in todo[start:]], error)
            return SendReport(client.endpoint, sent, len(statements) - len(todo), len(todo) - start, error)
        record.mark_sent(client.endpoint, [statement["id"] for statement in batch])
        sent += len(batch)
    return SendReport(client.endpoint, sent, len(statements) - len(todo), 0)
