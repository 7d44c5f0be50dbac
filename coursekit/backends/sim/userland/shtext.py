"""Text filters on the right of a pipe inside ``sh -c``: grep, head, tail, wc, cat.

``docker exec c sh -c "ip addr | grep inet"`` pipes busybox output through busybox
filters; these do what those do on text (no files: there are none to read). Patterns
are Python regular expressions, which agree with POSIX ones on what learners type
(``inet``, ``eth0``, ``^64 bytes``).
"""

from __future__ import annotations

import re

from coursekit.result import CommandResult

FILTERS = ("grep", "egrep", "fgrep", "head", "tail", "wc", "cat")


def run_filter(argv: list[str], text: str) -> CommandResult:
    """Apply one filter command to the piped ``text``."""
    tool, args = argv[0], argv[1:]
    if tool in ("grep", "egrep", "fgrep"):
        return _grep(tool, args, text)
    if tool in ("head", "tail"):
        return _head_tail(tool, args, text)
    if tool == "wc":
        return _wc(args, text)
    return CommandResult(text)


def _grep(tool: str, args: list[str], text: str) -> CommandResult:
    flags = {c for a in args if a.startswith("-") and len(a) > 1 for c in a[1:]}
    words = [a for a in args if not a.startswith("-") or a == "-"]
    if not words:
        return CommandResult(stderr="BusyBox v1.35.0 multi-call binary.\n\nUsage: grep [-HhnlLoqv"
                                 "sriwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | "
                                 "-f FILE... } [FILE]...\n", exit_code=2)
    pattern = re.escape(words[0]) if "F" in flags or tool == "fgrep" else words[0]
    try:
        regex = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
    except re.error:
        return CommandResult(stderr=f"grep: bad regex '{words[0]}'\n", exit_code=2)
    lines = [line for line in text.splitlines(keepends=True)
             if bool(regex.search(line)) != ("v" in flags)]
    code = 0 if lines else 1
    if "q" in flags:
        return CommandResult(exit_code=code)
    if "c" in flags:
        return CommandResult(f"{len(lines)}\n", exit_code=code)
    return CommandResult("".join(lines), exit_code=code)


def _count(args: list[str]) -> int | None:
    """The N of ``-n N``, ``-nN`` or ``-N`` (10 by default); None when not a number."""
    for pos, arg in enumerate(args):
        if arg == "-n" and pos + 1 < len(args):
            value = args[pos + 1]
        elif arg.startswith("-n"):
            value = arg[2:]
        elif arg.startswith("-") and arg[1:].isdigit():
            value = arg[1:]
        else:
            continue
        return int(value.lstrip("+")) if value.lstrip("+").isdigit() else None
    return 10


def _head_tail(tool: str, args: list[str], text: str) -> CommandResult:
    n = _count(args)
    if n is None:
        return CommandResult(stderr=f"{tool}: invalid number '{args[-1]}'\n", exit_code=1)
    lines = text.splitlines(keepends=True)
    chosen = lines[:n] if tool == "head" else (lines[-n:] if n else [])
    return CommandResult("".join(chosen))


def _wc(args: list[str], text: str) -> CommandResult:
    counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
    wanted = [c for a in args if a.startswith("-") for c in a[1:] if c in counts]
    if len(wanted) == 1:
        return CommandResult(f"{counts[wanted[0]]}\n")
    keys = wanted or ["l", "w", "c"]
    return CommandResult(" ".join(f"{counts[k]:>9}" for k in keys) + "\n")
