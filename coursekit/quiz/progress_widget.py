"""The learner's progress: a lesson's quiz under its score, and a bar per lesson.

``quiz("01-basics", lab=lab)`` shows a lesson's questions (or ``quiz("01-basics",
"first-container-ip", lab=lab)`` just some) under the lesson's score, and records
every counted answer in the learner's store (:mod:`.progress`).

``progress_widget()`` (``coursekit.quiz.show_progress()``) shows every lesson of the
course (the banks in :func:`coursekit.quiz.bank.bank_dirs`) as one bar: right at the
first attempt, right after retrying, tried but not right yet, not tried. The bars are
HTML coloured with JupyterLab's theme variables, with the same numbers written beside
each bar, so the chart reads in light and dark themes, in a screen reader and in a
test (``widget.chart.value``). "Refresh" reads the store again. ``coursekit progress``
prints the same numbers in a terminal.

Saved in a notebook, both read without a kernel (:mod:`coursekit.widgets.saved`): a
lesson's quiz as its questions and choices (no score, no answers), the progress as the
lessons it covers; each says that running the cell brings it to life.
"""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from coursekit.i18n import N_, _
from coursekit.quiz.attempts import Attempt, QuestionSummary, summarise_questions
from coursekit.quiz.bank import BankError, bank_dirs, load_bank, load_lesson
from coursekit.quiz.check import Feedback
from coursekit.quiz.model import Question, QuestionBank
from coursekit.quiz.progress import Progress, instructor_mode, now
from coursekit.quiz.tasks import LabLike
from coursekit.quiz.widget_base import STYLE, question_html, rich
from coursekit.quiz.widgets import question_widget
from coursekit.widgets.saved import Readable

_SEGMENTS = (("first_try", "var(--jp-success-color1,#2e7d32)", N_("right at the first attempt")),
             ("later", "var(--jp-warn-color1,#ef6c00)", N_("right after retrying")),
             ("trying", "var(--jp-error-color1,#c62828)", N_("not right yet")))


@dataclass(frozen=True)
class Score:
    """How far a learner is in one lesson (``total`` is 0 when the bank is unknown)."""

    lesson: str
    title: str
    total: int
    answered: int
    right: int
    first_try: int

    @property
    def later(self) -> int:
        return self.right - self.first_try

    @property
    def trying(self) -> int:
        return self.answered - self.right

    def text(self) -> str:
        if not self.answered:
            return _("not started ({total} questions)").format(total=self.total)
        said = _("{right} of {total} right ({first} at the first attempt)") if self.total \
            else _("{right} right ({first} at the first attempt)")
        return said.format(right=self.right, total=self.total, first=self.first_try)


def score(lesson: str, questions: list[QuestionSummary],
          bank: QuestionBank | None = None) -> Score:
    """The score of ``lesson`` from its question summaries (only the bank's ids count)."""
    ids = set(bank.ids) if bank else None
    mine = [q for q in questions if q.lesson == lesson and (ids is None or q.question_id in ids)]
    return Score(lesson, bank.title if bank else "", len(bank) if bank else 0, len(mine),
                 sum(q.correct for q in mine), sum(q.first_try for q in mine))


def course_banks() -> list[QuestionBank]:
    """Every lesson's bank, from the first folder of :func:`bank_dirs` holding any."""
    for folder in bank_dirs():
        files = sorted(Path(folder).glob("*.json")) if Path(folder).is_dir() else []
        banks = [b for b in map(_try_load, files) if b is not None]
        if banks:
            return banks
    return []


def _try_load(path: Path) -> QuestionBank | None:
    try:
        return load_bank(path)
    except (BankError, OSError):
        return None


def scores(progress: Progress, banks: list[QuestionBank]) -> list[Score]:
    """A score per lesson: every bank, then lessons answered that have no bank."""
    questions = progress.questions()
    known = {b.lesson for b in banks}
    extra = sorted({q.lesson for q in questions} - known)
    return [score(b.lesson, questions, b) for b in banks] + [score(x, questions) for x in extra]


def bar_html(s: Score) -> str:
    """One lesson's bar: coloured segments in proportion, the numbers as text beside it."""
    whole = max(s.total, s.answered, 1)
    parts = "".join(f'<div title="{getattr(s, key)} {html.escape(_(name))}" style="width:'
                    f'{100 * getattr(s, key) / whole:.1f}%;background:{colour};"></div>'
                    for key, colour, name in _SEGMENTS if getattr(s, key))
    return ('<div aria-hidden="true" style="display:flex;height:0.9em;width:100%;'
            'background:var(--jp-layout-color3,#ddd);border-radius:2px;overflow:hidden;">'
            f"{parts}</div>")


def chart_html(all_scores: list[Score]) -> str:
    """The whole chart: a table, a row per lesson (name, bar, numbers)."""
    cell = "padding:2px 8px;color:var(--jp-ui-font-color1,inherit);"
    rows = "".join(f'<tr><th scope="row" style="{cell}text-align:left;font-weight:normal">'
                   f"{s.lesson}</th><td style=\"{cell}width:40%\">{bar_html(s)}</td>"
                   f'<td style="{cell}">{s.text()}</td></tr>' for s in all_scores)
    legend = " · ".join(f'<span style="color:{c}" aria-hidden="true">■</span> '
                        f"{html.escape(_(name))}" for _k, c, name in _SEGMENTS)
    if not rows:
        none = html.escape(_("No lessons found."))
        return f'<p style="color:var(--jp-ui-font-color2,inherit)">{none}</p>'
    caption = html.escape(_("Your progress per lesson"))
    return (f'<table class="coursekit-progress" style="width:100%;border-collapse:collapse">'
            f'<caption style="text-align:left;{cell}">{caption}</caption>'
            f"{rows}</table><div style=\"{cell}font-size:90%\">{legend}</div>")


