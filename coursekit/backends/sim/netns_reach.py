"""Whether a ping crosses the links a learner built by hand (``ip netns``, veths, bridges).

A pure walk over the snapshot's view of those links (``Topology.netns`` and the learner's
links of the host's namespace), as the kernel decides it (observed with iputils 20221126
and iproute2 6.1 in namespaces the tests made):

1. ``127.0.0.0/8`` and the sender's own addresses answer over ``lo``, and only while
   ``lo`` is up (``lo`` down: 100% packet loss). An address of a link that is down has
   no local route any more.
2. Otherwise the sender's table decides: a connected route per addressed link that is up
   (kept while the link has no carrier, as ``linkdown``), then the learner's
   ``ip route add`` routes over such links, longest prefix first. No route:
   ``ping: connect: Network is unreachable`` (exit 2).
3. The next hop (the gateway of the route, else the address itself) must sit on the
   segment the out link reaches: a veth hands frames to its peer while both are up; a
   port hands them to its bridge while both are up, and the bridge to its ports that are
   up. The namespace whose link on that segment holds the next hop answers; nobody
   holding it: ARP fails (``Destination Host Unreachable`` after about 3 s).
4. Past a gateway only the host's namespace forwards (a new namespace has
   ``ip_forward`` 0); the answer then needs a way back to the sender's address.

5. A frame bridged by a bridge of the host's namespace between two other namespaces, or
   a packet the host routes between two of them, passes the host's ``filter FORWARD``
   chain (``br_netfilter`` is loaded and ``bridge-nf-call-iptables`` is 1, observed on
   this machine): Docker's ``-P FORWARD DROP`` drops the by-hand exercise's ping (observed
   in a namespace with that policy) until a rule accepts it, such as ``iptables -I
   DOCKER-USER -i br0 -o br0 -j ACCEPT``. The answer passes it too, the other way.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from coursekit.backends.sim.netfilter.match import Packet
from coursekit.backends.sim.netfilter.walk import verdict
from coursekit.models import Interface, Netns, Topology

ROOT = ""
"""The host's own namespace."""
REPLY, LOST, ABSENT, NO_ROUTE = "reply", "lost", "absent", "no route"


@dataclass(frozen=True)
class Reach:
    """A ping's fate: its outcome, the sender's source address and the reply's TTL."""

    outcome: str
    source: str = ""
    ttl: int = 64
    hop: str = "bridge"


@dataclass(frozen=True)
class Links:
    """The learner's namespaces and the host's links, as one table of (namespace, link)."""

    spaces: tuple[Netns, ...]
    root: tuple[Interface, ...]
    topology: Topology | None = None
    """The snapshot, whose host rules decide what the host forwards (None: no rules)."""

    @staticmethod
    def of(topology: Topology) -> Links:
        """The view of a snapshot: its namespaces and the host's interfaces."""
        return Links(topology.netns, topology.host_interfaces, topology)

    def names(self) -> list[str]:
        return [ns.name for ns in self.spaces]

    def in_ns(self, ns: str) -> tuple[Interface, ...]:
        if ns == ROOT:
            return self.root
        return next((n.interfaces for n in self.spaces if n.name == ns), ())

    def routes(self, ns: str) -> tuple[tuple[str, str, str], ...]:
        return next((n.routes for n in self.spaces if n.name == ns), ())

    def by_index(self, index: int | None) -> tuple[str, Interface] | None:
        for ns in (ROOT, *self.names()):
            for link in self.in_ns(ns):
                if link.index == index:
                    return ns, link
        return None


def _holds(link: Interface, address: str) -> bool:
    return any(c.split("/")[0] == address for c in link.ipv4)


def _lo_up(links: Links, ns: str) -> bool:
    return ns == ROOT or any(k.kind == "loopback" and k.up for k in links.in_ns(ns))


def is_local(links: Links, ns: str, dst: str) -> bool:
    """Whether ``dst`` is the namespace's own: loopback, or an address of a link that is up."""
    if ipaddress.IPv4Address(dst).is_loopback:
        return True
    return any(k.up and _holds(k, dst) for k in links.in_ns(ns) if k.kind != "loopback")


def route(links: Links, ns: str, dst: str) -> tuple[Interface, str] | None:
    """The out link and next hop for ``dst`` in ``ns`` (longest prefix), or None."""
    target = ipaddress.IPv4Address(dst)
    table: list[tuple[int, Interface, str]] = []
    up = {k.name: k for k in links.in_ns(ns) if k.up and k.kind != "loopback"}
    for link in up.values():
        for cidr in link.ipv4:
            net = ipaddress.IPv4Interface(cidr).network
            if target in net:
                table.append((net.prefixlen, link, dst))
    for dest, dev, gateway in links.routes(ns):
        net = ipaddress.IPv4Network("0.0.0.0/0" if dest == "default" else dest, strict=False)
        if dev in up and target in net:
            table.append((net.prefixlen, up[dev], gateway or dst))
    if not table:
        return None
    best = max(table, key=lambda row: row[0])
    return best[1], best[2]


