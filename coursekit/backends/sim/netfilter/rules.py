"""The host's netfilter tables, computed from a topology and the engine's rule book.

A pure function of the :class:`~coursekit.models.Topology`: the bridge networks in the
order the daemon made them, the running containers on them (``Network.members``, in the
order the daemon lists them) and their published IPv4 bindings. The engine's shape lives
in :mod:`coursekit.backends.sim.profiles.netfilter`; this module only walks it.

A container's bindings hang off its gateway endpoint (the one that gives it its default
route: :func:`gateway_endpoint`), and only when that endpoint is on an external bridge
network: ``--internal`` publishes nothing, and host, none and ``container:`` modes have
no endpoint, hence no rules at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.profiles.netfilter import (
    RULE_BOOKS,
    RuleBook,
    Section,
    Table,
    When,
)
from coursekit.models import Container, Endpoint, Network, PortBinding, Topology
from coursekit.profiles import ProfileName

USER_CHAIN = "DOCKER-USER"
ICC = "com.docker.network.bridge.enable_icc"
MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade"
FALSE = ("0", "f", "F", "FALSE", "false", "False")
"""What Go's ``strconv.ParseBool`` reads as false (the daemon checked the value)."""


@dataclass(frozen=True)
class Chain:
    """One chain: its policy (``None`` for a user chain) and its rules, in order."""

    name: str
    policy: str | None
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Port:
    """One published IPv4 binding, with the endpoint it is forwarded to."""

    net: Network
    ip: str
    binding: PortBinding


def book(topology: Topology) -> RuleBook:
    """The rule book of the engine the topology comes from."""
    return RULE_BOOKS[for_topology(topology).engine.name]


def tables(topology: Topology) -> dict[str, tuple[Chain, ...]]:
    """Every table: built-in chains first (in the kernel's order), then Docker's, sorted."""
    rules = book(topology)
    order: tuple[Table, ...] = ("raw", "filter", "nat")
    return {table: _table(topology, rules, table) for table in order}


def _table(topology: Topology, rules: RuleBook, table: Table) -> tuple[Chain, ...]:
    chains = rules.chains[table]
    builtin = [Chain(name, policy, _rules(topology, chains.get(name, ())))
               for name, policy in rules.policies[table]]
    own = [Chain(name, None, _own(topology, name, sections))
           for name, sections in sorted(chains.items()) if name not in dict(rules.policies[table])]
    return (*builtin, *own)


def _own(topology: Topology, name: str, sections: tuple[Section, ...]) -> tuple[str, ...]:
    """A Docker chain's rules; ``DOCKER-USER`` as the learner left it, once they changed it."""
    if name == USER_CHAIN and topology.docker_user is not None:
        return topology.docker_user
    return _rules(topology, sections)


def default_user_chain(engine: ProfileName) -> tuple[str, ...]:
    """``DOCKER-USER`` as the engine writes it (20.10: ``-j RETURN``; 28.5: empty)."""
    sections = RULE_BOOKS[engine].chains["filter"].get(USER_CHAIN, ())
    return tuple(line for s in sections if s.scope == "fixed" for _, line in s.lines)


