"""Commands on the simulated host print what Debian's iproute2, net-tools, curl and wget print.

The host interfaces of :mod:`shell_fixtures` copy the lab machine's (same indexes, names,
MACs); expected texts were taken from that machine with Engine 20.10 running the
hs2* containers. Traffic counters are the simulator's own and are normalised.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from shell_fixtures import lab

from coursekit.backends.sim.userland.shell import run_on_host
from coursekit.result import CommandResult

VALID = "       valid_lft forever preferred_lft forever"
OBSERVED_ADDR = "".join(line + "\n" for line in (
    '5: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default ',
    '    link/ether 02:42:c2:b9:87:b7 brd ff:ff:ff:ff:ff:ff',
    '    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0',
    '       valid_lft forever preferred_lft forever',
    '    inet6 fe80::42:c2ff:feb9:87b7/64 scope link ',
    '       valid_lft forever preferred_lft forever',
    '14: veth6484d0c@if13: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500'
    ' qdisc noqueue master docker0 state UP group default ',
    '    link/ether 5a:ee:92:32:eb:ce brd ff:ff:ff:ff:ff:ff link-netnsid 0',
    '    inet6 fe80::58ee:92ff:fe32:ebce/64 scope link ',
    '       valid_lft forever preferred_lft forever',
    '16: veth45ac90f@if15: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500'
    ' qdisc noqueue master docker0 state UP group default ',
    '    link/ether 3a:c2:a3:6a:29:7c brd ff:ff:ff:ff:ff:ff link-netnsid 1',
    '    inet6 fe80::38c2:a3ff:fe6a:297c/64 scope link ',
    '       valid_lft forever preferred_lft forever',
    '17: br-9289ff5ec0ed: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc'
    ' noqueue state UP group default ',
    '    link/ether 02:42:59:e8:02:b4 brd ff:ff:ff:ff:ff:ff',
    '    inet 172.19.0.1/16 brd 172.19.255.255 scope global br-9289ff5ec0ed',
    '       valid_lft forever preferred_lft forever',
    '    inet6 fe80::42:59ff:fee8:2b4/64 scope link ',
    '       valid_lft forever preferred_lft forever',
    '19: vethfda4943@if18: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500'
    ' qdisc noqueue master br-9289ff5ec0ed state UP group default ',
    '    link/ether 7e:90:12:73:29:9e brd ff:ff:ff:ff:ff:ff link-netnsid 2',
    '    inet6 fe80::7c90:12ff:fe73:299e/64 scope link ',
    '       valid_lft forever preferred_lft forever',
    '20: br-710527f29c33: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500'
    ' qdisc noqueue state DOWN group default ',
    '    link/ether 02:42:a9:b3:0f:74 brd ff:ff:ff:ff:ff:ff',
    '    inet 172.20.0.1/16 brd 172.20.255.255 scope global br-710527f29c33',
    '       valid_lft forever preferred_lft forever',
))


def host(*argv: str) -> CommandResult:
    return run_on_host(lab(), argv, now=datetime(2026, 11, 27, 17, 23, 22))


def counters_hidden(text: str) -> str:
    text = re.sub(r"(packets|bytes) \d+", r"\1 N", text)
    return re.sub(r"\(\d+\.\d [KMG]?i?B\)", "(H)", text)


def test_ip_addr_matches_the_lab_machine() -> None:
    """docker0, its veths (``link-netnsid``), a user bridge, an empty bridge: verbatim."""
    assert OBSERVED_ADDR in host("ip", "addr").stdout
    assert host("ip", "addr").stdout.startswith(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default "
        "qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n")


def test_ip_variants() -> None:
    """``-o``, ``-br``, ``link show master``, ``route``: the lab machine's layouts."""
    assert host("ip", "-o", "addr").stdout.startswith(
        f"1: lo    inet 127.0.0.1/8 scope host lo\\{VALID}\n"
        f"1: lo    inet6 ::1/128 scope host \\{VALID}\n")
    brief = host("ip", "-br", "a").stdout
    assert "lo               UNKNOWN        127.0.0.1/8 ::1/128 \n" in brief
    assert "docker0          UP             172.17.0.1/16 fe80::42:c2ff:feb9:87b7/64 \n" in brief
    assert "veth6484d0c@if13 UP             fe80::58ee:92ff:fe32:ebce/64 \n" in brief
    assert host("ip", "link", "show", "master", "docker0").stdout.startswith(
        "14: veth6484d0c@if13: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
        "docker0 state UP mode DEFAULT group default \n    link/ether 5a:ee:92:32:eb:ce brd "
        "ff:ff:ff:ff:ff:ff link-netnsid 0\n16: veth45ac90f@if15:")
    assert host("ip", "-4", "addr", "show", "docker0").stdout == (
        "5: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
        f"default \n    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n{VALID}\n")
    routes = host("ip", "route").stdout
    assert routes.startswith("default via 10.0.2.2 dev enp0s3 \n")
    assert "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 \n" in routes
    assert ("172.20.0.0/16 dev br-710527f29c33 proto kernel scope link src 172.20.0.1 "
            "linkdown \n") in routes
    assert host("ip", "addr", "show", "dev", "nosuch") == CommandResult(
        "", 'Device "nosuch" does not exist.\n', 1)


