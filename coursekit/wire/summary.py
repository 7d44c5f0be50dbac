"""Containers as the container list (``GET /containers/json``) summarises each one.

The inverse of :mod:`coursekit.wire.listing`: :func:`encode_summary` writes what the
daemon sends for one container, newest first in the list; the daemon computes two fields
as of the moment it answers, and they live here so that every front end words them alike:

- :func:`state_string` (``Status``): ``Up 3 seconds``, ``Up 2 hours (Paused)``,
  ``Exited (137) About a minute ago``, ``Created``;
- :func:`human_duration`: go-units' HumanDuration, the words inside those.

``Command`` is :func:`coursekit.wire.listing.join_command`; ``Names`` holds ``/NAME`` and
one ``/LINKER/ALIAS`` for each legacy link to the container, sorted (the daemon reads them
from its name index: ``["/app/database", "/db"]``); ``Ports`` holds each live
binding (``IP``, ``PrivatePort``, ``PublicPort``, ``Type``) and each exposed port without
one; the networks are the inspect document's, with ``Aliases``, ``DriverOpts`` and ``DNSNames``
left out (``null``) as the list does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from coursekit.models import Container, Endpoint
from coursekit.wire.listing import join_command
from coursekit.wire.network_settings import encode_network_settings
from coursekit.wire.ports import live_ports, parse_port
from coursekit.wire.shape import ENGINE_20_10, Document, Shape, go_map, started


def human_duration(seconds: float) -> str:
    """go-units HumanDuration: ``Less than a second``, ``About a minute``, ``3 days``..."""
    whole = int(seconds)
    if whole < 1:
        return "Less than a second"
    if whole < 60:
        return "1 second" if whole == 1 else f"{whole} seconds"
    minutes = int(seconds / 60)
    if minutes < 60:
        return "About a minute" if minutes == 1 else f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    for limit, div, unit in ((48, 1, "hours"), (24 * 14, 24, "days"),
                             (24 * 60, 24 * 7, "weeks"), (24 * 730, 24 * 30, "months")):
        if hours < limit:
            return f"{hours // div} {unit}"
    return f"{int(seconds / 3600) // 24 // 365} years"


def parse_time(iso: str) -> datetime:
    """An RFC 3339 timestamp with up to nanoseconds, as an aware UTC datetime."""
    date, _, rest = iso.partition("T")
    whole, _, frac = rest.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{date}T{whole}.{(frac + '000000')[:6]}+00:00")


def _ago(now: datetime, iso: str) -> str:
    return human_duration((now - parse_time(iso)).total_seconds())


def state_string(c: Container, now: datetime) -> str:
    """The daemon's State.String(): ``Up 2 minutes``, ``Exited (0) 5 seconds ago``..."""
    if c.state == "restarting":
        return f"Restarting ({c.exit_code}) {_ago(now, c.finished_at)} ago"
    if c.state in ("running", "paused"):
        up = _ago(now, c.started_at)
        return f"Up {up} (Paused)" if c.state == "paused" else f"Up {up}"
    if c.state == "dead":
        return "Dead"
    if not started(c):
        return "Created"
    if not c.finished_at or c.finished_at.startswith("0001-"):
        return ""
    return f"Exited ({c.exit_code}) {_ago(now, c.finished_at)} ago"


def _names(c: Container, everyone: Sequence[Container]) -> list[str]:
    names = [f"/{c.name}"]
    for other in everyone:
        for link in other.links:
            target, _, alias = link.partition(":")
            if target == c.name:
                names.append(f"/{other.name}/{alias or target}")
    return sorted(names)


def _ports(c: Container) -> list[Document]:
    entries: list[Document] = []
    for key, bindings in live_ports(c).items():
        port, proto = parse_port(key)
        if not bindings:
            entries.append({"PrivatePort": port, "Type": proto})
        for b in bindings or ():
            entries.append({"IP": b["HostIp"] or "0.0.0.0", "PrivatePort": port,
                            "PublicPort": int(b["HostPort"] or 0), "Type": proto})
    return entries


LIST_NULLS = ("Aliases", "DriverOpts", "DNSNames")
"""Endpoint fields the list's copy of each endpoint leaves out (``null``), on both engines:
``"Aliases":null`` beside inspect's ``["web"]``, ``"DriverOpts":null`` beside ``{}``."""


def _networks(c: Container, shape: Shape) -> Document:
    settings = encode_network_settings(c, shape)
    stale = {ep.network_name: ep for ep in c.listed_endpoints}
    networks: Document = {}
    unlisted = {ep.network_name for ep in c.failed_connects}
    for name, endpoint in (settings.get("Networks") or {}).items():
        if name in unlisted:
            continue
        networks[name] = {**endpoint, **{k: None for k in LIST_NULLS if k in endpoint},
                          **_joined(stale.get(name))}
    return {"Networks": networks}


def _joined(ep: Endpoint | None) -> Document:
    """What the list still shows of an endpoint a failed start had joined (no gateway when
    it failed at the ports: ``Container.listed_endpoints``)."""
    if ep is None:
        return {}
    return {"EndpointID": ep.endpoint_id, "IPAddress": ep.ip, "IPPrefixLen": ep.prefixlen,
            "MacAddress": ep.mac, "Gateway": ep.gateway}


def encode_summary(c: Container, now: datetime, everyone: Sequence[Container] = (),
                   shape: Shape = ENGINE_20_10) -> Document:
    """One container of ``GET /containers/json`` (``everyone``: the others, for links)."""
    created = int(parse_time(c.created).timestamp()) if c.created else 0
    return {
        "Id": c.id, "Names": _names(c, everyone), "Image": c.image,
        "ImageID": c.image_id, "Command": join_command((*c.entrypoint, *c.command)),
        "Created": created, "Ports": _ports(c), "Labels": go_map(c.labels),
        "State": c.state, "Status": state_string(c, now),
        "HostConfig": {"NetworkMode": str(c.network_mode)},
        "NetworkSettings": _networks(c, shape), "Mounts": []}
