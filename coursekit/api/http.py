"""HTTP/1.1 for the Engine API server: h11 does the protocol, asyncio does the bytes.

One connection carries requests one after another (keep-alive, as the docker CLI and the
SDK use it). A handler answers each with one of three replies:

- :class:`Reply`: a whole body at once (``application/json`` for nearly everything);
- :class:`Streamed`: a body sent in chunks as it is produced (``/events``, a
  ``/containers/{id}/wait`` that waits for an exit, ``logs --follow``);
- :class:`Upgraded`: ``101 UPGRADED``, after which h11 steps aside and the connection
  carries raw bytes both ways (``attach`` and ``exec start``, the hijacked streams).

Every reply carries the headers the engine sends (``Api-Version``, ``Server``,
``Ostype``, ``Docker-Experimental``, ``Date``); :func:`go_json` writes JSON as Go's
``encoding/json`` does (compact, ``<>&`` escaped, a final newline). Nothing here knows
Docker's routes: :mod:`coursekit.api.routes` does.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qs, urlsplit

import h11

RAW_HEAD_PAUSE = 0.02
"""Seconds between a hijacked stream's head and its first bytes, for a client that reads
the head through a buffer (see ``_upgrade``)."""
BUFFERED_CLIENTS = ("docker-sdk-python",)
"""User-Agent prefixes of the clients that need that pause: the docker SDK for Python reads
the stream from the socket beneath the buffer that parsed the head. The Go clients (the
docker CLI, Compose) read both from one buffer and get the stream at once."""
MAX_BODY = 16 * 1024 * 1024
"""The largest request body taken (a create request is a few kilobytes)."""


@dataclass(frozen=True)
class Request:
    """One request: the method, the path without its ``/v1.NN`` prefix, the query."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    version: str | None = None
    """The API version the path named (``1.51``), None for an unversioned path."""

    def arg(self, name: str, default: str = "") -> str:
        """The last value of query parameter ``name``."""
        values = self.query.get(name)
        return values[-1] if values else default

    def flag(self, name: str) -> bool:
        """A boolean query parameter as the daemon reads one (``1``, ``true``, ``True``)."""
        return self.arg(name).lower() in ("1", "true", "t", "yes")

    def json(self) -> Any:
        """The body as JSON (None when empty); ValueError when it is not JSON."""
        return json.loads(self.body) if self.body.strip() else None


@dataclass(frozen=True)
class Reply:
    """A whole response."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Streamed:
    """A response whose body arrives in pieces (chunked transfer encoding)."""

    status: int
    chunks: Callable[[], AsyncIterator[bytes]]
    content_type: str = "application/json"


Pipe = Callable[[asyncio.StreamReader, asyncio.StreamWriter, bytes], Awaitable[None]]
"""What runs on a hijacked connection: its reader, its writer, and the bytes already read."""


@dataclass(frozen=True)
class Upgraded:
    """``101 UPGRADED``, then ``pipe`` owns the raw connection until it returns."""

    pipe: Pipe
    content_type: str = "application/vnd.docker.raw-stream"
    headers: tuple[tuple[str, str], ...] = field(default=())


Answer = Reply | Streamed | Upgraded
Handler = Callable[[Request], Awaitable[Answer]]


def go_json(value: Any) -> bytes:
    """JSON as Go's encoder writes it: compact, HTML characters escaped, newline-ended."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return (text + "\n").encode()


def json_reply(status: int, value: Any) -> Reply:
    """A JSON reply."""
    return Reply(status, go_json(value))


def message_reply(status: int, message: str) -> Reply:
    """The daemon's error shape: ``{"message": "..."}``."""
    return json_reply(status, {"message": message})


def parse_target(target: bytes, versioned: Callable[[str], tuple[str | None, str]]
                 ) -> tuple[str, str | None, dict[str, list[str]]]:
    """Path (version prefix removed by ``versioned``), version and query of a target."""
    parts = urlsplit(target.decode("latin-1"))
    version, path = versioned(parts.path)
    return path, version, parse_qs(parts.query, keep_blank_values=True)


