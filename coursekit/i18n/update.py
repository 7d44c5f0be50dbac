"""``python -m coursekit.i18n update``: the catalogs brought up to date with the English.

For each domain, a template (every unit its sources hold, with where it comes from) is
merged into ``locale/<lang>/LC_MESSAGES/<domain>.po`` by Babel's ``Catalog.update``: a new
unit is added untranslated, a unit the English no longer has is dropped, and a unit whose
English changed a little keeps its old translation, marked fuzzy (it no longer counts
until a translator has looked at it and removed the mark).
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import write_po

from coursekit.i18n.catalogs import ROOT, catalog_path, locale_name, read_catalog
from coursekit.i18n.documents import document_text
from coursekit.i18n.sources import Domain
from coursekit.i18n.units import json_texts, markdown_units

KEYWORDS = {"_": None, "N_": None}


def _where(path: Path) -> str:
    """``path`` as the catalog names it: from the repository's root."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def template(domain: Domain) -> Catalog:
    """Every unit of ``domain``'s sources, each with its locations."""
    pot = Catalog(domain=domain.name, project="coursekit", fuzzy=False)
    if domain.notebook is not None:
        cells = json.loads(domain.notebook.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                for unit in markdown_units("".join(cell["source"])):
                    pot.add(unit, locations=[(_where(domain.notebook), index)])
    for path in domain.json_files:
        for unit in json_texts(json.loads(path.read_text(encoding="utf-8"))):
            pot.add(unit, locations=[(_where(path), 0)])
    for source, _target in domain.documents:
        for unit in markdown_units(document_text(domain.name, source)):
            pot.add(unit, locations=[(_where(source), 0)])
    for place in domain.python:
        for where, lineno, message, comments in _python_strings(place):
            pot.add(message, locations=[(where, lineno)], auto_comments=comments)
    return pot


def _python_strings(place: Path) -> list[tuple[str, int, str, list[str]]]:
    """The ``_()``/``N_()`` strings of a folder or a module: (where, line, text, comments)."""
    tags = ("TRANSLATORS:",)
    if place.is_dir():
        found = [(_where(place / name), line, message, comments)
                 for name, line, message, comments, _context in extract_from_dir(
                     place, method_map=[("**.py", "python")], keywords=KEYWORDS,
                     comment_tags=tags, strip_comment_tags=True)]
    else:
        found = [(_where(place), line, message, comments)
                 for line, message, comments, _context in extract_from_file(
                     "python", place, keywords=KEYWORDS, comment_tags=tags,
                     strip_comment_tags=True)]
    return [(w, n, m, c) for w, n, m, c in found if isinstance(m, str) and m]


def update(domain: Domain, lang: str) -> Path:
    """Bring ``domain``'s catalog for ``lang`` up to date; returns its path."""
    path = catalog_path(domain.name, lang)
    catalog = read_catalog(path)
    catalog.locale = locale_name(lang)
    catalog.domain = domain.name
    catalog.project, catalog.version = "coursekit", "1"
    catalog.copyright_holder = "the coursekit authors"
    catalog.msgid_bugs_address = "the coursekit issue tracker"
    catalog.language_team = "coursekit 中文 <zh-CN>"
    catalog.last_translator = "the coursekit authors"
    pot = template(domain)
    if path.exists():  # no new date (and no diff) when nothing changed
        pot.creation_date = catalog.creation_date
    catalog.update(pot, no_fuzzy_matching=False)
    catalog.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, ignore_obsolete=True, omit_header=False,
                 sort_output=False, include_previous=True)
    return path
