"""coursekit.wire: models to the Engine API's documents and back, as the CLI prints them.

The topologies are those the simulator goes through over the golden scenarios
(tests/scenarios/*.txt), a snapshot after every step, for each engine profile (28.5 and
20.10), written and read in that engine's :class:`~coursekit.wire.Shape` (the recorded
documents of both engines are tests/cli/test_inspect.py's). Decoding an encoded document gives
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
from coursekit.backends.sim.backend import SimBackend
from coursekit.cli.render.text import dump_json
from coursekit.models import Container, Network, Topology
from coursekit.profiles import PROFILES
from coursekit.wire.ports import port_key

SCENARIOS = sorted(scenarios())
ENGINES = ("28.5", "20.10")
CASES = [pytest.param(engine, name, id=f"{engine}:{name}")
         for engine in ENGINES for name in SCENARIOS]
ORDER = """\
docker network create zeta
docker network create alpha
docker run -d --name multi --network zeta busybox sleep 1d
docker network connect bridge multi
docker network connect alpha multi
docker run -d --name tagged --label tier=web -p 8081:80 --expose 9000 busybox sleep 1d
"""
"""Attachment order that is not name order (zeta, bridge, alpha), labels and ports."""


def _steps(lines: list[str], engine: str = "28.5") -> Iterator[tuple[Lab, Topology]]:
    lab = Lab(backend="sim", engine=engine)
    for line in lines:
        lab.sh(line)
        yield lab, lab.snapshot()


@cache
def _topologies(engine: str, name: str) -> list[Topology]:
    return [topology for _, topology in _steps([s.line for s in scenarios()[name]], engine)]


def _shape(engine: str) -> wire.Shape:
    return PROFILES[engine].shape


def _carried(c: Container) -> Container:
    """What a container document carries of ``c`` (not what its processes did: listening
    ports, execs, addresses contacted, nor the list view's memory of a failed start).
    ``HostConfig.PortBindings`` is a map, which the engine writes with its keys sorted:
    the requests come back in that order."""
    requests = tuple(sorted(c.port_requests, key=port_key))
    c = replace(c, listening=(), execs=0, contacted=(), port_requests=requests,
                listed_endpoints=())
    if c.running:
        return c
    return replace(c, endpoints=tuple(sorted(c.endpoints, key=lambda ep: (
        ep.network_name != c.network_mode.network_name, ep.network_name))))


def _carried_network(net: Network) -> Network:
    """What a network document carries of ``net``."""
    members = tuple(sorted(net.members, key=lambda m: m.container_id))
    return replace(net, members=members, ipam_gateway_shown=net.ipam_gateway_shown and
                   net.subnet is not None)


@pytest.mark.parametrize(("engine", "name"), CASES)
def test_containers_come_back_from_their_documents(engine: str, name: str) -> None:
    """decode(encode(c), c.interfaces) == c for every container of every step."""
    shape = _shape(engine)
    for topology in _topologies(engine, name):
        for c in topology.containers:
            doc = wire.encode_container(c, shape)
            assert wire.decode_container(doc, c.interfaces, shape=shape) == _carried(c)


@pytest.mark.parametrize(("engine", "name"), CASES)
def test_networks_come_back_from_their_documents(engine: str, name: str) -> None:
    """decode(encode(n)) == n for every network of every step."""
    shape = _shape(engine)
    for topology in _topologies(engine, name):
        for net in topology.networks:
            doc = wire.encode_network(net, shape)
            assert wire.decode_network(doc, shape=shape) == _carried_network(net)


@pytest.mark.parametrize(("engine", "name"), CASES)
def test_documents_are_what_docker_inspect_prints(engine: str, name: str) -> None:
    """``docker inspect ID`` and ``docker network inspect ID`` print the documents in the
    shape of the engine the lab plays."""
    lab = Lab(backend="sim", engine=engine)
    for step in scenarios()[name]:
        lab.sh(step.line)
    topology, shape = lab.snapshot(), _shape(engine)
    for c in topology.containers:
        printed = lab.sh(f"docker inspect {c.id}").stdout
        assert printed == dump_json([wire.encode_container(c, shape)])
    for net in topology.networks:
        printed = lab.sh(f"docker network inspect {net.id}").stdout
        assert printed == dump_json([wire.encode_network(net, shape)])


@pytest.mark.parametrize("engine", ENGINES)
def test_running_endpoints_come_back_in_attachment_order(engine: str) -> None:
    """eth0, eth1, eth2 on zeta, bridge, alpha: the interfaces give the order back."""
    *_, (_lab, topology) = _steps(ORDER.splitlines(), engine)
    multi = topology.container("multi")
    assert multi is not None
    doc = wire.encode_container(multi, _shape(engine))
    back = wire.decode_container(doc, multi.interfaces, shape=_shape(engine))
    assert [ep.network_name for ep in back.endpoints] == ["zeta", "bridge", "alpha"]
    assert [ep.ifname for ep in back.endpoints] == ["eth0", "eth1", "eth2"]


@pytest.mark.parametrize("engine", ENGINES)
def test_stopped_endpoints_come_back_primary_first_then_by_name(engine: str) -> None:
    """Without interfaces the NetworkMode's network comes first, then the others by name."""
    *_, (lab, _) = _steps([*ORDER.splitlines(), "docker stop multi"], engine)
    stopped = lab.snapshot().container("multi")
    assert stopped is not None and not stopped.interfaces
    back = wire.decode_container(wire.encode_container(stopped, _shape(engine)),
                                 shape=_shape(engine))
    assert [ep.network_name for ep in back.endpoints] == ["zeta", "alpha", "bridge"]
    assert back == _carried(stopped)


@pytest.mark.parametrize("engine", ENGINES)
def test_labels_and_ports_survive_and_hidden_labels_are_left_out(engine: str) -> None:
    """Labels, -p and --expose round trip; ``hidden_labels`` drops bookkeeping keys."""
    *_, (_, topology) = _steps(ORDER.splitlines(), engine)
    tagged = topology.container("tagged")
    assert tagged is not None
    doc = wire.encode_container(tagged, _shape(engine))
    assert doc["Config"]["ExposedPorts"] == {"80/tcp": {}, "9000/tcp": {}}
    assert wire.decode_container(doc, tagged.interfaces, shape=_shape(engine)) == \
        _carried(tagged)
    assert wire.decode_container(doc, hidden_labels=("tier",)).labels == ()


def test_a_network_without_gateway_in_ipam_gets_the_daemons_default() -> None:
    """``--subnet`` alone: the reader derives the gateway the daemon took (first address)."""
    lab = Lab(backend="sim", engine="20.10")
    lab.sh("docker network create --subnet 10.56.0.0/24 --ip-range 10.56.0.128/25 pools")
    net = lab.snapshot().network("pools")
    assert net is not None
    doc = wire.encode_network(replace(net, ipam_gateway_shown=False))
    assert "Gateway" not in doc["IPAM"]["Config"][0]
    assert wire.decode_network(doc).gateway == "10.56.0.128"


def test_the_default_shape_is_engine_20_10() -> None:
    """Every function defaults to engine 20.10's documents; naming the shape changes nothing."""
    c = next(c for topology in _topologies("20.10", "08-links") for c in topology.containers)
    shape = wire.Shape(engine="20.10")
    assert shape == wire.ENGINE_20_10
    assert wire.encode_container(c, shape) == wire.encode_container(c)
    assert wire.decode_container(wire.encode_container(c), shape=shape) == \
        wire.decode_container(wire.encode_container(c))


def test_the_two_shapes_differ_where_the_engines_do() -> None:
    """A 28.5 container in both shapes: only 28.5's lists GwPriority, DNSNames, EnableIPv4."""
    *_, (_, topology) = _steps(ORDER.splitlines(), "28.5")
    multi, zeta = topology.container("multi"), topology.network("zeta")
    assert multi is not None and zeta is not None
    new, old = (wire.encode_container(multi, shape) for shape in (wire.ENGINE_28_5,
                                                                  wire.ENGINE_20_10))
    assert "DNSNames" in new["NetworkSettings"]["Networks"]["zeta"]
    assert "DNSNames" not in old["NetworkSettings"]["Networks"]["zeta"]
    assert list(new["NetworkSettings"])[:4] == ["Bridge", "SandboxID", "SandboxKey", "Ports"]
    assert "EnableIPv4" in wire.encode_network(zeta, wire.ENGINE_28_5)
    assert "EnableIPv4" not in wire.encode_network(zeta)


NEW_STATE = """\
docker network create --ipv6 --subnet fd00:7::/64 v6
docker run -d --name a6 --network v6 busybox sleep 1d
docker network create -d macvlan mv
docker run -d --name m1 --network mv busybox sleep 1d
docker network create --internal inet
docker run -d --name hid --network inet -p 8090:80 busybox sleep 1d
"""
"""IPv6 addresses, a macvlan child with its dummy parent (on a kernel that makes them),
ports hidden by --internal."""


@pytest.mark.parametrize("engine", ENGINES)
def test_ipv6_macvlan_and_hidden_ports_survive_the_documents(engine: str) -> None:
    """GlobalIPv6Address, the v6 IPAM entry, the parent and ports_hidden come back."""
    shape = _shape(engine)
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    lab.run(*NEW_STATE.splitlines())
    topology = lab.snapshot()
    for c in topology.containers:
        doc = wire.encode_container(c, shape)
        assert wire.decode_container(doc, c.interfaces, shape=shape) == _carried(c)
    for net in topology.networks:
        assert wire.decode_network(wire.encode_network(net, shape), shape=shape) == \
            _carried_network(net)
    a6, hid, mv = topology.container("a6"), topology.container("hid"), topology.network("mv")
    assert a6 is not None and a6.endpoints[0].ipv6 == "fd00:7::2"
    assert hid is not None and hid.ports_hidden and not a6.ports_hidden
    assert mv is not None and mv.parent == f"dm-{mv.id[:12]}"
