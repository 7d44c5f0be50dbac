"""The step player: walk through a lesson's commands one at a time, with the picture.

``StepPlayer(lab, "02-bridge")`` plays the steps of ``notebooks/steps/02-bridge.json``
(format in :mod:`coursekit.scenarios.steps`); ``StepPlayer(lab, [Step("docker
network ls", "Three networks exist from the start.")])`` plays a list. Each step shows
its explanation and its command; "Run this step" runs it in the lab and shows the
output as a terminal would, then the topology picture when the step asks for one.

Buttons: Previous, Run this step, Next, Run all, Reset lab. Running a step first runs
the earlier steps not run yet, so the lab is where the step expects it (the output
says so). "Run all" runs every step not run yet, with a progress bar and "Running
4/9" as it goes. A step may fail on purpose (to teach an error): its error is shown
and the player goes on. "Reset lab" empties the lab (``lab.reset()``) and goes back to
step 1. Nothing raises out of a button: a failure of ours shows as an error line.

Saved in a notebook, the player reads as its steps, each explanation with its command,
and says that running the cell plays them (:mod:`coursekit.widgets.saved`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.result import CommandResult
from coursekit.scenarios.steps import Step, StepList, StepsError, load_steps
from coursekit.viz.picture import TopologyPicture
from coursekit.widgets.console import button
from coursekit.widgets.saved import Readable
from coursekit.widgets.terminal import command_html, failure, result_html, rich

__all__ = ["Step", "StepList", "StepPlayer", "StepsError", "load_steps"]
_TEXT = "color:var(--jp-content-font-color1,inherit);line-height:1.45;"


@dataclass(frozen=True)
class Ran:
    """What running one step gave: its output, a note, and the topology right after."""

    result: CommandResult
    note: str = ""
    picture: TopologyPicture | None = None


def _step_list(steps: Sequence[Step] | StepList | str, title: str | None) -> StepList:
    if isinstance(steps, str):
        book = load_steps(steps)
    elif isinstance(steps, StepList):
        book = steps
    else:
        book = StepList("", "", tuple(steps))
    if not book.steps:
        raise StepsError("a step player needs at least one step")
    return StepList(book.lesson, book.title if title is None else title, book.steps)


class StepPlayer(Readable, widgets.VBox):
    """``StepPlayer(lab, steps, title=None)``: steps are a list of :class:`Step` or a lesson."""

    run_note = N_("Run this cell to play the steps in the lab, one at a time or all at once.")

    def __init__(self, lab: Any, steps: Sequence[Step] | StepList | str,
                 title: str | None = None) -> None:
        book = _step_list(steps, title)
        self.lab, self.steps, self.title = lab, book.steps, book.title
        self.position = 0
        self.ran: dict[int, Ran] = {}
        self.heading = widgets.HTML(f"<h3>{html.escape(self.title)}</h3>" if self.title else "")
        self.prev_button = button(_("Previous"), _("Go to the previous step"))
        self.run_button = button(_("Run this step"), _("Run this step's command in the lab"),
                                 "primary")
        self.next_button = button(_("Next"), _("Go to the next step"))
        self.run_all_button = button(_("Run all"), _("Run every step not run yet, in order"))
        self.reset_button = button(_("Reset lab"), _("Empty the lab and go back to step 1"),
                                   "warning")
        self.progress = widgets.IntProgress(value=0, min=0, max=len(self.steps),
                                            description=_("Running"), layout={"display": "none"})
        self.status = widgets.HTML("")
        self.label = widgets.HTML("")
        self.say = widgets.HTML("")
        self.terminal = widgets.HTML("")
        self.picture = widgets.HTML("")
        self._wire()
        super().__init__([self.heading, widgets.HBox(self.buttons), widgets.HBox(
            [self.progress, self.status]), self.label, self.say, self.terminal, self.picture])
        self.add_class("coursekit-steps")
        self._render()

    @property
    def buttons(self) -> list[widgets.Button]:
        return [self.prev_button, self.run_button, self.next_button, self.run_all_button,
                self.reset_button]

    def summary(self) -> str:
        if self.title:
            return _("A step player, {count} steps: {title} (run this cell to play "
                     "them)").format(count=len(self.steps), title=self.title)
        return _("A step player, {count} steps (run this cell to play them)").format(
            count=len(self.steps))

    def static_html(self) -> str:
        items = "".join(f'<li style="margin:0.4em 0;">{rich(s.say)}{command_html(s.command)}'
                        "</li>" for s in self.steps)
        count = len(self.steps)
        if self.title:
            head = _("<b>{title}</b>: {count} steps, each a command to run in the lab.").format(
                title=html.escape(self.title), count=count)
        else:
            head = _("{count} steps, each a command to run in the lab.").format(count=count)
        return f'{head}<ol style="margin:0.3em 0;padding-left:1.6em;">{items}</ol>'

    def _wire(self) -> None:
        self.prev_button.on_click(lambda _b: self.go(self.position - 1))
        self.next_button.on_click(lambda _b: self.go(self.position + 1))
        self.run_button.on_click(lambda _b: self.run_step())
        self.run_all_button.on_click(lambda _b: self.run_all())
        self.reset_button.on_click(lambda _b: self.reset())

    # -- actions ---------------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show step ``index`` (0-based; clamped to the steps there are)."""
        self.position = max(0, min(index, len(self.steps) - 1))
        self._render()

    def run_step(self) -> CommandResult:
        """Run the step shown (after any earlier step not run yet); returns its result."""
        todo = [k for k in range(self.position) if k not in self.ran]
        self._run([*todo, self.position])
        if todo:
            first = (_("(First ran steps {steps}, so the lab is where this step expects it.)")
                     if len(todo) > 1 else
                     _("(First ran step {steps}, so the lab is where this step expects it.)"))
            note = first.format(steps=_span(todo))
            ran = self.ran[self.position]
            self.ran[self.position] = replace(ran, note=f"{note} {ran.note}".strip())
        self._render()
        return self.ran[self.position].result

    def run_all(self) -> None:
        """Run every step not run yet, in order, showing progress; ends on the last one."""
        todo = [k for k in range(len(self.steps)) if k not in self.ran]
        if not todo:
            self.status.value = _status(_("Every step has run. Reset lab to play them again."))
            return
        self._run(todo)
        self.go(todo[-1])

    def reset(self) -> None:
        """Empty the lab (``lab.reset()``), forget every output, back to step 1."""
        try:
            self.lab.reset()
            self.status.value = _status(_("The lab is empty again: back to step 1."))
        except Exception as exc:  # an engine gone away: say so, keep the player usable
            self.status.value = _status(_("Could not reset the lab: {error}").format(
                error=f"{type(exc).__name__}: {exc}"))
        self.ran = {}
        self.go(0)

    # -- running ---------------------------------------------------------------------------

    def _run(self, indices: list[int]) -> None:
        """Run ``indices`` in order, buttons off, progress shown when there is more than one."""
        many = len(indices) > 1
        self._busy(True, len(indices) if many else 0)
        try:
            for done, k in enumerate(indices):
                if many:
                    self.progress.value = done
                    self.status.value = _status(_(
                        "Running {done}/{total}: step {number}, {command}").format(
                        done=done + 1, total=len(indices), number=k + 1,
                        command=self.steps[k].command))
                self.ran[k] = self._execute(self.steps[k])
            self.progress.value = len(indices)
            ran = _("Ran steps {steps}.") if many else _("Ran step {steps}.")
            self.status.value = _status(ran.format(steps=_span(indices)))
        finally:
            self._busy(False, 0)

    def _execute(self, step: Step) -> Ran:
        try:
            result = self.lab.sh(step.command)
        except Exception as exc:  # Lab.sh never raises; a lab-like object might
            result = failure(exc)
        if not step.picture:
            return Ran(result)
        try:
            return Ran(result, picture=TopologyPicture(self.lab.snapshot()))
        except Exception as exc:
            return Ran(result, note=_("(No picture: {error})").format(
                error=f"{type(exc).__name__}: {exc}"))

    def _busy(self, busy: bool, total: int) -> None:
        for b in self.buttons:
            b.disabled = busy
        self.progress.value = 0  # before max: a smaller max would clamp the value first
        self.progress.max = max(total, 1)
        self.progress.layout.display = None if total else "none"
        if not busy:
            self._enable()

    # -- display ---------------------------------------------------------------------------

    def _render(self) -> None:
        k, step = self.position, self.steps[self.position]
        where = _("Step {number} of {count}").format(number=k + 1, count=len(self.steps))
        self.label.value = (f'<div class="coursekit-position" style="{_TEXT}"><b>{where}</b>'
                            "</div>")
        self.say.value = f'<div class="coursekit-say" style="{_TEXT}">{rich(step.say)}</div>'
        ran = self.ran.get(k)
        self.terminal.value = (command_html(step.command) if ran is None
                               else result_html(step.command, ran.result, ran.note))
        self.picture.value = _picture(ran)
        self._enable()

    def _enable(self) -> None:
        self.prev_button.disabled = self.position == 0
        self.next_button.disabled = self.position == len(self.steps) - 1
        self.run_button.disabled = self.run_all_button.disabled = False
        self.reset_button.disabled = False


def _picture(ran: Ran | None) -> str:
    if ran is None or ran.picture is None:
        return ""
    try:
        return ran.picture.html()
    except Exception as exc:  # matplotlib missing or failing: the words still help
        return f"<pre>{html.escape(ran.picture.description)}</pre><p>({html.escape(str(exc))})</p>"


def _span(indices: list[int]) -> str:
    """Step numbers for people: ``[0, 1, 2]`` is "1–3", ``[4]`` is "5", ``[0, 2]`` "1, 3"."""
    first, last = indices[0] + 1, indices[-1] + 1
    if last - first + 1 != len(indices):
        return ", ".join(str(k + 1) for k in indices)
    return str(first) if first == last else f"{first}–{last}"


def _status(text: str) -> str:
    return f'<div role="status" aria-live="polite" style="{_TEXT}">{html.escape(text)}</div>'
