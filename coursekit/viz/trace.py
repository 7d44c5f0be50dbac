"""A packet's path shown: hop by hop in text, and drawn over the topology picture.

``lab.trace(LINE)`` returns a :class:`TraceView` of the :class:`~coursekit.models.PacketPath`
the lab computed. As a cell's last line it shows the hops as text (``text/plain`` and a
``<pre>`` block); ``.show()`` returns the topology picture with the boxes the packet
passes outlined and joined by arrows, in order, with the hop list as its words. The
path's values are there to read too (``.outcome``, ``.hops``, ``.rule``, ``.chains``,
``.computed``), which quizzes use.
"""

from __future__ import annotations

import html
import io
import itertools
from functools import cached_property
from typing import Any

from coursekit.i18n import N_, _
from coursekit.models import Hop, PacketPath, Topology

PATH_INK = "#D55E00"
COMPUTED = N_("computed: coursekit worked this path out from the engine's state with its "
              "model of the engine's rules; the machine's own rules (sudo iptables -S) decide")
_PRE = ("white-space:pre;overflow-x:auto;margin:0.3em 0;font-family:var(--jp-code-font-family,"
        "monospace);font-size:var(--jp-code-font-size,0.9em);")


def format_path(path: PacketPath) -> str:
    """The path as text: a headline, one numbered line per hop (chain hops list the rules
    that matched), and why. The frame is in the current language; what the path says (its
    outcome, each hop, the reason) is the simulator's, in English."""
    if not path.hops:
        return path.line + "\n" + _("not traced: {reason}").format(reason=path.reason) + "\n"
    what = path.proto if not path.port else _("{protocol} port {port}").format(
        protocol=path.proto, port=path.port)
    lines = [f"$ {path.line}", f"{path.source} -> {path.destination}, {what}: {path.outcome}"]
    width = max(len(h.place) for h in path.hops) + 2
    for number, hop in enumerate(path.hops, 1):
        lines.append(f"{number:>3}. {hop.place:<{width}}{hop.what}")
        lines += [f"       {rule}" for rule in hop.rules if rule.startswith("-A ")]
    lines.append(_("why: {reason}").format(reason=path.reason))
    if path.rule:
        lines.append(_("decided by: {rule}").format(rule=path.rule))
    if path.computed:
        lines.append(_(COMPUTED))
    return "\n".join(lines) + "\n"


class TraceView:
    """A computed path, displayable; its values read as attributes."""

    def __init__(self, path: PacketPath, topology: Topology) -> None:
        self.path = path
        self.topology = topology

    outcome = property(lambda self: self.path.outcome)
    hops = property(lambda self: self.path.hops)
    rule = property(lambda self: self.path.rule)
    chains = property(lambda self: self.path.chains)
    computed = property(lambda self: self.path.computed)
    delivered = property(lambda self: self.path.delivered)

    @property
    def text(self) -> str:
        return format_path(self.path)

    def show(self) -> TracePicture:
        """The topology picture with this path drawn on it."""
        return TracePicture(self.topology, self.path)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text,
                "text/html": f'<pre style="{_PRE}">{html.escape(self.text)}</pre>'}

    def __repr__(self) -> str:
        return self.text


class TracePicture:
    """The topology picture with a path's boxes outlined and joined in order."""

    def __init__(self, topology: Topology, path: PacketPath) -> None:
        self.topology = topology
        self.path = path

    @cached_property
    def png(self) -> bytes:
        from matplotlib.figure import Figure

        from coursekit.viz.draw import draw_layout
        from coursekit.viz.layout import layout
        from coursekit.viz.picture import DPI, compact_png

        lay = layout(self.topology)
        fig = Figure(figsize=(lay.width, lay.height))
        ax = draw_layout(lay, fig.add_axes((0.0, 0.0, 1.0, 1.0)))
        _overlay(ax, lay, self.path.hops)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return compact_png(buffer.getvalue())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        import base64

        data = base64.b64encode(self.png).decode("ascii")
        text = format_path(self.path)
        return {"text/plain": text,
                "text/html": f'<figure style="margin:0.5em 0"><img src="data:image/png;base64,'
                             f'{data}" alt="{html.escape(text, quote=True)}" style="max-width:'
                             f'100%;height:auto;background:white;"><figcaption><pre style='
                             f'"{_PRE}">{html.escape(text)}</pre></figcaption></figure>'}

    def __repr__(self) -> str:
        return format_path(self.path)


def path_boxes(lay: Any, hops: tuple[Hop, ...]) -> list[Any]:
    """The picture's boxes the path passes, in order, each once in a row."""
    keys = {b.key: b for b in lay.boxes}
    found: list[Any] = []
    for hop in hops:
        box = keys.get(hop.box)
        if box is not None and (not found or found[-1] is not box):
            found.append(box)
    return found


def _overlay(ax: Any, lay: Any, hops: tuple[Hop, ...]) -> None:
    from matplotlib.patches import FancyArrowPatch, Rectangle

    boxes = path_boxes(lay, hops)
    for box in boxes:
        ax.add_artist(Rectangle((box.x - 0.03, box.y - 0.03), box.w + 0.06, box.h + 0.06,
                                fill=False, edgecolor=PATH_INK, linewidth=2.5))
    for a, b in itertools.pairwise(boxes):
        ax.add_artist(FancyArrowPatch((a.x + a.w / 2, a.y + a.h / 2),
                                      (b.x + b.w / 2, b.y + b.h / 2), arrowstyle="-|>",
                                      mutation_scale=14, color=PATH_INK, linewidth=2))
