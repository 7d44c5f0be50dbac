"""Every notebook runs top to bottom without an error, twice in one kernel, on the simulator
and (where an engine answers; required in CI) on a real Docker Engine.

nbval (run by ``make test`` with ``COURSEKIT_BACKEND=sim``) compares the committed outputs;
this test catches what nbval does not: an error in any cell fails here, and the second run
proves a notebook starts clean after ``lab.reset()``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.backends.engine.backend import EngineBackend

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def execute(path: Path, backend: str, runs: int = 1) -> None:
    """Run every cell ``runs`` times in one kernel; raises on the first error."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells = code * runs
    env = {**os.environ, "COURSEKIT_BACKEND": backend, "MPLBACKEND": "Agg"}
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)


def test_there_are_notebooks() -> None:
    """The course has its notebooks (start here, basics, the modes, architecture, challenges)."""
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_twice_on_the_simulator(path: Path) -> None:
    """Top to bottom, then again in the same kernel: no cell raises."""
    execute(path, "sim", runs=2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_on_the_engine(path: Path, engine: Any,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Top to bottom against a real Docker Engine: no cell raises. What the notebook's
    lab made is removed afterwards (notebooks end with their last scenario running)."""
    label = f"nbtest-{path.stem}"
    monkeypatch.setenv("COURSEKIT_LAB_LABEL", label)
    try:
        execute(path, "docker")
    finally:
        EngineBackend(client=engine, label_value=label).reset()
