"""Writing the generated editions, and saying what is out of date or untranslated.

``outputs(lang)`` is every generated file with the content it must have; ``build(lang)``
writes those that differ (a generated notebook whose cells already match keeps its
outputs, so an executed notebook is not emptied); ``stale(lang)`` names the ones that
differ; ``status(domain, lang)`` counts a catalog's entries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.i18n.catalogs import catalog_path, read_catalog
from coursekit.i18n.documents import build_document, build_notebook
from coursekit.i18n.sources import TRANSLATED_NOTEBOOKS, Domain, domains


def _cells(nb: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def outputs(lang: str) -> dict[Path, str | dict[str, Any]]:
    """Every generated file of the ``lang`` edition, with what it must hold."""
    out: dict[Path, str | dict[str, Any]] = {}
    for domain in domains():
        if domain.notebook is not None:
            target = TRANSLATED_NOTEBOOKS[lang] / domain.notebook.name
            out[target] = build_notebook(domain.notebook, lang)
        for english, pattern in domain.documents:
            out[Path(str(pattern).format(lang=lang))] = build_document(domain.name, english, lang)
    return out


def _current(path: Path, want: str | dict[str, Any]) -> bool:
    if not path.exists():
        return False
    have = path.read_text(encoding="utf-8")
    if isinstance(want, str):
        return have == want
    nb = json.loads(have)
    return _cells(nb) == _cells(want) and nb.get("metadata", {}).get("coursekit") == \
        want["metadata"]["coursekit"]


def stale(lang: str) -> list[Path]:
    """The generated files that do not match their English source and catalog."""
    return [path for path, want in outputs(lang).items() if not _current(path, want)]


def build(lang: str) -> list[Path]:
    """Write the generated files that are out of date; returns them."""
    written = []
    for path, want in outputs(lang).items():
        if _current(path, want):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = want if isinstance(want, str) else \
            json.dumps(want, indent=1, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@dataclass(frozen=True)
class Status:
    """A catalog's entries by state."""

    domain: str
    total: int
    translated: int
    fuzzy: tuple[str, ...]
    untranslated: tuple[str, ...]

    @property
    def done(self) -> bool:
        return not self.fuzzy and not self.untranslated and self.total > 0


def status(domain: Domain, lang: str) -> Status:
    messages = [m for m in read_catalog(catalog_path(domain.name, lang)) if m.id]
    fuzzy = tuple(str(m.id) for m in messages if m.fuzzy)
    empty = tuple(str(m.id) for m in messages if not m.string)
    return Status(domain.name, len(messages), len(messages) - len(fuzzy) - len(empty),
                  fuzzy, empty)
