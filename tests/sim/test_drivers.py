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
from coursekit.errors import Forbidden, NotFound

DAEMON = Path(__file__).resolve().parents[2] / "coursekit" / "backends" / "sim" / "daemon"


def fresh() -> State:
    state = State(0, HostConfig(virbr0=False))
    install_predefined(state)
    return state


def host_names(state: State) -> list[str]:
    return [iface.name for iface in state.host.interfaces()]


def test_registry_names_every_driver_once() -> None:
    """bridge, host and null, each under the name ``docker network ls`` prints."""
    assert sorted(DRIVERS) == ["bridge", "host", "null"]
    assert all(name == driver.name for name, driver in DRIVERS.items())
    drivers: tuple[NetworkDriver, ...] = (BRIDGE, HOST, NULL)
    assert tuple(lookup(d.name) for d in drivers) == drivers


@pytest.mark.parametrize("name", ["macvlan", "overlay", "nosuch"])
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
    """172.17.0.2, its 02:42 MAC, eth0 inside (index 4), its peer on docker0 (index 5)."""
    state = fresh()
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
