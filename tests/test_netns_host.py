"""The by-hand exercise (namespaces, a bridge, a veth pair) on this host and on the simulator.

The same script runs line by line through the real iproute2 (as root, in namespaces and
links this test makes with unique names, addresses in 10.99.0.0/24, deleted afterwards
even on failure) and through the simulated host; stdout, stderr and exit codes must
agree once interface indexes, MACs and IPv6 link-local addresses are normalised.

The ping exercise (two namespaces on a bridge, the lesson's own lines) runs its "host"
part inside a namespace of its own (``ckt-host-*``): the machine's iptables FORWARD chain
also sees frames bridged between two namespaces once ``br_netfilter`` is loaded, and a
Docker engine leaves its policy at DROP, which would drop the exercise's ping on the real
machine; a private namespace starts with an empty ruleset. Only the round-trip times
(``time=``, the ``rtt`` line, ``time Nms``) are normalised.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from coursekit import Lab

SCRIPT = """
ip netns add {R}
ip netns add {R}
ip netns exec {R} ip addr
ip link add {BR} type bridge
ip link set {BR} up
ip link show {BR}
ip addr add 10.99.0.1/24 dev {BR}
ip addr add 10.99.0.1/24 dev {BR}
ip link add {V} type veth peer name {VB}
ip link add {V} type veth peer name {X}
ip link show {VB}
ip link set {V} netns {R}
ip link set {VB} master {BR}
ip link set {VB} up
ip link set {V} netns nosuch{S}
ip link set {VB} master nosuch{S}
ip netns exec {R} ip addr add 10.99.0.2/24 dev {V}
ip netns exec {R} ip addr del 10.99.0.9/24 dev {V}
ip netns exec {R} ip link show {V}
ip netns exec {R} ip link set {V} up
ip netns exec {R} ip link set lo up
ip netns exec {R} ip route add default via 10.99.0.1
ip netns exec {R} ip route add default via 10.99.0.1
sleep 1
ip netns exec {R} ip route
ip netns exec {R} ip -4 addr
ip link show master {BR}
ip -4 addr show dev {BR}
ip link set nosuch{S} up
ip netns exec nosuch{S} ip addr
ip netns delete {R}
ip netns delete {R}
ip link del {BR}
ip link del {BR}
"""
RULES = (
    (re.compile(r"^\d+: ", re.M), "N: "),
    (re.compile(r"@if\d+"), "@ifN"),
    (re.compile(r"\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b"), "<MAC>"),
    (re.compile(r"fe80::[0-9a-f:]+/64 scope link( tentative)? "), "fe80::<LL>/64 scope link "),
)
CAN_RUN = sys.platform == "linux" and hasattr(os, "geteuid") and os.geteuid() == 0 \
    and shutil.which("ip") is not None


def _names() -> dict[str, str]:
    suffix = f"{random.randrange(16**5):05x}"
    return {"R": f"ck-red-{suffix}", "BR": f"ckbr{suffix}", "V": f"ckv{suffix}",
            "VB": f"ckvb{suffix}", "X": f"ckx{suffix}", "S": suffix}


def _lines(names: dict[str, str]) -> list[str]:
    return [line.format(**names) for line in SCRIPT.strip().splitlines()]


def normalize(text: str) -> str:
    """Indexes, MACs and link-local addresses differ between runs: replace them."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def _real(line: str) -> tuple[str, str, int]:
    done = subprocess.run(shlex.split(line), capture_output=True, text=True, timeout=5,
                          check=False)
    return done.stdout, done.stderr, done.returncode


def _cleanup(names: dict[str, str]) -> None:
    for argv in (["ip", "netns", "delete", names["R"]], ["ip", "link", "del", names["BR"]],
                 ["ip", "link", "del", names["VB"]], ["ip", "link", "del", names["V"]]):
        subprocess.run(argv, capture_output=True, timeout=5, check=False)


@pytest.mark.skipif(not CAN_RUN, reason="needs root on Linux with iproute2 (ip netns)")
def test_by_hand_exercise_matches_the_real_host() -> None:
    """Each line of the exercise prints and exits on the simulator as on this host."""
    names = _names()
    lab = Lab(backend="sim")
    try:
        for line in _lines(names):
            real = _real(line)
            sim = lab.sh(line)
            got = (normalize(sim.stdout), normalize(sim.stderr), sim.exit_code)
            want = (normalize(real[0]), normalize(real[1]), real[2])
            assert got == want, line
    finally:
        _cleanup(names)


