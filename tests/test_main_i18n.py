"""The ``coursekit`` command in two languages: ``--lang``, else ``COURSEKIT_LANG``, else a
Chinese locale, else English (as it always was); a language the course lacks is one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coursekit.__main__ import choose_lang


def coursekit(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, with no language in its environment but ``env``."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("COURSEKIT_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    clean.update(DOCKER_HOST="unix:///tmp/none.sock", COURSEKIT_BACKEND="sim", **env)
    return subprocess.run([sys.executable, "-m", "coursekit", *argv], env=clean,
                          capture_output=True, text=True, timeout=120, check=False)


def test_doctor_in_chinese() -> None:
    done = coursekit("--lang", "zh-CN", "doctor")
    assert done.returncode == 0, done.stderr
    assert "模拟器版本：28.5（Docker Engine 28.5.2+dfsg4" in done.stdout
    assert "python " in done.stdout  # names and versions stay as they are


def test_help_in_chinese_from_the_environment() -> None:
    done = coursekit("--help", COURSEKIT_LANG="zh-CN")
    assert done.returncode == 0
    assert done.stdout.startswith("用法：coursekit")
    assert "课前准备好实验环境所用的镜像" in done.stdout and "显示此帮助信息并退出" in done.stdout


def test_a_chinese_locale_chooses_chinese_and_lang_wins() -> None:
    assert "用法：" in coursekit("--help", LANG="zh_CN.UTF-8").stdout
    assert coursekit("--lang", "en", "--help", LANG="zh_CN.UTF-8").stdout.startswith("usage:")


def test_english_by_default_as_before() -> None:
    done = coursekit("--help")
    assert done.stdout.startswith("usage: coursekit [-h] [--lang en|zh-CN]")
    assert "The coursekit command: the instructor's and the machine's side of the course." \
        in done.stdout
    assert "    prepare             make the lab image available before class" in done.stdout
    assert "\noptions:\n  -h, --help            show this help message and exit" \
        in done.stdout
    doctor = coursekit("doctor").stdout.splitlines()
    assert doctor[0] == "coursekit: using the simulated Docker Engine 28.5.2+dfsg4"
    assert doctor[1] == ("simulator profile: 28.5 (Docker Engine 28.5.2+dfsg4, CLI "
                         "28.5.2+dfsg4); COURSEKIT_ENGINE=28.5|20.10 chooses")


def test_a_bad_language_is_one_line_and_exit_2() -> None:
    done = coursekit("--lang", "xx", "doctor")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("coursekit: error: --lang 'xx': coursekit has no such edition; "
                           "choose one of en, zh-CN\n")


def test_lang_anywhere_on_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COURSEKIT_LANG", "LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    assert choose_lang(["doctor", "--lang=zh_CN"]) == ("zh-CN", ["doctor"])
    assert choose_lang(["doctor"]) == ("en", ["doctor"])
