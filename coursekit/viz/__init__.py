"""Topology pictures: the lab's IP layout drawn from a Topology, and the same in words.

- :func:`layout` (pure): where every box, cable and label goes, in inches;
- :func:`draw_topology`: paint it with matplotlib (what ``lab.plot()`` shows);
- :func:`describe`: the same picture as plain text (alt text, caption);
- :func:`compare_modes`: bridge, host, none and container mode side by side.

Nothing here talks to an engine: every picture is drawn from ``lab.snapshot()``.
matplotlib is imported only when something is drawn.
"""

from coursekit.viz.compare import compare_modes, compare_topologies, mode_topologies
from coursekit.viz.describe import describe
from coursekit.viz.draw import draw_layout, draw_topology
from coursekit.viz.layout import layout

__all__ = [
    "compare_modes",
    "compare_topologies",
    "describe",
    "draw_layout",
    "draw_topology",
    "layout",
    "mode_topologies",
]
