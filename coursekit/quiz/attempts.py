"""Recorded answers as values, the journal's lines, and what they add up to.

An :class:`Attempt` is one answer as the store keeps it (a database row, a journal
line); :func:`summarise_questions` and :func:`summarise_lessons` add attempts up per
question and per lesson (attempts, right, right at the first attempt), and
:func:`format_table` lays them out for ``coursekit progress`` and ``coursekit report``.
Pure: nothing here opens the store (that is :mod:`coursekit.quiz.progress`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.i18n import _
from coursekit.i18n.width import columns


@dataclass(frozen=True)
class Attempt:
    """One recorded answer. ``answer`` is what the learner gave, as JSON-able data."""

    lesson: str
    question_id: str
    answer: Any
    correct: bool
    at: str
    uid: str

    def to_json(self) -> str:
        return json.dumps({"uid": self.uid, "lesson": self.lesson, "question_id":
                           self.question_id, "answer": self.answer, "correct": self.correct,
                           "at": self.at}, ensure_ascii=False)

    def row(self) -> tuple[str, str, str, str, int, str]:
        return (self.uid, self.lesson, self.question_id,
                json.dumps(self.answer, ensure_ascii=False), int(self.correct), self.at)


def attempt_from_row(row: Iterable[Any]) -> Attempt:
    uid, lesson, qid, answer, correct, at = row
    return Attempt(str(lesson), str(qid), json.loads(answer), bool(correct), str(at), str(uid))


def _from_json(line: str) -> Attempt | None:
    try:
        d = json.loads(line)
        return Attempt(str(d["lesson"]), str(d["question_id"]), d.get("answer"),
                       bool(d["correct"]), str(d["at"]), str(d["uid"]))
    except (ValueError, KeyError, TypeError):
        return None  # a torn last line after a crash, or garbage: skip it


def read_journal(path: Path) -> list[Attempt]:
    """Every well-formed answer in a journal file (none if it is missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [a for a in map(_from_json, text.splitlines()) if a is not None]


@dataclass(frozen=True)
class QuestionSummary:
    """How one question went: attempts, right at all, right at the first attempt."""

    lesson: str
    question_id: str
    attempts: int
    correct: bool
    first_try: bool


@dataclass(frozen=True)
class LessonSummary:
    """How one lesson went: questions answered, right, right at the first attempt."""

    lesson: str
    answered: int
    correct: int
    first_try: int
    attempts: int


def summarise_questions(attempts: Iterable[Attempt]) -> list[QuestionSummary]:
    """Per question, in (lesson, question id) order; attempts are taken in time order."""
    seen: dict[tuple[str, str], list[bool]] = {}
    for a in sorted(attempts, key=lambda a: (a.at, a.uid)):
        seen.setdefault((a.lesson, a.question_id), []).append(a.correct)
    return [QuestionSummary(lesson, qid, len(r), any(r), r[0])
            for (lesson, qid), r in sorted(seen.items())]


def summarise_lessons(questions: Iterable[QuestionSummary]) -> list[LessonSummary]:
    """Per lesson, in lesson order."""
    by: dict[str, list[QuestionSummary]] = {}
    for q in questions:
        by.setdefault(q.lesson, []).append(q)
    return [LessonSummary(lesson, len(qs), sum(q.correct for q in qs),
                          sum(q.first_try for q in qs), sum(q.attempts for q in qs))
            for lesson, qs in sorted(by.items())]


def format_summary(lessons: list[LessonSummary]) -> str:
    """The table ``coursekit progress`` prints."""
    rows = [(_("lesson"), _("answered"), _("right"), _("first try"), _("attempts"))]
    rows += [(s.lesson, str(s.answered), str(s.correct), str(s.first_try), str(s.attempts))
             for s in lessons]
    return format_table(rows)


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, right-aligned numbers, two spaces between columns
    (a Chinese character takes two columns of a terminal)."""
    widths = [max(columns(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(_row(r, widths) for r in rows)


def _row(cells: Sequence[str], widths: list[int]) -> str:
    padded = [c + " " * (w - columns(c)) if i == 0 else " " * (w - columns(c)) + c
              for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
    return "  ".join(padded).rstrip()
