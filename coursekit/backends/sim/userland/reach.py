"""Who can reach whom: the rules the simulated kernel and Docker's iptables apply.

One walk decides every ping, TCP connect and DNS query, from the sender's namespace
to an IPv4 address, following the kernel's routes and the rules ``iptables -S``
prints (each rule below names the one it stands for):

1. ``127.0.0.0/8`` (and ``0.0.0.0``) is the sender's own loopback: in a container that
   is the container itself (its owner's namespace for a ``container:`` follower, the
   host for ``host`` mode), on the host the host. The sender's own addresses too.
2. A namespace with only ``lo`` (``none`` mode, a follower whose owner stopped) has
   no route: ``ping: sendto: Network is unreachable``.
3. On a network the sender is attached to (a connected route): the gateway is the
   host and answers; a running container holding the address answers; nobody else
   (a stopped container's old address): ARP fails, no reply, TCP ``No route to
   host``. A *paused* container keeps its address and its kernel still answers ping
   (the freezer stops processes, not the network stack); its servers accept a
   connection and then never answer. On a bridge made with
   ``-o com.docker.network.bridge.enable_icc=false`` Docker drops traffic between two
   containers (``-A DOCKER-FORWARD -i br-X -o br-X -j DROP``); the gateway, the
   host's side, still answers. macvlan and ipvlan children of one parent reach each
   other directly.
4. Anything beyond needs a default route, through an endpoint with a gateway: an
   ``--internal`` network gives none on engine 28.5 (its endpoints have no gateway),
   so there ``ping: sendto: Network is unreachable``.
5. Any address of the host (NIC, docker0, any br-*, even another bridge's gateway)
   answers a container whose default route is a bridge: traffic to the host itself
   is not forwarded, so isolation and ``--internal`` do not stop it (observed on
   20.10, where an internal network keeps its default route). A macvlan or ipvlan
   child's default route leaves through the parent interface, never through the
   host: the host and its children cannot reach each other (the classic surprise);
   nor can the host reach them (it has no route but its default one).
6. An address on another Docker network is dropped (DOCKER-ISOLATION-STAGE-1/2):
   different bridges cannot talk; ``ping`` shows 100% packet loss, TCP times out.
7. Beyond the host, through its uplink (:data:`coursekit.backends.sim.host.OUTSIDE`):
   an ``--internal`` network drops it (``-A DOCKER-ISOLATION-STAGE-1 -i br-X ! -d
   SUBNET -j DROP``); a network made with ``enable_ip_masquerade=false`` has no
   ``-A POSTROUTING -s SUBNET ! -o br-X -j MASQUERADE`` rule, so the packet leaves
   with the container's private source address and no answer finds its way back;
   otherwise the host rewrites the source to its own (MASQUERADE) and a public host
   answers what it serves. Nobody else answers out there.

The host reaches every container address on every bridge (rules 1, 3 for every
bridge, 7). TCP (:func:`connect`) then asks who listens: the ports of every running
container in the target namespace, on the host its published ports (``-p``; a
``127.0.0.1:`` binding only for 127.0.0.1, ``0.0.0.0`` for any host address) and the
ports of ``host``-mode containers, and a public host's web server on port 80. A
published port whose container does not listen on the target port is reset by
docker-proxy.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.host import PublicHost, public_host
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    container_label,
    find_container,
    host_addresses,
    namespace_of,
    network_of,
    nic,
)
from coursekit.backends.sim.userland.routes import default_endpoint
from coursekit.models import Container, Endpoint, Network, Topology

REPLY, LOST, NO_ROUTE, ABSENT = "reply", "lost", "no-route", "absent"
"""Outcomes: answered; dropped; no route from the sender; nobody holds the address."""
ICC, MASQUERADE = ("com.docker.network.bridge.enable_icc",
                   "com.docker.network.bridge.enable_ip_masquerade")
CHILD_DRIVERS = ("macvlan", "ipvlan")
WEB_PORT = 80


@dataclass(frozen=True)
class Trace:
    """Where a packet to ``dst`` goes from a namespace, and why.

    ``hop`` is ``loopback``, ``bridge``, ``host``, ``lan`` or ``wan`` (used for timings
    and counters); ``target`` the namespace that answers (None beyond the host or
    without an answer); ``public`` the public host that answers; ``paused`` when the
    answering container is paused.
    """

    outcome: str
    reason: str
    hop: str = ""
    target: Namespace | None = None
    public: PublicHost | None = None
    paused: bool = False


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
    for net in _networks_holding(topology, dst):
        if net.driver == "bridge":
            return _on_network(topology, net, dst, None)
    children = [n for n in _networks_holding(topology, dst) if n.driver in CHILD_DRIVERS]
    if children:
        return Trace(LOST, f"{dst} is a {children[0].driver} child on {children[0].name}: the "
                           "host cannot reach its own macvlan/ipvlan children (it has no "
                           "route to them but its default one)")
    return _beyond(topology, dst, None)


def _from_container(topology: Topology, ns: Namespace, dst: str) -> Trace:
    for ep in ns.endpoints:
        net = network_of(topology, ep)
        if net is not None and _contains(net, dst):
            return _on_network(topology, net, dst, ns)
    out = default_endpoint(topology, ns)
    if out is None:
        return Trace(NO_ROUTE, f"{dst} is beyond the container's networks and it has no "
                               "default route (an --internal network gives none)")
    via = network_of(topology, out)
    if via is not None and via.driver in CHILD_DRIVERS:
        return Trace(LOST, f"{dst} is beyond {via.name}: a {via.driver} child's default "
                           f"route leaves through the parent interface, not the host, and "
                           f"nobody answers at {out.gateway} there")
    if dst in host_addresses(topology):
        return Trace(REPLY, f"{dst} is an address of the host, which every container "
                            "with a bridge can reach", "host", namespace_of(topology, None))
    others = _networks_holding(topology, dst)
    if others:
        names = ", ".join(sorted(ep.network_name for ep in ns.endpoints))
        return Trace(LOST, f"{dst} is on network {others[0].name} but the container is only "
                           f"on {names}: Docker isolates different networks", "bridge")
    return _beyond(topology, dst, via)


def _on_network(topology: Topology, net: Network, dst: str, ns: Namespace | None) -> Trace:
    """A destination inside ``net``'s subnet: the gateway, a container, or nobody."""
    if dst == net.gateway and net.driver == "bridge":
        return Trace(REPLY, f"{dst} is the gateway of {net.name}: the host's side of the "
                            "bridge", "host", namespace_of(topology, None))
    holder = _holder(topology, net, dst)
    if holder is None:
        return Trace(ABSENT, f"no running container holds {dst} on {net.name}", "bridge")
    if ns is not None and _option(net, ICC) == "false":
        return Trace(LOST, f"{dst} is {container_label(holder)} on {net.name}, but "
                           "enable_icc=false: Docker drops traffic between its containers",
                     "bridge")
    via = "through the host's bridge" if ns is None else "on the same network"
    paused = holder.state == "paused"
    return Trace(REPLY, f"{dst} is {container_label(holder)} on {net.name}, {via}"
                 + (", paused: its kernel still answers" if paused else ""), "bridge",
                 namespace_of(topology, holder), paused=paused)


