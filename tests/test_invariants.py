"""Each invariant the property test checks can fail: a lab in every state it covers passes,
and the same topology broken in one place (``dataclasses.replace``) is refused."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

import pytest
from property_invariants import check_invariants, check_step

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.models import Container, Interface, Network, PortBinding, Topology
from coursekit.profiles import PROFILES

SETUP = [
    "docker network create --ipv6 --subnet fd00::/64 v6",
    "docker run -d --name c1 --network v6 busybox sleep 1d",
    "docker run -d --name c2 --network v6 --ip6 fd00::10 busybox sleep 1d",
    "docker network create -d macvlan --subnet 192.168.100.0/24 mv",
    "docker run -d --name mvc --network mv busybox sleep 1d",
    "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
    "docker network create --internal ni",
    "docker run -d --name hid --network ni -p 8082:80 busybox httpd -f -p 80",
    "docker run -d --name hm --network host busybox httpd -f -p 81",
    "docker run -d --name nm --network none busybox sleep 1d",
    "docker run -d --name st -p 8085:80 busybox httpd -f -p 80",
    "docker stop st",
]
"""IPv6 members (one with --ip6), a macvlan child, published, hidden, host-mode, none-mode
and stopped containers; then c1 is paused and c2 renamed db."""
ENGINES = pytest.mark.parametrize("engine", list(PROFILES))


@functools.cache
def states(engine: str) -> tuple[Topology, Topology]:
    """The lab before and after ``docker pause c1`` + ``docker rename c2 db``."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    for line in SETUP:
        assert lab.sh(line).exit_code == 0, line
    before = lab.snapshot()
    for line in ("docker pause c1", "docker rename c2 db"):
        assert lab.sh(line).exit_code == 0, line
    return before, lab.snapshot()


def base(engine: str) -> Topology:
    return states(engine)[1]


def ctr(topo: Topology, name: str, **changes: Any) -> Topology:
    """The topology with container ``name`` changed."""
    new = tuple(replace(c, **changes) if c.name == name else c for c in topo.containers)
    return replace(topo, containers=new)


def net(topo: Topology, name: str, **changes: Any) -> Topology:
    new = tuple(replace(n, **changes) if n.name == name else n for n in topo.networks)
    return replace(topo, networks=new)


def endpoint(topo: Topology, name: str, **changes: Any) -> Topology:
    """Container ``name``'s first endpoint changed."""
    c = _c(topo, name)
    return ctr(topo, name, endpoints=(replace(c.endpoints[0], **changes), *c.endpoints[1:]))


def member(topo: Topology, network: str, index: int, **changes: Any) -> Topology:
    n = _n(topo, network)
    members = list(n.members)
    members[index] = replace(members[index], **changes)
    return net(topo, network, members=tuple(members))


def _c(topo: Topology, name: str) -> Container:
    found = topo.container(name)
    assert found is not None
    return found


def _n(topo: Topology, name: str) -> Network:
    found = topo.network(name)
    assert found is not None
    return found


def refused(topo: Topology, match: str) -> None:
    with pytest.raises(AssertionError, match=match):
        check_invariants(topo)


@ENGINES
def test_the_lab_in_every_covered_state_passes(engine: str) -> None:
    """Paused, renamed, IPv6, macvlan, hidden and host-mode containers keep every rule."""
    before, after = states(engine)
    assert _c(after, "c1").state == "paused" and after.container("c2") is None
    assert _c(after, "db").endpoints[0].ipv6 == "fd00::10"
    check_invariants(before)
    check_invariants(after)
    check_step(before, after)


@ENGINES
def test_ipv4_gateway_given_to_a_container_is_refused(engine: str) -> None:
    """No container holds its network's IPv4 gateway."""
    refused(member(base(engine), "v6", 0, ipv4=f"{_n(base(engine), 'v6').gateway}/16"),
            "gateway")


