"""Link-layer strategies: which MAC an interface gets, and how a veth pair is numbered.

**MACs** (``macs`` in the profile). Up to engine 27 the daemon derives a container's MAC
from its IPv4 address, ``02:42`` then the four address bytes (172.17.0.2 gets
``02:42:ac:11:00:02``), and gives each Linux bridge ``02:42`` and four random bytes:
:class:`FromIPv4` (tests/golden/20.10: ``02:42:ac:11:00:03`` for 172.17.0.3). From 28
the kernel picks both: random, locally administered unicast (``1a:8a:ae:5d:02:60``;
bridges ``ba:5c:2c:09:15:7c``): :class:`RandomLocal` (tests/golden/28.5, and its
iptables/*.json ``ip -o link``). The simulator's random bytes come from the lab's seed,
so the same seed gives the same MACs.

**Interface numbering** (``ifindex``). Up to 27 the veth pair is made on the host and
its container end moved into the container: the container end takes host index N (so
``N: eth0@if(N+1)`` inside), the host end N+1 (``vethX@ifN``): :class:`HostPairs`. From
28 the container end is created in the container's own namespace and numbered there
(``2: eth0``, ``3: eth1``...); only the host end takes a host index, and shows
``vethX@if2``: :class:`NetnsLocal` (tests/golden/28.5/iptables/*.json).

**Loopback**: in a container on 28.5 ``lo`` also has ``::1/128`` (``inet6 ::1/128 scope
host`` in ``ip addr``, tests/golden/28.5/03-bridge.json step 5); on 20.10 only
127.0.0.1/8.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from coursekit.backends.sim.host import LOOPBACK

LOOPBACK_WITH_IPV6 = replace(LOOPBACK, ipv6=("::1/128",))
"""A 28.5 container's ``lo``: 127.0.0.1/8 and ::1/128."""


class MacSource(Protocol):
    """Where random MACs come from (the daemon's seeded name generator)."""

    def random_mac(self, prefix: str = "") -> str:
        """A MAC; with ``prefix`` only the rest is random, else locally administered."""


class IndexSource(Protocol):
    """A link table that numbers new interfaces (the host's, or a container namespace's)."""

    def take_index(self) -> int:
        """The next free interface index, now taken."""


class MacPolicy(Protocol):
    """The MACs the daemon (or the kernel) gives a container's interface and a bridge."""

    def container_mac(self, ip: str, source: MacSource) -> str:
        """The MAC of the container end of an endpoint holding ``ip``."""

    def bridge_mac(self, source: MacSource) -> str:
        """The MAC of a new Linux bridge (``docker0``, ``br-...``)."""


def mac_from_ipv4(ip: str) -> str:
    """The MAC Docker up to 27 gives a container: ``02:42`` + the four address bytes."""
    octets = [2, 0x42, *(int(part) for part in ip.split("."))]
    return ":".join(f"{octet:02x}" for octet in octets)


@dataclass(frozen=True)
class FromIPv4:
    """Engine 20.10: containers ``02:42`` + IPv4 bytes, bridges ``02:42`` + random bytes."""

    def container_mac(self, ip: str, source: MacSource) -> str:
        return mac_from_ipv4(ip)

    def bridge_mac(self, source: MacSource) -> str:
        return source.random_mac("02:42")


@dataclass(frozen=True)
class RandomLocal:
    """Engine 28.5: every MAC random and locally administered (drawn from the seed)."""

    def container_mac(self, ip: str, source: MacSource) -> str:
        return source.random_mac()

    def bridge_mac(self, source: MacSource) -> str:
        return source.random_mac()


class IfIndexPolicy(Protocol):
    """Which link table numbers the container end of a new veth pair."""

    def inside_index(self, host: IndexSource, netns: IndexSource) -> int:
        """The container end's index (taken before the host end's)."""


@dataclass(frozen=True)
class HostPairs:
    """Engine 20.10: both ends numbered on the host, the container end first (N, N+1)."""

    def inside_index(self, host: IndexSource, netns: IndexSource) -> int:
        return host.take_index()


@dataclass(frozen=True)
class NetnsLocal:
    """Engine 28.5: the container end numbered in its namespace (eth0 2, eth1 3...)."""

    def inside_index(self, host: IndexSource, netns: IndexSource) -> int:
        return netns.take_index()
