"""The demos played and drawn: the mode comparison, and the PNG files of ``make figures``.

Run: ``python -m coursekit.scenarios figures/`` (``make figures``). Each mode's scenario (see
:data:`coursekit.scenarios.MODES`) runs on a fresh simulated lab; the script writes
``<mode>.png`` and its text description ``<mode>.txt``, ``user-defined.png`` (two
networks, one internal, a container on both; :data:`~coursekit.scenarios.USER_DEFINED`)
and ``compare.png`` (all four modes).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.models import Topology
from coursekit.scenarios.modes import (
    USER_DEFINED,
    LabFactory,
    mode_titles,
    mode_topologies,
    play,
    sim_lab,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 100


def compare_modes(lab_factory: LabFactory = sim_lab) -> Figure:
    """Figure of bridge, host, none and container mode side by side (a 2 x 2 grid)."""
    from coursekit.viz import compare_topologies

    return compare_topologies(mode_topologies(lab_factory), mode_titles())


def write_figures(outdir: Path) -> list[Path]:
    """Write every figure into ``outdir``; returns the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    from coursekit.viz import compare_topologies

    outdir.mkdir(parents=True, exist_ok=True)
    tops = mode_topologies(sim_lab)
    user_defined = play(sim_lab(), USER_DEFINED.lines)
    written = [_write(outdir, name, top)
               for name, top in {**tops, USER_DEFINED.name: user_defined}.items()]
    written.append(outdir / "compare.png")
    compare_topologies(tops, mode_titles()).savefig(written[-1], dpi=DPI)
    return written


def _write(outdir: Path, name: str, top: Topology) -> Path:
    """``<name>.png`` (the picture) and ``<name>.txt`` (its description)."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from coursekit.viz import describe, draw_topology

    fig = draw_topology(top).figure
    assert isinstance(fig, Figure)
    fig.savefig(outdir / f"{name}.png", dpi=DPI)
    plt.close(fig)
    (outdir / f"{name}.txt").write_text(describe(top))
    return outdir / f"{name}.png"


def main(argv: list[str] | None = None) -> int:
    """Write the figures into ``argv[0]`` (default ``figures``), naming each file written."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_figures(Path(args[0] if args else "figures")):
        print(path)
    return 0

