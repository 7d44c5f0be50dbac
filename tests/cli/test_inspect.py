"""``docker inspect`` / ``docker network inspect`` documents match what engine 20.10 sends."""
# ruff: noqa: E501  (observed JSON lines are as long as the engine printed them)

from __future__ import annotations

import json
from typing import Any

import pytest

from coursekit.cli.render.inspect import container_json, network_json
from coursekit.cli.render.text import dump_json
from coursekit.models import Container, Endpoint, Network, NetworkMember
from tests.cli.observed import container_model, network_model, observed, with_derived

BRIDGE_ID = "bc45c8aeeb25572f4d280426a3f2a52059afce0a7d4511c01fd5d8fd24bb415c"
HR3NET_ID = "980b925e286398267e0cc100248d4d999cd31d5858672c5303c6ac92ea87530e"
U1 = "fa145984baf7e8d673e86ae6527e3ed7c959f09efe993a95e11872101b042742"
L1 = "6c6907133abc2ce12b2ca9921ed8e5378a875b623340b302531387fa313cbc23"
EP_U1_BRIDGE = "b630dc433421664bcd4aae2eaa6c6538479f4d2a0f4be8d9e13da62bcc53dd5d"
EP_U1_HR3NET = "3e16af23a4b31a393fcc076c0c8f19cf34013f179dfeb86e76dad499574b9a5b"
IMAGE = "sha256:0f1edbb0a45998043c433cc91128db618651e9e8217c7585cd75b4e3d48725e7"


def _u1() -> Container:
    """hr3u1: ``docker run -d --name hr3u1 busybox sleep 1d``, then connected to hr3net."""
    return Container(
        id=U1, name="hr3u1", image="busybox", command=("sleep", "1d"),
        created="2026-11-27T17:20:50.404577171Z", state="running",
        started_at="2026-11-27T17:20:50.697619464Z", hostname="fa145984baf7",
        endpoints=(
            Endpoint(BRIDGE_ID, "bridge", EP_U1_BRIDGE, "172.17.0.6", 16, "172.17.0.1",
                     "02:42:ac:11:00:06"),
            Endpoint(HR3NET_ID, "hr3net", EP_U1_HR3NET, "172.18.0.4", 16, "172.18.0.1",
                     "02:42:ac:12:00:04", aliases=("fa145984baf7",)),
        ),
        image_id=IMAGE)


def _l1() -> Container:
    """hr3l1: ``docker run -d --name hr3l1 --link hr3u1:uu busybox sleep 1d``."""
    return Container(
        id=L1, name="hr3l1", image="busybox", command=("sleep", "1d"),
        created="2026-11-27T17:20:52.314235813Z", state="running",
        started_at="2026-11-27T17:20:52.692482095Z", hostname="6c6907133abc", links=("hr3u1:uu",),
        endpoints=(Endpoint(BRIDGE_ID, "bridge",
                            "c3a220b71df4e438dcc298ae64919697f525c780b6d446724c30f378d0f689ca",
                            "172.17.0.8", 16, "172.17.0.1", "02:42:ac:11:00:08"),),
        image_id=IMAGE)


