"""Quizzes, lab tasks and progress: questions from data, checked, shown, remembered.

In a notebook::

    from coursekit import Lab
    from coursekit.quiz import quiz, show_progress
    lab = Lab()
    quiz("01-basics", lab=lab)                        # the lesson's questions and score
    quiz("01-basics", "first-container-ip", lab=lab)  # one question, where it belongs
    show_progress()                                   # a bar per lesson

- :mod:`~coursekit.quiz.model`: the question types as frozen values.
- :mod:`~coursekit.quiz.bank`: the bank file format (its docstring), finding and loading.
- :mod:`~coursekit.quiz.check`: pure checking and normalisation -> :class:`Feedback`.
- :mod:`~coursekit.quiz.tasks`: lab-task checks reading ``lab.snapshot()`` and probing
  the lab, and the scratch lab predict questions set up in.
- :mod:`~coursekit.quiz.widget_base`, :mod:`~coursekit.quiz.widgets`,
  :mod:`~coursekit.quiz.progress_widget`: ipywidgets.
- :mod:`~coursekit.quiz.progress`: the learner's store, of :mod:`~coursekit.quiz.attempts`;
  :mod:`~coursekit.quiz.report`: the class report (``coursekit progress``,
  ``coursekit report DIR``, ``coursekit reveal``).

Imports run one way: model imports nothing of the quiz; check reads model; tasks reads
check; bank names the checks of tasks; the widgets sit on top of them all;
progress stores attempts and report reads them. The widget modules import ipywidgets
only when used, so checking and the store work without a front end. Errors::

    ValueError
    └── BankError      a bank file that cannot be used (names the file and the question)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.quiz.bank import BankError, load_bank, load_lesson
from coursekit.quiz.check import Feedback
from coursekit.quiz.model import QuestionBank
from coursekit.quiz.progress import Progress, instructor_mode
from coursekit.quiz.tasks import TASKS, LabLike, run_task

if TYPE_CHECKING:
    from coursekit.quiz.progress_widget import LessonQuiz, ProgressWidget

__all__ = [
    "BankError",
    "Feedback",
    "LabLike",
    "Progress",
    "QuestionBank",
    "TASKS",
    "instructor_mode",
    "load_bank",
    "load_lesson",
    "quiz",
    "run_task",
    "show_progress",
]


def quiz(lesson: str, *ids: str, lab: LabLike | None = None,
         progress: Progress | None = None, reveal: bool | None = None) -> LessonQuiz:
    """The widget for ``lesson``'s questions (see :func:`coursekit.quiz.progress_widget.quiz`)."""
    from coursekit.quiz.progress_widget import quiz as make

    return make(lesson, *ids, lab=lab, progress=progress, reveal=reveal)


def show_progress(progress: Progress | None = None) -> ProgressWidget:
    """The learner's progress per lesson (see :mod:`coursekit.quiz.progress_widget`).

    (Not called ``progress_widget``: importing that submodule would rebind the name.)
    """
    from coursekit.quiz.progress_widget import progress_widget as make

    return make(progress)
