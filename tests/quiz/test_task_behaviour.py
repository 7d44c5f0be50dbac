"""Lab tasks judge what the lab does: every bank task's solution passes, wrong ones fail.

The table is tests/quiz/task_cases.py. On the simulator each case runs alone in a fresh
lab of each profile, with the bank's own names and ports. On a live engine
(``-m engine``) the cases run in two batches: every case of a batch gets names, host
ports and subnets of its own, all are typed side by side, one snapshot is taken and
every case is judged against it, then the batch is removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from coursekit import Lab
from coursekit.quiz.bank import load_lesson
from coursekit.quiz.check import Feedback
from coursekit.quiz.model import LabTask, TaskCall
from coursekit.quiz.tasks import TaskContext, judge, run_task

from .conftest import BackendLab
from .task_cases import CASES, LESSON, Case

PROFILES = ("28.5", "20.10")
LESSONS = sorted(set(LESSON.values()))


def play(lab: Any, lines: Sequence[str]) -> None:
    """Type ``lines``; each must succeed unless marked ``!``."""
    for line in lines:
        result = lab.sh(line.removeprefix("!"))
        assert line.startswith("!") or result.ok, f"`{line}` failed: {result.output}"


def assert_verdict(case: Case, fb: Feedback, say: Callable[[str], str] = str) -> None:
    """Passes for a solution; else fails, naming every expected key phrase."""
    if not case.expect:
        assert fb.correct, f"{case.id} should pass:\n{fb.message}"
        return
    assert not fb.correct and fb.message.startswith("Not yet:\n- "), f"{case.id}: {fb.message}"
    for words in map(say, case.expect):
        assert words in fb.message, f"{case.id}: {words!r} not in\n{fb.message}"


def test_the_table_covers_every_task_with_three_wrong_solutions() -> None:
    """Each task of the banks has its solution and at least three wrong ones in the table."""
    tasks = {q.id for lesson in LESSONS for q in load_lesson(lesson) if isinstance(q, LabTask)}
    all_tasks = {q.id for lesson in ("00-start-here", "01-basics", "02-bridge", "03-host",
                                     "04-none", "05-container", "06-user-defined",
                                     "07-architecture", "08-plumbing", "09-challenges")
                 for q in load_lesson(lesson) if isinstance(q, LabTask)}
    assert tasks == all_tasks == set(LESSON)
    for task in tasks:
        mine = [c for c in CASES if c.task == task]
        assert [c.label for c in mine].count("solution") == 1
        assert len([c for c in mine if c.expect]) >= 3, task


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_task_judges_behaviour_on_the_simulator(case: Case, profile: str) -> None:
    """The case's lines typed into a fresh simulated lab get the verdict the table says."""
    lab = Lab(backend="sim", engine=profile)
    play(lab, case.typed())
    assert_verdict(case, run_task(lab, case.bank_task()))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_checking_leaves_the_simulated_lab_as_it_was(case: Case) -> None:
    """Pressing "Check my lab" changes nothing: the same ps -a, network ls, traffic
    counters and snapshot, whether the task passes or not."""
    lab = Lab(backend="sim")
    play(lab, case.typed())
    looks = ["docker ps -a", "docker network ls", "ip -s link"]
    before = ([lab.sh(x).output for x in looks], lab.snapshot())
    assert run_task(lab, case.bank_task()).correct is not bool(case.expect)
    assert ([lab.sh(x).output for x in looks], lab.snapshot()) == before


# -- on a live engine ----------------------------------------------------------------------

PORTS = (80, 8080, 8088, 8089, 8090, 8091, 8092, 8093, 9000, 9001)
SUBNETS = ("10.20.0", "10.21.0", "10.30.0")
NAMES = ("hello", "lab1", "aa", "n1", "n2", "c1", "c2", "app", "web", "hsrv", "vault",
         "vaultnet", "sidecar", "fixnet", "fixed", "front", "back", "api", "browser", "db",
         "appnet", "metrics", "shop", "blog", "shopapp", "blogapp", "allnet", "cache",
         "report", "stack")
