"""The ``%docker`` line magic: ``%docker network ls`` is ``lab.sh("docker network ls")``.

Use ``lab.register_magic()`` in a notebook to bind the magic to that lab, or
``%load_ext coursekit.magic`` to get a fresh ``Lab()`` behind it.
"""

from __future__ import annotations

from typing import Any

from coursekit.lab import Lab
from coursekit.result import CommandResult


def register(lab: Lab, ipython: Any = None) -> None:
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


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext coursekit.magic``: a default Lab behind ``%docker``."""
    register(Lab(), ipython)
