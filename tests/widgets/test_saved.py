"""Every widget of the course reads well saved: a sentence, a static rendering, a live view.

The saved output of a widget's cell is what GitHub, nbviewer and a freshly opened
JupyterLab show: the bundle's ``text/plain`` must be a sentence (never a repr such as
``LessonQuiz(children=(HTML(…``) and its ``text/html`` a rendering that needs no kernel
and no ``<style>`` block (JupyterLab's sanitizer drops those), ending in what running
the cell does. :func:`drop_widget_views` then leaves only those two in the notebook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

import nbformat
import pytest

from coursekit import Lab
from coursekit.quiz import quiz, show_progress
from coursekit.quiz.progress import Progress
from coursekit.widgets import ArchitectureExplorer, Console, ModeComparison, StepPlayer
from coursekit.widgets.saved import VIEW, drop_widget_views
from coursekit.widgets.steps import Step

REPR = re.compile(r"\b[A-Z]\w*\(|children=|value='")
"""What a widget repr looks like: ``LessonQuiz(``, ``children=(``, ``HTML(value='``."""

Make = Callable[[Lab, Progress], Any]
WIDGETS: dict[str, tuple[Make, str]] = {
    "quiz": (lambda lab, store: quiz("02-bridge", "docker0-is", lab=lab, progress=store),
             "Run this cell to answer."),
    "progress": (lambda lab, store: show_progress(store),
                 "Run this cell to see your score in each lesson."),
    "console": (lambda lab, store: Console(lab), "Run this cell to open the console."),
    "steps": (lambda lab, store: StepPlayer(lab, [Step("docker network ls", "Three networks.")],
                                            title="A look"),
              "Run this cell to play the steps"),
    "modes": (lambda lab, store: ModeComparison(), "Run this cell to switch between the modes"),
    "architecture": (lambda lab, store: ArchitectureExplorer(),
                     "Run this cell to pick another command"),
}


@pytest.fixture
def store(tmp_path: Any) -> Progress:
    return Progress(tmp_path / "progress.db")


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_bundle_is_a_live_view_a_sentence_and_a_static_rendering(name: str,
                                                                 store: Progress) -> None:
    """The live view for JupyterLab, and two forms that read without a kernel."""
    make, note = WIDGETS[name]
    bundle = make(Lab(backend="sim"), store)._repr_mimebundle_()
    assert set(bundle) == {VIEW, "text/plain", "text/html"}
    text, page = bundle["text/plain"], bundle["text/html"]
    assert not REPR.search(text) and "\n" not in text and len(text) < 160, text
    assert "run this cell" in text.lower()
    assert note in page and 'class="coursekit-static"' in page
    assert "<style" not in page and "<script" not in page


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_static_rendering_does_not_follow_the_session(name: str, store: Progress) -> None:
    """Built twice from the same inputs, after use in between: the same bytes (nbval)."""
    make, _note = WIDGETS[name]
    lab = Lab(backend="sim")
    first = make(lab, store)
    before = first._repr_mimebundle_()
    lab.sh("docker run -d --name later busybox sleep 1d")
    store.record("02-bridge", "docker0-is", "A network card", False)
    again = make(Lab(backend="sim"), store)._repr_mimebundle_()
    for key in ("text/plain", "text/html"):
        assert again[key] == before[key]


def test_step_player_saved_lists_every_step_with_its_command() -> None:
    """Before running, a reader sees the whole walk-through: each explanation and command."""
    steps = [Step("docker network ls", "Three networks."),
             Step("docker run -d --name u1 busybox sleep 1d", "A container `u1`.")]
    page = StepPlayer(Lab(backend="sim"), steps, title="A look")._repr_mimebundle_()["text/html"]
    assert page.index("Three networks.") < page.index("docker network ls") \
        < page.index("<code>u1</code>") < page.index("docker run -d --name u1")
    assert "2 steps" in page and "<b>A look</b>" in page


def test_mode_comparison_saved_explains_all_four_modes() -> None:
    widget = ModeComparison()
    page = widget._repr_mimebundle_()["text/html"]
    for mode in ("bridge", "host", "none", "container"):
        assert widget.mode_html(mode) in page
    assert "data:image/png" not in page  # the pictures come when the cell runs


def notebook_with_a_widget() -> Any:
    """An executed notebook as nbconvert holds it: a widget cell, a result, saved state."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    widget_out = nbformat.v4.new_output("execute_result", {
        VIEW: {"version_major": 2, "version_minor": 0, "model_id": "ab" * 16},
        "text/plain": "Quiz: 1 question", "text/html": "<div>Pick one.</div>"},
        execution_count=1)
    result_out = nbformat.v4.new_output("execute_result", {
        "text/plain": "NETWORK ID", "text/html": "<pre>NETWORK ID</pre>"}, execution_count=2)
    stream = nbformat.v4.new_output("stream", name="stdout", text="hello\n")
    nb.cells = [nbformat.v4.new_code_cell("quiz(...)", outputs=[widget_out]),
                nbformat.v4.new_code_cell("lab.sh(...)", outputs=[result_out, stream]),
                nbformat.v4.new_markdown_cell("# Title")]
    return nb


def test_drop_widget_views_keeps_the_static_forms_only() -> None:
    """No view, no widget state; every other output and cell as it was."""
    nb = notebook_with_a_widget()
    kept = nbformat.from_dict(nbformat.v4.upgrade(nb))
    resources = {"note": 1}
    cleaned, same = drop_widget_views(nb, resources)
    assert same is resources and "widgets" not in cleaned.metadata
    assert cleaned.cells[0].outputs[0].data == {"text/plain": "Quiz: 1 question",
                                                "text/html": "<div>Pick one.</div>"}
    assert cleaned.cells[1:] == kept.cells[1:]
    nbformat.validate(cleaned)


def test_drop_widget_views_runs_as_an_nbconvert_preprocessor(tmp_path: Any) -> None:
    """The way `make notebooks` names it: a dotted name in NotebookExporter.preprocessors."""
    from nbconvert import NotebookExporter
    from traitlets.config import Config

    config = Config({"NotebookExporter": {
        "preprocessors": ["coursekit.widgets.saved.drop_widget_views"]}})
    body, _resources = NotebookExporter(config=config).from_notebook_node(notebook_with_a_widget())
    assert VIEW not in body and "widget-state" not in body and "Pick one." in body
