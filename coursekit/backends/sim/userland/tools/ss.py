"""The host's ``ss`` (Debian 12's iproute2): who listens on the host, and the userland proxy.

A published port (``-p 8081:8080``) is served twice on the host. The NAT rules
(``iptables -t nat -S DOCKER``) rewrite packets that arrive from outside; for what they
cannot catch (a connection from the host itself to ``127.0.0.1:8081``, or from a
container through the host's address) dockerd starts one ``docker-proxy`` process per
binding, which listens on the host port and copies bytes to the container. Observed on
both engines: one proxy per binding, so ``-p 8081:8080`` (bindings ``0.0.0.0`` and
``::``) runs two, ``-p 127.0.0.1:8082:80`` one, ``-p 5353:53/udp`` two UDP proxies; they
live while the container runs. Engine 28.5 opens the socket itself and hands it over
(``-use-listen-fd``, so the proxy holds it as fd 7); 20.10's proxy opens its own
(fd 4). A host-mode container's server listens on the host directly: ss shows its
dual-stack socket as ``*:8080``.

Layout: iproute2 measures every column (the header included) and pads to the widest
cell; addresses are right-aligned before the ``:``, ports left-aligned after it; IPv6
addresses are bracketed (``[::]:8081``). The PIDs come from the container's id (a real
machine's are whatever the kernel handed out).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.userland.namespace import Site, host_namespace
from coursekit.models import Container, Topology
from coursekit.result import CommandResult

NOTE = "coursekit: ss {what} is not simulated on the host; the command did not run\n"
PROXY_BACKLOG = 4096
BACKLOGS = {"httpd": 9, "nc": 1, "nginx": 511, "catalina.sh": 100}
"""Listen backlogs (``Send-Q`` of a listening socket) of the servers the simulator runs."""
KNOWN = set("ltuanp46rHeE") - set("eE")


@dataclass(frozen=True)
class Socket:
    """One socket as a row of ``ss``."""

    netid: str
    state: str
    backlog: int
    address: str
    port: int
    process: str

    @property
    def peer(self) -> str:
        return "0.0.0.0" if "." in self.address else (
            "[::]" if self.address.startswith("[") else "*")


def ss(where: Site, args: list[str]) -> CommandResult:
    """``ss [-ltuanp46H] [sport = :PORT]``."""
    flags = "".join(a[1:] for a in args if a.startswith("-") and not a.startswith("--"))
    longs = [a for a in args if a.startswith("--")]
    words = [a for a in args if not a.startswith("-")]
    unknown = sorted(set(flags) - KNOWN) + [a for a in longs if a not in ("--tcp", "--udp")]
    port = _sport(words)
    if unknown or (words and port is None):
        what = unknown[0] if unknown else " ".join(words)
        return CommandResult(stderr=NOTE.format(what=what), exit_code=1)
    flags += ("t" if "--tcp" in longs else "") + ("u" if "--udp" in longs else "")
    if "t" not in flags and "u" not in flags:  # every kind: UNIX, netlink... as well
        return CommandResult(stderr=NOTE.format(what="without -t or -u (all socket kinds)"),
                             exit_code=1)
    rows = [s for s in sockets(where.topology) if _wanted(s, flags, port)]
    return CommandResult(render(rows, flags))


def _sport(words: list[str]) -> int | None:
    """``sport = :8081`` (also ``( sport = :8081 )``); None if not that shape."""
    text = " ".join(w for w in words if w not in ("(", ")"))
    if not text:
        return 0
    name, _, value = text.partition(" = ")
    if name in ("sport", "src") and value.startswith(":") and value[1:].isdigit():
        return int(value[1:])
    return None


def _wanted(sock: Socket, flags: str, port: int | None) -> bool:
    if sock.netid not in [n for f, n in (("t", "tcp"), ("u", "udp")) if f in flags]:
        return False
    if "l" not in flags and "a" not in flags:
        return False  # only established connections: the simulated host has none
    if ("4" in flags and "." not in sock.address) or ("6" in flags and "." in sock.address):
        return False
    return not port or sock.port == port


def sockets(topology: Topology) -> list[Socket]:
    """Every listening socket on the host: TCP before UDP, IPv4 before IPv6, by port."""
    found: list[Socket] = []
    fd = for_topology(topology).proxy_fd
    for ctr in topology.containers:
        if ctr.state in ("running", "paused"):  # a frozen container keeps its proxies
            found += _proxies(ctr, fd)
    for member in host_namespace(topology).members:
        found += _host_mode(member)
    return sorted(found, key=lambda s: (s.netid, "." not in s.address, s.port, s.address))


def _proxies(ctr: Container, fd: int) -> list[Socket]:
    out = []
    for index, binding in enumerate(ctr.ports):
        if binding.protocol not in ("tcp", "udp") or not binding.host_port:
            continue
        host_ip = binding.host_ip or "0.0.0.0"
        address = host_ip if "." in host_ip else f"[{host_ip}]"
        tcp = binding.protocol == "tcp"
        process = f'users:(("docker-proxy",pid={proxy_pid(ctr, index)},fd={fd}))'
        out.append(Socket(binding.protocol, "LISTEN" if tcp else "UNCONN",
                          PROXY_BACKLOG if tcp else 0, address, binding.host_port, process))
    return out


def _host_mode(ctr: Container) -> list[Socket]:
    main = (*ctr.entrypoint, *ctr.command)
    program = main[0].rpartition("/")[2] if main else ""
    pid = proxy_pid(ctr, 99)
    return [Socket("tcp", "LISTEN", BACKLOGS.get(program, 128), "*", port,
                   f'users:(("{program[:15]}",pid={pid},fd=3))') for port in ctr.listening]


def proxy_pid(ctr: Container, index: int) -> int:
    """A stable PID for the ``index``-th proxy of ``ctr`` (from its id)."""
    return 10000 + (int(ctr.id[:6], 16) % 6000) * 8 + index


def render(rows: list[Socket], flags: str) -> str:
    """The table, each column as wide as its widest cell (header included)."""
    netid = "t" in flags and "u" in flags
    cols: list[tuple[str, bool, str, list[str]]] = [  # (header, right-aligned, delim, cells)
        ("Netid", False, "", [s.netid for s in rows]),
        ("State", False, " ", [s.state for s in rows]),
        ("Recv-Q", False, " ", ["0" for _ in rows]),
        ("Send-Q", False, " ", [str(s.backlog) for s in rows]),
        ("Local Address:", True, " ", [s.address + ":" for s in rows]),
        ("Port", False, "", [str(s.port) for s in rows]),
        ("Peer Address:", True, " ", [s.peer + ":" for s in rows]),
        ("Port", False, "", ["*" for _ in rows]),
        ("Process", False, "", [" " + s.process if "p" in flags else "" for s in rows]),
    ]
    if not netid:
        cols = cols[1:]
    cols[0] = (cols[0][0], cols[0][1], "", cols[0][3])
    lines = [] if "H" in flags else [_line(cols, None)]
    return "".join(line + "\n" for line in lines + [_line(cols, i) for i in range(len(rows))])


def _line(cols: list[tuple[str, bool, str, list[str]]], row: int | None) -> str:
    out = ""
    for header, right, delim, cells in cols:
        width = max(len(header), *(len(c) for c in cells)) if cells else len(header)
        text = header if row is None else cells[row]
        out += delim + (text.rjust(width) if right else text.ljust(width))
    return out
