"""Who can reach whom: the rules the simulated kernel and Docker's iptables apply.

A packet from a namespace (a container's, or the host's) to an IPv4 address:

1. ``127.0.0.0/8`` (and ``0.0.0.0``) is the sender's own loopback: in a container that
   is the container itself (its owner's namespace for a ``container:`` follower, the
   host for ``host`` mode), on the host the host.
2. The sender's own addresses answer at once.
3. A namespace with only ``lo`` (``none`` mode, a follower whose owner stopped) has
   no route: ``ping: sendto: Network is unreachable``.
4. On a network the sender is attached to: the gateway is the host and answers; a
   running container holding the address answers; nobody else (a stopped
   container's old address): ARP fails, no reply, TCP ``No route to host``.
   Anything beyond needs a default route, through an endpoint with a gateway: an
   ``--internal`` network gives none on engine 28.5 (its endpoints have no gateway), so
   there ``ping: sendto: Network is unreachable``.
5. Any address of the host (NIC, docker0, any br-*, even another bridge's gateway)
   answers: traffic to the host itself is not forwarded, so isolation and
   ``--internal`` do not stop it (observed on 20.10, where an internal network keeps
   its default route).
6. An address on another Docker network is dropped (DOCKER-ISOLATION): different
   bridges cannot talk; ``ping`` shows 100% packet loss, TCP times out.
7. The LAN router (first address of the host NIC's subnet) answers the host and
   containers on non-internal networks.
8. Anything else is outside the lab: the simulated host has no internet, so packets
   are lost (100% packet loss, TCP timeout). Internal networks lose them too.

The host (rules 1, 2, 4 for every bridge, 7, 8) reaches every container address
on every bridge. TCP (:func:`connect`) then asks who listens: the ports of every
running container in the target namespace, and on the host its published ports
(``-p``; a ``127.0.0.1:`` binding only for 127.0.0.1, ``0.0.0.0`` for any host
address) and the ports of ``host``-mode containers. A published port whose
container does not listen on the target port is reset by docker-proxy.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.userland.namespace import (
    Namespace,
    container_label,
    find_container,
    host_addresses,
    lan_gateway,
    live_endpoints,
    namespace_of,
    network_of,
)
from coursekit.models import Container, Network, Topology

REPLY, LOST, NO_ROUTE, ABSENT = "reply", "lost", "no-route", "absent"
"""Outcomes: answered; dropped; no route from the sender; nobody holds the address."""


@dataclass(frozen=True)
class Trace:
    """Where a packet to ``dst`` goes from a namespace, and why.

    ``hop`` is ``loopback``, ``bridge``, ``host`` or ``lan`` (used for timings);
    ``target`` the namespace that answers (None for the LAN router or no answer).
    """

    outcome: str
    reason: str
    hop: str = ""
    target: Namespace | None = None


@dataclass(frozen=True)
class Connection:
    """A TCP connect: ``open``, ``refused``, ``reset``, ``timeout``, ``no-route`` or
    ``unreachable``; ``server`` the container that accepted and ``port`` its port."""

    outcome: str
    reason: str
    server: Container | None = None
    port: int = 0


def source(topology: Topology, src: str | None) -> Namespace | None:
    """The sender's namespace: None for an unknown or stopped container."""
    if src is None:
        return namespace_of(topology, None)
    container = find_container(topology, src)
    if container is None or not container.running:
        return None
    return namespace_of(topology, container)


def can_reach(topology: Topology, src: str | None, dst_ip: str) -> bool:
    """True when a ping from ``src`` (container id/name, None: the host) gets a reply."""
    return trace(topology, src, dst_ip).outcome == REPLY


def reach_reason(topology: Topology, src: str | None, dst_ip: str) -> str:
    """One sentence saying why ``src`` can or cannot reach ``dst_ip``."""
    return trace(topology, src, dst_ip).reason


def trace(topology: Topology, src: str | None, dst_ip: str) -> Trace:
    """Follow a packet from ``src`` to ``dst_ip`` through the rules above."""
    ns = source(topology, src)
    if ns is None:
        return Trace(NO_ROUTE, f"{src} is not running")
    try:
        ipaddress.IPv4Address(dst_ip)
    except ValueError:
        return Trace(NO_ROUTE, f"{dst_ip!r} is not an IPv4 address")
    return trace_from(topology, ns, dst_ip)


def trace_from(topology: Topology, ns: Namespace, dst: str) -> Trace:
    """:func:`trace` for a namespace already found."""
    addr = ipaddress.IPv4Address(dst)
    own = [ep.ip for ep in ns.endpoints] + ([*host_addresses(topology)] if ns.is_host else [])
    if addr.is_loopback or dst == "0.0.0.0" or dst in own:
        where = "the host" if ns.owner is None else f"container {container_label(ns.owner)}"
        return Trace(REPLY, f"{dst} is {where} itself", "loopback", ns)
    if ns.is_host:
        return _from_host(topology, dst)
    if not ns.endpoints:
        return Trace(NO_ROUTE, "the container has only lo (network none, or its "
                               "namespace owner stopped): no route")
    return _from_container(topology, ns, dst)


