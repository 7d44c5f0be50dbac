"""Follow a docker command through Docker's architecture, old picture or new.

``ArchitectureExplorer()`` shows a drop-down of the course's commands (``docker
network create app``, ``docker run ...``, ``docker exec web ping -c 1 db``, ``docker
pull busybox``, ``docker network connect app web``, ...) and a toggle between
today's architecture (CLI, dockerd, containerd, shim, runc, libnetwork) and the
tutorial's (Docker 1.x: server, engine and Jobs, graph, network and exec drivers,
libcontainer). Below them: the picture with the command's path marked by colour,
line width and hop numbers, and the same path as a numbered list of hops.

The data and the drawing are :mod:`coursekit.viz.architecture`; this module only
wires them to plain ipywidgets (a Dropdown, ToggleButtons, two HTML widgets), so it is
operated by keyboard and needs no JavaScript. The picture is an ``<img>`` whose
``alt`` text says everything it shows; tests read ``explorer.hops.value``. Saved in a
notebook, the explorer reads as the picture and path it was built with, and says that
running the cell lets the learner pick others (:mod:`coursekit.widgets.saved`).
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.viz.architecture import (
    COMMANDS,
    NEW,
    OLD,
    PICTURES,
    RUN,
    architecture_png,
    describe_picture,
    describe_route,
    route,
)
from coursekit.viz.picture import compact_png
from coursekit.widgets.saved import Readable

VIEWS = ((N_("Today"), NEW), (N_("As the tutorial draws it (before 2016)"), OLD))
"""The toggle's labels (English; shown translated) and the pictures they choose."""
TOOLTIPS = (N_("What a machine runs today (Docker 1.11+)"),
            N_("Docker 1.x, as the tutorial draws it"))
HEADINGS = {NEW: N_("docker today (1.11 and later)"), OLD: N_("as the tutorial draws it")}
"""What the list of hops says it follows: the start of each picture's title."""
_TEXT = "color:var(--jp-content-font-color1,inherit);line-height:1.45;"
_CODE = "background:var(--jp-layout-color2,#eee);padding:0 2px;"


def _rich(text: str) -> str:
    """Escaped text with `code` in backticks shown as code."""
    return re.sub(r"`([^`]+)`", rf'<code style="{_CODE}">\1</code>', html.escape(text))


def hops_html(command: str, which: str) -> str:
    """The path of ``command`` in picture ``which`` as an ordered list, then its note."""
    r, pic = route(command, which), PICTURES[which]
    items = "".join("<li>" + _("{path}: {says}.").format(
        path="<b>" + _("{source} → {target}").format(
            source=html.escape(_(pic.component(h.src).name)),
            target=html.escape(_(pic.component(h.dst).name))) + "</b>",
        says=_rich(_(h.says))) + "</li>" for h in r.hops)
    nowhere = _("No path in this picture.")
    body = f"<ol>{items}</ol>" if items else f"<p><b>{nowhere}</b></p>"
    note = f"<p>{_rich(_(r.note))}</p>" if r.note else ""
    head = _("{command}, {picture}:").format(
        command=f"<b><code style=\"{_CODE}\">{html.escape(command)}</code></b>",
        picture=html.escape(_(HEADINGS[which])))
    return (f'<div role="status" aria-live="polite" style="{_TEXT}"><p>{head}</p>{body}{note}'
            "</div>")


class ArchitectureExplorer(Readable, widgets.VBox):
    """``ArchitectureExplorer(command=RUN, picture="new")``: pick a command, see its path."""

    run_note = N_("Run this cell to pick another command, or the other picture.")

    def __init__(self, command: str = RUN, picture: str = NEW, dpi: int = 80) -> None:
        if command not in COMMANDS or picture not in PICTURES:
            raise ValueError(f"command must be one of {COMMANDS}, picture one of {tuple(PICTURES)}")
        self.dpi = dpi
        self._png: dict[tuple[str, str], bytes] = {}
        self.command = widgets.Dropdown(options=COMMANDS, value=command, description=_("Command"),
                                        layout=widgets.Layout(width="max-content"))
        self.view = widgets.ToggleButtons(options=[(_(label), key) for label, key in VIEWS],
                                          value=picture, description=_("Picture"),
                                          tooltips=[_(tip) for tip in TOOLTIPS])
        self.figure = widgets.HTML("", layout=widgets.Layout(flex="1 1 560px"))
        self.hops = widgets.HTML("", layout=widgets.Layout(flex="1 1 320px"))
        self.command.observe(self._changed, names="value")
        self.view.observe(self._changed, names="value")
        body = widgets.HBox([self.figure, self.hops],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        super().__init__([self.command, self.view, body])
        self.add_class("coursekit-architecture")
        self.render()

    def show(self, command: str, picture: str | None = None) -> None:
        """Select ``command`` (and ``picture``) as the learner would; the view follows."""
        if picture is not None:
            self.view.value = picture
        self.command.value = command

    def summary(self) -> str:
        return _("Docker's architecture, following {command} (run this cell to pick another "
                 "command)").format(command=repr(self.command.value))

    def static_html(self) -> str:
        return str(self.figure.value) + str(self.hops.value)

    def render(self) -> None:
        """Redraw the picture and the list of hops for the current choice."""
        command, which = self.command.value, self.view.value
        self.hops.value = hops_html(command, which)
        try:
            self.figure.value = self._figure_html(command, which)
        except Exception as exc:  # matplotlib missing or failing: the words still teach
            said = _("(No picture: {error})").format(error=f"{type(exc).__name__}: {exc}")
            self.figure.value = (f"<pre>{html.escape(describe_picture(which))}</pre><p>"
                                 f"{html.escape(said)}</p>")

    def png(self, command: str, which: str) -> bytes:
        """The picture of ``command`` in ``which`` (drawn once, then kept)."""
        key = (command, which)
        if key not in self._png:
            self._png[key] = compact_png(architecture_png(which, command, dpi=self.dpi))
        return self._png[key]

    def _figure_html(self, command: str, which: str) -> str:
        data = base64.b64encode(self.png(command, which)).decode("ascii")
        alt = html.escape(f"{describe_picture(which)}\n\n{describe_route(command, which)}",
                          quote=True)
        return (f'<img src="data:image/png;base64,{data}" alt="{alt}" '
                'style="max-width:100%;height:auto;background:white;">')

    def _changed(self, _change: Any) -> None:
        self.render()

    def __repr__(self) -> str:
        return f"ArchitectureExplorer({self.command.value!r}, picture={self.view.value!r})"
