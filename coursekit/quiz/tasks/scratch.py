"""Probing without leaving a trace: a scratch lab for predict questions and task checks.

A predict question builds its own situation (``docker run -d --name p91 ...``) before
running its command, and a task check sends pings and page requests. Neither may
change the learner's lab, nor destroy a container the learner happens to have called
``p91``. :func:`scratch_lab` gives them a lab to do it in:

- on the simulator, a copy of the lab's whole state (``SimBackend.copy()``), thrown
  away afterwards: the learner's lab is not touched at all;
- on a real engine there is no copy, so the lines are read first: every container and
  network they create, remove, start, stop or connect (:func:`touched`) must not exist
  yet, or the question is refused with one line naming what is in the way (the
  learner's object is never removed); afterwards exactly those objects are removed.
  Probes that only look (``docker exec``, the host's ``curl``, whose helper container
  removes itself) create no container or network, so a task check runs in the
  learner's lab as it is (only the kernel's counters and neighbour tables notice).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from coursekit.i18n import _
from coursekit.quiz.tasks.base import LabLike, last_line
from coursekit.quiz.tasks.lookup import PREDEFINED
from coursekit.result import CommandResult

TARGETS = frozenset({"rm", "stop", "start", "restart", "kill", "pause", "unpause"})
"""``docker`` commands whose positional arguments are containers."""
VALUED = frozenset({"-t", "--time", "--timeout", "-s", "--signal", "--ip", "--ip6",
                    "--alias", "--link", "--link-local-ip", "--driver-opt"})
"""Their options (and ``network connect``'s) that take a value."""
CONTAINERS = "docker ps -a --format '{{.Names}}'"
NETWORKS = "docker network ls --format '{{.Name}}'"


class Refused(Exception):
    """The lines were not run; ``str()`` is the one line that says why."""


@dataclass(frozen=True)
class Touched:
    """The containers and networks some command lines create, remove or change."""

    containers: frozenset[str] = frozenset()
    networks: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.containers or self.networks)


def touched(lines: Iterable[str]) -> Touched:
    """What ``lines`` create, remove, start, stop or connect (predefined networks aside)."""
    found = [_targets(_docker_words(line)) for line in lines]
    containers = frozenset(n for t in found for n in t.containers)
    networks = frozenset(n for t in found for n in t.networks) - set(PREDEFINED)
    return Touched(containers, networks)


def _docker_words(line: str) -> list[str]:
    try:
        words = shlex.split(line)
    except ValueError:
        return []
    words = words[1:] if words[:1] == ["docker"] else []
    return words[1:] if words[:1] == ["container"] else words


def _targets(words: list[str]) -> Touched:
    """The containers and networks one docker command line names as its objects."""
    if words[:1] in (["run"], ["create"]):
        return Touched(frozenset(_option(words, "--name")))
    if words[:1] and words[0] in TARGETS:
        return Touched(frozenset(_positionals(words[1:])))
    if words[:2] == ["network", "create"]:
        return Touched(networks=frozenset(words[-1:]))
    if words[:2] == ["network", "rm"]:
        return Touched(networks=frozenset(_positionals(words[2:])))
    if words[:2] in (["network", "connect"], ["network", "disconnect"]):
        named = _positionals(words[2:])
        return Touched(frozenset(named[1:2]), frozenset(named[:1]))
    return Touched()


def _option(words: list[str], name: str) -> list[str]:
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            return [words[i + 1]]
        if word.startswith(name + "="):
            return [word.partition("=")[2]]
    return []


def _positionals(words: list[str]) -> list[str]:
    found, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in VALUED:
            skip = True
        elif not word.startswith("-"):
            found.append(word)
    return found


def sim_copy(lab: LabLike) -> LabLike | None:
    """A lab on a copy of ``lab``'s simulated engine, or None when it has no copy."""
    backend: Any = getattr(lab, "backend", None)
    copy, using = getattr(backend, "copy", None), getattr(type(lab), "using", None)
    if callable(copy) and callable(using):
        return cast("LabLike", using(copy()))
    return None


@contextmanager
def scratch_lab(lab: LabLike, lines: Sequence[str] = ()) -> Iterator[LabLike]:
    """A lab in which ``lines`` (and probes) may run; the learner's lab stays as it was.

    Raises :class:`Refused` when, on a real engine, the lines would touch something
    the learner already has (or the lab cannot be listed).
    """
    copy = sim_copy(lab)
    if copy is not None:
        yield copy
        return
    names = touched(lines)
    if not names:
        yield lab
        return
    _refuse_clashes(names, _present(lab))
    try:
        yield lab
    finally:
        _remove(lab, names)


def _present(lab: LabLike) -> Touched:
    listed = [lab.sh(CONTAINERS), lab.sh(NETWORKS)]
    failed = next((r for r in listed if not r.ok), None)
    if failed is not None:
        raise Refused(_("Could not look at the lab: {error}").format(error=last_line(failed)))
    containers, networks = (frozenset(r.stdout.split()) for r in listed)
    return Touched(containers, networks)


def _refuse_clashes(names: Touched, present: Touched) -> None:
    containers = sorted(names.containers & present.containers)
    networks = sorted(names.networks & present.networks)
    if not containers and not networks:
        return
    things = [_("container {name}").format(name=c) for c in containers] + \
        [_("network {name}").format(name=n) for n in networks]
    fixes = ([f"docker rm -f {' '.join(containers)}"] if containers else []) + \
        ([f"docker network rm {' '.join(networks)}"] if networks else [])
    said = _("Not run: this question sets up its own {things}, and your lab already has them; "
             "rename or remove yours ({fixes}), then press the button again.") \
        if len(things) > 1 else \
        _("Not run: this question sets up its own {things}, and your lab already has one; "
          "rename or remove yours ({fixes}), then press the button again.")
    raise Refused(said.format(things=_(" and ").join(things),
                              fixes=", ".join(f"`{f}`" for f in fixes)))


def _remove(lab: LabLike, names: Touched) -> None:
    """Remove whichever of ``names`` exist now: containers first, then networks."""
    try:
        present = _present(lab)
    except Refused:
        present = names
    containers = sorted(names.containers & present.containers)
    networks = sorted(names.networks & present.networks)
    if containers:
        lab.sh(f"docker rm -f {' '.join(containers)}")
    if networks:
        lab.sh(f"docker network rm {' '.join(networks)}")


def run_setup(lab: LabLike, lines: Sequence[str]) -> str:
    """Run ``lines`` in order; the last failure as a note (clean-up lines may fail)."""
    note = ""
    for line in lines:
        result = lab.sh(line)
        if result.exit_code:
            first = (result.stderr.strip().splitlines() or [""])[0]
            note = _("(While setting up, `{command}` said: {error})").format(command=line,
                                                                              error=first)
    return note


def predict_run(lab: LabLike, setup: Sequence[str], command: str) -> tuple[CommandResult, str]:
    """Set up, then run ``command``, in a scratch lab: its result and the setup's note."""
    with scratch_lab(lab, (*setup, command)) as where:
        note = run_setup(where, setup)
        return where.sh(command), note
