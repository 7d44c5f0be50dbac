"""Property-based: random sequences of valid and invalid command lines never break the lab.

After every step no exception escaped ``lab.sh`` (no internal error, a CommandResult with
an int exit code) and the simulator's invariants hold (tests/property_invariants.py, each
proven able to fail by tests/test_invariants.py): IPv4 and IPv6 addresses unique per
network, inside its subnets, never a gateway; running and paused containers keep their
addresses and memberships (a paused one across steps too); veth ends paired, macvlan and
ipvlan children without veths on an existing parent; the embedded DNS answering current
names (after a rename) with their own addresses and nothing without a shared network;
published ports only where there is a way out, each binding held once. Besides single
lines, short coherent runs are drawn (an IPv6 network with containers and ``--ip6``, a
macvlan/ipvlan network with children, pause then exec/ping/connect, rename then resolve),
so the new state is reached often. Each engine profile (28.5, 20.10) is drawn for: in CI
(``CI`` set) at least 2,000 sequences each; locally 200.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property_invariants import check_invariants, check_step, rules_let_ping_through

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.lab import INTERNAL_ERROR
from coursekit.models import Container, Network, Topology
from coursekit.profiles import PROFILES

EXAMPLES = 2000 if os.environ.get("CI") else 200

NAMES = ["c1", "c2", "c3", "web", "db", "x"]
NETS = ["n1", "n2", "v6", "mv", "bridge", "host", "none", "nosuch"]
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
                                 "logs", "logs -f", "logs --details", "pause", "unpause", "kill",
                                 "kill -s TERM", "kill -s NOSUCH", "top", "wait"]))
    if draw(st.integers(0, 6)) == 0:
        return f"docker rename {draw(name)} {draw(name)}"
    return f"docker {verb} {draw(name)}"


@st.composite
def exec_line(draw: st.DrawFn) -> str:
    target = draw(st.sampled_from([*NAMES, "172.17.0.2", "10.10.0.2", "127.0.0.1", "8.8.8.8",
                                   "example.com", "fd00::2", "192.168.100.2", "203.0.113.10"]))
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
                                      "docker container prune --filter until=1h", "ss -lunp",
                                      "docker ps --format '{{.Names}}'", "ifconfig | grep docker",
                                      "docker inspect c1 | tail -n 20"]))


SERVERS = ["busybox sleep 1d", "busybox httpd -f -p 80"]


@st.composite
def ipv6_run(draw: st.DrawFn) -> list[str]:
    """An ``--ipv6`` network (its own subnet, the default pool, a dual-stack one) with
    containers on it, some asking ``--ip6`` (free, the gateway, outside the subnet)."""
    net = draw(st.sampled_from(["v6", "n1"]))
    subnets = draw(st.sampled_from(["--subnet fd00::/64", "", "--subnet fd00::/64 --subnet "
                                    "10.20.0.0/24", "--subnet fd00:1::/64 --ip-range "
                                    "fd00:1::/80", "--subnet fd00::/129"]))
    lines = [f"docker network create --ipv6 {subnets} {net}"]
    for _ in range(draw(st.integers(1, 3))):
        ip6 = draw(st.sampled_from(["", "", "--ip6 fd00::10", "--ip6 fd00::1", "--ip6 fd01::5",
                                    "--ip6 fd00::10 --ip 10.20.0.5", "--ip6 bogus"]))
        lines.append(f"docker run -d --name {draw(name)} --network {net} {ip6} "
                     f"{draw(st.sampled_from(SERVERS))}")
    who = draw(name)
    lines.append(draw(st.sampled_from([
        f"docker exec {who} ip -6 addr", f"docker exec {who} ping -c 1 -W 1 fd00::2",
        f"docker network inspect {net}", f"docker network connect {net} {who}",
        f"docker network connect --ip6 fd00::20 {net} {who}", f"docker inspect {who}",
        f"docker exec {who} nslookup {draw(name)}"])))
    return lines


@st.composite
def vlan_run(draw: st.DrawFn) -> list[str]:
    """A macvlan or ipvlan network (a parent given, a VLAN sub-interface, none, a bad one,
    modes) with children, then what shows them: the host's ping, ip addr, connect."""
    driver = draw(st.sampled_from(["macvlan", "ipvlan"]))
    opts = draw(st.sampled_from(["", "-o parent=enp0s3", "-o parent=enp0s3.10",
                                 "-o parent=eth0", "-o macvlan_mode=bridge",
                                 "-o ipvlan_mode=l3", "--internal"]))
    subnet = draw(st.sampled_from(["", "--subnet 192.168.100.0/24"]))
    net = draw(st.sampled_from(["mv", "n2"]))
    lines = [f"docker network create -d {driver} {opts} {subnet} {net}"]
    for _ in range(draw(st.integers(1, 2))):
        extra = draw(st.sampled_from(["", "-p 8080:80", "--ip 192.168.100.50"]))
        lines.append(f"docker run -d --name {draw(name)} --network {net} {extra} "
                     f"{draw(st.sampled_from(SERVERS))}")
    who = draw(name)
    lines.append(draw(st.sampled_from([
        "ping -c 1 -W 1 192.168.100.2", f"docker exec {who} ip addr", "ip addr",
        f"docker network connect {net} {who}", f"docker exec {who} ping -c 1 -W 1 {draw(name)}",
        f"docker network rm {net}", f"docker port {who}"])))
    return lines


