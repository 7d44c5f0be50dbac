"""Routing tables: what ``ip route`` lists in a container and on the host.

A container gets one connected route per attached network (``SUBNET dev ethN``) and
a default route through the gateway of its first (non-internal, when there is one)
network: the host's address on that bridge. Engine 20.10 gives containers on an
``--internal`` network a default route too (observed); the host drops what it
would forward. The host has a connected route per addressed interface (``linkdown``
when a bridge has no ports) and a default route through its LAN router
(``HostConfig.gateway``): its uplink to the simulated internet.
Routes are listed as the kernel does: default first, then by destination address.

The IPv6 table (``ip -6 route``, observed on both engines) of a container on an
``--ipv6`` network: each IPv6 subnet (metric 256), ``fe80::/64`` per interface with a
link-local address, the default route through the first such network's IPv6 gateway
(metric 1024), then ``multicast ff00::/8`` per interface. Off IPv6 networks it is empty.
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
    metric: int = 0  # IPv6 routes show theirs (256; 1024 for the default)

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


def container_routes6(topology: Topology, ns: Namespace) -> list[Route]:
    """The IPv6 routing table inside a container's namespace, in the kernel's order."""
    v6 = [ep for ep in ns.endpoints if ep.ipv6]
    devs = [ifname_of(ns, topology, ep) for ep in v6]
    routes = [Route(str(ipaddress.IPv6Interface(f"{ep.ipv6}/{ep.ipv6_prefixlen}").network),
                    dev, metric=256) for ep, dev in zip(v6, devs, strict=True)]
    routes += [Route("fe80::/64", dev, metric=256) for dev in devs]
    out = next((ep for ep in v6 if ep.ipv6_gateway and not getattr(
        network_of(topology, ep), "internal", False)), None)
    if out is not None:
        routes.append(Route("default", devs[v6.index(out)], gateway=out.ipv6_gateway,
                            metric=1024))
    return routes + [Route("ff00::/8", dev, src="multicast", metric=256) for dev in devs]


def default_endpoint(topology: Topology, ns: Namespace) -> Endpoint | None:
    """The endpoint whose gateway the default route uses: of those with a gateway (off
    ``--internal`` networks first), the one whose network's name sorts first, whichever
    network is older (observed on both engines, tests/scenarios/23-netfilter.txt)."""
    with_gateway = [ep for ep in ns.endpoints if ep.gateway]
    external = [ep for ep in with_gateway
                if (net := network_of(topology, ep)) is None or not net.internal]
    return min(external or with_gateway, key=lambda ep: ep.network_name, default=None)


def host_routes(topology: Topology) -> list[Route]:
    """The host's routing table: its router, then every addressed interface."""
    routes = []
    for iface in topology.host_interfaces:
        if iface.kind == "loopback" or not iface.up:  # a link that is down has no routes
            continue
        for cidr in iface.ipv4:
            routes.append(Route(dest=str(network(cidr)), dev=iface.name,
                                src=cidr.split("/")[0], linkdown=not running(iface)))
    card, router = nic(topology), lan_gateway(topology)
    if card is not None and router is not None:
        routes.append(Route(dest="default", dev=card.name, gateway=router))
    return sorted(routes, key=Route.sort_key)
