"""The tools a learner runs inside containers answer as the lab's busybox does, on both profiles.

Expected texts were observed on Engine 28.5 and 20.10 with the lab's busybox image (Debian's
busybox 1.35 build): ``ps``, ``route``, ``ip route``, ``/proc/net/route``, ``netstat``, ``ls``
and the neighbour table before and after a ping.
"""

from __future__ import annotations

import re

import pytest

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

BOTH = pytest.mark.parametrize("engine", list(PROFILES))
NETSTAT_HEAD = ("Proto Recv-Q Send-Q Local Address           Foreign Address         "
                "State       \n")


def lab(engine: str) -> Lab:
    """web (httpd on 8080, -p 8081:8080) on the default bridge; u1 and u3 on tnet."""
    lab = Lab.using(SimBackend(seed=0, profile=PROFILES[engine]))
    for line in ("docker network create tnet",
                 "docker run -d --name web -p 8081:8080 busybox httpd -f -p 8080",
                 "docker run -d --name u1 --network tnet busybox sleep 1d",
                 "docker run -d --name u3 --network tnet busybox sleep 1d"):
        assert lab.sh(line).exit_code == 0, line
    return lab


@BOTH
def test_ps_lists_the_main_command_and_itself(engine: str) -> None:
    """PID 1 is the container's command; the exec'd ps follows with a higher PID each time."""
    lab_ = lab(engine)
    first, second = lab_.sh("docker exec web ps").stdout, lab_.sh("docker exec web ps").stdout
    assert first.splitlines()[:2] == ["PID   USER     COMMAND", "    1 0        httpd -f -p 8080"]
    pids = [int(text.splitlines()[2].split()[0]) for text in (first, second)]
    assert pids[1] > pids[0] > 1
    assert first.splitlines()[2].endswith(" 0        ps")


@BOTH
def test_ps_aux_and_ef_print_the_same_table_with_their_words(engine: str) -> None:
    """busybox takes ``aux`` and ``-ef`` and shows them in its own command line."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web ps aux").stdout.splitlines()[2].endswith("ps aux")
    assert lab_.sh("docker exec web ps -ef").stdout.splitlines()[2].endswith("ps -ef")


@BOTH
def test_ps_in_a_shell_shows_the_shells_command_line(engine: str) -> None:
    """``sh -c ps`` runs the applet without exec: ``{ps} sh -c ps``; a pipe keeps the shell."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web sh -c ps").stdout.splitlines()[2].endswith("{ps} sh -c ps")
    rows = lab_.sh("docker exec web sh -c 'ps | cat'").stdout.splitlines()
    assert [row[15:] for row in rows[2:]] == ["sh -c ps | cat", "{ps} sh -c ps | cat",
                                              "{exe} cat"]


@BOTH
def test_ps_o_picks_columns(engine: str) -> None:
    """``-o pid,comm`` prints the PID and the program name only."""
    out = lab(engine).sh("docker exec web ps -o pid,comm").stdout.splitlines()
    assert out[:2] == ["PID   COMMAND", "    1 httpd"] and out[2].endswith(" ps")


@BOTH
def test_route_names_default_and_star_and_n_prints_zeros(engine: str) -> None:
    """``route`` and ``route -n`` print the kernel's table in busybox's columns."""
    lab_ = lab(engine)
    head = ("Kernel IP routing table\nDestination     Gateway         Genmask         "
            "Flags Metric Ref    Use Iface\n")
    assert lab_.sh("docker exec web route").stdout == head + (
        "default         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\n"
        "172.17.0.0      *               255.255.0.0     U     0      0        0 eth0\n")
    assert lab_.sh("docker exec web route -n").stdout == head + (
        "0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\n"
        "172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0\n")


