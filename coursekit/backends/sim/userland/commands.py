"""Small commands: ``echo``, ``sleep``, ``env``, ``hostname``, ``cat``, ``nslookup``.

Files exist only where Docker writes them: ``/etc/hosts``, ``/etc/resolv.conf`` and
``/etc/hostname`` (computed by :mod:`dns`); any other path is missing. ``sleep``
returns at once (simulated time does not pass). ``nslookup`` is busybox's: it asks
the first nameserver of resolv.conf directly (it ignores /etc/hosts), so on the
default bridge every container name is NXDOMAIN while ``ping`` may still resolve a
``--link`` alias. busybox prints A and AAAA answers in arrival order; the simulator
prints A first. A nameserver that cannot be reached (``none`` mode, an address
outside the lab) times out.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.profiles.files import EMBEDDED_DNS
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.environ import env as env  # busybox env, -e, --link
from coursekit.backends.sim.userland.namespace import Site, host_addresses
from coursekit.backends.sim.userland.tools.files import proc_file
from coursekit.backends.sim.userland.usage import die, usage
from coursekit.models import Topology
from coursekit.result import CommandResult

BUSYBOX_IMAGES = ("busybox", "alpine")


def echo(args: list[str]) -> CommandResult:
    """``echo [-n] WORDS``."""
    if args[:1] == ["-n"]:
        return CommandResult(" ".join(args[1:]))
    return CommandResult(" ".join(args) + "\n")


def sleep(args: list[str]) -> CommandResult:
    """``sleep N``: returns at once."""
    if not args:
        return CommandResult(stderr="BusyBox v1.35.0 multi-call binary.\n\nUsage: sleep [N]...\n",
                          exit_code=1)
    bad = [a for a in args if not a.rstrip("smhd").replace(".", "", 1).isdigit()]
    return die("sleep", f"invalid number '{bad[0]}'") if bad else CommandResult()


def hostname(where: Site, args: list[str], host_tools: bool) -> CommandResult:
    """``hostname [-s|-i|-d|-f|-I]``; setting a name is refused."""
    name = dns.hostname(where.topology, where.ref)
    flags = "".join(a.lstrip("-") for a in args if a.startswith("-"))
    operands = [a for a in args if not a.startswith("-")]
    bad = [f for f in flags if f not in "sidf" + ("I" if host_tools else "")]
    if bad:
        return usage("hostname", f"invalid option -- '{bad[0]}'")
    if operands:
        if host_tools:
            return CommandResult(stderr="hostname: you must be root to change the host name\n",
                              exit_code=4)
        return die("hostname", "sethostname: Operation not permitted")
    if "I" in flags:
        return CommandResult("".join(f"{ip} " for ip in host_addresses(where.topology)) + "\n")
    if "i" in flags:
        found = dns.hosts_lookup(dns.hosts_file(where.topology, where.ref), name)
        if found is None:
            return die("hostname", f"{name}: Host name lookup failure")
        return CommandResult(found + "\n")
    if "d" in flags:
        return CommandResult(name.partition(".")[2] + "\n")
    return CommandResult((name.split(".")[0] if "s" in flags else name) + "\n")


def _hostname_file(topology: Topology, ref: str | None) -> str:
    return dns.hostname(topology, ref) + "\n"


def read_file(where: Site, path: str) -> str | None:
    """The text of one of Docker's files, None for any other path."""
    files = {"/etc/hosts": dns.hosts_file, "/etc/resolv.conf": dns.resolv_conf,
             "/etc/hostname": _hostname_file}
    normal = "/" + "/".join(p for p in path.split("/") if p and p != ".")
    maker = files.get(normal)
    return proc_file(where, normal) if maker is None else maker(where.topology, where.ref)


def cat(where: Site, args: list[str], host_tools: bool) -> CommandResult:
    """``cat FILE...``: busybox or GNU wording for a missing file."""
    out, err, code = "", "", 0
    for path in (a for a in args if a != "-"):
        text = read_file(where, path)
        if text is None:
            err += f"cat: {path}: No such file or directory\n" if host_tools else \
                f"cat: can't open '{path}': No such file or directory\n"
            code = 1
        else:
            out += text
    return CommandResult(out, err, code)


def nslookup(where: Site, args: list[str]) -> CommandResult:
    """busybox ``nslookup NAME [SERVER]``."""
    operands = [a for a in args if not a.startswith("-")]
    if not operands or len(operands) > 2:
        return usage("nslookup")
    name = operands[0]
    server = operands[1] if len(operands) > 1 else dns.nameserver(where.topology, where.ref)
    head = f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
    if not _server_reachable(where, server):
        return CommandResult(";; connection timed out; no servers could be reached\n\n",
                          exit_code=1)
    embedded = server == EMBEDDED_DNS
    if _is_ip(name):
        return head_plus(head, _reverse(where, name, embedded))
    rcode, found = dns.query(where.topology, where.ref, server, name)
    if not found:
        return CommandResult(head + f"** server can't find {name}: {rcode}\n\n" * 2, exit_code=1)
    answers = "".join(f"Name:\t{name}\nAddress: {ip}\n" for ip in found)
    return CommandResult(head + f"Non-authoritative answer:\n{answers}\n"
                             "Non-authoritative answer:\n\n")


def head_plus(head: str, body: tuple[str, int]) -> CommandResult:
    return CommandResult(head + body[0], exit_code=body[1])


def _reverse(where: Site, ip: str, embedded: bool) -> tuple[str, int]:
    arpa = ".".join(reversed(ip.split("."))) + ".in-addr.arpa"
    name = dns.reverse_lookup(where.topology, where.ref, ip) if embedded else None
    if name is None:
        return f"** server can't find {arpa}: NXDOMAIN\n\n", 1
    return f"Non-authoritative answer:\n{arpa}\tname = {name}\n\n", 0


def _server_reachable(where: Site, server: str) -> bool:
    """Whether any answer comes back from ``server`` (:func:`dns.query`)."""
    return dns.query(where.topology, where.ref, server, "localhost")[0] != "TIMEOUT"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True
