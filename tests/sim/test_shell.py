"""Commands inside simulated containers print what busybox printed on Docker Engine 20.10.

Expected texts below were copied from ``docker exec`` on the real engine for containers
with the same ids, addresses and interface indexes as :mod:`shell_fixtures`. Where the
real output varies (round-trip times, traffic counters) both sides are normalised.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shell_fixtures import IDS, lab, replace

from coursekit.backends.base import ContainerSpec
from coursekit.backends.sim import SimBackend
from coursekit.backends.sim.userland.shell import run_in_container, run_on_host
from coursekit.errors import Conflict
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5
from coursekit.result import CommandResult

LO = ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
      "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
      "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n")
HS2C_ETH0 = ("18: eth0@if19: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
             "    link/ether 02:42:ac:13:00:02 brd ff:ff:ff:ff:ff:ff\n"
             "    inet 172.19.0.2/16 brd 172.19.255.255 scope global eth0\n"
             "       valid_lft forever preferred_lft forever\n")
VALID = "       valid_lft forever preferred_lft forever"
OCI = "OCI runtime exec failed: exec failed: unable to start container process: exec: "


def run(name: str, *argv: str) -> CommandResult:
    return run_in_container(lab(), name, argv)


def times_hidden(text: str) -> str:
    text = re.sub(r"time=\d+\.\d+", "time=T", text)
    return re.sub(r"= [\d./]+ ms", "= R ms", text)


def counters_hidden(text: str) -> str:
    text = re.sub(r"(packets|bytes)[: ](\d+)", r"\1 N", text)
    return re.sub(r"\(\d+\.\d [KMG]?i?B\)", "(H)", text)


@pytest.mark.parametrize("argv", [("ip", "addr"), ("ip", "a"), ("ip", "address", "show")])
def test_ip_addr_in_a_user_network_container(argv: tuple[str, ...]) -> None:
    """``ip addr``: lo and eth0@ifN with M-DOWN, exactly as busybox printed it."""
    assert run("hs2c", *argv) == CommandResult(LO + HS2C_ETH0)


def test_ip_addr_variants() -> None:
    """``-o``, ``-4``, ``show dev``, ``link``: the observed layouts."""
    assert run("hs2c", "ip", "-o", "addr").stdout == (
        f"1: lo    inet 127.0.0.1/8 scope host lo\\{VALID}\n"
        f"18: eth0    inet 172.19.0.2/16 brd 172.19.255.255 scope global eth0\\{VALID}\n")
    assert run("hs2c", "ip", "-o", "-4", "addr").stdout == run("hs2c", "ip", "-o", "addr").stdout
    assert run("hs2c", "ip", "-4", "addr").stdout == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
        f"    inet 127.0.0.1/8 scope host lo\n{VALID}\n"
        "18: eth0@if19: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
        f"    inet 172.19.0.2/16 brd 172.19.255.255 scope global eth0\n{VALID}\n")
    assert run("hs2c", "ip", "address", "show", "dev", "eth0").stdout == HS2C_ETH0
    assert run("hs2c", "ip", "addr", "show", "eth0").stdout == HS2C_ETH0
    assert run("hs2c", "ip", "-o", "link").stdout == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\    link/loopback "
        "00:00:00:00:00:00 brd 00:00:00:00:00:00\n18: eth0@if19: <BROADCAST,MULTICAST,UP,"
        "LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \\    link/ether 02:42:ac:13:00:02 brd "
        "ff:ff:ff:ff:ff:ff\n")


def test_two_networks_two_interfaces_and_routes() -> None:
    """hs2a after ``docker network connect hs2net``: eth1@if70, a route per subnet."""
    out = run("hs2a", "ip", "addr").stdout
    assert "69: eth1@if70: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n" \
           "    link/ether 02:42:ac:13:00:05 brd ff:ff:ff:ff:ff:ff\n" \
           "    inet 172.19.0.5/16 brd 172.19.255.255 scope global eth1\n" in out
    expected = ("default via 172.17.0.1 dev eth0 \n"
                "172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n"
                "172.19.0.0/16 dev eth1 scope link  src 172.19.0.5 \n")
    assert run("hs2a", "ip", "route").stdout == expected
    assert run("hs2a", "ip", "r").stdout == expected
    assert run("hs2a", "ip", "link", "show", "eth1").stdout == (
        "69: eth1@if70: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
        "    link/ether 02:42:ac:13:00:05 brd ff:ff:ff:ff:ff:ff\n")


def test_ifconfig_layout() -> None:
    """busybox ifconfig: eth0 then lo, capital MAC; counters are the simulator's own."""
    observed = (
        "eth0      Link encap:Ethernet  HWaddr 02:42:AC:13:00:02  \n"
        "          inet addr:172.19.0.2  Bcast:172.19.255.255  Mask:255.255.0.0\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
        "          RX packets:37 errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:25 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:0 \n"
        "          RX bytes:2846 (2.7 KiB)  TX bytes:1790 (1.7 KiB)\n\n")
    out = run("hs2c", "ifconfig").stdout
    assert counters_hidden(out).startswith(counters_hidden(observed))
    assert run("hs2c", "ifconfig") == run("hs2c", "ifconfig")


