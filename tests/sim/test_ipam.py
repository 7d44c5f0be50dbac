"""Subnet pools, address allocation and host ports (sim.ipam, sim.ports)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

import pytest

from coursekit.backends.sim.daemon.ipam import (
    AddressPool,
    SubnetAllocator,
    default_pools,
    parse_gateway,
    parse_ip_range,
    parse_subnet,
)
from coursekit.backends.sim.daemon.ports import PortAllocator, expand_requests
from coursekit.backends.sim.profiles.messages import WORDS_20_10, WORDS_28_5
from coursekit.backends.sim.profiles.pools import FirstFree, RoundRobin
from coursekit.errors import Conflict, InvalidArgument, NotFound
from coursekit.models import PortBinding


def round_robin() -> SubnetAllocator:
    """The pools of engine 20.10 (round-robin, its words)."""
    return SubnetAllocator(RoundRobin(), WORDS_20_10)


def first_free() -> SubnetAllocator:
    """The pools of engine 28.5 (first free, its words)."""
    return SubnetAllocator(FirstFree(), WORDS_28_5)


def test_default_pools_order() -> None:
    """172.17-31 /16 first, then 192.168.0.0/16 in /20s: 31 pools."""
    pools = default_pools()
    assert pools[0] == IPv4Network("172.17.0.0/16")
    assert pools[14] == IPv4Network("172.31.0.0/16")
    assert pools[15] == IPv4Network("192.168.0.0/20")
    assert pools[16] == IPv4Network("192.168.16.0/20")
    assert len(pools) == 31


def test_round_robin_cursor_does_not_reuse_freed_pool() -> None:
    """bridge takes 172.17, a net 172.18; removing it, the next net gets 172.19."""
    alloc = round_robin()
    bridge = alloc.next_pool([])
    first = alloc.next_pool([bridge])
    second = alloc.next_pool([bridge])  # first was removed
    assert (str(bridge), str(first), str(second)) == (
        "172.17.0.0/16", "172.18.0.0/16", "172.19.0.0/16")


def test_first_free_takes_a_freed_pool_again() -> None:
    """28.5: bridge 172.17, a net 172.18; removing it, the next net gets 172.18 again."""
    alloc = first_free()
    bridge = alloc.next_pool([])
    first = alloc.next_pool([bridge])
    second = alloc.next_pool([bridge])  # first was removed
    third = alloc.next_pool([bridge, second])
    assert (str(bridge), str(first), str(second), str(third)) == (
        "172.17.0.0/16", "172.18.0.0/16", "172.18.0.0/16", "172.19.0.0/16")


def test_first_free_ignores_the_cursor() -> None:
    """28.5: wherever the last network came from, the search starts at 172.17."""
    alloc = first_free()
    alloc.cursor = 30
    assert str(alloc.next_pool([IPv4Network("172.17.0.0/16")])) == "172.18.0.0/16"


def test_cursor_skips_overlapping_and_wraps() -> None:
    """A pool overlapping an existing subnet is skipped; the search wraps around."""
    alloc = round_robin()
    alloc.cursor = 30
    taken = [IPv4Network("172.17.0.0/16"), IPv4Network("172.18.5.0/24")]
    assert str(alloc.next_pool(taken)) == "192.168.240.0/20"
    assert str(alloc.next_pool(taken)) == "172.19.0.0/16"


@pytest.mark.parametrize(("alloc", "message"), [
    (round_robin(), "could not find an available, non-overlapping IPv4 address pool among "
                    "the defaults to assign to the network"),
    (first_free(), "all predefined address pools have been fully subnetted"),
], ids=["20.10", "28.5"])
def test_exhausted_pools(alloc: SubnetAllocator, message: str) -> None:
    """With every pool in use the engine's message is raised (10-pools step 38)."""
    with pytest.raises(NotFound) as err:
        alloc.next_pool(list(default_pools()))
    assert err.value.message == message


@pytest.mark.parametrize(("alloc", "prefix"), [(round_robin(), ""),
                                               (first_free(), "invalid pool request: ")],
                         ids=["20.10", "28.5"])
def test_overlap_message(alloc: SubnetAllocator, prefix: str) -> None:
    """A --subnet overlapping an existing network is refused (28.5 names the request)."""
    with pytest.raises(Conflict) as err:
        alloc.check_free(IPv4Network("172.17.5.0/24"), [IPv4Network("172.17.0.0/16")])
    assert err.value.message == prefix + "Pool overlaps with other one on this address space"
    alloc.check_free(IPv4Network("172.18.0.0/16"), [IPv4Network("172.17.0.0/16")])


def test_parse_errors_carry_daemon_text() -> None:
    """Bad --subnet, --gateway and --ip-range values fail with the observed messages."""
    with pytest.raises(InvalidArgument) as err:
        parse_subnet("10.10.0.0/33", WORDS_20_10)
    assert err.value.message == "Invalid subnet 10.10.0.0/33 : invalid CIDR address: 10.10.0.0/33"
    with pytest.raises(InvalidArgument) as new:
        parse_subnet("10.10.0.0/33", WORDS_28_5)
    assert new.value.message == ("invalid network config:\ninvalid subnet 10.10.0.0/33: "
                                 "invalid CIDR block notation")
    with pytest.raises(InvalidArgument, match="^invalid gateway address zz in Ipam"):
        parse_gateway("zz")
    with pytest.raises(InvalidArgument) as range_err:
        parse_ip_range("zz")
    assert range_err.value.message == "invalid CIDR address: zz"
    assert range_err.value.from_daemon is False
    assert parse_subnet("10.40.0.5/24", WORDS_28_5) == IPv4Network("10.40.0.0/24")


