"""The learner's own namespaces, bridges and veth pairs on the simulated host.

Messages and exit codes are iproute2 6.1's and iputils 20221126's, observed on the lab
machine (see :mod:`coursekit.backends.sim.netns` and
:mod:`coursekit.backends.sim.userland.iptools.iputils_ping`); tests/test_netns_host.py
compares whole listings and pings with the real host.
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
    "ip netns exec red wget -q -O- http://10.99.0.1/",
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


PAIR = (
    "ip netns add blue",
    "ip link add veth-blue type veth peer name veth-blue-br",
    "ip link set veth-blue netns blue",
    "ip link set veth-blue-br master br0 up",
    "ip netns exec blue ip addr add 10.99.0.3/24 dev veth-blue",
    "ip netns exec blue ip link set veth-blue up",
    "ip netns exec blue ip link set lo up",
    "iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT",
)
"""Blue beside red on br0, and the rule that lets the host forward frames between them."""
RED = "ip netns exec red ping -c 1 -W 1 "


@pytest.fixture
def pair(built: Lab) -> Lab:
    for line in PAIR:
        assert built.sh(line) == CommandResult(), line
    return built


def _stats(lab: Lab, line: str) -> tuple[str, int]:
    """The statistics line of a ping (or its stderr) and its exit code."""
    result = lab.sh(line)
    lines = result.stdout.splitlines()
    found = next((t for t in lines if "packets transmitted" in t), result.stderr.strip())
    return found, result.exit_code


def test_red_pings_blue_across_the_bridge(pair: Lab) -> None:
    """The by-hand exercise answers as iputils prints a reply, exit 0."""
    result = pair.sh(RED + "10.99.0.3")
    lines = result.stdout.splitlines()
    assert lines[0] == "PING 10.99.0.3 (10.99.0.3) 56(84) bytes of data."
    assert lines[1].startswith("64 bytes from 10.99.0.3: icmp_seq=1 ttl=64 time=")
    assert lines[2:5] == ["", "--- 10.99.0.3 ping statistics ---",
                          "1 packets transmitted, 1 received, 0% packet loss, time 0ms"]
    assert lines[5].startswith("rtt min/avg/max/mdev = ") and len(lines) == 6
    assert (result.stderr, result.exit_code) == ("", 0)


def test_dockers_forward_policy_drops_the_bridged_ping_until_a_rule_accepts_it(
        built: Lab) -> None:
    """The host bridges red and blue through its FORWARD chain, whose policy Docker set to
    DROP: lost; ``-I DOCKER-USER -i br0 -o br0 -j ACCEPT`` lets it through, both ways;
    deleting the rule loses it again. The bridge's own address (the host) always answers."""
    for line in PAIR[:-1]:
        built.sh(line)
    assert _stats(built, RED + "10.99.0.3") == (
        "1 packets transmitted, 0 received, 100% packet loss, time 0ms", 1)
    assert _stats(built, RED + "10.99.0.1")[1] == 0
    assert built.sh(PAIR[-1]).exit_code == 0
    assert _stats(built, RED + "10.99.0.3")[1] == 0
    assert _stats(built, "ip netns exec blue ping -c 1 -W 1 10.99.0.2")[1] == 0
    assert built.sh("iptables -D DOCKER-USER 1").exit_code == 0
    assert _stats(built, RED + "10.99.0.3")[1] == 1


def test_two_packets_and_quiet(pair: Lab) -> None:
    """-c 2 prints icmp_seq=1 and 2; -q keeps only the head and the statistics."""
    out = pair.sh("ip netns exec red ping -c 2 10.99.0.3").stdout
    assert "icmp_seq=1 " in out and "icmp_seq=2 " in out and "2 received" in out
    quiet = pair.sh("ip netns exec red ping -q -c 1 10.99.0.3").stdout
    assert "bytes from" not in quiet and "1 received" in quiet


def test_the_bridge_and_the_host_answer(pair: Lab) -> None:
    """Red reaches the bridge's address; the host reaches red and blue."""
    assert _stats(pair, RED + "10.99.0.1")[1] == 0
    assert _stats(pair, "ping -c 1 -W 1 10.99.0.2")[1] == 0
    assert _stats(pair, "sudo ping -c 1 -W 1 10.99.0.3")[1] == 0


