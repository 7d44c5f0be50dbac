"""The topology picture in words: alt text, and the caption shown under the figure.

``describe(topology)`` says everything the drawing shows, in the same order (the
host, its networks, then each container), so nothing depends on sight or colour.
It reads like a careful walk through ``ip addr`` on the host and in each container.
"""

from __future__ import annotations

from coursekit.models import Container, Interface, Topology
from coursekit.viz.scene import Lane, Scene, Unit, VethPair, build_scene


def describe(topology: Topology) -> str:
    """Plain text saying what ``lab.plot()`` draws (equivalent of reading ``ip addr``)."""
    scene = build_scene(topology)
    lines = [_headline(topology), "", "Host network namespace:"]
    lines += [f"- {_nic(i)}" for i in scene.host_nics]
    lines += [f"- {text}" for u in scene.host_units for text in (_unit(u), *_guests(u))]
    lines += _others(scene)
    lines += ["", "Networks (each a Linux bridge on the host):"]
    lines += [f"- {_lane(lane)}" for lane in scene.lanes if lane.network is not None]
    lines += ["", "Containers:"]
    units = [u for lane in scene.lanes for u in lane.units]
    lines += [f"- {text}" for u in units for text in (_unit(u), *_guests(u))]
    if not units and not scene.host_units:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def _headline(top: Topology) -> str:
    engine = f", engine {top.engine_version}" if top.engine_version else ""
    return f"Network topology of host {top.host_name} ({top.backend} backend{engine})."


def _addrs(i: Interface) -> str:
    return " ".join(i.ipv4) if i.ipv4 else "no IPv4 address"


def _nic(i: Interface) -> str:
    mac = "" if i.kind == "loopback" else f", MAC {i.mac}"
    what = {"loopback": "loopback", "ether": "network card", "bridge": "bridge (not Docker's)"}
    down = "" if i.carrier or i.kind == "loopback" else ", no carrier (state DOWN)"
    return f"{i.index}: {i.name}, {what.get(i.kind, i.kind)}, {_addrs(i)}{mac}{down}."


def _others(scene: Scene) -> list[str]:
    parts = [f"{len(scene.other_bridges)} Docker bridges"] if scene.other_bridges else []
    parts += [f"{len(scene.stray_veths)} veth ends"] if scene.stray_veths else []
    return [f"- Also on the host, not in this lab: {' and '.join(parts)}."] if parts else []


def _lane(lane: Lane) -> str:
    n = lane.network
    assert n is not None
    bridge = f"{lane.bridge.index}: {lane.bridge.name}" if lane.bridge else (n.bridge or "none")
    flags = " (internal: no route out of the host)" if n.internal else ""
    down = "" if lane.bridge is None or lane.bridge.carrier else ", no carrier (state DOWN)"
    members = [m.name for m in sorted(n.members, key=lambda m: m.name)]  # eth1 ones too
    names = ", ".join(members + [u.container.name for u in lane.units
                                 if u.container.name not in members])
    return (f"network {n.name}{flags}: bridge {bridge}, subnet {n.subnet or 'none'}, "
            f"gateway {n.gateway or 'none'}{down}; "
            + (f"attached: {names}." if names else "nothing attached."))


def _state(c: Container) -> str:
    return f"{c.name} ({c.state})"


def _unit(u: Unit) -> str:
    c = u.container
    if u.mode == "host":
        ports = " Its -p was discarded (host mode)." if c.port_requests else ""
        return (f"{_state(c)}, network host: no interfaces of its own; it uses the host's "
                f"network namespace and interfaces listed above.{ports}")
    if u.mode == "container":
        return f"{_state(c)}, network container:{u.owner_name}: owner not found in this lab."
    if not c.running and not c.interfaces:
        nets = ", ".join(e.network_name for e in c.endpoints) or "no network"
        return (f"{_state(c)}, attached to {nets}: stopped, so it holds no address and "
                f"no interfaces until it starts again.")
    if u.mode == "bridge" and not (u.loopbacks or u.pairs):
        eps = "; ".join(f"on {e.network_name} {e.cidr or 'no IP'}" + (f" MAC {e.mac}" if e.mac
                        else "") for e in c.endpoints) or "no network"
        return f"{_state(c)}, {eps} (its interfaces could not be read)."
    where = "network none: " if u.mode == "none" else ""
    parts = [f"{i.index}: {i.name} {_addrs(i)}" for i in u.loopbacks]
    parts += [_pair(p) for p in u.pairs]
    text = f"{_state(c)}, {where}{'; '.join(parts) or 'no interfaces'}."
    return text + "".join(f" Published: host {g.host_label} -> container port {g.target}."
                          for g in u.ports)


def _pair(p: VethPair) -> str:
    i = p.inside
    inside = f"{i.index}: {i.display_name} {_addrs(i)} MAC {i.mac}"
    if p.host is None:
        return f"{inside}, host end (index {i.peer_index}) not seen"
    net = f" (network {p.network.name})" if p.network else ""
    return (f"{inside}, paired with host end {p.host.index}: {p.host.display_name} "
            f"plugged into {p.host.master or 'no bridge'}{net}")


def _guests(u: Unit) -> list[str]:
    """Containers sharing ``u``'s namespace (``--network container:<u>``)."""
    owner = u.container
    names = ", ".join(i.name for i in (*u.loopbacks, *(p.inside for p in u.pairs)))
    out = []
    for g in u.followers:
        if g.running and owner.running and u.mode == "host":
            seen = "it sees the host's interfaces listed above"
        elif g.running and owner.running:
            seen = f"it sees {owner.name}'s {names}, the same addresses and ports"
        elif g.running:
            seen = "its owner is stopped, so only " + (
                ", ".join(f"{i.name} {_addrs(i)}" for i in g.interfaces) or "nothing") + " is left"
        else:
            seen = "stopped"
        out.append(f"{_state(g)}, network container:{owner.name}: shares the network "
                   f"namespace of {owner.name}; {seen}.")
    return out
