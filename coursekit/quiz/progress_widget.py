"""The learner's progress at a glance: a score per lesson and a bar per lesson.

``progress_widget()`` shows every lesson of the course (the banks in
:func:`coursekit.quiz.model.bank_dirs`) as one bar: right at the first attempt, right
after retrying, tried but not right yet, not tried. The bars are HTML coloured with
JupyterLab's theme variables, with the same numbers written beside each bar, so the
chart reads in light and dark themes, in a screen reader and in a test
(``widget.chart.value``). "Refresh" reads the store again. ``coursekit progress``
prints the same numbers in a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from coursekit.quiz.model import BankError, QuestionBank, bank_dirs, load_bank
from coursekit.quiz.progress import Progress, QuestionSummary

_SEGMENTS = (("first_try", "var(--jp-success-color1,#2e7d32)", "right at the first attempt"),
             ("later", "var(--jp-warn-color1,#ef6c00)", "right after retrying"),
             ("trying", "var(--jp-error-color1,#c62828)", "not right yet"))


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
        of = f" of {self.total}" if self.total else ""
        return (f"{self.right}{of} right ({self.first_try} at the first attempt)"
                if self.answered else f"not started ({self.total} questions)")


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
    parts = "".join(f'<div title="{getattr(s, key)} {name}" style="width:'
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
    legend = " · ".join(f'<span style="color:{c}" aria-hidden="true">■</span> {name}'
                        for _k, c, name in _SEGMENTS)
    if not rows:
        return '<p style="color:var(--jp-ui-font-color2,inherit)">No lessons found.</p>'
    return (f'<table class="coursekit-progress" style="width:100%;border-collapse:collapse">'
            f'<caption style="text-align:left;{cell}">Your progress per lesson</caption>'
            f"{rows}</table><div style=\"{cell}font-size:90%\">{legend}</div>")


class ProgressWidget(widgets.VBox):
    """A bar per lesson, and a Refresh button that reads the store again."""

    def __init__(self, progress: Progress, banks: list[QuestionBank]) -> None:
        self.progress = progress
        self.banks = banks
        self.chart = widgets.HTML("")
        self.refresh_button = widgets.Button(description="Refresh", tooltip="Read again",
                                             layout=widgets.Layout(width="auto",
                                                                   align_self="flex-start"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.chart, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        self.chart.value = chart_html(scores(self.progress, self.banks))


def progress_widget(progress: Progress | None = None,
                    banks: list[QuestionBank] | None = None) -> ProgressWidget:
    """The learner's progress over the course (``coursekit progress`` in a notebook)."""
    return ProgressWidget(progress or Progress(), course_banks() if banks is None else banks)
