"""The layout (pure): everything of a Topology gets a place, nothing overlaps, text fits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coursekit.models import Topology
from coursekit.viz import describe, layout
from coursekit.viz.layout import legend_layout
from coursekit.viz.scene import build_scene
from coursekit.viz.shapes import CHAR_W, LINE_H, PAD, Layout, Wire

from .fixtures import (
    ALL,
    big_topology,
    bridge_topology,
    container_topology,
    host_topology,
    leaves,
    none_topology,
    overlapping,
    user_defined_topology,
    wire_hits,
)

SCENARIOS = sorted(ALL)


def texts(lay: Layout) -> set[str]:
    return set(lay.texts())


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_running_container_interface_address_and_mac_is_written(name: str) -> None:
    """Each container's own interfaces appear as ``ip addr`` rows: name@ifN, IP, MAC."""
    top = ALL[name]()
    lay, rows = layout(top), texts(layout(top))
    for unit in (u for lane in build_scene(top).lanes for u in lane.units):
        c = unit.container
        assert any(line.startswith(f"{c.name} ({c.state})") for line in lay.box(
            f"ctr:{c.name}").lines)
        for iface in (*unit.loopbacks, *(p.inside for p in unit.pairs)):
            if iface.kind == "loopback":
                assert f"{iface.index}: lo {iface.ipv4[0]}" in rows
            else:
                assert {f"{iface.index}: {iface.display_name}", *iface.ipv4, iface.mac} <= rows


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_veth_pair_shows_both_ends_with_their_indexes(name: str) -> None:
    """Host end ``vethX@ifN`` (a chip on the bus) and container end ``eth0@ifM``, wired."""
    top = ALL[name]()
    lay = layout(top)
    chips = {b.lines[0] for b in lay.boxes if b.kind == "veth"}
    cables = [w for w in lay.wires if w.kind == "veth"]
    pairs = [(c, i) for c in top.containers if c.running and not c.namespace_owner
             and c.network_mode != "host" for i in c.interfaces if i.kind == "veth"]
    assert len(cables) == len(pairs)
    for c, inside in pairs:
        host_end = next(h for h in top.host_interfaces if h.index == inside.peer_index)
        assert host_end.peer_index == inside.index
        assert f"{host_end.index}: {host_end.name}@if{inside.index}" in chips
        cable = next(w for w in cables if w.key == f"veth:{c.name}:{inside.name}")
        box = lay.box(f"ctr:{c.name}")
        row = box.lines.index(f"{inside.index}: {inside.display_name}")
        assert cable.points[-1] == pytest.approx((box.x, box.row_y(row)))


@pytest.mark.parametrize("name", [*SCENARIOS, "big"])
def test_nothing_overlaps_and_every_box_sits_in_its_frame(name: str) -> None:
    lay = layout(big_topology() if name == "big" else ALL[name]())
    assert overlapping(leaves(lay.boxes)) == []
    frames = {b.key: b for b in lay.boxes if b.kind in ("frame", "netns")}
    for b in lay.boxes:
        if b.parent is not None:
            assert frames[b.parent].contains(b), b.key
    assert overlapping([b for b in lay.boxes if b.parent is None and b.kind != "netns"]) == []


@pytest.mark.parametrize("name", [*SCENARIOS, "big"])
def test_text_fits_inside_its_box(name: str) -> None:
    lay = layout(big_topology() if name == "big" else ALL[name]())
    for b in lay.boxes:
        widest = max(len(line) for line in b.lines) * CHAR_W
        assert b.text_x + widest <= b.right - PAD + 1e-9, (b.key, b.lines)
        assert b.row_y(len(b.lines) - 1) + LINE_H / 2 <= b.bottom - PAD + 1e-9, b.key


def plugged(lay: Layout, bus: Wire) -> list[tuple[float, float]]:
    """The veth junctions (stub dots) on ``bus``: on its line, between its ends."""
    (x, top), (_, bottom) = bus.points
    return [dot for w in lay.wires if w.kind == "stub" for dot in w.dots
            if dot[0] == pytest.approx(x) and top <= dot[1] <= bottom]


@pytest.mark.parametrize("name", [*SCENARIOS, "big"])
def test_every_bus_leads_to_a_plugged_veth_end(name: str) -> None:
    """A bridge's bus runs only where a veth end is plugged into it, and ends just past the
    last one: never a line from the bridge to nothing."""
    lay = layout(big_topology() if name == "big" else ALL[name]())
    for bus in (w for w in lay.wires if w.kind == "bus"):
        dots = plugged(lay, bus)
        assert dots, bus.key
        assert bus.points[1][1] == pytest.approx(max(y for _, y in dots) + 0.06), bus.key


