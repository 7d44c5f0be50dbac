"""The drawing: every box becomes a patch with its text inside, meaning is not colour alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

from coursekit.viz import draw_topology, layout
from coursekit.viz.shapes import PALETTE

from .fixtures import ALL, big_topology, bridge_topology, user_defined_topology


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def patches_by_gid(ax: Axes) -> dict[str, Patch]:
    return {p.get_gid(): p for p in ax.get_children() if isinstance(p, Patch) and p.get_gid()}


def lines(ax: Axes) -> list[Line2D]:
    return [ln for ln in ax.get_children() if isinstance(ln, Line2D)]


def texts_by_gid(ax: Axes) -> dict[str, Text]:
    return {t.get_gid(): t for t in ax.texts if t.get_gid() and not isinstance(t, Annotation)}


def assert_text_inside_boxes(ax: Axes) -> None:
    renderer = ax.figure.canvas.get_renderer()
    patches = patches_by_gid(ax)
    for gid, text in texts_by_gid(ax).items():
        inner = text.get_window_extent(renderer)
        outer = patches[gid.split("#")[0]].get_window_extent(renderer)
        assert outer.x0 - 0.5 <= inner.x0 and inner.x1 <= outer.x1 + 0.5, (gid, text.get_text())
        assert outer.y0 - 0.5 <= inner.y0 and inner.y1 <= outer.y1 + 0.5, (gid, text.get_text())


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_box_is_a_patch_and_every_row_a_text_artist(name: str) -> None:
    top = ALL[name]()
    lay = layout(top)
    ax = draw_topology(top)
    patches, texts = patches_by_gid(ax), texts_by_gid(ax)
    for box in lay.boxes:
        assert box.key in patches
        assert [texts[f"{box.key}#{r}"].get_text() for r in range(len(box.lines))] == list(
            box.lines)
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((lay.width, lay.height))


@pytest.mark.parametrize("name", [*sorted(ALL), "big"])
def test_text_stays_inside_its_box_when_rendered(name: str) -> None:
    ax = draw_topology(big_topology() if name == "big" else ALL[name]())
    ax.figure.canvas.draw()
    assert_text_inside_boxes(ax)


def test_text_shrinks_with_a_small_axes_and_still_fits() -> None:
    fig, ax = plt.subplots(figsize=(8, 8))
    draw_topology(user_defined_topology(), ax)
    fig.canvas.draw()
    assert_text_inside_boxes(ax)
    assert max(t.get_fontsize() for t in texts_by_gid(ax).values()) < 7.0


def test_cables_buses_stubs_and_port_arrows_are_drawn() -> None:
    top = user_defined_topology()
    lay = layout(top)
    ax = draw_topology(top)
    line_gids = {ln.get_gid() for ln in lines(ax)}
    for wire in lay.wires:
        assert wire.key in line_gids or f"{wire.key}#head" in {a.get_gid() for a in ax.texts}
    heads = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(heads) == len([w for w in lay.wires if w.kind == "port"]) + 1  # + legend


def test_stopped_and_internal_are_told_by_line_style_not_only_colour() -> None:
    ax = draw_topology(bridge_topology())
    stopped = patches_by_gid(ax)["ctr:u2"]
    running = patches_by_gid(ax)["ctr:tomcat81"]
    assert stopped.get_linestyle() == "--" and running.get_linestyle() == "-"
    assert to_hex(stopped.get_facecolor()) != to_hex(running.get_facecolor())
    ax2 = draw_topology(user_defined_topology())
    assert patches_by_gid(ax2)["net:back"].get_linestyle() == "--"
    back_bus = next(ln for ln in lines(ax2) if str(ln.get_gid()).startswith("bus:back"))
    front_bus = next(ln for ln in lines(ax2) if str(ln.get_gid()).startswith("bus:front"))
    assert back_bus.get_linestyle() == "--" and front_bus.get_linestyle() == "-"


def test_colours_come_from_the_colour_blind_safe_palette() -> None:
    ax = draw_topology(user_defined_topology())
    allowed = {c.lower() for c in PALETTE} | {"#000000", "#d55e00"}
    bus_colours = {to_hex(ln.get_color()) for ln in lines(ax)}
    assert bus_colours <= allowed
    edges = {to_hex(p.get_edgecolor()) for p in patches_by_gid(ax).values()}
    assert edges <= allowed | {"#4d4d4d"}


def test_lab_plot_and_describe_use_the_snapshot() -> None:
    pytest.importorskip("coursekit.backends.sim")
    from coursekit import Lab

    lab = Lab(backend="sim")
    lab.sh("docker run -d --name a1 -p 8081:80 busybox httpd -f -p 80")
    ax = lab.plot()
    assert "a1 (running)" in {t.get_text() for t in ax.texts}
    assert "a1 (running)" in lab.describe()
    _fig, own = plt.subplots()
    assert lab.plot(own) is own


def test_import_coursekit_does_not_import_matplotlib() -> None:
    code = "import sys, coursekit, coursekit.viz; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
