"""What every quiz widget has: prompt, Check / Hint / Try again / Show explanation, feedback.

:class:`QuestionWidget` is the frame each question type fills in (its inputs, how an
answer is read and judged, what locks after a verdict; :mod:`coursekit.quiz.widgets`).
Every widget is plain ipywidgets: real buttons, radio buttons, checkboxes and text
boxes, so it is operated by keyboard (Tab, Space, arrows; Enter in a text box checks
the answer), and styled with JupyterLab's CSS variables (``var(--jp-ui-font-color1)``),
so it follows the light and dark themes. No JavaScript is run. Feedback is an HTML ``role="status"``
region: screen readers announce it, and tests read it from ``.feedback.value``.

A wrong answer offers "Try again" and "Show explanation"; a right one shows the
explanation. In instructor mode (``coursekit reveal on``) every question also shows
its answer.

Saved in a notebook, a question reads as :func:`question_html`: its prompt, its
command or choices and what the learner is to give, then "Run this cell to answer."
(never its answer; see :mod:`coursekit.widgets.saved`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.quiz.check import Feedback, answer_text
from coursekit.quiz.model import Question
from coursekit.result import BOX as TERMINAL
from coursekit.result import pre
from coursekit.widgets.saved import Readable

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
BOX = ("padding:4px 8px;margin:4px 0;line-height:1.4;color:var(--jp-ui-font-color1,inherit);"
        "background:var(--jp-layout-color2,transparent);white-space:pre-wrap;")
_VERDICT = {True: ("✓", "var(--jp-success-color1,#2e7d32)"),
            False: ("✗", "var(--jp-error-color1,#c62828)"),
            None: ("!", "var(--jp-warn-color1,#ef6c00)")}


def rich(text: str) -> str:
    """Bank text as HTML: escaped, `code` in backticks shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


_ASK = {"single": N_("Pick one."), "multiple": N_("Tick every right one."),
        "short": N_("Type your answer."), "numeric": N_("Type a number."),
        "predict": N_("Predict what it prints; the lab then runs it, and the two are "
                      "compared."),
        "task": N_("Do it in your lab, then let the quiz check it.")}
_MARK = {"single": "○", "multiple": "☐"}
_LIST = "list-style:none;margin:0.3em 0;padding-left:0.4em;"


def question_html(question: Question) -> str:
    """The question before its cell runs: prompt, command or choices, what to give."""
    kind = question.TYPE
    parts = [f'<div class="coursekit-static-prompt">{rich(question.prompt)}</div>']
    command = getattr(question, "command", "")
    if command:
        parts.append(f'<div style="{TERMINAL}">{pre(f"$ {command}", "coursekit-line")}</div>')
    choices = getattr(question, "choices", ())
    if choices:
        items = "".join(f'<li style="margin:0.15em 0;">{_MARK[kind]} {rich(c.text)}</li>'
                        for c in choices)
        parts.append(f'<ul style="{_LIST}">{items}</ul>')
    unit = getattr(question, "unit", "")
    ask = _("Type a number ({unit}).").format(unit=unit) if unit else _(_ASK[kind])
    parts.append(f'<div style="opacity:0.75;">{html.escape(ask)}</div>')
    return f'<div class="coursekit-static-question" style="margin:0.3em 0;">{"".join(parts)}</div>'


def plain(text: str, limit: int = 100) -> str:
    """Bank text as one plain line: no backticks, at most ``limit`` characters."""
    line = " ".join(text.replace("`", "").split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def feedback_html(fb: Feedback, explain: bool) -> str:
    """The feedback region for one verdict (explanation included when ``explain``)."""
    symbol, colour = _VERDICT[fb.correct if fb.counted else None]
    body = f'<span aria-hidden="true">{symbol}</span> {rich(fb.message)}'
    if explain and fb.explanation:
        why = html.escape(_("Why:"))
        body += (f'<div class="coursekit-explanation"><b>{why}</b> '
                 f"{rich(fb.explanation)}</div>")
    return (f'<div role="status" aria-live="polite" class="coursekit-feedback" '
            f'style="{BOX}border-left:4px solid {colour};">{body}</div>')


def _button(description: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=description, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


def _show(widget: widgets.DOMWidget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


class QuestionWidget(Readable, widgets.VBox):
    """Prompt, answer input, Check / Hint / Try again / Show explanation, feedback."""

    check_label = N_("Check")
    run_note = N_("Run this cell to answer.")

    def __init__(self, question: Question, *, on_answer: OnAnswer | None = None,
                 reveal: bool = False) -> None:
        self.run_note = _(type(self).run_note)
        self.question = question
        self.on_answer = on_answer
        self.last: Feedback | None = None
        self.prompt = widgets.HTML(f'{STYLE}<div class="coursekit-prompt" style="color:'
                                   f'var(--jp-content-font-color1,inherit)">'
                                   f"{rich(question.prompt)}</div>")
        self.check_button = _button(_(self.check_label), _("Check your answer"), "primary")
        self.hint_button = _button(_("Hint"), _("Show a hint"))
        self.retry_button = _button(_("Try again"), _("Clear the verdict and answer again"))
        self.explain_button = _button(_("Show explanation"),
                                      _("Show why the answer is what it is"))
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

    def summary(self) -> str:
        return _("Quiz question: {prompt} (run this cell to answer)").format(
            prompt=plain(self.question.prompt))

    def static_html(self) -> str:
        return question_html(self.question)

    def _reveal_html(self) -> str:
        q = self.question
        view, answer = html.escape(_("Instructor view.")), html.escape(_("Answer:"))
        return (f'<div class="coursekit-reveal" style="{BOX}border:1px dashed '
                f'var(--jp-border-color1,#999);"><b>{view}</b> {answer} '
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
            return "\n" + _("(Your answer could not be saved: {error})").format(error=exc)
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
        hint = html.escape(_("Hint:"))
        self.hint.value = (f'<div class="coursekit-hint" style="{BOX}border-left:4px solid '
                           f'var(--jp-info-color1,#0277bd);"><b>{hint}</b> '
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