def test_a_stopped_namespace_owner_leaves_no_bus_to_nothing() -> None:
    """05-container: once alpine1 (whose namespace alpine2 borrows) stops, its column of
    the bridge keeps no bus; tomcat85's column keeps its own, and a bridge whose only
    container is stopped has no bus at all."""
    from coursekit import Lab

    lab = Lab(backend="sim")
    lab.run("docker run -d --name alpine1 busybox sleep 1d",
            "docker run -d --network container:alpine1 --name alpine2 busybox sleep 1d",
            "docker run -d -p 8085:8080 --name tomcat85 busybox httpd -f -p 8080")
    assert len([w for w in layout(lab.snapshot()).wires if w.kind == "bus"]) == 2
    lab.sh("docker stop -t 0 alpine1")
    lay = layout(lab.snapshot())
    (bus,) = [w for w in lay.wires if w.kind == "bus"]
    (dot,) = plugged(lay, bus)
    assert lay.box("veth:tomcat85:eth0").x < dot[0] + 0.2 < lay.box("ctr:tomcat85").right
    assert lay.box("ctr:alpine1").lines == ("alpine1 (exited)", "bridge: no IP")
    lab.sh("docker rm -f tomcat85")
    assert not [w for w in layout(lab.snapshot()).wires if w.kind == "bus"]


@pytest.mark.parametrize("name", [*SCENARIOS, "big"])
def test_cables_buses_and_arrows_cross_no_box(name: str) -> None:
    """Wires end at box edges; a bus or cable never runs through a container or a chip."""
    lay = layout(big_topology() if name == "big" else ALL[name]())
    for wire in lay.wires:
        assert wire_hits(wire, leaves(lay.boxes)) == [], wire.key
    assert lay.width > 0 and all(b.right <= lay.width and b.bottom <= lay.height
                                 for b in lay.boxes)


def test_published_ports_merge_ipv4_and_ipv6_and_point_at_the_port_row() -> None:
    lay = layout(bridge_topology())
    chip = lay.box("port:tomcat81:0")
    assert chip.lines == ("host 0.0.0.0:8081", "(and [::]:8081)")
    arrow = next(w for w in lay.wires if w.kind == "port" and w.key.startswith("ctr:tomcat81"))
    box = lay.box("ctr:tomcat81")
    assert arrow.arrow and arrow.points[0][0] == pytest.approx(chip.right)
    assert arrow.points[-1] == pytest.approx((box.right, box.row_y(box.lines.index(
        "port 8080/tcp"))))
    assert len([w for w in lay.wires if w.kind == "port"]) == 2


def test_a_local_only_port_shows_its_address() -> None:
    assert layout(user_defined_topology()).box("port:web:0").lines == ("host 127.0.0.1:8080",)


def test_stopped_container_is_greyed_marked_and_unwired() -> None:
    lay = layout(bridge_topology())
    box = lay.box("ctr:u2")
    assert box.style == "exited" and box.lines == ("u2 (exited)", "bridge: no IP")
    assert not [w for w in lay.wires if w.key.startswith(("veth:u2", "stub:u2"))]


def test_host_mode_container_lives_in_the_host_frame_without_interfaces() -> None:
    lay = layout(host_topology())
    box = lay.box("ctr:tomcat83")
    assert box.parent == "frame:host" and lay.box("frame:host").contains(box)
    assert box.lines[1:] == ("network host", "shares the host's", "interfaces above",
                             "-p discarded")
    assert not [b for b in lay.boxes if b.kind in ("veth", "port")]
    assert {"1: lo", "2: enp0s3", "3: virbr0", "10.0.2.15/24", "192.168.122.1/24"} <= texts(lay)


def test_none_mode_container_has_only_lo_under_the_no_network_caption() -> None:
    lay = layout(none_topology())
    box, caption = lay.box("ctr:tomcat84"), lay.box("lane:none")
    assert box.lines == ("tomcat84 (running)", "network none", "1: lo 127.0.0.1/8")
    assert caption.bottom < box.y and caption.x == pytest.approx(box.x)
    assert not [b for b in lay.boxes if b.kind in ("veth", "port")]


def test_container_mode_followers_share_the_owners_frame() -> None:
    lay = layout(container_topology())
    frame = lay.box("netns:tomcat85")
    assert frame.kind == "netns" and frame.lines == ("shared netns",)
    for name in ("tomcat85", "tomcat86", "alpine2"):
        assert lay.box(f"ctr:{name}").parent == "netns:tomcat85"
    assert lay.box("ctr:tomcat86").lines == ("tomcat86 (running)", "container:tomcat85",
                                             "shares lo, eth0")
    assert len([b for b in lay.boxes if b.kind == "veth"]) == 1


