"""The host's netfilter rules as each engine writes them: data, one rule book per engine.

Docker writes its rules into three tables (``filter``, ``nat``, ``raw``). Each chain is a
list of :class:`Section`: rules written once (``fixed``), one block per bridge network
(``net``), one per published IPv4 binding (``port``), or one per running container's
address on a bridge network (``member``, followed by that container's ``port`` lines when
the container's ports hang off this endpoint). Docker *inserts* some rules at the top of
their chain and *appends* others, so a section lists its items oldest first or newest
first (``newest_first``). A line applies only ``when`` its condition holds:

==============  ============================================================
``always``      every network / every binding
``external``    a network that is not ``--internal``
``internal``    an ``--internal`` network
``icc``         external, ``enable_icc`` on (the default)
``noicc``       external, ``enable_icc=false``
``masq``        external, ``enable_ip_masquerade`` on (the default)
``loopback``    a binding to a ``127.x`` address
==============  ============================================================

Placeholders: ``{br}`` the bridge, ``{subnet}`` the network's IPv4 subnet, ``{ip}`` the
container's address, ``{proto}``, ``{hport}``, ``{cport}``, ``{hip}`` (the binding's host
address) and ``{dst}`` (``-d HIP/32 `` for a binding to one address, else nothing).

Observed on both engines after the same scenarios (tests/golden/*/iptables/): 20.10
hangs four FORWARD rules per network off the built-in chain, newest network first (an
``enable_icc=false`` network's DROP is appended at the end instead), writes a container's
bindings last first, and ends its own chains with ``-j RETURN``; 28.5 moves them into
DOCKER-FORWARD, DOCKER-CT and DOCKER-BRIDGE (oldest first), drops what reaches a bridge
from elsewhere in DOCKER (``! -i BR -o BR -j DROP``), inserts each port's ACCEPT at the
top of DOCKER, and adds the raw table's per-address drops (and per-port drops for 127.x
bindings) that keep other hosts of the LAN from reaching containers directly. Neither
shows IPv6 here: those rules are ip6tables'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coursekit.profiles import ProfileName

Scope = Literal["fixed", "net", "port", "member"]
When = Literal["always", "external", "internal", "icc", "noicc", "masq", "loopback"]
Table = Literal["filter", "nat", "raw"]
Line = tuple[When, str]


@dataclass(frozen=True)
class Section:
    """Consecutive rules of one chain that Docker writes the same way."""

    scope: Scope
    lines: tuple[Line, ...]
    newest_first: bool = False
    port_lines: tuple[Line, ...] = ()
    """``member`` only: lines per binding of the container, after its address's lines."""
    bindings_reversed: bool = False
    """``port`` only: a container's own bindings last first (20.10 writes them so)."""


@dataclass(frozen=True)
class RuleBook:
    """One engine's chains: per table, the built-in chains with their policies, then
    Docker's own chains; each chain's sections in order."""

    policies: dict[Table, tuple[tuple[str, str], ...]]
    chains: dict[Table, dict[str, tuple[Section, ...]]]


def _fixed(*rules: str) -> Section:
    return Section("fixed", tuple(("always", r) for r in rules))


PORT = "-p {proto} -m {proto} --dport"
ACCEPT_PORT = f"-d {{ip}}/32 ! -i {{br}} -o {{br}} {PORT} {{cport}} -j ACCEPT"
DNAT = f"{{dst}}! -i {{br}} {PORT} {{hport}} -j DNAT --to-destination {{ip}}:{{cport}}"
MASQUERADE: Line = ("masq", "-s {subnet} ! -o {br} -j MASQUERADE")
RETURN_NET: Line = ("masq", "-i {br} -j RETURN")  # none for a bridge left unmasqueraded
INTERNAL_ISOLATION: tuple[Line, ...] = (("internal", "! -s {subnet} -o {br} -j DROP"),
                      ("internal", "! -d {subnet} -i {br} -j DROP"))
TO_STAGE_2: Line = ("external", "-i {br} ! -o {br} -j DOCKER-ISOLATION-STAGE-2")
STAGE_2_DROP: Line = ("external", "-o {br} -j DROP")
CONNTRACK = "-o {br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
FILTER_POLICIES = (("INPUT", "ACCEPT"), ("FORWARD", "DROP"), ("OUTPUT", "ACCEPT"))
NAT_POLICIES = (("PREROUTING", "ACCEPT"), ("INPUT", "ACCEPT"), ("OUTPUT", "ACCEPT"),
                ("POSTROUTING", "ACCEPT"))
