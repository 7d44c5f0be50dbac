"""The learner's own rules in ``DOCKER-USER``: the documented place to filter containers.

Docker jumps from ``FORWARD`` to ``DOCKER-USER`` before any rule of its own and never
rewrites that chain, so a rule there decides first for every packet the host forwards
to, from or between containers. The lab takes these changes, as iptables 1.8.9
(nf_tables) does, and prints the chain back as ``iptables -S`` would::

    iptables -I DOCKER-USER [N] RULE     insert at the top (or before rule N)
    iptables -A DOCKER-USER RULE         append (on 20.10 after its ``-j RETURN``,
                                         where nothing reaches it)
    iptables -D DOCKER-USER N | RULE     delete by number or by the same rule
    iptables -F DOCKER-USER              flush

RULE is made of ``[!] -s ADDR[/N]``, ``[!] -d ADDR[/N]``, ``[!] -i IF``, ``[!] -o IF``,
``-p tcp|udp|icmp|all`` with ``--dport N`` (``-m tcp|udp`` optional), ``-m conntrack
--ctstate S,...`` and ``-j ACCEPT|DROP|RETURN``; iptables prints it in its own order
(addresses, interfaces, protocol, then the matches, then the target), addresses with
their mask. Anything else (other chains, other targets such as REJECT or LOG, other
matches) answers one ``coursekit:`` line and changes nothing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.result import CommandResult

CHAIN = "DOCKER-USER"
VERSION = "iptables v1.8.9 (nf_tables)"
TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"
TARGETS = ("ACCEPT", "DROP", "RETURN")
OTHER_TARGETS = ("REJECT", "LOG", "MARK", "CONNMARK", "NFLOG", "TCPMSS", "CT", "NOTRACK",
                 "AUDIT", "CHECKSUM", "CLASSIFY", "DSCP", "TEE", "TRACE", "SET")
"""Targets iptables has and the lab does not model (a change using one is not simulated)."""
FILTER_CHAINS = ("INPUT", "FORWARD", "OUTPUT", "DOCKER", "DOCKER-BRIDGE", "DOCKER-CT",
                 "DOCKER-FORWARD", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2",
                 CHAIN)
"""The filter table's chains on a Docker host (both engines' names)."""
PROTOCOLS = ("tcp", "udp", "icmp", "all")
CHANGES = {"-I": "-I", "--insert": "-I", "-A": "-A", "--append": "-A", "-D": "-D",
           "--delete": "-D", "-F": "-F", "--flush": "-F"}


@dataclass(frozen=True)
class Change:
    """A change to the chain: ``op`` (-I, -A, -D, -F), a position, the rule's line."""

    op: str
    position: int = 0
    line: str = ""


