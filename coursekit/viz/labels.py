"""The words inside each box of a topology picture (pure strings, no geometry).

Rows read like ``ip addr``: ``25: eth0@if26`` then the address and the MAC, so a
learner can check a veth pair by hand (``eth0@if26`` inside, ``veth…@if25`` on the
host). Every row fits ``chars`` characters: prose wraps, names are shortened with
``…``; addresses are never cut (the layout widens its columns for them). Widths are
counted in monospace columns (:func:`~coursekit.i18n.width.columns`: a Chinese character
takes two). The words are in the current language (:func:`coursekit.i18n._`); names,
addresses and interface names never are translated.
"""

from __future__ import annotations

import textwrap

from coursekit.i18n import N_, _
from coursekit.i18n.width import columns
from coursekit.models import Container, Endpoint, Interface, Network
from coursekit.viz.scene import Lane, PortGroup, Unit, VethPair


def fit(text: str, chars: int) -> str:
    """``text`` shortened to ``chars`` columns with a trailing ``…``."""
    if text.isascii():
        return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"
    if columns(text) <= chars:
        return text
    cut = text
    while len(cut) > 1 and columns(cut) > max(chars - 1, 1):
        cut = cut[:-1]
    return cut + "…"


def wrap(text: str, chars: int) -> tuple[str, ...]:
    """``text`` in rows of at most ``chars`` columns (at spaces; Chinese anywhere)."""
    if text.isascii():
        return tuple(textwrap.wrap(text, chars, break_on_hyphens=False)) or ("",)
    rows, row = [], ""
    for ch in text.strip():
        if row and columns(row + ch) > chars:
            rows.append(row.rstrip())
            row = "" if ch == " " else ch
        else:
            row += ch
    return (*rows, row.rstrip()) if row.strip() else (tuple(rows) or ("",))


def state_title(c: Container, chars: int) -> str:
    """``web (running)``; the state is kept whole, the name shortened if need be."""
    suffix = f" ({c.state})"
    return fit(c.name, max(chars - columns(suffix), 4)) + suffix


def iface_rows(i: Interface) -> tuple[str, ...]:
    """``25: eth0@if26`` / ``172.17.0.2/16`` / ``02:42:ac:11:00:02``."""
    if i.kind == "loopback":
        return (f"{i.index}: {i.name} {' '.join(i.ipv4)}".rstrip(),)
    return (f"{i.index}: {i.display_name}", *(i.ipv4 or (_("(no IPv4 address)"),)), i.mac)


def chip_row(pair: VethPair) -> str:
    """The host end of a pair as ``ip link`` on the host names it: ``26: veth1a2b3c4@if25``."""
    if pair.host is not None:
        return f"{pair.host.index}: {pair.host.display_name}"
    return _("{index}: (host end)@if{peer}").format(index=pair.inside.peer_index,
                                                    peer=pair.inside.index)


def port_rows(group: PortGroup) -> tuple[str, ...]:
    """``host 0.0.0.0:8081`` / ``(and [::]:8081)``: one chip per host port."""
    first, *rest = group.addresses
    host = _("host {address}").format(address=first)
    return (host, _("(and {addresses})").format(addresses=", ".join(rest))) if rest else (host,)


def port_target_row(group: PortGroup) -> str:
    return _("port {port}").format(port=group.target)


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
        rows.append(_("ports not bound"))
    return tuple(rows)


def endpoint_rows(e: Endpoint, chars: int) -> tuple[str, ...]:
    """An attachment seen from ``docker inspect`` only (no ``ip addr`` inside)."""
    if not e.ip:
        return (fit(_("{network}: no IP").format(network=e.network_name), chars),)
    return (fit(f"{e.network_name}:", chars), e.cidr, *((e.mac,) if e.mac else ()))