def test_none_mode_has_lo_only() -> None:
    """``--network none``: lo in ip addr and ifconfig (zero counters), no routes."""
    assert run("hs2n", "ip", "addr").stdout == LO
    assert run("hs2n", "ip", "route") == CommandResult()
    assert run("hs2n", "ifconfig").stdout == (
        "lo        Link encap:Local Loopback  \n"
        "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
        "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
        "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:1000 \n"
        "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n")
    assert run("hs2n", "hostname", "-i") == CommandResult(
        stderr=f"hostname: {IDS['hs2n'][:12]}: Host name lookup failure\n", exit_code=1)


def test_follower_sees_its_owner_and_loses_it_when_the_owner_stops() -> None:
    """``container:hs2c`` shows hs2c's eth0; with hs2c stopped, only lo."""
    assert run("hs2f", "ip", "addr").stdout == LO + HS2C_ETH0
    assert run("hs2f", "ip", "route").stdout == (
        "default via 172.19.0.1 dev eth0 \n172.19.0.0/16 dev eth0 scope link  src 172.19.0.2 \n")
    stopped = replace(lab(), "hs2c", state="exited", interfaces=())
    assert run_in_container(stopped, "hs2f", ("ip", "addr")).stdout == LO


def test_host_mode_busybox_sees_the_host() -> None:
    """busybox in host mode: the host's veths carry M-DOWN and ``master``, no state."""
    out = run("hs2h", "ip", "addr").stdout
    assert ("14: veth6484d0c@if13: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc "
            "noqueue master docker0 \n") in out
    assert ("5: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue \n"
            "    link/ether 02:42:c2:b9:87:b7 brd ff:ff:ff:ff:ff:ff\n"
            "    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n"
            f"{VALID}\n    inet6 fe80::42:c2ff:feb9:87b7/64 scope link \n{VALID}\n") in out
    assert "172.20.0.0/16 dev br-710527f29c33 scope link  src 172.20.0.1 \n" in \
        run("hs2h", "ip", "route").stdout
    assert run("hs2h", "hostname").stdout == "vm\n"


PING_WEB = ("PING web (172.17.0.2): 56 data bytes\n"
            "64 bytes from 172.17.0.2: seq=0 ttl=64 time=0.288 ms\n\n"
            "--- web ping statistics ---\n"
            "1 packets transmitted, 1 packets received, 0% packet loss\n"
            "round-trip min/avg/max = 0.288/0.288/0.288 ms\n")


def test_ping_by_link_alias() -> None:
    """``ping -c 1 -W 1 web`` over a legacy link: busybox's layout, a fixed time."""
    result = run("hs2b", "ping", "-c", "1", "-W", "1", "web")
    assert times_hidden(result.stdout) == times_hidden(PING_WEB)
    assert result.exit_code == 0
    assert result == run("hs2b", "ping", "-c", "1", "-W", "1", "web")


