"""Topology pictures: the lab's IP layout drawn from a Topology, and the same in words.

- :func:`layout` (pure): where every box, cable and label goes, in inches;
- :func:`draw_topology`: paint it with matplotlib (what ``lab.plot()`` shows);
- :func:`describe`: the same picture as plain text (alt text, caption);
- :class:`TopologyPicture`: picture and words as one displayable
  object (what ``lab.show()`` returns);
- :func:`compare_topologies`: several topologies side by side (the mode demos of
  :mod:`coursekit.scenarios`: ``coursekit.scenarios.compare_modes()``);
- :mod:`~coursekit.viz.architecture`: Docker's architecture, old and new, with each
  command's path.

Nothing here talks to an engine or runs a command: every picture is drawn from the
Topology it is given (``lab.snapshot()``). matplotlib is imported only when something
is drawn.
"""

from coursekit.viz.compare import compare_topologies
from coursekit.viz.describe import describe
from coursekit.viz.draw import draw_layout, draw_topology
from coursekit.viz.layout import layout
from coursekit.viz.picture import TopologyPicture

__all__ = [
    "TopologyPicture",
    "compare_topologies",
    "describe",
    "draw_layout",
    "draw_topology",
    "layout",
]
