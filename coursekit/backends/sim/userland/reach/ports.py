"""The rest of a path to a published port: DNAT or docker-proxy, then the container.

A connection to one of the host's addresses on a published port goes one of two ways,
and ``iptables -t nat -S`` says which: ``nat OUTPUT`` (the host's own connections) and
``nat PREROUTING`` (a container's) jump to ``DOCKER``, whose DNAT rule rewrites the
destination to the container's address, except for ``127.0.0.0/8`` (OUTPUT leaves it
out) and for packets from a bridge (``-i BR -j RETURN``): those reach ``docker-proxy``,
which listens on the host's port and opens a second connection to the container.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.netfilter.match import Packet
from coursekit.backends.sim.userland.namespace import Namespace, container_label, network_of
from coursekit.backends.sim.userland.reach.filtering import translated
from coursekit.backends.sim.userland.reach.tcp import connect_from
from coursekit.backends.sim.userland.reach.walk import REPLY, Probe, Trace, egress
from coursekit.models import Container, Hop, Topology


def published(topology: Topology, ns: Namespace, ip: str, probe: Probe,
              walked: Trace) -> list[Hop]:
    """The hops from the host to the container publishing ``probe.port`` (none when the
    connection is not to a published port of a host address)."""
    if probe.proto != "tcp" or walked.outcome != REPLY or walked.target is None \
            or not walked.target.is_host:
        return []
    server = connect_from(topology, ns, ip, probe.port).server
    if server is None or not any(b.host_port == probe.port for b in server.ports):
        return []
    nat = translated(topology, _packet(topology, ns, ip, probe),
                     "OUTPUT" if ns.is_host else "PREROUTING")
    rules = tuple(step.line for step in nat.steps)
    target = _address(server)
    if nat.to:
        first = Hop("chain", f"nat {'OUTPUT' if ns.is_host else 'PREROUTING'}",
                    f"destination rewritten to {nat.to}", rules)
    else:
        first = Hop("proxy", "docker-proxy", f"no DNAT here ({_why_not(ns, ip)}): docker-proxy "
                    f"listens on port {probe.port}, accepts, and opens a second connection "
                    f"to {target}", rules)
    return [first, *_into(topology, server)]


def _packet(topology: Topology, ns: Namespace, ip: str, probe: Probe) -> Packet:
    ep = None if ns.is_host else egress(topology, ns, ip)
    net = network_of(topology, ep) if ep is not None else None
    iif = (net.bridge or "") if net is not None else ""
    return Packet(ep.ip if ep else ip, ip, iif, "", "tcp", probe.port, local=True)


def _why_not(ns: Namespace, ip: str) -> str:
    if ns.is_host and ipaddress.IPv4Address(ip).is_loopback:
        return "nat OUTPUT leaves 127.0.0.0/8 out"
    return "a packet from a bridge RETURNs from nat DOCKER"


def _address(server: Container) -> str:
    ep = next((e for e in server.endpoints if e.ip), None)
    return ep.ip if ep else server.name


def _into(topology: Topology, server: Container) -> list[Hop]:
    ep = next((e for e in server.endpoints if e.ip), None)
    net = network_of(topology, ep) if ep is not None else None
    label = container_label(server)
    if ep is None or net is None:
        return [Hop("iface", label, f"arrives in {label}", box=f"ctr:{server.name}")]
    return [Hop("bridge", f"{net.bridge} (network {net.name})", "the host sends it onto the "
                "bridge", box=f"net:{net.name}"),
            Hop("iface", f"{label} eth0 ({ep.ip})", f"arrives in {label}",
                box=f"ctr:{server.name}")]
