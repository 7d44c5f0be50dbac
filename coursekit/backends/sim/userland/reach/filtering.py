"""What the host's netfilter rules do to a packet the walk sends through the host.

The walk (:mod:`.walk`) follows routes, bridges and veths; wherever a packet crosses the
host's netfilter hooks, it asks here, and this module walks the very rules ``iptables
-S`` prints (:mod:`coursekit.backends.sim.netfilter.walk`), Docker's and the learner's
``DOCKER-USER`` ones alike:

* bridged or routed between containers, or out to the uplink: ``raw PREROUTING`` (28.5's
  per-address drops), then ``filter FORWARD`` for the first packet (``NEW``) and for its
  answer (``ESTABLISHED``, coming back the other way): a rule may drop either;
* leaving through the uplink: ``nat POSTROUTING`` must masquerade it, or no answer comes
  back to a private address;
* to one of the host's own addresses: ``nat PREROUTING`` may DNAT it to a container (a
  published port), which is then forwarded as above.

Bridged traffic between two containers of one bridge passes ``FORWARD`` too (the engine
loads ``br_netfilter``), which is how ``enable_icc=false`` and a ``DOCKER-USER`` rule
between two neighbours take effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.netfilter.match import Packet
from coursekit.backends.sim.netfilter.walk import Step, verdict
from coursekit.models import Topology


@dataclass(frozen=True)
class Passage:
    """Whether the rules let a packet (and its answer) through, every rule that matched
    on the way, the line that dropped it, and a DNAT's new destination (``IP:PORT``)."""

    allowed: bool
    steps: tuple[Step, ...]
    rule: str = ""
    chain: str = ""
    to: str = ""
    back: tuple[Step, ...] = ()
    """The rules that matched the answer on its way back."""


def forward(topology: Topology, packet: Packet) -> Passage:
    """``packet`` forwarded by the host (``iif`` and ``oif`` set), and its answer."""
    raw = verdict(topology, "raw", "PREROUTING", packet)
    if raw.target == "DROP":
        return Passage(False, raw.steps, raw.rule, "raw PREROUTING")
    ahead = verdict(topology, "filter", "FORWARD", packet)
    steps = (*raw.steps, *ahead.steps)
    if ahead.target != "ACCEPT":
        return Passage(False, steps, ahead.rule or f"-P FORWARD {ahead.target}",
                       _chain(ahead.steps))
    answer = Packet(packet.dst, packet.src, packet.oif, packet.iif, packet.proto,
                    state="ESTABLISHED")
    back = verdict(topology, "filter", "FORWARD", answer)
    if back.target != "ACCEPT":
        return Passage(False, steps, back.rule or f"-P FORWARD {back.target}",
                       _chain(back.steps), back=back.steps)
    return Passage(True, steps, back=back.steps)


def masqueraded(topology: Topology, packet: Packet) -> Passage:
    """``nat POSTROUTING`` for a packet leaving through ``packet.oif``: allowed when a
    MASQUERADE rule rewrote its source."""
    out = verdict(topology, "nat", "POSTROUTING", packet)
    return Passage(out.target == "MASQUERADE", out.steps,
                   out.rule if out.target == "MASQUERADE" else "", "nat POSTROUTING")


def translated(topology: Topology, packet: Packet, chain: str = "PREROUTING") -> Passage:
    """``nat PREROUTING`` (``OUTPUT`` for the host's own packets) for a packet to a host
    address: ``to`` is DNAT's new destination, "" when the host itself answers."""
    out = verdict(topology, "nat", chain, packet)
    return Passage(True, out.steps, out.rule if out.target == "DNAT" else "", f"nat {chain}",
                   out.to if out.target == "DNAT" else "")


def _chain(steps: tuple[Step, ...]) -> str:
    last = steps[-1] if steps else None
    return f"{last.table} {last.chain}" if last is not None else ""


def why(passage: Passage) -> str:
    """The rule that dropped the packet, in words a learner can check with ``iptables -S``."""
    rule = passage.rule
    if rule.startswith("-A DOCKER-USER "):
        return f"a DOCKER-USER rule drops it ({rule})"
    if rule.startswith("-P "):
        return f"no rule accepts it and the chain's policy drops it ({rule})"
    return f"the host's rule {rule!r} ({passage.chain}) drops it"
