"""The checks a question bank may name, and running a task's checks against a lab.

A bank names a check with its keyword arguments (``{"check": "reach_by_name",
"params": {"src": "c2", "dst": "c1", "probe": true}}``); :func:`validate_call` tells a
bank loader whether such a call can run, :func:`judge` runs all of a task's checks
against one look at the lab, and :func:`run_task` takes that look, in a scratch lab
(:mod:`coursekit.quiz.tasks.scratch`), so that the probes leave nothing behind.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from coursekit.i18n import _
from coursekit.quiz.check import Feedback, sentences
from coursekit.quiz.tasks.base import LabLike, TaskContext
from coursekit.quiz.tasks.layout import (
    has_ip,
    network_exists,
    network_mode,
    on_network,
    removed,
    running,
)
from coursekit.quiz.tasks.names import no_shared_network, reach_by_name
from coursekit.quiz.tasks.plumbing import netns_reach, user_rule_blocks
from coursekit.quiz.tasks.scratch import scratch_lab
from coursekit.quiz.tasks.serving import isolated, published, reachable_from_host

if TYPE_CHECKING:
    from coursekit.quiz.model import LabTask, TaskCall

Check = Callable[..., Feedback]
TASKS: Mapping[str, Check] = MappingProxyType({f.__name__: f for f in (
    running, network_exists, on_network, reach_by_name, no_shared_network, network_mode,
    published, reachable_from_host, isolated, has_ip, removed, netns_reach, user_rule_blocks)})
"""Every check a question bank may name, by name."""


def validate_call(call: TaskCall) -> str:
    """Why ``call`` cannot run (unknown check, wrong parameters), or ``""``."""
    fn = TASKS.get(call.check)
    if fn is None:
        return f"no check {call.check!r}; known: {', '.join(sorted(TASKS))}"
    try:
        inspect.signature(fn).bind(None, **call.kwargs)
    except TypeError as exc:
        return f"check {call.check}: {exc}"
    return ""


SUBJECT_KEYS = ("container", "name", "src", "a")
"""The parameter that names what a check is about (its first container or network)."""


def judge(ctx: TaskContext, task: LabTask) -> Feedback:
    """Every check of ``task`` against one look at the lab; all must hold.

    Once a check on a container (or network) fails, the task's later checks on the
    same one are not run: their advice would repeat or contradict the first problem
    ("run it with --network host", then "publish it with -p"). Each problem is said once.
    A check that cannot be judged on this lab (not counted) is the whole verdict.
    """
    results: list[Feedback] = []
    failed: set[str] = set()
    for call in task.checks:
        subject = next((str(call.kwargs[k]) for k in SUBJECT_KEYS if k in call.kwargs), "")
        if subject in failed:
            continue
        results.append(TASKS[call.check](ctx, **call.kwargs))
        if not results[-1].counted:  # this lab cannot judge it at all: say so, count nothing
            return results[-1]
        if not results[-1].correct:
            failed.add(subject)
    if not failed:
        return Feedback(True, sentences(_("Done."), *(r.message for r in results)),
                        task.explanation)
    lines = dict.fromkeys(line for r in results if not r.correct for line in r.message.split("\n"))
    return Feedback(False, _("Not yet:") + "\n" + "\n".join(lines), task.explanation)


def run_task(lab: LabLike, task: LabTask) -> Feedback:
    """Look at ``lab`` once and judge ``task``; the probes run in a scratch lab."""
    with scratch_lab(lab) as where:
        try:
            ctx = TaskContext(where.snapshot(), where)
        except Exception as exc:  # an engine gone away must not raise into a widget
            return Feedback(False, _("Could not look at the lab: {error}").format(error=exc),
                            counted=False)
        return judge(ctx, task)
