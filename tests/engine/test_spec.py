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
    """``--network b --network a --ip 10.0.0.5``: both endpoints go to the engine, which
    decides; the options sit on the container's network (the last one named)."""
    spec = ContainerSpec("busybox", network=NetworkMode.parse("a"),
                         networks=("b", "a"), ip="10.0.0.5")
    assert networking_config(API, spec) == {"EndpointsConfig": {
        "b": {}, "a": {"IPAMConfig": {"IPv4Address": "10.0.0.5"}}}}
    assert create_kwargs(API, spec, "1")["host_config"]["NetworkMode"] == "a"
