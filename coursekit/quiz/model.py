"""Questions as frozen values: the six question types and a lesson's bank of them.

The types mirror the bank file format (see :mod:`coursekit.quiz.bank`, which reads and
checks the files): :class:`SingleChoice`, :class:`MultipleChoice`,
:class:`ShortAnswer`, :class:`Numeric`, :class:`PredictOutput` and :class:`LabTask`
(each of its checks a :class:`TaskCall` naming one of :data:`coursekit.quiz.tasks.TASKS`).
Nothing here reads a file, checks an answer or looks at a lab.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

KINDS = ("text", "ip", "cidr", "interface", "network", "number", "lines")
"""How a short answer or a prediction is compared (see :mod:`coursekit.quiz.check`)."""


@dataclass(frozen=True)
class Choice:
    """One choice of a single- or multiple-choice question."""

    text: str
    correct: bool = False
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class QuestionBase:
    """What every question has."""

    TYPE: ClassVar[str] = ""
    id: str
    prompt: str
    explanation: str = ""
    hint: str = ""


@dataclass(frozen=True, kw_only=True)
class SingleChoice(QuestionBase):
    """Pick exactly one of ``choices``."""

    TYPE: ClassVar[str] = "single"
    choices: tuple[Choice, ...]


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(QuestionBase):
    """Tick every correct one of ``choices``."""

    TYPE: ClassVar[str] = "multiple"
    choices: tuple[Choice, ...]


@dataclass(frozen=True, kw_only=True)
class ShortAnswer(QuestionBase):
    """Type a short answer, compared after normalising by ``kind``."""

    TYPE: ClassVar[str] = "short"
    answers: tuple[str, ...]
    kind: str = "text"


@dataclass(frozen=True, kw_only=True)
class Numeric(QuestionBase):
    """Type a number; right within ``tolerance``."""

    TYPE: ClassVar[str] = "numeric"
    answer: float
    tolerance: float = 0.0
    unit: str = ""


@dataclass(frozen=True, kw_only=True)
class PredictOutput(QuestionBase):
    """Predict what ``command`` prints, then the lab runs it and the two are compared."""

    TYPE: ClassVar[str] = "predict"
    command: str
    setup: tuple[str, ...] = ()
    kind: str = "text"
    allow_failure: bool = False


@dataclass(frozen=True)
class TaskCall:
    """One check of :data:`coursekit.quiz.tasks.TASKS` with its keyword arguments."""

    check: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True, kw_only=True)
class LabTask(QuestionBase):
    """Change the lab until every one of ``checks`` holds."""

    TYPE: ClassVar[str] = "task"
    checks: tuple[TaskCall, ...]
    solution: tuple[str, ...] = ()


Question = SingleChoice | MultipleChoice | ShortAnswer | Numeric | PredictOutput | LabTask


@dataclass(frozen=True)
class QuestionBank:
    """The questions of one lesson, in order."""

    lesson: str
    title: str
    questions: tuple[Question, ...] = field(default=())

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def get(self, question_id: str) -> Question:
        """The question with this id (KeyError naming the known ids otherwise)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"lesson {self.lesson} has no question {question_id!r}; "
                       f"it has {', '.join(self.ids)}")
