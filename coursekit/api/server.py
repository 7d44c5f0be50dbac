"""The server: a lab's backend behind a unix socket (or a loopback port), on asyncio.

``Server(backend).serve_forever(socket=PATH)`` is ``coursekit serve``: it returns when
SIGTERM or SIGINT arrives, after closing the socket and removing its file.
``Server(backend, lock).start(socket=PATH)`` runs the same in a background thread and
returns a :class:`Running` handle (``Lab.serve``), so a notebook and a terminal share one
lab; the lock is the Lab's, so the server's requests and ``lab.sh()`` never interleave
inside the backend.

The socket is the lab's door, so it is created private: mode 0600 (set between bind and
listen, so nobody can connect before; the process's umask is never touched, as other
threads create files too), in a folder only its owner may write (made 0700 when missing,
whatever the umask; a folder others
may write into is refused, as anyone there could put their own socket in its place). TCP
is only for an explicit loopback address (``127.0.0.1:2375``): the lab is never offered
to the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursekit.api.context import Context, Served
from coursekit.api.handlers import attach, containers, events, execs, lab, networks, system
from coursekit.api.http import Connection
from coursekit.api.routes import Router

LOOPBACK = ("127.0.0.1", "::1", "localhost")
TABLES = (events.ROUTES, system.ROUTES, containers.ROUTES, attach.ROUTES, execs.ROUTES,
          networks.ROUTES, lab.ROUTES)


def default_socket() -> Path:
    """Where the server listens unless told: a folder of the user's own."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "coursekit" if runtime else Path.home() / ".coursekit" / "run"
    return base / "docker.sock"


class ServeError(OSError):
    """The server cannot listen where it was asked to (the reason says why)."""


def check_folder(path: Path) -> None:
    """Create ``path``'s folder 0700 if missing; refuse one that others may write to."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode passes through the umask
    mode = folder.stat().st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ServeError(f"{folder} can be written by others: put the socket in a folder of "
                         f"your own (for example {folder / 'coursekit'}/docker.sock)")
    if path.exists() or path.is_symlink():
        if not stat.S_ISSOCK(path.lstat().st_mode):
            raise ServeError(f"{path} exists and is not a socket")
        if _answers(path):
            raise ServeError(f"another server listens at {path}: stop it first, or choose "
                             "another --socket")
        path.unlink()  # a socket a stopped server left behind


def _bound_privately(path: Path) -> socket.socket:
    """A unix socket bound at ``path`` and made 0600, not yet listening."""
    door = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        door.bind(str(path))
        path.chmod(0o600)
    except OSError:
        door.close()
        raise
    return door


def _answers(path: Path) -> bool:
    """Does something accept connections on the unix socket ``path``?"""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1)
        probe.connect(str(path))
    except OSError:
        return False
    finally:
        probe.close()
    return True


def parse_tcp(address: str) -> tuple[str, int]:
    """``127.0.0.1:2375`` -> ``("127.0.0.1", 2375)``; only loopback addresses."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    if host not in LOOPBACK or not port.isdigit():
        raise ServeError(f"--tcp takes a loopback address and a port (127.0.0.1:2375), not "
                         f"{address!r}: the lab is never offered to the network")
    return host, int(port)


@dataclass
class Running:
    """A server running in a background thread; :meth:`stop` ends it."""

    socket: str
    docker_host: str
    _loop: asyncio.AbstractEventLoop
    _thread: threading.Thread
    _stop: asyncio.Event

    def stop(self) -> None:
        """Stop serving and wait for the thread (the socket file is removed)."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)

    def __repr__(self) -> str:
        return f"<coursekit server: export DOCKER_HOST={self.docker_host}>"


class Server:
    """The Engine API in front of one backend (the simulator, :class:`ServedSim`)."""

    def __init__(self, backend: Served, lock: threading.RLock | None = None) -> None:
        profile = backend.profile()
        self.context = Context(backend, profile.shape, lock or threading.RLock())
        self.router = Router(self.context, profile, TABLES)
        self._clients: set[asyncio.Task[None]] = set()

    async def _client(self, reader: asyncio.StreamReader,
                      writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._clients.add(task)
        try:
            await Connection(reader, writer, self.router.handle, self.router.common,
                             self.router.versioned).serve()
        except asyncio.CancelledError:  # the server stops: this connection ends quietly
            writer.close()
        finally:
            if task is not None:
                self._clients.discard(task)

    async def _hang_up(self) -> None:
        """End every open connection (keep-alive, a wait, a terminal) before stopping."""
        for task in list(self._clients):
            task.cancel()
        await asyncio.gather(*self._clients, return_exceptions=True)

    async def _listen(self, socket: str | None, tcp: str | None) -> asyncio.Server:
        if tcp:
            host, port = parse_tcp(tcp)
            return await asyncio.start_server(self._client, host, port)
        path = Path(socket or "")
        check_folder(path)
        return await asyncio.start_unix_server(self._client, sock=_bound_privately(path))

    async def run(self, stop: asyncio.Event, socket: str | None = None,
                  tcp: str | None = None, ready: Callable[[], None] | None = None) -> None:
        """Serve until ``stop`` is set (``ready`` is called once connections are taken);
        remove the socket file afterwards."""
        server = await self._listen(socket, tcp)
        if ready is not None:
            ready()
        try:
            async with server:
                await stop.wait()
                server.close()
                await self._hang_up()
        finally:
            if socket and not tcp:
                with contextlib.suppress(FileNotFoundError):
                    Path(socket).unlink()

    def serve_forever(self, socket: str | None = None, tcp: str | None = None,
                      ready: Callable[[], None] | None = None) -> None:
        """Serve in this thread until SIGTERM or SIGINT (``ready``: as for :meth:`run`)."""
        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await self.run(stop, socket, tcp, ready)
        asyncio.run(main())

    def start(self, socket: str | None = None, tcp: str | None = None) -> Running:
        """Serve from a background thread; returns once the socket accepts connections."""
        loop = asyncio.new_event_loop()
        stop = asyncio.Event()
        ready = threading.Event()
        failed: list[BaseException] = []

        def main() -> None:
            try:
                loop.run_until_complete(self.run(stop, socket, tcp, ready.set))
            except BaseException as err:  # reported to the caller below
                failed.append(err)
                ready.set()
            finally:
                loop.close()

        thread = threading.Thread(target=main, name="coursekit-serve", daemon=True)
        thread.start()
        ready.wait(10)
        if failed:
            raise failed[0]
        host = f"tcp://{tcp}" if tcp else f"unix://{Path(socket or '').resolve()}"
        return Running(socket or tcp or "", host, loop, thread, stop)
