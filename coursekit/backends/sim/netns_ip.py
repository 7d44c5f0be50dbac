"""iproute2's changing verbs on the simulated host, applied to the learner's :class:`HandNet`.

:func:`run_ip` takes a host command line's argv and answers the verbs that change the
kernel's state: ``ip netns add|list|delete|exec NS ...``, ``ip link add|set|del``,
``ip addr add|del``, ``ip route add`` (in a learner's namespace). It returns None for
everything else, which the userland then answers from a snapshot as before (listings
of the host's own namespace among them: the learner's root-namespace links are part
of the host's interfaces, and ``ip netns exec NS ip addr|link|route`` is printed by
:mod:`coursekit.backends.sim.userland.iptools.netns` from the snapshot). A refused
change changes nothing: every argument is checked before the first one applies.
"""

from __future__ import annotations

from coursekit.backends.sim.netns import (
    ROOT,
    HandLink,
    HandNet,
    HandRoute,
    fail,
    in_subnet,
    not_simulated,
)
from coursekit.result import CommandResult

SHOW = ("show", "list", "ls", "lst", "sh", "s", "l")
CHANGES = {"add", "set", "del", "delete", "change", "replace", "flush", "append", "prepend"}
OBJECTS = (("address", "addr"), ("link", "link"), ("route", "route"), ("netns", "netns"))


def run_ip(net: HandNet, argv: list[str]) -> CommandResult | None:
    """The answer to a host ``ip`` line that changes state or enters a namespace, else None."""
    if not argv or argv[0] != "ip":
        return None
    while len(argv) > 1 and argv[1].startswith("-"):  # -4, -d...: no bearing on a change
        if argv[1] in ("-n", "-netns"):
            return not_simulated("ip -n NS (use ip netns exec NS ip ...)")
        argv = [argv[0], *argv[2:]]
    if len(argv) < 2:
        return None
    obj = _object(argv[1])
    if obj == "netns":
        return _netns(net, argv[2:])
    if obj is None or len(argv) < 3 or argv[2] not in CHANGES:
        return None
    return _change(net, obj, argv[2], argv[3:], ROOT)


def _object(word: str) -> str | None:
    """The object a word abbreviates (``a`` addr; ``netns`` needs three letters: ``n`` is
    iproute2's ``neigh``)."""
    if word.startswith("n") and len(word) < 3:
        return None
    return next((name for full, name in OBJECTS if full.startswith(word)), None)


def _netns(net: HandNet, args: list[str]) -> CommandResult | None:
    """``ip netns add NAME | delete NAME | exec NAME ip CHANGE...`` (listings: None)."""
    verb = args[0] if args else "list"
    if verb in SHOW:
        return None
    if verb in ("add", "delete", "del", "exec") and len(args) < 2:
        return fail("No netns name specified", 1)
    if verb == "add":
        return net.add_namespace(args[1])
    if verb in ("delete", "del"):
        return net.delete_namespace(args[1])
    if verb == "exec":
        return _exec(net, args[1], args[2:])
    return not_simulated(f"ip netns {verb}")


def _exec(net: HandNet, ns: str, argv: list[str]) -> CommandResult | None:
    """``ip netns exec NS ip ...``: a change inside the namespace (its listings: None)."""
    if ns not in net.namespaces:
        return fail(f'Cannot open network namespace "{ns}": No such file or directory', 255)
    program = argv[0].rpartition("/")[2] if argv else ""
    if program == "ping":
        return None  # the userland's iputils ping answers from the snapshot
    if program != "ip":
        return not_simulated(f"ip netns exec {ns} {' '.join(argv[:1])} (only ip and ping "
                             "run there)")
    words = [a for a in argv[1:] if not a.startswith("-")]
    obj = _object(words[0]) if words else None
    if obj is None or obj == "netns" or len(words) < 2 or words[1] not in CHANGES:
        return None
    return _change(net, obj, words[1], words[2:], ns)


def _change(net: HandNet, obj: str, verb: str, args: list[str], ns: str) -> CommandResult:
    if obj == "link" and verb == "add":
        return _link_add(net, args, ns)
    if obj == "link" and verb == "set":
        return _link_set(net, args, ns)
    if obj == "link" and verb in ("del", "delete"):
        return _link_del(net, args, ns)
    if obj == "addr" and verb in ("add", "del", "delete"):
        return _addr(net, verb == "add", args, ns)
    if obj == "route" and verb == "add" and ns != ROOT:
        return _route_add(net, args, ns)
    return not_simulated(f"ip {obj} {verb}{' on the host itself' if ns == ROOT else ''}")


def _device(args: list[str]) -> str:
    """The device named by ``dev NAME`` or the first plain word."""
    if "dev" in args and args.index("dev") + 1 < len(args):
        return args[args.index("dev") + 1]
    return args[0] if args else ""


def _link_add(net: HandNet, args: list[str], ns: str) -> CommandResult:
    """``ip link add [name] NAME type bridge|veth [peer name PEER]``."""
    words = args[1:] if args[:1] == ["name"] else args
    if len(words) >= 3 and words[1:3] == ["type", "bridge"] and len(words) == 3:
        return net.add_link(words[0], "bridge", ns, None)
    if len(words) == 6 and words[1:3] == ["type", "veth"] and words[3:5] == ["peer", "name"]:
        return net.add_link(words[0], "veth", ns, words[5])
    return not_simulated(f"ip link add {' '.join(args)} (only type bridge and type veth "
                         "peer name PEER are)")