@BOTH
def test_ip_route_default_and_get(engine: str) -> None:
    """``ip -4 route show default`` keeps the default route; ``ip route get`` picks a route."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web ip -4 route show default").stdout == \
        "default via 172.17.0.1 dev eth0 \n"
    assert lab_.sh("docker exec web ip route get 172.17.0.1").stdout == \
        "172.17.0.1 dev eth0  src 172.17.0.2 \n"
    assert lab_.sh("docker exec web ip route get 8.8.8.8").stdout == \
        "8.8.8.8 via 172.17.0.1 dev eth0  src 172.17.0.2 \n"


@BOTH
def test_proc_net_route_is_hex_and_padded(engine: str) -> None:
    """``/proc/net/route``: little-endian hex addresses, lines padded to 127 characters."""
    out = lab(engine).sh("docker exec web cat /proc/net/route").stdout.splitlines()
    assert [len(line) for line in out] == [127, 127, 127]
    assert out[1].rstrip() == "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0"
    assert out[2].rstrip() == "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"


@BOTH
def test_netstat_shows_httpd_on_the_ipv6_wildcard(engine: str) -> None:
    """busybox httpd listens on ``:::8080`` (IPv4 too); netstat -tlnu lists it."""
    assert lab(engine).sh("docker exec web netstat -tlnu").stdout == (
        "Active Internet connections (only servers)\n" + NETSTAT_HEAD +
        "tcp        0      0 :::8080                 :::*                    LISTEN      \n")


@BOTH
def test_netstat_shows_the_embedded_dns_on_user_networks(engine: str) -> None:
    """On a user network 127.0.0.11 listens on a TCP and a UDP port of its own."""
    rows = lab(engine).sh("docker exec u1 netstat -tlnu").stdout.splitlines()[2:]
    assert [re.sub(r"127\.0\.0\.11:\d{5}", "127.0.0.11:PPPPP", row) for row in rows] == [
        "tcp        0      0 127.0.0.11:PPPPP        0.0.0.0:*               LISTEN      ",
        "udp        0      0 127.0.0.11:PPPPP        0.0.0.0:*                           "]


@BOTH
def test_netstat_an_adds_the_unix_section_and_p_is_refused(engine: str) -> None:
    """``-an`` lists UNIX sockets too; the lab's busybox has no ``-p``."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web netstat -an").stdout.endswith(
        "Active UNIX domain sockets (servers and established)\n"
        "Proto RefCnt Flags       Type       State         I-Node Path\n")
    refused = lab_.sh("docker exec web netstat -tlnp")
    assert refused.exit_code == 1 and refused.stderr.startswith("netstat: invalid option -- 'p'\n")


@BOTH
def test_ls_of_the_usual_paths(engine: str) -> None:
    """``ls /`` and ``ls /etc`` list the lab image's tree; a missing path is an error."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web ls /").stdout == "bin\ndev\netc\nproc\nsys\ntmp\n"
    assert lab_.sh("docker exec web ls /etc").stdout == "hostname\nhosts\nmtab\nresolv.conf\n"
    hosts = lab_.sh("docker exec web cat /etc/hosts").stdout
    long = lab_.sh("docker exec web ls -l /etc/hosts").stdout
    assert re.fullmatch(rf"-rw-r--r--    1 0        0        {len(hosts):>9} \w{{3}} [ \d]\d "
                        r"\d\d:\d\d /etc/hosts\n", long)


@BOTH
def test_neighbour_table_fills_after_a_ping(engine: str) -> None:
    """Empty at first; after ``ping u3`` u1 holds u3 (REACHABLE) and u3 holds u1."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec u1 ip neigh") == lab_.sh("docker exec u1 true")
    assert lab_.sh("docker exec u1 ping -c 1 -W 1 u3").exit_code == 0
    u3_mac = lab_.snapshot().container("u3").endpoints[0].mac  # type: ignore[union-attr]
    assert lab_.sh("docker exec u1 ip neigh").stdout == (
        f"172.18.0.3 dev eth0 lladdr {u3_mac} ref 1 used 0/0/0 probes 4 REACHABLE\n")
    assert lab_.sh("docker exec u1 arp -n").stdout == \
        f"? (172.18.0.3) at {u3_mac} [ether]  on eth0\n"
    assert lab_.sh("docker exec u3 ip neigh").stdout.startswith("172.18.0.2 dev eth0 lladdr ")
    assert lab_.sh("docker exec u1 cat /proc/net/arp").stdout.splitlines()[1] == (
        f"172.18.0.3       0x1         0x2         {u3_mac}     *        eth0")


@BOTH
def test_neighbour_table_empties_when_the_container_restarts(engine: str) -> None:
    """A new network namespace starts with no neighbours."""
    lab_ = lab(engine)
    lab_.sh("docker exec u1 ping -c 1 -W 1 u3")
    lab_.sh("docker restart u1")
    assert lab_.sh("docker exec u1 ip neigh").stdout == ""


