"""A real engine that is not reachable (yet): every call answers as the docker CLI does.

``Lab(backend="docker")`` on a machine whose daemon is missing, stopped or forbidden
still gives the learner a lab: each command prints the CLI's own words (``Cannot
connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon
running?``). Each call tries to connect again, so starting the daemon mid-lesson is
enough: from then on the real engine answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coursekit.backends.base import Backend
from coursekit.profiles import EngineProfile, profile


class UnreachableEngine:
    """Stands in for :class:`~coursekit.backends.engine.backend.EngineBackend` until it connects."""

    name = "docker"

    def __init__(self, connect: Callable[[], Backend]) -> None:
        self._connect = connect
        self._engine: Backend | None = None

    def profile(self) -> EngineProfile:
        """The engine's profile once it answers; until then the default (28.5)."""
        return self._engine.profile() if self._engine is not None else profile()

    def _backend(self) -> Backend:
        """The engine once it answers; until then ``connect`` raises DaemonUnavailable."""
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def __getattr__(self, operation: str) -> Any:
        """Every Backend operation: connect first (or raise the CLI's message)."""
        if operation.startswith("_"):
            raise AttributeError(operation)

        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._backend(), operation)(*args, **kwargs)

        return call
