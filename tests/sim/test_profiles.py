"""Engine profiles in the simulator: each strategy on both engines (backends.sim.profiles).

Every expected value was observed on the live engines (tests/golden/20.10 and
tests/golden/28.5, their iptables/*.json ``ip -o link``; tests/cli/data/engine_observed*.json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from engine_support import THIS_MACHINE
from profile_labs import BOTH, lab, run, sim
from scenarios import scenarios

from coursekit import Lab
from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.backends.sim.profiles import SimProfile, for_topology, strategies
from coursekit.backends.sim.profiles.endpoints import AtCreate, AtStart, DnsNames, ShortIdAlias
from coursekit.backends.sim.profiles.files import CopiedFiles, GeneratedFiles
from coursekit.backends.sim.profiles.links import FromIPv4, HostPairs, NetnsLocal, RandomLocal
from coursekit.backends.sim.profiles.pools import FirstFree, RoundRobin
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5, PROFILES

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "coursekit" / "backends" / "sim"
GOLDEN = ROOT / "tests" / "golden"


# ---- the mapping ---------------------------------------------------------------------


def test_names_become_the_strategies_in_one_place() -> None:
    """28.5: random MACs, first free pools, netns numbering...; 20.10 the older ones."""
    new, old = strategies(ENGINE_28_5), strategies(ENGINE_20_10)
    assert (new.macs, new.pools, new.numbering) == (RandomLocal(), FirstFree(), NetnsLocal())
    assert (old.macs, old.pools, old.numbering) == (FromIPv4(), RoundRobin(), HostPairs())
    assert (new.checks, new.names, new.files) == (AtCreate(), DnsNames(), GeneratedFiles())
    assert (old.checks, old.names, old.files) == (AtStart(), ShortIdAlias(), CopiedFiles())
    assert (str(new.unnamed_mode), str(old.unnamed_mode)) == ("bridge", "default")
    assert (new.bridge_gateway_shown, old.bridge_gateway_shown) == (True, False)
    assert (new.loopback.ipv6, old.loopback.ipv6) == (("::1/128",), ())


@pytest.mark.parametrize(("version", "engine"), [("28.5.2+dfsg4", "28.5"), ("27.3.1", "28.5"),
                                                 ("20.10.24+dfsg1", "20.10"), ("", "28.5")])
def test_the_userland_reads_the_engine_from_the_topology(version: str, engine: str) -> None:
    """The userland picks the strategies by the engine version its topology names."""
    from dataclasses import replace

    topology = replace(sim("28.5").snapshot(), engine_version=version)
    assert for_topology(topology) == strategies(PROFILES[engine])


def test_daemon_and_userland_never_ask_which_version() -> None:
    """No module outside profiles/ branches on a profile's name or an engine version."""
    pattern = re.compile(r"(profile|engine)\.name\s*(==|!=|in\b)|engine_version\s*(==|!=)|"
                         r"(==|!=)\s*\"(28\.5|20\.10)\"")
    offending = [f"{path.relative_to(SIM)}: {line.strip()}"
                 for path in sorted(SIM.rglob("*.py")) if "profiles" not in path.parts
                 for line in path.read_text().splitlines() if pattern.search(line)]
    assert offending == []


# ---- MACs and interface numbering ----------------------------------------------------


def macs(backend: SimBackend) -> list[str]:
    """The containers' MACs, then the bridges' (docker0, br-*; not libvirt's virbr0)."""
    return [ep.mac for c in backend.containers() for ep in c.endpoints] + [
        i.mac for i in backend.snapshot().host_interfaces
        if i.kind == "bridge" and i.name != "virbr0"]


def macs_for(engine: str, seed: int) -> list[str]:
    backend = sim(engine, seed)
    backend.create_network(NetworkSpec("n1"))
    run(backend, "c1", "n1")
    return macs(backend)


