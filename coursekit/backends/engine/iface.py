"""Read ``ip addr`` output (busybox or iproute2) into :class:`coursekit.models.Interface`.

The engine backend runs ``ip addr`` inside a running container (or in a helper
container on the host's network) and parses what it prints::

    25: eth0@if26: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue
        link/ether 02:42:ac:11:00:04 brd ff:ff:ff:ff:ff:ff
        inet 172.17.0.4/16 brd 172.17.255.255 scope global eth0
           valid_lft forever preferred_lft forever

The first line gives the index, the name, the peer (``@if26``: the other end of a
veth pair), the flags (``UP``; ``NO-CARRIER`` when nothing is plugged in), the MTU and
the ``master`` bridge; the indented lines give the MAC and the addresses. ``ip -o link``
output (one line per interface, continuation lines joined with ``\\``) is accepted too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from coursekit.models import Container, Interface, InterfaceKind, Network

_HEADER = re.compile(r"^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>(.*)$")
_BRIDGE_NAMES = re.compile(r"^(docker0|br-[0-9a-f]{12}|virbr\d+)$")
_DUMMY_NAMES = re.compile(r"^d[mi]-[0-9a-f]{12}$")


@dataclass
class _Draft:
    """An interface while its lines are being read."""

    index: int
    name: str
    peer: str
    flags: tuple[str, ...]
    attrs: dict[str, str]
    link_type: str = ""
    mac: str = "00:00:00:00:00:00"
    ipv4: list[str] = field(default_factory=list)
    ipv6: list[str] = field(default_factory=list)


def _attrs(rest: str) -> dict[str, str]:
    words = rest.split()
    return {k: v for k, v in itertools.pairwise(words)
            if k in ("mtu", "master", "state")}


def _header(line: str) -> _Draft | None:
    match = _HEADER.match(line)
    if match is None:
        return None
    index, name, peer, flags, rest = match.groups()
    return _Draft(int(index), name, peer or "", tuple(flags.split(",")), _attrs(rest))


def _detail(draft: _Draft, line: str) -> None:
    words = line.split()
    if len(words) < 2:
        return
    if words[0].startswith("link/"):
        draft.link_type, draft.mac = words[0][5:], words[1]
    elif words[0] == "inet":
        draft.ipv4.append(words[1])
    elif words[0] == "inet6":
        draft.ipv6.append(words[1])


def _peer_index(peer: str) -> int | None:
    return int(peer[2:]) if re.fullmatch(r"if\d+", peer) else None


def _kind(draft: _Draft, masters: set[str]) -> InterfaceKind:
    if draft.link_type == "loopback":
        return "loopback"
    if draft.peer.startswith("if"):  # a veth end; its peer may not be a number (below)
        return "veth"
    if draft.name in masters or _BRIDGE_NAMES.match(draft.name):
        return "bridge"
    return "dummy" if _DUMMY_NAMES.match(draft.name) else "ether"


def _finish(draft: _Draft, masters: set[str]) -> Interface:
    return Interface(
        index=draft.index, name=draft.name, kind=_kind(draft, masters), mac=draft.mac,
        ipv4=tuple(draft.ipv4), ipv6=tuple(draft.ipv6), peer_index=_peer_index(draft.peer),
        master=draft.attrs.get("master"), up="UP" in draft.flags,
        carrier="NO-CARRIER" not in draft.flags, mtu=int(draft.attrs.get("mtu", "1500")))


def _lines(text: str) -> list[str]:
    """``ip -o`` joins an interface's lines with ``\\``: split them back."""
    return [part for line in text.splitlines() for part in line.split("\\")]


def parse_ip_addr(text: str) -> tuple[Interface, ...]:
    """Interfaces, in the order printed, from the text of ``ip addr`` (or ``ip link``)."""
    drafts: list[_Draft] = []
    for line in _lines(text):
        head = None if line[:1].isspace() else _header(line)
        if head is not None:
            drafts.append(head)
        elif drafts and line.strip():
            _detail(drafts[-1], line)
    masters = {d.attrs["master"] for d in drafts if "master" in d.attrs}
    return tuple(_finish(d, masters) for d in drafts)


def pair_host_ends(host: tuple[Interface, ...],
                   containers: Iterable[Container]) -> tuple[Interface, ...]:
    """Host veth ends whose peer busybox could not number get it from the container end.

    From engine 28 the container's end is made inside its namespace, so the host end's
    peer index is one of that namespace (``@if2``), which busybox ``ip`` on the host cannot
    resolve and prints as a name (``veth1234567@ifb0``). The container end still names
    the host end's index (``2: eth0@if5013``): that pairs them, as iproute2 shows them.
    """
    peers = {i.peer_index: i.index for c in containers if c.network_mode.kind != "host"
             for i in c.interfaces if i.kind == "veth" and i.peer_index is not None}
    return tuple(replace(i, peer_index=peers[i.index])
                 if i.kind == "veth" and i.peer_index is None and i.index in peers else i
                 for i in host)


def child_kinds(containers: tuple[Container, ...], networks: tuple[Network, ...]
                ) -> tuple[Container, ...]:
    """Containers whose link to a macvlan/ipvlan network is that kind, not a veth.

    busybox prints a child link as ``eth0@if5`` (5: the parent on the host), exactly as
    a veth end; the network it carries the address of tells them apart.
    """
    kinds: dict[str, InterfaceKind] = {n.name: "macvlan" if n.driver == "macvlan" else "ipvlan"
                                       for n in networks if n.driver in ("macvlan", "ipvlan")}
    return tuple(replace(c, interfaces=tuple(_child(i, c, kinds) for i in c.interfaces))
                 if any(ep.network_name in kinds for ep in c.endpoints) else c
                 for c in containers)


def _child(iface: Interface, c: Container, kinds: dict[str, InterfaceKind]) -> Interface:
    for ep in c.endpoints:
        kind = kinds.get(ep.network_name)
        if kind is not None and ep.cidr and ep.cidr in iface.ipv4:
            return replace(iface, kind=kind)
    return iface
