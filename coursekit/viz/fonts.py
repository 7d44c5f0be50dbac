"""The fonts of the pictures: DejaVu Sans Mono, then a CJK font for Chinese text.

Every text of a picture is set in :data:`~coursekit.viz.shapes.FONT_FAMILY` (DejaVu
Sans Mono, bundled with matplotlib: every glyph the same width, so a box is sized before
anything is drawn). It has no Chinese, so the family matplotlib is given is a list
(:func:`font_families`): DejaVu Sans Mono first, then the first installed font of
:data:`CJK_FAMILIES` (Noto Sans CJK, Debian's and Ubuntu's ``fonts-noto-cjk``).
matplotlib (3.6 and later) falls back glyph by glyph through that list, so English text
is drawn exactly as before (the same PNG bytes) and a Chinese label takes its glyphs from
the CJK font. A wide (CJK) character takes two columns of the monospace grid
(:func:`~coursekit.i18n.width.columns`).

Without a CJK font the list is DejaVu Sans Mono alone: the picture still renders
(matplotlib warns ``Glyph ... missing from font(s)`` and draws empty boxes for the
Chinese), and the picture in words (:func:`coursekit.viz.describe`) is Chinese as ever.
:func:`cjk_font` says which font was found, if any. A font installed after matplotlib
built its font cache is found too: when the cache knows no CJK family, the system's font
folders are searched once for a Noto Sans CJK, Source Han Sans or WenQuanYi file.
"""

from __future__ import annotations

import functools

from coursekit.viz.shapes import FONT_FAMILY

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC",
                "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback")
"""CJK families in order of preference (the fallback after DejaVu Sans Mono).

matplotlib reads the first face of a ``.ttc`` collection only: Debian's
``NotoSansCJK-Regular.ttc`` shows as "Noto Sans CJK JP", whose glyphs cover Simplified
Chinese all the same."""
_FILES = ("notosanscjk", "sourcehansans", "wqy-zenhei", "wqy-microhei", "droidsansfallback")
"""How the files of those fonts are named (lower case, without dashes), for the search."""


@functools.cache
def cjk_font() -> str | None:
    """The CJK family the pictures fall back to, or None when none is installed."""
    from matplotlib import font_manager

    found = _known(font_manager.fontManager)
    if found is None:  # installed after matplotlib's cache was built: look once more
        for path in font_manager.findSystemFonts():
            name = path.rsplit("/", 1)[-1].lower().replace("-", "")
            if name.startswith(_FILES) and "mono" not in name:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # an unreadable file: skip it
                    continue
        found = _known(font_manager.fontManager)
    return found


def _known(manager: object) -> str | None:
    names = {font.name for font in getattr(manager, "ttflist", [])}
    return next((family for family in CJK_FAMILIES if family in names), None)


def font_families() -> list[str]:
    """The ``fontfamily`` of every text in a picture: DejaVu Sans Mono, then the CJK font."""
    cjk = cjk_font()
    return [FONT_FAMILY] if cjk is None else [FONT_FAMILY, cjk]
