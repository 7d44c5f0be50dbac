"""The rules a real engine keeps, checked on any :class:`Topology` (the property test runs
them after every step; tests/test_invariants.py proves each one can fail).

- IPv4 and IPv6 addresses are unique per network, inside its subnet, never its gateway;
- a running (or paused) container's endpoints each hold an address, it is a member of
  those networks with that address, and its interface carries it (a paused one keeps all);
- every veth end has its peer; macvlan/ipvlan children have no veth, hang off a parent
  link that exists on the host, and no network of theirs has a bridge;
- across a step, a container that is paused afterwards kept its addresses (:func:`check_step`);
- the embedded DNS answers a container's current name (after a rename too) with its own
  address on a shared user network, never another container's, and nothing without one;
- published ports are listed only for a running container with a way out (a bridge
  network that is not ``--internal``; not host, none or ``container:`` mode, not
  ``ports_hidden``), and no binding (address, protocol, port) is held twice.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.userland.dns import resolve, resolve_all
from coursekit.models import PREDEFINED_NETWORKS, Container, Network, Topology

VLAN_DRIVERS = ("macvlan", "ipvlan")


def check_invariants(topo: Topology) -> None:
    """Raise AssertionError if the lab's state breaks a rule a real engine keeps."""
    for network in topo.networks:
        _check_ipv4(network)
        _check_ipv6(topo, network)
    _check_attachments(topo)
    _check_vlan_children(topo)
    _check_veths(topo)
    _check_dns(topo)
    _check_names(topo)
    _check_ports(topo)


def _check_ipv4(network: Network) -> None:
    """Unique, inside the subnet, never the gateway, network or broadcast address."""
    if not network.subnet:
        return
    subnet = ipaddress.ip_network(network.subnet)
    seen: set[str] = set()
    for member in network.members:
        ip = member.ipv4.split("/")[0]
        assert ip not in seen, f"{ip} given twice on {network.name}"
        seen.add(ip)
        assert ipaddress.ip_address(ip) in subnet, f"{ip} outside {subnet}"
        assert ip != network.gateway, f"gateway {ip} given to {member.name}"
        assert ip not in (str(subnet.network_address), str(subnet.broadcast_address))


def _check_ipv6(topo: Topology, network: Network) -> None:
    """On an ``--ipv6`` network every member has one IPv6 address of its own, inside the
    IPv6 subnet and never the IPv6 gateway (``--ip6`` honoured); elsewhere none has one."""
    members = {m.container_id: m for m in network.members}
    if not (network.enable_ipv6 and network.subnet6):
        assert not any(m.ipv6 for m in network.members), f"IPv6 on {network.name}"
        return
    subnet = ipaddress.ip_network(network.subnet6)
    eps = [ep for c in topo.containers if c.id in members
           for ep in c.endpoints if ep.network_name == network.name]
    gateways = {ipaddress.ip_address(g) for g in (network.gateway6, *(e.ipv6_gateway for e in eps))
                if g}
    assert len(gateways) <= 1, f"{network.name} has IPv6 gateways {gateways}"
    seen: set[ipaddress.IPv4Address | ipaddress.IPv6Address] = set()
    for member in network.members:
        assert member.ipv6, f"{member.name} has no IPv6 address on {network.name}"
        ip = ipaddress.ip_address(member.ipv6.split("/")[0])
        assert ip not in seen, f"{ip} given twice on {network.name}"
        seen.add(ip)
        assert ip in subnet, f"{ip} outside {subnet}"
        assert ip not in gateways, f"IPv6 gateway {ip} given to {member.name}"
    for ep in eps:
        if ep.requested_ip6 and ep.ipv6:
            assert ipaddress.ip_address(ep.ipv6) == ipaddress.ip_address(ep.requested_ip6)


def _own_stack(c: Container) -> bool:
    """Running in a namespace of its own (not host mode, not a ``container:`` follower)."""
    return c.running and c.namespace_owner is None and c.network_mode.kind != "host"


def _check_attachments(topo: Topology) -> None:
    """A running container (paused too: it keeps its addresses) holds an address on each
    network with a subnet, is listed there with it, and its interface carries it."""
    nets = {n.name: n for n in topo.networks}
    for c in topo.containers:
        if not c.running:
            continue
        for ep in c.endpoints:
            net = nets.get(ep.network_name)
            if net is None or not net.subnet:
                continue
            assert ep.ip, f"{c.name} ({c.state}) lost its address on {net.name}"
            member = next((m for m in net.members if m.container_id == c.id), None)
            assert member is not None, f"{c.name} ({c.state}) is not a member of {net.name}"
            assert member.ipv4 == ep.cidr, f"{net.name} lists {member.ipv4} for {c.name}"
            assert member.ipv6.split("/")[0] == ep.ipv6, f"{c.name}: IPv6 differs"
            if _own_stack(c):
                iface = next((i for i in c.interfaces if i.name == ep.ifname), None)
                assert iface is not None and ep.cidr in iface.ipv4, \
                    f"{c.name}'s {ep.ifname} lacks {ep.cidr}"


