"""Commands inside a simulated container or on the simulated host: argv in, output out.

``run_in_container(topology, id, argv)`` is what ``docker exec`` runs; ``run_on_host``
what a notebook line without ``docker`` runs on the host. Both are pure functions of
the :class:`~coursekit.models.Topology` and never raise.

Containers speak busybox (the course's image; Debian-based images such as nginx or
tomcat are answered with the same tools, plus ``bash``): ``ip``, ``ifconfig``,
``ping``, ``nslookup``, ``wget``, ``hostname``, ``cat`` of /etc/hosts, /etc/resolv.conf
and /etc/hostname, ``env``, ``echo``, ``sleep``, ``true``, ``false``, and ``sh -c``
with ``;``, ``&&``, ``||``, pipes into grep/head/tail/wc and the redirections
``>&2``, ``2>&1``, ``>/dev/null``, applied left to right as busybox ash does. A program
the image lacks fails as ``docker exec`` does (``OCI runtime exec failed``, 126); a
busybox applet the simulator does not run says so (127).

The host speaks Debian: iproute2 ``ip`` (and ``bridge link``), net-tools ``ifconfig``,
bridge-utils ``brctl show``, iputils ``ping``, GNU ``wget``, ``curl``, ``hostname``,
``cat``, and reading the netfilter rules Docker wrote (``iptables -S``, ``iptables-save``:
``coursekit.backends.sim.netfilter``); a leading ``sudo`` is dropped. Anything else:
``bash: X: command not found`` and the list of what the simulated host runs (127).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from coursekit.backends.sim import netfilter
from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.userland import commands, shtext
from coursekit.backends.sim.userland.http.curl import curl
from coursekit.backends.sim.userland.http.wget import busybox_wget, gnu_wget
from coursekit.backends.sim.userland.iptools import netcmds
from coursekit.backends.sim.userland.iptools.iputils_ping import host_ping
from coursekit.backends.sim.userland.namespace import Site, find_container, site
from coursekit.backends.sim.userland.ping import busybox_ping, busybox_ping6
from coursekit.backends.sim.userland.tools.table import CONTAINER_TOOLS, HOST_TOOLS
from coursekit.backends.sim.userland.usage import APPLETS, exec_not_found, not_simulated
from coursekit.models import Container, Topology
from coursekit.result import CommandResult

Command = Callable[[Site, list[str]], CommandResult]
PATH_DIRS = ("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
SHELLS = ("sh", "ash", "bash")
CONTAINER_COMMANDS: dict[str, Command] = {
    "ip": lambda s, a: netcmds.ip(s, a, host_tools=False),
    "ifconfig": lambda s, a: netcmds.ifconfig(s, a, host_tools=False),
    "ping": busybox_ping,
    "ping6": busybox_ping6,
    "nslookup": commands.nslookup,
    "wget": busybox_wget,
    "hostname": lambda s, a: commands.hostname(s, a, host_tools=False),
    "cat": lambda s, a: commands.cat(s, a, host_tools=False),
    "env": lambda s, a: commands.env(s),
    "echo": lambda s, a: commands.echo(a),
    "sleep": lambda s, a: commands.sleep(a),
    "true": lambda s, a: CommandResult(),
    "false": lambda s, a: CommandResult(exit_code=1),
    **CONTAINER_TOOLS,
}
HOST_COMMANDS: dict[str, Command] = {
    "ip": lambda s, a: netcmds.ip(s, a, host_tools=True),
    "ifconfig": lambda s, a: netcmds.ifconfig(s, a, host_tools=True),
    "brctl": netcmds.brctl,
    "bridge": netcmds.bridge,
    "ping": host_ping,
    "curl": curl,
    "iptables": lambda s, a: netfilter.iptables(s.topology, a),
    "iptables-save": lambda s, a: netfilter.iptables_save(s.topology, a),
    "ip6tables": lambda s, a: netfilter.not_simulated("ip6tables", a),
    "ip6tables-save": lambda s, a: netfilter.not_simulated("ip6tables-save", a),
    "hostname": lambda s, a: commands.hostname(s, a, host_tools=True),
    "cat": lambda s, a: commands.cat(s, a, host_tools=True),
    "echo": lambda s, a: commands.echo(a),
    "sleep": lambda s, a: commands.sleep(a),
    "true": lambda s, a: CommandResult(),
    "false": lambda s, a: CommandResult(exit_code=1),
    **HOST_TOOLS,
}
HOST_LIST = sorted([*HOST_COMMANDS, "wget", "sh", "bash"])


def run_in_container(topology: Topology, container_id: str,
                     argv: tuple[str, ...]) -> CommandResult:
    """What ``docker exec CONTAINER ARGV...`` prints, once the daemon let it run.

    The daemon (``SimBackend.exec``) refuses a stopped container before it gets here
    (Conflict: ``Container <id> is not running``); this runs ARGV in the namespace the
    topology shows for the container, whatever its state.
    """
    container = find_container(topology, container_id)
    if container is None:
        return CommandResult(stderr=f"Error: No such container: {container_id}\n", exit_code=1)
    if not argv:
        return exec_not_found("", *for_topology(topology).exec_missing)
    where = site(topology, container)
    name = _program(container, argv[0])
    if name is None:
        return exec_not_found(argv[0], *for_topology(topology).exec_missing)
    return _container_command(where, [name, *argv[1:]], in_shell=False)


def _programs(container: Container) -> frozenset[str]:
    """Programs on the image's PATH: busybox applets, plus bash outside busybox/alpine."""
    image = container.image.lower()
    if any(base in image for base in commands.BUSYBOX_IMAGES):
        return APPLETS
    return APPLETS | {"bash"}


