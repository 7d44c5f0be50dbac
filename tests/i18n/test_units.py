"""Cutting the English into units and putting translations back (coursekit.i18n.units)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.i18n.units import (
    blocks,
    json_texts,
    markdown_units,
    translate_json,
    translate_markdown,
)

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9]*.ipynb"))


def test_blocks_are_cut_at_blank_lines_but_never_inside_a_fence() -> None:
    """A blank line inside a fenced block cuts nothing; lists and tables stay whole."""
    text = ("# Title\n\nA paragraph\non two lines.\n\n- one\n- two\n\n```\na\n\nb\n```"
            "\n\n| x |\n|---|")
    assert blocks(text) == ["# Title", "A paragraph\non two lines.", "- one\n- two",
                            "```\na\n\nb\n```", "| x |\n|---|"]


def test_only_code_and_letterless_blocks_are_not_asked_for() -> None:
    """A block that is only a fenced code block, or has no letters, is copied as is."""
    assert markdown_units("Run this:\n\n```bash\nmake lab\n```\n\n---\n\n1. 2.") == ["Run this:"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_an_untranslated_notebook_comes_back_unchanged(notebook: Path) -> None:
    """With nothing translated, every text cell is rebuilt exactly as the English."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            assert translate_markdown(source, lambda t: t) == source


def test_translated_blocks_replace_their_english() -> None:
    """Each block is looked up on its own; an unknown one stays English."""
    table = {"# Title": "# 标题"}
    assert translate_markdown("# Title\n\nKept.", lambda t: table.get(t, t)) == "# 标题\n\nKept."


def test_a_bank_gives_its_texts_and_keeps_its_data() -> None:
    """Prompts, choices, whys, hints and explanations are texts; answers, ids and check
    parameters are data and stay as they are."""
    bank = {"lesson": "02-bridge", "title": "T", "questions": [
        {"id": "q", "type": "short", "prompt": "P?", "answers": ["docker0"], "hint": "H",
         "explanation": "E"},
        {"id": "r", "type": "single", "prompt": "Q?", "choices": [{"text": "A", "why": "W"}]},
        {"id": "t", "type": "task", "prompt": "Do", "checks": [
            {"check": "running", "container": "web", "name": "x"}]}]}
    assert list(json_texts(bank)) == ["T", "P?", "H", "E", "Q?", "A", "W", "Do"]
    out = translate_json(bank, lambda t: f"<{t}>")
    assert out["questions"][0]["answers"] == ["docker0"]
    assert out["questions"][0]["prompt"] == "<P?>"
    assert out["questions"][1]["choices"][0] == {"text": "<A>", "why": "<W>"}
    assert out["questions"][2]["checks"] == bank["questions"][2]["checks"]
    assert out["lesson"] == "02-bridge"
