"""What every route handler shares: the lab's backend, its lock, and the clock of changes.

The server's handlers and a notebook's ``lab.sh()`` may run at the same time (``Lab.serve``
runs the server in a thread beside the kernel), so every call into the backend holds
:attr:`Context.lock`. Requests that wait for something to happen (``wait``, an attach
before its container starts, ``/events``) await :meth:`Context.until`, woken by
:meth:`Context.changed` after each request that changed the lab and, for changes made
from the notebook's side, by a short poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from coursekit.api.journal import Journal
from coursekit.backends.base import Backend
from coursekit.models import Container
from coursekit.result import CommandResult
from coursekit.wire import Shape

if TYPE_CHECKING:
    from coursekit.api.terminal import Terminal

T = TypeVar("T")
POLL = 0.2
"""Seconds between looks at the lab while a request waits (changes from lab.sh)."""


class ImageInfo(Protocol):
    """What the API shows of a local image."""

    @property
    def ref(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def cmd(self) -> tuple[str, ...]: ...
    @property
    def entrypoint(self) -> tuple[str, ...]: ...
    @property
    def exposed(self) -> tuple[str, ...]: ...
    @property
    def size(self) -> int: ...


class Served(Backend, Protocol):
    """What the server asks of its backend beyond the Backend protocol (the simulator
    has it): that a container's main process (an interactive ``sh``) ended by itself with
    this exit code, and whether an exec may start in a container (the daemon's refusal
    raised, nothing run), what a removed container printed, and the local images."""

    def end_main(self, ref: str, exit_code: int) -> Container: ...

    def check_exec(self, ref: str) -> None: ...

    def departed(self, container_id: str) -> CommandResult | None: ...

    def image(self, ref: str) -> ImageInfo: ...

    def image_list(self) -> tuple[ImageInfo, ...]: ...


class Resizable(Protocol):
    """A terminal session that follows the client's window."""

    def resize(self, width: int, height: int) -> bytes: ...


@dataclass
class ExecRecord:
    """One ``POST /containers/{id}/exec``: what to run, and how it went."""

    id: str
    container: str
    argv: tuple[str, ...]
    tty: bool
    stdin: bool
    running: bool = False
    exit_code: int | None = None
    pid: int = 0


@dataclass
class Context:
    """The lab behind the server."""

    backend: Served
    shape: Shape
    lock: threading.RLock = field(default_factory=threading.RLock)
    execs: dict[str, ExecRecord] = field(default_factory=dict)
    exit_codes: dict[str, int] = field(default_factory=dict)
    """The last exit code of each container seen to end (an ``--rm`` one is gone after)."""
    sessions: dict[str, tuple[Resizable, asyncio.StreamWriter]] = field(default_factory=dict)
    """The terminal sessions attached now, by container or exec id (``resize`` finds them)."""
    shells: dict[str, Terminal] = field(default_factory=dict)
    """Interactive main processes someone detached from, by container id (attach again)."""
    redraws: dict[str, bytes] = field(default_factory=dict)
    """What a kept shell redrew for a resize that came before its attach was served."""
    journal: Journal = field(default_factory=Journal)
    """The daemon's event log (``GET /events``), brought up to date by :meth:`changed`."""
    _wake: asyncio.Event | None = None

    def __post_init__(self) -> None:
        with self.lock:
            self.journal.sync(self.backend)  # the lab as the server found it: no events

    def note(self, c: Container) -> Container:
        """Remember the exit code of a container that is not running; return it."""
        if not c.running:
            self.exit_codes[c.id] = c.exit_code
        return c

    def resize(self, key: str, width: str, height: str) -> None:
        """The client's window changed size (``w``/``h`` as the query gives them)."""
        if not (width.isdigit() and height.isdigit()):
            return
        kept = self.shells.get(key)
        if key not in self.sessions and kept is not None:  # before its attach is served
            self.redraws[key] = self.redraws.get(key, b"") + kept.resize(int(width),
                                                                         int(height))
            return
        found = self.sessions.get(key)
        if found is not None:
            session, writer = found
            redraw = session.resize(int(width), int(height))  # ash redraws its line
            if redraw and not writer.is_closing():
                writer.write(redraw)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` holding the lab's lock."""
        with self.lock:
            return fn(*args, **kwargs)

    def changed(self) -> None:
        """Something changed: write its events, wake every waiting request to look again."""
        with self.lock:
            self.journal.sync(self.backend)
        if self._wake is not None:
            self._wake.set()
            self._wake = None

    async def until(self, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """Wait until ``ready()`` (called under the lock) holds; False on ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not self.call(ready):
            if deadline is not None and loop.time() >= deadline:
                return False
            if self._wake is None:
                self._wake = asyncio.Event()
            wake = self._wake
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), POLL)
        return True