@st.composite
def pause_run(draw: st.DrawFn) -> list[str]:
    """Pause a container, then what a learner tries on it: exec, ping it, connect or
    disconnect it, stop, kill, restart, unpause..."""
    who, other = draw(name), draw(name)
    lines = [f"docker run -d --name {who} {draw(st.sampled_from(['', '--network n1']))} "
             f"{draw(st.sampled_from(SERVERS))}", f"docker pause {who}"]
    for _ in range(draw(st.integers(1, 3))):
        lines.append(draw(st.sampled_from([
            f"docker exec {who} ip addr", f"docker exec {other} ping -c 1 -W 1 {who}",
            f"docker network connect n1 {who}", f"docker network disconnect bridge {who}",
            f"docker stop {who}", f"docker kill {who}", f"docker restart {who}",
            f"docker unpause {who}", f"docker pause {who}", f"docker rm -f {who}",
            f"docker top {who}", f"docker rename {who} {other}", "docker ps -a"])))
    return lines


@st.composite
def rename_run(draw: st.DrawFn) -> list[str]:
    """Two containers on a user network, one renamed; then the old and new names asked."""
    a, b, new = draw(name), draw(name), draw(name)
    lines = ["docker network create n1",
             f"docker run -d --name {a} --network n1 busybox sleep 1d",
             f"docker run -d --name {b} --network n1 busybox sleep 1d",
             f"docker rename {a} {new}"]
    for _ in range(draw(st.integers(1, 2))):
        asked = draw(st.sampled_from([a, new]))
        lines.append(draw(st.sampled_from([
            f"docker exec {b} ping -c 1 -W 1 {asked}", f"docker exec {b} nslookup {asked}",
            f"docker inspect {asked}", "docker network inspect n1",
            f"docker exec {asked} hostname"])))
    return lines


@st.composite
def ports_run(draw: st.DrawFn) -> list[str]:
    """Published ports: one binding, then another container asking for it again (or the
    same port on another address or protocol, on an ``--internal`` network, in host
    mode), then what moves the bindings: disconnect, connect, stop, start, pause."""
    first, second = draw(name), draw(name)
    publish = draw(st.sampled_from(["-p 8080:80", "-p 127.0.0.1:8080:80", "-p 8080:80/udp",
                                    "-P --expose 80", "-p 80"]))
    where = draw(st.sampled_from(["", "--network n1", "--network host", "--network none"]))
    lines = ["docker network create --internal n1" if draw(st.booleans())
             else "docker network create n1",
             f"docker run -d --name {first} -p 8080:80 busybox httpd -f -p 80",
             f"docker run -d --name {second} {where} {publish} busybox httpd -f -p 80"]
    for _ in range(draw(st.integers(1, 3))):
        who = draw(st.sampled_from([first, second]))
        lines.append(draw(st.sampled_from([
            f"docker network disconnect bridge {who}", f"docker network connect bridge {who}",
            f"docker network connect n1 {who}", f"docker stop {who}", f"docker start {who}",
            f"docker pause {who}", f"docker port {who}", "ss -ltnp", "docker ps"])))
    return lines


