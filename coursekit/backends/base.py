"""The Backend protocol: what the CLI front end may ask of an engine.

Two implementations stand behind it, ``sim.SimBackend`` (state in memory) and
``engine.EngineBackend`` (a real Docker Engine through the docker SDK). Both take
and return the frozen values of :mod:`coursekit.models`, raise the errors of
:mod:`coursekit.errors` with the daemon's exact text, and never format output.

References (``ref``) are resolved as the daemon does: for containers a full id,
an exact name, then an unambiguous id prefix; for networks a full id, an exact
name, then an id prefix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from coursekit.models import (
    DEFAULT_MODE,
    Container,
    Network,
    NetworkMode,
    PortBinding,
    RunOptions,
    Topology,
)
from coursekit.profiles import EngineProfile
from coursekit.result import CommandResult

LAB_LABEL = "io.coursekit.lab"
"""Label key put on everything a lab creates on a real engine (reset removes only these)."""
SERVER_LABEL = "io.coursekit.server=1"
"""What ``coursekit serve`` lists in ``docker info``'s Labels: this engine is the simulator."""
PREDEFINED_MODES = ("default", "bridge", "host", "none")
"""The ``--network`` values that name no user-defined network (besides ``container:X``)."""
Filters = Mapping[str, Sequence[str]]
"""The ``filters`` of ``docker ps``/``docker network ls`` as the Engine API takes them:
key -> values (``--filter name=web --filter name=db`` is ``{"name": ["web", "db"]}``)."""


@dataclass(frozen=True)
class NetworkSpec:
    """What ``docker network create`` asks for."""

    name: str
    driver: str = "bridge"
    subnet: str | None = None
    gateway: str | None = None
    ip_range: str | None = None
    internal: bool = False
    attachable: bool = False
    labels: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    ipv6: bool = False
    """``--ipv6``; the IPv6 ``--subnet``/``--gateway``/``--ip-range`` are the ``*6`` fields."""
    subnet6: str | None = None
    gateway6: str | None = None
    ip_range6: str | None = None


@dataclass(frozen=True)
class ContainerSpec:
    """What ``docker create`` / ``docker run`` asks for.

    ``network`` is the ``--network`` value, parsed (absent: mode ``default``; given
    several times: the first, which ``--ip``, ``--ip6``, ``--network-alias``, ``--link``
    and ``--mac-address`` apply to). ``networks`` is what the user asked for, as typed:
    the network of every ``--network`` value, in order (``name=x,...`` gives ``x``); a
    request naming several asks for an endpoint on each, which the daemon may refuse
    (API 1.41: ``Container cannot be connected to network endpoints: a, b``). ``ip``
    is the ``--ip`` text as typed, checked by the daemon (``invalid IPv4 address: x``).
    ``command`` is the argv after the image (empty: the image's CMD).
    ``links`` are ``name:alias`` strings as typed with ``--link``. ``detached`` is False
    when the CLI attaches to the output (``docker create``, ``docker run`` without ``-d``).
    """

    image: str
    command: tuple[str, ...] = ()
    name: str | None = None
    hostname: str | None = None
    network: NetworkMode = DEFAULT_MODE
    networks: tuple[str, ...] = ()
    ip: str | None = None
    ip6: str | None = None
    """``--ip6`` as typed (an address on an ``--ipv6`` network)."""
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    ports: tuple[PortBinding, ...] = ()
    publish_all: bool = False
    exposed: tuple[str, ...] = ()
    tty: bool = False
    stdin_open: bool = False
    auto_remove: bool = False
    detached: bool = True
    entrypoint: tuple[str, ...] | None = None
    labels: tuple[tuple[str, str], ...] = ()
    options: RunOptions = field(default_factory=RunOptions)
    """``-e``, ``--add-host``, ``--dns``, ``--dns-search``, ``--dns-option``,
    ``--mac-address`` (as the CLI sends them: ``--add-host a=1.2.3.4`` as ``a:1.2.3.4``)."""


def is_user_network(text: str) -> bool:
    """Go's ``NetworkMode(text).IsUserDefined()`` for a ``--network`` value as typed: not
    ``default``, ``bridge``, ``host``, ``none`` or ``container:...`` (even ``""`` is)."""
    return text not in PREDEFINED_MODES and not text.startswith("container:")


