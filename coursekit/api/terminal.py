"""The shell behind ``docker exec -it c1 sh``: busybox ash's line editor, as bytes in and out.

With ``-t`` the docker CLI puts the learner's terminal in raw mode and sends every key as
it is typed: ``e``, ``c``, DEL (0x7f) for backspace, ``ESC [ A`` for the up arrow, 0x03
for Ctrl-C. Nothing on the learner's side echoes or edits. In a container, the kernel's
pseudo-terminal and the shell's line editor do that work, and the shell's bytes come back:

    keys  ──►  Terminal.feed()  ──►  echo, redraws, command output, the next prompt
                   │ Enter
                   ▼
                 run(line) -> CommandResult        (the simulated busybox ``sh -c``)

:class:`Terminal` plays both parts with no I/O of its own (the API server moves its bytes,
as h11 leaves sockets to its caller), byte for byte as busybox 1.35's ash does under a
tty 80 columns wide with ``PS1='/ # '``:

- a typed character echoes; at the end of a screen row ash writes ``\\r\\n`` itself, which
  the tty's ``onlcr`` turns into ``\\r\\r\\n``;
- backspace (DEL or ^H) is ``\\b ESC[J`` at the end of the line; in the middle ash reprints
  the rest, clears (``ESC[J``) and steps back. Moving left is ``\\b`` (up to four) or
  ``ESC[nD``; moving right reprints the character; across rows ``\\r ESC[nA ESC[nC``;
- Up/Down (``ESC[A``/``ESC[B``, ``ESC OA``, Ctrl-P/Ctrl-N) redraw the line: ``\\r``, the
  prompt, the entry, ``ESC[J``. Edits to a recalled entry stay in the history; the top
  rings twice (``\\a\\a``), the bottom once;
- Ctrl-C prints ``^C\\r\\n`` and a new prompt, discards the line and sets ``$?`` to 130;
  Ctrl-D on an empty line prints ``\\r\\n`` and ends the shell with ``$?``; elsewhere it
  deletes the character under the cursor. ``exit [N]`` ends it with N modulo 256;
- a command's output passes through ``onlcr`` (``\\n`` becomes ``\\r\\n``), stdout first.

What this leaves out, on purpose: ash's banner (the official busybox image is built from
busybox's defconfig, whose ``FEATURE_SH_EXTRA_QUIET`` hides it; Debian's build prints it),
the cursor-position query ``ESC[6n`` ash sends with each prompt when no key is waiting
(from the terminal's answer it learns where the prompt starts; this class knows, and
swallows an answer if one comes), completion (Tab rings, as ash does when nothing
matches) and double-width characters. Input is read as UTF-8, whole characters however
the bytes are split (ash does so in a UTF-8 locale when a character comes whole; without
one it edits bytes).

Before the shell sees a key, the detach keys are watched for, Ctrl-P Ctrl-Q (by the CLI,
and by the daemon for any client): that pair ends the attachment (``Output.detached``) and
the shell runs on (``docker run -it`` then prints nothing and exits 0; ``docker exec -it``
and ``docker attach`` print ``read escape sequence`` and exit 1). Ctrl-P and any other key
reach the shell as both keys. ``docker attach`` resizes twice (one row and column too
many, then right), and the two redraws :meth:`Terminal.resize` returns are what shows
the prompt again. :class:`coursekit.api.script.Script` is the same shell without a tty
(``echo 'ip addr' | docker exec -i c1 sh``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from coursekit.api.script import Output, RunLine, builtin_exit

__all__ = ["Output", "RunLine", "Terminal", "onlcr"]

CLEAR = "\x1b[J"
"""Erase from the cursor to the end of the screen: ash writes it after every edit."""
HISTORY_SIZE = 255
"""busybox's default ``FEATURE_EDITING_HISTORY``."""
_DETACH = (0x10, 0x11)
_KEY = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O[^\x1b]|[^\[O])|[^\x1b]", re.DOTALL)
_KEYS = {
    "\r": "enter", "\n": "enter", "\x7f": "backspace", "\x08": "backspace",
    "\x03": "interrupt", "\x04": "eof", "\x1b[3~": "delete", "\t": "complete",
    "\x1b[D": "left", "\x02": "left", "\x1b[C": "right", "\x06": "right",
    "\x1b[H": "home", "\x1bOH": "home", "\x1b[1~": "home", "\x01": "home",
    "\x1b[F": "end", "\x1bOF": "end", "\x1b[4~": "end", "\x05": "end",
    "\x1b[A": "up", "\x1bOA": "up", "\x10": "up",
    "\x1b[B": "down", "\x1bOB": "down", "\x0e": "down",
    "\x0c": "redisplay", "\x15": "kill_start", "\x0b": "kill_end", "\x17": "kill_word",
    "\x1bb": "word_left", "\x1bf": "word_right",
}
"""Each key ash's line editor acts on, by the bytes a terminal sends for it."""