def _check_veths(topo: Topology) -> None:
    """Every veth end has its peer: a container end names its host end by host index,
    the host end names the container end by the index it has in its own namespace (the
    same host-wide index on 20.10; 2, 3... in each namespace on 28.5)."""
    host = {i.index: i for i in topo.host_interfaces}
    on_host = set(topo.host_interfaces)  # what a host-mode container sees is the host's
    owners = {c.id: c for c in topo.containers if c.running and c.namespace_owner is None}
    inside = [i for c in owners.values() for i in c.interfaces
              if i.kind == "veth" and i not in on_host]
    for end in inside:
        outer = host.get(end.peer_index or -1)
        assert outer is not None, f"container end {end.name} has no host end"
        assert outer.peer_index == end.index, f"{outer.name} names another peer"
    for veth in (i for i in topo.host_interfaces if i.kind == "veth"):
        ends = [end for end in inside if end.peer_index == veth.index]
        assert len(ends) == 1, f"{veth.name} has {len(ends)} container ends"


def _check_vlan_children(topo: Topology) -> None:
    """A macvlan/ipvlan network has no bridge and its parent link exists on the host; each
    child is an interface of that kind naming the parent (``eth0@if2``), with no veth."""
    host = {i.name: i for i in topo.host_interfaces}
    vlans = {n.name: n for n in topo.networks if n.driver in VLAN_DRIVERS}
    for net in vlans.values():
        assert net.bridge is None, f"{net.driver} network {net.name} has a bridge"
        assert net.parent in host, f"{net.name}'s parent {net.parent} is not on the host"
    for c in (c for c in topo.containers if _own_stack(c)):
        for ep in (ep for ep in c.endpoints if ep.network_name in vlans and ep.ifname):
            net = vlans[ep.network_name]
            iface = next((i for i in c.interfaces if i.name == ep.ifname), None)
            assert iface is not None, f"{c.name} has no {ep.ifname}"
            assert iface.kind == net.driver, f"{c.name}'s {iface.name} is a {iface.kind}"
            assert iface.peer_index == host[net.parent or ""].index, \
                f"{c.name}'s {iface.name} does not hang off {net.parent}"


def _askers(topo: Topology) -> list[Container]:
    """Containers whose own stack a name is resolved in (not host/none mode, not followers)."""
    return [c for c in topo.containers
            if _own_stack(c) and c.network_mode.kind != "none"]


def _check_dns(topo: Topology) -> None:
    """Without a shared user network (or a link) another container's name resolves to
    nothing."""
    for c in _askers(topo):
        user_nets = [ep for ep in c.endpoints if ep.network_name != "bridge"]
        for other in topo.containers:
            if other.id == c.id or not other.running or other.links:
                continue
            shares_user_net = any(other.endpoint(ep.network_name) for ep in user_nets)
            answer = resolve(topo, c.id, other.name)
            if not shares_user_net and not c.links:
                assert answer is None, f"{c.name} resolved {other.name} without a shared net"


def _addresses(c: Container) -> set[str]:
    return {ep.ip for ep in c.endpoints if ep.ip} if c.running else set()


def _check_names(topo: Topology) -> None:
    """Each running container's current name (renamed or not) resolves, from any container
    sharing a user network with it, to its own address; no name ever resolves to an
    address of another container. (The property test's names never collide with its
    ``--add-host`` names, hostnames or aliases, which may legitimately shadow a name.)"""
    owner = {ip: c.id for c in topo.containers for ip in _addresses(c)}
    for c in _askers(topo):
        user_nets = {ep.network_name for ep in c.endpoints
                     if ep.ip and ep.network_name not in PREDEFINED_NETWORKS}
        for other in topo.containers:
            mine = _addresses(other)
            for ip in resolve_all(topo, c.id, other.name):
                assert owner.get(ip, other.id) == other.id, \
                    f"{c.name} resolved {other.name} to {ip}, another container's"
            if other.running and user_nets & {ep.network_name for ep in other.endpoints
                                              if ep.ip}:
                answer = resolve(topo, c.id, other.name)
                assert answer in mine, f"{c.name} resolved {other.name} to {answer}"


def _way_out(topo: Topology, c: Container) -> bool:
    """An address on a bridge network that is not ``--internal`` (what ports need)."""
    nets = {n.name: n for n in topo.networks}
    return any(ep.ip and ep.network_name in nets and nets[ep.network_name].driver == "bridge"
               and not nets[ep.network_name].internal for ep in c.endpoints)


