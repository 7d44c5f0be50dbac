"""``POST /containers/{id}/attach``: a container's main process on a hijacked connection.

``docker run`` without ``-d`` attaches before it starts the container (create, wait,
attach, start), so the stream first waits for the start. Then:

- a main process that reads its input (``-i``) and is a shell: the shell itself, an
  interactive one with ``-t`` (``docker run -it --rm busybox sh``), a script without;
  when it ends (``exit 3``, Ctrl-D, the end of the input) the container exits with its
  code, and ``--rm`` removes it; Ctrl-P Ctrl-Q detaches and leaves it running;
- anything else: what the process prints, as it prints it, until it ends (an ``--rm``
  container's last words survive its removal: :meth:`ServedSim.departed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from coursekit.api.context import Context
from coursekit.api.http import Answer, Request, Upgraded
from coursekit.api.routes import RouteSpec
from coursekit.api.sessions import is_shell, run_script, run_terminal
from coursekit.api.streams import MULTIPLEXED, RAW, close, result_bytes, write
from coursekit.errors import NotFound
from coursekit.models import Container
from coursekit.result import CommandResult

ID = r"(?P<ref>[^/]+)"


def _now(ctx: Context, container_id: str) -> tuple[Container | None, CommandResult]:
    """The container (None once removed) and everything it printed so far."""
    try:
        return ctx.backend.container(container_id), ctx.backend.logs(container_id)
    except NotFound:
        return None, ctx.backend.departed(container_id) or CommandResult()


def _unseen(result: CommandResult, seen: CommandResult) -> CommandResult:
    return CommandResult(result.stdout[len(seen.stdout):], result.stderr[len(seen.stderr):])


def _changed_since(ctx: Context, container_id: str,
                   before: tuple[Container | None, CommandResult]) -> Callable[[], bool]:
    return lambda: _now(ctx, container_id) != before


async def output(ctx: Context, first: Container, seen: CommandResult,
                 streams: tuple[bool, bool]) -> AsyncIterator[bytes]:
    """What ``first``'s main process prints after ``seen``, as it prints it, until it
    ends (``attach``, ``logs --follow``); nothing more once it is not running."""
    while True:
        c, printed = ctx.call(_now, ctx, first.id)
        data = result_bytes(_unseen(printed, seen), first.tty, *streams)
        if data:
            yield data
        seen = printed
        if c is None or not c.running:
            return
        await ctx.until(_changed_since(ctx, first.id, (c, seen)))


async def _follow(ctx: Context, writer: asyncio.StreamWriter, first: Container,
                  seen: CommandResult, streams: tuple[bool, bool]) -> None:
    """Send the output as it comes until the process ends."""
    async for data in output(ctx, first, seen, streams):
        await write(writer, data)


async def _shell(ctx: Context, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 leftover: bytes, c: Container) -> None:
    if c.tty:
        out = await run_terminal(ctx, reader, writer, leftover, c.id, c.id, keep=True)
    else:
        out = await run_script(ctx, reader, writer, leftover, c.id)
    if out.ended is not None:
        ctx.note(ctx.call(ctx.backend.end_main, c.id, out.ended))
        ctx.changed()


def attach(ctx: Context, request: Request, ref: str) -> Answer:
    """Attach to ``ref``'s main process (``stdin``, ``stdout``, ``stderr``, ``stream``)."""
    if not request.flag("stream"):
        raise NotImplementedError("docker attach without a stream (logs=1) is not simulated")
    with ctx.lock:
        first = ctx.backend.container(ref)
        seen = ctx.backend.logs(ref) if first.running else CommandResult()
        ctx.journal.attach(ctx.backend, first)  # the daemon's "attach" event
    streams = (request.flag("stdout"), request.flag("stderr"))
    interactive = request.flag("stdin") and first.stdin_open and is_shell(
        (*first.entrypoint, *first.command))

    def begun() -> bool:
        c, _ = _now(ctx, first.id)
        return c is None or c.running or c.started_at != first.started_at

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   leftover: bytes) -> None:
        try:
            await ctx.until(begun)
            c, _ = ctx.call(_now, ctx, first.id)
            if interactive and c is not None and c.running:
                await _shell(ctx, reader, writer, leftover, c)
            else:
                await _follow(ctx, writer, first, seen, streams)
        finally:
            close(writer)

    return Upgraded(pipe, RAW if first.tty else MULTIPLEXED)


ROUTES: list[RouteSpec] = [("POST", f"/containers/{ID}/attach", attach)]
