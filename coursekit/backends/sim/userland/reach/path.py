"""A packet's path hop by hop, for ``lab.trace(LINE)``: the walk's answer, told as places.

The line is one a learner would type (``docker exec c2 ping -c 1 c1``, ``docker exec c2
wget -q -O- http://web/``, the host's ``curl -s http://127.0.0.1:8080/``); nothing runs.
The sender's end, its veth, the bridge, the host's routing and the netfilter chains
that matched (grouped by the built-in chain each walk started from), then the other
side, come from the same walk (:mod:`.walk`) that answers ``ping`` and ``wget``: a path
that says "delivered" is a ping that replies.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from coursekit.backends.sim.netfilter.walk import Step
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.http.fetch import parse_url
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    container_label,
    interfaces_of,
    namespace_of,
    network_of,
)
from coursekit.backends.sim.userland.reach.ports import published
from coursekit.backends.sim.userland.reach.walk import (
    ABSENT,
    NO_ROUTE,
    REPLY,
    Probe,
    Trace,
    egress,
    in_subnet,
    source,
    trace_from,
)
from coursekit.models import Container, Endpoint, Hop, PacketPath, Topology
from coursekit.models.path import DELIVERED, DROPPED, NOBODY
from coursekit.models.path import NO_ROUTE as UNROUTED

FORMS = ("docker exec C ping [-c N] DEST, docker exec C wget|curl URL, and on the host "
         "ping DEST or curl|wget URL")
OUTCOMES = {REPLY: DELIVERED, NO_ROUTE: UNROUTED, ABSENT: NOBODY}
EXEC_VALUED = ("-u", "--user", "-e", "--env", "-w", "--workdir", "--env-file")


def packet_path(topology: Topology, line: str, computed: bool = False) -> PacketPath:
    """Where the packet of ``line`` goes; a line of another form says which forms work."""
    request = _request(line)
    if request is None:
        return _unanswered(line, f"not a line lab.trace follows; it follows {FORMS}")
    ref, dest, probe = request
    ns = source(topology, ref)
    if ns is None:
        return _unanswered(line, f"{ref} is not running")
    owner = ns.owner.id if ns.owner else None
    ip = dns.resolve(topology, owner, dest)
    if ip is None or ":" in ip:
        return _unanswered(line, f"{dest} does not resolve to an IPv4 address from there")
    walked = trace_from(topology, ns, ip, probe)
    hops = (*_sender(topology, ns, ip), *_routed(topology, ns, ip, walked),
            *_chains(walked.steps), *_receiver(topology, walked, ip),
            *published(topology, ns, ip, probe, walked), _end(walked),
            *_chains(walked.back, "answer: "))
    outcome = OUTCOMES.get(walked.outcome, DROPPED)
    return PacketPath(line, _name(ns), ip if dest == ip else f"{dest} ({ip})", probe.proto,
                      probe.port, outcome, walked.reason, hops, walked.rule, computed)


def _request(line: str) -> tuple[str | None, str, Probe] | None:
    """(sender: a container ref or None for the host, destination, what is sent)."""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    while words[:1] == ["sudo"]:
        words.pop(0)
    ref = None
    if words[:2] == ["docker", "exec"]:
        words = _after_options(words[2:])
        if not words:
            return None
        ref, words = words[0], words[1:]
    return _program(words, ref)


def _after_options(words: list[str]) -> list[str]:
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] in EXEC_VALUED else words[1:]
    return words


def _program(words: list[str], ref: str | None) -> tuple[str | None, str, Probe] | None:
    args = [w for w in words[1:] if not w.startswith("-")]
    if not words or not args:
        return None
    if words[0] == "ping":
        valued = {"-c", "-W", "-w", "-s", "-i", "-I"}
        plain = [w for i, w in enumerate(words[1:], 1)
                 if not w.startswith("-") and words[i - 1] not in valued]
        return (ref, plain[-1], Probe()) if plain else None
    if words[0] in ("wget", "curl"):
        url = next((parse_url(w) for w in args if "/" in w or "." in w), None)
        return (ref, url.host, Probe("tcp", url.port)) if url else None
    return None


def _unanswered(line: str, reason: str) -> PacketPath:
    return PacketPath(line, "", "", "", 0, "not traced", reason, ())


def _name(ns: Namespace) -> str:
    return "the host" if ns.owner is None else container_label(ns.owner)


def _sender(topology: Topology, ns: Namespace, ip: str) -> list[Hop]:
    """From the sender's interface to the bridge, or the host's own routing."""
    if ns.owner is None:
        return [Hop("route", "the host", f"the host sends it to {ip} from its own namespace")]
    ep = egress(topology, ns, ip)
    if ep is None:
        return [Hop("iface", f"{_name(ns)} lo", "only lo: no route out", box=_box(ns.owner))]
    return _ends(topology, ns.owner, ep, leaving=True)


def _ends(topology: Topology, ctr: Container, ep: Endpoint, leaving: bool) -> list[Hop]:
    """A container's interface on ``ep``, its veth's host end and the bridge, in the
    order a packet meets them (``leaving`` the container, or arriving)."""
    ns = namespace_of(topology, ctr)
    inside = next((i for i in interfaces_of(topology, ns) if ep.ip and any(
        a.split("/")[0] == ep.ip for a in i.ipv4)), None)
    ifname = inside.name if inside else "eth0"
    net = network_of(topology, ep)
    host_end = next((h.name for h in topology.host_interfaces if inside is not None
                     and h.index == inside.peer_index), "")
    label = container_label(ctr)
    hops = [Hop("iface", f"{label} {ifname} ({ep.ip})",
                f"leaves {label} through {ifname}" if leaving else f"arrives in {label}",
                box=f"ctr:{ctr.name}")]
    if host_end and net is not None and net.bridge:
        hops.append(Hop("veth", host_end, f"the host's end of {label}'s veth pair, plugged "
                        f"into {net.bridge}", box=f"veth:{ctr.name}:{ifname}"))
        hops.append(Hop("bridge", f"{net.bridge} (network {net.name})",
                        "the bridge forwards the frame" if not leaving else
                        "the bridge takes the frame", box=f"net:{net.name}"))
    return hops if leaving else hops[::-1]


def _box(ctr: Container) -> str:
    return f"ctr:{ctr.name}"


def _chains(steps: Iterable[Step], prefix: str = "") -> list[Hop]:
    """One hop per built-in chain walked, with the rules that matched in it."""
    hops: list[Hop] = []
    for step in steps:
        place = f"{prefix}{step.table} {step.hook}"
        if hops and hops[-1].place == place:
            last = hops[-1]
            hops[-1] = Hop("chain", place, _verdict(step), (*last.rules, step.line))
        else:
            hops.append(Hop("chain", place, _verdict(step), (step.line,)))
    return hops


def _verdict(step: Step) -> str:
    if step.line.startswith("-P "):
        return f"no rule decides: the chain's policy {step.target}"
    return {"ACCEPT": "accepted", "DROP": "dropped here", "DNAT": "destination rewritten",
            "MASQUERADE": "source rewritten to the host's address",
            "RETURN": "back to the calling chain"}.get(step.target, f"on to {step.target}")


def _routed(topology: Topology, ns: Namespace, ip: str, walked: Trace) -> list[Hop]:
    """The host's routing, when the packet leaves the sender's own network."""
    ep = egress(topology, ns, ip) if ns.owner is not None else None
    net = network_of(topology, ep) if ep is not None else None
    if ep is None or net is None or walked.hop == "loopback" or in_subnet(net, ip):
        return []
    beyond = "out of the host's uplink" if walked.hop in ("lan", "wan", "") else "on"
    return [Hop("route", "the host's routing", f"{ip} is not on {net.name}: {_name(ns)} "
                f"sends it to its gateway {ep.gateway}, the host, which routes it {beyond}")]


def _receiver(topology: Topology, walked: Trace, ip: str) -> list[Hop]:
    """The answering side: a container's bridge, veth and interface, or the host."""
    target = walked.target
    if walked.outcome != REPLY or target is None or walked.hop == "loopback":
        return []
    if target.owner is None:
        return [Hop("route", "the host", "one of the host's own addresses: the host answers")]
    ep = next((e for e in target.endpoints if e.ip == ip), None)
    return _ends(topology, target.owner, ep, leaving=False) if ep else []


def _end(walked: Trace) -> Hop:
    if walked.outcome == REPLY and walked.public is not None:
        return Hop("out", walked.public.address, walked.reason)
    return Hop("end", {REPLY: "delivered"}.get(walked.outcome, walked.outcome), walked.reason)