@BOTH
def test_ps_refuses_as_busybox_does(engine: str) -> None:
    """An unknown -o column or option gets busybox's words; a valid unmodelled column a note."""
    lab_ = lab(engine)
    bogus = lab_.sh("docker exec u1 ps -o bogus")
    assert (bogus.stderr, bogus.exit_code) == (
        "ps: bad -o argument 'bogus', supported arguments: user,group,comm,args,pid,ppid,pgid,"
        "nice,rgroup,ruser,tty,vsz,sid,stat,rss\n", 1)
    assert lab_.sh("docker exec u1 ps -x").stderr.startswith("ps: invalid option -- 'x'\n")
    assert lab_.sh("docker exec u1 ps -o vsz").stderr.startswith("coursekit: ps -o vsz")


@BOTH
def test_ps_o_pads_comm_to_sixteen(engine: str) -> None:
    """``-o pid,user,comm,args``: COMMAND twice, comm padded to 16 (observed)."""
    out = lab(engine).sh("docker exec u1 ps -o pid,user,comm,args").stdout.splitlines()
    assert out[:2] == ["PID   USER     COMMAND          COMMAND",
                       "    1 0        sleep            sleep 1d"]


@BOTH
def test_a_shell_script_execs_its_last_command(engine: str) -> None:
    """``sh -c 'echo hi; sleep 1d'`` leaves ``sleep 1d`` as PID 1; a loop keeps the shell."""
    lab_ = lab(engine)
    lab_.sh("docker run -d --name sh2 busybox sh -c 'echo hi; sleep 1d'")
    lab_.sh("docker run -d --name sh3 busybox sh -c 'while true; do sleep 1; done'")
    assert lab_.sh("docker exec sh2 ps").stdout.splitlines()[1] == "    1 0        sleep 1d"
    assert lab_.sh("docker exec sh3 ps").stdout.splitlines()[1].endswith(
        "sh -c while true; do sleep 1; done")


@BOTH
def test_netstat_r_has_its_own_columns(engine: str) -> None:
    """``netstat -rn`` prints MSS, Window and irtt instead of Metric, Ref and Use."""
    assert lab(engine).sh("docker exec u1 netstat -rn").stdout == (
        "Kernel IP routing table\nDestination     Gateway         Genmask         "
        "Flags   MSS Window  irtt Iface\n"
        "0.0.0.0         172.18.0.1      0.0.0.0         UG        0 0          0 eth0\n"
        "172.18.0.0      0.0.0.0         255.255.0.0     U         0 0          0 eth0\n")


@BOTH
def test_no_network_no_routes(engine: str) -> None:
    """``--network none``: the headers only, and ``ip route get`` finds no way."""
    lab_ = lab(engine)
    lab_.sh("docker run -d --name nn --network none busybox sleep 1d")
    assert lab_.sh("docker exec nn route -n").stdout.count("\n") == 2
    got = lab_.sh("docker exec nn ip route get 10.0.0.1")
    assert (got.stderr, got.exit_code) == ("ip: RTNETLINK answers: Network is unreachable\n", 2)
    assert lab_.sh("docker exec u1 ip route get 127.0.0.1").stdout == \
        "local 127.0.0.1 dev lo  src 127.0.0.1 \n"


@BOTH
def test_arp_names_neighbours_and_the_pinged_side_is_delayed(engine: str) -> None:
    """``arp -a`` asks the embedded DNS (``u3.tnet``); u3's entry for u1 waits in DELAY."""
    lab_ = lab(engine)
    lab_.sh("docker exec u1 ping -c 1 -W 1 u3")
    assert lab_.sh("docker exec u1 arp -a").stdout.startswith("u3.tnet (172.18.0.3) at ")
    assert lab_.sh("docker exec u3 ip neigh").stdout.endswith(
        " ref 1 used 0/0/0 probes 0 DELAY\n")
    flushed = lab_.sh("docker exec u1 ip neigh flush all")
    assert flushed.exit_code == 1 and flushed.stdout.startswith("172.18.0.3 dev eth0 lladdr")
    assert flushed.stderr == "ip: can't send flush request: Operation not permitted\n"


@BOTH
def test_name_lookups_through_the_gateway_leave_the_gateway_in_the_table(engine: str) -> None:
    """On the default bridge ``route`` asks the host's resolver, past the gateway."""
    lab_ = lab(engine)
    assert lab_.sh("docker exec web ip neigh").stdout == ""
    lab_.sh("docker exec web route")
    assert lab_.sh("docker exec web ip neigh").stdout.startswith("172.17.0.1 dev eth0 lladdr ")
