"""The daemon's event log, derived from the lab's state (what ``GET /events`` streams).

The lab changes through the server's requests and through a notebook's ``lab.sh()`` on
the same backend, so no handler sees every change. The journal compares two snapshots
of the lab instead (each container's name, state, start and finish times; each
network's members) and writes down the events the engine would have sent between them,
in the engine's order (recorded on 20.10 and 28.5):

- ``docker run``: ``create``, ``attach`` (in the foreground), ``network connect`` (one
  per network), ``start``; its end: 28.5 ``network disconnect`` (each), then ``die``
  (with ``execDuration``), 20.10 ``die`` first; ``destroy`` once removed;
- ``docker stop``: ``kill`` (signal 15), ``kill`` (9) when the timeout ran out, then 28.5
  the disconnects, ``stop``, ``die``; 20.10 ``die``, the disconnects, ``stop``;
- ``docker kill``: ``kill`` (its signal), the disconnects and ``die`` as above;
- ``pause``/``unpause``/``rename`` (``oldName`` is ``/old``), ``network create`` and
  ``destroy``, a ``network connect``/``disconnect`` of a running container (20.10 tells
  such a disconnect twice).

What the snapshots cannot show (which signal a ``kill`` sent, that a ``stop`` asked for
the end) the handlers tell it beforehand (:meth:`Journal.expect`). Times are the
backend's clock: a start is dated by the container's ``StartedAt``, a death by its
``FinishedAt``, the rest by the clock when the change is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from coursekit.backends.base import Backend
from coursekit.models import Container, Network

KEEP = 1024
"""Events kept for ``--since`` (the engine keeps the last 256 in memory, plus its log)."""
NEVER = "0001-01-01T00:00:00Z"
STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z")


def nanos(stamp: str | datetime) -> int:
    """Unix nanoseconds of an RFC 3339 UTC time (``2026-12-02T15:14:27.96094Z``)."""
    if isinstance(stamp, datetime):
        return int(stamp.timestamp()) * 10**9 + stamp.microsecond * 1000
    match = STAMP.fullmatch(stamp)
    if not match or stamp == NEVER:
        return 0
    whole = datetime.fromisoformat(match[1] + "+00:00")
    return int(whole.timestamp()) * 10**9 + int((match[2] or "0").ljust(9, "0")[:9])


@dataclass(frozen=True)
class Event:
    """One event: its type, action, actor and attributes, when (Unix ns), and its image."""

    type: str
    action: str
    actor: str
    attributes: tuple[tuple[str, str], ...]
    time: int
    image: str = ""

    def attribute(self, key: str) -> str:
        return dict(self.attributes).get(key, "")

    def document(self) -> dict[str, object]:
        """The message as the daemon encodes it (API 1.41 to 1.51 alike)."""
        head: dict[str, object] = {}
        if self.type == "container":
            head = {"status": self.action, "id": self.actor, "from": self.image}
        return {**head, "Type": self.type, "Action": self.action,
                "Actor": {"ID": self.actor, "Attributes": dict(sorted(self.attributes))},
                "scope": "local", "time": self.time // 10**9, "timeNano": self.time}


@dataclass(frozen=True)
class Seen:
    """What the journal remembers of a container between two looks."""

    c: Container
    networks: tuple[tuple[str, str, str], ...]  # (id, name, driver) it is a member of


@dataclass
class Journal:
    """The log of events, kept up to date by :meth:`sync` (call it under the lab's lock)."""

    events: list[Event] = field(default_factory=list)
    dropped: int = 0
    """Events no longer kept (the index of ``events[0]`` among all ever written)."""
    modern: bool = True
    """28.5's order and fields (see :meth:`_end`); False: 20.10's."""
    _containers: dict[str, Seen] = field(default_factory=dict)
    _networks: dict[str, Network] = field(default_factory=dict)
    _expected: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _started: bool = False

    @property
    def written(self) -> int:
        """How many events were ever written (a reader's cursor counts these)."""
        return self.dropped + len(self.events)

    def since(self, cursor: int) -> list[Event]:
        """The events written after the first ``cursor`` ones."""
        return self.events[max(0, cursor - self.dropped):]

    def expect(self, container_id: str, action: str, signal: str = "") -> None:
        """A request is about to ``kill`` (with this signal number) or ``stop`` a
        container: the next look says so in the engine's words."""
        self._expected.setdefault(container_id, []).append((action, signal))

    def attach(self, backend: Backend, c: Container) -> None:
        """A client attached to ``c`` (``docker run`` in the foreground, ``compose up``)."""
        self.sync(backend)
        self._write([self._container_event(c, "attach", nanos(backend.now()))])

    def sync(self, backend: Backend) -> None:
        """Look at the lab again and write the events of what changed since the last look."""
        now = nanos(backend.now())
        self.modern = backend.profile().server.api_version >= "1.44"
        networks = {n.id: n for n in backend.networks()}
        members: dict[str, list[tuple[str, str, str]]] = {}
        for n in networks.values():
            for m in n.members:
                members.setdefault(m.container_id, []).append((n.id, n.name, n.driver))
        containers = {c.id: Seen(c, tuple(members.get(c.id, ()))) for c in
                      backend.containers()}
        if not self._started:  # the lab as it was when the server started: no events
            self._started, self._containers, self._networks = True, containers, networks
            return
        found: list[Event] = []
        for nid, n in networks.items():
            if nid not in self._networks:
                found.append(self._network_event(n, "create", now))
        for cid, seen in containers.items():
            found += self._container_changes(self._containers.get(cid), seen, now)
        for cid, old in self._containers.items():
            if cid not in containers:
                found += self._removed(old, now, backend)
        for nid, n in self._networks.items():
            if nid not in networks:
                found.append(self._network_event(n, "destroy", now))
        self._containers, self._networks = containers, networks
        self._expected.clear()
        self._write(sorted(found, key=lambda e: e.time))

    def _write(self, found: list[Event]) -> None:
        last = self.events[-1].time if self.events else 0
        for event in found:
            last = max(last, event.time)
            self.events.append(Event(event.type, event.action, event.actor,
                                     event.attributes, last, event.image))
        if len(self.events) > KEEP:
            self.dropped += len(self.events) - KEEP
            del self.events[:len(self.events) - KEEP]

    def _container_event(self, c: Container, action: str, time: int,
                         *extra: tuple[str, str]) -> Event:
        attributes = (*c.labels, ("image", c.image), ("name", c.name.lstrip("/")), *extra)
        return Event("container", action, c.id, attributes, time, c.image)

    @staticmethod
    def _network_event(n: Network | tuple[str, str, str], action: str, time: int,
                       container: str = "") -> Event:
        nid, name, driver = (n.id, n.name, n.driver) if isinstance(n, Network) else n
        extra = (("container", container),) if container else ()
        return Event("network", action, nid, (*extra, ("name", name), ("type", driver)), time)

    def _net_events(self, c: Container, nets: tuple[tuple[str, str, str], ...], action: str,
                    time: int) -> list[Event]:
        return [self._network_event(n, action, time, c.id) for n in nets]

    def _container_changes(self, old: Seen | None, new: Seen, now: int) -> list[Event]:
        c, found = new.c, []
        if old is None:
            found.append(self._container_event(c, "create", nanos(c.created) or now))
            old = Seen(Container(c.id, c.name, c.image, labels=c.labels), ())
        if old.c.name != c.name:
            found.append(self._container_event(c, "rename", now,
                                               ("oldName", "/" + old.c.name.lstrip("/"))))
        died = c.finished_at != old.c.finished_at and c.finished_at != NEVER
        started = c.started_at != old.c.started_at and c.started_at != NEVER
        ends = self._end(old, c, now) if died else []
        begins = self._begin(new, now) if started else []
        if started and died and nanos(c.started_at) < nanos(c.finished_at):
            found += begins + ends  # it started and ended since the last look
        else:
            found += ends + begins  # (restart: it ended, then started again)
        if not started and not died:
            found += self._kills(old.c, now)  # a signal that did not end it
            old_nets, new_nets = set(old.networks), set(new.networks)
            left = tuple(n for n in old.networks if n not in new_nets)
            twice = () if self.modern else left  # 20.10 tells a disconnect twice
            found += self._net_events(c, left + twice, "disconnect", now)
            found += self._net_events(c, tuple(n for n in new.networks if n not in old_nets),
                                      "connect", now)
        if started and ("restart", "") in self._expected.get(c.id, ()):
            found.append(self._container_event(c, "restart", max(now, nanos(c.started_at))))
        if c.state == "paused" and old.c.state != "paused":
            found.append(self._container_event(c, "pause", now))
        if old.c.state == "paused" and c.state == "running":
            found.append(self._container_event(c, "unpause", now))
        return found

    def _driver(self, network_id: str) -> str:
        found = self._networks.get(network_id)
        return found.driver if found is not None else "bridge"

    def _begin(self, new: Seen, now: int) -> list[Event]:
        at = nanos(new.c.started_at) or now
        return [*self._net_events(new.c, new.networks, "connect", at),
                self._container_event(new.c, "start", at)]

    def _kills(self, c: Container, time: int, died: Container | None = None) -> list[Event]:
        found = []
        for action, signal in self._expected.get(c.id, ()):
            if action == "kill":
                found.append(self._container_event(c, "kill", time, ("signal", signal)))
            elif action == "stop":
                found.append(self._container_event(c, "kill", time, ("signal", signal)))
                if died is not None and died.exit_code == 137 and signal != "9":
                    found.append(self._container_event(c, "kill", time, ("signal", "9")))
        return found

    def _end(self, old: Seen, c: Container, now: int) -> list[Event]:
        at = nanos(c.finished_at) or now
        at = at if at >= nanos(old.c.finished_at) else now
        begun = nanos(c.started_at) or at
        lived = max(0, (at - begun) // 10**9)
        kills = self._kills(old.c, at, c)
        gone = self._net_events(c, old.networks, "disconnect", at)
        stopped = any(action == "stop" for action, _ in self._expected.get(c.id, ()))
        stop = [self._container_event(c, "stop", at)] if stopped else []
        if not self.modern:  # 20.10: kill, die, disconnect, stop; no execDuration
            die = self._container_event(c, "die", at, ("exitCode", str(c.exit_code)))
            return [*kills, die, *gone, *stop]
        die = self._container_event(c, "die", at, ("execDuration", str(lived)),
                                    ("exitCode", str(c.exit_code)))
        return [*kills, *gone, *stop, die]

    def _removed(self, old: Seen, now: int, backend: Backend) -> list[Event]:
        found: list[Event] = []
        departed = getattr(backend, "departed", None)
        ran = departed(old.c.id) if departed is not None and not old.c.running else None
        if ran is not None and old.c.auto_remove:  # an --rm one ran and went in one go
            nets = tuple((e.network_id, e.network_name, self._driver(e.network_id))
                         for e in old.c.endpoints)
            begun = Seen(Container(old.c.id, old.c.name, old.c.image, labels=old.c.labels,
                                   started_at=NEVER), nets)
            dead = Container(old.c.id, old.c.name, old.c.image, labels=old.c.labels,
                             state="exited", exit_code=ran.exit_code)
            found += [*self._begin(begun, now), *self._end(begun, dead, now)]
        if old.c.running:  # docker rm -f: killed, then removed
            self._expected.setdefault(old.c.id, []).append(("kill", "9"))
            dead = Container(old.c.id, old.c.name, old.c.image, labels=old.c.labels,
                             state="exited", exit_code=137, started_at=old.c.started_at)
            found += self._end(old, dead, now)
        return [*found, self._container_event(old.c, "destroy", now)]
