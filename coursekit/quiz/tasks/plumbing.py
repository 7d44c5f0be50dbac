"""Checks of the plumbing lesson: a network built by hand, and a learner's own firewall rule.

- :func:`netns_reach`: the namespaces, bridge and veth pairs of the by-hand exercise
  exist, and ``ip netns exec SRC ping -c 1 -W 1 TARGET`` answers.
- :func:`user_rule_blocks`: one rule in ``DOCKER-USER`` stops ``src``'s ping to ``dst``
  while ``src`` still reaches ``still``: judged by pings, not by reading the rule.

Both need the host itself. On a real engine the lab's host commands run in a helper
container without privileges: ``iptables`` answers a plain "cannot be read" line, and
namespaces made there would vanish with the helper. Such a check says so and is not
counted (neither right nor wrong).
"""

from __future__ import annotations

from coursekit.i18n import N_, _
from coursekit.quiz.check import Feedback
from coursekit.quiz.tasks import probes
from coursekit.quiz.tasks.base import LabLike, TaskContext, last_line, missing, ok
from coursekit.quiz.tasks.lookup import find_container, state_problem

ROOT_TERMINAL = N_("This task needs the host's {what}, which the lab cannot reach on a real "
                 "engine (its host commands run in a helper container without privileges). "
                 "Run the lesson with the simulator (`Lab(backend=\"sim\")`) to have it checked, "
                 "or try the commands in a root terminal on the engine's machine.")
RETURN = "-A DOCKER-USER -j RETURN"
"""20.10 starts DOCKER-USER with this rule; it is Docker's, not the learner's."""


def not_checkable(what: str) -> Feedback:
    """The lab cannot judge this here: said plainly, and not counted."""
    return Feedback(False, _(ROOT_TERMINAL).format(what=what), counted=False)


def on_real_engine(lab: LabLike) -> bool:
    """True when ``lab`` (or the scratch lab in front of it) talks to a real engine."""
    backend = getattr(lab, "backend", None)
    return getattr(backend, "name", "sim") != "sim"


def netns_ping(src: str, target: str) -> str:
    """Namespace ``src`` sends one ping to ``target`` and waits a second at most."""
    return f"ip netns exec {src} ping -c 1 -W 1 {target}"


def netns_reach(ctx: TaskContext, src: str, target: str, bridge: str = "br0") -> Feedback:
    """Namespace ``src`` reaches ``target`` through ``bridge``, all made by hand."""
    lab = ctx.lab
    if on_real_engine(lab):
        return not_checkable(_("network namespaces"))
    problems = [_namespace_problem(lab, src), _bridge_problem(lab, bridge)]
    if any(problems):
        return missing(*problems)
    if lab.sh(netns_ping(src, target)).ok:
        return ok(_("{src} reaches {target}.").format(src=src, target=target))
    hint = _forward_hint(lab, src, target, bridge) or _address_hint(lab, src)
    return missing(_("`{command}` gets no answer: {hint}").format(
        command=netns_ping(src, target), hint=hint))


def _forward_hint(lab: LabLike, src: str, target: str, bridge: str) -> str:
    """When ``src`` and the namespace holding ``target`` both reach the bridge's own address
    (the host), the cables work: the host's FORWARD chain drops what the bridge passes
    between the two."""
    own = probes.inet_addresses(lab.sh(f"ip -o -4 addr show {bridge}"))
    listed = lab.sh("ip netns list").stdout.splitlines()
    holder = next((n for n in (line.split()[0] for line in listed if line.strip())
                   if target in probes.inet_addresses(lab.sh(f"ip netns exec {n} ip addr"))),
                  None)
    if not own or holder is None or not all(
            lab.sh(netns_ping(ns, own[0])).ok for ns in (src, holder)):
        return ""
    return _("{src} reaches {bridge}'s own address {address}, so the cables work; the host's "
             "FORWARD chain drops the frames {bridge} passes between namespaces (Docker set its "
             "policy to DROP): let them through with `iptables -I DOCKER-USER -i {bridge} -o "
             "{bridge} -j ACCEPT`").format(src=src, bridge=bridge, address=own[0])


