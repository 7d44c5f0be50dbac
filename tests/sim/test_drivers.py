"""Network drivers behind one interface (coursekit.backends.sim.drivers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.networks import install_predefined
from coursekit.backends.sim.daemon.state import EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.drivers import DRIVERS, NetworkDriver, lookup
from coursekit.backends.sim.drivers.bridge import BRIDGE
from coursekit.backends.sim.drivers.host import HOST
from coursekit.backends.sim.drivers.null import NULL
from coursekit.backends.sim.host import HostConfig
from coursekit.backends.sim.profiles import strategies
from coursekit.errors import Forbidden, InvalidArgument, NotFound
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5, EngineProfile

DAEMON = Path(__file__).resolve().parents[2] / "coursekit" / "backends" / "sim" / "daemon"


def fresh(profile: EngineProfile = ENGINE_28_5) -> State:
    state = State(0, HostConfig(virbr0=False, vlan_links=False), strategies(profile))
    install_predefined(state)
    return state


def vlan_host(profile: EngineProfile = ENGINE_28_5) -> State:
    state = State(0, HostConfig(virbr0=False, vlan_links=True), strategies(profile))
    install_predefined(state)
    return state


def host_names(state: State) -> list[str]:
    return [iface.name for iface in state.host.interfaces()]


def test_registry_names_every_driver_once() -> None:
    """bridge, host and null, each under the name ``docker network ls`` prints."""
    assert sorted(DRIVERS) == ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"]
    assert all(name == driver.name for name, driver in DRIVERS.items())
    drivers: tuple[NetworkDriver, ...] = (BRIDGE, HOST, NULL)
    assert tuple(lookup(d.name) for d in drivers) == drivers


@pytest.mark.parametrize("name", ["nosuch", "weave"])
def test_unknown_driver_is_a_missing_plugin(name: str) -> None:
    """A driver no module serves: ``plugin "NAME" not found``."""
    with pytest.raises(NotFound, match=f'^plugin "{name}" not found$'):
        lookup(name)


@pytest.mark.parametrize("name", ["host", "null"])
def test_host_and_null_refuse_a_second_network(name: str) -> None:
    """``docker network create -d host`` (or null): only one instance is allowed."""
    with pytest.raises(Forbidden, match=f'^only one instance of "{name}" network is allowed$'):
        lookup(name).check_create(NetworkSpec("again", driver=name))


def test_only_host_shares_the_stack_and_only_null_is_private() -> None:
    """The two flags the daemon's connect rules read."""
    assert [d.name for d in DRIVERS.values() if d.host_stack] == ["host"]
    assert [d.name for d in DRIVERS.values() if d.private] == ["null"]


def test_bridge_network_is_a_linux_bridge_named_after_its_id() -> None:
    """The default bridge is docker0; a new one br-<12 hex>, or the name option's."""
    state = fresh()
    assert host_names(state) == ["lo", "enp0s3", "docker0"]
    net = state.find_network("bridge")
    net_id = "f" * 64
    named = NetRec("e" * 64, "named", "bridge", "", pool=net.pool,
                   options=(("com.docker.network.bridge.name", "mybr0"),))
    plain = NetRec(net_id, "plain", "bridge", "", pool=net.pool)
    BRIDGE.create(state, plain)
    BRIDGE.create(state, named)
    assert (plain.bridge, named.bridge) == ("br-ffffffffffff", "mybr0")
    assert host_names(state)[-2:] == ["br-ffffffffffff", "mybr0"]
    assert state.host.interfaces()[-1].ipv4 == ("172.17.0.1/16",)
    BRIDGE.remove(state, plain)
    assert host_names(state) == ["lo", "enp0s3", "docker0", "mybr0"]


def test_bridge_join_gives_an_address_and_a_veth_pair_and_leave_takes_them() -> None:
    """20.10: 172.17.0.2, its 02:42 MAC, eth0 inside (index 4), its peer on docker0 (5)."""
    state = fresh(ENGINE_20_10)
    net = state.find_network("bridge")
    ep = EpRec("bridge")
    BRIDGE.join(state, ep, net, Sandbox("c" * 64))
    assert (ep.ip, ep.prefixlen, ep.gateway, ep.mac) == (
        "172.17.0.2", 16, "172.17.0.1", "02:42:ac:11:00:02")
    assert ep.iface is not None and ep.ifname == "eth0"
    assert (ep.iface.index, ep.iface.peer_index, ep.iface.ipv4) == (4, 5, ("172.17.0.2/16",))
    assert state.host.interfaces()[-1].master == "docker0"
    BRIDGE.leave(state, ep, net)
    assert host_names(state) == ["lo", "enp0s3", "docker0"]
    assert net.pool is not None and str(net.pool.allocate()) == "172.17.0.2"


