"""The docker CLI's tabwriter: Go's text/tabwriter (elastic tabstops), as ``docker ps`` uses it.

Cells end with a tab; lines end with a newline. Tab-terminated cells in
consecutive lines form a column, padded to its widest cell plus ``padding``
(at least ``minwidth``). The last cell of a line is not part of a column and is
never padded. The CLI's formatter writes with ``minwidth=10, tabwidth=1,
padding=3`` and pads with spaces, which gives the familiar::

    NETWORK ID     NAME      DRIVER    SCOPE
    bc45c8aeeb25   bridge    bridge    local

Widths count terminal columns (East Asian wide characters count two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coursekit.i18n.width import columns


@dataclass(frozen=True)
class _Cell:
    text: str
    width: int
    htab: bool


class _Writer:
    def __init__(self, minwidth: int, padding: int) -> None:
        self.minwidth = minwidth
        self.padding = padding
        self.lines: list[list[_Cell]] = []
        self.widths: list[int] = []
        self.out: list[str] = []

    def load(self, text: str) -> None:
        for raw in text.split("\n"):
            parts = raw.split("\t")
            cells = [_Cell(p, columns(p), True) for p in parts[:-1]]
            cells.append(_Cell(parts[-1], columns(parts[-1]), False))
            self.lines.append(cells)

    def write_lines(self, line0: int, line1: int) -> None:
        for i in range(line0, line1):
            for j, cell in enumerate(self.lines[i]):
                self.out.append(cell.text)
                if j < len(self.widths):
                    self.out.append(" " * (self.widths[j] - cell.width))
            if i + 1 < len(self.lines):
                self.out.append("\n")

    def format(self, line0: int, line1: int) -> None:
        column = len(self.widths)
        this = line0
        while this < line1:
            if column >= len(self.lines[this]) - 1:
                this += 1
                continue
            self.write_lines(line0, this)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(self.lines[this]) - 1:
                width = max(width, self.lines[this][column].width + self.padding)
                this += 1
            self.widths.append(width)
            self.format(line0, this)
            self.widths.pop()
            line0 = this
        self.write_lines(line0, line1)


def tabwrite_text(text: str, *, minwidth: int = 10, padding: int = 3) -> str:
    """Align tab-separated ``text`` as the CLI's tabwriter does (Flush at the end)."""
    writer = _Writer(minwidth, padding)
    writer.load(text)
    writer.format(0, len(writer.lines))
    return "".join(writer.out)


def tabwrite(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as ``docker`` tables print them, one line per row."""
    return tabwrite_text("".join("\t".join(row) + "\n" for row in rows))