@ENGINES
def test_ipv6_address_given_twice_is_refused(engine: str) -> None:
    """Two members of an --ipv6 network never share an IPv6 address."""
    topo = base(engine)
    refused(member(topo, "v6", 1, ipv6=_n(topo, "v6").members[0].ipv6), "given twice")


@ENGINES
def test_ipv6_address_outside_the_subnet_is_refused(engine: str) -> None:
    """Every IPv6 address lies inside the network's IPv6 subnet."""
    refused(member(base(engine), "v6", 0, ipv6="fd01::5/64"), "outside fd00::/64")


@ENGINES
def test_ipv6_gateway_given_to_a_container_is_refused(engine: str) -> None:
    """No container holds its network's IPv6 gateway (fd00::1)."""
    refused(member(base(engine), "v6", 0, ipv6="fd00::1/64"), "IPv6 gateway")


@ENGINES
def test_ipv6_on_a_network_without_it_is_refused(engine: str) -> None:
    """A network without --ipv6 lists no IPv6 address."""
    refused(net(base(engine), "v6", enable_ipv6=False), "IPv6 on v6")


@ENGINES
def test_paused_container_without_its_address_is_refused(engine: str) -> None:
    """A paused container keeps its address."""
    refused(endpoint(base(engine), "c1", ip=""), "c1 \\(paused\\) lost its address")


@ENGINES
def test_paused_container_left_out_of_its_network_is_refused(engine: str) -> None:
    """A paused container stays a member of its networks."""
    topo = base(engine)
    kept = tuple(m for m in _n(topo, "v6").members if m.name != "c1")
    refused(net(topo, "v6", members=kept), "c1 \\(paused\\) is not a member of v6")


@ENGINES
def test_paused_container_whose_address_moved_is_refused(engine: str) -> None:
    """Across the pause step the address stays the same."""
    before, after = states(engine)
    with pytest.raises(AssertionError, match="paused c1 changed its address"):
        check_step(before, endpoint(after, "c1", ip="172.18.0.99"))


@ENGINES
def test_name_resolving_to_another_container_is_refused(engine: str) -> None:
    """A (renamed) container's name never answers with another container's address."""
    refused(endpoint(base(engine), "c1", aliases=("db",)), "to .*, another container's")


@ENGINES
def test_renamed_container_not_answering_with_its_address_is_refused(engine: str) -> None:
    """From a container sharing its network, a current name resolves to its own address."""
    refused(ctr(base(engine), "c1", options=replace(_c(base(engine), "c1").options,
                                                    extra_hosts=("db:10.99.0.9",))),
            "c1 resolved db to 10.99.0.9")


@ENGINES
def test_name_resolving_without_a_shared_network_is_refused(engine: str) -> None:
    """Without a shared user network another container's name does not resolve."""
    refused(ctr(base(engine), "web", options=replace(_c(base(engine), "web").options,
                                                     extra_hosts=("db:10.99.0.9",))),
            "web resolved db without a shared net")


@ENGINES
def test_macvlan_child_made_a_veth_is_refused(engine: str) -> None:
    """A macvlan child is a macvlan interface, not a veth."""
    topo = base(engine)
    eth0 = _c(topo, "mvc").interfaces[1]
    lo = _c(topo, "mvc").interfaces[0]
    refused(ctr(topo, "mvc", interfaces=(lo, replace(eth0, kind="veth"))), "is a veth")


@ENGINES
def test_macvlan_child_with_a_host_side_veth_is_refused(engine: str) -> None:
    """No veth on the host belongs to a macvlan child."""
    topo = base(engine)
    child = _c(topo, "mvc").interfaces[1]
    veth = Interface(index=99, name="vethbad", kind="veth", peer_index=child.index)
    refused(replace(topo, host_interfaces=(*topo.host_interfaces, veth)), "vethbad has 0")


@ENGINES
def test_macvlan_parent_missing_on_the_host_is_refused(engine: str) -> None:
    """A macvlan network's parent link exists on the host."""
    topo = base(engine)
    parent = _n(topo, "mv").parent
    kept = tuple(i for i in topo.host_interfaces if i.name != parent)
    refused(replace(topo, host_interfaces=kept), "is not on the host")


