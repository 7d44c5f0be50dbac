"""The plumbing lesson's tasks on a lab that cannot judge them: said plainly, not counted."""

from __future__ import annotations

import shlex
from types import SimpleNamespace

from coursekit import Lab
from coursekit.backends.engine.run import helper_refusal
from coursekit.models import Topology
from coursekit.quiz.bank import load_lesson
from coursekit.quiz.model import LabTask
from coursekit.quiz.tasks import run_task
from coursekit.result import CommandResult


class EngineLike:
    """A lab in front of a real engine: host commands answer as the engine's helper does."""

    backend = SimpleNamespace(name="docker")

    def __init__(self) -> None:
        self.lines: list[str] = []

    def sh(self, line: str) -> CommandResult:
        self.lines.append(line)
        refused = helper_refusal(tuple(shlex.split(line)))
        return refused or CommandResult("", "ip: unknown command\n", 1)

    def snapshot(self) -> Topology:
        return Lab(backend="sim").snapshot()


def task(question_id: str) -> LabTask:
    found = load_lesson("08-plumbing").get(question_id)
    assert isinstance(found, LabTask)
    return found


def test_the_firewall_task_says_it_cannot_be_checked_on_a_real_engine() -> None:
    lab = EngineLike()
    verdict = run_task(lab, task("docker-user-task"))
    assert not verdict.correct and not verdict.counted
    assert "firewall rules" in verdict.message and "real engine" in verdict.message
    assert lab.lines == ["iptables -S DOCKER-USER"]  # no ping was judged


def test_the_by_hand_task_says_it_cannot_be_checked_on_a_real_engine() -> None:
    lab = EngineLike()
    verdict = run_task(lab, task("by-hand-task"))
    assert not verdict.correct and not verdict.counted
    assert "network namespaces" in verdict.message and lab.lines == []


def test_on_the_simulator_the_same_tasks_are_judged_and_counted() -> None:
    verdict = run_task(Lab(backend="sim"), task("by-hand-task"))
    assert not verdict.correct and verdict.counted
    assert "there is no namespace red yet" in verdict.message
