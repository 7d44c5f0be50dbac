"""``GET /events`` (``docker events``, and what ``docker compose up`` watches).

The events come from the lab's :class:`~coursekit.api.journal.Journal`, which
the context brings up to date after every request that changed the lab and, while a
stream is open, on its poll (changes a notebook's ``lab.sh()`` made). ``since`` replays
what the journal kept from that time on, ``until`` ends the stream at that time (at
once when it is past); without ``until`` the stream stays open and sends each event as
it happens. ``filters`` are the daemon's: ``type``, ``event``, ``container``,
``network``, ``image``, ``label`` (``key`` or ``key=value``), ``scope``.

The snapshots show that a container ended, not why: ``docker stop``, ``kill`` and
``restart`` pass through here first, so the journal learns which signal was sent
(``kill`` with ``signal=15``, then ``9`` when the timeout ran out, and ``stop``).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import datetime

from coursekit.api.context import Context
from coursekit.api.handlers import containers
from coursekit.api.http import Answer, Request, Streamed, go_json
from coursekit.api.journal import Event, nanos
from coursekit.api.routes import RouteSpec
from coursekit.errors import InvalidArgument, NotFound

ID = r"(?P<ref>[^/]+)"
SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15,
           "STOP": 19, "CONT": 18, "WINCH": 28}
UNIX = re.compile(r"(-?\d+)(?:\.(\d+))?")
Wanted = Mapping[str, Sequence[str]]


def signal_number(text: str, default: int = 15) -> str:
    """``KILL``, ``SIGKILL``, ``9`` -> ``"9"`` (the number the event's ``signal`` says)."""
    name = text.upper().removeprefix("SIG")
    if name.isdigit():
        return name
    return str(SIGNALS.get(name, default))


def event_time(request: Request, name: str) -> int | None:
    """``since``/``until`` in Unix nanoseconds: ``SECONDS[.NANOS]`` (what the CLI sends)
    or an RFC 3339 time; None when absent."""
    value = request.arg(name)
    if not value:
        return None
    match = UNIX.fullmatch(value)
    if match:
        return int(match[1]) * 10**9 + int(match[2] or 0)
    try:
        return nanos(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise InvalidArgument(f'strconv.ParseInt: parsing "{value}": invalid syntax'
                              ) from None


def _fuzzy(values: Sequence[str] | None, *sources: str) -> bool:
    if values is None:
        return True
    return any(s and (s == v or s.startswith(v)) for v in values for s in sources)


def _labels(values: Sequence[str] | None, event: Event) -> bool:
    if values is None:
        return True
    attributes = dict(event.attributes)
    for wanted in values:
        key, eq, value = wanted.partition("=")
        if key not in attributes or (eq and attributes[key] != value):
            return False
    return True


def _image(values: Sequence[str] | None, event: Event) -> bool:
    image = event.attribute("image")
    if values is None:
        return True
    return bool(image) and (image in values or image.split(":")[0] in values)


def _named(values: Sequence[str] | None, event: Event, kind: str) -> bool:
    """The daemon's ``container``/``network`` filters: the actor's id or name (or their
    beginnings), so a ``container`` filter lets no network event through."""
    names = (event.actor, event.attribute("name")) if event.type == kind else ()
    return _fuzzy(values, *names)


def matches(event: Event, wanted: Wanted) -> bool:
    """Whether the daemon's filters let ``event`` through."""
    exact = (("type", event.type), ("event", event.action), ("scope", "local"))
    return (all(wanted.get(key) is None or value in wanted[key] for key, value in exact)
            and _named(wanted.get("container"), event, "container")
            and _named(wanted.get("network"), event, "network")
            and _image(wanted.get("image"), event) and _labels(wanted.get("label"), event))


def events(ctx: Context, request: Request) -> Answer:
    """``GET /events?since=&until=&filters=``: a stream of JSON messages."""
    wanted: Wanted = containers.filters(request) or {}
    since, until = event_time(request, "since"), event_time(request, "until")
    journal = ctx.journal

    def fresh(cursor: int) -> Callable[[], bool]:
        def ready() -> bool:
            journal.sync(ctx.backend)
            return journal.written > cursor
        return ready

    async def body() -> AsyncIterator[bytes]:
        with ctx.lock:
            journal.sync(ctx.backend)
            cursor = journal.dropped if since is not None else journal.written
            start, began = nanos(ctx.backend.now()), time.monotonic_ns()
        while True:
            with ctx.lock:
                found, cursor = journal.since(cursor), journal.written
                # the simulator's clock may run ahead (a stop's timeout) and wait there
                # for the machine's: the stream's own time moves on regardless
                now = max(nanos(ctx.backend.now()), start + time.monotonic_ns() - began)
            for event in found:
                if until is not None and event.time > until:
                    return
                if (since is None or event.time >= since) and matches(event, wanted):
                    yield go_json(event.document())
            if until is not None and now >= until:
                return
            wait = None if until is None else (until - now) / 10**9
            await ctx.until(fresh(cursor), wait)

    return Streamed(200, body)


def _expect(ctx: Context, ref: str, action: str, signal: str) -> None:
    with ctx.lock:
        try:
            c = ctx.backend.container(ref)
        except NotFound:
            return  # the handler answers that
        ctx.journal.sync(ctx.backend)
        if c.running:
            ctx.journal.expect(c.id, action, signal)


def _stop_signal(ctx: Context, request: Request) -> str:
    modern = ctx.backend.profile().server.api_version >= "1.42"
    return signal_number(request.arg("signal") if modern else "", 15)


def stop(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/stop``: as :func:`.containers.stop`, its events told."""
    _expect(ctx, ref, "stop", _stop_signal(ctx, request))
    return containers.stop(ctx, request, ref)


def restart(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/restart``: a stop, a start, then ``restart``."""
    _expect(ctx, ref, "stop", _stop_signal(ctx, request))
    with ctx.lock:
        c = ctx.backend.container(ref)
        ctx.journal.expect(c.id, "restart")
    return containers.restart(ctx, request, ref)


def kill(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/kill?signal=SIG``: ``kill`` with its signal's number."""
    _expect(ctx, ref, "kill", signal_number(request.arg("signal") or "KILL", 9))
    return containers.kill(ctx, request, ref)


ROUTES: list[RouteSpec] = [
    ("GET", "/events", events),
    ("POST", f"/containers/{ID}/stop", stop),
    ("POST", f"/containers/{ID}/restart", restart),
    ("POST", f"/containers/{ID}/kill", kill),
]
