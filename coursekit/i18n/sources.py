"""Which English sources feed which catalog, and what is generated from them.

A :class:`Domain` is one catalog (``locale/zh_CN/LC_MESSAGES/NAME.po``): a lesson's domain
takes its notebook, its quiz bank and its step file; ``readme`` and ``instructor-guide``
take those documents (the README's sections a learner or an instructor needs, not the
developer's); ``coursekit`` takes the library's own strings, marked ``_("...")`` or
``N_("...")`` in the code, in three catalogs (:data:`LIBRARY`) that answer as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.i18n.catalogs import ROOT

NOTEBOOKS = ROOT / "notebooks"
TRANSLATED_NOTEBOOKS = {"zh-CN": NOTEBOOKS / "zh-CN"}
README_SECTIONS = ("", "Quick start", "The course", "For instructors", "Troubleshooting")
"""The README's sections in README.zh-CN.md ("" is what precedes the first ``##``)."""


@dataclass(frozen=True)
class Domain:
    """One catalog and the English files its entries come from."""

    name: str
    notebook: Path | None = None
    json_files: tuple[Path, ...] = ()
    documents: tuple[tuple[Path, Path], ...] = ()
    """(English document, its generated translation with ``{lang}`` in the name)."""
    python: tuple[Path, ...] = ()
    """Packages (folders) or modules whose ``_()`` and ``N_()`` strings the catalog holds."""


def lesson_domains() -> list[Domain]:
    """One domain per English notebook ``NN-topic.ipynb``."""
    out = []
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        lesson = notebook.stem
        files = tuple(p for p in (NOTEBOOKS / "quizzes" / f"{lesson}.json",
                                  NOTEBOOKS / "steps" / f"{lesson}.json") if p.exists())
        out.append(Domain(lesson, notebook=notebook, json_files=files))
    return out


def domains() -> list[Domain]:
    """Every catalog the course has."""
    return [*lesson_domains(),
            Domain("readme", documents=((ROOT / "README.md", ROOT / "README.{lang}.md"),)),
            Domain("instructor-guide",
                   documents=((ROOT / "docs" / "instructor-guide.md",
                               ROOT / "docs" / "instructor-guide.{lang}.md"),),
                   json_files=(NOTEBOOKS / "steps" / "example.json",)),
            *LIBRARY]


PACKAGE = ROOT / "coursekit"
LIBRARY = (
    Domain("coursekit-quiz", python=(PACKAGE / "quiz",)),
    Domain("coursekit-widgets", python=(PACKAGE / "widgets", PACKAGE / "viz")),
    Domain("coursekit-commands", python=(PACKAGE / "__main__.py", PACKAGE / "lab.py",
                                         PACKAGE / "scenarios")),
)
"""The library's strings, one catalog per part (all of them answer :func:`coursekit.i18n._`)."""


def domain_of_lesson(lesson: str) -> str:
    """The catalog a lesson's bank and steps are translated from (``example`` is the
    instructor guide's)."""
    return "instructor-guide" if lesson == "example" else lesson
