"""Scripted scenarios: command lines as data, played on a lab by whoever shows them.

- :mod:`~coursekit.scenarios.modes`: the mode demos (:data:`MODES`: bridge, host, none,
  container; :data:`USER_DEFINED`), :func:`play` on a lab you give, or
  :func:`mode_topologies` on fresh labs (the simulator unless you pass a factory);
- :mod:`~coursekit.scenarios.steps`: a lesson's walk-through as data,
  ``notebooks/steps/<lesson>.json`` (:func:`load_steps`; played by
  :class:`coursekit.widgets.StepPlayer`);
- :mod:`~coursekit.scenarios.figures`: the demos played and drawn
  (:func:`compare_modes`; ``python -m coursekit.scenarios figures/``).

Pictures (:mod:`coursekit.viz`) draw the Topologies a scenario leaves and never run a
command; widgets take their scenarios from here. Errors::

    ValueError
    └── StepsError      a step file that cannot be used (names the file and the step)
"""

from coursekit.scenarios.figures import compare_modes, write_figures
from coursekit.scenarios.modes import (
    MODES,
    USER_DEFINED,
    LabLike,
    Scenario,
    mode_titles,
    mode_topologies,
    play,
    play_fresh,
    sim_lab,
)
from coursekit.scenarios.steps import Step, StepList, StepsError, load_steps, parse_steps

__all__ = [
    "LabLike",
    "MODES",
    "Scenario",
    "Step",
    "StepList",
    "StepsError",
    "USER_DEFINED",
    "compare_modes",
    "load_steps",
    "mode_titles",
    "mode_topologies",
    "parse_steps",
    "play",
    "play_fresh",
    "sim_lab",
    "write_figures",
]
