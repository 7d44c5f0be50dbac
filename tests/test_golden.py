"""Golden tests: the simulator answers each scenario as the real engine did, per profile.

The expected outputs were recorded from each live engine on a fresh daemon per scenario
(tests/support/record.py through ``.ci/engines.sh``'s ``engines_record``):
tests/golden/28.5/ from Docker Engine 28.5 behind its CLI 28.5, tests/golden/20.10/ from
Engine 20.10 behind the docker CLI 28.2. The simulator plays each engine by its profile
and must agree with that engine's recording after normalising only what legitimately
varies (ids, indexes, timings; on 28.5 also its random MACs and the binding a port clash
names).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_support import THIS_MACHINE
from scenarios import replay_differences, scenarios

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

GOLDEN = Path(__file__).resolve().parent / "golden"
ENGINES = tuple(PROFILES)


def recorded(engine: str) -> list[str]:
    """The scenarios recorded on ``engine`` (tests/golden/ENGINE/NAME.json)."""
    return sorted(p.stem for p in (GOLDEN / engine).glob("*.json"))


CASES = [(engine, name) for engine in ENGINES for name in recorded(engine)]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_scenario_has_a_recording(engine: str) -> None:
    """Each scenario file was recorded from each engine (so each is checked below)."""
    assert sorted(scenarios()) == recorded(engine)


@pytest.mark.parametrize(("engine", "name"), CASES, ids=[f"{e}/{n}" for e, n in CASES])
def test_simulator_matches_engine_recording(engine: str, name: str) -> None:
    """Every step's stdout, stderr and exit code match the engine's, normalised."""
    steps = scenarios()[name]
    recording = json.loads((GOLDEN / engine / f"{name}.json").read_text())
    assert [r["line"] for r in recording] == [s.line for s in steps], "re-record this scenario"
    lab = Lab.using(SimBackend(seed=0, profile=PROFILES[engine], **THIS_MACHINE))
    diffs = replay_differences(lab.sh, steps, recording, engine)
    assert not diffs, "\n\n".join(diffs)
