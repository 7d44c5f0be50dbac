"""``/containers``: list, inspect, create, the lifecycle, wait, logs, top, prune.

Each handler is one or two Backend calls and the document :mod:`coursekit.wire` writes
for the answer; the order of calls is the docker CLI's own (``docker run`` is create,
wait, attach, start: see :mod:`.attach`). A container that is already
running answers ``start`` with ``304``, one already stopped answers ``stop`` the same,
as the engine does. The lab has no volumes and no plugins: inspecting one answers the
engine's ``404`` (``docker inspect NAME`` asks for both before it says ``No such object``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from coursekit.api.context import Context
from coursekit.api.handlers import attach
from coursekit.api.http import Answer, Reply, Request, Streamed, go_json, json_reply
from coursekit.api.requests import container_spec
from coursekit.api.routes import RouteSpec
from coursekit.api.streams import MULTIPLEXED, RAW, result_bytes
from coursekit.backends.base import Filters
from coursekit.errors import InvalidArgument, NotFound
from coursekit.models import Container
from coursekit.wire import encode_container, encode_summary

NO_CONTENT = Reply(204, b"", "text/plain; charset=utf-8")
NOT_MODIFIED = Reply(304, b"", "text/plain; charset=utf-8")
OK = Reply(200, b"", "text/plain; charset=utf-8")
ID = r"(?P<ref>[^/]+)"


def filters(request: Request) -> Filters | None:
    """The ``filters`` parameter: ``{"name": {"web": true}}`` or ``{"name": ["web"]}``."""
    text = request.arg("filters")
    if not text:
        return None
    try:
        raw = json.loads(text)
    except ValueError as err:
        raise InvalidArgument(f"invalid filter: {err}") from None
    if not isinstance(raw, dict):
        raise InvalidArgument("invalid filter: expected an object of filters")
    return {key: list(values) if isinstance(values, list) else
            [k for k, on in dict(values).items() if on] for key, values in raw.items()}


def _listed(ctx: Context, request: Request) -> list[Container]:
    found = list(ctx.backend.containers(filters(request)))[::-1]  # newest first
    if not (request.flag("all") or request.arg("limit") not in ("", "-1", "0")):
        found = [c for c in found if c.state in ("running", "paused", "restarting")]
    limit = request.arg("limit")
    return found[:int(limit)] if limit.lstrip("-").isdigit() and int(limit) > 0 else found


def list_containers(ctx: Context, request: Request) -> Answer:
    """``GET /containers/json`` (``docker ps``)."""
    with ctx.lock:
        now, shown = ctx.backend.now(), _listed(ctx, request)
        everyone = ctx.backend.containers()
        return json_reply(200, [encode_summary(c, now, everyone, ctx.shape) for c in shown])


def inspect(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /containers/{id}/json`` (``docker inspect``)."""
    return json_reply(200, encode_container(ctx.call(ctx.backend.container, ref), ctx.shape))


def create(ctx: Context, request: Request) -> Answer:
    """``POST /containers/create?name=NAME`` (``docker create``; the first half of run)."""
    body = request.json() or {}
    if not isinstance(body, dict):
        raise InvalidArgument("invalid JSON: the body must be an object")
    if not body.get("Image"):
        raise InvalidArgument("config cannot be empty in order to create a container")
    spec = container_spec(body, request.arg("name") or None)
    container, warnings = ctx.call(ctx.backend.create_container, spec)
    ctx.changed()
    return json_reply(201, {"Id": container.id, "Warnings": list(warnings)})


def _settled(ctx: Context, ref: str, change: Any, *args: Any) -> Answer:
    """Apply a change to a container; remember how it ended if it did."""
    full_id = ctx.backend.container(ref).id
    returned = change(ref, *args)
    if isinstance(returned, Container):
        ctx.note(returned)
    elif not _gone(ctx, full_id):
        ctx.note(ctx.backend.container(full_id))
    ctx.changed()
    return NO_CONTENT