@runtime_checkable
class Backend(Protocol):
    """The operations a lab needs; each names its CLI equivalent."""

    name: str
    """``sim`` or ``docker``."""

    def version(self) -> str:
        """Engine version, as ``docker version --format {{.Server.Version}}``."""

    def profile(self) -> EngineProfile:
        """The engine profile this backend answers as (the CLI's version, help texts and
        document shape follow it): the simulator's own, or the one matching a real engine."""

    def now(self) -> datetime:
        """The engine's clock (timezone-aware UTC), for "Up 3 seconds" and "2 minutes ago"."""

    def networks(self, filters: Filters | None = None) -> tuple[Network, ...]:
        """The networks ``docker network ls [-f KEY=VALUE]`` lists, in no particular order.

        ``filters`` are the API's (``{"driver": ["bridge"]}``), applied by the daemon;
        InvalidArgument for a key or value it refuses (``Invalid filter 'foo'``).
        """

    def network(self, ref: str) -> Network:
        """One network (``docker network inspect REF``); NotFound: ``network REF not found``."""

    def create_network(self, spec: NetworkSpec) -> Network:
        """Equivalent to ``docker network create``."""

    def remove_network(self, ref: str) -> None:
        """Equivalent to ``docker network rm REF``."""

    def prune_networks(self) -> tuple[str, ...]:
        """Equivalent to ``docker network prune -f``; returns the removed names."""

    def connect(self, network: str, container: str, ip: str | None = None,
                aliases: tuple[str, ...] = (), ip6: str | None = None,
                links: tuple[str, ...] = ()) -> None:
        """Equivalent to ``docker network connect [--ip IP] [--ip6 IP6] [--alias A]
        [--link NAME:ALIAS] NET CONTAINER``."""

    def disconnect(self, network: str, container: str, force: bool = False) -> None:
        """Equivalent to ``docker network disconnect NET CONTAINER``."""

    def containers(self, filters: Filters | None = None) -> tuple[Container, ...]:
        """The containers ``docker ps -a [-f KEY=VALUE]`` lists, running or not, oldest first.

        ``filters`` are the API's (``{"name": ["web"]}``), applied by the daemon;
        InvalidArgument for a key or value it refuses (``Invalid filter 'status=x'``),
        NotFound for a ``before``/``since`` naming no container. The models carry what
        the list (``GET /containers/json``) carries: on a real engine, fields only
        ``docker inspect`` shows (hostname, IPAM requests, times...) may be left at
        their defaults; ask :meth:`container` for the whole of one.
        """

    def container(self, ref: str) -> Container:
        """One container (``docker inspect``); NotFound: ``No such container: REF``."""

    def create_container(self, spec: ContainerSpec) -> tuple[Container, tuple[str, ...]]:
        """Equivalent to ``docker create``; returns the container and the daemon's warnings."""

    def start(self, ref: str, empty_stdin: bool = False) -> Container:
        """Equivalent to ``docker start``; StartFailed carries the daemon's reason.

        ``empty_stdin``: the CLI attaches its stdin, empty in a notebook cell, and closes it
        (``docker run -i`` in the foreground, ``docker start -i``): a container created
        with ``-i`` that way has ``StdinOnce``, so its stdin closes too and a shell or
        ``cat`` reading it ends at once (exit 0)."""

    def stop(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker stop [-s SIGNAL] [-t SECONDS] REF``: SIGNAL (SIGTERM when
        empty), then SIGKILL once ``timeout`` seconds have passed (the daemon's 10 when None).
        Engine 20.10 (API 1.41) ignores SIGNAL: it always sends SIGTERM.

        NotImplementedError (its text says what) when the simulator does not model what
        SIGNAL does to this main process; nothing was sent then.
        """

    def restart(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker restart [-s SIGNAL] [-t SECONDS] REF`` (stop, then start)."""

    def remove_container(self, ref: str, force: bool = False) -> None:
        """Equivalent to ``docker rm [-f]``."""

    def rename(self, ref: str, new_name: str) -> None:
        """Equivalent to ``docker rename REF NEW_NAME`` (the embedded DNS follows)."""

    def pause(self, ref: str) -> None:
        """Equivalent to ``docker pause REF`` (state ``paused``; addresses kept)."""

    def unpause(self, ref: str) -> None:
        """Equivalent to ``docker unpause REF``."""

    def kill(self, ref: str, signal: str = "KILL") -> None:
        """Equivalent to ``docker kill -s SIGNAL REF`` (SIGKILL: exit code 137).

        NotImplementedError (its text says what) when the simulator does not model what
        SIGNAL does to this main process; nothing was sent then.
        """

    def top(self, ref: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Equivalent to ``docker top REF``: the column titles, then one row per process
        (the API's ``Titles`` and ``Processes``)."""

    def prune_containers(self) -> tuple[tuple[str, ...], int]:
        """Equivalent to ``docker container prune -f``: the ids removed (newest first) and
        the bytes reclaimed (on a real engine: only the lab's labelled containers)."""

    def exec(self, ref: str, argv: tuple[str, ...]) -> CommandResult:
        """Equivalent to ``docker exec REF ARGV...`` (argv, never a shell line)."""

    def host_exec(self, argv: tuple[str, ...]) -> CommandResult:
        """Run ARGV on the (simulated or helper-container) host: ``ip addr``, ``ifconfig``..."""

    def logs(self, ref: str) -> CommandResult:
        """Equivalent to ``docker logs REF``."""

    def wait(self, ref: str, timeout: float) -> Container:
        """Like ``docker wait REF``, but give up after ``timeout`` seconds; the state then."""

    def images(self) -> tuple[str, ...]:
        """Image references available locally (``repo:tag``)."""

    def snapshot(self) -> Topology:
        """Everything at once, for the plot and the quizzes."""

    def reset(self) -> None:
        """Back to a fresh engine (on a real engine: remove only what the lab labelled)."""
