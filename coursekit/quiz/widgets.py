"""Quiz widgets: one per question type, with feedback at once, retry and a hint.

:func:`question_widget` builds the widget for a question's type; the lesson's
quiz with its score (``quiz("01-basics", lab=lab)``) is in :mod:`.progress_widget`.
Each is a :class:`~coursekit.quiz.widget_base.QuestionWidget` (the prompt, the buttons
and the feedback region, keyboard-operable and themed) with its own inputs.

Predict-the-output questions run the command in the lab after the learner has
committed to a prediction, so they cannot be retried once the lab has answered. Lab
tasks are checked as often as the learner likes. Both probe the lab without leaving
anything behind in it (see :mod:`coursekit.quiz.tasks.scratch`).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.quiz.check import (
    Feedback,
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
from coursekit.quiz.tasks import LabLike, Refused, predict_run, run_task
from coursekit.quiz.widget_base import BOX, OnAnswer, QuestionWidget, feedback_html

PLACEHOLDERS = {"ip": N_("e.g. 10.0.0.5"), "cidr": N_("e.g. 10.0.0.0/24")}
"""What a text box shows before the learner types, by the question's kind."""
TYPE_THEN_ENTER = N_("type, then Enter")


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

    label = N_("Answer:")

    def __init__(self, question: Question, **kw: Any) -> None:
        self.text = widgets.Text(value="", description=_(self.label), continuous_update=False,
                                 placeholder=self._placeholder(question),
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="min(100%, 32em)"))
        self.text.observe(self._committed, "value")
        super().__init__(question, **kw)

    def _placeholder(self, question: Question) -> str:
        kind = getattr(question, "kind", "text")
        return _(PLACEHOLDERS.get(kind, TYPE_THEN_ENTER))

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
    """Predict, then the lab runs the command and the two are compared.

    The setup and the command run in a scratch lab (:mod:`coursekit.quiz.tasks.scratch`):
    a copy of a simulated lab, or on a real engine the learner's lab with exactly what
    the setup made removed afterwards, so pressing the button changes nothing there.
    """

    label = N_("Your prediction:")
    check_label = N_("Run it and compare")

    def __init__(self, question: PredictOutput, *, lab: LabLike | None = None,
                 **kw: Any) -> None:
        self.lab = lab
        self.command = widgets.HTML(f"<pre style=\"{BOX}\">$ {html.escape(question.command)}"
                                    "</pre>")
        super().__init__(question, **kw)
        if lab is None:
            self.check_button.disabled = True
            self.feedback.value = feedback_html(Feedback(False, _(
                "This question needs a lab: quiz(..., lab=lab)."), counted=False), False)

    def _extra(self) -> list[widgets.Widget]:
        return [self.command]

    def _answer(self) -> Any:
        return {"prediction": self.text.value}

    def _judge(self, answer: Any) -> Feedback:
        q = self.question
        assert isinstance(q, PredictOutput) and self.lab is not None
        if not str(answer["prediction"]).strip():
            return Feedback(False, _("Type your prediction first (or `nothing`)."),
                            counted=False)
        try:
            result, note = predict_run(self.lab, q.setup, q.command)
        except Refused as exc:
            return Feedback(False, str(exc), counted=False)
        answer["actual"] = result.output
        fb = check_prediction(q, answer["prediction"], result)
        if not fb.counted and note:
            return Feedback(False, f"{fb.message}\n{note}", fb.explanation, counted=False)
        return fb

    def _final(self, fb: Feedback) -> bool:
        return True

    def _after(self, fb: Feedback) -> None:
        self._lock(True)
        self.check_button.disabled = True


class LabTaskWidget(QuestionWidget):
    """Change the lab, then "Check my lab" as often as needed."""

    check_label = N_("Check my lab")

    def __init__(self, question: LabTask, *, lab: LabLike | None = None, **kw: Any) -> None:
        self.lab = lab
        super().__init__(question, **kw)
        if lab is None:
            self.check_button.disabled = True

    def _judge(self, answer: Any) -> Feedback:
        assert isinstance(self.question, LabTask)
        if self.lab is None:
            return Feedback(False, _("This task needs a lab: quiz(..., lab=lab)."),
                            counted=False)
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

