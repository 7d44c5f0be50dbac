"""Lab tasks: checks that look at the learner's lab and say what is still missing.

A lab task asks the learner to change the lab ("make c2 reach c1 by name"); a check
reads ``lab.snapshot()`` (a :class:`coursekit.models.Topology`, the same from the
simulator and a real engine) and, where state alone cannot tell, runs a probe with
``lab.sh`` (``docker exec c2 ping -c 1 -W 1 c1``). Every check returns a
:class:`Feedback` whose message names each thing still wrong and the command that
fixes it, one line per problem.

Checks are looked up by name in :data:`TASKS`; a question bank names them with their
keyword arguments (``{"check": "reach_by_name", "params": {"src": "c2", "dst": "c1"}}``).
The teaching rules they encode (see docs/ and docker-facts.md): names resolve only on
user-defined networks (embedded DNS at 127.0.0.11) or through a legacy ``--link``; a
container in ``container:X`` mode has no endpoint of its own and so no name in DNS;
``--network none`` leaves only ``lo``; ``-p`` is discarded in host mode.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from coursekit.models import Container, Topology
from coursekit.quiz.check import Feedback, normalise_cidr, normalise_ip
from coursekit.quiz.lookup import (
    PREDEFINED,
    find_container,
    linked,
    mode_of,
    networks_of,
    owner_of,
    state_problem,
)
from coursekit.result import CommandResult

if TYPE_CHECKING:
    from coursekit.quiz.model import LabTask, TaskCall


class LabLike(Protocol):
    """What a task needs of a lab: :class:`coursekit.Lab` or a test double."""

    def sh(self, line: str) -> CommandResult: ...

    def snapshot(self) -> Topology: ...


@dataclass(frozen=True)
class TaskContext:
    """One look at the lab, shared by all checks of a task."""

    topology: Topology
    lab: LabLike


def _ok(message: str) -> Feedback:
    return Feedback(True, message)


def _missing(*problems: str) -> Feedback:
    return Feedback(False, "\n".join(f"- {p}" for p in problems if p))


# -- checks ----------------------------------------------------------------------------------

def running(ctx: TaskContext, name: str) -> Feedback:
    """Container ``name`` exists and is running (``docker ps`` lists it)."""
    problem = state_problem(ctx.topology, name)
    return _missing(problem) if problem else _ok(f"{name} is running.")


def network_exists(ctx: TaskContext, name: str, subnet: str | None = None,
                   gateway: str | None = None, driver: str | None = None) -> Feedback:
    """Network ``name`` exists (``docker network ls``), with the subnet/gateway/driver asked."""
    net = ctx.topology.network(name)
    if net is None:
        return _missing(f"there is no network {name} yet: `docker network create {name}`")
    problems = []
    if subnet and (normalise_cidr(net.subnet or "") or ("",))[0] != \
            (normalise_cidr(subnet) or ("?",))[0]:
        problems.append(f"{name} has subnet {net.subnet}, not {subnet}: remove it and "
                        f"create it with `--subnet {subnet}`")
    if gateway and normalise_ip(net.gateway or "") != normalise_ip(gateway):
        problems.append(f"{name} has gateway {net.gateway}, not {gateway} (`--gateway`)")
    if driver and net.driver != driver:
        problems.append(f"{name} uses the {net.driver} driver, not {driver}")
    return _missing(*problems) if problems else _ok(f"network {name} is as asked.")


def on_network(ctx: TaskContext, container: str, network: str) -> Feedback:
    """Running ``container`` is attached to ``network`` (``docker network connect``)."""
    topo = ctx.topology
    problems = [state_problem(topo, container)]
    if topo.network(network) is None:
        problems.append(f"there is no network {network} yet: `docker network create {network}`")
    c = find_container(topo, container)
    if c is not None and c.running and network not in networks_of(c):
        problems.append(f"{container} is on {', '.join(networks_of(c)) or 'no network'}, not "
                        f"{network}: `docker network connect {network} {container}`")
    problems = [p for p in problems if p]
    return _missing(*problems) if problems else _ok(f"{container} is on {network}.")


def reach_by_name(ctx: TaskContext, src: str, dst: str, probe: bool = False) -> Feedback:
    """``src`` can reach ``dst`` by name: both run and share a user-defined network.

    A legacy ``--link`` also counts. With ``probe``, the lab must also answer
    ``docker exec SRC ping -c 1 -W 1 DST`` with exit code 0.
    """
    topo = ctx.topology
    problems = [p for p in (state_problem(topo, src), state_problem(topo, dst)) if p]
    if problems:
        return _missing(*problems)
    s, d = find_container(topo, src), find_container(topo, dst)
    assert s is not None and d is not None
    verdict = _name_resolution(topo, s, d)
    if verdict.correct and probe:
        return _probe(ctx.lab, f"docker exec {src} ping -c 1 -W 1 {dst}", verdict)
    return verdict


def _name_resolution(topo: Topology, s: Container, d: Container) -> Feedback:
    src, dst = s.name, d.name
    owner = owner_of(topo, s)
    if mode_of(owner) in ("host", "none"):
        return _missing(f"{src} uses --network {mode_of(owner)}: it cannot resolve container "
                        "names; run it on a user-defined network instead")
    if d.namespace_owner:
        return _missing(f"{dst} shares another container's network namespace: it has no "
                        "endpoint and no name in DNS; reach that container's name instead")
    shared = [n for n in networks_of(owner, True) if n in networks_of(d, True)]
    if shared:
        return _ok(f"{src} reaches {dst} by name on network {shared[0]} (embedded DNS).")
    if linked(owner, d):
        return _ok(f"{src} reaches {dst} through a legacy --link; a user-defined network "
                   "is the modern way.")
    return _missing(_no_shared_network(src, dst, networks_of(owner), networks_of(d)))


def _no_shared_network(src: str, dst: str, s_nets: list[str], d_nets: list[str]) -> str:
    if set(s_nets) | set(d_nets) <= {"bridge"}:
        return (f"{src} and {dst} are on the default bridge, which has no name resolution: "
                f"create a network (`docker network create app`) and connect both "
                f"(`docker network connect app {src}`, then {dst})")
    target = next((n for n in d_nets if n not in PREDEFINED), None)
    fix = f"`docker network connect {target} {src}`" if target else \
        f"connect both to one user-defined network (`docker network connect NET {dst}`)"
    return (f"{src} is on {', '.join(s_nets) or 'no network'} and {dst} on "
            f"{', '.join(d_nets) or 'no network'}: they share no user-defined network; {fix}")


def _probe(lab: LabLike, line: str, verdict: Feedback) -> Feedback:
    result = lab.sh(line)
    if result.ok:
        return verdict
    last = (result.output.strip().splitlines() or ["(no output)"])[-1]
    return _missing(f"the layout looks right, but `{line}` failed: {last}")


def no_shared_network(ctx: TaskContext, a: str, b: str) -> Feedback:
    """``a`` and ``b`` exist and share no network (kept apart on purpose)."""
    topo = ctx.topology
    ca, cb = find_container(topo, a), find_container(topo, b)
    missing = [f"{n} does not exist yet" for n, c in ((a, ca), (b, cb)) if c is None]
    if ca is None or cb is None:
        return _missing(*missing)
    shared = sorted(set(networks_of(owner_of(topo, ca))) & set(networks_of(owner_of(topo, cb))))
    if shared:
        return _missing(f"{a} and {b} are both on {', '.join(shared)}: keep them apart "
                        f"(`docker network disconnect {shared[0]} {a}`)")
    return _ok(f"{a} and {b} share no network.")


def network_mode(ctx: TaskContext, container: str, mode: str) -> Feedback:
    """``container`` runs in ``mode``: bridge, host, none, ``container:NAME`` or a network."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return _missing(problem)
    actual = mode_of(c)
    if actual == "container":
        owner = owner_of(topo, c)
        actual = f"container:{owner.name.lstrip('/')}"
    if actual == mode:
        return _ok(f"{container} runs with --network {mode}.")
    return _missing(f"{container} runs with --network {actual}, not {mode}: remove it and "
                    f"run it again with `--network {mode}`")


