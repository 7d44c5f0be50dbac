"""The tools' entries in the shell's command tables (:mod:`..shell` merges them in)."""

from __future__ import annotations

from collections.abc import Callable

from coursekit.backends.sim.userland import commands
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.tools import files, neigh, netstat, ps, route, ss
from coursekit.result import CommandResult

Command = Callable[[Site, list[str]], CommandResult]
CONTAINER_TOOLS: dict[str, Command] = {
    "ps": ps.ps,
    "route": route.route,
    "netstat": netstat.netstat,
    "arp": neigh.arp,
    "ls": lambda s, a: files.ls(s, a, lambda path: commands.read_file(s, path)),
}
HOST_TOOLS: dict[str, Command] = {
    "ss": ss.ss,
}
