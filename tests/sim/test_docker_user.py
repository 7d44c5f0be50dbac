"""The learner's own rules in DOCKER-USER: printed back as iptables does, refused in
iptables' words, and deciding what reaches where (the reach walk reads them)."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.profiles import PROFILES

BOTH = pytest.mark.parametrize("engine", list(PROFILES))
A, B = "172.18.0.2", "172.18.0.3"


def two_on_n1(engine: str) -> Lab:
    lab = Lab(backend="sim", engine=engine)
    for line in ("docker network create n1", "docker run -d --name aa --network n1 busybox "
                 "sleep 1d", "docker run -d --name bb --network n1 busybox sleep 1d",
                 "docker run -d --name cc busybox sleep 1d"):
        assert lab.sh(line).exit_code == 0
    return lab


def pings(lab: Lab, who: str, dst: str) -> bool:
    return lab.sh(f"docker exec {who} ping -c 1 -W 1 {dst}").exit_code == 0


def user_chain(lab: Lab) -> list[str]:
    return lab.sh("iptables -S DOCKER-USER").stdout.splitlines()


@BOTH
def test_a_drop_rule_stops_the_ping_and_deleting_it_brings_it_back(engine: str) -> None:
    """``-I DOCKER-USER -s A -d B -j DROP`` stops a->b (and b->a: the answer is dropped);
    ``-D DOCKER-USER 1`` undoes it; other traffic is untouched."""
    lab = two_on_n1(engine)
    assert pings(lab, "aa", "bb")
    assert lab.sh(f"iptables -I DOCKER-USER -s {A} -d {B} -j DROP").exit_code == 0
    assert not pings(lab, "aa", "bb")
    assert not pings(lab, "bb", "aa")
    assert pings(lab, "aa", "172.18.0.1")  # the host itself: INPUT, not FORWARD
    assert lab.sh("iptables -D DOCKER-USER 1").exit_code == 0
    assert pings(lab, "aa", "bb")


@BOTH
def test_rules_print_back_in_iptables_order(engine: str) -> None:
    """Addresses get their mask, -p tcp --dport gets -m tcp, -I goes first, -A last."""
    lab = two_on_n1(engine)
    lab.sh("iptables -A DOCKER-USER -j ACCEPT -p tcp --dport 80 -i docker0")
    lab.sh(f"iptables -I DOCKER-USER -d {B} ! -s 10.0.0.0/8 -j DROP")
    default = ["-A DOCKER-USER -j RETURN"] if engine == "20.10" else []
    assert user_chain(lab) == ["-N DOCKER-USER", f"-A DOCKER-USER ! -s 10.0.0.0/8 -d {B}/32 "
                               "-j DROP", *default,
                               "-A DOCKER-USER -i docker0 -p tcp -m tcp --dport 80 -j ACCEPT"]


def test_on_20_10_an_appended_rule_comes_after_return_and_decides_nothing() -> None:
    """20.10's DOCKER-USER ends in -j RETURN: -A lands after it; -I is the way."""
    lab = two_on_n1("20.10")
    lab.sh(f"iptables -A DOCKER-USER -s {A} -j DROP")
    assert pings(lab, "aa", "bb")
    lab.sh(f"iptables -I DOCKER-USER -s {A} -j DROP")
    assert not pings(lab, "aa", "bb")


def test_on_28_5_the_chain_starts_empty_and_an_append_decides() -> None:
    lab = two_on_n1("28.5")
    assert user_chain(lab) == ["-N DOCKER-USER"]
    lab.sh(f"iptables -A DOCKER-USER -s {A} -j DROP")
    assert not pings(lab, "aa", "bb")


@BOTH
def test_a_rule_between_bridges_does_not_open_isolation_on_28_5(engine: str) -> None:
    """An ACCEPT in DOCKER-USER for n1 -> docker0 lets 20.10 forward (FORWARD decides
    there); on 28.5 the raw table's per-address drop comes first."""
    lab = two_on_n1(engine)
    bridge = lab.snapshot().network("n1").bridge  # type: ignore[union-attr]
    lab.sh(f"iptables -I DOCKER-USER -i {bridge} -o docker0 -j ACCEPT")
    lab.sh(f"iptables -I DOCKER-USER -i docker0 -o {bridge} -j ACCEPT")
    assert pings(lab, "aa", "172.17.0.2") == (engine == "20.10")


@pytest.mark.parametrize(("line", "stderr", "code"), [
    ("iptables -D DOCKER-USER 9", "iptables: Index of deletion too big.\n", 1),
    ("iptables -D DOCKER-USER -s 10.9.9.9 -j DROP",
     "iptables: Bad rule (does a matching rule exist in that chain?).\n", 1),
    ("iptables -I DOCKER-USER -s 300.1.1.1 -j DROP",
     "iptables v1.8.9 (nf_tables): host/network `300.1.1.1' not found\n"
     "Try `iptables -h' or 'iptables --help' for more information.\n", 2),
])
def test_iptables_own_refusals(line: str, stderr: str, code: int) -> None:
    """Mistakes answer iptables' words and exit code, and change nothing."""
    lab = two_on_n1("28.5")
    before = user_chain(lab)
    result = lab.sh(line)
    assert (result.stdout, result.stderr, result.exit_code) == ("", stderr, code)
    assert user_chain(lab) == before


@pytest.mark.parametrize("line", ["iptables -I DOCKER-USER -j REJECT",
                                  "iptables -I DOCKER-USER -m mac --mac-source 02:42:ac:11:00:02",
                                  "iptables -I FORWARD -j DROP", "iptables -t nat -I DOCKER"])
def test_what_the_lab_does_not_model_says_so(line: str) -> None:
    lab = two_on_n1("28.5")
    before = lab.sh("iptables-save").stdout
    result = lab.sh(line)
    assert result.exit_code == 1 and result.stderr.startswith(f"coursekit: {line} is not "
                                                              "simulated")
    assert lab.sh("iptables-save").stdout == before
