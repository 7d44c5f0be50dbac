"""Lab tasks: checks that probe the learner's lab and say what is still missing.

A lab task asks the learner to change the lab ("make c2 reach c1 by name", "serve
port 8090 from the host's network"); each check reads one ``lab.snapshot()`` and then
tries the claim for real with a bounded probe (a ping, a page fetched from the host,
the interfaces inside a container), because a configuration can look right and do
nothing: a container published on the right port with no server behind it, a
``--network host`` container running ``sleep``. A failing check names each problem in
the learner's terms, one line each, with the command that fixes it.

- :mod:`.base`: the lab a check sees, the verdict helpers;
- :mod:`.lookup`: reading a Topology (which container, which mode, which binding);
- :mod:`.probes`: the probe command lines and how their output is read;
- :mod:`.layout`, :mod:`.names`, :mod:`.serving`, :mod:`.plumbing`: the checks themselves;
- :mod:`.registry`: :data:`TASKS` by name, :func:`run_task`;
- :mod:`.scratch`: running probes and predict setups without leaving anything behind.
"""

from __future__ import annotations

from coursekit.quiz.tasks.base import LabLike, TaskContext
from coursekit.quiz.tasks.registry import TASKS, judge, run_task, validate_call
from coursekit.quiz.tasks.scratch import Refused, predict_run, scratch_lab

__all__ = [
    "TASKS",
    "LabLike",
    "Refused",
    "TaskContext",
    "judge",
    "predict_run",
    "run_task",
    "scratch_lab",
    "validate_call",
]