def start(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/start``: ``304`` when it already runs."""
    with ctx.lock:
        if ctx.backend.container(ref).running:
            return NOT_MODIFIED
        ctx.note(ctx.backend.start(ref))
    ctx.changed()
    return NO_CONTENT


def _timeout(request: Request) -> int | None:
    text = request.arg("t") or request.arg("timeout")
    return int(text) if text.lstrip("-").isdigit() else None


def stop(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/stop?t=SECONDS&signal=SIG``: ``304`` when not running."""
    with ctx.lock:
        if not ctx.backend.container(ref).running:
            return NOT_MODIFIED
        ctx.note(ctx.backend.stop(ref, request.arg("signal"), _timeout(request)))
    ctx.changed()
    return NO_CONTENT


def restart(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/restart``."""
    return ctx.call(_settled, ctx, ref, ctx.backend.restart, request.arg("signal"),
                    _timeout(request))


def kill(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/kill?signal=SIG``."""
    return ctx.call(_settled, ctx, ref, ctx.backend.kill, request.arg("signal") or "KILL")


def pause(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/pause``."""
    return ctx.call(_settled, ctx, ref, ctx.backend.pause)


def unpause(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/unpause``."""
    return ctx.call(_settled, ctx, ref, ctx.backend.unpause)


def rename(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/rename?name=NEW``."""
    return ctx.call(_settled, ctx, ref, ctx.backend.rename, request.arg("name"))


def remove(ctx: Context, request: Request, ref: str) -> Answer:
    """``DELETE /containers/{id}?force=1``."""
    if request.flag("v") or request.flag("link"):
        raise NotImplementedError("docker rm -v/--link is not simulated in this lab")
    return ctx.call(_settled, ctx, ref, ctx.backend.remove_container, request.flag("force"))


def top(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /containers/{id}/top``."""
    titles, rows = ctx.call(ctx.backend.top, ref)
    return json_reply(200, {"Processes": [list(r) for r in rows], "Titles": list(titles)})


def prune(ctx: Context, request: Request) -> Answer:
    """``POST /containers/prune``."""
    removed, space = ctx.call(ctx.backend.prune_containers)
    ctx.changed()
    return json_reply(200, {"ContainersDeleted": list(removed) or None,
                            "SpaceReclaimed": space})


def _gone(ctx: Context, ref: str) -> bool:
    try:
        ctx.backend.container(ref)
    except NotFound:
        return True
    return False


def wait(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/wait?condition=not-running|next-exit|removed``: the header
    at once, ``{"Error": null, "StatusCode": N}`` once the condition holds (next-exit: the
    container ends after the request came; removed: it is gone)."""
    condition = request.arg("condition") or "not-running"
    if condition not in ("not-running", "next-exit", "removed"):
        raise InvalidArgument(f"invalid condition: {condition!r}")
    first = ctx.call(ctx.backend.container, ref)

    def done() -> bool:
        if _gone(ctx, first.id):
            return True
        c = ctx.note(ctx.backend.container(first.id))
        if condition == "removed":
            return False
        return not c.running and (condition == "not-running" or
                                  c.finished_at != first.finished_at)

    async def body() -> AsyncIterator[bytes]:
        await ctx.until(done)
        yield go_json({"Error": None, "StatusCode": ctx.exit_codes.get(first.id, 0)})

    return Streamed(200, body)


def logs(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /containers/{id}/logs?stdout=1&stderr=1``; with ``follow`` the stream stays
    open and carries what the container prints, as it prints it, until it stops."""
    with ctx.lock:
        c = ctx.backend.container(ref)
        result = ctx.backend.logs(ref)
    streams = (request.flag("stdout"), request.flag("stderr"))
    data = result_bytes(result, c.tty, *streams)
    kind = RAW if c.tty else MULTIPLEXED
    if not (request.flag("follow") and c.running):
        return Reply(200, data, kind)

    async def body() -> AsyncIterator[bytes]:
        if data:
            yield data
        async for more in attach.output(ctx, c, result, streams):
            yield more

    return Streamed(200, body, kind)


def resize(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /containers/{id}/resize?h=H&w=W``: the terminal's size (sessions track it)."""
    container = ctx.call(ctx.backend.container, ref)
    ctx.resize(container.id, request.arg("w"), request.arg("h"))
    return OK


def no_volume(ctx: Context, request: Request, name: str) -> Answer:
    """``GET /volumes/{name}``: the lab has no volumes, so every name is missing, in the
    engine's words (``docker inspect NAME`` asks for a volume after a container, an image
    and a network, and a 404 lets it go on to say ``No such object: NAME``)."""
    raise NotFound(f"get {name}: no such volume")


def no_plugin(ctx: Context, request: Request, name: str) -> Answer:
    """``GET /plugins/{name}/json``: no plugins either (the last thing ``docker inspect``
    asks for), as the engine answers a name it does not have."""
    raise NotFound(f'plugin "{name}" not found')


ROUTES: list[RouteSpec] = [
    ("GET", "/containers/json", list_containers),
    ("POST", "/containers/create", create),
    ("POST", "/containers/prune", prune),
    ("GET", f"/containers/{ID}/json", inspect),
    ("POST", f"/containers/{ID}/start", start),
    ("POST", f"/containers/{ID}/stop", stop),
    ("POST", f"/containers/{ID}/restart", restart),
    ("POST", f"/containers/{ID}/kill", kill),
    ("POST", f"/containers/{ID}/pause", pause),
    ("POST", f"/containers/{ID}/unpause", unpause),
    ("POST", f"/containers/{ID}/rename", rename),
    ("POST", f"/containers/{ID}/wait", wait),
    ("POST", f"/containers/{ID}/resize", resize),
    ("GET", f"/containers/{ID}/top", top),
    ("GET", f"/containers/{ID}/logs", logs),
    ("DELETE", f"/containers/{ID}", remove),
    ("GET", r"/volumes/(?P<name>[^/]+)", no_volume),
    ("GET", r"/plugins/(?P<name>[^/]+)/json", no_plugin),
]
