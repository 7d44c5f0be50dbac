"""TCP: who accepts a connection once the walk (:mod:`.walk`) has found the way.

The ports of every running container in the target namespace; on the host its published
ports and the ports of ``host``-mode containers; a public host's web server on port 80.
A container that connects to one of the host's own addresses on a published port meets
``nat PREROUTING`` first: Docker's DNAT sends it on to the publishing container (then the
forwarding rules decide, as for any packet between two bridges), except from the
container's own bridge, whose ``-i BR -j RETURN`` leaves it to ``docker-proxy``. A
published port whose container does not listen on the target port is reset by
docker-proxy; a paused container's kernel accepts and its server never answers.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.host import PublicHost
from coursekit.backends.sim.netfilter.match import Packet
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    container_label,
    namespace_of,
    network_of,
)
from coursekit.backends.sim.userland.reach.filtering import forward, translated, why
from coursekit.backends.sim.userland.reach.walk import (
    ABSENT,
    NO_ROUTE,
    REPLY,
    Probe,
    egress,
    source,
    trace_from,
)
from coursekit.models import Container, Topology

WEB_PORT = 80


@dataclass(frozen=True)
class Connection:
    """A TCP connect: ``open``, ``refused``, ``reset``, ``timeout``, ``no-route``,
    ``unreachable`` or ``stalled`` (accepted by a paused container's kernel, never
    answered); ``server`` the container that accepted, ``port`` its port, ``public``
    the public host that accepted."""

    outcome: str
    reason: str
    server: Container | None = None
    port: int = 0
    public: PublicHost | None = None


def connect(topology: Topology, src: str | None, dst_ip: str, port: int) -> Connection:
    """A TCP connection from ``src`` (None: the host) to ``dst_ip:port``."""
    ns = source(topology, src)
    if ns is None:
        return Connection("unreachable", f"{src} is not running")
    return connect_from(topology, ns, dst_ip, port)


def connect_from(topology: Topology, ns: Namespace, dst: str, port: int) -> Connection:
    """:func:`connect` for a namespace already found."""
    path = trace_from(topology, ns, dst, Probe("tcp", port))
    if path.outcome != REPLY:
        kind = {NO_ROUTE: "unreachable", ABSENT: "no-route"}.get(path.outcome, "timeout")
        return Connection(kind, path.reason)
    if path.public is not None:
        return _public_port(path.public, dst, port)
    if path.target is None:
        return Connection("refused", f"nothing listens on {dst}:{port}")
    if path.target.is_host:
        return _to_host(topology, ns, dst, port)
    found = _listener(path.target, dst, port)
    if path.paused and found.outcome == "open":
        return Connection("stalled", f"{dst} is paused: its kernel accepts the connection, "
                                     "its frozen server never answers", found.server, port)
    return found


def _public_port(host: PublicHost, dst: str, port: int) -> Connection:
    if host.web and port == WEB_PORT:
        return Connection("open", f"{dst} serves HTTP on port {port}", port=port, public=host)
    return Connection("timeout", f"{dst} drops connections to port {port}")


def _listener(ns: Namespace, dst: str, port: int) -> Connection:
    for member in ns.members:
        if port in member.listening:
            return Connection("open", f"{container_label(member)} listens on port {port}",
                              member, port)
    return Connection("refused", f"nothing listens on port {port} at {dst}")


def _host_port(topology: Topology, dst: str, port: int) -> Connection:
    """Published ports (docker-proxy) and host-mode servers on a host address."""
    local = ipaddress.IPv4Address(dst).is_loopback
    for c in topology.containers:
        for b in c.ports if c.running else ():
            if b.host_port == port and b.protocol == "tcp" and (
                    b.host_ip in ("", "0.0.0.0") or b.host_ip == dst
                    or (local and b.host_ip == "127.0.0.1")):
                inner = _listener(namespace_of(topology, c), dst, b.container_port)
                if inner.outcome == "open" and c.state == "paused":
                    return Connection("stalled", f"{container_label(c)} is paused",
                                      inner.server, b.container_port)
                if inner.outcome == "open":
                    return Connection("open", f"{dst}:{port} is published by "
                                      f"{container_label(c)} (port {b.container_port})",
                                      inner.server, b.container_port)
                return Connection("reset", f"{container_label(c)} publishes {port} but "
                                  f"nothing listens on {b.container_port} inside it")
    return _listener(namespace_of(topology, None), dst, port)


def _to_host(topology: Topology, ns: Namespace, dst: str, port: int) -> Connection:
    """A connection to a host address: DNAT from another bridge, else docker-proxy."""
    out = None if ns.is_host else egress(topology, ns, dst)
    net = network_of(topology, out) if out is not None else None
    if out is None or net is None or not net.bridge:
        return _host_port(topology, dst, port)
    sent = Packet(out.ip, dst, net.bridge, "", "tcp", port, local=True)
    nat = translated(topology, sent)
    if not nat.to:
        return _host_port(topology, dst, port)
    ip, _, cport = nat.to.partition(":")
    target = next((n for n in topology.networks if n.bridge and any(
        m.ipv4.split("/")[0] == ip for m in n.members)), None)
    oif = (target.bridge or "") if target else ""
    passage = forward(topology, Packet(out.ip, ip, net.bridge, oif, "tcp", int(cport or port)))
    if not passage.allowed:
        return Connection("timeout", f"{dst}:{port} is published, and DNAT sends the "
                                     f"connection on to {nat.to}, but {why(passage)}")
    return _host_port(topology, dst, port)
