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
from courseware.core.interop.lrs import NoRedirects, statements_endpoint, strip_credentials
from courseware.core.interop.xapi import XAPI_VERSION

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


def read_lrs(url: str, user: str, password: str, *, since: str | None = None, activity: str | None = None,
             timeout: float = 30.0, page_size: int = _PAGE) -> Iterator[dict[str, Any]]:
    """Every statement the LRS returns for the query, following ``more`` page by page on the same origin."""
    endpoint = statements_endpoint(url)
    query: dict[str, str] = {"limit": str(page_size)}
    if since:
        query["since"] = since
    if activity:
        query["activity"] = activity
        query["related_activities"] = "true"
    origin = urllib.parse.urlsplit(endpoint)
    headers = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode(),
               "X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
    opener = urllib.request.build_opener(NoRedirects)
    shown = strip_credentials(endpoint)
    page: str | None = f"{endpoint}?{urllib.parse.urlencode(query)}"
    while page:
        request = urllib.request.Request(page, headers=headers)
        try:
            with opener.open(request, timeout=timeout) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                location = urllib.parse.urljoin(page, error.headers.get("Location") or "")
                raise CoursewareError(f"the LRS at {shown} redirected the query (HTTP {error.code}) to "
                                      f"{strip_credentials(location)}; not followed, so the credentials stay "
                                      "with the LRS given") from None
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
