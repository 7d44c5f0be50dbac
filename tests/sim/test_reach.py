"""Who can reach whom: isolation, none/host/container modes, published ports.

Each ping rule was observed on Docker Engine 20.10 (busybox ``ping -c 1 -W 1``): same
network replies, different user networks lose everything, none mode has no route,
an internal network still reaches the host's addresses.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace

import pytest
from shell_fixtures import lab, replace

from coursekit.backends.sim.userland import reach
from coursekit.backends.sim.userland.reach import connect, trace
from coursekit.models import Endpoint, Interface, Network, Topology


@pytest.mark.parametrize(("src", "dst"), [
    ("hs2b", "172.17.0.2"),    # same default bridge
    ("hs2c", "172.19.0.3"),    # same user network
    ("hs2a", "172.19.0.2"),    # hs2a joined hs2net
    ("hs2c", "172.19.0.1"),    # the gateway is the host
    ("hs2i1", "172.30.0.3"),   # internal networks talk inside
    ("hs2i1", "172.17.0.1"),   # ... and reach the host's other addresses (observed)
    ("hs2c", "10.0.2.15"),     # the host's NIC
    ("hs2n", "127.0.0.1"),     # none keeps lo
    ("hs2c", "172.19.0.2"),    # itself
    ("hs2f", "172.19.0.2"),    # a follower is its owner's namespace
    ("hs2h", "172.19.0.2"),    # host mode reaches every bridge
    (None, "172.30.0.2"),      # so does the host
    (None, "10.0.2.2"),        # the LAN router
    ("hs2a", "10.0.2.2"),      # ... through the host's NAT
])
def test_reachable(src: str | None, dst: str) -> None:
    """These pings get replies."""
    assert reach.can_reach(lab(), src, dst), reach.reach_reason(lab(), src, dst)


@pytest.mark.parametrize(("src", "dst", "outcome"), [
    ("hs2c", "172.17.0.2", reach.LOST),      # different networks: isolated (100% loss)
    ("hs2b", "172.19.0.2", reach.LOST),      # default bridge -> user network
    ("hs2i1", "172.19.0.2", reach.LOST),     # internal -> another network
    ("hs2i1", "10.0.2.2", reach.LOST),       # internal: no way out
    ("hs2a", "192.0.2.99", reach.LOST),      # nobody out there holds that address
    (None, "192.0.2.99", reach.LOST),
    ("hs2n", "172.17.0.2", reach.NO_ROUTE),  # none: sendto: Network is unreachable
    ("hs2c", "172.19.0.99", reach.ABSENT),   # nobody holds that address
    (None, "172.17.0.99", reach.ABSENT),
])
def test_unreachable(src: str | None, dst: str, outcome: str) -> None:
    """These pings fail, each in its own way."""
    assert trace(lab(), src, dst).outcome == outcome
    assert not reach.can_reach(lab(), src, dst)


def test_stopped_container_no_longer_answers() -> None:
    """A stopped container's address is free: nobody answers it."""
    stopped = replace(lab(), "hs2d", state="exited", interfaces=())
    assert not reach.can_reach(stopped, "hs2c", "172.19.0.3")
    assert trace(stopped, "hs2d", "172.19.0.2").outcome == reach.NO_ROUTE


def test_loopback_is_the_senders_own_namespace() -> None:
    """127.0.0.1 is the container itself, the owner for a follower, the host in host mode."""
    topo = lab()
    assert trace(topo, "hs2c", "127.0.0.1").target.key == topo.container("hs2c").id  # type: ignore[union-attr]
    assert trace(topo, "hs2f", "127.0.0.1").target.key == topo.container("hs2c").id  # type: ignore[union-attr]
    assert trace(topo, "hs2h", "127.0.0.1").target.key == "host"  # type: ignore[union-attr]


def test_follower_of_a_stopped_owner_has_only_lo() -> None:
    """When the owner stops, the follower has no route anywhere but lo."""
    topo = replace(lab(), "hs2c", state="exited", interfaces=())
    assert trace(topo, "hs2f", "172.19.0.3").outcome == reach.NO_ROUTE
    assert reach.can_reach(topo, "hs2f", "127.0.0.1")


def test_follower_left_in_a_dead_namespace_stays_isolated() -> None:
    """An owner that restarted does not take back a follower that kept only lo."""
    topo = replace(lab(), "hs2f", interfaces=lab().container("hs2n").interfaces)  # type: ignore[union-attr]
    assert trace(topo, "hs2f", "172.19.0.3").outcome == reach.NO_ROUTE


