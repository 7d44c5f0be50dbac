"""The class report: 30 learners' stores in home folders -> a table and a chart."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.__main__ import main
from coursekit.quiz.progress import Progress
from coursekit.quiz.report import aggregate, build_report, format_report, read_store

# (lesson, question, chance of a wrong attempt): some questions are meant to be hard.
QUESTIONS = [("01-basics", "fresh-networks", 0.1), ("01-basics", "default-bridge-facts", 0.6),
             ("01-basics", "first-container-ip", 0.3), ("01-basics", "bridge-device", 0.2),
             ("01-basics", "bridge-capacity", 0.7), ("01-basics", "ip-after-stop", 0.5),
             ("01-basics", "reach-by-name", 0.4), ("02-bridge", "veth-peer", 0.5),
             ("02-bridge", "publish-port", 0.15)]


def store_path(root: Path, learner: str) -> Path:
    return root / learner / ".local" / "share" / "coursekit" / "progress.sqlite"


def make_class(root: Path, learners: int = 30, seed: int = 7) -> None:
    """``learners`` JupyterHub-like home folders, each with its own progress store."""
    rng = random.Random(seed)
    for n in range(learners):
        with Progress(store_path(root, f"jupyter-learner{n:02d}"), learner=f"l{n:02d}") as p:
            for lesson, qid, hard in QUESTIONS:
                if rng.random() < 0.1:
                    continue  # not every learner gets to every question
                for _ in range(4):
                    right = rng.random() > hard
                    p.record(lesson, qid, "answer", right)
                    if right:
                        break


def listing(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}


def test_report_of_30_learners_prints_a_table_and_writes_a_chart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "home"
    make_class(root)
    broken = store_path(root, "jupyter-broken")
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not sqlite" * 100)
    before = listing(root)
    chart = tmp_path / "chart.png"
    assert main(["report", str(root), "--out", str(chart)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"30 learners found below {root}")
    assert f"skipped {broken}" in out
    for lesson, qid, _hard in QUESTIONS:
        assert f"{lesson} / {qid}" in out
    assert f"chart: {chart}" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert listing(root) == before  # nothing written into the learners' folders


def test_chart_size_grows_with_the_questions(tmp_path: Path) -> None:
    """Each question keeps its own readable row, however many there are."""
    from matplotlib.image import imread

    from coursekit.quiz.report import write_chart

    make_class(tmp_path / "home", learners=3)
    report = build_report(tmp_path / "home")
    small = imread(write_chart(report, tmp_path / "a.png")).shape
    with Progress(store_path(tmp_path / "home", "extra")) as p:
        for i in range(30):
            p.record("03-host", f"question-{i:02d}", "x", i % 2 == 0)
    big = imread(write_chart(build_report(tmp_path / "home"), tmp_path / "b.png")).shape
    assert small[1] == big[1] and big[0] > small[0] * 2
    assert small[0] >= 400


def test_aggregate_counts_first_try_later_and_never() -> None:
    """One learner right at once, one after a retry, one never: one each."""
    tmp = Path(os.environ["COURSEKIT_HOME"])
    stores = []
    for name, answers in (("a", [True]), ("b", [False, True]), ("c", [False, False])):
        with Progress(tmp / name / "progress.sqlite") as p:
            for right in answers:
                p.record("01-basics", "q", "x", right)
        stores.append(read_store(tmp / name / "progress.sqlite", tmp))
    (stats,) = aggregate(stores)
    assert (stats.learners, stats.first_try, stats.later, stats.never, stats.attempts) == \
        (3, 1, 1, 1, 5)
    assert stats.struggled == pytest.approx(2 / 3)


def test_learners_are_named_by_their_store_or_their_folder(tmp_path: Path) -> None:
    with Progress(store_path(tmp_path, "jupyter-ada"), learner="ada") as p:
        p.record("01-basics", "q", "x", True)
    assert read_store(store_path(tmp_path, "jupyter-ada"), tmp_path).learner == "ada"
    lost = store_path(tmp_path, "jupyter-bob")
    with Progress(lost) as p:
        p.record("01-basics", "q", "x", True)
    lost.write_bytes(b"garbage")  # the database is gone, the journal is not
    bob = read_store(lost, tmp_path)
    assert bob.learner == "jupyter-bob" and len(bob.attempts) == 1 and not bob.error


def test_an_empty_folder_reports_no_answers(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "c.png")]) == 0
    out = capsys.readouterr().out
    assert "0 learners found" in out and "no answers recorded yet" in out
    assert not (tmp_path / "c.png").exists()
    assert "no answers recorded yet" in format_report(build_report(tmp_path))


def test_matplotlib_is_imported_only_for_the_chart() -> None:
    code = ("import sys, coursekit.quiz.report, coursekit.__main__; "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
