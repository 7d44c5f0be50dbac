"""The learner's own namespaces, bridges and veth pairs on the simulated host.

Messages and exit codes are iproute2 6.1's, observed on the lab machine (see
:mod:`coursekit.backends.sim.netns`); tests/test_netns_host.py compares whole listings
with the real host.
"""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.result import CommandResult

BUILD = (
    "ip netns add red",
    "ip link add br0 type bridge",
    "ip link set br0 up",
    "ip addr add 10.99.0.1/24 dev br0",
    "ip link add veth-red type veth peer name veth-red-br",
    "ip link set veth-red netns red",
    "ip link set veth-red-br master br0",
    "ip link set veth-red-br up",
    "ip netns exec red ip addr add 10.99.0.2/24 dev veth-red",
    "ip netns exec red ip link set veth-red up",
    "ip netns exec red ip link set lo up",
)


@pytest.fixture
def built() -> Lab:
    lab = Lab(backend="sim")
    for line in BUILD:
        assert lab.sh(line) == CommandResult(), line
    return lab


def test_namespaces_list_newest_first_with_their_id() -> None:
    """`ip netns list` reads newest first; a namespace a veth spans shows its id."""
    lab = Lab(backend="sim")
    lab.sh("ip netns add red")
    lab.sh("ip netns add blue")
    assert lab.sh("ip netns list").stdout == "blue\nred\n"
    lab.sh("ip link add a type veth peer name b")
    lab.sh("ip link set a netns red")
    assert lab.sh("ip netns").stdout == "blue\nred (id: 0)\n"


def test_the_host_end_names_the_namespace_of_its_peer(built: Lab) -> None:
    """The bridge port prints `link-netns red`; the end inside prints `link-netnsid 0`."""
    port = built.sh("ip link show master br0").stdout
    assert "veth-red-br@if" in port and "master br0 state UP" in port
    assert port.rstrip().endswith("link-netns red")
    inside = built.sh("ip netns exec red ip link show veth-red").stdout
    assert "state UP mode DEFAULT group default qlen 1000" in inside
    assert inside.rstrip().endswith("link-netnsid 0")


def test_inside_the_namespace_only_its_links_and_routes(built: Lab) -> None:
    """`ip netns exec red ip route` shows the connected and the added default route."""
    assert built.sh("ip netns exec red ip route add default via 10.99.0.1") == CommandResult()
    routes = built.sh("ip netns exec red ip route").stdout
    assert routes == ("default via 10.99.0.1 dev veth-red \n"
                      "10.99.0.0/24 dev veth-red proto kernel scope link src 10.99.0.2 \n")
    names = [line.split(":")[1].strip() for line in
             built.sh("ip netns exec red ip -4 addr").stdout.splitlines() if line[0].isdigit()]
    assert names[0] == "lo" and names[1].startswith("veth-red@if") and len(names) == 2


def test_the_host_route_and_address_of_the_bridge(built: Lab) -> None:
    """The bridge's address has no broadcast (none was asked) and gives the host a route."""
    assert "inet 10.99.0.1/24 scope global br0\n" in built.sh("ip addr show dev br0").stdout
    assert "10.99.0.0/24 dev br0 proto kernel scope link src 10.99.0.1 \n" in \
        built.sh("ip route").stdout
    assert "br0\t\t8000." in built.sh("brctl show").stdout


def test_deleting_the_namespace_takes_the_peer_too(built: Lab) -> None:
    """`ip netns delete red` removes its veth end and the bridge port with it."""
    assert built.sh("ip netns delete red") == CommandResult()
    assert built.sh("ip link show master br0").stdout == ""
    assert built.sh("ip link show veth-red-br") == CommandResult(
        stderr='Device "veth-red-br" does not exist.\n', exit_code=1)


@pytest.mark.parametrize(("line", "stderr", "code"), [
    ("ip netns add red", 'Cannot create namespace file "/run/netns/red": File exists', 1),
    ("ip netns delete green",
     'Cannot remove namespace file "/run/netns/green": No such file or directory', 1),
    ("ip netns exec green ip addr",
     'Cannot open network namespace "green": No such file or directory', 255),
    ("ip link add br0 type bridge", "RTNETLINK answers: File exists", 2),
    ("ip link set nosuch up", 'Cannot find device "nosuch"', 1),
    ("ip link set veth-red-br netns green",
     'Error: argument "green" is wrong: Invalid "netns" value\n', 255),
    ("ip link set veth-red-br master nosuch",
     'Error: argument "nosuch" is wrong: Device does not exist\n', 255),
    ("ip addr add 10.99.0.1/24 dev br0", "Error: ipv4: Address already assigned.", 2),
    ("ip addr del 10.99.0.9/24 dev br0", "Error: ipv4: Address not found.", 2),
    ("ip netns exec red ip route add 10.1.0.0/16 via 10.5.0.1",
     "Error: Nexthop has invalid gateway.", 2),
    ("ip link del nosuch", 'Cannot find device "nosuch"', 1),
    ("ip netns exec", "No netns name specified", 1),
])
def test_mistakes_get_iproute2s_words(built: Lab, line: str, stderr: str, code: int) -> None:
    """A refused change prints iproute2's message, exits as it does and changes nothing."""
    before = built.sh("ip link").stdout
    assert built.sh(line) == CommandResult(stderr=stderr + "\n", exit_code=code)
    assert built.sh("ip link").stdout == before


@pytest.mark.parametrize("line", [
    "ip link set docker0 down",
    "ip addr add 10.0.2.99/24 dev enp0s3",
    "ip link add d0 type dummy",
    "ip route add 10.5.0.0/16 via 10.0.2.2",
    "ip netns exec red ping -c 1 10.99.0.1",
    "ip link set veth-red-br master docker0",
    "ip -n red addr",
])
def test_what_is_not_modelled_says_so(built: Lab, line: str) -> None:
    """Changes to Docker's links and unmodelled verbs answer one coursekit line, exit 1."""
    before = built.sh("ip addr").stdout
    result = built.sh(line)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("coursekit: ") and result.stderr.count("\n") == 1
    assert "the command did not run" in result.stderr
    assert built.sh("ip addr").stdout == before


def test_a_veth_pair_in_one_namespace_names_its_peer() -> None:
    """Both ends in the host's namespace print `a@b`, and `M-DOWN` while the peer is down."""
    lab = Lab(backend="sim")
    lab.sh("ip link add a type veth peer name b")
    lab.sh("ip link set a up")
    head = lab.sh("ip link show a").stdout.splitlines()[0]
    assert head.endswith(": a@b: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc "
                         "noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000")


def test_docker_listings_are_unchanged_by_an_empty_namespace_list() -> None:
    """Without learner links the host's `ip addr` is what it was (Docker's links only)."""
    lab = Lab(backend="sim")
    before = lab.sh("ip addr").stdout
    lab.sh("ip netns add red")
    assert lab.sh("ip addr").stdout == before
    lab.sh("ip netns delete red")
    assert lab.sh("ip netns list").stdout == ""
