"""A ``docker network connect`` that fails, and a start that fails at a later endpoint: what
each engine keeps (observed on 28.5.2 and 20.10.24 with their CLIs, through inspect and
``GET /containers/json``; tests/scenarios/25-failed-connect.txt holds the lines both
engines replay)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from coursekit.backends.sim import SimBackend
from coursekit.cli import run_line
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5, EngineProfile
from coursekit.wire.summary import encode_summary

BOTH = pytest.mark.parametrize("profile", [ENGINE_28_5, ENGINE_20_10], ids=["28.5", "20.10"])
FAILED_START = {ENGINE_28_5: "failed to set up container networking: ", ENGINE_20_10: ""}


def lab(profile: EngineProfile, *lines: str) -> SimBackend:
    backend = SimBackend(seed=0, profile=profile)
    for line in ("docker network create --ipv6 --subnet 172.30.0.0/16 --subnet fd00:30::/64 "
                 "lab", "docker run -d --name holder --network lab --ip 172.30.0.9 busybox "
                 "sleep 1d", *lines):
        run_line(backend, line)
    return backend


def sh(backend: SimBackend, line: str) -> tuple[str, str, int]:
    done = run_line(backend, line)
    return done.stdout, done.stderr, done.exit_code


def listed(backend: SimBackend, name: str) -> dict[str, Any]:
    """The container's networks as ``GET /containers/json`` shows them."""
    doc = encode_summary(backend.container(name), datetime.now(UTC),
                         shape=backend.profile().shape)
    return dict(doc["NetworkSettings"]["Networks"])


@BOTH
def test_a_running_containers_failed_connect_stays_in_inspect_only(profile: EngineProfile
                                                                    ) -> None:
    backend = lab(profile, "docker run -d --name c1 busybox sleep 1d")
    assert sh(backend, "docker network connect --ip 172.30.0.9 lab c1") == (
        "", "Error response from daemon: Address already in use\n", 1)
    kept = sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab.IPAMConfig}} "
                       "{{.NetworkSettings.Networks.lab.EndpointID}}|' c1")
    assert kept == ('{"IPv4Address":"172.30.0.9"} |\n', "", 0)
    assert sorted(listed(backend, "c1")) == ["bridge"]
    assert sh(backend, "docker ps -f name=c1 --format '{{.Networks}}'")[0] == "bridge\n"
    assert sh(backend, "docker network inspect -f '{{len .Containers}}' lab")[0] == "1\n"
    c1 = backend.container("c1").id
    assert sh(backend, "docker network disconnect lab c1") == (
        "", f"Error response from daemon: container {c1} is not connected to network lab\n", 1)
    run_line(backend, "docker run -d --name holder2 --network lab --ip 172.30.0.8 busybox sleep 1d")
    assert sh(backend, "docker network connect --ip 172.30.0.8 lab c1")[2] == 1
    assert sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab.IPAMConfig}}' "
                       "c1")[0] == '{"IPv4Address":"172.30.0.9"}\n'  # the first one stays


@BOTH
def test_they_become_a_network_at_the_stop_and_the_next_start_tries_them(
        profile: EngineProfile) -> None:
    backend = lab(profile, "docker run -d --name c1 busybox sleep 1d",
                  "docker network connect --ip 172.30.0.9 lab c1", "docker stop -t 0 c1")
    assert sorted(listed(backend, "c1")) == ["bridge", "lab"]
    failed = sh(backend, "docker start c1")
    reason = FAILED_START[profile] + "Address already in use"
    assert failed == ("", f"Error response from daemon: {reason}\n"
                          "Error: failed to start containers: c1\n", 1)
    state = sh(backend, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} "
                        "{{.State.Error}}' c1")
    assert state[0] == f"exited 137 {reason}\n"  # the last run's exit code is kept
    run_line(backend, "docker rm -f holder")
    assert sh(backend, "docker start c1")[2] == 0
    assert backend.container("c1").endpoint("lab").ip == "172.30.0.9"


@BOTH
def test_a_later_connect_that_works_replaces_them(profile: EngineProfile) -> None:
    backend = lab(profile, "docker run -d --name c1 busybox sleep 1d",
                  "docker network connect --ip 172.30.0.9 lab c1")
    assert sh(backend, "docker network connect lab c1")[2] == 0
    shown = sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab.IPAMConfig}} "
                        "{{.NetworkSettings.Networks.lab.IPAddress}}' c1")
    assert shown[0] == "{} 172.30.0.2\n"
    assert sorted(listed(backend, "c1")) == ["bridge", "lab"]


def test_20_10_reads_ip6_when_it_makes_the_endpoint() -> None:
    """A running container keeps the settings of its failed connect; a stopped one is
    connected with them, and its start fails there (the default bridge joined first: the
    list keeps it, with its gateway, and inspect its sandbox)."""
    backend = lab(ENGINE_20_10, "docker run -d --name c4 busybox sleep 1d",
                  "docker create --name c3 busybox sleep 1d")
    bad = "Error response from daemon: Invalid IPv6 address: bad)\n"
    assert sh(backend, "docker network connect --ip6 bad lab c4") == ("", bad, 1)
    assert sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab.IPAMConfig}}' "
                       "c4")[0] == '{"IPv6Address":"bad"}\n'
    assert sh(backend, "docker network connect --ip6 bad lab c3") == ("", "", 0)
    assert sh(backend, "docker start c3") == (
        "", bad + "Error: failed to start containers: c3\n", 1)
    assert sh(backend, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' c3")[0] == (
        "created 128\n")
    joined = listed(backend, "c3")
    assert (joined["bridge"]["IPAddress"], joined["bridge"]["Gateway"]) == ("172.17.0.3",
                                                                            "172.17.0.1")
    assert joined["lab"]["EndpointID"] == ""
    assert sh(backend, "docker inspect -f '{{.NetworkSettings.SandboxKey}}' c3")[0] != "\n"


def test_28_5_refuses_a_bad_ip6_at_once_and_keeps_nothing() -> None:
    backend = lab(ENGINE_28_5, "docker run -d --name c4 busybox sleep 1d",
                  "docker create --name c3 busybox sleep 1d")
    refusal = ("Error response from daemon: invalid endpoint settings:\n* invalid IPv6 "
               "address: bad\n* no configured subnet or ip-range contain the IP address bad\n")
    for name in ("c4", "c3"):
        assert sh(backend, f"docker network connect --ip6 bad lab {name}") == ("", refusal, 1)
        assert [ep.network_name for ep in backend.container(name).endpoints] == ["bridge"]
    assert sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab}}' c4")[0] == (
        "null\n")


@BOTH
def test_a_stopped_container_connected_again_keeps_its_first_settings(
        profile: EngineProfile) -> None:
    backend = lab(profile, "docker create --name c2 --network lab busybox sleep 1d")
    assert sh(backend, "docker network connect --ip 172.30.0.20 --alias w lab c2") == (
        "", "", 0)
    assert sh(backend, "docker inspect -f '{{json .NetworkSettings.Networks.lab.IPAMConfig}} "
                       "{{json .NetworkSettings.Networks.lab.Aliases}}' c2")[0] == "null null\n"
    refused = sh(backend, "docker network connect --alias x bridge c2")
    assert refused[2] == 1 and "network-scoped alias" in refused[1]  # still checked first
