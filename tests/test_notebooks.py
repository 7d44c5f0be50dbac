"""Every notebook runs top to bottom without an error, twice in one kernel, on the simulator
and (where an engine answers; required in CI) on a real Docker Engine, where every cell
must answer as the simulator of that engine's profile does.

nbval (run by ``make test`` with ``COURSEKIT_BACKEND=sim``) compares the committed outputs;
this test catches what nbval does not: an error in any cell fails here, the second run
proves a notebook starts clean after ``lab.reset()``, and the engine run proves that no cell
relies on an answer in which the simulator and the engine it imitates differ. Outputs are
compared as the golden tests compare them (ids, indexes, timings and, on 28.5, random MACs
normalised); a cell tagged ``engine-differs`` (its source says why, e.g. it names the
backend) is not compared.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from engine_support import engine_profile
from nbclient import NotebookClient
from scenarios import normalize

from coursekit.backends.engine.backend import EngineBackend

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


DIFFERS = "engine-differs"
WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(path: Path, backend: str, runs: int = 1, engine: str = "") -> Any:
    """Run every cell ``runs`` times in one kernel; raises on the first error. Returns the
    executed notebook (code cells only)."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells = code * runs
    env = {**os.environ, "COURSEKIT_BACKEND": backend, "MPLBACKEND": "Agg"}
    if engine:
        env["COURSEKIT_ENGINE"] = engine
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    return nb


def shown(cell: Any, engine: str) -> list[tuple[str, str]]:
    """What a cell showed, as text (streams, text/plain, text/html; not images, and a
    widget by its text only), normalised for ``engine``."""
    seen = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            seen.append((out.name, normalize(out.text, engine)))
        for kind in ("text/plain", "text/html"):
            if kind in out.get("data", {}) and WIDGET not in out.data:
                seen.append((kind, normalize(out.data[kind], engine)))
    return seen


def differences(on_engine: Any, on_sim: Any, engine: str) -> list[str]:
    """The code cells (not tagged ``engine-differs``) whose outputs differ."""
    diffs = []
    for number, (real, sim) in enumerate(zip(on_engine.cells, on_sim.cells, strict=True), 1):
        if DIFFERS in real.get("metadata", {}).get("tags", []):
            continue
        want, have = shown(real, engine), shown(sim, engine)
        if want != have:
            diffs.append(f"cell {number}: {real.source[:70]!r}\n"
                         f"--- engine\n{want}\n--- sim\n{have}")
    return diffs


def test_there_are_notebooks() -> None:
    """The course has its notebooks (start here, basics, the modes, architecture, challenges)."""
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_twice_on_the_simulator(path: Path) -> None:
    """Top to bottom, then again in the same kernel: no cell raises."""
    execute(path, "sim", runs=2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_on_the_engine(path: Path, clean_engine: Any,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Top to bottom against a real Docker Engine: no cell raises, and every cell answers
    as the simulator of that engine's profile does. What the notebook's lab made is
    removed afterwards (notebooks end with their last scenario running)."""
    label = f"nbtest-{path.stem}"
    monkeypatch.setenv("COURSEKIT_LAB_LABEL", label)
    profile = engine_profile(clean_engine).name
    try:
        on_engine = execute(path, "docker")
    finally:
        EngineBackend(client=clean_engine, label_value=label).reset()
    diffs = differences(on_engine, execute(path, "sim", engine=profile), profile)
    assert not diffs, "\n\n".join(diffs)
