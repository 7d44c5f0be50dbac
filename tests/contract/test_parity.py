"""The parity suite: every scenario step gives the same answer from the simulator, from
coursekit in front of a real engine, and from the docker CLI itself.

Each scenario (tests/scenarios/*.txt) runs on a real engine twice: through the docker CLI
(when a 28.x client is on PATH; tests/support/cli_runs.py runs it once for this suite
and test_api_parity's documents) and through ``Lab(backend="docker")`` (coursekit renders
the engine's data); each is compared with a fresh ``Lab(backend="sim")`` whose subnet
cursor is aligned with the engine's as the run began (a real daemon's cursor moves with
every network it ever made). A stop without a timeout runs with ``-t 0`` on every side
(``scenarios.quick``: the same answers, none of the engine's ten seconds of waiting).
Outputs are compared after normalising only ids, indexes, timings and the host's
resolver (and, on 28.5, its random MACs). The simulator runs the profile of the engine it
is compared with (28.5 or 20.10, by the engine's version). Every difference fails, except
where CI took an engine 28 newer than the profiled one (``COURSEKIT_CONTRACT_REPORT_ONLY=1``):
then each difference is reported loudly as a warning and the recorded 28.5 goldens gate.
The number of steps compared per engine is printed at the end.

The coursekit-through-engine test also compares the host's netfilter rules: after the
scenario's steps up to its trailing removals, the host's ``iptables-save`` (read as root,
as CI runs; elsewhere that part is skipped with one warning, or fails when
``COURSEKIT_REQUIRE_ENGINE`` is set) must equal the aligned simulator's, normalised as
tests/test_netfilter_golden.py does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from cli_runs import cli_run
from engine_support import aligned_sim, engine_profile
from scenarios import (
    COMPARED,
    RULES_XFAIL,
    Step,
    cleanup_start,
    comparable,
    comparable_rules,
    host_rules,
    quick,
    scenarios,
)

from coursekit import Lab
from coursekit.backends.engine.backend import EngineBackend

SCENARIOS = scenarios()
REPORT_ONLY = "COURSEKIT_CONTRACT_REPORT_ONLY"
NOT_ROOT = "not root: the host's iptables rules are not compared with the simulator's"
Check = Callable[[str, Lab], list[str]]


def cli_version() -> str:
    """The version of the docker CLI on PATH ("" when there is none)."""
    path = shutil.which("docker")
    if path is None:
        return ""
    proc = subprocess.run([path, "version", "--format", "{{.Client.Version}}"],
                          capture_output=True, text=True)
    return proc.stdout.strip()


def run_lab(lab: Lab, step: Step) -> tuple[str, str, int]:
    result = lab.sh(step.line)
    return result.stdout, result.stderr, result.exit_code


def compare(name: str, engine_side: Callable[[Step], tuple[str, str, int]], client: Any,
            rules: Check | None = None, sim: Lab | None = None) -> list[str]:
    """Run scenario ``name`` on the engine via ``engine_side`` and on an aligned simulator
    (``sim``, else one aligned now), both given each step as :func:`quick` makes it;
    ``rules`` compares the host's rules with the simulator's before the trailing
    removals."""
    sim = sim or aligned_sim(client)
    engine = engine_profile(client).name
    steps = SCENARIOS[name]
    cut = cleanup_start([step.line for step in steps])
    diffs = []
    for index, step in enumerate(steps):
        if rules is not None and index == cut:
            diffs += rules(engine, sim)
        fast = quick(step)
        want = comparable(step, *engine_side(fast), engine=engine)
        have = comparable(step, *run_lab(sim, fast), engine=engine)
        COMPARED.append(f"{engine}/{step.id}")
        if want != have:
            diffs.append(f"step {step.number}: $ {step.line}\n--- engine\n{want}\n--- sim\n{have}")
    if rules is not None and cut == len(steps):
        diffs += rules(engine, sim)
    return diffs


def _iptables_save(argv: list[str]) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, check=True)
    return proc.stdout


def rules_differ(name: str) -> Check:
    """The check of scenario ``name``'s rules: the host's iptables-save against the
    simulator's (none where RULES_XFAIL gives the reason the simulator cannot match yet)."""
    def check(engine: str, sim: Lab) -> list[str]:
        if (engine, name) in RULES_XFAIL:
            return []
        want = comparable_rules(host_rules(_iptables_save))
        have = comparable_rules(sim.sh("iptables-save").stdout)
        return [] if want == have else [f"$ iptables-save\n--- engine\n{want}--- sim\n{have}"]
    return check


def host_rules_check(name: str) -> Check | None:
    """``rules_differ(name)`` as root; elsewhere None, after one warning (or a failure when
    an engine is required)."""
    if os.geteuid() == 0:
        return rules_differ(name)
    if os.environ.get("COURSEKIT_REQUIRE_ENGINE"):
        pytest.fail(NOT_ROOT)
    warnings.warn(NOT_ROOT, stacklevel=2)
    return None


def judge(diffs: list[str]) -> None:
    """Every difference fails; with an unprofiled engine 28 each is a loud warning instead."""
    if diffs and os.environ.get(REPORT_ONLY):
        for diff in diffs:
            warnings.warn(f"engine differs from the profile it was recorded for:\n{diff}",
                          stacklevel=2)
        return
    assert not diffs, "\n\n".join(diffs)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_coursekit_on_the_engine_matches_the_simulator(name: str, clean_engine: Any,
                                                       lab_label: str) -> None:
    """coursekit rendering a real engine's data answers as the simulator does."""
    lab = Lab.using(EngineBackend(client=clean_engine, label_value=lab_label))
    try:
        diffs = compare(name, lambda step: run_lab(lab, step), clean_engine,
                        host_rules_check(name))
    finally:
        lab.reset()
    judge(diffs)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_docker_cli_matches_the_simulator(name: str, clean_engine: Any) -> None:
    """The docker CLI itself, on the same engine, answers as the simulator does."""
    wanted, found = engine_profile(clean_engine).cli.version, cli_version()
    if found != wanted:
        reason = (f"needs the docker CLI {wanted} on PATH (found {found or 'none'}): "
                  "compared through coursekit only")
        if os.environ.get("COURSEKIT_REQUIRE_ENGINE"):
            pytest.fail(reason)
        pytest.skip(reason)
    run = cli_run(clean_engine, name)
    judge(compare(name, run.answer, clean_engine,
                  sim=Lab.using(run.alignment.backend())))


def test_enough_steps_are_compared() -> None:
    """The suite covers at least 60 command steps (the scenarios define them)."""
    assert sum(len(steps) for steps in SCENARIOS.values()) >= 60
