"""The docker CLI's flag grammar: pflag's parser, as docker CLI 28 uses it.

``--name=x`` and ``--name x``, short bundles (``-dit``), a value glued to a short flag
(``-p8080:80``), ``-n=5``, repeated flags, ``--`` ending the flags, and for
``run``/``create``/``exec`` no flags after the first positional argument (everything
after IMAGE is the command). Errors are :class:`~coursekit.cli.errors.FlagError` with
pflag's own wording (``unknown flag: --foo``); the caller adds the usage lines.

A :class:`Flag` table is read from the CLI's help text (see :mod:`coursekit.cli.flags.usage`),
so every flag the real CLI knows parses, even those the lab then ignores. Values are
checked as pflag's ``Value.Set`` does: by type (``bool``, ``int``, ``filter``) and by
the validators a command adds (``--label``, ``--link``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coursekit.cli.errors import FlagError
from coursekit.cli.gotemplate.fmt import go_quote

__all__ = ["KIND_CHECKS", "Flag", "Parsed", "Validator", "parse_bool", "parse_flags",
           "parse_int"]


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
    """docker/cli's FilterOpt: an empty value is ignored, any other needs ``name=value``."""
    if text and "=" not in text:
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