def test_bridge_link_and_brctl() -> None:
    """``bridge link`` as observed; ``brctl show`` in bridge-utils' tab layout."""
    assert host("bridge", "link").stdout.startswith(
        "14: veth6484d0c@if13: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master docker0 state "
        "forwarding priority 32 cost 2 \n")
    table = host("brctl", "show").stdout
    assert table.startswith("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n")
    assert ("docker0\t\t8000.0242c2b987b7\tno\t\tveth45ac90f\n\t\t\t\t\t\t\tveth592736a\n"
            "\t\t\t\t\t\t\tveth5cf2567\n\t\t\t\t\t\t\tveth6484d0c\n") in table
    assert "br-710527f29c33\t\t8000.0242a9b30f74\tno\t\t\n" in table
    assert host("sudo", "brctl", "show") == host("brctl", "show")


def test_nettools_ifconfig() -> None:
    """net-tools blocks: flags number, ether line, no inet for a veth, 4099 without carrier."""
    out = host("ifconfig").stdout
    assert counters_hidden(
        "docker0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        "        inet 172.17.0.1  netmask 255.255.0.0  broadcast 172.17.255.255\n"
        "        inet6 fe80::42:c2ff:feb9:87b7  prefixlen 64  scopeid 0x20<link>\n"
        "        ether 02:42:c2:b9:87:b7  txqueuelen 0  (Ethernet)\n"
        "        RX packets 88  bytes 7331 (7.1 KiB)\n"
        "        RX errors 0  dropped 0  overruns 0  frame 0\n"
        "        TX packets 98  bytes 7825 (7.6 KiB)\n"
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n"
    ) in counters_hidden(out)
    assert ("br-710527f29c33: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500\n"
            "        inet 172.20.0.1  netmask 255.255.0.0  broadcast 172.20.255.255\n"
            "        ether 02:42:a9:b3:0f:74  txqueuelen 0  (Ethernet)\n") in out
    assert ("veth6484d0c: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
            "        inet6 fe80::58ee:92ff:fe32:ebce  prefixlen 64  scopeid 0x20<link>\n"
            "        ether 5a:ee:92:32:eb:ce  txqueuelen 0  (Ethernet)\n") in out
    assert ("lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask "
            "255.0.0.0\n        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n        loop  "
            "txqueuelen 1000  (Local Loopback)\n") in out
    names = re.findall(r"^(\S+): flags", out, re.MULTILINE)
    assert names == sorted(names)
    assert host("ifconfig", "nosuch") == CommandResult(
        "", "nosuch: error fetching interface information: Device not found\n", 1)


def test_curl_published_ports() -> None:
    """curl reaches published ports on 127.0.0.1; errors as curl 7.88 words them."""
    page = host("curl", "-s", "http://127.0.0.1:8080/")
    assert page.exit_code == 0 and "Welcome to nginx!" in page.stdout and page.stderr == ""
    assert host("curl", "-s", "http://127.0.0.1:18649/") == CommandResult(exit_code=7)
    refused = host("curl", "http://127.0.0.1:18649/")
    assert refused.stderr.endswith("curl: (7) Failed to connect to 127.0.0.1 port 18649 after "
                                   "0 ms: Couldn't connect to server\n")
    assert refused.stderr.startswith("  % Total    % Received % Xferd  Average Speed   Time")
    assert host("curl", "-sS", "http://nosuch/") == CommandResult(
        "", "curl: (6) Could not resolve host: nosuch\n", 6)
    assert host("curl", "-sf", "http://127.0.0.1:18642/").exit_code == 22
    assert host("curl", "-s", "http://172.19.0.6/").stdout == page.stdout


