"""The interactive shell's line discipline, held to the bytes busybox 1.35's ash writes.

The expected byte strings were read from ``busybox sh`` under a pseudo-terminal (80 columns,
``PS1='/ # '``), with its cursor-position queries (``ESC[6n``) left out; the last tests drive
that busybox live and compare it with :class:`Terminal` key by key.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import termios
import time
from collections.abc import Callable

import pytest

from coursekit.api.script import Script
from coursekit.api.terminal import Output, Terminal
from coursekit.result import CommandResult

UP, DOWN, LEFT, RIGHT = b"\x1b[A", b"\x1b[B", b"\x1b[D", b"\x1b[C"
CLEAR = b"\x1b[J"


def fake_sh(line: str) -> CommandResult:
    """A tiny ``sh -c``: echo, printf, false, warn (to stderr); anything else is not found."""
    name, _, rest = line.strip().partition(" ")
    if name == "echo":
        return CommandResult(stdout=rest + "\n")
    if name == "printf":
        return CommandResult(stdout=rest)
    if name == "false":
        return CommandResult(exit_code=1)
    if name == "warn":
        return CommandResult(stdout="out\n", stderr=rest + "\n", exit_code=3)
    return CommandResult(stderr=f"sh: {name}: not found\n", exit_code=127)


def session(keys: list[bytes], width: int = 80) -> tuple[list[bytes], Terminal]:
    """What the terminal answers to each key in turn, after its first prompt."""
    terminal = Terminal(fake_sh, width=width)
    assert terminal.start() == b"/ # "
    return [terminal.feed(key).data for key in keys], terminal


def check(pairs: list[tuple[bytes, bytes]], width: int = 80) -> None:
    answers, _ = session([key for key, _ in pairs], width)
    assert list(zip([key for key, _ in pairs], answers, strict=True)) == pairs


def test_typing_echoes_and_enter_runs_the_line_with_onlcr() -> None:
    """Each key echoes; Enter runs the line and the output's newlines become CR LF."""
    check([(b"e", b"e"), (b"cho", b"cho"), (b" hi", b" hi"), (b"\x7f", b"\x08" + CLEAR),
           (b"i\r", b"i\r\nhi\r\n/ # "), (UP, b"\r/ # echo hi" + CLEAR),
           (b"\r", b"\r\nhi\r\n/ # "), (b"\x03", b"^C\r\n/ # "),
           (b"abc\x03", b"abc^C\r\n/ # "), (b"\r", b"\r\n/ # ")])


def test_moving_and_editing_inside_the_line() -> None:
    """Arrows, Home/End in their four spellings, insert, delete and backspace mid-line."""
    back4 = b"\x08" * 4
    check([(b"abc", b"abc"), (LEFT, b"\x08"), (LEFT, b"\x08"), (b"X", b"Xbc\x08\x08"),
           (RIGHT, b"b"), (RIGHT, b"c"), (RIGHT, b""), (b"\x1b[H", back4),
           (b"\x1b[F", b"aXbc"), (b"\x1b[1~", back4), (b"\x1b[4~", b"aXbc"),
           (b"\x1bOH", back4), (b"\x1bOF", b"aXbc"), (b"\x01", back4), (b"\x05", b"aXbc"),
           (LEFT + LEFT + b"\x04", b"\x08\x08c" + CLEAR + b"\x08"),
           (LEFT + b"\x7f", b"\x08\x08Xc" + CLEAR + b"\x08\x08"), (b"\x08", b""),
           (b"\x08", b""), (b"\x03", b"^C\r\n/ # ")])


def test_a_long_move_uses_a_count_and_enter_reprints_the_rest() -> None:
    """More than four columns left is ``ESC[nD``; Enter first prints the line to its end."""
    check([(b"echo hi there", b"echo hi there"), (b"\x01", b"\x1b[13D"),
           (b"\r", b"echo hi there\r\nhi there\r\n/ # ")])


