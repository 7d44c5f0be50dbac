"""What a topology picture shows, before any geometry: who sits where, what is wired to what.

Both the drawing (``viz.layout``) and its text twin (``viz.describe``) start from
the same :class:`Scene`, so the words always say what the picture shows:

- the host's own interfaces (``lo``, the physical NIC, bridges that are not Docker's
  such as libvirt's ``virbr0``), and the host-mode containers living among them;
- one :class:`Lane` per Docker bridge network (``docker0``, ``br-<id>``), holding
  the containers whose first attachment is on it, and a last lane for containers
  with no network at all (``--network none``, or nothing attached);
- per container a :class:`Unit`: its loopback, one :class:`VethPair` per attached
  network (container end ``eth0@ifN`` matched to host end ``vethXXXXXXX@ifM`` by
  index), its published ports merged per host port (:class:`PortGroup`), and the
  containers that borrowed its namespace (``--network container:<it>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.i18n import _
from coursekit.models import Container, Endpoint, Interface, Network, PortBinding, Topology

DOCKER_BRIDGE_PREFIXES = ("docker0", "br-")


@dataclass(frozen=True)
class VethPair:
    """A cable: ``inside`` is the container end, ``host`` the end plugged into a bridge."""

    inside: Interface
    host: Interface | None
    network: Network | None
    endpoint: Endpoint | None


@dataclass(frozen=True)
class PortGroup:
    """Published bindings of one host port (``0.0.0.0`` and ``::`` merge into one)."""

    container_port: int
    protocol: str
    host_port: int
    host_ips: tuple[str, ...]

    @property
    def host_label(self) -> str:
        """``0.0.0.0:8081 (and [::]:8081)``: what ``docker port`` lists, merged."""
        first, *rest = self.addresses
        if not rest:
            return first
        return _("{address} (and {addresses})").format(address=first, addresses=", ".join(rest))

    @property
    def addresses(self) -> tuple[str, ...]:
        """``("0.0.0.0:8081", "[::]:8081")``: each host address with the port."""
        return tuple(_addr(ip, self.host_port) for ip in self.host_ips)

    @property
    def target(self) -> str:
        return f"{self.container_port}/{self.protocol}"


@dataclass(frozen=True)
class Unit:
    """A container as drawn: its own interfaces, cables, ports and namespace guests."""

    container: Container
    mode: str
    loopbacks: tuple[Interface, ...] = ()
    pairs: tuple[VethPair, ...] = ()
    ports: tuple[PortGroup, ...] = ()
    followers: tuple[Container, ...] = ()
    owner_name: str = ""


@dataclass(frozen=True)
class Lane:
    """A bridge network and the containers that live on it (``network None``: no network)."""

    network: Network | None
    bridge: Interface | None
    units: tuple[Unit, ...]
    colour: int | None = None


@dataclass(frozen=True)
class Scene:
    topology: Topology
    host_nics: tuple[Interface, ...]
    host_units: tuple[Unit, ...]
    lanes: tuple[Lane, ...]
    other_bridges: tuple[Interface, ...]
    stray_veths: tuple[Interface, ...]


def _addr(ip: str, port: int) -> str:
    ip = ip or "0.0.0.0"
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def port_groups(ports: tuple[PortBinding, ...]) -> tuple[PortGroup, ...]:
    """One group per (host port, container port, protocol), in first-seen order."""
    groups: dict[tuple[int, int, str], list[str]] = {}
    for p in ports:
        groups.setdefault((p.host_port, p.container_port, p.protocol), []).append(p.host_ip)
    return tuple(PortGroup(cport, proto, hport, tuple(ips))
                 for (hport, cport, proto), ips in groups.items())


def lane_networks(top: Topology) -> tuple[Network, ...]:
    """Networks drawn as a bridge: the default ``bridge`` first, then the rest in order."""
    nets = [n for n in top.networks if n.driver not in ("host", "null")]
    return tuple(sorted(nets, key=lambda n: n.name != "bridge"))


def _owner(top: Topology, c: Container) -> Container | None:
    ref = c.namespace_owner
    if ref is None:
        return None
    return next((o for o in top.containers if ref in (o.id, o.name)), None) or next(
        (o for o in top.containers if o.id.startswith(ref)), None)


def _root_owner(top: Topology, c: Container) -> Container | None:
    """The container that really holds the namespace (followers of followers included)."""
    owner, hops = _owner(top, c), 0
    while owner is not None and owner.namespace_owner and hops < len(top.containers):
        owner, hops = _owner(top, owner) or owner, hops + 1
    return owner


def _network_of(top: Topology, iface: Interface, host: Interface | None,
                c: Container) -> tuple[Network | None, Endpoint | None]:
    ep = next((e for e in c.endpoints if e.cidr and e.cidr in iface.ipv4), None)
    if ep is None:
        ep = next((e for e in c.endpoints if e.ifname == iface.name), None)
    if host is not None and host.master:
        net = next((n for n in top.networks if n.bridge == host.master), None)
        if net is not None:
            return net, ep or c.endpoint(net.name)
    return (top.network(ep.network_id) or top.network(ep.network_name), ep) if ep else (None, None)


def _pairs(top: Topology, c: Container, host_by_index: dict[int, Interface]
           ) -> tuple[VethPair, ...]:
    pairs = []
    for iface in c.interfaces:
        if iface.kind == "loopback":
            continue
        host = host_by_index.get(iface.peer_index) if iface.peer_index is not None else None
        net, ep = _network_of(top, iface, host, c)
        pairs.append(VethPair(iface, host, net, ep))
    return tuple(pairs)


def _mode(c: Container) -> str:
    if c.network_mode.kind in ("host", "none"):
        return c.network_mode.kind
    return "container" if c.namespace_owner is not None else "bridge"


def _unit(top: Topology, c: Container, host_by_index: dict[int, Interface],
          followers: tuple[Container, ...]) -> Unit:
    owner, mode = _owner(top, c), _mode(c)
    own = mode in ("bridge", "none")  # host mode sees the host's; container mode its owner's
    return Unit(container=c, mode=mode,
                loopbacks=tuple(i for i in c.interfaces if own and i.kind == "loopback"),
                pairs=_pairs(top, c, host_by_index) if own else (),
                ports=port_groups(c.ports) if c.running else (), followers=followers,
                owner_name=owner.name if owner else (c.namespace_owner or "")[:12])


def _home(unit: Unit) -> str | None:
    """Name of the network whose lane holds the unit (None: the no-network lane)."""
    for pair in unit.pairs:
        if pair.network is not None:
            return pair.network.name
    eps = unit.container.endpoints
    return eps[0].network_name if eps and unit.mode == "bridge" else None


def _is_docker_bridge(i: Interface) -> bool:
    return i.kind == "bridge" and i.name.startswith(DOCKER_BRIDGE_PREFIXES)


def build_scene(top: Topology) -> Scene:
    """Sort a Topology into what the picture shows (pure; linear in its size)."""
    host_by_index = {i.index: i for i in top.host_interfaces}
    owners = {c.id: _root_owner(top, c) for c in top.containers}
    guests: dict[str, list[Container]] = {}
    for c in top.containers:
        owner = owners[c.id]
        if owner is not None:
            guests.setdefault(owner.id, []).append(c)
    units = [_unit(top, c, host_by_index, tuple(guests.get(c.id, ())))
             for c in top.containers if owners[c.id] is None]
    nets = lane_networks(top)
    by_lane: dict[str | None, list[Unit]] = {n.name: [] for n in nets}
    by_lane[None] = []
    for u in units:
        if u.mode != "host":
            home = _home(u)
            by_lane[home if home in by_lane else None].append(u)
    return Scene(top, _host_nics(top), tuple(u for u in units if u.mode == "host"),
                 _lanes(top, nets, by_lane), _other_bridges(top, nets),
                 _stray_veths(top, units))


def _lanes(top: Topology, nets: tuple[Network, ...],
           by_lane: dict[str | None, list[Unit]]) -> tuple[Lane, ...]:
    by_name = {i.name: i for i in top.host_interfaces}
    lanes = [Lane(n, by_name.get(n.bridge or ""), tuple(by_lane[n.name]), k % 7)
             for k, n in enumerate(nets)]
    if by_lane[None]:
        lanes.append(Lane(None, None, tuple(by_lane[None])))
    return tuple(lanes)


def _host_nics(top: Topology) -> tuple[Interface, ...]:
    return tuple(i for i in top.host_interfaces
                 if i.kind in ("loopback", "ether") or (i.kind == "bridge"
                                                       and not _is_docker_bridge(i)))


def _other_bridges(top: Topology, nets: tuple[Network, ...]) -> tuple[Interface, ...]:
    """Docker bridges on the host that belong to no network of this topology."""
    ours = {n.bridge for n in nets}
    return tuple(i for i in top.host_interfaces if _is_docker_bridge(i) and i.name not in ours)


def _stray_veths(top: Topology, units: list[Unit]) -> tuple[Interface, ...]:
    """Host veth ends whose container end is not in this topology."""
    seen = {p.host.index for u in units for p in u.pairs if p.host is not None}
    return tuple(i for i in top.host_interfaces if i.kind == "veth" and i.index not in seen)