def published(ctx: TaskContext, container: str, port: int, host_port: int | None = None,
              host_ip: str | None = None, protocol: str = "tcp") -> Feedback:
    """``container`` publishes ``port`` (``docker port``), on ``host_ip:host_port`` if given."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return _missing(problem)
    if mode_of(c) in ("host", "none", "container"):
        return _missing(_cannot_publish(c, container))
    binds = [b for b in c.ports if b.container_port == port and b.protocol == protocol
             and b.host_port and (host_port is None or b.host_port == host_port)
             and (host_ip is None or b.host_ip == host_ip)]
    if binds:
        return _ok(f"{container} publishes {port}/{protocol} on "
                   f"{binds[0].host_ip}:{binds[0].host_port}.")
    want = f"{host_ip + ':' if host_ip else ''}{host_port or 'HOSTPORT'}:{port}"
    return _missing(f"{container} does not publish {port}/{protocol} as asked: remove it and "
                    f"run it again with `-p {want}`")


def _cannot_publish(c: Container, name: str) -> str:
    mode = mode_of(c)
    if mode == "host":
        return (f"{name} uses the host's network: -p is discarded there; its process "
                "binds the host's ports directly")
    if mode == "none":
        return f"{name} has --network none: only lo, nothing can reach it; use a bridge and -p"
    return (f"{name} borrows another container's network namespace: only the owner can "
            "publish ports")


def reachable_from_host(ctx: TaskContext, container: str, port: int) -> Feedback:
    """The host reaches ``container``'s ``port``: published with ``-p``, or host mode."""
    c = find_container(ctx.topology, container)
    if c is not None and c.running and mode_of(c) == "host":
        return _ok(f"{container} uses the host's network: its port {port} is the host's.")
    return published(ctx, container, port)