def test_history_and_the_other_editing_keys() -> None:
    """Up/Down (and SS3 arrows) redraw; bells at either end; Ctrl-L, -U, -W, -K; Tab rings."""
    check([(b"echo one\r", b"echo one\r\none\r\n/ # "), (b"echo two\r", b"echo two\r\ntwo\r\n/ # "),
           (b"ec", b"ec"), (UP, b"\r/ # echo two" + CLEAR), (UP, b"\r/ # echo one" + CLEAR),
           (UP, b"\x07\x07"), (DOWN, b"\r/ # echo two" + CLEAR), (DOWN, b"\r/ # ec" + CLEAR),
           (DOWN, b"\x07"), (b"\x1bOA", b"\r/ # echo two" + CLEAR),
           (b"\x1bOB", b"\r/ # ec" + CLEAR), (b"\x0c", b"\x1b[H\x1b[J\r/ # ec" + CLEAR),
           (b"\x15", b"\r/ # " + CLEAR), (b"foo bar", b"foo bar"),
           (b"\x17", (b"\x08" + CLEAR) * 3), (b"\x01\x0b", b"\x08" * 4 + CLEAR),
           (b"\x1b[24;5R", b""), (b"qq", b"qq"), (b"\t", b"\x07")])


def test_edits_to_a_recalled_entry_stay_and_repeats_are_kept_once() -> None:
    """ash keeps an edited history entry edited; the same line twice is remembered once."""
    check([(b"echo a\r", b"echo a\r\na\r\n/ # "), (b"echo b\r", b"echo b\r\nb\r\n/ # "),
           (b"echo b\r", b"echo b\r\nb\r\n/ # "),
           (UP + UP, b"\r/ # echo b" + CLEAR + b"\r/ # echo a" + CLEAR), (b"x", b"x"),
           (DOWN, b"\r/ # echo b" + CLEAR), (UP, b"\r/ # echo ax" + CLEAR),
           (b"\r", b"\r\nax\r\n/ # "), (UP, b"\r/ # echo ax" + CLEAR),
           (UP, b"\r/ # echo b" + CLEAR), (UP, b"\r/ # echo ax" + CLEAR), (UP, b"\x07\x07")])


def test_a_line_longer_than_the_screen_wraps_as_ash_wraps_it() -> None:
    """At 20 columns: CR CR LF at each row's end, up a row with ``\\r ESC[1A ESC[4C``."""
    check([(b"echo abcdefghijklm", b"echo abcdefghijk\r\r\nlm"), (b"no", b"no"),
           (LEFT * 3, b"\x08" * 3), (b"\x01", b"\r\x1b[1A\x1b[4C"),
           (b"\x05", b"echo abcdefghijk\r\r\nlmno"), (b"Z", b"Z"),
           (b"\x7f" * 3, (b"\x08" + CLEAR) * 3), (b"\r", b"\r\nabcdefghijklm\r\n/ # "),
           (UP, b"\r/ # echo abcdefghijk\r\r\nlm" + CLEAR)], width=20)
    check([(b"echo abcdefghijklmnopq", b"echo abcdefghijk\r\r\nlmnopq"), (UP, b"\x07\x07"),
           (DOWN, b"\x07"), (LEFT * 6, b"\x08" * 6),
           (b"\x0c", b"\x1b[H\x1b[J\r/ # echo abcdefghijk\r\r\nlmnopq" + CLEAR + b"\x1b[6D")],
          width=20)


def test_leaving_a_wrapped_line_goes_up_first() -> None:
    """From the second row, history redraws after ``ESC[1A``; Ctrl-U keeps what follows."""
    check([(b"echo a\r", b"echo a\r\na\r\n/ # "),
           (b"echo abcdefghijklmnopq", b"echo abcdefghijk\r\r\nlmnopq"),
           (UP, b"\x1b[1A\r/ # echo a" + CLEAR),
           (DOWN, b"\r/ # echo abcdefghijk\r\r\nlmnopq" + CLEAR),
           (LEFT * 7, b"\x08" * 6 + b"\r\x1b[1A\x1b[19C"), (b"\t", b"\x07"),
           (b"\x15", b"\r/ # klmnopq" + CLEAR + b"\x1b[7D")], width=20)


def test_the_prompt_follows_output_without_a_newline() -> None:
    """``printf ab`` leaves the prompt after ``ab``; the row ends two columns sooner.

    (ash learns where its prompt starts from the terminal's answer to ``ESC[6n``; these
    bytes are what it wrote when answered ``ESC[5;7R``.)
    """
    check([(b"printf ab\r", b"printf ab\r\nab/ # "), (b"1234567890", b"1234567890\r\r\n"),
           (b"x", b"x"), (LEFT + LEFT, b"\x08\r\x1b[1A\x1b[15C")], width=16)


