"""One command line: bash's part (words, pipes), then docker or the host, then the pipes."""

from __future__ import annotations

from collections.abc import Sequence

from coursekit.backends.base import Backend
from coursekit.cli.commands.base import NOTE, daemon_error
from coursekit.cli.commands.dispatch import run_docker
from coursekit.cli.errors import PipeError, ShellSyntaxError
from coursekit.cli.shell.pipes import SUPPORTED, compile_stage, run_pipeline
from coursekit.cli.shell.words import split_line
from coursekit.errors import DockerError
from coursekit.result import CommandResult

DESCRIBED = {"$(": "command substitution `$(...)`", "`": "command substitution with backticks",
             "newline": "several lines"}


def _unsupported(op: str) -> CommandResult:
    what = DESCRIBED.get(op, f"`{op}`")
    return CommandResult("", f"{NOTE}{what} is shell syntax this lab does not run. Type one "
                         f"command per line, optionally piped into {SUPPORTED} "
                         "(e.g. docker ps -a | grep web)\n", 2)


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of two letters counts once)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _strip_sudo(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    if args and args[0] == "sudo":
        args.pop(0)
        while args and args[0].startswith("-"):
            args.pop(0)
    return args


def run_argv(backend: Backend, argv: Sequence[str]) -> CommandResult:
    """One command (no pipes): ``docker ...`` or a command on the lab's host."""
    args = _strip_sudo(argv)
    if not args:
        return CommandResult()
    program = args[0].rsplit("/", 1)[-1]
    if program == "docker":
        return run_docker(backend, args[1:])
    if len(program) >= 4 and _edits(program, "docker") <= 2:
        return CommandResult("", f"bash: {args[0]}: command not found\n", 127)
    try:
        return backend.host_exec(tuple(args))
    except DockerError as err:
        return daemon_error(err)


def run_line(backend: Backend, line: str) -> CommandResult:
    """Run one command line as a terminal would (see the module docstring)."""
    try:
        segments = split_line(line)
    except ShellSyntaxError as err:
        return _unsupported(err.unsupported) if err.unsupported else \
            CommandResult("", err.message + "\n", 2)
    if not segments:
        return CommandResult()
    try:
        stages = [compile_stage(segment) for segment in segments[1:]]
    except PipeError as err:
        return CommandResult("", err.message + "\n", 2)
    return run_pipeline(run_argv(backend, segments[0]), stages)
