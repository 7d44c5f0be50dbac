"""Topology picture speed: 50 containers on 5 networks, from snapshot to pixels.

Target (issue "The topology view"): drawing 50 containers on 5 networks under 1 s.
Prints the median of each stage: ``layout`` (pure geometry), ``draw_topology``
(matplotlib artists), ``render`` (Agg rasterises the figure, as a notebook does
when it shows it) and their sum, plus ``describe``. Also how long ``import
coursekit.viz`` takes (matplotlib must not be imported then).
Run: ``python benchmarks/plot.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from coursekit import Lab
from coursekit.models import Topology
from coursekit.viz import describe, draw_layout, layout

REPEAT = 5
NETWORKS, CONTAINERS = 5, 50


def scenario() -> Topology:
    """50 containers over docker0 and 4 user networks, every seventh publishing a port."""
    lab = Lab(backend="sim")
    nets = ["bridge"] + [f"net{k}" for k in range(1, NETWORKS)]
    lab.run(*(f"docker network create {n}" for n in nets[1:]))
    for k in range(CONTAINERS):
        port = f"-p {9000 + k}:80 " if k % 7 == 0 else ""
        lab.sh(f"docker run -d --name c{k:02d} --network {nets[k % NETWORKS]} {port}"
               "busybox httpd -f -p 80")
    return lab.snapshot()


def median_s(work: Callable[[], object]) -> float:
    """Median CPU seconds of ``work`` (CPU time: other busy processes do not count)."""
    times = []
    for _ in range(REPEAT):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def stages(top: Topology) -> dict[str, float]:
    lay = layout(top)
    timings = {"layout": median_s(lambda: layout(top))}

    def artists() -> None:
        plt.close(draw_layout(lay).figure.figure)

    def rendered() -> None:
        fig = draw_layout(lay).figure.figure
        fig.canvas.draw()
        plt.close(fig)

    timings["draw_topology"] = median_s(artists)
    timings["render"] = median_s(rendered) - timings["draw_topology"]
    timings["total"] = timings["layout"] + timings["draw_topology"] + timings["render"]
    timings["describe"] = median_s(lambda: describe(top))
    return timings


def import_time() -> tuple[float, bool]:
    code = ("import sys, time; t = time.perf_counter(); import coursekit.viz; "
            "print(time.perf_counter() - t, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), out[1] == "True"


def main() -> None:
    top = scenario()
    lay = layout(top)
    print(f"topology: {len(top.containers)} containers, {NETWORKS} networks; figure "
          f"{lay.width:.1f} x {lay.height:.1f} in, {len(lay.boxes)} boxes, "
          f"{len(lay.wires)} wires, {sum(len(b.lines) for b in lay.boxes)} text rows")
    print(f"matplotlib {matplotlib.__version__}; median CPU time of {REPEAT} runs")
    for stage, seconds in stages(top).items():
        print(f"  {stage:<14} {seconds * 1000:8.1f} ms")
    seconds, loaded = import_time()
    print(f"  import coursekit.viz {seconds * 1000:6.1f} ms (matplotlib imported: {loaded})")
    print("target: total under 1000 ms")


if __name__ == "__main__":
    main()