BATCHES = (("00-start-here", "01-basics", "02-bridge", "03-host", "04-none", "05-container",
            "06-user-defined"), ("09-challenges",))
"""Each batch's networks fit in the engine's default pools (30 subnets) at once."""
WORKERS = 8
LOOKS = ("docker ps -aq --no-trunc", "docker network ls -q --no-trunc")


class Renamed:
    """One case's names (``k7web``), host ports (20000 + ...) and subnets (10.2xx.y)."""

    def __init__(self, prefix: str, index: int) -> None:
        self.map = {n: f"{prefix}{n}" for n in NAMES}
        self.map |= {s: f"10.200.{index * len(SUBNETS) + i}" for i, s in enumerate(SUBNETS)}
        self.ports = {p: 20000 + index * 10 + i for i, p in enumerate(PORTS)}
        words = "|".join(re.escape(k) for k in sorted(self.map, key=len, reverse=True))
        self._words = re.compile(rf"(?<![\w.-])({words})(?![\w-])")
        self._ports = re.compile(rf"(?<![\w.])({'|'.join(map(str, PORTS))})(?![\w.])")

    def __call__(self, text: str) -> str:
        text = self._words.sub(lambda m: self.map[m.group(1)], text)
        return self._ports.sub(lambda m: str(self.ports[int(m.group(1))]), text)

    def value(self, v: Any) -> Any:
        if isinstance(v, bool):
            return v
        return self.ports.get(v, v) if isinstance(v, int) else self(v) if isinstance(
            v, str) else v

    def task(self, task: LabTask) -> LabTask:
        calls = tuple(TaskCall(c.check, tuple((k, self.value(v)) for k, v in c.params))
                      for c in task.checks)
        return replace(task, checks=calls)


def batch_cases(lessons: tuple[str, ...]) -> list[Case]:
    return [c for c in CASES if LESSON[c.task] in lessons]


@pytest.fixture
def live_lab(engine_backend: Any) -> BackendLab:
    """A lab on the live engine, labelled for this test (removed afterwards)."""
    return BackendLab(engine_backend)


def run_batch(lab: BackendLab, prefix: str, cases: list[Case]) -> list[str]:
    """Type every case side by side, judge each against one snapshot; the failures."""
    names = [Renamed(f"{prefix}{i}", i) for i in range(len(cases))]
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda c, r: play(lab, [r(x) for x in c.typed()]), cases, names))
        before = [lab.sh(line).output for line in LOOKS]
        ctx = TaskContext(lab.snapshot(), lab)
        verdicts = list(pool.map(lambda c, r: judge(ctx, r.task(c.bank_task())), cases, names))
    failures = [] if [lab.sh(line).output for line in LOOKS] == before else \
        ["judging changed the lab's containers or networks"]
    for case, r, fb in zip(cases, names, verdicts, strict=True):
        try:
            assert_verdict(case, fb, r)
        except AssertionError as exc:
            failures.append(str(exc))
    return failures


def clear(lab: BackendLab) -> None:
    """Remove the batch's containers (several at once), then its networks."""
    api, label = lab.backend.api, lab.backend.label_filter
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda c: api.remove_container(c["Id"], force=True),
                      api.containers(all=True, filters=label)))
        list(pool.map(lambda n: api.remove_network(n["Id"]), api.networks(filters=label)))
    lab.backend.reset()


@pytest.mark.engine
def test_tasks_judge_behaviour_on_a_live_engine(live_lab: BackendLab, lab_label: str) -> None:
    """The whole table, in two batches, on the engine: the same verdicts as the simulator."""
    failures: list[str] = []
    for n, lessons in enumerate(BATCHES):
        try:
            failures += run_batch(live_lab, f"t{lab_label[-5:]}{n}x", batch_cases(lessons))
        finally:
            clear(live_lab)
    assert not failures, "\n\n".join(failures)