def test_stdout_then_stderr_and_unknown_commands() -> None:
    """A command's stdout comes before its stderr; an unknown one prints sh's complaint."""
    check([(b"warn oops\r", b"warn oops\r\nout\r\noops\r\n/ # "),
           (b"nosuch\r", b"nosuch\r\nsh: nosuch: not found\r\n/ # ")])


@pytest.mark.parametrize(("keys", "code"), [
    ([b"exit\r"], 0), ([b"exit 3\r"], 3), ([b"exit 256\r"], 0), ([b"exit 3 4\r"], 3),
    ([b"false\r", b"exit\r"], 1), ([b"false\r", b"\x04"], 1), ([b"\x03", b"\x04"], 130),
    ([b"nosuch\r", b"exit\r"], 127), ([b"\x03", b"echo $?\r", b"\x04"], 0),
])
def test_the_shell_ends_with_ashs_exit_code(keys: list[bytes], code: int) -> None:
    """exit N (mod 256), exit and Ctrl-D on an empty line give ``$?``; Ctrl-C sets 130."""
    terminal = Terminal(fake_sh)
    outputs = [terminal.feed(key) for key in keys]
    assert [o.ended for o in outputs] == [None] * (len(keys) - 1) + [code]
    assert outputs[-1].data in {keys[-1].rstrip(b"\r") + b"\r\n", b"\r\n"}
    assert terminal.feed(b"echo more\r") == Output(b"", code)


def test_a_bad_exit_complains_and_the_shell_goes_on() -> None:
    """``exit foo`` prints ash's complaint, sets ``$?`` to 2 and keeps the shell."""
    terminal = Terminal(fake_sh)
    out = terminal.feed(b"exit foo\r")
    assert out == Output(b"exit foo\r\nsh: exit: Illegal number: foo\r\n/ # ")
    assert terminal.feed(b"exit\r").ended == 2


def test_ctrl_d_on_a_non_empty_line_deletes_under_the_cursor() -> None:
    """Ctrl-D at the end of ``ab`` does nothing; one left, it deletes ``b``."""
    check([(b"ab", b"ab"), (b"\x04", b""), (LEFT, b"\x08"), (b"\x04", CLEAR),
           (b"\x7f" * 3, b"\x08" + CLEAR)])


def test_bytes_split_anywhere_give_the_same_screen() -> None:
    """Escape sequences and UTF-8 characters split across feeds are put back together."""
    keys = "echo héllo\x7f\x7fo".encode() + LEFT + b"\x1b[3~" + b"\x1bOA\r" + UP
    whole, _ = session([keys])
    split, _ = session([bytes([byte]) for byte in keys])
    assert b"".join(split) == whole[0]
    assert whole[0].startswith("echo héllo\x08".encode() + CLEAR)


def test_a_character_is_edited_whole_and_run_as_typed() -> None:
    """One backspace removes ``é`` (two bytes); the line reaches ``run`` decoded."""
    seen: list[str] = []
    terminal = Terminal(lambda line: seen.append(line) or fake_sh(line))
    assert terminal.feed("echo é".encode() + b"\x7f").data == "echo é".encode() + b"\x08" + CLEAR
    assert terminal.feed("ü\r".encode()).data == "ü\r\nü\r\n/ # ".encode()
    assert seen == ["echo ü"]


def test_ctrl_p_ctrl_q_detaches_and_ctrl_p_alone_is_a_key() -> None:
    """The detach keys end the stream (even split); Ctrl-P then x reaches ash as both keys."""
    terminal = Terminal(fake_sh)
    terminal.feed(b"echo a\r")
    assert terminal.feed(b"\x10") == Output(b"")
    assert terminal.feed(b"x") == Output(b"\r/ # echo a" + CLEAR + b"x")
    assert terminal.feed(b"\x03ab\x10\x11cd") == Output(b"^C\r\n/ # ab", detached=True)
    assert terminal.feed(b"\r") == Output(b"\r\nsh: ab: not found\r\n/ # ")


def test_escape_then_a_key_is_the_key_and_alt_b_f_move_by_words() -> None:
    """A lone Escape does not swallow the next key; Alt-b and Alt-f jump over words."""
    check([(b"\x1b", b""), (b"a", b"a"), (b" bc", b" bc"), (b"\x1bb", b"\x08\x08"),
           (b"\x1bb", b"\x08\x08"), (b"\x1bf", b"a"), (b"\x1bf", b" bc")])


