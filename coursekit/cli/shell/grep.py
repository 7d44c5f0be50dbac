"""``| grep`` as GNU grep answers: options, POSIX patterns, output and exit codes.

Supported: ``-i -v -w -x -c -n -o -q -s -E -F -G -e PATTERN -m NUM`` (bundled or not,
before or after the pattern, as GNU getopt permutes them) and ``--color``. Basic
regular expressions (the default) treat ``( ) { } | + ?`` as literals and their
backslashed forms as operators; ``[[:alpha:]]`` classes and ``\\<``/``\\>`` word
edges are translated to Python's :mod:`re`. Exit code: 0 when a line was selected,
1 when none, 2 for a usage error or a bad pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from coursekit.cli.errors import PipeError
from coursekit.result import CommandResult

Stage = Callable[[str], CommandResult]
USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
FLAGS = {"i": "i", "y": "i", "v": "v", "w": "w", "x": "x", "c": "c", "n": "n", "o": "o",
         "q": "q", "s": "s", "E": "E", "F": "F", "G": "G", "H": "", "h": ""}
LONG = {"ignore-case": "i", "invert-match": "v", "word-regexp": "w", "line-regexp": "x",
        "count": "c", "line-number": "n", "only-matching": "o", "quiet": "q", "silent": "q",
        "no-messages": "s", "extended-regexp": "E", "fixed-strings": "F",
        "basic-regexp": "G", "color": "", "colour": "", "with-filename": "",
        "no-filename": ""}
UNSUPPORTED = "ABCfrRlLdDZzabT"
CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
           "lower": "a-z", "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~",
           "xdigit": "0-9A-Fa-f", "word": r"\w", "cntrl": r"\x00-\x1f\x7f",
           "print": r" -~", "graph": r"!-~"}


@dataclass
class GrepOptions:
    """What the command line asked for."""

    modes: set[str] = field(default_factory=set)
    patterns: list[str] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)
    max_count: int | None = None
    error: str = ""


# ---------------------------------------------------------------- options

def _take(opts: GrepOptions, name: str, value: str) -> None:
    if name == "e":
        opts.patterns.append(value)
    elif value.isdigit():
        opts.max_count = int(value)
    else:
        opts.error = "grep: invalid max count\n"


def _short(opts: GrepOptions, arg: str, rest: list[str]) -> None:
    for k, c in enumerate(arg[1:], start=1):
        if c in "em":
            value = arg[k + 1:] or (rest.pop(0) if rest else None)
            if value is None:
                opts.error = f"grep: option requires an argument -- '{c}'\n{USAGE}"
            else:
                _take(opts, c, value)
            return
        if c in UNSUPPORTED:
            raise PipeError(f"coursekit: `grep -{c}` is not supported here")
        if c not in FLAGS:
            opts.error = f"grep: invalid option -- '{c}'\n{USAGE}"
            return
        opts.modes.add(FLAGS[c])


def _long(opts: GrepOptions, arg: str, rest: list[str]) -> None:
    name, eq, value = arg[2:].partition("=")
    if name in ("regexp", "max-count"):
        got = value if eq else (rest.pop(0) if rest else None)
        if got is None:
            opts.error = f"grep: option '{arg}' requires an argument\n{USAGE}"
        else:
            _take(opts, "e" if name == "regexp" else "m", got)
    elif name in LONG:
        opts.modes.add(LONG[name])
    else:
        opts.error = f"grep: unrecognized option '{arg}'\n{USAGE}"


def parse_options(argv: Sequence[str]) -> GrepOptions:
    """GNU getopt with permutation: options anywhere, ``--`` ends them."""
    opts = GrepOptions()
    rest = list(argv)
    while rest and not opts.error:
        arg = rest.pop(0)
        if arg == "--":
            opts.operands.extend(rest)
            break
        if arg.startswith("--"):
            _long(opts, arg, rest)
        elif arg.startswith("-") and len(arg) > 1:
            _short(opts, arg, rest)
        else:
            opts.operands.append(arg)
    if not opts.patterns and opts.operands:
        opts.patterns.append(opts.operands.pop(0))
    return opts


# ---------------------------------------------------------------- patterns

def _bracket(p: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting at ``p[i] == '['``."""
    j = i + 1
    out = ["["]
    if j < len(p) and p[j] == "^":
        out.append("^")
        j += 1
    first = True
    while j < len(p) and (p[j] != "]" or first):
        if p.startswith("[:", j) and ":]" in p[j + 2:]:
            end = p.index(":]", j + 2)
            out.append(CLASSES.get(p[j + 2:end], ""))
            j = end + 2
        else:
            out.append("-" if p[j] == "-" else re.escape(p[j]))
            j += 1
        first = False
    if j >= len(p):
        raise re.error("unterminated character set")
    return "".join(out) + "]", j + 1


