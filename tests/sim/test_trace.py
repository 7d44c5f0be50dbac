"""lab.trace: a packet's path hop by hop, from the same walk that answers ping and wget."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.backends.sim.userland.reach.path import packet_path
from coursekit.profiles import PROFILES

BOTH = pytest.mark.parametrize("engine", list(PROFILES))
SETUP = ("docker network create app", "docker network create other",
         "docker run -d --name c1 --network app busybox sleep 1d",
         "docker run -d --name c2 --network app busybox sleep 1d",
         "docker run -d --name o1 --network other busybox sleep 1d",
         "docker run -d --name web -p 8080:80 busybox httpd -f -p 80")


def lab_of(engine: str) -> Lab:
    lab = Lab(backend="sim", engine=engine)
    for line in SETUP:
        assert lab.sh(line).exit_code == 0
    return lab


@BOTH
def test_neighbours_on_one_bridge(engine: str) -> None:
    """c2 -> c1: eth0, veth, the bridge, FORWARD accepting, c1's side; delivered."""
    path = lab_of(engine).trace("docker exec c2 ping -c 1 c1")
    assert path.outcome == "delivered" and path.delivered
    kinds = [h.kind for h in path.hops]
    assert kinds[:3] == ["iface", "veth", "bridge"] and "chain" in kinds
    assert path.hops[0].place.startswith("c2 eth0") and any(
        h.place.startswith("c1 eth0") for h in path.hops)
    assert "filter FORWARD" in path.chains and path.rule == ""


@BOTH
def test_two_networks_are_dropped_by_a_rule_iptables_prints(engine: str) -> None:
    """c2 -> o1 is dropped; the deciding line is one of ``iptables-save``'s (28.5: the raw
    table's per-address drop; 20.10: isolation stage 2)."""
    lab = lab_of(engine)
    target = lab.sh("docker inspect -f '{{.NetworkSettings.Networks.other.IPAddress}}' o1")
    path = lab.trace(f"docker exec c2 ping -c 1 {target.stdout.strip()}")
    assert path.outcome == "dropped"
    assert path.rule in lab.sh("iptables-save").stdout.splitlines()
    chain = "raw PREROUTING" if engine == "28.5" else "filter FORWARD"
    assert chain in path.chains and path.rule.endswith("-j DROP")


@BOTH
def test_a_docker_user_rule_shows_as_the_verdict(engine: str) -> None:
    lab = lab_of(engine)
    lab.sh("iptables -I DOCKER-USER -s 172.18.0.3 -d 172.18.0.2 -j DROP")
    path = lab.trace("docker exec c2 ping -c 1 c1")
    assert path.outcome == "dropped"
    assert path.rule == "-A DOCKER-USER -s 172.18.0.3/32 -d 172.18.0.2/32 -j DROP"
    assert "DOCKER-USER" in path.text


@BOTH
def test_the_path_agrees_with_ping(engine: str) -> None:
    """For every pair, the path is delivered exactly when ping replies."""
    lab = lab_of(engine)
    lab.sh("iptables -I DOCKER-USER -d 172.18.0.2 -j DROP")
    for src in ("c1", "c2", "o1", "web"):
        for dst in ("c1", "c2", "172.19.0.2", "172.17.0.2", "172.17.0.1", "example.com"):
            line = f"docker exec {src} ping -c 1 -W 1 {dst}"
            assert lab.trace(line).delivered == (lab.sh(line).exit_code == 0), line


@BOTH
def test_to_a_published_port(engine: str) -> None:
    """The host's curl to 127.0.0.1 goes through docker-proxy (no DNAT for loopback); to
    the host's NIC address nat OUTPUT's DNAT rewrites it; either way web answers."""
    lab = lab_of(engine)
    local = lab.trace("curl -s http://127.0.0.1:8080/")
    assert local.delivered and [h.place for h in local.hops if h.kind == "proxy"] == [
        "docker-proxy"]
    nic = lab.trace("curl -s http://10.0.2.15:8080/")
    dnat = [h for h in nic.hops if h.place == "nat OUTPUT"]
    assert dnat and dnat[0].what == "destination rewritten to 172.17.0.2:80"
    assert nic.hops[-2].place.startswith("web eth0")


def test_out_to_the_simulated_internet_is_masqueraded() -> None:
    path = lab_of("28.5").trace("docker exec c1 ping -c 1 example.com")
    assert path.delivered and "nat POSTROUTING" in path.chains
    assert any("MASQUERADE" in r for h in path.hops for r in h.rules)


def test_lines_it_cannot_follow_say_which_it_can() -> None:
    lab = lab_of("28.5")
    for line in ("ls", "docker exec c1 nslookup c2", "docker exec nosuch ping c1",
                 "docker exec c1 ping -c 1 nosuch"):
        path = lab.trace(line)
        assert path.outcome == "not traced" and not path.hops
        assert "not traced" in path.text


def test_on_an_engine_the_path_is_marked_computed() -> None:
    lab = lab_of("28.5")
    path = packet_path(lab.snapshot(), "docker exec c2 ping -c 1 c1", computed=True)
    assert path.computed and path.outcome == "delivered"
    assert not lab.trace("docker exec c2 ping -c 1 c1").computed


def test_the_picture_draws_the_path() -> None:
    """show() outlines the boxes passed, in order: a different picture from lab.show()."""
    from coursekit.viz.layout import layout
    from coursekit.viz.trace import path_boxes

    lab = lab_of("28.5")
    path = lab.trace("docker exec c2 ping -c 1 c1")
    keys = [b.key for b in path_boxes(layout(lab.snapshot()), path.hops)]
    assert keys[0] == "ctr:c2" and keys[-1] == "ctr:c1" and "net:app" in keys
    picture = path.show()
    assert picture.png != lab.show().png
    assert "text/html" in picture._repr_mimebundle_()
