"""Checks of who reaches whom: by name through Docker's DNS, or not at all.

The teaching rules they encode (see docker-facts.md): names resolve only on
user-defined networks (embedded DNS at 127.0.0.11) or through a legacy ``--link``; a
container in ``container:X`` mode has no endpoint of its own and so no name in DNS;
``--network none`` and ``host`` cannot resolve container names. Each layout verdict is
then tried for real: a ping by name must answer, a ping by address across networks
kept apart must not.
"""

from __future__ import annotations

from coursekit.i18n import _
from coursekit.models import Container, Topology
from coursekit.quiz.check import Feedback
from coursekit.quiz.tasks import probes
from coursekit.quiz.tasks.base import TaskContext, confirm, missing, ok, on_networks
from coursekit.quiz.tasks.lookup import (
    PREDEFINED,
    addresses_of,
    find_container,
    linked,
    mode_of,
    networks_of,
    owner_of,
    state_problem,
)


def reach_by_name(ctx: TaskContext, src: str, dst: str, probe: bool = False) -> Feedback:
    """``src`` can reach ``dst`` by name: both run and share a user-defined network.

    A legacy ``--link`` also counts. With ``probe``, the lab must also answer
    ``docker exec SRC ping -c 1 -W 1 DST`` with exit code 0.
    """
    topo = ctx.topology
    pair = _both_running(topo, src, dst)
    if isinstance(pair, Feedback):
        return pair
    verdict = _name_resolution(topo, *pair)
    if verdict.correct and probe:
        return confirm(ctx.lab, probes.ping(src, dst), verdict)
    return verdict


def _both_running(topo: Topology, a: str, b: str) -> tuple[Container, Container] | Feedback:
    """Both containers, or what keeps them from running (one line each)."""
    problems = [p for p in (state_problem(topo, a), state_problem(topo, b)) if p]
    ca, cb = find_container(topo, a), find_container(topo, b)
    if problems or ca is None or cb is None:
        return missing(*problems)
    return ca, cb


def _name_resolution(topo: Topology, s: Container, d: Container) -> Feedback:
    src, dst = s.name, d.name
    owner = owner_of(topo, s)
    if mode_of(owner) in ("host", "none"):
        return missing(_("{src} uses --network {mode}: it cannot resolve container names; "
                         "run it on a user-defined network instead").format(
                             src=src, mode=mode_of(owner)))
    if d.namespace_owner:
        return missing(_("{dst} shares another container's network namespace: it has no "
                         "endpoint and no name in DNS; reach that container's name instead"
                         ).format(dst=dst))
    shared = [n for n in networks_of(owner, True) if n in networks_of(d, True)]
    if shared:
        return ok(_("{src} reaches {dst} by name on network {network} (embedded DNS).").format(
            src=src, dst=dst, network=shared[0]))
    if linked(owner, d):
        return ok(_("{src} reaches {dst} through a legacy --link; a user-defined network is "
                    "the modern way.").format(src=src, dst=dst))
    return missing(_no_shared_network(src, dst, networks_of(owner), networks_of(d)))


def _no_shared_network(src: str, dst: str, s_nets: list[str], d_nets: list[str]) -> str:
    if set(s_nets) | set(d_nets) <= {"bridge"}:
        return _("{src} and {dst} are on the default bridge, which has no name resolution: "
                 "create a network (`docker network create app`) and connect both "
                 "(`docker network connect app {src}`, then {dst})").format(src=src, dst=dst)
    target = next((n for n in d_nets if n not in PREDEFINED), None)
    mine = next((n for n in s_nets if n not in PREDEFINED), None)
    fixes = [f"`docker network connect {target} {src}`" if target else "",
             f"`docker network connect {mine} {dst}`" if mine else ""]
    fix = _(" or ").join(f for f in fixes if f) or _(
        "connect both to one user-defined network (`docker network connect NET {dst}`)"
    ).format(dst=dst)
    return _("{src} is on {src_networks} and {dst} on {dst_networks}: they share no "
             "user-defined network; {fix}").format(
                 src=src, dst=dst, fix=fix, src_networks=on_networks(s_nets),
                 dst_networks=on_networks(d_nets))



def no_shared_network(ctx: TaskContext, a: str, b: str) -> Feedback:
    """``a`` and ``b`` run and share no network, and ``a`` cannot ping ``b``'s address."""
    topo = ctx.topology
    pair = _both_running(topo, a, b)
    if isinstance(pair, Feedback):
        return pair
    oa, ob = owner_of(topo, pair[0]), owner_of(topo, pair[1])
    if "host" in (mode_of(oa), mode_of(ob)):
        who = a if mode_of(oa) == "host" else b
        return missing(_("{who} uses the host's network, which reaches every container: "
                         "keep {a} and {b} on networks of their own").format(who=who, a=a, b=b))
    shared = sorted(set(networks_of(oa)) & set(networks_of(ob)))
    if shared:
        return missing(_("{a} and {b} are both on {networks}: keep them apart "
                         "(`docker network disconnect {network} {a}`)").format(
                             a=a, b=b, networks=on_networks(shared), network=shared[0]))
    return _cannot_ping(ctx, a, b, addresses_of(ob))


def _cannot_ping(ctx: TaskContext, a: str, b: str, targets: list[str]) -> Feedback:
    if not targets:
        return ok(_("{a} and {b} share no network.").format(a=a, b=b))
    line = probes.ping(a, targets[0])
    if not ctx.lab.sh(line).ok:
        return ok(_("{a} and {b} share no network: `{command}` gets no answer.").format(
            a=a, b=b, command=line))
    return missing(_("{a} still reaches {b} at {address} (`{command}` answers): keep them on "
                     "networks of their own").format(a=a, b=b, address=targets[0], command=line))
