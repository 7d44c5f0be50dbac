"""IP address management: which subnet a network gets, which address a container gets.

Docker's default IPAM driver does two jobs, both imitated here with :mod:`ipaddress`:

1. **Subnets for networks.** ``docker network create`` without ``--subnet`` takes a
   free pool from a fixed list: 172.17.0.0/16 ... 172.31.0.0/16, then 192.168.0.0/16
   cut into /20s. Where the search starts is the profile's pool policy
   (:mod:`coursekit.backends.sim.profiles.pools`): up to engine 26 where the last one
   stopped (a round-robin cursor that lives in memory: the default bridge takes 172.17
   when the daemon starts, the first user network 172.18; remove it and the next
   network still gets 172.19), from 27 at the first pool (172.18 again). A pool
   overlapping any existing network is skipped; a ``--subnet`` overlapping one is
   refused.
2. **Addresses for containers.** Inside a subnet the network address, the broadcast
   address and the gateway are reserved; a container gets the *lowest* free address
   (from ``--ip-range`` when given), so an address freed by ``docker stop`` is handed
   out again at once. ``--ip`` asks for one address in particular.

Every refusal raises the daemon's own words (``Pool overlaps with other one on this
address space``, ``Address already in use``...), in the profile's wording where the
engines differ (:mod:`coursekit.backends.sim.profiles.messages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from coursekit.backends.sim.profiles.messages import DaemonWords
from coursekit.backends.sim.profiles.pools import PoolPolicy
from coursekit.errors import Conflict, InvalidArgument, NotFound

IPNetwork = IPv4Network | IPv6Network
IPAddress = IPv4Address | IPv6Address


def default_pools() -> tuple[IPv4Network, ...]:
    """The engine's predefined pools: 172.17-31 /16, then 192.168.0.0/16 in /20s."""
    wide = [IPv4Network(f"172.{octet}.0.0/16") for octet in range(17, 32)]
    narrow = list(IPv4Network("192.168.0.0/16").subnets(new_prefix=20))
    return tuple(wide + narrow)


def parse_subnet(text: str, words: DaemonWords) -> IPv4Network:
    """``--subnet`` as the daemon reads it (host bits allowed: ``10.1.0.5/24``)."""
    try:
        return IPv4Network(text, strict=False)
    except ValueError:
        raise InvalidArgument(words.bad_subnet(text)) from None


def parse_ip_range(text: str) -> IPv4Network:
    """``--ip-range`` (the CLI checks it before the daemon sees it)."""
    try:
        return IPv4Network(text, strict=False)
    except ValueError:
        error = InvalidArgument(f"invalid CIDR address: {text}")
        error.from_daemon = False
        raise error from None


def parse_gateway(text: str) -> IPv4Address:
    """``--gateway``: a plain address, not a CIDR."""
    try:
        return IPv4Address(text)
    except ValueError:
        raise InvalidArgument(f"invalid gateway address {text} in Ipam configuration") from None


class SubnetAllocator:
    """Hands out subnets to networks: the predefined pools, searched from where ``policy``
    says (a round-robin cursor, or the first pool), refusing in ``words``."""

    def __init__(self, policy: PoolPolicy, words: DaemonWords) -> None:
        self.pools = default_pools()
        self.cursor = 0
        self.policy, self.words = policy, words

    def next_pool(self, taken: Sequence[IPNetwork]) -> IPv4Network:
        """The next predefined pool that overlaps nothing in ``taken``; moves the cursor."""
        count = len(self.pools)
        start = self.policy.search_from(self.cursor)
        for step in range(count):
            index = (start + step) % count
            pool = self.pools[index]
            if not any(pool.overlaps(other) for other in taken):
                self.cursor = (index + 1) % count
                return pool
        raise NotFound(self.words.no_pool)

    def follow(self, last: IPv4Network) -> None:
        """Continue after ``last``, as a real daemon whose cursor last handed it out."""
        self.cursor = (self.pools.index(last) + 1) % len(self.pools)

    def check_free(self, subnet: IPNetwork, taken: Sequence[IPNetwork]) -> None:
        """A ``--subnet`` must not overlap an existing network's subnet."""
        if any(subnet.overlaps(other) for other in taken):
            raise Conflict(self.words.pool_overlap)




