"""busybox ``nslookup [-type=A|AAAA] NAME [SERVER]``: what it asks and how it prints.

It asks the first nameserver of resolv.conf directly (it ignores /etc/hosts), so on the
default bridge every container name is NXDOMAIN while ``ping`` may still resolve a
``--link`` alias. Without ``-type`` it sends an A and an AAAA query and prints one
``Non-authoritative answer:`` block per reply, in arrival order (observed: 28.5's
embedded DNS answered AAAA first, 20.10's A first; the simulator prints A first): a name
with no IPv6 address gets an empty AAAA block. An address is looked up backwards
(``in-addr.arpa``, or ``ip6.arpa`` nibbles for IPv6): the embedded DNS answers
``name.network``. A nameserver that cannot be reached (``none`` mode, an address outside
the lab) times out.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.profiles.files import EMBEDDED_DNS
from coursekit.backends.sim.userland.dns.files import nameserver
from coursekit.backends.sim.userland.dns.resolver import query, reverse_lookup
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.usage import usage
from coursekit.result import CommandResult

TYPES = {"-type=a": (4,), "-type=aaaa": (6,)}


def nslookup(where: Site, args: list[str]) -> CommandResult:
    """busybox ``nslookup [-type=A|AAAA] NAME [SERVER]``."""
    options = [a for a in args if a.startswith("-")]
    operands = [a for a in args if not a.startswith("-")]
    unknown = [o for o in options if o.lower() not in TYPES]
    if unknown:
        return CommandResult(stderr=f"coursekit: nslookup {unknown[0]} is not simulated (only "
                                    "-type=A and -type=AAAA); the command did not run\n",
                             exit_code=1)
    if not operands or len(operands) > 2:
        return usage("nslookup")
    families = TYPES[options[-1].lower()] if options else (4, 6)
    name = operands[0]
    server = operands[1] if len(operands) > 1 else nameserver(where.topology, where.ref)
    head = f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
    if query(where.topology, where.ref, server, "localhost")[0] == "TIMEOUT":
        return CommandResult(";; connection timed out; no servers could be reached\n\n",
                             exit_code=1)
    if _is_ip(name):
        text, code = _reverse(where, name, server == EMBEDDED_DNS)
        return CommandResult(head + text, exit_code=code)
    return _forward(where, head, server, name, families)


def _forward(where: Site, head: str, server: str, name: str,
             families: tuple[int, ...]) -> CommandResult:
    """One answer block per query; the first failing rcode printed twice (busybox)."""
    answers = [query(where.topology, where.ref, server, name, f) for f in families]
    rcode = answers[0][0]
    if rcode != "NOERROR":
        return CommandResult(head + f"** server can't find {name}: {rcode}\n\n" * 2,
                             exit_code=1)
    blocks = "".join("Non-authoritative answer:\n"
                     + "".join(f"Name:\t{name}\nAddress: {ip}\n" for ip in found) + "\n"
                     for _, found in answers)
    return CommandResult(head + blocks)


def _reverse(where: Site, ip: str, embedded: bool) -> tuple[str, int]:
    arpa = ipaddress.ip_address(ip).reverse_pointer
    name = reverse_lookup(where.topology, where.ref, ip) if embedded else None
    if name is None:
        return f"** server can't find {arpa}: NXDOMAIN\n\n", 1
    return f"Non-authoritative answer:\n{arpa}\tname = {name}\n\n", 0


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
