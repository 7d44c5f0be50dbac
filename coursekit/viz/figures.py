"""Write the topology pictures of each network mode as PNG files (``make figures``).

Run: ``python -m coursekit.viz.figures figures/``. Each mode's scenario (see
:data:`coursekit.viz.compare.MODES`) runs on a fresh simulated lab; the script writes
``<mode>.png`` and its text description ``<mode>.txt``, ``user-defined.png`` (two
networks, one internal, a container on both) and ``compare.png`` (all four modes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from coursekit.models import Topology

USER_DEFINED = (
    "docker network create front",
    "docker network create --internal back",
    "docker run -d --name web --network front -p 127.0.0.1:8080:80 busybox httpd -f -p 80",
    "docker run -d --name api --network front busybox sleep 1d",
    "docker network connect back api",
    "docker run -d --name db --network back busybox sleep 1d",
    "docker run -d --name old busybox sleep 1d",
    "docker stop old",
)
"""Scenario of ``user-defined.png``."""
DPI = 100


def write_figures(outdir: Path) -> list[Path]:
    """Write every figure into ``outdir``; returns the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    from coursekit.lab import Lab
    from coursekit.viz import compare_topologies, mode_topologies

    outdir.mkdir(parents=True, exist_ok=True)
    tops = mode_topologies(lambda: Lab(backend="sim"))
    lab = Lab(backend="sim")
    lab.run(*USER_DEFINED)
    written = [_write(outdir, name, top)
               for name, top in {**tops, "user-defined": lab.snapshot()}.items()]
    written.append(outdir / "compare.png")
    compare_topologies(tops).savefig(written[-1], dpi=DPI)
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
    args = sys.argv[1:] if argv is None else argv
    for path in write_figures(Path(args[0] if args else "figures")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
