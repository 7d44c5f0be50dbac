"""The links a learner builds by hand: ``ip netns``, veth pairs, bridges, addresses, routes.

The classic "containers from scratch" exercise makes two network namespaces, a bridge
and a veth pair per namespace, and gives each end an address::

    ip netns add red
    ip link add br0 type bridge; ip link set br0 up; ip addr add 10.99.0.1/24 dev br0
    ip link add veth-red type veth peer name veth-red-br
    ip link set veth-red netns red; ip link set veth-red-br master br0 up
    ip netns exec red ip addr add 10.99.0.2/24 dev veth-red

This module is the kernel's side of that exercise: the learner's namespaces (each born
with a ``lo`` that is down), their links (one host-wide index each, as the kernel
numbers them), and the changes iproute2 asks for, refused with iproute2's own words
where the kernel refuses (observed with iproute2 6.1 on the lab machine):

=========================================  ==========================================  ====
mistake                                    message                                     exit
=========================================  ==========================================  ====
``ip netns add`` of an existing name       ``Cannot create namespace file "/run/netns/    1
                                           N": File exists``
``ip netns delete``/``exec`` of a missing  ``Cannot remove namespace file ...: No such     1/255
name                                       file or directory`` / ``Cannot open network
                                           namespace "N": No such file or directory``
a device that does not exist               ``Cannot find device "X"``                  1
``ip link add`` of a name in use           ``RTNETLINK answers: File exists``          2
``ip link set X netns N``, N missing       ``Error: argument "N" is wrong: Invalid     255
                                           "netns" value``
an address given twice                     ``Error: ipv4: Address already assigned.``  2
a route given twice                        ``RTNETLINK answers: File exists``          2
=========================================  ==========================================  ====

The links of the host's own namespace join the host's ``ip addr`` (:class:`Host`
lists them) and the snapshot carries each namespace (``Topology.netns``), which
:mod:`coursekit.backends.sim.userland.iptools.netns` prints; the command lines are
parsed by :mod:`coursekit.backends.sim.netns_ip`. Docker's own links are not the
learner's to change here: those changes answer one ``coursekit:`` line and do not run.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field

from coursekit.models import Interface, InterfaceKind, Netns
from coursekit.result import CommandResult

NOTE = "coursekit: {what} is not simulated on the simulated host; the command did not run\n"
ROOT = ""
"""The host's own namespace, as :attr:`HandLink.ns` names it."""


def fail(message: str, code: int) -> CommandResult:
    """iproute2's refusal: one line on stderr and its exit code."""
    return CommandResult(stderr=message + "\n", exit_code=code)


def not_simulated(what: str) -> CommandResult:
    """The lab's one line for what it does not model (nothing changes, exit 1)."""
    return CommandResult(stderr=NOTE.format(what=what), exit_code=1)


def hand_mac(name: str, index: int) -> str:
    """A random-looking, locally administered MAC, fixed by the link's name and index."""
    digest = hashlib.sha256(f"{name}/{index}".encode()).digest()
    octets = [(digest[0] & 0xFC) | 0x02, *digest[1:6]]
    return ":".join(f"{o:02x}" for o in octets)


@dataclass
class HandLink:
    """One link the learner made: a veth end, a bridge, or a namespace's ``lo``."""

    index: int
    name: str
    kind: str
    mac: str
    ns: str = ROOT
    up: bool = False
    master: str | None = None
    peer: HandLink | None = None
    ipv4: list[str] = field(default_factory=list)
    ported: bool = False
    """A bridge that has had a port: from then on its carrier follows its ports (before, it
    has carrier and iproute2 shows ``state UNKNOWN``)."""


@dataclass(frozen=True)
class HandRoute:
    """A route the learner added in a namespace: ``DEST via GW dev DEV`` or ``DEST dev DEV``."""

    dest: str
    dev: str
    gateway: str = ""


