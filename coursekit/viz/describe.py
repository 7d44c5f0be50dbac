"""The topology picture in words: alt text, and the caption shown under the figure.

``describe(topology)`` says everything the drawing shows, in the same order (the
host, its networks, then each container), so nothing depends on sight or colour.
It reads like a careful walk through ``ip addr`` on the host and in each container. It
speaks the current language (:func:`coursekit.i18n.use`); what the machine names (containers,
networks, interfaces, addresses, MACs, states) stays as the machine spells it.
"""

from __future__ import annotations

from coursekit.i18n import N_, _
from coursekit.models import Container, Interface, Topology
from coursekit.viz.scene import Lane, Scene, Unit, VethPair, build_scene


def describe(topology: Topology) -> str:
    """Plain text saying what ``lab.plot()`` draws (equivalent of reading ``ip addr``), in
    the current language (names, addresses and interfaces as the machine spells them)."""
    scene = build_scene(topology)
    lines = [_headline(topology), "", _("Host network namespace:")]
    lines += [f"- {_nic(i)}" for i in scene.host_nics]
    lines += [f"- {text}" for u in scene.host_units for text in (_unit(u), *_guests(u))]
    lines += _others(scene)
    lines += ["", _("Networks (each a Linux bridge on the host):")]
    lines += [f"- {_lane(lane)}" for lane in scene.lanes if lane.network is not None]
    lines += ["", _("Containers:")]
    units = [u for lane in scene.lanes for u in lane.units]
    lines += [f"- {text}" for u in units for text in (_unit(u), *_guests(u))]
    if not units and not scene.host_units:
        lines.append(_("- none"))
    return "\n".join(lines) + "\n"


def _headline(top: Topology) -> str:
    if top.engine_version:
        return _("Network topology of host {host} ({backend} backend, engine {engine}).").format(
            host=top.host_name, backend=top.backend, engine=top.engine_version)
    return _("Network topology of host {host} ({backend} backend).").format(
        host=top.host_name, backend=top.backend)


def _addrs(i: Interface) -> str:
    return " ".join(i.ipv4) if i.ipv4 else _("no IPv4 address")


_KINDS = {"loopback": N_("loopback"), "ether": N_("network card"),
          "bridge": N_("bridge (not Docker's)")}
"""What a host interface is, by kind (English; said translated)."""


def _nic(i: Interface) -> str:
    mac = "" if i.kind == "loopback" else _(", MAC {mac}").format(mac=i.mac)
    down = "" if i.carrier or i.kind == "loopback" else _(", no carrier (state DOWN)")
    what = _(_KINDS[i.kind]) if i.kind in _KINDS else i.kind
    return _("{index}: {name}, {kind}, {addresses}{mac}{down}.").format(
        index=i.index, name=i.name, kind=what, addresses=_addrs(i), mac=mac, down=down)


def _others(scene: Scene) -> list[str]:
    bridges, veths = len(scene.other_bridges), len(scene.stray_veths)
    if bridges and veths:
        text = _("Also on the host, not in this lab: {bridges} Docker bridges and {veths} veth "
                 "ends.")
    elif bridges:
        text = _("Also on the host, not in this lab: {bridges} Docker bridges.")
    elif veths:
        text = _("Also on the host, not in this lab: {veths} veth ends.")
    else:
        return []
    return ["- " + text.format(bridges=bridges, veths=veths)]


def _lane(lane: Lane) -> str:
    n = lane.network
    assert n is not None
    bridge = (f"{lane.bridge.index}: {lane.bridge.name}" if lane.bridge
              else (n.bridge or _("none")))
    flags = _(" (internal: no route out of the host)") if n.internal else ""
    down = "" if lane.bridge is None or lane.bridge.carrier else _(", no carrier (state DOWN)")
    members = [m.name for m in sorted(n.members, key=lambda m: m.name)]  # eth1 ones too
    names = ", ".join(members + [u.container.name for u in lane.units
                                 if u.container.name not in members])
    attached = (_("attached: {names}.").format(names=names) if names
                else _("nothing attached."))
    return _("network {name}{internal}: bridge {bridge}, subnet {subnet}, gateway "
             "{gateway}{down}; {attached}").format(
        name=n.name, internal=flags, bridge=bridge, subnet=n.subnet or _("none"),
        gateway=n.gateway or _("none"), down=down, attached=attached)


