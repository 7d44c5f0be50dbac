"""docs/engine-versions.md is what tests/support/engine_versions.py writes from the recordings.

When a scenario is recorded again, or a scenario is added, regenerate the page:

    python tests/support/engine_versions.py > docs/engine-versions.md
"""

from __future__ import annotations

import difflib

import engine_versions

DOC = engine_versions.ROOT / "docs" / "engine-versions.md"


def test_the_committed_page_is_what_the_generator_writes() -> None:
    """The page lists exactly the recorded differences, in the generator's words."""
    want = engine_versions.page()
    have = DOC.read_text()
    diff = "".join(difflib.unified_diff(have.splitlines(keepends=True),
                                        want.splitlines(keepends=True),
                                        "docs/engine-versions.md", "generated", n=1))
    assert have == want, ("docs/engine-versions.md is out of date; run "
                          "`python tests/support/engine_versions.py > docs/engine-versions.md`"
                          f"\n{diff[:4000]}")


def test_the_page_quotes_both_engines_for_every_kind_of_difference() -> None:
    """Each hand-written section has at least one recorded step (or raw lines) under it."""
    kinds = {d.kind for d in engine_versions.differences()}
    assert {"macs", "pools", "messages", "inspect", "files"} <= kinds, kinds
    assert engine_versions.numbering() and engine_versions.firewall()


def test_only_steps_that_differ_are_listed() -> None:
    """A step whose normalised answers agree on both engines is not on the page."""
    for d in engine_versions.differences():
        assert list(d.streams()) or d.old["exit_code"] != d.new["exit_code"], d.step.id
