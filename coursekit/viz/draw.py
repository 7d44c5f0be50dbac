"""Paint a :class:`~coursekit.viz.shapes.Layout` with matplotlib (what ``lab.plot()`` shows).

Meaning never rests on colour alone: shape says what a thing is (square boxes are
network namespaces and interfaces, rounded boxes bridges and host ports), line
style says how it behaves (dashed: internal network or stopped container; dotted:
a shared namespace; arrows: published ports), and every box names itself in text.
Colours are Okabe-Ito, one per network. matplotlib is imported inside the
functions, so ``import coursekit`` stays fast; patches and lines go in with
``add_artist`` (the limits are set from the layout, so no autoscaling work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coursekit.models import Topology
from coursekit.viz.fonts import font_families
from coursekit.viz.layout import layout
from coursekit.viz.shapes import FONT_PT, PALETTE, Box, Layout, Wire

if TYPE_CHECKING:
    from matplotlib.axes import Axes

INK, GREY_INK, GREY_FILL, PORT_INK = "black", "#4d4d4d", "#dcdcdc", "#D55E00"
SHRINK_SLACK = 0.94
"""Shrunk text loses a little more: pixel-rounded advances weigh more in small fonts."""


def draw_topology(topology: Topology, ax: Axes | None = None) -> Axes:
    """Draw ``topology`` into ``ax`` (a new figure sized to the picture when None)."""
    return draw_layout(layout(topology), ax)


def draw_layout(lay: Layout, ax: Axes | None = None) -> Axes:
    """Draw a computed layout; text is scaled so it still fits its boxes in a small ``ax``."""
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(lay.width, lay.height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    scale = _scale(ax, lay)
    font_pt = FONT_PT * (scale if scale >= 1.0 else scale * SHRINK_SLACK)
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    for wire in lay.wires:
        _wire(ax, wire, scale)
    for box in lay.boxes:
        _box(ax, box, scale, font_pt)
    return ax


def _scale(ax: Axes, lay: Layout) -> float:
    """Axes size over layout size: 1 in a figure of the layout's own size."""
    fig_w, fig_h = ax.figure.figure.get_size_inches()  # the root figure, even from a subfigure
    pos = ax.get_position()
    return float(min(1.0, pos.width * fig_w / lay.width, pos.height * fig_h / lay.height))


def colour(slot: int | None) -> str:
    return INK if slot is None else PALETTE[slot % len(PALETTE)]


