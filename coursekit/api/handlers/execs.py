"""``/containers/{id}/exec`` and ``/exec/{id}``: ``docker exec`` in three requests.

The CLI creates the exec (``POST /containers/c1/exec`` with ``Cmd``, ``Tty``,
``AttachStdin``...), starts it on a hijacked connection (``POST /exec/ID/start``), and
once the stream ends asks how it went (``GET /exec/ID/json``: ``ExitCode``). The stream
is one of the three sessions of :mod:`coursekit.api.sessions`.
"""

from __future__ import annotations

import asyncio
import hashlib

from coursekit.api.context import Context, ExecRecord
from coursekit.api.handlers.containers import OK
from coursekit.api.http import Answer, Request, Upgraded, json_reply
from coursekit.api.requests import not_modelled
from coursekit.api.routes import RouteSpec
from coursekit.api.sessions import is_shell, run_once, run_script, run_terminal
from coursekit.api.streams import MULTIPLEXED, RAW, close
from coursekit.errors import Conflict, InvalidArgument, NotFound

ID = r"(?P<ref>[^/]+)"
UNMODELLED = ("User", "Privileged", "WorkingDir", "Env")


def create(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/exec``: ``201 {"Id": ...}``."""
    body = request.json() or {}
    if not isinstance(body, dict):
        raise InvalidArgument("invalid JSON: the body must be an object")
    argv = tuple(str(a) for a in body.get("Cmd") or ())
    if not argv:
        raise InvalidArgument("No exec command specified")
    for key in UNMODELLED:
        if body.get(key):
            raise not_modelled(f"docker exec's {key}")
    with ctx.lock:
        container = ctx.backend.container(ref)
        ctx.backend.check_exec(ref)
    digest = hashlib.sha256(f"{container.id}:exec:{len(ctx.execs)}".encode()).hexdigest()
    ctx.execs[digest] = ExecRecord(digest, container.id, argv, bool(body.get("Tty")),
                                   bool(body.get("AttachStdin")))
    return json_reply(201, {"Id": digest})


def _record(ctx: Context, ref: str) -> ExecRecord:
    found = ctx.execs.get(ref)
    if found is None:
        raise NotFound(f"No such exec instance: {ref}")
    return found


def start(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /exec/{id}/start``: the process's streams, hijacked."""
    record = _record(ctx, ref)
    body = request.json() or {}
    detach = isinstance(body, dict) and bool(body.get("Detach"))
    if record.running or record.exit_code is not None:
        raise Conflict(f"exec {ref} has already been started")
    if detach:
        raise not_modelled("docker exec -d")
    record.running = True

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   leftover: bytes) -> None:
        try:
            record.exit_code = await _session(ctx, record, reader, writer, leftover)
        finally:
            record.running = False
            close(writer)

    return Upgraded(pipe, RAW if record.tty else MULTIPLEXED)


async def _session(ctx: Context, record: ExecRecord, reader: asyncio.StreamReader,
                   writer: asyncio.StreamWriter, leftover: bytes) -> int:
    if record.stdin and is_shell(record.argv):
        if record.tty:
            out = await run_terminal(ctx, reader, writer, leftover, record.container,
                                     record.id)
        else:
            out = await run_script(ctx, reader, writer, leftover, record.container)
        return out.ended if out.ended is not None else 0
    return await run_once(ctx, writer, record.container, record.argv, record.tty)


def inspect(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /exec/{id}/json``."""
    record = _record(ctx, ref)
    return json_reply(200, {
        "ID": record.id, "Running": record.running, "ExitCode": record.exit_code,
        "ProcessConfig": {"tty": record.tty, "entrypoint": record.argv[0],
                          "arguments": list(record.argv[1:]), "privileged": False},
        "OpenStdin": record.stdin, "OpenStderr": True, "OpenStdout": True,
        "CanRemove": False, "ContainerID": record.container, "DetachKeys": "",
        "Pid": 0})


def resize(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /exec/{id}/resize?h=H&w=W``."""
    _record(ctx, ref)
    ctx.resize(ref, request.arg("w"), request.arg("h"))
    return OK


ROUTES: list[RouteSpec] = [
    ("POST", f"/containers/{ID}/exec", create),
    ("POST", f"/exec/{ID}/start", start),
    ("POST", f"/exec/{ID}/resize", resize),
    ("GET", f"/exec/{ID}/json", inspect),
]
