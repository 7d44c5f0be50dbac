"""Help and usage texts of the docker CLI, and the flag tables read from them.

The CLI's help is static text (``docker network create --help``), kept verbatim per CLI
release and the API it reached: :data:`HELP_TEXTS` names each table as an engine profile
does (``profile.cli.help_texts``: ``28.2.2/1.41`` in :mod:`.texts`, ``28.5.2/1.51`` in
:mod:`.texts_28_5`). A :class:`Help` (``help_for(name)``) derives everything else from
one table: the usage line quoted in error messages, the aliases (``docker container ls``
shows ``docker ps``'s help under its own usage line), the subcommands a group lists and
the :class:`~coursekit.cli.flags.grammar.Flag` table the parser uses, so the lab accepts
exactly the flags that CLI accepts (28.5.2's ``run`` has ``--annotation``, its root no
``stack``).

Error texts follow ``cli/required.go`` and cobra, as CLIs 28.2.2 and 28.5.2 print them
(the ``SRun`` in the at-most message is the CLI's own typo). ``help_text`` and ``flags``
at module level answer for the table ``texts`` (:data:`DEFAULT` unless given).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from coursekit.cli.flags import texts, texts_28_5
from coursekit.cli.flags.grammar import Flag

HELP_TEXTS: dict[str, Mapping[str, str]] = {
    "28.2.2/1.41": texts.HELP,
    "28.5.2/1.51": texts_28_5.HELP,
}
"""Each recorded table, named ``CLI version/API version it reached``."""
DEFAULT = "28.2.2/1.41"

ALIASES: dict[str, str] = {
    "docker network list": "docker network ls",
    "docker network remove": "docker network rm",
    "docker container list": "docker container ls",
    "docker container ps": "docker container ls",
    "docker container remove": "docker container rm",
    "docker image list": "docker image ls",
}
"""Alias path -> the path cobra reports (the command's own name)."""

SOURCE: dict[str, str] = {
    "docker container ls": "docker ps",
    "docker image ls": "docker images",
}
"""Path -> the help text it shares (``docker container X`` uses ``docker X`` otherwise)."""

ROOT_USAGE = "docker [OPTIONS] COMMAND [ARG...]"
FLAG_LINE = re.compile(r"^  (?:-(\S), |    )--([a-z0-9-]+)(?: ([a-z0-9-]+))?(?:  |$)")
SUBCOMMAND_LINE = re.compile(r"^  ([a-z]+) {2,}", flags=re.MULTILINE)
CREATE_DROPS = ("-d, --detach ", "--detach-keys ", "--sig-proxy ")


def canonical(path: str) -> str:
    """The path cobra names in messages: ``docker network list`` -> ``docker network ls``."""
    return ALIASES.get(path, path)


def _drop_flags(lines: list[str], drops: tuple[str, ...]) -> list[str]:
    kept: list[str] = []
    dropping = False
    for line in lines:
        if line.startswith("  -") or line.startswith("      --"):
            dropping = any(d in line[:40] for d in drops)
        elif not line.startswith("        "):
            dropping = False
        if not dropping:
            kept.append(line)
    return kept


def _use_path(first_line: str) -> str:
    """The command path at the start of a usage line (the words before flags/args)."""
    names: list[str] = []
    for word in first_line.removeprefix("Usage:  ").split():
        if not re.fullmatch(r"[a-z]+", word):
            break
        names.append(word)
    return " ".join(names)


class Help:
    """One CLI's help texts and what is read from them (flag tables cached per path)."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = table
        self._flags: dict[str, dict[str, Flag]] = {}

    def _create_help(self) -> str:
        """``docker create --help``: ``docker run``'s text without the run-only flags."""
        text = self.table["docker run"].replace("docker run [OPTIONS]", "docker create [OPTIONS]")
        text = text.replace("Create and run a new container from an image",
                            "Create a new container")
        text = text.replace("docker container run, docker run", "docker container create, "
                            "docker create")
        text = text.replace("Pull image before running", "Pull image before creating")
        text = text.replace('("always", "missing", "never")', '("always", "|missing", "never")')
        return "".join(_drop_flags(text.splitlines(keepends=True), CREATE_DROPS))

    def _source_text(self, path: str) -> str | None:
        if path == "docker create":
            return self._create_help()
        if path in self.table:
            return self.table[path]
        source = SOURCE.get(path)
        if source is None and path.startswith("docker container "):
            source = "docker " + path.removeprefix("docker container ")
        if source == "docker create":
            return self._create_help()
        return self.table.get(source) if source else None

    def help_text(self, path: str) -> str | None:
        """``PATH --help`` as the CLI prints it, or None for a command the lab lacks."""
        path = canonical(path)
        text = self._source_text(path)
        if text is None or path in self.table:
            return text
        first, _, rest = text.partition("\n")
        return first.replace(_use_path(first), path, 1) + "\n" + rest

    def usage_line(self, path: str) -> str:
        """The usage line quoted in errors: ``docker network create [OPTIONS] NETWORK``."""
        if path == "docker":
            return ROOT_USAGE
        text = self.help_text(path)
        if text is None:
            return path
        first = text.partition("\n")[0].removeprefix("Usage:  ")
        return path if first == f"{path} COMMAND" else first

    def flags(self, path: str) -> dict[str, Flag]:
        """The flag table of a command, read from its help text (keyed by long name).

        Cached: callers must not change the dict they get."""
        if path not in self._flags:
            table: dict[str, Flag] = {}
            for line in (self.help_text(path) or "").splitlines():
                match = FLAG_LINE.match(line)
                if match:
                    short, long, kind = match.groups()
                    table[long] = Flag(long, short or "", kind or "bool")
            self._flags[path] = table
        return self._flags[path]

    def subcommands(self, group: str) -> set[str]:
        """The subcommand names ``GROUP --help`` lists (``docker``: ``run``, ``swarm``...)."""
        return set(SUBCOMMAND_LINE.findall(self.table.get(group, "")))

    def _tail(self, path: str, see: str = "Run") -> str:
        return (f"\n\nUsage:  {self.usage_line(path)}\n\n"
                f"{see} '{path} --help' for more information\n")

    def flag_error(self, path: str, message: str) -> str:
        """A pflag error as the CLI prints it (exit 125)."""
        return message + self._tail(path)

    def unknown_command(self, path: str, word: str) -> str:
        """``docker foo`` / ``docker network foo`` (exit 1)."""
        if path == "docker":
            return (f"docker: unknown command: docker {word}\n\n"
                    "Run 'docker --help' for more information\n")
        return f"docker: unknown command: {path} {word}" + self._tail(path)

    def args_error(self, path: str, rule: tuple[str, ...]) -> str:
        """The cli.ExactArgs / RequiresMinArgs / ... message for ``rule`` (exit 1).

        ``rule`` is ``("exact", n)``, ``("min", n)``, ``("max", n)``, ``("range", lo, hi)``
        or ``("none",)`` (numbers as strings or ints).
        """
        kind, *nums = rule
        n = [int(x) for x in nums]
        if kind == "exact":
            return f"docker: '{path}' requires {n[0]} {_plural(n[0])}" + self._tail(path)
        if kind == "min":
            return (f"docker: '{path}' requires at least {n[0]} {_plural(n[0])}"
                    + self._tail(path, "See"))
        if kind == "max":
            return (f"docker: '{path}' requires at most {n[0]} {_plural(n[0])}"
                    + self._tail(path, "SRun"))
        if kind == "range":
            return (f"docker: '{path}' requires at least {n[0]} and at most {n[1]} "
                    f"{_plural(n[1])}" + self._tail(path))
        return f"docker: '{path}' accepts no arguments" + self._tail(path)


@functools.cache
def help_for(name: str = DEFAULT) -> Help:
    """The :class:`Help` of the table ``name`` (``profile.cli.help_texts``); KeyError for
    a table never recorded."""
    return Help(HELP_TEXTS[name])


def _plural(n: int) -> str:
    return "argument" if n == 1 else "arguments"


def help_text(path: str, texts: str = DEFAULT) -> str | None:
    """:meth:`Help.help_text` of the table ``texts``."""
    return help_for(texts).help_text(path)


def flags(path: str, texts: str = DEFAULT) -> dict[str, Flag]:
    """:meth:`Help.flags` of the table ``texts`` (callers must not change the dict)."""
    return help_for(texts).flags(path)


def args_ok(rule: tuple[str, ...], count: int) -> bool:
    """Whether ``count`` positional arguments satisfy ``rule``."""
    kind, *nums = rule
    n = [int(x) for x in nums]
    return {"exact": lambda: count == n[0], "min": lambda: count >= n[0],
            "max": lambda: count <= n[0], "range": lambda: n[0] <= count <= n[1],
            "none": lambda: count == 0}[kind]()