@pytest.mark.parametrize(("name", "argv", "expected"), [
    ("hs2c", ("ping", "-c", "2", "-W", "1", "172.17.0.2"), CommandResult(
        "PING 172.17.0.2 (172.17.0.2): 56 data bytes\n\n--- 172.17.0.2 ping statistics ---\n"
        "2 packets transmitted, 0 packets received, 100% packet loss\n", "", 1)),
    ("hs2n", ("ping", "-c1", "-W1", "172.17.0.2"), CommandResult(
        "PING 172.17.0.2 (172.17.0.2): 56 data bytes\n",
        "ping: sendto: Network is unreachable\n", 1)),
    ("hs2a", ("ping", "-c", "1", "-W", "1", "hs2b"), CommandResult(
        "", "ping: bad address 'hs2b'\n", 1)),
    ("hs2c", ("ping", "-c1", "-W1", "old"), CommandResult("", "ping: bad address 'old'\n", 1)),
])
def test_failing_pings(name: str, argv: tuple[str, ...], expected: CommandResult) -> None:
    """Isolation (100% loss), none mode (no route), no DNS on the default bridge."""
    assert run(name, *argv) == expected


def test_quiet_ping_and_ping_without_count() -> None:
    """``-q`` keeps the summary; no ``-c`` stops after 4 packets with a note."""
    quiet = run("hs2d", "ping", "-c", "3", "-q", "svc").stdout
    assert times_hidden(quiet) == ("PING svc (172.19.0.2): 56 data bytes\n\n--- svc ping "
                                   "statistics ---\n3 packets transmitted, 3 packets received, "
                                   "0% packet loss\nround-trip min/avg/max = R ms\n")
    endless = run("hs2c", "ping", "myhost")
    assert endless.stdout.count("bytes from 172.19.0.3") == 4
    assert "Ctrl-C" in endless.stderr


def test_nslookup_embedded_dns() -> None:
    """A name, an unknown name and a reverse lookup against 127.0.0.11."""
    head = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
    assert run("hs2c", "nslookup", "hs2d") == CommandResult(
        head + "Non-authoritative answer:\nName:\ths2d\nAddress: 172.19.0.3\n\n"
               "Non-authoritative answer:\n\n")
    assert run("hs2c", "nslookup", "nosuch") == CommandResult(
        head + "** server can't find nosuch: NXDOMAIN\n\n" * 2, exit_code=1)
    assert run("hs2c", "nslookup", "172.19.0.3") == CommandResult(
        head + "Non-authoritative answer:\n3.0.19.172.in-addr.arpa\tname = hs2d.hs2net\n\n")


def test_nslookup_on_the_default_bridge_asks_the_host_resolver() -> None:
    """No embedded DNS: the host's nameserver answers NXDOMAIN, even for a link alias."""
    out = run("hs2b", "nslookup", "web")
    assert out.stdout.startswith("Server:\t\t10.0.2.3\nAddress:\t10.0.2.3:53\n\n")
    assert out.exit_code == 1


