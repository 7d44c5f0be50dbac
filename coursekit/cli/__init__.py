"""The docker command line, answered by a backend: parse -> one backend call -> render.

``run_line(backend, "docker network ls | grep br")`` reads the line as bash would
(:mod:`.shell`), runs a ``docker ...`` command as the docker CLI that goes with the
backend's engine does (CLI 28.5.2 or 28.2.2: :mod:`.release`; its flags: :mod:`.flags`;
its handlers: :mod:`.commands`, printing with :mod:`.render` and :mod:`.gotemplate`) or
any other command on the lab's host (``ip addr``, ``ping``:
``backend.host_exec``), then the pipe stages (:mod:`.shell.pipes`). It returns a
:class:`~coursekit.result.CommandResult` and never raises for anything a learner can
type: mistakes get the CLI's (or bash's) own message and exit code (what the front end
refuses itself is the family of :mod:`.errors`; the daemon's refusals come from the
backend). Shell syntax beyond one command and its pipes (``&&``, ``;``, ``>``,
``$(...)``) gets a plain note and exit code 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursekit.backends.base import Backend
    from coursekit.result import CommandResult

__all__ = ["run_line"]


def run_line(backend: Backend, line: str) -> CommandResult:
    """Run one command line against ``backend`` as a terminal would; never raises for input.

    The implementation lives in :mod:`coursekit.cli.line`, imported on first use so
    that importing a leaf module (``coursekit.cli.gotemplate.template``) stays light.
    """
    from coursekit.cli.line import run_line as run

    return run(backend, line)