def tint(slot: int | None, amount: float = 0.85) -> tuple[float, float, float]:
    """``slot``'s colour mixed with white (a light fill under black text)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour(slot))
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _patch_style(box: Box) -> dict[str, Any]:
    """Fill, edge and line style of each kind of box."""
    stopped = box.kind == "container" and box.style != "running"
    styles: dict[str, dict[str, Any]] = {
        "frame": {"facecolor": "#f3f3f3", "edgecolor": INK, "linewidth": 1.4},
        "nic": {"facecolor": "white", "edgecolor": INK, "linewidth": 0.8},
        "bridge": {"facecolor": tint(box.colour), "edgecolor": colour(box.colour),
                   "linewidth": 1.6, "linestyle": "--" if box.style == "internal" else "-"},
        "caption": {"facecolor": "white", "edgecolor": GREY_INK, "linewidth": 0.8,
                    "linestyle": ":"},
        "container": {"facecolor": GREY_FILL if stopped else "white",
                      "edgecolor": GREY_INK if stopped else INK, "linewidth": 1.1,
                      "linestyle": "--" if stopped else "-"},
        "veth": {"facecolor": "white", "edgecolor": colour(box.colour), "linewidth": 1.3},
        "port": {"facecolor": "#fff3e6", "edgecolor": PORT_INK, "linewidth": 1.0},
        "netns": {"facecolor": "none", "edgecolor": INK, "linewidth": 1.1, "linestyle": ":"},
    }
    return styles.get(box.kind, {"facecolor": "none", "edgecolor": "none"})


ROUNDED = ("bridge", "port")


def _box(ax: Axes, box: Box, scale: float, font_pt: float) -> None:
    from matplotlib.patches import FancyBboxPatch, Rectangle

    style = _patch_style(box)
    style["linewidth"] = style.get("linewidth", 1.0) * scale
    if box.kind in ROUNDED:
        shape = f"round,pad=0,rounding_size={min(0.07, box.h / 2):.3f}"
        ax.add_artist(FancyBboxPatch((box.x, box.y), box.w, box.h, boxstyle=shape,
                                     gid=box.key, **style))
    else:
        ax.add_artist(Rectangle((box.x, box.y), box.w, box.h, gid=box.key, **style))
    if box.kind == "legend":
        _sample(ax, box, scale)
    _text(ax, box, font_pt)


def _text(ax: Axes, box: Box, font_pt: float) -> None:
    stopped = box.kind == "container" and box.style != "running"
    bold_title = box.kind not in ("legend", "veth", "port")
    families = font_families()
    for row, line in enumerate(box.lines):
        ax.text(box.text_x, box.row_y(row), line, ha="left", va="center",
                fontfamily=families, fontsize=font_pt,
                fontweight="bold" if row == 0 and bold_title else "normal",
                color=GREY_INK if stopped else INK, gid=f"{box.key}#{row}")


def _wire(ax: Axes, wire: Wire, scale: float) -> None:
    from matplotlib.lines import Line2D

    widths = {"bus": 3.6, "stub": 1.5, "veth": 1.1, "port": 1.1}
    ink = PORT_INK if wire.kind == "port" else colour(wire.colour)
    line = wire.points[:-1] if wire.arrow else wire.points
    if len(line) > 1:
        xs, ys = zip(*line, strict=True)
        ax.add_artist(Line2D(xs, ys, color=ink, linewidth=widths.get(wire.kind, 1.0) * scale,
                             linestyle=(0, (4, 2)) if wire.style == "dashed" else "-",
                             solid_capstyle="butt", gid=wire.key))
    if wire.arrow:
        _arrow(ax, wire.points[-2], wire.points[-1], ink, scale, wire.key)
    if wire.dots:
        dx, dy = zip(*wire.dots, strict=True)
        ax.add_artist(Line2D(dx, dy, linestyle="none", marker="o", color=ink,
                             markersize=(4.5 if wire.kind == "stub" else 2.6) * scale,
                             gid=f"{wire.key}#dots"))


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], ink: str,
           scale: float, gid: str) -> None:
    ax.annotate("", xy=end, xytext=start, gid=f"{gid}#head",
                arrowprops={"arrowstyle": "-|>", "color": ink, "linewidth": 1.1 * scale,
                            "shrinkA": 0, "shrinkB": 0, "mutation_scale": 9 * scale})


SAMPLE_BOXES = {"container": ("container", "running"), "exited": ("container", "exited"),
                "veth": ("veth", ""), "netns": ("netns", "")}


def _sample(ax: Axes, box: Box, scale: float) -> None:
    """The little picture at the left of a legend entry."""
    from matplotlib.patches import Rectangle

    x0, x1, y = box.x + 0.04, box.x + 0.36, box.row_y(0)
    h = box.h * 0.55
    if box.style in SAMPLE_BOXES:
        kind, state = SAMPLE_BOXES[box.style]
        style = _patch_style(Box("", kind, 0, 0, 0, 0, style=state, colour=0))
        style["linewidth"] = style.get("linewidth", 1.0) * scale
        ax.add_artist(Rectangle((x0, y - h / 2), x1 - x0, h, **style))
    elif box.style == "bus":
        mid = (x0 + x1) / 2
        _wire(ax, Wire("", "bus", ((x0, y), (mid - 0.02, y)), colour=0), scale)
        _wire(ax, Wire("", "bus", ((mid + 0.02, y), (x1, y)), "dashed", colour=1), scale)
    elif box.style == "cable":
        _wire(ax, Wire("", "veth", ((x0, y), (x1, y)), dots=((x0, y), (x1, y))), scale)
    elif box.style == "port":
        _wire(ax, Wire("", "port", ((x0, y), (x1, y)), arrow=True), scale)
