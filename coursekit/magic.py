"""The ``%docker`` line magic: ``%docker network ls`` is ``lab.sh("docker network ls")``.

Use ``lab.register_magic()`` in a notebook to bind the magic to that lab, or
``%load_ext coursekit`` to get a fresh ``Lab()`` behind it. This module knows nothing
of :class:`coursekit.Lab`: :func:`register` takes anything with ``sh(line)``.
"""

from __future__ import annotations

from typing import Any, Protocol

from coursekit.result import CommandResult


class Shell(Protocol):
    """What the magics need: a lab (or a test double) that runs one command line."""

    def sh(self, line: str) -> CommandResult: ...


def register(lab: Shell, ipython: Any = None) -> None:
    """Register ``%docker`` (and ``%sh`` for host commands) answered by ``lab``."""
    if ipython is None:
        from IPython import get_ipython

        ipython = get_ipython()
    if ipython is None:
        raise RuntimeError("the %docker magic needs an IPython kernel")

    def docker(line: str) -> CommandResult:
        return lab.sh(f"docker {line}")

    def sh(line: str) -> CommandResult:
        return lab.sh(line)

    ipython.register_magic_function(docker, magic_kind="line", magic_name="docker")
    ipython.register_magic_function(sh, magic_kind="line", magic_name="sh")
