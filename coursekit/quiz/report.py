"""The class report: which questions the room gets wrong (``coursekit report DIR``).

An instructor points it at a folder holding the learners' progress stores, one per
learner, anywhere below (JupyterHub: ``/home``, where each learner's store sits at
``<home>/.local/share/coursekit/progress.sqlite``). Stores are only read: nothing is
written or created in a learner's folder, nothing is repaired; the database and its
journal are merged, and a store with neither readable is listed as skipped. The learner
is named by the store (who created it) or, failing that, by the first folder below DIR.

The result is a text table (one row per question: how many learners answered, were
right at the first attempt, right later, never right) and, on request, a bar chart
(PNG) of the same, worst question on top. matplotlib is imported only for the chart.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.i18n import N_, _, current
from coursekit.quiz.attempts import (
    Attempt,
    attempt_from_row,
    format_table,
    read_journal,
    summarise_questions,
)
from coursekit.quiz.progress import COLUMNS, JOURNAL_NAME, STORE_NAME

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {"first_try": "#009E73", "later": "#E69F00", "never": "#D55E00"}


@dataclass(frozen=True)
class LearnerStore:
    """One learner's answers as found on disk (``error`` says why none could be read)."""

    path: Path
    learner: str
    attempts: tuple[Attempt, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class QuestionStats:
    """How the room did on one question."""

    lesson: str
    question_id: str
    learners: int
    first_try: int
    later: int
    never: int
    attempts: int

    @property
    def label(self) -> str:
        return f"{self.lesson} / {self.question_id}"

    @property
    def struggled(self) -> float:
        """Share of learners not right at the first attempt (what the chart sorts by)."""
        return (self.later + self.never) / self.learners if self.learners else 0.0


@dataclass(frozen=True)
class ClassReport:
    """Every learner store found, and the per-question statistics."""

    root: Path
    stores: tuple[LearnerStore, ...]
    questions: tuple[QuestionStats, ...]

    @property
    def readable(self) -> tuple[LearnerStore, ...]:
        return tuple(s for s in self.stores if not s.error)


def find_stores(root: Path) -> list[Path]:
    """Progress stores (or journals without their store) below ``root``, sorted."""
    found: set[Path] = set()
    for folder, _dirs, files in os.walk(root, onerror=lambda _e: None):
        if STORE_NAME in files or JOURNAL_NAME in files:
            found.add(Path(folder) / STORE_NAME)
    return sorted(found)


def read_store(path: Path, root: Path) -> LearnerStore:
    """One learner's answers: the database and its journal, merged, without writing.

    The database is opened ``immutable`` (no lock, no ``-shm``/``-wal`` files created
    in the learner's folder, which a report run as root would leave unwritable for
    the learner); answers still in a live WAL are in the journal.
    """
    fallback = _learner_from_path(path, root)
    journal = read_journal(path.with_suffix(".jsonl"))
    try:
        learner, rows = _read_db(path)
    except (sqlite3.Error, OSError, ValueError) as exc:
        if not journal:
            return LearnerStore(path, fallback, error=str(exc) or type(exc).__name__)
        learner, rows = "", []
    merged = {a.uid: a for a in [*rows, *journal]}
    return LearnerStore(path, learner or fallback, tuple(merged.values()))


def _read_db(path: Path) -> tuple[str, list[Attempt]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    with contextlib.closing(db):
        rows = db.execute(f"SELECT {COLUMNS} FROM attempts").fetchall()
        meta = db.execute("SELECT value FROM meta WHERE key = 'learner'").fetchone()
    return (str(meta[0]) if meta else ""), [attempt_from_row(r) for r in rows]


def _learner_from_path(path: Path, root: Path) -> str:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    return parts[0] if len(parts) > 1 else path.parent.name or path.stem


def aggregate(stores: Iterable[LearnerStore]) -> list[QuestionStats]:
    """Per question over all learners, in (lesson, question id) order."""
    by: dict[tuple[str, str], list[int]] = {}
    for store in stores:
        for q in summarise_questions(store.attempts):
            row = by.setdefault((q.lesson, q.question_id), [0, 0, 0, 0, 0])
            row[0] += 1
            row[1 if q.first_try else 2 if q.correct else 3] += 1
            row[4] += q.attempts
    return [QuestionStats(lesson, qid, *row) for (lesson, qid), row in sorted(by.items())]


def build_report(root: str | os.PathLike[str]) -> ClassReport:
    """Find, read and aggregate every store below ``root``."""
    base = Path(root)
    stores = tuple(read_store(p, base) for p in find_stores(base))
    return ClassReport(base, stores, tuple(aggregate(s for s in stores if not s.error)))


def format_report(report: ClassReport) -> str:
    """The text ``coursekit report`` prints."""
    n = len(report.readable)
    head = (_("{n} learner found below {root}") if n == 1 else
            _("{n} learners found below {root}")).format(n=n, root=report.root)
    skipped = [_("skipped {path}: {error}").format(path=s.path, error=s.error)
               for s in report.stores if s.error]
    if not report.questions:
        return "\n".join([head, *skipped, _("no answers recorded yet")])
    rows = [(_("question"), _("learners"), _("right 1st"), _("right later"), _("never right"),
             _("attempts"))]
    rows += [(q.label, str(q.learners), _pct(q.first_try, q.learners),
              _pct(q.later, q.learners), _pct(q.never, q.learners), str(q.attempts))
             for q in report.questions]
    return "\n".join([head, *skipped, "", format_table(rows)])


def _pct(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else "0"


def write_chart(report: ClassReport, out: str | os.PathLike[str]) -> Path:
    """A PNG bar chart of the questions, most learners wrong at the first attempt on top.

    Sorted by how many learners were not right at once (not by share, so a question
    only one learner reached does not outrank one the whole room struggled with).
    """
    import matplotlib

    with matplotlib.rc_context(_fonts()):
        return _write_chart(report, Path(out))


def _fonts() -> dict[str, Any]:
    """English: matplotlib's own (the same PNG as ever); Chinese: DejaVu Sans, then the
    installed CJK font for the glyphs it lacks (see :mod:`coursekit.viz.fonts`)."""
    if current() == "en":
        return {}
    from coursekit.viz.fonts import cjk_font

    found = cjk_font()
    return {"font.family": ["DejaVu Sans", found] if found else ["DejaVu Sans"]}


def _write_chart(report: ClassReport, path: Path) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    stats = sorted(report.questions, key=lambda q: (q.later + q.never, q.never, q.label))
    fig = Figure(figsize=(10, 1.9 + 0.42 * max(len(stats), 1)), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _draw_bars(ax, stats)
    fig.suptitle(_("Which questions the room gets wrong ({n} learners; most missed at the "
                   "first attempt on top)").format(n=len(report.readable)), x=0.01,
                 ha="left", fontsize=13)
    fig.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=10)
    fig.savefig(path, dpi=110)
    return path


_PARTS = (("first_try", N_("right at the first attempt")),
          ("later", N_("right after retrying")), ("never", N_("never right")))


def _draw_bars(ax: Axes, stats: list[QuestionStats]) -> None:
    ys = list(range(len(stats)))
    left = [0.0] * len(stats)
    for key, name in _PARTS:
        counts = [getattr(q, key) for q in stats]
        shares = [100 * c / max(q.learners, 1) for c, q in zip(counts, stats, strict=True)]
        bars = ax.barh(ys, shares, left=left, color=COLOURS[key], label=_(name), height=0.7,
                       edgecolor="white", linewidth=0.8)
        labels = [str(c) if s >= 6 else "" for c, s in zip(counts, shares, strict=True)]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=9, color="black")
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(ys, [f"{q.label}  (n={q.learners})" for q in stats])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(stats) - 0.4)
    ax.set_xlabel(_("% of the learners who answered the question (bar labels: learners)"))
    ax.xaxis.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
