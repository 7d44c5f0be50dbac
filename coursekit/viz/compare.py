"""Network modes side by side: one panel per Topology, in a grid with one shared legend.

:func:`compare_topologies` draws the snapshots it is given (the mode demos of
:mod:`coursekit.scenarios` played once per mode: ``coursekit.scenarios.compare_modes()``)
in a 2 x 2 grid, each panel under its title, so the differences jump out: a veth pair
per container on docker0 (bridge), no interfaces of their own (host), only ``lo``
(none), one namespace for two containers (container). It runs no command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.i18n import _
from coursekit.models import Topology
from coursekit.viz.fonts import font_families
from coursekit.viz.layout import layout, legend_layout
from coursekit.viz.shapes import FONT_PT, Layout

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_W = 10.0
PANEL_W = 4.6
TITLE_H, GAP = 0.32, 0.25


def compare_topologies(topologies: Mapping[str, Topology],
                       titles: Mapping[str, str] | None = None) -> Figure:
    """Draw one panel per entry of ``topologies``, in its order, titled ``titles[key]``
    (the key itself when ``titles`` has none)."""
    import matplotlib.pyplot as plt

    from coursekit.viz.draw import draw_layout

    titles = titles or {}
    panels = [(titles.get(m, m), layout(t, legend=False, target_width=PANEL_W))
              for m, t in topologies.items()]
    grid = _Grid.around([lay for _title, lay in panels])
    fig = plt.figure(figsize=(grid.width, grid.height))
    plt.close(fig)  # returned, not shown by pyplot: a notebook displays it once
    for k, (title, lay) in enumerate(panels):
        x, y = grid.corner(k)
        fig.text(x / grid.width, 1 - y / grid.height, _(title), ha="left", va="top",
                 fontfamily=font_families(), fontsize=FONT_PT * 1.1 * grid.scale, fontweight="bold")
        draw_layout(lay, fig.add_axes(grid.rect(x, y + TITLE_H * grid.scale, lay)))
    draw_layout(grid.legend, fig.add_axes(grid.rect(0, grid.height - grid.legend_h, grid.legend)))
    return fig


@dataclass(frozen=True)
class _Grid:
    """Two columns of panels (inches), shrunk by ``scale`` to fit :data:`MAX_W`, and a legend."""

    col_w: tuple[float, ...]
    row_h: tuple[float, ...]
    scale: float
    legend: Layout

    @classmethod
    def around(cls, lays: list[Layout]) -> _Grid:
        widths = [max((lay.width for lay in lays[c::2]), default=1.0) for c in range(2)]
        scale = min(1.0, (MAX_W - 3 * GAP) / sum(widths))
        rows = [lays[r: r + 2] for r in range(0, len(lays), 2)]
        heights = tuple((max(lay.height for lay in row) + TITLE_H) * scale for row in rows)
        cols = tuple(w * scale for w in widths)
        return cls(cols, heights, scale, legend_layout((sum(cols) + GAP) / scale))

    @property
    def width(self) -> float:
        return sum(self.col_w) + GAP * (len(self.col_w) + 1)

    @property
    def legend_h(self) -> float:
        return self.legend.height * self.scale

    @property
    def height(self) -> float:
        return sum(self.row_h) + GAP * len(self.row_h) + self.legend_h

    def corner(self, k: int) -> tuple[float, float]:
        """Top-left corner of panel ``k`` (row-major)."""
        return (GAP * (k % 2 + 1) + sum(self.col_w[: k % 2]),
                GAP * (k // 2 + 1) + sum(self.row_h[: k // 2]))

    def rect(self, x: float, y: float, lay: Layout) -> tuple[float, float, float, float]:
        """Figure-fraction rectangle of ``lay`` drawn at ``scale``, top-left at (x, y)."""
        w, h = lay.width * self.scale, lay.height * self.scale
        return (x / self.width, 1 - (y + h) / self.height, w / self.width, h / self.height)
