"""The simulator's memory: lookups, clock, predefined networks, snapshots (sim.state)."""

from __future__ import annotations

import time
from datetime import timezone

import pytest

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.backends.sim.daemon.networks import install_predefined
from coursekit.backends.sim.daemon.state import EPOCH, NetRec, State, rfc3339
from coursekit.backends.sim.profiles import strategies
from coursekit.errors import InvalidArgument, NotFound
from coursekit.models import NetworkMode
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5, EngineProfile


def fresh(profile: EngineProfile = ENGINE_28_5) -> State:
    state = State(0, profile=strategies(profile))
    install_predefined(state)
    return state


def test_rfc3339_drops_trailing_zeros() -> None:
    """Go's RFC3339Nano form: no trailing zeros in the fraction, Z for UTC."""
    assert rfc3339(EPOCH.replace(microsecond=120000)) == "2025-03-03T09:00:00.12Z"
    assert rfc3339(EPOCH.replace(microsecond=0)) == "2025-03-03T09:00:00Z"


def test_clock_advances_about_a_second_per_change() -> None:
    """Each tick moves the clock forward by 1 s and a little; it is UTC-aware."""
    state = State(0)
    before = state.clock
    state.tick()
    elapsed = (state.clock - before).total_seconds()
    assert 1.0 < elapsed < 1.3 and state.clock.tzinfo is timezone.utc


@pytest.mark.parametrize(("profile", "shown"), [(ENGINE_20_10, False), (ENGINE_28_5, True)],
                         ids=["20.10", "28.5"])
def test_predefined_networks(profile: EngineProfile, shown: bool) -> None:
    """none, host and bridge exist; bridge is docker0 on 172.17.0.0/16, its gateway
    hidden in IPAM Config on a fresh 20.10, shown on 28.5 (01-basics step 2)."""
    state = fresh(profile)
    assert [n.name for n in state.networks.values()] == ["none", "host", "bridge"]
    bridge = state.find_network("bridge")
    assert bridge.pool is not None and str(bridge.pool.gateway) == "172.17.0.1"
    assert (bridge.subnet_text, bridge.bridge, bridge.gateway_shown) == (
        "172.17.0.0/16", "docker0", shown)
    assert dict(bridge.options)["com.docker.network.bridge.name"] == "docker0"
    assert state.find_network("none").driver == "null"


def test_network_lookup_order_and_messages() -> None:
    """Full ID, name, then prefix; unknown and ambiguous refs fail as the daemon does."""
    state = fresh()
    bridge = state.find_network("bridge")
    assert state.find_network(bridge.id) is bridge
    assert state.find_network(bridge.id[:5]) is bridge
    with pytest.raises(NotFound, match="^network nosuchnet not found$"):
        state.find_network("nosuchnet")
    for name in ("a1", "a2"):
        state.networks["a" + name * 31] = NetRec("a" + name * 31, name, "bridge", "")
    with pytest.raises(InvalidArgument, match="^2 matches found based on ID prefix: network a "
                                              "is ambiguous$"):
        state.find_network("a")
    with pytest.raises(InvalidArgument, match=r"^network a is ambiguous \(2 matches found "
                                              r"based on ID prefix\)$"):
        state.find_network("a", ambiguous="remove")


def test_container_lookup_messages() -> None:
    """An unknown container and an ambiguous prefix use the daemon's words."""
    backend = SimBackend()
    for name in ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12",
                 "c13", "c14", "c15", "c16", "c17"):
        backend.create_container(ContainerSpec("busybox", name=name))
    with pytest.raises(NotFound, match="^No such container: nosuch$"):
        backend.container("nosuch")
    firsts = [c.id[0] for c in backend.containers()]
    shared = next(ch for ch in firsts if firsts.count(ch) > 1)
    with pytest.raises(InvalidArgument, match=f"^Multiple IDs found with provided prefix: "
                                              f"{shared}$"):
        backend.container(shared)
    assert backend.container("/c1").name == "c1"


def test_same_seed_same_everything() -> None:
    """Same seed and calls: identical IDs, names, MACs, times; reset starts over."""
    def run(backend: SimBackend) -> object:
        backend.create_network(NetworkSpec("n1"))
        backend.create_container(ContainerSpec("busybox", ("sleep", "1d")))
        backend.start(backend.containers()[0].id)
        return backend.snapshot()

    first, second = SimBackend(seed=4), SimBackend(seed=4)
    snapshot = run(first)
    assert snapshot == run(second)
    first.reset()
    assert run(first) == snapshot
    assert run(SimBackend(seed=5)) != snapshot


def test_snapshot_is_cached_until_a_change() -> None:
    """Reading twice returns the same object; a change builds a new one."""
    backend = SimBackend()
    first = backend.snapshot()
    assert backend.snapshot() is first
    backend.create_network(NetworkSpec("n1"))
    assert backend.snapshot() is not first


def test_large_lab_builds_fast() -> None:
    """1000 running containers on 50 networks: creation and a snapshot under 2 s."""
    started = time.perf_counter()
    backend = SimBackend()
    for index in range(50):
        backend.create_network(NetworkSpec(f"net{index}", subnet=f"10.{index}.0.0/16"))
    for index in range(1000):
        backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name=f"c{index}",
                                               network=NetworkMode("network", f"net{index % 50}")))
        backend.start(f"c{index}")
    topology = backend.snapshot()
    assert time.perf_counter() - started < 2.0
    assert len(topology.containers) == 1000 and len(topology.networks) == 53
    assert sum(len(n.members) for n in topology.networks) == 1000
