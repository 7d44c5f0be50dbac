"""The IPv4 walk: from a sender's namespace to an address, hop by hop (see the package).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.host import PublicHost, public_host
from coursekit.backends.sim.netfilter.match import Packet
from coursekit.backends.sim.netfilter.walk import Step
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    container_label,
    find_container,
    host_addresses,
    namespace_of,
    network_of,
    nic,
)
from coursekit.backends.sim.userland.reach.filtering import Passage, forward, masqueraded, why
from coursekit.backends.sim.userland.routes import default_endpoint
from coursekit.models import Container, Endpoint, Interface, Network, Topology

REPLY, LOST, NO_ROUTE, ABSENT = "reply", "lost", "no-route", "absent"
"""Outcomes: answered; dropped; no route from the sender; nobody holds the address."""
CHILD_DRIVERS = ("macvlan", "ipvlan")


@dataclass(frozen=True)
class Trace:
    """Where a packet to ``dst`` goes from a namespace, and why.

    ``hop`` is ``loopback``, ``bridge``, ``host``, ``lan`` or ``wan`` (used for timings
    and counters); ``target`` the namespace that answers (None beyond the host or
    without an answer); ``public`` the public host that answers; ``paused`` when the
    answering container is paused. ``steps`` are the host's netfilter rules that matched
    on the way (and on the answer's way back), ``rule`` the line that dropped it.
    """

    outcome: str
    reason: str
    hop: str = ""
    target: Namespace | None = None
    public: PublicHost | None = None
    paused: bool = False
    steps: tuple[Step, ...] = ()
    rule: str = ""
    back: tuple[Step, ...] = ()
    """The rules that matched the answer on its way back (forwarded traffic only)."""


@dataclass(frozen=True)
class Probe:
    """What is sent: the protocol (``icmp``, ``tcp``, ``udp``) and the destination port."""

    proto: str = "icmp"
    port: int = 0


ICMP = Probe()


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


def trace_from(topology: Topology, ns: Namespace, dst: str, probe: Probe = ICMP) -> Trace:
    """:func:`trace` for a namespace already found (``probe``: what is sent)."""
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
    return _from_container(topology, ns, dst, probe)


def _from_host(topology: Topology, dst: str) -> Trace:
    for net in _networks_holding(topology, dst):
        if net.driver == "bridge":
            return _on_network(topology, net, dst, None)
    children = [n for n in _networks_holding(topology, dst) if n.driver in CHILD_DRIVERS]
    if children:
        return Trace(LOST, f"{dst} is a {children[0].driver} child on {children[0].name}: the "
                           "host cannot reach its own macvlan/ipvlan children (it has no "
                           "route to them but its default one)")
    return _beyond(topology, dst, None, None)


def _from_container(topology: Topology, ns: Namespace, dst: str, probe: Probe) -> Trace:
    for ep in ns.endpoints:
        net = network_of(topology, ep)
        if net is not None and in_subnet(net, dst):
            return _on_network(topology, net, dst, _sent(ep.ip, net, net, dst, probe))
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
    if others and via is not None:
        passage = forward(topology, _sent(out.ip, via, others[0], dst, probe))
        if passage.allowed:
            return _on_network(topology, others[0], dst, None, passage)
        names = ", ".join(sorted(ep.network_name for ep in ns.endpoints))
        isolated = "Docker isolates different networks" if not passage.rule.startswith(
            "-A DOCKER-USER ") else why(passage)
        return Trace(LOST, f"{dst} is on network {others[0].name} but the container is only "
                           f"on {names}: {isolated}", "bridge", steps=passage.steps,
                     rule=passage.rule, back=passage.back)
    sent = None if via is None else _sent(out.ip, via, None, dst, probe, nic(topology))
    return _beyond(topology, dst, via, sent)


def _sent(src: str, net: Network, to: Network | None, dst: str, probe: Probe,
          uplink: Interface | None = None) -> Packet:
    """The packet a container on ``net`` sends to ``dst`` (on ``to``, or out the uplink)."""
    oif = (to.bridge or "") if to is not None else (uplink.name if uplink else "")
    return Packet(src, dst, net.bridge or "", oif, probe.proto, probe.port)


def _on_network(topology: Topology, net: Network, dst: str, sent: Packet | None,
                before: Passage | None = None) -> Trace:
    """A destination inside ``net``'s subnet: the gateway, a container, or nobody (``sent``:
    the packet a neighbour on the same bridge sent; None from the host or routed here)."""
    if dst == net.gateway and net.driver == "bridge":
        return Trace(REPLY, f"{dst} is the gateway of {net.name}: the host's side of the "
                            "bridge", "host", namespace_of(topology, None))
    holder = _holder(topology, net, dst)
    passage = before
    if holder is None:
        return Trace(ABSENT, f"no running container holds {dst} on {net.name}", "bridge",
                     steps=passage.steps if passage else ())
    if sent is not None and net.driver == "bridge":
        passage = forward(topology, sent)
        if not passage.allowed:
            return _dropped_between(holder, net, dst, passage)
    via = "on the same network" if sent is not None else "through the host's bridge"
    paused = holder.state == "paused"
    return Trace(REPLY, f"{dst} is {container_label(holder)} on {net.name}, {via}"
                 + (", paused: its kernel still answers" if paused else ""), "bridge",
                 namespace_of(topology, holder), paused=paused,
                 steps=passage.steps if passage else (), back=passage.back if passage else ())


def _dropped_between(holder: Container, net: Network, dst: str, passage: Passage) -> Trace:
    """Two neighbours on one bridge whose packet a rule drops."""
    icc = passage.rule.endswith(f"-i {net.bridge} -o {net.bridge} -j DROP")
    because = ("enable_icc=false: Docker drops traffic between its containers" if icc
               else why(passage))
    return Trace(LOST, f"{dst} is {container_label(holder)} on {net.name}, but {because}",
                 "bridge", steps=passage.steps, rule=passage.rule, back=passage.back)


def _holder(topology: Topology, net: Network, dst: str) -> Container | None:
    """The running (or paused) container holding ``dst`` on ``net``."""
    for c in topology.containers:
        if c.running and any(ep.ip == dst and ep.network_name == net.name for ep in c.endpoints):
            return c
    return None


def _beyond(topology: Topology, dst: str, via: Network | None, sent: Packet | None) -> Trace:
    """Past the host's uplink (``via``: the network the container's packet came from)."""
    steps: tuple[Step, ...] = ()
    back: tuple[Step, ...] = ()
    if via is not None and sent is not None:
        passage = forward(topology, sent)
        if not passage.allowed:
            because = ("an --internal network has no way out" if via.internal
                       and not passage.rule.startswith("-A DOCKER-USER ") else why(passage))
            return Trace(LOST, f"{dst} is outside the network, and {because}",
                         steps=passage.steps, rule=passage.rule, back=passage.back)
        masq = masqueraded(topology, sent)
        steps, back = (*passage.steps, *masq.steps), passage.back
        if not masq.allowed:
            return Trace(LOST, f"{dst} is outside, but no MASQUERADE rule matches for "
                               f"{via.name} (enable_ip_masquerade=false): the packet leaves "
                               "with a private source address and no answer comes back",
                         steps=steps, back=back)
    host = public_host(dst)
    if host is None:
        return Trace(LOST, f"nobody answers at {dst} in the simulated internet", steps=steps,
                     back=back)
    card = nic(topology)
    lan = card is not None and card.ipv4 and ipaddress.IPv4Address(dst) in \
        ipaddress.IPv4Interface(card.ipv4[0]).network
    nat = "" if via is None else " (the host masquerades the container's address)"
    names = f" ({', '.join(host.names)})" if host.names else ""
    return Trace(REPLY, f"{dst}{names} answers beyond the host's uplink{nat}",
                 "lan" if lan else "wan", public=host, steps=steps, back=back)


def _networks_holding(topology: Topology, dst: str) -> list[Network]:
    return [n for n in topology.networks
            if n.driver in ("bridge", *CHILD_DRIVERS) and in_subnet(n, dst)]


def in_subnet(net: Network, dst: str) -> bool:
    if not net.subnet:
        return False
    try:
        return ipaddress.IPv4Address(dst) in ipaddress.IPv4Network(net.subnet, strict=False)
    except ValueError:
        return False


def egress(topology: Topology, ns: Namespace, dst: str) -> Endpoint | None:
    """The endpoint a container's packet to ``dst`` leaves through (None: lo or no route)."""
    for ep in ns.endpoints:
        net = network_of(topology, ep)
        if net is not None and in_subnet(net, dst):
            return ep
    return default_endpoint(topology, ns) if ns.endpoints else None


