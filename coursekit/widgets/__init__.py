"""Interactive widgets of the course (ipywidgets 8, no JavaScript of our own).

- :class:`Console`: type docker command lines, read the answers as in a terminal;
- :class:`StepPlayer`: a lesson's commands one step at a time (:class:`Step`,
  :func:`load_steps`, files in ``notebooks/steps``; the format is
  :mod:`coursekit.scenarios.steps`);
- :class:`TopologyPicture`: the lab's topology as PNG, HTML with alt text, and words
  (what ``lab.show()`` returns; it lives in :mod:`coursekit.viz.picture`);
- :class:`ModeComparison`: bridge, host, none and container mode, one at a time
  (the scenarios of :mod:`coursekit.scenarios.modes`);
- :class:`ArchitectureExplorer`: where each command travels, old picture and new.

A widget is handed a lab (anything with ``sh(line)`` and ``snapshot()``) and never
builds one, except where a scenario needs fresh labs (``ModeComparison``), which come
from :mod:`coursekit.scenarios`. Names are imported on first use, so importing this
package loads neither ipywidgets nor matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.scenarios.steps import Step, StepList, StepsError, load_steps
    from coursekit.viz.picture import TopologyPicture
    from coursekit.widgets.architecture import ArchitectureExplorer
    from coursekit.widgets.compare import ModeComparison
    from coursekit.widgets.console import Console
    from coursekit.widgets.steps import StepPlayer

_HOMES = {"ArchitectureExplorer": "coursekit.widgets.architecture",
          "Console": "coursekit.widgets.console", "ModeComparison": "coursekit.widgets.compare",
          "Step": "coursekit.scenarios.steps", "StepList": "coursekit.scenarios.steps",
          "StepPlayer": "coursekit.widgets.steps", "StepsError": "coursekit.scenarios.steps",
          "TopologyPicture": "coursekit.viz.picture", "load_steps": "coursekit.scenarios.steps"}

__all__ = ["ArchitectureExplorer", "Console", "ModeComparison", "Step", "StepList",
           "StepPlayer", "StepsError", "TopologyPicture", "load_steps"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'coursekit.widgets' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
