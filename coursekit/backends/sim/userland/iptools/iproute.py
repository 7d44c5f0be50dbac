"""How the host's tools print its network: iproute2 ``ip``, net-tools ``ifconfig``, ``brctl``.

The host runs Debian's iproute2 and net-tools (layouts observed on the lab machine):

- ``ip addr`` adds ``state UP``/``DOWN``/``UNKNOWN`` and ``group default`` to busybox's
  header, and ``link-netnsid N`` to a veth end whose peer lives in container N's
  namespace (N numbers namespaces in the order containers started);
  ``ip link`` also prints ``mode DEFAULT``; ``ip -br`` is the brief table.
- ``ip route`` marks connected routes ``proto kernel`` and bridges without ports
  ``linkdown``.
- net-tools ``ifconfig`` (the tutorial's layout): ``docker0: flags=4163<UP,...>  mtu
  1500``, interfaces sorted by name (as observed), up ones unless ``-a``.
- ``brctl show`` (bridge-utils) and ``bridge link`` list each bridge's veth ports.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from coursekit.backends.sim.userland.iptools.busybox import VALID, addresses, link_line
from coursekit.backends.sim.userland.iptools.ifaces import (
    Counters,
    human,
    link_flags,
    ports_of,
    qdisc,
    qlen,
    running,
    split,
    state,
    v6_scope,
)
from coursekit.backends.sim.userland.namespace import owner_of
from coursekit.backends.sim.userland.routes import Route, host_routes
from coursekit.backends.sim.userland.tools.route import lookup
from coursekit.models import Interface, Topology
from coursekit.result import CommandResult

CounterFn = Callable[[Interface], Counters]
NETTOOLS_FLAGS = (("UP", 1), ("BROADCAST", 2), ("LOOPBACK", 8), ("RUNNING", 64),
                  ("MULTICAST", 4096))


def netnsids(topology: Topology) -> dict[int, str]:
    """Host veth index -> ``link-netnsid N`` of the container namespace holding its peer,
    or ``link-netns NAME`` for a namespace the learner named (``ip netns add NAME``)."""
    owners = [c for c in topology.containers if c.running and owner_of(topology, c) is c
              and any(i.kind == "veth" for i in c.interfaces)]
    ids = {}
    for nsid, owner in enumerate(owners):
        for iface in owner.interfaces:
            if iface.peer_index is not None:
                ids[iface.peer_index] = f"link-netnsid {nsid}"
    for ns in topology.netns:
        ids.update({i.peer_index: f"link-netns {ns.name}" for i in ns.interfaces
                    if i.peer_index is not None})
    return ids


def header(iface: Interface, mode: bool = False) -> str:
    """``N: name: <FLAGS> mtu M qdisc Q [master B ]state S [mode DEFAULT ]group default ...``."""
    line = f"{iface.index}: {iface.display_name}: <{','.join(link_flags(iface))}> "
    line += f"mtu {iface.mtu} qdisc {qdisc(iface)} "
    if iface.master:
        line += f"master {iface.master} "
    line += f"state {state(iface)} " + ("mode DEFAULT " if mode else "") + "group default"
    return line + (f" qlen {qlen(iface)}" if qlen(iface) else " ")


def host_link_line(iface: Interface, nsids: dict[int, str]) -> str:
    """busybox's link line plus ``link-netnsid N`` (or ``link-netns NAME``) for a veth end
    whose peer lives in another namespace."""
    if iface.peer_index is None or iface.peer_name:
        return link_line(iface)
    return f"{link_line(iface)} {nsids.get(iface.index, 'link-netnsid 0')}"


def ip_addr(ifaces: tuple[Interface, ...], nsids: dict[int, str], family: str = "",
            oneline: bool = False) -> str:
    """iproute2 ``ip [-4|-6] [-o] addr``."""
    out = []
    for iface in ifaces:
        texts = addresses(iface, family)
        if family and not texts:
            continue
        if oneline:
            out += [f"{iface.index}: {iface.name}    {t}\\{VALID}" for t in texts]
            continue
        out.append(header(iface))
        if not family:
            out.append(host_link_line(iface, nsids))
        elif iface.peer_index is not None and iface.index in nsids:  # no link line: the
            out[-1] += f"{'' if out[-1].endswith(' ') else ' '}{nsids[iface.index]}"  # header
        for text in texts:
            out += [f"    {text}", VALID]
    return "".join(line + "\n" for line in out)


def ip_link(ifaces: tuple[Interface, ...], nsids: dict[int, str], oneline: bool = False) -> str:
    """iproute2 ``ip [-o] link``."""
    sep = "\\" if oneline else "\n"
    return "".join(f"{header(i, mode=True)}{sep}{host_link_line(i, nsids)}\n" for i in ifaces)


def ip_brief(ifaces: tuple[Interface, ...], link: bool = False, family: str = "") -> str:
    """iproute2 ``ip -br addr`` / ``ip -br link``: one padded row per interface."""
    rows = []
    for iface in ifaces:
        start = f"{iface.display_name:<16} {state(iface):<14} "
        if link:
            rows.append(f"{start}{iface.mac} <{','.join(link_flags(iface))}> ")
            continue
        cidrs = ([*iface.ipv4] if family in ("", "4") else []) + (
            [*iface.ipv6] if family in ("", "6") else [])
        if not family or cidrs:
            rows.append(start + "".join(f"{c} " for c in cidrs))
    return "".join(row + "\n" for row in rows)


def ip_route(routes: list[Route]) -> str:
    """iproute2 ``ip route`` (``proto kernel``, ``linkdown``, trailing spaces as printed)."""
    lines = []
    for r in routes:
        if r.gateway:
            lines.append(f"{r.dest} via {r.gateway} dev {r.dev} ")
        else:
            down = "linkdown " if r.linkdown else ""
            lines.append(f"{r.dest} dev {r.dev} proto kernel scope link src {r.src} {down}")
    return "".join(line + "\n" for line in lines)


def ifconfig(ifaces: tuple[Interface, ...], count: CounterFn, show_all: bool = False) -> str:
    """net-tools ``ifconfig [-a]``, in name order."""
    chosen = [i for i in ifaces if show_all or i.up]
    return "".join(ifconfig_block(i, count(i)) for i in sorted(chosen, key=lambda i: i.name))


def ifconfig_block(iface: Interface, c: Counters) -> str:
    """One interface as net-tools prints it, blank line included."""
    pad = " " * 8
    words = _flag_words(iface)
    value = sum(bit for word, bit in NETTOOLS_FLAGS if word in words)
    lines = [f"{iface.name}: flags={value}<{','.join(words)}>  mtu {iface.mtu}"]
    for cidr in iface.ipv4[:1]:
        ip, _, mask, brd = split(cidr)
        tail = "" if iface.kind == "loopback" else f"  broadcast {brd}"
        lines.append(f"{pad}inet {ip}  netmask {mask}{tail}")
    for c6 in iface.ipv6:
        addr, prefix = c6.split("/")
        scope = v6_scope(c6)
        scope_id = {"host": "0x10", "link": "0x20"}.get(scope, "0x0")
        lines.append(f"{pad}inet6 {addr}  prefixlen {prefix}  scopeid {scope_id}<{scope}>")
    if iface.kind == "loopback":
        lines.append(f"{pad}loop  txqueuelen {qlen(iface)}  (Local Loopback)")
    else:
        lines.append(f"{pad}ether {iface.mac}  txqueuelen {qlen(iface)}  (Ethernet)")
    lines += [f"{pad}RX packets {c.rx_packets}  bytes {c.rx_bytes} ({human(c.rx_bytes)})",
              f"{pad}RX errors 0  dropped 0  overruns 0  frame 0",
              f"{pad}TX packets {c.tx_packets}  bytes {c.tx_bytes} ({human(c.tx_bytes)})",
              f"{pad}TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0"]
    return "\n".join(lines) + "\n\n"


def _flag_words(iface: Interface) -> list[str]:
    words = ["UP"] if iface.up else []
    words.append("LOOPBACK" if iface.kind == "loopback" else "BROADCAST")
    words += ["RUNNING"] if running(iface) else []
    return words + ([] if iface.kind == "loopback" else ["MULTICAST"])


def brctl_show(ifaces: tuple[Interface, ...]) -> str:
    """bridge-utils ``brctl show``: bridge, id (priority.MAC), STP, ports."""
    out = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
    for bridge in sorted((i for i in ifaces if i.kind == "bridge"), key=lambda i: i.name):
        bridge_id = "8000." + bridge.mac.replace(":", "")
        ports = sorted(p.name for p in ports_of(bridge.name, ifaces))
        out += f"{bridge.name}\t\t{bridge_id}\tno\t\t"
        out += (ports[0] if ports else "") + "\n"
        out += "".join(f"\t\t\t\t\t\t\t{port}\n" for port in ports[1:])
    return out


def bridge_link(ifaces: tuple[Interface, ...]) -> str:
    """iproute2 ``bridge link``: every port with its bridge and STP state."""
    lines = []
    for port in sorted((i for i in ifaces if i.master), key=lambda i: i.index):
        stp = "forwarding" if running(port) else "disabled"
        lines.append(f"{port.index}: {port.display_name}: <{','.join(link_flags(port))}> "
                     f"mtu {port.mtu} master {port.master} state {stp} priority 32 cost 2 ")
    return "".join(line + "\n" for line in lines)


def route_get(topology: Topology, address: str) -> CommandResult:
    """iproute2 ``ip route get ADDR`` on the host: the route, ``uid 0`` and the cache line."""
    try:
        target = ipaddress.IPv4Address(address)
    except ValueError:
        return CommandResult(stderr=f'Error: any valid prefix is expected rather than '
                                    f'"{address}".\n', exit_code=1)
    if target.is_loopback:
        return CommandResult(f"local {address} dev lo src 127.0.0.1 uid 0 \n    cache <local> \n")
    routes = host_routes(topology)
    chosen = lookup(routes, target)
    if chosen is None:
        return CommandResult(stderr="RTNETLINK answers: Network is unreachable\n", exit_code=2)
    src = chosen.src or next((r.src for r in routes if r.dev == chosen.dev and r.src), "")
    via = f"via {chosen.gateway} " if chosen.gateway else ""
    return CommandResult(f"{address} {via}dev {chosen.dev} src {src} uid 0 \n    cache \n")
