"""The vocabulary of a topology picture: boxes, wires and the metrics of their text.

A :class:`Layout` is pure data, measured in inches with ``y`` growing downwards
(the way a page is read): ``viz.layout`` computes it from a Topology, ``viz.draw``
paints it with matplotlib, and tests read it without drawing anything.

Text is set in DejaVu Sans Mono (bundled with matplotlib), whose every glyph has
the same width, so the width of a line is known before anything is drawn: that is
how a box is made wide enough for its text without asking a renderer. A wide character
(Chinese, drawn from the CJK fallback font of :mod:`coursekit.viz.fonts`) takes two
columns of that grid (:func:`coursekit.i18n.width.columns`); every width below is counted
in columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.i18n.width import columns

FONT_FAMILY = "DejaVu Sans Mono"
FONT_PT = 8.0
"""Size of all text at scale 1 (the figure drawn at the layout's own size)."""
CHAR_W = 0.64 * FONT_PT / 72
"""Room for one monospace character, in inches: the glyphs are 0.602 em wide, but the
renderer rounds each advance to whole pixels (up to 0.63 em at 8 pt and 72-200 dpi)."""
LINE_H = 1.32 * FONT_PT / 72
"""Distance between two text rows, in inches."""
PAD = 0.05
"""Space between a box's edge and its text."""

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
"""Okabe-Ito colours (colour-blind safe), one per network, in order; black is the ink."""


@dataclass(frozen=True)
class Box:
    """A rectangle with rows of text; the first row is its title.

    ``kind``: ``frame`` (the host's namespace), ``netns`` (a shared namespace),
    ``nic`` (a host interface), ``bridge`` (a network's Linux bridge), ``caption``,
    ``container``, ``veth`` (host end of a veth pair), ``port`` (a published host
    port) or ``legend``. ``style`` refines it: a container's state (``running``,
    ``exited``, ``created``), ``internal`` for a bridge, the sample drawn in a legend
    entry. ``colour`` is a :data:`PALETTE` slot or ``None`` (ink). ``parent`` is the
    key of the frame the box sits in.
    """

    key: str
    kind: str
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...] = ()
    style: str = ""
    colour: int | None = None
    parent: str | None = None

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def text_x(self) -> float:
        """Left edge of the text (legend entries keep room for their sample)."""
        return self.x + PAD + (LEGEND_SAMPLE_W if self.kind == "legend" else 0.0)

    def row_y(self, row: int) -> float:
        """Vertical middle of text row ``row``."""
        return self.y + PAD + (row + 0.5) * LINE_H

    def contains(self, other: Box) -> bool:
        return (self.x <= other.x and other.right <= self.right
                and self.y <= other.y and other.bottom <= self.bottom)

    def overlaps(self, other: Box) -> bool:
        """True when the two rectangles share more than an edge."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class Wire:
    """A polyline: a bridge's bus, a veth cable, a bus port or a published-port arrow.

    ``kind``: ``bus`` (a bridge, drawn thick), ``stub`` (a veth host end plugged
    into a bus; ``dots`` marks the junction), ``veth`` (the cable between the two
    ends of a pair), ``port`` (host ip:port to container port; ``arrow`` at the end).
    ``style`` is ``solid`` or ``dashed`` (internal networks).
    """

    key: str
    kind: str
    points: tuple[tuple[float, float], ...]
    style: str = "solid"
    colour: int | None = None
    arrow: bool = False
    dots: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Layout:
    """Everything to draw, in inches; ``width`` x ``height`` is the figure size."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    wires: tuple[Wire, ...]
    title: str = ""

    def box(self, key: str) -> Box:
        for b in self.boxes:
            if b.key == key:
                return b
        raise KeyError(key)

    def texts(self) -> tuple[str, ...]:
        """Every row of text in the picture, in drawing order."""
        return tuple(line for b in self.boxes for line in b.lines)


LEGEND_SAMPLE_W = 0.42
"""Room at the left of a legend entry for its sample shape."""


def text_w(chars: int) -> float:
    """Width of a box holding ``chars`` characters per row."""
    return chars * CHAR_W + 2 * PAD + 0.02


def box_h(rows: int) -> float:
    """Height of a box holding ``rows`` rows of text."""
    return rows * LINE_H + 2 * PAD


def longest(lines: tuple[str, ...] | list[str]) -> int:
    """Columns of the widest of ``lines``."""
    return max((columns(line) for line in lines), default=0)
