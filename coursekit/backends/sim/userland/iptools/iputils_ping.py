"""iputils' ``ping`` over the links a learner built by hand, as iputils 20221126 prints it.

The walk is :mod:`coursekit.backends.sim.netns_reach`'s; this module words its answer
(observed under ``ip netns exec`` in namespaces the tests made):

- a reply: ``PING A (A) 56(84) bytes of data.``, ``64 bytes from A: icmp_seq=1 ttl=64
  time=0.085 ms``, the statistics and ``rtt min/avg/max/mdev`` (exit 0);
- no answer (a link down on the way, ``lo`` down for the namespace's own addresses):
  the statistics with ``100% packet loss`` and an empty line instead of the rtt line
  (exit 1);
- nobody holds the address on the segment: the same, and once ARP gave up (about 3 s
  after the packet, so not within ``-c 1 -W 1``) ``From SRC icmp_seq=N Destination Host
  Unreachable`` with ``+N errors`` (exit 1);
- no route: ``ping: connect: Network is unreachable`` (exit 2); the subnet's broadcast
  address: ``ping: Do you want to ping broadcast? ...`` (exit 2); ``-c 0``: iputils'
  range error (exit 1); no address: ``ping: usage error: Destination address required``;
- a name other than ``localhost``: the namespace cannot reach the host's resolver,
  ``ping: NAME: Temporary failure in name resolution`` (exit 2).

The host's ``ping`` (:func:`host_ping`) takes this path for an address of the learner's
links and :mod:`..ping`'s for every other. Times are :mod:`..ping`'s deterministic ones (a
veth and bridge hop, loopback for the namespace's own addresses).
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.netns_reach import (
    ABSENT,
    NO_ROUTE,
    REPLY,
    ROOT,
    Links,
    Reach,
    is_local,
    ping,
    route,
)
from coursekit.backends.sim.userland.argv import OptError, getopt
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.ping import (
    Plan,
    _bad_number,
    _loss,
    _plan,
    _rtt_summary,
    iputils_ping,
    ms,
    rtt_us,
)
from coursekit.result import CommandResult

ARP_GIVES_UP_S = 3
DEFAULT_WAIT_S = 10
BROADCAST = "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules"
RANGE = "'0': out of range: 1 <= value <= 9223372036854775807"
NOTE = "coursekit: {what} is not simulated on the simulated host; the command did not run\n"


def _fail(message: str, code: int) -> CommandResult:
    return CommandResult(stderr=f"ping: {message}\n", exit_code=code)


def netns_ping(links: Links, ns: str, args: list[str]) -> CommandResult:
    """iputils ``ping [-c N] [-W S] [-i S] [-q] [-s SIZE] HOST`` sent from namespace ``ns``."""
    parsed = getopt(args, "qnA46vDO", "cWwsitIpQ")
    if isinstance(parsed, OptError):
        return CommandResult(stderr=f"ping: {parsed.message}\n\nUsage\n  ping [options] "
                                    "<destination>\n", exit_code=2)
    if not parsed.operands:
        return _fail("usage error: Destination address required", 1)
    if parsed.value("c") == "0":
        return _fail(f"invalid argument: {RANGE}", 1)
    plan = _plan(parsed)
    if plan is None:
        return _fail(f"invalid argument: '{_bad_number(parsed)}'", 1)
    ip = _address(plan.host)
    if ip is None:
        if ":" in plan.host or parsed.flag("6"):
            return CommandResult(stderr=NOTE.format(what="IPv6 ping between namespaces"),
                                 exit_code=1)
        return _fail(f"{plan.host}: Temporary failure in name resolution", 2)
    if _is_broadcast(links, ns, ip):
        return CommandResult(stderr=BROADCAST + "\n", exit_code=2)
    wait = parsed.value("W")
    return report(plan, ip, ping(links, ns, ip),
                  int(wait) if wait and wait.isdigit() else DEFAULT_WAIT_S)


def _address(host: str) -> str | None:
    """The IPv4 address ``host`` stands for (``0.0.0.0`` is the machine itself), or None."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        return None
    return "127.0.0.1" if address.is_unspecified else str(address)


def _is_broadcast(links: Links, ns: str, ip: str) -> bool:
    """Whether ``ip`` is the broadcast address of a subnet of the namespace's links."""
    return ip == "255.255.255.255" or any(
        str(ipaddress.IPv4Interface(c).network.broadcast_address) == ip
        for link in links.in_ns(ns) if link.up for c in link.ipv4
        if ipaddress.IPv4Interface(c).network.prefixlen < 31)


def report(plan: Plan, ip: str, reach: Reach, wait: int) -> CommandResult:
    """iputils' lines for ``reach``, the fate of each of ``plan.count`` packets."""
    if reach.outcome == NO_ROUTE:
        return _fail("connect: Network is unreachable", 2)
    times = [rtt_us(reach.hop, k) for k in range(plan.count)] if reach.outcome == REPLY else []
    who = f"{plan.host} ({ip})" if plan.host == "localhost" else ip
    lines = [f"{plan.size + 8} bytes from {who}: icmp_seq={k + 1} ttl={reach.ttl} "
             f"time={ms(t)} ms\n" for k, t in enumerate(times)]
    failed = _arp_failures(plan.count, wait) if reach.outcome == ABSENT else 0
    lines += [f"From {reach.source} icmp_seq={k + 1} Destination Host Unreachable\n"
              for k in range(failed)]
    errors = f"+{failed} errors, " if failed else ""
    stats = (f"\n--- {plan.host} ping statistics ---\n{plan.count} packets transmitted, "
             f"{len(times)} received, {errors}{_loss(plan.count, len(times))}% packet loss, "
             f"time {(plan.count - 1) * 1001}ms\n")
    stats += f"rtt min/avg/max/mdev = {_rtt_summary(times)} ms\n" if times else "\n"
    head = f"PING {plan.host} ({ip}) {plan.size}({plan.size + 28}) bytes of data.\n"
    return CommandResult(head + ("" if plan.quiet else "".join(lines)) + stats, plan.note,
                         0 if times else 1)


def _arp_failures(count: int, wait: int) -> int:
    """Packets whose ARP failure (3 s after the probe began) comes before ping ends: one
    packet a second, ping ending ``wait`` seconds after the last one."""
    end = count - 1 + wait
    return sum(1 for k in range(count) if (k // ARP_GIVES_UP_S + 1) * ARP_GIVES_UP_S <= end)



def host_ping(where: Site, args: list[str]) -> CommandResult:
    """The host's ``ping``: iputils' over the learner's links when the address is theirs
    (held by one of the host's own hand-made links, or routed over one), else as before."""
    links = Links.of(where.topology)
    hand = Links(links.spaces, tuple(i for i in links.root if i.by_hand))
    ip = _target(args)
    if ip is None or not (is_local(hand, ROOT, ip) or route(hand, ROOT, ip)):
        return iputils_ping(where, args)
    return netns_ping(links, ROOT, args)


def _target(args: list[str]) -> str | None:
    """The IPv4 address a ping line names outright (not loopback, not a name), or None."""
    parsed = getopt(args, "qnA46vDO", "cWwsitIpQ")
    if isinstance(parsed, OptError) or len(parsed.operands) != 1:
        return None
    ip = _address(parsed.operands[0])
    return None if ip is None or ipaddress.IPv4Address(ip).is_loopback else ip
