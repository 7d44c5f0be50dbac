"""Checks of what a server offers and what a container cannot do: probed, not assumed.

- :func:`reachable_from_host`: ``curl -s http://127.0.0.1:PORT/`` on the host must get
  an answer. Before probing, the snapshot says which host port should lead there (a
  ``-p`` binding, or the container's own port in host mode), so a failure can say
  what is missing: no binding, a binding to another port, a none-mode container whose
  ``-p`` never took effect, or no server listening where the binding leads.
- :func:`published`: the binding itself (``docker port``), for a task that asks for a
  particular host address such as ``127.0.0.1``.
- :func:`isolated`: inside the container, ``ip -o link`` shows only ``lo`` and a ping to
  the default bridge's gateway fails.

A published port belongs to the namespace's owner: a ``container:web`` follower is
reached through ``web``'s bindings. A container created with ``--network none`` and
later connected to a network (``docker network disconnect none``, then ``connect``)
keeps ``HostConfig.NetworkMode`` "none" but has an address, and its ``-p`` bindings
take effect: what counts is the address, not the mode's name.
"""

from __future__ import annotations

from dataclasses import replace

from coursekit.models import Container, PortBinding
from coursekit.quiz.check import Feedback
from coursekit.quiz.tasks import probes
from coursekit.quiz.tasks.base import TaskContext, last_line, missing, ok
from coursekit.quiz.tasks.lookup import (
    ANY,
    bindings_to,
    command_of,
    default_gateway,
    find_container,
    mode_of,
    networks_of,
    owner_of,
    state_problem,
)


def published(ctx: TaskContext, container: str, port: int, host_port: int | None = None,
              host_ip: str | None = None, protocol: str = "tcp") -> Feedback:
    """``container`` publishes ``port`` (``docker port``), on ``host_ip:host_port`` if given."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return missing(problem)
    want = f"{host_ip + ':' if host_ip else ''}{host_port or 'HOSTPORT'}:{port}"
    if _no_way_in(c):
        return missing(_cannot_publish(c, container, want))
    binds = [b for b in c.ports if b.container_port == port and b.protocol == protocol
             and b.host_port and (host_port is None or b.host_port == host_port)
             and (host_ip is None or b.host_ip == host_ip)]
    if binds:
        return ok(f"{container} publishes {port}/{protocol} on "
                  f"{binds[0].host_ip}:{binds[0].host_port}.")
    return missing(f"{container} does not publish {port}/{protocol} as asked: remove it and "
                   f"run it again with `-p {want}`")


def _no_way_in(c: Container) -> bool:
    """Host or container mode (nothing of its own to publish), or only ``lo``."""
    return mode_of(c) in ("host", "container") or not networks_of(c)


def _cannot_publish(c: Container, name: str, want: str) -> str:
    """Why ``-p WANT`` cannot take effect on ``c``, and what would."""
    mode = mode_of(c)
    if mode == "host":
        return (f"{name} uses the host's network, where -p is discarded: remove it and run "
                f"it on a bridge network with `-p {want}`")
    if mode == "container":
        return (f"{name} borrows another container's network namespace: only the owner can "
                "publish ports")
    why = " (--network none)" if mode == "none" else ""
    return (f"{name} has only lo{why}, so its -p is not in effect and nothing can reach it: "
            f"run it on a network with `-p {want}`, or `docker network disconnect none "
            f"{name}` and `docker network connect bridge {name}`")


def reachable_from_host(ctx: TaskContext, container: str, port: int,
                        host_port: int | None = None) -> Feedback:
    """The host reaches the server ``container`` runs on ``port``: ``curl -s
    http://127.0.0.1:HOSTPORT/`` answers (or the binding's own address, if ``-p`` named
    one), where HOSTPORT is ``host_port`` (default: the host port ``-p`` bound, or
    ``port`` itself in host mode)."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return missing(problem)
    owner = owner_of(topo, c)
    if owner is not c and state_problem(topo, owner.name):
        return missing(state_problem(topo, owner.name))
    via, why = _host_port(owner, container, port, host_port)
    if via is None:
        return missing(why)
    line = probes.host_get(via.host_port, via.host_ip)
    if ctx.lab.sh(line).ok:
        return ok(f"the host reaches {container}'s port {port} at "
                  f"{via.host_ip}:{via.host_port}.")
    return missing(_nobody_listens(c, owner, port, via.host_port, line))


def _host_port(owner: Container, name: str, port: int,
               host_port: int | None) -> tuple[PortBinding | None, str]:
    """Where on the host ``port`` of ``owner``'s namespace should answer, or why nowhere."""
    want = host_port or port
    if mode_of(owner) == "host":
        if want != port:
            return None, (f"{name} uses the host's network, where -p is discarded: no host "
                          f"port {want} can lead to its port {port}; run it on a bridge "
                          f"network with `-p {want}:{port}`")
        return PortBinding(port, "tcp", probes.LOOPBACK, port), ""
    if not networks_of(owner):
        return None, _cannot_publish(owner, owner.name, f"{want}:{port}")
    binds = bindings_to(owner, port, host_port)
    if not binds:
        return None, _not_published(owner, name, port, want)
    b = binds[0]
    return replace(b, host_ip=b.host_ip if b.host_ip not in ("", ANY) else probes.LOOPBACK), ""


def _not_published(owner: Container, name: str, port: int, want: int) -> str:
    elsewhere = [b for b in owner.ports if b.host_port == want and ":" not in b.host_ip]
    via = "" if owner.name == name else f"{name} shares {owner.name}'s namespace, and "
    if elsewhere:
        return (f"{via}host port {want} leads to {owner.name}'s port "
                f"{elsewhere[0].container_port}, not {port}: remove {owner.name} and run it "
                f"again with `-p {want}:{port}`")
    return (f"{via}{owner.name} does not publish port {port} on host port {want}: remove "
            f"{owner.name} and run it again with `-p {want}:{port}` (a running container "
            "cannot gain a -p)")


def _nobody_listens(c: Container, owner: Container, port: int, target: int, line: str) -> str:
    where = f"{owner.name} uses the host's network" if mode_of(owner) == "host" else \
        f"host port {target} leads to port {port} of {owner.name}'s namespace"
    return (f"nothing answers `{line}`: {where}, but no server listens on port {port} "
            f"there ({c.name} runs `{command_of(c)}`); run a server on that port, e.g. "
            f"`busybox httpd -f -p {port}`")


def isolated(ctx: TaskContext, container: str) -> Feedback:
    """Running ``container`` has only ``lo`` and cannot ping the default bridge's gateway."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return missing(problem)
    result = ctx.lab.sh(probes.links(container))
    if not result.ok:
        return missing(f"`{probes.links(container)}` failed: {last_line(result)}")
    others = [n for n in probes.link_names(result) if n != "lo"]
    gateway = default_gateway(topo)
    answered = ctx.lab.sh(probes.ping(container, gateway)).ok
    if not others and not answered:
        return ok(f"{container} has only lo and cannot reach {gateway}.")
    return missing(_not_isolated(owner_of(topo, c), container, others, gateway, answered))


def _not_isolated(owner: Container, name: str, others: list[str], gateway: str,
                  answered: bool) -> str:
    where = "the host's network" if mode_of(owner) == "host" else \
        f"network {', '.join(networks_of(owner)) or '?'}"
    reach = f"`{probes.ping(name, gateway)}` answers" if answered else \
        "the other containers there can reach it"
    return (f"{name} has {', '.join(others) or 'a way out'} besides lo (it is on {where}) "
            f"and {reach}: remove it and run it again with `--network none`")
