"""Network namespaces: where a command runs and which network stack it sees.

Every container runs in a network namespace (Linux's private copy of interfaces,
routes and ports). Docker's network modes decide *whose* namespace that is:

- bridge and user-defined networks: the container owns a namespace with ``lo`` and
  one ``ethN`` per attached network (the container end of a veth pair);
- ``none``: the container owns a namespace with only ``lo``;
- ``host``: no namespace of its own, the host's stack (its NICs, docker0, br-*);
- ``container:NAME``: NAME's namespace, shared (a "follower"); when NAME stops the
  follower is left with ``lo`` only.

:class:`Namespace` names the stack a command sees; :func:`namespace_of` finds it
(:func:`namespaces`: for every container at once).
The listening ports of a namespace are those of every running container in it (an
owner and its followers share ports, which is why two servers on one port clash).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.host import HostConfig
from coursekit.backends.sim.profiles import for_topology
from coursekit.models import PREDEFINED_NETWORKS, Container, Endpoint, Interface, Network, Topology


@dataclass(frozen=True)
class Namespace:
    """One network stack: the host's (``owner is None``) or a container's.

    ``endpoints`` are the owner's live attachments (with an address), in eth order;
    ``members`` the running containers that live in this stack (owner and followers,
    or every host-mode container for the host).
    """

    owner: Container | None
    members: tuple[Container, ...]
    endpoints: tuple[Endpoint, ...]

    @property
    def is_host(self) -> bool:
        return self.owner is None

    @property
    def key(self) -> str:
        """A stable identity: ``host`` or the owner's full id."""
        return "host" if self.owner is None else self.owner.id


def find_container(topology: Topology, ref: str) -> Container | None:
    """A container by full id, name (with or without ``/``), or unique id prefix."""
    ref = ref.lstrip("/")
    found = topology.container(ref)
    if found is not None or not ref:
        return found
    matches = [c for c in topology.containers if c.id.startswith(ref)]
    return matches[0] if len(matches) == 1 else None


def live_endpoints(container: Container) -> tuple[Endpoint, ...]:
    """Attachments that hold an address right now (none while stopped)."""
    if not container.running:
        return ()
    return tuple(ep for ep in container.endpoints if ep.ip)


def owner_of(topology: Topology, container: Container) -> Container | None:
    """The container whose namespace ``container`` uses; None means the host's."""
    current = container
    for _ in range(8):
        if current.network_mode.kind == "host":
            return None
        ref = current.namespace_owner
        if ref is None:
            return current
        found = find_container(topology, ref)
        if found is None:
            return current
        current = found
    return current


def host_namespace(topology: Topology) -> Namespace:
    """The host's stack, with every running host-mode container in it."""
    members = tuple(c for c in topology.containers
                    if c.running and owner_of(topology, c) is None)
    return Namespace(owner=None, members=members, endpoints=())


def namespace_of(topology: Topology, container: Container | None) -> Namespace:
    """The stack a command in ``container`` sees (``None``: on the host)."""
    if container is None:
        return host_namespace(topology)
    owner = owner_of(topology, container)
    if owner is None:
        return host_namespace(topology)
    if _stale(container, owner):
        return Namespace(owner=container, members=(container,), endpoints=())
    members = tuple(c for c in topology.containers if c.running
                    and owner_of(topology, c) is owner and not _stale(c, owner))
    return Namespace(owner=owner, members=members, endpoints=live_endpoints(owner))


def namespaces(topology: Topology) -> dict[str, Namespace]:
    """:func:`namespace_of` for every container, by id, in one pass over the containers
    (each owner found once: the same answers, in linear time)."""
    owners = {c.id: owner_of(topology, c) for c in topology.containers}
    host = Namespace(owner=None, members=tuple(c for c in topology.containers
                                               if c.running and owners[c.id] is None),
                     endpoints=())
    members: dict[str, list[Container]] = {}
    for c in topology.containers:
        owner = owners[c.id]
        if c.running and owner is not None and not _stale(c, owner):
            members.setdefault(owner.id, []).append(c)
    found = {}
    for c in topology.containers:
        owner = owners[c.id]
        if owner is None:
            found[c.id] = host
        elif _stale(c, owner):
            found[c.id] = Namespace(owner=c, members=(c,), endpoints=())
        else:
            found[c.id] = Namespace(owner=owner, members=tuple(members.get(owner.id, ())),
                                    endpoints=live_endpoints(owner))
    return found


