"""A packet through the host's chains, rule by rule, as netfilter walks them.

:func:`verdict` runs one built-in chain of one table (``filter FORWARD``, ``nat
PREROUTING``...) over the rules :mod:`.rules` computed: the first rule whose matches
hold decides (``ACCEPT``, ``DROP``, ``DNAT``, ``MASQUERADE``); a jump walks the user
chain and comes back at its end or at ``RETURN``; a built-in chain's end applies its
policy. Every rule that matched is kept, in order (:class:`Step`), so a trace can show
the learner the line of ``iptables -S`` that decided.

The parsed tables are kept for each state the rules depend on (the traffic a command
moves makes a new snapshot with the same rules), and each chain's verdict per packet.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.netfilter.match import Packet, Rule, matches, parse
from coursekit.backends.sim.netfilter.rules import tables
from coursekit.models import Topology

Parsed = dict[str, dict[str, tuple[str | None, tuple[Rule, ...]]]]
"""table -> chain -> (policy, rules)."""
FINAL = ("ACCEPT", "DROP", "DNAT", "MASQUERADE", "REJECT")
_CACHE: dict[object, Parsed] = {}
_LAST: dict[int, tuple[Topology, Parsed]] = {}
_VERDICTS: dict[tuple[int, str, str, Packet], Verdict] = {}


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
    """Every table's chains as rules, parsed once for each state the rules depend on (a
    command's traffic makes a new snapshot, but the same rules)."""
    last = _LAST.get(id(topology))
    if last is not None and last[0] is topology:
        return last[1]
    key = signature(topology)
    result = _CACHE.get(key)
    if result is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
            _VERDICTS.clear()
        result = {table: {c.name: (c.policy, tuple(parse(r) for r in c.rules)) for c in chains}
                  for table, chains in tables(topology).items()}
        _CACHE[key] = result
    if len(_LAST) > 16 or len(_VERDICTS) > 4096:  # a verdict is keyed by its rules' id:
        _LAST.clear()  # dropped together with every reference that keeps those rules alive
        _CACHE.clear()
        _VERDICTS.clear()
        _CACHE[key] = result
    _LAST[id(topology)] = (topology, result)
    return result


def signature(topology: Topology) -> object:
    """What the rules are computed from: the engine, the networks, each container's state,
    start, endpoints and ports, and the learner's DOCKER-USER chain."""
    return (topology.engine_version, topology.docker_user, topology.networks,
            tuple((c.id, c.state, c.started_at, c.endpoints, c.ports)
                  for c in topology.containers))


def verdict(topology: Topology, table: str, chain: str, packet: Packet) -> Verdict:
    """Walk built-in ``chain`` of ``table`` for ``packet`` (kept: the same rules give the
    same verdict)."""
    rules = parsed(topology)
    key = (id(rules), table, chain, packet)
    found = _VERDICTS.get(key)
    if found is None:
        found = _VERDICTS[key] = _verdict(rules[table], table, chain, packet)
    return found


def _verdict(chains: dict[str, tuple[str | None, tuple[Rule, ...]]], table: str, chain: str,
             packet: Packet) -> Verdict:
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
