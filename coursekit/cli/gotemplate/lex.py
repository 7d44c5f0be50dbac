"""Lexer for Go's text/template language: template text -> tokens.

Text between actions becomes ``text`` tokens with the ``{{-``/``-}}`` trim markers
already applied; inside an action come fields (``.Name``), variables (``$v``),
identifiers, keywords, literals, ``|``, parentheses, ``:=``/``=`` and spaces.
Each token keeps its offset so errors can name ``LINE:COL`` as Go does; lexing
errors read ``template: :LINE: MESSAGE``. The parser reads a token back with
:func:`token_str` (for its messages), :func:`unquote` and :func:`number_value`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coursekit.cli.gotemplate.errors import ParseError

KEYWORDS = {"if", "else", "end", "range", "with", "define", "template", "block",
            "break", "continue"}
_NUMBER = re.compile(r"[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|"
                     r"(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?i?)")
_ALNUM = re.compile(r"[A-Za-z0-9_\u0080-\U0010ffff]*")
_STRING = re.compile(r'"(\\.|[^"\\\n])*"')


@dataclass
class Token:
    kind: str
    val: str
    pos: int
    line: int


class Lexer:
    """Turns template text into tokens; ``text`` tokens already have trims applied."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens: list[Token] = []

    def line_at(self, pos: int) -> int:
        return 1 + self.src.count("\n", 0, pos)

    def error(self, msg: str, pos: int) -> ParseError:
        return ParseError(f"template: :{self.line_at(pos)}: {msg}")

    def emit(self, kind: str, val: str, pos: int) -> None:
        self.tokens.append(Token(kind, val, pos, self.line_at(pos)))

    def run(self) -> list[Token]:
        pos, trim_next = 0, False
        while True:
            start = self.src.find("{{", pos)
            text = self.src[pos:] if start < 0 else self.src[pos:start]
            if trim_next:
                text = text.lstrip(" \t\r\n")
            left_trim = start >= 0 and self.src[start + 2:start + 3] == "-" and \
                self.src[start + 3:start + 4] in (" ", "\t", "\r", "\n")
            if left_trim:
                text = text.rstrip(" \t\r\n")
            if text:
                self.emit("text", text, pos)
            if start < 0:
                self.emit("eof", "", len(self.src))
                return self.tokens
            pos, trim_next = self.action(start, left_trim)

    def action(self, start: int, left_trim: bool) -> tuple[int, bool]:
        i = start + (4 if left_trim else 2)
        if self.src.startswith("/*", i):
            return self.comment(start, i)
        self.emit("left", "{{", start)
        while True:
            end = self.right_delim(i)
            if end is not None:
                self.emit("right", "}}", i)
                return end
            if i >= len(self.src):
                raise self.error("unclosed action", start)
            i = self.token(i)

    def right_delim(self, i: int) -> tuple[int, bool] | None:
        if self.src.startswith(" -}}", i) or self.src.startswith("\t-}}", i) or \
                self.src.startswith("\n-}}", i):
            return i + 4, True
        if self.src.startswith("}}", i):
            return i + 2, False
        return None

    def comment(self, start: int, i: int) -> tuple[int, bool]:
        close = self.src.find("*/", i)
        if close < 0:
            raise self.error("unclosed comment", start)
        end = self.right_delim(close + 2)
        if end is None:
            raise self.error("comment ends before closing delimiter", start)
        return end

    def token(self, i: int) -> int:
        ch = self.src[i]
        if ch in " \t\r\n":
            j = i
            while j < len(self.src) and self.src[j] in " \t\r\n" and \
                    self.right_delim(j) is None:
                j += 1
            self.emit("space", self.src[i:j], i)
            return max(j, i + 1)
        if ch == '"':
            m = _STRING.match(self.src, i)
            if not m:
                raise self.error("unterminated quoted string", i)
            self.emit("string", m.group(0), i)
            return m.end()
        if ch == "`":
            end = self.src.find("`", i + 1)
            if end < 0:
                raise self.error("unterminated raw quoted string", i)
            self.emit("rawstring", self.src[i:end + 1], i)
            return end + 1
        if ch == "'":
            m = re.compile(r"'(\\.[^']*|[^'\\])'").match(self.src, i)
            if not m:
                raise self.error("unterminated character constant", i)
            self.emit("char", m.group(0), i)
            return m.end()
        return self.word(i, ch)

    def word(self, i: int, ch: str) -> int:
        simple = {"|": "pipe", "(": "lparen", ")": "rparen", ",": "comma", "=": "assign"}
        if ch in simple:
            self.emit(simple[ch], ch, i)
            return i + 1
        if self.src.startswith(":=", i):
            self.emit("declare", ":=", i)
            return i + 2
        if ch == "$":
            m = _ALNUM.match(self.src, i + 1)
            end = m.end() if m else i + 1
            self.emit("variable", self.src[i:end], i)
            return self.check_terminator(end)
        if ch == "." and not self.src[i + 1:i + 2].isdigit():
            m = _ALNUM.match(self.src, i + 1)
            end = m.end() if m else i + 1
            self.emit("field" if end > i + 1 else "dot", self.src[i:end], i)
            return self.check_terminator(end)
        if ch.isdigit() or ch in "+-.":
            return self.number(i)
        if ch.isalpha() or ch == "_":
            m = _ALNUM.match(self.src, i)
            end = m.end() if m else i + 1
            word = self.src[i:end]
            kind = "keyword" if word in KEYWORDS else (
                "bool" if word in ("true", "false") else "nil" if word == "nil" else "ident")
            self.emit(kind, word, i)
            return self.check_terminator(end)
        raise self.error(f"unrecognized character in action: {go_rune(ch)}", i)

    def number(self, i: int) -> int:
        m = _NUMBER.match(self.src, i)
        end = m.end() if m else i
        if end == i or (end < len(self.src) and (self.src[end].isalnum())):
            j = end
            while j < len(self.src) and (self.src[j].isalnum() or self.src[j] in "._"):
                j += 1
            raise self.error(f'bad number syntax: "{self.src[i:max(j, i + 1)]}"', i)
        self.emit("number", self.src[i:end], i)
        return end

    def check_terminator(self, end: int) -> int:
        if end >= len(self.src) or self.src[end] in " \t\r\n.,|:)(=" or \
                self.src.startswith("}}", end):
            return end
        raise self.error(f"bad character {go_rune(self.src[end])}", end)


