"""The simulated daemon applies ``filters`` as engine 20.10 does, and refuses in its words.

Filters arrive as the Engine API carries them (``{"name": ["web"]}``); the CLI front end
only splits ``key=value``. The texts and classes below are engine 20.10.24's (400 is
InvalidArgument, 500 a plain DockerError) and, where it differs, 28.5.2's, as
tests/engine/test_listing.py compares live against either engine.
"""

from __future__ import annotations

import pytest

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.backends.sim.daemon.filters import filter_containers, filter_networks
from coursekit.errors import DockerError, InvalidArgument, NotFound
from coursekit.models import Container, Network, NetworkMode, PortBinding
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5

SLEEP = ("sleep", "1d")


@pytest.fixture
def sim() -> SimBackend:
    """web1 (label team=red) and web2 networks; c1 on web1 publishing 8080, c2 stopped."""
    backend = SimBackend(seed=0, profile=ENGINE_20_10)
    backend.create_network(NetworkSpec("web1", labels=(("team", "red"),)))
    backend.create_network(NetworkSpec("web2"))
    backend.create_container(ContainerSpec(
        "busybox", SLEEP, name="c1", network=NetworkMode.parse("web1"),
        ports=(PortBinding(80, host_port=8080),), labels=(("tier", "front"),)))
    backend.create_container(ContainerSpec("busybox", SLEEP, name="c2"))
    backend.create_container(ContainerSpec("busybox", SLEEP, name="c3"))
    for name in ("c1", "c2", "c3"):
        backend.start(name)
    backend.stop("c2")
    return backend


def names(items: tuple[Container, ...] | tuple[Network, ...]) -> list[str]:
    return sorted(item.name for item in items)


@pytest.mark.parametrize("filters, message", [
    ({"foo": ["bar"]}, "Invalid filter 'foo'"),
    ({"status": ["xyz"]}, "Invalid filter 'status=xyz'"),
    ({"name": ["c"], "status": ["running", "sleepy"]}, "Invalid filter 'status=sleepy'"),
])
def test_containers_refused_with_the_daemons_words(sim: SimBackend, filters: dict[str, list[str]],
                                                   message: str) -> None:
    """An unknown key or a bad status is InvalidArgument, before anything is filtered."""
    with pytest.raises(InvalidArgument) as info:
        sim.containers(filters)
    assert info.value.message == message and info.value.from_daemon


@pytest.mark.parametrize("filters, message", [
    ({"foo": ["1"]}, "Invalid filter 'foo'"),
    ({"dangling": ["maybe"]}, "invalid value for filter 'dangling', must be \"true\" (or "
                              "\"1\"), or \"false\" (or \"0\")"),
    ({"dangling": ["true", "false"]}, 'got more than one value for filter key "dangling"'),
])
def test_networks_refused_with_the_daemons_words(sim: SimBackend, filters: dict[str, list[str]],
                                                 message: str) -> None:
    """An unknown key or a bad dangling value is InvalidArgument (the daemon's 400)."""
    with pytest.raises(InvalidArgument) as info:
        sim.networks(filters)
    assert info.value.message == message


def test_a_bad_network_type_is_the_daemons_500(sim: SimBackend) -> None:
    """type=weird: a plain DockerError (engine 20.10 answers 500), not InvalidArgument."""
    with pytest.raises(DockerError) as info:
        sim.networks({"type": ["weird"]})
    assert type(info.value) is DockerError
    assert info.value.message == "invalid filter: 'type'='weird'"


def test_before_and_since_need_a_container(sim: SimBackend) -> None:
    """``before``/``since`` naming no container: the daemon's 500, in its own words."""
    for key in ("before", "since"):
        with pytest.raises(DockerError) as info:
            sim.containers({key: ["nosuch"]})
        assert type(info.value) is DockerError
        assert info.value.message == "no such container nosuch"


@pytest.mark.parametrize("filters, error, message", [
    ({"foo": ["bar"]}, InvalidArgument, "invalid filter 'foo'"),
    ({"status": ["xyz"]}, InvalidArgument, "invalid filter 'status=xyz': invalid value for "
     "state (xyz): must be one of created, running, paused, restarting, removing, exited, dead"),
    ({"since": ["nosuch"]}, NotFound, "No such container: nosuch"),
])
def test_engine_28_5_words_its_refusals_its_own_way(filters: dict[str, list[str]],
                                                    error: type[DockerError],
                                                    message: str) -> None:
    """The 28.5 profile refuses in 28.5.2's words and status (404 for an unknown bound)."""
    backend = SimBackend(seed=0, profile=ENGINE_28_5)
    with pytest.raises(DockerError) as info:
        backend.containers(filters)
    assert (type(info.value), info.value.message) == (error, message)
    with pytest.raises(InvalidArgument, match="^invalid filter 'foo'$"):
        backend.networks({"foo": ["1"]})


def test_before_and_since_bound_by_creation(sim: SimBackend) -> None:
    """before=c3 keeps c1, c2; since=c1 keeps c2, c3 (oldest first, every state)."""
    assert [c.name for c in sim.containers({"before": ["c3"]})] == ["c1", "c2"]
    assert [c.name for c in sim.containers({"since": ["c1"]})] == ["c2", "c3"]


def test_container_keys_select_as_the_daemon_does(sim: SimBackend) -> None:
    """OR within a key, AND across keys; name is a regular expression found anywhere."""
    assert names(sim.containers()) == ["c1", "c2", "c3"]
    assert names(sim.containers({"name": ["^/c1$", "c3"]})) == ["c1", "c3"]
    assert names(sim.containers({"name": ["c"], "status": ["exited"]})) == ["c2"]
    assert names(sim.containers({"network": ["web1"]})) == ["c1"]
    assert names(sim.containers({"label": ["tier=front"]})) == ["c1"]
    assert names(sim.containers({"label": ["tier"], "status": ["exited"]})) == []
    assert names(sim.containers({"publish": ["8080"]})) == ["c1"]
    assert names(sim.containers({"expose": ["80/tcp"]})) == ["c1"]
    assert names(sim.containers({"ancestor": ["busybox"]})) == ["c1", "c2", "c3"]
    assert names(sim.containers({"exited": ["137", "0"]})) == ["c2"]
    assert names(sim.containers({"id": [sim.container("c2").id[:6]]})) == ["c2"]


def test_network_keys_select_as_the_daemon_does(sim: SimBackend) -> None:
    """driver exact, label key[=value], type builtin/custom, dangling (no members)."""
    assert names(sim.networks({"name": ["web"]})) == ["web1", "web2"]
    assert names(sim.networks({"driver": ["null", "host"]})) == ["host", "none"]
    assert names(sim.networks({"label": ["team=red"]})) == ["web1"]
    assert names(sim.networks({"type": ["builtin"]})) == ["bridge", "host", "none"]
    assert names(sim.networks({"dangling": ["1"]})) == ["web2"]
    assert names(sim.networks({"dangling": ["false"], "type": ["custom"]})) == ["web1"]


def test_no_filters_keep_everything(sim: SimBackend) -> None:
    """None or an empty mapping keep every object, in order."""
    everyone = sim.containers()
    assert filter_containers(everyone, None) == filter_containers(everyone, {}) == everyone
    assert filter_networks(sim.networks(), {}) == sim.networks()
