"""Translate docker SDK and transport failures into :mod:`coursekit.errors`.

The docker CLI prints the daemon's own explanation after ``Error response from
daemon: ``; the engine backend raises the matching :class:`~coursekit.errors.DockerError`
subclass carrying exactly that explanation, so the CLI front end formats one way
whatever answered. When nothing answers at all, the text is what CLI 28 prints:

- ``Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker
  daemon running?`` (no socket, connection refused, daemon gone mid-lesson);
- ``permission denied while trying to connect to the Docker daemon socket at
  unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/...":
  dial unix /var/run/docker.sock: connect: permission denied``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

import requests
from docker.errors import APIError, DockerException

from coursekit import errors

CLI_API_VERSION = "v1.50"
"""The API version CLI 28.2 puts in its URLs when it could not negotiate one."""

_BY_STATUS: dict[int, type[errors.DockerError]] = {
    400: errors.InvalidArgument,
    403: errors.Forbidden,
    404: errors.NotFound,
    409: errors.Conflict,
}


def cannot_connect(host: str) -> errors.DaemonUnavailable:
    """The CLI's line when no daemon listens at ``host``."""
    return errors.DaemonUnavailable(
        f"Cannot connect to the Docker daemon at {host}. Is the docker daemon running?")


def permission_denied(host: str, path: str = "/_ping") -> errors.DaemonUnavailable:
    """The CLI's line when the socket exists but this user may not open it."""
    sock = host.removeprefix("unix://")
    url = f"http://{quote(sock, safe='')}/{CLI_API_VERSION}{path}"
    return errors.DaemonUnavailable(
        "permission denied while trying to connect to the Docker daemon socket at "
        f'{host}: Get "{url}": dial unix {sock}: connect: permission denied')


def knock(host: str, timeout: float = 5.0) -> None:
    """Connect to a ``unix://`` daemon socket once and close it again; raise the CLI's line
    when nothing listens there or this user may not open it (other hosts pass through).

    The engine backend knocks before the SDK's first request: the SDK leaves the socket of
    a failed connect for the garbage collector to close (a ``ResourceWarning``)."""
    if not host.startswith("unix://"):
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(host.removeprefix("unix://"))
        except PermissionError:
            raise permission_denied(host) from None
        except OSError:
            raise cannot_connect(host) from None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        cur = todo.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        todo.extend(a for a in getattr(cur, "args", ()) if isinstance(a, BaseException))
        todo.extend(c for c in (cur.__cause__, cur.__context__) if c is not None)
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)


def _request_path(exc: BaseException) -> str:
    """The API path (without its version) of the request that failed, else ``/_ping``."""
    request = getattr(exc, "request", None)
    url = getattr(request, "url", None) or ""
    path = urlsplit(str(url)).path
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[1].startswith("v1."):
        return "/" + parts[2]
    return path or "/_ping"


def unavailable(exc: BaseException, host: str) -> errors.DaemonUnavailable:
    """A connection failure as the CLI reports it (permission denied or cannot connect)."""
    if any(isinstance(c, PermissionError) for c in _causes(exc)):
        return permission_denied(host, _request_path(exc))
    return cannot_connect(host)


def from_api_error(exc: APIError) -> errors.DockerError:
    """The daemon's answer as the matching DockerError (404 NotFound, 409 Conflict...)."""
    message = str(exc.explanation or "").strip() or str(exc)
    cls = _BY_STATUS.get(exc.status_code or 0, errors.DockerError)
    return cls(message)


def translate(exc: BaseException, host: str) -> BaseException:
    """The coursekit error for any SDK/transport failure; other exceptions unchanged."""
    if isinstance(exc, errors.DockerError):
        return exc
    if isinstance(exc, APIError) and exc.response is not None:
        return from_api_error(exc)
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        ConnectionError)):
        return unavailable(exc, host)
    if isinstance(exc, DockerException) and _is_connection_failure(exc):
        return unavailable(exc, host)
    return exc


def _is_connection_failure(exc: BaseException) -> bool:
    return any(isinstance(c, (requests.exceptions.ConnectionError, OSError))
               for c in _causes(exc))


@contextmanager
def daemon_errors(host: str) -> Iterator[None]:
    """Run a block of SDK calls, re-raising failures as :mod:`coursekit.errors`."""
    try:
        yield
    except (DockerException, requests.exceptions.RequestException, ConnectionError) as exc:
        mapped = translate(exc, host)
        if mapped is exc:
            raise
        raise mapped from exc
