"""The same scenario drawn from the simulator and from a real engine gives the same picture,
apart from ids and interface indexes (and the host's own NICs, which are the machine's),
and on 28.5 the random MACs."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from engine_support import aligned_sim, engine_profile
from scenarios import normalize

from coursekit import Lab
from coursekit.backends.engine.backend import EngineBackend
from coursekit.viz import layout
from coursekit.viz.shapes import Layout

SCENARIO = [
    "docker network create app",
    "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
    "docker run -d --name side --network container:web busybox sleep 1d",
    "docker run -d --name db --network app --network-alias database busybox sleep 1d",
    "docker network connect app web",
    "docker run -d --name iso --network none busybox sleep 1d",
    "docker run -d --name hst --network host busybox sleep 1d",
    "docker run -d --name gone busybox sleep 1d",
    "docker stop gone",
]
HOST_SPECIFIC = {"frame", "nic", "legend"}
_RULES = [
    (re.compile(r"\b\d+: "), "N: "),
    (re.compile(r"@if\d+"), "@ifN"),
    (re.compile(r"\bveth[0-9a-f]{7}\b"), "vethX"),
    (re.compile(r"\bbr-[0-9a-f]{12}\b"), "br-ID"),
    (re.compile(r"^host [\w.-]+:"), "host HOST:"),
]


def _norm(text: str, engine: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return normalize(text, engine)


def structure(lay: Layout, engine: str) -> tuple[Counter[tuple[Any, ...]],
                                                 Counter[tuple[Any, ...]]]:
    """The picture's boxes (kind, text, style, colour) and wires (kind, style, colour).

    A box's text is compared as one string: where a line wraps follows the width of the raw
    text, which interface indexes change (``eth0@if5013`` on an engine, ``eth0@if5`` here)."""
    boxes = Counter((b.kind, _norm(" ".join(b.lines), engine), b.style, b.colour)
                    for b in lay.boxes if b.kind not in HOST_SPECIFIC)
    wires = Counter((w.kind, w.style, w.colour, w.arrow) for w in lay.wires)
    return boxes, wires


def test_simulator_and_engine_draw_the_same_picture(clean_engine: Any, lab_label: str) -> None:
    """Every container, interface, veth, address and port box matches, as do the wires."""
    engine_lab = Lab.using(EngineBackend(client=clean_engine, label_value=lab_label))
    sim_lab = aligned_sim(clean_engine)
    try:
        for line in SCENARIO:
            assert engine_lab.sh(line).exit_code == 0, line
            assert sim_lab.sh(line).exit_code == 0, line
        real, simulated = engine_lab.snapshot(), sim_lab.snapshot()
    finally:
        engine_lab.reset()
    engine = engine_profile(clean_engine).name
    real_boxes, real_wires = structure(layout(real), engine)
    sim_boxes, sim_wires = structure(layout(simulated), engine)
    assert real_boxes == sim_boxes, (real_boxes - sim_boxes, sim_boxes - real_boxes)
    assert real_wires == sim_wires
