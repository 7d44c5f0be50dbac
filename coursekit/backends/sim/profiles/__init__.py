"""Engine profiles in the simulator: small strategies where engines 20.10 and 28.5 differ.

An :class:`~coursekit.profiles.EngineProfile` is data: versions, the document shape, and
the *names* of the daemon's behaviours that differ. :func:`strategies` is the one place
that turns those names into the objects below; the daemon reads them from its
:class:`~coursekit.backends.sim.daemon.state.State` (``state.profile``), the userland
from the topology it is given (:func:`for_topology`, by the engine version the topology
names). Neither asks which version it is. Every row was observed on both engines on the
same command lines (tests/golden/20.10 and tests/golden/28.5, step numbers as there;
tests/cli/data/engine_observed*.json):

==================  ================================  ======================================
behaviour           20.10                             28.5
==================  ================================  ======================================
container MAC       ``02:42`` + IPv4 bytes            random, locally administered (seeded)
bridge MAC          ``02:42`` + random bytes          random, locally administered (seeded)
veth numbering      on the host: ``N: eth0@if(N+1)``  in the netns: ``2: eth0``, ``3: eth1``
container ``lo``    127.0.0.1/8                       and ``::1/128``
default pools       round-robin (p1, rm, p2: .19)     first free (p2: 172.18 again)
``--ip`` checks     at start, the first reason        at create, every reason
several networks    refused at create                 an endpoint on each (``run``)
``NetworkMode``     ``default`` (no ``--network``)    ``bridge``
bridge IPAM         Subnet only (fresh daemon)        Subnet and Gateway
``--internal``      a gateway, a default route        no gateway, no route out
``Aliases``         user's, then the short id         the user's only
``DNSNames``        none                              name, aliases, short id, hostname
``/etc/hosts``      ``fe00::0``, ``ff00::0``          ``fe00::``, ``ff00::``
``resolv.conf``     embedded lines, or host's copy    generated: header, source, ExtServers
messages            bare                              ``failed to set up container ...``
==================  ================================  ======================================

The modules: :mod:`.links` (MACs, interface numbering, loopback), :mod:`.pools`,
:mod:`.endpoints` (names, checks), :mod:`.files` (/etc/hosts, /etc/resolv.conf),
:mod:`.messages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from coursekit.backends.sim.host import LOOPBACK
from coursekit.backends.sim.profiles.endpoints import (
    AtCreate,
    AtStart,
    DnsNames,
    EndpointChecks,
    EndpointNames,
    ShortIdAlias,
)
from coursekit.backends.sim.profiles.files import ContainerFiles, CopiedFiles, GeneratedFiles
from coursekit.backends.sim.profiles.links import (
    LOOPBACK_WITH_IPV6,
    FromIPv4,
    HostPairs,
    IfIndexPolicy,
    MacPolicy,
    NetnsLocal,
    RandomLocal,
)
from coursekit.backends.sim.profiles.messages import (
    FILTER_WORDS_20_10,
    FILTER_WORDS_28_5,
    WORDS_20_10,
    WORDS_28_5,
    DaemonWords,
    FilterWords,
)
from coursekit.backends.sim.profiles.pools import FirstFree, PoolPolicy, RoundRobin
from coursekit.models import DEFAULT_MODE, Interface, NetworkMode, Topology
from coursekit.profiles import EngineProfile, ProfileName, for_server_version


@dataclass(frozen=True)
class Generation:
    """What follows the engine's generation rather than one named behaviour."""

    checks: EndpointChecks
    names: EndpointNames
    files: ContainerFiles
    words: DaemonWords
    loopback: Interface
    """A container's ``lo``."""
    unnamed_mode: NetworkMode
    """``HostConfig.NetworkMode`` of a container run without ``--network``."""
    bridge_gateway_shown: bool
    """Whether the default bridge's IPAM Config lists its Gateway on a fresh daemon."""
    internal_gateway: bool
    """Whether an endpoint on an ``--internal`` network has a gateway (a default route)."""
    filters: FilterWords
    """The daemon's refusals of ``--filter`` values, where the engines word them apart."""
    exec_missing: tuple[str, int]
    """How ``docker exec`` of a missing program ends: the runtime's suffix and exit code."""
    proxy_fd: int
    """The fd a ``docker-proxy`` holds its socket as (28.5 hands it over: 7; 20.10 opens
    its own: 4), as the host's ``ss -p`` shows."""
    several_networks: bool
    """Whether create gives a container an endpoint on each of several networks (API
    1.44 and later); 20.10 refuses: ``Container cannot be connected to network
    endpoints: a, b``."""


@dataclass(frozen=True)
class SimProfile(Generation):
    """One engine as the simulator plays it: its generation's data, the profile and the
    strategies its behaviour names choose."""

    engine: EngineProfile
    macs: MacPolicy
    pools: PoolPolicy
    numbering: IfIndexPolicy

    @property
    def version(self) -> str:
        """``docker version --format {{.Server.Version}}``."""
        return self.engine.server.version


_MACS: dict[str, MacPolicy] = {"from-ip": FromIPv4(), "random": RandomLocal()}
_POOLS: dict[str, PoolPolicy] = {"round-robin": RoundRobin(), "first-free": FirstFree()}
_NUMBERING: dict[str, IfIndexPolicy] = {"host-pairs": HostPairs(), "netns-local": NetnsLocal()}

_GENERATIONS: dict[ProfileName, Generation] = {
    "20.10": Generation(AtStart(), ShortIdAlias(), CopiedFiles(), WORDS_20_10, LOOPBACK,
                        DEFAULT_MODE, bridge_gateway_shown=False, internal_gateway=True,
                        filters=FILTER_WORDS_20_10, exec_missing=(": unknown", 126),
                        proxy_fd=4, several_networks=False),
    "28.5": Generation(AtCreate(), DnsNames(), GeneratedFiles(), WORDS_28_5,
                       LOOPBACK_WITH_IPV6, NetworkMode("bridge"), bridge_gateway_shown=True,
                       internal_gateway=False, filters=FILTER_WORDS_28_5,
                       exec_missing=("", 127), proxy_fd=7, several_networks=True),
}


@cache
def strategies(profile: EngineProfile) -> SimProfile:
    """The simulator's strategies for ``profile`` (the one place names become objects)."""
    generation = _GENERATIONS[profile.name]
    return SimProfile(**vars(generation), engine=profile, macs=_MACS[profile.macs],
                      pools=_POOLS[profile.pools], numbering=_NUMBERING[profile.ifindex])


def for_topology(topology: Topology) -> SimProfile:
    """The strategies of the engine a topology comes from (by its ``engine_version``)."""
    return _for_version(topology.engine_version)


@cache
def _for_version(version: str) -> SimProfile:
    return strategies(for_server_version(version))


__all__ = ["SimProfile", "for_topology", "strategies"]
