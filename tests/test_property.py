"""Property-based: random sequences of valid and invalid command lines never break the lab.

After every step no exception escaped ``lab.sh`` (no internal error, a CommandResult with
an int exit code) and the simulator's invariants hold: addresses unique per network and
inside its subnet, the gateway never given to a container, embedded DNS only on
user-defined networks, every veth end has its peer. Each engine profile (28.5, 20.10) is
drawn for: in CI (``CI`` set) at least 2,000 sequences each; locally 200.
"""

from __future__ import annotations

import ipaddress
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.lab import INTERNAL_ERROR
from coursekit.models import Topology
from coursekit.profiles import PROFILES

EXAMPLES = 2000 if os.environ.get("CI") else 200

NAMES = ["c1", "c2", "c3", "web", "db", "x"]
NETS = ["n1", "n2", "bridge", "host", "none", "nosuch"]
SUBNETS = ["10.10.0.0/24", "10.10.0.0/16", "172.18.0.0/16", "192.168.100.0/24", "10.1.0.0/33",
           "bogus"]
IMAGE_CMDS = ["busybox sleep 1d", "busybox httpd -f -p 80", "busybox", "busybox true",
              "alpine sleep 1d", "nginx", "nosuchimage"]

RUN_OPTIONS = ["--add-host db.local:10.0.0.5", "--add-host gw:host-gateway", "--add-host bad",
               "--dns 192.0.2.53", "--dns-search example.com", "--dns-option ndots:2",
               "-e A=1", "--env B", "--hostname h1", "--mac-address 02:42:ac:11:00:99",
               "-p 5353:53/udp", "-p 9000:9000/sctp", "--ip6 fd00::10", "--memory 64m",
               "-v /tmp:/data", "--restart always", "--privileged"]
"""Options beyond the course's own steps: modelled ones, refused ones, bad values."""

name = st.sampled_from(NAMES)
net = st.sampled_from(NETS)
port = st.sampled_from(["8080:80", "8081:80", "127.0.0.1:8090:80", "80", "99999:80", "x:y"])


@st.composite
def run_line(draw: st.DrawFn) -> str:
    parts = ["docker", draw(st.sampled_from(["run -d", "create", "run -d --rm", "run -it"]))]
    if draw(st.booleans()):
        parts.append(f"--name {draw(name)}")
    mode = draw(st.sampled_from(["", "--network", "--net", "container"]))
    if mode == "container":
        parts.append(f"--network container:{draw(name)}")
    elif mode:
        parts.append(f"{mode} {draw(net)}")
    for _ in range(draw(st.integers(0, 2))):
        parts.append(f"-p {draw(port)}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"--ip 10.10.0.{draw(st.integers(0, 256))}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"--network-alias {draw(name)}a")
    if draw(st.integers(0, 5)) == 0:
        parts.append(f"--link {draw(name)}:{draw(name)}l")
    for _ in range(draw(st.integers(0, 2))):
        parts.append(draw(st.sampled_from(RUN_OPTIONS)))
    parts.append(draw(st.sampled_from(IMAGE_CMDS)))
    return " ".join(parts)


NETWORK_OPTIONS = ["--ipv6 --subnet fd00::/64", "--ipv6", "-d macvlan", "-d ipvlan",
                   "-d overlay", "-o com.docker.network.bridge.enable_icc=false",
                   "-o com.docker.network.bridge.enable_ip_masquerade=false",
                   "--aux-address a=10.10.0.9", "--attachable"]


@st.composite
def network_line(draw: st.DrawFn) -> str:
    verb = draw(st.sampled_from(["create", "rm", "connect", "disconnect", "inspect", "ls",
                                 "prune -f"]))
    if verb == "create":
        extra = ""
        if draw(st.booleans()):
            extra += f" --subnet {draw(st.sampled_from(SUBNETS))}"
        if draw(st.integers(0, 3)) == 0:
            extra += " --internal"
        if draw(st.integers(0, 3)) == 0:
            extra += " " + draw(st.sampled_from(NETWORK_OPTIONS))
        return f"docker network create{extra} {draw(net)}"
    if verb in ("connect", "disconnect"):
        return f"docker network {verb} {draw(net)} {draw(name)}"
    if verb in ("rm", "inspect"):
        return f"docker network {verb} {draw(net)}"
    return f"docker network {verb}"


@st.composite
def container_line(draw: st.DrawFn) -> str:
    verb = draw(st.sampled_from(["start", "stop", "restart", "rm", "rm -f", "inspect", "port",
                                 "logs", "logs -f", "pause", "unpause", "kill", "kill -s TERM",
                                 "top", "wait"]))
    if draw(st.integers(0, 6)) == 0:
        return f"docker rename {draw(name)} {draw(name)}"
    return f"docker {verb} {draw(name)}"


