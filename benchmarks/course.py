"""The whole course, executed top to bottom on the simulator: how long it takes.

Target (issue "The course"): under 90 s on a 2-core machine. Each notebook runs in a
fresh kernel with nbclient, as ``make notebooks`` does. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, "COURSEKIT_BACKEND": "sim", "MPLBACKEND": "Agg",
           "COURSEKIT_HOME": tempfile.mkdtemp()}
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    return time.perf_counter() - start


def main() -> None:
    total = 0.0
    for path in NOTEBOOKS:
        seconds = run(path)
        total += seconds
        print(f"  {path.name:<26} {seconds:6.1f} s")
    print(f"whole course on the simulator: {total:.1f} s for {len(NOTEBOOKS)} notebooks "
          "(target < 90 s; includes each kernel's start)")


if __name__ == "__main__":
    main()