def _from_host(topology: Topology, dst: str) -> Trace:
    nets = _networks_holding(topology, dst)
    if nets:
        return _on_network(topology, nets[0], dst, "the host")
    return _beyond(topology, dst, internal=False)


def _from_container(topology: Topology, ns: Namespace, dst: str) -> Trace:
    attached = [network_of(topology, ep) for ep in ns.endpoints]
    for net in attached:
        if net is not None and _contains(net, dst):
            return _on_network(topology, net, dst, "both")
    if not any(ep.gateway for ep in ns.endpoints):
        return Trace(NO_ROUTE, f"{dst} is beyond the container's networks and it has no "
                               "default route (an --internal network gives none)")
    if dst in host_addresses(topology):
        return Trace(REPLY, f"{dst} is an address of the host, which every container "
                            "with a bridge can reach", "host", namespace_of(topology, None))
    others = _networks_holding(topology, dst)
    if others:
        names = ", ".join(sorted(n.name for n in attached if n is not None))
        return Trace(LOST, f"{dst} is on network {others[0].name} but the container is only "
                           f"on {names}: Docker isolates different networks", "bridge")
    internal = all(n is not None and n.internal for n in attached)
    return _beyond(topology, dst, internal)


def _on_network(topology: Topology, net: Network, dst: str, who: str) -> Trace:
    """A destination inside ``net``'s subnet: the gateway, a container, or nobody."""
    if dst == net.gateway:
        return Trace(REPLY, f"{dst} is the gateway of {net.name}: the host's side of the "
                            "bridge", "host", namespace_of(topology, None))
    for c in topology.containers:
        if any(ep.ip == dst and ep.network_name == net.name for ep in live_endpoints(c)):
            via = "through the host's bridge" if who == "the host" else "on the same bridge"
            return Trace(REPLY, f"{dst} is {container_label(c)} on {net.name}, {via}",
                         "bridge", namespace_of(topology, c))
    return Trace(ABSENT, f"no running container holds {dst} on {net.name}", "bridge")


def _beyond(topology: Topology, dst: str, internal: bool) -> Trace:
    """Past the host: the LAN router answers (unless internal), the internet does not."""
    if internal:
        return Trace(LOST, f"{dst} is outside the network, and an --internal network has "
                           "no way out")
    if dst == lan_gateway(topology):
        return Trace(REPLY, f"{dst} is the LAN router of the host", "lan")
    return Trace(LOST, f"{dst} is outside the lab: the simulated host has no internet")


def _networks_holding(topology: Topology, dst: str) -> list[Network]:
    return [n for n in topology.networks if n.driver == "bridge" and _contains(n, dst)]


def _contains(net: Network, dst: str) -> bool:
    if not net.subnet:
        return False
    try:
        return ipaddress.IPv4Address(dst) in ipaddress.IPv4Network(net.subnet, strict=False)
    except ValueError:
        return False


def connect(topology: Topology, src: str | None, dst_ip: str, port: int) -> Connection:
    """A TCP connection from ``src`` (None: the host) to ``dst_ip:port``."""
    ns = source(topology, src)
    if ns is None:
        return Connection("unreachable", f"{src} is not running")
    return connect_from(topology, ns, dst_ip, port)


def connect_from(topology: Topology, ns: Namespace, dst: str, port: int) -> Connection:
    """:func:`connect` for a namespace already found."""
    path = trace_from(topology, ns, dst)
    if path.outcome != REPLY:
        kind = {NO_ROUTE: "unreachable", ABSENT: "no-route"}.get(path.outcome, "timeout")
        return Connection(kind, path.reason)
    if path.target is None:
        return Connection("refused", f"nothing listens on {dst}:{port}")
    if path.target.is_host:
        return _host_port(topology, dst, port)
    return _listener(topology, path.target, dst, port)


def _listener(topology: Topology, ns: Namespace, dst: str, port: int) -> Connection:
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
                inner = _listener(topology, namespace_of(topology, c), dst, b.container_port)
                if inner.outcome == "open":
                    return Connection("open", f"{dst}:{port} is published by "
                                      f"{container_label(c)} (port {b.container_port})",
                                      inner.server, b.container_port)
                return Connection("reset", f"{container_label(c)} publishes {port} but "
                                  f"nothing listens on {b.container_port} inside it")
    return _listener(topology, namespace_of(topology, None), dst, port)