def go_rune(ch: str) -> str:
    """Go's ``%#U``: ``U+005E '^'``."""
    return f"U+{ord(ch):04X} '{ch}'"


# ---------------------------------------------------------------- tokens as the parser reads them

def token_str(tok: Token) -> str:
    """Go's item.String(): ``EOF``, ``<if>`` for keywords, else the quoted text."""
    if tok.kind == "eof":
        return "EOF"
    if tok.kind == "keyword":
        return f"<{tok.val}>"
    if tok.kind == "right":
        return '"}}"'
    text = tok.val if len(tok.val) <= 10 else tok.val[:10]
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return quoted + ("..." if len(tok.val) > 10 else "")


def unquote(text: str) -> str:
    """strconv.Unquote for "..." and `...` literals."""
    if text.startswith("`"):
        return text[1:-1]
    body = text[1:-1]
    return body.encode("latin-1", "backslashreplace").decode("unicode_escape") \
        if "\\" in body else body


def number_value(text: str, error: Any) -> Any:
    """The value of a number or character constant (int when exact, else float)."""
    if text.startswith("'"):
        return ord(unquote('"' + text[1:-1] + '"'))
    clean = text.replace("_", "")
    try:
        return int(clean, 0)
    except ValueError:
        pass
    try:
        return float(clean)
    except ValueError:
        raise error(f'bad number syntax: "{text}"') from None
