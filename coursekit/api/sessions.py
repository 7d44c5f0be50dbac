"""A process's streams on a hijacked connection: run once, a script on stdin, or a shell.

Three ways a process meets its client, whichever started it (``docker exec`` or the
attach of ``docker run``):

- nothing to read from the client: the command runs and its output goes back whole
  (:func:`run_once`);
- stdin without a TTY (``echo 'ip addr' | docker exec -i c1 sh``): a shell runs each line
  as it arrives, until the input ends (:class:`~coursekit.api.script.Script`);
- stdin with a TTY (``docker exec -it c1 sh``, ``docker run -it busybox sh``): an
  interactive busybox shell with its prompt and line editing
  (:class:`~coursekit.api.terminal.Terminal`), until ``exit``, Ctrl-D or a detach.

Every line a shell runs is ``sh -c LINE`` in the simulated container: the same userland
that answers ``docker exec c1 sh -c LINE``.
"""

from __future__ import annotations

import asyncio
import posixpath
from collections.abc import Callable

from coursekit.api.context import Context
from coursekit.api.script import Output, Script
from coursekit.api.streams import STDERR, STDOUT, frame, pump, result_bytes, write
from coursekit.api.terminal import Terminal
from coursekit.result import CommandResult

SHELLS = frozenset({"sh", "ash", "bash"})


def is_shell(argv: tuple[str, ...]) -> bool:
    """A shell that would read commands from its input (``sh``, not ``sh -c LINE``)."""
    return bool(argv) and posixpath.basename(argv[0]) in SHELLS and "-c" not in argv[1:]


def line_runner(ctx: Context, ref: str) -> Callable[[str], CommandResult]:
    """Run one shell line in container ``ref``, as its ``sh -c`` would."""
    def run(line: str) -> CommandResult:
        try:
            return ctx.call(ctx.backend.exec, ref, ("sh", "-c", line))
        finally:
            ctx.changed()
    return run


async def run_once(ctx: Context, writer: asyncio.StreamWriter, ref: str,
                   argv: tuple[str, ...], tty: bool) -> int:
    """Run ``argv`` in ``ref``, send its output; its exit code."""
    result = ctx.call(ctx.backend.exec, ref, argv)
    ctx.changed()
    await write(writer, result_bytes(result, tty))
    return result.exit_code


def _framed(out: Output) -> Output:
    data = frame(STDOUT, out.data) + frame(STDERR, out.stderr)
    return Output(data, out.ended, out.detached)


async def run_script(ctx: Context, reader: asyncio.StreamReader,
                     writer: asyncio.StreamWriter, leftover: bytes, ref: str) -> Output:
    """A shell reading the client's stdin as a script (no TTY): its last Output."""
    script = Script(line_runner(ctx, ref))
    return await pump(reader, writer, leftover, lambda d: _framed(script.feed(d)),
                      lambda: _framed(script.close()))


async def run_terminal(ctx: Context, reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter, leftover: bytes, ref: str,
                       key: str, keep: bool = False) -> Output:
    """An interactive shell on a TTY: its last Output (ended, or detached). ``keep``: the
    shell is a container's main process, which outlives a detach: attaching again finds
    it as it was left (its history, its line), and the client's resize redraws the line,
    as ash does; a new shell shows its first prompt."""
    terminal = ctx.shells.get(key) if keep else None
    if terminal is None:
        terminal = Terminal(line_runner(ctx, ref))
        await write(writer, terminal.start())
    else:
        await write(writer, ctx.redraws.pop(key, b""))
    ctx.sessions[key] = (terminal, writer)
    try:
        out = await pump(reader, writer, leftover, terminal.feed)
    finally:
        ctx.sessions.pop(key, None)
    if keep and out.ended is None:
        ctx.shells[key] = terminal
    else:
        ctx.shells.pop(key, None)
    return out
