"""The host's ``ss`` lists one ``docker-proxy`` per published binding, as Debian 12's iproute2.

Observed on both engines: ``-p 8081:8080`` runs a proxy on ``0.0.0.0`` and one on ``::``,
``-p 127.0.0.1:8082:80`` one, ``-p 5353:53/udp`` two UDP proxies; each column is as wide
as its widest cell. 28.5's proxies hold the socket dockerd handed them as fd 7.
"""

from __future__ import annotations

import re

import pytest

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

BOTH = pytest.mark.parametrize("engine", list(PROFILES))


def lab(engine: str) -> Lab:
    """web publishes 8081 (both families); u2 publishes 127.0.0.1:8082 and 5353/udp."""
    lab = Lab.using(SimBackend(seed=0, profile=PROFILES[engine]))
    for line in ("docker network create tnet",
                 "docker run -d --name web -p 8081:8080 busybox httpd -f -p 8080",
                 "docker run -d --name u2 --network tnet -p 127.0.0.1:8082:80 "
                 "-p 5353:53/udp busybox httpd -f -p 80"):
        assert lab.sh(line).exit_code == 0, line
    return lab


def pids(text: str) -> str:
    return re.sub(r"pid=\d+", "pid=PPPPP", text)


def test_ss_ltnp_shows_each_proxy_on_28_5() -> None:
    """Columns padded to the widest cell; IPv4 rows first; IPv6 bracketed."""
    proxy = ' users:(("docker-proxy",pid=PPPPP,fd=7))'
    assert pids(lab("28.5").sh("ss -ltnp").stdout) == "".join(line + "\n" for line in (
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess" + " " * 33,
        "LISTEN 0      4096         0.0.0.0:8081      0.0.0.0:*   " + proxy,
        "LISTEN 0      4096       127.0.0.1:8082      0.0.0.0:*   " + proxy,
        "LISTEN 0      4096            [::]:8081         [::]:*   " + proxy))


@BOTH
def test_ss_ltn_without_processes(engine: str) -> None:
    """Without -p the Process column is only its header's width."""
    assert lab(engine).sh("ss -ltn").stdout == (
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
        "LISTEN 0      4096         0.0.0.0:8081      0.0.0.0:*          \n"
        "LISTEN 0      4096       127.0.0.1:8082      0.0.0.0:*          \n"
        "LISTEN 0      4096            [::]:8081         [::]:*          \n")


@BOTH
def test_ss_lunp_shows_udp_proxies_unconnected(engine: str) -> None:
    """A UDP binding is served by two proxies too (``UNCONN``, no backlog)."""
    rows = pids(lab(engine).sh("ss -lunp").stdout).splitlines()[1:]
    assert [row.partition(" users")[0].rstrip() for row in rows] == [
        "UNCONN 0      0            0.0.0.0:5353      0.0.0.0:*",
        "UNCONN 0      0               [::]:5353         [::]:*"]


@BOTH
def test_proxies_live_while_the_container_runs(engine: str) -> None:
    """``docker stop`` ends a container's proxies (only u2's are left)."""
    lab_ = lab(engine)
    lab_.sh("docker stop web")
    assert ":8081" not in lab_.sh("ss -ltn").stdout and ":8082" in lab_.sh("ss -ltn").stdout


@BOTH
def test_ss_sport_filter_and_both_protocols(engine: str) -> None:
    """``sport = :8081`` keeps that port; ``-tuln`` adds the Netid column."""
    lab_ = lab(engine)
    assert len(lab_.sh("ss -ltnp sport = :8081").stdout.splitlines()) == 3
    table = lab_.sh("ss -tuln").stdout.splitlines()
    assert table[0].startswith("Netid State  Recv-Q") and len(table) == 6


@BOTH
def test_ss_refuses_what_it_does_not_simulate(engine: str) -> None:
    """An option or filter the simulator does not model says so, exit 1."""
    result = lab(engine).sh("ss -ltne")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: ss e is not simulated")


@BOTH
def test_a_host_mode_server_listens_on_the_host_itself(engine: str) -> None:
    """``--network host`` httpd is no proxy: ss shows the server's own dual-stack socket."""
    lab_ = lab(engine)
    lab_.sh("docker run -d --name hn --network host busybox httpd -f -p 9090")
    rows = pids(lab_.sh("ss -ltnp").stdout).splitlines()
    assert rows[-1] == 'LISTEN 0      9                  *:9090            *:*    ' \
        'users:(("httpd",pid=PPPPP,fd=3))       '
    inside = lab_.sh("docker exec hn netstat -tln").stdout
    assert "0.0.0.0:8081" in inside and ":::9090" in inside


@BOTH
def test_ss_without_a_socket_kind_is_not_simulated(engine: str) -> None:
    """Plain ``ss -lnp`` would list UNIX and netlink sockets too: a note, not a partial list."""
    result = lab(engine).sh("ss -lnp")
    assert result.exit_code == 1 and result.stderr.startswith(
        "coursekit: ss without -t or -u (all socket kinds) is not simulated")