def test_bridge_join_on_28_5_numbers_the_container_end_in_its_namespace() -> None:
    """28.5: a random MAC, eth0 is index 2 inside; the host end takes host index 4 (@if2)."""
    state = fresh(ENGINE_28_5)
    net = state.find_network("bridge")
    sandbox = Sandbox("c" * 64)
    ep, second = EpRec("bridge"), EpRec("bridge")
    BRIDGE.join(state, ep, net, sandbox)
    BRIDGE.join(state, second, net, sandbox)
    assert ep.ip == "172.17.0.2" and not ep.mac.startswith("02:42")
    assert int(ep.mac[:2], 16) & 0x03 == 0x02  # locally administered, unicast
    assert ep.iface is not None and second.iface is not None
    assert (ep.iface.name, ep.iface.index, ep.iface.peer_index) == ("eth0", 2, 4)
    assert (second.iface.name, second.iface.index, second.iface.peer_index) == ("eth1", 3, 5)
    host_ends = {i.index: i for i in state.host.interfaces() if i.kind == "veth"}
    assert [(i.index, i.peer_index) for i in host_ends.values()] == [(4, 2), (5, 3)]
    assert host_ends[4].display_name.endswith("@if2")


@pytest.mark.parametrize(("profile", "prefix"), [(ENGINE_20_10, "02:42:"), (ENGINE_28_5, "")],
                         ids=["20.10", "28.5"])
def test_bridge_macs_follow_the_profile(profile: EngineProfile, prefix: str) -> None:
    """docker0: 02:42 and random bytes on 20.10; random and locally administered on 28.5."""
    docker0 = next(i for i in fresh(profile).host.interfaces() if i.name == "docker0")
    assert docker0.mac.startswith(prefix) and docker0.mac.startswith("02:42:") == bool(prefix)
    assert fresh(profile).host.interfaces()[-1].mac == docker0.mac  # same seed, same bytes


@pytest.mark.parametrize("name", ["host", "none"])
def test_host_and_null_joins_add_nothing(name: str) -> None:
    """No address, no interface, nothing on the host."""
    state = fresh()
    net = state.find_network(name)
    ep = EpRec(name)
    lookup(net.driver).join(state, ep, net, Sandbox("c" * 64))
    lookup(net.driver).leave(state, ep, net)
    assert (ep.ip, ep.mac, ep.iface) == ("", "", None)
    assert host_names(state) == ["lo", "enp0s3", "docker0"]


def test_the_daemon_asks_drivers_instead_of_naming_them() -> None:
    """No daemon module compares a network's driver with a name."""
    offending = [f"{path.name}: {line.strip()}" for path in sorted(DAEMON.glob("*.py"))
                 for line in path.read_text().splitlines()
                 if "driver ==" in line or "driver in (" in line or "driver !=" in line]
    assert offending == []


def _child_net(state: State, driver: str, options: tuple[tuple[str, str], ...] = ()
               ) -> NetRec:
    """A macvlan/ipvlan network on a host whose kernel makes such links."""
    from coursekit.backends.sim.daemon.networks import create_network
    return create_network(state, NetworkSpec(f"{driver}-net", driver=driver, options=options))


@pytest.mark.parametrize(("driver", "prefix"), [("macvlan", "dm-"), ("ipvlan", "di-")])
def test_child_network_without_parent_makes_a_dummy_link(driver: str, prefix: str) -> None:
    """No -o parent: a dummy link named after the network id, removed with the network."""
    state = vlan_host()
    net = _child_net(state, driver)
    assert net.parent == f"{prefix}{net.id[:12]}"
    assert host_names(state)[-1] == net.parent
    kinds = {i.name: i.kind for i in state.host.interfaces()}
    assert kinds[net.parent] == "dummy"
    lookup(net.driver).remove(state, net)
    assert host_names(state) == ["lo", "enp0s3", "docker0"]


