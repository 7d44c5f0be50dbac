"""What the README and the instructor guide promise exists: notebooks, links, commands.

The README is the course's front door; these checks keep it from drifting away from
the repository (a renamed notebook, a removed make target, a dead link, a subcommand
that no longer exists).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from coursekit.__main__ import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "instructor-guide.md"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")
COMMAND = re.compile(r"(?:^|`|\$ |/)coursekit ([a-z]+)", re.MULTILINE)
"""``coursekit NAME`` typed as a command: at a line's start, in backticks, after a path."""


def relative_links(doc: Path) -> list[str]:
    """Targets of the Markdown links and images in ``doc`` that point into the repository."""
    return [t for t in LINK.findall(doc.read_text()) if not urlparse(t).scheme
            and not t.startswith("#")]


def test_the_course_map_lists_every_notebook() -> None:
    """One row of the README's course map per notebook, and no row for a missing one."""
    rows = re.findall(r"^\| `(\d\d-[a-z-]+)` \|", README.read_text(), re.MULTILINE)
    assert rows == NOTEBOOKS


@pytest.mark.parametrize("doc", [README, GUIDE], ids=lambda p: p.name)
def test_links_into_the_repository_resolve(doc: Path) -> None:
    """Every relative link and image (docs/topology.png, docs/…) names an existing file."""
    links = relative_links(doc)
    assert links, f"{doc.name} has no links to check"
    missing = [t for t in links if not (doc.parent / unquote(t.split("#")[0])).exists()]
    assert not missing, missing


def test_the_binder_badge_opens_notebook_00() -> None:
    """The badge opens JupyterLab at the first notebook, which exists."""
    url = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+", README.read_text())
    assert url, "no Binder link in the README"
    path = re.search(r"urlpath=lab/tree/([^&)\s]+)", url.group(0))
    assert path and path.group(1) == f"notebooks/{NOTEBOOKS[0]}.ipynb", url.group(0)
    assert (ROOT / path.group(1)).exists()


def test_the_two_quick_start_commands_are_make_targets() -> None:
    """`make lab` and `make test` exist, and `make lab PORT=...` is honoured."""
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
        assert f"make {target}" in README.read_text()
    assert re.search(r"^PORT \?=", makefile, re.MULTILINE)
    assert "--port=$(PORT)" in makefile


@pytest.mark.parametrize("doc", [README, GUIDE], ids=lambda p: p.name)
def test_every_coursekit_command_named_exists(doc: Path) -> None:
    """`coursekit SUBCOMMAND` in the docs names a real subcommand of the `coursekit` tool."""
    parser = build_parser()
    choices = next(a.choices for a in parser._actions if a.dest == "command")
    named = set(COMMAND.findall(doc.read_text()))
    assert named and named <= set(choices), named - set(choices)


def test_the_topology_picture_is_one_small_png() -> None:
    """docs/topology.png is a PNG small enough to keep in the repository."""
    png = (ROOT / "docs" / "topology.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) < 100_000