def _namespace_problem(lab: LabLike, name: str) -> str:
    listed = lab.sh("ip netns list")
    names = [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]
    return "" if name in names else _("there is no namespace {name} yet: `ip netns add {name}`"
                                       ).format(name=name)


def _bridge_problem(lab: LabLike, bridge: str) -> str:
    shown = lab.sh(f"ip link show {bridge}")
    if not shown.ok:
        return _("there is no bridge {bridge} yet: `ip link add {bridge} type bridge`").format(
            bridge=bridge)
    flags = shown.stdout.partition("<")[2].partition(">")[0].split(",")
    return "" if "UP" in flags else _("{bridge} is down: `ip link set {bridge} up`").format(
        bridge=bridge)


def _address_hint(lab: LabLike, name: str) -> str:
    """What to look at in namespace ``name``: its address first, then the cables."""
    found = probes.inet_addresses(lab.sh(f"ip netns exec {name} ip addr"))
    if not [ip for ip in found if not ip.startswith("127.")]:
        return _("{name} has no address besides loopback (`ip netns exec {name} ip addr add "
                 "ADDRESS/24 dev veth-{name}`)").format(name=name)
    return _("check that both ends of each veth pair are up and that the host ends are in the "
             "bridge (`ip link`, `bridge link`), and the target's address "
             "(`ip netns exec NAME ip addr`)")


def user_rule_blocks(ctx: TaskContext, src: str, dst: str, still: str) -> Feedback:
    """One learner rule in DOCKER-USER: ``src`` no longer reaches ``dst``, still ``still``."""
    listed = ctx.lab.sh("iptables -S DOCKER-USER")
    if not listed.ok and listed.stderr.startswith("coursekit:"):
        return not_checkable(_("firewall rules"))
    gone = next((p for p in (state_problem(ctx.topology, n) for n in (src, dst, still)) if p),
                "")
    if gone:
        return missing(gone)
    rules = [r for r in listed.stdout.splitlines() if r.startswith("-A ") and r != RETURN]
    problems = _rule_problems(ctx, src, dst, still, rules)
    if problems:
        return missing(*problems)
    return ok(_("{src} no longer reaches {dst} and still reaches {still}: `{rule}`.").format(
        src=src, dst=dst, still=still, rule=rules[0]))


def _rule_problems(ctx: TaskContext, src: str, dst: str, still: str,
                   rules: list[str]) -> list[str]:
    lab, problems = ctx.lab, []
    if lab.sh(probes.ping(src, dst)).ok:
        problems.append(_("{src} still reaches {dst} (`{command}` answers): add a rule such as "
                          "`{rule}`").format(src=src, dst=dst, command=probes.ping(src, dst),
                                             rule=f"iptables -I DOCKER-USER -s {_ip(ctx, src)} "
                                             f"-d {_ip(ctx, dst)} -j DROP"))
    reply = lab.sh(probes.ping(src, still))
    if not reply.ok:
        problems.append(_("{src} no longer reaches {still} (`{command}`: {error}): the rule "
                          "drops too much; list the rules with `iptables -S DOCKER-USER` and "
                          "delete one with `iptables -D DOCKER-USER N`").format(
                              src=src, still=still, command=probes.ping(src, still),
                              error=last_line(reply)))
    if len(rules) != 1:
        problems.append(_("DOCKER-USER holds {n} rules of yours, the task asks for one "
                          "(`iptables -S DOCKER-USER` lists them)").format(n=len(rules)))
    return problems


def _ip(ctx: TaskContext, name: str) -> str:
    c = find_container(ctx.topology, name)
    found = [e.ip for e in c.endpoints if e.ip] if c is not None else []
    return found[0] if found else f"{name.upper()}_IP"
