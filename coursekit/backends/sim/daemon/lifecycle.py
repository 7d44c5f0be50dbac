"""Container lifecycle: create, start, stop, restart, remove.

``docker create`` only records the request (no address yet: a created container shows
an empty ``IPAddress``); an engine that checks endpoint settings at create (28.5)
refuses a bad ``--ip`` there. ``docker start`` builds the network namespace: one
endpoint per network, each with the lowest free address and a veth pair, then the
published ports, then the main process (see :mod:`process`), which may run on or exit
at once. Anything that fails on the way is undone and reported as the daemon reports
it (28.5 names the step: ``failed to set up container networking: ...``); the
container stays, with ``ExitCode`` 128 (127 when the program does not exist).
``docker stop`` ends the process and gives every address and port back.
Network modes: ``host`` shares the host's namespace, ``container:NAME`` shares
NAME's (and keeps that one even after NAME stops), ``none`` has only ``lo``.
A main process that is a one-shot command (``docker run busybox ping -c 1 web``) runs
to its end through the shell simulator, which the backend hands in (:data:`OneShot`).

``docker pause`` freezes the processes (cgroup freezer) but not the network stack: a
paused container keeps its namespace, addresses and ports, the kernel still answers its
pings and the embedded DNS its name; exec, start and rm are refused until ``unpause``.
``docker kill`` sends a signal (default SIGKILL: exit code 137, addresses released);
a main process that is PID 1 with no handler ignores the others (``sleep``, ``sh``).
``docker rename`` claims the new name as create does; the embedded DNS follows it.

Equivalent commands: ``docker create``, ``docker start``, ``docker stop``,
``docker restart``, ``docker rm [-f]``, ``docker rename``, ``docker pause``/``unpause``,
``docker kill [-s SIGNAL]``, ``docker container prune -f``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coursekit.backends.base import ContainerSpec
from coursekit.backends.sim.daemon import endpoints
from coursekit.backends.sim.daemon.names import SIGKILL, SIGSTOP, SIGTERM
from coursekit.backends.sim.daemon.process import ProcessPlan, plan
from coursekit.backends.sim.daemon.spec import (
    check_endpoint_settings,
    check_links_running,
    check_spec,
    endpoints_for,
    exposed_ports,
    mode_of,
)
from coursekit.backends.sim.daemon.state import CtrRec, Sandbox, State, rfc3339
from coursekit.errors import Conflict, DockerError, InvalidArgument, StartFailed
from coursekit.models import NetworkMode
from coursekit.result import CommandResult

OneShot = Callable[[State, CtrRec], CommandResult]
"""Runs a container's command to its end in the userland (``ctr`` is running by then)."""

NAME_RE = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
HOST_MODE_WARNING = "Published ports are discarded when using host network mode"


def create_container(state: State, spec: ContainerSpec) -> tuple[CtrRec, tuple[str, ...]]:
    """Equivalent to ``docker create``; returns the record and the daemon's warnings."""
    check_spec(state, spec)
    image = state.images.find(spec.image)
    name = _claim_name(state, spec.name)
    entrypoint = spec.entrypoint if spec.entrypoint is not None else image.entrypoint
    command = spec.command or (image.cmd if spec.entrypoint is None else ())
    if not entrypoint and not command:
        raise InvalidArgument("No command specified")
    ctr_id = state.names.object_id(state.taken_ids())
    name = name or state.names.container_name(set(state.container_names))
    mode = mode_of(state, spec)
    attachments = endpoints_for(spec, mode)
    check_endpoint_settings(state, attachments)
    ctr = CtrRec(ctr_id, name, spec.image, image.id, command, entrypoint, "",
                 _hostname(state, spec, mode, ctr_id), mode,
                 endpoints=attachments, port_requests=spec.ports,
                 publish_all=spec.publish_all, exposed=exposed_ports(image, spec),
                 links=spec.links, tty=spec.tty, stdin_open=spec.stdin_open,
                 auto_remove=spec.auto_remove, labels=spec.labels,
                 detached=spec.detached, options=spec.options)
    ctr.created = state.tick()
    state.add_container(ctr)
    warnings = (HOST_MODE_WARNING,) if mode.kind == "host" and spec.ports else ()
    return ctr, warnings


