"""coursekit.wire: models to the Engine API's documents and back, as the CLI prints them.

The topologies are those the simulator goes through over the golden scenarios
(tests/scenarios/*.txt), a snapshot after every step. Decoding an encoded document gives
the model back but for what the API does not carry: a container's ``listening`` ports,
a stopped container's endpoint order (the JSON sorts networks by name), a network's
members' order (sorted by container id) and, on host and none (no IPAM Config),
``ipam_gateway_shown``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

import pytest
from scenarios import scenarios

from coursekit import Lab, wire
from coursekit.cli.render.text import dump_json
from coursekit.models import Container, Network, Topology

SCENARIOS = sorted(scenarios())
ORDER = """\
docker network create zeta
docker network create alpha
docker run -d --name multi --network zeta busybox sleep 1d
docker network connect bridge multi
docker network connect alpha multi
docker run -d --name tagged --label tier=web -p 8081:80 --expose 9000 busybox sleep 1d
"""
"""Attachment order that is not name order (zeta, bridge, alpha), labels and ports."""


def _steps(lines: list[str]) -> Iterator[tuple[Lab, Topology]]:
    lab = Lab(backend="sim")
    for line in lines:
        lab.sh(line)
        yield lab, lab.snapshot()


@cache
def _topologies(name: str) -> list[Topology]:
    return [topology for _, topology in _steps([s.line for s in scenarios()[name]])]


def _carried(c: Container) -> Container:
    """What a container document carries of ``c``."""
    c = replace(c, listening=())
    if c.running:
        return c
    return replace(c, endpoints=tuple(sorted(c.endpoints, key=lambda ep: (
        ep.network_name != c.network_mode.network_name, ep.network_name))))


def _carried_network(net: Network) -> Network:
    """What a network document carries of ``net``."""
    members = tuple(sorted(net.members, key=lambda m: m.container_id))
    return replace(net, members=members, ipam_gateway_shown=net.ipam_gateway_shown and
                   net.subnet is not None)


@pytest.mark.parametrize("name", SCENARIOS)
def test_containers_come_back_from_their_documents(name: str) -> None:
    """decode(encode(c), c.interfaces) == c for every container of every step."""
    for topology in _topologies(name):
        for c in topology.containers:
            assert wire.decode_container(wire.encode_container(c), c.interfaces) == _carried(c)


@pytest.mark.parametrize("name", SCENARIOS)
def test_networks_come_back_from_their_documents(name: str) -> None:
    """decode(encode(n)) == n for every network of every step."""
    for topology in _topologies(name):
        for net in topology.networks:
            assert wire.decode_network(wire.encode_network(net)) == _carried_network(net)


@pytest.mark.parametrize("name", SCENARIOS)
def test_documents_are_what_docker_inspect_prints(name: str) -> None:
    """``docker inspect ID`` and ``docker network inspect ID`` print the encoded documents."""
    lab = Lab(backend="sim")
    for step in scenarios()[name]:
        lab.sh(step.line)
    topology = lab.snapshot()
    for c in topology.containers:
        assert lab.sh(f"docker inspect {c.id}").stdout == dump_json([wire.encode_container(c)])
    for net in topology.networks:
        printed = lab.sh(f"docker network inspect {net.id}").stdout
        assert printed == dump_json([wire.encode_network(net)])


def test_running_endpoints_come_back_in_attachment_order() -> None:
    """eth0, eth1, eth2 on zeta, bridge, alpha: the interfaces give the order back."""
    *_, (_lab, topology) = _steps(ORDER.splitlines())
    multi = topology.container("multi")
    assert multi is not None
    back = wire.decode_container(wire.encode_container(multi), multi.interfaces)
    assert [ep.network_name for ep in back.endpoints] == ["zeta", "bridge", "alpha"]
    assert [ep.ifname for ep in back.endpoints] == ["eth0", "eth1", "eth2"]


def test_stopped_endpoints_come_back_primary_first_then_by_name() -> None:
    """Without interfaces the NetworkMode's network comes first, then the others by name."""
    *_, (lab, _) = _steps([*ORDER.splitlines(), "docker stop multi"])
    stopped = lab.snapshot().container("multi")
    assert stopped is not None and not stopped.interfaces
    back = wire.decode_container(wire.encode_container(stopped))
    assert [ep.network_name for ep in back.endpoints] == ["zeta", "alpha", "bridge"]
    assert back == _carried(stopped)


def test_labels_and_ports_survive_and_hidden_labels_are_left_out() -> None:
    """Labels, -p and --expose round trip; ``hidden_labels`` drops bookkeeping keys."""
    *_, (_, topology) = _steps(ORDER.splitlines())
    tagged = topology.container("tagged")
    assert tagged is not None
    doc = wire.encode_container(tagged)
    assert doc["Config"]["ExposedPorts"] == {"80/tcp": {}, "9000/tcp": {}}
    assert wire.decode_container(doc, tagged.interfaces) == _carried(tagged)
    assert wire.decode_container(doc, hidden_labels=("tier",)).labels == ()


def test_a_network_without_gateway_in_ipam_gets_the_daemons_default() -> None:
    """``--subnet`` alone: the reader derives the gateway the daemon took (first address)."""
    lab = Lab(backend="sim")
    lab.sh("docker network create --subnet 10.56.0.0/24 --ip-range 10.56.0.128/25 pools")
    net = lab.snapshot().network("pools")
    assert net is not None
    doc = wire.encode_network(replace(net, ipam_gateway_shown=False))
    assert "Gateway" not in doc["IPAM"]["Config"][0]
    assert wire.decode_network(doc).gateway == "10.56.0.128"


def test_the_default_shape_is_engine_20_10() -> None:
    """Every function defaults to engine 20.10's documents; naming the shape changes nothing."""
    c = next(c for topology in _topologies("08-links") for c in topology.containers)
    shape = wire.Shape(engine="20.10")
    assert shape == wire.ENGINE_20_10
    assert wire.encode_container(c, shape) == wire.encode_container(c)
    assert wire.decode_container(wire.encode_container(c), shape=shape) == \
        wire.decode_container(wire.encode_container(c))