def _escape(n: str, extended: bool) -> str:
    if not extended and n in "(){}|+?":
        return n
    if n == "<":
        return r"\b(?=\w)"
    if n == ">":
        return r"\b(?<=\w)"
    if n in "wWsSbB" or n.isdigit():
        return "\\" + n
    return re.escape(n)


def translate(pattern: str, extended: bool) -> str:
    """A POSIX basic (or extended) regular expression as a Python one."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(_escape(pattern[i + 1], extended))
            i += 2
            continue
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        starts = not out or out[-1] in ("(", "^", "|")
        if (not extended and c in "(){}|+?") or (c == "*" and starts):
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def compile_patterns(opts: GrepOptions) -> re.Pattern[str]:
    """One Python regex for every pattern given (``-e`` or newline-separated)."""
    pieces = [p for text in opts.patterns for p in text.split("\n")]
    extended = "E" in opts.modes
    parts = [re.escape(p) if "F" in opts.modes else translate(p, extended) for p in pieces]
    body = "|".join(f"(?:{p})" for p in parts)
    if "x" in opts.modes:
        body = f"^(?:{body})$"
    elif "w" in opts.modes:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE if "i" in opts.modes else 0)


def _regex_error(exc: re.error) -> str:
    text = str(exc)
    if "missing )" in text:
        return "grep: Unmatched ( or \\(\n"
    if "unbalanced parenthesis" in text:
        return "grep: Unmatched ) or \\)\n"
    return "grep: Invalid regular expression\n"


# ---------------------------------------------------------------- running

def _select(opts: GrepOptions, regex: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    invert = "v" in opts.modes
    chosen = [(n, line) for n, line in enumerate(lines, 1)
              if bool(regex.search(line)) != invert]
    return chosen[:opts.max_count] if opts.max_count is not None else chosen


def _render(opts: GrepOptions, regex: re.Pattern[str], chosen: list[tuple[int, str]]) -> str:
    if "q" in opts.modes:
        return ""
    if "c" in opts.modes:
        return f"{len(chosen)}\n"
    numbered = "n" in opts.modes

    def prefix(n: int) -> str:
        return f"{n}:" if numbered else ""

    if "o" in opts.modes:
        if "v" in opts.modes:
            return ""
        return "".join(f"{prefix(n)}{m.group(0)}\n" for n, line in chosen
                       for m in regex.finditer(line) if m.group(0))
    return "".join(f"{prefix(n)}{line}\n" for n, line in chosen)


def grep(argv: Sequence[str], *, extended: bool = False) -> Stage:
    """The stage for ``grep ARGV``; PipeError for an option or file it lacks."""
    opts = parse_options(argv)
    if extended:
        opts.modes.add("E")
    if opts.error or not opts.patterns:
        message = opts.error or USAGE
        return lambda text: CommandResult("", message, 2)
    if opts.operands:
        raise PipeError("coursekit: `grep` here reads only the piped text, not files "
                              f"({' '.join(opts.operands)})")
    try:
        regex = compile_patterns(opts)
    except re.error as exc:
        message = _regex_error(exc)
        return lambda text: CommandResult("", message, 2)

    def run(text: str) -> CommandResult:
        chosen = _select(opts, regex, text)
        return CommandResult(_render(opts, regex, chosen), "", 0 if chosen else 1)
    return run
