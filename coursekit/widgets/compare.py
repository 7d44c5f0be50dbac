"""The four network modes, one at a time: picture, description and what the mode gives.

``ModeComparison()`` shows toggle buttons bridge | host | none | container. Each
mode runs the same small scenario on a fresh lab (:data:`coursekit.scenarios.MODES`:
a web server ``web`` with ``-p 8080:80`` and a ``client`` beside it) and shows the
commands, a short plain explanation of what a container gets in that mode, and the
topology picture with its description (:class:`TopologyPicture`). A mode is run and
drawn the first time it is shown, then kept. ``lab_factory`` makes the labs (default:
the simulator, :func:`coursekit.scenarios.sim_lab`); each lab is reset after its
snapshot (:func:`coursekit.scenarios.play_fresh`).

Saved in a notebook, it reads as the four modes' explanations and commands, without
pictures (:mod:`coursekit.widgets.saved`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.result import BOX, pre
from coursekit.scenarios.modes import MODES, LabFactory, play_fresh, sim_lab
from coursekit.viz.picture import TopologyPicture
from coursekit.widgets.saved import Readable
from coursekit.widgets.terminal import rich

EXPLAIN = {
    "bridge": N_("Each container gets its own network namespace: an `eth0` with its own IP "
                 "address on 172.17.0.0/16, cabled by a veth pair to the `docker0` bridge on "
                 "the host.\n`-p 8080:80` publishes the container's port 80 on the host's port "
                 "8080."),
    "host": N_("The container gets no network namespace of its own: it uses the host's stack, "
               "its interfaces and its IP addresses. No `eth0`, no veth, no IP of its own.\n"
               "`-p` is ignored (with a warning): the server binds the host's port 80 "
               "directly."),
    "none": N_("The container gets its own network namespace with only the loopback `lo` "
               "(127.0.0.1): no `eth0`, no route out, no way in.\n"
               "`-p` is accepted but publishes nothing."),
    "container": N_("`client` gets no namespace of its own: it joins `web`'s, the owner's. Both "
                    "see the same `eth0`, the same IP and ports; `localhost` is shared.\n"
                    "Only the owner can publish ports: `-p` on `client` would be refused."),
}
"""Two or three plain lines per mode: what the container gets (English; shown translated)."""
_TEXT = "line-height:1.45;color:var(--jp-content-font-color1,inherit);"


class ModeComparison(Readable, widgets.VBox):
    """``ModeComparison(lab_factory=None)``: bridge, host, none and container, one at a time."""

    run_note = N_("Run this cell to switch between the modes and see each one's picture.")

    def __init__(self, lab_factory: LabFactory | None = None) -> None:
        self.lab_factory = lab_factory or sim_lab
        self.scenarios = {scenario.name: scenario for scenario in MODES}
        self.commands = {mode: s.lines for mode, s in self.scenarios.items()}
        self.titles = {mode: s.title for mode, s in self.scenarios.items()}
        self.pictures: dict[str, TopologyPicture] = {}
        self.modes = widgets.ToggleButtons(
            options=list(self.commands), value="bridge", description=_("Mode:"),
            tooltips=[_(self.titles[m]) for m in self.commands],
            style={"description_width": "initial", "button_width": "auto"})
        self.explanation = widgets.HTML("")
        self.picture = widgets.HTML("")
        self.modes.observe(lambda _c: self.show(self.modes.value), "value")
        super().__init__([self.modes, self.explanation, self.picture])
        self.add_class("coursekit-modes")
        self.show("bridge")

    def summary(self) -> str:
        return _("The network modes side by side: {modes} (run this cell to switch between "
                 "them)").format(modes=", ".join(self.commands))

    def static_html(self) -> str:
        return "".join(self.mode_html(mode) for mode in self.commands)

    def show(self, mode: str) -> None:
        """Show ``mode`` (running and drawing it the first time)."""
        if self.modes.value != mode:
            self.modes.value = mode  # the observer comes back here
            return
        self.explanation.value = self.mode_html(mode)
        self.picture.value = self._picture_html(mode)

    def mode_html(self, mode: str) -> str:
        """``mode``'s title, what a container gets in it, and the scenario's commands."""
        commands = "\n".join(f"$ {line}" for line in self.commands[mode])
        return (f'<div class="coursekit-mode" style="{_TEXT}"><h4 style="margin:0.4em 0">'
                f"{html.escape(_(self.titles[mode]))}</h4>{rich(_(EXPLAIN[mode]))}"
                f'<div style="{BOX}">{pre(commands, "coursekit-line")}</div></div>')

    def topology_picture(self, mode: str) -> TopologyPicture:
        """``mode``'s picture: its scenario run once on a fresh lab (then kept)."""
        if mode not in self.pictures:
            topology = play_fresh(self.scenarios[mode], self.lab_factory)
            self.pictures[mode] = TopologyPicture(topology)
        return self.pictures[mode]

    def _picture_html(self, mode: str) -> str:
        try:
            return self.topology_picture(mode).html()
        except Exception as exc:  # no engine, no matplotlib: say so, keep the buttons working
            said = _("No picture for {mode}: {error}").format(
                mode=mode, error=f"{type(exc).__name__}: {exc}")
            return f'<p role="status" style="{_TEXT}">{html.escape(said)}</p>'
