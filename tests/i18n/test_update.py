"""Catalogs follow the English: new units appear, gone ones go, a changed one turns fuzzy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coursekit.i18n import catalogs
from coursekit.i18n.catalogs import translate
from coursekit.i18n.sources import Domain
from coursekit.i18n.update import update

PARAGRAPH = "Every container on the default bridge gets a veth pair."


@pytest.fixture
def lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Domain:
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    notebook = tmp_path / "98-demo.ipynb"
    _write(notebook, ["# Demo", PARAGRAPH])
    return Domain("98-demo", notebook=notebook)


def _write(notebook: Path, blocks: list[str]) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "\n\n".join(blocks)}]
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}}), encoding="utf-8")


def _translate_all(path: Path, table: dict[str, str]) -> None:
    from babel.messages.pofile import write_po

    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id in table:
            message.string = table[str(message.id)]
    with path.open("wb") as f:
        write_po(f, catalog)


def test_a_changed_paragraph_keeps_its_translation_marked_fuzzy(lesson: Domain) -> None:
    """The English changes a little: the old Chinese stays, fuzzy, and no longer counts
    (the English shows) until a translator clears the mark."""
    path = update(lesson, "zh-CN")
    _translate_all(path, {"# Demo": "# 演示", PARAGRAPH: "默认网桥上的每个容器都有一个 veth 对。"})
    assert translate("98-demo", PARAGRAPH, "zh-CN").endswith("veth 对。")
    changed = PARAGRAPH.replace("gets", "is given")
    assert lesson.notebook is not None
    _write(lesson.notebook, ["# Demo", changed])
    update(lesson, "zh-CN")
    with path.open("rb") as f:
        entry = read_po(f)[changed]
    assert entry is not None and entry.fuzzy and "veth 对" in str(entry.string)
    assert translate("98-demo", changed, "zh-CN") == changed
    assert translate("98-demo", "# Demo", "zh-CN") == "# 演示"


def test_a_removed_paragraph_leaves_the_catalog(lesson: Domain) -> None:
    """What the English no longer has is dropped, not kept as an obsolete entry."""
    path = update(lesson, "zh-CN")
    assert lesson.notebook is not None
    _write(lesson.notebook, ["# Demo"])
    update(lesson, "zh-CN")
    with path.open("rb") as f:
        ids = [m.id for m in read_po(f) if m.id]
    assert ids == ["# Demo"]
    assert PARAGRAPH not in path.read_text(encoding="utf-8")


def test_an_untranslated_entry_answers_in_english(lesson: Domain) -> None:
    """Nothing translated: the lookup gives the English back."""
    update(lesson, "zh-CN")
    assert translate("98-demo", PARAGRAPH, "zh-CN") == PARAGRAPH
