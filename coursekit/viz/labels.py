"""The words inside each box of a topology picture (pure strings, no geometry).

Rows read like ``ip addr``: ``25: eth0@if26`` then the address and the MAC, so a
learner can check a veth pair by hand (``eth0@if26`` inside, ``veth…@if25`` on the
host). Every row fits ``chars`` characters: prose wraps, names are shortened with
``…``; addresses are never cut (the layout widens its columns for them).
"""

from __future__ import annotations

import textwrap

from coursekit.models import Container, Endpoint, Interface, Network
from coursekit.viz.scene import Lane, PortGroup, Unit, VethPair


def fit(text: str, chars: int) -> str:
    """``text`` shortened to ``chars`` characters with a trailing ``…``."""
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def wrap(text: str, chars: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, chars, break_on_hyphens=False)) or ("",)


def state_title(c: Container, chars: int) -> str:
    """``web (running)``; the state is kept whole, the name shortened if need be."""
    suffix = f" ({c.state})"
    return fit(c.name, max(chars - len(suffix), 4)) + suffix


def iface_rows(i: Interface) -> tuple[str, ...]:
    """``25: eth0@if26`` / ``172.17.0.2/16`` / ``02:42:ac:11:00:02``."""
    if i.kind == "loopback":
        return (f"{i.index}: {i.name} {' '.join(i.ipv4)}".rstrip(),)
    return (f"{i.index}: {i.display_name}", *(i.ipv4 or ("(no IPv4 address)",)), i.mac)


def chip_row(pair: VethPair) -> str:
    """The host end of a pair as ``ip link`` on the host names it: ``26: veth1a2b3c4@if25``."""
    if pair.host is not None:
        return f"{pair.host.index}: {pair.host.display_name}"
    return f"{pair.inside.peer_index}: (host end)@if{pair.inside.index}"


def port_rows(group: PortGroup) -> tuple[str, ...]:
    """``host 0.0.0.0:8081`` / ``(and [::]:8081)``: one chip per host port."""
    first, _, rest = group.host_label.partition(" (and ")
    return (f"host {first}", f"(and {rest}") if rest else (f"host {first}",)


def port_target_row(group: PortGroup) -> str:
    return f"port {group.target}"


def container_rows(unit: Unit, chars: int) -> tuple[str, ...]:
    """Title, then mode, interfaces (cable rows first of their block), then ports."""
    c = unit.container
    rows = [state_title(c, chars), *mode_rows(unit, chars)]
    if unit.loopbacks or unit.pairs:
        rows += [r for i in unit.loopbacks for r in iface_rows(i)]
        rows += [r for p in unit.pairs for r in iface_rows(p.inside)]
    elif unit.mode == "bridge":
        rows += [r for e in c.endpoints for r in endpoint_rows(e, chars)]
    rows += [port_target_row(g) for g in unit.ports]
    if not c.running and c.port_requests and unit.mode == "bridge":
        rows.append("ports not bound")
    return tuple(rows)


def endpoint_rows(e: Endpoint, chars: int) -> tuple[str, ...]:
    """An attachment seen from ``docker inspect`` only (no ``ip addr`` inside)."""
    if not e.ip:
        return (fit(f"{e.network_name}: no IP", chars),)
    return (fit(f"{e.network_name}:", chars), e.cidr, *((e.mac,) if e.mac else ()))


def mode_rows(unit: Unit, chars: int) -> tuple[str, ...]:
    c = unit.container
    if unit.mode == "host":
        extra = ("-p discarded",) if c.port_requests else ()
        return ("network host", "shares the host's", "interfaces above", *extra)
    if unit.mode == "none":
        return ("network none",)
    if unit.mode == "container":
        return ("network container:", fit(unit.owner_name, chars), "(owner not found)")
    return ()


def follower_rows(owner: Unit, c: Container, chars: int) -> tuple[str, ...]:
    """A container sharing ``owner``'s namespace: what it sees there."""
    rows = [state_title(c, chars), fit(f"container:{owner.container.name}", chars)]
    if c.running and owner.container.running and owner.mode == "host":
        rows += ["shares the host's", "interfaces above"]
    elif c.running and owner.container.running:
        names = ", ".join(i.name for i in (*owner.loopbacks, *(p.inside for p in owner.pairs)))
        rows += wrap(f"shares {names}", chars)
    elif c.running:
        rows += [r for i in c.interfaces for r in iface_rows(i)]
    return tuple(rows)


def header_rows(lane: Lane, chars: int) -> tuple[str, ...]:
    """A network's bridge: name, Linux bridge, subnet, gateway, internal, carrier."""
    if lane.network is None:
        return ("no network", "--network none:", "only lo inside")
    n: Network = lane.network
    rows = [fit(f"network {n.name}", chars)]
    if lane.bridge is not None:
        rows.append(f"{lane.bridge.index}: {lane.bridge.name}")
        rows += [] if lane.bridge.carrier else ["no carrier (DOWN)"]
    elif n.bridge:
        rows.append(n.bridge)
    else:
        rows.append(f"driver {n.driver}")
    rows += [f"subnet {n.subnet}"] if n.subnet else []
    rows += [f"gateway {n.gateway}"] if n.gateway else []
    rows += ["internal: no way out"] if n.internal else []
    return tuple(rows)


def nic_rows(i: Interface) -> tuple[str, ...]:
    """A host interface; bridges that are not Docker's say so (virbr0 is libvirt's)."""
    rows = [f"{i.index}: {i.name}", *i.ipv4]
    rows += [] if i.kind == "loopback" else [i.mac]
    rows += ["bridge, not Docker's"] if i.kind == "bridge" else []
    rows += [] if i.carrier or i.kind == "loopback" else ["no carrier (DOWN)"]
    return tuple(rows)


def others_rows(bridges: tuple[Interface, ...], veths: tuple[Interface, ...]) -> tuple[str, ...]:
    """Interfaces of other labs or tools on the same host, counted, not drawn."""
    rows = ["not in this lab:"]
    rows += [f"{len(bridges)} Docker bridges"] if bridges else []
    rows += [f"{len(veths)} veth ends"] if veths else []
    return tuple(rows)


LEGEND = (
    ("container", "container: its own network namespace"),
    ("exited", "stopped container (grey, dashed)"),
    ("veth", "host end of a veth pair"),
    ("cable", "veth pair: host end to eth"),
    ("bus", "bridge; dashed when internal"),
    ("port", "published port: host to container"),
    ("netns", "one namespace shared (container mode)"),
)
"""Legend entries: the sample drawn, then its words."""
