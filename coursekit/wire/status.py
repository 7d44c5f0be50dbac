"""The ``Status`` words of a container list (``Up 3 seconds``), read back into times.

``GET /containers/json`` carries no ``StartedAt``, ``FinishedAt`` or ``ExitCode``: only the
daemon's ``State.String()`` as of the moment it answered (``Up 3 seconds``, ``Up 2 hours
(Paused)``, ``Exited (137) About a minute ago``, ``Restarting (1) 5 seconds ago``,
``Created``, ``Dead``, ``""``). :func:`read_status` gives back the exit code and the
start or finish time that make the same words again, counted from ``now``: the middle
of the span of durations go-units' ``HumanDuration`` gives those words for (``3 seconds``
is 3.5 s before ``now``, ``About a minute`` 90 s, ``2 hours`` 7200 s). Whoever formats
the status again against a clock read up to half a second later writes the daemon's
words exactly; a longer gap shifts only the shortest spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from coursekit.wire.shape import ZERO_TIME

HOUR = 3600
YEAR_HOURS = 24 * 365
_UNITS = {"second": 1, "minute": 60}
_HOUR_SPANS = {"day": (24, 48, 24 * 14), "week": (24 * 7, 24 * 14, 24 * 60),
               "month": (24 * 30, 24 * 60, 24 * 730)}
"""unit -> (hours per unit, first hour, hour after the last) as HumanDuration counts them."""
_STATUS = re.compile(r"(?P<kind>Up|Exited|Restarting)(?: \((?P<code>-?\d+)\))? "
                     r"(?P<span>.+?)(?: ago)?(?: \((?:Paused|[a-z: ]+)\))?")


@dataclass(frozen=True)
class Lifetime:
    """What a listed container's ``Status`` says: exit code, start and finish (RFC 3339)."""

    exit_code: int = 0
    started_at: str = ZERO_TIME
    finished_at: str = ZERO_TIME


def span_seconds(words: str) -> float:
    """The middle of the durations HumanDuration writes as ``words`` (``3 seconds``: 3.5)."""
    if words == "Less than a second":
        return 0.5
    if words == "About a minute":
        return 90.0
    if words == "About an hour":
        return 4500.0
    count_text, _, unit = words.partition(" ")
    count, unit = int(count_text), unit.removesuffix("s")
    if unit in _UNITS:
        return count * _UNITS[unit] + _UNITS[unit] / 2
    if unit == "hour":
        return float(count * HOUR)
    if unit == "year":
        return (count + 0.5) * YEAR_HOURS * HOUR
    per, first, end = _HOUR_SPANS[unit]
    low, high = max(count * per, first), min((count + 1) * per, end) - 1
    return float((low + high) // 2 * HOUR)


def rfc3339(moment: datetime) -> str:
    """``2026-12-01T22:09:09.500000Z``: what the documents' time fields hold."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_status(status: str, now: datetime, created: str = ZERO_TIME) -> Lifetime:
    """The lifetime behind ``status`` as of ``now`` (aware UTC); ``created`` stands in for
    the start of a container that exited at an unknown time (``Status`` ``""``)."""
    match = _STATUS.fullmatch(status)
    if match is None:
        return Lifetime(started_at=created) if status == "" else Lifetime()
    moment = rfc3339(now - timedelta(seconds=span_seconds(match["span"])))
    if match["kind"] == "Up":
        return Lifetime(started_at=moment)
    return Lifetime(int(match["code"] or 0), moment, moment)
