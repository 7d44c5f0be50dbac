"""Terminal-looking HTML for command results, and the small text markup of the widgets.

Pure functions, no widgets: :func:`entry_html` shows one command line as a terminal
would (``$ line``, stdout, stderr, the exit code when it is not 0); :func:`log_html`
stacks several in a scrollable box that opens at its newest (last) entry; :func:`rich`
turns the course's explanation text into HTML.

Everything is styled with JupyterLab's CSS variables (``var(--jp-code-font-family)``,
``var(--jp-layout-color2)``...), so it follows the light and dark themes. Standard
error is told apart by more than colour: a bar down its left side, ``!`` before each
line (not copied with the text), and the words "error output" for screen readers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from coursekit.result import CommandResult

Entry = tuple[str, CommandResult]
"""One command line and what it printed."""

BOX = ("margin:0.25em 0;padding:0.4em 0.6em;border-radius:3px;"
       "background:var(--jp-layout-color2,#f5f5f5);color:var(--jp-content-font-color1,#222);"
       "font-family:var(--jp-code-font-family,monospace);"
       "font-size:var(--jp-code-font-size,13px);line-height:1.35;")
PRE = "margin:0;padding:0;white-space:pre;background:transparent;color:inherit;font:inherit;"
ERROR = "var(--jp-error-color1,#c62828)"
_MARK = '<span class="coursekit-mark" style="user-select:none" aria-hidden="true">! </span>'
_SR = ("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
       "white-space:nowrap;")
_DIM = "color:var(--jp-content-font-color2,#666);"


def _stderr_html(stderr: str) -> str:
    lines = stderr.rstrip("\n").split("\n")
    body = "\n".join(_MARK + html.escape(line) if line else "" for line in lines)
    return (f'<span class="coursekit-stderr" style="display:block;color:{ERROR};'
            f'border-left:3px solid {ERROR};padding-left:0.5em;white-space:pre-wrap;'
            f'overflow-wrap:anywhere;">'
            f'<span style="{_SR}">error output: </span>{body}</span>')


def entry_html(line: str, result: CommandResult, note: str = "") -> str:
    """One ``<pre>``: ``$ line``, stdout, stderr (marked), ``[exit code N]`` when N != 0."""
    parts = [f'<pre class="coursekit-entry" style="{PRE}">',
             f'<span class="coursekit-prompt" style="user-select:none;{_DIM}">$ </span>'
             f'<b class="coursekit-command">{html.escape(line)}</b>\n']
    if result.stdout:
        parts.append(html.escape(result.stdout.rstrip("\n")) + "\n")
    if result.stderr:
        parts.append(_stderr_html(result.stderr))
    if result.exit_code:
        parts.append(f'<span class="coursekit-exit" style="{_DIM}">'
                     f"[exit code {result.exit_code}]</span>\n")
    if note:
        parts.append(f'<span class="coursekit-note" style="{_DIM}font-style:italic;">'
                     f"{html.escape(note)}</span>\n")
    parts.append("</pre>")
    return "".join(parts)


def log_html(entries: Sequence[Entry], height: str = "20em", empty: str = "") -> str:
    """Entries oldest first in one box that scrolls, showing the newest when it opens.

    ``flex-direction: column-reverse`` keeps the box scrolled to its end without a script.
    """
    inner = "".join(entry_html(line, result) for line, result in entries)
    if not entries and empty:
        inner = f'<span class="coursekit-empty" style="{_DIM}">{html.escape(empty)}</span>'
    return (f'<div class="coursekit-terminal" role="log" aria-live="polite" '
            f'aria-label="command output" style="{BOX}max-height:{html.escape(height)};'
            f'overflow:auto;display:flex;flex-direction:column-reverse;">'
            f"<div>{inner}</div></div>")


def result_html(line: str, result: CommandResult, note: str = "") -> str:
    """One command's result in a terminal box (no scrolling limit)."""
    return (f'<div class="coursekit-terminal" role="status" aria-live="polite" '
            f'style="{BOX}overflow-x:auto;">{entry_html(line, result, note)}</div>')


def command_html(line: str) -> str:
    """The command a step will run, shown before it runs."""
    return (f'<div class="coursekit-terminal" style="{BOX}overflow-x:auto;">'
            f'<pre style="{PRE}"><span style="user-select:none;{_DIM}">$ </span>'
            f"<b>{html.escape(line)}</b></pre></div>")


def rich(text: str) -> str:
    """Explanation text as HTML: escaped; `code` in backticks; **bold**; blank line = paragraph."""
    out = html.escape(text.strip())
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", out) if p.strip()]
    return "".join(f'<p style="margin:0.3em 0;">{p.replace(chr(10), "<br>")}</p>'
                   for p in paragraphs)


def failure(exc: BaseException) -> CommandResult:
    """What a widget shows when something of ours fails: the error, never a traceback."""
    return CommandResult("", f"coursekit: {type(exc).__name__}: {exc}\n", 1)
