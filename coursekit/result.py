"""CommandResult: what one command line printed, displayed like a terminal in a notebook.

The HTML of a result (:func:`streams_html`; the console and the step player show the
same markup, :mod:`coursekit.widgets.terminal`) is written for two readers:

- JupyterLab right after a run: the output is trusted and shown as written;
- a saved notebook opened later (JupyterLab, nbviewer, GitHub): it is untrusted, and
  JupyterLab's sanitizer drops ``<style>`` blocks, ARIA attributes and every CSS
  declaration it cannot check, ``var(--jp-…)`` included.

So every element carries its own inline style, and each colour is given twice: a value
that reads on light and dark themes and survives the sanitizer, then JupyterLab's theme
variable, which wins once the output is trusted. Lines never wrap (JupyterLab's CSS gives
``<pre>`` ``white-space: pre-wrap``, which breaks ``NAMES`` into ``NAM`` / ``ES``): each
stream is a ``<pre>`` with ``white-space: pre`` inside a box that scrolls sideways
(``overflow-x: auto``). Standard error is told apart by more than colour: a bar down its
left side, and the words "error output" for screen readers; a non-zero exit code shows
as ``[exit code N]``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

BOX = ("margin:0.25em 0;padding:0.4em 0.6em;border-radius:3px;overflow-x:auto;"
       "background:rgba(128,128,128,0.1);background:var(--jp-layout-color2,rgba(128,128,128,0.1));"
       "font-family:monospace;font-family:var(--jp-code-font-family,monospace);"
       "font-size:13px;font-size:var(--jp-code-font-size,13px);line-height:1.35;")
"""The terminal box: it scrolls sideways, so a long line stays one line. (Its line height
also holds inside a widget, whose HTML would otherwise inherit a 28-pixel one.)"""
PRE = "margin:0;padding:0;border:0;white-space:pre;background:transparent;color:inherit;"
"""One stream inside the box: never wrapped."""
DIM = "opacity:0.7;"
"""The prompt, the exit code and notes: dimmer than the output, in any theme."""
_RED = "#d32f2f"
_ERROR = (f"color:{_RED};color:var(--jp-error-color1,{_RED});padding-left:0.5em;"
          f"border-left:3px solid {_RED};border-left:3px solid var(--jp-error-color1,{_RED});")
_SR = ("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
       "white-space:nowrap;")
"""Read by screen readers, not shown (the sanitizer keeps enough of it to stay hidden)."""


def pre(text: str, cls: str, style: str = "", lead: str = "") -> str:
    """``text`` escaped (after the markup ``lead``) in a ``<pre>`` that never wraps.

    The newline right after ``<pre>`` is the one HTML drops, so text that starts with a
    blank line keeps it.
    """
    return f'<pre class="{cls}" style="{PRE}{style}">\n{lead}{html.escape(text)}</pre>'


def streams_html(result: CommandResult) -> str:
    """stdout, stderr (marked), then ``[exit code N]`` when N is not 0: one ``<pre>`` each."""
    parts = []
    if result.stdout:
        parts.append(pre(result.stdout.rstrip("\n"), "coursekit-stdout"))
    if result.stderr:
        parts.append(pre(result.stderr.rstrip("\n"), "coursekit-stderr", _ERROR,
                         f'<span style="{_SR}">error output: </span>'))
    if result.exit_code:
        parts.append(pre(f"[exit code {result.exit_code}]", "coursekit-exit", DIM))
    return "".join(parts)


@dataclass(frozen=True)
class CommandResult:
    """The stdout, stderr and exit code of one ``lab.sh(line)``.

    In a notebook it shows as a terminal would: stdout, then stderr marked in red, then
    the exit code when it is not 0. ``str(result)`` is stdout followed by stderr.
    """

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def output(self) -> str:
        """stdout and stderr together, as a terminal shows them."""
        return self.stdout + self.stderr

    def lines(self) -> list[str]:
        """stdout split into lines (no trailing empty line)."""
        return self.stdout.splitlines()

    def __str__(self) -> str:
        return self.output

    def _plain(self) -> str:
        text = self.stdout
        if self.stderr:
            text += "".join(f"! {line}\n" for line in self.stderr.splitlines())
        if self.exit_code:
            text += f"[exit code {self.exit_code}]\n"
        return text.rstrip("\n")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self._plain())

    def _repr_html_(self) -> str:
        body = streams_html(self) or pre("(no output)", "coursekit-empty", DIM)
        return f'<div class="coursekit-terminal" style="{BOX}">{body}</div>'
