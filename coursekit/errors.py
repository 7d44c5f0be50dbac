"""Errors a backend raises, each carrying the daemon's exact message and the exit code.

Both backends raise the same class with the same text for the same mistake, so the
CLI front end formats one way whatever answered::

    DockerError (Exception)                 message, exit_code, from_daemon
    ├── NotFound (+ LookupError)            "No such container: x", "network x not found"
    ├── Conflict                            a name in use, a network with active endpoints
    ├── InvalidArgument (+ ValueError)      a bad name, CIDR, or conflicting options
    ├── Forbidden (+ PermissionError)       operations on the predefined networks
    ├── StartFailed                         created, but the daemon could not start it
    └── DaemonUnavailable (+ ConnectionError)  "Cannot connect to the Docker daemon at ..."

``message`` is the daemon's text without the CLI's ``Error response from daemon: ``
prefix; ``from_daemon`` says whether the CLI adds that prefix.
"""

from __future__ import annotations


class DockerError(Exception):
    """A failure the docker CLI would report; ``str(err)`` is the daemon's message."""

    exit_code: int = 1
    from_daemon: bool = True

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(DockerError, LookupError):
    """No such container, network, image or object."""


class Conflict(DockerError):
    """The request clashes with existing state (a name in use, active endpoints)."""


class InvalidArgument(DockerError, ValueError):
    """The daemon rejected a parameter (a bad name, subnet, or option mix)."""


class Forbidden(DockerError, PermissionError):
    """The operation is not allowed on this object (e.g. a predefined network)."""


class StartFailed(DockerError):
    """The container exists but could not be started; ``container_id`` says which."""

    def __init__(self, message: str, container_id: str = "", *,
                 exit_code: int | None = None) -> None:
        super().__init__(message, exit_code=exit_code)
        self.container_id = container_id


class DaemonUnavailable(DockerError, ConnectionError):
    """No engine answers (missing, refused, or gone mid-lesson)."""

    from_daemon = False