def test_reasons_explain_the_rule() -> None:
    """The reason names the networks involved."""
    topo = lab()
    assert "isolates" in reach.reach_reason(topo, "hs2c", "172.17.0.2")
    assert "simulated internet" in reach.reach_reason(topo, "hs2a", "192.0.2.99")
    assert "only lo" in reach.reach_reason(topo, "hs2n", "172.17.0.2")
    assert "gateway" in reach.reach_reason(topo, "hs2c", "172.19.0.1")
    assert "not running" in reach.reach_reason(topo, "old", "172.19.0.2")


def test_bad_address_is_not_reachable() -> None:
    """A name or garbage is not an address: no crash, no reach."""
    assert not reach.can_reach(lab(), "hs2a", "hs2b")


@pytest.mark.parametrize(("src", "ip", "port", "outcome", "server"), [
    ("hs2c", "172.19.0.6", 80, "open", "web"),       # container to container
    ("hs2c", "172.19.0.6", 81, "refused", None),     # nothing listens
    (None, "127.0.0.1", 8080, "open", "web"),        # published on 0.0.0.0
    (None, "10.0.2.15", 8080, "open", "web"),        # ... any host address
    ("hs2a", "172.17.0.1", 8080, "open", "web"),     # ... also from a container
    (None, "127.0.0.1", 18642, "open", "hs2w"),      # published on 127.0.0.1
    (None, "10.0.2.15", 18642, "refused", None),     # ... not on the NIC
    (None, "127.0.0.1", 9000, "open", "hs2h"),       # a host-mode server
    ("hs2h", "127.0.0.1", 8080, "open", "web"),      # host mode sees published ports
    ("hs2c", "127.0.0.1", 8080, "refused", None),    # a container's 127.0.0.1 is itself
    ("hs2b", "172.19.0.6", 80, "timeout", None),     # isolated networks
    ("hs2n", "172.19.0.6", 80, "unreachable", None),  # none mode
    ("hs2c", "172.19.0.99", 80, "no-route", None),   # empty address
    (None, "172.19.0.6", 80, "open", "web"),         # the host reaches container IPs
])
def test_connect(src: str | None, ip: str, port: int, outcome: str,
                 server: str | None) -> None:
    """TCP connects end as the kernel and docker-proxy would."""
    conn = connect(lab(), src, ip, port)
    assert conn.outcome == outcome, conn.reason
    assert (conn.server.name if conn.server else None) == server


def test_follower_and_owner_share_listening_ports() -> None:
    """A server in the follower answers on the owner's address and vice versa."""
    topo = replace(lab(), "hs2f", listening=(8000,))
    assert connect(topo, "hs2d", "172.19.0.2", 8000).server.name == "hs2f"  # type: ignore[union-attr]
    assert connect(topo, "hs2c", "127.0.0.1", 8000).outcome == "open"


def test_published_port_without_a_listener_is_reset() -> None:
    """docker-proxy accepts, finds nothing behind, and resets the connection."""
    topo = replace(lab(), "web", listening=())
    assert connect(topo, None, "127.0.0.1", 8080).outcome == "reset"


def test_simulator_lab_end_to_end() -> None:
    """Through SimBackend: names on a user network, no names on the default bridge."""
    lab_module = pytest.importorskip("coursekit.lab")
    lab = lab_module.Lab(backend="sim")
    for line in ("docker network create hs2net", "docker run -d --name u1 --network hs2net "
                 "busybox sleep 1d", "docker run -d --name u2 --network hs2net busybox sleep 1d",
                 "docker run -d --name d1 busybox sleep 1d"):
        assert lab.sh(line).exit_code == 0, line
    assert "0% packet loss" in lab.sh("docker exec u1 ping -c 1 -W 1 u2").stdout
    assert lab.sh("docker exec d1 ping -c 1 u1").stderr == "ping: bad address 'u1'\n"
    u1_ip = lab.sh("docker exec u1 hostname -i").stdout.strip()
    lost = lab.sh(f"docker exec d1 ping -c 1 -W 1 {u1_ip}")
    assert "100% packet loss" in lost.stdout and lost.exit_code == 1
    assert reach.can_reach(lab.snapshot(), None, u1_ip)


def _with_network_options(topology: Topology, name: str, **options: str) -> Topology:
    """The topology with one network's driver options set (``-o KEY=VALUE``)."""
    keys = {"icc": "com.docker.network.bridge.enable_icc",
            "masquerade": "com.docker.network.bridge.enable_ip_masquerade"}
    nets = tuple(dc_replace(n, options=tuple((keys[k], v) for k, v in options.items()))
                 if n.name == name else n for n in topology.networks)
    return dc_replace(topology, networks=nets)


