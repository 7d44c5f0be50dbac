"""Small commands: ``echo``, ``sleep``, ``env``, ``hostname``, ``cat``, ``nslookup``.

Files exist only where Docker writes them: ``/etc/hosts``, ``/etc/resolv.conf`` and
``/etc/hostname`` (computed by :mod:`dns`); any other path is missing. ``sleep``
returns at once (simulated time does not pass). ``nslookup`` is busybox's
(:mod:`coursekit.backends.sim.userland.dns.nslookup`).
"""

from __future__ import annotations

from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.dns.nslookup import nslookup as nslookup
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
