"""Contract: the shell simulator, fed a real engine's Topology, prints what the engine prints.

A small lab is built on the real Engine (user network with an alias, default bridge
with a legacy link, ``none``, ``container:``); ``lab.snapshot()`` of that engine goes
into :func:`run_in_container`, and every command's output must equal ``docker exec``'s
(round-trip times aside; nslookup compared as a set of lines, its A/AAAA order varies).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.backends.sim.userland.shell import run_in_container
from coursekit.models import NetworkMode


def _normal(text: str) -> str:
    """Timings, and the machine's own resolver that 28.5 names in resolv.conf's comments."""
    text = re.sub(r"^# ExtServers: \[host\([^)]*\)\]$", "# ExtServers: [host(R)]", text,
                  flags=re.M)
    return re.sub(r"time=\d+\.\d+|= [\d./]+ ms", "T", text)


@pytest.fixture
def built(engine_backend: Any, lab_label: str) -> tuple[Any, dict[str, str]]:
    """The lab on the engine; returns the backend and role -> container name."""
    tag = lab_label[-6:]
    names = {role: f"hs2{role}{tag}" for role in ("p1", "p2", "p3", "p4", "p5", "p6")}
    engine_backend.create_network(NetworkSpec(f"hs2net{tag}"))
    specs = [
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p1"],
                      network=NetworkMode.parse(f"hs2net{tag}")),
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p2"],
                      network=NetworkMode.parse(f"hs2net{tag}"),
                      aliases=("svc",)),
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p3"]),
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p4"],
                      links=(f"{names['p3']}:alias3",)),
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p5"], network=NetworkMode("none")),
        ContainerSpec("busybox", ("sleep", "1d"), name=names["p6"],
                      network=NetworkMode.parse(f"container:{names['p1']}")),
    ]
    for spec in specs:
        created, _ = engine_backend.create_container(spec)
        engine_backend.start(created.id)
    return engine_backend, names


def test_simulated_commands_match_the_engine(built: tuple[Any, dict[str, str]]) -> None:
    """ip, ping, hosts, resolv.conf, hostname, nslookup, exec errors: all as docker exec."""
    backend, n = built
    topo = backend.snapshot()
    ip1 = topo.container(n["p1"]).endpoints[0].ip
    ip3 = topo.container(n["p3"]).endpoints[0].ip
    ping = ("ping", "-c", "1", "-W", "1")
    cases = [
        (n["p1"], (*ping, "svc")), (n["p1"], (*ping, n["p2"])), (n["p4"], (*ping, "alias3")),
        (n["p3"], (*ping, n["p1"])), (n["p3"], (*ping, ip1)), (n["p5"], (*ping, ip3)),
        (n["p1"], ("ip", "addr")), (n["p1"], ("ip", "-o", "addr")), (n["p1"], ("ip", "route")),
        (n["p5"], ("ip", "addr")), (n["p6"], ("ip", "addr")), (n["p6"], ("hostname",)),
        (n["p4"], ("cat", "/etc/hosts")), (n["p6"], ("cat", "/etc/hosts")),
        (n["p1"], ("cat", "/etc/resolv.conf")), (n["p4"], ("hostname", "-i")),
        (n["p3"], ("nosuchcmd",)), (n["p1"], ("nslookup", n["p2"])),
        (n["p1"], ("nslookup", "svc")), (n["p1"], ("nslookup", ip1)),
    ]
    diffs = []
    for name, argv in cases:
        real, sim = backend.exec(name, argv), run_in_container(topo, name, argv)
        if argv[0] == "nslookup":
            same = (set(real.stdout.splitlines()), real.exit_code) == \
                (set(sim.stdout.splitlines()), sim.exit_code)
        else:
            same = (_normal(real.stdout), _normal(real.stderr), real.exit_code) == \
                (_normal(sim.stdout), _normal(sim.stderr), sim.exit_code)
        if not same:
            diffs.append(f"{name} {' '.join(argv)}\n engine: {real!r}\n sim:    {sim!r}")
    assert not diffs, "\n".join(diffs)
