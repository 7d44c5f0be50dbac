"""The gettext catalogs: where they are, reading them (Babel), and looking a text up.

``locale/zh_CN/LC_MESSAGES/DOMAIN.po`` beside the ``coursekit`` package, one per domain
(see :mod:`coursekit.i18n`). A catalog is read once and read again when its file changes,
so a translator's edit shows at the next lookup. Only a translated entry that is not
fuzzy counts: anything else answers in English, the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE_DIR = ROOT / "locale"


def locale_name(lang: str) -> str:
    """``zh-CN`` -> ``zh_CN`` (gettext's spelling)."""
    return lang.replace("-", "_")


def catalog_path(domain: str, lang: str) -> Path:
    return LOCALE_DIR / locale_name(lang) / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class _Loaded:
    mtime: float
    table: dict[str, str]


_cache: dict[Path, _Loaded] = {}


def read_catalog(path: Path) -> Catalog:
    """The catalog at ``path`` (an empty one when the file is missing)."""
    if not path.exists():
        return Catalog()
    with path.open("rb") as f:
        return read_po(f)


def table(domain: str, lang: str) -> dict[str, str]:
    """English -> translation for the usable entries (translated, not fuzzy)."""
    path = catalog_path(domain, lang)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    loaded = _cache.get(path)
    if loaded is None or loaded.mtime != mtime:
        entries = {str(m.id): str(m.string) for m in read_catalog(path)
                   if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}
        loaded = _cache[path] = _Loaded(mtime, entries)
    return loaded.table


LIBRARY_DOMAINS = ("coursekit-quiz", "coursekit-widgets", "coursekit-commands")
"""The library's catalogs: the domain ``coursekit`` looks in each of them."""


def translate(domain: str, text: str, lang: str) -> str:
    """``text`` in ``lang`` from ``domain``'s catalog (``coursekit``: the library's); the
    English itself when there is no usable translation (or ``lang`` is English)."""
    if lang == "en" or not text:
        return text
    for name in LIBRARY_DOMAINS if domain == "coursekit" else (domain,):
        found = table(name, lang).get(text)
        if found is not None:
            return found
    return text
