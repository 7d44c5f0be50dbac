"""Quiz widgets: one per question type, with feedback at once, retry and a hint.

:func:`question_widget` builds the widget for a question's type; the lesson's
quiz with its score (``quiz("01-basics", lab=lab)``) is in :mod:`.progress_widget`.
Every widget is plain ipywidgets: real buttons, radio buttons, checkboxes and text
boxes, so it is operated by keyboard (Tab, Space, arrows; Enter in a text box checks
the answer), and styled with JupyterLab's CSS variables (``var(--jp-ui-font-color1)``),
so it follows the light and dark themes. No JavaScript is run. Feedback is an HTML ``role="status"``
region: screen readers announce it, and tests read it from ``.feedback.value``.

A wrong answer offers "Try again" and "Show explanation"; a right one shows the
explanation. Predict-the-output questions run the command in the lab after the
learner has committed to a prediction, so they cannot be retried once the lab has
answered. Lab tasks are checked as often as the learner likes. In instructor mode
(``coursekit reveal on``) every question also shows its answer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from coursekit.quiz.check import (
    Feedback,
    answer_text,
    check_multiple,
    check_numeric,
    check_prediction,
    check_short,
    check_single,
)
from coursekit.quiz.model import (
    LabTask,
    MultipleChoice,
    Numeric,
    PredictOutput,
    Question,
    ShortAnswer,
    SingleChoice,
)
from coursekit.quiz.tasks import LabLike, run_task

OnAnswer = Callable[[Question, Any, Feedback], None]
STYLE = """<style>
.coursekit-quiz .widget-checkbox, .coursekit-quiz .widget-radio-box { height: auto; }
.coursekit-quiz .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start;
  height: auto; line-height: 1.4; padding: 3px 0; }
.coursekit-quiz .widget-checkbox input[type="checkbox"] { align-self: flex-start;
  margin-top: 0.25em; }
.coursekit-quiz .widget-html-content { line-height: 1.4; }
.coursekit-quiz .widget-checkbox .widget-label-basic span { white-space: normal;
  overflow: visible; text-overflow: clip; }
.coursekit-quiz .widget-radio-box label { display: flex; flex-direction: row-reverse;
  justify-content: flex-end; align-items: baseline; height: auto; line-height: 1.4;
  white-space: normal; padding: 3px 0; }
.coursekit-quiz .widget-checkbox input, .coursekit-quiz .widget-radio-box input {
  flex: none; height: auto; }
