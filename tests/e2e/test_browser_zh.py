"""The Chinese edition in a real browser: JupyterLab's own menus in Chinese, a Chinese
notebook run end to end, a quiz answered in Chinese, a picture described in Chinese.

JupyterLab runs with the language setting ``make lab-zh`` gives it
(binder/translation-zh-CN.json as the user's ``@jupyterlab/translation-extension``
setting; the menus come from the jupyterlab-language-pack-zh-CN package), on the
simulator; Chromium opens ``zh-CN/02-bridge.ipynb`` and runs every cell. Screenshots go to
``screenshots/zh-CN/``.
"""

from __future__ import annotations

import re
import shutil
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from labserver import lab_server
from test_browser import (
    WIDGET_TIMEOUT_MS,
    WINDOW,
    Watch,
    answer,
    assert_no_broken_lines,
    assert_no_error_outputs,
    choice_and_typed,
    chromium,
    drawn_picture,
    open_notebook,
    pick_first_and_check,
    run_all,
    screenshot_folder,
    shot,
    type_and_enter,
)

__all__ = ["chromium"]  # the module-scoped browser fixture, shared with test_browser
NOTEBOOK = "zh-CN/02-bridge.ipynb"
ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def check_menus(page: Any, folder: Path) -> None:
    """JupyterLab's menu bar speaks Chinese (文件 for File, 编辑 for Edit)."""
    labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "文件" in labels and "编辑" in labels, f"the menus are not Chinese: {labels}"
    shot(page, folder, "0-menus")


def check_picture_in_chinese(page: Any, folder: Path) -> None:
    """The picture's description in words is Chinese and still names docker0."""
    figure, words = drawn_picture(page)
    assert "docker0" in words and len(CJK.findall(words)) > 20, words[:300]
    shot(figure, folder, "1-picture")


def check_quiz_in_chinese(page: Any, folder: Path) -> None:
    """A choice question (按钮「检查」) and a typed answer in full-width digits both give a
    verdict and Chinese words."""
    choice, typed = choice_and_typed(page, check="检查")
    assert CJK.search(choice.inner_text()), "the question is not Chinese"
    acts = ((choice, partial(pick_first_and_check, check="检查")),
            (typed, partial(type_and_enter, text="６")))
    for question, act in acts:
        feedback = answer(question, act)
        assert re.match(r"\s*[✓✗]\s*\S", feedback) and CJK.search(feedback), feedback
    shot(choice, folder, "2-quiz-choice")
    shot(typed, folder, "3-quiz-typed")


def test_a_learner_runs_the_chinese_bridge_notebook(chromium: Any, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Chinese menus, every cell of zh-CN/02-bridge run, picture and quiz in Chinese."""
    folder, start = screenshot_folder("zh-CN"), time.monotonic()
    setting = tmp_path / "config" / "lab" / "user-settings" / "@jupyterlab" / \
        "translation-extension" / "plugin.jupyterlab-settings"
    setting.parent.mkdir(parents=True)
    shutil.copy(ROOT / "binder" / "translation-zh-CN.json", setting)
    with lab_server(tmp_path, {"COURSEKIT_BACKEND": "sim"}) as server:
        context = chromium.new_context(viewport=WINDOW, locale="zh-CN")
        page = context.new_page()
        watch = Watch(page)
        try:
            open_notebook(page, server, NOTEBOOK)
            page.locator(".lm-MenuBar-itemLabel").first.wait_for(timeout=WIDGET_TIMEOUT_MS)
            check_menus(page, folder)
            run_all(page, folder)
            for step in (assert_no_error_outputs, check_picture_in_chinese,
                         check_quiz_in_chinese, assert_no_error_outputs, assert_no_broken_lines):
                step(page, folder)
        except Exception:
            shot(page, folder, "failure")
            raise
        finally:
            context.close()
    assert not watch.errors, "errors in the browser console:\n" + "\n".join(watch.errors)
    with capsys.disabled():
        print(f"\n[e2e zh-CN] {NOTEBOOK}: {time.monotonic() - start:.1f}s; screenshots in {folder}")
