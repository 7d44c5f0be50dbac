"""SimBackend: a Docker Engine (28.5 or 20.10, by profile) that lives in memory.

It implements the :class:`~coursekit.backends.base.Backend` protocol over one
:class:`~coursekit.backends.sim.daemon.state.State`: every call changes or reads that state
and answers with the frozen models, or raises the error the real daemon raises, with
its exact words. Same seed and same calls give the same IDs, names, MACs and times.

Commands inside containers and on the host (``ip addr``, ``ping``...) are computed by
:mod:`coursekit.backends.sim.userland.shell` from a snapshot of the state; the backend is
where the two halves meet (the daemon hands a one-shot main process to the userland
through :meth:`SimBackend._one_shot`, and never imports it).
"""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from ipaddress import IPv4Network

from coursekit.backends.base import ContainerSpec, Filters, NetworkSpec
from coursekit.backends.sim.daemon import endpoints, lifecycle, networks
from coursekit.backends.sim.daemon.filters import (
    filter_containers,
    filter_networks,
)
from coursekit.backends.sim.daemon.names import (
    check_signal,
    parse_signal,
    signal_gap,
    stop_signal,
)
from coursekit.backends.sim.daemon.snapshot import (
    build_topology,
    container_model,
    network_model,
    network_models,
)
from coursekit.backends.sim.daemon.state import CtrRec, State
from coursekit.backends.sim.host import HostConfig
from coursekit.backends.sim.profiles import strategies
from coursekit.errors import Conflict, DockerError
from coursekit.models import Container, Network, Topology
from coursekit.profiles import EngineProfile
from coursekit.profiles import profile as default_profile
from coursekit.result import CommandResult
from coursekit.wire.containers import host_pid

TOP_TITLES = ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
"""``docker top``'s columns: the daemon runs ``ps -ef`` on the host."""