@pytest.mark.parametrize(("argv", "expected"), [
    (("nosuchcmd",), CommandResult(f'{OCI}"nosuchcmd": executable file not found in $PATH: '
                                "unknown\r\n", "", 126)),
    (("bash",), CommandResult(f'{OCI}"bash": executable file not found in $PATH: unknown\r\n',
                           "", 126)),
    (("/bin/nosuch",), CommandResult(f'{OCI}"/bin/nosuch": stat /bin/nosuch: no such file or '
                                  "directory: unknown\r\n", "", 126)),
    (("env",), CommandResult("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                          "HOSTNAME=e4875b2c31cb\nHOME=/\n")),
    (("cat", "/nonexist"), CommandResult("", "cat: can't open '/nonexist': No such file or "
                                          "directory\n", 1)),
    (("ip", "addr", "show", "dev", "nosuch"), CommandResult("", "ip: can't find device "
                                                             "'nosuch'\n", 1)),
    (("ifconfig", "nosuch"), CommandResult("", "ifconfig: nosuch: error fetching interface "
                                            "information: Device not found\n", 1)),
    (("sh", "-c", "echo a; false && echo b; echo c"), CommandResult("a\nc\n")),
    (("sh", "-c", "nosuch"), CommandResult("", "sh: nosuch: not found\n", 127)),
    (("sh", "-c", "exit 3"), CommandResult(exit_code=3)),
    (("sh",), CommandResult()),
    (("echo", "hi", "there"), CommandResult("hi there\n")),
    (("sleep", "0"), CommandResult()),
    (("false",), CommandResult(exit_code=1)),
    (("hostname", "-i"), CommandResult("172.17.0.2\n")),
    (("cat", "/etc/hostname", "/etc/resolv.conf"),
     CommandResult("e4875b2c31cb\nnameserver 127.0.0.11\noptions ndots:0\n")),
])
def test_observed_exec_results(argv: tuple[str, ...], expected: CommandResult) -> None:
    """Exact stdout, stderr and exit code of ``docker exec hs2a ARGV``."""
    assert run("hs2a", *argv) == expected


@pytest.mark.parametrize(("argv", "first_line"), [
    (("ping",), "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."),
    (("ping", "-x", "1.2.3.4"), "ping: invalid option -- 'x'"),
    (("nslookup",), "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."),
    (("hostname", "-I"), "hostname: invalid option -- 'I'"),
    (("ip", "foo"), "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."),
])
def test_usage_errors(argv: tuple[str, ...], first_line: str) -> None:
    """Bad arguments print busybox's usage on stderr, exit 1."""
    result = run("hs2a", *argv)
    assert result.stderr.splitlines()[0] == first_line
    assert "Usage: " in result.stderr and result.exit_code == 1


def test_exec_in_a_stopped_container() -> None:
    """The daemon refuses with the full id, before the userland runs anything; the
    userland runs what it is handed and never speaks in the daemon's words."""
    for profile, word in ((ENGINE_20_10, "Container"), (ENGINE_28_5, "container")):
        backend = SimBackend(profile=profile)
        old = backend.create_container(ContainerSpec("busybox", name="old"))[0]
        with pytest.raises(Conflict, match=f"^{word} {old.id} is not running$"):
            backend.exec("old", ("true",))
    assert run("old", "true") == CommandResult()


def test_busybox_wget_against_published_and_direct_servers() -> None:
    """Messages as busybox 1.35 printed them (observed against busybox httpd)."""
    assert run("hs2h", "wget", "-O-", "http://127.0.0.1:18642/") == CommandResult(
        "", "Connecting to 127.0.0.1:18642 (127.0.0.1:18642)\n"
            "wget: server returned error: HTTP/1.1 404 Not Found\n", 1)
    assert run("hs2h", "wget", "-O-", "http://127.0.0.1:18649/") == CommandResult(
        "", "Connecting to 127.0.0.1:18649 (127.0.0.1:18649)\n"
            "wget: can't connect to remote host (127.0.0.1): Connection refused\n", 1)
    page = run("hs2c", "wget", "-O-", "http://web:80/")
    assert page.stdout.startswith("<!DOCTYPE html>") and "Welcome to nginx!" in page.stdout
    assert page.stderr == ("Connecting to web:80 (172.19.0.6:80)\nwriting to stdout\n"
                           "-                    100% |********************************|   615"
                           "  0:00:00 ETA\nwritten to stdout\n")
    saved = run("hs2c", "wget", "http://web/")
    assert saved == CommandResult("", "Connecting to web (172.19.0.6:80)\nsaving to 'index.html'\n"
                                   "index.html           100% |********************************"
                                   "|   615  0:00:00 ETA\n'index.html' saved\n")
    assert run("hs2c", "wget", "-qO-", "http://web/").stdout == page.stdout


@pytest.mark.parametrize(("name", "url", "stderr"), [
    ("hs2a", "http://hs2w/", "wget: bad address 'hs2w'\n"),
    ("hs2b", "http://172.19.0.6/", "wget: can't connect to remote host (172.19.0.6): "
                                   "Connection timed out\n"),
    ("hs2n", "http://172.19.0.6/", "wget: can't connect to remote host (172.19.0.6): "
                                   "Network is unreachable\n"),
    ("hs2c", "http://172.19.0.99/", "wget: can't connect to remote host (172.19.0.99): "
                                    "No route to host\n"),
    ("hs2c", "http://web/nope", "wget: server returned error: HTTP/1.1 404 Not Found\n"),
])
def test_quiet_wget_failures(name: str, url: str, stderr: str) -> None:
    """``wget -q``: only the error line, exit 1."""
    assert run(name, "wget", "-q", url) == CommandResult("", stderr, 1)


def test_sh_pipes_and_redirections() -> None:
    """``|`` into grep/wc/head, ``2>&1`` and ``>/dev/null`` inside ``sh -c``."""
    assert run("hs2c", "sh", "-c", "ip addr | grep inet").stdout == (
        "    inet 127.0.0.1/8 scope host lo\n"
        "    inet 172.19.0.2/16 brd 172.19.255.255 scope global eth0\n")
    assert run("hs2c", "sh", "-c", "cat /etc/hosts | wc -l").stdout == "7\n"
    assert run("hs2c", "sh", "-c", "ip route | head -n 1").stdout == \
        "default via 172.19.0.1 dev eth0 \n"
    assert run("hs2a", "sh", "-c", "ping -c 1 hs2b 2>&1").stdout == "ping: bad address 'hs2b'\n"
    assert run("hs2a", "sh", "-c", "ping -c 1 hs2b 2>/dev/null || echo down") == \
        CommandResult("down\n")
    assert run("hs2a", "sh", "-c", "hostname >/dev/null && echo ok") == CommandResult("ok\n")


def test_unsimulated_applet_says_so() -> None:
    """``df`` exists in busybox but is not simulated: a plain note, exit 127."""
    result = run("hs2a", "df", "/")
    assert result.exit_code == 127 and "not available in the coursekit simulator" in \
        result.stderr


ALPHABET = ["ip", "addr", "a", "-o", "-4", "link", "route", "ifconfig", "-a", "ping", "-c",
            "1", "-W", "-q", "0", "web", "hs2c", "172.19.0.2", "127.0.0.1", "8.8.8.8",
            "nslookup", "wget", "-qO-", "-O", "-", "http://web/", "http://x:y/", "https://",
            "curl", "-s", "-i", "cat", "/etc/hosts", "sh", "-c", "ls | grep x; exit 7",
            "&&", "'", '"', "|", "hostname", "-i", "env", "brctl", "show", "bridge", "sudo",
            "busybox", "dev", "eth9", "ftp://a", "--", "-x", "", "\\", "echo", "-n", "grep",
            "head", "-n", "tail", "wc", "-l", "sleep", "abc", "/bin/ip", "/x/ip", "bash"]
TARGETS = ["hs2a", "hs2b", "hs2c", "hs2f", "hs2h", "hs2n", "hs2i1", "old", "nosuch", "hs2"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([*TARGETS, ""]),
       st.lists(st.one_of(st.sampled_from(ALPHABET), st.text(max_size=6)), max_size=7))
def test_any_argv_gives_a_result(target: str, argv: list[str]) -> None:
    """No argv, in any container or on the host, raises: each gets an CommandResult."""
    topo = lab()
    result = run_on_host(topo, tuple(argv)) if not target else \
        run_in_container(topo, target, tuple(argv))
    assert isinstance(result, CommandResult) and isinstance(result.exit_code, int)
