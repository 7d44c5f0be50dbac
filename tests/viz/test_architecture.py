"""Docker's architecture pictures: consistent data, true paths, paths not marked by colour alone."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from coursekit.viz.architecture import (
    COMMANDS,
    NEW,
    OLD,
    PATH_INK,
    PICTURES,
    ROUTES,
    RUN,
    Component,
    architecture_png,
    describe_picture,
    describe_route,
    draw_architecture,
    route,
)
from coursekit.viz.shapes import CHAR_W, LINE_H, PAD

ALL = [(c, p) for c in COMMANDS for p in PICTURES]
NETWORK_COMMANDS = ("docker network ls", "docker network create app",
                    "docker network connect app web")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def keys_on(command: str, which: str) -> set[str]:
    return {k for h in route(command, which).hops for k in (h.src, h.dst)}


def on_border(c: Component, x: float, y: float) -> bool:
    inside = c.x - 1e-9 <= x <= c.x + c.w + 1e-9 and c.y - 1e-9 <= y <= c.y + c.h + 1e-9
    edge = min(abs(x - c.x), abs(x - c.x - c.w), abs(y - c.y), abs(y - c.y - c.h))
    return inside and edge < 1e-9


# -- the data --------------------------------------------------------------------------------

def test_every_command_has_a_route_in_both_pictures() -> None:
    """The explorer can show any command in either picture."""
    assert set(ROUTES) == set(ALL)


@pytest.mark.parametrize(("command", "which"), ALL)
def test_every_hop_follows_a_link_of_its_picture(command: str, which: str) -> None:
    """A path only travels along drawn edges, between boxes that exist."""
    pic = PICTURES[which]
    for hop in route(command, which).hops:
        assert pic.edge(hop.src, hop.dst) is not None, (hop.src, hop.dst)
        assert hop.says and not hop.says.endswith(".")


@pytest.mark.parametrize("which", sorted(PICTURES))
def test_edges_start_and_end_on_their_boxes(which: str) -> None:
    """Each link is drawn from the border of one box to the border of the other."""
    pic = PICTURES[which]
    for e in pic.edges:
        assert on_border(pic.component(e.a), *e.points[0]), (e.a, e.points[0])
        assert on_border(pic.component(e.b), *e.points[-1]), (e.b, e.points[-1])


@pytest.mark.parametrize("which", sorted(PICTURES))
def test_boxes_fit_the_picture_do_not_overlap_and_hold_their_text(which: str) -> None:
    """No box leaves the figure or covers another; every line of text fits its box."""
    pic = PICTURES[which]
    boxes = [c for c in pic.components if c.kind != "frame"]
    for c in pic.components:
        assert c.x >= 0 and c.x + c.w <= pic.width and c.y >= 0 and c.y + c.h <= pic.height
        assert max(len(line) for line in c.lines) * CHAR_W + 2 * PAD + 0.03 <= c.w, c.key
        if c.kind != "frame":
            assert PAD + LINE_H * (len(c.lines) + 0.1) <= c.h, c.key
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y
                     or b.y + b.h <= a.y)
            assert apart, (a.key, b.key)


def test_today_run_goes_through_containerd_the_shim_and_runc() -> None:
    """docker run today: dockerd -> containerd -> shim -> runc, and runc starts the process."""
    hops = [(h.src, h.dst) for h in route(RUN, NEW).hops]
    chain = [("cli", "api"), ("api", "containerd"), ("containerd", "shim"), ("shim", "runc"),
             ("runc", "container")]
    assert [h for h in hops if h in chain] == chain
    assert ("api", "libnetwork") in hops


@pytest.mark.parametrize("command", ["docker network create app",
                                     "docker network connect app web", "docker network ls"])
def test_network_commands_do_not_touch_containerd_or_runc(command: str) -> None:
    """A network is kernel configuration done by libnetwork, not a process."""
    assert keys_on(command, NEW) & {"containerd", "shim", "runc"} == set()
    assert "libnetwork" in keys_on(command, NEW)


@pytest.mark.parametrize("command", NETWORK_COMMANDS)
def test_docker_network_did_not_exist_in_the_old_picture(command: str) -> None:
    """`docker network` came with libnetwork (Docker 1.9): no path, and a note saying so."""
    r = route(command, OLD)
    assert r.hops == () and "1.9" in r.note


def test_the_old_picture_is_the_tutorials_and_the_new_one_is_not() -> None:
    """Job, graph/exec drivers and libcontainer in the daemon belong to the old picture only."""
    old = {c.name for c in PICTURES[OLD].components}
    new = " ".join(" ".join(c.lines) for c in PICTURES[NEW].components)
    assert {"Engine", "graph driver", "exec driver", "libcontainer", "network driver"} <= old
    assert "exec driver" not in new and "Job" not in new
    assert "runc" in new and "/var/run/docker.sock" in new and "overlay2" in new
    assert all(d in new for d in ("bridge", "host", "null", "overlay", "macvlan", "ipvlan"))


def test_exec_ping_asks_the_embedded_dns_today() -> None:
    """Inside the container, the name goes to 127.0.0.11, answered by dockerd's libnetwork."""
    hop = next(h for h in route("docker exec web ping -c 1 db", NEW).hops
               if h.dst == "libnetwork")
    assert hop.src == "container" and "127.0.0.11" in hop.says


