"""The right-hand side of a pipe: ``| head``, ``| tail``, ``| grep``, ``| wc``, ``| cat``.

``docker ps -a | grep web | wc -l`` runs the docker command, then feeds its stdout
through each stage in turn, as bash would: every stage's stderr is shown, the line's
exit code is the last stage's (no ``pipefail``), and the left command's stderr is
not piped. The tools answer as GNU coreutils and GNU grep do, with their messages
and exit codes for a bad option (``head: invalid number of lines: ‘abc’``).

Patterns are POSIX regular expressions (basic by default, ``-E`` extended, ``-F``
fixed), translated to Python's :mod:`re`. A tool the lab does not have, or a file
argument (there are no files to read), raises :class:`~coursekit.cli.errors.PipeError`
before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coursekit.cli.errors import PipeError
from coursekit.cli.shell import grep as pipes_grep
from coursekit.result import CommandResult

Stage = Callable[[str], CommandResult]
SUPPORTED = "head, tail, grep, wc and cat"


def _lines(text: str) -> list[str]:
    """Lines with their newline kept (only ``\\n`` ends a line, as in coreutils)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _fail(tool: str, message: str, code: int, usage: str = "") -> Stage:
    hint = usage or f"Try '{tool} --help' for more information.\n"
    return lambda text: CommandResult("", f"{tool}: {message}\n{hint}", code)


def _no_files(tool: str, files: Sequence[str]) -> None:
    if files:
        raise PipeError(f"coursekit: `{tool}` here reads only the piped text, not files "
                        f"({' '.join(files)})")


# ---------------------------------------------------------------- head / tail

@dataclass(frozen=True)
class _Count:
    """A head/tail count: ``-n 5``, ``-n -5`` (all but), ``-n +5`` (from line 5)."""

    n: int
    sign: str = ""
    lines: bool = True


def _parse_count(tool: str, value: str, lines: bool) -> _Count | str:
    sign = value[0] if value[:1] in ("+", "-") else ""
    digits = value[len(sign):]
    if not digits.isdigit():
        what = "lines" if lines else "bytes"
        return f"invalid number of {what}: ‘{value}’"
    return _Count(int(digits), sign, lines)


def _head_tail_options(tool: str, argv: Sequence[str]) -> tuple[_Count | str, list[str]]:
    count: _Count | str = _Count(10)
    files: list[str] = []
    args = list(argv)
    if args and len(args[0]) > 1 and args[0][0] == "-" and args[0][1:].isdigit():
        count = _Count(int(args.pop(0)[1:]))
    while args:
        arg = args.pop(0)
        if arg.startswith("--lines") or arg.startswith("--bytes"):
            value = arg.partition("=")[2] if "=" in arg else (args.pop(0) if args else None)
            if value is None:
                return f"option '{arg}' requires an argument", files
            count = _parse_count(tool, value, arg.startswith("--lines"))
        elif arg in ("-q", "-v", "--quiet", "--silent", "--verbose"):
            continue
        elif len(arg) > 1 and arg[0] == "-" and arg[1] in "nc":
            value = arg[2:] or (args.pop(0) if args else None)
            if value is None:
                return f"option requires an argument -- '{arg[1]}'", files
            count = _parse_count(tool, value, arg[1] == "n")
        elif len(arg) > 1 and arg[0] == "-":
            return f"invalid option -- '{arg[1]}'", files
        else:
            files.append(arg)
    return count, files


def _head(count: _Count, text: str) -> str:
    if not count.lines:
        return text[:-count.n] if count.sign == "-" else text[:count.n]
    lines = _lines(text)
    kept = lines[:len(lines) - count.n] if count.sign == "-" else lines[:count.n]
    return "".join(kept)


def _tail(count: _Count, text: str) -> str:
    if not count.lines:
        return text[max(count.n - 1, 0):] if count.sign == "+" else text[len(text) - count.n:]
    lines = _lines(text)
    if count.sign == "+":
        return "".join(lines[max(count.n - 1, 0):])
    return "".join(lines[len(lines) - count.n:]) if count.n else ""


def head_tail(tool: str, argv: Sequence[str]) -> Stage:
    """``head``/``tail`` with ``-n N``, ``-N``, ``-n -N`` (head), ``-n +N`` (tail), ``-c N``."""
    count, files = _head_tail_options(tool, argv)
    _no_files(tool, files)
    if isinstance(count, str):
        code = 1
        if count.startswith("invalid number"):
            return lambda text: CommandResult("", f"{tool}: {count}\n", code)
        return _fail(tool, count, code)
    cut = _head if tool == "head" else _tail
    return lambda text: CommandResult(cut(count, text), "", 0)


# ---------------------------------------------------------------- wc / cat

def wc(argv: Sequence[str]) -> Stage:
    """``wc`` with ``-l``, ``-w``, ``-c`` (one count: bare number; several: width 7)."""
    picks = ""
    files: list[str] = []
    for arg in argv:
        if arg.startswith("-") and len(arg) > 1:
            bad = [c for c in arg[1:] if c not in "lwcm"]
            if bad:
                return _fail("wc", f"invalid option -- '{bad[0]}'", 1)
            picks += arg[1:].replace("m", "c")
        else:
            files.append(arg)
    _no_files("wc", files)
    order = [c for c in "lwc" if c in (picks or "lwc")]

    def count(text: str) -> CommandResult:
        values = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        if len(order) == 1:
            return CommandResult(f"{values[order[0]]}\n", "", 0)
        return CommandResult(" ".join(f"{values[c]:7d}" for c in order) + "\n", "", 0)
    return count


def cat(argv: Sequence[str]) -> Stage:
    """``cat`` with no file: the text unchanged."""
    _no_files("cat", [a for a in argv if a != "-"])
    return lambda text: CommandResult(text, "", 0)


# ---------------------------------------------------------------- the pipeline

def compile_stage(argv: Sequence[str]) -> Stage:
    """The stage a pipe segment runs; PipeError for a tool the lab does not have."""
    tool, args = argv[0], argv[1:]
    if tool in ("head", "tail"):
        return head_tail(tool, args)
    if tool in ("grep", "egrep"):
        return pipes_grep.grep(args, extended=tool == "egrep")
    if tool == "wc":
        return wc(args)
    if tool == "cat":
        return cat(args)
    raise PipeError(f"coursekit: `{tool}` is not available after a pipe here; "
                    f"a command can be piped into {SUPPORTED} "
                    "(e.g. `docker network ls | grep bridge`)")


def run_pipeline(first: CommandResult, stages: Sequence[Stage]) -> CommandResult:
    """Feed ``first.stdout`` through ``stages``; stderr of every step is kept."""
    result = first
    stderr = first.stderr
    for stage in stages:
        result = stage(result.stdout)
        stderr += result.stderr
    return CommandResult(result.stdout, stderr, result.exit_code)
