"""The topology picture as one displayable object: PNG, HTML with alt text, and plain text.

``lab.show()`` (the last line of a cell) returns a :class:`TopologyPicture` of the
lab's current topology; the notebook picks the richest form it can show:

- ``text/html``: a ``<figure>`` with the PNG that ``lab.plot()`` draws
  (:func:`coursekit.viz.draw_topology`), its ``alt`` text the full description, and a
  ``<figcaption>`` holding the same description, so a learner who does not see the
  picture gets the same information (:func:`coursekit.viz.describe`);
- ``text/plain``: the description alone (a terminal, a test, nbval).

The PNG is not offered a second time as ``image/png``: a saved notebook would carry
it twice. It is rendered once, on a matplotlib ``Figure`` that pyplot never sees, so
the inline backend shows no second copy and no figure is left open, then reduced to a
palette of :data:`COLOURS` colours (:func:`compact_png`: a quarter of the bytes, the
same picture to the eye). PNG metadata carries no software version, so the same
topology gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from functools import cached_property
from typing import Any

from coursekit.i18n import N_, _
from coursekit.models import Topology

DPI = 90
"""Small topologies stay legible; large ones are scaled down to the notebook's width anyway."""
COLOURS = 64
"""The palette of a saved picture: every fill, line and anti-aliased edge keeps its shade."""
CAPTION = N_("The picture in words")
_FIGURE = ("margin:0.5em 0;color:var(--jp-content-font-color1,inherit);"
           "font-family:var(--jp-ui-font-family,inherit);")
_CAPTION = ("margin:0.3em 0;padding:0.3em 0.6em;border-left:3px solid "
            "var(--jp-border-color1,#999);background:var(--jp-layout-color2,transparent);")
_PRE = ("margin:0.3em 0 0 0;white-space:pre-wrap;font-family:var(--jp-code-font-family,"
        "monospace);font-size:var(--jp-code-font-size,0.9em);color:var(--jp-content-font-color1,"
        "inherit);background:transparent;")


def render_png(topology: Topology, dpi: int = DPI) -> bytes:
    """The topology drawn as ``lab.plot()`` draws it, as PNG bytes (equivalent of a screenshot)."""
    from matplotlib.figure import Figure

    from coursekit.viz.draw import draw_layout
    from coursekit.viz.layout import layout

    lay = layout(topology)
    fig = Figure(figsize=(lay.width, lay.height))  # not pyplot's: nothing to close or leak
    draw_layout(lay, fig.add_axes((0.0, 0.0, 1.0, 1.0)))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return compact_png(buffer.getvalue())


def compact_png(png: bytes, colours: int = COLOURS) -> bytes:
    """``png`` with a palette of ``colours`` colours (no dithering): same look, fewer bytes.

    Median cut keeps the pale fills a drawing is made of (quicker methods merge the light
    grey of the host into white). Pillow comes with matplotlib.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        reduced = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    reduced.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class TopologyPicture:
    """A topology to display: ``TopologyPicture(lab.snapshot())``, or ``lab.show()``."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology

    @cached_property
    def description(self) -> str:
        """The picture in words (what :meth:`Lab.describe` says)."""
        from coursekit.viz.describe import describe

        return describe(self.topology)

    @cached_property
    def png(self) -> bytes:
        """The picture as PNG bytes (rendered on first use, then kept)."""
        return render_png(self.topology)

    def html(self) -> str:
        """A ``<figure>``: the PNG with the description as alt text and as caption."""
        data = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(self.description.strip(), quote=True)
        return (f'<figure class="coursekit-picture" style="{_FIGURE}">'
                f'<img src="data:image/png;base64,{data}" alt="{alt}" '
                f'style="max-width:100%;height:auto;background:white;">'
                f'<figcaption style="{_CAPTION}"><details><summary>{_(CAPTION)}</summary>'
                f'<pre style="{_PRE}">{html.escape(self.description)}</pre>'
                "</details></figcaption></figure>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """The HTML figure (the PNG inside it) and the description."""
        return {"text/html": self.html(), "text/plain": self.description}

    def __repr__(self) -> str:
        return self.description
