"""The Console driven as a learner would: type a line and press Enter, click Run, Clear, toggle."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.models import Topology
from coursekit.result import CommandResult, streams_html
from coursekit.widgets import Console


@pytest.fixture
def lab() -> Lab:
    return Lab(backend="sim")


def enter(console: Console, line: str) -> None:
    """Type ``line`` and press Enter: the box commits its value (continuous_update off)."""
    assert console.input.continuous_update is False
    console.input.value = line


class Broken:
    """A lab-like object whose every call fails."""

    def sh(self, line: str) -> CommandResult:
        raise RuntimeError("engine went away")

    def snapshot(self) -> Topology:
        raise RuntimeError("no snapshot either")


def test_enter_runs_the_line_and_empties_the_box(lab: Lab) -> None:
    console = Console(lab)
    enter(console, "docker run -d --name u1 busybox sleep 1d")
    assert console.input.value == ""
    assert "$ </span><b class=\"coursekit-command\">docker run -d --name u1" in console.output.value
    assert lab.sh("docker ps --format '{{.Names}}'").stdout == "u1\n"


def test_output_shows_stdout_escaped(lab: Lab) -> None:
    console = Console(lab)
    enter(console, "docker ps --format '<{{.Names}}>'")
    enter(console, "docker network ls")
    assert "&lt;{{.Names}}&gt;" in console.output.value and "<{{" not in console.output.value
    assert "NETWORK ID" in console.output.value and "bridge" in console.output.value
    assert "[exit code" not in console.output.value


def test_failing_command_is_shown_marked_not_raised(lab: Lab) -> None:
    """stderr is marked as in a cell (a bar and words for screen readers, no `!`), exit code too."""
    console = Console(lab)
    result = console.run("docker run --network nosuch busybox")
    assert result.exit_code == 125
    html = console.output.value
    assert 'class="coursekit-stderr"' in html and "border-left:3px solid" in html
    assert "error output: " in html and "! " not in html
    assert "network nosuch not found" in html and "[exit code 125]" in html
    assert streams_html(result) in html and streams_html(result) in result._repr_html_()


def test_history_keeps_the_last_n_newest_last(lab: Lab) -> None:
    console = Console(lab, history=3)
    for k in range(5):
        enter(console, f"docker network create n{k}")
    html = console.output.value
    assert "create n0" not in html and "create n1" not in html
    assert html.index("create n2") < html.index("create n3") < html.index("create n4")
    assert [line for line, _ in console.entries] == [f"docker network create n{k}"
                                                      for k in (2, 3, 4)]
    assert "max-height:20em" in html and "overflow:auto" in html


def test_run_button_runs_what_is_in_the_box(lab: Lab) -> None:
    """In a browser the box commits on leaving it; here the box holds a line not yet run."""
    console = Console(lab)
    console.input.unobserve(console._committed, "value")
    console.input.value = "docker network ls"
    console.run_button.click()
    assert "NETWORK ID" in console.output.value and console.input.value == ""


def test_run_with_an_empty_box_does_nothing(lab: Lab) -> None:
    console = Console(lab)
    before = console.output.value
    console.run_button.click()
    enter(console, "   ")
    assert console.output.value == before and console.entries == []
    assert "Type a command line" in before


def test_clear_empties_the_output_not_the_lab(lab: Lab) -> None:
    console = Console(lab)
    enter(console, "docker run -d --name u1 busybox sleep 1d")
    console.clear_button.click()
    assert "u1" not in console.output.value and console.entries == []
    assert lab.sh("docker ps -q").stdout.strip() != ""


def test_picture_toggle_draws_after_each_command(lab: Lab) -> None:
    console = Console(lab)
    enter(console, "docker run -d --name u1 busybox sleep 1d")
    assert console.picture.value == ""
    console.picture_toggle.value = True
    assert "<figure" in console.picture.value and "u1 (running)" in console.picture.value
    enter(console, "docker run -d --name u2 busybox sleep 1d")
    assert "u2 (running)" in console.picture.value
    console.picture_toggle.value = False
    assert console.picture.value == ""


def test_nothing_escapes_from_a_broken_lab() -> None:
    console = Console(Broken(), picture=True)
    assert "No picture: RuntimeError: no snapshot either" in console.picture.value
    enter(console, "docker ps")
    assert "engine went away" in console.output.value and "[exit code 1]" in console.output.value


class FrontEnd:
    """A comm standing in for the browser: records what the kernel sends back."""

    kernel = object()
    comm_id = "front-end"

    def __init__(self) -> None:
        self.sent: list[dict[str, object]] = []

    def send(self, data: dict[str, object], buffers: object = None) -> None:
        self.sent.append(data)

    def on_msg(self, callback: object) -> None:
        """The kernel registers its handler; the test calls set_state directly."""

    def close(self, *args: object, **kwargs: object) -> None:
        """Nothing to close."""


def test_a_committed_value_from_the_browser_runs_and_the_box_empties(lab: Lab) -> None:
    """The kernel's side of Enter: the box's value arrives, runs, and "" goes back."""
    console = Console(lab)
    front = FrontEnd()
    console.input.comm = front
    console.input.set_state({"value": "docker network ls"})
    assert "NETWORK ID" in console.output.value
    assert {"method": "update", "state": {"value": ""}, "buffer_paths": []} in front.sent
