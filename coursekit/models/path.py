"""A packet's path through the lab, hop by hop: what ``lab.trace(LINE)`` returns.

A :class:`PacketPath` is a value like the others of :mod:`coursekit.models`: computed
from a :class:`~coursekit.models.Topology` (the simulator's, or a real engine's
``lab.snapshot()``, then marked ``computed``), read by the text view, by the picture
and by quizzes. Each :class:`Hop` names a place (an interface, a veth end, a bridge,
a netfilter chain, a program such as ``docker-proxy``) and what happens there; a chain
hop carries the ``iptables -S`` lines that matched, the last one the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

HopKind = str
"""``iface`` (an interface in a namespace), ``veth`` (a veth pair's host end), ``bridge``,
``route`` (a routing decision), ``chain`` (a netfilter chain), ``proxy`` (docker-proxy),
``out`` (beyond the uplink), ``end`` (the packet's fate)."""

DELIVERED, DROPPED, NO_ROUTE, NOBODY = "delivered", "dropped", "no route", "nobody there"
"""The outcomes of a path."""


@dataclass(frozen=True)
class Hop:
    """One place on the way: ``kind`` (:data:`HopKind`), ``place`` (its name, as the
    lab's commands print it), ``what`` happens there, the ``rules`` that matched (chain
    hops), and ``box``, the key of the picture's box it passes (``ctr:NAME``,
    ``veth:NAME:eth0``, ``net:NETWORK``, ``nic:IFACE``; "" when the picture has none)."""

    kind: HopKind
    place: str
    what: str
    rules: tuple[str, ...] = ()
    box: str = ""


@dataclass(frozen=True)
class PacketPath:
    """Where the packet of ``line`` goes: from ``source`` to ``destination`` (an address,
    with ``port`` for TCP), over ``hops``, ending in ``outcome`` (:data:`DELIVERED`,
    :data:`DROPPED`, :data:`NO_ROUTE`, :data:`NOBODY`) for ``reason``; ``rule`` is the
    ``iptables -S`` line that decided ("" when no rule did). ``computed``: worked out from
    a real engine's state by the simulator's model, not observed on the machine."""

    line: str
    source: str
    destination: str
    proto: str
    port: int
    outcome: str
    reason: str
    hops: tuple[Hop, ...]
    rule: str = ""
    computed: bool = False

    @property
    def delivered(self) -> bool:
        return self.outcome == DELIVERED

    @property
    def chains(self) -> tuple[str, ...]:
        """The netfilter chains passed, in order (``filter FORWARD``, ``nat POSTROUTING``)."""
        return tuple(h.place for h in self.hops if h.kind == "chain")
