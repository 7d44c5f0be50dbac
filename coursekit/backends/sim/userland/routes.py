"""Routing tables: what ``ip route`` lists in a container and on the host.

A container gets one connected route per attached network (``SUBNET dev ethN``) and
a default route through the gateway of its first (non-internal, when there is one)
network: the host's address on that bridge. Engine 20.10 gives containers on an
``--internal`` network a default route too (observed); the host drops what it
would forward. The host has a connected route per addressed interface (``linkdown``
when a bridge has no ports) and a default route through its LAN router
(``HostConfig.gateway``): its uplink to the simulated internet.
Routes are listed as the kernel does: default first, then by destination address.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.userland.iptools.ifaces import network, running
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    ifname_of,
    lan_gateway,
    network_of,
    nic,
)
from coursekit.models import Endpoint, Topology


@dataclass(frozen=True)
class Route:
    """One routing table entry; ``gateway`` set only on the default route."""

    dest: str
    dev: str
    src: str = ""
    gateway: str = ""
    linkdown: bool = False

    def sort_key(self) -> tuple[int, int, int]:
        if self.dest == "default":
            return (0, 0, 0)
        net = ipaddress.IPv4Network(self.dest)
        return (1, int(net.network_address), net.prefixlen)


def container_routes(topology: Topology, ns: Namespace) -> list[Route]:
    """The routing table inside a container's namespace."""
    routes = []
    for ep in ns.endpoints:
        dev = ifname_of(ns, topology, ep)
        routes.append(Route(dest=str(network(ep.cidr)), dev=dev, src=ep.ip))
    default = default_endpoint(topology, ns)
    if default is not None:
        routes.append(Route(dest="default", dev=ifname_of(ns, topology, default),
                            gateway=default.gateway))
    return sorted(routes, key=Route.sort_key)


def default_endpoint(topology: Topology, ns: Namespace) -> Endpoint | None:
    """The endpoint whose gateway the default route uses (non-internal first)."""
    with_gateway = [ep for ep in ns.endpoints if ep.gateway]
    for ep in with_gateway:
        net = network_of(topology, ep)
        if net is None or not net.internal:
            return ep
    return with_gateway[0] if with_gateway else None


def host_routes(topology: Topology) -> list[Route]:
    """The host's routing table: its router, then every addressed interface."""
    routes = []
    for iface in topology.host_interfaces:
        if iface.kind == "loopback":
            continue
        for cidr in iface.ipv4:
            routes.append(Route(dest=str(network(cidr)), dev=iface.name,
                                src=cidr.split("/")[0], linkdown=not running(iface)))
    card, router = nic(topology), lan_gateway(topology)
    if card is not None and router is not None:
        routes.append(Route(dest="default", dev=card.name, gateway=router))
    return sorted(routes, key=Route.sort_key)
