"""The probes lab-task checks run, as a learner would type them, and how to read them.

Each probe is one bounded command line that answers the same way on the simulator and
on a real engine, aimed only at the lab's own containers and at loopback:

- ``curl -s http://127.0.0.1:PORT/`` on the host: does a server answer there? (On a
  real engine the host helper sends it through busybox ``nc``; a busybox ``httpd``
  with no files answers ``404 Not Found``, which counts: something answered.)
- ``docker exec C ping -c 1 -W 1 TARGET``: one packet, one second at most.
- ``docker exec C ip -o link`` and ``ip -o -4 addr``: the interfaces and addresses the
  container's kernel really has, whatever its configuration says.

Probes from inside a container use ``ping`` and ``ip`` only: Debian's busybox ``wget``
crashes inside the engine's image, and the simulator does not run ``nc`` in containers.
"""

from __future__ import annotations

import re

from coursekit.result import CommandResult

LOOPBACK = "127.0.0.1"
HOST_ADDRESSES = "ip -o -4 addr"
_LINK = re.compile(r"^\d+:\s+([^:@\s]+)", re.M)
_INET = re.compile(r"\binet (\d+\.\d+\.\d+\.\d+)/(\d+)")


def host_get(port: int, host: str = LOOPBACK) -> str:
    """The host fetches ``/`` from ``host:port``."""
    return f"curl -s http://{host}:{port}/"


def ping(src: str, target: str) -> str:
    """``src`` sends one ping to ``target`` and waits a second at most."""
    return f"docker exec {src} ping -c 1 -W 1 {target}"


def alive(container: str) -> str:
    """``container`` runs one more process (it is up and not frozen)."""
    return f"docker exec {container} true"


def links(container: str) -> str:
    """The interfaces inside ``container``."""
    return f"docker exec {container} ip -o link"


def addresses(container: str) -> str:
    """The IPv4 addresses inside ``container``."""
    return f"docker exec {container} ip -o -4 addr"


def link_names(result: CommandResult) -> list[str]:
    """Interface names from ``ip -o link``: ``2: eth0@if7: <...>`` gives ``eth0``."""
    return _LINK.findall(result.stdout)


def inet_addresses(result: CommandResult) -> list[str]:
    """The addresses (no prefix) ``ip -o -4 addr`` lists."""
    return [ip for ip, _ in _INET.findall(result.stdout)]