def _stale(follower: Container, owner: Container) -> bool:
    """A follower left in its owner's dead namespace (only ``lo``, even after a restart)."""
    if follower is owner or not follower.interfaces:
        return False
    return (all(i.kind == "loopback" for i in follower.interfaces)
            and bool(live_endpoints(owner)))


def interfaces_of(topology: Topology, ns: Namespace) -> tuple[Interface, ...]:
    """What ``ip addr`` lists in this stack, in index order."""
    if ns.owner is None:
        found = topology.host_interfaces
    elif not ns.owner.running:
        found = (for_topology(topology).loopback,)
    else:
        found = ns.owner.interfaces or _synthesise(topology, ns.endpoints)
    return tuple(sorted(found, key=lambda i: i.index))


def _synthesise(topology: Topology, endpoints: tuple[Endpoint, ...]) -> tuple[Interface, ...]:
    """lo plus one ethN per endpoint, for a snapshot that lists no interfaces."""
    eths = tuple(Interface(index=2 + i, name=ep.ifname or f"eth{i}", kind="veth",
                           mac=ep.mac or "00:00:00:00:00:00", ipv4=(ep.cidr,))
                 for i, ep in enumerate(endpoints))
    return (for_topology(topology).loopback, *eths)


def network_of(topology: Topology, endpoint: Endpoint) -> Network | None:
    """The network an endpoint is attached to (by id, then by name)."""
    return topology.network(endpoint.network_id) or topology.network(endpoint.network_name)


def is_user_defined(network: Network | None) -> bool:
    """A network created with ``docker network create`` (embedded DNS): bridge, or the
    macvlan/ipvlan children of a parent link."""
    return (network is not None and network.name not in PREDEFINED_NETWORKS
            and network.driver in ("bridge", "macvlan", "ipvlan"))


def ifname_of(ns: Namespace, topology: Topology, endpoint: Endpoint) -> str:
    """The interface name an endpoint appears as inside its namespace (eth0, eth1...)."""
    for iface in interfaces_of(topology, ns):
        if endpoint.cidr and endpoint.cidr in iface.ipv4:
            return iface.name
    position = ns.endpoints.index(endpoint) if endpoint in ns.endpoints else 0
    return endpoint.ifname or f"eth{position}"


def host_addresses(topology: Topology) -> tuple[str, ...]:
    """Every IPv4 address the host holds (NIC, docker0, br-*, virbr0), no loopback."""
    return tuple(cidr.split("/")[0] for iface in topology.host_interfaces
                 for cidr in iface.ipv4 if iface.kind != "loopback")


def nic(topology: Topology) -> Interface | None:
    """The host's physical network card (the first ``ether`` interface with an address)."""
    for iface in sorted(topology.host_interfaces, key=lambda i: i.index):
        if iface.kind == "ether" and iface.ipv4:
            return iface
    return None


def lan_gateway(topology: Topology) -> str | None:
    """The LAN router: ``HostConfig.gateway`` when in the NIC's subnet, else its first host.

    (VirtualBox's NAT network 10.0.2.0/24 puts the router at .2, a home LAN at .1.)
    """
    card = nic(topology)
    if card is None:
        return None
    net = ipaddress.ip_interface(card.ipv4[0]).network
    configured = getattr(HostConfig(), "gateway", None)
    if isinstance(configured, str) and ipaddress.ip_address(configured) in net:
        return configured
    if str(net) == "10.0.2.0/24":
        return "10.0.2.2"
    return str(next(net.hosts(), net.network_address))


def container_label(container: Container) -> str:
    """How reasons name a container: its name."""
    return container.name.lstrip("/")


@dataclass(frozen=True)
class Site:
    """Where a command runs: the topology, the container (None: the host), its stack."""

    topology: Topology
    container: Container | None
    ns: Namespace
    shell_line: str = ""
    """The ``sh -c`` line the command runs in (``ps`` shows it), ``""`` outside a shell."""

    @property
    def ref(self) -> str | None:
        """The container's id for dns/reach calls (None: the host)."""
        return None if self.container is None else self.container.id


def site(topology: Topology, container: Container | None) -> Site:
    """The :class:`Site` of a command in ``container`` (None: on the host)."""
    return Site(topology, container, namespace_of(topology, container))
