"""Reading a command line the way bash and the docker CLI do.

Two layers, both pure:

- :func:`split_line` is the shell's part: words, quotes (``'...'``, ``"..."``,
  backslashes), ``#`` comments, and ``|`` between commands. Anything else a shell
  would act on (``&&``, ``;``, ``>``, ``$(...)``, backticks) is refused with
  :class:`ShellSyntaxError`: a lab line is one command, optionally piped into
  ``head``, ``tail``, ``grep`` or ``wc``. ``$NAME`` is left as typed (no variables).
- :func:`parse_flags` is pflag's part, as docker CLI 28 uses it: ``--name=x`` and
  ``--name x``, short bundles (``-dit``), a value glued to a short flag (``-p8080:80``),
  ``-n=5``, repeated flags, ``--`` ending the flags, and for ``run``/``create``/``exec``
  no flags after the first positional argument (everything after IMAGE is the
  command). Errors carry pflag's own wording (``unknown flag: --foo``).

A :class:`Flag` table is read from the CLI's help text (see :mod:`coursekit.cli.flags.usage`),
so every flag the real CLI knows parses, even those the lab then ignores.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

_PLAIN = re.compile(r"[^\s'\"\\`$#&|;<>()]+")
OPERATORS = ("&&", "||", ";;", "&", ";", "|", "<", ">", "(", ")")


class ShellSyntaxError(ValueError):
    """The line uses shell syntax the lab does not run, or is not valid shell.

    ``unsupported`` is the operator (``&&``, ``>``, ``$(``) for syntax bash would
    run but the lab does not; it is empty for what bash itself rejects.
    """

    def __init__(self, message: str, unsupported: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.unsupported = unsupported


class FlagError(ValueError):
    """pflag rejected the arguments; ``message`` is its text (docker exits 125)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def go_quote(text: str) -> str:
    """Go's ``%q`` for a string (close enough: JSON escaping, non-ASCII kept)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------- the shell's part

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


# ---------------------------------------------------------------- pflag's part

@dataclass(frozen=True)
class Flag:
    """One flag as ``docker X --help`` lists it.

    ``kind`` is the help text's type word (``string``, ``list``, ``int``, ``filter``...)
    or ``bool`` for a flag that takes no value.
    """

    long: str
    short: str = ""
    kind: str = "bool"

    @property
    def takes_value(self) -> bool:
        return self.kind != "bool"

    @property
    def title(self) -> str:
        """How pflag names the flag in errors: ``-n, --last`` or ``--link``."""
        return f"-{self.short}, --{self.long}" if self.short else f"--{self.long}"


@dataclass
class Parsed:
    """Flags seen (long name -> every value, in order) and the positional arguments."""

    values: dict[str, list[str]] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    deprecated_h: bool = False

    def has(self, name: str) -> bool:
        return name in self.values

    def last(self, name: str, default: str = "") -> str:
        """The last value given (pflag keeps the last one for scalar flags)."""
        return self.values[name][-1] if name in self.values else default

    def all(self, name: str) -> list[str]:
        return list(self.values.get(name, ()))

    def on(self, name: str) -> bool:
        """A boolean flag's value (``--rm``, ``--rm=true``, ``--rm=false``)."""
        return parse_bool(self.last(name, "false"))


Validator = Callable[[str], None]
"""Raises ValueError(message) for a value pflag's Set would refuse."""


def parse_bool(text: str) -> bool:
    """Go's strconv.ParseBool."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f"strconv.ParseBool: parsing {go_quote(text)}: invalid syntax")


def parse_int(text: str) -> int:
    """Go's strconv.ParseInt(text, 0, 64), as pflag's int flags use it."""
    try:
        return int(text, 0)
    except ValueError:
        raise ValueError(f"strconv.ParseInt: parsing {go_quote(text)}: invalid syntax") from None


def _check_filter(text: str) -> None:
    if "=" not in text:
        raise ValueError("bad format of filter (expected name=value)")


def _check_bool(text: str) -> None:
    parse_bool(text)


def _check_int(text: str) -> None:
    parse_int(text)


KIND_CHECKS: dict[str, Validator] = {"bool": _check_bool, "int": _check_int,
                                     "filter": _check_filter}


class _FlagParser:
    """pflag's parseArgs over one flag table."""

    def __init__(self, flags: Mapping[str, Flag], interspersed: bool,
                 checks: Mapping[str, Validator]) -> None:
        self.flags = flags
        self.shorts = {f.short: f for f in flags.values() if f.short}
        self.interspersed = interspersed
        self.checks = checks
        self.out = Parsed()

    def set(self, flag: Flag, value: str) -> None:
        check = self.checks.get(flag.long) or KIND_CHECKS.get(flag.kind)
        try:
            if check is not None:
                check(value)
        except ValueError as exc:
            raise FlagError(f"invalid argument {go_quote(value)} for {go_quote(flag.title)} "
                            f"flag: {exc}") from None
        self.out.values.setdefault(flag.long, []).append(value)

    def long(self, arg: str, rest: list[str]) -> list[str]:
        name, eq, value = arg[2:].partition("=")
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {arg}")
        flag = self.flags.get(name)
        if flag is None:
            if name == "help":
                return self._help(rest)
            raise FlagError(f"unknown flag: --{name}")
        if eq or not flag.takes_value:
            self.set(flag, value if eq else "true")
            return rest
        if not rest:
            raise FlagError(f"flag needs an argument: {arg}")
        self.set(flag, rest[0])
        return rest[1:]

    def _help(self, rest: list[str]) -> list[str]:
        self.out.values.setdefault("help", []).append("true")
        return rest

    def short(self, shorthands: str, rest: list[str]) -> tuple[str, list[str]]:
        c = shorthands[0]
        flag = self.shorts.get(c)
        if flag is None:
            if c == "h":
                self.out.deprecated_h = True
                return "", self._help(rest)
            raise FlagError(f"unknown shorthand flag: '{c}' in -{shorthands}")
        if len(shorthands) > 2 and shorthands[1] == "=":
            self.set(flag, shorthands[2:])
            return "", rest
        if not flag.takes_value:
            self.set(flag, "true")
            return shorthands[1:], rest
        if len(shorthands) > 1:
            self.set(flag, shorthands[1:])
            return "", rest
        if not rest:
            raise FlagError(f"flag needs an argument: '{c}' in -{shorthands}")
        self.set(flag, rest[0])
        return "", rest[1:]

    def run(self, argv: Sequence[str]) -> Parsed:
        rest = list(argv)
        while rest:
            arg, rest = rest[0], rest[1:]
            if arg == "--":
                self.out.args.extend(rest)
                break
            if len(arg) < 2 or arg[0] != "-":
                self.out.args.append(arg)
                if not self.interspersed:
                    self.out.args.extend(rest)
                    break
                continue
            if arg[1] == "-":
                rest = self.long(arg, rest)
                continue
            shorthands = arg[1:]
            while shorthands:
                shorthands, rest = self.short(shorthands, rest)
        return self.out


def parse_flags(flags: Mapping[str, Flag], argv: Sequence[str], *, interspersed: bool = True,
                checks: Mapping[str, Validator] | None = None) -> Parsed:
    """Parse ``argv`` against ``flags`` (keyed by long name) as pflag does.

    ``checks`` maps a long flag name to a validator run when the flag is set (the
    flag's ``Value.Set``); types ``bool``, ``int`` and ``filter`` are checked anyway.
    ``--help``/``-h`` set ``help`` even when the table does not list it; a ``-h``
    that is not a flag of the command also sets ``deprecated_h`` (docker prints
    ``Flag shorthand -h has been deprecated, use --help`` before the help).
    Raises :class:`FlagError`.
    """
    return _FlagParser(flags, interspersed, checks or {}).run(argv)
