"""A small getopt for the simulated commands: short clusters (``-qO-``), long options.

``getopt(args, "qS", "OcTW", {"quiet": "q", "output-document": "O="})`` returns the
options (flag -> True, valued -> its text, last one wins) and the operands, or an
:class:`OptError` carrying the message getopt would print (``invalid option -- 'x'``).
Options and operands may mix, as with GNU getopt; ``--`` ends the options.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OptError:
    """What getopt complains about."""

    message: str


@dataclass
class Parsed:
    """Options by their short letter (or long name) and the remaining operands."""

    opts: dict[str, str | bool] = field(default_factory=dict)
    operands: list[str] = field(default_factory=list)

    def flag(self, key: str) -> bool:
        return key in self.opts

    def value(self, key: str, default: str | None = None) -> str | None:
        found = self.opts.get(key)
        return found if isinstance(found, str) else default


def getopt(args: list[str], flags: str, valued: str,
           longs: dict[str, str] | None = None) -> Parsed | OptError:
    """Parse ``args``; long options map to a key, with ``=`` suffix when they take a value."""
    parsed, rest = Parsed(), list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            parsed.operands += rest
            break
        if arg.startswith("--"):
            error = _long(arg[2:], rest, longs or {}, parsed)
        elif arg.startswith("-") and len(arg) > 1:
            error = _cluster(arg[1:], rest, flags, valued, parsed)
        else:
            parsed.operands.append(arg)
            error = None
        if error is not None:
            return error
    return parsed


def _long(text: str, rest: list[str], longs: dict[str, str], parsed: Parsed) -> OptError | None:
    name, eq, value = text.partition("=")
    key = longs.get(name)
    if key is None:
        return OptError(f"unrecognized option '--{name}'")
    if not key.endswith("="):
        parsed.opts[key] = True
        return None
    if not eq:
        if not rest:
            return OptError(f"option '--{name}' requires an argument")
        value = rest.pop(0)
    parsed.opts[key[:-1]] = value
    return None


def _cluster(text: str, rest: list[str], flags: str, valued: str,
             parsed: Parsed) -> OptError | None:
    for pos, letter in enumerate(text):
        if letter in valued:
            value = text[pos + 1:]
            if not value:
                if not rest:
                    return OptError(f"option requires an argument -- '{letter}'")
                value = rest.pop(0)
            parsed.opts[letter] = value
            return None
        if letter not in flags:
            return OptError(f"invalid option -- '{letter}'")
        parsed.opts[letter] = True
    return None


def number(text: str | None, default: int) -> int | None:
    """A non-negative integer option, None when it is not one (``invalid number``)."""
    if text is None:
        return default
    return int(text) if text.isdigit() else None