@st.composite
def exec_line(draw: st.DrawFn) -> str:
    target = draw(st.sampled_from([*NAMES, "172.17.0.2", "10.10.0.2", "127.0.0.1", "8.8.8.8",
                                   "example.com", "fd00::2"]))
    cmd = draw(st.sampled_from([f"ping -c 1 -W 1 {target}", f"nslookup {target}", "ip addr",
                                "cat /etc/hosts", "cat /etc/resolv.conf", "ip route",
                                f"wget -qO- http://{target}:80/", "nosuchcmd", "hostname",
                                "ps", "route -n", "netstat -tlnu", "env", "ip neigh",
                                "ip -6 addr", "arp -a", "ls /etc", f"ping -c 1 -W 1 {target}"]))
    where = draw(st.sampled_from(["docker exec " + draw(name), "docker exec -it " + draw(name),
                                  ""]))
    return f"{where} {cmd}".strip()


garbage = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(["docker", "network", "run", "-d", "--name", "-p", "--", "'", '"',
                              "|", "tail", "-n", "grep", "x", "--network", "container:",
                              "-it", "--format", "{{.Name}}", "{{", "&&", "$(", "\\"]),
                     max_size=8).map(" ".join),
)

any_line = st.one_of(run_line(), network_line(), container_line(), exec_line(), garbage,
                     st.sampled_from(["docker ps -a", "docker network ls", "ip addr",
                                      "docker container prune -f", "ss -ltnp",
                                      "docker ps --format '{{.Names}}'", "ifconfig | grep docker",
                                      "docker inspect c1 | tail -n 20"]))


def check_invariants(topo: Topology) -> None:
    """Raise AssertionError if the lab's state breaks a rule a real engine keeps."""
    nets = {n.name: n for n in topo.networks}
    for network in topo.networks:
        if not network.subnet:
            continue
        subnet = ipaddress.ip_network(network.subnet)
        seen: set[str] = set()
        for member in network.members:
            ip = member.ipv4.split("/")[0]
            assert ip not in seen, f"{ip} given twice on {network.name}"
            seen.add(ip)
            assert ipaddress.ip_address(ip) in subnet, f"{ip} outside {subnet}"
            assert ip != network.gateway, f"gateway {ip} given to {member.name}"
            assert ip not in (str(subnet.network_address), str(subnet.broadcast_address))
    for c in topo.containers:
        for ep in c.endpoints:
            if c.running and ep.ip and ep.network_name in nets:
                assert any(m.container_id == c.id for m in nets[ep.network_name].members)
    _check_veths(topo)
    _check_dns(topo)


def _check_veths(topo: Topology) -> None:
    """Every veth end has its peer: a container end names its host end by host index,
    the host end names the container end by the index it has in its own namespace (the
    same host-wide index on 20.10; 2, 3... in each namespace on 28.5)."""
    host = {i.index: i for i in topo.host_interfaces}
    on_host = set(topo.host_interfaces)  # what a host-mode container sees is the host's
    owners = {c.id: c for c in topo.containers if c.running and c.namespace_owner is None}
    inside = [i for c in owners.values() for i in c.interfaces
              if i.kind == "veth" and i not in on_host]
    for end in inside:
        outer = host.get(end.peer_index or -1)
        assert outer is not None, f"container end {end.name} has no host end"
        assert outer.peer_index == end.index, f"{outer.name} names another peer"
    for veth in (i for i in topo.host_interfaces if i.kind == "veth"):
        ends = [end for end in inside if end.peer_index == veth.index]
        assert len(ends) == 1, f"{veth.name} has {len(ends)} container ends"


def _check_dns(topo: Topology) -> None:
    from coursekit.backends.sim.userland.dns import resolve

    for c in topo.containers:
        if not c.running or c.network_mode.kind in ("host", "none") or c.namespace_owner:
            continue
        user_nets = [ep for ep in c.endpoints if ep.network_name != "bridge"]
        for other in topo.containers:
            if other.id == c.id or not other.running or other.links:
                continue
            shares_user_net = any(other.endpoint(ep.network_name) for ep in user_nets)
            answer = resolve(topo, c.id, other.name)
            if not shares_user_net and not c.links:
                assert answer is None, f"{c.name} resolved {other.name} without a shared net"


@pytest.mark.parametrize("engine", list(PROFILES))
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(any_line, min_size=1, max_size=25))
def test_random_lines_never_break_the_lab(engine: str, lines: list[str]) -> None:
    """Whatever is typed, sh() answers with a result and the state stays consistent,
    on each engine profile."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    for line in lines:
        result = lab.sh(line)
        assert isinstance(result.exit_code, int)
        assert INTERNAL_ERROR not in result.stderr, f"{line!r}: {result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr
        check_invariants(lab.snapshot())
