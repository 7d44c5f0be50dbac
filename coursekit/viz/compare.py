"""The four network modes side by side: one small scenario, run once per mode on a fresh lab.

The scenario is the same each time: a web server ``web`` published with
``-p 8080:80`` and a ``client`` next to it, both started with ``--network MODE``
(in container mode ``web`` stays on the default bridge and ``client`` borrows its
namespace with ``--network container:web``). The four snapshots are drawn in a
2 x 2 grid with one shared legend, so the differences jump out: a veth pair per
container on docker0 (bridge), no interfaces of their own (host), only ``lo``
(none), one namespace for two containers (container).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursekit.models import Topology
from coursekit.viz.layout import layout, legend_layout
from coursekit.viz.shapes import FONT_FAMILY, FONT_PT, Layout

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MODES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bridge", "--network bridge (the default): own namespace, veth to docker0", (
        "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client busybox sleep 1d")),
    ("host", "--network host: the host's own interfaces; -p is discarded", (
        "docker run -d --name web --network host -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network host busybox sleep 1d")),
    ("none", "--network none: only lo; -p is accepted, nothing is published", (
        "docker run -d --name web --network none -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network none busybox sleep 1d")),
    ("container", "--network container:web: client shares web's namespace", (
        "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network container:web busybox sleep 1d")),
)
"""(mode, panel title, command lines) for each panel, in drawing order."""

MAX_W = 10.0
PANEL_W = 4.6
TITLE_H, GAP = 0.32, 0.25


def _sim_lab() -> Any:
    from coursekit.lab import Lab

    return Lab(backend="sim")


def mode_topologies(lab_factory: Callable[[], Any] = _sim_lab) -> dict[str, Topology]:
    """Run the scenario on a fresh lab per mode; returns each mode's ``lab.snapshot()``.

    Each lab is reset afterwards, so a real engine keeps nothing of it.
    """
    snapshots = {}
    for mode, _, lines in MODES:
        lab = lab_factory()
        for line in lines:
            lab.sh(line)
        snapshots[mode] = lab.snapshot()
        lab.reset()
    return snapshots


def compare_modes(lab_factory: Callable[[], Any] = _sim_lab) -> Figure:
    """Figure of bridge, host, none and container mode side by side (a 2 x 2 grid)."""
    return compare_topologies(mode_topologies(lab_factory))


def compare_topologies(topologies: Mapping[str, Topology]) -> Figure:
    """Draw one panel per mode (keys of ``topologies`` in :data:`MODES` order)."""
    import matplotlib.pyplot as plt

    from coursekit.viz.draw import draw_layout

    titles = {mode: title for mode, title, _ in MODES}
    panels = [(titles.get(m, m), layout(t, legend=False, target_width=PANEL_W))
              for m, t in topologies.items()]
    grid = _Grid.around([lay for _, lay in panels])
    fig = plt.figure(figsize=(grid.width, grid.height))
    plt.close(fig)  # returned, not shown by pyplot: a notebook displays it once
    for k, (title, lay) in enumerate(panels):
        x, y = grid.corner(k)
        fig.text(x / grid.width, 1 - y / grid.height, title, ha="left", va="top",
                 fontfamily=FONT_FAMILY, fontsize=FONT_PT * 1.1 * grid.scale, fontweight="bold")
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