class Refused(Exception):
    """iptables' own refusal: its words and exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.result = CommandResult(stderr=message, exit_code=code)


class Unmodelled(Exception):
    """A change the lab does not simulate (the caller says so in one line)."""


def is_change(args: list[str]) -> bool:
    """True when an ``iptables`` argv changes rules (rather than reading them)."""
    return any(word in CHANGES or word in ("-P", "-N", "-X", "-R", "-Z") for word in args)


def apply(chain: tuple[str, ...], args: list[str]) -> tuple[tuple[str, ...], CommandResult]:
    """The chain after ``iptables ARGS`` and what iptables answered (raises
    :class:`Unmodelled` for what the lab does not simulate)."""
    try:
        change = _change(args)
    except Refused as refusal:
        return chain, refusal.result
    rules = list(chain)
    if change.op == "-F":
        return (), CommandResult()
    if change.op == "-A":
        return (*rules, change.line), CommandResult()
    if change.op == "-I":
        if change.position > len(rules) + 1:
            return chain, CommandResult(stderr="iptables: Index of insertion too big.\n",
                                        exit_code=1)
        rules.insert(max(change.position, 1) - 1, change.line)
        return tuple(rules), CommandResult()
    return _delete(chain, change)


def _delete(chain: tuple[str, ...], change: Change) -> tuple[tuple[str, ...], CommandResult]:
    rules = list(chain)
    if change.position:
        if change.position > len(rules):
            return chain, CommandResult(stderr="iptables: Index of deletion too big.\n",
                                        exit_code=1)
        del rules[change.position - 1]
    elif change.line in rules:
        rules.remove(change.line)
    else:
        return chain, CommandResult(stderr="iptables: Bad rule (does a matching rule exist "
                                           "in that chain?).\n", exit_code=1)
    return tuple(rules), CommandResult()


def _change(args: list[str]) -> Change:
    words = list(args)
    if words[:2] in (["-t", "filter"], ["--table", "filter"]):
        words = words[2:]
    if len(words) < 2 or words[0] not in CHANGES or words[0:1] == ["-t"]:
        raise Unmodelled
    if words[1] not in FILTER_CHAINS and not words[1].startswith("-"):
        raise Refused("iptables: No chain/target/match by that name.\n", 1)
    if words[1] != CHAIN:
        raise Unmodelled
    op, rest = CHANGES[words[0]], words[2:]
    if op == "-F":
        if rest:
            raise Unmodelled
        return Change(op)
    position = 0
    if op in ("-I", "-D") and rest[:1] and rest[0].isdigit():
        position, rest = int(rest[0]), rest[1:]
        if op == "-D":
            if rest:
                raise Refused(f"Bad argument `{rest[0]}'\n{TRY}", 2)
            return Change(op, position)
        if position == 0:
            raise Refused(f"{VERSION}: Invalid rule number `0'\n\n{TRY}", 2)
    return Change(op, position, canonical(rest))


def canonical(words: list[str]) -> str:
    """The rule as ``iptables -S`` prints it back."""
    fields: dict[str, str] = {}
    extra: list[str] = []
    negate, index = "", 0
    while index < len(words):
        word = words[index]
        value = words[index + 1] if index + 1 < len(words) else ""
        if word == "!":
            negate, index = "! ", index + 1
            continue
        if word in ("-m", "--match"):
            if value not in ("tcp", "udp", "conntrack"):
                raise Unmodelled
            index += 2
            continue
        if not value:
            raise Refused(f"{VERSION}: option \"{word}\" requires an argument\n{TRY}", 2)
        fields, extra = _field(fields, extra, word, value, negate)
        negate, index = "", index + 2
    return _ordered(fields, extra)


ALIASES = {"--source": "-s", "--src": "-s", "--destination": "-d", "--dst": "-d",
           "--in-interface": "-i", "--out-interface": "-o", "--protocol": "-p",
           "--jump": "-j", "--destination-port": "--dport"}


def _field(fields: dict[str, str], extra: list[str], word: str, value: str,
           negate: str) -> tuple[dict[str, str], list[str]]:
    word = ALIASES.get(word, word)
    if word in ("-s", "-d"):
        fields[word] = f"{negate}{word} {_network(value)}"
    elif word in ("-i", "-o"):
        fields[word] = f"{negate}{word} {value}"
    elif word == "-p":
        if value not in PROTOCOLS or negate:
            raise Unmodelled
        fields[word] = "" if value == "all" else f"-p {value}"
    elif word == "--dport":
        proto = fields.get("-p", "")[3:]
        if proto not in ("tcp", "udp") or negate or not value.isdigit():
            raise Unmodelled
        extra.append(f"-m {proto} --dport {value}")
    elif word == "--ctstate" and not negate:
        extra.append(f"-m conntrack --ctstate {value}")
    elif word == "-j" and value in TARGETS:
        fields[word] = f"-j {value}"
    elif word == "-j" and value not in (*OTHER_TARGETS, *FILTER_CHAINS):
        raise Refused(f"{VERSION}: Chain '{value}' does not exist\n{TRY}", 2)
    else:
        raise Unmodelled
    return fields, extra


def _network(value: str) -> str:
    try:
        net = ipaddress.IPv4Network(value if "/" in value else f"{value}/32", strict=False)
    except ValueError:
        raise Refused(f"{VERSION}: host/network `{value}' not found\n{TRY}", 2) from None
    return str(net)


def _ordered(fields: dict[str, str], extra: list[str]) -> str:
    head = [fields[k] for k in ("-s", "-d", "-i", "-o", "-p") if fields.get(k)]
    return " ".join([*head, *extra, *([fields["-j"]] if "-j" in fields else [])])
