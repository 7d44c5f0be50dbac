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

from coursekit.i18n import _
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
        return ok(_("{container} publishes {port} on {address}.").format(
            container=container, port=f"{port}/{protocol}",
            address=f"{binds[0].host_ip}:{binds[0].host_port}"))
    return missing(_("{container} does not publish {port} as asked: remove it and run it again "
                     "with `-p {want}`").format(container=container, port=f"{port}/{protocol}",
                                               want=want))


def _no_way_in(c: Container) -> bool:
    """Host or container mode (nothing of its own to publish), or only ``lo``."""
    return mode_of(c) in ("host", "container") or not networks_of(c)


def _cannot_publish(c: Container, name: str, want: str) -> str:
    """Why ``-p WANT`` cannot take effect on ``c``, and what would."""
    mode = mode_of(c)
    if mode == "host":
        return _("{name} uses the host's network, where -p is discarded: remove it and run it "
                 "on a bridge network with `-p {want}`").format(name=name, want=want)
    if mode == "container":
        return _("{name} borrows another container's network namespace: only the owner can "
                 "publish ports").format(name=name)
    said = _("{name} has only lo (--network none), so its -p is not in effect and nothing can "
             "reach it: run it on a network with `-p {want}`, or `docker network disconnect "
             "none {name}` and `docker network connect bridge {name}`") if mode == "none" else \
        _("{name} has only lo, so its -p is not in effect and nothing can reach it: run it on "
          "a network with `-p {want}`, or `docker network disconnect none {name}` and "
          "`docker network connect bridge {name}`")
    return said.format(name=name, want=want)


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
        return ok(_("the host reaches {container}'s port {port} at {address}.").format(
            container=container, port=port, address=f"{via.host_ip}:{via.host_port}"))
    return missing(_nobody_listens(c, owner, port, via.host_port, line))


def _host_port(owner: Container, name: str, port: int,
               host_port: int | None) -> tuple[PortBinding | None, str]:
    """Where on the host ``port`` of ``owner``'s namespace should answer, or why nowhere."""
    want = host_port or port
    if mode_of(owner) == "host":
        if want != port:
            return None, _("{name} uses the host's network, where -p is discarded: no host "
                           "port {want} can lead to its port {port}; run it on a bridge "
                           "network with `-p {want}:{port}`").format(name=name, want=want,
                                                                    port=port)
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
    via = "" if owner.name == name else _("{name} shares {owner}'s namespace, and ").format(
        name=name, owner=owner.name)
    if elsewhere:
        return via + _("host port {want} leads to {owner}'s port {other}, not {port}: remove "
                       "{owner} and run it again with `-p {want}:{port}`").format(
                           want=want, owner=owner.name, other=elsewhere[0].container_port,
                           port=port)
    return via + _("{owner} does not publish port {port} on host port {want}: remove {owner} "
                   "and run it again with `-p {want}:{port}` (a running container cannot gain "
                   "a -p)").format(owner=owner.name, port=port, want=want)


def _nobody_listens(c: Container, owner: Container, port: int, target: int, line: str) -> str:
    where = _("{owner} uses the host's network").format(owner=owner.name) \
        if mode_of(owner) == "host" else \
        _("host port {target} leads to port {port} of {owner}'s namespace").format(
            target=target, port=port, owner=owner.name)
    return _("nothing answers `{command}`: {where}, but no server listens on port {port} there "
             "({name} runs `{process}`); run a server on that port, e.g. `busybox httpd -f -p "
             "{port}`").format(command=line, where=where, port=port, name=c.name,
                               process=command_of(c))


def isolated(ctx: TaskContext, container: str) -> Feedback:
    """Running ``container`` has only ``lo`` and cannot ping the default bridge's gateway."""
    topo = ctx.topology
    problem = state_problem(topo, container)
    c = find_container(topo, container)
    if problem or c is None:
        return missing(problem)
    result = ctx.lab.sh(probes.links(container))
    if not result.ok:
        return missing(_("`{command}` failed: {error}").format(command=probes.links(container),
                                                                error=last_line(result)))
    others = [n for n in probes.link_names(result) if n != "lo"]
    gateway = default_gateway(topo)
    answered = ctx.lab.sh(probes.ping(container, gateway)).ok
    if not others and not answered:
        return ok(_("{container} has only lo and cannot reach {gateway}.").format(
            container=container, gateway=gateway))
    return missing(_not_isolated(owner_of(topo, c), container, others, gateway, answered))


def _not_isolated(owner: Container, name: str, others: list[str], gateway: str,
                  answered: bool) -> str:
    where = _("the host's network") if mode_of(owner) == "host" else \
        _("network {networks}").format(networks=_(", ").join(networks_of(owner)) or "?")
    reach = _("`{command}` answers").format(command=probes.ping(name, gateway)) if answered \
        else _("the other containers there can reach it")
    return _("{name} has {interfaces} besides lo (it is on {where}) and {reach}: remove it and "
             "run it again with `--network none`").format(
                 name=name, interfaces=_(", ").join(others) or _("a way out"), where=where,
                 reach=reach)
