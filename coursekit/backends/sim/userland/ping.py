"""``ping``: busybox's in containers, iputils' on the host, with deterministic timings.

The outcome of each ping is :func:`reach.trace_from`'s; only the wording differs:

- busybox: ``PING web (172.18.0.3): 56 data bytes`` / ``64 bytes from 172.18.0.3:
  seq=0 ttl=64 time=0.225 ms`` / ``round-trip min/avg/max``; no route:
  ``ping: sendto: Network is unreachable``; unknown name: ``ping: bad address 'x'``.
- iputils: ``PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.`` / ``icmp_seq=1`` /
  ``rtt min/avg/max/mdev``; unknown name: ``ping: x: Name or service not known`` (2);
  an empty address on a bridge: ``Destination Host Unreachable``.

Round-trip times are not measured: each hop kind has a fixed base (loopback 0.045 ms,
host 0.070, bridge 0.085, LAN 0.420, the simulated internet 11.800), the first packet
pays for ARP, and later ones vary by a few microseconds following the sequence number.
Replies carry the TTL their sender set less one per router passed: 64 from the machine
itself, 63 from the LAN router seen from a container (the host routed it), and 56 from
a public host (eight routers away), 55 in a container.

IPv6 (observed on both engines, tests/golden/*/19-ipv6-names.json): ``ping6 ADDR`` and
``ping -6 ADDR`` (``ping ADDR`` too for an IPv6 literal) reach the containers of an
``--ipv6`` network the sender is on and its own addresses (``::1`` and its ``fd00::``
ones); nobody else answers (another network's addresses, an empty one, and the
gateway ``fd00::1``, which the observed machines' host did not answer either): 100%
packet loss. A sender without an IPv6 route gets ``sendto: Network is unreachable``,
or on a stack without any IPv6 address (20.10's containers off IPv6 networks: no
``::1`` either) ``sendto: Cannot assign requested address``. A name: ``-6`` asks
/etc/hosts then the embedded DNS for an IPv6 address, ``-4`` for an IPv4 one, and
neither picks the IPv6 address when the embedded DNS has one (``ping b6``: fd00::42),
else IPv4 (``ping localhost``: 127.0.0.1 from /etc/hosts). ``ping6`` words its errors
``ping6: ...``.

A ping without ``-c`` (or ``-w``) would run until Ctrl-C; the simulator stops it after
:data:`DEFAULT_COUNT` packets and says so on stderr.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from coursekit.backends.sim.host import public_host
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.argv import OptError, Parsed, getopt, number
from coursekit.backends.sim.userland.namespace import (
    Site,
    container_label,
    interfaces_of,
    network_of,
)
from coursekit.backends.sim.userland.reach import ABSENT, LOST, NO_ROUTE, REPLY, Trace, trace_from
from coursekit.backends.sim.userland.usage import die, usage
from coursekit.result import CommandResult

DEFAULT_COUNT = 4
NOTE = (f"coursekit: ping without -c runs until Ctrl-C; the simulator stopped it after "
        f"{DEFAULT_COUNT} packets\n")
BASE_US = {"loopback": 45, "host": 70, "bridge": 85, "lan": 420, "wan": 11800}
FIRST_US = {"loopback": 0, "host": 90, "bridge": 140, "lan": 300, "wan": 650}
REMOTE_TTL = {"lan": 64, "wan": 56}


def rtt_us(hop: str, seq: int) -> int:
    """Round-trip time in microseconds of packet ``seq`` (0-based) over ``hop``."""
    return BASE_US.get(hop, 85) + (FIRST_US.get(hop, 0) if seq == 0 else 0) + (seq * 7 % 5) * 4


def ms(us: int) -> str:
    """Microseconds as ``0.085`` (milliseconds, three decimals)."""
    return f"{us // 1000}.{us % 1000:03d}"


@dataclass(frozen=True)
class Plan:
    """What to ping and how: the host as typed, packets, payload size, -q, stderr note."""

    host: str
    count: int
    size: int
    quiet: bool
    note: str


def _plan(parsed: Parsed) -> Plan | None:
    """The plan from -c / -w / -s / -q; None for an invalid number."""
    count = number(parsed.value("c"), 0)
    deadline = number(parsed.value("w"), 0)
    size = number(parsed.value("s"), 56)
    if count is None or deadline is None or size is None:
        return None
    note = "" if count or deadline else NOTE
    packets = count or deadline or DEFAULT_COUNT
    return Plan(parsed.operands[-1], packets, size, parsed.flag("q"), note)


def _address(where: Site, host: str, family: int = 4) -> str | None:
    """The address of ``family`` ``host`` resolves to for this site, or None."""
    ip = dns.resolve(where.topology, where.ref, host, family)
    return None if ip is None or (":" in ip) != (family == 6) else ip


def _busybox_address(where: Site, parsed: Parsed, prog: str) -> str | None:
    """busybox's choice of family: ``ping6``/``-6`` IPv6, ``-4`` IPv4, else the embedded
    DNS's IPv6 answer first (an IPv6 literal as typed), then IPv4."""
    host = parsed.operands[-1]
    if prog == "ping6" or parsed.flag("6"):
        return _address(where, host, 6)
    if parsed.flag("4"):
        return _address(where, host, 4)
    if ":" in host or (dns.hosts_lookup(dns.hosts_file(where.topology, where.ref), host)
                       is None and where.ns.owner is not None):
        found = _address(where, host, 6)
        if found is not None:
            return found
    return _address(where, host, 4)