PINGS = """
ip netns add {R}
ip netns add {B}
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.199.0.1/24 dev br0
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns {R}
ip link set veth-blue netns {B}
ip link set veth-red-br master br0
ip link set veth-blue-br master br0
ip link set veth-red-br up
ip link set veth-blue-br up
ip netns exec {R} ip addr add 10.199.0.2/24 dev veth-red
ip netns exec {B} ip addr add 10.199.0.3/24 dev veth-blue
ip netns exec {R} ip link set veth-red up
ip netns exec {B} ip link set veth-blue up
ip netns exec {R} ip link set lo up
ip netns exec {B} ip link set lo up
sleep 1
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip netns exec {R} ping -c 2 -W 1 10.199.0.3
ip netns exec {R} ping -c 1 -W 1 10.199.0.1
ping -c 1 -W 1 10.199.0.2
ping -c 1 -W 1 10.199.0.9
ip netns exec {R} ping -c 1 -W 1 10.199.0.9
ip netns exec {R} ping -c 1 -W 4 10.199.0.9
ip netns exec {R} ping -c 1 -W 1 10.198.0.9
ip netns exec {R} ping -c 1 -W 1 10.199.0.255
ip netns exec {R} ping
ip netns exec {R} ping -c 1 -W 1 127.0.0.1
ip netns exec {B} ip link set veth-blue down
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip netns exec {B} ip link set veth-blue up
ip link set br0 down
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip link set br0 up
ip netns exec {R} ip link set lo down
ip netns exec {R} ping -c 1 -W 1 127.0.0.1
ip netns exec {R} ip link set lo up
ip netns exec {R} ip link set veth-red down
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip netns exec {R} ip link set veth-red up
ip netns exec {R} ip route add default via 10.199.0.1
sleep 1
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip netns exec {R} ping -c 1 -W 1 10.198.0.9
ip netns delete {B}
ip netns exec {R} ping -c 1 -W 1 10.199.0.3
ip netns exec {B} ping -c 1 -W 1 10.199.0.2
ip netns delete {R}
"""
DOCKERS_FORWARD = (["iptables", "-P", "FORWARD", "DROP"], ["iptables", "-N", "DOCKER-USER"],
                   ["iptables", "-A", "FORWARD", "-j", "DOCKER-USER"],
                   ["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"],
                   ["ip", "route", "add", "blackhole", "default"])
"""What a Docker host has and the private namespace playing the host has not: FORWARD's
policy DROP and a DOCKER-USER chain jumped to first (bridged frames pass FORWARD there:
``br_netfilter`` is loaded and ``bridge-nf-call-iptables`` is 1 on these machines). The
first ping across br0 is dropped on both sides; after the learner's ACCEPT it replies. Like
a Docker host it forwards (``ip_forward`` 1, which a new namespace otherwise copies from the
machine's, so it would depend on whether an engine runs) and has a default route, here a
silent blackhole: what the simulated host sends to its LAN router is lost in FORWARD."""
TIMES = (
    (re.compile(r"time=\d+(?:\.\d+)? ms"), "time=T ms"),
    (re.compile(r"rtt min/avg/max/mdev = [\d./]+ ms"), "rtt min/avg/max/mdev = R ms"),
    (re.compile(r"time \d+ms"), "time Nms"),
)
CAN_PING = CAN_RUN and shutil.which("ping") is not None


def untimed(text: str) -> str:
    """Round-trip times differ between runs and machines: replace them."""
    for pattern, replacement in TIMES:
        text = pattern.sub(replacement, text)
    return text


def _on_host(line: str, host_ns: str) -> str:
    """The line as the real side runs it: all but namespace births and deaths (and sleep)
    inside the private namespace that plays the host."""
    if line.startswith(("ip netns add ", "ip netns delete ", "sleep ")):
        return line
    return f"ip netns exec {host_ns} {line}"


@pytest.mark.skipif(not CAN_PING, reason="needs root on Linux with iproute2 and iputils ping")
def test_pings_across_the_by_hand_bridge_match_the_real_host() -> None:
    """Each ping of the exercise prints and exits on the simulator as iputils does here."""
    suffix = f"{random.randrange(16**5):05x}"
    names = {"R": f"ckt-red-{suffix}", "B": f"ckt-blue-{suffix}"}
    host_ns = f"ckt-host-{suffix}"
    lab = Lab(backend="sim")
    try:
        subprocess.run(["ip", "netns", "add", host_ns], check=True, timeout=5)
        subprocess.run(["ip", "netns", "exec", host_ns, "ip", "link", "set", "lo", "up"],
                       check=True, timeout=5)
        for argv in DOCKERS_FORWARD:
            subprocess.run(["ip", "netns", "exec", host_ns, *argv], check=True, timeout=5)
        for line in (t.format(**names) for t in PINGS.strip().splitlines()):
            real = _real(_on_host(line, host_ns))
            sim = lab.sh(line)
            got = (untimed(sim.stdout), sim.stderr, sim.exit_code)
            assert got == (untimed(real[0]), real[1], real[2]), line
    finally:
        for ns in (names["R"], names["B"], host_ns):
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True, timeout=5,
                           check=False)
