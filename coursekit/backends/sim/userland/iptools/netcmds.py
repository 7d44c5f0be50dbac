"""The interface-listing commands: ``ip``, ``ifconfig``, ``brctl``, ``bridge``.

Each parses its arguments as the real tool does and prints through :mod:`busybox`
(inside containers, and in host-mode containers, which see the host's interfaces)
or :mod:`iproute` (on the host). Only listing is simulated: changing interfaces
(``ip link set``, ``ip addr add``) is refused as a container without
``CAP_NET_ADMIN`` refuses it (``RTNETLINK answers: Operation not permitted``).
"""

from __future__ import annotations

from coursekit.backends.sim.userland.iptools import busybox, iproute, netns
from coursekit.backends.sim.userland.iptools.ifaces import Counters, counters, ports_of
from coursekit.backends.sim.userland.namespace import Site, interfaces_of
from coursekit.backends.sim.userland.routes import (
    container_routes,
    container_routes6,
    host_routes,
)
from coursekit.backends.sim.userland.tools import neigh
from coursekit.backends.sim.userland.tools import route as routing
from coursekit.backends.sim.userland.usage import usage
from coursekit.models import Interface
from coursekit.result import CommandResult

OBJECTS = (("address", "addr"), ("link", "link"), ("route", "route"), ("neighbour", "neigh"),
           ("neighbor", "neigh"))
SHOW = ("show", "list", "ls", "lst", "sh", "s", "l")
FAMILIES = {"inet": "4", "inet6": "6", "link": "link"}
STATS = {"-s", "-stats", "-statistics"}


def ip(where: Site, args: list[str], host_tools: bool) -> CommandResult:
    """``ip [-o] [-4|-6] [-br] addr|link|route [show] [dev IFACE]``."""
    opts, rest = _ip_options(list(args))
    if not host_tools and STATS & set(args[:len(args) - len(rest)]):
        return usage("ip")  # busybox ip has no -s: its usage, exit 1 (observed)
    if opts is None:
        return _ip_unknown(rest[0] if rest else "", host_tools)
    if not rest:
        return usage("ip") if not host_tools else CommandResult(
            stderr="Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n", exit_code=255)
    if host_tools and len(rest[0]) > 2 and "netns".startswith(rest[0]):
        return netns.ip_netns(where, rest[1:])  # the learner's namespaces
    obj = next((name for full, name in OBJECTS if full.startswith(rest[0])), None)
    if obj is None:
        return _ip_unknown(rest[0], host_tools)
    verb = rest[1] if len(rest) > 1 else "show"
    if obj == "route" and verb == "get" and len(rest) > 2:
        return routing.route_get(where, rest[2]) if not host_tools else \
            iproute.route_get(where.topology, rest[2])
    if obj == "neigh" and verb == "flush" and not host_tools:
        return neigh.flush(where)
    if verb not in SHOW:
        return CommandResult(stderr=("" if host_tools else "ip: ")
                          + "RTNETLINK answers: Operation not permitted\n", exit_code=2)
    return _ip_show(where, obj, opts, rest[2:] if len(rest) > 1 else [], host_tools)


def _ip_options(args: list[str]) -> tuple[dict[str, str] | None, list[str]]:
    """Leading options into a dict (family, oneline, brief); None on an unknown one."""
    opts: dict[str, str] = {"family": ""}
    while args and args[0].startswith("-"):
        arg = args.pop(0).lstrip("-")
        if arg in ("4", "6"):
            opts["family"] = arg
        elif arg in ("o", "oneline"):
            opts["oneline"] = "1"
        elif arg in ("br", "brief"):
            opts["brief"] = "1"
        elif arg in ("f", "family") and args:
            opts["family"] = FAMILIES.get(args.pop(0), "")
        elif arg not in ("d", "details", "s", "stats", "c", "color", "n", "numeric"):
            return None, [f"-{arg}"]
    return opts, args


def _ip_unknown(word: str, host_tools: bool) -> CommandResult:
    if host_tools:
        return CommandResult(stderr=f'Object "{word}" is unknown, try "ip help".\n', exit_code=1)
    return usage("ip")


