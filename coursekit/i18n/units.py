"""What a translator translates: the units cut from the English sources (pure functions).

- Markdown (a notebook's text cells, the README, the instructor guide) is cut into
  blocks at blank lines: a paragraph, a heading, a whole list, a table, a quote. A fenced
  code block stays inside its block (a blank line within it cuts nothing), and a block that
  is only code, or has no letters, is copied as it is and never asked for.
- A quiz bank or a step file: the values of :data:`TEXT_KEYS` wherever they appear
  (a title, a prompt, a choice's text and why, an explanation, a hint, a step's say).
  Answers, commands, ids and check parameters are data and stay as they are.

:func:`join_blocks` puts translated blocks back together, one blank line between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

TEXT_KEYS = frozenset({"title", "prompt", "text", "why", "explanation", "hint", "say"})
FENCE = re.compile(r"^\s*(```|~~~)")
LETTER = re.compile(r"[A-Za-z]")


def blocks(markdown: str) -> list[str]:
    """The blocks of ``markdown``, in order."""
    out: list[str] = []
    current: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def translatable(block: str) -> bool:
    """Is ``block`` prose (not only a fenced code block, and with letters in it)?"""
    lines = block.splitlines()
    only_code = bool(lines) and FENCE.match(lines[0]) is not None and \
        FENCE.match(lines[-1]) is not None and len(lines) > 1
    return not only_code and LETTER.search(block) is not None


def markdown_units(markdown: str) -> list[str]:
    """The blocks of ``markdown`` a translator is asked for."""
    return [b for b in blocks(markdown) if translatable(b)]


def join_blocks(parts: list[str]) -> str:
    return "\n\n".join(parts)


def translate_markdown(markdown: str, lookup: Callable[[str], str]) -> str:
    """``markdown`` with each translatable block replaced by ``lookup(block)`` (what
    ends the text, a newline, say, is kept)."""
    tail = markdown[len(markdown.rstrip()):]
    return join_blocks([lookup(b) if translatable(b) else b for b in blocks(markdown)]) + tail


def json_texts(data: Any) -> Iterator[str]:
    """Every text of a bank or step file (:data:`TEXT_KEYS`), in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TEXT_KEYS and isinstance(value, str) and value.strip():
                yield value
            else:
                yield from json_texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from json_texts(item)


def translate_json(data: Any, lookup: Callable[[str], str]) -> Any:
    """A copy of ``data`` with every text (:data:`TEXT_KEYS`) replaced by ``lookup(text)``."""
    if isinstance(data, dict):
        return {key: lookup(value) if key in TEXT_KEYS and isinstance(value, str)
                and value.strip() else translate_json(value, lookup)
                for key, value in data.items()}
    if isinstance(data, list):
        return [translate_json(item, lookup) for item in data]
    return data
