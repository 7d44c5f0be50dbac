"""Terminal-looking HTML for command results, and the small text markup of the widgets.

Pure functions, no widgets: :func:`entry_html` shows one command line as a terminal
would (``$ line``, then what it printed, exactly as a cell shows a result:
:func:`coursekit.result.streams_html`, so stdout, stderr and the exit code look the
same in a cell, the console and the step player); :func:`log_html` stacks several in a
scrollable box that opens at its newest (last) entry; :func:`rich` turns the course's
explanation text into HTML.

Lines never wrap: a long line scrolls sideways in its box. Colours are JupyterLab's CSS
variables (``var(--jp-code-font-family)``, ``var(--jp-layout-color2)``...), each after a
plain value that reads in either theme, so the markup follows the light and dark themes
and survives JupyterLab's sanitizer in a saved notebook (see :mod:`coursekit.result`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from coursekit.i18n import _
from coursekit.result import BOX, DIM, PRE, CommandResult, pre, streams_html

Entry = tuple[str, CommandResult]
"""One command line and what it printed."""
_PROMPT = f'<span class="coursekit-prompt" style="{DIM}user-select:none;">$ </span>'


def command_line_html(line: str) -> str:
    """``$ line`` as one ``<pre>`` (the ``$`` is not copied with the text)."""
    return (f'<pre class="coursekit-line" style="{PRE}">{_PROMPT}'
            f'<b class="coursekit-command">{html.escape(line)}</b></pre>')


def entry_html(line: str, result: CommandResult, note: str = "") -> str:
    """``$ line``, stdout, stderr (marked), ``[exit code N]`` when N != 0, then ``note``."""
    extra = pre(note, "coursekit-note", f"{DIM}font-style:italic;") if note else ""
    return (f'<div class="coursekit-entry">{command_line_html(line)}'
            f"{streams_html(result)}{extra}</div>")


def log_html(entries: Sequence[Entry], height: str = "20em", empty: str = "") -> str:
    """Entries oldest first in one box that scrolls, showing the newest when it opens.

    ``flex-direction: column-reverse`` keeps the box scrolled to its end without a script.
    """
    inner = "".join(entry_html(line, result) for line, result in entries)
    if not entries and empty:
        inner = f'<span class="coursekit-empty" style="{DIM}">{html.escape(empty)}</span>'
    label = html.escape(_("command output"), quote=True)
    return (f'<div class="coursekit-terminal" role="log" aria-live="polite" '
            f'aria-label="{label}" '
            f'style="{BOX}max-height:{html.escape(height)};'
            f'overflow:auto;display:flex;flex-direction:column-reverse;">'
            f"<div>{inner}</div></div>")


def result_html(line: str, result: CommandResult, note: str = "") -> str:
    """One command's result in a terminal box (no scrolling limit)."""
    return (f'<div class="coursekit-terminal" role="status" aria-live="polite" '
            f'style="{BOX}">{entry_html(line, result, note)}</div>')


def command_html(line: str) -> str:
    """The command a step will run, shown before it runs."""
    return f'<div class="coursekit-terminal" style="{BOX}">{command_line_html(line)}</div>'


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
