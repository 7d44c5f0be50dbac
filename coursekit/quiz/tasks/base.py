"""What every lab-task check shares: the lab it probes, one look at it, and the verdict.

A check is a function ``check(ctx, **params) -> Feedback``. ``ctx`` is a
:class:`TaskContext`: one ``lab.snapshot()`` (a :class:`coursekit.models.Topology`,
the same from the simulator and a real engine) and the lab itself, for probes run
with ``lab.sh``. A failing verdict lists one problem a line, each saying what is
missing in the learner's terms and the command that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coursekit.i18n import _
from coursekit.models import Topology
from coursekit.quiz.check import Feedback
from coursekit.result import CommandResult


class LabLike(Protocol):
    """What a task needs of a lab: :class:`coursekit.Lab` or a test double."""

    def sh(self, line: str) -> CommandResult: ...

    def snapshot(self) -> Topology: ...


@dataclass(frozen=True)
class TaskContext:
    """One look at the lab, shared by all checks of a task."""

    topology: Topology
    lab: LabLike


def ok(message: str) -> Feedback:
    """The check holds; ``message`` says what was seen."""
    return Feedback(True, message)


def missing(*problems: str) -> Feedback:
    """The check fails: one ``- problem`` line for each non-empty problem."""
    return Feedback(False, "\n".join(f"- {p}" for p in problems if p))


def on_networks(names: list[str]) -> str:
    """``bridge, app`` (or ``no network``), as a verdict names a container's networks."""
    return _(", ").join(names) or _("no network")


def last_line(result: CommandResult) -> str:
    """The last line a command printed (its error, usually), or ``(no output)``."""
    return (result.output.strip().splitlines() or [_("(no output)")])[-1]


def confirm(lab: LabLike, line: str, verdict: Feedback) -> Feedback:
    """``verdict`` if the lab answers ``line`` with exit code 0; else what failed."""
    result = lab.sh(line)
    if result.ok:
        return verdict
    return missing(_("the layout looks right, but `{command}` failed: {error}").format(
        command=line, error=last_line(result)))
