"""The translated documents and notebooks, generated from the English and a catalog.

``build_notebook(english, lang)`` is the English notebook with each text cell's blocks
replaced by their translations; its code cells are the English ones, but for the line
that makes the lab (``lab = Lab()`` becomes ``lab = Lab(lang="zh-CN")``, which sets the
kernel's language for every widget and check). Outputs are left empty: ``make notebooks``
runs the generated notebook to fill them. ``build_document`` does the same for a
Markdown document (for the README, only :data:`~.sources.README_SECTIONS`).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

from coursekit.i18n.catalogs import translate
from coursekit.i18n.sources import README_SECTIONS
from coursekit.i18n.units import translate_markdown

MAKE_LAB = re.compile(r"^(\s*lab\s*=\s*Lab\()\)", re.M)
SECTION = re.compile(r"^## (.+)$", re.M)


def lang_line(source: str, lang: str) -> str:
    """``source`` with its ``lab = Lab()`` given ``lang`` (English: unchanged)."""
    return source if lang == "en" else MAKE_LAB.sub(rf'\1lang="{lang}")', source, count=1)


def english_code(source: str) -> str:
    """The inverse of :func:`lang_line`: a generated code cell as its English source."""
    return re.sub(r'^(\s*lab\s*=\s*Lab\()lang="[^"]+"\)', r"\1)", source, count=1,
                  flags=re.M)


def document_text(domain: str, path: Path) -> str:
    """The part of the document ``path`` its domain translates."""
    text = path.read_text(encoding="utf-8")
    if domain != "readme":
        return text
    starts = [m.start() for m in SECTION.finditer(text)] + [len(text)]
    parts = [text[:starts[0]]]
    for start, end in itertools.pairwise(starts):
        title = SECTION.match(text, start)
        if title and title.group(1).strip() in README_SECTIONS:
            parts.append(text[start:end])
    return "".join(parts)


def build_notebook(english: Path, lang: str) -> dict[str, Any]:
    """The ``lang`` edition of the notebook ``english`` (outputs empty)."""
    nb = json.loads(english.read_text(encoding="utf-8"))
    domain = english.stem
    cells = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            source = translate_markdown(source, lambda t: translate(domain, t, lang))
        elif cell["cell_type"] == "code":
            source = lang_line(source, lang)
            cell = {**cell, "outputs": [], "execution_count": None}
        cells.append({**cell, "source": source.splitlines(keepends=True)})
    metadata = {**nb["metadata"], "coursekit": {"lang": lang, "source": f"../{english.name}"}}
    return {**nb, "cells": cells, "metadata": metadata}


def build_document(domain: str, english: Path, lang: str) -> str:
    """The ``lang`` edition of the Markdown document ``english``."""
    text = translate_markdown(document_text(domain, english),
                              lambda t: translate(domain, t, lang))
    return text + "\n"
