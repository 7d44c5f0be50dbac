"""busybox ``netstat``: the sockets of the network namespace a command runs in.

What listens in a container's namespace:

- each running member's main process (busybox ``httpd -f -p 8080``, ``nc -l -p 9000``,
  nginx...) on its ports; busybox servers bind the IPv6 wildcard, which also takes
  IPv4, and netstat prints that as ``tcp ... :::8080``;
- on a user-defined network, Docker's embedded DNS server: the daemon opens a TCP and a
  UDP socket on 127.0.0.11 inside the namespace, on ports the kernel picks at random,
  and redirects port 53 to them with iptables rules in the namespace. So ``netstat``
  shows ``127.0.0.11:34739`` rather than ``:53`` (the golden tests do not compare the
  port numbers; the simulator derives them from the container's id).

A host-mode container sees the host's sockets: the ``docker-proxy`` listeners of published
ports (:mod:`.ss`) and its own servers. ``netstat -r`` prints the routing table with
``MSS Window irtt`` columns.

Layout as busybox 1.35 prints it (``%-5s %6ld %6ld %-23s %-23s %-12s``): TCP before UDP,
IPv4 before IPv6. The lab's busybox is built without ``-p`` (which process): ``netstat
-tlnp`` answers with its usage screen, as it does there; ``-e`` is not simulated.
"""

from __future__ import annotations

from coursekit.backends.sim.profiles.files import EMBEDDED_DNS
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.tools import route as routing
from coursekit.backends.sim.userland.tools import ss
from coursekit.backends.sim.userland.usage import BANNER
from coursekit.result import CommandResult

OPTIONS = "raltuwxen"
NOTE = ("coursekit: netstat -e (extended socket details) is not simulated; "
        "the command did not run\n")
USAGE = ("Usage: netstat [-ral] [-tuwx] [-en]\n\nDisplay networking information\n\n"
         "\t-r\tRouting table\n\t-a\tAll sockets\n\t-l\tListening sockets\n"
         "\t\tElse: connected sockets\n\t-t\tTCP sockets\n\t-u\tUDP sockets\n"
         "\t-w\tRaw sockets\n\t-x\tUnix sockets\n\t\tElse: all socket types\n"
         "\t-e\tOther/more information\n\t-n\tDon't resolve names\n")
HEAD = ("Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n")
UNIX_HEAD = "Proto RefCnt Flags       Type       State         I-Node Path\n"
EPHEMERAL = (32768, 60999)


def netstat(where: Site, args: list[str]) -> CommandResult:
    """``netstat [-ral] [-tuwx] [-en]``."""
    flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
    bad = [f for f in flags if f not in OPTIONS]
    if bad or [a for a in args if not a.startswith("-")]:
        first = bad[0] if bad else ""
        return CommandResult(stderr=f"netstat: invalid option -- '{first}'\n{BANNER}{USAGE}",
                             exit_code=1)
    if "e" in flags:
        return CommandResult(stderr=NOTE, exit_code=1)
    if "r" in flags:
        return routing.netstat_r(where, numeric="n" in flags)
    return CommandResult(sockets(where, flags))


def sockets(where: Site, flags: str) -> str:
    """The socket sections ``flags`` asks for."""
    kinds = {f for f in flags if f in "tuwx"} or set("tuwx")
    which = ("servers and established" if "a" in flags else
             "only servers" if "l" in flags else "w/o servers")
    rows = listeners(where) if ("a" in flags or "l" in flags) else []
    out = ""
    if kinds & set("tuw"):
        out += f"Active Internet connections ({which})\n{HEAD}"
        out += "".join(_row(proto, local, foreign) for proto, local, foreign in rows
                       if proto[0] in kinds)
    if "x" in kinds:
        out += f"Active UNIX domain sockets ({which})\n{UNIX_HEAD}"
    return out


def listeners(where: Site) -> list[tuple[str, str, str]]:
    """(proto, local, foreign) of every listening socket: TCP, then UDP; IPv4 first."""
    tcp4: list[tuple[str, str, str]] = []
    udp4: list[tuple[str, str, str]] = []
    owner = where.ns.owner
    if owner is not None and dns.uses_embedded_dns(where.topology, where.ns):
        tcp_port, udp_port = resolver_ports(owner.id)
        tcp4.append(("tcp", f"{EMBEDDED_DNS}:{tcp_port}", "0.0.0.0:*"))
        udp4.append(("udp", f"{EMBEDDED_DNS}:{udp_port}", "0.0.0.0:*"))
    ports = sorted({port for member in where.ns.members for port in member.listening})
    tcp6 = [("tcp", f":::{port}", ":::*") for port in ports]
    udp6: list[tuple[str, str, str]] = []
    if where.ns.is_host:  # a host-mode container sees the host's docker-proxy sockets
        for sock in ss.sockets(where.topology):
            v4 = "." in sock.address
            address = sock.address if v4 else sock.address.strip("[]*") or "::"
            row = (sock.netid, f"{address}:{sock.port}", "0.0.0.0:*" if v4 else ":::*")
            if sock.process.startswith("users:((\"docker-proxy"):
                (tcp4 if v4 else tcp6).append(row) if sock.netid == "tcp" else \
                    (udp4 if v4 else udp6).append(row)
    return tcp4 + tcp6 + udp4 + udp6


def resolver_ports(owner_id: str) -> tuple[int, int]:
    """The embedded DNS server's TCP and UDP ports in a namespace (drawn from its id)."""
    low, high = EPHEMERAL
    span = high - low + 1
    return low + int(owner_id[:8], 16) % span, low + int(owner_id[8:16], 16) % span


def _row(proto: str, local: str, foreign: str) -> str:
    state = "LISTEN" if proto == "tcp" else ""
    return f"{proto:<5} {0:>6} {0:>6} {local:<23} {foreign:<23} {state:<12}\n"
