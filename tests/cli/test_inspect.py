"""``docker inspect`` / ``docker network inspect`` documents match what each engine sends.

Every recorded document (tests/cli/data/engine_observed*.json, engines 20.10 and 28.5) is
decoded with its engine's shape, re-encoded in that shape and compared character for
character; the hand-built models below pin the 20.10 documents the tutorial quotes and
the fields where 28.5's documents differ."""
# ruff: noqa: E501  (observed JSON lines are as long as the engine printed them)

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from coursekit.cli.render.inspect import container_json, network_json
from coursekit.cli.render.text import dump_json
from coursekit.models import Container, Endpoint, Network, NetworkMember, NetworkMode
from coursekit.wire import ENGINE_28_5
from tests.cli.observed import (
    container_model,
    each,
    network_model,
    observed,
    shape,
    with_derived,
)

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
                     "02:42:ac:12:00:04", aliases=("fa145984baf7",), connected=True),
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


@pytest.mark.parametrize(("engine", "name"), each("containers"))
def test_every_observed_container_document(engine: str, name: str) -> None:
    """Default bridge, user network, host, none, container mode, -p, --ip, --rm -it, created,
    exited, stopped, failed start, aliases: each document equals its engine's."""
    doc = observed(engine)["containers"][name]
    mine = container_json(container_model(doc, engine), shape(engine))
    assert dump_json([mine]) == dump_json([with_derived(doc, mine)])


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


@pytest.mark.parametrize(("engine", "name"), each("networks"))
def test_every_observed_network_document(engine: str, name: str) -> None:
    """bridge, host, none, and user networks with --subnet/--gateway/--ip-range/labels/options."""
    doc = observed(engine)["networks"][name]
    mine = network_json(network_model(doc, engine), shape(engine))
    assert dump_json([mine]) == json.dumps([doc], indent=4) + "\n"


# ------------------------------------------------------------------ engine 28.5

U1_28 = "8fc97537203bd6b915515791dcc730f476ddd24ceb95c070e9adf63758025d18"
BRIDGE_28 = "b58d5911e957dd8a9d654ce1846a7aa9c742c6f4a1acd3eb6448c5ae00e36487"
HR3NET_28 = "29645902f7de502f41275534abbca9aa787828a746f71ba6dec0f5377b01c100"


def _u1_28() -> Container:
    """hr3u1 on engine 28.5: NetworkMode ``bridge`` (20.10: ``default``), random MACs,
    ``DNSNames`` (not the short-id alias) on hr3net."""
    return Container(
        id=U1_28, name="hr3u1", image="busybox", command=("sleep", "1d"),
        network_mode=NetworkMode("bridge"),
        created="2026-12-01T21:48:17.139197369Z", state="running",
        started_at="2026-12-01T21:48:17.194127139Z", hostname="8fc97537203b",
        endpoints=(
            Endpoint(BRIDGE_28, "bridge",
                     "fbb8f476fa02cc04ea5e8b911ee9ac35c206767cac74f13be0dccc221e7ecd58",
                     "172.17.0.2", 16, "172.17.0.1", "72:2b:c9:21:ae:45"),
            Endpoint(HR3NET_28, "hr3net",
                     "e46f0e225093779bd25dc40393fa089de25c6991103c4f353b14ec41687b36b7",
                     "172.18.0.4", 16, "172.18.0.1", "42:99:c1:c8:66:c9",
                     dns_names=("hr3u1", "8fc97537203b"), connected=True),
        ),
        image_id="sha256:46de3a2aa567efcc72fb8053945822117f74030d93a3cc346ed54ceea9112084")


