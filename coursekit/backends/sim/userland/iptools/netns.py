"""The host's ``ip netns``: the learner's namespaces and what iproute2 prints inside them.

Namespaces made with ``ip netns add`` come in the snapshot (``Topology.netns``); the
changes themselves (``add``, ``delete``, ``ip netns exec NS ip link set ...``) are the
kernel's side (:mod:`coursekit.backends.sim.netns_ip`), applied before a line reaches
the userland. Here:

- ``ip netns [list]``: newest first, as iproute2 reads ``/run/netns``, with
  `` (id: N)`` once the host's namespace holds an id for it (a veth spans the two);
- ``ip netns exec NS ip [-4|-6] addr|link|route [show] [[dev] DEV]``: the namespace's
  own stack. Its ``lo`` is down (and without 127.0.0.1) until ``ip link set lo up``;
  a veth end whose peer lives in the host's namespace prints ``link-netnsid 0``. The
  routing table holds a connected route per addressed link that is up (``linkdown``
  while its peer is down) and the routes the learner added over links that are up.

``ip netns exec NS ping ...`` is iputils' ping from the namespace
(:mod:`.iputils_ping`). What else reaches this module (a change inside ``sh -c``, another
program under ``ip netns exec``) answers one ``coursekit:`` line and does not run.
"""

from __future__ import annotations

from coursekit.backends.sim.netns_reach import Links
from coursekit.backends.sim.userland.iptools import iproute
from coursekit.backends.sim.userland.iptools.ifaces import network, running
from coursekit.backends.sim.userland.iptools.iputils_ping import netns_ping
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.routes import Route
from coursekit.models import Netns
from coursekit.result import CommandResult

NOTE = "coursekit: {what} is not simulated on the simulated host; the command did not run\n"
SHOW = ("show", "list", "ls", "lst", "sh", "s", "l")
OBJECTS = (("address", "addr"), ("link", "link"), ("route", "route"))


def _refuse(what: str) -> CommandResult:
    return CommandResult(stderr=NOTE.format(what=what), exit_code=1)


def ip_netns(where: Site, args: list[str]) -> CommandResult:
    """``ip netns [list]`` or ``ip netns exec NS ip ...`` (a listing)."""
    spaces = where.topology.netns
    if not args or args[0] in SHOW:
        return CommandResult("".join(f"{ns.name}{'' if ns.nsid is None else f' (id: {ns.nsid})'}"
                                     "\n" for ns in spaces))
    if args[0] != "exec" or len(args) < 3:
        return _refuse(f"ip netns {' '.join(args)} here")
    found = next((ns for ns in spaces if ns.name == args[1]), None)
    if found is None:
        return CommandResult(stderr=f'Cannot open network namespace "{args[1]}": No such '
                                    "file or directory\n", exit_code=255)
    program = args[2].rpartition("/")[2]
    if program == "ping":
        return netns_ping(Links.of(where.topology), found.name, args[3:])
    if program != "ip":
        return _refuse(f"ip netns exec {args[1]} {args[2]} (only ip and ping run there)")
    return _show(found, args[3:])


def _show(ns: Netns, args: list[str]) -> CommandResult:
    """``ip [-4|-6] addr|link|route [show] [[dev] DEV]`` inside namespace ``ns``."""
    opts = [a for a in args if a.startswith("-")]
    words = [a for a in args if not a.startswith("-")]
    obj = next((name for full, name in OBJECTS if words and full.startswith(words[0])), None)
    verb = words[1] if len(words) > 1 else "show"
    if obj is None or verb not in SHOW or set(opts) - {"-4", "-6"}:
        return _refuse(f"ip {' '.join(args)} inside a namespace")
    if obj == "route":
        return CommandResult(iproute.ip_route(routes(ns)))
    rest = words[2:]
    ifaces = ns.interfaces
    name = rest[1] if rest[:1] == ["dev"] and len(rest) > 1 else rest[0] if rest else ""
    if name:
        ifaces = tuple(i for i in ifaces if i.name == name)
        if not ifaces:
            return CommandResult(stderr=f'Device "{name}" does not exist.\n', exit_code=1)
    own = {i.index for i in ns.interfaces}
    tails = {i.index: "link-netnsid 0" for i in ifaces
             if i.peer_index is not None and i.peer_index not in own}
    if obj == "link":
        return CommandResult(iproute.ip_link(ifaces, tails))
    family = "4" if "-4" in opts else "6" if "-6" in opts else ""
    return CommandResult(iproute.ip_addr(ifaces, tails, family))


def routes(ns: Netns) -> list[Route]:
    """The namespace's table: connected routes of links that are up, then the learner's."""
    table = []
    for iface in ns.interfaces:
        if iface.kind == "loopback" or not iface.up:
            continue
        table += [Route(dest=str(network(c)), dev=iface.name, src=c.split("/")[0],
                        linkdown=not running(iface)) for c in iface.ipv4]
    live = {r.dev for r in table}
    table += [Route(dest=dest, dev=dev, gateway=gateway) for dest, dev, gateway in ns.routes
              if dev in live]
    return sorted(table, key=Route.sort_key)