def test_20_10_derives_container_macs_from_the_address() -> None:
    """02:42 + the IPv4 bytes; bridges 02:42 + seeded bytes (20.10 02-ip-changes step 8)."""
    first = macs_for("20.10", 0)
    assert first[0] == "02:42:ac:12:00:02" and all(m.startswith("02:42:") for m in first)
    assert first == macs_for("20.10", 0) != macs_for("20.10", 1)  # bridges: by the seed


def test_28_5_draws_every_mac_from_the_seed() -> None:
    """Random and locally administered, bridges too; the same seed gives the same bytes
    (28.5 02-ip-changes step 8, iptables/*.json ``ip -o link``)."""
    first = macs_for("28.5", 0)
    assert first == macs_for("28.5", 0) and first != macs_for("28.5", 1)
    assert not any(m.startswith("02:42:") for m in first)
    assert all(int(m[:2], 16) & 0x03 == 0x02 for m in first)  # local, unicast


def host_veths(text: str) -> list[tuple[int, int, str]]:
    """(index, peer index, bridge) of each veth line of ``ip -o link``."""
    found = re.findall(r"^(\d+): veth[0-9a-f]{7}@if(\d+):.* master (\S+) ", text, re.M)
    return [(int(index), int(peer), master) for index, peer, master in found]


def before_cleanup(engine: str, name: str) -> Lab:
    """The scenario run up to its trailing ``docker rm``/``docker network rm`` steps (where
    tests/support/observe.py took the recorded ``ip -o link``), on the recording machine's
    kernel (no SCTP: 15-ports-networks' ``-p 3868:3868/sctp`` container gets no veth)."""
    steps = [s.line for s in scenarios()[name]]
    while steps and re.match(r"docker (network )?rm ", steps[-1]):
        steps.pop()
    played = Lab.using(SimBackend(seed=0, profile=PROFILES[engine], **THIS_MACHINE))
    for line in steps:
        played.sh(line)
    return played


RECORDED_LINKS = sorted(p.stem for p in (GOLDEN / "28.5" / "iptables").glob("[0-9]*.json"))
"""The scenarios' recordings (``observed-user-rules.json`` is a log of commands, not one)."""


@pytest.mark.parametrize("name", RECORDED_LINKS)
def test_host_ends_are_numbered_as_recorded(name: str) -> None:
    """28.5: host ends show the container-side index (``@if2``, ``@if3``), as recorded;
    20.10: the pair is made on the host, the container end just before the host end."""
    recorded = {engine: host_veths(json.loads(
        (GOLDEN / engine / "iptables" / f"{name}.json").read_text())["ip -o link"])
        for engine in PROFILES}
    new = host_veths(before_cleanup("28.5", name).sh("ip -o link").stdout)
    old = host_veths(before_cleanup("20.10", name).sh("ip -o link").stdout)
    assert {peer for _, peer, _ in new} <= {peer for _, peer, _ in recorded["28.5"]}
    assert all(peer == index - 1 for index, peer, _ in old + recorded["20.10"])
    assert len(old) == len(recorded["20.10"])


@BOTH
def test_a_second_network_is_eth1(engine: str) -> None:
    """``docker network connect``: eth1; 28.5 numbers it 3 in the namespace."""
    backend = sim(engine)
    backend.create_network(NetworkSpec("n1"))
    run(backend, "c1")
    backend.connect("n1", "c1")
    eth0, eth1 = backend.container("c1").interfaces[1:]
    host = {i.index: i for i in backend.snapshot().host_interfaces}
    assert (eth0.name, eth1.name) == ("eth0", "eth1")
    assert host[eth1.peer_index or 0].peer_index == eth1.index  # the pair names itself
    expected = (2, 3) if engine == "28.5" else (eth0.peer_index - 1, eth1.peer_index - 1)  # type: ignore[operator]
    assert (eth0.index, eth1.index) == expected


@pytest.mark.parametrize(("engine", "lo6"), [("28.5", True), ("20.10", False)])
@pytest.mark.parametrize("mode", ["", "none"])
def test_container_loopback(engine: str, lo6: bool, mode: str) -> None:
    """``inet6 ::1/128 scope host`` on a 28.5 container's lo (03-bridge 5, 05-none 2)."""
    played = lab(engine)
    played.sh(f"docker run -d --name c1 {'--network ' + mode if mode else ''} busybox sleep 1d")
    assert ("inet6 ::1/128 scope host" in played.sh("docker exec c1 ip addr").stdout) == lo6


