"""The Chinese edition is whole and up to date (locale/zh_CN, notebooks/zh-CN).

Every catalog entry translated and not fuzzy; every translation true to the glossary, to
the English's code spans and (library strings) to its ``{fields}``; every generated file
what its English source and catalog make; every Chinese notebook's code cells the
English ones; every quiz text of every bank in Chinese.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit.i18n.build import stale, status
from coursekit.i18n.catalogs import ROOT, catalog_path, read_catalog
from coursekit.i18n.documents import english_code
from coursekit.i18n.review import glossary, problems
from coursekit.i18n.sources import TRANSLATED_NOTEBOOKS, domains
from coursekit.quiz import load_bank

LANG = "zh-CN"
DOMAINS = domains()
CJK = re.compile(r"[\u4e00-\u9fff]")
BANKS = sorted((ROOT / "notebooks" / "quizzes").glob("*.json"))


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.name)
def test_every_entry_is_translated_and_none_is_fuzzy(domain) -> None:  # type: ignore[no-untyped-def]
    """No untranslated or fuzzy entry is left in any catalog."""
    s = status(domain, LANG)
    assert s.total > 0, f"{domain.name}: the catalog is empty (python -m coursekit.i18n update)"
    assert not s.untranslated, f"{len(s.untranslated)} untranslated, first: {s.untranslated[0]!r}"
    assert not s.fuzzy, f"{len(s.fuzzy)} fuzzy, first: {s.fuzzy[0]!r}"


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.name)
def test_translations_keep_the_glossary_the_code_and_the_fields(domain) -> None:  # type: ignore[no-untyped-def]
    """A glossary term in the English has the course's Chinese term in the translation;
    every code span survives; a library string keeps its ``{fields}``."""
    found = [f"{p.what}: {p.english[:70]!r}"
             for p in problems(domain.name, LANG, bool(domain.python), glossary(LANG))]
    assert not found, "\n".join(found[:20])


def test_the_generated_files_are_up_to_date() -> None:
    """notebooks/zh-CN/, README.zh-CN.md and the Chinese guide are what the English and
    the catalogs make (python -m coursekit.i18n build, then make notebooks)."""
    assert not [str(p.relative_to(ROOT)) for p in stale(LANG)]


ENGLISH = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_a_chinese_notebooks_code_is_the_english_code(english: Path) -> None:
    """The same cells in the same order; code cells identical but for `lang="zh-CN"` in
    the line that makes the lab."""
    chinese = TRANSLATED_NOTEBOOKS[LANG] / english.name
    assert chinese.exists(), f"{chinese.name}: not generated"
    en, zh = (json.loads(p.read_text(encoding="utf-8"))["cells"] for p in (english, chinese))
    assert [c["cell_type"] for c in zh] == [c["cell_type"] for c in en]
    pairs = [("".join(z["source"]), "".join(e["source"])) for z, e in zip(zh, en, strict=True)
             if e["cell_type"] == "code"]
    assert all(english_code(z) == e for z, e in pairs)
    assert sum('Lab(lang="zh-CN")' in z for z, _ in pairs) >= 1


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_quiz_text_exists_in_chinese(path: Path) -> None:
    """Each question's prompt, hint, explanation, choices and whys, loaded in Chinese,
    are Chinese text (not the English fallback)."""
    english, chinese = load_bank(path, lang="en"), load_bank(path, lang=LANG)
    assert chinese.ids == english.ids
    left = []
    for q_en, q_zh in zip(english, chinese, strict=True):
        texts = [(q_en.prompt, q_zh.prompt), (q_en.hint, q_zh.hint),
                 (q_en.explanation, q_zh.explanation)]
        for c_en, c_zh in zip(getattr(q_en, "choices", ()), getattr(q_zh, "choices", ()),
                              strict=True):
            texts += [(c_en.text, c_zh.text), (c_en.why, c_zh.why)]
        left += [f"{q_en.id}: {en[:60]!r}" for en, zh in texts
                 if _has_words(en) and not CJK.search(zh)]
    assert not left, "\n".join(sorted(set(left))[:20])


def _has_words(text: str) -> bool:
    """Prose, not a bare command, address or rule (those stay as the programs print them)."""
    bare = re.sub(r"`[^`]*`", "", text)
    return len(re.findall(r"\b[a-z]{3,}\b", bare)) >= 3 and not bare.lstrip().startswith("-A ")


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.name)
def test_the_markdown_renders_as_the_englishs_does(domain) -> None:  # type: ignore[no-untyped-def]
    """Bold the English renders is bold in Chinese too: CommonMark does not close `**`
    after full-width punctuation followed by a character (`**用时：**按` shows its
    asterisks), so the punctuation goes outside (`**用时**：按`)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def shown(text: str) -> str:
        return re.sub(r"<code>.*?</code>", "", md.render(text), flags=re.S)

    literal = [str(m.id)[:70] for m in read_catalog(catalog_path(domain.name, LANG))
               if m.id and m.string and "**" in shown(str(m.string))
               and "**" not in shown(str(m.id))]
    assert not literal, f"asterisks shown instead of bold: {literal[:5]}"