def _ip_show(where: Site, obj: str, opts: dict[str, str], rest: list[str],
             host_tools: bool) -> CommandResult:
    """The listing itself, after ``show``."""
    if obj == "neigh":
        return CommandResult("" if host_tools else neigh.ip_neigh(where))
    if obj == "route":
        return _ip_route(where, opts["family"], rest, host_tools)
    chosen = _select(interfaces_of(where.topology, where.ns), rest)
    if isinstance(chosen, str):
        msg = f'Device "{chosen}" does not exist.' if host_tools else \
            f"ip: can't find device '{chosen}'"
        return CommandResult(stderr=msg + "\n", exit_code=1)
    return CommandResult(_render(where, obj, opts, chosen, host_tools))


def _ip_route(where: Site, family: str, rest: list[str], host_tools: bool) -> CommandResult:
    """``ip [-4|-6] route [show] [default]`` (busybox filters ``default`` only with -4/-6)."""
    six = family == "6" and not host_tools and not where.ns.is_host
    routes = host_routes(where.topology) if where.ns.is_host else \
        (container_routes6 if six else container_routes)(where.topology, where.ns)
    if "default" in rest and (host_tools or family in ("4", "6")):
        routes = [r for r in routes if r.dest == "default"]
    fmt = busybox.ip6_route if six else iproute.ip_route if host_tools else busybox.ip_route
    return CommandResult(fmt(routes))


def _select(ifaces: tuple[Interface, ...], rest: list[str]) -> tuple[Interface, ...] | str:
    """Filter by ``[dev] NAME``, ``master BRIDGE``, ``type KIND``; a missing name is returned."""
    chosen = ifaces
    words = list(rest)
    while words:
        word = words.pop(0)
        value = words.pop(0) if word in ("dev", "master", "type") and words else word
        if word == "master":
            chosen = tuple(i for i in chosen if i.master == value)
        elif word == "type":
            chosen = tuple(i for i in chosen if i.kind == value)
        elif word not in ("up", "scope", "global", "label"):
            named = tuple(i for i in chosen if value in (i.name, i.display_name))
            if not named:
                return value
            chosen = named
    return chosen


def _render(where: Site, obj: str, opts: dict[str, str], chosen: tuple[Interface, ...],
            host_tools: bool) -> str:
    oneline, family = bool(opts.get("oneline")), opts["family"]
    if not host_tools:
        if obj == "link":
            return busybox.ip_link(chosen, oneline)
        return busybox.ip_addr(chosen, "" if family == "link" else family, oneline)
    if opts.get("brief"):
        return iproute.ip_brief(chosen, link=obj == "link" or family == "link", family=family)
    nsids = iproute.netnsids(where.topology)
    if obj == "link" or family == "link":
        return iproute.ip_link(chosen, nsids, oneline)
    return iproute.ip_addr(chosen, nsids, family, oneline)


def ifconfig(where: Site, args: list[str], host_tools: bool) -> CommandResult:
    """``ifconfig [-a] [IFACE]`` (busybox layout in containers, net-tools on the host)."""
    ifaces = interfaces_of(where.topology, where.ns)
    show_all = "-a" in args
    names = [a for a in args if not a.startswith("-")]

    def count(iface: Interface) -> Counters:
        return counters(iface, len(ports_of(iface.name, ifaces)), host=where.ns.is_host)

    fmt = iproute if host_tools else busybox
    if not names:
        return CommandResult(fmt.ifconfig(ifaces, count, show_all))
    found = [i for i in ifaces if i.name == names[0]]
    if not found:
        prefix = "" if host_tools else "ifconfig: "
        return CommandResult(stderr=f"{prefix}{names[0]}: error fetching interface information: "
                                 "Device not found\n", exit_code=1)
    return CommandResult(fmt.ifconfig_block(found[0], count(found[0])))


def brctl(where: Site, args: list[str]) -> CommandResult:
    """bridge-utils ``brctl show [BRIDGE]``."""
    if not args or args[0] != "show":
        return CommandResult(stderr="Usage: brctl [commands]\ncommands:\n\tshow\t\t\t[ <bridge> ]"
                                 "\t\tshow a list of bridges\n", exit_code=1)
    ifaces = interfaces_of(where.topology, where.ns)
    if len(args) > 1:
        wanted = {args[1]}
        ifaces = tuple(i for i in ifaces if i.kind != "bridge" or i.name in wanted)
    return CommandResult(iproute.brctl_show(ifaces))


def bridge(where: Site, args: list[str]) -> CommandResult:
    """iproute2 ``bridge link [show]``."""
    if not args or not "link".startswith(args[0]):
        return CommandResult(stderr="Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
                                 "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n",
                          exit_code=255)
    return CommandResult(iproute.bridge_link(interfaces_of(where.topology, where.ns)))
