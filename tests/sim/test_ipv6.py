"""IPv6 on user networks: names, ping, reachability, routes, --ip6 refusals, a created MAC."""

from __future__ import annotations

import pytest
from profile_labs import run_lines

from coursekit import Lab

ENGINES = ("28.5", "20.10")
SETUP = ("docker network create --ipv6 --subnet fd00::/64 lab6",
         "docker network create --ipv6 --subnet fd00:1::/64 lab6b",
         "docker run -d --name a6 --network lab6 busybox sleep 1d",
         "docker run -d --name b6 --network lab6 --ip6 fd00::42 busybox sleep 1d",
         "docker run -d --name c6 --network lab6b busybox sleep 1d",
         "docker run -d --name d4 busybox sleep 1d")


@pytest.fixture(params=ENGINES)
def lab(request: pytest.FixtureRequest) -> Lab:
    lab = Lab(backend="sim", engine=request.param)
    run_lines(lab, *SETUP)
    return lab


def test_hosts_file_lists_the_ipv6_address_after_the_ipv4_one(lab: Lab) -> None:
    """/etc/hosts gets ``fd00::42<TAB>hostname`` right after the IPv4 line."""
    lines = run_lines(lab, "docker exec b6 cat /etc/hosts").stdout.splitlines()
    assert lines[-2].startswith("172.18.0.3\t") and lines[-1].startswith("fd00::42\t")
    assert lines[-1].split("\t")[1] == lines[-2].split("\t")[1]


def test_nslookup_prints_an_a_and_an_aaaa_block(lab: Lab) -> None:
    """Without -type the embedded DNS answers both; -type=AAAA only the IPv6 address."""
    both = run_lines(lab, "docker exec a6 nslookup b6").stdout
    assert "Address: 172.18.0.3\n" in both and "Address: fd00::42\n" in both
    only6 = run_lines(lab, "docker exec a6 nslookup -type=AAAA b6").stdout
    assert "Address: fd00::42\n" in only6 and "172.18" not in only6


def test_nslookup_of_an_ipv6_address_answers_its_ip6_arpa_name(lab: Lab) -> None:
    """The reverse lookup of fd00::42 names b6.lab6 under its ip6.arpa nibbles."""
    out = run_lines(lab, "docker exec a6 nslookup fd00::42").stdout
    assert ("2.4.0.0." + "0." * 26 + "d.f.ip6.arpa\tname = b6.lab6\n") in out


def test_nslookup_refuses_other_query_types_in_one_line(lab: Lab) -> None:
    """-type=MX is not simulated: one coursekit line, exit 1."""
    result = run_lines(lab, "docker exec a6 nslookup -type=MX b6")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: nslookup -type=MX is not simulated")


def test_ping_of_a_name_picks_ipv6_and_dash_four_picks_ipv4(lab: Lab) -> None:
    """``ping b6`` uses fd00::42 (the embedded DNS's AAAA); ``-4`` uses 172.18.0.3."""
    assert run_lines(lab, "docker exec a6 ping -c 1 b6").stdout.startswith("PING b6 (fd00::42)")
    assert lab.sh("docker exec a6 ping -4 -c 1 b6").stdout.startswith("PING b6 (172.18.0.3)")
    assert run_lines(lab, "docker exec a6 ping -c 1 localhost").stdout.startswith(
        "PING localhost (127.0.0.1)")


def test_ping6_reaches_the_same_network_only(lab: Lab) -> None:
    """Same network: a reply; another network's address and the gateway: 100% loss."""
    assert run_lines(lab, "docker exec a6 ping6 -c 1 fd00::42").exit_code == 0
    assert run_lines(lab, "docker exec a6 ping -6 -c 1 ::1").exit_code == 0
    for dst in ("fd00:1::2", "fd00::1", "fd00::99"):
        lost = run_lines(lab, f"docker exec a6 ping6 -c 1 -W 1 {dst}")
        assert lost.exit_code == 1 and "0 packets received, 100% packet loss" in lost.stdout


def test_ping6_of_an_ipv4_address_is_a_bad_address(lab: Lab) -> None:
    """ping6 takes no IPv4 literal, ping -4 no IPv6 one, in their own words."""
    assert run_lines(lab, "docker exec a6 ping6 -c 1 172.18.0.3").stderr == \
        "ping6: bad address '172.18.0.3'\n"
    assert run_lines(lab, "docker exec a6 ping -4 -c 1 fd00::42").stderr == \
        "ping: bad address 'fd00::42'\n"


@pytest.mark.parametrize(("engine", "why"), [("28.5", "Network is unreachable"),
                                              ("20.10", "Cannot assign requested address")])
def test_ipv6_from_a_container_off_ipv6_networks(engine: str, why: str) -> None:
    """28.5 keeps ::1 but has no route; 20.10's stack has no IPv6 address at all."""
    lab = Lab(backend="sim", engine=engine)
    run_lines(lab, *SETUP)
    result = run_lines(lab, "docker exec d4 ping6 -c 1 fd00::42")
    assert result.stdout == "PING fd00::42 (fd00::42): 56 data bytes\n"
    assert (result.stderr, result.exit_code) == (f"ping6: sendto: {why}\n", 1)