def test_multi_homed_container_gets_one_cable_per_network_to_each_bus() -> None:
    lay = layout(user_defined_topology())
    stubs = {w.key: w for w in lay.wires if w.kind == "stub" and w.key.startswith("stub:api")}
    buses = {w.key.split(":")[1]: w for w in lay.wires if w.kind == "bus"}
    assert set(stubs) == {"stub:api:eth0", "stub:api:eth1"}
    assert stubs["stub:api:eth0"].dots[0][0] == pytest.approx(buses["front"].points[0][0])
    assert stubs["stub:api:eth1"].dots[0][0] == pytest.approx(buses["back"].points[0][0])
    assert {"9: eth0@if10", "11: eth1@if12"} <= set(lay.box("ctr:api").lines)


def test_internal_network_is_dashed_and_says_so() -> None:
    lay = layout(user_defined_topology())
    back = lay.box("net:back")
    assert back.style == "internal" and "internal: no way out" in back.lines
    assert {w.style for w in lay.wires if w.key.startswith("bus:back")} == {"dashed"}
    assert {w.style for w in lay.wires if w.key.startswith("bus:front")} == {"solid"}


def test_bridge_headers_give_bridge_subnet_and_gateway() -> None:
    lay = layout(user_defined_topology())
    front = lay.box("net:front")
    assert front.lines[0] == "network front" and front.lines[2:] == (
        "subnet 172.18.0.0/16", "gateway 172.18.0.1")
    assert front.lines[1].startswith("5: br-") and lay.box("net:bridge").lines[1] == "4: docker0"


def test_fifty_containers_on_five_networks_fit_a_notebook_width() -> None:
    lay = layout(big_topology())
    assert len([b for b in lay.boxes if b.kind == "container"]) == 50
    assert len([b for b in lay.boxes if b.kind == "bridge"]) == 5
    assert 9.0 <= lay.width <= 10.5


def test_layout_is_deterministic_and_sized_from_its_content() -> None:
    small, big = layout(none_topology()), layout(big_topology())
    assert layout(big_topology()) == big
    assert small.height < big.height


def test_legend_names_every_sample_and_can_be_left_out() -> None:
    lay = layout(bridge_topology())
    assert {b.style for b in lay.boxes if b.kind == "legend"} == {
        "container", "exited", "veth", "cable", "bus", "port", "netns"}
    assert not [b for b in layout(bridge_topology(), legend=False).boxes if b.kind == "legend"]
    assert legend_layout(6.0).width <= 6.0 + 1e-9


def test_missing_owner_and_missing_host_end_are_still_drawn() -> None:
    top = container_topology()
    orphan = top.containers[1]
    lone = Topology(top.backend, top.host_name, (), top.networks, (orphan,))
    lay = layout(lone)
    assert lay.box(f"ctr:{orphan.name}").lines[1:] == (
        "network container:", str(orphan.network_mode.target)[:12], "(owner not found)")
    half = Topology(top.backend, top.host_name, (), top.networks, (top.containers[0],))
    assert "6: (host end)@if5" in texts(layout(half))


def test_a_snapshot_of_the_simulator_is_laid_out() -> None:
    lab_mod = pytest.importorskip("coursekit.backends.sim")
    assert lab_mod is not None
    from coursekit import Lab

    lab = Lab(backend="sim")
    lab.run("docker network create app",
            "docker run -d --name w1 --network app -p 8081:80 busybox httpd -f -p 80",
            "docker run -d --name w2 busybox sleep 1d",
            "docker network connect app w2")
    lay = layout(lab.snapshot())
    assert overlapping(leaves(lay.boxes)) == []
    assert not [line for line in lay.texts() if "(host end)" in line]
    assert {"w1 (running)", "w2 (running)", "host 0.0.0.0:8081"} <= texts(lay)
    assert len([w for w in lay.wires if w.kind == "veth"]) == 3


def test_running_container_without_readable_interfaces_shows_its_endpoints() -> None:
    """The engine may fail to run ``ip addr`` inside: the inspect data still says where it is."""
    top = bridge_topology()
    blind = replace(top.containers[0], interfaces=())
    lay = layout(replace(top, containers=(blind, *top.containers[1:])))
    assert lay.box("ctr:tomcat81").lines[1:4] == ("bridge:", "172.17.0.2/16", "02:42:ac:11:00:02")
    assert not [w for w in lay.wires if w.key.startswith("veth:tomcat81")]
    assert "on bridge 172.17.0.2/16 MAC 02:42:ac:11:00:02 (its interfaces could not be read)" \
        in describe(replace(top, containers=(blind,)))
