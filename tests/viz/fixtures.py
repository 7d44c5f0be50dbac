"""Hand-built Topologies, one per network mode, shaped like the simulator's (and the engine's).

The host is the simulator's: ``1: lo``, ``2: enp0s3`` (10.0.2.15/24), ``3: virbr0``
(libvirt's, no carrier), ``4: docker0``. Each attachment adds a veth pair: the
container end ``N`` (``eth0@if<N+1>``) and the host end ``N+1`` (``vethXXXXXXX@ifN``,
master = the bridge). Addresses are handed out .2, .3, ... per network; MACs are
02:42 + the IPv4 bytes, as engines up to 27 make them.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field, replace

from coursekit.models import (
    Container,
    Endpoint,
    Interface,
    Network,
    NetworkMode,
    PortBinding,
    Topology,
)
from coursekit.viz.shapes import Box, Wire

LO = Interface(1, "lo", "loopback", ipv4=("127.0.0.1/8",), mtu=65536)


def hexid(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def mac_of(ip: str) -> str:
    return "02:42:" + ":".join(f"{int(b):02x}" for b in ip.split("."))


@dataclass
class Builder:
    """Creates networks and containers the way the daemon numbers and addresses them."""

    virbr0: bool = True
    next_index: int = 5
    host: list[Interface] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    used: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.host = [replace(LO, ipv6=("::1/128",)),
                     Interface(2, "enp0s3", "ether", "08:00:27:3a:5c:d1", ("10.0.2.15/24",))]
        if self.virbr0:
            self.host.append(Interface(3, "virbr0", "bridge", "52:54:00:8e:2f:41",
                                       ("192.168.122.1/24",), carrier=False))
        self.host.append(Interface(4, "docker0", "bridge", "02:42:c2:b9:87:b7",
                                   ("172.17.0.1/16",), carrier=False))
        self.networks = [
            Network(hexid("bridge"), "bridge", "bridge", subnet="172.17.0.0/16",
                    gateway="172.17.0.1", ipam_gateway_shown=False, bridge="docker0"),
            Network(hexid("host"), "host", "host"),
            Network(hexid("none"), "none", "null"),
        ]

    def network(self, name: str, subnet: str, internal: bool = False) -> Network:
        """``docker network create [--internal] --subnet SUBNET NAME``."""
        net_id = hexid(name)
        gateway = str(next(ipaddress.ip_network(subnet).hosts()))
        bridge = f"br-{net_id[:12]}"
        prefix = subnet.split("/")[1]
        self.host.append(Interface(self._index(), bridge, "bridge", mac_of("10.0.0." + "9"),
                                   (f"{gateway}/{prefix}",), carrier=False))
        net = Network(net_id, name, "bridge", subnet=subnet, gateway=gateway,
                      internal=internal, bridge=bridge)
        self.networks.append(net)
        return net

    def _index(self) -> int:
        self.next_index += 1
        return self.next_index - 1

    def _attach(self, net_name: str, eth: str) -> tuple[Endpoint, Interface]:
        net = next(n for n in self.networks if n.name == net_name)
        assert net.subnet is not None and net.bridge is not None
        subnet = ipaddress.ip_network(net.subnet)
        self.used[net_name] = self.used.get(net_name, 1) + 1
        ip = str(subnet.network_address + self.used[net_name])
        inside, host_end = self._index(), self._index()
        veth = "veth" + hexid(f"{net_name}{ip}")[:7]
        self.host.append(Interface(host_end, veth, "veth", mac_of("10.9.9.9"),
                                   peer_index=inside, master=net.bridge))
        self.host = [replace(i, carrier=True) if i.name == net.bridge else i for i in self.host]
        ep = Endpoint(net.id, net.name, hexid(f"ep{ip}"), ip, subnet.prefixlen, net.gateway or "",
                      mac_of(ip), ifname=eth)
        iface = Interface(inside, eth, "veth", mac_of(ip), (f"{ip}/{subnet.prefixlen}",),
                          peer_index=host_end)
        return ep, iface

    def run(self, name: str, network: str = "bridge", ports: tuple[tuple[int, int], ...] = (),
            also: tuple[str, ...] = (), local_ports: bool = False) -> Container:
        """``docker run -d --name NAME [--network N] -p H:C ...`` (then ``network connect``)."""
        eps, ifaces = [], [LO]
        for k, net in enumerate((network, *also)):
            ep, iface = self._attach(net, f"eth{k}")
            eps.append(ep)
            ifaces.append(iface)
        ips = ("127.0.0.1",) if local_ports else ("0.0.0.0", "::")
        bindings = tuple(PortBinding(c, "tcp", ip, h) for h, c in ports for ip in ips)
        mode = "default" if network == "bridge" else network
        return self._add(Container(hexid(name), name, "busybox", state="running",
                                   network_mode=NetworkMode.parse(mode), endpoints=tuple(eps),
                                   ports=bindings,
                                   port_requests=bindings, interfaces=tuple(ifaces)))

    def special(self, name: str, mode: str, ports: tuple[tuple[int, int], ...] = ()) -> Container:
        """``docker run --network host|none|container:OWNER``."""
        requests = tuple(PortBinding(c, "tcp", "", h) for h, c in ports)
        owner = mode.split(":", 1)[1] if mode.startswith("container:") else None
        if owner is not None:
            mode = "container:" + hexid(owner)
            shared = next(c for c in self.containers if c.name == owner).interfaces
        else:
            shared = (LO,) if mode == "none" else tuple(self.host)
        return self._add(Container(hexid(name), name, "busybox", state="running",
                                   network_mode=NetworkMode.parse(mode),
                                   port_requests=requests,
                                   interfaces=shared))

    def stop(self, name: str) -> Container:
        """``docker stop NAME``: interfaces and addresses go, the attachments stay."""
        c = next(c for c in self.containers if c.name == name)
        gone = {i.peer_index for i in c.interfaces}
        self.host = [i for i in self.host if i.index not in gone]
        stopped = replace(c, state="exited", exit_code=137, ports=(), interfaces=(),
                          endpoints=tuple(Endpoint(e.network_id, e.network_name)
                                          for e in c.endpoints))
        self.containers = [stopped if x.name == name else x for x in self.containers]
        return stopped

    def _add(self, c: Container) -> Container:
        self.containers.append(c)
        return c

    def build(self) -> Topology:
        return Topology("sim", "vm", tuple(self.host), tuple(self.networks),
                        tuple(self.containers), "20.10.24")


def bridge_topology() -> Topology:
    """Tutorial's tomcat81/82 on docker0 with published ports, and a stopped u2."""
    b = Builder()
    b.run("tomcat81", ports=((8081, 8080),))
    b.run("tomcat82", ports=((8082, 8080),))
    b.run("u2")
    b.stop("u2")
    return b.build()


