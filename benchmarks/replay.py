"""The docker CLI's own HTTP requests, recorded once and replayed against a daemon's socket.

:func:`record` runs ``docker ARGS`` with ``DOCKER_HOST`` on a small proxy in front of a
daemon's unix socket and keeps every request the CLI sent (method, target, headers, body),
parsed with h11 as the server front end parses them. :func:`replay` sends the same
requests to a socket, as the CLI does: one kept-alive connection, and a connection of its
own for a request that upgrades (``docker exec``'s hijacked stream, read to its end). An id
the daemon answered with (``{"Id": ...}`` of a create) takes the place of the recorded one
in the requests after it (``/containers/ID/start``, ``/exec/ID/start``, ``/exec/ID/json``),
and ``names`` swaps other words of the targets and bodies (a fresh container name per
round, the address each side's container pings). What is
timed is then the daemon's side alone: no CLI process, the same bytes on both sides.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import h11

ID = re.compile(r"(?<=/)[0-9a-f]{64}(?=/|$|\?)")


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def upgrades(self) -> bool:
        return any(k.lower() == "upgrade" for k, _ in self.headers)

    @property
    def waits(self) -> bool:
        """``POST /containers/ID/wait``: answered when the container exits, which the CLI
        of ``docker run -d`` does not stay for (it closes the connection when it ends)."""
        return "/wait" in self.target.split("?")[0]


class _Proxy:
    """A unix socket that forwards to ``target`` and keeps what each client sent."""

    def __init__(self, target: str, path: str) -> None:
        self.target = target
        self.sent: list[list[tuple[float, bytes]]] = []
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(path)
        self.listener.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.target)
            kept: list[tuple[float, bytes]] = []
            self.sent.append(kept)
            threading.Thread(target=_pump, args=(client, upstream, kept), daemon=True).start()
            threading.Thread(target=_pump, args=(upstream, client, None), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def _pump(source: socket.socket, sink: socket.socket,
          kept: list[tuple[float, bytes]] | None) -> None:
    try:
        while chunk := source.recv(65536):
            if kept is not None:
                kept.append((time.monotonic(), chunk))
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        for end in (sink, source):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_WR if end is sink else socket.SHUT_RD)


def record(target_socket: str, args: list[str], env: dict[str, str]) -> list[Request]:
    """Run ``docker ARGS`` through a proxy to ``target_socket``: the requests it sent, in order."""
    folder = Path(tempfile.mkdtemp(prefix="ck-replay-"))
    proxy = _Proxy(target_socket, str(folder / "docker.sock"))
    try:
        done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=60,
                              env={**env, "DOCKER_HOST": f"unix://{folder / 'docker.sock'}"})
        if done.returncode != 0:
            raise SystemExit(f"docker {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    finally:
        proxy.close()
        (folder / "docker.sock").unlink(missing_ok=True)
        folder.rmdir()
    stamped = [found for sent in proxy.sent for found in _parse(sent)]
    return [request for _, request in sorted(stamped, key=lambda pair: pair[0])]


def _parse(chunks: list[tuple[float, bytes]]) -> list[tuple[float, Request]]:
    """The requests in what one client sent, each with the time its first bytes came (up
    to an upgrade: the rest is the stream)."""
    conn, found = h11.Connection(h11.SERVER), []
    head: h11.Request | None = None
    body, when = b"", 0.0
    for at, chunk in [*chunks, (0.0, b"")]:
        conn.receive_data(chunk)
        while (event := conn.next_event()) not in (h11.NEED_DATA, h11.PAUSED):
            if isinstance(event, h11.Request):
                head, body, when = event, b"", at
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage) and head is not None:
                found.append((when, Request(
                    head.method.decode(), head.target.decode(),
                    tuple((k.decode(), v.decode()) for k, v in head.headers), body)))
                if found[-1][1].upgrades:
                    return found
                conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
                conn.send(h11.EndOfMessage())
                conn.start_next_cycle()
            else:  # ConnectionClosed
                return found
    return found


def replay(socket_path: str, requests: list[Request], names: dict[str, str]) -> None:
    """Send ``requests`` to ``socket_path`` in order, each answer read to its end."""
    live_id = ""
    kept: tuple[socket.socket, h11.Connection] | None = None
    waiting: list[socket.socket] = []
    try:
        for recorded in requests:
            request = _renamed(recorded, names)
            target = ID.sub(live_id, request.target) if live_id else request.target
            if request.upgrades:
                _stream(socket_path, request, target)
                continue
            if request.waits:
                waiting.append(_connect(socket_path))
                waiting[-1].sendall(_bytes(h11.Connection(h11.CLIENT), request, target))
                continue
            if kept is None:
                kept = (_connect(socket_path), h11.Connection(h11.CLIENT))
            answer = _exchange(*kept, request, target)
            if kept[1].our_state is h11.DONE and kept[1].their_state is h11.DONE:
                kept[1].start_next_cycle()
            else:  # the daemon closes this one: the next request dials again
                kept[0].close()
                kept = None
            if answer.startswith(b"{"):
                live_id = json.loads(answer).get("Id") or live_id
    finally:
        for sock in [*waiting, *([kept[0]] if kept is not None else [])]:
            sock.close()


def _renamed(request: Request, names: dict[str, str]) -> Request:
    """``request`` with each of ``names`` swapped in its target and body (the body's
    Content-Length follows)."""
    target, body = request.target, request.body
    for old, new in names.items():
        target, body = target.replace(old, new), body.replace(old.encode(), new.encode())
    headers = tuple((k, str(len(body)) if k.lower() == "content-length" else v)
                    for k, v in request.headers)
    return Request(request.method, target, headers, body)


def _connect(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(30)
    sock.connect(path)
    return sock


def _bytes(conn: h11.Connection, request: Request, target: str) -> bytes:
    return (conn.send(h11.Request(method=request.method, target=target,
                                  headers=list(request.headers))) or b"") \
        + (conn.send(h11.Data(data=request.body)) if request.body else b"") \
        + (conn.send(h11.EndOfMessage()) or b"")


def _exchange(sock: socket.socket, conn: h11.Connection, request: Request, target: str
              ) -> bytes:
    sock.sendall(_bytes(conn, request, target))
    body = b""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(sock.recv(65536))
        elif isinstance(event, h11.Response) and event.status_code >= 400:
            raise SystemExit(f"{request.method} {target}: {event.status_code}")
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            return body


def _stream(path: str, request: Request, target: str) -> None:
    """An upgrading request on a connection of its own, read until the daemon closes it."""
    sock = _connect(path)
    try:
        sock.sendall(_bytes(h11.Connection(h11.CLIENT), request, target))
        while sock.recv(65536):
            pass
    finally:
        sock.close()


def socket_of(env: dict[str, str]) -> str:
    """The unix socket a CLI with ``env`` reaches."""
    host = env.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    if not host.startswith("unix://"):
        raise SystemExit(f"DOCKER_HOST {host}: only a unix socket can be replayed to")
    return host[len("unix://"):]

