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


# ------------------------------------------------------------------ redirections

REDIRECT = re.compile(r"(?:(?<![^\s;&|])([12]))?>(?:&([12])|\s*(/dev/null))(?=[\s;&|]|$)")
"""``>&2``, ``1>&2``, ``2>&1``, ``>/dev/null``, ``2> /dev/null``: a leading digit counts
only as a word of its own (``echo a2>&1`` prints ``a2`` to fd 1, as sh reads it)."""
MARK = re.compile(r"__redir([12])([12n])__")
Redirect = tuple[int, str]
"""(fd, where it goes: ``"1"``, ``"2"`` or ``"n"`` for /dev/null)."""


def mark_redirects(line: str) -> str:
    """The line with each redirection as one word (``__redir21__`` for ``2>&1``), so that
    splitting it at ``&`` and ``;`` leaves the redirection whole."""
    def word(match: re.Match[str]) -> str:
        return f" __redir{match[1] or '1'}{match[2] or 'n'}__ "
    return REDIRECT.sub(word, line)


def split_redirects(words: list[str]) -> tuple[list[str], list[Redirect]]:
    """A command's words without its redirection words, and those, in the order given."""
    argv = [w for w in words if not MARK.fullmatch(w)]
    found = [(int(m[1]), m[2]) for w in words if (m := MARK.fullmatch(w))]
    return argv, found


def file_redirect(argv: list[str]) -> str | None:
    """A redirection the lab does not model (into or from a file), as typed, else None."""
    for pos, word in enumerate(argv):
        if word[:1] in "<>" or word[:2] in ("1>", "2>"):
            bare = word.rstrip("<>12") == "" and pos + 1 < len(argv)
            return f"{word} {argv[pos + 1]}" if bare else word
    return None


def route(stdout: str, stderr: str, redirects: list[Redirect]) -> tuple[str, str]:
    """Where a command's output ends up after its redirections, applied left to right as
    sh does (``2>&1 >/dev/null`` keeps the errors, ``>/dev/null 2>&1`` loses both)."""
    fds = {1: "1", 2: "2"}
    for fd, target in redirects:
        fds[fd] = fds[int(target)] if target in "12" else "n"
    streams = {"1": "", "2": "", "n": ""}
    streams[fds[1]] += stdout
    streams[fds[2]] += stderr
    return streams["1"], streams["2"]