def host_topology() -> Topology:
    b = Builder()
    b.special("tomcat83", "host", ports=((8083, 8080),))
    return b.build()


def none_topology() -> Topology:
    b = Builder()
    b.special("tomcat84", "none", ports=((8084, 8080),))
    return b.build()


def container_topology() -> Topology:
    """tomcat85 owns the namespace (-p 8085:8080), tomcat86 and alpine2 borrow it."""
    b = Builder()
    b.run("tomcat85", ports=((8085, 8080),))
    b.special("tomcat86", "container:tomcat85")
    b.special("alpine2", "container:tomcat85")
    return b.build()


def user_defined_topology() -> Topology:
    """Two user networks (one internal), a container on both, a local-only port."""
    b = Builder()
    b.network("front", "172.18.0.0/16")
    b.network("back", "172.19.0.0/16", internal=True)
    b.run("web", "front", ports=((8080, 80),), local_ports=True)
    b.run("api", "front", also=("back",))
    b.run("db", "back")
    b.run("t1")
    return b.build()


def big_topology(containers: int = 50, networks: int = 5) -> Topology:
    """``containers`` containers spread over ``networks`` networks (the first is docker0)."""
    b = Builder()
    names = ["bridge"] + [b.network(f"net{k}", f"172.{18 + k}.0.0/16").name
                          for k in range(1, networks)]
    for k in range(containers):
        b.run(f"c{k:02d}", names[k % networks], ports=((9000 + k, 80),) if k % 7 == 0 else ())
    return b.build()


ALL = {
    "bridge": bridge_topology,
    "host": host_topology,
    "none": none_topology,
    "container": container_topology,
    "user-defined": user_defined_topology,
}


def leaves(boxes: tuple[Box, ...]) -> list[Box]:
    """Boxes that hold nothing but text (frames hold other boxes)."""
    return [b for b in boxes if b.kind not in ("frame", "netns")]


def overlapping(boxes: list[Box]) -> list[tuple[str, str]]:
    """Pairs of boxes that share more than an edge (sweep by x: fine for hundreds)."""
    found, ordered = [], sorted(boxes, key=lambda b: b.x)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.x >= a.right:
                break
            if a.overlaps(b):
                found.append((a.key, b.key))
    return found


def segment_hits(p: tuple[float, float], q: tuple[float, float], box: Box,
                 inset: float = 0.01) -> bool:
    """True when the axis-parallel segment p-q passes through the inside of ``box``."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    return (x0 < box.right - inset and x1 > box.x + inset
            and y0 < box.bottom - inset and y1 > box.y + inset)


def wire_hits(wire: Wire, boxes: list[Box]) -> list[str]:
    """Keys of boxes crossed by any segment of ``wire``."""
    return [b.key for b in boxes for p, q in zip(wire.points, wire.points[1:], strict=False)
            if segment_hits(p, q, b)]