def has_ip(ctx: TaskContext, container: str, ip: str, network: str | None = None) -> Feedback:
    """Running ``container`` has address ``ip`` (on ``network`` if given; ``--ip``)."""
    problem = state_problem(ctx.topology, container)
    c = find_container(ctx.topology, container)
    if problem or c is None:
        return _missing(problem)
    eps = [e for e in c.endpoints if network in (None, e.network_name)]
    if any(normalise_ip(e.ip) == normalise_ip(ip) for e in eps if e.ip):
        return _ok(f"{container} has {ip}.")
    have = ", ".join(f"{e.ip} on {e.network_name}" for e in eps if e.ip) or "no address"
    return _missing(f"{container} has {have}, not {ip}: on a user-defined network, "
                    f"run it with `--ip {ip}`")


def removed(ctx: TaskContext, name: str, kind: str = "container") -> Feedback:
    """No container (or, with ``kind="network"``, no network) called ``name`` is left."""
    topo = ctx.topology
    if kind == "network":
        gone = topo.network(name) is None
        fix = f"`docker network rm {name}`"
    else:
        gone = find_container(topo, name) is None
        fix = f"`docker rm -f {name}`"
    return _ok(f"{kind} {name} is gone.") if gone else _missing(f"{kind} {name} is still "
                                                                f"there: {fix}")


Check = Callable[..., Feedback]
TASKS: Mapping[str, Check] = MappingProxyType({f.__name__: f for f in (
    running, network_exists, on_network, reach_by_name, no_shared_network, network_mode,
    published, reachable_from_host, has_ip, removed)})
"""Every check a question bank may name, by name."""


def validate_call(call: TaskCall) -> str:
    """Why ``call`` cannot run (unknown check, wrong parameters), or ``""``."""
    fn = TASKS.get(call.check)
    if fn is None:
        return f"no check {call.check!r}; known: {', '.join(sorted(TASKS))}"
    try:
        inspect.signature(fn).bind(None, **call.kwargs)
    except TypeError as exc:
        return f"check {call.check}: {exc}"
    return ""


def run_task(lab: LabLike, task: LabTask) -> Feedback:
    """Run every check of ``task`` against one snapshot of ``lab``; all must hold."""
    try:
        ctx = TaskContext(lab.snapshot(), lab)
    except Exception as exc:  # an engine gone away must not raise into a widget
        return Feedback(False, f"Could not look at the lab: {exc}", counted=False)
    results = [TASKS[call.check](ctx, **call.kwargs) for call in task.checks]
    if all(r.correct for r in results):
        return Feedback(True, "Done. " + " ".join(r.message for r in results),
                        task.explanation)
    lines = "\n".join(r.message for r in results if not r.correct)
    return Feedback(False, f"Not yet:\n{lines}", task.explanation)
