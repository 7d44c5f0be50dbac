"""Pool strategies: where the search for a new network's subnet starts (``pools``).

``docker network create`` without ``--subnet`` takes a free subnet from the predefined
pools (172.17-31 /16, then 192.168.0.0/16 in /20s; see
:mod:`coursekit.backends.sim.daemon.ipam`). Which one depends on the engine:

- :class:`RoundRobin` (up to 26, so 20.10): the search starts after the subnet handed out
  last, a cursor that lives in memory. Create p1 (172.18), remove it, create p2: 172.19
  (tests/golden/20.10/10-pools.json step 5); thirty networks later the cursor wraps and
  q30 gets 172.19 again (step 37).
- :class:`FirstFree` (27 and later, so 28.5): the search always starts at the first pool,
  so a subnet given back is taken again at once: p2 gets 172.18 (tests/golden/28.5/
  10-pools.json step 5), and q01..q30 fill the list in order, q30 192.168.240.0/20
  (step 37).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class PoolPolicy(Protocol):
    """Where the subnet allocator starts looking, given its round-robin cursor."""

    given_first: bool
    """IPAM Config lists the ``--subnet`` values first, then the pools it picked (28.5:
    ``--ipv6 --subnet fd00::/64`` shows fd00::/64, then 172.18.0.0/16); else IPv4 first.
    28.5 also picks an IPv6 /64 for ``--ipv6`` alone, where 20.10 finds no IPv6 pool."""

    pool_before_options: bool
    """A pool is taken before the driver parses its options, so a ``network create``
    refused for an option (``enable_icc=maybe``) still moves the round-robin cursor (20.10:
    pa 172.18, a refused create, pb 172.20; 28.5: pb 172.19)."""

    def search_from(self, cursor: int) -> int:
        """The index in the predefined pools the search starts at."""


@dataclass(frozen=True)
class RoundRobin:
    """Engine 20.10: continue after the subnet handed out last."""

    given_first = False
    pool_before_options = True

    def search_from(self, cursor: int) -> int:
        return cursor


@dataclass(frozen=True)
class FirstFree:
    """Engine 28.5: always the first free pool."""

    given_first = True
    pool_before_options = False

    def search_from(self, cursor: int) -> int:
        return 0