def _check_ports(topo: Topology) -> None:
    """Bindings only where a way out exists; each (address, protocol, port) held once."""
    held: dict[tuple[str, str, int], str] = {}
    for c in topo.containers:
        if not c.ports:
            continue
        assert c.running, f"{c.name} ({c.state}) lists published ports"
        assert c.network_mode.kind not in ("host", "none", "container"), \
            f"{c.name} in {c.network_mode.kind} mode lists published ports"
        assert not c.ports_hidden, f"{c.name} lists ports it hides"
        assert _way_out(topo, c), f"{c.name} lists ports without a way out"
        for b in c.ports:
            key = (b.host_ip, b.protocol, b.host_port)
            assert key not in held, f"{c.name} and {held.get(key)} both hold {key}"
            held[key] = c.name


def check_step(before: Topology, after: Topology) -> None:
    """Across one step: a container paused afterwards that was up before (pausing, or
    staying paused) keeps its address on every network it is still attached to."""
    was = {c.id: c for c in before.containers if c.running}
    for c in (c for c in after.containers if c.state == "paused" and c.id in was):
        old = {ep.network_name: (ep.ip, ep.ipv6) for ep in was[c.id].endpoints}
        for ep in c.endpoints:
            if ep.network_name in old:
                assert old[ep.network_name] == (ep.ip, ep.ipv6), \
                    f"paused {c.name} changed its address on {ep.network_name}"


# ------------------------------------------------------------ reach follows the rules
# An evaluator of its own, over the text ``iptables-save`` printed (not the simulator's
# tables): a ping between two containers replies exactly when these lines let it pass.

def saved_chains(text: str, table: str) -> dict[str, list[list[str]]]:
    """``iptables-save``'s block for ``table``: chain -> rules (words after ``-A CHAIN``),
    each chain's policy as its last entry ``["-P", POLICY]``."""
    chains: dict[str, list[list[str]]] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith("*"):
            inside = line == f"*{table}"
        elif inside and line.startswith(":"):
            name, policy = line[1:].split()[:2]
            chains[name] = [["-P", policy]] if policy != "-" else []
        elif inside and line.startswith("-A "):
            words = line.split()
            chains[words[1]].insert(len(chains[words[1]]) - (1 if _policied(
                chains[words[1]]) else 0), words[2:])
    return chains


def _policied(rules: list[list[str]]) -> bool:
    return bool(rules) and rules[-1][0] == "-P"


def passes(chains: dict[str, list[list[str]]], chain: str, packet: dict[str, str]) -> bool:
    """True when ``chain`` (a built-in one) accepts ``packet`` (src, dst, iif, oif, state)."""
    return _run(chains, chain, packet) != "DROP"


def _run(chains: dict[str, list[list[str]]], chain: str, packet: dict[str, str]) -> str:
    for rule in chains.get(chain, []):
        if rule[0] == "-P":
            return rule[1]
        if not _fits(rule, packet):
            continue
        target = rule[rule.index("-j") + 1] if "-j" in rule else ""
        if target in ("ACCEPT", "DROP"):
            return target
        if target == "RETURN":
            return ""
        if target in chains:
            found = _run(chains, target, packet)
            if found:
                return found
    return ""


def _fits(rule: list[str], packet: dict[str, str]) -> bool:
    negate = False
    for i, word in enumerate(rule):
        value = rule[i + 1] if i + 1 < len(rule) else ""
        held = None
        if word in ("-s", "-d"):
            held = ipaddress.ip_address(packet["src" if word == "-s" else "dst"]) in \
                ipaddress.ip_network(value, strict=False)
        elif word in ("-i", "-o"):
            held = packet["iif" if word == "-i" else "oif"] == value
        elif word == "--ctstate":
            held = packet["state"] in value.split(",")
        elif word in ("-p", "--dport", "--dst-type"):
            held = word == "-p" and value == "icmp"
        if held is not None:
            if held == negate:
                return False
            negate = False
        elif word == "!":
            negate = True
    return True


def rules_let_ping_through(saved: str, src: str, dst: str, iif: str, oif: str) -> bool:
    """raw PREROUTING, then FORWARD for the echo request and for its reply."""
    raw, filt = saved_chains(saved, "raw"), saved_chains(saved, "filter")
    ask = {"src": src, "dst": dst, "iif": iif, "oif": oif, "state": "NEW"}
    answer = {"src": dst, "dst": src, "iif": oif, "oif": iif, "state": "ESTABLISHED"}
    return (passes(raw, "PREROUTING", ask) and passes(filt, "FORWARD", ask)
            and passes(filt, "FORWARD", answer))
