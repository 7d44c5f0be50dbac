"""busybox ``ls`` of the usual paths, and the ``/proc/net`` files ``cat`` can read.

The lab's image is busybox built offline: ``/bin`` (busybox and one link per applet),
``/dev``, ``/etc``, ``/proc``, ``/sys`` and ``/tmp``; into ``/etc`` Docker writes
``hostname``, ``hosts`` and ``resolv.conf`` when the container starts (``mtab`` links to
``/proc/mounts``). The official busybox image has more: ``ls /`` there is ``bin dev etc
home lib lib64 proc root sys tmp usr var`` and ``/etc`` also holds ``group``,
``localtime``, ``network``, ``passwd`` and ``shadow``. The image has no
``/etc/passwd``, so ``ls -l`` names the owner ``0``.

``/proc/net/dev`` prints each interface's counters (the same figures ``ifconfig``
shows), ``/proc/net/route`` the routing table, ``/proc/net/arp`` the neighbour table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from coursekit.backends.sim.userland.iptools.ifaces import counters, ports_of
from coursekit.backends.sim.userland.namespace import Site, interfaces_of
from coursekit.backends.sim.userland.tools import neigh, route
from coursekit.backends.sim.userland.usage import APPLETS
from coursekit.result import CommandResult

PROC_NET = (
    "anycast6 arp arp_tables_matches arp_tables_names arp_tables_targets dev dev_mcast "
    "dev_snmp6 fib_trie fib_triestat icmp icmp6 if_inet6 igmp igmp6 ip6_flowlabel "
    "ip6_mr_cache ip6_mr_vif ip6_tables_matches ip6_tables_names ip6_tables_targets "
    "ip6t_hashlimit ip_mr_cache ip_mr_vif ip_tables_matches ip_tables_names "
    "ip_tables_targets ipt_hashlimit ipv6_route mcfilter mcfilter6 netfilter netlink "
    "netstat nf_conntrack nf_conntrack_expect packet protocols psched ptype raw raw6 route "
    "rt6_stats rt_acct rt_cache snmp snmp6 sockstat sockstat6 softnet_stat stat tcp tcp6 "
    "udp udp6 udplite udplite6 unix xfrm_stat xt_recent").split()
DIRECTORIES: dict[str, tuple[str, ...]] = {
    "/": ("bin", "dev", "etc", "proc", "sys", "tmp"),
    "/etc": ("hostname", "hosts", "mtab", "resolv.conf"),
    "/tmp": (),
    "/bin": tuple(sorted(APPLETS | {"busybox"})),
    "/proc/net": tuple(PROC_NET),
}
UNLISTED = ("/dev", "/proc", "/sys")
DOCKER_FILES = ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")
LONG = ("/etc", "/etc/mtab", *DOCKER_FILES)
"""What ``ls -l`` can show: Docker's files (written at start, owned by 0) and /etc."""
DEV_HEAD = ("Inter-|   Receive                                                |  Transmit\n"
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    "
            "packets errs drop fifo colls carrier compressed\n")


def normal(path: str) -> str:
    """``/etc/./hosts`` -> ``/etc/hosts``; relative paths start at ``/`` (the workdir)."""
    return "/" + "/".join(p for p in path.split("/") if p and p != ".")


def proc_file(where: Site, path: str) -> str | None:
    """The text of a ``/proc/net`` file the simulator computes, None for any other."""
    makers: dict[str, Callable[[Site], str]] = {
        "/proc/net/dev": proc_net_dev, "/proc/net/route": route.proc_net_route,
        "/proc/net/arp": neigh.proc_net_arp}
    maker = makers.get(normal(path))
    return None if maker is None else maker(where)


def proc_net_dev(where: Site) -> str:
    """``/proc/net/dev``: bytes and packets per interface, as the kernel prints them."""
    ifaces = interfaces_of(where.topology, where.ns)
    out = DEV_HEAD
    for iface in ifaces:
        c = counters(iface, len(ports_of(iface.name, ifaces)), host=where.ns.is_host)
        out += (f"{iface.name:>6}:{c.rx_bytes:>8} {c.rx_packets:>7}    0    0    0     0"
                f"          0         0 {c.tx_bytes:>8} {c.tx_packets:>7}    0    0    0"
                "     0       0          0\n")
    return out


def ls(where: Site, args: list[str], read: Callable[[str], str | None]) -> CommandResult:
    """busybox ``ls [-1al] [PATH...]`` (one name a line: its output is not a terminal)."""
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    bad = [f for f in flags if f not in "1al"]
    if bad:
        return CommandResult(stderr=f"ls: invalid option -- '{bad[0]}'\n", exit_code=1)
    paths = [a for a in args if not a.startswith("-")] or ["/"]
    for path in paths:
        if normal(path) in UNLISTED or ("l" in flags and normal(path) not in LONG):
            what = f"ls -l {normal(path)}" if normal(path) not in UNLISTED else \
                f"listing {normal(path)}"
            return CommandResult(stderr=f"coursekit: {what} is not simulated; the command did "
                                        "not run\n", exit_code=1)
    return _listing(where, paths, flags, read)


def _listing(where: Site, paths: list[str], flags: str,
             read: Callable[[str], str | None]) -> CommandResult:
    files = sorted(p for p in paths if normal(p) not in DIRECTORIES and _exists(p, read))
    dirs = sorted(p for p in paths if normal(p) in DIRECTORIES)
    err = "".join(f"ls: {p}: No such file or directory\n" for p in paths
                  if normal(p) not in DIRECTORIES and not _exists(p, read))
    blocks = ["".join(_entry(where, p, p, flags, read) for p in files)] if files else []
    for path in dirs:
        names = DIRECTORIES[normal(path)]
        if "a" in flags:
            names = (".", "..", *((".dockerenv",) if normal(path) == "/" else ()), *names)
        title = f"{path}:\n" if len(paths) > 1 else ""
        total = f"total {_total(path, names)}\n" if "l" in flags else ""
        body = "".join(_entry(where, f"{normal(path).rstrip('/')}/{n}", n, flags, read)
                       for n in names)
        blocks.append(title + total + body)
    return CommandResult("\n".join(blocks), err, 1 if err else 0)


def _exists(path: str, read: Callable[[str], str | None]) -> bool:
    return read(normal(path)) is not None


def _total(path: str, names: tuple[str, ...]) -> int:
    """1K blocks used: 4 for each of Docker's files in /etc."""
    return 4 * sum(1 for n in names if f"{normal(path)}/{n}" in DOCKER_FILES)


def _entry(where: Site, path: str, shown: str, flags: str,
           read: Callable[[str], str | None]) -> str:
    if "l" not in flags:
        return shown + "\n"
    full = normal(path)
    when = _stamp(where)
    if full == "/etc/mtab":
        return f"lrwxrwxrwx    1 0        0               12 {when} {shown} -> /proc/mounts\n"
    if full in DOCKER_FILES:
        size = len((read(full) or "").encode())
        return f"-rw-r--r--    1 0        0        {size:>9} {when} {shown}\n"
    return f"{shown}\n"


def _stamp(where: Site) -> str:
    """``Dec  2 00:25``: when the container started (Docker wrote its files then)."""
    started = where.container.started_at if where.container else "2024-01-01T00:00:00Z"
    moment = datetime.fromisoformat(started[:19])
    return moment.strftime("%b ") + f"{moment.day:>2} " + moment.strftime("%H:%M")

