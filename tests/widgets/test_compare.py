"""ModeComparison: one mode at a time, run and drawn the first time it is shown."""

from __future__ import annotations

import html
from typing import Any

import pytest

from coursekit import Lab
from coursekit.widgets import ModeComparison

MODES = ["bridge", "host", "none", "container"]


class Factory:
    """Makes simulated labs and keeps them, to count and inspect them afterwards."""

    def __init__(self) -> None:
        self.labs: list[Lab] = []

    def __call__(self) -> Lab:
        self.labs.append(Lab(backend="sim"))
        return self.labs[-1]


@pytest.fixture
def factory() -> Factory:
    return Factory()


def test_only_the_shown_mode_is_built(factory: Factory) -> None:
    widget = ModeComparison(factory)
    assert widget.modes.options == tuple(MODES) and widget.modes.value == "bridge"
    assert set(widget.pictures) == {"bridge"} and len(factory.labs) == 1
    widget.modes.value = "host"
    widget.modes.value = "bridge"
    assert set(widget.pictures) == {"bridge", "host"} and len(factory.labs) == 2


def test_every_lab_is_reset_after_its_snapshot(factory: Factory) -> None:
    widget = ModeComparison(factory)
    for mode in MODES:
        widget.show(mode)
    assert len(factory.labs) == 4
    assert all(lab.sh("docker ps -aq").stdout == "" for lab in factory.labs)


@pytest.mark.parametrize(("mode", "words"), [
    ("bridge", ["veth", "<code>docker0</code>", "172.17.0.0/16", "publishes"]),
    ("host", ["host's stack", "<code>-p</code> is ignored", "no IP of its own"]),
    ("none", ["only the loopback <code>lo</code>", "publishes nothing"]),
    ("container", ["the owner's", "Only the owner can publish"]),
])
def test_each_mode_explains_itself_and_draws_both_containers(mode: str, words: list[str]) -> None:
    widget = ModeComparison()
    widget.modes.value = mode
    text = html.unescape(widget.explanation.value)
    for word in words:
        assert word in text
    assert f"<h4 style=\"margin:0.4em 0\">--network {mode}" in text
    assert "<figure" in widget.picture.value and 'alt="Network topology' in widget.picture.value
    for name in ("web", "client"):
        assert f"{name} (running)" in widget.picture.value


def test_picture_words_follow_the_mode() -> None:
    widget = ModeComparison()
    widget.show("none")
    assert "network none: 1: lo 127.0.0.1/8" in widget.picture.value
    widget.show("container")
    assert "shares the network namespace of web" in widget.picture.value
    assert widget.modes.value == "container"


def test_a_failing_factory_is_reported_not_raised() -> None:
    def broken() -> Any:
        raise ConnectionError("no engine")

    widget = ModeComparison(broken)
    assert "No picture for bridge: ConnectionError: no engine" in widget.picture.value
    widget.modes.value = "none"
    assert "No picture for none" in widget.picture.value and "only the loopback" in \
        widget.explanation.value