class ProgressWidget(Readable, widgets.VBox):
    """A bar per lesson, and a Refresh button that reads the store again."""

    run_note = N_("Run this cell to see your score in each lesson.")

    def __init__(self, progress: Progress, banks: list[QuestionBank]) -> None:
        self.run_note = _(type(self).run_note)
        self.progress = progress
        self.banks = banks
        self.chart = widgets.HTML("")
        self.refresh_button = widgets.Button(description=_("Refresh"), tooltip=_("Read again"),
                                             layout=widgets.Layout(width="auto",
                                                                   align_self="flex-start"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.chart, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        self.chart.value = chart_html(scores(self.progress, self.banks))

    def summary(self) -> str:
        said = _("Your progress in {n} lesson (run this cell to see it)") \
            if len(self.banks) == 1 else \
            _("Your progress in {n} lessons (run this cell to see it)")
        return said.format(n=len(self.banks))

    def static_html(self) -> str:
        names = _(", ").join(rich(b.title or b.lesson) for b in self.banks)
        return _("<b>Your progress per lesson</b>: {lessons}.").format(
            lessons=names or html.escape(_("no lessons found")))


def progress_widget(progress: Progress | None = None,
                    banks: list[QuestionBank] | None = None) -> ProgressWidget:
    """The learner's progress over the course (``coursekit progress`` in a notebook)."""
    return ProgressWidget(progress or Progress(), course_banks() if banks is None else banks)


class LessonQuiz(Readable, widgets.VBox):
    """A lesson's questions under its score; every counted answer goes to the store.

    The score is the lesson's, over all its questions and all sessions (it is read
    from the progress store), even when this cell shows only some questions.
    """

    run_note = N_("Run this cell to answer.")

    def __init__(self, bank: QuestionBank, questions: list[Question], *,
                 lab: LabLike | None = None, progress: Progress | None = None,
                 reveal: bool = False) -> None:
        self.run_note = _(type(self).run_note)
        self.bank = bank
        self.progress = progress
        self.session: list[Attempt] = []  # used when there is no store
        self.score = widgets.HTML("")
        self.items = [question_widget(q, lab=lab, on_answer=self._answered, reveal=reveal)
                      for q in questions]
        super().__init__([self.score, *self.items])
        self.add_class("coursekit-quiz")
        self.refresh_score()

    def _answered(self, question: Question, answer: Any, fb: Feedback) -> None:
        try:
            if self.progress is None:
                self.session.append(Attempt(self.bank.lesson, question.id, answer,
                                            fb.correct, now(), str(len(self.session))))
            else:
                self.progress.record(self.bank.lesson, question.id, answer, fb.correct)
        finally:
            self.refresh_score()

    def current(self) -> Score:
        """The lesson's score now."""
        attempts = self.progress.attempts(self.bank.lesson) if self.progress else self.session
        return score(self.bank.lesson, summarise_questions(attempts), self.bank)

    def summary(self) -> str:
        title = plain_title(self.bank)
        said = _('Quiz "{title}": {n} question (run this cell to answer)') \
            if len(self.items) == 1 else \
            _('Quiz "{title}": {n} questions (run this cell to answer)')
        return said.format(title=title, n=len(self.items))

    def static_html(self) -> str:
        items = "".join(f"<li>{question_html(w.question)}</li>" for w in self.items)
        head = _("Quiz: {title}").format(title=plain_title(self.bank))
        return (f"<b>{rich(head)}</b>"
                f'<ol style="margin:0.3em 0;padding-left:1.6em;">{items}</ol>')

    def refresh_score(self) -> None:
        s = self.current()
        title = rich(plain_title(self.bank))
        said = _("score: {score}") if self.progress else \
            _("score: {score} (not saved: no progress store)")
        self.score.value = (f'{STYLE}<div class="coursekit-score" style="color:var('
                            f'--jp-ui-font-color1,inherit)"><b>{title}</b> · '
                            f"{html.escape(said.format(score=s.text()))}</div>")


def plain_title(bank: QuestionBank) -> str:
    """The lesson's title, or its name when the bank has none."""
    return bank.title or bank.lesson


def quiz(lesson: str, *ids: str, lab: LabLike | None = None, progress: Progress | None = None,
         reveal: bool | None = None) -> LessonQuiz:
    """The questions ``ids`` (all when none) of ``lesson``'s bank, with the lesson's score.

    ``progress`` defaults to the learner's store (``Progress()``); ``reveal`` to
    :func:`coursekit.quiz.progress.instructor_mode`.
    """
    bank = load_lesson(lesson)
    chosen = [bank.get(i) for i in ids] if ids else list(bank)
    if progress is None:
        progress = _default_store()
    show = instructor_mode() if reveal is None else reveal
    return LessonQuiz(bank, chosen, lab=lab, progress=progress, reveal=show)


def _default_store() -> Progress | None:
    try:
        return Progress()
    except (OSError, sqlite3.Error):  # a read-only home: the quiz still works
        return None