# ---- pools ---------------------------------------------------------------------------


@pytest.mark.parametrize(("engine", "second"), [("28.5", "172.18.0.0/16"),
                                                ("20.10", "172.19.0.0/16")])
def test_a_freed_pool(engine: str, second: str) -> None:
    """p1, rm p1, p2: first free (28.5) takes 172.18 again, round-robin (20.10) 172.19."""
    backend = sim(engine)
    assert backend.create_network(NetworkSpec("p1")).subnet == "172.18.0.0/16"
    backend.remove_network("p1")
    assert backend.create_network(NetworkSpec("p2")).subnet == second


# ---- files ---------------------------------------------------------------------------


HOST = "nameserver 10.0.2.3\n"
GENERATED = ("# Generated by Docker Engine.\n# This file can be edited; Docker Engine will "
             "not make further changes once it\n# has been modified.\n\n")


@pytest.mark.parametrize(("engine", "on_user", "on_bridge"), [
    ("20.10", "nameserver 127.0.0.11\noptions ndots:0\n", HOST),
    ("28.5", GENERATED + "nameserver 127.0.0.11\noptions ndots:0\n\n# Based on host file: "
     "'/etc/resolv.conf' (internal resolver)\n# ExtServers: [host(10.0.2.3)]\n"
     "# Overrides: []\n# Option ndots from: internal\n",
     GENERATED + HOST + "\n# Based on host file: '/etc/resolv.conf' (legacy)\n"
     "# Overrides: []\n"),
])
def test_resolv_conf(engine: str, on_user: str, on_bridge: str) -> None:
    """07-user-defined step 6 (a user network), 11-profiles step 2 (the default bridge)."""
    played = lab(engine)
    played.sh("docker network create n1")
    played.sh("docker run -d --name u1 --network n1 busybox sleep 1d")
    played.sh("docker run -d --name c2 busybox sleep 1d")
    assert played.sh("docker exec u1 cat /etc/resolv.conf").stdout == on_user
    assert played.sh("docker exec c2 cat /etc/resolv.conf").stdout == on_bridge
    lookup = played.sh("docker exec u1 nslookup c2")
    assert lookup.stdout.startswith("Server:\t\t127.0.0.11\n")  # the first nameserver


@pytest.mark.parametrize(("engine", "expected"), [
    ("20.10", HOST),
    ("28.5", GENERATED + HOST + "\n# Based on host file: '/etc/resolv.conf'\n# Overrides: []\n")])
def test_resolv_conf_in_host_mode(engine: str, expected: str) -> None:
    """``--network host``: 20.10 copies the host's file, 28.5 generates it without naming a
    resolver (11-profiles step 26); the host's own file stays as it is."""
    played = lab(engine)
    assert played.sh("docker run --rm --network host busybox cat /etc/resolv.conf").stdout == (
        expected)
    assert played.sh("cat /etc/resolv.conf").stdout == HOST


@pytest.mark.parametrize(("engine", "localnet"), [("20.10", "fe00::0\tip6-localnet\nff00::0\t"),
                                                  ("28.5", "fe00::\tip6-localnet\nff00::\t")])
def test_hosts_header(engine: str, localnet: str) -> None:
    """03-bridge step 10, 08-links step 3."""
    played = lab(engine)
    played.sh("docker run -d --name c1 busybox sleep 1d")
    assert localnet in played.sh("docker exec c1 cat /etc/hosts").stdout



def test_profile_data_is_frozen() -> None:
    """A profile's strategies cannot be changed by accident (one object per engine)."""
    with pytest.raises(AttributeError):
        strategies(ENGINE_28_5).bridge_gateway_shown = False  # type: ignore[misc]
    assert isinstance(strategies(ENGINE_28_5), SimProfile)
