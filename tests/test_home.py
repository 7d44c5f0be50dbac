"""The test session keeps out of the real home: the learner's store, config and everything
a kernel writes land in the session's temporary home (the ``homes`` fixture)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.quiz.progress import Progress, config_file, data_dir

WHERE = ("from coursekit.quiz.progress import config_file, data_dir\n"
         "import IPython, jupyter_core.paths as jp, pathlib\n"
         "print(data_dir(), config_file(), pathlib.Path.home(), IPython.paths.get_ipython_dir(),"
         " jp.jupyter_runtime_dir(), jp.jupyter_data_dir(), sep='\\n')")
"""A cell printing where coursekit, IPython and Jupyter would write, one path a line."""


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def test_the_session_home_is_a_temporary_folder_outside_the_real_home(
        homes: tuple[Path, Path]) -> None:
    """HOME is the session's own folder, and it lies outside the real home."""
    test_home, real_home = homes
    assert Path.home() == test_home and test_home.is_dir()
    assert not inside(test_home, real_home)


def test_the_store_and_the_config_live_in_the_session_home(homes: tuple[Path, Path]) -> None:
    """coursekit's progress store and config file resolve inside the temporary home."""
    test_home, real_home = homes
    for path in (data_dir(), config_file()):
        assert inside(path, test_home) and not inside(path, real_home), path


def test_a_recorded_answer_lands_in_the_session_home(homes: tuple[Path, Path]) -> None:
    """An answer stored the way a quiz stores it (``Progress()``) is written under the
    temporary home, so the real ``~/.local/share/coursekit/`` stays untouched."""
    test_home, _ = homes
    with Progress() as store:
        store.record("00-start-here", "home-test", "42", True)
        assert inside(store.path, test_home) and store.path.exists()
        assert store.attempts("00-start-here", "home-test")[0].answer == "42"


def test_a_kernel_writes_only_into_the_session_home(homes: tuple[Path, Path]) -> None:
    """A notebook kernel, started as the notebook tests start theirs, finds coursekit's
    store, its home, IPython's folder and Jupyter's folders inside the temporary home."""
    test_home, real_home = homes
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WHERE)])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(env=dict(os.environ))
    (out,) = nb.cells[0].outputs
    paths = [Path(line) for line in out.text.splitlines()]
    assert len(paths) == 6
    for path in paths:
        assert inside(path, test_home) and not inside(path, real_home), path
