"""Reading xAPI statements back, one at a time: from files (a JSON array or JSON lines) or from an LRS.

Both are generators, so the cohort report aggregates a million statements without holding them: a file is
decoded object by object, an LRS is read page by page through the ``more`` links of its statement results,
with the query filtered by the LRS itself (``since``, ``activity``) so that a production backend answers
from its indexes.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from courseware.core.errors import CoursewareError, UsageError

#: The xAPI version requested from an LRS (a header; statements themselves carry none).
XAPI_VERSION = "1.0.3"
_CHUNK = 1 << 16
_PAGE = 500


def read_statement_file(path: Path) -> Iterator[dict[str, Any]]:
    """Statements from a JSON array file or a JSON-lines file, decoded one object at a time."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: cannot read statements ({error.strerror or error})") from None
    decoder = json.JSONDecoder()
    with handle:
        buffer, line, done, opened = "", 1, False, False
        while True:
            stripped = buffer.lstrip(" \t\r\n")
            line += buffer.count("\n", 0, len(buffer) - len(stripped))
            buffer = stripped
            if buffer[:1] == "[" and not opened:
                buffer, opened = buffer[1:], True
                continue
            if opened and buffer[:1] in (",", "]"):
                if buffer[:1] == "]":
                    return
                buffer = buffer[1:]
                continue
            if buffer:
                try:
                    value, end = decoder.raw_decode(buffer)
                except json.JSONDecodeError as error:
                    if done:
                        raise UsageError(f"{path}:{line}: not an xAPI statement: {error.msg}") from None
                else:
                    if not isinstance(value, dict):
                        raise UsageError(f"{path}:{line}: expected a statement (a JSON object)")
                    line += buffer.count("\n", 0, end)
                    buffer = buffer[end:]
                    yield value
                    continue
            if done:
                if opened:
                    raise UsageError(f"{path}:{line}: the JSON array of statements is not closed")
                return
            chunk = handle.read(_CHUNK)
            done = not chunk
            buffer += chunk


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """An LRS that redirects a query is not followed: the credentials must not travel to another host."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise urllib.error.HTTPError(req.full_url, code, f"redirected to {strip_credentials(newurl)}", headers, fp)


def strip_credentials(url: str) -> str:
    """``url`` without any user name or password written into it, safe to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def read_lrs(url: str, user: str, password: str, *, since: str | None = None, activity: str | None = None,
             timeout: float = 30.0, page_size: int = _PAGE) -> Iterator[dict[str, Any]]:
    """Every statement the LRS returns for the query, following ``more`` page by page on the same origin."""
    endpoint = url.rstrip("/")
    endpoint = endpoint if endpoint.endswith("/statements") else endpoint + "/statements"
    query: dict[str, str] = {"limit": str(page_size)}
    if since:
        query["since"] = since
    if activity:
        query["activity"] = activity
        query["related_activities"] = "true"
    origin = urllib.parse.urlsplit(endpoint)
    headers = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode(),
               "X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
    opener = urllib.request.build_opener(_NoRedirects)
    shown = strip_credentials(endpoint)
    page: str | None = f"{endpoint}?{urllib.parse.urlencode(query)}"
    while page:
        request = urllib.request.Request(page, headers=headers)
        try:
            with opener.open(request, timeout=timeout) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise CoursewareError(f"the LRS at {shown} refused the credentials (HTTP {error.code})") from None
            raise CoursewareError(f"the LRS at {shown} answered HTTP {error.code} ({error.msg})") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise CoursewareError(f"cannot reach the LRS at {shown} ({getattr(error, 'reason', error)})") from None
        except ValueError:
            raise CoursewareError(f"the LRS at {shown} did not answer with statements (not JSON)") from None
        statements = body.get("statements") if isinstance(body, dict) else None
        if not isinstance(statements, list):
            raise CoursewareError(f"the LRS at {shown} did not answer with a statement result")
        for statement in statements:
            if isinstance(statement, dict):
                yield statement
        more = body.get("more") or None
        page = None
        if isinstance(more, str) and statements:
            following = urllib.parse.urljoin(endpoint, more)
            target = urllib.parse.urlsplit(following)
            if (target.scheme, target.netloc) != (origin.scheme, origin.netloc):
                raise CoursewareError(f"the LRS at {shown} sent its next page to another host; not followed")
            page = following
