"""The neighbour (ARP) table: ``ip neigh``, ``arp``, ``/proc/net/arp``, and how it fills.

Before a container sends an IPv4 packet to an address on its own link it asks "who has
172.18.0.3?" (ARP) and keeps the answer (the MAC) in its neighbour table; for an address
beyond the link it asks for its gateway's MAC instead. The asked side learns the asker
too, from the question. So a fresh container's table is empty; after ``ping -c 1 u3`` it
holds u3 (``REACHABLE``: its answer confirmed it), and u3's holds the pinger in ``DELAY``
(learned from the question and used for the reply, unconfirmed: the kernel probes it after
5 s, then it turns ``REACHABLE``; ``STALE`` half a minute later). Simulated time does not
pass between commands, so the simulator shows what a learner sees within those seconds.
Entries live as long as the namespace (a restarted container starts empty). Name
lookups leave traces too: ``route`` and ``arp -a`` (without ``-n``) ask the resolver for
names, and on the default bridge that resolver is beyond the gateway, so the gateway
appears in the table.

The simulator keeps, per container, the addresses its commands sent packets to
(:func:`contacts`, recorded by the backend at each ``docker exec``); both sides' tables
follow from that record. An address nobody holds would leave an ``INCOMPLETE``/``FAILED``
entry on a real machine; the simulator lists only answered ones.
"""

from __future__ import annotations

import ipaddress
import shlex
from dataclasses import dataclass
from urllib.parse import urlsplit

from coursekit.backends.sim.profiles.files import EMBEDDED_DNS
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.argv import Parsed, getopt
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    Site,
    find_container,
    namespace_of,
    network_of,
    site,
)
from coursekit.backends.sim.userland.routes import container_routes
from coursekit.backends.sim.userland.tools.route import lookup
from coursekit.backends.sim.userland.usage import BANNER
from coursekit.models import Topology
from coursekit.result import CommandResult

ARP_OPTIONS = "vnHiadsDAp"
ARP_USAGE = ("Usage: arp\n[-vn]\t[-H HWTYPE] [-i IF] -a [HOSTNAME]\n[-v]\t\t    [-i IF] -d "
             "HOSTNAME [pub]\n[-v]\t[-H HWTYPE] [-i IF] -s HOSTNAME HWADDR [temp]\n"
             "[-v]\t[-H HWTYPE] [-i IF] -s HOSTNAME HWADDR [netmask MASK] pub\n"
             "[-v]\t[-H HWTYPE] [-i IF] -Ds HOSTNAME IFACE [netmask MASK] pub\n\n"
             "Manipulate ARP cache\n\n\t-a\t\tDisplay (all) hosts\n\t-d\t\tDelete ARP entry\n"
             "\t-s\t\tSet new entry\n\t-v\t\tVerbose\n\t-n\t\tDon't resolve names\n"
             "\t-i IF\t\tNetwork interface\n\t-D\t\tRead HWADDR from IFACE\n"
             "\t-A,-p AF\tProtocol family\n\t-H HWTYPE\tHardware address type\n")
ARP_HEAD = "IP address       HW type     Flags       HW address            Mask     Device\n"
SENDERS = {"ping": ("qA46n", "cWwsitIp"), "ping6": ("qA46n", "cWwsitIp"),
           "wget": ("cqS", "OoPUYT"), "nc": ("lnuvz", "pswiWe"), "telnet": ("", "")}


@dataclass(frozen=True)
class Neighbour:
    """One entry: the address, the interface it is reached on, its MAC, its state."""

    ip: str
    dev: str
    mac: str
    state: str
    asked: bool
    """True on the side that asked (it resolved the address and uses the entry)."""


def contacts(topology: Topology, container_id: str, argv: tuple[str, ...]) -> tuple[str, ...]:
    """The IPv4 addresses a command line in the container sends packets to."""
    found: list[str] = []
    for words in _commands(list(argv)):
        target = _target(words) or _resolver_asked(topology, container_id, words)
        ip = dns.resolve(topology, container_id, target) if target else None
        if ip is not None and ":" not in ip and not ipaddress.IPv4Address(ip).is_loopback:
            found.append(ip)
    return tuple(found)