class SimBackend:
    """The simulated engine: ``SimBackend(seed=0, virbr0=True, profile=ENGINE_28_5)``.

    ``virbr0`` puts libvirt's bridge on the simulated host, as on a machine with
    virtualization packages installed (the course explains it is not Docker's).
    ``vlan_links`` and ``sctp`` say what the host's kernel can do (macvlan/ipvlan links,
    SCTP sockets): yes by default, as on a learner's usual Linux.
    ``profile`` is the engine it answers as (default :func:`coursekit.profiles.profile`:
    28.5, or ``$COURSEKIT_ENGINE``); its differences are strategies
    (:mod:`coursekit.backends.sim.profiles`).
    """

    name = "sim"

    def __init__(self, seed: int = 0, virbr0: bool = True,
                 profile: EngineProfile | None = None, vlan_links: bool = True,
                 sctp: bool = True) -> None:
        self.seed = seed
        self._profile = profile or default_profile()
        self.host_config = HostConfig(virbr0=virbr0, vlan_links=vlan_links, sctp=sctp)
        self.state = self._fresh()
        self._cache: tuple[int, Topology] | None = None

    def _fresh(self) -> State:
        state = State(self.seed, self.host_config, strategies(self._profile))
        networks.install_predefined(state)
        return state

    def reset(self) -> None:
        """Back to a freshly started daemon with the same seed."""
        self.state = self._fresh()
        self._cache = None

    def copy(self) -> SimBackend:
        """An independent copy (state, clock, seeded names): a what-if leaves this one alone."""
        return deepcopy(self)

    def follow_pool_cursor(self, last_subnet: str) -> None:
        """Take the next subnet after ``last_subnet``, as a real daemon that handed it out last.

        Lets a comparison with a long-running engine start from the same place (a
        round-robin engine, 20.10; one taking the first free pool, 28.5, has no cursor to
        follow).
        """
        self.state.subnets.follow(IPv4Network(last_subnet))

    def follow_default_bridge(self, gateway_shown: bool) -> None:
        """Show (or not) the default bridge's Gateway in its IPAM Config, as a real daemon
        does when docker0 already existed when it started (a restarted daemon)."""
        bridge = self.state.network_by_name("bridge")
        if bridge is not None:
            bridge.gateway_shown = gateway_shown
            self.state.touch()

    def version(self) -> str:
        """As ``docker version --format {{.Server.Version}}``."""
        return self._profile.server.version

    def profile(self) -> EngineProfile:
        """The engine this simulator answers as."""
        return self._profile

    def now(self) -> datetime:
        """The simulated clock: a fixed start, about a second more per change."""
        return self.state.clock

    # networks -------------------------------------------------------------

    def networks(self, filters: Filters | None = None) -> tuple[Network, ...]:
        """The networks ``docker network ls [-f KEY=VALUE]`` lists (the daemon filters)."""
        return filter_networks(network_models(self.state), filters,
                               self.state.profile.filters)

    def network(self, ref: str) -> Network:
        """One network (``docker network inspect REF``)."""
        net = self.state.find_network(ref)
        return next(n for n in network_models(self.state) if n.id == net.id)

    def create_network(self, spec: NetworkSpec) -> Network:
        """Equivalent to ``docker network create``."""
        return network_model(networks.create_network(self.state, spec))

    def remove_network(self, ref: str) -> None:
        """Equivalent to ``docker network rm REF``."""
        networks.remove_network(self.state, ref)

    def prune_networks(self) -> tuple[str, ...]:
        """Equivalent to ``docker network prune -f``."""
        return networks.prune_networks(self.state)

    def connect(self, network: str, container: str, ip: str | None = None,
                aliases: tuple[str, ...] = (), ip6: str | None = None,
                links: tuple[str, ...] = ()) -> None:
        """Equivalent to ``docker network connect [--ip IP] [--ip6 IP6] [--alias A]
        [--link NAME:ALIAS] NET CONTAINER``."""
        endpoints.connect(self.state, network, container, ip, aliases, ip6, links)

    def disconnect(self, network: str, container: str, force: bool = False) -> None:
        """Equivalent to ``docker network disconnect [-f] NET CONTAINER``."""
        endpoints.disconnect(self.state, network, container)

    # containers -----------------------------------------------------------

    def containers(self, filters: Filters | None = None) -> tuple[Container, ...]:
        """The containers ``docker ps -a [-f KEY=VALUE]`` lists, oldest first."""
        return filter_containers(self.snapshot().containers, filters,
                                 self.state.profile.filters)

    def container(self, ref: str) -> Container:
        """One container (``docker inspect``)."""
        return self._after(self.state.find_container(ref))

    def create_container(self, spec: ContainerSpec) -> tuple[Container, tuple[str, ...]]:
        """Equivalent to ``docker create``; returns the container and the warnings."""
        ctr, warnings = lifecycle.create_container(self.state, spec)
        return self.container(ctr.id), warnings

    def start(self, ref: str, empty_stdin: bool = False) -> Container:
        """Equivalent to ``docker start`` (``empty_stdin``: see the protocol)."""
        ctr = self.state.find_container(ref)
        lifecycle.start(self.state, ctr, self._one_shot, stdin_closed=empty_stdin)
        return self._after(ctr)

    def stop(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker stop [-s SIGNAL] [-t SECONDS]``."""
        ctr = self.state.find_container(ref)
        words = self.state.profile.words
        number = stop_signal(signal if words.stop_reads_signal else "", ref,
                             words.invalid_signal, words.stop_failed)
        if not lifecycle.stop(self.state, ctr, number, 10.0 if timeout is None else timeout):
            raise signal_gap(signal, ref, ctr.entrypoint + ctr.command)
        return self._after(ctr)

    def restart(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker restart [-s SIGNAL] [-t SECONDS]``."""
        ctr = self.state.find_container(ref)
        words = self.state.profile.words
        number = stop_signal(signal if words.stop_reads_signal else "", ref,
                             words.invalid_signal, words.restart_failed)
        try:
            done = lifecycle.restart(self.state, ctr, self._one_shot, number,
                                     10.0 if timeout is None else timeout)
        except DockerError as err:  # the daemon wraps whatever went wrong
            raise DockerError(f"Cannot restart container {ref}: {err.message}") from None
        if not done:
            raise signal_gap(signal, ref, ctr.entrypoint + ctr.command)
        return self._after(ctr)

    @staticmethod
    def _one_shot(state: State, ctr: CtrRec) -> CommandResult:
        """A starting container's one-shot command, run to its end by the shell simulator."""
        try:
            from coursekit.backends.sim.userland.shell import run_in_container
        except ImportError:
            return CommandResult("", "", 0)
        topology = build_topology(state)
        argv = ctr.entrypoint + ctr.command
        result = run_in_container(topology, ctr.id, argv)
        SimBackend._count(state, topology, ctr.id, argv)
        return result

    @staticmethod
    def _count(state: State, topology: Topology, ref: str | None,
               argv: tuple[str, ...]) -> None:
        """Add what a command moved to the daemon's interface counters (``ifconfig``)."""
        from coursekit.backends.sim.userland import traffic

        found = traffic.flows(topology, ref, argv)
        if found:
            traffic.add(state.traffic, found)
            state.touch()

    def _after(self, ctr: CtrRec) -> Container:
        """The container's model after a change (an ``--rm`` one may be gone by now)."""
        return container_model(self.state, ctr)

    def remove_container(self, ref: str, force: bool = False) -> None:
        """Equivalent to ``docker rm [-f]``."""
        lifecycle.remove(self.state, self.state.find_container(ref), force, ref)

    def rename(self, ref: str, new_name: str) -> None:
        """Equivalent to ``docker rename REF NEW_NAME``."""
        lifecycle.rename(self.state, self.state.find_container(ref), new_name)

    def pause(self, ref: str) -> None:
        """Equivalent to ``docker pause REF``."""
        lifecycle.pause(self.state, self.state.find_container(ref))

    def unpause(self, ref: str) -> None:
        """Equivalent to ``docker unpause REF``."""
        lifecycle.unpause(self.state, self.state.find_container(ref))

    def kill(self, ref: str, signal: str = "KILL") -> None:
        """Equivalent to ``docker kill -s SIGNAL REF``; the profile says in which order the
        signal and the container are checked, and which refusals name REF."""
        words = self.state.profile.words
        number = 0 if words.signal_checked_first else parse_signal(signal, words.invalid_signal)
        try:
            if words.signal_checked_first:
                number = check_signal(parse_signal(signal, words.invalid_signal),
                                      words.unsupported_signal)
            ctr = self.state.find_container(ref)
            modelled = lifecycle.kill(self.state, ctr, check_signal(number,
                                                                   words.unsupported_signal))
        except DockerError as err:
            raise type(err)(words.kill_failed.format(ref=ref, reason=err.message)) from None
        if not modelled:
            raise signal_gap(signal, ref, ctr.entrypoint + ctr.command)

    def top(self, ref: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Equivalent to ``docker top REF``: the main process, as ``ps -ef`` on the host
        shows it (simulated processes take no CPU time)."""
        ctr = self.state.find_container(ref)
        if not ctr.running:
            raise Conflict(self.state.profile.words.exec_stopped.format(id=ctr.id))
        pid = host_pid(self.container(ctr.id))
        row = ("root", str(pid), str(pid - 22), "0", ctr.started_at[11:16],
               "pts/0" if ctr.tty else "?", "00:00:00", " ".join(ctr.entrypoint + ctr.command))
        return TOP_TITLES, (row,)

    def prune_containers(self) -> tuple[tuple[str, ...], int]:
        """Equivalent to ``docker container prune -f`` (simulated containers write no files)."""
        return lifecycle.prune(self.state), 0

    def logs(self, ref: str) -> CommandResult:
        """Equivalent to ``docker logs REF``."""
        ctr = self.state.find_container(ref)
        return CommandResult(ctr.stdout, ctr.stderr, 0)

    def wait(self, ref: str, timeout: float) -> Container:
        """Simulated processes settle when they start: nothing to wait for."""
        return self.container(ref)

    def exec(self, ref: str, argv: tuple[str, ...]) -> CommandResult:
        """Equivalent to ``docker exec REF ARGV...``."""
        ctr = self.state.find_container(ref)
        if not ctr.running:
            raise Conflict(self.state.profile.words.exec_stopped.format(id=ctr.id))
        if ctr.paused:
            raise Conflict(self.state.profile.words.exec_paused.format(ref=ref))
        from coursekit.backends.sim.userland.shell import run_in_container
        from coursekit.backends.sim.userland.tools.neigh import contacts

        found = contacts(self.snapshot(), ctr.id, argv)  # (the process count aside)
        ctr.execs += 1  # a new process in the container's PID namespace (ps shows it)
        if found:  # the neighbour table learns whom the command sent packets to
            ctr.contacted = tuple(dict.fromkeys((*ctr.contacted, *found)))
        self.state.touch()
        topology = self.snapshot()
        result = run_in_container(topology, ctr.id, argv)
        self._count(self.state, topology, ctr.id, argv)
        return result

    def host_exec(self, argv: tuple[str, ...]) -> CommandResult:
        """Run ARGV on the simulated host (``ip addr``, ``ifconfig``...)."""
        if (changed := self.state.host.run_ip(argv, self.state.touch)) is not None:
            return changed  # the learner's ip netns / link / addr / route lines
        from coursekit.backends.sim.userland.shell import run_on_host

        topology = self.snapshot()
        result = run_on_host(topology, argv)
        self._count(self.state, topology, None, argv)
        return result

    def images(self) -> tuple[str, ...]:
        """Local images (``repo:tag``)."""
        return self.state.images.refs()

    def snapshot(self) -> Topology:
        """Everything at once; cached until the state changes."""
        if self._cache is None or self._cache[0] != self.state.version:
            from coursekit.backends.sim.userland.traffic import apply

            self._cache = (self.state.version, apply(build_topology(self.state),
                                                     self.state.traffic))
        return self._cache[1]