def onlcr(text: str) -> str:
    """Text as a tty with ``onlcr`` delivers it: each ``\\n`` becomes ``\\r\\n``."""
    return text.replace("\n", "\r\n")


class Terminal:
    """An interactive busybox ``sh`` under a tty: feed it keys, send back what it returns."""

    def __init__(self, run: RunLine, *, prompt: str = "/ # ", width: int = 80) -> None:
        self._run, self._prompt, self._width = run, prompt, max(width, 1)
        self._line, self._cursor, self._col0 = "", 0, 0
        self._history: list[str] = []
        self._recall, self._scratch = 0, ""
        self._status = 0
        self._ended: int | None = None
        self._held_ctrl_p = False
        self._pending = ""
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def start(self) -> bytes:
        """What appears on attach: the first prompt."""
        return self._new_prompt("").encode()

    def feed(self, data: bytes) -> Output:
        """Handle keys the user typed; the bytes may be split anywhere."""
        if self._ended is not None:
            return Output(b"", self._ended)
        keys, detached = self._watch_detach(data)
        self._pending += self._utf8.decode(keys)
        out = []
        while self._ended is None and (m := _KEY.match(self._pending)):
            self._pending = self._pending[m.end():]
            out.append(self._key(m.group()))
        return Output("".join(out).encode(), self._ended, detached)

    def resize(self, width: int, height: int) -> bytes:
        """The window changed size: ash redraws the line (returned). Only the width counts."""
        old_row = self._row(self._cursor)
        if max(width, 1) == self._width:
            return b""
        self._width = max(width, 1)
        up, back = max(old_row, self._row(self._cursor)), len(self._line) - self._cursor
        return self._redraw(up, back).encode()

    def _watch_detach(self, data: bytes) -> tuple[bytes, bool]:
        """The daemon's escape proxy: the keys for the shell, and whether Ctrl-P Ctrl-Q came."""
        keys = bytearray()
        for byte in data:
            if self._held_ctrl_p:
                self._held_ctrl_p = False
                if byte == _DETACH[1]:
                    return bytes(keys), True
                keys += bytes((_DETACH[0], byte))
            elif byte == _DETACH[0]:
                self._held_ctrl_p = True
            else:
                keys.append(byte)
        return bytes(keys), False

    def _key(self, key: str) -> str:
        action = _KEYS.get(key)
        if action is not None:
            handler: Callable[[], str] = getattr(self, f"_do_{action}")
            return handler()
        if key.startswith("\x1b") and len(key) == 2:
            return self._key(key[1])    # Escape, then a key: ash takes the key alone
        if key < " " or key.startswith("\x1b"):
            return ""                   # other control keys, a cursor report: ignored
        return self._insert(key)

    def _place(self, index: int) -> tuple[int, int]:
        """Row (from the prompt's) and column of the character at ``index`` of the line."""
        return divmod(self._col0 + len(self._prompt) + index, self._width)

    def _row(self, index: int) -> int:
        return self._place(index)[0]

    def _put(self, end: int) -> str:
        """Print the line from the cursor to ``end``, moving the cursor there."""
        out = []
        for index in range(self._cursor, end):
            out.append(self._line[index])
            if self._place(index + 1)[1] == 0:
                out.append("\r\r\n")    # ash's own "\r\n" at a row's end, after onlcr
        self._cursor = end
        return "".join(out)

    def _back(self, count: int) -> str:
        """Move the cursor ``count`` characters left, as ash's ``input_backward``."""
        count = min(count, self._cursor)
        (row, _), (new_row, col) = self._place(self._cursor), self._place(self._cursor - count)
        self._cursor -= count
        if count == 0 or row == new_row:
            return "\b" * count if count <= 4 else f"\x1b[{count}D"
        return f"\r\x1b[{row - new_row}A" + (f"\x1b[{col}C" if col else "")

    def _redraw(self, up: int, back: int) -> str:
        """Go up ``up`` rows, reprint prompt and line, then step ``back`` to the cursor."""
        self._cursor = 0
        head = (f"\x1b[{up}A" if up else "") + "\r" + self._prompt
        return head + self._put(len(self._line)) + CLEAR + self._back(back)

    def _new_prompt(self, output: str) -> str:
        """After ``output``, a fresh empty line: the prompt starts where the output stopped."""
        self._line, self._cursor = "", 0
        self._recall, self._scratch = len(self._history), ""
        self._col0 = len(output.rpartition("\n")[2]) % self._width
        return self._prompt

    def _new_line(self) -> str:
        """Leave the line (the cursor at its end): a newline unless a row just ended."""
        return "\r\n" if self._place(self._cursor)[1] else ""

    def _insert(self, char: str) -> str:
        self._line = self._line[:self._cursor] + char + self._line[self._cursor:]
        cursor = self._cursor + 1
        out = self._put(len(self._line))
        return out + self._back(len(self._line) - cursor)

    def _do_backspace(self) -> str:
        return self._back(1) + self._do_delete() if self._cursor else ""

    def _do_delete(self) -> str:
        line, cursor = self._line, self._cursor
        if cursor == len(line):
            return ""
        self._line = line[:cursor] + line[cursor + 1:]
        return self._put(len(self._line)) + CLEAR + self._back(len(self._line) - cursor)

    def _do_eof(self) -> str:
        if self._line:
            return self._do_delete()
        self._ended = self._status
        return self._new_line()

    def _do_interrupt(self) -> str:
        self._status = 130
        return "^C\r\n" + self._new_prompt("")

    def _do_enter(self) -> str:
        out = self._put(len(self._line)) + self._new_line()
        line = self._line
        if line and (not self._history or self._history[-1] != line):
            self._history = [*self._history, line][-HISTORY_SIZE:]
        if not line.strip():
            return out + self._new_prompt("")
        exiting = builtin_exit(line, self._status)
        result = self._run(line) if exiting is None else exiting
        self._status = result.exit_code
        if exiting is not None and not exiting.stderr:
            self._ended = result.exit_code
            return out
        text = result.stdout + result.stderr
        return out + onlcr(text) + self._new_prompt(text)

    def _do_left(self) -> str:
        return self._back(1)

    def _do_right(self) -> str:
        return self._put(min(self._cursor + 1, len(self._line)))

    def _do_home(self) -> str:
        return self._back(self._cursor)

    def _do_end(self) -> str:
        return self._put(len(self._line))

    def _do_word_left(self) -> str:
        start = self._line[:self._cursor].rstrip(" ").rfind(" ") + 1
        return self._back(self._cursor - start)

    def _do_word_right(self) -> str:
        rest = self._line[self._cursor:]
        end = rest.find(" ", len(rest) - len(rest.lstrip(" ")))
        return self._put(self._cursor + (len(rest) if end < 0 else end))

    def _do_up(self) -> str:
        return self._recall_entry(self._recall - 1, "\a\a")

    def _do_down(self) -> str:
        return self._recall_entry(self._recall + 1, "\a")

    def _recall_entry(self, index: int, bell: str) -> str:
        """Show history entry ``index`` (its length: the line being typed), keeping edits."""
        if not 0 <= index <= len(self._history):
            return bell
        if self._recall < len(self._history):
            self._history[self._recall] = self._line
        else:
            self._scratch = self._line
        up = self._row(self._cursor)
        self._recall = index
        self._line = self._history[index] if index < len(self._history) else self._scratch
        return self._redraw(up, 0)

    def _do_redisplay(self) -> str:
        self._col0 = 0
        return "\x1b[H\x1b[J" + self._redraw(0, len(self._line) - self._cursor)

    def _do_complete(self) -> str:
        return "\a"                     # ash's answer when nothing matches

    def _do_kill_start(self) -> str:
        if self._cursor == 0:
            return ""
        up, self._line = self._row(self._cursor), self._line[self._cursor:]
        return self._redraw(up, len(self._line))

    def _do_kill_end(self) -> str:
        self._line = self._line[:self._cursor]
        return CLEAR

    def _do_kill_word(self) -> str:
        out = ""
        while self._cursor and self._line[self._cursor - 1] == " ":
            out += self._do_backspace()
        while self._cursor and self._line[self._cursor - 1] != " ":
            out += self._do_backspace()
        return out