def test_curl_write_out() -> None:
    """-w expands curl 7.88's variables after the body, also after a failure (seen on this
    machine's curl: 000, no address, port 0); unknown variables warn; -v, -X POST and
    -w @FILE are refused plainly rather than ignored."""
    fmt = "%{http_code} %{size_download} [%{remote_ip}]:[%{remote_port}] %{exitcode}\\n"
    page = host("curl", "-s", "-o", "/dev/null", "-w", fmt, "http://127.0.0.1:8080/")
    assert page == CommandResult("200 615 [127.0.0.1]:[8080] 0\n")
    assert host("curl", "-s", "-w", fmt, "http://127.0.0.1:18649/") == CommandResult(
        "000 0 []:[0] 7\n", "", 7)
    assert host("curl", "-sf", "-w", "%{http_code} %{size_download}", "http://127.0.0.1:18642/"
                ) == CommandResult("404 0", "", 22)
    assert host("curl", "-s", "-o", "/dev/null", "-w", "%{foo}%%", "http://127.0.0.1:8080/"
                ) == CommandResult("%", "curl: unknown --write-out variable: 'foo'\n")
    for argv in (("-v",), ("-X", "POST"), ("-w", "@fmt.txt")):
        refused = host("curl", *argv, "http://127.0.0.1:8080/")
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr.startswith("coursekit: curl ") and "did not run" in refused.stderr


def test_gnu_wget() -> None:
    """GNU wget's dialogue and exit codes (4 network, 8 server error)."""
    refused = host("wget", "-O-", "http://127.0.0.1:18649/")
    assert refused == CommandResult("", "--2026-11-27 17:23:22--  http://127.0.0.1:18649/\n"
                                     "Connecting to 127.0.0.1:18649... failed: Connection "
                                     "refused.\n", 4)
    missing = host("wget", "-O-", "http://127.0.0.1:18642/")
    assert missing.stderr.endswith("HTTP request sent, awaiting response... 404 Not Found\n"
                                   "2026-11-27 17:23:22 ERROR 404: Not Found.\n\n")
    assert missing.exit_code == 8
    page = host("wget", "-O-", "http://127.0.0.1:8080/")
    assert "Saving to: ‘STDOUT’\n" in page.stderr and "written to stdout [615/615]" in page.stderr
    assert host("wget", "-qO-", "http://127.0.0.1:8080/") == CommandResult(page.stdout)
    assert host("wget", "-q", "http://127.0.0.1:18642/") == CommandResult(exit_code=8)


def test_iputils_ping() -> None:
    """The host's ping: iputils layout; container names are unknown to the host."""
    out = host("ping", "-c", "1", "172.17.0.2")
    assert out.stdout.startswith("PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n"
                                 "64 bytes from 172.17.0.2: icmp_seq=1 ttl=64 time=0.")
    assert "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n" in out.stdout
    assert host("ping", "-c", "1", "hs2a") == CommandResult(
        "", "ping: hs2a: Name or service not known\n", 2)
    gone = host("ping", "-c", "1", "172.17.0.99")
    assert "From 172.17.0.1 icmp_seq=1 Destination Host Unreachable\n" in gone.stdout
    assert gone.exit_code == 1
    assert host("ping", "-c", "2", "192.0.2.99").stdout.endswith(
        "2 packets transmitted, 0 received, 100% packet loss, time 1001ms\n")


@pytest.mark.parametrize(("argv", "stdout"), [
    (("hostname",), "vm\n"),
    (("hostname", "-I"), "10.0.2.15 192.168.122.1 172.17.0.1 172.19.0.1 172.20.0.1 "
                         "172.30.0.1 \n"),
    (("cat", "/etc/resolv.conf"), "nameserver 10.0.2.3\n"),
    (("sh", "-c", "ifconfig | grep docker"), "docker0: flags=4163<UP,BROADCAST,RUNNING,"
                                             "MULTICAST>  mtu 1500\n"),
])
def test_host_small_commands(argv: tuple[str, ...], stdout: str) -> None:
    """hostname, resolv.conf and a shell pipe on the host."""
    assert host(*argv) == CommandResult(stdout)


def test_unknown_host_command_lists_what_runs() -> None:
    """An unknown program: bash's line, then the simulated host's commands, exit 127."""
    result = host("docker-compose", "up")
    assert result.stderr.startswith("bash: docker-compose: command not found\n")
    assert "brctl" in result.stderr and result.exit_code == 127
