"""The simulated outside world: the host's uplink, NAT, and a few public hosts.

Nothing here was recorded from a real engine (no test may send a packet beyond the
machine): the shapes of reachable and unreachable answers are those the engines gave
for targets on the machine itself (tests/golden/*/17-isolation.json), applied to the
public hosts of ``coursekit.backends.sim.host.OUTSIDE``.
"""

from __future__ import annotations

import pytest
from profile_labs import BOTH, lab

from coursekit import Lab
from coursekit.backends.sim.host import OUTSIDE, public_lookup

NOICC = "-o com.docker.network.bridge.enable_icc=false"
NOMASQ = "-o com.docker.network.bridge.enable_ip_masquerade=false"


def world(engine: str) -> Lab:
    """A default-bridge container, one on a user network, one internal, one none, one
    on a network without masquerading."""
    box = lab(engine)
    for line in ("docker network create net1", "docker network create --internal inner",
                 f"docker network create {NOMASQ} nomasq",
                 "docker run -d --name d1 busybox sleep 1d",
                 "docker run -d --name u1 --network net1 busybox sleep 1d",
                 "docker run -d --name i1 --network inner busybox sleep 1d",
                 "docker run -d --name n1 --network none busybox sleep 1d",
                 "docker run -d --name q1 --network nomasq busybox sleep 1d"):
        assert box.sh(line).exit_code == 0, line
    return box


@BOTH
@pytest.mark.parametrize("who", ["d1", "u1"])
@pytest.mark.parametrize("target", ["8.8.8.8", "1.1.1.1", "example.com", "10.0.2.2"])
def test_bridge_containers_reach_the_outside(engine: str, who: str, target: str) -> None:
    """Through the host's NAT, public hosts and the LAN router answer ping."""
    out = world(engine).sh(f"docker exec {who} ping -c 2 {target}")
    assert out.exit_code == 0, out
    assert "2 packets transmitted, 2 packets received, 0% packet loss\n" in out.stdout


@BOTH
def test_reply_ttl_counts_the_routers(engine: str) -> None:
    """A public host's reply arrives with TTL 55 in a container, 56 on the host."""
    box = world(engine)
    assert "seq=0 ttl=55 time=12.450 ms\n" in box.sh("docker exec d1 ping -c 1 8.8.8.8").stdout
    assert "icmp_seq=1 ttl=56 time=12.450 ms\n" in box.sh("ping -c 1 8.8.8.8").stdout
    assert "seq=0 ttl=63 " in box.sh("docker exec d1 ping -c 1 10.0.2.2").stdout


@BOTH
def test_an_unknown_public_address_is_silent(engine: str) -> None:
    """Nobody answers an address no public host holds: 100% packet loss, exit 1."""
    out = world(engine).sh("docker exec d1 ping -c 1 -W 1 192.0.2.99")
    assert out.stdout.endswith("1 packets transmitted, 0 packets received, "
                               "100% packet loss\n")
    assert out.exit_code == 1


@BOTH
def test_none_has_no_route_out(engine: str) -> None:
    """``--network none``: ``ping: sendto: Network is unreachable``, as to any address."""
    out = world(engine).sh("docker exec n1 ping -c 1 8.8.8.8")
    assert (out.stdout, out.stderr, out.exit_code) == (
        "PING 8.8.8.8 (8.8.8.8): 56 data bytes\n", "ping: sendto: Network is unreachable\n", 1)


def test_internal_has_no_route_out_on_28_5() -> None:
    """28.5 gives an internal network no gateway: the ping cannot even be sent."""
    out = world("28.5").sh("docker exec i1 ping -c 1 8.8.8.8")
    assert out.stderr == "ping: sendto: Network is unreachable\n" and out.exit_code == 1


def test_internal_drops_on_the_host_on_20_10() -> None:
    """20.10 keeps a default route; the host drops what would leave: 100% packet loss."""
    out = world("20.10").sh("docker exec i1 ping -c 1 -W 1 8.8.8.8")
    assert "1 packets transmitted, 0 packets received, 100% packet loss\n" in out.stdout
    assert out.stderr == "" and out.exit_code == 1