def _program(container: Container, word: str) -> str | None:
    """The program ``word`` names in the image (``/bin/ping`` -> ``ping``), or None."""
    directory, _, base = word.rpartition("/")
    if directory and directory not in PATH_DIRS:
        return None
    return base if base in _programs(container) else None


def _container_command(where: Site, argv: list[str], in_shell: bool) -> CommandResult:
    name, args = argv[0], argv[1:]
    if in_shell and where.container is not None:
        found = _program(where.container, name)
        if found is None:
            return CommandResult(stderr=f"sh: {name}: not found\n", exit_code=127)
        name = found
    if name == "busybox" and args:
        return _container_command(where, args, in_shell)
    if name in SHELLS:
        return _shell(where, args, lambda w, a: _container_command(w, a, in_shell=True))
    if name in CONTAINER_COMMANDS:
        return CONTAINER_COMMANDS[name](where, args)
    if name in shtext.FILTERS:
        return shtext.run_filter([name, *args], "")
    return not_simulated(name, sorted({*CONTAINER_COMMANDS, *SHELLS[:2], *shtext.FILTERS}))


def run_on_host(topology: Topology, argv: tuple[str, ...],
                now: datetime | None = None) -> CommandResult:
    """What ARGV prints on the simulated host (``now`` dates GNU wget's log lines)."""
    where = site(topology, None)
    return _host_command(where, list(argv), _clock(topology, now))


def _host_command(where: Site, argv: list[str], now: str) -> CommandResult:
    while argv and argv[0] == "sudo":
        argv = argv[1:]
    if not argv:
        return CommandResult()
    name, args = argv[0].rpartition("/")[2], argv[1:]
    if name in SHELLS:
        return _shell(where, args, lambda w, a: _host_command(w, a, now))
    if name == "wget":
        return gnu_wget(where, args, now)
    if name in HOST_COMMANDS:
        return HOST_COMMANDS[name](where, args)
    if name in shtext.FILTERS:
        return shtext.run_filter([name, *args], "")
    return CommandResult(stderr=f"bash: {argv[0]}: command not found\n(the simulated host runs: "
                             f"{', '.join(HOST_LIST)})\n", exit_code=127)