def _commands(argv: list[str]) -> list[list[str]]:
    """The simple commands of ARGV, looking into ``sh -c 'LINE'``."""
    if len(argv) >= 3 and argv[0].rpartition("/")[2] in ("sh", "ash", "bash") and \
            argv[1] == "-c":
        try:
            lexer = shlex.shlex(argv[2], posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:
            return []
        commands: list[list[str]] = [[]]
        for token in tokens:
            commands.append([]) if set(token) <= set(";&|") else commands[-1].append(token)
        return [c for c in commands if c]
    return [argv]


def _target(words: list[str]) -> str | None:
    """The host a ping, wget, nc or telnet command addresses."""
    program = words[0].rpartition("/")[2]
    if program not in SENDERS:
        return None
    parsed = getopt(words[1:], *SENDERS[program])
    if not isinstance(parsed, Parsed) or not parsed.operands or parsed.flag("l"):
        return None
    host = parsed.operands[0]
    if program == "wget":
        host = urlsplit(host if "://" in host else f"http://{host}").hostname or ""
    return host or None


def _resolver_asked(topology: Topology, container_id: str, words: list[str]) -> str | None:
    """The nameserver that ``route``/``arp`` (names wanted) or ``nslookup`` asks."""
    program = words[0].rpartition("/")[2]
    numeric = any(w.startswith("-") and "n" in w for w in words[1:])
    if program == "nslookup":
        operands = [w for w in words[1:] if not w.startswith("-")]
        return operands[1] if len(operands) > 1 else dns.nameserver(topology, container_id)
    if program == "arp" and not numeric:  # a reverse lookup per entry; unknown ones go out
        entries = table(site(topology, find_container(topology, container_id)))
        unknown = [n for n in entries if dns.reverse_lookup(topology, container_id, n.ip) is None]
        return _upstream(topology, container_id) if unknown else None
    routing = program == "route" or (program == "netstat" and any(
        w.startswith("-") and "r" in w for w in words[1:]))
    return _upstream(topology, container_id) if routing and not numeric else None


def _upstream(topology: Topology, container_id: str) -> str | None:
    """Where a reverse lookup the container cannot answer locally goes: its nameserver, or
    for 127.0.0.11 the server the embedded DNS forwards to from inside the container (20.10;
    28.5 forwards from the host's namespace, so the container sends nothing out)."""
    server = dns.nameserver(topology, container_id)
    owner = dns.files_owner(topology, container_id)
    if server != EMBEDDED_DNS or owner is None:
        return server
    return next((ip for ip, from_host in dns.forwarders(topology, owner) if not from_host), None)


def table(where: Site) -> list[Neighbour]:
    """The neighbour table of the namespace a command runs in (by address)."""
    ns = where.ns
    if ns.owner is None:
        return []
    entries = {n.ip: n for n in _learned(where.topology, ns)}
    entries.update({n.ip: n for n in _asked(where.topology, ns)})
    return sorted(entries.values(), key=lambda n: ipaddress.IPv4Address(n.ip))


def _asked(topology: Topology, ns: Namespace) -> list[Neighbour]:
    """Next hops the namespace resolved for its own packets."""
    out = []
    routes = container_routes(topology, ns)
    for member in ns.members:
        for ip in member.contacted:
            chosen = lookup(routes, ipaddress.IPv4Address(ip))
            if chosen is None:
                continue
            hop = chosen.gateway or ip
            mac = _mac_of(topology, ns, hop)
            if mac:
                out.append(Neighbour(hop, chosen.dev, mac, "REACHABLE", asked=True))
    return out


def _learned(topology: Topology, ns: Namespace) -> list[Neighbour]:
    """Other namespaces that asked for one of this namespace's addresses."""
    own = {ep.ip: ep for ep in ns.endpoints}
    out = []
    for other in topology.containers:
        theirs = namespace_of(topology, other)
        if not other.running or theirs.owner is None or theirs.key == ns.key:
            continue
        routes = container_routes(topology, theirs)
        for ip in other.contacted:
            chosen = lookup(routes, ipaddress.IPv4Address(ip))
            if chosen is None or chosen.gateway or ip not in own:
                continue
            mine = own[ip]
            for ep in theirs.endpoints:
                if ep.network_id == mine.network_id:
                    dev = _dev(topology, ns, mine.ip)
                    out.append(Neighbour(ep.ip, dev, ep.mac, "DELAY", asked=False))
    return out


def _dev(topology: Topology, ns: Namespace, ip: str) -> str:
    for r in container_routes(topology, ns):
        if r.src == ip:
            return r.dev
    return "eth0"


def _mac_of(topology: Topology, ns: Namespace, ip: str) -> str:
    """The MAC that answers for ``ip`` on the namespace's links ("" if nobody does)."""
    for ep in ns.endpoints:
        net = network_of(topology, ep)
        if net is None:
            continue
        if ip == ep.gateway and net.bridge:
            bridge = next((i for i in topology.host_interfaces if i.name == net.bridge), None)
            return bridge.mac if bridge else ""
        for member in net.members:
            if member.ipv4.split("/")[0] == ip:
                holder = find_container(topology, member.container_id)
                return member.mac if holder is not None and holder.running else ""
    return ""


def ip_neigh(where: Site) -> str:
    """busybox ``ip neigh``."""
    return "".join(f"{n.ip} dev {n.dev} lladdr {n.mac} {_counts(n)} {n.state}\n"
                   for n in table(where))


def _counts(n: Neighbour) -> str:
    return f"ref 1 used 0/0/0 probes {4 if n.asked else 0}"


def arp(where: Site, args: list[str]) -> CommandResult:
    """busybox ``arp [-vn] [-a]``: ``NAME (IP) at MAC [ether]  on eth0`` (``?``: no name)."""
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    bad = [f for f in flags if f not in ARP_OPTIONS]
    if bad:
        return CommandResult(stderr=f"arp: invalid option -- '{bad[0]}'\n{BANNER}{ARP_USAGE}",
                             exit_code=1)
    if set(flags) - set("anv") or [a for a in args if not a.startswith("-")]:
        return CommandResult(stderr="coursekit: arp other than -a, -n and -v is not "
                                    "simulated; the command did not run\n", exit_code=1)
    rows = []
    for n in table(where):
        name = None if "n" in flags else dns.reverse_lookup(where.topology, where.ref, n.ip)
        rows.append(f"{name or '?'} ({n.ip}) at {n.mac} [ether]  on {n.dev}\n")
    return CommandResult("".join(rows))


def flush(where: Site) -> CommandResult:
    """busybox ``ip neigh flush``: lists what it would flush, then the kernel says no."""
    return CommandResult(ip_neigh(where), "ip: can't send flush request: Operation not "
                                          "permitted\n", 1)


def proc_net_arp(where: Site) -> str:
    """``/proc/net/arp``: Flags 0x2 marks a complete entry."""
    return ARP_HEAD + "".join(f"{n.ip:<16} 0x1         0x2         {n.mac:<17}     *        "
                              f"{n.dev}\n" for n in table(where))