def busybox_ping(where: Site, args: list[str], prog: str = "ping") -> CommandResult:
    """busybox ``ping [-4|-6] [-c N] [-W S] [-w S] [-q] [-s SIZE] HOST`` (and ``ping6``)."""
    parsed = getopt(args, "qA46n", "cWwsitIp")
    if isinstance(parsed, OptError):
        return usage(prog, parsed.message)
    if len(parsed.operands) != 1:
        return usage(prog)
    plan = _plan(parsed)
    if plan is None:
        return die(prog, f"invalid number '{_bad_number(parsed)}'")
    ip = _busybox_address(where, parsed, prog)
    if ip is None:
        return die(prog, f"bad address '{plan.host}'")
    return _busybox_report(where, plan, ip, prog)


def busybox_ping6(where: Site, args: list[str]) -> CommandResult:
    """busybox ``ping6 HOST``: ``ping -6``, its errors worded ``ping6: ...``."""
    return busybox_ping(where, args, "ping6")


def trace6(where: Site, dst: str) -> Trace:
    """Where an IPv6 ping goes: the sender itself, a container of an ``--ipv6`` network
    the sender is on, or nobody (see the module's text)."""
    ns, topology = where.ns, where.topology
    if not any(i.ipv6 for i in interfaces_of(topology, ns)):
        return Trace(NO_ROUTE, "the stack has no IPv6 address", "unassigned")
    if ipaddress.IPv6Address(dst).is_loopback or dst in (ep.ipv6 for ep in ns.endpoints):
        return Trace(REPLY, f"{dst} is the sender itself", "loopback", ns)
    subnets = [net.subnet6 for ep in ns.endpoints if ep.ipv6
               and (net := network_of(topology, ep)) is not None and net.subnet6]
    if not subnets:
        return Trace(NO_ROUTE, "no IPv6 route: the container is on no --ipv6 network")
    for c in topology.containers:
        for ep in c.endpoints if c.running else ():
            if ep.ipv6 == dst and any(ep.ipv6 for own in ns.endpoints
                                      if own.network_name == ep.network_name):
                return Trace(REPLY, f"{dst} is {container_label(c)} on {ep.network_name}",
                             "bridge")
    return Trace(LOST, f"nobody answers at {dst} (another network, nobody, or the host)",
                 "bridge")


def _busybox_report(where: Site, plan: Plan, ip: str, prog: str = "ping") -> CommandResult:
    head = f"PING {plan.host} ({ip}): {plan.size} data bytes\n"
    path = trace6(where, ip) if ":" in ip else trace_from(where.topology, where.ns, ip)
    if path.outcome == NO_ROUTE:
        why = "Cannot assign requested address" if path.hop == "unassigned" else \
            "Network is unreachable"
        return CommandResult(head, f"{prog}: sendto: {why}\n", 1)
    times = _times(path, plan.count)
    lines = "" if plan.quiet else "".join(
        f"{plan.size + 8} bytes from {ip}: seq={k} ttl={_ttl(where, path)} time={ms(t)} ms\n"
        for k, t in enumerate(times))
    stats = (f"\n--- {plan.host} ping statistics ---\n{plan.count} packets transmitted, "
             f"{len(times)} packets received, {_loss(plan.count, len(times))}% packet loss\n")
    if times:
        stats += (f"round-trip min/avg/max = {ms(min(times))}/"
                  f"{ms(sum(times) // len(times))}/{ms(max(times))} ms\n")
    return CommandResult(head + lines + stats, plan.note, 0 if times else 1)


