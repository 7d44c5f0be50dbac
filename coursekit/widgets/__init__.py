"""Interactive widgets of the course (ipywidgets 8, no JavaScript of our own).

- :class:`Console`: type docker command lines, read the answers as in a terminal;
- :class:`StepPlayer`: a lesson's commands one step at a time (:class:`Step`,
  :func:`load_steps`, files in ``notebooks/steps``);
- :class:`TopologyPicture`: the lab's topology as PNG, HTML with alt text, and words
  (what ``lab.show()`` returns);
- :class:`ModeComparison`: bridge, host, none and container mode, one at a time;
- :class:`ArchitectureExplorer`: where each command travels, old picture and new.

Names are imported on first use, so ``coursekit.widgets.picture`` (``lab.show()``)
does not load ipywidgets, and nothing here loads matplotlib until a picture is drawn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.widgets.architecture import ArchitectureExplorer
    from coursekit.widgets.compare import ModeComparison
    from coursekit.widgets.console import Console
    from coursekit.widgets.picture import TopologyPicture
    from coursekit.widgets.stepfile import Step, StepList, StepsError, load_steps
    from coursekit.widgets.steps import StepPlayer

_HOMES = {"ArchitectureExplorer": "architecture", "Console": "console",
          "ModeComparison": "compare", "Step": "stepfile", "StepList": "stepfile",
          "StepPlayer": "steps", "StepsError": "stepfile", "TopologyPicture": "picture",
          "load_steps": "stepfile"}

__all__ = ["ArchitectureExplorer", "Console", "ModeComparison", "Step", "StepList",
           "StepPlayer", "StepsError", "TopologyPicture", "load_steps"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'coursekit.widgets' has no attribute {name!r}")
    value = getattr(import_module(f"coursekit.widgets.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
