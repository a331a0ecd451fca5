"""Rate limiting of failed sign-ins, so that guessing a learner's password over the network is hopeless.

Each failure for a name, and each failure from one client address, doubles the wait before the next
attempt is even checked (1 s, 2 s, 4 s... up to 15 minutes) once a few free tries are used; a success
clears the name's count. Time comes from an injected clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

FREE_TRIES = 3
FIRST_WAIT = 1.0
LONGEST_WAIT = 15 * 60.0


@dataclass
class _Failures:
    count: int = 0
    until: float = 0.0


class SignInGuard:
    """Counts failed sign-ins per learner name and per client address."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._failures: dict[str, _Failures] = {}

    def wait(self, name: str, client: str) -> float:
        """Seconds to wait before a sign-in as ``name`` from ``client`` is checked (0: check it now)."""
        now = self.clock()
        return max(0.0, *(self._failures.get(key, _Failures()).until - now for key in self._keys(name, client)))

    def failed(self, name: str, client: str) -> None:
        now = self.clock()
        for key in self._keys(name, client):
            failures = self._failures.setdefault(key, _Failures())
            failures.count += 1
            if failures.count >= FREE_TRIES:
                failures.until = now + min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures.count - FREE_TRIES))

    def succeeded(self, name: str) -> None:
        self._failures.pop(f"name:{name}", None)

    @staticmethod
    def _keys(name: str, client: str) -> tuple[str, str]:
        return f"name:{name}", f"client:{client}"