def _bad_number(parsed: Parsed) -> str:
    for key in "cws":
        text = parsed.value(key)
        if text is not None and not text.isdigit():
            return text
    return ""


def _times(path: Trace, count: int) -> list[int]:
    return [rtt_us(path.hop, k) for k in range(count)] if path.outcome == REPLY else []


def _ttl(where: Site, path: Trace) -> int:
    """The reply's TTL: the sender's, less one when the host routed it to a container."""
    remote = REMOTE_TTL.get(path.hop)
    if remote is None:
        return 64
    return remote if where.ns.is_host else remote - 1


def _loss(sent: int, received: int) -> int:
    return (sent - received) * 100 // sent if sent else 0


def iputils_ping(where: Site, args: list[str]) -> CommandResult:
    """iputils ``ping [-c N] [-W S] [-w S] [-q] [-s SIZE] HOST`` on the host."""
    parsed = getopt(args, "qnA46vDO", "cWwsitIpQ")
    if isinstance(parsed, OptError):
        return CommandResult(stderr=f"ping: {parsed.message}\n\nUsage\n  ping [options] "
                                 "<destination>\n", exit_code=2)
    if not parsed.operands:
        return CommandResult(stderr="ping: usage error: Destination address required\n",
                          exit_code=1)
    plan = _plan(parsed)
    if plan is None:
        return CommandResult(stderr=f"ping: invalid argument: '{_bad_number(parsed)}'\n",
                          exit_code=1)
    ip = _address(where, plan.host)
    if ip is None:
        return CommandResult(stderr=f"ping: {plan.host}: Name or service not known\n",
                          exit_code=2)
    return _iputils_report(where, plan, ip)


def _iputils_report(where: Site, plan: Plan, ip: str) -> CommandResult:
    path = trace_from(where.topology, where.ns, ip)
    times = _times(path, plan.count)
    who = ip if plan.host == ip else f"{_reverse(ip, plan.host)} ({ip})"
    lines = "".join(f"{plan.size + 8} bytes from {who}: icmp_seq={k + 1} ttl={_ttl(where, path)} "
                    f"time={ms(t)} ms\n" for k, t in enumerate(times))
    errors = f"+{plan.count} errors, " if path.outcome == ABSENT else ""
    if errors:
        gateway = _bridge_address(where, ip)
        lines += "".join(f"From {gateway} icmp_seq={k + 1} Destination Host Unreachable\n"
                         for k in range(plan.count))
    stats = (f"\n--- {plan.host} ping statistics ---\n{plan.count} packets transmitted, "
             f"{len(times)} received, {errors}{_loss(plan.count, len(times))}% packet loss, "
             f"time {(plan.count - 1) * 1001}ms\n")
    if times:
        stats += f"rtt min/avg/max/mdev = {_rtt_summary(times)} ms\n"
    head = f"PING {plan.host} ({ip}) {plan.size}({plan.size + 28}) bytes of data.\n"
    return CommandResult(head + ("" if plan.quiet else lines) + stats, plan.note,
                      0 if times else 1)


def _reverse(ip: str, typed: str) -> str:
    """The name iputils shows for a reply to a name: its PTR (the public resolvers have
    one, the documentation addresses none: the address again), else the name typed."""
    public = public_host(ip)
    if public is None:
        return typed
    return public.names[0] if public.dns and public.names else ip


def _rtt_summary(times: list[int]) -> str:
    avg = sum(times) // len(times)
    mdev = math.isqrt(max(0, sum(t * t for t in times) // len(times) - avg * avg))
    return f"{ms(min(times))}/{ms(avg)}/{ms(max(times))}/{ms(mdev)}"


def _bridge_address(where: Site, ip: str) -> str:
    """The host's address on the bridge whose subnet holds ``ip`` (ARP asks from there)."""
    addr = ipaddress.IPv4Address(ip)
    for net in where.topology.networks:
        if net.subnet and net.gateway and addr in ipaddress.IPv4Network(net.subnet, False):
            return net.gateway
    return ip
