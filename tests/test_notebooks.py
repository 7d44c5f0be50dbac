"""Every notebook runs top to bottom without an error, twice in one kernel, on the simulator
and (where an engine answers; required in CI) on a real Docker Engine, where every cell
must answer as the simulator of that engine's profile does.

nbval (run by ``make test`` with ``COURSEKIT_BACKEND=sim``) compares the committed outputs;
this test catches what nbval does not: an error in any cell fails here, the second run
proves a notebook starts clean after ``lab.reset()``, and the engine run proves that no cell
relies on an answer in which the simulator and the engine it imitates differ. Outputs are
compared as the golden tests compare them (ids, indexes, timings and, on 28.5, random MACs
normalised). What the machine decides, not the engine, is left out: a cell that runs a
command on the host (``lab.sh("ip addr")``: this machine's own interfaces and routes), and
the host's part of a picture's description. What varies from run to run on any engine
is compared as the golden tests compare it: ``nslookup`` answers as a set of lines (their
order is the order they arrive), tables without their padding (a column is as wide as its
longest duration, "3 seconds ago" or "About a minute ago"), a bridge's carrier (the kernel
drops it a moment after its last port leaves), the host ports ``-P`` picks by
the order they first appear (the allocator goes on from the last port it gave out), and
no host PIDs, nor ``Lab()``'s line naming the backend that answers. Engine 20.10 hands
out user-defined subnets round-robin from a cursor that moves with every network the
daemon ever made (in CI it made hundreds before), so there its pool addresses
(172.18-31.x.x, 192.168.x.x, and the MACs it derives from them) are replaced by
``<POOL>`` and a cell that types one is not compared; on 28.5, which takes the first free
subnet, they are compared as they are. A cell tagged ``engine-differs`` is not
compared: those that name the backend (``lab``, ``lab.kind``) and
the one that shows this machine's interfaces through a host-mode container.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from engine_support import engine_profile
from nbclient import NotebookClient
from scenarios import normalize

from coursekit.backends.engine.backend import EngineBackend

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


DIFFERS = "engine-differs"
WIDGET = "application/vnd.jupyter.widget-view+json"
HOST_COMMAND = re.compile(r"""^lab\.sh\(["'](?!docker\b)""")
"""A cell asking the host itself (``lab.sh("ip route")``): the machine answers, not Docker."""
HOST_PART = re.compile(r"^Network topology of host .*?\n(?=Networks )", re.S)
"""A picture's headline (which backend) and the host's own interfaces, up to its networks."""
INDEX = re.compile(r"\b\d+: (?=[a-z])")
"""An interface index inside a line (``bridge 4: docker0``): the host numbers them."""
PADDING = re.compile(r" {2,}")
EPHEMERAL = re.compile(r"(?<=:)(3276[89]|327[7-9]\d|32[89]\d\d|3[3-9]\d{3}|[45]\d{4}|60\d{3})\b")
"""A host port from the range ``-P`` picks from (32768-60999), after its colon."""
HOST_PID = re.compile(r"\b(PID|process) \d+")
NO_CARRIER = re.compile(r", no carrier \(state DOWN\)")
"""A bridge's carrier: the kernel drops it a moment after the last port leaves, so a picture
taken right after a ``docker rm`` may still show it up."""
BACKEND_LINE = re.compile(r"^coursekit: (using the |no Docker Engine reachable |the Docker Engine "
                          r"is not reachable )")
"""``Lab()``'s one line saying which backend it chose (``coursekit.lab.LOG``): it differs
between the engine and the simulator by design."""
POOL_ADDRESS = re.compile(r"\b(?:172\.(?:1[89]|2\d|3[01])|192\.168)\.\d+\.(?:\d+|N)(?:/\d+)?"
                          r"|\b02:42:(?:ac:1[2-9a-f]|c0:a8):[0-9a-f]{2}:[0-9a-f]{2}\b")
"""An address (or subnet) from the pools user-defined networks are given, and the MAC that
20.10 derives from such an address (02:42 and its four bytes)."""


def execute(path: Path, backend: str, runs: int = 1, engine: str = "") -> Any:
    """Run every cell ``runs`` times in one kernel; raises on the first error. Returns the
    executed notebook (code cells only)."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells = code * runs
    env = {**os.environ, "COURSEKIT_BACKEND": backend, "MPLBACKEND": "Agg"}
    if engine:
        env["COURSEKIT_ENGINE"] = engine
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    return nb


def shown(cell: Any, engine: str) -> list[tuple[str, str]]:
    """What a cell showed, as text (streams and text/plain: not images or the HTML that
    repeats the text, and a widget by its text only), normalised for ``engine``."""
    seen = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            seen.append((out.name, normalize(out.text, engine)))
        plain = out.get("data", {}).get("text/plain")
        if plain is not None and WIDGET not in out.data and not BACKEND_LINE.match(plain):
            text = INDEX.sub("N: ", HOST_PART.sub("", normalize(plain, engine)))
            text = HOST_PID.sub(r"\1 <PID>", PADDING.sub("  ", NO_CARRIER.sub("", text)))
            seen.append(("text/plain", text))
    if "nslookup" in cell.source:
        return [(kind, "\n".join(sorted(text.splitlines()))) for kind, text in seen]
    return seen


def by_appearance(outputs: list[list[tuple[str, str]]], pattern: re.Pattern[str],
                  label: str) -> list[list[tuple[str, str]]]:
    """Each match of ``pattern`` (its first group) renamed by the order it first appears
    (32769 -> P1)."""
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return names.setdefault(match.group(1), f"{label}{len(names) + 1}")

    return [[(kind, pattern.sub(rename, text)) for kind, text in cell] for cell in outputs]


def differences(on_engine: Any, on_sim: Any, engine: str) -> list[str]:
    """The code cells (not tagged ``engine-differs``) whose outputs differ."""
    compared = [(n, real) for n, real in enumerate(on_engine.cells, 1)
                if DIFFERS not in real.get("metadata", {}).get("tags", [])
                and not HOST_COMMAND.match(real.source)
                and not (engine == "20.10" and POOL_ADDRESS.search(real.source))]
    wants = [shown(real, engine) for _, real in compared]
    haves = [shown(on_sim.cells[n - 1], engine) for n, _ in compared]
    wants, haves = by_appearance(wants, EPHEMERAL, "P"), by_appearance(haves, EPHEMERAL, "P")
    if engine == "20.10":
        wants, haves = ([[(kind, POOL_ADDRESS.sub("<POOL>", text)) for kind, text in cell]
                         for cell in side] for side in (wants, haves))
    diffs = []
    for (number, real), want, have in zip(compared, wants, haves, strict=True):
        if want != have:
            diffs.append(f"cell {number}: {real.source[:70]!r}\n"
                         f"--- engine\n{want}\n--- sim\n{have}")
    return diffs


def test_there_are_notebooks() -> None:
    """The course has its notebooks (start here, basics, the modes, architecture, challenges)."""
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_twice_on_the_simulator(path: Path) -> None:
    """Top to bottom, then again in the same kernel: no cell raises."""
    execute(path, "sim", runs=2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_on_the_engine(path: Path, clean_engine: Any,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Top to bottom against a real Docker Engine: no cell raises, and every cell answers
    as the simulator of that engine's profile does. What the notebook's lab made is
    removed afterwards (notebooks end with their last scenario running)."""
    label = f"nbtest-{path.stem}"
    monkeypatch.setenv("COURSEKIT_LAB_LABEL", label)
    profile = engine_profile(clean_engine).name
    try:
        on_engine = execute(path, "docker")
    finally:
        EngineBackend(client=clean_engine, label_value=label).reset()
    diffs = differences(on_engine, execute(path, "sim", engine=profile), profile)
    assert not diffs, "\n\n".join(diffs)