def _clock(topology: Topology, now: datetime | None) -> str:
    """``YYYY-MM-DD HH:MM:SS``: ``now``, else the latest moment the topology records."""
    if now is not None:
        return now.strftime("%Y-%m-%d %H:%M:%S")
    stamps = [t for c in topology.containers for t in (c.created, c.started_at, c.finished_at)
              if t and not t.startswith("0001")]
    latest = max(stamps, default="2024-01-01T00:00:00Z")
    return latest[:19].replace("T", " ")


# ------------------------------------------------------------------ sh -c

Runner = Callable[[Site, list[str]], CommandResult]
FILE_REDIRECT = ("coursekit: redirection to or from a file ({word}) is not simulated (containers "
                 "here have no files to write); the command did not run\n")


def _shell(where: Site, args: list[str], run: Runner) -> CommandResult:
    """``sh -c 'LINE'`` or ``sh -ec ...`` (a shell without -c reads an empty stdin: exit 0)."""
    flags = [i for i, a in enumerate(args) if a.startswith("-") and "c" in a and a != "--"]
    if not flags:
        return CommandResult()
    operands = [a for a in args[flags[0] + 1:] if not a.startswith("-")]
    if not operands:
        return CommandResult(stderr="sh: -c requires an argument\n", exit_code=2)
    return run_line(replace(where, shell_line=operands[0]), operands[0], run)


def run_line(where: Site, line: str, run: Runner) -> CommandResult:
    """A command line with ``;``, ``&&``, ``||`` and pipes, as sh runs it."""
    line = shtext.mark_redirects(line)
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        return CommandResult(stderr="sh: syntax error: unterminated quoted string\n",
                          exit_code=2)
    out, err, code, op = "", "", 0, ";"
    for connector, words in _split(tokens, (";", "&&", "||")):
        if (op == "&&" and code != 0) or (op == "||" and code == 0) or not words:
            op = connector or op
            continue
        result = _pipeline(where, words, run)
        out, err, code = out + result.stdout, err + result.stderr, result.exit_code
        op = connector
        if words[0] == "exit":
            break
    return CommandResult(out, err, code)


def _split(tokens: list[str], seps: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Groups of words, each with the separator that follows it ('' at the end)."""
    groups: list[tuple[str, list[str]]] = []
    words: list[str] = []
    for token in tokens:
        if token in seps:
            groups.append((token, words))
            words = []
        else:
            words.append(token)
    return [*groups, ("", words)]


def _pipeline(where: Site, words: list[str], run: Runner) -> CommandResult:
    stages = [w for _, w in _split(words, ("|",))]
    result = _simple(where, stages[0], run)
    for stage in stages[1:]:
        if not stage:
            return CommandResult(stderr="sh: syntax error: unexpected \"|\"\n", exit_code=2)
        argv, _ = shtext.split_redirects(stage)
        if argv and argv[0] in shtext.FILTERS:
            piped = shtext.run_filter(argv, result.stdout)
        else:
            piped = _simple(where, stage, run)
        result = CommandResult(piped.stdout, result.stderr + piped.stderr, piped.exit_code)
    return result


def _simple(where: Site, words: list[str], run: Runner) -> CommandResult:
    """One command with its redirections applied (``>&2``, ``2>&1``, ``>/dev/null``)."""
    argv, redirects = shtext.split_redirects(words)
    if not argv:
        return CommandResult()
    unmodelled = shtext.file_redirect(argv)
    if unmodelled is not None:
        return CommandResult(stderr=FILE_REDIRECT.format(word=unmodelled),
                             exit_code=1)
    if argv[0] == "exit":
        code = argv[1] if len(argv) > 1 and argv[1].isdigit() else "0"
        return CommandResult(exit_code=int(code) % 256)
    result = shtext.run_filter(argv, "") if argv[0] in shtext.FILTERS[:-1] else run(where, argv)
    out, err = shtext.route(result.stdout, result.stderr, redirects)
    return CommandResult(out, err, result.exit_code)
