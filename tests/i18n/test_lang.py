"""Choosing the language: names, the environment, Lab(lang=...)."""

from __future__ import annotations

import pytest

from coursekit import Lab, i18n


@pytest.mark.parametrize("name", ["zh-CN", "zh_CN", "zh", "ZH-cn", "zh_CN.UTF-8", "zh-Hans"])
def test_the_names_of_chinese(name: str) -> None:
    """Every usual spelling of Simplified Chinese is the zh-CN edition."""
    assert i18n.resolve(name) == "zh-CN"


def test_a_language_the_course_does_not_have_is_refused() -> None:
    """ValueError naming the editions there are."""
    with pytest.raises(ValueError, match="en, zh-CN"):
        i18n.resolve("fr")


def test_lab_lang_sets_the_kernels_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lab(lang="zh-CN") makes Chinese the language of what follows; a later Lab() keeps
    it; the library's own notes then speak it."""
    monkeypatch.delenv("COURSEKIT_LANG", raising=False)
    lab = Lab(backend="sim", lang="zh-CN")
    assert lab.lang == "zh-CN" and i18n.current() == "zh-CN"
    assert Lab(backend="sim").lang == "zh-CN"
    assert Lab(backend="sim", lang="en").lang == "en" and i18n.current() == "en"


def test_coursekit_lang_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_LANG wins over the argument, as the other COURSEKIT_ variables do."""
    monkeypatch.setenv("COURSEKIT_LANG", "zh-CN")
    assert Lab(backend="sim", lang="en").lang == "zh-CN"


def test_docker_output_is_never_translated() -> None:
    """In Chinese, `docker network ls` prints what the engine prints."""
    english = Lab(backend="sim").sh("docker network ls")
    chinese = Lab(backend="sim", lang="zh-CN").sh("docker network ls")
    assert chinese == english and "NETWORK ID" in chinese.stdout