def _rules(topology: Topology, sections: tuple[Section, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for section in sections:
        out += _section(topology, section)
    return tuple(out)


def _section(topology: Topology, section: Section) -> list[str]:
    if section.scope == "fixed":
        return [line for _, line in section.lines]
    if section.scope == "net":
        items = [_lines(section.lines, _net_fields(n), _net_holds(n)) for n in bridges(topology)]
    elif section.scope == "port":
        items = [_lines(section.lines, _port_fields(p), _port_holds(p))
                 for p in ports(topology, section.bindings_reversed)]
    else:
        items = _members(topology, section)
    if section.newest_first:
        items.reverse()
    return [line for item in items for line in item]


def _lines(lines: tuple[tuple[When, str], ...], fields: dict[str, str],
           holds: frozenset[When]) -> list[str]:
    return [text.format(**fields) for when, text in lines if when in holds]


def _members(topology: Topology, section: Section) -> list[list[str]]:
    """Per running container's address on a bridge network: its lines, then its ports'."""
    items = []
    for ctr, net, ip in attachments(topology):
        fields = {**_net_fields(net), "ip": ip}
        lines = _lines(section.lines, fields, _net_holds(net))
        for port in _ports_of(ctr, net, topology):
            lines += _lines(section.port_lines, _port_fields(port), _port_holds(port))
        items.append(lines)
    return items


def attachments(topology: Topology) -> list[tuple[Container, Network, str]]:
    """(container, bridge network, IPv4 address) of each running container's endpoints,
    in the order they were plugged in: by the containers' start, then endpoint by endpoint."""
    nets = {n.id: n for n in bridges(topology)}
    found = []
    for ctr in started(topology):
        for ep in ctr.endpoints:
            net = nets.get(ep.network_id)
            if net and ep.ip and any(m.container_id == ctr.id for m in net.members):
                found.append((ctr, net, ep.ip))
    return found


def started(topology: Topology) -> list[Container]:
    """The containers in the order they (last) started."""
    return sorted(topology.containers, key=lambda c: c.started_at)


def bridges(topology: Topology) -> list[Network]:
    """The bridge networks (the default bridge and user ones), in the daemon's order."""
    return [n for n in topology.networks if n.driver == "bridge" and n.bridge and n.subnet]


def ports(topology: Topology, reverse: bool = False) -> list[Port]:
    """Every published IPv4 binding of a running container, container by container (each
    container's own bindings last first if ``reverse``)."""
    nets = {n.id: n for n in bridges(topology)}
    running = {m.container_id for n in nets.values() for m in n.members}
    found: list[Port] = []
    for ctr in started(topology):
        gateway = gateway_endpoint(topology, ctr)
        if ctr.id in running and gateway is not None and gateway.network_id in nets:
            own = _ports_of(ctr, nets[gateway.network_id], topology)
            found += reversed(own) if reverse else own
    return found


def gateway_endpoint(topology: Topology, ctr: Container) -> Endpoint | None:
    """The endpoint that gives the container its default route and takes its published
    ports: of its addressed endpoints (those off ``--internal`` networks first), the one
    whose network's name sorts first. Observed on both engines (tests/scenarios/
    23-netfilter.txt): a container on ``apub`` connected to ``nomasq`` keeps ``apub``; one
    on ``nomasq`` or on ``bridge`` connected to ``apub`` moves its default route and its
    port rules there, whichever network is older."""
    internal = {n.id for n in topology.networks if n.internal}
    addressed = [ep for ep in ctr.endpoints if ep.ip]
    external = [ep for ep in addressed if ep.network_id not in internal]
    return min(external or addressed, key=lambda ep: ep.network_name, default=None)


def _ports_of(ctr: Container, net: Network, topology: Topology) -> list[Port]:
    """The container's IPv4 bindings, if ``net`` is the external network they hang off."""
    gateway = gateway_endpoint(topology, ctr)
    if gateway is None or net.internal or gateway.network_id != net.id:
        return []
    return [Port(net, gateway.ip, b) for b in ctr.ports if _ipv4(b)]


def _ipv4(binding: PortBinding) -> bool:
    return ":" not in binding.host_ip and binding.host_port > 0


def _net_fields(net: Network) -> dict[str, str]:
    return {"br": net.bridge or "", "subnet": net.subnet or ""}


def _net_holds(net: Network) -> frozenset[When]:
    options = dict(net.options)
    holds: set[When] = {"always"}
    if net.internal:
        holds.add("internal")
    else:
        holds.add("external")
        holds.add("noicc" if options.get(ICC) in FALSE else "icc")
        if options.get(MASQUERADE) not in FALSE:
            holds.add("masq")
    return frozenset(holds)


def _port_fields(port: Port) -> dict[str, str]:
    binding = port.binding
    one = binding.host_ip not in ("", "0.0.0.0")
    return {**_net_fields(port.net), "ip": port.ip, "proto": binding.protocol,
            "hport": str(binding.host_port), "cport": str(binding.container_port),
            "hip": binding.host_ip, "dst": f"-d {binding.host_ip}/32 " if one else ""}


def _port_holds(port: Port) -> frozenset[When]:
    loopback: set[When] = {"loopback"} if port.binding.host_ip.startswith("127.") else set()
    return frozenset({"always", *loopback})