def test_hand_built_container_matches_engine_28_5() -> None:
    """In 28.5's shape: ConsoleSize after VolumesFrom, no KernelMemory, two more masked
    paths, GraphDriver.Data.ID, SandboxKey and Ports after SandboxID, endpoints with
    GwPriority and DNSNames, ``Aliases: []`` on the connected network."""
    doc = observed("28.5")["containers"]["hr3u1"]
    mine = container_json(_u1_28(), ENGINE_28_5)
    assert dump_json([mine]) == dump_json([with_derived(doc, mine)])
    assert next(iter(mine["GraphDriver"]["Data"].items())) == ("ID", U1_28)
    nets = mine["NetworkSettings"]["Networks"]
    assert (nets["bridge"]["Aliases"], nets["hr3net"]["Aliases"]) == (None, [])
    assert (nets["bridge"]["DNSNames"], nets["hr3net"]["DNSNames"]) == (None, ["hr3u1", "8fc97537203b"])


def test_the_same_model_in_20_10s_shape_has_its_keys() -> None:
    """The model decides values, the shape keys: 20.10 has no GwPriority/DNSNames/ID."""
    doc = container_json(_u1_28())
    assert list(doc["HostConfig"]).index("ConsoleSize") == list(doc["HostConfig"]).index("Runtime") + 1
    assert "KernelMemory" in doc["HostConfig"] and "/proc/interrupts" not in doc["HostConfig"]["MaskedPaths"]
    assert "ID" not in doc["GraphDriver"]["Data"]
    assert set(doc["NetworkSettings"]["Networks"]["hr3net"]) >= {"MacAddress", "DriverOpts"}
    assert not {"GwPriority", "DNSNames"} & set(doc["NetworkSettings"]["Networks"]["hr3net"])
    assert doc["NetworkSettings"]["Networks"]["hr3net"]["Aliases"] == []


@pytest.mark.parametrize(("engine", "paths", "sandboxed"), [
    ("20.10", ["ResolvConfPath", "HostsPath"], True),
    ("28.5", ["ResolvConfPath", "HostnamePath", "HostsPath", "LogPath"], False),
])
def test_failed_start_keeps_paths_and_sandbox_as_each_engine(engine: str, paths: list[str],
                                                             sandboxed: bool) -> None:
    """A port clash (hr3x1): 20.10 keeps two file paths and the sandbox, 28.5 all four
    paths and no sandbox."""
    doc = container_json(container_model(observed(engine)["containers"]["hr3x1"], engine),
                         shape(engine))
    kept = [key for key in ("ResolvConfPath", "HostnamePath", "HostsPath", "LogPath") if doc[key]]
    assert kept == paths
    assert bool(doc["NetworkSettings"]["SandboxID"]) is sandboxed


@pytest.mark.parametrize(("engine", "sandboxed"), [("20.10", True), ("28.5", False)])
def test_exited_container_sandbox(engine: str, sandboxed: bool) -> None:
    """An exited container (hr3a1): 20.10 keeps its SandboxID and SandboxKey, 28.5 shows ""."""
    c = replace(_u1_28(), state="exited", finished_at="2026-12-01T21:49:00Z",
                endpoints=(Endpoint(BRIDGE_28, "bridge"),))
    settings = container_json(c, shape(engine))["NetworkSettings"]
    assert bool(settings["SandboxID"]) is sandboxed and bool(settings["SandboxKey"]) is sandboxed


def test_networks_in_28_5s_shape() -> None:
    """28.5: ``EnableIPv4: true`` before EnableIPv6; host and none have ``Config: null``;
    the default bridge's Gateway is listed when the model says the engine shows it."""
    bridge = Network(id=BRIDGE_28, name="bridge", driver="bridge", subnet="172.17.0.0/16",
                     gateway="172.17.0.1")
    doc = network_json(bridge, ENGINE_28_5)
    assert list(doc)[4:7] == ["Driver", "EnableIPv4", "EnableIPv6"] and doc["EnableIPv4"] is True
    assert doc["IPAM"] == observed("28.5")["networks"]["bridge"]["IPAM"]
    for name, driver in (("host", "host"), ("none", "null")):
        ipam = network_json(Network(id="0" * 64, name=name, driver=driver), ENGINE_28_5)["IPAM"]
        assert ipam == {"Driver": "default", "Options": None, "Config": None}
    assert "EnableIPv4" not in network_json(bridge)


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
