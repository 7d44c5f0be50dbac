"""Command output looks the same in a cell, the console and the step player, and never wraps.

A cell shows ``CommandResult._repr_html_``; the console and the step player show
``terminal.entry_html``. Both carry the same markup for stdout, stderr and the exit code
(:func:`coursekit.result.streams_html`), every stream a ``<pre>`` that keeps its lines
(``white-space:pre``) inside a box that scrolls sideways, styled inline so that
JupyterLab's sanitizer (which drops ``var(--jp-…)`` and ``<style>`` in a saved
notebook) leaves a plain value of every colour in place.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from coursekit.result import CommandResult, streams_html
from coursekit.widgets.terminal import entry_html, log_html, result_html

FAILED = CommandResult("NAMES\n", "Error response from daemon: No such container: tomcat83\n", 1)


class Styles(HTMLParser):
    """Every element's tag, class and inline style declarations, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, str, dict[str, list[str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        declarations: dict[str, list[str]] = {}
        for item in (found.get("style") or "").split(";"):
            name, _, value = item.partition(":")
            if name.strip():
                declarations.setdefault(name.strip(), []).append(value.strip())
        self.elements.append((tag, found.get("class") or "", declarations))


def styles(markup: str) -> list[tuple[str, str, dict[str, list[str]]]]:
    parser = Styles()
    parser.feed(markup)
    return parser.elements


@pytest.mark.parametrize("markup", [FAILED._repr_html_(), result_html("docker ps", FAILED),
                                    log_html([("docker ps", FAILED)])])
def test_every_line_stays_one_line_and_the_box_scrolls(markup: str) -> None:
    """Each <pre> says white-space:pre (JupyterLab's CSS says pre-wrap); the box overflow-x."""
    elements = styles(markup)
    pres = [e for e in elements if e[0] == "pre"]
    assert pres and all(e[2].get("white-space") == ["pre"] for e in pres)
    box = elements[0]
    assert box[1] == "coursekit-terminal" and "auto" in box[2].get("overflow-x", [])


def test_cell_and_console_show_the_same_streams() -> None:
    """One look: stdout, stderr and the exit code are the same markup in a cell and a console."""
    streams = streams_html(FAILED)
    assert streams in FAILED._repr_html_() and streams in entry_html("docker ps", FAILED)
    assert streams in log_html([("docker ps", FAILED)])


def test_stderr_and_exit_code_are_marked_without_a_bang() -> None:
    """stderr: its class, a bar, words for screen readers; no "! " mark; then the exit code."""
    markup = streams_html(FAILED)
    assert "! " not in markup and "error output: </span>Error response" in markup
    stderr = next(e for e in styles(markup) if e[1] == "coursekit-stderr")
    assert stderr[2]["border-left"][0] == "3px solid #d32f2f"
    assert markup.endswith('[exit code 1]</pre>') and "coursekit-exit" in markup


def test_each_style_survives_the_sanitizer() -> None:
    """A var(--jp-…) declaration follows a plain value of its property (the sanitizer keeps that).

    The one exception is the box's text colour: without it the theme's own applies.
    """
    for markup in (FAILED._repr_html_(), log_html([("docker ps", FAILED)])):
        for _tag, cls, declarations in styles(markup):
            for name, values in declarations.items():
                if any("var(" in v for v in values) and (cls, name) != ("coursekit-terminal",
                                                                         "color"):
                    assert "var(" not in values[0], (cls, name, values)


def test_output_is_escaped_and_keeps_a_leading_blank_line() -> None:
    """HTML drops the newline right after <pre>: one is added, so output's own stays."""
    markup = CommandResult("\n<b>x</b>\n")._repr_html_()
    assert "<b>x</b>" not in markup and "&lt;b&gt;x&lt;/b&gt;" in markup
    assert re.search(r'<pre class="coursekit-stdout"[^>]*>\n\n&lt;b&gt;', markup)


def test_a_command_that_prints_nothing_says_so() -> None:
    """An empty box would look like a glitch: `(no output)` in HTML, nothing in text."""
    result = CommandResult()
    assert "(no output)" in result._repr_html_() and result._plain() == ""
    assert "(no output)" not in entry_html("docker network connect app web", result)
