"""The widgets and pictures in Chinese (``use("zh-CN")``), and in English as before."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursekit import Lab, i18n
from coursekit.i18n import catalogs
from coursekit.models import Topology
from coursekit.viz import describe
from coursekit.viz.fonts import cjk_font
from coursekit.viz.picture import render_png
from coursekit.widgets import Console, StepPlayer, load_steps


def bridge_topology() -> Topology:
    """One web server on the default bridge, published on 8080 (the simulator)."""
    lab = Lab(backend="sim")
    lab.sh("docker run -d --name web -p 8080:80 busybox httpd -f -p 80")
    return lab.snapshot()


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.use("zh-CN")
    yield
    i18n.use("en")


def test_console_and_step_player_buttons_are_chinese(chinese: None) -> None:
    lab = Lab(backend="sim")
    console = Console(lab)
    assert (console.run_button.description, console.clear_button.description) == ("运行", "清除")
    assert console.picture_toggle.description == "显示拓扑图"
    player = StepPlayer(lab, "02-bridge")
    assert [b.description for b in player.buttons] == ["上一步", "运行这一步", "下一步",
                                                       "全部运行", "重置实验环境"]


def test_english_buttons_stay_english() -> None:
    lab = Lab(backend="sim")
    assert Console(lab).run_button.description == "Run"
    assert StepPlayer(lab, "02-bridge").run_button.description == "Run this step"


def test_description_in_words_is_chinese_and_names_containers_and_addresses(
        chinese: None) -> None:
    top = bridge_topology()
    text = describe(top)
    assert "宿主机的网络命名空间：" in text and "容器：" in text
    for c in top.containers:
        assert f"{c.name} ({c.state})" in text
        for i in c.interfaces:
            assert all(address in text for address in i.ipv4)


def test_steps_load_translated_from_the_lessons_catalog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english = load_steps("02-bridge", lang="en")
    say = english.steps[0].say
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "02-bridge.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f"msgid {json.dumps(say)}\nmsgstr \"第一步的中文说明。\"\n", encoding="utf-8")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    assert load_steps("02-bridge", lang="zh-CN").steps[0].say == "第一步的中文说明。"
    assert load_steps("02-bridge").steps[0].say == say  # the kernel's language: English
    i18n.use("zh-CN")
    try:
        player = StepPlayer(Lab(backend="sim"), "02-bridge")
        assert player.steps[0].say == "第一步的中文说明。"
        assert player.steps[0].command == english.steps[0].command
    finally:
        i18n.use("en")


@pytest.mark.skipif(cjk_font() is None,
                    reason="no CJK font installed (apt-get install fonts-noto-cjk)")
def test_a_chinese_picture_has_every_glyph(chinese: None) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from font")
        assert render_png(bridge_topology())[:8] == b"\x89PNG\r\n\x1a\n"
