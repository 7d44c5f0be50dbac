"""``/networks``: list, inspect, create, remove, connect, disconnect, prune.

The list (``GET /networks``, ``docker network ls``) carries each network's document with
``Containers`` empty, as the engine sends it; ``GET /networks/{id}`` carries its members.
"""

from __future__ import annotations

from coursekit.api.context import Context
from coursekit.api.handlers.containers import NO_CONTENT, OK, filters
from coursekit.api.http import Answer, Request, json_reply
from coursekit.api.requests import network_spec, not_modelled
from coursekit.api.routes import RouteSpec
from coursekit.errors import InvalidArgument
from coursekit.wire import encode_network

NAME = r"(?P<ref>[^/]+)"


def list_networks(ctx: Context, request: Request) -> Answer:
    """``GET /networks?filters=...``."""
    with ctx.lock:
        found = ctx.backend.networks(filters(request))
        docs = [encode_network(n, ctx.shape) for n in found]
    return json_reply(200, [{**doc, "Containers": {}} for doc in docs])


def inspect(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /networks/{id}``."""
    if request.flag("verbose"):
        raise not_modelled("docker network inspect --verbose")
    return json_reply(200, encode_network(ctx.call(ctx.backend.network, ref), ctx.shape))


def create(ctx: Context, request: Request) -> Answer:
    """``POST /networks/create``: ``201 {"Id": ..., "Warning": ""}``."""
    body = request.json() or {}
    if not isinstance(body, dict) or not body.get("Name"):
        raise InvalidArgument("network name cannot be empty" if isinstance(body, dict)
                              else "invalid JSON: the body must be an object")
    network = ctx.call(ctx.backend.create_network, network_spec(body))
    ctx.changed()
    return json_reply(201, {"Id": network.id, "Warning": ""})


def remove(ctx: Context, request: Request, ref: str) -> Answer:
    """``DELETE /networks/{id}``."""
    ctx.call(ctx.backend.remove_network, ref)
    ctx.changed()
    return NO_CONTENT


def _endpoint_request(request: Request) -> tuple[str, dict[str, object]]:
    body = request.json() or {}
    if not isinstance(body, dict):
        raise InvalidArgument("invalid JSON: the body must be an object")
    return str(body.get("Container") or ""), dict(body.get("EndpointConfig") or {})


def connect(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /networks/{id}/connect`` (``--ip``, ``--ip6``, ``--alias``, ``--link``)."""
    container, endpoint = _endpoint_request(request)
    ipam = dict(endpoint.get("IPAMConfig") or {})  # type: ignore[call-overload]
    links = tuple(str(x) for x in endpoint.get("Links") or ())  # type: ignore[attr-defined]
    aliases = tuple(str(x) for x in endpoint.get("Aliases") or ())  # type: ignore[attr-defined]
    for key in ("DriverOpts", "MacAddress"):
        if endpoint.get(key):
            raise not_modelled(f"EndpointConfig.{key} of docker network connect")
    ctx.call(ctx.backend.connect, ref, container, ipam.get("IPv4Address") or None, aliases,
             ipam.get("IPv6Address") or None, links)
    ctx.changed()
    return OK


def disconnect(ctx: Context, request: Request, ref: str) -> Answer:
    """``POST /networks/{id}/disconnect`` (``Force``)."""
    body = request.json() or {}
    container = str(body.get("Container") or "") if isinstance(body, dict) else ""
    force = bool(body.get("Force")) if isinstance(body, dict) else False
    ctx.call(ctx.backend.disconnect, ref, container, force)
    ctx.changed()
    return OK


def prune(ctx: Context, request: Request) -> Answer:
    """``POST /networks/prune``."""
    removed = ctx.call(ctx.backend.prune_networks)
    ctx.changed()
    return json_reply(200, {"NetworksDeleted": list(removed) or None})


ROUTES: list[RouteSpec] = [
    ("GET", "/networks", list_networks),
    ("POST", "/networks/create", create),
    ("POST", "/networks/prune", prune),
    ("GET", f"/networks/{NAME}", inspect),
    ("DELETE", f"/networks/{NAME}", remove),
    ("POST", f"/networks/{NAME}/connect", connect),
    ("POST", f"/networks/{NAME}/disconnect", disconnect),
]