def mode_rows(unit: Unit, chars: int) -> tuple[str, ...]:
    c = unit.container
    if unit.mode == "host":
        extra = (_("-p discarded"),) if c.port_requests else ()
        return (_("network host"), _("shares the host's"), _("interfaces above"), *extra)
    if unit.mode == "none":
        return (_("network none"),)
    if unit.mode == "container":
        return (_("network container:"), fit(unit.owner_name, chars), _("(owner not found)"))
    return ()


def follower_rows(owner: Unit, c: Container, chars: int) -> tuple[str, ...]:
    """A container sharing ``owner``'s namespace: what it sees there."""
    rows = [state_title(c, chars), fit(f"container:{owner.container.name}", chars)]
    if c.running and owner.container.running and owner.mode == "host":
        rows += [_("shares the host's"), _("interfaces above")]
    elif c.running and owner.container.running:
        names = ", ".join(i.name for i in (*owner.loopbacks, *(p.inside for p in owner.pairs)))
        rows += wrap(_("shares {ifaces}").format(ifaces=names), chars)
    elif c.running:
        rows += [r for i in c.interfaces for r in iface_rows(i)]
    return tuple(rows)


def header_rows(lane: Lane, chars: int) -> tuple[str, ...]:
    """A network's bridge: name, Linux bridge, subnet, gateway, internal, carrier."""
    if lane.network is None:
        return (_("no network"), _("--network none:"), _("only lo inside"))
    n: Network = lane.network
    rows = [fit(_("network {name}").format(name=n.name), chars)]
    if lane.bridge is not None:
        rows.append(f"{lane.bridge.index}: {lane.bridge.name}")
        rows += [] if lane.bridge.carrier else [_("no carrier (DOWN)")]
    elif n.bridge:
        rows.append(n.bridge)
    else:
        rows.append(_("driver {driver}").format(driver=n.driver))
    rows += [_("subnet {subnet}").format(subnet=n.subnet)] if n.subnet else []
    rows += [_("gateway {gateway}").format(gateway=n.gateway)] if n.gateway else []
    rows += [_("internal: no way out")] if n.internal else []
    return tuple(rows)


def nic_rows(i: Interface) -> tuple[str, ...]:
    """A host interface; bridges that are not Docker's say so (virbr0 is libvirt's)."""
    rows = [f"{i.index}: {i.name}", *i.ipv4]
    rows += [] if i.kind == "loopback" else [i.mac]
    rows += [_("bridge, not Docker's")] if i.kind == "bridge" else []
    rows += [] if i.carrier or i.kind == "loopback" else [_("no carrier (DOWN)")]
    return tuple(rows)


def others_rows(bridges: tuple[Interface, ...], veths: tuple[Interface, ...]) -> tuple[str, ...]:
    """Interfaces of other labs or tools on the same host, counted, not drawn."""
    rows = [_("not in this lab:")]
    rows += [_("{count} Docker bridges").format(count=len(bridges))] if bridges else []
    rows += [_("{count} veth ends").format(count=len(veths))] if veths else []
    return tuple(rows)


LEGEND = (
    ("container", N_("container: its own network namespace")),
    ("exited", N_("stopped container (grey, dashed)")),
    ("veth", N_("host end of a veth pair")),
    ("cable", N_("veth pair: host end to eth")),
    ("bus", N_("bridge; dashed when internal")),
    ("port", N_("published port: host to container")),
    ("netns", N_("one namespace shared (container mode)")),
)
"""Legend entries: the sample drawn, then its words (English; drawn translated)."""


def word_rows() -> tuple[str, ...]:
    """The fixed words a container's or a network's box may hold, in the current language
    (the layout makes its columns wide enough for them; in English they all fit in 20)."""
    return (_("(no IPv4 address)"), _("ports not bound"), _("-p discarded"),
            _("network host"), _("shares the host's"), _("interfaces above"),
            _("network none"), _("network container:"), _("(owner not found)"),
            _("no carrier (DOWN)"), _("internal: no way out"), _("no network"),
            _("--network none:"), _("only lo inside"))
