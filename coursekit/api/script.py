"""The shell behind ``echo 'ip addr' | docker exec -i c1 sh``: ash reading a script, no tty.

Without ``-t`` nobody edits or echoes: the CLI copies its standard input to the shell as
it arrives, and ash runs each line once its newline has come, writing exactly what the
command printed (no ``\\r``: no tty, no ``onlcr``), standard output and standard error on
their own streams (the daemon frames them apart). At the end of the input (the CLI closes
its half of the stream) ash runs a last line that had no newline and ends with the last
command's status; ``exit N`` ends it earlier, and whatever follows is never read. ``exit``
with a word that is not a number is an error, which ends a script (not an interactive
shell) with status 2: ``sh: exit: line 2: Illegal number: foo``.

:class:`Script` does the same with no I/O of its own; :class:`~coursekit.api.terminal.Terminal`
is the interactive shell. Both answer with an :class:`Output` and run lines through a
:data:`RunLine`, the simulated ``sh -c``; :func:`builtin_exit` is the ``exit`` they share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coursekit.result import CommandResult

RunLine = Callable[[str], CommandResult]
"""Runs one command line in the container's shell: what ``sh -c LINE`` would print."""


@dataclass(frozen=True)
class Output:
    """What the shell wrote in answer to some input, and whether the session is over."""

    data: bytes
    """Bytes for the client: with a tty, everything the terminal shows; else stdout."""
    ended: int | None = None
    """The shell ended (``exit``, ``exit N``, Ctrl-D on an empty line, EOF): its exit code."""
    detached: bool = False
    """Ctrl-P Ctrl-Q (the daemon's default detach keys) was typed: the stream ends here."""
    stderr: bytes = b""
    """Standard error, without a tty only (a tty has one stream: it is in ``data``)."""


def builtin_exit(line: str, status: int, where: str = "") -> CommandResult | None:
    """``exit [N]`` as ash runs it, or None when the line is another command.

    The result's exit code is the shell's (``$?`` when N is missing, N modulo 256); stderr
    is set when N is not a number (``where`` is ``"line 3: "`` in a script), code 2.
    """
    words = line.replace(";", " ").split()
    if not words or words[0] != "exit":
        return None
    if len(words) == 1:
        return CommandResult(exit_code=status)
    if not words[1].isdigit():
        return CommandResult(stderr=f"sh: exit: {where}Illegal number: {words[1]}\n",
                             exit_code=2)
    return CommandResult(exit_code=int(words[1]) % 256)


class Script:
    """A non-interactive busybox ``sh`` reading its standard input."""

    def __init__(self, run: RunLine) -> None:
        self._run = run
        self._rest = b""
        self._lineno, self._status = 0, 0
        self._ended: int | None = None

    def feed(self, data: bytes) -> Output:
        """Run every line ``data`` completes; keep a partial line for later."""
        lines = (self._rest + data).split(b"\n")
        self._rest = lines.pop()
        return self._run_lines(lines)

    def close(self) -> Output:
        """The input ended: run the last unterminated line, then end with ``$?``."""
        rest, self._rest = self._rest, b""
        output = self._run_lines([rest] if rest else [])
        if self._ended is None:
            self._ended = self._status
        return Output(output.data, self._ended, stderr=output.stderr)

    def _run_lines(self, lines: list[bytes]) -> Output:
        out, err = [], []
        for raw in lines:
            if self._ended is not None:
                break
            result = self._line(raw.decode(errors="replace"))
            out.append(result.stdout)
            err.append(result.stderr)
        return Output("".join(out).encode(), self._ended, stderr="".join(err).encode())

    def _line(self, line: str) -> CommandResult:
        """Run one line (blank lines change nothing); an ``exit`` ends the script."""
        self._lineno += 1
        if not line.strip():
            return CommandResult(exit_code=self._status)
        exiting = builtin_exit(line, self._status, f"line {self._lineno}: ")
        result = self._run(line) if exiting is None else exiting
        self._status = result.exit_code
        if exiting is not None:
            self._ended = result.exit_code
        return result
