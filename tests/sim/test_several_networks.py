"""Several ``--network`` values at create, as each engine answers them (observed on 28.5.2
and 20.10.24 with their CLIs; tests/scenarios/24-several-networks.txt holds the lines
both engines replay)."""

from __future__ import annotations

import pytest

from coursekit.api.requests import container_spec
from coursekit.backends.sim import SimBackend
from coursekit.cli import run_line
from coursekit.errors import InvalidArgument
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5

HELP = "\n\nRun 'docker run --help' for more information\n"


def test_28_5_gives_an_endpoint_on_each_and_the_first_takes_the_options() -> None:
    backend = SimBackend(seed=0, profile=ENGINE_28_5)
    for name, subnet in (("sa", "10.31.0.0/24"), ("sb", "10.32.0.0/24")):
        run_line(backend, f"docker network create --subnet {subnet} {name}")
    assert run_line(backend, "docker run -d --name s1 --network sb --network sa "
                             "--ip 10.32.0.9 --network-alias web busybox sleep 1d").exit_code == 0
    c = backend.container("s1")
    assert str(c.network_mode) == "sb"
    by_net = {ep.network_name: ep for ep in c.endpoints}
    assert (by_net["sb"].ip, by_net["sb"].aliases) == ("10.32.0.9", ("web",))
    assert (by_net["sa"].ip, by_net["sa"].aliases) == ("10.31.0.2", ())


def test_28_5_ignores_the_others_in_container_mode() -> None:
    """``--network container:own --network bridge`` runs in own's namespace, no endpoint."""
    backend = SimBackend(seed=0, profile=ENGINE_28_5)
    run_line(backend, "docker run -d --name own busybox sleep 1d")
    done = run_line(backend, "docker run -d --name k5 --network container:own "
                             "--network bridge busybox sleep 1d")
    assert done.exit_code == 0
    c = backend.container("k5")
    assert c.running and c.endpoints == () and c.network_mode.kind == "container"


@pytest.mark.parametrize("modes", ["host --network none", "none --network bridge",
                                   "bridge --network host"])
def test_28_5_says_plainly_that_predefined_pairs_are_not_simulated(modes: str) -> None:
    """The engine fails their start in several ways; the lab refuses them, saying so."""
    backend = SimBackend(seed=0, profile=ENGINE_28_5)
    done = run_line(backend, f"docker run -d --name k --network {modes} busybox sleep 1d")
    assert done.exit_code == 1 and done.stdout == ""
    assert "is not simulated in this lab" in done.stderr and "Traceback" not in done.stderr
    assert backend.containers() == ()


def test_20_10_refuses_any_two_networks_predefined_ones_too() -> None:
    backend = SimBackend(seed=0, profile=ENGINE_20_10)
    done = run_line(backend, "docker run -d --network host --network none busybox sleep 1d")
    assert (done.stdout, done.stderr, done.exit_code) == (
        "", "docker: Error response from daemon: Container cannot be connected to network "
        "endpoints: host, none" + HELP, 125)


def test_the_server_refuses_settings_on_a_network_besides_the_containers_own() -> None:
    """``--network name=b,alias=x`` from the real CLI: not silently dropped."""
    body = {"Image": "busybox", "HostConfig": {"NetworkMode": "a"},
            "NetworkingConfig": {"EndpointsConfig": {"a": {}, "b": {"Aliases": ["x"]}}}}
    with pytest.raises(InvalidArgument, match="not simulated"):
        container_spec(body, "k")
    plain = {**body, "NetworkingConfig": {"EndpointsConfig": {"a": {"Aliases": ["x"]},
                                                              "b": {}}}}
    spec = container_spec(plain, "k")
    assert (spec.networks, str(spec.network), spec.aliases) == (("a", "b"), "a", ("x",))
