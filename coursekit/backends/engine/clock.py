"""The engine's clock, for ``Up 3 seconds`` and ``2 minutes ago``, without asking every time.

``docker info``'s ``SystemTime`` is the engine's clock, but ``GET /info`` is the slowest
cheap request there is (the daemon counts containers, images, plugins for it: about 5 ms
on engine 20.10, more than the container list itself). :class:`EngineClock` reads it once,
keeps the offset from this machine's clock (the request's midpoint stands for the moment
it was read), and reads it again once :data:`REFRESH` seconds have passed here, or when
this machine's clock went backwards. Between two readings it is as exact as the two
clocks run alike (to a few milliseconds: the request's round trip).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

REFRESH = 30.0
"""Seconds (on this machine's clock) after which the engine's clock is read again."""


def local_now() -> datetime:
    """This machine's clock, aware UTC."""
    return datetime.now(timezone.utc)


class EngineClock:
    """``EngineClock(read)``: ``read()`` asks the engine for its time (aware UTC)."""

    def __init__(self, read: Callable[[], datetime], *, refresh: float = REFRESH,
                 local: Callable[[], datetime] = local_now) -> None:
        self._read, self._refresh, self._local = read, refresh, local
        self._offset: timedelta | None = None
        self._read_at = datetime.min.replace(tzinfo=timezone.utc)

    def now(self) -> datetime:
        """The engine's time now: this machine's clock plus the offset last read."""
        here = self._local()
        age = (here - self._read_at).total_seconds()
        if self._offset is None or not 0 <= age < self._refresh:
            engine = self._read()
            after = self._local()
            self._offset = engine - (here + (after - here) / 2)
            self._read_at = here = after
        return here + self._offset
