"""How wide a text shows in a monospace font or a terminal, in either edition.

:func:`columns` counts columns as go-runewidth's StringWidth does (what the docker CLI's
tabwriter pads with), simplified: a wide or full-width (East Asian) character takes two,
a combining mark or format character none, anything else one. The CLI's tables, the
quiz's text tables and the pictures' boxes all size Chinese with it.
"""

from __future__ import annotations

import unicodedata


def columns(text: str) -> int:
    """Columns ``text`` takes: ``columns("课程") == 4``, ``columns("lesson") == 6``."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