@BOTH
def test_without_masquerade_no_answer_comes_back(engine: str) -> None:
    """enable_ip_masquerade=false: the request leaves, no reply returns."""
    out = world(engine).sh("docker exec q1 ping -c 1 -W 1 8.8.8.8")
    assert "1 packets transmitted, 0 packets received, 100% packet loss\n" in out.stdout


@BOTH
def test_host_reaches_the_outside_without_nat(engine: str) -> None:
    """The host's own ping and curl go straight out of its uplink."""
    box = world(engine)
    assert "1 received, 0% packet loss" in box.sh("ping -c 1 www.example.com").stdout
    page = box.sh("curl -s http://example.com/")
    assert page.exit_code == 0 and "<title>Example Domain</title>" in page.stdout


@BOTH
def test_host_default_route_is_the_uplink(engine: str) -> None:
    """``ip route`` on the host starts with the default route through the LAN router."""
    assert world(engine).sh("ip route").stdout.startswith("default via 10.0.2.2 dev enp0s3 \n")


@BOTH
@pytest.mark.parametrize("who", ["d1", "u1"])
def test_nslookup_of_a_public_name(engine: str, who: str) -> None:
    """The default bridge asks the host's resolver, a user network the embedded DNS,
    which forwards; both answer example.com."""
    out = world(engine).sh(f"docker exec {who} nslookup example.com")
    server = "10.0.2.3" if who == "d1" else "127.0.0.11"
    assert out.stdout == (f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
                          "Non-authoritative answer:\nName:\texample.com\n"
                          "Address: 203.0.113.10\n\nNon-authoritative answer:\n\n")


@BOTH
def test_nslookup_at_a_public_resolver(engine: str) -> None:
    """``nslookup NAME 8.8.8.8`` asks that resolver through the NAT; unknown names are
    NXDOMAIN."""
    box = world(engine)
    assert "Address: 198.51.100.10\n" in box.sh("docker exec d1 nslookup example.org "
                                                 "8.8.8.8").stdout
    missing = box.sh("docker exec d1 nslookup nosuch.example 1.1.1.1")
    assert "** server can't find nosuch.example: NXDOMAIN\n" in missing.stdout
    assert missing.exit_code == 1


@BOTH
def test_nslookup_at_an_address_with_no_resolver_times_out(engine: str) -> None:
    """An address that runs no DNS server gives no answer."""
    out = world(engine).sh("docker exec d1 nslookup example.com 203.0.113.10")
    assert out.stdout == ";; connection timed out; no servers could be reached\n\n"
    assert out.exit_code == 1


@BOTH
def test_internal_and_none_cannot_resolve_public_names(engine: str) -> None:
    """The embedded DNS forwards nothing for a container with no way out (SERVFAIL);
    ``none`` cannot reach its resolver at all."""
    box = world(engine)
    inner = box.sh("docker exec i1 nslookup example.com")
    assert "** server can't find example.com: SERVFAIL\n" in inner.stdout
    assert box.sh("docker exec i1 ping -c 1 example.com").stderr == \
        "ping: bad address 'example.com'\n"
    assert box.sh("docker exec n1 nslookup example.com").stdout == \
        ";; connection timed out; no servers could be reached\n\n"


def test_without_masquerade_names_still_resolve_on_28_5() -> None:
    """28.5's embedded DNS asks the host's resolver from the host (``host(...)``)."""
    out = world("28.5").sh("docker exec q1 nslookup example.com")
    assert "Address: 203.0.113.10\n" in out.stdout


def test_without_masquerade_names_fail_on_20_10() -> None:
    """20.10 forwards from the container's namespace: no NAT, no answer, SERVFAIL."""
    out = world("20.10").sh("docker exec q1 nslookup example.com")
    assert "** server can't find example.com: SERVFAIL\n" in out.stdout


