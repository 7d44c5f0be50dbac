"""The course in two languages: English (the source) and Simplified Chinese.

Everything a learner reads has one English source; its Chinese lives in gettext catalogs,
``locale/zh_CN/LC_MESSAGES/DOMAIN.po``, keyed by the English text (:mod:`.catalogs`):

- a lesson's domain (``02-bridge``) holds its notebook's prose, cut into blocks
  (:mod:`.units`), and the texts of its quiz bank and step file;
- ``coursekit`` holds the library's own strings (widget labels, feedback, the ``coursekit``
  command's messages), marked in the code with :func:`_` (or :func:`N_` where a constant is
  defined and translated later);
- ``readme`` and ``instructor-guide`` hold the two documents of that name.

``python -m coursekit.i18n update`` re-reads the English and updates every catalog (a
changed English text keeps its old translation, marked fuzzy, until a translator looks
again); ``build`` writes what is generated from them (``notebooks/zh-CN/``,
``README.zh-CN.md``, ``docs/instructor-guide.zh-CN.md``); ``status`` counts what is left.

The language of a kernel is chosen once, by ``Lab(lang="zh-CN")`` or ``COURSEKIT_LANG``, and
every widget and check in that kernel follows it (:func:`use`, :func:`current`).
"""

from __future__ import annotations

import os

from coursekit.i18n.catalogs import translate

LANGS = ("en", "zh-CN")
"""The editions: ``en`` is the source, ``zh-CN`` is generated from it and the catalogs."""

_ALIASES = {"en": "en", "en-us": "en", "en_us": "en", "zh": "zh-CN", "zh-cn": "zh-CN",
            "zh_cn": "zh-CN", "zh-hans": "zh-CN", "zh_hans": "zh-CN"}
_current: list[str] = []

__all__ = ["LANGS", "N_", "_", "current", "resolve", "translate", "use"]


def resolve(lang: str | None) -> str:
    """``"zh-CN"``, ``"zh_CN"``, ``"zh"`` -> ``"zh-CN"``; ``None`` -> ``COURSEKIT_LANG`` or
    English. ValueError for a language the course does not have."""
    if lang is None:
        lang = os.environ.get("COURSEKIT_LANG") or "en"
    found = _ALIASES.get(lang.strip().lower().split(".")[0])
    if found is None:
        raise ValueError(f"coursekit has no {lang!r} edition; choose one of {', '.join(LANGS)}")
    return found


def use(lang: str | None) -> str:
    """Make ``lang`` (resolved) this kernel's language; returns it."""
    chosen = resolve(lang)
    _current[:] = [chosen]
    return chosen


def current() -> str:
    """This kernel's language: the last :func:`use`, else ``COURSEKIT_LANG``, else English."""
    return _current[0] if _current else resolve(None)


def _(message: str) -> str:
    """``message`` (English, the catalog's key) in the current language."""
    return translate("coursekit", message, current())


def N_(message: str) -> str:
    """Marks ``message`` for the catalog without translating it (translate it at use)."""
    return message
