"""Reading a command line the way bash does: words, quotes, comments and pipes.

:func:`split_line` handles words, quotes (``'...'``, ``"..."``, backslashes), ``#``
comments, and ``|`` between commands. Anything else a shell would act on (``&&``,
``;``, ``>``, ``$(...)``, backticks) is refused with
:class:`~coursekit.cli.errors.ShellSyntaxError`: a lab line is one command, optionally
piped into ``head``, ``tail``, ``grep`` or ``wc``. ``$NAME`` is left as typed (no
variables). The docker CLI's part, its flags, is :mod:`coursekit.cli.flags.grammar`.
"""

from __future__ import annotations

import re

from coursekit.cli.errors import ShellSyntaxError

__all__ = ["OPERATORS", "split_line"]

_PLAIN = re.compile(r"[^\s'\"\\`$#&|;<>()]+")
OPERATORS = ("&&", "||", ";;", "&", ";", "|", "<", ">", "(", ")")


class _Words:
    """Accumulates words and pipeline segments while scanning a line."""

    def __init__(self) -> None:
        self.segments: list[list[str]] = [[]]
        self.word: list[str] = []
        self.in_word = False

    def char(self, ch: str) -> None:
        self.word.append(ch)
        self.in_word = True

    def end_word(self) -> None:
        if self.in_word:
            self.segments[-1].append("".join(self.word))
        self.word, self.in_word = [], False

    def pipe(self) -> None:
        self.end_word()
        if not self.segments[-1]:
            raise ShellSyntaxError("bash: syntax error near unexpected token `|'")
        self.segments.append([])


def _operator_at(line: str, i: int) -> str:
    for op in OPERATORS:
        if line.startswith(op, i):
            return op
    return ""


def _single_quoted(line: str, i: int, words: _Words) -> int:
    end = line.find("'", i + 1)
    if end < 0:
        raise ShellSyntaxError("bash: unexpected EOF while looking for matching `''")
    words.word.extend(line[i + 1:end])
    words.in_word = True
    return end + 1


def _double_quoted(line: str, i: int, words: _Words) -> int:
    words.in_word = True
    i += 1
    while i < len(line):
        ch = line[i]
        if ch == '"':
            return i + 1
        if ch == "`" or line.startswith("$(", i):
            raise ShellSyntaxError("", "$(" if ch == "$" else "`")
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`\n':
            if line[i + 1] != "\n":
                words.word.append(line[i + 1])
            i += 2
            continue
        words.word.append(ch)
        i += 1
    raise ShellSyntaxError('bash: unexpected EOF while looking for matching `"\'')


def _unquoted(line: str, i: int, words: _Words) -> int:
    ch = line[i]
    if ch in " \t":
        words.end_word()
        return i + 1
    if ch == "#" and not words.in_word:
        return len(line)
    if ch == "\\":
        if i + 1 < len(line) and line[i + 1] != "\n":
            words.char(line[i + 1])
        return i + 2
    if ch == "`" or line.startswith("$(", i) or ch == "\n":
        raise ShellSyntaxError("", {"`": "`", "\n": "newline"}.get(ch, "$("))
    op = _operator_at(line, i)
    if op == "|":
        words.pipe()
        return i + 1
    if op:
        raise ShellSyntaxError("", op)
    words.char(ch)
    return i + 1


def split_line(line: str) -> list[list[str]]:
    """Split a line into pipeline segments of words, as bash would.

    ``split_line("docker ps -a | grep 'u 1'")`` gives
    ``[["docker", "ps", "-a"], ["grep", "u 1"]]``; an empty line gives ``[]``.
    """
    words = _Words()
    text = line.strip().replace("\\\n", "")
    i = 0
    while i < len(text):
        plain = _PLAIN.match(text, i)
        if plain:  # a run of ordinary characters: no quoting, no operator
            words.word.extend(plain.group())
            words.in_word = True
            i = plain.end()
            continue
        ch = text[i]
        if ch == "'":
            i = _single_quoted(text, i, words)
        elif ch == '"':
            i = _double_quoted(text, i, words)
        else:
            i = _unquoted(text, i, words)
    words.end_word()
    if words.segments == [[]]:
        return []
    if not words.segments[-1]:
        raise ShellSyntaxError("bash: syntax error: unexpected end of file")
    return words.segments