@BOTH
def test_wget_fetches_the_example_page(engine: str) -> None:
    """busybox wget gets example.com's small page through the NAT."""
    out = world(engine).sh("docker exec d1 wget -q -O- http://www.example.com/")
    assert out.exit_code == 0 and "<h1>Example Domain</h1>" in out.stdout
    missing = world(engine).sh("docker exec d1 wget -q -O- http://example.com/nope")
    assert missing.stderr == "wget: server returned error: HTTP/1.1 404 Not Found\n"


@BOTH
def test_wget_to_a_closed_public_port_times_out(engine: str) -> None:
    """Public hosts drop connections to closed ports."""
    out = world(engine).sh("docker exec d1 wget -q -T 2 http://example.com:8080/")
    assert out.stderr == "wget: download timed out\n" and out.exit_code == 1


@BOTH
def test_wget_from_internal_and_none(engine: str) -> None:
    """No name from the internal network; no route from none (by address)."""
    box = world(engine)
    assert box.sh("docker exec i1 wget -q http://example.com/").stderr == \
        "wget: bad address 'example.com'\n"
    assert box.sh("docker exec n1 wget -q http://203.0.113.10/").stderr == \
        "wget: can't connect to remote host (203.0.113.10): Network is unreachable\n"


def test_the_world_is_in_the_snapshot() -> None:
    """The Topology lists the public hosts, so pictures and traces can show them."""
    outside = dict(world("28.5").snapshot().outside)
    assert outside["203.0.113.10"] == "example.com www.example.com"
    assert outside["8.8.8.8"] == "dns.google"
    assert len(outside) == len(OUTSIDE)


def test_public_names_are_case_insensitive() -> None:
    """DNS names match whatever their case, with or without the final dot."""
    assert public_lookup("WWW.Example.COM.") == "203.0.113.10"
    assert public_lookup("nosuch.example") is None


@BOTH
@pytest.mark.parametrize(("server", "answered"), [("1.1.1.1", True), ("192.0.2.99", False)])
def test_embedded_dns_forwards_to_the_dns_servers(engine: str, server: str,
                                                  answered: bool) -> None:
    """On a user network ``--dns`` servers are where 127.0.0.11 forwards; a silent one
    leaves the embedded DNS with nothing to say (SERVFAIL)."""
    box = world(engine)
    box.sh(f"docker run -d --name u9 --network net1 --dns {server} busybox sleep 1d")
    out = box.sh("docker exec u9 nslookup example.com")
    assert out.stdout.startswith("Server:\t\t127.0.0.11\n")
    assert ("Address: 203.0.113.10\n" in out.stdout) == answered
    assert ("** server can't find example.com: SERVFAIL\n" in out.stdout) == (not answered)


@BOTH
def test_default_bridge_asks_its_dns_server_directly(engine: str) -> None:
    """On the default bridge ``--dns`` is the nameserver nslookup and ping ask."""
    box = world(engine)
    box.sh("docker run -d --name d9 --dns 192.0.2.53 busybox sleep 1d")
    out = box.sh("docker exec d9 nslookup www.example.org")
    assert out.stdout.startswith("Server:\t\t192.0.2.53\nAddress:\t192.0.2.53:53\n")
    assert "Address: 198.51.100.10\n" in out.stdout
    assert "PING example.com (203.0.113.10)" in box.sh("docker exec d9 ping -c 1 "
                                                       "example.com").stdout


@BOTH
@pytest.mark.parametrize(("name", "shown"), [("example.com", "203.0.113.10 (203.0.113.10)"),
                                             ("dns.google", "dns.google (8.8.8.8)")])
def test_host_ping_names_the_reply_by_its_ptr(engine: str, name: str, shown: str) -> None:
    """iputils names replies by reverse lookup: documentation addresses have no PTR."""
    out = world(engine).sh(f"ping -c 1 {name}")
    assert f"64 bytes from {shown}: icmp_seq=1 ttl=56 " in out.stdout
