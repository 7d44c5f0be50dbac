"""The Engine API requests the engine backend sends for a ContainerSpec (no engine needed).

What the daemon checks is sent as the user typed it, so a real engine answers in its
own words: an ``--ip`` that is not an address, and endpoints on several networks
(API 1.41 refuses them; 1.44 and later attach the container to each).
"""

from __future__ import annotations

from docker import APIClient

from coursekit.backends.base import ContainerSpec
from coursekit.backends.engine.spec import create_kwargs, networking_config
from coursekit.models import NetworkMode

API = APIClient(base_url="unix:///nonexistent.sock", version="1.41")


def test_one_network_carries_ip_and_aliases_as_typed() -> None:
    """``--network lab --ip nonsense --network-alias www``: one endpoint, the text unchecked."""
    spec = ContainerSpec("busybox", network=NetworkMode.parse("lab"), networks=("lab",),
                         ip="nonsense", aliases=("www",))
    assert networking_config(API, spec) == {"EndpointsConfig": {"lab": {
        "Aliases": ["www"], "IPAMConfig": {"IPv4Address": "nonsense"}}}}


def test_no_endpoint_options_sends_no_networking_config() -> None:
    """A plain ``--network lab`` leaves the endpoint to the daemon (HostConfig only)."""
    spec = ContainerSpec("busybox", network=NetworkMode.parse("lab"), networks=("lab",))
    assert networking_config(API, spec) is None
    assert create_kwargs(API, spec, "1")["host_config"]["NetworkMode"] == "lab"


def test_several_networks_ask_for_an_endpoint_on_each() -> None:
    """``--network a --network b --ip 10.0.0.5``: both endpoints go to the engine, which
    decides; the options sit on the container's network (the first one named)."""
    spec = ContainerSpec("busybox", network=NetworkMode.parse("a"),
                         networks=("a", "b"), ip="10.0.0.5")
    assert networking_config(API, spec) == {"EndpointsConfig": {
        "a": {"IPAMConfig": {"IPv4Address": "10.0.0.5"}}, "b": {}}}
    assert create_kwargs(API, spec, "1")["host_config"]["NetworkMode"] == "a"


def test_run_options_go_where_the_cli_puts_them() -> None:
    """``-e``, ``--add-host``, ``--dns*`` into Config and HostConfig; ``--mac-address`` into
    the container's endpoint on API 1.44+ (none in container mode)."""
    from coursekit.models import RunOptions
    api = APIClient(base_url="unix:///nonexistent.sock", version="1.51")
    options = RunOptions(env=("FOO=bar", "NOSUCH"), extra_hosts=("gw:host-gateway",),
                         dns=("1.1.1.1",), dns_search=("lab.example",),
                         dns_options=("ndots:2",), mac_address="02:42:ac:11:00:09")
    kwargs = create_kwargs(api, ContainerSpec("busybox", options=options), "1")
    host = kwargs["host_config"]
    assert kwargs["environment"] == ["FOO=bar", "NOSUCH"]
    assert (host["ExtraHosts"], host["Dns"], host["DnsSearch"], host["DnsOptions"]) == (
        ["gw:host-gateway"], ["1.1.1.1"], ["lab.example"], ["ndots:2"])
    assert kwargs["networking_config"] == {"EndpointsConfig": {"bridge": {
        "MacAddress": "02:42:ac:11:00:09"}}}
    follower = ContainerSpec("busybox", network=NetworkMode.parse("container:db"),
                             options=RunOptions(mac_address="02:42:ac:11:00:09"))
    assert networking_config(api, follower) is None


def test_network_kwargs_carry_both_families() -> None:
    """--ipv6 --subnet 10.20.0.0/24 --subnet fd00:1::/64: two pools and EnableIPv6."""
    from coursekit.backends.base import NetworkSpec
    from coursekit.backends.engine.spec import network_kwargs
    spec = NetworkSpec("v64", subnet="10.20.0.0/24", ipv6=True, subnet6="fd00:1::/64",
                       gateway6="fd00:1::fe")
    kwargs = network_kwargs(spec, "lab")
    pools = kwargs["ipam"]["Config"]
    assert [p["Subnet"] for p in pools] == ["10.20.0.0/24", "fd00:1::/64"]
    assert pools[1]["Gateway"] == "fd00:1::fe" and kwargs["enable_ipv6"] is True


def test_child_links_are_told_from_veths() -> None:
    """busybox prints a macvlan child as eth0@if5; the network carrying its address says so."""
    from coursekit.backends.engine.iface import child_kinds, parse_ip_addr
    from coursekit.models import Container, Endpoint, Network
    text = ("2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue\n"
            "    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff\n"
            "    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\n")
    c = Container("c", "m1", "busybox", state="running", interfaces=parse_ip_addr(text),
                  endpoints=(Endpoint("n", "mv", ip="172.18.0.2", prefixlen=16),))
    (fixed,) = child_kinds((c,), (Network("n", "mv", "macvlan"),))
    assert [i.kind for i in c.interfaces] == ["veth"]
    assert [i.kind for i in fixed.interfaces] == ["macvlan"]
