"""Golden tests: the simulator answers each scenario as the real engine did.

The expected outputs in tests/golden/ were recorded from Docker Engine 20.10 behind the
docker CLI 28.2 (tests/support/record.py); the simulator computes its own and must agree
after normalising only what legitimately varies (ids, indexes, timings).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scenarios import comparable, scenarios

from coursekit import Lab

GOLDEN = Path(__file__).resolve().parent / "golden"
RECORDED = sorted(p.stem for p in GOLDEN.glob("*.json"))


def test_every_scenario_has_a_recording() -> None:
    """Each scenario file was recorded from the engine (so each is checked below)."""
    assert sorted(scenarios()) == RECORDED


@pytest.mark.parametrize("name", RECORDED)
def test_simulator_matches_engine_recording(name: str) -> None:
    """Every step's stdout, stderr and exit code match the engine's, normalised."""
    steps = scenarios()[name]
    recorded = json.loads((GOLDEN / f"{name}.json").read_text())
    assert [r["line"] for r in recorded] == [s.line for s in steps], "re-record this scenario"
    lab = Lab(backend="sim")
    diffs = []
    for step, rec in zip(steps, recorded, strict=True):
        got = lab.sh(step.line)
        want = comparable(step, rec["stdout"], rec["stderr"], rec["exit_code"])
        have = comparable(step, got.stdout, got.stderr, got.exit_code)
        if want != have:
            diffs.append(f"step {step.number}: $ {step.line}\n--- engine\n{want}\n--- sim\n{have}")
    assert not diffs, "\n\n".join(diffs)
