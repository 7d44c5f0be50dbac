"""A command console in the notebook: type a docker command line, press Enter, read the answer.

``Console(lab)`` is a text box, a Run button, the terminal output of the last
commands (newest last, in a box that scrolls), a Clear button and a "Show picture"
toggle that draws the lab's topology under the output after every command (what
``lab.show()`` shows). Each line goes to ``lab.sh(line)``, exactly as a cell would.

The text box sends its value only when the learner commits it (``continuous_update``
off: Enter, or leaving the box, e.g. to click Run), and a committed line runs at once;
the box then empties for the next one. The browser's separate "submit" message is not
used: it can overtake the value still buffered in the front end and run a half-typed
line. Run with an empty box does nothing.

Everything is plain ipywidgets and HTML, operated by keyboard (Tab, Enter, Space), in
JupyterLab's theme colours. The output is an HTML widget's value (an ``Output`` widget
captures nothing without a front end), so tests read ``console.output.value``. The
console never raises: a failing command shows its error and exit code; a failure of
ours shows as an error line. Its output looks exactly like a cell's
(:func:`coursekit.result.streams_html`). Saved in a notebook, it reads as what it is
and that running the cell opens it (:mod:`coursekit.widgets.saved`).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.result import CommandResult
from coursekit.widgets.saved import Readable
from coursekit.widgets.terminal import Entry, failure, log_html

EMPTY = N_("Type a command line and press Enter (or Run).")
"""What the empty output says (English; shown translated)."""
STYLE = ("<style>.coursekit-console .widget-text input "
         "{ font-family: var(--jp-code-font-family, monospace); }</style>")


def picture_html(lab: Any) -> str:
    """The lab's topology as HTML (``lab.show()``), or one line saying why there is none."""
    from coursekit.viz.picture import TopologyPicture

    try:
        return TopologyPicture(lab.snapshot()).html()
    except Exception as exc:  # an engine gone away must not break the console
        said = _("No picture: {error}").format(error=f"{type(exc).__name__}: {exc}")
        return f'<p class="coursekit-picture-error" role="status">{html.escape(said)}</p>'


def button(description: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=description, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


class Console(Readable, widgets.VBox):
    """``Console(lab)``: run command lines in ``lab`` and see them as in a terminal.

    ``history`` results are kept (oldest dropped first); ``picture=True`` starts with
    the topology shown. ``console.run(line)`` does what typing the line does.
    """

    run_note = N_("Run this cell to open the console.")

    def __init__(self, lab: Any, placeholder: str = "docker network ls",
                 height: str = "20em", *, history: int = 50, picture: bool = False) -> None:
        self.lab, self.height, self.keep = lab, height, max(1, history)
        self.entries: list[Entry] = []
        self.input = widgets.Text(value="", placeholder=placeholder, continuous_update=False,
                                  description=_("Command"), style={"description_width": "initial"},
                                  layout=widgets.Layout(width="min(100%, 48em)"))
        self.run_button = button(_("Run"), _("Run the command line"), "primary")
        self.clear_button = button(_("Clear"),
                                   _("Forget the output shown (the lab keeps its state)"))
        self.picture_toggle = widgets.ToggleButton(
            value=picture, description=_("Show picture"),
            tooltip=_("Draw the lab's topology under the output after each command"),
            layout=widgets.Layout(width="auto"))
        self.output = widgets.HTML(log_html([], height, _(EMPTY)))
        self.picture = widgets.HTML("")
        self._wire()
        super().__init__([widgets.HTML(STYLE), widgets.HBox([self.input, self.run_button]),
                          self.output, widgets.HBox([self.clear_button, self.picture_toggle]),
                          self.picture])
        self.add_class("coursekit-console")
        self._refresh_picture()

    def summary(self) -> str:
        return _("A command console for the lab (run this cell to open it, then type a line)")

    def static_html(self) -> str:
        example = html.escape(self.input.placeholder)
        return _("<b>Command console</b>: type a command line (for example "
                 "<code>{example}</code>) and press Enter. It runs in the lab, as a cell's "
                 "<code>lab.sh(...)</code> would, and its output appears here, newest "
                 "last.").format(example=example)

    def _wire(self) -> None:
        self.input.observe(self._committed, "value")
        self.run_button.on_click(lambda _b: self._run_box())
        self.clear_button.on_click(lambda _b: self.clear())
        self.picture_toggle.observe(lambda _c: self._refresh_picture(), "value")

    # -- actions ---------------------------------------------------------------------------

    def run(self, line: str) -> CommandResult:
        """Run ``line`` in the lab, add it to the output; returns its result (never raises)."""
        line = line.strip()
        try:
            result: CommandResult = self.lab.sh(line)
        except Exception as exc:  # Lab.sh never raises; a lab-like object might
            result = failure(exc)
        self.entries = [*self.entries, (line, result)][-self.keep:]
        self.output.value = log_html(self.entries, self.height, _(EMPTY))
        self._refresh_picture()
        return result

    def clear(self) -> None:
        """Empty the output (the lab keeps its state; the picture stays)."""
        self.entries = []
        self.output.value = log_html([], self.height, _(EMPTY))

    # -- handlers --------------------------------------------------------------------------

    def _committed(self, change: dict[str, Any]) -> None:
        if str(change["new"]).strip():
            self._run_box()

    def _run_box(self) -> None:
        line = self.input.value
        if not line.strip():
            return
        self.run(line)
        self.input.value = ""  # ready for the next line (an empty value runs nothing)

    def _refresh_picture(self) -> None:
        self.picture.value = picture_html(self.lab) if self.picture_toggle.value else ""
