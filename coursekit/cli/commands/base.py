"""What every command handler shares: the output being built, and the CLI's error lines.

A handler receives the backend, the parsed flags and the command path it was called
by (``docker network rm``), makes its backend call, and writes into an :class:`Out`:
stdout and stderr text and the exit code, exactly as docker CLI 28.2.2 prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coursekit.backends.base import Backend
from coursekit.cli.shell.words import Parsed
from coursekit.errors import DockerError
from coursekit.result import CommandResult

DAEMON_PREFIX = "Error response from daemon: "
NOTE = "coursekit: "
"""Prefix of the lab's own plain notes (where no terminal or registry exists)."""


@dataclass
class Out:
    """stdout, stderr and exit code of one command, built up as the CLI writes them."""

    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    code: int = 0

    def out(self, text: str) -> Out:
        self.stdout.append(text)
        return self

    def err(self, text: str, code: int | None = None) -> Out:
        self.stderr.append(text)
        if code is not None:
            self.code = code
        return self

    def result(self) -> CommandResult:
        return CommandResult("".join(self.stdout), "".join(self.stderr), self.code)


Handler = Callable[[Backend, Parsed, str], Out]
"""``handler(backend, parsed, path)``: one subcommand."""


def daemon_text(err: DockerError) -> str:
    """The error as the CLI prints it: ``Error response from daemon: <message>``.

    The Go client trims the daemon's text (``...on predefined bridge network `` loses
    its trailing space).
    """
    return DAEMON_PREFIX + err.message.strip() if err.from_daemon else err.message


def daemon_error(err: DockerError) -> Out:
    """A command that failed with one daemon error (exit code from the error, usually 1)."""
    return Out().err(daemon_text(err) + "\n", err.exit_code or 1)


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key of fvbommel/sortorder's NaturalLess (``net2`` before ``net10``)."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text) if part]


def short_name(ref: str) -> str:
    """How a note names a container: as typed, or its short id for a full id."""
    return ref[:12] if re.fullmatch(r"[0-9a-f]{64}", ref) else ref
