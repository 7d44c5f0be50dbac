"""The host's ``iptables`` and ``iptables-save``: reading the rules Docker wrote.

The simulated host is root, as the recordings' host was, so reading works:
``iptables -S [CHAIN]``, ``iptables -t filter|nat|raw -S [CHAIN]`` (``--table``,
``--list-rules``), ``iptables [-t TABLE] -L [CHAIN] -n [-v] [--line-numbers]`` (also as
``-nvL``) and ``iptables-save`` (optionally ``-t TABLE``). Changing the rules (``-A``,
``-I``, ``-D``, ``-F``, ``-P``, ``-N``, ``-X`` ...), other tables (``mangle``,
``security``), ``-L`` without ``-n`` (it would look names up) and ``ip6tables`` are not
simulated: each answers one ``coursekit:`` line and exits 1, and nothing changes; the
one change the lab takes is the learner's own ``DOCKER-USER`` rules (:mod:`.user`, applied
by the simulated host before the reading commands here see the tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coursekit.backends.sim.netfilter.listing import View, listing
from coursekit.backends.sim.netfilter.render import list_rules, no_chain, no_table, save
from coursekit.backends.sim.netfilter.rules import tables
from coursekit.models import Topology
from coursekit.result import CommandResult

TABLES = ("filter", "nat", "raw")
KERNEL_TABLES = ("mangle", "security")
"""Tables the kernel has but the lab does not model (Docker writes none of its rules there)."""
TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"
READS = ("iptables -S [CHAIN], iptables -t nat|raw|filter -S [CHAIN], "
         "iptables [-t TABLE] -L [CHAIN] -n [-v] [--line-numbers], iptables-save; "
         "and takes your own rules in DOCKER-USER: iptables -I|-A|-D|-F DOCKER-USER "
         "with -s, -d, -i, -o, -p, --dport, --ctstate and -j ACCEPT|DROP|RETURN")


def not_simulated(program: str, args: list[str]) -> CommandResult:
    """One plain line: what the lab does not model; nothing ran (exit 1)."""
    line = " ".join([program, *args])
    return CommandResult(stderr=f"coursekit: {line} is not simulated (the lab reads the rules "
                                f"Docker wrote: {READS}); the command did not run\n",
                         exit_code=1)


@dataclass(frozen=True)
class Request:
    """What an ``iptables`` line asks to read: ``-S`` or ``-L -n``, a table, a chain."""

    table: str
    command: str
    chain: str | None
    view: View


def iptables(topology: Topology, args: list[str]) -> CommandResult:
    """``iptables [-t TABLE] -S [CHAIN]`` or ``iptables [-t TABLE] -L [CHAIN] -n [-v]
    [--line-numbers]`` (the chain right after ``-S``/``-L``, as iptables reads it)."""
    request = _request(args)
    if isinstance(request, str):
        return CommandResult(stderr=f"Bad argument `{request}'\n{TRY}", exit_code=2)
    if request is None or request.table in KERNEL_TABLES:
        return not_simulated("iptables", args)
    if request.table not in TABLES:
        return CommandResult(stderr=no_table(request.table), exit_code=3)
    table = tables(topology)[request.table]
    chains = table if request.chain is None else tuple(
        c for c in table if c.name == request.chain)
    if not chains:
        return CommandResult(stderr=no_chain(str(request.chain), request.table), exit_code=1)
    if request.command == "-S":
        return CommandResult(stdout=list_rules(chains))
    return CommandResult(stdout=listing(chains, table, request.view))


FLAGS = {"--list-rules": "S", "--list": "L", "--numeric": "n", "--verbose": "v",
         "--line-numbers": "#"}


def _request(args: list[str]) -> Request | str | None:
    """The reading asked for; a stray word (a bad argument); None for anything else
    (a change, ``-L`` without ``-n``, which would look names up, or an unknown option)."""
    table, letters, chain, listed = "filter", "", None, False
    words = iter(args)
    for word in words:
        flag = FLAGS.get(word, word[1:] if _short(word) else "")
        if word in ("-t", "--table"):
            table = next(words, "")
        elif word.startswith("--table="):
            table = word.partition("=")[2]
        elif flag:
            letters += flag
        elif word.startswith("-"):
            return None
        elif listed and chain is None:
            chain = word
        else:
            return word
        listed = flag[-1:] in ("S", "L")
    return _checked(table, letters, chain)


def _short(word: str) -> bool:
    """``-S``, ``-L``, ``-n``, ``-v`` and their bundles (``-nvL``)."""
    return len(word) > 1 and word[0] == "-" and set(word[1:]) <= set("SLnv")


def _checked(table: str, letters: str, chain: str | None) -> Request | None:
    commands = [c for c in letters if c in "SL"]
    if len(commands) != 1 or not table:
        return None
    if commands[0] == "S" and letters != "S":
        return None
    if commands[0] == "L" and "n" not in letters:
        return None
    return Request(table, f"-{commands[0]}", chain,
                   View(verbose="v" in letters, numbers="#" in letters))


def iptables_save(topology: Topology, args: list[str]) -> CommandResult:
    """``iptables-save [-t TABLE]``: the raw, filter and nat tables as blocks."""
    every = tables(topology)
    if args:
        if len(args) != 2 or args[0] not in ("-t", "--table") or args[1] in KERNEL_TABLES:
            return not_simulated("iptables-save", args)
        if args[1] not in TABLES:
            return CommandResult(stderr=f"Table `{args[1]}' does not exist\n", exit_code=1)
        every = {args[1]: every[args[1]]}
    return CommandResult(stdout=save(dict(every), moment(topology)))


def moment(topology: Topology) -> str:
    """The latest moment the topology records, as ``iptables-save`` dates its blocks."""
    stamps = [t for c in topology.containers for t in (c.created, c.started_at, c.finished_at)
              if t and not t.startswith("0001")]
    stamps += [n.created for n in topology.networks if n.created]
    latest = max(stamps, default="2024-01-01T00:00:00Z")
    return datetime.fromisoformat(latest[:19]).strftime("%a %b %e %H:%M:%S %Y")
