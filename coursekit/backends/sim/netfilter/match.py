"""One rule as netfilter reads it: its matches, its target, and whether a packet matches.

The rules are the very lines ``iptables -S`` prints (``-A CHAIN`` left off), so what the
lab decides and what the learner reads cannot drift apart. The matches Docker writes,
and those a learner may add to ``DOCKER-USER``:

===============================  ===================================================
``[!] -s ADDR[/MASK]``           the source address
``[!] -d ADDR[/MASK]``           the destination address (after DNAT, in FORWARD)
``[!] -i IFACE`` / ``-o IFACE``  the interface the packet came in on / goes out of
                                 (``br+``: a name prefix, as iptables reads ``+``)
``-p tcp|udp|icmp|all``          the protocol; ``-m tcp --dport N`` (``--sport N``)
``-m conntrack --ctstate S,...`` the connection's state (a first packet is ``NEW``, an
                                 answer ``ESTABLISHED``)
``-m addrtype --dst-type LOCAL`` a destination that is one of the host's own addresses
===============================  ===================================================

Targets: ``ACCEPT``, ``DROP``, ``RETURN``, a user chain (a jump), ``DNAT
--to-destination IP[:PORT]``, ``MASQUERADE``.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class Packet:
    """A packet at one point of its way: where it came in (``iif``; "" when the host
    sends it), where it goes out (``oif``; "" when it is delivered to the host itself),
    addresses, protocol, destination port, connection state, and whether its destination
    is one of the host's own addresses (``local``)."""

    src: str
    dst: str
    iif: str = ""
    oif: str = ""
    proto: str = "icmp"
    dport: int = 0
    state: str = "NEW"
    local: bool = False


@dataclass(frozen=True)
class Test:
    """One match of a rule: ``option`` with ``value``, negated by ``!``."""

    option: str
    value: str
    negated: bool = False


@dataclass(frozen=True)
class Rule:
    """A rule: its line (as ``iptables -S`` prints it, without ``-A CHAIN``), its matches,
    its target and the target's argument (DNAT's ``--to-destination``)."""

    line: str
    tests: tuple[Test, ...]
    target: str
    to: str = ""


VALUED = ("-s", "-d", "-i", "-o", "-p", "--dport", "--sport", "--ctstate", "--dst-type",
          "--src-type")
"""The options that carry a value, each a match of its own."""


def parse(line: str) -> Rule:
    """A rule line as iptables prints it (Docker's own and the learner's, once checked)."""
    words, tests, target, to, negate = line.split(), [], "", "", False
    index = 0
    while index < len(words):
        word = words[index]
        if word == "!":
            negate = True
        elif word == "-j":
            target, index = words[index + 1], index + 1
        elif word == "--to-destination":
            to, index = words[index + 1], index + 1
        elif word in VALUED:
            tests.append(Test(word, words[index + 1], negate))
            negate, index = False, index + 1
        elif word == "-m":
            index += 1  # the module's name: its options follow as their own matches
        index += 1
    return Rule(line, tuple(tests), target, to)


def matches(rule: Rule, packet: Packet) -> bool:
    """True when every match of ``rule`` holds for ``packet``."""
    return all(_holds(test, packet) != test.negated for test in rule.tests)


def _holds(test: Test, packet: Packet) -> bool:
    option, value = test.option, test.value
    if option in ("-s", "-d"):
        return _within(packet.src if option == "-s" else packet.dst, value)
    if option in ("-i", "-o"):
        return _interface(packet.iif if option == "-i" else packet.oif, value)
    if option == "-p":
        return value == "all" or packet.proto == value
    if option == "--dport":
        return packet.dport == int(value)
    if option == "--ctstate":
        return packet.state in value.split(",")
    if option == "--dst-type":
        return (value == "LOCAL") == packet.local
    return False  # --sport, --src-type: never asked of the lab's packets


@functools.lru_cache(maxsize=4096)
def _within(address: str, network: str) -> bool:
    """``address`` in ``network`` (kept: the same pairs come back for every packet)."""
    try:
        return ipaddress.IPv4Address(address) in ipaddress.IPv4Network(network, strict=False)
    except ValueError:
        return False


def _interface(name: str, pattern: str) -> bool:
    if pattern.endswith("+"):
        return bool(name) and name.startswith(pattern[:-1])
    return name == pattern
