"""The network driver interface: what a driver decides, and what the daemon keeps.

Docker's network code (libnetwork) splits a network's life in two. The daemon
(:mod:`~coursekit.backends.sim.daemon.networks`, :mod:`~coursekit.backends.sim.daemon.endpoints`)
keeps the records, the IPAM pools, the endpoint IDs, the ``ethN`` numbering and the
rules about network modes. A *driver* decides what its networks are on the host and
what joining one means for a container:

==========  ==========================  ===============================  ===================
driver      ``docker network create``   a container joins                it leaves
==========  ==========================  ===============================  ===================
bridge      a Linux bridge (``br-*``)   an address and a veth pair       the pair is deleted
host        refused: only one           the host's own stack             nothing
null        refused: only one           ``lo`` alone, no address         nothing
macvlan     a dummy parent (or none)    an address, a child ``eth0@ifP``  the address back
ipvlan      a dummy parent (or none)    the same, with the parent's MAC  the address back
overlay     refused: no swarm           (never)                          (never)
==========  ==========================  ===============================  ===================

A driver is one object satisfying :class:`NetworkDriver`, in one module, named in the
registry of :mod:`coursekit.backends.sim.drivers`. :class:`Unplumbed` is the base of the
drivers that build nothing on the host (``host``, ``null``); :func:`assign_address` and
:func:`release_address` are IPAM's half of a join, for the drivers that give addresses.
"""

from __future__ import annotations

from typing import Protocol

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.state import EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.host import link_local_ipv6
from coursekit.errors import DockerError, Forbidden
from coursekit.models import Driver


class NetworkDriver(Protocol):
    """What the daemon asks of a network driver (``docker network create -d NAME``)."""

    name: Driver
    """As ``docker network ls`` prints it in DRIVER."""
    host_stack: bool
    """Members use the host's own stack: no container is connected to or disconnected from
    such a network while it runs (``host``)."""
    private: bool
    """A member has ``lo`` alone and may be on no other network (``null``)."""
    publishes: bool
    """Its endpoints carry published ports (the host forwards ``-p`` to them: ``bridge``
    unless ``--internal``)."""

    def check_create(self, spec: NetworkSpec) -> None:
        """Refuse, in the daemon's words, a ``docker network create`` this driver cannot
        serve (the IPAM settings are checked by the daemon)."""

    def create(self, state: State, net: NetRec) -> None:
        """Build what a new network is on the host (a Linux bridge for ``bridge``)."""

    def remove(self, state: State, net: NetRec) -> None:
        """Take it down again (``docker network rm``, ``docker network prune``)."""

    def join(self, state: State, ep: EpRec, net: NetRec, sandbox: Sandbox) -> None:
        """Give a container's endpoint its runtime half in ``sandbox`` (``docker start``,
        ``docker network connect``): for ``bridge`` an address, a MAC and a veth pair."""

    def leave(self, state: State, ep: EpRec, net: NetRec) -> None:
        """Undo :meth:`join` (``docker stop``, ``docker network disconnect``); the daemon
        then clears the endpoint's runtime fields."""


class Unplumbed:
    """A driver whose one network the daemon creates at start and that builds nothing on
    the host: ``docker network create -d NAME`` is refused, joining adds no interface."""

    name: Driver
    host_stack = False
    private = False
    publishes = False

    def check_create(self, spec: NetworkSpec) -> None:
        """``only one instance of "host" network is allowed`` (likewise ``null``)."""
        raise Forbidden(f'only one instance of "{self.name}" network is allowed')

    def create(self, state: State, net: NetRec) -> None:
        """Nothing to build."""

    def remove(self, state: State, net: NetRec) -> None:
        """Nothing to take down."""

    def join(self, state: State, ep: EpRec, net: NetRec, sandbox: Sandbox) -> None:
        """No interface and no address: the endpoint gets its ID only."""

    def leave(self, state: State, ep: EpRec, net: NetRec) -> None:
        """Nothing to undo."""


def assign_address(state: State, ep: EpRec, net: NetRec) -> None:
    """IPAM's half of a join: ``--ip`` or the lowest free address, the prefix, the gateway
    (none on an ``--internal`` network where the engine gives it no route out: 28.5)."""
    pool = net.pool
    assert pool is not None, f"network {net.name} has no address pool"
    ep.ip, ep.prefixlen = str(pool.allocate(ep.requested_ip or None)), pool.prefixlen
    routed = not net.internal or state.profile.internal_gateway
    ep.gateway = str(pool.gateway) if routed else ""
    if net.pool6 is not None and net.enable_ipv6:
        try:
            ep.ip6 = str(net.pool6.allocate(ep.requested_ip6 or None))
        except DockerError:
            pool.release(ep.ip)
            raise
        ep.prefixlen6 = net.pool6.prefixlen
        ep.gateway6 = str(net.pool6.gateway) if routed and net.pool6.gateway else ""


def addresses6(ep: EpRec) -> tuple[str, ...]:
    """The IPv6 lines ``ip addr`` shows on the endpoint's link: its global address, then
    the link-local one the kernel derives from the MAC; none on an IPv4-only network."""
    if not ep.ip6:
        return ()
    return (f"{ep.ip6}/{ep.prefixlen6}", link_local_ipv6(ep.mac))


def link_mtu(net: NetRec) -> int:
    """The MTU of a container's link on ``net``: ``-o com.docker.network.driver.mtu``."""
    return int(dict(net.options).get("com.docker.network.driver.mtu") or 1500)


def release_address(ep: EpRec, net: NetRec) -> None:
    """Give the endpoint's address back to the pool (it can go to the next container)."""
    if net.pool is not None:
        net.pool.release(ep.ip)
    if net.pool6 is not None:
        net.pool6.release(ep.ip6)
