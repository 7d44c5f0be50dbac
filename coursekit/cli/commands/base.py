"""What every command handler shares: its signature, result helpers, the CLI's error lines.

A handler receives the backend, the parsed flags and the command path it was called
by (``docker network rm``), makes its backend call, and returns the
:class:`~coursekit.result.CommandResult` the CLI would print: stdout and stderr text
and the exit code, exactly as the docker CLI that goes with the backend's engine
prints them (:func:`cli_of`: CLI 28.5.2 before Engine 28.5, 28.2.2 before 20.10).
Handlers that print in several steps (warnings, an id, a container's output) build one
result per step and :func:`joined` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coursekit.backends.base import Backend
from coursekit.cli.flags.grammar import Parsed
from coursekit.cli.release import Release, release
from coursekit.errors import DockerError
from coursekit.result import CommandResult

DAEMON_PREFIX = "Error response from daemon: "
NOTE = "coursekit: "
"""Prefix of the lab's own plain notes (where no terminal or registry exists)."""

Handler = Callable[[Backend, Parsed, str], CommandResult]
"""``handler(backend, parsed, path)``: one subcommand."""


def cli_of(backend: Backend) -> Release:
    """The docker CLI that goes with the backend's engine (its texts, dialect, wording)."""
    return release(backend.profile())


def joined(*parts: CommandResult) -> CommandResult:
    """The parts printed one after another: stdouts in order, stderrs in order, and the
    exit code of the last part that failed (0 when none did)."""
    code = next((part.exit_code for part in reversed(parts) if part.exit_code), 0)
    return CommandResult("".join(part.stdout for part in parts),
                         "".join(part.stderr for part in parts), code)


def daemon_text(err: DockerError) -> str:
    """The error as the CLI prints it: ``Error response from daemon: <message>``.

    The Go client trims the daemon's text (``...on predefined bridge network `` loses
    its trailing space).
    """
    return DAEMON_PREFIX + err.message.strip() if err.from_daemon else err.message


def daemon_error(err: DockerError) -> CommandResult:
    """A command that failed with one daemon error (exit code from the error, usually 1)."""
    return CommandResult("", daemon_text(err) + "\n", err.exit_code or 1)


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key of fvbommel/sortorder's NaturalLess (``net2`` before ``net10``)."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text) if part]


def short_name(ref: str) -> str:
    """How a note names a container: as typed, or its short id for a full id."""
    return ref[:12] if re.fullmatch(r"[0-9a-f]{64}", ref) else ref
