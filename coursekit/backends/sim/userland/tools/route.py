"""The routing table as busybox ``route``, ``ip route get`` and ``/proc/net/route`` print it.

The table itself comes from :mod:`coursekit.backends.sim.userland.routes` (one connected
route per attached network, a default route through the first network's gateway); here
it is only printed. ``route`` names the default destination ``default`` and a missing
gateway ``*``; ``route -n`` prints ``0.0.0.0`` for both. ``/proc/net/route`` is the
kernel's own view: addresses in hexadecimal, in the machine's (little-endian) byte order,
so 172.17.0.1 reads ``010011AC``, every line padded with spaces to 127 characters.
``ip route get ADDR`` answers which route a packet to ADDR would take.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.routes import Route, container_routes, host_routes
from coursekit.backends.sim.userland.usage import BANNER
from coursekit.result import CommandResult

ROUTE_HEAD = ("Kernel IP routing table\nDestination     Gateway         Genmask         "
              "Flags Metric Ref    Use Iface\n")
PROC_HEAD = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
RTF_UP, RTF_GATEWAY = 0x1, 0x2
ROUTE_USAGE = ("Usage: route [-ne] [-A inet[6]] [{add|del} [-net|-host] TARGET [netmask MASK]\n"
               "\t[gw GATEWAY] [metric N] [mss BYTES] [window BYTES] [reject] [IFACE]]\n\n"
               "Show or edit kernel routing tables\n\n\t-n\tDon't resolve names\n"
               "\t-e\tDisplay other/more information\n\t-A inet[6]\tSelect address family\n")
NETSTAT_HEAD = ("Kernel IP routing table\nDestination     Gateway         Genmask         "
                "Flags   MSS Window  irtt Iface\n")


def table(where: Site) -> list[Route]:
    """The routes of the namespace the command runs in."""
    if where.ns.is_host:
        return host_routes(where.topology)
    return container_routes(where.topology, where.ns)


def _mask(route: Route) -> str:
    if route.dest == "default":
        return "0.0.0.0"
    return str(ipaddress.IPv4Network(route.dest).netmask)


def _dest(route: Route) -> str:
    return "0.0.0.0" if route.dest == "default" else route.dest.split("/")[0]


def netstat_r(where: Site, numeric: bool) -> CommandResult:
    """busybox ``netstat -r[n]``: the same table with ``MSS Window irtt`` columns."""
    rows = "".join(f"{_route_row(r, numeric)[:54]}{0:>5} {0:<5} {0:>6} {r.dev}\n"
                   for r in table(where))
    return CommandResult(NETSTAT_HEAD + rows)


def route(where: Site, args: list[str]) -> CommandResult:
    """busybox ``route [-n]``; changing the table is refused (no ``CAP_NET_ADMIN``)."""
    flags = "".join(a.lstrip("-") for a in args if a.startswith("-"))
    operands = [a for a in args if not a.startswith("-")]
    bad = [f for f in flags if f not in "ne"]
    if bad:
        return CommandResult(stderr=f"route: invalid option -- '{bad[0]}'\n{BANNER}"
                                    f"{ROUTE_USAGE}", exit_code=1)
    if operands:
        return CommandResult(stderr="route: SIOCADDRT: Operation not permitted\n", exit_code=1)
    if "e" in flags:  # the other layout: MSS, Window, irtt (what netstat -r prints)
        return netstat_r(where, numeric="n" in flags)
    return CommandResult(ROUTE_HEAD + "".join(_route_row(r, "n" in flags) for r in table(where)))


def _route_row(r: Route, numeric: bool) -> str:
    dest = _dest(r) if numeric or r.dest != "default" else "default"
    gateway = r.gateway or ("0.0.0.0" if numeric else "*")
    flags = "UG" if r.gateway else "U"
    return f"{dest:<15.15} {gateway:<15.15} {_mask(r):<16}{flags:<6}{0:<6} {0:<2} {0:>7} {r.dev}\n"


def _hex(address: str) -> str:
    """An IPv4 address as the kernel prints it on a little-endian machine."""
    return f"{int.from_bytes(ipaddress.IPv4Address(address).packed, 'little'):08X}"


def proc_net_route(where: Site) -> str:
    """``/proc/net/route``."""
    lines = [PROC_HEAD]
    for r in table(where):
        flags = RTF_UP | (RTF_GATEWAY if r.gateway else 0)
        lines.append(f"{r.dev}\t{_hex(_dest(r))}\t{_hex(r.gateway or '0.0.0.0')}\t{flags:04X}"
                     f"\t0\t0\t0\t{_hex(_mask(r))}\t0\t0\t0")
    return "".join(f"{line:<127}\n" for line in lines)


def route_get(where: Site, address: str) -> CommandResult:
    """busybox ``ip route get ADDR``: the route a packet to ADDR takes."""
    try:
        target = ipaddress.IPv4Address(address)
    except ValueError:
        return CommandResult(stderr=f"ip: an inet address is expected rather than "
                                    f'"{address}"\n', exit_code=1)
    if target.is_loopback:
        return CommandResult(f"local {address} dev lo  src 127.0.0.1 \n")
    chosen = lookup(table(where), target)
    if chosen is None:
        return CommandResult(stderr="ip: RTNETLINK answers: Network is unreachable\n",
                             exit_code=2)
    via = f"via {chosen.gateway} " if chosen.gateway else ""
    return CommandResult(f"{address} {via}dev {chosen.dev}  src {_source(where, chosen)} \n")


def lookup(routes: list[Route], target: ipaddress.IPv4Address) -> Route | None:
    """The longest matching prefix (the default route matches everything)."""
    best: tuple[int, Route] | None = None
    for r in routes:
        net = ipaddress.IPv4Network("0.0.0.0/0" if r.dest == "default" else r.dest)
        if target in net and (best is None or net.prefixlen > best[0]):
            best = (net.prefixlen, r)
    return None if best is None else best[1]


def _source(where: Site, chosen: Route) -> str:
    """The address a packet leaves with: the one on the outgoing device."""
    if chosen.src:
        return chosen.src
    for r in table(where):
        if r.dev == chosen.dev and r.src:
            return r.src
    return ""
