"""The by-hand exercise (namespaces, a bridge, a veth pair) on this host and on the simulator.

The same script runs line by line through the real iproute2 (as root, in namespaces and
links this test makes with unique names, addresses in 10.99.0.0/24, deleted afterwards
even on failure) and through the simulated host; stdout, stderr and exit codes must
agree once interface indexes, MACs and IPv6 link-local addresses are normalised.
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