def test_icc_false_drops_container_to_container() -> None:
    """enable_icc=false: two containers on one bridge lose every packet, TCP times out."""
    topo = _with_network_options(lab(), "hs2net", icc="false")
    path = trace(topo, "hs2c", "172.19.0.3")
    assert path.outcome == reach.LOST and "enable_icc=false" in path.reason
    assert connect(topo, "hs2c", "172.19.0.6", 80).outcome == "timeout"


def test_icc_false_keeps_the_gateway_and_the_host() -> None:
    """The host's side of the bridge still answers, and the host still reaches them."""
    topo = _with_network_options(lab(), "hs2net", icc="false")
    assert reach.can_reach(topo, "hs2c", "172.19.0.1")
    assert reach.can_reach(topo, None, "172.19.0.3")
    assert connect(topo, None, "127.0.0.1", 8080).outcome == "open"


def test_masquerade_false_loses_only_the_outside() -> None:
    """Without MASQUERADE no answer comes back from beyond the host; the host answers."""
    topo = _with_network_options(lab(), "hs2net", masquerade="false")
    assert trace(topo, "hs2c", "8.8.8.8").outcome == reach.LOST
    assert "enable_ip_masquerade=false" in reach.reach_reason(topo, "hs2c", "8.8.8.8")
    assert reach.can_reach(topo, "hs2c", "10.0.2.15")
    assert reach.can_reach(topo, "hs2c", "172.19.0.3")


def test_paused_container_still_answers_ping_but_not_tcp() -> None:
    """Paused: the kernel answers ping, a server accepts and never replies."""
    topo = replace(lab(), "web", state="paused")
    assert reach.can_reach(topo, "hs2c", "172.19.0.6")
    assert trace(topo, "hs2c", "172.19.0.6").paused
    assert connect(topo, "hs2c", "172.19.0.6", 80).outcome == "stalled"
    assert connect(topo, None, "127.0.0.1", 8080).outcome == "stalled"  # published too


def _macvlan(topology: Topology) -> Topology:
    """Two macvlan children on 10.99.0.0/24 (no host-side interface)."""
    net = Network("m" * 64, "mv", "macvlan", subnet="10.99.0.0/24", gateway="10.99.0.1")
    kids = tuple(dc_replace(topology.container("hs2i1"), id=f"{n}" * 64, name=name,  # type: ignore[type-var]
                            endpoints=(Endpoint(net.id, "mv", "e" * 64, ip, 24, "10.99.0.1",
                                                ifname="eth0"),),
                            interfaces=(topology.container("hs2i1").interfaces[0],  # type: ignore[union-attr]
                                        Interface(2, "eth0", "macvlan", ipv4=(f"{ip}/24",))))
                 for n, name, ip in (("7", "m1", "10.99.0.2"), ("8", "m2", "10.99.0.3")))
    return dc_replace(topology, networks=(*topology.networks, net),
                      containers=(*topology.containers, *kids))


def test_macvlan_children_reach_each_other_not_the_host() -> None:
    """Children of one parent talk; the host and its children cannot reach each other."""
    topo = _macvlan(lab())
    assert reach.can_reach(topo, "m1", "10.99.0.3")
    assert trace(topo, None, "10.99.0.2").outcome == reach.LOST
    assert "cannot reach its own macvlan" in reach.reach_reason(topo, None, "10.99.0.2")
    assert trace(topo, "m1", "172.17.0.1").outcome == reach.LOST
    assert trace(topo, "m1", "8.8.8.8").outcome == reach.LOST
    assert not reach.can_reach(topo, "m1", "10.99.0.1")


def test_bridge_containers_reach_public_hosts() -> None:
    """Through the NAT, the public hosts of the simulated internet answer."""
    topo = lab()
    path = trace(topo, "hs2a", "8.8.8.8")
    assert (path.outcome, path.hop) == (reach.REPLY, "wan")
    assert path.public is not None and path.public.names == ("dns.google",)
    assert connect(topo, "hs2a", "203.0.113.10", 80).outcome == "open"
    assert connect(topo, "hs2a", "203.0.113.10", 22).outcome == "timeout"
    assert trace(topo, "hs2i1", "8.8.8.8").outcome == reach.LOST


def test_host_reach_follows_the_port_table() -> None:
    """Once the daemon drops a binding (``network disconnect``), the host gets no answer."""
    topo = replace(lab(), "web", ports=())
    assert connect(topo, None, "127.0.0.1", 8080).outcome == "refused"
    assert connect(topo, "hs2c", "172.19.0.6", 80).outcome == "open"