def test_an_address_nobody_holds(pair: Lab) -> None:
    """Nobody answers: 100% loss and an empty line, exit 1; ARP's failure shows after 3 s."""
    result = pair.sh(RED + "10.99.0.9")
    assert result.stdout.endswith("100% packet loss, time 0ms\n\n") and result.exit_code == 1
    assert "Unreachable" not in result.stdout
    later = pair.sh("ip netns exec red ping -c 1 -W 4 10.99.0.9").stdout
    assert "From 10.99.0.2 icmp_seq=1 Destination Host Unreachable\n" in later
    assert "0 received, +1 errors, 100% packet loss" in later


def test_no_route_and_iputils_refusals(pair: Lab) -> None:
    """No route exits 2 on stderr; so do names and the broadcast address."""
    assert pair.sh(RED + "10.98.0.9") == CommandResult(
        stderr="ping: connect: Network is unreachable\n", exit_code=2)
    assert pair.sh("ip netns exec red ping") == CommandResult(
        stderr="ping: usage error: Destination address required\n", exit_code=1)
    assert pair.sh("ip netns exec red ping nosuch") == CommandResult(
        stderr="ping: nosuch: Temporary failure in name resolution\n", exit_code=2)
    assert pair.sh(RED + "10.99.0.255").exit_code == 2
    assert "out of range" in pair.sh("ip netns exec red ping -c 0 10.99.0.3").stderr


@pytest.mark.parametrize("down", ["ip netns exec blue ip link set veth-blue down",
                                  "ip link set veth-blue-br down", "ip link set br0 down",
                                  "ip link set veth-blue-br nomaster"])
def test_a_link_down_on_the_way_loses_the_packet(pair: Lab, down: str) -> None:
    """Any link between red and blue down (or the port out of the bridge): no reply."""
    assert pair.sh(down) == CommandResult()
    assert _stats(pair, RED + "10.99.0.3") == (
        "1 packets transmitted, 0 received, 100% packet loss, time 0ms", 1)


def test_the_senders_own_link_down_leaves_no_route(pair: Lab) -> None:
    """Red's veth down takes its connected route: unreachable; up again, it replies."""
    pair.sh("ip netns exec red ip link set veth-red down")
    assert _stats(pair, RED + "10.99.0.3") == ("ping: connect: Network is unreachable", 2)
    pair.sh("ip netns exec red ip link set veth-red up")
    assert _stats(pair, RED + "10.99.0.3")[1] == 0


def test_lo_down_loses_the_namespaces_own_addresses(pair: Lab) -> None:
    """With lo down neither 127.0.0.1 nor red's own address answer inside red."""
    assert _stats(pair, RED + "127.0.0.1")[1] == 0
    pair.sh("ip netns exec red ip link set lo down")
    for address in ("127.0.0.1", "10.99.0.2"):
        assert _stats(pair, RED + address)[1] == 1
    assert _stats(pair, RED + "10.99.0.3")[1] == 0


def test_after_deleting_blue(pair: Lab) -> None:
    """Blue's address is gone from the bridge; blue itself cannot be entered."""
    pair.sh("ip netns delete blue")
    assert _stats(pair, RED + "10.99.0.3")[1] == 1
    assert pair.sh("ip netns exec blue ping -c 1 10.99.0.2") == CommandResult(
        stderr='Cannot open network namespace "blue": No such file or directory\n',
        exit_code=255)


def test_a_default_route_via_the_bridge_reaches_the_host(pair: Lab) -> None:
    """The host's other addresses need a route; `default via 10.99.0.1` gives one."""
    assert _stats(pair, RED + "10.0.2.15")[1] == 2
    pair.sh("ip netns exec red ip route add default via 10.99.0.1")
    assert _stats(pair, RED + "10.0.2.15")[1] == 0
    assert _stats(pair, RED + "10.198.0.9")[1] == 1


def test_the_hosts_other_pings_are_unchanged(pair: Lab) -> None:
    """A host ping to an address of no learner's link answers as before the exercise."""
    fresh = Lab(backend="sim")
    for line in ("ping -c 1 8.8.8.8", "ping -c 1 127.0.0.1", "ping -c 1 -W 1 10.0.2.2"):
        assert pair.sh(line) == fresh.sh(line), line


def test_the_pure_question_for_a_lab_task(pair: Lab) -> None:
    """`reaches` answers from a snapshot what the ping line answers."""
    from coursekit.backends.sim.netns_reach import reaches

    assert reaches(pair.snapshot(), "red", "10.99.0.3")
    pair.sh("ip link set br0 down")
    assert not reaches(pair.snapshot(), "red", "10.99.0.3")
    assert not reaches(pair.snapshot(), "green", "10.99.0.3")
