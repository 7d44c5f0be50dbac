"""Checks of the lab's layout: containers up, networks as asked, who sits where.

Each reads the snapshot first (``docker ps``, ``docker network inspect``: what the
engine reports) and, where the claim is about what the kernel really has, confirms
it with a probe: a running container runs a command, the address a container was
given is on one of its interfaces, the gateway a network was given is on the host.
"""

from __future__ import annotations

from coursekit.quiz.check import Feedback, normalise_cidr, normalise_ip
from coursekit.quiz.tasks import probes
from coursekit.quiz.tasks.base import TaskContext, confirm, last_line, missing, ok
from coursekit.quiz.tasks.lookup import (
    find_container,
    mode_of,
    networks_of,
    owner_of,
    state_problem,
)


def running(ctx: TaskContext, name: str, probe: bool = False) -> Feedback:
    """Container ``name`` exists and is running (``docker ps`` lists it, not paused).

    With ``probe``, ``docker exec NAME true`` must also succeed: its processes answer.
    """
    problem = state_problem(ctx.topology, name)
    if problem:
        return missing(problem)
    verdict = ok(f"{name} is running.")
    return confirm(ctx.lab, probes.alive(name), verdict) if probe else verdict


def network_exists(ctx: TaskContext, name: str, subnet: str | None = None,
                   gateway: str | None = None, driver: str | None = None,
                   probe: bool = False) -> Feedback:
    """Network ``name`` exists (``docker network ls``), with the subnet/gateway/driver asked.

    With ``probe``, a bridge network's gateway must also be on the host
    (``ip -o -4 addr`` lists it on the network's bridge).
    """
    net = ctx.topology.network(name)
    if net is None:
        return missing(f"there is no network {name} yet: `docker network create {name}`")
    problems = []
    if subnet and (normalise_cidr(net.subnet or "") or ("",))[0] != \
            (normalise_cidr(subnet) or ("?",))[0]:
        problems.append(f"{name} has subnet {net.subnet}, not {subnet}: remove it and "
                        f"create it with `--subnet {subnet}`")
    if gateway and normalise_ip(net.gateway or "") != normalise_ip(gateway):
        problems.append(f"{name} has gateway {net.gateway}, not {gateway}: remove it and "
                        f"create it with `--gateway {gateway}`")
    if driver and net.driver != driver:
        problems.append(f"{name} uses the {net.driver} driver, not {driver}")
    if problems:
        return missing(*problems)
    if probe and net.driver == "bridge" and net.gateway:
        return _gateway_on_host(ctx, name, net.gateway)
    return ok(f"network {name} is as asked.")


def _gateway_on_host(ctx: TaskContext, name: str, gateway: str) -> Feedback:
    result = ctx.lab.sh(probes.HOST_ADDRESSES)
    if gateway in probes.inet_addresses(result):
        return ok(f"network {name} is as asked; its gateway {gateway} is on the host.")
    return missing(f"network {name} is listed, but the host has no address {gateway} "
                   f"(`{probes.HOST_ADDRESSES}`: {last_line(result)})")


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
    return missing(*problems) if problems else ok(f"{container} is on {network}.")


def network_mode(ctx: TaskContext, container: str, mode: str) -> Feedback:
    """``container`` runs in ``mode``: bridge, host, none, ``container:NAME`` or a network."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return missing(problem)
    actual = mode_of(c)
    if actual == "container":
        actual = f"container:{owner_of(topo, c).name.lstrip('/')}"
    if actual == mode:
        return ok(f"{container} runs with --network {mode}.")
    return missing(f"{container} runs with --network {actual}, not {mode}: remove it and "
                   f"run it again with `--network {mode}`")


def has_ip(ctx: TaskContext, container: str, ip: str, network: str | None = None) -> Feedback:
    """Running ``container`` has address ``ip`` (on ``network`` if given; ``--ip``), and
    ``ip -o -4 addr`` inside it lists that address."""
    problem = state_problem(ctx.topology, container)
    c = find_container(ctx.topology, container)
    if problem or c is None:
        return missing(problem)
    net = f"--network {network} " if network else ""
    fix = f"remove it and run it again with `{net}--ip {ip}`"
    if network and network not in networks_of(c):
        return missing(f"{container} is not on {network} (it is on "
                       f"{', '.join(networks_of(c)) or 'no network'}): {fix}")
    eps = [e for e in c.endpoints if e.ip and network in (None, e.network_name)]
    if not any(normalise_ip(e.ip) == normalise_ip(ip) for e in eps):
        have = ", ".join(f"{e.ip} on {e.network_name}" for e in eps) or "no address"
        return missing(f"{container} has {have}, not {ip}: {fix}")
    result = ctx.lab.sh(probes.addresses(container))
    if normalise_ip(ip) in probes.inet_addresses(result):
        return ok(f"{container} has {ip}.")
    return missing(f"{container} is listed with {ip}, but `{probes.addresses(container)}` "
                   f"does not show it: {last_line(result)}")


def removed(ctx: TaskContext, name: str, kind: str = "container") -> Feedback:
    """No container (or, with ``kind="network"``, no network) called ``name`` is left."""
    topo = ctx.topology
    if kind == "network":
        gone = topo.network(name) is None
        fix = f"`docker network rm {name}`"
    else:
        gone = find_container(topo, name) is None
        fix = f"`docker rm -f {name}`"
    return ok(f"{kind} {name} is gone.") if gone else missing(f"{kind} {name} is still "
                                                              f"there: {fix}")
