"""The simulated host's interfaces (coursekit.backends.sim.host)."""

from __future__ import annotations

from coursekit.backends.sim.host import LOOPBACK, Host, HostConfig, link_local_ipv6


def names(host: Host) -> list[str]:
    return [iface.name for iface in host.interfaces()]


def test_fresh_host_with_and_without_virbr0() -> None:
    """lo, the NIC and (by default) libvirt's virbr0, numbered from 1."""
    assert names(Host(HostConfig())) == ["lo", "enp0s3", "virbr0"]
    assert names(Host(HostConfig(virbr0=False))) == ["lo", "enp0s3"]
    virbr0 = Host(HostConfig()).interfaces()[2]
    assert virbr0.ipv4 == ("192.168.122.1/24",) and not virbr0.carrier


def test_bridge_without_ports_has_no_carrier() -> None:
    """docker0 alone is NO-CARRIER (state DOWN) and has no IPv6 link-local yet."""
    host = Host(HostConfig(virbr0=False))
    index = host.add_bridge("docker0", "02:42:c2:b9:87:b7", "172.17.0.1/16")
    docker0 = host.interfaces()[-1]
    assert (index, docker0.up, docker0.carrier, docker0.ipv6) == (3, True, False, ())


def test_veth_pair_takes_two_indexes_and_gives_carrier() -> None:
    """A pair takes N (container end) and N+1 (host end, vethX@ifN, master docker0)."""
    host = Host(HostConfig(virbr0=False))
    host.add_bridge("docker0", "02:42:c2:b9:87:b7", "172.17.0.1/16")
    inner, outer = host.add_veth("veth6484d0c", "5a:ee:92:32:eb:ce", "docker0")
    assert (inner, outer) == (4, 5)
    veth = host.interfaces()[-1]
    assert veth.display_name == "veth6484d0c@if4" and veth.master == "docker0"
    docker0 = host.interfaces()[2]
    assert docker0.carrier and docker0.ipv6 == ("fe80::42:c2ff:feb9:87b7/64",)


def test_indexes_never_reused_and_carrier_drops() -> None:
    """Removing a veth drops carrier; the next pair still takes fresh indexes."""
    host = Host(HostConfig(virbr0=False))
    host.add_bridge("docker0", "02:42:00:00:00:01", "172.17.0.1/16")
    _, outer = host.add_veth("veth0000001", "5a:00:00:00:00:01", "docker0")
    host.remove_veth(outer)
    assert not host.interfaces()[2].carrier
    assert host.add_veth("veth0000002", "5a:00:00:00:00:02", "docker0") == (6, 7)


def test_remove_bridge() -> None:
    """A removed network's bridge disappears from ip addr."""
    host = Host(HostConfig(virbr0=False))
    host.add_bridge("br-0123456789ab", "02:42:00:00:00:02", "172.18.0.1/16")
    host.remove_bridge("br-0123456789ab")
    assert names(host) == ["lo", "enp0s3"]


def test_loopback_model() -> None:
    """A container's lo: index 1, 127.0.0.1/8, mtu 65536."""
    assert (LOOPBACK.index, LOOPBACK.ipv4, LOOPBACK.mtu) == (1, ("127.0.0.1/8",), 65536)


def test_resolv_conf_is_plausible() -> None:
    """The host resolver default-bridge containers copy is a plain nameserver line."""
    assert HostConfig().resolv_conf.startswith("nameserver ")


def test_link_local_ipv6_matches_kernel() -> None:
    """EUI-64 link-local addresses as observed on docker0 and a veth end."""
    assert link_local_ipv6("02:42:c2:b9:87:b7") == "fe80::42:c2ff:feb9:87b7/64"
    assert link_local_ipv6("5a:ee:92:32:eb:ce") == "fe80::58ee:92ff:fe32:ebce/64"