def test_child_network_on_a_named_parent_keeps_it() -> None:
    """-o parent=enp0s3: the host's NIC is the parent, and stays after the network goes."""
    state = vlan_host()
    net = _child_net(state, "macvlan", (("parent", "enp0s3"),))
    assert net.parent == "enp0s3"
    lookup(net.driver).remove(state, net)
    assert "enp0s3" in host_names(state)


@pytest.mark.parametrize("driver", ["macvlan", "ipvlan"])
def test_child_join_adds_no_host_link(driver: str) -> None:
    """A child is eth0@if<parent> inside; nothing is added on the host (no veth)."""
    state = vlan_host()
    net = _child_net(state, driver)
    before = host_names(state)
    ep = EpRec(net.name)
    lookup(net.driver).join(state, ep, net, Sandbox("c1"))
    assert ep.iface is not None and ep.iface.kind == driver and ep.iface.name == "eth0"
    assert ep.iface.peer_index == state.host.link_index(net.parent or "")
    assert host_names(state) == before
    assert lookup(driver).publishes is False


def test_ipvlan_children_carry_the_parent_mac() -> None:
    """ipvlan: the child's MAC is its parent's; macvlan: one of its own."""
    state = vlan_host()
    for driver in ("ipvlan", "macvlan"):
        net = _child_net(state, driver)
        ep = EpRec(net.name)
        lookup(driver).join(state, ep, net, Sandbox(driver))
        parent = state.host.links[state.host.link_index(net.parent or "") or 0]
        assert (ep.mac == parent.mac) == (driver == "ipvlan")


def test_overlay_needs_a_swarm() -> None:
    """-d overlay on a daemon that is no swarm manager: the daemon's refusal."""
    with pytest.raises(Forbidden, match=r'^This node is not a swarm manager\. Use "docker swarm '
                       r'init" or "docker swarm join" to connect this node to swarm and try '
                       r"again\.$"):
        lookup("overlay").check_create(NetworkSpec("ov", driver="overlay"))


@pytest.mark.parametrize(("option", "message"), [
    ("macvlan_mode=weird", "requested macvlan mode 'weird' is not valid, 'bridge' mode is the "
                           "macvlan driver default"),
    ("parent=nosuch0", "invalid subinterface vlan name nosuch0, example formatting is eth0.10"),
    ("macvlan_mode=private", "operation not supported"),
])
def test_macvlan_on_this_machines_kernel(option: str, message: str) -> None:
    """The observed order: the mode, the parent's name, then the kernel's refusal."""
    from coursekit.backends.sim.daemon.networks import create_network
    key, _, value = option.partition("=")
    with pytest.raises(InvalidArgument, match=f"^{message}$"):
        create_network(fresh(), NetworkSpec("mv", driver="macvlan", options=((key, value),)))


def test_ipvlan_bad_mode_names_l2() -> None:
    """ipvlan's default mode is l2."""
    with pytest.raises(InvalidArgument, match="^requested ipvlan mode 'bad' is not valid, 'l2' "
                       "mode is the ipvlan driver default$"):
        lookup("ipvlan").check_create(NetworkSpec("iv", driver="ipvlan",
                                                  options=(("ipvlan_mode", "bad"),)))


def test_macvlan_lab_on_a_kernel_that_makes_the_links() -> None:
    """With vlan links: two children, each eth0@if<dummy>, no host veth, DNS between them."""
    from coursekit import Lab
    from coursekit.backends.sim.backend import SimBackend
    lab = Lab.using(SimBackend())
    lab.run("docker network create -d macvlan mv",
            "docker run -d --name m1 --network mv busybox sleep 1d",
            "docker run -d --name m2 --network mv busybox sleep 1d")
    topology = lab.snapshot()
    net, m1 = topology.network("mv"), topology.container("m1")
    assert net is not None and m1 is not None and net.parent == f"dm-{net.id[:12]}"
    parent = next(i for i in topology.host_interfaces if i.name == net.parent)
    eth0 = next(i for i in m1.interfaces if i.name == "eth0")
    assert (eth0.kind, eth0.peer_index, parent.kind) == ("macvlan", parent.index, "dummy")
    assert not any(i.kind == "veth" for i in topology.host_interfaces)
    assert lab.sh("docker exec m1 ping -c 1 -W 1 m2").exit_code == 0
    assert lab.sh("docker port m1").stdout == ""