class HandNet:
    """The learner's namespaces (newest first, as ``ip netns list`` reads them) and links."""

    def __init__(self, take_index: Callable[[], int],
                 host_names: Callable[[], set[str]]) -> None:
        self.take_index = take_index
        self.host_names = host_names
        """The names of the host's own links (Docker's, the NIC): not the learner's."""
        self.namespaces: list[str] = []
        self.links: list[HandLink] = []
        self.routes: dict[str, list[HandRoute]] = {}

    def find(self, name: str, ns: str) -> HandLink | None:
        """The learner's link called ``name`` in namespace ``ns``, or None."""
        return next((k for k in self.links if k.name == name and k.ns == ns), None)

    def in_ns(self, ns: str) -> list[HandLink]:
        """The links of one namespace, in index order (``lo`` first)."""
        return sorted((k for k in self.links if k.ns == ns), key=lambda k: (k.kind != "loopback",
                                                                          k.index))

    def add_namespace(self, name: str) -> CommandResult:
        """``ip netns add NAME``: a new namespace with its own ``lo`` (down)."""
        if name in self.namespaces:
            return fail(f'Cannot create namespace file "/run/netns/{name}": File exists', 1)
        self.namespaces.insert(0, name)
        self.links.append(HandLink(1, "lo", "loopback", "00:00:00:00:00:00", ns=name))
        self.routes[name] = []
        return CommandResult()

    def delete_namespace(self, name: str) -> CommandResult:
        """``ip netns delete NAME``: its links go, and with a veth end its peer."""
        if name not in self.namespaces:
            return fail(f'Cannot remove namespace file "/run/netns/{name}": '
                        "No such file or directory", 1)
        self.namespaces.remove(name)
        for link in [k for k in self.links if k.ns == name]:
            self.remove(link)
        self.routes.pop(name, None)
        return CommandResult()

    def add_link(self, name: str, kind: str, ns: str, peer: str | None) -> CommandResult:
        """``ip link add NAME type bridge`` or ``... type veth peer name PEER``."""
        if self.find(name, ns) is not None or (peer and self.find(peer, ns)) or name == peer:
            return fail("RTNETLINK answers: File exists", 2)
        index = self.take_index()
        link = HandLink(index, name, kind, hand_mac(name, index), ns=ns)
        self.links.append(link)
        if peer is not None:
            other_index = self.take_index()
            other = HandLink(other_index, peer, kind, hand_mac(peer, other_index), ns=ns,
                             peer=link)
            link.peer = other
            self.links.append(other)
        return CommandResult()

    def remove(self, link: HandLink) -> None:
        """Delete a link: a veth's peer goes too; a bridge's ports are released."""
        for gone in (link, link.peer):
            if gone is not None and gone in self.links:
                self.links.remove(gone)
        for port in self.links:
            if link.kind == "bridge" and port.master == link.name and port.ns == link.ns:
                port.master = None

    def carrier(self, link: HandLink) -> bool:
        """A veth has carrier while its peer is up; a bridge while a port is running."""
        if link.kind == "veth":
            return link.peer is not None and link.peer.up
        if link.kind == "bridge":
            return not link.ported or any(p.up and self.carrier(p) for p in self.links
                                          if p.master == link.name and p.ns == link.ns)
        return True

    def model(self, link: HandLink) -> Interface:
        """The link as the listing tools see it (``ip addr``, ``brctl show``)."""
        running = link.up and self.carrier(link)
        mac = link.mac
        if link.kind == "bridge":  # a bridge takes the lowest MAC of its ports
            mac = min((p.mac for p in self.links if p.master == link.name
                       and p.ns == link.ns), default=link.mac)
        ipv4: tuple[str, ...] = tuple(link.ipv4)
        ipv6: tuple[str, ...] = ()
        if link.kind == "loopback":
            ipv4, ipv6 = (("127.0.0.1/8", *ipv4), ("::1/128",)) if link.up else ((), ())
        elif running:
            ipv6 = (link_local_ipv6(link.mac),)
        peer = link.peer.index if link.peer is not None else None
        beside = link.peer.name if link.peer is not None and link.peer.ns == link.ns else ""
        return Interface(index=link.index, name=link.name, kind=_kind(link.kind), mac=mac,
                         ipv4=ipv4, ipv6=ipv6, peer_index=peer, master=link.master,
                         up=link.up, carrier=self.carrier(link),
                         mtu=65536 if link.kind == "loopback" else 1500,
                         by_hand=link.kind != "loopback", peer_name=beside,
                         operstate="UNKNOWN" if link.kind == "bridge" and not link.ported
                         else "")

    def interfaces(self, ns: str) -> tuple[Interface, ...]:
        """One namespace's links as interfaces, in index order."""
        return tuple(self.model(k) for k in self.in_ns(ns))

    def views(self) -> tuple[Netns, ...]:
        """Each namespace as the snapshot carries it, newest first (``ip netns list``)."""
        ids = list(dict.fromkeys(self.peer_namespaces().values()))
        return tuple(Netns(name, self.interfaces(name),
                           tuple((r.dest, r.dev, r.gateway) for r in self.routes[name]),
                           ids.index(name) if name in ids else None)
                     for name in self.namespaces)

    def peer_namespaces(self) -> dict[int, str]:
        """Host veth index -> the learner namespace holding its peer (``link-netns N``)."""
        return {k.index: k.peer.ns for k in self.links
                if k.ns == ROOT and k.peer is not None and k.peer.ns != ROOT}


def _kind(kind: str) -> InterfaceKind:
    return "loopback" if kind == "loopback" else "bridge" if kind == "bridge" else "veth"


def link_local_ipv6(mac: str) -> str:
    """The EUI-64 link-local address the kernel derives from a MAC (``fe80::42:c2ff:...``)."""
    octets = [int(part, 16) for part in mac.split(":")]
    octets[0] ^= 0x02
    words = [
        (octets[0] << 8) | octets[1],
        (octets[2] << 8) | 0xFF,
        0xFE00 | octets[3],
        (octets[4] << 8) | octets[5],
    ]
    groups = [f"{word:x}" for word in words]
    while groups and groups[0] == "0":
        groups.pop(0)
    return "fe80::" + ":".join(groups) + "/64"


def in_subnet(address: str, cidrs: list[str]) -> bool:
    """Whether ``address`` lies in one of the connected subnets ``cidrs``."""
    target = ipaddress.IPv4Address(address)
    return any(target in ipaddress.IPv4Interface(c).network for c in cidrs)

