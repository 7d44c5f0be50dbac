"""Facts about one interface that every listing tool prints: flags, masks, counters.

``ip``, ``ifconfig`` (busybox and net-tools) and ``brctl`` each print an interface in
their own layout; this module computes what they share, from an
:class:`~coursekit.models.Interface`:

- kernel flags (``<BROADCAST,MULTICAST,UP,LOWER_UP>``); a bridge with nothing
  plugged in has no carrier (``NO-CARRIER``, state DOWN);
- queue discipline and length (lo/NIC/virbr0 ``qlen 1000``; Docker's bridges and
  veths 0, so ``ip`` prints none);
- netmask and broadcast from the CIDR;
- traffic counters: a fixed baseline plus what the lab's commands moved (``ping``,
  ``wget``: ``Interface.traffic``). The baseline follows a fixed rule: lo and the NIC
  carry the tutorial's figures (host) or zero (container lo);
  a bridge's grow with its ports; a veth pair's derive from its host end's index (less
  one: the container end's index where the pair is made on the host), mirrored between
  the two ends (what one end receives the other sent).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from coursekit.models import Interface

DOCKER_BRIDGE = re.compile(r"^(docker\d+|br-[0-9a-f]{12})$")


@dataclass(frozen=True)
class Counters:
    """RX/TX packets and bytes since the interface came up."""

    rx_packets: int = 0
    rx_bytes: int = 0
    tx_packets: int = 0
    tx_bytes: int = 0


def counters(iface: Interface, ports: int = 0, host: bool = True) -> Counters:
    """The deterministic traffic figures of an interface (see module docstring), plus what
    the lab's own commands moved through it (``Interface.traffic``,
    :mod:`coursekit.backends.sim.userland.traffic`)."""
    base = _baseline(iface, ports, host)
    rx, rx_bytes, tx, tx_bytes = iface.traffic
    return Counters(base.rx_packets + rx, base.rx_bytes + rx_bytes, base.tx_packets + tx,
                    base.tx_bytes + tx_bytes)


def _baseline(iface: Interface, ports: int, host: bool) -> Counters:
    if iface.by_hand:  # the learner's own links start from nothing
        return Counters()
    if iface.kind == "loopback":
        return Counters(454096, 449191151, 454096, 449191151) if host else Counters()
    if iface.kind == "ether":
        return Counters(23975, 1839444, 21550, 3309143)
    if iface.kind == "bridge":
        return Counters(8 * ports, 8 * ports * 62, 17 + 6 * ports, 2334 + 6 * ports * 78)
    host_end = iface.index if iface.master else iface.peer_index
    key = iface.index if host_end is None else host_end - 1  # the pair's, on both engines
    near, far = 10 + key % 7, 4 + key % 5
    if iface.master is None:  # the container end receives what the bridge sends
        return Counters(near, near * 86, far, far * 70)
    return Counters(far, far * 70, near, near * 86)


def human(size: int) -> str:
    """Byte count as net-tools and busybox print it: ``2.7 KiB`` (truncated, not rounded)."""
    whole, tenth, unit = size, 0, 0
    while whole >= 1024 and unit < 4:
        tenth = (whole % 1024) * 10 // 1024
        whole //= 1024
        unit += 1
    return f"{whole}.{tenth} {['', 'Ki', 'Mi', 'Gi', 'Ti'][unit]}B"


def running(iface: Interface) -> bool:
    """Up with a carrier (``RUNNING`` / ``LOWER_UP``)."""
    return iface.up and (iface.carrier or iface.kind == "loopback")


def link_flags(iface: Interface) -> list[str]:
    """Kernel flag names in ``ip`` order: ``BROADCAST,MULTICAST,UP,LOWER_UP``."""
    if iface.kind == "loopback":
        return ["LOOPBACK", "UP", "LOWER_UP"] if iface.up else ["LOOPBACK"]
    peer_down = ["M-DOWN"] if iface.peer_name and not iface.carrier else []  # peer beside it
    if not iface.up:
        return ["BROADCAST", "MULTICAST", *peer_down]
    if not iface.carrier:
        return ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP", *peer_down]
    return ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"]


def state(iface: Interface) -> str:
    """iproute2's operational state: UNKNOWN (lo), UP or DOWN."""
    if iface.operstate and iface.up:
        return iface.operstate
    if iface.kind == "loopback":
        return "UNKNOWN" if iface.up else "DOWN"
    if iface.peer_name and iface.up and not iface.carrier:
        return "LOWERLAYERDOWN"  # up, and its peer (in the same namespace) down
    return "UP" if running(iface) else "DOWN"


def qdisc(iface: Interface) -> str:
    """Queue discipline: noqueue for virtual devices, fq_codel for the NIC, noop when down."""
    if not iface.up:
        return "noop"
    return "fq_codel" if iface.kind == "ether" else "noqueue"


def qlen(iface: Interface) -> int:
    """Transmit queue length (0 for Docker's bridges and veths)."""
    if iface.kind in ("loopback", "ether") or iface.by_hand:
        return 1000
    if iface.kind == "bridge" and not DOCKER_BRIDGE.match(iface.name):
        return 1000  # virbr0 and other non-Docker bridges
    return 0


def split(cidr: str) -> tuple[str, int, str, str]:
    """(address, prefix length, netmask, broadcast) of an IPv4 CIDR."""
    face = ipaddress.IPv4Interface(cidr)
    net = face.network
    return str(face.ip), net.prefixlen, str(net.netmask), str(net.broadcast_address)


def network(cidr: str) -> ipaddress.IPv4Network:
    """The subnet an IPv4 CIDR address lies in."""
    return ipaddress.IPv4Interface(cidr).network


def v6_scope(cidr: str) -> str:
    """``host``, ``link`` or ``global`` for an IPv6 CIDR."""
    addr = ipaddress.IPv6Interface(cidr).ip
    if addr.is_loopback:
        return "host"
    return "link" if addr.is_link_local else "global"


def ports_of(bridge: str, interfaces: tuple[Interface, ...]) -> list[Interface]:
    """The veth ends plugged into ``bridge``, in index order."""
    return sorted((i for i in interfaces if i.master == bridge), key=lambda i: i.index)