def segment(links: Links, ns: str, out: Interface) -> list[tuple[str, Interface]]:
    """The (namespace, link) pairs a frame sent on ``out`` reaches (see the module's text)."""
    seen: set[int] = {out.index}
    found: list[tuple[str, Interface]] = []
    todo = _far_side(links, ns, out)
    while todo:
        where, link = todo.pop(0)
        if link.index in seen or not link.up:
            continue
        seen.add(link.index)
        if link.master is None:
            found.append((where, link))
            todo += _far_side(links, where, link) if link.kind == "bridge" else []
            continue
        bridge = next((k for k in links.in_ns(where) if k.name == link.master), None)
        if bridge is not None:
            todo.append((where, bridge))
    return found


def _far_side(links: Links, ns: str, link: Interface) -> list[tuple[str, Interface]]:
    """Where ``link`` hands a frame: a veth to its peer, a bridge to its ports' peers."""
    if link.kind == "veth":
        peer = links.by_index(link.peer_index)
        return [peer] if peer is not None else []
    if link.kind != "bridge" or not link.up:
        return []
    sides: list[tuple[str, Interface]] = []
    for port in links.in_ns(ns):
        if port.master == link.name and port.up:
            sides += _far_side(links, ns, port)
    return sides


def _neighbour(links: Links, ns: str, out: Interface, hop: str) -> str | None:
    """The namespace whose link on ``out``'s segment holds ``hop``, or None."""
    if not out.up:
        return None
    return next((where for where, link in segment(links, ns, out) if _holds(link, hop)), None)


def _source(out: Interface, dst: str) -> str:
    """The sender's address on ``out``: one in ``dst``'s subnet, else the first."""
    target = ipaddress.IPv4Address(dst)
    for cidr in out.ipv4:
        if target in ipaddress.IPv4Interface(cidr).network:
            return cidr.split("/")[0]
    return out.ipv4[0].split("/")[0] if out.ipv4 else ""


def deliver(links: Links, ns: str, dst: str, hops: int = 4) -> tuple[str | None, int]:
    """The namespace a packet from ``ns`` to ``dst`` ends in (None: lost) and routers passed."""
    if is_local(links, ns, dst):
        return (ns if _lo_up(links, ns) else None), 0
    found = route(links, ns, dst)
    if found is None or hops == 0:
        return None, 0
    there = _neighbour(links, ns, *found)
    if there is None or is_local(links, there, dst):
        return there, 0
    if there != ROOT:  # a learner's namespace does not forward (ip_forward is 0)
        return None, 0
    end, routers = deliver(links, there, dst, hops - 1)
    return end, routers + 1


def ping(links: Links, ns: str, dst: str) -> Reach:
    """A ping from namespace ``ns`` (ROOT: the host) to ``dst``: its fate."""
    if is_local(links, ns, dst):
        return Reach(REPLY if _lo_up(links, ns) else LOST, dst, 64, "loopback")
    found = route(links, ns, dst)
    if found is None:
        return Reach(NO_ROUTE)
    out, hop = found
    source = _source(out, hop)
    if _neighbour(links, ns, out, hop) is None:
        return Reach(ABSENT, source)
    end, routers = deliver(links, ns, dst)
    back, _ = deliver(links, end, source) if end is not None else (None, 0)
    if back == ns and end is not None and not forwarded(links, ns, out, hop, end, source, dst):
        return Reach(LOST, source, 64 - routers)
    return Reach(REPLY if back == ns else LOST, source, 64 - routers)


def forwarded(links: Links, ns: str, out: Interface, hop: str, end: str, src: str,
              dst: str) -> bool:
    """Whether the host's FORWARD chain lets the packet and its answer through (True when
    the host does not forward it: it sends or answers it itself)."""
    if links.topology is None or ROOT in (ns, end):
        return True
    reached = segment(links, ns, out)
    bridge = next((link.name for where, link in reached
                   if where == ROOT and link.kind == "bridge"), None)
    holder = next((where for where, link in reached if _holds(link, hop)), None)
    if bridge is not None and holder == end:
        iif = oif = bridge
    else:
        ahead = route(links, ROOT, dst)
        into = next((link.name for where, link in reached
                     if where == ROOT and _holds(link, hop)), "")
        iif, oif = into, ahead[0].name if ahead else ""
    ask = verdict(links.topology, "filter", "FORWARD", Packet(src, dst, iif, oif))
    answer = Packet(dst, src, oif, iif, state="ESTABLISHED")
    return ask.target == "ACCEPT" and verdict(
        links.topology, "filter", "FORWARD", answer).target == "ACCEPT"


def reaches(topology: Topology, sender: str, dst: str) -> bool:
    """Whether ``ip netns exec SENDER ping -c 1 DST`` gets a reply (for a lab task)."""
    links = Links.of(topology)
    return sender in links.names() and ping(links, sender, dst).outcome == REPLY