class Connection:
    """Serves one client connection until it closes (or is upgraded and its pipe ends)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 handle: Handler, common: Callable[[], list[tuple[str, str]]],
                 versioned: Callable[[str], tuple[str | None, str]]) -> None:
        self.reader, self.writer = reader, writer
        self.handle, self.common, self.versioned = handle, common, versioned
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_BODY)

    async def serve(self) -> None:
        """Answer requests until the client goes away."""
        try:
            while await self._one():
                self.h11.start_next_cycle()
        except (ConnectionError, h11.ProtocolError, asyncio.IncompleteReadError):
            pass
        finally:
            self.writer.close()

    async def _event(self) -> Any:
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await self.reader.read(65536)
            self.h11.receive_data(data)

    async def _one(self) -> bool:
        """Read one request and answer it; False when the connection is done."""
        event = await self._event()
        if not isinstance(event, h11.Request):
            return False
        body = bytearray()
        while isinstance(part := await self._event(), h11.Data):
            body += part.data
            if len(body) > MAX_BODY:
                raise h11.ProtocolError("body too large")
        path, version, query = parse_target(event.target, self.versioned)
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in event.headers}
        request = Request(event.method.decode(), path, query, headers, bytes(body), version)
        answer = await self.handle(request)
        if isinstance(answer, Upgraded):
            await self._upgrade(request, answer)
            return False
        if isinstance(answer, Streamed):
            await self._stream(request, answer)
        else:
            await self._send_whole(request, answer)
        return self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE

    def _headers(self, content_type: str, extra: tuple[tuple[str, str], ...] = ()
                 ) -> list[tuple[str, str]]:
        date = formatdate(usegmt=True)
        return [*extra, ("Content-Type", content_type), *self.common(), ("Date", date)]

    async def _send(self, event: Any) -> None:
        data = self.h11.send(event)
        if data:
            self.writer.write(data)
            await self.writer.drain()

    async def _send_whole(self, request: Request, reply: Reply) -> None:
        headers = self._headers(reply.content_type, reply.headers)
        length = "0" if request.method == "HEAD" else str(len(reply.body))
        headers.append(("Content-Length", length))
        data = self.h11.send(h11.Response(status_code=reply.status, headers=headers)) or b""
        if request.method != "HEAD" and reply.body:
            data += self.h11.send(h11.Data(data=reply.body)) or b""
        data += self.h11.send(h11.EndOfMessage()) or b""
        self.writer.write(data)  # one write: the head and the body in one segment
        await self.writer.drain()

    async def _stream(self, request: Request, reply: Streamed) -> None:
        headers = [*self._headers(reply.content_type), ("Transfer-Encoding", "chunked")]
        await self._send(h11.Response(status_code=reply.status, headers=headers))
        async for chunk in reply.chunks():
            await self._send(h11.Data(data=chunk))
        await self._send(h11.EndOfMessage())

    async def _upgrade(self, request: Request, answer: Upgraded) -> None:
        """``101 UPGRADED`` when the client asked to upgrade (the CLI does); otherwise, as
        the daemon answers the SDK, ``200 OK`` with neither length nor chunks, the raw
        stream following until the connection closes (h11 cannot write that: by hand)."""
        if "upgrade" in request.headers.get("connection", "").lower():
            headers = [("Content-Type", answer.content_type), ("Connection", "Upgrade"),
                       ("Upgrade", "tcp"), *answer.headers, *self.common()]
            await self._send(h11.InformationalResponse(status_code=101, headers=headers,
                                                       reason=b"UPGRADED"))
            leftover = bytes(self.h11.trailing_data[0])
        else:
            head = [("Content-Type", answer.content_type), *answer.headers, *self.common()]
            lines = "".join(f"{k}: {v}\r\n" for k, v in head)
            self.writer.write(f"HTTP/1.1 200 OK\r\n{lines}\r\n".encode("latin-1"))
            leftover = b""
        # The SDK parses the head through a buffered reader, then reads the stream from
        # the socket beneath it: bytes arriving with the head would be lost in that
        # buffer. A real process takes a moment to print; so does this one, for the SDK.
        await self.writer.drain()
        if request.headers.get("user-agent", "").startswith(BUFFERED_CLIENTS):
            await asyncio.sleep(RAW_HEAD_PAUSE)
        await answer.pipe(self.reader, self.writer, leftover)
