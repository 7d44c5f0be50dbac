"""Traffic counters: what a command sends and receives, interface by interface.

``ifconfig`` and ``ip -s link`` print RX/TX packet and byte counters that grow with
traffic. The userland stays a pure function of a Topology, so counting is split in two:

- :func:`flows` says what one command line (``docker exec``, a one-shot main process,
  a command on the host) moves through which interface, from the topology as it was
  when the command ran: the same walk as :mod:`reach` decides, so a ping that is lost
  counts its requests and no replies, and a ping with no route counts nothing;
- the daemon keeps the running totals (``State.traffic``, keyed by :data:`Key`) and the
  snapshot carries them as ``Interface.traffic`` (:func:`apply`), which the listing
  tools add to each interface's baseline (:mod:`iptools.ifaces`).

What is counted, per packet: an ICMP echo is its payload plus 8 (ICMP), 20 (IPv4) and
14 (Ethernet) bytes, 98 for busybox's default 56; a reply the same. On ``lo`` (a
container's own addresses, 127.0.0.1) every packet is both sent and received, without
the Ethernet header. A ``wget`` that gets a page is a small TCP exchange: 5 packets
each way (:data:`TCP_OUT`, :data:`TCP_IN`), the page's bytes on the way in. The
answering container counts the mirror image on its interface; the host's end of a
veth pair mirrors the container's end (what one sends the other receives); traffic
that leaves through the uplink counts on the host's NIC. ARP, DNS and IPv6 chatter
are not counted. Keys carry the namespace's start time, so a restarted container
starts again from its baseline.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping
from dataclasses import replace

from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.argv import Parsed, getopt, number
from coursekit.backends.sim.userland.http.fetch import fetch, parse_url
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    Site,
    find_container,
    ifname_of,
    namespace_of,
    namespaces,
    network_of,
    nic,
)
from coursekit.backends.sim.userland.reach import ABSENT, LOST, REPLY, Trace, egress, trace_from
from coursekit.models import Container, Interface, Topology

Key = tuple[str, str, str]
"""(namespace owner's id or ``host``, its start time, interface name)."""
Counts = tuple[int, int, int, int]
"""RX packets, RX bytes, TX packets, TX bytes."""
Flow = tuple[Key, Counts]
PING_COUNT = 4
TCP_OUT = (5, 5 * 66 + 120)
TCP_IN = (5, 5 * 66 + 180)
SHELLS = ("sh", "ash", "bash")


def flows(topology: Topology, container_id: str | None,
          argv: tuple[str, ...]) -> tuple[Flow, ...]:
    """The counter changes one command line makes (``container_id`` None: on the host)."""
    container = find_container(topology, container_id) if container_id else None
    if container_id is not None and container is None:
        return ()
    ns = namespace_of(topology, container)
    found: list[Flow] = []
    for words in _commands(list(argv)):
        program = words[0].rpartition("/")[2]
        if program == "ping":
            found += _ping(topology, container_id, ns, words[1:])
        elif program == "wget":
            found += _wget(topology, container, ns, words[1:])
    return tuple(found)


def _commands(argv: list[str]) -> Iterator[list[str]]:
    """The simple commands of ARGV, looking into ``sh -c 'LINE'``."""
    if len(argv) >= 3 and argv[0].rpartition("/")[2] in SHELLS and argv[1] == "-c":
        try:
            lexer = shlex.shlex(argv[2], posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:
            return
        words: list[str] = []
        for token in [*tokens, ";"]:
            if set(token) <= set(";&|"):
                if words:
                    yield words
                words = []
            else:
                words.append(token)
    elif argv:
        yield argv[1:] if argv[0].rpartition("/")[2] == "busybox" and argv[1:] else argv


def _ping(topology: Topology, ref: str | None, ns: Namespace, args: list[str]) -> list[Flow]:
    parsed = getopt(args, "qA46n", "cWwsitIp")
    if not isinstance(parsed, Parsed) or len(parsed.operands) != 1:
        return []
    count = number(parsed.value("c"), 0) or number(parsed.value("w"), 0) or PING_COUNT
    size = number(parsed.value("s"), 56)
    ip = dns.resolve(topology, ref, parsed.operands[0])
    if size is None or ip is None or ":" in ip:
        return []
    path = trace_from(topology, ns, ip)
    frame = size + 42
    replies = count if path.outcome == REPLY else 0
    return _exchange(topology, ns, ip, path, (count, count * frame),
                     (replies, replies * frame))


def _wget(topology: Topology, container: Container | None, ns: Namespace,
          args: list[str]) -> list[Flow]:
    urls = [a for a in args if "://" in a or not a.startswith("-")]
    url = parse_url(urls[-1]) if urls else None
    if url is None:
        return []
    got = fetch(Site(topology, container, ns), url)
    if got.ip is None or got.conn is None or got.conn.outcome != "open":
        return []
    body = got.response.size if got.response is not None else 0
    path = trace_from(topology, ns, got.ip)
    return _exchange(topology, ns, got.ip, path, TCP_OUT, (TCP_IN[0], TCP_IN[1] + body))


def _exchange(topology: Topology, ns: Namespace, dst: str, path: Trace,
              sent: tuple[int, int], back: tuple[int, int]) -> list[Flow]:
    """Both sides' counters for ``sent`` going out and ``back`` coming in."""
    if path.outcome not in (REPLY, LOST, ABSENT) or not sent[0]:
        return []
    if path.hop == "loopback":
        total = (sent[0] + back[0], sent[1] + back[1] - 14 * (sent[0] + back[0]))
        return [(_key(topology, ns, "lo"), (*total, *total))]
    out = [(_key(topology, ns, _out_dev(topology, ns, dst)), (*back, *sent))]
    if path.target is not None and not path.target.is_host and back[0]:
        dev = _in_dev(topology, path.target, ns, dst)
        out.append((_key(topology, path.target, dev), (*sent, *back)))
    if path.hop in ("lan", "wan") and not ns.is_host:
        card = nic(topology)
        if card is not None:
            out.append((("host", "", card.name), (*back, *sent)))
    return out


def _out_dev(topology: Topology, ns: Namespace, dst: str) -> str:
    """The interface a packet to ``dst`` leaves ``ns`` through."""
    if ns.is_host:
        for net in topology.networks:
            if net.bridge and dst in {m.ipv4.split("/")[0] for m in net.members}:
                return net.bridge
        card = nic(topology)
        return card.name if card is not None else "lo"
    ep = egress(topology, ns, dst)
    return ifname_of(ns, topology, ep) if ep is not None else "lo"


def _in_dev(topology: Topology, target: Namespace, sender: Namespace, dst: str) -> str:
    """The interface of ``target`` holding ``dst`` (or facing the sender)."""
    for ep in target.endpoints:
        if ep.ip == dst:
            return ifname_of(target, topology, ep)
    shared = {ep.network_id for ep in sender.endpoints}
    for ep in target.endpoints:
        net = network_of(topology, ep)
        if net is not None and net.id in shared:
            return ifname_of(target, topology, ep)
    return ifname_of(target, topology, target.endpoints[0]) if target.endpoints else "lo"


def _key(topology: Topology, ns: Namespace, dev: str) -> Key:
    if ns.owner is None:
        return ("host", "", dev)
    return (ns.owner.id, ns.owner.started_at, dev)


def add(table: dict[Key, Counts], found: tuple[Flow, ...]) -> None:
    """Add a command's flows to the daemon's running totals."""
    for key, counts in found:
        old = table.get(key, (0, 0, 0, 0))
        table[key] = (old[0] + counts[0], old[1] + counts[1], old[2] + counts[2],
                      old[3] + counts[3])


def apply(topology: Topology, table: Mapping[Key, Counts]) -> Topology:
    """The topology with each interface's ``traffic`` taken from the totals."""
    if not table:
        return topology
    by_peer: dict[int, Counts] = {}
    containers = []
    spaces = namespaces(topology)
    for c in topology.containers:
        ns = spaces[c.id] if c.interfaces else None
        ifaces = tuple(_counted(topology, ns, i, table) for i in c.interfaces) if ns else ()
        for iface in ifaces if ns is not None and not ns.is_host else ():
            if iface.peer_index is not None and iface.kind == "veth":
                by_peer[iface.peer_index] = iface.traffic
        changed = ns is not None and any(a is not b for a, b in zip(ifaces, c.interfaces,
                                                                          strict=True))
        containers.append(replace(c, interfaces=ifaces) if changed else c)
    host = tuple(_host_iface(i, table, by_peer) for i in topology.host_interfaces)
    on_host = {c.id for c in topology.containers
               if c.interfaces and spaces[c.id].is_host}  # they see the host's
    containers = [replace(c, interfaces=host) if c.id in on_host else c for c in containers]
    return replace(topology, containers=tuple(containers), host_interfaces=host)


def _counted(topology: Topology, ns: Namespace, iface: Interface,
             table: Mapping[Key, Counts]) -> Interface:
    counts = table.get(_key(topology, ns, iface.name))
    return iface if counts is None else replace(iface, traffic=counts)


def _host_iface(iface: Interface, table: Mapping[Key, Counts],
                by_peer: Mapping[int, Counts]) -> Interface:
    """A host interface: its own totals, or the mirror of its veth peer's."""
    mirrored = by_peer.get(iface.index) if iface.kind == "veth" else None
    if mirrored is not None:
        return replace(iface, traffic=(mirrored[2], mirrored[3], mirrored[0], mirrored[1]))
    counts = table.get(("host", "", iface.name))
    return iface if counts is None else replace(iface, traffic=counts)

