"""What a translation must keep (pure functions, used by the tests and ``check``).

- The glossary (``locale/zh_CN/glossary.tsv``): where the English uses a term, the
  translation uses the course's Chinese for it (:func:`glossary_misses`).
- Code and commands stay as the programs print them: every inline code span of the English
  appears in the translation (:func:`missing_code`), and a library string's ``{fields}``
  are the same (:func:`field_mismatch`), so ``.format()`` cannot fail.

:func:`problems` applies all three to a catalog's translated entries.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from coursekit.i18n.catalogs import LOCALE_DIR, catalog_path, locale_name, read_catalog

CODE = re.compile(r"(`+)(.+?)\1", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


@dataclass(frozen=True)
class Term:
    english: str
    chinese: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.english.split())
        return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", re.I)


def glossary(lang: str = "zh-CN") -> list[Term]:
    """The glossary's terms, longest first."""
    path = LOCALE_DIR / locale_name(lang) / "glossary.tsv"
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("English\t"):
            continue
        english, chinese, *_ = line.split("\t")
        terms.append(Term(english.strip(), tuple(c.strip() for c in chinese.split("|"))))
    return sorted(terms, key=lambda t: -len(t.english))


def prose(text: str) -> str:
    """``text`` without code spans, fenced blocks and link addresses."""
    text = re.sub(r"^\s*(```|~~~).*?^\s*\1", " ", text, flags=re.S | re.M)
    return LINK_TARGET.sub(" ", CODE.sub(" ", text))


def glossary_misses(english: str, chinese: str, terms: list[Term]) -> list[Term]:
    """The terms ``english`` uses whose Chinese ``chinese`` lacks (a longer term that
    matched covers the shorter ones inside it)."""
    words = prose(english)
    target = prose(chinese).lower()
    misses = []
    for term in terms:
        if term.pattern.search(words):
            words = term.pattern.sub(" ", words)
            if not any(c.lower() in target for c in term.chinese):
                misses.append(term)
    return misses


def code_spans(text: str) -> list[str]:
    return [m.group(2).strip() for m in CODE.finditer(text)]


def missing_code(english: str, chinese: str) -> list[str]:
    """The English's code spans the translation does not have."""
    have = set(code_spans(chinese)) | {chinese}
    return [span for span in code_spans(english)
            if span not in have and not any(span in h for h in have)]


def fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def field_mismatch(english: str, chinese: str) -> bool:
    """Do the two differ in their ``{fields}`` (a library string's placeholders)?"""
    try:
        return fields(english) != fields(chinese)
    except ValueError:
        return True


@dataclass(frozen=True)
class Problem:
    """What one translation fails to keep (``what``), and the English it translates."""

    english: str
    what: str


def problems(domain: str, lang: str, library: bool, terms: list[Term]) -> list[Problem]:
    """Each kept thing a translated entry of ``domain``'s catalog loses (``library``: the
    catalog holds the library's strings, whose ``{fields}`` must match)."""
    found = []
    for m in read_catalog(catalog_path(domain, lang)):
        if not m.id or not m.string:
            continue
        english, chinese = str(m.id), str(m.string)
        said = [f"glossary: {t.english} -> {'|'.join(t.chinese)}"
                for t in glossary_misses(english, chinese, terms)]
        said += [f"code span missing: `{c}`" for c in missing_code(english, chinese)]
        if library and field_mismatch(english, chinese):
            said.append(f"fields differ: {fields(english)}")
        found += [Problem(english, what) for what in said]
    return found
