"""A packet through the host's chains, rule by rule, as netfilter walks them.

:func:`verdict` runs one built-in chain of one table (``filter FORWARD``, ``nat
PREROUTING``...) over the rules :mod:`.rules` computed: the first rule whose matches
hold decides (``ACCEPT``, ``DROP``, ``DNAT``, ``MASQUERADE``); a jump walks the user
chain and comes back at its end or at ``RETURN``; a built-in chain's end applies its
policy. Every rule that matched is kept, in order (:class:`Step`), so a trace can show
the learner the line of ``iptables -S`` that decided.

The parsed tables are kept per topology (the simulator's snapshot is cached until the
state changes, so one parse serves every packet of a command).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.netfilter.match import Packet, Rule, matches, parse
from coursekit.backends.sim.netfilter.rules import tables
from coursekit.models import Topology

Parsed = dict[str, dict[str, tuple[str | None, tuple[Rule, ...]]]]
"""table -> chain -> (policy, rules)."""
FINAL = ("ACCEPT", "DROP", "DNAT", "MASQUERADE", "REJECT")
_CACHE: dict[int, tuple[Topology, Parsed]] = {}


@dataclass(frozen=True)
class Step:
    """A rule that matched (``line`` as ``iptables -S`` prints it, ``-A CHAIN`` included),
    or a chain's policy (``-P CHAIN POLICY``); ``hook`` is the built-in chain the walk
    started from (``FORWARD`` for a rule of ``DOCKER-USER`` it jumped to)."""

    table: str
    chain: str
    line: str
    target: str
    hook: str = ""


@dataclass(frozen=True)
class Verdict:
    """What a chain did to a packet: its ``target`` (``ACCEPT``, ``DROP``, ``DNAT``,
    ``MASQUERADE``, or ``ACCEPT`` for a nat chain that changed nothing), the rules that
    matched on the way, and DNAT's new destination (``IP:PORT``)."""

    target: str
    steps: tuple[Step, ...]
    to: str = ""

    @property
    def rule(self) -> str:
        """The line that decided ("" when the chain ended without one: its policy)."""
        last = self.steps[-1] if self.steps else None
        return last.line if last is not None and last.line.startswith("-A ") else ""


def parsed(topology: Topology) -> Parsed:
    """Every table's chains as rules, parsed once per topology."""
    found = _CACHE.get(id(topology))
    if found is not None and found[0] is topology:
        return found[1]
    result = {table: {c.name: (c.policy, tuple(parse(r) for r in c.rules)) for c in chains}
              for table, chains in tables(topology).items()}
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(topology)] = (topology, result)
    return result


def verdict(topology: Topology, table: str, chain: str, packet: Packet) -> Verdict:
    """Walk built-in ``chain`` of ``table`` for ``packet``."""
    chains = parsed(topology)[table]
    steps: list[Step] = []
    decided = _walk(chains, (table, chain), chain, packet, steps, depth=0)
    if decided is not None:
        return Verdict(decided[0], tuple(steps), decided[1])
    policy = chains.get(chain, ("ACCEPT", ()))[0] or "ACCEPT"
    steps.append(Step(table, chain, f"-P {chain} {policy}", policy, chain))
    return Verdict(policy, tuple(steps))


def _walk(chains: dict[str, tuple[str | None, tuple[Rule, ...]]], where: tuple[str, str],
          chain: str, packet: Packet, steps: list[Step], depth: int) -> tuple[str, str] | None:
    """The deciding (target, to) of ``chain``, None when it returns (or simply ends)."""
    for rule in chains.get(chain, (None, ()))[1]:
        if not matches(rule, packet):
            continue
        steps.append(Step(where[0], chain, f"-A {chain} {rule.line}", rule.target, where[1]))
        if rule.target in FINAL:
            return rule.target, rule.to
        if rule.target == "RETURN":
            return None
        if rule.target in chains and depth < 16:
            found = _walk(chains, where, rule.target, packet, steps, depth + 1)
            if found is not None:
                return found
    return None