def _state(c: Container) -> str:
    return f"{c.name} ({c.state})"


def _unit(u: Unit) -> str:
    c = u.container
    if u.mode == "host":
        ports = _(" Its -p was discarded (host mode).") if c.port_requests else ""
        return _("{ctr}, network host: no interfaces of its own; it uses the host's "
                 "network namespace and interfaces listed above.{ports}").format(
            ctr=_state(c), ports=ports)
    if u.mode == "container":
        return _("{ctr}, network container:{owner}: owner not found in this lab.").format(
            ctr=_state(c), owner=u.owner_name)
    if not c.running and not c.interfaces:
        nets = ", ".join(e.network_name for e in c.endpoints) or _("no network")
        return _("{ctr}, attached to {networks}: stopped, so it holds no address and no "
                 "interfaces until it starts again.").format(ctr=_state(c), networks=nets)
    if u.mode == "bridge" and not (u.loopbacks or u.pairs):
        eps = "; ".join(_("on {network} {address}").format(
            network=e.network_name, address=e.cidr or _("no IP")) + (f" MAC {e.mac}" if e.mac
                        else "") for e in c.endpoints) or _("no network")
        return _("{ctr}, {attachments} (its interfaces could not be read).").format(
            ctr=_state(c), attachments=eps)
    parts = [f"{i.index}: {i.name} {_addrs(i)}" for i in u.loopbacks]
    parts += [_pair(p) for p in u.pairs]
    said = (_("{ctr}, network none: {ifaces}.") if u.mode == "none"
            else _("{ctr}, {ifaces}.")).format(
        ctr=_state(c), ifaces="; ".join(parts) or _("no interfaces"))
    return said + "".join(_(" Published: host {host} -> container port {port}.").format(
        host=g.host_label, port=g.target) for g in u.ports)


def _pair(p: VethPair) -> str:
    i = p.inside
    inside = f"{i.index}: {i.display_name} {_addrs(i)} MAC {i.mac}"
    if p.host is None:
        return _("{inside}, host end (index {index}) not seen").format(
            inside=inside, index=i.peer_index)
    net = _(" (network {name})").format(name=p.network.name) if p.network else ""
    return _("{inside}, paired with host end {index}: {name} plugged into "
             "{bridge}{network}").format(inside=inside, index=p.host.index,
                                         name=p.host.display_name,
                                         bridge=p.host.master or _("no bridge"), network=net)


def _guests(u: Unit) -> list[str]:
    """Containers sharing ``u``'s namespace (``--network container:<u>``)."""
    owner = u.container
    names = ", ".join(i.name for i in (*u.loopbacks, *(p.inside for p in u.pairs)))
    out = []
    for g in u.followers:
        if g.running and owner.running and u.mode == "host":
            seen = _("it sees the host's interfaces listed above")
        elif g.running and owner.running:
            seen = _("it sees {owner}'s {ifaces}, the same addresses and ports").format(
                owner=owner.name, ifaces=names)
        elif g.running:
            left = ", ".join(f"{i.name} {_addrs(i)}" for i in g.interfaces) or _("nothing")
            seen = _("its owner is stopped, so only {ifaces} is left").format(
                ifaces=left)
        else:
            seen = _("stopped")
        out.append(_("{ctr}, network container:{owner}: shares the network namespace of "
                     "{owner}; {seen}.").format(ctr=_state(g), owner=owner.name,
                                                seen=seen))
    return out
