"""How busybox prints interfaces and routes: ``ip addr``, ``ip link``, ``ip route``, ``ifconfig``.

Layouts copied from busybox 1.35 in a container on Docker Engine 20.10::

    18: eth0@if19: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue
        link/ether 02:42:ac:13:00:02 brd ff:ff:ff:ff:ff:ff
        inet 172.19.0.2/16 brd 172.19.255.255 scope global eth0
           valid_lft forever preferred_lft forever

Unlike iproute2, busybox ``ip`` prints no ``state``/``group`` and, for a veth whose
peer lives in another namespace, adds ``M-DOWN`` (it cannot see the peer). The header
line ends with a space unless a queue length follows (``ip -6`` leaves out the qdisc,
observed on both engines). ``ip route`` has two spaces before ``src``; ``ip -6 route``
before ``metric``. ``ifconfig`` lists up interfaces sorted by name, MACs in capitals.
"""

from __future__ import annotations

from collections.abc import Callable

from coursekit.backends.sim.userland.iptools.ifaces import (
    Counters,
    human,
    link_flags,
    qdisc,
    qlen,
    running,
    split,
    v6_scope,
)
from coursekit.backends.sim.userland.routes import Route
from coursekit.models import Interface

VALID = "       valid_lft forever preferred_lft forever"
CounterFn = Callable[[Interface], Counters]


def header(iface: Interface, family: str = "") -> str:
    """``N: name@ifM: <FLAGS> mtu M qdisc Q [master B ][qlen L]`` (no qdisc for ``-6``)."""
    flags = link_flags(iface) + (["M-DOWN"] if iface.peer_index is not None else [])
    line = f"{iface.index}: {iface.display_name}: <{','.join(flags)}> mtu {iface.mtu} "
    line += "" if family == "6" else f"qdisc {qdisc(iface)} "
    if iface.master:
        line += f"master {iface.master} "
    return line + (f"qlen {qlen(iface)}" if qlen(iface) else "")


def link_line(iface: Interface) -> str:
    """``    link/ether MAC brd ff:ff:ff:ff:ff:ff`` (or link/loopback)."""
    if iface.kind == "loopback":
        return "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
    return f"    link/ether {iface.mac} brd ff:ff:ff:ff:ff:ff"


def inet_text(iface: Interface, cidr: str) -> str:
    """``inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0`` (no indent)."""
    if iface.kind == "loopback":
        return f"inet {cidr} scope host {iface.name}"
    _, _, _, brd = split(cidr)
    if iface.by_hand:  # `ip addr add CIDR` without `brd +` sets no broadcast address
        return f"inet {cidr} scope global {iface.name}"
    return f"inet {cidr} brd {brd} scope global {iface.name}"


def inet6_text(cidr: str) -> str:
    """``inet6 fe80::1/64 scope link `` (trailing space, as printed); a global address
    Docker gave a container is added without duplicate detection: ``flags 02``."""
    scope = v6_scope(cidr)
    return f"inet6 {cidr} scope {scope} {'flags 02 ' if scope == 'global' else ''}"


def addresses(iface: Interface, family: str) -> list[str]:
    """The address texts of an interface for ``-4``, ``-6`` or both (``""``)."""
    v4 = [inet_text(iface, c) for c in iface.ipv4] if family in ("", "4") else []
    v6 = [inet6_text(c) for c in iface.ipv6] if family in ("", "6") else []
    return v4 + v6


def ip_addr(ifaces: tuple[Interface, ...], family: str = "", oneline: bool = False) -> str:
    """``ip [-4|-6] [-o] addr``: each interface with its addresses."""
    out = []
    for iface in ifaces:
        texts = addresses(iface, family)
        if family and not texts:
            continue
        if oneline:
            out += [f"{iface.index}: {iface.name}    {t}\\{VALID}" for t in texts]
            continue
        out.append(header(iface, family))
        if not family:
            out.append(link_line(iface))
        for text in texts:
            out += [f"    {text}", VALID]
    return "".join(line + "\n" for line in out)


def ip_link(ifaces: tuple[Interface, ...], oneline: bool = False) -> str:
    """``ip [-o] link``: header and link/ether line per interface."""
    sep = "\\" if oneline else "\n"
    return "".join(f"{header(i)}{sep}{link_line(i)}\n" for i in ifaces)


def ip_route(routes: list[Route]) -> str:
    """``ip route``: ``default via GW dev eth0 `` then connected subnets."""
    lines = []
    for route in routes:
        if route.gateway:
            lines.append(f"{route.dest} via {route.gateway} dev {route.dev} ")
        else:
            lines.append(f"{route.dest} dev {route.dev} scope link  src {route.src} ")
    return "".join(line + "\n" for line in lines)


def ip6_route(routes: list[Route]) -> str:
    """``ip -6 route``: ``fd00::/64 dev eth0  metric 256 ``, the default ``via`` its gateway."""
    lines = []
    for route in routes:
        via = f"via {route.gateway} " if route.gateway else ""
        kind = f"{route.src} " if route.src else ""
        lines.append(f"{kind}{route.dest} {via}dev {route.dev}  metric {route.metric} ")
    return "".join(line + "\n" for line in lines)


def ifconfig(ifaces: tuple[Interface, ...], count: CounterFn, show_all: bool = False) -> str:
    """busybox ``ifconfig [-a]``: up interfaces (all with -a), sorted by name."""
    chosen = [i for i in ifaces if show_all or i.up]
    return "".join(ifconfig_block(i, count(i)) for i in sorted(chosen, key=lambda i: i.name))


def ifconfig_block(iface: Interface, c: Counters) -> str:
    """One interface as busybox ``ifconfig`` prints it, blank line included."""
    pad = " " * 10
    if iface.kind == "loopback":
        lines = [f"{iface.name:<9} Link encap:Local Loopback  "]
    else:
        lines = [f"{iface.name:<9} Link encap:Ethernet  HWaddr {iface.mac.upper()}  "]
    for cidr in iface.ipv4[:1]:
        ip, _, mask, brd = split(cidr)
        bcast = "" if iface.kind == "loopback" else f"  Bcast:{brd}"
        lines.append(f"{pad}inet addr:{ip}{bcast}  Mask:{mask}")
    lines += [f"{pad}inet6 addr: {c6} Scope:{v6_scope(c6).capitalize()}"  # /proc order
              for c6 in reversed(iface.ipv6)]
    lines.append(f"{pad}{_flag_words(iface)}  MTU:{iface.mtu}  Metric:1")
    lines.append(f"{pad}RX packets:{c.rx_packets} errors:0 dropped:0 overruns:0 frame:0")
    lines.append(f"{pad}TX packets:{c.tx_packets} errors:0 dropped:0 overruns:0 carrier:0")
    lines.append(f"{pad}collisions:0 txqueuelen:{qlen(iface)} ")
    lines.append(f"{pad}RX bytes:{c.rx_bytes} ({human(c.rx_bytes)})  "
                 f"TX bytes:{c.tx_bytes} ({human(c.tx_bytes)})")
    return "\n".join(lines) + "\n\n"


def _flag_words(iface: Interface) -> str:
    """``UP BROADCAST RUNNING MULTICAST`` (or ``UP LOOPBACK RUNNING``)."""
    words = ["UP"] if iface.up else []
    if iface.kind == "loopback":
        return " ".join(words + ["LOOPBACK"] + (["RUNNING"] if running(iface) else []))
    return " ".join(words + ["BROADCAST"] + (["RUNNING"] if running(iface) else [])
                    + ["MULTICAST"])