RAW_POLICIES = (("PREROUTING", "ACCEPT"), ("OUTPUT", "ACCEPT"))
NAT_ENTRY = (_fixed("-m addrtype --dst-type LOCAL -j DOCKER"),)
NAT_OUTPUT = (_fixed("! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER"),)

RULES_20_10 = RuleBook(
    policies={"filter": FILTER_POLICIES, "nat": NAT_POLICIES, "raw": RAW_POLICIES},
    chains={
        "filter": {
            "FORWARD": (
                _fixed("-j DOCKER-USER", "-j DOCKER-ISOLATION-STAGE-1"),
                Section("net", (("external", CONNTRACK), ("external", "-o {br} -j DOCKER"),
                                ("external", "-i {br} ! -o {br} -j ACCEPT"),
                                ("icc", "-i {br} -o {br} -j ACCEPT"),
                                ("internal", "-i {br} -o {br} -j ACCEPT")), newest_first=True),
                Section("net", (("noicc", "-i {br} -o {br} -j DROP"),))),
            "DOCKER": (Section("port", (("always", ACCEPT_PORT),), bindings_reversed=True),),
            "DOCKER-ISOLATION-STAGE-1": (
                Section("net", INTERNAL_ISOLATION, newest_first=True),
                Section("net", (TO_STAGE_2,), newest_first=True), _fixed("-j RETURN")),
            "DOCKER-ISOLATION-STAGE-2": (Section("net", (STAGE_2_DROP,), newest_first=True),
                                         _fixed("-j RETURN")),
            "DOCKER-USER": (_fixed("-j RETURN"),),
        },
        "nat": {
            "PREROUTING": NAT_ENTRY, "OUTPUT": NAT_OUTPUT,
            "POSTROUTING": (
                Section("net", (MASQUERADE,), newest_first=True),
                Section("port", (("always", f"-s {{ip}}/32 -d {{ip}}/32 {PORT} {{cport}} "
                                            "-j MASQUERADE"),), bindings_reversed=True)),
            "DOCKER": (Section("net", (RETURN_NET,), newest_first=True),
                       Section("port", (("always", DNAT),), bindings_reversed=True)),
        },
        "raw": {},
    })

RULES_28_5 = RuleBook(
    policies={"filter": FILTER_POLICIES, "nat": NAT_POLICIES, "raw": RAW_POLICIES},
    chains={
        "filter": {
            "FORWARD": (_fixed("-j DOCKER-USER", "-j DOCKER-FORWARD"),),
            "DOCKER": (Section("port", (("always", ACCEPT_PORT),), newest_first=True),
                       Section("net", (("external", "! -i {br} -o {br} -j DROP"),))),
            "DOCKER-BRIDGE": (Section("net", (("external", "-o {br} -j DOCKER"),)),),
            "DOCKER-CT": (Section("net", (("external", CONNTRACK),)),),
            "DOCKER-FORWARD": (
                _fixed("-j DOCKER-CT", "-j DOCKER-ISOLATION-STAGE-1", "-j DOCKER-BRIDGE"),
                Section("net", (("icc", "-i {br} -j ACCEPT"),
                                ("noicc", "-i {br} -o {br} -j DROP"),
                                ("noicc", "-i {br} ! -o {br} -j ACCEPT"),
                                ("internal", "-i {br} -o {br} -j ACCEPT")))),
            "DOCKER-ISOLATION-STAGE-1": (Section("net", INTERNAL_ISOLATION, newest_first=True),
                                         Section("net", (TO_STAGE_2,))),
            "DOCKER-ISOLATION-STAGE-2": (Section("net", (STAGE_2_DROP,), newest_first=True),),
            "DOCKER-USER": (),
        },
        "nat": {
            "PREROUTING": NAT_ENTRY, "OUTPUT": NAT_OUTPUT,
            "POSTROUTING": (Section("net", (MASQUERADE,), newest_first=True),),
            "DOCKER": (Section("net", (RETURN_NET,), newest_first=True),
                       Section("port", (("always", DNAT),))),
        },
        "raw": {
            "PREROUTING": (Section(
                "member", (("external", "-d {ip}/32 ! -i {br} -j DROP"),),
                port_lines=(("loopback", f"-d {{hip}}/32 ! -i lo {PORT} {{hport}} -j DROP"),)),),
        },
    })

RULE_BOOKS: dict[ProfileName, RuleBook] = {"20.10": RULES_20_10, "28.5": RULES_28_5}
"""Each engine's rules, by profile name (read through ``for_topology(t).engine.name``)."""