def _claim_name(state: State, name: str | None) -> str | None:
    if name is None:
        return None
    if not NAME_RE.match(name):
        raise InvalidArgument(f"Invalid container name ({name}), only "
                              "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
    name = name.lstrip("/")
    holder = state.container_by_name(name)
    if holder is not None:
        raise Conflict(f'Conflict. The container name "/{name}" is already in use by '
                       f'container "{holder.id}". You have to remove (or rename) that '
                       "container to be able to reuse that name.")
    return name


def _hostname(state: State, spec: ContainerSpec, mode: NetworkMode, ctr_id: str) -> str:
    if spec.hostname:
        return spec.hostname
    return state.host.config.hostname if mode.kind == "host" else ctr_id[:12]


def start(state: State, ctr: CtrRec, one_shot: OneShot, stdin_closed: bool = False) -> None:
    """Equivalent to ``docker start``; StartFailed carries the daemon's reason.
    ``stdin_closed``: the client attached an empty stdin and closed it (``StdinOnce``)."""
    if ctr.paused:
        raise Conflict("cannot start a paused container, try unpause instead")
    if ctr.running:
        return
    state.tick()
    ctr.listed = ()  # the list's memory of a failed start goes with a new one
    try:
        image = state.images.find(ctr.image)
        _join_namespace(state, ctr)
        process = plan(image, ctr.entrypoint + ctr.command, ctr.tty,
                       ctr.stdin_open and not stdin_closed)
        if process.start_error:
            raise DockerError(state.profile.words.start_failed(
                process.start_error, process.runtime), exit_code=process.exit_code)
    except DockerError as failure:
        _undo_network(state, ctr)
        own = failure.exit_code if failure.exit_code in (126, 127) else None
        ctr.exit_code, ctr.error = own or ctr.exit_code or 128, failure.message  # kept: 137
        if ctr.auto_remove:  # the daemon cleans up an --rm container that cannot start
            state.drop_container(ctr)
        raise StartFailed(failure.message, ctr.id, exit_code=own) from None
    _run(state, ctr, process, one_shot)


def _join_namespace(state: State, ctr: CtrRec) -> None:
    owner_ref = ctr.network_mode.owner
    if owner_ref is not None:
        _join_owner(state, ctr, owner_ref)
        return
    if ctr.network_mode.is_default_bridge:
        check_links_running(state, ctr.name, ctr.links)
    if ctr.network_mode.kind == "host":
        ctr.joined = state.host_sandbox
    else:
        ctr.sandbox = Sandbox(ctr.id)
    try:
        endpoints.set_up(state, ctr)
    except DockerError as failure:
        raise DockerError(state.profile.words.setup_failed(failure.message),
                          exit_code=failure.exit_code) from None


def _join_owner(state: State, ctr: CtrRec, owner_ref: str) -> None:
    """``--network container:X``: share X's namespace (X must run)."""
    words = state.profile.words
    try:
        owner = state.find_container(owner_ref)
    except DockerError as failure:
        raise DockerError(words.join_failed(failure.message)) from None
    if not owner.running:
        raise Conflict(words.not_running(owner.id, owner.name, owner.state))
    ctr.joined = owner.sandbox or owner.joined
    ctr.hostname = owner.hostname


def _undo_network(state: State, ctr: CtrRec) -> None:
    endpoints.leave_all(state, ctr)
    state.ports.release(ctr.ports)
    ctr.ports, ctr.listening, ctr.sandbox, ctr.joined = (), (), None, None


def _run(state: State, ctr: CtrRec, process: ProcessPlan, one_shot: OneShot) -> None:
    ctr.state, ctr.exit_code, ctr.error = "running", 0, ""
    ctr.started_at, ctr.process = rfc3339(state.clock), process
    ctr.execs, ctr.contacted = 0, ()  # new PID and network namespaces: no execs, no neighbours
    ctr.stdout += process.stdout
    ctr.stderr += process.stderr
    if process.listens and _port_taken(state, ctr, process.listens):
        ctr.stderr += process.bind_error
        if process.bind_exit is not None:
            finish(state, ctr, process.bind_exit)
        return
    ctr.listening = process.listens
    if process.delegate:
        result = one_shot(state, ctr)
        ctr.stdout, ctr.stderr = ctr.stdout + result.stdout, ctr.stderr + result.stderr
        finish(state, ctr, result.exit_code)
    elif not process.runs:
        finish(state, ctr, process.exit_code)


def _namespace(ctr: CtrRec) -> Sandbox | None:
    return ctr.sandbox or ctr.joined


def _port_taken(state: State, ctr: CtrRec, ports: tuple[int, ...]) -> bool:
    """Is a port this process wants already served in its namespace (or on the host)?"""
    space = _namespace(ctr)
    for other in state.containers.values():
        if (other is not ctr and other.running and _namespace(other) is space
                and set(ports) & set(other.listening)):
            return True
    return space is state.host_sandbox and any(state.ports.is_held(p) for p in ports)


def finish(state: State, ctr: CtrRec, code: int) -> None:
    """The main process ended: release the namespace; ``--rm`` removes the container."""
    _undo_network(state, ctr)
    ctr.state, ctr.exit_code = "exited", code
    ctr.finished_at = rfc3339(state.clock)
    state.touch()
    if ctr.auto_remove:
        state.drop_container(ctr)


def stop(state: State, ctr: CtrRec, signal: int = SIGTERM, timeout: float = 10.0) -> bool:
    """Equivalent to ``docker stop -s SIGNAL -t TIMEOUT``: the signal, then SIGKILL once
    TIMEOUT seconds have passed (137). False, nothing done, when the process handles
    signals and this one is not TERM/KILL (nginx reloads on HUP); a paused one handles none."""
    if not ctr.running:
        return True
    process = ctr.process if not ctr.paused else None
    handles = process is not None and process.stop_code != 137
    if signal not in (SIGKILL, SIGTERM) and handles:
        return False
    code = process.stop_code if process is not None and handles and signal == SIGTERM else 137
    state.tick(timeout if code == 137 and signal != SIGKILL else 0.0)
    finish(state, ctr, code)
    return True


def restart(state: State, ctr: CtrRec, one_shot: OneShot, signal: int = SIGTERM,
            timeout: float = 10.0) -> bool:
    """Equivalent to ``docker restart``: stop, then start (a new lowest free address)."""
    auto_remove, ctr.auto_remove = ctr.auto_remove, False
    stopped = stop(state, ctr, signal, timeout)
    ctr.auto_remove = auto_remove
    if stopped:
        start(state, ctr, one_shot)
    return stopped


def remove(state: State, ctr: CtrRec, force: bool = False, ref: str = "") -> None:
    """Equivalent to ``docker rm [-f] REF`` (``ref`` as typed, for the daemon's words)."""
    if ctr.paused and not force:
        words = state.profile.words
        raise Conflict(words.remove_paused.format(name=ref or ctr.name, id=ctr.id))
    if ctr.running and not force:
        raise Conflict(f"You cannot remove a running container {ctr.id}. Stop the container "
                       "before attempting removal or force remove")
    if ctr.running:
        _undo_network(state, ctr)
        ctr.state, ctr.exit_code = "exited", 137
    state.drop_container(ctr)
    state.tick()


def rename(state: State, ctr: CtrRec, new_name: str) -> None:
    """Equivalent to ``docker rename``: the new name is checked and claimed as at create."""
    wanted = new_name if new_name.startswith("/") else "/" + new_name
    if wanted == "/" + ctr.name:
        raise InvalidArgument("Renaming a container with the same name as its current name")
    try:
        name = _claim_name(state, wanted)
    except DockerError as err:
        raise type(err)(f"Error when allocating new name: {err.message}") from None
    state.rename_container(ctr, name or ctr.name)


def pause(state: State, ctr: CtrRec) -> None:
    """Equivalent to ``docker pause``: the processes freeze, the namespace stays."""
    words = state.profile.words
    if not ctr.running:
        raise Conflict(words.exec_stopped.format(id=ctr.id))
    if ctr.paused:
        raise Conflict(words.already_paused.format(id=ctr.id))
    ctr.state = "paused"
    state.tick()


def unpause(state: State, ctr: CtrRec) -> None:
    """Equivalent to ``docker unpause``."""
    if not ctr.paused:
        raise Conflict(state.profile.words.not_paused.format(id=ctr.id))
    ctr.state = "running"
    state.tick()


def kill(state: State, ctr: CtrRec, signal: int) -> bool:
    """Equivalent to ``docker kill -s SIGNAL`` (a number from ``names.parse_signal``);
    False when what the signal does to this main process is not simulated. PID 1 of a
    namespace gets only the signals it handles, except KILL and STOP (a stopped process
    is not modelled)."""
    if not ctr.running:
        raise Conflict(state.profile.words.exec_stopped.format(id=ctr.id))
    handles_term = ctr.process is not None and ctr.process.stop_code != 137
    if signal == SIGKILL:
        finish(state, ctr, 137)
    elif signal == SIGSTOP or (handles_term and (ctr.paused or signal != SIGTERM)):
        return False
    elif handles_term and ctr.process is not None:
        finish(state, ctr, ctr.process.stop_code)
    state.tick()
    return True


def prune(state: State) -> tuple[str, ...]:
    """Equivalent to ``docker container prune -f``: every container not up, newest first."""
    gone = [c for c in state.containers.values() if not c.running]
    for ctr in gone:
        state.drop_container(ctr)
    if gone:
        state.tick()
    return tuple(c.id for c in reversed(gone))