.coursekit-quiz code { background: var(--jp-layout-color2, #eee); padding: 0 2px; }
</style>"""
"""Lets long choices wrap (ipywidgets cuts them with an ellipsis); CSS only, no script."""
_BOX = ("padding:4px 8px;margin:4px 0;line-height:1.4;color:var(--jp-ui-font-color1,inherit);"
        "background:var(--jp-layout-color2,transparent);white-space:pre-wrap;")
_VERDICT = {True: ("✓", "var(--jp-success-color1,#2e7d32)"),
            False: ("✗", "var(--jp-error-color1,#c62828)"),
            None: ("!", "var(--jp-warn-color1,#ef6c00)")}


def rich(text: str) -> str:
    """Bank text as HTML: escaped, `code` in backticks shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def feedback_html(fb: Feedback, explain: bool) -> str:
    """The feedback region for one verdict (explanation included when ``explain``)."""
    symbol, colour = _VERDICT[fb.correct if fb.counted else None]
    body = f'<span aria-hidden="true">{symbol}</span> {rich(fb.message)}'
    if explain and fb.explanation:
        body += f'<div class="coursekit-explanation"><b>Why:</b> {rich(fb.explanation)}</div>'
    return (f'<div role="status" aria-live="polite" class="coursekit-feedback" '
            f'style="{_BOX}border-left:4px solid {colour};">{body}</div>')


def _button(description: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=description, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


def _show(widget: widgets.DOMWidget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


class QuestionWidget(widgets.VBox):
    """Prompt, answer input, Check / Hint / Try again / Show explanation, feedback."""

    check_label = "Check"

    def __init__(self, question: Question, *, on_answer: OnAnswer | None = None,
                 reveal: bool = False) -> None:
        self.question = question
        self.on_answer = on_answer
        self.last: Feedback | None = None
        self.prompt = widgets.HTML(f'{STYLE}<div class="coursekit-prompt" style="color:'
                                   f'var(--jp-content-font-color1,inherit)">'
                                   f"{rich(question.prompt)}</div>")
        self.check_button = _button(self.check_label, "Check your answer", "primary")
        self.hint_button = _button("Hint", "Show a hint")
        self.retry_button = _button("Try again", "Clear the verdict and answer again")
        self.explain_button = _button("Show explanation", "Show why the answer is what it is")
        self.hint = widgets.HTML("")
        self.feedback = widgets.HTML("")
        self.reveal = widgets.HTML(self._reveal_html() if reveal else "")
        self._wire()
        super().__init__([self.prompt, self.reveal, *self._extra(), *self._inputs(), widgets.HBox(
            [self.check_button, self.hint_button, self.retry_button, self.explain_button]),
            self.hint, self.feedback])
        self.add_class("coursekit-quiz")
        self.layout.margin = "0 0 1.2em 0"  # questions apart from each other

    def _wire(self) -> None:
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.show_hint())
        self.retry_button.on_click(lambda _b: self.retry())
        self.explain_button.on_click(lambda _b: self.show_explanation())
        _show(self.hint_button, bool(self.question.hint))
        _show(self.retry_button, False)
        _show(self.explain_button, False)

    def _reveal_html(self) -> str:
        q = self.question
        return (f'<div class="coursekit-reveal" style="{_BOX}border:1px dashed '
                f'var(--jp-border-color1,#999);"><b>Instructor view.</b> Answer: '
                f"{rich(answer_text(q))}\n{rich(q.explanation)}</div>")

    # -- actions ---------------------------------------------------------------------------

    def check(self) -> Feedback | None:
        """Judge the current answer, show the verdict, report it to ``on_answer``.

        Does nothing (returns None) while the verdict stands (Check disabled): a click
        that was on its way when a text box already committed must not count twice.
        """
        if self.check_button.disabled:
            return None
        answer = self._answer()
        fb = self._judge(answer)
        self.last = fb
        note = self._report(answer, fb) if fb.counted else ""
        self.feedback.value = feedback_html(
            Feedback(fb.correct, fb.message + note, fb.explanation, fb.counted),
            explain=fb.correct or self._final(fb))
        if fb.counted:
            self._after(fb)
        return fb

    def _report(self, answer: Any, fb: Feedback) -> str:
        if self.on_answer is None:
            return ""
        try:
            self.on_answer(self.question, answer, fb)
        except Exception as exc:  # a full disk must not break the quiz
            return f"\n(Your answer could not be saved: {exc})"
        return ""

    def _final(self, fb: Feedback) -> bool:
        """True when no retry follows this verdict (so the explanation shows at once)."""
        return False

    def _after(self, fb: Feedback) -> None:
        self._lock(True)
        self.check_button.disabled = True
        _show(self.retry_button, not fb.correct)
        _show(self.explain_button, not fb.correct)

    def retry(self) -> None:
        """Clear the verdict and the answer, and let the learner answer again."""
        self._lock(False)
        self._clear()
        self.check_button.disabled = False
        self.feedback.value = ""
        _show(self.retry_button, False)
        _show(self.explain_button, False)

    def show_hint(self) -> None:
        self.hint.value = (f'<div class="coursekit-hint" style="{_BOX}border-left:4px solid '
                           f'var(--jp-info-color1,#0277bd);"><b>Hint:</b> '
                           f"{rich(self.question.hint)}</div>")

    def show_explanation(self) -> None:
        if self.last is not None:
            self.feedback.value = feedback_html(self.last, explain=True)
        _show(self.explain_button, False)

    # -- per type --------------------------------------------------------------------------

    def _extra(self) -> list[widgets.Widget]:
        """Shown between the prompt and the inputs."""
        return []

    def _inputs(self) -> list[widgets.Widget]:
        return []

    def _answer(self) -> Any:
        return None

    def _judge(self, answer: Any) -> Feedback:
        raise NotImplementedError

    def _lock(self, locked: bool) -> None:
        for w in self._inputs():
            w.disabled = locked

    def _clear(self) -> None:
        """Forget the answer typed or picked (text stays, to fix a typo)."""


class SingleChoiceWidget(QuestionWidget):
    """Radio buttons: pick one."""

    def __init__(self, question: SingleChoice, **kw: Any) -> None:
        self.options = widgets.RadioButtons(options=[c.text for c in question.choices],
                                            value=None, layout=widgets.Layout(width="100%"))
        super().__init__(question, **kw)

    def _inputs(self) -> list[widgets.Widget]:
        return [self.options]

    def _answer(self) -> Any:
        return self.options.value

    def _judge(self, answer: Any) -> Feedback:
        assert isinstance(self.question, SingleChoice)
        return check_single(self.question, answer)

    def _clear(self) -> None:
        self.options.value = None


class MultipleChoiceWidget(QuestionWidget):
    """Checkboxes: tick every right one."""

    def __init__(self, question: MultipleChoice, **kw: Any) -> None:
        self.boxes = [widgets.Checkbox(value=False, description=c.text, indent=False,
                                       layout=widgets.Layout(width="100%"))
                      for c in question.choices]
        super().__init__(question, **kw)

    def _inputs(self) -> list[widgets.Widget]:
        return list(self.boxes)

    def _answer(self) -> Any:
        return sorted(b.description for b in self.boxes if b.value)

    def _judge(self, answer: Any) -> Feedback:
        assert isinstance(self.question, MultipleChoice)
        return check_multiple(self.question, answer)

    def _clear(self) -> None:
        for box in self.boxes:
            box.value = False


class TextAnswerWidget(QuestionWidget):
    """A text box; Enter checks the answer.

    The box syncs its value only when the learner commits it (``continuous_update``
    off: Enter, or leaving the box), and a committed non-empty value is checked. The
    browser's separate "submit" message is not used: it can overtake the value still
    buffered in the front end, so it would check a half-typed answer.
    """

    label = "Answer:"

    def __init__(self, question: Question, **kw: Any) -> None:
        self.text = widgets.Text(value="", description=self.label, continuous_update=False,
                                 placeholder=self._placeholder(question),
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="min(100%, 32em)"))
        self.text.observe(self._committed, "value")
        super().__init__(question, **kw)

    def _placeholder(self, question: Question) -> str:
        kind = getattr(question, "kind", "text")
        return {"ip": "e.g. 10.0.0.5", "cidr": "e.g. 10.0.0.0/24"}.get(kind, "type, then Enter")

    def _committed(self, change: dict[str, Any]) -> None:
        if str(change["new"]).strip():
            self.check()

    def _inputs(self) -> list[widgets.Widget]:
        return [self.text]

    def _answer(self) -> Any:
        return self.text.value

    def _judge(self, answer: Any) -> Feedback:
        if isinstance(self.question, ShortAnswer):
            return check_short(self.question, answer)
        assert isinstance(self.question, Numeric)
        return check_numeric(self.question, answer)


class PredictWidget(TextAnswerWidget):
    """Predict, then the lab runs the command and the two are compared."""

    label = "Your prediction:"
    check_label = "Run it and compare"

    def __init__(self, question: PredictOutput, *, lab: LabLike | None = None,
                 **kw: Any) -> None:
        self.lab = lab
        self.setup_done = False
        self.command = widgets.HTML(f"<pre style=\"{_BOX}\">$ {html.escape(question.command)}"
                                    "</pre>")
        super().__init__(question, **kw)
        if lab is None:
            self.check_button.disabled = True
            self.feedback.value = feedback_html(Feedback(False, "This question needs a lab: "
                                                "quiz(..., lab=lab).", counted=False), False)

    def _extra(self) -> list[widgets.Widget]:
        return [self.command]

    def _answer(self) -> Any:
        return {"prediction": self.text.value}

    def _judge(self, answer: Any) -> Feedback:
        assert isinstance(self.question, PredictOutput) and self.lab is not None
        if not str(answer["prediction"]).strip():
            return Feedback(False, "Type your prediction first (or `nothing`).", counted=False)
        note = "" if self.setup_done else self._run_setup()
        result = self.lab.sh(self.question.command)
        answer["actual"] = result.output
        fb = check_prediction(self.question, answer["prediction"], result)
        self.setup_done = fb.counted  # a lab that could not answer is set up again
        if not fb.counted and note:
            return Feedback(False, f"{fb.message}\n{note}", fb.explanation, counted=False)
        return fb

    def _run_setup(self) -> str:
        """Run the setup lines; the last one that failed, as a note (cleanups may fail)."""
        assert isinstance(self.question, PredictOutput) and self.lab is not None
        note = ""
        for line in self.question.setup:
            result = self.lab.sh(line)
            if result.exit_code:
                first = (result.stderr.strip().splitlines() or [""])[0]
                note = f"(While setting up, `{line}` said: {first})"
        return note

    def _final(self, fb: Feedback) -> bool:
        return True

    def _after(self, fb: Feedback) -> None:
        self._lock(True)
        self.check_button.disabled = True


class LabTaskWidget(QuestionWidget):
    """Change the lab, then "Check my lab" as often as needed."""

    check_label = "Check my lab"

    def __init__(self, question: LabTask, *, lab: LabLike | None = None, **kw: Any) -> None:
        self.lab = lab
        super().__init__(question, **kw)
        if lab is None:
            self.check_button.disabled = True

    def _judge(self, answer: Any) -> Feedback:
        assert isinstance(self.question, LabTask)
        if self.lab is None:
            return Feedback(False, "This task needs a lab: quiz(..., lab=lab).", counted=False)
        return run_task(self.lab, self.question)

    def _after(self, fb: Feedback) -> None:
        """Nothing to lock: the learner changes the lab and checks again."""


def question_widget(question: Question, *, lab: LabLike | None = None,
                    on_answer: OnAnswer | None = None, reveal: bool = False) -> QuestionWidget:
    """The widget for ``question``'s type."""
    kw: dict[str, Any] = {"on_answer": on_answer, "reveal": reveal}
    if isinstance(question, SingleChoice):
        return SingleChoiceWidget(question, **kw)
    if isinstance(question, MultipleChoice):
        return MultipleChoiceWidget(question, **kw)
    if isinstance(question, (ShortAnswer, Numeric)):
        return TextAnswerWidget(question, **kw)
    if isinstance(question, PredictOutput):
        return PredictWidget(question, lab=lab, **kw)
    return LabTaskWidget(question, lab=lab, **kw)

