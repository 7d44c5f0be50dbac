"""busybox ``env`` in a container: the environment the engine gave its process.

The daemon builds it as moby's ``CreateDaemonEnvironment`` does (observed on Engines
20.10 and 28.5 with busybox, tests/golden/*/14-run-options.json): ``PATH`` (the
default search path), ``HOSTNAME`` (the container's, or in container mode its owner's),
then one group of variables per legacy ``--link`` on the default bridge, then the
``-e`` values, each replacing a variable of the same name in place or appended (a bare
``-e NAME`` that the CLI could not fill removes ``NAME``); ``HOME`` comes last when
nothing set it (``/`` in busybox images, ``/root`` elsewhere).

A link ``--link db:dbal`` to a target exposing 80/tcp and 53/udp gives, per port,
``DBAL_PORT_80_TCP=tcp://172.17.0.2:80`` with ``_ADDR``, ``_PORT`` and ``_PROTO``, one
``DBAL_PORT`` for the first port, ``DBAL_NAME=/<this container>/dbal`` and
``DBAL_ENV_X`` for each ``-e X=...`` of the target (not ``HOME`` or ``PATH``). Which port
comes first is the engine's (``ContainerFiles.tcp_first`` in
:mod:`coursekit.backends.sim.profiles.files`: 20.10 sorts by number, 28.5 TCP first).
Links on user-defined networks set no variables. Run from ``sh -c``, ``env`` prints the
shell's variables: those and ``SHLVL=1``, ``PWD=/`` (busybox ash lists them in its hash
table's order; the simulator keeps the process's order and adds the two at the end).
Not modelled: ``TERM=xterm`` (only for a process with a terminal, which a notebook
never gives). The engines keep ``-e`` values in a map: ``Config.Env`` lists them in
no fixed order (observed on both); the simulator keeps the order typed.
"""

from __future__ import annotations

from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.namespace import Site, find_container
from coursekit.models import Container, Topology
from coursekit.result import CommandResult

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
BUSYBOX_IMAGES = ("busybox", "alpine")


def replace_or_append(env: list[str], overrides: tuple[str, ...]) -> list[str]:
    """moby's ReplaceOrAppendEnvValues: ``K=V`` replaces ``K`` in place or is appended;
    a bare ``K`` removes it."""
    result = list(env)
    for item in overrides:
        key, has_value, _ = item.partition("=")
        at = next((i for i, old in enumerate(result) if old.partition("=")[0] == key), None)
        if not has_value:
            if at is not None:
                del result[at]
        elif at is None:
            result.append(item)
        else:
            result[at] = item
    return result


def _ports(target: Container, tcp_first: bool) -> list[tuple[int, str]]:
    found = []
    for spec in target.exposed:
        port, _, proto = spec.partition("/")
        if port.isdigit():
            found.append((int(port), proto or "tcp"))
    if tcp_first:
        return sorted(found, key=lambda p: (p[1] != "tcp", p[0], p[1]))
    return sorted(found, key=lambda p: (p[0], p[1] != "tcp"))


def _ranges(ports: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Runs of consecutive ports of one protocol, longer than one port."""
    runs: list[list[tuple[int, str]]] = []
    for port in ports:
        if runs and runs[-1][-1][1] == port[1] and runs[-1][-1][0] + 1 == port[0]:
            runs[-1].append(port)
        else:
            runs.append([port])
    return [(run[0][0], run[-1][0], run[0][1]) for run in runs if len(run) > 1]


def _range_env(prefix: str, ip: str, ports: list[tuple[int, str]]) -> list[str]:
    env = []
    for start, end, proto in _ranges(ports):
        key = f"{prefix}_PORT_{start}_{proto.upper()}"
        env += [f"{key}_START={proto}://{ip}:{start}", f"{key}_ADDR={ip}",
                f"{key}_PROTO={proto}", f"{key}_PORT_START={start}",
                f"{key}_END={proto}://{ip}:{end}", f"{key}_PORT_END={end}"]
    return env


def link_env(topology: Topology, owner: Container, target: Container, alias: str) -> list[str]:
    """The variables one legacy link gives (the target's address on the default bridge);
    a run of ports adds ``_START``/``_END`` ones (20.10 before the ports, 28.5 after)."""
    ep = target.endpoint("bridge")
    ip = ep.ip if ep is not None else ""
    prefix = alias.upper().replace("-", "_")
    tcp_first = for_topology(topology).files.tcp_first
    ports = _ports(target, tcp_first)
    env = [f"{prefix}_PORT={ports[0][1]}://{ip}:{ports[0][0]}"] if ports else []
    ranges = _range_env(prefix, ip, ports)
    env += [] if tcp_first else ranges
    for port, proto in ports:
        key = f"{prefix}_PORT_{port}_{proto.upper()}"
        env += [f"{key}={proto}://{ip}:{port}", f"{key}_ADDR={ip}", f"{key}_PORT={port}",
                f"{key}_PROTO={proto}"]
    env = replace_or_append([], (*env, *(ranges if tcp_first else ())))
    env.append(f"{prefix}_NAME=/{owner.name}/{alias}")
    for item in target.options.env:
        name, has_value, value = item.partition("=")
        if has_value and name not in ("HOME", "PATH"):
            env.append(f"{prefix}_ENV_{name}={value}")
    return env


def _links(topology: Topology, ctr: Container) -> list[str]:
    if ctr.endpoint("bridge") is None:
        return []
    env: list[str] = []
    for target_name, alias in dns.parse_links(ctr.links):
        target = find_container(topology, target_name)
        if target is not None and target.running:
            env += link_env(topology, ctr, target, alias)
    return env


def environment(topology: Topology, ctr: Container) -> list[str]:
    """The main process's environment in ``ctr``, in the order ``env`` prints it."""
    base = [f"PATH={DEFAULT_PATH}", f"HOSTNAME={dns.hostname(topology, ctr.id)}"]
    env = replace_or_append(base + _links(topology, ctr), ctr.options.env)
    if not any(item.startswith("HOME=") for item in env):
        home = "/" if any(name in ctr.image.lower() for name in BUSYBOX_IMAGES) else "/root"
        env.append(f"HOME={home}")
    return env


def env(where: Site) -> CommandResult:
    """``env`` (no arguments): one ``NAME=value`` per line."""
    if where.container is None:  # on the host: the lab's login environment
        name = dns.hostname(where.topology, None)
        return CommandResult(f"PATH={DEFAULT_PATH}\nHOSTNAME={name}\nHOME=/root\n")
    env = environment(where.topology, where.container)
    if where.shell_line:
        env = replace_or_append(env, ("SHLVL=1", "PWD=/"))
    return CommandResult("".join(f"{item}\n" for item in env))
