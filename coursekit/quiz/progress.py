"""The learner's progress: every answer, kept in a small SQLite file that survives trouble.

Where it lives (one store per learner, found by ``coursekit report`` in home dirs):

- ``$COURSEKIT_HOME/progress.sqlite`` when ``COURSEKIT_HOME`` is set, else
- ``$XDG_DATA_HOME/coursekit/progress.sqlite``, else ``~/.local/share/coursekit/``.

Next to it, ``progress.jsonl`` (the store's name with ``.jsonl``) is an append-only
journal: one JSON line per answer, written (and fsynced) before the database row. The
database is for reading; the journal is for not losing anything:

- Two kernels answering at once: SQLite in WAL mode with a busy timeout, one short
  transaction per answer, every row keyed by a random ``uid`` so a replay cannot
  double it.
- A corrupt database is moved aside (kept as ``progress.sqlite.corrupt-<UTC time>``),
  a fresh one is created, and answers are recovered from the corrupt file as far as it
  can be read and from the journal (duplicates dropped by ``uid``).
- A journal with more answers than the database (a crash between the two writes, a
  deleted database) is replayed when the store is opened.

Instructor mode (``coursekit reveal on``) is a flag in the user's config file,
``$COURSEKIT_HOME/config.json`` or ``$XDG_CONFIG_HOME/coursekit/config.json``
(``~/.config/coursekit/``); ``COURSEKIT_INSTRUCTOR=1`` or ``0`` overrides it.
It is a convenience for the teacher's screen, not a secret: the banks are readable files.

The values the store keeps and hands out (:class:`Attempt`, the per-question and
per-lesson summaries) are :mod:`coursekit.quiz.attempts`.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coursekit.quiz.attempts import (
    Attempt,
    LessonSummary,
    QuestionSummary,
    attempt_from_row,
    read_journal,
    summarise_lessons,
    summarise_questions,
)

try:
    import fcntl
except ImportError:  # Windows: SQLite still locks; the journal relies on O_APPEND
    fcntl = None  # type: ignore[assignment]

STORE_NAME = "progress.sqlite"
JOURNAL_NAME = "progress.jsonl"
BUSY_TIMEOUT_S = 30.0
RENAMED = MappingProxyType({"08-challenges": "09-challenges"})
"""Lessons that were renamed: answers kept under the old name count for the new one."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    uid TEXT PRIMARY KEY, lesson TEXT NOT NULL, question_id TEXT NOT NULL,
    answer TEXT NOT NULL, correct INTEGER NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_question ON attempts (lesson, question_id, at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
COLUMNS = "uid, lesson, question_id, answer, correct, at"


# -- where things live -----------------------------------------------------------------------

def data_dir() -> Path:
    """The folder of the learner's progress store (see the module docstring)."""
    home = os.environ.get("COURSEKIT_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "coursekit"


def config_file() -> Path:
    """The learner's coursekit config file (holds the instructor flag)."""
    home = os.environ.get("COURSEKIT_HOME")
    if home:
        return Path(home).expanduser() / "config.json"
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(xdg).expanduser() / "coursekit" / "config.json"


def _read_config() -> dict[str, Any]:
    try:
        data = json.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def instructor_mode() -> bool:
    """True when widgets should show answers: ``COURSEKIT_INSTRUCTOR``, else the config flag."""
    env = os.environ.get("COURSEKIT_INSTRUCTOR", "").strip().lower()
    if env:
        return env not in ("0", "false", "no", "off")
    return bool(_read_config().get("instructor", False))


def set_instructor_mode(on: bool) -> Path:
    """Write the instructor flag (``coursekit reveal on|off``); returns the config file."""
    path = config_file()
    data = _read_config()
    data["instructor"] = bool(on)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


# -- the store -------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (a no-op where fcntl is missing)."""
    with path.open("a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                         check_same_thread=False)  # ipykernel may run comm handlers elsewhere
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise sqlite3.DatabaseError("quick_check failed")
    except BaseException:
        db.close()
        raise
    return db


def salvage(path: Path) -> list[Attempt]:
    """Whatever answers can still be read from a (corrupt) database file."""
    found: list[Attempt] = []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return found
    with contextlib.closing(db):
        try:
            top = db.execute("SELECT max(rowid) FROM attempts").fetchone()[0] or 0
        except sqlite3.Error:
            return found
        for rowid in range(1, top + 1):  # row by row: one bad page loses only its rows
            with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
                row = db.execute(f"SELECT {COLUMNS} FROM attempts WHERE rowid = ?",
                                 (rowid,)).fetchone()
                if row:
                    found.append(attempt_from_row(row))
    return found


class Progress:
    """The learner's answers: ``record`` one, read ``attempts``, ``summary`` per lesson.

    ``Progress()`` opens the store in :func:`data_dir`; ``Progress(path)`` another file
    (its journal sits next to it). ``recovered_from`` names the file a corrupt store was
    moved to, when that happened while opening.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None,
                 learner: str | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / STORE_NAME
        self.journal_path = self.path.with_suffix(".jsonl")
        self.recovered_from: Path | None = None
        self._lock = threading.Lock()  # one statement at a time on the shared connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.with_name(self.path.name + ".lock")):
            self._db = self._open()
            self._replay(read_journal(self.journal_path))
        self._set_learner(learner)

    def _open(self) -> sqlite3.Connection:
        try:
            return _connect(self.path)
        except sqlite3.OperationalError:
            raise  # locked, unreadable, disk full: trouble, but not a corrupt file
        except sqlite3.DatabaseError:
            self.recovered_from = self._move_aside()
            db = _connect(self.path)
            self._db = db
            self._replay(salvage(self.recovered_from))
            return db

    def _move_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        self.path.replace(target)
        return target

    def _replay(self, attempts: list[Attempt]) -> None:
        count = self._db.execute("SELECT count(*) FROM attempts").fetchone()[0]
        if len(attempts) <= count and not self.recovered_from:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(f"INSERT OR IGNORE INTO attempts ({COLUMNS}) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", [a.row() for a in attempts])

    def _set_learner(self, learner: str | None) -> None:
        name = learner or _user()
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('learner', ?)",
                         (name,))

    @property
    def learner(self) -> str:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'learner'").fetchone()
        return str(row[0]) if row else ""

    def record(self, lesson: str, question_id: str, answer: Any, correct: bool) -> Attempt:
        """Keep one answer: the journal line first, then the database row."""
        attempt = Attempt(lesson, question_id, answer, bool(correct), now(), uuid.uuid4().hex)
        with self._lock:
            self._append(attempt.to_json() + "\n")
            self._db.execute(f"INSERT OR IGNORE INTO attempts ({COLUMNS}) "
                             "VALUES (?, ?, ?, ?, ?, ?)", attempt.row())
        return attempt

    def _append(self, line: str) -> None:
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)  # closing drops the lock

    def attempts(self, lesson: str | None = None,
                 question_id: str | None = None) -> list[Attempt]:
        """Recorded answers in time order, optionally for one lesson or question."""
        lesson = RENAMED.get(lesson, lesson) if lesson is not None else None
        names = [lesson, *(old for old, new in RENAMED.items() if new == lesson)]
        where = " OR ".join("lesson = ?" for _ in names)
        with self._lock:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM attempts WHERE (? IS NULL OR {where}) "
                "AND (? IS NULL OR question_id = ?) ORDER BY at, uid",
                (lesson, *names, question_id, question_id)).fetchall()
        return [_current(attempt_from_row(r)) for r in rows]

    def questions(self, lesson: str | None = None) -> list[QuestionSummary]:
        """Per question of ``lesson`` (or all): attempts, right, right first time."""
        return summarise_questions(self.attempts(lesson))

    def summary(self) -> list[LessonSummary]:
        """Per lesson: questions answered, right, right first time, attempts."""
        return summarise_lessons(self.questions())

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _current(attempt: Attempt) -> Attempt:
    """``attempt`` under its lesson's current name (see :data:`RENAMED`)."""
    name = RENAMED.get(attempt.lesson)
    return attempt if name is None else replace(attempt, lesson=name)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "learner"
