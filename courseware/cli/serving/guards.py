"""Who may use the server: the Host it was addressed by, the token (or its cookie), the page's Origin.

- **Host** (DNS rebinding): a page on ``evil.example`` whose name is made to resolve to 127.0.0.1 reaches
  the server with ``Host: evil.example``. Only the names the server is bound to (plus ``localhost`` on a
  loopback address, the ``--public-url`` host and ``--allow-host`` names) are served; when bound to every
  address, IP literals are served too, since a rebinding attack needs a name.
- **Token**: as in Jupyter, a random secret in the printed address; the first visit with it sets an
  HttpOnly, SameSite=Strict cookie and redirects to the bare address, so the token leaves the address bar
  and is never sent as a Referer.
- **Origin**: a browser names the page that opens a WebSocket; only the server's own pages may.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]@/\\]+)(:\d{1,5})?")


def hostname(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``; lower case; "" when malformed
    (user info, paths, spaces: nothing a browser sends)."""
    match = _HOST.fullmatch(host_header)
    return match.group(1).strip("[]").lower() if match else ""


@dataclass(frozen=True)
class Guards:
    bind: str
    port: int
    token: str | None
    public_url: str | None = None
    allow_hosts: frozenset[str] = field(default_factory=frozenset)

    @property
    def cookie(self) -> str:
        """Cookies are shared by every port of a host, so the name carries the port (as Jupyter's does)."""
        return f"courseware-token-{self.port}"

    def serves_host(self, name: str) -> bool:
        named = {self.bind.lower(), *self.allow_hosts}
        if self.public_url:
            named.add((urlsplit(self.public_url).hostname or "").lower())
        if is_loopback(self.bind):
            named |= LOOPBACK_NAMES
        if self.bind in WILDCARDS and _is_ip(name):
            return True
        return name in named

    def own_origins(self, request: web.Request) -> set[str]:
        origins = {f"http://{request.host}", f"https://{request.host}"}
        if self.public_url:
            parts = urlsplit(self.public_url)
            origins.add(f"{parts.scheme}://{parts.netloc}")
        return origins

    def _has_token(self, supplied: str | None) -> bool:
        return self.token is not None and supplied is not None and hmac.compare_digest(
            supplied.encode(), self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.serves_host(hostname(request.host)):
            return web.Response(status=403, text="courseware serve: this server is not served under that host "
                                                 "name (see --allow-host)\n")
        if request.headers.get("Upgrade", "").lower() == "websocket":
            origin = request.headers.get("Origin")
            if origin is not None and origin not in self.own_origins(request):
                return web.Response(status=403, text="courseware serve: WebSocket from another origin refused\n")
        if self.token is not None:
            if self._has_token(request.query.get("token")):
                if request.path == "/" and request.method == "GET":
                    response = web.Response(status=303, headers={"Location": "/"})
                    response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/",
                                        secure=bool(self.public_url and self.public_url.startswith("https:")))
                    return response
            elif not self._has_token(request.cookies.get(self.cookie)):
                return web.Response(status=403, text="courseware serve: open the address with the token that "
                                                     "'courseware serve' printed (http://.../?token=...)\n")
        return await handler(request)


async def add_safety_headers(request: web.Request, response: web.StreamResponse) -> None:
    """No framing by other sites (clickjacking), no Referer (the token), no sniffing, no caching of the page."""
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path == "/":
        response.headers["Cache-Control"] = "no-store"
