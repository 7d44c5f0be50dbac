"""The progress store: where it lives, concurrent writers, and surviving corruption."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coursekit.quiz.progress import (
    LessonSummary,
    Progress,
    config_file,
    data_dir,
    instructor_mode,
    read_journal,
    set_instructor_mode,
)

WRITER = """
import sys
from coursekit.quiz.progress import Progress
path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with Progress(path) as store:
    for i in range(count):
        store.record("01-basics", f"q{i % 7}", f"{tag}-{i}", i % 3 == 0)
"""


def test_store_location_follows_COURSEKIT_HOME_then_XDG_then_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, learner_home: Path) -> None:
    assert data_dir() == learner_home and config_file() == learner_home / "config.json"
    monkeypatch.delenv("COURSEKIT_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert data_dir() == tmp_path / "data" / "coursekit"
    assert config_file() == tmp_path / "conf" / "coursekit" / "config.json"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "coursekit"
    assert config_file() == tmp_path / "home" / ".config" / "coursekit" / "config.json"


def test_record_attempts_and_summary(learner_home: Path) -> None:
    with Progress(learner="ada") as store:
        store.record("01-basics", "a", "172.17.0.3", False)
        store.record("01-basics", "a", "172.17.0.2", True)
        store.record("01-basics", "b", ["x", "y"], True)
        store.record("02-bridge", "c", {"prediction": "1"}, False)
        assert store.path == learner_home / "progress.sqlite"
        assert [a.answer for a in store.attempts("01-basics", "a")] == ["172.17.0.3",
                                                                       "172.17.0.2"]
        assert store.attempts("02-bridge")[0].answer == {"prediction": "1"}
        assert store.summary() == [LessonSummary("01-basics", 2, 2, 1, 3),
                                   LessonSummary("02-bridge", 1, 0, 0, 1)]
        assert store.learner == "ada"
    assert len(read_journal(learner_home / "progress.jsonl")) == 4


def test_answers_under_a_renamed_lessons_old_name_count_for_the_new_one(tmp_path: Path) -> None:
    """Challenges moved from 08 to 09: an answer saved as 08-challenges still counts."""
    with Progress(tmp_path / "p.sqlite") as store:
        store.record("08-challenges", "fix-names", "old", True)
        store.record("09-challenges", "fix-none", "new", False)
        store.record("08-plumbing", "fix-names", "other lesson", False)
        seen = store.attempts("09-challenges")
        assert [(a.lesson, a.answer) for a in seen] == [("09-challenges", "old"),
                                                        ("09-challenges", "new")]
        assert [a.answer for a in store.attempts("09-challenges", "fix-names")] == ["old"]
        assert store.attempts("08-challenges") == seen
        assert [s.lesson for s in store.summary()] == ["08-plumbing", "09-challenges"]


def test_two_processes_writing_500_answers_each_lose_none(tmp_path: Path) -> None:
    """Two kernels answering at once: every one of the 1000 answers is kept, once."""
    path = tmp_path / "shared" / "progress.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), "500", tag],
                              stderr=subprocess.PIPE, text=True) for tag in ("k1", "k2")]
    errors = [p.communicate(timeout=240)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with Progress(path) as store:
        answers = [a.answer for a in store.attempts()]
    assert len(answers) == 1000
    assert set(answers) == {f"{t}-{i}" for t in ("k1", "k2") for i in range(500)}
    journal = read_journal(path.with_suffix(".jsonl"))
    assert len(journal) == 1000 and len({a.uid for a in journal}) == 1000


def test_a_writer_waits_for_a_busy_database_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    store = Progress(path)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another kernel holds the write lock
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    started = time.monotonic()
    store.record("01-basics", "a", "x", True)
    assert time.monotonic() - started >= 0.4
    assert len(store.attempts()) == 1
    store.close()
    other.close()


def test_a_corrupt_store_is_kept_aside_and_rebuilt_from_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with Progress(path) as store:
        for i in range(20):
            store.record("01-basics", f"q{i}", i, i % 2 == 0)
    path.write_bytes(b"this is not a database, a disk went bad" * 200)
    with Progress(path) as store:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert store.recovered_from.name.startswith("progress.sqlite.corrupt-")
        assert store.recovered_from.read_bytes().startswith(b"this is not a database")
        assert sorted(a.answer for a in store.attempts()) == list(range(20))
        store.record("01-basics", "q20", 20, True)
    with Progress(path) as store:
        assert store.recovered_from is None and len(store.attempts()) == 21


def corrupt_index(path: Path) -> None:
    """Overwrite the page of the attempts primary-key index: the table rows stay readable."""
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                      "'sqlite_autoindex_attempts_1'").fetchone()[0]
    db.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def healthy(path: Path) -> bool:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()


def test_answers_are_salvaged_from_a_corrupt_store_when_the_journal_is_gone(
        tmp_path: Path) -> None:
    """No journal to replay: what the damaged file still holds is read row by row."""
    path = tmp_path / "progress.sqlite"
    with Progress(path) as store:
        for i in range(30):
            store.record("01-basics", f"q{i}", i, True)
    path.with_suffix(".jsonl").unlink()
    corrupt_index(path)
    assert not healthy(path)  # the damage is real
    with Progress(path) as store:
        assert store.recovered_from is not None
        assert sorted(a.answer for a in store.attempts()) == list(range(30))
        assert store.attempts()[0].correct is True


def test_a_torn_last_journal_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with Progress(path) as store:
        store.record("01-basics", "a", "x", True)
    with path.with_suffix(".jsonl").open("a", encoding="utf-8") as journal:
        journal.write('{"uid": "abc", "lesson": "01-ba')  # a crash mid-write
    path.unlink()
    with Progress(path) as store:
        assert [a.answer for a in store.attempts()] == ["x"]


def test_a_journal_ahead_of_the_database_is_replayed(tmp_path: Path) -> None:
    """A crash between the journal line and the row: the row comes back on open."""
    path = tmp_path / "progress.sqlite"
    with Progress(path) as store:
        kept = store.record("01-basics", "a", "x", True)
    line = json.loads(kept.to_json()) | {"uid": "f" * 32, "answer": "y"}
    with path.with_suffix(".jsonl").open("a", encoding="utf-8") as journal:
        journal.write(json.dumps(line) + "\n")
    with Progress(path) as store:
        assert [a.answer for a in store.attempts()] == ["x", "y"]
    with Progress(path) as store:  # and only once
        assert len(store.attempts()) == 2


def test_instructor_mode_flag_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert instructor_mode() is False
    written = set_instructor_mode(True)
    assert json.loads(written.read_text()) == {"instructor": True} and instructor_mode()
    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "0")
    assert instructor_mode() is False
    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "1")
    set_instructor_mode(False)
    assert instructor_mode() is True
    monkeypatch.delenv("COURSEKIT_INSTRUCTOR")
    assert instructor_mode() is False
    config_file().write_text("{ broken")
    assert instructor_mode() is False


def test_a_store_can_be_used_from_other_threads(tmp_path: Path) -> None:
    """ipykernel may run widget callbacks on another thread than the cell that opened it."""
    store = Progress(tmp_path / "progress.sqlite")
    threads = [threading.Thread(target=lambda t=t: [store.record("01-basics", "q", f"{t}-{i}",
                                                                 True) for i in range(50)])
               for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.attempts()) == 200 and len(store.questions()) == 1
    store.close()
