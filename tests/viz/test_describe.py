"""The text twin of the picture names everything the picture shows."""

from __future__ import annotations

import pytest

from coursekit.viz import describe
from coursekit.viz.scene import build_scene, port_groups

from .fixtures import (
    ALL,
    big_topology,
    bridge_topology,
    container_topology,
    host_topology,
    none_topology,
    user_defined_topology,
)


@pytest.mark.parametrize("name", [*sorted(ALL), "big"])
def test_every_container_interface_address_mac_and_veth_end_is_named(name: str) -> None:
    top = big_topology() if name == "big" else ALL[name]()
    text = describe(top)
    for c in top.containers:
        assert f"{c.name} ({c.state})" in text
        if c.namespace_owner or c.network_mode.kind == "host" or not c.running:
            continue
        for i in c.interfaces:
            assert f"{i.index}: {i.display_name} {' '.join(i.ipv4)}" in text
            if i.kind == "veth":
                host = next(h for h in top.host_interfaces if h.index == i.peer_index)
                assert f"MAC {i.mac}" in text
                assert f"host end {host.index}: {host.display_name} plugged into {host.master}" \
                    in text
        for g in port_groups(c.ports):
            assert f"host {g.host_label} -> container port {g.target}" in text


@pytest.mark.parametrize("name", sorted(ALL))
def test_host_interfaces_and_every_network_with_subnet_and_gateway(name: str) -> None:
    top = ALL[name]()
    text = describe(top)
    for i in build_scene(top).host_nics:
        assert f"{i.index}: {i.name}," in text and all(a in text for a in i.ipv4)
    for n in top.networks:
        if n.driver == "bridge":
            assert f"network {n.name}" in text
            assert f"subnet {n.subnet}, gateway {n.gateway}" in text and str(n.bridge) in text


def test_merged_port_label_and_stopped_container() -> None:
    text = describe(bridge_topology())
    assert "Published: host 0.0.0.0:8081 (and [::]:8081) -> container port 8080/tcp." in text
    assert "u2 (exited), attached to bridge: stopped, so it holds no address" in text
    assert "gateway 172.17.0.1; attached: tomcat81, tomcat82, u2." in text
    assert "gateway 172.17.0.1, no carrier (state DOWN); nothing attached." in describe(
        none_topology())


def test_modes_are_said_in_words() -> None:
    assert "tomcat83 (running), network host: no interfaces of its own" in describe(
        host_topology())
    assert "Its -p was discarded (host mode)." in describe(host_topology())
    assert "tomcat84 (running), network none: 1: lo 127.0.0.1/8." in describe(none_topology())
    text = describe(container_topology())
    assert ("tomcat86 (running), network container:tomcat85: shares the network namespace of "
            "tomcat85; it sees tomcat85's lo, eth0") in text
    assert "alpine2 (running), network container:tomcat85" in text


def test_internal_network_and_multi_homed_container() -> None:
    text = describe(user_defined_topology())
    assert "network back (internal: no route out of the host)" in text
    api = next(line for line in text.splitlines() if line.startswith("- api (running)"))
    assert "(network front)" in api and "(network back)" in api
    assert "virbr0, bridge (not Docker's)" in text and "no carrier (state DOWN)" in text


def test_description_is_plain_text_with_one_item_per_line() -> None:
    text = describe(big_topology())
    assert text.isascii() and text.endswith("\n")
    assert len([line for line in text.splitlines() if line.startswith("- c")]) == 50


def test_lab_describe_matches_the_simulator_snapshot() -> None:
    pytest.importorskip("coursekit.backends.sim")
    from coursekit import Lab

    lab = Lab(backend="sim")
    lab.run("docker run -d --name t1 -p 8081:8080 busybox httpd -f -p 8080",
            "docker run -d --name t2 --network container:t1 busybox sleep 1d")
    text = lab.describe()
    assert text == describe(lab.snapshot())
    assert "host 0.0.0.0:8081 (and [::]:8081) -> container port 8080/tcp" in text
    assert "t2 (running), network container:t1: shares the network namespace of t1" in text


def test_a_network_joined_with_connect_lists_its_member() -> None:
    """After `docker network connect app web`, the app network is described with web on it."""
    from coursekit import Lab

    lab = Lab(backend="sim")
    for line in ("docker run -d --name web busybox sleep 1d", "docker network create app",
                 "docker network connect app web"):
        lab.sh(line)
    (app_line,) = [x for x in lab.describe().splitlines() if x.startswith("- network app")]
    assert app_line.endswith("attached: web.")
