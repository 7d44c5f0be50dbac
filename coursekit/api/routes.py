"""The Engine API's routes, the version in each path, and the daemon's error answers.

``/v1.51/containers/json`` is matched as ``GET /containers/json`` with API version 1.51;
a path without a version means the server's own. A version above the server's answers
``400 client version 1.52 is too new. Maximum supported API version is 1.51``, one
below its minimum ``400 client version 1.11 is too old...``, as the engine does. A path
no route knows is ``404 page not found``; a route Docker has but the lab does not
simulate (volumes, builds, swarm...) answers ``400`` with one ``coursekit:`` line, so the
docker CLI prints it after ``Error response from daemon:``.

Each handler module (:mod:`.containers`, :mod:`.networks`, :mod:`.execs`,
:mod:`.system`) lists its routes as ``(METHOD, PATTERN, handler)``; a handler gets the
:class:`Context`, the request and the pattern's named groups, and returns an answer (or
an awaitable of one). The daemon's errors become ``{"message": ...}`` with the status
of their kind; anything else is a bug of ours, answered ``500`` with one line, never a
traceback.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from coursekit.api.context import Context
from coursekit.api.http import Answer, Reply, Request, message_reply
from coursekit.errors import (
    Conflict,
    DaemonUnavailable,
    DockerError,
    Forbidden,
    InvalidArgument,
    NotFound,
    StartFailed,
)
from coursekit.profiles import EngineProfile

LOG = logging.getLogger("coursekit.api")
Handler = Callable[..., Any]
RouteSpec = tuple[str, str, Handler]
VERSION = re.compile(r"/v(?P<version>\d+\.\d+)(?P<rest>/.*)")
STATUS: tuple[tuple[type[DockerError], int], ...] = (
    (NotFound, 404), (Conflict, 409), (InvalidArgument, 400), (Forbidden, 403),
    (StartFailed, 400), (DaemonUnavailable, 503))
NOT_SIMULATED = ("/volumes", "/build", "/swarm", "/services", "/nodes", "/tasks", "/secrets",
                 "/configs", "/plugins", "/session", "/distribution", "/auth", "/commit",
                 "/system/df", "/images/", "/containers/")
"""Paths Docker serves and the lab does not (those of images and containers it does not
model fall under the last two once the modelled ones had their turn)."""


def _number(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def status_of(err: DockerError) -> int:
    """The HTTP status the daemon answers an error of this kind with."""
    return next((code for kind, code in STATUS if isinstance(err, kind)), 500)


class Router:
    """Finds the handler of a request and turns what it raises into the daemon's answers."""

    def __init__(self, ctx: Context, profile: EngineProfile,
                 tables: Sequence[Sequence[RouteSpec]]) -> None:
        self.ctx, self.profile = ctx, profile
        self.routes = [(method, re.compile(pattern), handler)
                       for table in tables for method, pattern, handler in table]

    def versioned(self, path: str) -> tuple[str | None, str]:
        """The API version a path names and the path without it."""
        match = VERSION.fullmatch(path)
        return (match["version"], match["rest"]) if match else (None, path)

    def common(self) -> list[tuple[str, str]]:
        """The headers of every answer: the engine's version, OS and name."""
        server = self.profile.server
        return [("Api-Version", server.api_version), ("Docker-Experimental", "false"),
                ("Ostype", "linux"), ("Server", f"Docker/{server.version} (linux)")]

    def _version_refusal(self, version: str | None) -> Reply | None:
        server = self.profile.server
        if version is None:
            return None
        if _number(version) > _number(server.api_version):
            return message_reply(400, f"client version {version} is too new. Maximum "
                                      f"supported API version is {server.api_version}")
        if _number(version) < _number(server.min_api_version):
            return message_reply(400, f"client version {version} is too old. Minimum "
                                      f"supported API version is {server.min_api_version}, "
                                      "please upgrade your client to a newer version")
        return None

    def _find(self, request: Request) -> tuple[Handler, dict[str, str]] | Reply:
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            wanted = "GET" if request.method == "HEAD" else request.method
            if match and (method == request.method or method == wanted):
                return handler, match.groupdict()
        if request.path.startswith(NOT_SIMULATED):
            return message_reply(400, f"coursekit: {request.method} {request.path} is not "
                                      "simulated in this lab (nothing changed)")
        return message_reply(404, "page not found")

    async def handle(self, request: Request) -> Answer:
        """The answer to one request."""
        refused = self._version_refusal(request.version)
        if refused is not None:
            return refused
        found = self._find(request)
        if isinstance(found, Reply):
            return found
        handler, groups = found
        try:
            answer = handler(self.ctx, request, **groups)
            if inspect.isawaitable(answer):
                answer = await answer
        except DockerError as err:
            return message_reply(status_of(err), err.message)
        except NotImplementedError as err:
            return message_reply(400, f"coursekit: {err}")
        except ValueError as err:  # a body that is not JSON, a number that is not one
            return message_reply(400, str(err))
        except Exception as err:  # a bug of ours: one line to the client, the trace logged
            LOG.exception("internal error answering %s %s", request.method, request.path)
            return message_reply(500, f"coursekit: internal error ({type(err).__name__}); "
                                      "please report it")
        result: Answer = answer
        return result
