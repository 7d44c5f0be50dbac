"""The mode demos: one small scenario per network mode, and the user-defined networks one.

The mode scenario is the same each time: a web server ``web`` published with
``-p 8080:80`` and a ``client`` next to it, both started with ``--network MODE``
(in container mode ``web`` stays on the default bridge and ``client`` borrows its
namespace with ``--network container:web``). :func:`mode_topologies` plays each on a
fresh lab and hands back the snapshots; whoever shows them draws them
(:func:`coursekit.viz.compare_topologies`, :class:`coursekit.widgets.ModeComparison`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from coursekit.models import Topology
from coursekit.result import CommandResult

if TYPE_CHECKING:
    from coursekit.lab import Lab


class Scenario(NamedTuple):
    """A named list of command lines, and the title of its picture."""

    name: str
    title: str
    lines: tuple[str, ...]


class LabLike(Protocol):
    """What playing a scenario needs of a lab: :class:`coursekit.Lab` or a test double."""

    def sh(self, line: str) -> CommandResult: ...

    def snapshot(self) -> Topology: ...

    def reset(self) -> None: ...


LabFactory = Callable[[], LabLike]

MODES: tuple[Scenario, ...] = (
    Scenario("bridge", "--network bridge (the default): own namespace, veth to docker0", (
        "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client busybox sleep 1d")),
    Scenario("host", "--network host: the host's own interfaces; -p is discarded", (
        "docker run -d --name web --network host -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network host busybox sleep 1d")),
    Scenario("none", "--network none: only lo; -p is accepted, nothing is published", (
        "docker run -d --name web --network none -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network none busybox sleep 1d")),
    Scenario("container", "--network container:web: client shares web's namespace", (
        "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
        "docker run -d --name client --network container:web busybox sleep 1d")),
)
"""(mode, panel title, command lines) for each mode, in drawing order."""

USER_DEFINED = Scenario("user-defined", "two networks, one internal, a container on both", (
    "docker network create front",
    "docker network create --internal back",
    "docker run -d --name web --network front -p 127.0.0.1:8080:80 busybox httpd -f -p 80",
    "docker run -d --name api --network front busybox sleep 1d",
    "docker network connect back api",
    "docker run -d --name db --network back busybox sleep 1d",
    "docker run -d --name old busybox sleep 1d",
    "docker stop old",
))
"""The scenario of ``user-defined.png`` (``make figures``)."""


def sim_lab() -> Lab:
    """A fresh lab on the simulator (``Lab(backend="sim")``): the default for the demos."""
    from coursekit.lab import Lab

    return Lab(backend="sim")


def play(lab: LabLike, lines: Iterable[str]) -> Topology:
    """Run ``lines`` on ``lab`` in order (failures included); the lab's snapshot after."""
    for line in lines:
        lab.sh(line)
    return lab.snapshot()


def play_fresh(scenario: Scenario, lab_factory: LabFactory = sim_lab) -> Topology:
    """``scenario`` played on a fresh lab, which is reset afterwards (a real engine keeps
    nothing of it)."""
    lab = lab_factory()
    topology = play(lab, scenario.lines)
    lab.reset()
    return topology


def mode_topologies(lab_factory: LabFactory = sim_lab) -> dict[str, Topology]:
    """Each mode of :data:`MODES` played on a fresh lab: ``{mode: lab.snapshot()}``."""
    return {scenario.name: play_fresh(scenario, lab_factory) for scenario in MODES}


def mode_titles() -> dict[str, str]:
    """``{mode: panel title}`` in :data:`MODES` order."""
    return {scenario.name: scenario.title for scenario in MODES}