def test_ip_6_route_lists_the_kernels_ipv6_table(lab: Lab) -> None:
    """Subnet, link-local, default via the IPv6 gateway, multicast; nothing off IPv6."""
    assert run_lines(lab, "docker exec a6 ip -6 route").stdout == (
        "fd00::/64 dev eth0  metric 256 \nfe80::/64 dev eth0  metric 256 \n"
        "default via fd00::1 dev eth0  metric 1024 \nmulticast ff00::/8 dev eth0  metric 256 \n")
    assert run_lines(lab, "docker exec a6 ip -6 route show default").stdout == \
        "default via fd00::1 dev eth0  metric 1024 \n"
    assert run_lines(lab, "docker exec d4 ip -6 route").stdout == ""


def test_ip_6_addr_leaves_out_the_qdisc_and_shows_lo(lab: Lab) -> None:
    """busybox ``ip -6 addr``: headers without qdisc; ::1 on lo of an IPv6 container."""
    out = run_lines(lab, "docker exec a6 ip -6 addr").stdout
    assert out.startswith("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qlen 1000\n"
                          "    inet6 ::1/128 scope host \n")
    assert "qdisc" not in out and "inet6 fd00::2/64 scope global flags 02 \n" in out


@pytest.mark.parametrize(("engine", "stderr", "code"), [
    ("28.5", "docker: Error response from daemon: invalid config for network lab6: invalid "
             "endpoint settings:\n* invalid IPv6 address: bad\n* no configured subnet or "
             "ip-range contain the IP address bad\n\nRun 'docker run --help' for more "
             "information\n", 125),
    ("20.10", "docker: Error response from daemon: invalid IPv6 address: bad\n\nRun 'docker "
              "run --help' for more information\n", 125)])
def test_a_bad_ip6_is_refused_at_create(engine: str, stderr: str, code: int) -> None:
    """``--ip6 bad`` on an IPv6 network: the daemon's words, and no container is left."""
    lab = Lab(backend="sim", engine=engine)
    run_lines(lab, SETUP[0])
    result = run_lines(lab, "docker run -d --name bad --network lab6 --ip6 bad busybox sleep 1d")
    assert (result.stdout, result.stderr, result.exit_code) == ("", stderr, code)
    assert run_lines(lab, "docker ps -aq").stdout == ""


def test_28_5_lists_every_reason_for_an_ip6_on_the_default_bridge() -> None:
    """Predefined network, invalid address, no user subnet: three ``*`` lines."""
    lab = Lab(backend="sim", engine="28.5")
    result = run_lines(lab, "docker create --ip6 bad busybox")
    assert result.stderr == (
        "Error response from daemon: invalid config for network bridge: invalid endpoint "
        "settings:\n* user specified IP address is supported on user defined networks only\n"
        "* invalid IPv6 address: bad\n* user specified IP address is supported only when "
        "connecting to networks with user configured subnets\n")


@pytest.mark.parametrize(("engine", "stderr"), [
    ("28.5", "Error response from daemon: invalid endpoint settings:\n* invalid IPv6 "
             "address: bad\n* no configured subnet or ip-range contain the IP address bad\n"),
    ("20.10", "Error response from daemon: Invalid IPv6 address: bad)\n")])
def test_network_connect_refuses_a_bad_ip6(engine: str, stderr: str) -> None:
    """``docker network connect --ip6 bad``: each engine's words (20.10's parenthesis)."""
    lab = Lab(backend="sim", engine=engine)
    run_lines(lab, *SETUP)
    result = run_lines(lab, "docker network connect --ip6 bad lab6 d4")
    assert (result.stderr, result.exit_code) == (stderr, 1)


def test_28_5_ip6_outside_the_subnet_is_refused_at_create() -> None:
    """An address the user's IPv6 subnet does not hold: one reason, bare."""
    lab = Lab(backend="sim", engine="28.5")
    run_lines(lab, SETUP[0])
    result = run_lines(lab, "docker create --network lab6 --ip6 fd00:9::5 busybox")
    assert result.stderr == ("Error response from daemon: invalid config for network lab6: "
                             "invalid endpoint settings:\nno configured subnet or ip-range "
                             "contain the IP address fd00:9::5\n")


@pytest.mark.parametrize(("network", "top"), [("lab6", ""), ("bridge", "02:42:ac:11:00:99")])
def test_28_5_created_container_shows_its_requested_mac(network: str, top: str) -> None:
    """Never started: the endpoint shows the --mac-address (top level on the bridge only)."""
    lab = Lab(backend="sim", engine="28.5")
    run_lines(lab, SETUP[0], f"docker create --name mc --network {network} "
                       "--mac-address 02:42:ac:11:00:99 busybox")
    out = run_lines(lab, "docker inspect -f '{{.NetworkSettings.MacAddress}}|{{range "
                   ".NetworkSettings.Networks}}{{.MacAddress}}{{end}}' mc").stdout
    assert out == f"{top}|02:42:ac:11:00:99\n"