@ENGINES
def test_macvlan_network_with_a_bridge_is_refused(engine: str) -> None:
    """A macvlan network has no Linux bridge."""
    refused(net(base(engine), "mv", bridge="br-bad"), "macvlan network mv has a bridge")


@pytest.mark.parametrize(("name", "match"), [
    ("hid", "hid lists ports it hides"), ("hm", "hm in host mode"),
    ("nm", "nm in none mode"), ("st", "st \\(exited\\) lists"), ("mvc", "without a way out")])
@ENGINES
def test_ports_listed_without_a_way_out_are_refused(engine: str, name: str, match: str) -> None:
    """No published port for --internal-only (hidden), host, none, stopped or macvlan ones."""
    topo = ctr(base(engine), name, ports=(PortBinding(80, "tcp", "0.0.0.0", 8090),))
    refused(topo, match)


@ENGINES
def test_ports_on_an_internal_network_are_refused(engine: str) -> None:
    """Even when not marked hidden, a container on --internal networks only lists none."""
    topo = ctr(base(engine), "hid", ports_hidden=False,
               ports=(PortBinding(80, "tcp", "0.0.0.0", 8090),))
    refused(topo, "hid lists ports without a way out")


@ENGINES
def test_one_binding_held_by_two_containers_is_refused(engine: str) -> None:
    """Two running containers never hold the same address, protocol and host port."""
    topo = base(engine)
    refused(ctr(topo, "db", ports=_c(topo, "web").ports), "both hold")


@ENGINES
def test_host_mode_container_sees_the_hosts_counters(engine: str) -> None:
    """After traffic, a host-mode container's interfaces are the host's, counters included
    (found by the property test: its veth copies kept zero counters and looked unpaired)."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    for line in ("docker network create n1", "docker run -d --name aa --network n1 busybox "
                 "sleep 1d", "docker run -d --name bb --network n1 busybox sleep 1d",
                 "docker exec bb ping -c 1 -W 1 aa",
                 "docker run -d --name hm --network host busybox sleep 1d"):
        assert lab.sh(line).exit_code == 0, line
    topo = lab.snapshot()
    assert any(i.traffic != (0, 0, 0, 0) for i in topo.host_interfaces)
    assert _c(topo, "hm").interfaces == topo.host_interfaces
    check_invariants(topo)


@ENGINES
def test_the_rules_check_sees_a_drop_the_ping_would_ignore(engine: str) -> None:
    """The property test's own reading of ``iptables-save`` agrees with a lab's ping, and
    a DOCKER-USER DROP the lab did not apply (added to the text only) makes it disagree."""
    from property_invariants import rules_let_ping_through

    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    for line in ("docker network create n1", "docker run -d --name c1 --network n1 busybox "
                 "sleep 1d", "docker run -d --name c2 --network n1 busybox sleep 1d"):
        lab.sh(line)
    bridge = lab.snapshot().network("n1").bridge  # type: ignore[union-attr]
    saved = lab.sh("iptables-save").stdout
    replied = lab.sh("docker exec c1 ping -c 1 -W 1 172.18.0.3").exit_code == 0
    assert replied and rules_let_ping_through(saved, "172.18.0.2", "172.18.0.3", bridge, bridge)
    lines = saved.splitlines()
    at = next(i for i, x in enumerate(lines)
              if x.startswith("-A ") and lines.index("*filter") < i)  # the filter table's first
    tampered = "\n".join([*lines[:at], "-A DOCKER-USER -d 172.18.0.3/32 -j DROP", *lines[at:]])
    assert not rules_let_ping_through(tampered, "172.18.0.2", "172.18.0.3", bridge, bridge)
    assert not rules_let_ping_through(saved, "172.18.0.2", "172.17.0.9", bridge, "docker0")