def test_unknown_command_is_a_key_error_naming_the_commands() -> None:
    with pytest.raises(KeyError, match="docker network ls"):
        route("docker compose up")


# -- words -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "which"), ALL)
def test_describe_route_numbers_every_hop(command: str, which: str) -> None:
    """One numbered line per hop, after a heading naming the command; then the note."""
    text = describe_route(command, which).splitlines()
    r = route(command, which)
    assert text[0].startswith(command)
    assert [line.split(".")[0] for line in text[1:1 + len(r.hops)]] == \
        [str(n) for n in range(1, len(r.hops) + 1)]
    assert text[-1] == r.note


@pytest.mark.parametrize("which", sorted(PICTURES))
def test_describe_picture_names_every_box_and_link(which: str) -> None:
    pic = PICTURES[which]
    text = describe_picture(which)
    assert all(c.name in text for c in pic.components if c.kind != "note")
    assert all(e.label in text for e in pic.edges)


# -- drawing ---------------------------------------------------------------------------------

def lines_by_gid(ax: Axes) -> dict[str, Line2D]:
    return {ln.get_gid(): ln for ln in ax.get_children() if isinstance(ln, Line2D)}


def texts_by_gid(ax: Axes) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for t in ax.get_children()
            if isinstance(t, Text) and t.get_gid()}


def test_the_path_is_thick_coloured_and_numbered_the_rest_thin() -> None:
    """Colour, width and hop numbers all mark the path (meaning never by colour alone)."""
    ax = draw_architecture(NEW, RUN)
    lines, texts = lines_by_gid(ax), texts_by_gid(ax)
    assert to_hex(lines["cli-api"].get_color()) == PATH_INK.lower()
    assert lines["cli-api"].get_linewidth() > 3 * lines["images-registry"].get_linewidth()
    assert to_hex(lines["images-registry"].get_color()) != PATH_INK.lower()
    assert texts["cli-api#hops"] == "1"
    assert texts["libnetwork-kernel#hops"] == "4, 9"
    assert "images-registry#hops" not in texts


def test_marked_boxes_have_a_thicker_border() -> None:
    ax = draw_architecture(NEW, "docker network create app")
    rects = {p.get_gid(): p for p in ax.get_children() if isinstance(p, Rectangle)}
    assert rects["libnetwork"].get_linewidth() > rects["containerd"].get_linewidth()


def test_every_box_shows_its_text() -> None:
    ax = draw_architecture(OLD)
    texts = texts_by_gid(ax)
    for c in PICTURES[OLD].components:
        assert [texts[f"{c.key}#{row}"] for row in range(len(c.lines))] == list(c.lines)


def test_no_command_draws_no_path() -> None:
    ax = draw_architecture(NEW)
    assert not any(gid.endswith("#hops") for gid in texts_by_gid(ax))


def test_png_is_the_same_bytes_every_time() -> None:
    """nbval compares outputs: the same picture must give the same PNG."""
    first = architecture_png(NEW, RUN)
    assert first.startswith(b"\x89PNG") and first == architecture_png(NEW, RUN)
    assert first != architecture_png(OLD, RUN)