def _link_set(net: HandNet, args: list[str], ns: str) -> CommandResult:
    """``ip link set [dev] DEV up|down|master BR|nomaster|netns NS ...``."""
    words = args[1:] if args[:1] == ["dev"] else list(args)
    if not words:
        return not_simulated("ip link set without a device")
    changes: list[tuple[str, str]] = []
    rest = words[1:]
    while rest:  # iproute2 opens a netns while it parses, before it looks the device up
        word = rest.pop(0)
        if word in ("up", "down", "nomaster"):
            changes.append((word, ""))
        elif word in ("master", "netns") and rest:
            changes.append((word, rest.pop(0)))
        else:
            return not_simulated(f"ip link set ... {word}")
        value = changes[-1][1]
        if word == "netns" and value not in net.namespaces:
            return fail(f'Error: argument "{value}" is wrong: Invalid "netns" value\n', 255)
        if word == "master" and net.find(value, ns) is None:
            if ns == ROOT and value in net.host_names():
                return not_simulated(f"plugging into the host's own bridge {value}")
            return fail(f'Error: argument "{value}" is wrong: Device does not exist\n', 255)
    link = net.find(words[0], ns)
    if link is None:
        return _missing_device(net, words[0], ns)
    for word, value in changes:  # check everything first: a refused line changes nothing
        bridge = net.find(value, ns) if word == "master" else None
        if bridge is not None and (bridge is link or bridge.kind != "bridge"):
            return not_simulated(f"ip link set {link.name} master {value} (not a bridge)")
    for word, value in changes:
        _apply(net, link, word, value)
    return CommandResult()


def _apply(net: HandNet, link: HandLink, word: str, value: str) -> None:
    """One change of ``ip link set``, already checked."""
    if word in ("up", "down"):
        link.up = word == "up"
    elif word == "master":
        link.master = value
        bridge = net.find(value, link.ns)
        if bridge is not None:
            bridge.ported = True
    elif word == "nomaster":
        link.master = None
    elif word == "netns":  # a link that changes namespace goes down and loses its addresses
        link.ns, link.up, link.master, link.ipv4 = value, False, None, []


def _missing_device(net: HandNet, name: str, ns: str) -> CommandResult:
    """iproute2's answer for a name the learner did not make: Docker's links are not theirs."""
    if ns == ROOT and name in net.host_names():
        return not_simulated(f"changing the host's own link {name}")
    return fail(f'Cannot find device "{name}"', 1)


def _link_del(net: HandNet, args: list[str], ns: str) -> CommandResult:
    """``ip link del [dev] DEV``."""
    name = _device(args)
    link = net.find(name, ns)
    if link is None or link.kind == "loopback":
        return _missing_device(net, name, ns) if link is None else \
            fail("RTNETLINK answers: Operation not supported", 2)
    net.remove(link)
    return CommandResult()


def _addr(net: HandNet, adding: bool, args: list[str], ns: str) -> CommandResult:
    """``ip addr add|del CIDR dev DEV``."""
    if len(args) != 3 or args[1] != "dev" or not _is_cidr(args[0]):
        return not_simulated(f"ip addr {'add' if adding else 'del'} {' '.join(args)} (only "
                             "CIDR dev DEV is)")
    cidr = args[0] if "/" in args[0] else args[0] + "/32"
    link = net.find(args[2], ns)
    if link is None:
        return _missing_device(net, args[2], ns)
    if adding and cidr in link.ipv4:
        return fail("Error: ipv4: Address already assigned.", 2)
    if not adding and cidr not in link.ipv4:
        return fail("Error: ipv4: Address not found.", 2)
    if adding:
        link.ipv4.append(cidr)
    else:
        link.ipv4.remove(cidr)
    return CommandResult()


def _is_cidr(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv4Interface(text)
    except ValueError:
        return False
    return True


def _route_add(net: HandNet, args: list[str], ns: str) -> CommandResult:
    """``ip route add DEST via GW [dev DEV]`` or ``ip route add DEST dev DEV``."""
    dest = args[0] if args else ""
    opts = dict(zip(args[1::2], args[2::2], strict=False))
    if len(args) % 2 == 0 or set(opts) - {"via", "dev"} or not opts:
        return not_simulated(f"ip route add {' '.join(args)} (only DEST via GW, DEST dev DEV)")
    dev, gateway = opts.get("dev", ""), opts.get("via", "")
    up = [k for k in net.in_ns(ns) if k.up and net.carrier(k) and k.kind != "loopback"]
    if dev and net.find(dev, ns) is None:
        return _missing_device(net, dev, ns)
    if gateway:
        on = [k for k in up if (not dev or k.name == dev) and in_subnet(gateway, k.ipv4)]
        if not on:
            return fail("Error: Nexthop has invalid gateway.", 2)
        dev = dev or on[0].name
    route = HandRoute(dest, dev, gateway)
    if any(r.dest == dest for r in net.routes[ns]):
        return fail("RTNETLINK answers: File exists", 2)
    net.routes[ns].append(route)
    return CommandResult()
