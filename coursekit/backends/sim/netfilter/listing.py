"""The tables as ``iptables -L -n [-v] [--line-numbers]`` prints them (iptables 1.8.9).

Each chain is a block: ``Chain FORWARD (policy DROP)`` (with ``-v`` also its packet and
byte counters) or ``Chain DOCKER (3 references)`` (how many rules of the table jump to
it), a header line, and one line per rule: target, protocol *number* (``-n``: 0 for all,
6 tcp, 17 udp), options, with ``-v`` the in and out interfaces (``*`` for any, ``!`` for
"not"), source and destination (``0.0.0.0/0`` for any, a /32 without its mask), then
what the matches and the target add (``tcp dpt:8080``, ``ctstate RELATED,ESTABLISHED``,
``ADDRTYPE match dst-type LOCAL``, ``to:172.17.0.2:8080``). Blocks are apart by one empty
line. The counters are those of a fresh engine on which nothing moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coursekit.backends.sim.netfilter.rules import Chain

PROTOCOLS = {"tcp": "6", "udp": "17", "sctp": "132", "icmp": "1"}
ANY = "0.0.0.0/0"


@dataclass(frozen=True)
class View:
    """How ``-L`` was asked for: ``-v`` and ``--line-numbers``."""

    verbose: bool = False
    numbers: bool = False


@dataclass
class Rule:
    """One rule spec read back into the columns ``-L`` prints."""

    target: str = ""
    proto: str = "0"
    fields: dict[str, str] = field(default_factory=lambda: {"-s": ANY, "-d": ANY,
                                                             "-i": "*", "-o": "*"})
    extras: list[str] = field(default_factory=list)


def parse(spec: str) -> Rule:
    """``-d 172.18.0.3/32 ! -i br-x -p tcp -m tcp --dport 80 -j ACCEPT`` as columns."""
    rule, words, negate, module = Rule(), iter(spec.split()), "", ""
    for word in words:
        if word == "!":
            negate = "!"
            continue
        value = next(words, "")
        if word in rule.fields:
            rule.fields[word] = negate + value.removesuffix("/32")
        elif word == "-p":
            rule.proto = PROTOCOLS.get(value, value)
        elif word == "-j":
            rule.target = value
        elif word == "-m":
            module = value
        else:
            _extra(rule, word, value, module)
        negate = ""
    return rule


def _extra(rule: Rule, option: str, value: str, module: str) -> None:
    """What a match's (``-m MODULE``) or the target's option adds at the end of the line."""
    if option == "--dport":
        rule.extras.append(f"{module} dpt:{value}")
    elif option == "--ctstate":
        rule.extras.append(f"ctstate {value}")
    elif option == "--dst-type":
        rule.extras.append(f"ADDRTYPE match dst-type {value}")
    elif option == "--to-destination":
        rule.extras.append(f"to:{value}")


def listing(chains: Iterable[Chain], table: tuple[Chain, ...], view: View) -> str:
    """``iptables -L -n``: the given chains of ``table``, block by block."""
    return "\n".join(_block(chain, table, view) for chain in chains)


def _block(chain: Chain, table: tuple[Chain, ...], view: View) -> str:
    lines = [_title(chain, table, view), _header(view)]
    lines += [_line(parse(spec), number, view) for number, spec in enumerate(chain.rules, 1)]
    return "".join(f"{line}\n" for line in lines)


def _title(chain: Chain, table: tuple[Chain, ...], view: View) -> str:
    if chain.policy is None:
        jumps = sum(rule.endswith(f"-j {chain.name}") for c in table for rule in c.rules)
        return f"Chain {chain.name} ({jumps} references)"
    counters = " 0 packets, 0 bytes" if view.verbose else ""
    return f"Chain {chain.name} (policy {chain.policy}{counters})"


def _header(view: View) -> str:
    return ("num  " * view.numbers + " pkts bytes " * view.verbose + "target     prot opt "
            + "in     out     " * view.verbose + "source               destination         ")


def _line(rule: Rule, number: int, view: View) -> str:
    text = f"{number:<4} " if view.numbers else ""
    text += "    0     0 " if view.verbose else ""
    text += f"{rule.target:<9}  {rule.proto:<5}-- "
    if view.verbose:
        text += f" {rule.fields['-i']:<6} {rule.fields['-o']:<6} "
    text += f"{_address(rule.fields['-s'])} {_address(rule.fields['-d'])} "
    return text + "".join(f" {extra}" for extra in rule.extras)


def _address(value: str) -> str:
    """The address column: ``!`` or a space, then the address padded to 19."""
    negated = value.startswith("!")
    return ("!" if negated else " ") + f"{value.removeprefix('!'):<19}"
