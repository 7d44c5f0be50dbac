"""Checks of the lab's layout: containers up, networks as asked, who sits where.

Each reads the snapshot first (``docker ps``, ``docker network inspect``: what the
engine reports) and, where the claim is about what the kernel really has, confirms
it with a probe: a running container runs a command, the address a container was
given is on one of its interfaces, the gateway a network was given is on the host.
"""

from __future__ import annotations

from coursekit.i18n import _
from coursekit.quiz.check import Feedback, normalise_cidr, normalise_ip
from coursekit.quiz.tasks import probes
from coursekit.quiz.tasks.base import (
    TaskContext,
    confirm,
    last_line,
    missing,
    ok,
    on_networks,
)
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
    verdict = ok(_("{name} is running.").format(name=name))
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
        return missing(_("there is no network {name} yet: `docker network create {name}`"
                         ).format(name=name))
    problems = []
    if subnet and (normalise_cidr(net.subnet or "") or ("",))[0] != \
            (normalise_cidr(subnet) or ("?",))[0]:
        problems.append(_("{name} has subnet {actual}, not {subnet}: remove it and create it "
                          "with `--subnet {subnet}`").format(name=name, actual=net.subnet,
                                                             subnet=subnet))
    if gateway and normalise_ip(net.gateway or "") != normalise_ip(gateway):
        problems.append(_("{name} has gateway {actual}, not {gateway}: remove it and create "
                          "it with `--gateway {gateway}`").format(name=name, actual=net.gateway,
                                                                  gateway=gateway))
    if driver and net.driver != driver:
        problems.append(_("{name} uses the {actual} driver, not {driver}").format(
            name=name, actual=net.driver, driver=driver))
    if problems:
        return missing(*problems)
    if probe and net.driver == "bridge" and net.gateway:
        return _gateway_on_host(ctx, name, net.gateway)
    return ok(_("network {name} is as asked.").format(name=name))


def _gateway_on_host(ctx: TaskContext, name: str, gateway: str) -> Feedback:
    result = ctx.lab.sh(probes.HOST_ADDRESSES)
    if gateway in probes.inet_addresses(result):
        return ok(_("network {name} is as asked; its gateway {gateway} is on the host.").format(
            name=name, gateway=gateway))
    return missing(_("network {name} is listed, but the host has no address {gateway} "
                     "(`{command}`: {output})").format(name=name, gateway=gateway,
                                                        command=probes.HOST_ADDRESSES,
                                                        output=last_line(result)))


def on_network(ctx: TaskContext, container: str, network: str) -> Feedback:
    """Running ``container`` is attached to ``network`` (``docker network connect``)."""
    topo = ctx.topology
    problems = [state_problem(topo, container)]
    if topo.network(network) is None:
        problems.append(_("there is no network {name} yet: `docker network create {name}`"
                          ).format(name=network))
    c = find_container(topo, container)
    if c is not None and c.running and network not in networks_of(c):
        problems.append(_("{container} is on {networks}, not {network}: `docker network "
                          "connect {network} {container}`").format(
                              container=container, network=network,
                              networks=on_networks(networks_of(c))))
    problems = [p for p in problems if p]
    return missing(*problems) if problems else ok(_("{container} is on {network}.").format(
        container=container, network=network))


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
        return ok(_("{container} runs with --network {mode}.").format(container=container,
                                                                       mode=mode))
    return missing(_("{container} runs with --network {actual}, not {mode}: remove it and run "
                     "it again with `--network {mode}`").format(container=container,
                                                                actual=actual, mode=mode))


def has_ip(ctx: TaskContext, container: str, ip: str, network: str | None = None) -> Feedback:
    """Running ``container`` has address ``ip`` (on ``network`` if given; ``--ip``), and
    ``ip -o -4 addr`` inside it lists that address."""
    problem = state_problem(ctx.topology, container)
    c = find_container(ctx.topology, container)
    if problem or c is None:
        return missing(problem)
    net = f"--network {network} " if network else ""
    fix = _("remove it and run it again with `{options}`").format(options=f"{net}--ip {ip}")
    if network and network not in networks_of(c):
        return missing(_("{container} is not on {network} (it is on {networks}): {fix}").format(
            container=container, network=network, networks=on_networks(networks_of(c)),
            fix=fix))
    eps = [e for e in c.endpoints if e.ip and network in (None, e.network_name)]
    if not any(normalise_ip(e.ip) == normalise_ip(ip) for e in eps):
        have = _(", ").join(_("{address} on {network}").format(address=e.ip,
                                                                network=e.network_name)
                            for e in eps) or _("no address")
        return missing(_("{container} has {have}, not {ip}: {fix}").format(
            container=container, have=have, ip=ip, fix=fix))
    result = ctx.lab.sh(probes.addresses(container))
    if normalise_ip(ip) in probes.inet_addresses(result):
        return ok(_("{container} has {ip}.").format(container=container, ip=ip))
    return missing(_("{container} is listed with {ip}, but `{command}` does not show it: "
                     "{output}").format(container=container, ip=ip,
                                        command=probes.addresses(container),
                                        output=last_line(result)))


def removed(ctx: TaskContext, name: str, kind: str = "container") -> Feedback:
    """No container (or, with ``kind="network"``, no network) called ``name`` is left."""
    topo = ctx.topology
    if kind == "network":
        gone = topo.network(name) is None
        said = (_("network {name} is gone.") if gone else
                _("network {name} is still there: `docker network rm {name}`"))
    else:
        gone = find_container(topo, name) is None
        said = (_("container {name} is gone.") if gone else
                _("container {name} is still there: `docker rm -f {name}`"))
    return ok(said.format(name=name)) if gone else missing(said.format(name=name))
