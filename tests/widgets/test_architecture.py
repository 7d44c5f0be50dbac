"""The architecture explorer: pick a command and a picture; read its path drawn and in words."""

from __future__ import annotations

import base64
import html
import re

import matplotlib

matplotlib.use("Agg")

import pytest

from coursekit.viz import architecture as arch
from coursekit.widgets import architecture as widget_module
from coursekit.widgets.architecture import ArchitectureExplorer, hops_html

TINY_PNG = b"\x89PNG\r\n\x1a\n fake"


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the drawing (half a second each) where a test reads only the words."""
    monkeypatch.setattr(widget_module, "architecture_png",
                        lambda which, command=None, dpi=80: TINY_PNG + f"{which}{command}".encode())
    monkeypatch.setattr(widget_module, "compact_png", lambda png: png)


def items(explorer: ArchitectureExplorer) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", explorer.hops.value)


def alt_text(explorer: ArchitectureExplorer) -> str:
    match = re.search(r'alt="([^"]*)"', explorer.figure.value)
    assert match, explorer.figure.value[:200]
    return html.unescape(match.group(1))


def test_starts_on_docker_run_today_with_every_hop_listed() -> None:
    """The default view: docker run, today's picture, ten numbered hops, a PNG image."""
    e = ArchitectureExplorer()
    assert (e.command.value, e.view.value) == (arch.RUN, arch.NEW)
    assert len(items(e)) == len(arch.route(arch.RUN).hops) == 10
    assert "containerd-shim-runc-v2" in e.hops.value
    png = re.search(r"base64,([A-Za-z0-9+/=]+)", e.figure.value)
    assert png and base64.b64decode(png.group(1)).startswith(b"\x89PNG")


def test_the_dropdown_offers_the_course_commands(fast: None) -> None:
    e = ArchitectureExplorer()
    assert tuple(e.command.options) == arch.COMMANDS
    assert {"docker network create app", "docker pull busybox",
            "docker exec web ping -c 1 db", "docker network connect app web"} <= set(arch.COMMANDS)


def test_choosing_a_command_redraws_the_path(fast: None) -> None:
    """Setting the Dropdown (as a click does) updates the words and the picture."""
    e = ArchitectureExplorer()
    before = e.figure.value
    e.command.value = "docker network create app"
    assert len(items(e)) == 3 and "br-&lt;12 hex" in e.hops.value
    assert e.figure.value != before
    assert "3. libnetwork (CNM) -> Linux kernel" in alt_text(e)


def test_the_toggle_shows_the_tutorials_picture(fast: None) -> None:
    """Old picture: Jobs, exec driver, libcontainer in the daemon."""
    e = ArchitectureExplorer()
    e.view.value = arch.OLD
    assert "Engine" in e.hops.value and "exec driver" in e.hops.value
    assert "libcontainer" in alt_text(e) and "Docker Daemon" in alt_text(e)


def test_a_command_that_did_not_exist_says_so(fast: None) -> None:
    e = ArchitectureExplorer("docker network connect app web", arch.OLD)
    assert items(e) == [] and "No path in this picture" in e.hops.value
    assert "Docker 1.9" in e.hops.value


def test_show_selects_like_the_learner_would(fast: None) -> None:
    e = ArchitectureExplorer()
    e.show("docker pull busybox", arch.OLD)
    assert (e.command.value, e.view.value) == ("docker pull busybox", arch.OLD)
    assert "Graph" in e.hops.value


def test_feedback_region_is_announced_and_code_is_marked_up() -> None:
    value = hops_html("docker network ls", arch.NEW)
    assert 'role="status"' in value and "<code" in value and "`" not in value


def test_each_picture_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Going back to a choice reuses its PNG instead of drawing it again."""
    calls: list[tuple[str, str | None]] = []
    real = widget_module.architecture_png

    def counting(which: str, command: str | None = None, dpi: int = 80) -> bytes:
        calls.append((which, command))
        return real(which, command, dpi)

    monkeypatch.setattr(widget_module, "architecture_png", counting)
    e = ArchitectureExplorer()
    e.view.value = arch.OLD
    e.view.value = arch.NEW
    assert calls == [(arch.NEW, arch.RUN), (arch.OLD, arch.RUN)]


def test_a_drawing_failure_still_shows_the_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("no renderer")

    monkeypatch.setattr(widget_module, "architecture_png", broken)
    e = ArchitectureExplorer()
    assert "No picture: RuntimeError: no renderer" in e.figure.value
    assert "containerd" in e.figure.value and len(items(e)) == 10


def test_bad_arguments_are_refused(fast: None) -> None:
    with pytest.raises(ValueError, match="command must be one of"):
        ArchitectureExplorer("docker compose up")
    with pytest.raises(ValueError):
        ArchitectureExplorer(picture="future")


def test_saved_output_is_a_sentence_and_the_picture_with_its_path(fast: None) -> None:
    """nbval compares text/plain and text/html: a sentence, and what the explorer shows."""
    e = ArchitectureExplorer()
    assert repr(e) == f"ArchitectureExplorer({arch.RUN!r}, picture='new')"
    bundle = e._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Docker's architecture, following 'docker run")
    assert "ArchitectureExplorer(" not in bundle["text/plain"]
    assert e.figure.value in bundle["text/html"] and e.hops.value in bundle["text/html"]
    assert "Run this cell to pick another command" in bundle["text/html"]
