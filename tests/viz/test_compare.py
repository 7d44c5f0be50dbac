"""Mode comparison: one scenario per mode on a fresh lab, four panels and one legend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from coursekit.models import Topology
from coursekit.result import CommandResult
from coursekit.scenarios import MODES, compare_modes, mode_titles, mode_topologies
from coursekit.viz import compare_topologies
from coursekit.viz.compare import MAX_W

from .fixtures import (
    bridge_topology,
    container_topology,
    host_topology,
    none_topology,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def panel_texts(fig: Figure) -> list[set[str]]:
    """Text of each panel axes (all but the last axes, the legend)."""
    return [{t.get_text() for t in ax.texts} for ax in fig.axes[:-1]]


def test_four_panels_titled_by_mode_and_one_legend() -> None:
    tops = {"bridge": bridge_topology(), "host": host_topology(), "none": none_topology(),
            "container": container_topology()}
    fig = compare_topologies(tops, mode_titles())
    assert len(fig.axes) == 5
    titles = [t.get_text() for t in fig.texts]
    assert [t.split()[0] for t in titles] == ["--network"] * 4
    assert [t.split()[1].split(":")[0] for t in titles] == ["bridge", "host", "none",
                                                           "container"]
    texts = panel_texts(fig)
    assert "tomcat81 (running)" in texts[0] and "tomcat83 (running)" in texts[1]
    assert "tomcat84 (running)" in texts[2] and "shared netns" in texts[3]
    legend = {t.get_text() for t in fig.axes[-1].texts}
    assert "published port: host to container" in legend
    assert fig.get_size_inches()[0] <= MAX_W + 1e-9


class FakeLab:
    """Records the lines it is given; answers the snapshot it was built with."""

    made: ClassVar[list[FakeLab]] = []

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.resets = 0
        FakeLab.made.append(self)

    def sh(self, line: str) -> CommandResult:
        self.lines.append(line)
        return CommandResult("", "", 0)

    def snapshot(self) -> Topology:
        return bridge_topology()

    def reset(self) -> None:
        self.resets += 1


def test_each_mode_runs_on_a_fresh_lab_that_is_reset_afterwards() -> None:
    FakeLab.made = []
    tops = mode_topologies(FakeLab)
    assert list(tops) == ["bridge", "host", "none", "container"]
    assert [lab.lines for lab in FakeLab.made] == [list(lines) for _, _, lines in MODES]
    assert [lab.resets for lab in FakeLab.made] == [1, 1, 1, 1]


def test_compare_modes_on_the_simulator() -> None:
    pytest.importorskip("coursekit.backends.sim")
    fig = compare_modes()
    bridge, host, none, container = panel_texts(fig)
    assert {"web (running)", "client (running)"} <= bridge
    assert len([t for t in bridge if "veth" in t]) == 2
    assert "network host" in host and not [t for t in host if "veth" in t]
    assert "-p discarded" in host
    assert "network none" in none and not [t for t in none if "eth0" in t]
    assert "shared netns" in container and "container:web" in container
    assert "host 0.0.0.0:8080" in container and "host 0.0.0.0:8080" in bridge