@st.composite
def docker_user_run(draw: st.DrawFn) -> list[str]:
    """Containers on two networks, then the learner's own DOCKER-USER rules."""
    lines = ["docker network create n1", "docker run -d --name c1 --network n1 busybox sleep 1d",
             "docker run -d --name c2 --network n1 busybox sleep 1d",
             "docker run -d --name c3 busybox sleep 1d"]
    rules = ["iptables -I DOCKER-USER -s 172.18.0.2 -d 172.18.0.3 -j DROP",
             "iptables -I DOCKER-USER -d 172.18.0.2 -j DROP", "iptables -A DOCKER-USER -j DROP",
             "iptables -I DOCKER-USER -i docker0 -o docker0 -j DROP",
             "iptables -I DOCKER-USER -s 172.17.0.0/16 -j ACCEPT", "iptables -D DOCKER-USER 1",
             "iptables -F DOCKER-USER", "iptables -I DOCKER-USER -j ACCEPT",
             "iptables -I DOCKER-USER -p tcp --dport 80 -j DROP",
             "docker network connect n1 c3", "docker network disconnect n1 c1"]
    return lines + draw(st.lists(st.sampled_from(rules), min_size=1, max_size=4))


runs = st.one_of(ipv6_run(), vlan_run(), pause_run(), rename_run(), ports_run(),
                 docker_user_run())


@st.composite
def session(draw: st.DrawFn) -> list[str]:
    """Up to 25 lines: mostly single lines, one step in four a short coherent run."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        lines += draw(runs) if draw(st.integers(0, 3)) == 0 else [draw(any_line)]
    return lines[:25]


@pytest.mark.parametrize("engine", list(PROFILES))
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(session())
def test_random_lines_never_break_the_lab(engine: str, lines: list[str]) -> None:
    """Whatever is typed, sh() answers with a result and the state stays consistent,
    on each engine profile."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    before = lab.snapshot()
    for step, line in enumerate(lines):
        result = lab.sh(line)
        assert isinstance(result.exit_code, int)
        assert INTERNAL_ERROR not in result.stderr, f"{line!r}: {result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr
        after = lab.snapshot()
        check_invariants(after)
        check_step(before, after)
        check_reach_follows_rules(lab, after, step)
        before = after


def ping_pairs(topo: Topology) -> list[tuple[str, str, str, str, str]]:
    """(sender, its address, destination address, in-bridge, out-bridge) for each ordered
    pair of containers with their own namespace on bridge networks (the sender running
    and routed: on a shared network, or with a default route)."""
    bridges = {n.id: n for n in topo.networks if n.driver == "bridge" and n.bridge}
    def ends(c: Container) -> list[tuple[Network, str, str]]:
        own = c.network_mode.kind in ("default", "bridge", "network") and c.running
        return [(bridges[e.network_id], e.ip, e.gateway) for e in c.endpoints
                if own and e.ip and e.network_id in bridges]
    pairs = []
    for a in topo.containers:
        for b in topo.containers:
            mine, theirs = ends(a), ends(b)
            if a is b or a.state != "running" or not mine or not theirs:
                continue
            shared = [(n, ip) for n, ip, _ in mine for m, dst, _ in theirs if m.id == n.id]
            if shared:
                net, ip = shared[0]
                dst = next(d for m, d, _ in theirs if m.id == net.id)
                pairs.append((a.name, ip, dst, net.bridge or "", net.bridge or ""))
                continue
            out = next(((n, ip) for n, ip, gw in mine if gw), None)
            if out is not None:
                pairs.append((a.name, out[1], theirs[0][1], out[0].bridge or "",
                              theirs[0][0].bridge or ""))
    return pairs


def check_reach_follows_rules(lab: Lab, topo: Topology, step: int) -> None:
    """One model: a ping between two containers replies exactly when the rules that
    ``iptables-save`` prints let it (and its answer) through (two pairs per step)."""
    pairs = ping_pairs(topo)
    if not pairs:
        return
    saved = lab.sh("iptables-save").stdout
    for k in range(min(2, len(pairs))):
        sender, src, dst, iif, oif = pairs[(step + k) % len(pairs)]
        replied = lab.sh(f"docker exec {sender} ping -c 1 -W 1 {dst}").exit_code == 0
        assert replied == rules_let_ping_through(saved, src, dst, iif, oif), (
            f"{sender} ({src}) ping {dst}: replied={replied}\n{saved}")
