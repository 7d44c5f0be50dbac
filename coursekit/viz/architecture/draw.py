"""Paint an architecture picture with matplotlib, one command's path marked.

The path is marked by colour, line width *and* hop numbers (never colour alone);
:func:`architecture_png` gives the picture as PNG bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from coursekit.i18n import _
from coursekit.viz.architecture.pictures import NEW, PICTURES, Component, Edge
from coursekit.viz.architecture.routes import Hop, route
from coursekit.viz.fonts import font_families
from coursekit.viz.shapes import FONT_PT, LINE_H, PAD

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PATH_INK, PLAIN_INK, FRAME_FILL = "#D55E00", "#9a9a9a", "#f3f3f3"


def draw_architecture(which: str = NEW, command: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Draw picture ``which``; with ``command``, mark its path (thick, numbered, coloured)."""
    pic = PICTURES[which]
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(pic.width, pic.height)).add_axes((0.0, 0.0, 1.0, 1.0))
    hops = route(command, which).hops if command else ()
    on_path = {k for h in hops for k in (h.src, h.dst)}
    ax.set_xlim(0, pic.width)
    ax.set_ylim(pic.height, 0)
    ax.set_axis_off()
    for comp in pic.components:
        _component(ax, comp, comp.key in on_path)
    for edge in pic.edges:
        _edge(ax, edge, [(n, h) for n, h in enumerate(hops, 1) if {h.src, h.dst} == {edge.a,
                                                                                      edge.b}])
    return ax


def architecture_png(which: str = NEW, command: str | None = None, dpi: int = 80) -> bytes:
    """:func:`draw_architecture` as PNG bytes (the same input gives the same bytes)."""
    from matplotlib.figure import Figure

    pic = PICTURES[which]
    fig = Figure(figsize=(pic.width, pic.height))  # not pyplot's: nothing left open
    draw_architecture(which, command, fig.add_axes((0.0, 0.0, 1.0, 1.0)))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _component(ax: Axes, comp: Component, marked: bool) -> None:
    from matplotlib.patches import Rectangle

    frame = comp.kind == "frame"
    ink = PATH_INK if marked else ("#4d4d4d" if comp.kind == "note" else "black")
    style: dict[str, Any] = {
        "facecolor": FRAME_FILL if frame else "white", "zorder": 0 if frame else 2,
        "edgecolor": ink, "linewidth": 3.0 if marked else 1.0,
        "linestyle": ":" if comp.kind == "note" else "-"}
    ax.add_artist(Rectangle((comp.x, comp.y), comp.w, comp.h, gid=comp.key, **style))
    for row, text in enumerate(comp.lines):
        ax.text(comp.x + PAD + 0.03, comp.y + PAD + LINE_H * (row + 0.55), _(text), ha="left",
                va="center", fontfamily=font_families(), fontsize=FONT_PT, zorder=3,
                fontweight="bold" if row == 0 else "normal", gid=f"{comp.key}#{row}")


def _edge(ax: Axes, edge: Edge, numbered: list[tuple[int, Hop]]) -> None:
    from matplotlib.lines import Line2D

    points = edge.points if not numbered or numbered[0][1].src == edge.a else edge.points[::-1]
    xs, ys = zip(*points, strict=True)
    ax.add_artist(Line2D(xs, ys, color=PATH_INK if numbered else PLAIN_INK, zorder=4 if numbered
                         else 1, linewidth=3.2 if numbered else 0.9, gid=f"{edge.a}-{edge.b}"))
    if not numbered:
        return
    ax.annotate("", xy=points[-1], xytext=points[-2], zorder=5, arrowprops={
        "arrowstyle": "-|>", "color": PATH_INK, "linewidth": 2.0, "mutation_scale": 16,
        "shrinkA": 0, "shrinkB": 0})
    if len({h.src for _, h in numbered}) > 1:  # travelled both ways: a head at each end
        ax.annotate("", xy=points[0], xytext=points[1], zorder=5, arrowprops={
            "arrowstyle": "-|>", "color": PATH_INK, "linewidth": 2.0, "mutation_scale": 16,
            "shrinkA": 0, "shrinkB": 0})
    (x0, y0), (x1, y1) = points[0], points[-1]
    ax.text((x0 + x1) / 2, (y0 + y1) / 2, ", ".join(str(n) for n, _ in numbered), ha="center",
            va="center", fontfamily=font_families(), fontsize=FONT_PT + 1, fontweight="bold",
            zorder=6, gid=f"{edge.a}-{edge.b}#hops", bbox={"boxstyle": "round,pad=0.2",
                                                           "facecolor": "white",
                                                           "edgecolor": PATH_INK,
                                                           "linewidth": 1.5})
