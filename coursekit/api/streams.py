"""What flows on a hijacked connection: frames without a TTY, raw bytes with one.

Without a TTY the daemon multiplexes stdout and stderr on one connection: each piece goes
out behind an 8-byte header (the stream, 1 or 2, three zero bytes, the length as a
big-endian 32-bit number). With a TTY there is one stream and no header, and the
terminal's ``onlcr`` turns every ``\\n`` into ``\\r\\n``. :func:`pump` runs an
interactive session (:mod:`coursekit.api.terminal`) over such a connection: what the
client types goes to the session, what the session answers goes back, until the shell
ends, the client detaches (Ctrl-P Ctrl-Q) or the connection closes.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable

from coursekit.api.terminal import Output
from coursekit.result import CommandResult

MULTIPLEXED = "application/vnd.docker.multiplexed-stream"
RAW = "application/vnd.docker.raw-stream"
STDOUT, STDERR = 1, 2


def frame(stream: int, data: bytes) -> bytes:
    """One multiplexed frame (empty data: nothing)."""
    return struct.pack(">BxxxL", stream, len(data)) + data if data else b""


def tty_text(text: str) -> bytes:
    """Text as a terminal shows it (``onlcr``)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def result_bytes(result: CommandResult, tty: bool, stdout: bool = True,
                 stderr: bool = True) -> bytes:
    """A finished command's output as the connection carries it."""
    if tty:
        return tty_text((result.stdout if stdout else "") + (result.stderr if stderr else ""))
    out = frame(STDOUT, result.stdout.encode()) if stdout else b""
    return out + (frame(STDERR, result.stderr.encode()) if stderr else b"")


async def write(writer: asyncio.StreamWriter, data: bytes) -> None:
    """Send ``data`` (nothing for empty); a vanished client is not an error here."""
    if not data:
        return
    try:
        writer.write(data)
        await writer.drain()
    except ConnectionError:
        pass


def close(writer: asyncio.StreamWriter) -> None:
    """End the stream: the client sees EOF and reads the exit code elsewhere."""
    try:
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass
    writer.close()


Feed = Callable[[bytes], Output]


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, leftover: bytes,
               feed: Feed, at_eof: Callable[[], Output] | None = None) -> Output:
    """Feed what the client sends to ``feed`` and send back what it answers, until a
    session ends or detaches (its last :class:`Output`) or the client closes its side
    (``at_eof``'s output, else ``Output(b"", None, True)``: as good as detached)."""
    pending = leftover
    while True:
        if pending:
            out = feed(pending)
            await write(writer, out.data)
            if out.ended is not None or out.detached:
                return out
        pending = await reader.read(4096)
        if not pending:
            if at_eof is None:
                return Output(b"", None, True)
            out = at_eof()
            await write(writer, out.data)
            return out
