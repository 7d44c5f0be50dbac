"""The host's netfilter rules, as the simulated engine writes them.

Docker implements what the course teaches (one bridge talks, two networks do not, ``-p``
reaches in, ``--internal`` has no way out, host mode needs no NAT, 28's LAN protection)
with a handful of rules in the host's ``filter``, ``nat`` and ``raw`` tables. This
package computes them from a :class:`~coursekit.models.Topology` (:mod:`.rules`, walking
the engine's rule book in :mod:`coursekit.backends.sim.profiles.netfilter`), prints them
as iptables does (:mod:`.render`) and answers the host's ``iptables -S`` and
``iptables-save`` (:mod:`.command`). It never touches the daemon's state.
"""

from __future__ import annotations

from coursekit.backends.sim.netfilter.command import iptables, iptables_save, not_simulated
from coursekit.backends.sim.netfilter.rules import Chain, tables

__all__ = ["Chain", "iptables", "iptables_save", "not_simulated", "tables"]
