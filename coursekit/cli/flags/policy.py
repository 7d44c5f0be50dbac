"""Which flags the lab models, and the one line that answers every other one.

The docker CLI's help texts list about a hundred flags for ``docker run``/``create``,
a dozen for ``docker network create``/``connect`` and a few for every other command
(:data:`OTHERS`: ``docker stop -s/-t``, ``docker ps --size``...); the lab's parser accepts
all of them (:mod:`.usage` reads the tables from those texts). A flag is either **modelled**
-- the simulator does what the engine does with it, on both profiles, and the SDK
backend sends it to a real engine -- or **not simulated**: the command answers one
plain line naming the flags and saying it did not run, exits 1 and changes nothing
(:func:`refusal`). That is a front-end rule, so both backends answer it alike.

Each modelled flag carries a ``sample`` (what a learner types) and, when it only means
something next to another flag, a ``base`` both runs share (``--ip`` needs ``--network
lab``). ``tests/cli/test_policy.py`` reads every flag from both CLIs' help texts and
proves the table: a refused flag answers the note and creates nothing; a modelled
flag's sample changes something a learner can see (``docker inspect``, the files in
the container, the command's output). A flag that a new help text adds fails that
test until it is classified here.

Some values of a modelled flag are not simulated either: ``--network`` with the
long syntax (``name=lab,alias=www``) is refused unless it gives only ``name=``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from coursekit.cli.flags.grammar import Parsed

__all__ = ["MODELLED", "NETWORK_CONNECT", "NETWORK_CREATE", "NOT_SIMULATED", "OTHERS", "RUN",
           "TABLES", "Modelled", "NotSimulated", "Rule", "refusal", "rules_for"]


@dataclass(frozen=True)
class Modelled:
    """A flag the lab models; ``sample`` proves it (with ``base`` in both runs; for
    ``docker network connect`` ``base`` is the network, ``lab`` when empty)."""

    sample: tuple[str, ...]
    base: tuple[str, ...] = ()
    refuse_value: Callable[[str], bool] | None = None
    """Values of this flag that are not simulated (the note names ``--flag value``)."""
    refused_sample: str = ""


@dataclass(frozen=True)
class NotSimulated:
    """A flag the lab does not model: the command answers the note and does not run."""


Rule = Modelled | NotSimulated
NOT_SIMULATED = NotSimulated()


def _long_network(value: str) -> bool:
    """``--network name=lab,alias=www``: anything besides ``name=`` is not simulated."""
    if "=" not in value:
        return False
    keys = {part.partition("=")[0] for part in value.split(",")}
    return keys != {"name"}


_USER = ("--network", "lab")
_NETWORK = Modelled(("--network", "lab"), refuse_value=_long_network,
                    refused_sample="name=lab,alias=www")

RUN_MODELLED: dict[str, Rule] = {
    "add-host": Modelled(("--add-host", "foo:10.1.2.3")),
    "detach": Modelled(("-d",)),
    "dns": Modelled(("--dns", "1.1.1.1")),
    "dns-option": Modelled(("--dns-option", "ndots:2")),
    "dns-search": Modelled(("--dns-search", "example.com")),
    "entrypoint": Modelled(("--entrypoint", "sleep")),
    "env": Modelled(("-e", "FOO=bar")),
    "expose": Modelled(("--expose", "80")),
    "help": Modelled(("--help",)),
    "hostname": Modelled(("--hostname", "h1")),
    "interactive": Modelled(("-i",)),
    "ip": Modelled(("--ip", "10.10.0.9"), _USER),
    "ip6": Modelled(("--ip6", "fd00:10::9"), ("--network", "lab6")),
    "label": Modelled(("--label", "a=b")),
    "link": Modelled(("--link", "db:dbal")),
    "mac-address": Modelled(("--mac-address", "02:42:ac:11:00:09")),
    "name": Modelled(("--name", "web")),
    "network": _NETWORK,
    "net": Modelled(("--net", "lab"), refuse_value=_long_network,
                    refused_sample="name=lab,alias=www"),
    "network-alias": Modelled(("--network-alias", "www"), _USER),
    "net-alias": Modelled(("--net-alias", "www"), _USER),
    "publish": Modelled(("-p", "8080:80")),
    "publish-all": Modelled(("-P",)),
    "rm": Modelled(("--rm",)),
    "tty": Modelled(("-t",)),
}
"""``docker run``/``create`` flags the lab models (everything a networking lesson uses)."""

RUN_NOT_SIMULATED = (
    # attaching and the terminal
    "attach", "detach-keys", "sig-proxy", "quiet", "pull", "platform",
    "disable-content-trust", "cidfile", "annotation", "use-api-socket",
    # the process: user, directory, init, signals, restart, health, logs
    "user", "workdir", "init", "stop-signal", "stop-timeout", "restart", "env-file",
    "label-file", "domainname", "health-cmd", "health-interval", "health-retries",
    "health-start-interval", "health-start-period", "health-timeout", "no-healthcheck",
    "log-driver", "log-opt", "runtime", "isolation",
    # addresses the lab does not hand out
    "link-local-ip",
    # storage
    "volume", "mount", "tmpfs", "volumes-from", "volume-driver", "read-only",
    "storage-opt", "shm-size",
    # devices and security
    "device", "device-cgroup-rule", "gpus", "privileged", "cap-add", "cap-drop",
    "security-opt", "sysctl", "group-add", "userns", "pid", "ipc", "uts", "cgroupns",
    "cgroup-parent", "ulimit", "oom-kill-disable", "oom-score-adj",
    # resources
    "memory", "memory-reservation", "memory-swap", "memory-swappiness", "kernel-memory",
    "cpus", "cpu-shares", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime",
    "cpuset-cpus", "cpuset-mems", "pids-limit", "blkio-weight", "blkio-weight-device",
    "device-read-bps", "device-read-iops", "device-write-bps", "device-write-iops",
)

RUN: dict[str, Rule] = {**RUN_MODELLED, **dict.fromkeys(RUN_NOT_SIMULATED, NOT_SIMULATED)}

UNSIMULATED_OPTIONS = (
    "com.docker.network.bridge.inhibit_ipv4", "com.docker.network.bridge.gateway_mode_ipv4",
    "com.docker.network.bridge.gateway_mode_ipv6", "com.docker.network.container_iface_prefix",
    "com.docker.network.bridge.trusted_host_interfaces", "com.docker.network.enable_ipv4",
    "com.docker.network.enable_ipv6", "ipvlan_flag",
)
"""``-o`` keys the engine acts on and the lab does not (the others it models, or the engine
stores and ignores as the lab does: ``-o foo=bar``)."""


def _unsimulated_option(value: str) -> bool:
    """``-o KEY=VALUE`` whose KEY changes what the engine builds, unmodelled here."""
    return value.partition("=")[0] in UNSIMULATED_OPTIONS


_DRIVER = "--driver"
NETWORK_CREATE: dict[str, Rule] = {
    "attachable": Modelled(("--attachable",)),
    "driver": Modelled((_DRIVER, "macvlan")),
    "gateway": Modelled(("--gateway", "10.20.0.254"), ("--subnet", "10.20.0.0/24")),
    "help": Modelled(("--help",)),
    "internal": Modelled(("--internal",)),
    "ip-range": Modelled(("--ip-range", "10.20.0.128/25"), ("--subnet", "10.20.0.0/24")),
    "ipv6": Modelled(("--ipv6", "--subnet", "fd00:20::/64")),
    "label": Modelled(("--label", "a=b")),
    "opt": Modelled(("-o", "com.docker.network.bridge.enable_icc=false"),
                    refuse_value=_unsimulated_option,
                    refused_sample="com.docker.network.bridge.inhibit_ipv4=true"),
    "subnet": Modelled(("--subnet", "10.20.0.0/24")),
    **dict.fromkeys(("aux-address", "config-from", "config-only", "ingress", "ipam-driver",
                     "ipam-opt", "ipv4", "scope"), NOT_SIMULATED),
}
"""``docker network create`` (the drivers and IPAM options of the lab's lessons)."""

NETWORK_CONNECT: dict[str, Rule] = {
    "alias": Modelled(("--alias", "www")),
    "help": Modelled(("--help",)),
    "ip": Modelled(("--ip", "10.10.0.9")),
    "ip6": Modelled(("--ip6", "fd00:10::9"), ("lab6",)),
    "link": Modelled(("--link", "db:dbal")),
    **dict.fromkeys(("driver-opt", "gw-priority", "link-local-ip"), NOT_SIMULATED),
}

MODELLED = Modelled(())
"""A flag of a command without samples: its handler does what the engine does with it."""


def _table(modelled: str, refused: str = "") -> dict[str, Rule]:
    """A command's table from the flags its handler models and those it refuses (space-
    separated long names; pflag's ``help`` is always modelled)."""
    return {**dict.fromkeys(("help", *modelled.split()), MODELLED),
            **dict.fromkeys(refused.split(), NOT_SIMULATED)}


STOP = _table("signal timeout time")  # --time: the hidden, deprecated --timeout
ONLY_HELP = _table("")
OTHERS: dict[str, Mapping[str, Rule]] = {
    "docker start": _table("attach interactive", "detach-keys"),
    "docker stop": STOP, "docker restart": STOP,
    # -v removes the container's anonymous volumes: the lab has none (--volume and
    # --mount are refused at run), so it removes what the engine would remove
    "docker rm": _table("force volumes", "link"),
    "docker exec": _table("detach interactive tty",
                          "detach-keys env env-file privileged user workdir"),
    "docker logs": _table("details follow tail", "since timestamps until"),
    "docker kill": _table("signal"),
    "docker container prune": _table("force", "filter"),
    "docker ps": _table("all filter format last latest no-trunc quiet size"),
    "docker inspect": _table("format type", "size"),
    "docker container inspect": _table("format", "size"),
    # -a adds intermediate images: the lab's images have none, so it lists the same
    # -q prints image ids, which the lab does not simulate
    "docker images": _table("all", "quiet digests filter format no-trunc tree"),
    "docker version": _table("format"),
    "docker network ls": _table("filter format no-trunc quiet"),
    # -v adds a swarm network's services: the lab's networks are local, it prints the same
    "docker network inspect": _table("format verbose"),
    "docker network rm": _table("force"), "docker network disconnect": _table("force"),
    "docker network prune": _table("force", "filter"),
    **dict.fromkeys(("docker rename", "docker pause", "docker unpause", "docker wait",
                     "docker top", "docker port"), ONLY_HELP),
}
"""Every other command of the lab: which of its flags the handler models, which it refuses
(``tests/cli/test_command_flags.py`` reads both CLIs' help texts against these)."""

TABLES: Mapping[str, Mapping[str, Rule]] = {
    "docker run": RUN, "docker create": RUN,
    "docker network create": NETWORK_CREATE, "docker network connect": NETWORK_CONNECT,
    **OTHERS,
}
SHARED = {"docker container ls": "docker ps", "docker image ls": "docker images"}
"""Paths that share another command's flags (``docker container ls`` is ``docker ps``)."""


def rules_for(path: str) -> Mapping[str, Rule] | None:
    """The table of a command (``docker container run`` is ``docker run``'s), if any."""
    path = SHARED.get(path, path)
    return TABLES.get(path) or TABLES.get(path.replace("docker container ", "docker ", 1))


def _refused(name: str, rule: Rule, values: list[str]) -> list[str]:
    if isinstance(rule, NotSimulated):
        return [f"--{name}"]
    check = rule.refuse_value
    return [f"--{name} {value}" for value in values if check is not None and check(value)]


def refusal(path: str, parsed: Parsed, prefix: str) -> str | None:
    """The note for a command line using flags the lab does not simulate, else None.

    Unknown to the table means not simulated too (a flag a help text gained)."""
    table = rules_for(path)
    if table is None:
        return None
    named = [text for name, values in parsed.values.items()
             for text in _refused(name, table.get(name, NOT_SIMULATED), values)]
    if not named:
        return None
    verb = "is" if len(named) == 1 else "are"
    return (f"{prefix}{', '.join(named)} {verb} not simulated in this lab, so `{path}` "
            "did not run (nothing was created or changed)\n")

