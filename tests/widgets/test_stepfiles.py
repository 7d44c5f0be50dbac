"""Every lesson's step file loads and plays through on the simulator without a library error."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit import Lab
from coursekit.lab import INTERNAL_ERROR
from coursekit.widgets import load_steps

STEP_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "steps"
LESSONS = sorted(p.stem for p in STEP_DIR.glob("[0-9]*.json"))


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_steps_play_through(lesson: str) -> None:
    """Each step's command gets an answer from the lab, never an internal error."""
    steps = load_steps(lesson).steps
    assert len(steps) >= 3
    lab = Lab(backend="sim")
    for step in steps:
        result = lab.sh(step.command)
        assert INTERNAL_ERROR not in result.stderr, (lesson, step.command, result.stderr)