def parse_subnet6(text: str, words: DaemonWords) -> IPv6Network:
    """An IPv6 ``--subnet`` (``fd00::/64``; host bits allowed), refused as the IPv4 one."""
    try:
        return IPv6Network(text, strict=False)
    except ValueError:
        raise InvalidArgument(words.bad_subnet(text)) from None


class AddressPool:
    """The addresses of one network's subnet (IPv4, or IPv6 on an ``--ipv6`` network):
    reserved, taken, and the lowest free one.

    ``owner`` is ``NAME (ID)`` as the exhaustion message names the network.
    """

    def __init__(self, subnet: IPNetwork, ip_range: IPNetwork | None = None,
                 owner: str = "") -> None:
        self.subnet = subnet
        self.ip_range = ip_range
        self.owner = owner
        self.taken: set[int] = set()
        self._first = int(subnet.network_address)
        self._last = int(subnet.broadcast_address)
        self.taken.update((self._first, self._last))  # 20.10 reserves both, even in a /31
        self.gateway: IPAddress | None = None

    def _address(self, value: int | str) -> IPAddress:
        """An address of this pool's family."""
        return IPv4Address(value) if self.subnet.version == 4 else IPv6Address(value)

    def _window(self) -> tuple[int, int]:
        if self.ip_range is None:
            return self._first, self._last
        low = max(int(self.ip_range.network_address), self._first)
        high = min(int(self.ip_range.broadcast_address), self._last)
        return low, high

    def _lowest_free(self) -> int | None:
        low, high = self._window()
        for value in range(low, high + 1):
            if value not in self.taken:
                return value
        return None

    def set_gateway(self, requested: IPAddress | None) -> IPAddress:
        """Reserve the gateway: the requested one, or the lowest free address."""
        if requested is None:
            value = self._lowest_free()
            if value is None:
                raise InvalidArgument(
                    "failed to allocate gateway (): No available addresses on this pool")
        else:
            value = int(requested)
            if requested not in self.subnet:
                raise InvalidArgument(f"failed to allocate gateway ({requested}): "
                                      "Requested address is out of range")
            if value in self.taken:
                raise InvalidArgument(
                    f"failed to allocate gateway ({requested}): Address already in use")
        self.taken.add(value)
        self.gateway = self._address(value)
        return self.gateway

    def allocate(self, requested: str | None = None) -> IPAddress:
        """A container's address: ``requested`` (``--ip``) or the lowest free one."""
        if requested:
            return self._allocate_requested(requested)
        value = self._lowest_free()
        if value is None:
            raise Conflict(f"no available IPv{self.subnet.version} addresses on this "
                           f"network's address pools: {self.owner}")
        self.taken.add(value)
        return self._address(value)

    def _allocate_requested(self, requested: str) -> IPAddress:
        try:
            address = self._address(requested)
        except ValueError:
            raise InvalidArgument(f"invalid IPv{self.subnet.version} address: "
                                  f"{requested}") from None
        if address not in self.subnet:
            raise InvalidArgument(f"Invalid address {requested}: It does not belong to any "
                                  "of this network's subnets")
        if int(address) in self.taken:
            raise Conflict("Address already in use")
        self.taken.add(int(address))
        return address

    def release(self, address: str) -> None:
        """Give an address back (``docker stop``, ``docker network disconnect``)."""
        if address:
            self.taken.discard(int(self._address(address)))

    @property
    def prefixlen(self) -> int:
        return self.subnet.prefixlen

    def cidr(self, address: IPAddress) -> str:
        """``address/prefixlen``, as ``ip addr`` and ``docker network inspect`` show it."""
        return f"{address}/{self.subnet.prefixlen}"

    def broadcast(self) -> str:
        return str(self.subnet.broadcast_address)