def pool(text: str, ip_range: str | None = None) -> AddressPool:
    return AddressPool(IPv4Network(text), IPv4Network(ip_range) if ip_range else None,
                       owner="n (id)")


def test_lowest_free_after_gateway_and_reuse() -> None:
    """.1 is the gateway, containers get .2, .3; a freed .2 is handed out next."""
    p = pool("172.18.0.0/16")
    assert str(p.set_gateway(None)) == "172.18.0.1"
    assert [str(p.allocate()) for _ in range(2)] == ["172.18.0.2", "172.18.0.3"]
    p.release("172.18.0.2")
    assert str(p.allocate()) == "172.18.0.2"


def test_gateway_at_top_lets_first_container_take_dot_one() -> None:
    """--gateway 10.10.0.254 on 10.10.0.0/24: the first container gets 10.10.0.1."""
    p = pool("10.10.0.0/24")
    p.set_gateway(IPv4Address("10.10.0.254"))
    assert str(p.allocate()) == "10.10.0.1"


def test_gateway_errors() -> None:
    """A gateway outside the subnet, or on its network address, is refused."""
    with pytest.raises(InvalidArgument, match=r"^failed to allocate gateway \(10.50.0.1\): "
                                              "Requested address is out of range$"):
        pool("10.40.0.0/24").set_gateway(IPv4Address("10.50.0.1"))
    with pytest.raises(InvalidArgument, match=r"\(10.42.0.0\): Address already in use$"):
        pool("10.42.0.0/24").set_gateway(IPv4Address("10.42.0.0"))
    with pytest.raises(InvalidArgument, match=r"^failed to allocate gateway \(\): No available"):
        pool("10.44.0.0/31").set_gateway(None)


def test_network_and_broadcast_never_given() -> None:
    """A /30 has one container address; then the pool is exhausted."""
    p = pool("10.44.0.0/30")
    p.set_gateway(None)
    assert str(p.allocate()) == "10.44.0.2"
    with pytest.raises(Conflict) as err:
        p.allocate()
    assert err.value.message == ("no available IPv4 addresses on this network's address "
                                 "pools: n (id)")


def test_ip_range_drives_gateway_and_addresses() -> None:
    """With --ip-range .128/25 the gateway is .128 and the first container .129."""
    p = pool("10.41.0.0/24", "10.41.0.128/25")
    assert str(p.set_gateway(None)) == "10.41.0.128"
    assert str(p.allocate()) == "10.41.0.129"
    assert str(p.allocate("10.41.0.5")) == "10.41.0.5"  # --ip may lie outside the range


def test_requested_address_errors() -> None:
    """--ip taken, reserved or outside the subnet fails with the daemon's words."""
    p = pool("10.20.0.0/24")
    p.set_gateway(None)
    p.allocate("10.20.0.50")
    for taken in ("10.20.0.50", "10.20.0.0", "10.20.0.255", "10.20.0.1"):
        with pytest.raises(Conflict, match="^Address already in use$"):
            p.allocate(taken)
    with pytest.raises(InvalidArgument, match="^Invalid address 10.30.0.50: It does not "
                                              "belong to any of this network's subnets$"):
        p.allocate("10.30.0.50")


def test_ports_fixed_binding_both_families_and_clash() -> None:
    """-p 8081:8080 binds 0.0.0.0 and ::; a second request for 8081 clashes."""
    ports = PortAllocator()
    bound = ports.publish((PortBinding(8080, "tcp", "", 8081),))
    assert [(b.host_ip, b.host_port) for b in bound] == [("0.0.0.0", 8081), ("::", 8081)]
    with pytest.raises(Conflict) as err:
        ports.publish((PortBinding(8080, "tcp", "", 8081),))
    assert err.value.message == "Bind for 0.0.0.0:8081 failed: port is already allocated"
    ports.release(bound)
    assert ports.publish((PortBinding(8080, "tcp", "", 8081),))


def test_ports_specific_address_binds_only_it() -> None:
    """-p 127.0.0.1:8090:8080 gives a single binding."""
    bound = PortAllocator().publish((PortBinding(8080, "tcp", "127.0.0.1", 8090),))
    assert bound == (PortBinding(8080, "tcp", "127.0.0.1", 8090),)


def test_ports_ephemeral_cursor_per_protocol() -> None:
    """-P starts at 32768 per protocol and continues after the last pick."""
    ports = PortAllocator()
    first = ports.publish((PortBinding(8080), PortBinding(9090, "udp")))
    assert {b.host_port for b in first} == {32768}
    ports.release(first)
    second = ports.publish((PortBinding(8080),))
    assert second[0].host_port == 32769


def test_expand_requests_publish_all() -> None:
    """-P adds an any-port request for each exposed port not already asked for."""
    requests = expand_requests((PortBinding(80, "tcp", "", 8080),), True, ("80/tcp", "443/tcp"))
    assert requests == (PortBinding(80, "tcp", "", 8080), PortBinding(443))


def test_follow_moves_the_cursor_past_the_given_pool() -> None:
    """After follow(172.20/16) the next network gets 172.21/16, like a daemon that gave 172.20."""
    allocator = round_robin()
    allocator.follow(IPv4Network("172.20.0.0/16"))
    assert allocator.next_pool([IPv4Network("172.17.0.0/16")]) == IPv4Network("172.21.0.0/16")
