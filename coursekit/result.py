"""CommandResult: what one command line printed, displayed like a terminal in a notebook."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CommandResult:
    """The stdout, stderr and exit code of one ``lab.sh(line)``.

    In a notebook it shows as a terminal would: stdout, then stderr in red, then
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
        parts = ['<pre class="coursekit-terminal" style="margin:0">']
        parts.append(html.escape(self.stdout))
        if self.stderr:
            parts.append('<span class="coursekit-stderr" style="color:#c0392b">'
                         f"{html.escape(self.stderr)}</span>")
        if self.exit_code:
            parts.append(f'<span class="coursekit-exit" style="opacity:.7">'
                         f"[exit code {self.exit_code}]</span>")
        parts.append("</pre>")
        return "".join(parts)
