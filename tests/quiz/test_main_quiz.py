"""The quiz subcommands of the ``coursekit`` command: progress, report, reveal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.__main__ import build_parser, main
from coursekit.quiz.progress import Progress, config_file


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_progress_before_any_answer_creates_nothing(
        capsys: pytest.CaptureFixture[str], learner_home: Path) -> None:
    code, out, _ = run(capsys, "progress")
    assert code == 0 and out.startswith("no answers recorded yet")
    assert not learner_home.exists()


def test_progress_prints_a_table_per_lesson_and_per_question(
        capsys: pytest.CaptureFixture[str], learner_home: Path) -> None:
    with Progress() as store:
        store.record("01-basics", "first-container-ip", "172.17.0.3", False)
        store.record("01-basics", "first-container-ip", "172.17.0.2", True)
        store.record("01-basics", "bridge-device", "docker0", True)
        store.record("02-bridge", "veth-peer", "eth0", False)
    code, out, _ = run(capsys, "progress")
    assert code == 0
    assert out.splitlines()[:3] == [
        "lesson     answered  right  first try  attempts",
        "01-basics         2      2          1         3",
        "02-bridge         1      0          0         1"]
    assert f"(store: {learner_home / 'progress.sqlite'})" in out
    code, out, _ = run(capsys, "progress", "--lesson", "01-basics")
    assert out.splitlines()[:3] == [
        "question            attempts  right  first try",
        "bridge-device              1    yes        yes",
        "first-container-ip         2    yes         no"]
    code, out, _ = run(capsys, "progress", "--lesson", "09-none")
    assert out.startswith("no answers for 09-none")


def test_progress_of_another_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ada.sqlite"
    with Progress(path) as store:
        store.record("03-host", "q", "x", True)
    code, out, _ = run(capsys, "progress", "--store", str(path))
    assert code == 0 and "03-host" in out and str(path) in out


def test_reveal_on_off_status(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Instructor mode is a flag in the user's config file; the environment overrides."""
    assert "instructor mode is off" in run(capsys, "reveal")[1]
    assert "instructor mode is on" in run(capsys, "reveal", "on")[1]
    assert json.loads(config_file().read_text()) == {"instructor": True}
    assert "instructor mode is on" in run(capsys, "reveal", "status")[1]
    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "0")
    assert "instructor mode is off" in run(capsys, "reveal", "status")[1]
    monkeypatch.delenv("COURSEKIT_INSTRUCTOR")
    assert "instructor mode is off" in run(capsys, "reveal", "off")[1]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["reveal", "maybe"])


def test_report_needs_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", str(tmp_path / "nope"))
    assert code == 2 and "is not a directory" in err


def test_report_says_when_the_chart_cannot_be_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with Progress(tmp_path / "ada" / "progress.sqlite") as store:
        store.record("01-basics", "q", "x", False)
    code, out, err = run(capsys, "report", str(tmp_path), "--out",
                         str(tmp_path / "no" / "such" / "dir" / "chart.png"))
    assert code == 1 and "01-basics / q" in out and "cannot write the chart" in err


def test_report_without_a_chart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with Progress(tmp_path / "ada" / "progress.sqlite") as store:
        store.record("01-basics", "q", "x", False)
    code, out, _ = run(capsys, "report", str(tmp_path))
    assert code == 0 and "1 learner found" in out and "01-basics / q" in out
    assert "chart:" not in out


def test_the_installed_command_runs_the_subcommands(tmp_path: Path) -> None:
    """`python -m coursekit` (what the `coursekit` script calls) knows them."""
    env = {**os.environ, "COURSEKIT_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "coursekit", "--help"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert all(word in out for word in ("progress", "report", "reveal", "doctor"))
    shown = subprocess.run([sys.executable, "-m", "coursekit", "reveal", "on"], env=env,
                           capture_output=True, text=True, check=True).stdout
    assert "instructor mode is on" in shown and (tmp_path / "config.json").exists()