def _engine(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = observed()["containers"][name]
    return doc


def test_hand_built_container_matches_the_engine_document() -> None:
    """On the default bridge, later connected to a user network: the engine's document."""
    mine = container_json(_u1())
    assert mine == with_derived(_engine("hr3u1"), mine)


def test_key_order_is_the_engines() -> None:
    """Keys come in the engine's order, not sorted (Id first, NetworkSettings last)."""
    mine = container_json(_u1())
    assert list(mine) == list(_engine("hr3u1"))
    assert list(mine["NetworkSettings"]) == list(_engine("hr3u1")["NetworkSettings"])


def test_tail_of_inspect_is_exactly_the_engines() -> None:
    """``docker inspect hr3l1 | tail -n 20``, the tutorial's command, character for character."""
    tail = dump_json([container_json(_l1())]).splitlines()[-20:]
    assert "\n".join(tail) == TAIL_L1


def test_link_is_shown_with_both_names() -> None:
    """``--link hr3u1:uu`` appears as ``/hr3u1:/hr3l1/uu`` in HostConfig.Links."""
    mine = container_json(_l1())
    assert mine["HostConfig"]["Links"] == ["/hr3u1:/hr3l1/uu"]
    assert mine == with_derived(_engine("hr3l1"), mine)


@pytest.mark.parametrize("name", sorted(observed()["containers"]))
def test_every_observed_container_document(name: str) -> None:
    """Default bridge, user network, host, none, container mode, -p, --ip, --rm -it, created,
    exited, stopped, failed start, aliases: each document equals the engine's."""
    mine = container_json(container_model(_engine(name)))
    assert dump_json([mine]) == dump_json([with_derived(_engine(name), mine)])


def test_container_mode_borrows_the_owners_files_and_has_no_sandbox() -> None:
    """``--network container:hr3u1`` shows the owner's resolv.conf, empty sandbox, no networks."""
    doc = container_json(container_model(_engine("hr3c1")))
    assert doc["ResolvConfPath"] == f"/var/lib/docker/containers/{U1}/resolv.conf"
    assert doc["NetworkSettings"]["SandboxKey"] == ""
    assert doc["NetworkSettings"]["Networks"] == {}


def test_never_started_container_has_no_paths_and_no_network_id() -> None:
    """``docker create``: empty file paths, NetworkID and sandbox."""
    doc = container_json(container_model(_engine("hr3k1")))
    assert doc["HostsPath"] == "" and doc["LogPath"] == ""
    assert doc["NetworkSettings"]["Networks"]["bridge"]["NetworkID"] == ""
    assert doc["NetworkSettings"]["SandboxID"] == ""


def test_derived_values_are_stable() -> None:
    """Paths, SandboxID and Pid come from the id: the same model gives the same document."""
    assert dump_json([container_json(_u1())]) == dump_json([container_json(_u1())])
    assert container_json(_u1())["NetworkSettings"]["SandboxKey"].startswith(
        "/var/run/docker/netns/")


# ------------------------------------------------------------------ networks


def _hr3net() -> Network:
    return Network(
        id=HR3NET_ID, name="hr3net", driver="bridge", created="2026-11-27T17:20:35.429154082Z",
        subnet="172.18.0.0/16", gateway="172.18.0.1", bridge="br-980b925e2863",
        members=tuple(NetworkMember(cid, m["Name"], m["EndpointID"], m["MacAddress"],
                                    m["IPv4Address"])
                      for cid, m in observed()["networks"]["hr3net"]["Containers"].items()))


def test_hand_built_network_matches_the_engine() -> None:
    """A user network with members: same keys, order and values as the engine's."""
    text = dump_json([network_json(_hr3net())])
    assert text == json.dumps([observed()["networks"]["hr3net"]], indent=4) + "\n"


def test_default_bridge_shows_subnet_only_and_null_ipam_options() -> None:
    """On a fresh 20.10 daemon the default bridge's IPAM Config has no Gateway, Options null."""
    bridge = Network(id=BRIDGE_ID, name="bridge", driver="bridge", subnet="172.17.0.0/16",
                     gateway="172.17.0.1", ipam_gateway_shown=False)
    ipam = network_json(bridge)["IPAM"]
    assert ipam == {"Driver": "default", "Options": None, "Config": [{"Subnet": "172.17.0.0/16"}]}


def test_host_and_none_have_empty_ipam_config() -> None:
    """host and none: ``"Config": []``."""
    for name, driver in (("host", "host"), ("none", "null")):
        ipam = network_json(Network(id="0" * 64, name=name, driver=driver))["IPAM"]
        assert ipam["Config"] == [] and ipam["Options"] is None


@pytest.mark.parametrize("name", sorted(observed()["networks"]))
def test_every_observed_network_document(name: str) -> None:
    """bridge, host, none, and user networks with --subnet/--gateway/--ip-range/labels/options."""
    doc = observed()["networks"][name]
    assert dump_json([network_json(network_model(doc))]) == json.dumps([doc], indent=4) + "\n"


TAIL_L1 = """\
            "Networks": {
                "bridge": {
                    "IPAMConfig": null,
                    "Links": null,
                    "Aliases": null,
                    "NetworkID": "bc45c8aeeb25572f4d280426a3f2a52059afce0a7d4511c01fd5d8fd24bb415c",
                    "EndpointID": "c3a220b71df4e438dcc298ae64919697f525c780b6d446724c30f378d0f689ca",
                    "Gateway": "172.17.0.1",
                    "IPAddress": "172.17.0.8",
                    "IPPrefixLen": 16,
                    "IPv6Gateway": "",
                    "GlobalIPv6Address": "",
                    "GlobalIPv6PrefixLen": 0,
                    "MacAddress": "02:42:ac:11:00:08",
                    "DriverOpts": null
                }
            }
        }
    }
]"""