def test_resize_redraws_the_line_as_ash_does_on_sigwinch() -> None:
    """A new width redraws prompt and line and steps back to the cursor; the same, nothing."""
    _, terminal = session([b"echo hi", LEFT + LEFT])
    assert terminal.resize(80, 24) == b""
    assert terminal.resize(40, 24) == b"\r/ # echo hi" + CLEAR + b"\x08\x08"
    assert terminal.feed(b"\x05").data == b"hi"


def test_docker_attach_shows_the_prompt_by_resizing_twice() -> None:
    """The CLI's two resizes (w+1, h+1, then w, h) redraw the prompt twice, as seen live."""
    terminal = Terminal(fake_sh)
    terminal.start()
    assert terminal.resize(81, 25) + terminal.resize(80, 24) == (b"\r/ # " + CLEAR) * 2


def test_script_runs_each_line_as_it_arrives_without_a_tty() -> None:
    """No echo, no prompt, no CR; a partial line waits; EOF ends with the last ``$?``."""
    script = Script(fake_sh)
    assert script.feed(b"echo a\nwarn x\necho b") == Output(b"a\nout\n", stderr=b"x\n")
    assert script.feed(b"c\n\nfalse") == Output(b"bc\n")
    assert script.close() == Output(b"", ended=1)


@pytest.mark.parametrize(("text", "out", "err", "code"), [
    (b"echo a\nexit 7\necho no\n", b"a\n", b"", 7),
    (b"echo a\nexit foo\necho b\n", b"a\n", b"sh: exit: line 2: Illegal number: foo\n", 2),
    (b"", b"", b"", 0),
    (b"false\necho x\nfalse", b"x\n", b"", 1),
])
def test_script_ends_as_busybox_sh_reading_a_pipe(text: bytes, out: bytes, err: bytes,
                                                   code: int) -> None:
    """``printf TEXT | busybox sh``: the same output and exit status."""
    script = Script(fake_sh)
    first, last = script.feed(text), script.close()
    assert (first.data + last.data, first.stderr + last.stderr, last.ended) == (out, err, code)


# --- the real busybox, live ----------------------------------------------------------

BUSYBOX = shutil.which("busybox")


class LiveAsh:
    """``busybox sh`` under a pseudo-terminal, read with its ``ESC[6n`` queries left out."""

    def __init__(self, width: int) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:    # the child: size the tty before ash reads it, then become ash
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, width, 0, 0))
            os.execve(str(BUSYBOX), ["sh"], {"PS1": "/ # ", "HOME": "/", "TERM": "xterm"})
        self.seen = b""
        self.code: int | None = None

    def until(self, done: Callable[[bytes], bool]) -> bytes:
        """All output so far, once ``done`` says it is complete (or after 3 seconds)."""
        deadline = time.monotonic() + 3
        while not done(self.text()) and time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.seen += os.read(self.fd, 4096)
                except OSError:
                    break
        return self.text()

    def text(self) -> bytes:
        return self.seen.replace(b"\x1b[6n", b"")

    def close(self) -> int:
        """Wait for ash to end (killed if it has not within 2 seconds): its exit code."""
        if self.code is None:
            deadline = time.monotonic() + 2
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            while pid == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:
                os.kill(self.pid, signal.SIGKILL)
                status = os.waitpid(self.pid, 0)[1]
            os.close(self.fd)
            self.code = os.waitstatus_to_exitcode(status)
        return self.code


@pytest.mark.skipif(BUSYBOX is None, reason="no busybox on this machine to compare with")
@pytest.mark.parametrize("width", [80, 20])
def test_the_terminal_matches_busybox_ash_live(width: int) -> None:
    """The same keys to real ash and to Terminal: the same screen bytes, the same exit code."""
    keys = [b"e", b"c", b"h", b"o", b" hi", b"\x7f", b"i", LEFT, LEFT, b"X", b"\x05", b"\r",
            UP, b"\r", b"echo a very long line that wraps", LEFT * 17, b"X", b"\x01", b"\r",
            b"\x03", b"exit\r"]
    ash, terminal = LiveAsh(width), Terminal(fake_sh, width=width)
    try:
        banner = ash.until(lambda text: text.endswith(terminal.start()))
        assert banner.endswith(b"/ # ")
        screen = b""
        for key in keys:
            os.write(ash.fd, key)
            screen += terminal.feed(key).data
            wanted = len(banner + screen)
            assert ash.until(lambda text, n=wanted: len(text) >= n)[len(banner):] == screen, key
        assert terminal.feed(b"").ended == ash.close() == 130
    finally:
        ash.close()
