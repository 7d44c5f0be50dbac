"""The saved notebooks read well before they run, and stay small.

What a learner sees on GitHub, on nbviewer, or in JupyterLab before running a cell is
the saved output. A saved widget view points at a model that died with the kernel
(JupyterLab shows "Error displaying widget: model not found", GitHub a repr such as
``LessonQuiz(children=(HTML(value='<style>…``), so ``make notebooks`` saves each
widget's static rendering instead (:mod:`coursekit.widgets.saved`), and pictures once.

``COURSEKIT_COURSE_DIR`` points the test at another copy of the course (a regenerated
one, before it replaces ``notebooks/``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
COURSE = Path(os.environ.get("COURSEKIT_COURSE_DIR") or ROOT / "notebooks")
NOTEBOOKS = sorted(COURSE.glob("[0-9]*.ipynb")) + sorted(COURSE.glob("zh-CN/[0-9]*.ipynb"))
"""Both editions: the English and the Chinese generated from it (notebooks/zh-CN)."""
MAX_BYTES = 300_000
VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_REPR = re.compile(r"\b(?:LessonQuiz|ProgressWidget|Console|StepPlayer|ModeComparison|"
                         r"ArchitectureExplorer|[VH]Box|HTML|Layout|Button)\(|children=\(")
"""A widget's repr: ``LessonQuiz(``, ``children=(``, ``VBox(``, ``HTML(value=…``."""


def outputs(notebook: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(cell index, output) for every output of every code cell."""
    return [(k, out) for k, cell in enumerate(notebook["cells"])
            for out in cell.get("outputs", [])]


def text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 9, f"no course in {COURSE}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(COURSE)))
def test_notebook_is_under_300_kb(path: Path) -> None:
    """Quick to open and to clone: pictures are stored once, as palette PNGs."""
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(COURSE)))
def test_no_widget_state_and_no_widget_views(path: Path) -> None:
    """Nothing that needs a live kernel to show: no saved models, no views pointing at them."""
    notebook = json.loads(path.read_text())
    assert "widgets" not in notebook["metadata"]
    views = [k for k, out in outputs(notebook) if VIEW in out.get("data", {})]
    assert not views, f"{path.name}: widget views saved in cells {views}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(COURSE)))
def test_no_output_shows_a_widget_repr(path: Path) -> None:
    """Every saved output reads as words: a widget's sentence and rendering, never its repr."""
    notebook = json.loads(path.read_text())
    found = [(k, match.group(0)) for k, out in outputs(notebook)
             for value in [*out.get("data", {}).values(), out.get("text", "")]
             if isinstance(value, (str, list))
             for match in [WIDGET_REPR.search(text(value))] if match]
    assert not found, f"{path.name}: widget reprs in (cell, text) {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(COURSE)))
def test_each_picture_is_stored_once(path: Path) -> None:
    """A picture is its HTML figure (PNG, alt text, caption), not also a second image/png."""
    notebook = json.loads(path.read_text())
    twice = [k for k, out in outputs(notebook)
             if "image/png" in out.get("data", {})
             and "data:image/png" in text(out["data"].get("text/html", ""))]
    assert not twice, f"{path.name}: pictures stored twice in cells {twice}"