def _holder(topology: Topology, net: Network, dst: str) -> Container | None:
    """The running (or paused) container holding ``dst`` on ``net``."""
    for c in topology.containers:
        if c.running and any(ep.ip == dst and ep.network_name == net.name for ep in c.endpoints):
            return c
    return None


def _beyond(topology: Topology, dst: str, via: Network | None) -> Trace:
    """Past the host's uplink (``via``: the network the container's packet came from)."""
    if via is not None and via.internal:
        return Trace(LOST, f"{dst} is outside the network, and an --internal network has "
                           "no way out")
    if via is not None and _option(via, MASQUERADE) == "false":
        return Trace(LOST, f"{dst} is outside, but {via.name} has enable_ip_masquerade=false:"
                           " the packet leaves with a private source address and no answer "
                           "comes back")
    host = public_host(dst)
    if host is None:
        return Trace(LOST, f"nobody answers at {dst} in the simulated internet")
    card = nic(topology)
    lan = card is not None and card.ipv4 and ipaddress.IPv4Address(dst) in \
        ipaddress.IPv4Interface(card.ipv4[0]).network
    nat = "" if via is None else " (the host masquerades the container's address)"
    names = f" ({', '.join(host.names)})" if host.names else ""
    return Trace(REPLY, f"{dst}{names} answers beyond the host's uplink{nat}",
                 "lan" if lan else "wan", public=host)


def _networks_holding(topology: Topology, dst: str) -> list[Network]:
    return [n for n in topology.networks
            if n.driver in ("bridge", *CHILD_DRIVERS) and _contains(n, dst)]


def _contains(net: Network, dst: str) -> bool:
    if not net.subnet:
        return False
    try:
        return ipaddress.IPv4Address(dst) in ipaddress.IPv4Network(net.subnet, strict=False)
    except ValueError:
        return False


def _option(net: Network, key: str) -> str:
    """A bridge option, ``"false"`` for whatever Go's strconv.ParseBool reads as false (the
    daemon's parse: ``0``, ``f``, ``F``, ``false``, ``FALSE``, ``False``)."""
    value = dict(net.options).get(key, "")
    return "false" if value in ("0", "f", "F", "false", "FALSE", "False") else value.lower()


def egress(topology: Topology, ns: Namespace, dst: str) -> Endpoint | None:
    """The endpoint a container's packet to ``dst`` leaves through (None: lo or no route)."""
    for ep in ns.endpoints:
        net = network_of(topology, ep)
        if net is not None and _contains(net, dst):
            return ep
    return default_endpoint(topology, ns) if ns.endpoints else None


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
    if path.public is not None:
        return _public_port(path.public, dst, port)
    if path.target is None:
        return Connection("refused", f"nothing listens on {dst}:{port}")
    if path.target.is_host:
        return _host_port(topology, dst, port)
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
